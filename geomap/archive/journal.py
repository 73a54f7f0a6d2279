"""The output folder of a batch run, written so that a crash never leaves half an article behind.

JSONL (the default): ``places.jsonl``, ``itineraries.jsonl`` and ``errors.jsonl``, appended one whole line
at a time. An article is done when its line is in ``itineraries.jsonl`` (its places line is written just
before) or in ``errors.jsonl``. A write that fails (a full disk, Ctrl-C) takes its bytes back before the
error goes on; after a ``kill -9`` or a power cut the next run cuts what the dead one left: a last line
without its newline, and a places line whose itinerary line never came. So a rerun finds only complete
lines, skips the ids they hold, and every id ends up in the output exactly once.

Parquet (``--format parquet``): ``places.parquet/`` and ``itineraries.parquet/`` are datasets of part files
(pyarrow, pandas, Dask and Spark read a folder of parts as one table), each part renamed into place only
when whole, the places part first; a places part without its itineraries part is removed on the next run.
Errors still go to ``errors.jsonl``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geomap.archive.work import Outcome, map_name
from geomap.errors import InputError
from geomap.output import write_text_atomic

PLACES, ITINERARIES, ERRORS = "places", "itineraries", "errors"
_ID_PREFIX = b'{"id": '
_DECODER = json.JSONDecoder()


class OutputError(InputError):
    """Raised when the output folder cannot be written (a full disk, no permission); what is done is kept."""


def _line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def line_id(line: bytes) -> str:
    """The id of one output line, read from its start (every line begins with its id) without parsing the rest.

    >>> line_id(b'{"id": "a\\\\u00e9 1", "places": []}')
    'a\\xe9 1'
    """
    if line.startswith(_ID_PREFIX):
        head = line[len(_ID_PREFIX) : len(_ID_PREFIX) + 4096].decode("utf-8", "ignore")
        return str(_DECODER.raw_decode(head)[0])
    return str(json.loads(line)["id"])


def _cut_partial_line(path: Path) -> None:
    """Cut a last line that has no newline: the part of a line a killed process did not finish."""
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        keep = size
        while keep > 0:
            step = min(keep, 1 << 16)
            fh.seek(keep - step)
            block = fh.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = keep - step + newline + 1
                break
            keep -= step
        if keep != size:
            fh.truncate(keep)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset, line) for every line of a file."""
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            yield offset, line
            offset += len(line)


def _append(fd: int, data: bytes) -> int:
    """Append ``data`` whole, or not at all: a failed write is cut back to where it began. Returns that offset."""
    start = os.lseek(fd, 0, os.SEEK_END)
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.ftruncate(fd, start)
        raise
    return start


