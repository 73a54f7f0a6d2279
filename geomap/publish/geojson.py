"""The itinerary as RFC 7946 GeoJSON: stops as points, legs as lines, context places as points.

Coordinates are [longitude, latitude] as the RFC requires; a leg that crosses
the antimeridian is cut there into a MultiLineString (RFC 7946 §3.1.9).
"""

from __future__ import annotations

import math
from typing import Any

from shapely import affinity
from shapely.geometry import LineString, box

from geomap.model import Itinerary
from geomap.publish.page import leg_path


def leg_geometry(path: list[list[float]]) -> dict[str, Any]:
    """A leg's GeoJSON geometry from its (lat, lon) points, whose longitudes may run past 180.

    shapely cuts the line at each antimeridian it crosses (the cut point is on the
    line) and shifts each piece back into -180..180.

    >>> leg_geometry([[60.0, 170.0], [60.0, 190.0]])["type"]
    'MultiLineString'
    """
    line = LineString([(lon, lat) for lat, lon in path])
    west, _, east, _ = line.bounds
    pieces = []
    for k in range(math.floor((west + 180) / 360), math.floor((east + 180) / 360) + 1):
        part = line.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if part.is_empty:
            continue
        part = affinity.translate(part, xoff=-360 * k)
        pieces += [g for g in getattr(part, "geoms", [part]) if g.geom_type == "LineString" and g.length > 0]
    coords = [[[round(x, 5), round(y, 5)] for x, y in piece.coords] for piece in pieces]
    if len(coords) == 1:
        return {"type": "LineString", "coordinates": coords[0]}
    return {"type": "MultiLineString", "coordinates": coords}


def itinerary_to_geojson(trip: Itinerary) -> dict[str, Any]:
    """A FeatureCollection of the trip.

    >>> from geomap.model import Place, Stop
    >>> trip = Itinerary("X", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37)), Stop(2, Place("x:2", "Tomsk", 56.5, 84.97))])
    >>> [f["geometry"]["type"] for f in itinerary_to_geojson(trip)["features"]]
    ['Point', 'Point', 'LineString']
    """
    features: list[dict[str, Any]] = []
    for s in trip.stops:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(s.place.lon, 5), round(s.place.lat, 5)]},
                "properties": {
                    "feature": "stop",
                    "order": s.order,
                    "name": s.place.name,
                    "country": s.place.country or None,
                    "kind": s.place.kind,
                    "role": s.role,
                    "mode": s.mode,
                    "when": s.when,
                    "inferred": s.inferred,
                    "evidence": list(s.evidence),
                    "id": s.place.id,
                },
            }
        )
    for a, b in zip(trip.stops, trip.stops[1:]):
        geometry = leg_geometry(leg_path(a, b))
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "feature": "leg",
                    "from": a.order,
                    "to": b.order,
                    "mode": b.mode,
                    "inferred": a.inferred or b.inferred,
                },
            }
        )
    for c in trip.context:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(c.place.lon, 5), round(c.place.lat, 5)]},
                "properties": {"feature": "context", "name": c.place.name, "kind": c.place.kind, "reason": c.reason},
            }
        )
    return {"type": "FeatureCollection", "features": features}
