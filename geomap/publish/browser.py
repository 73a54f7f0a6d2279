"""Headless Chromium for screenshots and for the tests that open maps in a real browser.

Playwright drives Debian's own ``chromium`` binary (``executable_path``), so
nothing is downloaded: the flags are those that keep Chromium from reaching for
the network on its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geomap.errors import GeomapError, NothingFound

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """The system Chromium, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def browser() -> Iterator[object]:
    """A Playwright Chromium browser; raises GeomapError with the fix when it cannot start."""
    path = chromium_path()
    if path is None:
        raise GeomapError("Chromium is not installed; on Debian: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise GeomapError("Playwright is not installed; pip install 'geomap[browser]'") from None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            b.close()


# What a page shows, read in the page: whether Leaflet started and drew anything, and how much of the captured
# image differs from its commonest colour (decoded by the browser itself, every fourth pixel).
_DRAWN = """() => {
    if (!window.L || !document.querySelector('.leaflet-container')) { return 'no-map'; }
    return document.querySelector('.leaflet-pane path, .leaflet-marker-icon, .leaflet-tile-loaded') ? '' : 'empty';
}"""
_VARIED = """async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map();
    let n = 0, top = 0;
    for (let i = 0; i < d.length; i += 16) {
        const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        const v = (counts.get(k) || 0) + 1;
        counts.set(k, v); n += 1; if (v > top) { top = v; }
    }
    return 1 - top / n;
}"""
BLANK = 0.002  # under 0.2% of the pixels off the background colour: nothing to see


def _blank_reason(page: Any, png: bytes) -> str | None:
    """Why the captured page shows no map, or None when it shows one."""
    import base64

    drawn = page.evaluate(_DRAWN)
    if drawn == "no-map":
        return "no map was drawn (Leaflet did not load: a page made with --cdn needs the network)"
    if drawn == "empty":
        return "the map is empty"
    if page.evaluate(_VARIED, base64.b64encode(png).decode("ascii")) < BLANK:
        return "the captured image is blank"
    return None


def screenshot(
    page_path: str | Path, png_path: str | Path, *, width: int = 1000, height: int = 650, using: Any = None
) -> Path:
    """A PNG of a map page, after its script has run; ``using`` is an already open Playwright browser.

    Raises NothingFound, and writes nothing, when the page shows no map.
    """
    target = Path(png_path)
    if using is None:
        with browser() as b:
            return screenshot(page_path, target, width=width, height=height, using=b)
    page = using.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(Path(page_path).resolve().as_uri())
        page.wait_for_timeout(400)
        png = page.screenshot()
        reason = _blank_reason(page, png)
    finally:
        page.close()
    if reason is not None:
        raise NothingFound(f"{page_path}: {reason}; no PNG written")
    from geomap.output import write_bytes_atomic

    return write_bytes_atomic(target, png)
