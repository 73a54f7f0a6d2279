"""The index page of a batch run's maps: one row per article, with its title, traveller, date and stops.

Every piece of text on the page comes from articles (titles, names, ids), so every piece is escaped for HTML,
attribute values included, and nothing is a template (docs/SECURITY.md): the page is built from fixed markup
and escaped strings only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

_STYLE = (
    "body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#222}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;"
    "border-bottom:1px solid #ddd;vertical-align:top}th{background:#f4f4f4}td.stops{color:#444}"
)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One article of the index: what it is called, whose trip, when, its stops, and its map (if drawn)."""

    id: str
    title: str | None
    leader: str | None
    date: str | None
    stops: tuple[str, ...]
    href: str | None


def _cell(text: str | None, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<td{attr}>{html.escape(text or '')}</td>"


def _row(entry: IndexEntry) -> str:
    label = html.escape(entry.title or entry.leader or entry.id)
    name = f'<a href="{html.escape(entry.href, quote=True)}">{label}</a>' if entry.href else label
    return (
        f"<tr><td>{name}</td>{_cell(entry.leader)}{_cell(entry.date)}"
        f"{_cell(' → '.join(entry.stops), 'stops')}{_cell(entry.id)}</tr>"
    )


def index_page(entries: Iterable[IndexEntry], *, heading: str = "Itinerary maps") -> str:
    """The whole page, every outside string escaped.

    >>> page = index_page([IndexEntry("a1", "<b>Kim</b>", None, None, ("Omsk",), "maps/a1.html")])
    >>> "&lt;b&gt;Kim&lt;/b&gt;" in page and "<b>Kim" not in page
    True
    """
    rows = [_row(e) for e in entries]
    title = html.escape(heading)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{title}</h1><p>{len(rows):,} articles. "
        'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0).</p>'
        "<table><thead><tr><th>article</th><th>traveller</th><th>date</th><th>stops</th><th>id</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table></body></html>\n"
    )
