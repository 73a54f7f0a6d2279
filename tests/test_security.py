"""Article text, options and itinerary files are data: never template source, never markup, never code.

The threat model is docs/SECURITY.md's: an article or an itinerary file written by anyone, a page published
to anyone. Every template payload below goes through every text path (the article, each CLI option, each
field of an edited itinerary, the Python API and the notebook display) and must come out as the same
literal text, with no side effect on disk. test_browser.py opens such pages in Chromium.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.model import ContextPlace, Itinerary, Place, Stop
from geomap.pipeline import itinerary
from geomap.publish.page import render_html

MARKER = Path("/tmp/geomap-template-payload-ran")
TEMPLATE_PAYLOADS = [
    "{{ 6*7 }}",
    "{% if true %}yes{% endif %}",
    "{# hidden #}",
    "{{ cycler.__init__.__globals__.os.popen('touch " + str(MARKER) + "').read() }}",
    "{{ cycler.__init__.__globals__.__builtins__.chr(60) ~ 'script' ~ "
    "cycler.__init__.__globals__.__builtins__.chr(62) ~ 'window.__pwned=9' }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{{ x }}",
    "a lone {% or {{ or {# in a sentence",
    "}} %} #} closers alone",
]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_marker():
    MARKER.unlink(missing_ok=True)
    yield
    assert not MARKER.exists(), "a template payload ran code on this machine"


def _json_literal(text: str) -> str:
    """How ``text`` appears inside the page's scripts (folium's tojavascript: JSON, with <, >, &, ' escaped)."""
    return (
        json.dumps(text)[1:-1]
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


def _html_literal(text: str) -> str:
    import html

    return html.escape(text)


def _seen(payload: str, page: str) -> bool:
    return _json_literal(payload) in page or _html_literal(payload) in page


def _trip_with(payload: str) -> Itinerary:
    """An itinerary whose every text field holds the payload."""
    here = Place("x:1", f"Oslo {payload}", 59.91, 10.75, "NO", "city")
    there = Place("x:2", "Bergen", 60.39, 5.32, "NO", "city")
    stops = (
        Stop(1, here, "origin", None, f"Monday {payload}", False, (f"She left Oslo {payload}.",), f"note {payload}"),
        Stop(2, there, "destination", "air", None, True, (f"She flew to Bergen {payload}.",)),
    )
    context = (
        ContextPlace(
            Place("x:3", f"North Sea {payload}", 56.0, 3.0, "", "sea"), f"reason {payload}", (f"mention {payload}",)
        ),
    )
    return Itinerary(f"Anna Berg {payload}", stops, context, title=f"Title {payload}")


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_every_field_of_an_itinerary_shows_literally_in_the_page(payload):
    page = render_html(_trip_with(payload), title=f"T {payload}", subtitle=f"S {payload}", source=f"Src {payload}")
    for text in (
        f"Oslo {payload}",
        f"She left Oslo {payload}.",
        f"note {payload}",
        f"North Sea {payload}",
        f"Monday {payload}",
        f"T {payload}",
        f"S {payload}",
    ):
        assert _seen(text, page), text
    assert _seen(f"Source: {_html_literal('Src ' + payload)}", page)
    assert "window.__pwned=9" not in page.replace(_json_literal("window.__pwned=9"), "")


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS[:5])
def test_the_notebook_display_and_to_map_are_safe(payload):
    trip = _trip_with(payload)
    for page in (trip.to_map().get_root().render(), trip._repr_html_()):
        # _repr_html_ puts the page in an iframe's srcdoc, escaped once more: undo that to look inside.
        import html

        inner = html.unescape(page) if "srcdoc" in page else page
        assert _seen(f"She left Oslo {payload}.", inner)


