"""Maps opened in a real browser: Debian's chromium driven by Playwright (installed by .ci/run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import trip_text

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


def open_map(browser, path: Path, *, serve_leaflet: bool = False):
    """Open a map page; record script errors and every request the page makes."""
    page = browser.new_page(viewport={"width": 900, "height": 600})
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
    return trip, write_html(trip, folder / "lean.html"), write_html(trip, folder / "self.html", self_contained=True)


def test_self_contained_page_requests_only_tiles(browser, kim_pages):
    trip, _, self_contained = kim_pages
    record = open_map(browser, self_contained)
    assert record["errors"] == []
    others = [u for u in record["requests"] if not u.startswith("file:") and not any(h in u for h in TILE_HOSTS)]
    assert others == []
    assert any(h in u for u in record["requests"] for h in TILE_HOSTS)


def test_lean_page_requests_leaflet_and_tiles_only(browser, kim_pages):
    _, lean, _ = kim_pages
    record = open_map(browser, lean, serve_leaflet=True)
    assert record["errors"] == []
    others = {u for u in record["requests"] if not u.startswith("file:") and not any(h in u for h in TILE_HOSTS)}
    assert others == {LEAFLET_JS, LEAFLET_CSS}


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
