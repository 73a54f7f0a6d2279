"""Maps opened in a real browser: Debian's chromium driven by Playwright (installed by .ci/run)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import TRIPS, trip_text

from geomap.pipeline import itinerary
from geomap.publish.browser import CHROMIUM_FLAGS, chromium_path
from geomap.publish.page import LEAFLET_CSS, LEAFLET_JS, write_html

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
if chromium_path() is None:
    pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)", allow_module_level=True)

TILE_HOSTS = ("tile.openstreetmap.org",)
HOSTILE_ARTICLE = """Summit under way

President Anna Berg arrived in Oslo on Monday <script>window.__pwned = 1</script> for talks.
She will then fly to Bergen <img src=x onerror="window.__pwned = 2"> on Tuesday.
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


def _leaflet_file(name: str) -> bytes:
    import xstatic.pkg.leaflet as xs

    return (Path(xs.BASE_DIR) / name).read_bytes()


def open_map(browser, path: Path, *, serve_leaflet: bool = False, width: int = 900, height: int = 600):
    """Open a map page; record script errors and every request the page makes."""
    page = browser.new_page(viewport={"width": width, "height": height})
    record = {"errors": [], "requests": [], "page": page}
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    page.on("request", lambda r: record["requests"].append(r.url))
    page.route(re.compile(r"https?://.*"), lambda route: _answer(route, serve_leaflet))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("document.querySelectorAll('.geomap-stop').length > 0", timeout=15000)
    return record


def _answer(route, serve_leaflet: bool) -> None:
    url = route.request.url
    if serve_leaflet and url == LEAFLET_JS:
        route.fulfill(body=_leaflet_file("leaflet.js"), content_type="application/javascript")
    elif serve_leaflet and url == LEAFLET_CSS:
        route.fulfill(body=_leaflet_file("leaflet.css"), content_type="text/css")
    else:
        route.abort()  # tiles and anything else: this machine has no network


@pytest.fixture(scope="module")
def kim_pages(tmp_path_factory, gazetteer):
    trip = itinerary(trip_text("kim-vostochny-2023"), gazetteer=gazetteer)
    folder = tmp_path_factory.mktemp("maps")
    return trip, write_html(trip, folder / "lean.html", self_contained=False), write_html(trip, folder / "self.html")


def test_default_page_requests_nothing(browser, kim_pages):
    trip, _, self_contained = kim_pages
    record = open_map(browser, self_contained)
    assert record["errors"] == []
    assert [u for u in record["requests"] if not u.startswith(("file:", "data:"))] == []


def test_tiles_when_asked_for_are_the_only_requests(browser, tmp_path, kim_pages):
    trip = kim_pages[0]
    record = open_map(browser, write_html(trip, tmp_path / "tiles.html", tiles="OpenStreetMap.Mapnik"))
    others = [
        u for u in record["requests"] if not u.startswith(("file:", "data:")) and not any(h in u for h in TILE_HOSTS)
    ]
    assert others == [] and any(h in u for u in record["requests"] for h in TILE_HOSTS)


def test_cdn_page_requests_leaflet_only(browser, kim_pages):
    _, lean, _ = kim_pages
    record = open_map(browser, lean, serve_leaflet=True)
    assert record["errors"] == []
    assert {u for u in record["requests"] if not u.startswith(("file:", "data:"))} == {LEAFLET_JS, LEAFLET_CSS}


def test_one_marker_and_one_list_item_per_stop_in_order(browser, kim_pages):
    trip, _, page_path = kim_pages
    page = open_map(browser, page_path)["page"]
    assert page.locator(".geomap-stop").all_inner_texts() == [str(s.order) for s in trip.stops]
    items = page.locator("ol.geomap-stops li").all_inner_texts()
    assert [i.split(",")[0] for i in items] == [f"{s.order}. {s.place.name}" for s in trip.stops]


def test_markers_are_reachable_by_keyboard_and_open_their_evidence(browser, kim_pages):
    trip, _, page_path = kim_pages
    page = open_map(browser, page_path)["page"]
    markers = page.locator(".leaflet-marker-icon[tabindex='0'][aria-label]")
    assert markers.count() >= len(trip.stops)
    first = page.locator(".leaflet-marker-icon", has=page.locator(".geomap-stop", has_text="1")).first
    first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".geomap-popup")
    popup.wait_for(timeout=10000)
    assert trip.stops[0].place.name in popup.inner_text()


def test_scroll_wheel_waits_for_a_click(browser, kim_pages):
    _, _, page_path = kim_pages
    page = open_map(browser, page_path)["page"]
    check = "(() => { const id = document.querySelector('.folium-map').id; return window[id].scrollWheelZoom.enabled(); })()"
    assert page.evaluate(check) is False
    page.mouse.click(450, 300)
    assert page.evaluate(check) is True