def test_the_example_payload_of_the_issue_stays_literal(tmp_path, gazetteer):
    article = tmp_path / "a.txt"
    article.write_text(
        "Kim Jong Un arrived in Vladivostok by train {{ 6*7 }} on Monday.\nHe then travelled to Khabarovsk.\n",
        encoding="utf-8",
    )
    out = tmp_path / "a.html"
    result = runner.invoke(app, ["map", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "by train {{ 6*7 }} on Monday" in page
    assert "42 on Monday" not in page


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_article_and_every_cli_option_reach_page_and_exports_literally(tmp_path, gazetteer, payload):
    article = tmp_path / "a.txt"
    article.write_text(
        f"President Anna Berg arrived in Oslo on Monday {payload} for talks.\n"
        f"She will then fly to Bergen on Tuesday.\n",
        encoding="utf-8",
    )
    out, geo, story = tmp_path / "m.html", tmp_path / "m.geojson", tmp_path / "m.story.json"
    result = runner.invoke(
        app,
        [
            "map",
            str(article),
            "-o",
            str(out),
            "--title",
            f"T {payload}",
            "--subtitle",
            f"S {payload}",
            "--source",
            f"Src {payload}",
            "--geojson",
            str(geo),
            "--storymap",
            str(story),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    evidence = f"President Anna Berg arrived in Oslo on Monday {payload} for talks."
    assert _seen(evidence, page) and _seen(f"T {payload}", page) and _seen(f"S {payload}", page)
    assert evidence in json.loads(geo.read_text(encoding="utf-8"))["features"][0]["properties"]["evidence"]
    headline = json.loads(story.read_text(encoding="utf-8"))["storymap"]["slides"][0]["text"]["headline"]
    assert headline == _html_literal(f"T {payload}")  # StoryMapJS reads slide text as HTML


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_every_field_of_an_edited_itinerary_file(tmp_path, payload):
    data = _trip_with(payload).to_dict()
    edited = tmp_path / "trip.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", "--itinerary", str(edited), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    for text in (
        f"Title {payload}",
        f"Oslo {payload}",
        f"She left Oslo {payload}.",
        f"note {payload}",
        f"North Sea {payload}",
        f"reason {payload}",
        f"Monday {payload}",
    ):
        assert _seen(text, page), text


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_embed_snippet_title(payload):
    result = runner.invoke(app, ["embed", "https://news.example/map.html", "--title", f"Map {payload}"])
    assert result.exit_code == 0, result.output
    assert _html_literal(f"Map {payload}") in result.output


def test_itinerary_api_keeps_payload_in_evidence(gazetteer):
    trip = itinerary("President Anna Berg arrived in Oslo on Monday {{ 6*7 }} for talks.", gazetteer=gazetteer)
    assert any("{{ 6*7 }}" in e for s in trip.stops for e in s.evidence)


MARKUP_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '"><svg onload="window.__pwned=2">',
    "]]></metadata><x/>",
    "</style>",
]


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS + MARKUP_PAYLOADS)
def test_labels_stop_list_and_itinerary_block_of_the_page(payload):
    import re

    from geomap.publish.provenance import read_embedded

    trip = _trip_with(payload)
    page = render_html(trip, labels="all", source=f"Src {payload}")
    labels = json.loads(re.search(r"geomapLabels\([^,]+, (\[.*?\]), \[", page).group(1))
    assert [i["name"] for i in labels if i["kind"] == "stop"] == [f"Oslo {payload}", "Bergen"]
    assert f"North Sea {payload}" in [i["name"] for i in labels]  # a sea, named on the water
    # the ordered list the page shows when Leaflet cannot load
    from markupsafe import escape  # the template's |e

    assert f"<li>{escape(f'1. Oslo {payload}, Monday {payload}')}</li>" in page
    record = read_embedded(page)
    assert record["itinerary"] == trip.to_dict()
    assert "<" not in page.split('id="geomap-itinerary">', 1)[1].split("</script>", 1)[0]


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS + MARKUP_PAYLOADS)
def test_svg_and_png_hold_outside_text_as_text(payload):
    import xml.etree.ElementTree as ET

    from test_images import SVG, png_texts

    from geomap.publish.provenance import read_embedded
    from geomap.publish.raster import png_from_svg
    from geomap.publish.svg import render_svg

    trip = _trip_with(payload)
    svg = render_svg(trip, title=f"T {payload}", source=f"Src {payload}", labels="all")
    root = ET.fromstring(svg.encode("utf-8"))  # still well-formed XML
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "foreignObject", "x")]
    assert not [a for e in root.iter() for a in e.attrib if a.startswith("on")]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert f"T {payload}" in texts and f"Oslo {payload}" in texts
    assert any(t.endswith(f"Source: Src {payload} · Made with geomap") for t in texts)
    assert read_embedded(svg)["itinerary"] == trip.to_dict()
    png = png_from_svg(svg, texts={"Title": f"T {payload}", "Source": f"Src {payload}"})
    assert png_texts(png)["Title"] == f"T {payload}" and png_texts(png)["Source"] == f"Src {payload}"


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS[:4] + MARKUP_PAYLOADS)
def test_a_page_and_an_svg_read_back_give_the_same_itinerary(tmp_path, payload):
    from geomap.publish.shapes import dumps

    trip = _trip_with(payload)
    edited = tmp_path / "trip.json"
    edited.write_text(json.dumps(trip.to_dict(), ensure_ascii=False), encoding="utf-8")
    page, svg = tmp_path / "m.html", tmp_path / "m.svg"
    result = runner.invoke(app, ["map", "--itinerary", str(edited), "-o", str(page), "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    for drawn in (page, svg):
        back = runner.invoke(app, ["map", "--itinerary", str(drawn), "-o", str(tmp_path / "back.html"), "--json"])
        assert back.exit_code == 0, back.output
        assert back.stdout == dumps(trip.to_dict()) + "\n"
