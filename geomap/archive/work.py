"""The work of one article, and of one chunk of articles in a worker process: what every executor runs.

The same functions run in the calling process, in local worker processes, on Dask workers and inside a Spark
``mapPartitions``: each opens the gazetteer once per process, read-only and ``immutable`` (no locks; the file
does not change under a batch), and turns each article into plain dicts, so what crosses a process boundary
is only data. Whatever goes wrong with one article becomes its error, never the run's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.archive.sources import Article, from_record
from geomap.errors import GeomapError
from geomap.gazetteer.store import Gazetteer, open_gazetteer


@dataclass(frozen=True, slots=True)
class Options:
    """What every worker needs to know: the gazetteer file and whether to draw maps.

    ``shipped``: the gazetteer was uploaded to each Dask worker's own folder (``--ship-gazetteer``); the worker
    opens its copy, found by the file's name, instead of ``gazetteer``'s path.
    """

    gazetteer: str
    maps: bool = False
    tiles: str = "OpenStreetMap.Mapnik"
    shipped: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article done: its places and itinerary (the JSON shapes, with its id), a map page, or why it failed."""

    id: str
    places: dict[str, Any] | None = None
    itinerary: dict[str, Any] | None = None
    page: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """A chunk done, with the worker that did it and that worker's memory, for the run's memory figures."""

    outcomes: tuple[Outcome, ...]
    worker: str
    rss_mb: float
    peak_mb: float


def map_name(article_id: str) -> str:
    """The file name of an article's map: readable, safe in any file system, and distinct for distinct ids.

    >>> map_name("2023/kim's trip")
    '2023-kim-s-trip-232e4f58.html'
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", article_id).strip(".-")[:80] or "article"
    return f"{slug}-{hashlib.blake2b(article_id.encode('utf-8'), digest_size=4).hexdigest()}.html"


def _text(article: Article) -> str:
    from geomap.text.read import check_text, decode_article

    if isinstance(article.text, bytes):
        return decode_article(article.text, "article")
    return check_text(article.text, "article")


def process_article(article: Article, gaz: Gazetteer, *, maps: bool = False, tiles: str = "OpenStreetMap.Mapnik"):
    """An :class:`Outcome` for one article; every failure is caught and becomes the outcome's ``error``."""
    if article.problem:
        return Outcome(article.id, error=article.problem)
    try:
        from geomap.pipeline import analyse

        mentions, trip = analyse(_text(article), article.leader, date=article.date, title=article.title, gazetteer=gaz)
        from geomap.publish.shapes import places_to_dict

        places = {"id": article.id, **places_to_dict(mentions)}
        itinerary = {"id": article.id, **trip.to_dict()}
        for key in ("date", "url"):
            if getattr(article, key):
                itinerary[key] = getattr(article, key)
        page = None
        if maps and (trip.stops or trip.context):
            from geomap.publish.page import render_html

            page = render_html(trip, title=article.title, source=article.url, tiles=tiles)
    except GeomapError as exc:
        return Outcome(article.id, error=str(exc).removeprefix("article: "))
    except Exception as exc:  # a bug met on one article must not end a run over a million
        return Outcome(article.id, error=f"internal error ({type(exc).__name__}: {exc})")
    return Outcome(article.id, places, itinerary, page)


def worker_gazetteer(options: Options) -> Gazetteer:
    """This process's connection to the gazetteer: opened once, read-only and immutable."""
    path = Path(options.gazetteer)
    if options.shipped:
        from distributed import get_worker

        path = Path(get_worker().local_directory) / path.name
    return open_gazetteer(path, immutable=True)


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB (Linux's /proc; the peak alone elsewhere)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        now = peak
    return now, peak


def process_chunk(articles: list[Article], options: Options) -> ChunkOutcome:
    """Run a chunk of articles in this process (a worker's task)."""
    gaz = worker_gazetteer(options)
    done = tuple(process_article(a, gaz, maps=options.maps, tiles=options.tiles) for a in articles)
    now, peak = memory_mb()
    return ChunkOutcome(done, f"{os.uname().nodename}:{os.getpid()}", now, peak)


def process_records(records: Iterable[dict], *, gazetteer: str | Path) -> Iterator[dict[str, Any]]:
    """Rows of ``{"id", "text", ...}`` in, rows of ``{"id", "places", "itinerary", "error"}`` out (JSON text).

    The shape a Spark ``mapPartitions`` wants (docs/SCALE.md): plain dicts in and out, the gazetteer opened
    once per worker process from a path every worker can read.

    >>> from geomap.gazetteer.store import default_path
    >>> rows = process_records([{"id": "a1", "text": "Talks in Minsk."}], gazetteer=default_path())
    >>> json.loads(next(rows)["places"])["places"][0]["name"]
    'Minsk'
    """
    gaz = open_gazetteer(gazetteer, immutable=True)
    for number, record in enumerate(records, 1):
        outcome = process_article(from_record(record, f"row {number}"), gaz)
        yield {
            "id": outcome.id,
            "places": _json(outcome.places),
            "itinerary": _json(outcome.itinerary),
            "error": outcome.error,
        }


def _json(data: dict | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False)
