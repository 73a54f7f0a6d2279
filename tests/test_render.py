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


def test_lean_page_loads_only_leaflet():
    page = render_html(trip())
    assert not re.search(r"jquery|bootstrap|font-awesome|fontawesome", page, re.I)
    assert page.count("leaflet.js") == 1
    assert len(page.encode()) < 40_000


def test_self_contained_page_has_no_external_script_or_css():
    page = render_html(trip(), self_contained=True)
    assert not re.search(r'<script[^>]+src=|<link[^>]+href="http', page)
    assert len(page.encode()) < 250_000


def test_text_alternative_lists_stops_in_order():
    page = render_html(trip())
    items = re.findall(r"<li>(.*?)</li>", re.search(r'<ol class="geomap-stops[^"]*">(.*?)</ol>', page, re.S).group(1))
    assert items == ["1. Omsk", "2. Tomsk, by air"]


def test_article_text_is_escaped_everywhere():
    page = render_html(trip(evidence=(HOSTILE,), leader=HOSTILE), title=HOSTILE, source=HOSTILE)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "onerror=alert(1)>" not in page.replace("\\u003e", "")


def test_credits_name_geonames_and_tiles():
    page = render_html(trip())
    assert "GeoNames" in page and "CC BY 4.0" in page and "OpenStreetMap" in page


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
