"""The offline gazetteer as one more geopy backend, so code written for Nominatim works with no network.

Like geopy's own backends (photon.py), the class only builds the query and
parses rows: :func:`_row_to_location` plays the part of ``_parse_resource``.
There is no HTTP here; the "service" is the local SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geomap.gazetteer.store import Gazetteer, open_gazetteer
from geomap.model import Place


def _row_to_location(place: Place) -> Location:
    """A geopy Location for a gazetteer place; ``raw`` keeps every field of the record."""
    address = ", ".join(part for part in (place.name, place.country) if part)
    raw = {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "admin1": place.admin1,
        "population": place.population,
        "layer": place.layer,
    }
    return Location(address, Point(place.lat, place.lon), raw)


class LocalGazetteer(Geocoder):
    """geomap's gazetteer behind geopy's ``Geocoder`` face.

    >>> from geomap import LocalGazetteer
    >>> LocalGazetteer().geocode("Vladivostok").raw["country"]
    'RU'
    """

    def __init__(self, path: str | Path | None = None, *, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(scheme="https", timeout=1, proxies={}, user_agent="geomap-offline")
        if gazetteer is None:
            from geomap.gazetteer.default import default_gazetteer

            gazetteer = default_gazetteer(path) if path is None else open_gazetteer(path)
        self.gazetteer = gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int = 10, timeout=None):
        """Places named ``query``, most important first: one Location, a list, or None."""
        places = self.gazetteer.lookup(str(query), limit=1 if exactly_one else limit)
        if not places:
            return None
        locations = [_row_to_location(p) for p in places]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, limit: int = 10, radius_km: float = 100.0, timeout=None):
        """The nearest places to a point ``(lat, lon)`` (or a geopy Point) within ``radius_km``."""
        point = Point(query)
        places = self.gazetteer.nearest(
            point.latitude, point.longitude, limit=1 if exactly_one else limit, radius_km=radius_km
        )
        if not places:
            return None
        locations = [_row_to_location(p) for p in places]
        return locations[0] if exactly_one else locations
