"""Distances on the sphere (mean Earth radius 6371.0088 km, as geopy's great_circle).

Kept in one small module so that resolution (spatial coherence), itinerary
(leg lengths) and rendering (great-circle arcs) share one definition.

>>> round(distance_km((43.115, 131.885), (50.55, 137.01)))
914
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (geopy's great_circle, without importing
    geopy, whose package import alone costs a tenth of a second at every command's start)."""
    return haversine_km(a[0], a[1], b[0], b[1])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same distance from four numbers, for the resolver's inner loop."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371.0088 * asin(min(1.0, sqrt(h)))
