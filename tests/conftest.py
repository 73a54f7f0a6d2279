"""Shared fixtures: a real gazetteer built once per machine, and a tiny one built from rows we wrote.

The real gazetteer is the one users get (GeoNames data from installed
packages plus our curated layers); it is built into the user cache on first
use, or taken from $GEOMAP_GAZETTEER. The tiny one lives in a temporary
folder and holds a handful of records written here, for tests of the store itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.gazetteer.build import write_records
from geomap.gazetteer.layers import Record
from geomap.gazetteer.store import ABBREVIATION, DEMONYM, PRIMARY, close_all, open_gazetteer
from geomap.pipeline import default_gazetteer

DATA = Path(__file__).parent / "data"
TRIPS = DATA / "trips"


@pytest.fixture(scope="session")
def gazetteer():
    return default_gazetteer()


TINY_RECORDS = [
    Record("t:omsk", "Omsk", "city", 54.99, 73.37, "RU", "54", 1_100_000, 0.75, "test", (("Omsk", PRIMARY),)),
    Record("t:tomsk", "Tomsk", "city", 56.50, 84.97, "RU", "75", 570_000, 0.7, "test", (("Tomsk", PRIMARY),)),
    Record(
        "t:ru",
        "Russia",
        "country",
        60.0,
        100.0,
        "RU",
        "",
        144_000_000,
        1.0,
        "test",
        (("Russia", PRIMARY), ("Russian", DEMONYM), ("RF", ABBREVIATION)),
    ),
    Record(
        "t:vostochny",
        "Vostochny Cosmodrome",
        "spaceport",
        51.884,
        128.334,
        "RU",
        "05",
        0,
        0.7,
        "test",
        (("Vostochny Cosmodrome", PRIMARY), ("Vostochny", 0)),
    ),
    Record("t:village", "Vostochnyy", "city", 55.82, 37.87, "RU", "48", 900, 0.3, "test", (("Vostochnyy", PRIMARY),)),
]


@pytest.fixture(scope="session")
def tiny_gazetteer_path(tmp_path_factory) -> Path:
    return write_records(tmp_path_factory.mktemp("gaz") / "tiny.sqlite", TINY_RECORDS)


@pytest.fixture
def tiny_gazetteer(tiny_gazetteer_path):
    return open_gazetteer(tiny_gazetteer_path)


@pytest.fixture(autouse=True, scope="session")
def _close_connections():
    yield
    close_all()


def trip_text(name: str) -> str:
    return (TRIPS / f"{name}.txt").read_text(encoding="utf-8")
