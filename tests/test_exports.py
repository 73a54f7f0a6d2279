import json

import pytest

from geomap.model import ContextPlace, Itinerary, Place, Stop
from geomap.publish.embed import embed_snippet
from geomap.publish.geojson import itinerary_to_geojson
from geomap.publish.storymap import itinerary_to_storymap

ANADYR = Place("t:a", "Anadyr", 64.73, 177.5, "RU", "city")
NOME = Place("t:n", "Nome", 64.5, -165.4, "US", "city")
TRIP = Itinerary(
    "<b>X</b>",
    [Stop(1, ANADYR, evidence=["He left <b>Anadyr</b>."]), Stop(2, NOME, "destination", "air")],
    [ContextPlace(Place("t:s", "Bering Sea", 58, -178, "", "sea"))],
)


def test_geojson_is_rfc7946_and_splits_at_the_antimeridian():
    doc = itinerary_to_geojson(TRIP)
    stops = [f for f in doc["features"] if f["properties"]["feature"] == "stop"]
    assert stops[0]["geometry"]["coordinates"] == [177.5, 64.73]  # longitude first
    leg = next(f for f in doc["features"] if f["properties"]["feature"] == "leg")
    assert leg["geometry"]["type"] == "MultiLineString"
    parts = leg["geometry"]["coordinates"]
    for part in parts:
        assert all(-180 <= lon <= 180 for lon, lat in part)
    assert {abs(parts[0][-1][0]), abs(parts[1][0][0])} == {180}  # cut exactly at the antimeridian
    json.dumps(doc)


def test_storymap_escapes_article_text():
    doc = itinerary_to_storymap(TRIP)
    text = json.dumps(doc)
    assert "<b>" not in text and "&lt;b&gt;Anadyr&lt;/b&gt;" in text
    assert [s["text"]["headline"] for s in doc["storymap"]["slides"][1:]] == ["1. Anadyr", "2. Nome"]


def test_embed_snippet_escapes_and_refuses_scripts():
    snippet = embed_snippet('https://x.example/m.html?a="1"', title="<script>")
    assert '<iframe data-geomap src="https://x.example/m.html?a=&quot;1&quot;" title="Map: &lt;script&gt;"' in snippet
    assert 'loading="lazy"' in snippet
    for bad in (
        "javascript://alert(1)",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>x</script>",
    ):
        with pytest.raises(ValueError):
            embed_snippet(bad, title="x")
    for fine in ("trip.html", "./maps/trip.html", "/maps/trip.html", "//cdn.example/trip.html"):
        assert f'src="{fine}"' in embed_snippet(fine, title="x")
