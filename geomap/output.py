"""Writing files so that a reader never sees half of one.

Every file geomap writes goes to a temporary file in the same folder first and
is renamed into place only when complete; an error or an interrupt leaves the
old file (or no file) behind, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geomap.errors import InputError


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, atomically.

    >>> import tempfile, pathlib
    >>> p = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.txt", "done")
    >>> p.read_text()
    'done'
    """
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (an image, say): a temporary file beside it, renamed into place."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the output")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{parent}: cannot create the output folder ({exc.strerror or exc})") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a map is meant to be published
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
