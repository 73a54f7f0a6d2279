"""The gazetteer every command uses unless told otherwise: the user cache's file, built on first use.

Building takes about half a minute, with a progress line on stderr; afterwards the file is opened
read-only, once per process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from geomap.gazetteer.fingerprint import needs_build
from geomap.gazetteer.store import Gazetteer, already_open, default_path, open_gazetteer


def _stderr_progress(step: str, done: int, total: int | None) -> None:
    if done == 0:
        print("geomap: building the offline gazetteer (once, about 30 s) ...", file=sys.stderr, flush=True)
    print(f"  [{done}/{total}] {step}", file=sys.stderr, flush=True)


def default_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default: the user cache), built first if missing.

    >>> default_gazetteer().lookup("East Sea")[0].name
    'Sea of Japan'
    """
    target = Path(path) if path else default_path()
    # Checking the file's build costs a millisecond (it hashes the curated layers): once per process is enough.
    gaz = already_open(target)
    if gaz is None:
        if needs_build(target):
            from geomap.gazetteer.build import build  # only now: the build's readers take a while to import

            build(target, progress=_stderr_progress)
        gaz = open_gazetteer(target)
    return gaz