def test_hostile_article_renders_as_text_and_runs_nothing(browser, tmp_path, gazetteer):
    trip = itinerary(HOSTILE_ARTICLE, gazetteer=gazetteer)
    assert [s.place.name for s in trip.stops] == ["Oslo", "Bergen"]
    path = write_html(trip, tmp_path / "hostile.html", title="<script>window.__pwned = 3</script>")
    record = open_map(browser, path, serve_leaflet=True)
    page = record["page"]
    assert page.evaluate("window.__pwned === undefined")
    page.locator(".leaflet-marker-icon", has=page.locator(".geomap-stop", has_text="1")).first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".geomap-popup")
    popup.wait_for(timeout=10000)
    assert "<script>window.__pwned = 1</script>" in popup.inner_text()
    assert page.locator("h1").inner_text() == "<script>window.__pwned = 3</script>"
    assert record["errors"] == []


def test_screenshot_of_the_example_map(browser, tmp_path, kim_pages):
    from geomap.publish.browser import screenshot

    _, _, page_path = kim_pages
    png = screenshot(page_path, tmp_path / "kim.png", using=browser)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_compact_route_gets_a_locator_inset(browser, kim_pages):
    _, _, page_path = kim_pages
    page = open_map(browser, page_path)["page"]
    inset = page.locator(".geomap-inset")
    assert inset.count() == 1 and inset.get_attribute("aria-hidden") == "true"
    assert inset.locator("path.leaflet-interactive").count() == 1  # the route's rectangle


def test_template_payloads_show_literally_and_run_nothing(browser, tmp_path, gazetteer):
    from test_security import MARKER, TEMPLATE_PAYLOADS

    MARKER.unlink(missing_ok=True)
    for i, payload in enumerate(TEMPLATE_PAYLOADS):
        article = f"President Anna Berg arrived in Oslo on Monday {payload} for talks.\nShe will then fly to Bergen.\n"
        trip = itinerary(article, gazetteer=gazetteer)
        path = write_html(
            trip, tmp_path / f"payload{i}.html", title=f"T {payload}", source=f"S {payload}", self_contained=i % 2 == 0
        )
        record = open_map(browser, path, serve_leaflet=True)
        page = record["page"]
        assert page.evaluate("window.__pwned === undefined"), payload
        assert page.locator("h1").inner_text() == f"T {payload}"
        page.locator(".leaflet-marker-icon", has=page.locator(".geomap-stop", has_text="1")).first.focus()
        page.keyboard.press("Enter")
        popup = page.locator(".geomap-popup")
        popup.wait_for(timeout=10000)
        assert f"Monday {payload} for talks" in popup.inner_text()
        assert f"Source: S {payload}" in page.locator(".leaflet-control-attribution").inner_text()
        assert record["errors"] == []
        page.close()
    assert not MARKER.exists()


# -- labels, offline geography, small screens (issue 18) ------------------------------------------------------

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "kim-russia-2023.txt"
LABEL_TRIPS = [
    "pope-belgium-2024",
    "benedict-holy-land-2009",
    "kim-hanoi-route-2019",
    "trump-asia-2017",
    "pope-chile-peru-2018",
    "xi-italy-monaco-france-2019",
    "zelensky-front-2024",
    "charles-australia-samoa-2024",
    "modi-five-nations-2025",
    "biden-uk-lithuania-finland-2023",
]
_BOXES = """(sel) => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent !== null).map(e => {
    const r = e.getBoundingClientRect(); return {text: e.innerText, x: r.left, y: r.top, w: r.width, h: r.height};
})"""


def _apart(a, b, slack=0.5):
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return w <= slack or h <= slack


def _trip_for(name, gazetteer):
    if name == "seed":
        if not SEED.exists():
            pytest.skip(f"the shared seed article is not on this machine ({SEED})")
        return itinerary(SEED.read_text(encoding="utf-8"), gazetteer=gazetteer)
    gold = json.loads((TRIPS / f"{name}.gold.json").read_text(encoding="utf-8"))
    return itinerary(trip_text(name), gold.get("leader_given"), date=gold.get("date"), gazetteer=gazetteer)


@pytest.mark.parametrize("name", ["seed", *LABEL_TRIPS])
def test_stop_labels_are_present_and_do_not_overlap(browser, tmp_path, gazetteer, name):
    trip = _trip_for(name, gazetteer)
    if name != "seed":
        assert 5 <= len(trip.stops) <= 8, [s.place.name for s in trip.stops]
    page = open_map(browser, write_html(trip, tmp_path / "m.html"), width=1200, height=800)["page"]
    page.wait_for_timeout(300)
    labels = page.evaluate(_BOXES, ".geomap-label.stop")
    names = [label["text"].split("\n")[0] for label in labels]
    assert names == list(dict.fromkeys(s.place.name for s in trip.stops))  # a place visited twice is named once
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert _apart(a, b), (a, b)
    markers = page.evaluate(_BOXES, ".geomap-stop")
    for label in labels:
        for marker in markers:
            assert _apart(label, marker, slack=1.5), (label, marker)


