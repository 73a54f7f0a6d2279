"""The decoded basemap is kept in the user's cache folder and read back exactly; a damaged or missing cache, or a
folder that cannot be written, falls back to decoding the packaged data."""

import json
import subprocess
import sys

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
