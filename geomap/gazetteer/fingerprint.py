"""Whether a gazetteer file was built from this geomap's sources: checked on every command, so kept light.

The check hashes the curated layers and the code that reads them, which it finds by path: importing the
build and its readers would cost every command tens of milliseconds for a file that is almost always current.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from geomap.gazetteer.store import SCHEMA_VERSION

_HERE = Path(__file__).resolve().parent


def layers_dir() -> Path:
    """The curated TSV layers: packaged beside the code, or the repository's ``gazetteer/``."""
    here = _HERE.parent
    for candidate in (here / "_layers", here.parent / "gazetteer"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("geomap's curated gazetteer layers are missing from the installation")


def sources_fingerprint() -> str:
    """A short hash of what a default build is made from: the schema, geomap's version and the curated layers.

    A gazetteer built by another geomap (other layers, or other code that reads them) is rebuilt on first
    use. (The data packages' versions are left out:
    looking them up costs a tenth of a second on every command; `geomap gazetteer build --force` picks up
    an upgraded package.)
    """
    import hashlib

    from geomap.version import __version__

    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{__version__}".encode())
    # The code that turns the packaged data into records is a source too ("Kansas City Airport" is not "Airport").
    for code in (_HERE / "layers.py", _HERE / "build.py"):
        digest.update(code.read_bytes())
    for tsv in sorted(layers_dir().glob("*.tsv")):
        digest.update(tsv.name.encode())
        digest.update(tsv.read_bytes())
    return digest.hexdigest()[:16]


def built_from(target: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def needs_build(path: str | Path) -> bool:
    """True when the file is missing, or was made by a default build of another geomap (an imported dump
    is kept: rebuild it by hand)."""
    target = Path(path)
    if not target.exists():
        return True
    built = built_from(target)
    return built is not None and built != sources_fingerprint()


def remove_stale_partials(target: Path) -> int:
    """Remove the ``NAME.partial-PID`` files (some 75 MB each) of builds whose process is gone; every command
    asks, so the common case (none there) is one look at the folder."""
    try:
        found = next(target.parent.glob(f"{target.name}.partial-*"), None)
    except OSError:
        return 0
    if found is None:
        return 0
    from geomap.output import remove_stale

    def pid_of(name: str) -> int | None:
        pid = name.rpartition("-")[2]
        return int(pid) if pid.isdigit() else None

    return remove_stale(target.parent, f"{target.name}.partial-*", pid_of)
