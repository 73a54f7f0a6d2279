"""The decoded basemap is kept in the user's cache folder and read back exactly; a damaged or missing cache, or a
folder that cannot be written, falls back to decoding the packaged data."""

import json
import os
import re
import subprocess
import sys
import time

import pytest
import shapely

from geomap.publish import basemap


def _decoded(scale):
    return basemap.decode_world(scale, basemap._topology(scale))


def _fresh_world(scale):
    basemap.world.cache_clear()
    try:
        return basemap.world(scale)
    finally:
        basemap.world.cache_clear()


def test_the_cached_world_is_the_decoded_world_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = _fresh_world("110m")  # decodes, and writes the cache
    cached = list((tmp_path / "geomap").glob("basemap-110m-*.wkb"))
    assert len(cached) == 1
    again = _fresh_world("110m")  # read from the cache
    decoded = _decoded("110m")
    for whole in (first, again):
        assert shapely.to_wkb(whole.land) == shapely.to_wkb(decoded.land)
        assert shapely.to_wkb(whole.borders) == shapely.to_wkb(decoded.borders)


def test_a_damaged_cache_is_decoded_again_and_rewritten(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _fresh_world("110m")
    (cached,) = (tmp_path / "geomap").glob("basemap-110m-*.wkb")
    cached.write_bytes(b"\x07" * 40)
    whole = _fresh_world("110m")
    assert shapely.to_wkb(whole.land) == shapely.to_wkb(_decoded("110m").land)
    assert cached.read_bytes() != b"\x07" * 40


def test_an_unwritable_cache_folder_still_gives_the_world(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cache folder would be file/geomap: cannot be made
    whole = _fresh_world("110m")
    assert len(whole.land.geoms) > 100


def test_the_map_command_does_not_import_pandas(tmp_path):
    """folium imports pandas when it can; geomap loads folium without it (pandas is imported only by code that
    uses it: half a second of every map saved)."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['geomap', 'map', '--itinerary', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    runpy.run_module('geomap', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "import folium\n"
        "print('pandas' in sys.modules, 'folium' in sys.modules)\n"
    )
    trip = {
        "leader": "Kim",
        "stops": [
            {"order": 1, "name": "Omsk", "lat": 54.99, "lon": 73.37, "country": "RU"},
            {"order": 2, "name": "Tomsk", "lat": 56.5, "lon": 84.97, "country": "RU"},
        ],
    }
    source = tmp_path / "trip.json"
    source.write_text(json.dumps(trip), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", probe, str(source), str(tmp_path / "m.html")], capture_output=True, text=True
    )
    assert (tmp_path / "m.html").exists(), out.stderr
    assert out.stdout.split()[-2:] == ["False", "True"]


# -- encoded cuts kept between runs ---------------------------------------------------------------

OMSK = (73.0, 54.0, 85.0, 57.0)


def _cut_files(tmp_path):
    return sorted((tmp_path / "geomap" / "basemap-cuts").glob("*.json"))


def test_a_kept_cut_is_the_cut_exactly_and_is_not_cut_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    piece = basemap.cut(OMSK)
    first = basemap.encoded_cut(OMSK)  # cuts, and keeps the result
    assert len(_cut_files(tmp_path)) == 1
    monkeypatch.setattr(basemap, "cut", lambda *a, **k: pytest.fail("cut again though kept"))
    again = basemap.encoded_cut(OMSK)
    assert first == again == (piece.area, basemap.encoded(piece))
    assert json.dumps(again[1]) == json.dumps(basemap.encoded(piece))  # the same floats, the same order


def test_each_cut_has_its_own_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wide = basemap.encoded_cut((-10.0, 30.0, 60.0, 60.0))
    narrow = basemap.encoded_cut(OMSK)
    coarse = basemap.encoded_cut(OMSK, pad=0.0, scale="110m", detail=180.0)
    assert len(_cut_files(tmp_path)) == 3
    assert wide[1] != narrow[1] != coarse[1]
    assert coarse[1] == basemap.encoded(basemap.cut(OMSK, pad=0.0, scale="110m", detail=180.0))


@pytest.mark.parametrize("damage", ["truncated", "other body", "other key", "not json"])
def test_a_damaged_or_foreign_cut_file_is_cut_again_and_rewritten(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    basemap.encoded_cut(OMSK)
    (kept,) = _cut_files(tmp_path)
    header, body = kept.read_bytes().split(b"\n", 1)
    if damage == "truncated":
        kept.write_bytes(header + b"\n" + body[: len(body) // 2])
    elif damage == "other body":  # a valid file whose land is not this cut's, under this key but a wrong digest
        kept.write_bytes(header + b"\n" + body.replace(b"[", b"[1, ", 1))
    elif damage == "other key":  # what another shapely or another version of the code made
        about = json.loads(header)
        kept.write_bytes(json.dumps({**about, "key": "0" * 64}).encode() + b"\n" + body)
    else:
        kept.write_bytes(b"\x07" * 40)
    damaged = kept.read_bytes()
    assert basemap.encoded_cut(OMSK)[1] == basemap.encoded(basemap.cut(OMSK))
    assert kept.read_bytes() != damaged


def test_the_least_recently_used_cuts_are_dropped(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(basemap, "MAX_CUTS", 2)
    boxes = [(10.0 * i, 40.0, 10.0 * i + 5, 45.0) for i in range(4)]
    basemap.encoded_cut(boxes[0])
    basemap.encoded_cut(boxes[1])
    time.sleep(0.01)
    basemap.encoded_cut(boxes[0])  # used again: kept over boxes[1]
    time.sleep(0.01)
    basemap.encoded_cut(boxes[2])
    assert len(_cut_files(tmp_path)) == 2
    monkeypatch.setattr(basemap, "cut", lambda *a, **k: pytest.fail("boxes[0] was dropped"))
    basemap.encoded_cut(boxes[0])


def test_an_unwritable_cache_folder_still_gives_the_cut(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert basemap.encoded_cut(OMSK)[1] == basemap.encoded(basemap.cut(OMSK))


def test_a_map_drawn_again_imports_no_shapely(tmp_path):
    """The second page of the same trip reads its cuts: it needs no shapely (nor numpy under it)."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['geomap', 'map', '--itinerary', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    runpy.run_module('geomap', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('shapely' in sys.modules)\n"
    )
    source = tmp_path / "trip.json"
    source.write_text(json.dumps(_TRIP), encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    runs = []
    for page in ("first.html", "again.html"):
        out = subprocess.run(
            [sys.executable, "-c", probe, str(source), str(tmp_path / page)], capture_output=True, text=True, env=env
        )
        assert (tmp_path / page).exists(), out.stderr
        runs.append(out.stdout.split()[-1])
    assert runs == ["True", "False"]
    assert (tmp_path / "first.html").read_text().count("geomapBasemap(") == 1
    assert _stable_ids(tmp_path / "first.html") == _stable_ids(tmp_path / "again.html")


_TRIP = {
    "leader": "Kim",
    "stops": [
        {"order": 1, "name": "Omsk", "lat": 54.99, "lon": 73.37, "country": "RU"},
        {"order": 2, "name": "Tomsk", "lat": 56.5, "lon": 84.97, "country": "RU"},
    ],
}


def _stable_ids(page):
    """The page with folium's random element ids numbered in order of appearance."""
    ids = {}
    return re.sub(
        r"\b([a-z_]+)_([0-9a-f]{32})\b", lambda m: f"{m[1]}_{ids.setdefault(m[2], len(ids))}", page.read_text()
    )