_MAP_EVENTS = """Object.defineProperty(window, "L", {configurable: true, get() { return this.__L; }, set(v) {
    this.__L = v;
    if (v && v.Map && !v.__seen) {
        v.__seen = true;
        v.Map.addInitHook(function () { this.on("zoomanim", function (e) { (window.__events = window.__events || []).push(e.type); }); });
    }
}});"""


@pytest.mark.parametrize("name", ["kim-vostochny-2023", "charles-australia-samoa-2024"])
def test_the_page_opens_at_its_view_without_an_animated_zoom(browser, tmp_path, gazetteer, name):
    """Labels are laid out for the view the page opens at; a zoom animated from folium's starting view would
    move the markers from under them for a quarter of a second (a screenshot taken then shows them apart)."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.add_init_script(_MAP_EVENTS)
    page.route(re.compile(r"https?://.*"), lambda route: route.abort())
    page.goto(write_html(_trip_for(name, gazetteer), tmp_path / "m.html").resolve().as_uri())
    page.wait_for_function("document.querySelectorAll('.geomap-label.stop').length > 0", timeout=15000)
    page.wait_for_timeout(400)
    assert page.evaluate("window.__L !== undefined")  # the hook saw Leaflet arrive
    assert page.evaluate("window.__events || []") == []


def _pixels(page, png: bytes, colours):
    """How many pixels of the screenshot are within 12 of each colour (decoded by the browser)."""
    import base64

    return page.evaluate(
        """async ([b64, colours]) => {
            const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data;
            return colours.map(([r, gr, b]) => { let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - gr) + Math.abs(d[i + 2] - b) <= 12) { n++; } }
                return n; });
        }""",
        [base64.b64encode(png).decode("ascii"), colours],
    )


def test_self_contained_page_offline_shows_land_and_borders(browser, kim_pages):
    from geomap.publish.options import PALETTES

    _, _, page_path = kim_pages
    record = open_map(browser, page_path)
    page = record["page"]
    assert [u for u in record["requests"] if not u.startswith(("file:", "data:"))] == []  # network blocked, unused
    png = page.screenshot()
    hexes = [PALETTES["light"][k] for k in ("land", "sea", "border")]
    land, sea, border = _pixels(page, png, [[int(h[i : i + 2], 16) for i in (1, 3, 5)] for h in hexes])
    total = 900 * 600
    assert land > total * 0.15 and sea > total * 0.05, (land, sea)
    assert border > 150, border  # the Russia-China border crosses this map


def test_at_390px_the_legend_is_a_button_that_opens_it(browser, kim_pages):
    _, _, page_path = kim_pages
    page = open_map(browser, page_path, width=390, height=700)["page"]
    legend, button = page.locator(".geomap-legend"), page.locator(".geomap-legend-button")
    assert button.is_visible() and not legend.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert legend.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert "Stop, in order" in legend.inner_text()


@pytest.mark.parametrize("width", [390, 1000])
def test_the_attribution_never_overlaps_the_scale(browser, kim_pages, width):
    _, _, page_path = kim_pages
    page = open_map(browser, page_path, width=width, height=650)["page"]
    (credit,) = page.evaluate(_BOXES, ".leaflet-control-attribution")
    (scale,) = page.evaluate(_BOXES, ".leaflet-control-scale")
    assert _apart(credit, scale) and "Natural Earth" in credit["text"] and "GeoNames" in credit["text"]


def test_a_cdn_page_without_leaflet_shows_its_stops_and_a_notice(browser, kim_pages):
    trip, lean, _ = kim_pages
    page = browser.new_page(viewport={"width": 700, "height": 500})
    page.route(re.compile(r"https?://.*"), lambda route: route.abort())
    page.goto(lean.resolve().as_uri())
    notice = page.locator(".geomap-notice")
    assert notice.is_visible() and len(notice.inner_text().splitlines()) == 1
    items = page.locator("ol.geomap-stops li")
    assert items.first.is_visible()
    assert [i.split(",")[0] for i in items.all_inner_texts()] == [f"{s.order}. {s.place.name}" for s in trip.stops]
    assert page.locator("h1").is_visible()
    page.close()


def test_screenshot_of_a_page_that_shows_no_map_fails(tmp_path, kim_pages):
    import subprocess
    import sys

    _, lean, _ = kim_pages
    page = tmp_path / "unreachable.html"  # Leaflet's address refused at once, network or not
    page.write_text(lean.read_text(encoding="utf-8").replace(LEAFLET_JS, "http://127.0.0.1:9/leaflet.js"))
    out = tmp_path / "blank.png"
    result = subprocess.run(
        [sys.executable, "-m", "geomap", "screenshot", str(page), "-o", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "no map" in result.stderr
    assert not out.exists()


def test_context_place_names_show_on_keyboard_focus(browser, kim_pages):
    trip, _, page_path = kim_pages
    if not trip.context:
        pytest.skip("the example has no context place")
    page = open_map(browser, page_path)["page"]
    dot = page.locator(".leaflet-marker-icon", has=page.locator(".geomap-dot")).first
    dot.focus()
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for(timeout=5000)
    assert tip.inner_text() in {c.place.name for c in trip.context}
