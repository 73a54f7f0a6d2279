"""Other geoparsers timed beside geomap on the same texts, in the same run (``geomap eval speed``).

flashgeotext is the fastest offline matcher we know: a keyword trie over GeoNames city and country names,
with no disambiguation (recognition F1 about 0.5 on these corpora, against geomap's 0.8). It sets the speed a
geoparser that reads text once can reach in Python. Install it with ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def flashgeotext_pass(texts: list[str]) -> Callable[[], float] | None:
    """A function timing one flashgeotext pass over ``texts`` (seconds), or None when it is not installed.

    Its lookup tables are built here, once, outside the timing: geomap's gazetteer is built and opened
    outside its timing too.
    """
    try:
        from flashgeotext.geotext import GeoText
    except ImportError:
        return None
    import logging

    logging.getLogger("flashgeotext").setLevel(logging.ERROR)
    geotext = GeoText()

    def one_pass() -> float:
        t = time.perf_counter()
        for text in texts:
            geotext.extract(input_text=text)
        return time.perf_counter() - t

    return one_pass
