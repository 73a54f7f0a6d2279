"""Writing files so that a reader never sees half of one, and a failure leaves nothing behind.

Every file geomap writes goes to a temporary file in the same folder first and is renamed into place only
when complete; when a command writes several files (a map, its GeoJSON, its PNG), all are written before any
is renamed, so an error (a full disk, a read-only folder) or an interrupt leaves every old file as it was,
never a truncated one or half of a set. Temporary files carry the writer's process id, and those of a
process that is gone are removed by the next write to the same folder.

Only regular files are replaced: a symbolic link, a FIFO, a device or a folder given as the output is
refused (``cp`` would write through them; a map written into a FIFO or over a link's target is not what
anyone asked for), and so is a read-only file unless the caller says ``force``; the new file keeps the old
one's permissions.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from geomap.errors import OutputError

# Characters JSON may carry raw but readers choke on: DEL and the C1 controls (a file full of them reads as
# binary), and the two line separators JavaScript ends a line at. Escaped, the text is the same JSON.
_UNSAFE_IN_JSON = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), 0x2028, 0x2029]}


def json_text(data: object, **options: object) -> str:
    """JSON as ``json.dumps(data, ensure_ascii=False, **options)`` writes it, with DEL, the C1 controls and the
    line separators escaped, so that any output geomap writes reads back as the text it is.

    >>> json_text({"a": "x\u0085y"})
    '{"a": "x\\\\u0085y"}'
    """
    return json.dumps(data, ensure_ascii=False, **options).translate(_UNSAFE_IN_JSON)  # type: ignore[arg-type]


def cache_folder() -> Path:
    """The user's cache folder for what geomap builds once and reuses (the gazetteer, the decoded basemap, the
    compiled regular expressions): ``$XDG_CACHE_HOME/geomap`` or ``~/.cache/geomap``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"


def checked_bytes(about: dict[str, object], body: bytes) -> bytes:
    """``body`` under a line of JSON that says what it is (``about``) and holds its SHA-256: a cache file a reader
    checks before it trusts it (:func:`read_checked`).

    >>> checked_bytes({"layout": 1}, b"[1, 2]").splitlines()[1]
    b'[1, 2]'
    """
    header = {**about, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode("utf-8") + b"\n" + body


def read_checked(path: Path, about: dict[str, object]) -> bytes | None:
    """The body of a file :func:`checked_bytes` wrote, when its header says ``about`` (each item equal) and the
    body's digest matches; None when the file is missing, unreadable, damaged or about something else. The
    digest is checked on the bytes, before anything parses them."""
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        said = json.loads(header)
    except (OSError, ValueError):
        return None
    if not isinstance(said, dict) or any(said.get(k) != v for k, v in about.items()):
        return None
    return body if said.get("sha256") == hashlib.sha256(body).hexdigest() else None


STALE_AFTER_S = 3600  # a temporary file that names no process, older than this, is litter


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` as UTF-8, atomically.

    >>> import tempfile, pathlib
    >>> p = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.txt", "done")
    >>> p.read_text()
    'done'
    """
    return write_bytes_atomic(path, text.encode("utf-8"), force=force)


def write_bytes_atomic(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (an image, say): a temporary file beside it, renamed into place."""
    return write_all_atomic([(path, data)], force=force)[0]


def write_all_atomic(files: Sequence[tuple[str | Path, bytes]], *, force: bool = False) -> list[Path]:
    """Write every ``(path, data)`` or none: each to a temporary file beside it, then all renamed into place.

    Raises :class:`OutputError` (one sentence naming the file and the cause) when a target is not a regular
    file, is read-only without ``force``, or cannot be written; every temporary file is removed then.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_all_atomic([(folder / "a.html", b"<p>"), (folder / "a.json", b"{}")])]
    ['a.html', 'a.json']
    """
    targets = [Path(path) for path, _ in files]
    modes = [check_target(target, force=force) for target in targets]
    temps: list[str] = []
    current, renamed = targets[0], 0
    try:
        for current in targets:
            current.parent.mkdir(parents=True, exist_ok=True)
        for current, (_, data), mode in zip(targets, files, modes):
            temps.append(_write_temp(current, data, mode))
        for tmp, current in zip(temps, targets):
            os.replace(tmp, current)
            renamed += 1
    except BaseException as exc:
        for tmp in temps[renamed:]:
            Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        done = "no file was replaced" if not renamed else f"{renamed} of {len(targets)} files were replaced"
        raise OutputError(f"{current}: cannot be written ({_reason(exc)}); {done}") from None
    return targets


def check_target(target: Path, *, force: bool = False) -> int:
    """The permissions the file at ``target`` will get, after checking that geomap may write it there.

    Raises :class:`OutputError` for a folder, a symbolic link, a FIFO, a device or a socket, and for a
    read-only file unless ``force``; a missing folder must be one that can be made.
    """
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot be checked ({_reason(exc)})") from None
    if st is not None:
        kind = _not_regular(st.st_mode)
        if kind:
            raise OutputError(f"{target}: is {kind}; geomap writes only regular files, give another file name")
        if not force and not st.st_mode & stat.S_IWUSR:
            raise OutputError(f"{target}: is read-only; use --force to replace it (it stays read-only)")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder the missing ones will be made in
    if not folder.is_dir():
        raise OutputError(f"{folder}: is not a folder; give an output path in a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: the output folder is not writable")
    return stat.S_IMODE(st.st_mode) if st is not None else 0o644  # a new map is meant to be published


def _not_regular(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return ""


_SWEPT: set[Path] = set()  # folders already cleared of dead writers' temporary files by this process


def _write_temp(target: Path, data: bytes, mode: int) -> str:
    folder = target.parent
    if folder not in _SWEPT:  # once per folder: a batch writes thousands of maps into one
        _SWEPT.add(folder)
        remove_stale(folder, ".*.part", _part_pid)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=folder)
    try:
        try:
            view = memoryview(data)
            while view:  # the operating system's own write: a full disk or a read-only file system shows here
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _part_pid(name: str) -> int | None:
    """The writer's process id in a temporary file's name (".map.html.1234.x8f2.part"), if it names one."""
    pieces = name.rsplit(".", 3)
    return int(pieces[1]) if len(pieces) == 4 and pieces[1].isdigit() else None


def remove_stale(folder: Path, pattern: str, pid_of: Callable[[str], int | None]) -> int:
    """Remove the files matching ``pattern`` that a killed geomap left: those whose process is gone, and those
    naming no process (written by an older geomap) after an hour. Returns how many were removed."""
    removed = 0
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return 0
    for path in candidates:
        pid = pid_of(path.name)
        try:
            stale = not _alive(pid) if pid is not None else time.time() - path.stat().st_mtime > STALE_AFTER_S
            if stale and path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _reason(exc: OSError) -> str:
    """The cause in words a user can act on."""
    known = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return known.get(exc.errno or 0, exc.strerror or str(exc))
