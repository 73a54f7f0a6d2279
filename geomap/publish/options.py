"""The options of a map, checked once: the page, the SVG and the PNG take the same names as the command line.

A colour goes into a stylesheet, so it is checked against a strict pattern here, not escaped later: a
stylesheet has no escaping that would make ``red;}body{display:none`` harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = ("none", "stops", "all")
THEMES = ("light", "dark", "print")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})|[a-zA-Z]{3,20}")

# The colours of each theme: the sea (the map's background), land and its coast, borders, text and its halo.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "sea": "#dce8f2",
        "land": "#f5f2ea",
        "coast": "#9db4c8",
        "border": "#b5a898",
        "text": "#1d1d1d",
        "muted": "#4a4a4a",
        "halo": "#ffffff",
        "box": "rgba(255,255,255,.94)",
        "context": "#8a8a8a",
    },
    "dark": {
        "sea": "#17212b",
        "land": "#2e3743",
        "coast": "#4f6479",
        "border": "#6f7a86",
        "text": "#f2f2f2",
        "muted": "#c9c9c9",
        "halo": "#0b0f14",
        "box": "rgba(24,29,36,.94)",
        "context": "#9aa3ad",
    },
    "print": {
        "sea": "#ffffff",
        "land": "#eeeeee",
        "coast": "#7d7d7d",
        "border": "#8c8c8c",
        "text": "#000000",
        "muted": "#333333",
        "halo": "#ffffff",
        "box": "#ffffff",
        "context": "#6e6e6e",
    },
}
DEFAULT_ACCENT = "#b3261e"


def check_colour(value: str) -> str:
    """A CSS colour we can put in a stylesheet as it is: #rgb, #rrggbb or a colour name.

    >>> check_colour("#1f6feb")
    '#1f6feb'
    >>> check_colour("red;}")
    Traceback (most recent call last):
    ...
    ValueError: accent must be a colour like #b3261e or a name like teal, got 'red;}'
    """
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise ValueError(f"accent must be a colour like #b3261e or a name like teal, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class MapOptions:
    """How a map looks, for the page, the SVG and the PNG alike.

    ``tiles`` is a tile provider's name (xyzservices) drawn over the Natural Earth basemap, or None for the
    basemap alone; ``self_contained`` inlines Leaflet (``False`` is the command line's ``--cdn``).

    >>> MapOptions(labels="all", theme="dark").palette["sea"]
    '#17212b'
    """

    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    tiles: str | None = None
    self_contained: bool = True
    show_context: bool = True
    inset: bool = True
    labels: str = "stops"
    theme: str = "light"
    accent: str = DEFAULT_ACCENT
    height: str = "100%"

    def __post_init__(self) -> None:
        if self.labels not in LABELS:
            raise ValueError(f"labels must be one of {', '.join(LABELS)}, got {self.labels!r}")
        if self.theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {self.theme!r}")
        check_colour(self.accent)
        if not re.fullmatch(r"\d{1,5}(?:px|%|vh)", self.height):
            raise ValueError(f"height must be like 100% or 600px, got {self.height!r}")

    @property
    def palette(self) -> dict[str, str]:
        return {**PALETTES[self.theme], "accent": self.accent}