class Journal:
    """Appends outcomes to an output folder; :meth:`open` repairs the folder and says which ids are done."""

    def __init__(self, outdir: Path, fmt: str = "jsonl", *, rows_per_part: int = 2000) -> None:
        if fmt not in ("jsonl", "parquet"):
            raise InputError(f"--format must be jsonl or parquet, got {fmt!r}")
        self.outdir = outdir
        self.format = fmt
        self.rows_per_part = rows_per_part
        self._fds: dict[str, int] = {}
        self._buffer: list[Outcome] = []
        self.done: set[str] = set()  # the ids done before this run (the run keeps its own)

    # -- opening: repair, then read what is done ------------------------------------------------------
    def open(self) -> Journal:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            names = (PLACES, ITINERARIES, ERRORS) if self.format == "jsonl" else (ERRORS,)
            for name in names:
                path = self.outdir / f"{name}.jsonl"
                self._fds[name] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
                _cut_partial_line(path)
            self.done = self._ids(ERRORS)
            if self.format == "jsonl":
                done_itineraries = self._ids(ITINERARIES)
                self._cut_orphans(done_itineraries)
                self.done |= done_itineraries
            else:
                self.done |= _ParquetParts(self.outdir).repair()
        except OSError as exc:
            raise OutputError(f"{self.outdir}: cannot be written ({exc.strerror or exc})") from None
        return self

    def _ids(self, name: str) -> set[str]:
        return {line_id(line) for _, line in _lines(self.outdir / f"{name}.jsonl")}

    def _cut_orphans(self, done: set[str]) -> None:
        """Cut places lines from the first whose itinerary line was never written (only the last can be)."""
        path = self.outdir / f"{PLACES}.jsonl"
        for offset, line in _lines(path):
            if line_id(line) not in done:
                os.ftruncate(self._fds[PLACES], offset)
                return

    # -- writing ------------------------------------------------------------------------------------
    def write(self, outcome: Outcome) -> None:
        """Record one article: its map page first, then its lines; an error line if it failed."""
        try:
            if outcome.error is not None:
                _append(self._fds[ERRORS], _line({"id": outcome.id, "reason": outcome.error}))
            else:
                if outcome.page is not None:
                    write_text_atomic(self.outdir / "maps" / map_name(outcome.id), outcome.page)
                if self.format == "jsonl":
                    self._write_lines(outcome)
                else:
                    self._buffer.append(outcome)
                    if len(self._buffer) >= self.rows_per_part:
                        self.flush()
        except OSError as exc:
            raise OutputError(
                f"{self.outdir}: cannot be written ({exc.strerror or exc}); every article recorded so far "
                "is complete: free some space and rerun the same command to finish"
            ) from None

    def _write_lines(self, outcome: Outcome) -> None:
        assert outcome.places is not None and outcome.itinerary is not None
        places_fd = self._fds[PLACES]
        start = _append(places_fd, _line(outcome.places))
        try:
            _append(self._fds[ITINERARIES], _line(outcome.itinerary))
        except BaseException:
            os.ftruncate(places_fd, start)  # no places line without its itinerary line
            raise

    def flush(self) -> None:
        if self._buffer:
            _ParquetParts(self.outdir).write(self._buffer)
            self._buffer = []

    def close(self) -> None:
        """Write what is buffered and close the files (a Parquet run's last part is written here)."""
        try:
            self.flush()
        finally:
            for fd in self._fds.values():
                os.close(fd)
            self._fds = {}

    def abandon(self) -> None:
        """Close without writing what is buffered (an interrupted Parquet run redoes those articles)."""
        self._buffer = []
        self.close()

    # -- reading back, for the index page ------------------------------------------------------------
    def itineraries(self) -> Iterator[dict[str, Any]]:
        """Every itinerary in the folder, as the dicts that were written."""
        if self.format == "jsonl":
            for _, line in _lines(self.outdir / f"{ITINERARIES}.jsonl"):
                yield json.loads(line)
        else:
            yield from _ParquetParts(self.outdir).itineraries()


class _ParquetParts:
    """The two Parquet datasets of an output folder, written and repaired part by part."""

    def __init__(self, outdir: Path) -> None:
        self.places = outdir / f"{PLACES}.parquet"
        self.itineraries_dir = outdir / f"{ITINERARIES}.parquet"

    def repair(self) -> set[str]:
        """Remove unfinished parts and places parts without their itineraries part; the ids already done."""
        import pyarrow.parquet as pq

        for folder in (self.places, self.itineraries_dir):
            folder.mkdir(parents=True, exist_ok=True)
            for tmp in folder.glob(".*.part"):
                tmp.unlink()
        finished = {p.name for p in self.itineraries_dir.glob("*.parquet")}
        for part in self.places.glob("*.parquet"):
            if part.name not in finished:
                part.unlink()
        done: set[str] = set()
        for name in finished:
            done.update(pq.read_table(self.itineraries_dir / name, columns=["id"]).column("id").to_pylist())
        return done

    def write(self, outcomes: list[Outcome]) -> None:
        from geomap.archive.parquet import ITINERARY_SCHEMA, PLACES_SCHEMA, write_part

        name = f"part-{time.time_ns():x}.parquet"
        write_part(self.places / name, [o.places for o in outcomes], PLACES_SCHEMA)
        write_part(self.itineraries_dir / name, [o.itinerary for o in outcomes], ITINERARY_SCHEMA)

    def itineraries(self) -> Iterator[dict[str, Any]]:
        import pyarrow.parquet as pq

        for part in sorted(self.itineraries_dir.glob("*.parquet")):
            yield from pq.read_table(part).to_pylist()
