"""The map as SVG and PNG, drawn without a browser: named groups, labels that match the itinerary, the
itinerary carried inside, credits in the PNG, and labels that do not overlap."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET

import pytest
from conftest import trip_text

from geomap.model import ContextPlace, Itinerary, Place, Stop
from geomap.pipeline import itinerary
from geomap.publish import layout
from geomap.publish.provenance import read_embedded
from geomap.publish.raster import png_from_svg
from geomap.publish.svg import SIZES, ImageSize, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def _trip() -> Itinerary:
    omsk = Place("t:omsk", "Omsk", 54.99, 73.37, "RU", "city")
    tomsk = Place("t:tomsk", "Tomsk", 56.5, 84.97, "RU", "city")
    sea = Place("t:sea", "Kara Sea", 72.0, 66.0, "", "sea")
    return Itinerary(
        "Kim",
        [Stop(1, omsk, "origin", when="2023-09-12"), Stop(2, tomsk, "destination", "air", when="2023-09-13")],
        [ContextPlace(sea)],
    )


def _labels(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    group = root.find(f"{SVG}g[@id='labels']")
    return ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]


def png_chunks(png: bytes) -> dict[bytes, list[bytes]]:
    """The chunks of a PNG by type."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, list[bytes]] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        chunks.setdefault(kind, []).append(png[at + 8 : at + 8 + length])
        at += 12 + length
    return chunks


def png_texts(png: bytes) -> dict[str, str]:
    out = {}
    for data in png_chunks(png).get(b"iTXt", []):
        keyword, rest = data.split(b"\x00", 1)
        out[keyword.decode("latin-1")] = rest[4:].decode("utf-8")  # flag, method, empty language and keyword
    return out


def test_svg_parses_and_has_the_named_groups():
    svg = render_svg(_trip())
    root = ET.fromstring(svg.encode("utf-8"))
    ids = [g.get("id") for g in root.findall(f"{SVG}g")]
    assert ids == ["basemap", "routes", "stops", "labels", "legend", "title", "credits"]
    basemap = root.find(f"{SVG}g[@id='basemap']")
    assert basemap.find(f"{SVG}path[@id='land']").get("d").startswith("M")  # Siberia: land all over
    assert basemap.find(f"{SVG}path[@id='borders']").get("d").count("M") >= 1  # Kazakhstan's border, south of Omsk


def test_svg_labels_are_the_stops_with_their_dates_and_the_sea():
    assert _labels(render_svg(_trip())) == ["Omsk12 Sep", "Tomsk13 Sep", "Kara Sea"]
    assert _labels(render_svg(_trip(), labels="none")) == []


def test_svg_carries_the_itinerary_it_shows():
    trip = _trip()
    data = read_embedded(render_svg(trip))
    assert data["itinerary"] == trip.to_dict()


def test_svg_sizes_and_themes():
    social = ET.fromstring(render_svg(_trip(), size=SIZES["social"], theme="dark").encode())
    assert social.get("viewBox") == "0 0 1080 1080"
    assert social.find(f"{SVG}g[@id='basemap']/{SVG}rect").get("fill") == "#17212b"
    printed = ET.fromstring(render_svg(_trip(), size=SIZES["print"]).encode())
    assert printed.get("width") == "12.500in"
    with pytest.raises(ValueError):
        ImageSize(10, 10)


def test_png_without_a_browser_with_credits_and_resolution():
    svg = render_svg(_trip(), source="The Daily Example")
    png = png_from_svg(svg, dpi=300, texts={"Title": "Kim's trip", "Source": "The Daily Example"})
    chunks = png_chunks(png)
    width, height = struct.unpack(">II", chunks[b"IHDR"][0][:8])
    assert (width, height) == (3750, 2500)  # 1200 x 800 units at 300 dpi
    per_metre = struct.unpack(">IIB", chunks[b"pHYs"][0])[0]
    assert round(per_metre * 0.0254) == 300
    texts = png_texts(png)
    assert texts["Title"] == "Kim's trip" and texts["Software"].startswith("geomap ")


def test_seed_svg_labels_match_its_itinerary(gazetteer):
    from conftest import DATA

    seed = DATA.parent.parent.parent / "shared" / "seed" / "kim-russia-2023.txt"
    text = seed.read_text(encoding="utf-8") if seed.exists() else trip_text("kim-vostochny-2023")
    trip = itinerary(text, gazetteer=gazetteer)
    svg = render_svg(trip)
    names = [label.split("\n")[0] for label in _labels(svg)]
    assert [n for n in names if n in {s.place.name for s in trip.stops}] == list(
        dict.fromkeys(s.place.name for s in trip.stops)
    )
    assert len(svg.encode()) <= 400_000


def test_label_layout_keeps_labels_apart_around_a_crowded_point():
    placed: list[layout.Box] = []
    marks = [(100 + dx - 12, 100 - 12, 24, 24) for dx in (0, 6, 12)]
    for dx in (0, 6, 12):
        spot = layout.place(
            (100 + dx, 100), (90, 16), radius=12, placed=placed, marks=marks, route=[], frame=(0, 0, 400, 400)
        )
        assert all(layout.overlap(spot.box, other) == 0 for other in placed + marks)
        placed.append(spot.box)


def test_svg_json_block_survives_a_closing_cdata_in_the_article():
    trip = Itinerary("X ]]></metadata><x>", [Stop(1, Place("x:1", "A ]]> B", 10.0, 10.0))])
    svg = render_svg(trip)
    ET.fromstring(svg.encode("utf-8"))
    assert read_embedded(svg)["itinerary"]["leader"] == "X ]]></metadata><x>"
    assert json.loads(json.dumps(read_embedded(svg)))["itinerary"]["stops"][0]["name"] == "A ]]> B"
