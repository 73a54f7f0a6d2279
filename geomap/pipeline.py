"""The public entry points: text in, mentions or an itinerary out.

Each function runs the stages in order (recognize -> resolve -> itinerary) on
the default gazetteer unless one is given. The default gazetteer is built on
first use (about half a minute, with a progress line on stderr) and then
opened read-only from the user cache.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geomap.errors import InputError
from geomap.gazetteer.default import default_gazetteer
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.recognize import find_places
from geomap.geoparse.resolve import found_for_spans, resolve
from geomap.model import Itinerary, Mention


def _gazetteer(gazetteer: Gazetteer | str | Path | None) -> Gazetteer:
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    return default_gazetteer(gazetteer)


def geoparse(
    text: str, spans: list[tuple[int, int]] | None = None, *, gazetteer: Gazetteer | str | Path | None = None
) -> list[Mention]:
    """The places an article names, each resolved to coordinates, in text order.

    With ``spans`` (a list of ``(start, end)`` offsets), only those spans are
    resolved: the "gold spans" setting of geoparsing evaluations.

    >>> [(m.text, m.place.name) for m in geoparse("Kim took his train to Vladivostok.")]
    [('Vladivostok', 'Vladivostok')]
    """
    if not isinstance(text, str):
        raise InputError(f"geoparse needs text (str), got {type(text).__name__}")
    gaz = _gazetteer(gazetteer)
    if spans is not None:
        for start, end in spans:
            if not (0 <= start <= end <= len(text)):
                raise InputError(f"span ({start}, {end}) is outside the text of length {len(text)}")
        found = found_for_spans(text, list(spans), gaz)
    else:
        found = find_places(text, gaz)
    return resolve(found, text, gaz)


def itinerary(
    text: str,
    leader: str | None = None,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    gazetteer: Gazetteer | str | Path | None = None,
) -> Itinerary:
    """The ordered stops of the traveller the article follows, with evidence, plus context places.

    ``leader`` names the traveller when the article follows several people;
    ``date`` (the article's date) turns "Tuesday" and "the day before" into dates.

    >>> trip = itinerary("Kim left Omsk by train. He arrived in Tomsk the next day.")
    >>> [s.place.name for s in trip.stops]
    ['Omsk', 'Tomsk']
    """
    return analyse(text, leader, date=date, title=title, gazetteer=gazetteer)[1]


def analyse(
    text: str,
    leader: str | None = None,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    gazetteer: Gazetteer | str | Path | None = None,
) -> tuple[list[Mention], Itinerary]:
    """Both the mentions and the itinerary of one article, geoparsing it once (a batch run writes both).

    >>> mentions, trip = analyse("Kim left Omsk by train. He arrived in Tomsk the next day.")
    >>> [m.text for m in mentions], len(trip.stops)
    (['Omsk', 'Tomsk'], 2)
    """
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"date must be YYYY-MM-DD, got {date!r}") from None
    from geomap.trip.itinerary import build_itinerary  # a tenth of a second to import: `geomap places` never does

    gaz = _gazetteer(gazetteer)
    mentions = geoparse(text, gazetteer=gaz)
    return mentions, build_itinerary(text, mentions, gaz, leader=leader, date=date, title=title)


def places_table(text: str, *, gazetteer: Gazetteer | str | Path | None = None) -> list[dict]:
    """One dict per place mention (the rows of ``geomap places --json``), for tables and dataframes.

    >>> [row["name"] for row in places_table("Talks were held in Minsk.")]
    ['Minsk']
    """
    from geomap.publish.shapes import mention_to_dict

    return [mention_to_dict(m) for m in geoparse(text, gazetteer=gazetteer) if m.place is not None]
