"""Every error geomap raises, under one root.

The CLI turns these into one line on stderr and an exit status (DESIGN.md §4):
``NothingFound`` exits 1, any other ``GeomapError`` exits 2. Where a built-in
exception fits, it is a second parent, so callers can catch either.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Root of geomap's errors; catch this to catch them all."""


class InputError(GeomapError, ValueError):
    """Raised when an article or an edited itinerary cannot be used as input:
    missing, a directory, empty, binary, not UTF-8, HTML, too large, or invalid JSON."""


class GazetteerError(GeomapError):
    """Raised when the gazetteer database is missing, truncated or not SQLite,
    or a data file given to ``geomap gazetteer import`` cannot be read."""


class NothingFound(GeomapError):
    """Raised when an article names no place, or no itinerary can be found in it."""
