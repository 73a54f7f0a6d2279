"""Every error geomap raises, under one root.

The CLI turns these into one line on stderr and an exit status (docs/JSON.md):
``NothingFound`` exits 1, any other ``GeomapError`` exits 2. Where a built-in
exception fits, it is a second parent, so callers can catch either.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Root of geomap's errors; catch this to catch them all.

    >>> from geomap.text.read import decode_article
    >>> try:
    ...     decode_article(b"")
    ... except GeomapError as exc:
    ...     print(exc)
    input: is empty; give the text of a news article
    """


class InputError(GeomapError, ValueError):
    """Raised when an article or an edited itinerary cannot be used as input:
    missing, a directory, empty, binary, not UTF-8, HTML, too large, or invalid JSON.

    >>> issubclass(InputError, ValueError)
    True
    """


class GazetteerError(GeomapError):
    """Raised when the gazetteer database is missing, truncated or not SQLite,
    or a data file given to ``geomap gazetteer import`` cannot be read.

    >>> from geomap.gazetteer.store import open_gazetteer
    >>> try:
    ...     open_gazetteer("/nonexistent/g.sqlite")
    ... except GazetteerError as exc:
    ...     "geomap gazetteer build" in str(exc)
    True
    """


class OutputError(GeomapError):
    """Raised when an output file cannot be written: its folder is not writable, the disk is full, the file
    system is read-only, or the target is not a regular file (a link, a FIFO, a device) or is read-only.

    Nothing is left half-written: the old file, or none, stays (geomap.output).
    """


class NothingFound(GeomapError):
    """Raised when an article names no place, or no itinerary can be found in it.

    The command line turns it into exit status 1 (bad input is 2).

    >>> NothingFound("no places found in the article").args[0]
    'no places found in the article'
    """
