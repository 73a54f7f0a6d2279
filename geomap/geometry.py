"""Distances and curves on the sphere, delegated to geopy and shapely.

Kept in one small module so that resolution (spatial coherence), itinerary
(leg lengths) and rendering (great-circle arcs) share one definition.

>>> round(distance_km((43.115, 131.885), (50.55, 137.01)))
914
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from geopy.distance import great_circle


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    return great_circle(a, b).km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same distance as :func:`distance_km`, in plain math for the resolver's inner loop,
    where geopy's object construction would cost more than the rest of the scoring."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371.0088 * asin(min(1.0, sqrt(h)))
