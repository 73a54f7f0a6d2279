import json
import re

import pytest

from geomap.model import ContextPlace, Itinerary, Place, Stop
from geomap.publish.page import render_html, write_html

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)>'


def trip(evidence=("Kim arrived in Omsk.",), **kw):
    omsk = Place("t:omsk", "Omsk", 54.99, 73.37, "RU", "city")
    tomsk = Place("t:tomsk", "Tomsk", 56.5, 84.97, "RU", "city")
    sea = Place("t:sea", "Kara Sea", 76, 70, "", "sea")
    return Itinerary(
        kw.get("leader", "Kim"),
        [Stop(1, omsk, evidence=evidence), Stop(2, tomsk, "destination", "air")],
        [ContextPlace(sea, "mentioned, not visited")],
    )


def test_cdn_page_loads_only_leaflet():
    page = render_html(trip(), self_contained=False)
    assert not re.search(r"jquery|bootstrap|font-awesome|fontawesome", page, re.I)
    assert page.count("leaflet.js") == 1
    assert len(page.encode()) < 100_000  # the basemap is inside it too


def test_default_page_is_self_contained_with_its_basemap():
    page = render_html(trip())
    assert not re.search(r'<script[^>]+src=|<link[^>]+href="http', page)
    assert "geomapBasemap(" in page and len(page.encode()) < 300_000
    assert "tile.openstreetmap.org" not in page  # no tiles unless asked for


def test_tiles_are_drawn_over_the_basemap_when_asked_for():
    page = render_html(trip(), tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in page and "geomapBasemap(" in page


def test_tiles_that_need_a_key_are_refused_with_the_key_named():
    with pytest.raises(ValueError, match="needs .*key|needs api"):
        render_html(trip(), tiles="Thunderforest.Landscape")


@pytest.mark.parametrize(
    "option, value", [("labels", "some"), ("theme", "neon"), ("accent", "red;}body{x:y"), ("accent", "url(x)")]
)
def test_bad_options_are_refused(option, value):
    with pytest.raises(ValueError, match=option):
        render_html(trip(), **{option: value})


def test_stops_are_labelled_and_seas_named_but_context_only_with_all():
    page = render_html(trip())
    labels = json.loads(re.search(r"geomapLabels\([^,]+, (\[.*?\]), \[", page).group(1))
    names = [(item["name"], item["kind"]) for item in labels if item["kind"] != "dot"]
    assert names == [("Omsk", "stop"), ("Tomsk", "stop"), ("Kara Sea", "sea")]
    assert "geomapLabels(" not in render_html(trip(), labels="none")


def test_the_page_carries_its_itinerary_as_json():
    from geomap.publish.provenance import read_embedded

    t = trip()
    data = read_embedded(render_html(t))
    assert data["itinerary"] == t.to_dict() and data["generator"].startswith("geomap ")
    assert set(data) >= {"gazetteer", "article", "edited_stops"}


def test_a_date_shows_under_the_name():
    from geomap.publish.page import short_date

    assert short_date("2023-09-13") == "13 Sep" and short_date("Tuesday") is None


def test_text_alternative_lists_stops_in_order():
    page = render_html(trip())
    items = re.findall(r"<li>(.*?)</li>", re.search(r'<ol class="geomap-stops[^"]*">(.*?)</ol>', page, re.S).group(1))
    assert items == ["1. Omsk", "2. Tomsk, by air"]


def test_article_text_is_escaped_everywhere():
    page = render_html(trip(evidence=(HOSTILE,), leader=HOSTILE), title=HOSTILE, source=HOSTILE)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "onerror=alert(1)>" not in page.replace("\\u003e", "")


def test_credits_name_geonames_and_natural_earth():
    page = render_html(trip())
    assert "GeoNames" in page and "CC BY 4.0" in page and "Natural Earth" in page


def test_flight_legs_are_arcs_and_cross_the_antimeridian_in_one_piece():
    from geomap.publish.page import leg_path

    a = Stop(1, Place("t:a", "Anadyr", 64.73, 177.5, "RU"))
    b = Stop(2, Place("t:b", "Nome", 64.5, -165.4, "US"), mode="air")
    path = leg_path(a, b)
    assert len(path) > 10
    assert all(abs(q[1] - p[1]) < 5 for p, q in zip(path, path[1:]))


def test_write_html_is_atomic(tmp_path):
    out = tmp_path / "sub" / "map.html"
    write_html(trip(), out)
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]


def test_unknown_tiles_are_a_clear_error():
    with pytest.raises(ValueError, match="unknown tile provider"):
        render_html(trip(), tiles="NoSuchTiles")
