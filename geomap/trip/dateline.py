"""Where an article says it was written: a wire dateline ("VLADIVOSTOK, Russia (AP) —") or a place line under
the headline ("June 15, 2003, St Petersburg"; "Bada, Verkhnyaya Ivolga, Ulan-Ude").

A place line names where the events of the story happen; a wire dateline names where the reporter filed from,
which is where the traveller is only when the lead says nothing else. :func:`place_line` finds either on the
first lines of the article; the itinerary decides whether the traveller was there.

Input: text and resolved mentions; output: :class:`PlaceLine` or None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geomap.gazetteer.store import Gazetteer
from geomap.model import Mention, Place
from geomap.text import patterns
from geomap.text.tokens import Span, opening_lines
from geomap.trip.timecues import MONTHS, tense_of

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:(?i:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?i:{_MONTH})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
# A name in a place line: capitalised words, with the small words place names hold ("Kuala Lumpur", "Rostov-on-Don",
# "Republic of Tatarstan", "The Kremlin").
_NAME = r"[A-Z][\w.'’-]*(?:[ -](?:of|the|on|upon|de|del|la|le|am|an|[A-Z][\w.'’-]*))*"
_NAMES = rf"{_NAME}(?:,\s*{_NAME})*"
# "June 15, 2003, St Petersburg", "St Petersburg, June 15, 2003", "June 15, 2003" alone, a date line of a page.
_PLACE_LINE = patterns.compile(
    rf"\s*(?:(?P<date1>{_DATE})(?:,\s*(?P<after>{_NAMES}))?|(?P<before>{_NAMES}),\s*(?P<date2>{_DATE}))\s*"
)


@dataclass(frozen=True)
class PlaceLine:
    """The line, the resolved places named on it (in the order written) and the date it gives, if any."""

    line: Span
    places: tuple[Mention, ...]
    date: dt.date | None
    inline: bool = False  # a wire dateline that opens the lead's own line ("YOKOTA AIR BASE, Japan: Biden landed")


def place_line(text: str, mentions: list[Mention], gazetteer: Gazetteer | None = None) -> PlaceLine | None:
    """The place line among the article's first lines: a date and the names of the places where it happens.

    >>> from geomap.model import Place
    >>> text = "Talks in the north\\n\\nJune 15, 2003, St Petersburg\\n\\nThe President arrived."
    >>> at = text.index("St Petersburg")
    >>> spb = Mention(at, at + 13, "St Petersburg", Place("g:1", "Saint Petersburg", 59.9, 30.3, "RU", "city"))
    >>> found = place_line(text, [spb])
    >>> [m.text for m in found.places], found.date
    (['St Petersburg'], datetime.date(2003, 6, 15))

    A name on the line the geoparser left unresolved is looked up in ``gazetteer``: the line is known to hold
    place names ("Turku", "Tula Region"), so its reading in a country the article names is taken.
    """
    for line in opening_lines(text):
        match = _PLACE_LINE.fullmatch(text, line.start, line.end)
        if match is None:
            continue
        names = match.group("after") or match.group("before")
        if names is None:
            return None  # a date line with no place: the article's date, not where it happens
        start = match.start("after") if match.group("after") else match.start("before")
        places = _places_named(text, start, start + len(names), mentions, gazetteer)
        return PlaceLine(line, places, _line_date(match.group("date1") or match.group("date2"))) if places else None
    return None


def _places_named(
    text: str, start: int, end: int, mentions: list[Mention], gazetteer: Gazetteer | None
) -> tuple[Mention, ...]:
    """The places of the names in ``text[start:end]``: the geoparser's, else the gazetteer's best reading."""
    found = [m for m in mentions if start <= m.start and m.end <= end and m.place is not None]
    if gazetteer is None:
        return tuple(found)
    found = [_within_the_lines_area(m, found, gazetteer) for m in found]
    countries = {m.place.country for m in mentions if m.place is not None and m.place.country}
    for name in re.finditer(r"[^,]+", text[start:end]):
        a = start + name.start() + len(name.group()) - len(name.group().lstrip())
        b = start + name.end()
        if any(m.start < b and a < m.end for m in found):
            continue
        readings = [p for p in gazetteer.lookup(text[a:b], limit=10) if p.kind not in ("country", "continent")]
        reading = next((p for p in readings if p.country in countries), readings[0] if readings else None)
        if reading is not None:
            found.append(Mention(a, b, text[a:b], reading, 0.5))
    return tuple(sorted(found, key=lambda m: m.start))


def wire_dateline(text: str, mentions: list[Mention]) -> PlaceLine | None:
    """A wire dateline ("YOKOTA AIR BASE, Japan: President Biden landed ...") as a place line of the lead's own
    line: a town, or a base, an airport or a palace."""
    dateline = dateline_city(text, mentions, _DATELINE_KINDS)
    if dateline is None:
        return None
    place, end = dateline
    found = next((m for m in mentions if m.start < end and m.place is not None and m.place.id == place.id), None)
    if found is None:
        return None
    start = text.rfind("\n", 0, found.start) + 1
    return PlaceLine(Span(start, end, text[start:end]), (found,), None, inline=True)


_DATE_IN_DATELINE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}),?\s+\d{4})"
# "HIROSHIMA, Japan (AP) —", "TEL AVIV, Oct. 18, 2023 —", "New Delhi, August 22, 2023:" (a town in lower case only with its date)
# (a city in capitals may have its date without the year: "WASHINGTON, Sept. 24 (Xinhua) --")
_DATELINE = patterns.compile(
    r"(?:[A-Z][A-Z .'-]+,?(?: [A-Z][A-Za-z .'-]+)?(?:"
    + _DATE_IN_DATELINE
    + r"|,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"|[A-Z][A-Za-z .'-]+(?:, [A-Z][A-Za-z .'-]+)?" + _DATE_IN_DATELINE + r")"
    r"\s*(?:\([A-Za-z ]+(?: \d{1,2})?\))?\s*[—–:-]"  # "(AP)", and Bernama's date: "PUTRAJAYA (March 26):"
)
# A page's date stamp before the dateline: "2023-03-26 KUALA LUMPUR (March 26): ...", "Published: 3 May 2022 LONDON -"
_STAMP = patterns.compile(
    rf"(?i:(?:date[ds]?|published|posted|updated)\s*:?\s*)?\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]\d{{1,2}}[:.]\d{{2}})?\s+|"
    rf"(?i:(?:date[ds]?|published|posted|updated)\s*:?\s*)(?:\d{{1,2}}\s+(?i:{_MONTH})\.?,?\s+\d{{4}}|"
    rf"(?i:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}})\s+"
)


# "Ahead of her Nordic tour, the minister told reporters ...": whatever the verb's tense, the trip is still to come
_AHEAD_OF_A_TRIP = patterns.compile(
    r"\s*(?i:ahead of|on the eve of|before)\s+(?:his|her|their|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?i:trip|visit|tour|journey|travels?)\b"
)


def without_a_plans_stamp(text: str) -> str:
    """The text with a page's date stamp blanked (same length: offsets hold) when the sentence it runs into tells a
    plan: "2020-10-20 The minister will visit Oslo and Bergen this month" is not a visit on the 20th. (A lead
    that reports, "2018-07-23 The king was greeted at Bergen airport", keeps it: the day's news is the stamp's day.)"""
    lines = opening_lines(text, 1)
    stamp = _STAMP.match(text, lines[0].start, lines[0].end) if lines else None
    if stamp is None:
        return text
    lead = text[stamp.end() : lines[0].end]
    lead = lead[: lead.find(". ") + 1] if ". " in lead else lead
    if tense_of(lead) != "future" and not _AHEAD_OF_A_TRIP.match(lead):
        return text
    return text[: stamp.start()] + " " * (stamp.end() - stamp.start()) + text[stamp.end() :]


def dateline_city(
    text: str, mentions: list[Mention], kinds: frozenset[str] = frozenset({"city", "capital"})
) -> tuple[Place, int] | None:
    """The city of the article's dateline, on one of its first lines (after a headline), and where the dateline ends
    (``kinds``: what a dateline's place may be; a town, unless said otherwise)."""
    for line in opening_lines(text):
        stamp = _STAMP.match(text, line.start, line.end)
        dateline = _DATELINE.match(text, stamp.end() if stamp else line.start, line.end)
        if dateline:
            # (the city, not a credit line in brackets: "(Xinhua)" is the agency, not the town of that name)
            credit = text.find("(", line.start, dateline.end())
            until = credit if credit >= 0 else dateline.end()
            place = next((m.where for m in mentions if line.start <= m.start < until and m.where.kind in kinds), None)
            return (place, dateline.end()) if place is not None else None
    return None


_DATELINE_KINDS = frozenset({"city", "capital", "military base", "airport", "palace", "venue", "spaceport"})


def _within_the_lines_area(m: Mention, found: list[Mention], gazetteer: Gazetteer) -> Mention:
    """ "Gorki, Moscow Region": a place the line qualifies with its region is read inside that region, if a place of
    its name lies there (not the city of Gorky, now Nizhny Novgorod, 400 km away)."""
    areas = [o.place for o in found if o.place is not None and o.place.kind in ("admin1", "country") and o is not m]
    place = m.place
    if place is None or not areas or any(_inside(a, place) for a in areas):
        return m
    reading = next((p for p in gazetteer.lookup(m.text, limit=20) if any(_inside(a, p) for a in areas)), None)
    return Mention(m.start, m.end, m.text, reading, m.confidence) if reading is not None else m


def _inside(area: Place, place: Place) -> bool:
    if area.kind == "country":
        return place.country == area.country
    return place.country == area.country and bool(place.admin1) and place.admin1 == area.admin1


def _line_date(words: str) -> dt.date | None:
    from geomap.trip.timecues import _calendar_date

    found = _calendar_date(words, None)
    return found[0] if found else None
