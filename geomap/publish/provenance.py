"""The itinerary a map shows, carried inside the map: a published page or SVG can be reopened and corrected.

The page holds it in ``<script type="application/json" id="geomap-itinerary">``, the SVG in
``<metadata id="geomap-itinerary"><![CDATA[...]]></metadata>``. Both hold the same JSON: geomap's version, the
gazetteer's build date and sources, the article's source and date, which stops were edited by hand, and the
itinerary in the shape of ``geomap itinerary --json``. ``<``, ``>`` and ``&`` are written as ``\\u003c``-style
escapes, so no text in it can close the script or the CDATA section, and any JSON reader reads it back unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geomap.errors import InputError
from geomap.model import Itinerary, Place
from geomap.output import json_text
from geomap.version import __version__

BLOCK_ID = "geomap-itinerary"
_HTML_BLOCK = re.compile(r'<script type="application/json" id="geomap-itinerary">(.*?)</script>', re.S)
_SVG_BLOCK = re.compile(r'<metadata id="geomap-itinerary"><!\[CDATA\[(.*?)\]\]></metadata>', re.S)
_SAME_POINT = 1e-4  # degrees: the JSON keeps five decimals, so a stop read back is within this of its record


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a map's itinerary came from. ``edited`` is None when nobody checked (no gazetteer at hand)."""

    gazetteer_built: str | None = None
    gazetteer_sources: tuple[str, ...] = ()
    article_source: str | None = None
    article_date: str | None = None
    edited: tuple[int, ...] | None = None


def edited_stops(trip: Itinerary, by_id: Callable[[str], Place | None]) -> tuple[int, ...]:
    """The order numbers of stops a person changed: a place the gazetteer does not hold under its id, or holds
    under another name or elsewhere (a relabelled, pinned or typed-in stop).

    >>> from geomap.model import Stop
    >>> omsk = Place("x:1", "Omsk", 54.99, 73.37)
    >>> trip = Itinerary(None, [Stop(1, omsk), Stop(2, Place("x:1", "Omsk (airport)", 54.99, 73.37))])
    >>> edited_stops(trip, {"x:1": omsk}.get)
    (2,)
    """
    changed = []
    for stop in trip.stops:
        known = by_id(stop.place.id)
        if (
            known is None
            or known.name != stop.place.name
            or abs(known.lat - stop.place.lat) > _SAME_POINT
            or abs(known.lon - stop.place.lon) > _SAME_POINT
        ):
            changed.append(stop.order)
    return tuple(changed)


def record(trip: Itinerary, provenance: Provenance | None = None) -> dict[str, Any]:
    """The JSON a map carries: who made it from what, and the itinerary itself."""
    p = provenance or Provenance()
    return {
        "generator": f"geomap {__version__}",
        "gazetteer": {"built": p.gazetteer_built, "sources": list(p.gazetteer_sources)},
        "article": {"source": p.article_source, "date": p.article_date},
        "edited_stops": None if p.edited is None else list(p.edited),
        "itinerary": trip.to_dict(),
    }


def embedded_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` or a CDATA section: ``<``, ``>``, ``&`` and the two JavaScript line
    separators are escaped, so the text cannot end the element it is in.

    >>> embedded_json({"a": "</script><![CDATA[]]>"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c![CDATA[]]\\\\u003e"}'
    """
    text = json_text(data, separators=(",", ":"))  # (the line separators and the controls escaped there)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
    ):
        text = text.replace(raw, escaped)
    return text


def read_embedded(text: str, where: str = "the file") -> dict[str, Any]:
    """The record a geomap page or SVG carries; InputError when it has none or it is damaged."""
    found = _HTML_BLOCK.search(text) or _SVG_BLOCK.search(text)
    if found is None:
        raise InputError(f"{where}: holds no itinerary (a page or SVG written by geomap map carries one)")
    try:
        data = json.loads(found.group(1))
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: its itinerary block is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(f"{where}: its itinerary block is nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("itinerary"), dict):
        raise InputError(f"{where}: its itinerary block has no 'itinerary' object")
    return data
