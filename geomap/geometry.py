"""Distances on the sphere (mean Earth radius 6371.0088 km, as geopy's great_circle).

Kept in one small module so that resolution (spatial coherence), itinerary
(leg lengths) and rendering (great-circle arcs) share one definition.

>>> round(distance_km((43.115, 131.885), (50.55, 137.01)))
914
"""

from __future__ import annotations

import math
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (geopy's great_circle, without importing
    geopy, whose package import alone costs a tenth of a second at every command's start)."""
    return haversine_km(a[0], a[1], b[0], b[1])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same distance from four numbers, for the resolver's inner loop."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


class PointGrid:
    """Points with a payload, filed in one-degree cells, so that "what lies within d km of here" looks at the
    cells around a point instead of every point (a long article names thousands of places).

    ``near`` returns every point that can lie within ``km`` (and some that do not): the caller keeps its own
    exact test, so a result is the same as a scan of all points, in the order the points were added.

    >>> grid = PointGrid()
    >>> grid.add(43.115, 131.885, "Vladivostok"); grid.add(50.55, 137.01, "Komsomolsk")
    >>> [name for lat, lon, name in grid.near(43.0, 132.0, 50)]
    ['Vladivostok']
    """

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[int, float, float, object]]] = {}
        self._count = 0

    def add(self, lat: float, lon: float, payload: object) -> None:
        cell = (math.floor(lat), _lon_cell(math.floor(lon)))
        self._cells.setdefault(cell, []).append((self._count, lat, lon, payload))
        self._count += 1

    def near(self, lat: float, lon: float, km: float) -> list[tuple[float, float, object]]:
        reach = km / EARTH_RADIUS_KM  # radians of arc
        dlat = math.degrees(reach) * 1.001 + 1e-9
        rows = range(math.floor(lat - dlat), math.floor(lat + dlat) + 1)
        if abs(math.radians(lat)) + reach * 1.001 >= math.pi / 2:
            columns: range | list[int] = range(-180, 180)  # the circle holds a pole: every longitude
        else:
            dlon = math.degrees(math.asin(min(1.0, math.sin(reach) / math.cos(math.radians(lat))))) * 1.001 + 1e-9
            first, last = math.floor(lon - dlon), math.floor(lon + dlon)
            columns = (
                range(-180, 180) if last - first >= 359 else sorted({_lon_cell(c) for c in range(first, last + 1)})
            )
        hits = [point for row in rows for column in columns for point in self._cells.get((row, column), ())]
        hits.sort()
        return [(lat_, lon_, payload) for _, lat_, lon_, payload in hits]


def _lon_cell(column: int) -> int:
    """A one-degree column of longitude in [-180, 180): 180 and -180 are one meridian."""
    return (column + 180) % 360 - 180
