"""The itinerary as RFC 7946 GeoJSON: stops as points, legs as lines, context places as points.

Coordinates are [longitude, latitude] as the RFC requires; a flight leg that
crosses the antimeridian is split into a MultiLineString (RFC 7946 §3.1.9).
"""

from __future__ import annotations

from typing import Any

from .model import Itinerary
from .render import leg_path


def _split_antimeridian(path: list[list[float]]) -> list[list[list[float]]]:
    parts: list[list[list[float]]] = [[]]
    for lat, lon in path:
        wrapped = (lon + 180) % 360 - 180
        if parts[-1] and abs(wrapped - parts[-1][-1][0]) > 180:
            parts.append([])
        parts[-1].append([round(wrapped, 5), round(lat, 5)])
    return parts


def itinerary_to_geojson(trip: Itinerary) -> dict[str, Any]:
    """A FeatureCollection of the trip.

    >>> from geomap.model import Place, Stop
    >>> trip = Itinerary("X", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37)), Stop(2, Place("x:2", "Tomsk", 56.5, 84.97))])
    >>> [f["geometry"]["type"] for f in itinerary_to_geojson(trip)["features"]]
    ['Point', 'Point', 'LineString']
    """
    features: list[dict[str, Any]] = []
    for s in trip.stops:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(s.place.lon, 5), round(s.place.lat, 5)]},
            "properties": {"feature": "stop", "order": s.order, "name": s.place.name, "country": s.place.country or None,
                           "kind": s.place.kind, "role": s.role, "mode": s.mode, "when": s.when, "inferred": s.inferred,
                           "evidence": list(s.evidence), "id": s.place.id},
        })
    for a, b in zip(trip.stops, trip.stops[1:]):
        parts = _split_antimeridian(leg_path(a, b))
        geometry = ({"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiLineString", "coordinates": parts})
        features.append({
            "type": "Feature", "geometry": geometry,
            "properties": {"feature": "leg", "from": a.order, "to": b.order, "mode": b.mode,
                           "inferred": a.inferred or b.inferred},
        })
    for c in trip.context:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(c.place.lon, 5), round(c.place.lat, 5)]},
            "properties": {"feature": "context", "name": c.place.name, "kind": c.place.kind, "reason": c.reason},
        })
    return {"type": "FeatureCollection", "features": features}
