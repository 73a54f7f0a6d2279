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

from geomap.errors import GeomapError

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


def screenshot(
    page_path: str | Path, png_path: str | Path, *, width: int = 1000, height: int = 650, using: Any = None
) -> Path:
    """A PNG of a map page, after its script has run; ``using`` is an already open Playwright browser."""
    target = Path(png_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if using is None:
        with browser() as b:
            return screenshot(page_path, target, width=width, height=height, using=b)
    page = using.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(Path(page_path).resolve().as_uri())
        page.wait_for_timeout(400)
        tmp = target.with_name(f".{target.name}.part.png")  # never a half-written PNG under the final name
        page.screenshot(path=str(tmp))
        tmp.replace(target)
    finally:
        page.close()
    return target
