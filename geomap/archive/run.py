"""A batch run: read an archive, hand chunks of articles to workers, record each outcome as it comes back.

Three executors run the same :func:`~geomap.archive.work.process_chunk`: this process (one worker), local
worker processes (``workers=N``), or a Dask distributed cluster (``dask="tcp://host:8786"`` or ``"local"``).
Only a few chunks are in flight at a time and outcomes are recorded in input order as they return, so
memory stays flat however large the archive, and a run that stops at any point can be resumed: the journal
(``journal.py``) says which ids are done.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.archive.journal import Journal
from geomap.archive.sources import Article, count_articles, read_articles
from geomap.archive.work import ChunkOutcome, Options, map_name, process_chunk
from geomap.errors import InputError, NothingFound

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class WorkerMemory:
    """One worker's resident memory after its first chunk and after its last, and its peak (MB)."""

    worker: str
    first_mb: float
    last_mb: float
    peak_mb: float
    chunks: int


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a run did: articles processed (with an itinerary, failed), skipped as done before, and how fast."""

    outdir: Path
    articles: int
    with_itinerary: int
    failed: int
    skipped: int
    duplicates: int
    seconds: float
    interrupted: bool = False
    memory: tuple[WorkerMemory, ...] = field(default=())

    def summary(self) -> str:
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        parts = [
            f"{self.articles:,} articles in {self.seconds:.1f} s ({rate:.1f}/s): {self.with_itinerary:,} with an "
            f"itinerary, {self.failed:,} failed" + (f" (see {self.outdir / 'errors.jsonl'})" if self.failed else "")
        ]
        if self.skipped:
            parts.append(f"{self.skipped:,} done by an earlier run, skipped")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} repeated ids skipped")
        if self.interrupted:
            parts.append("interrupted: rerun the same command to finish")
        return "; ".join(parts)


class _Tally:
    """Counts as outcomes are recorded, and each worker's memory."""

    def __init__(self, journal: Journal, progress: Progress | None, total: int | None) -> None:
        self.journal = journal
        self.progress = progress
        self.total = total
        self.articles = self.with_itinerary = self.failed = 0
        self.memory: dict[str, list[float]] = {}

    def record(self, chunk: ChunkOutcome) -> None:
        for outcome in chunk.outcomes:
            self.journal.write(outcome)
            self.articles += 1
            if outcome.error is not None:
                self.failed += 1
            elif outcome.itinerary and outcome.itinerary.get("stops"):
                self.with_itinerary += 1
        seen = self.memory.setdefault(chunk.worker, [chunk.rss_mb, chunk.rss_mb, chunk.peak_mb, 0])
        seen[1], seen[2], seen[3] = chunk.rss_mb, max(seen[2], chunk.peak_mb), seen[3] + 1
        if self.progress is not None:
            self.progress(self.articles, self.total)

    def workers(self) -> tuple[WorkerMemory, ...]:
        return tuple(WorkerMemory(w, a, b, c, int(n)) for w, (a, b, c, n) in sorted(self.memory.items()))


class _Filter:
    """Drops the articles done by an earlier run and ids repeated in this one, counting both; chunks the rest.

    Two sets, of the ids done before and of this run's, so no id is held twice (10 million ids take about
    1 GB: docs/SCALE.md).
    """

    def __init__(self, done: set[str]) -> None:
        self.done = done
        self.skipped = self.duplicates = 0
        self._seen: set[str] = set()

    def chunks(
        self, articles: Iterable[Article], size: int, *, left: int | None = None, workers: int = 1
    ) -> Iterator[list[Article]]:
        """Chunks of ``size`` articles; with several workers and ``left`` (about how many articles the run has
        to do) known, smaller ones towards the end, so the workers finish together rather than one waiting for
        the other's last full chunk."""
        chunk: list[Article] = []
        handed = 0
        target = _next_chunk_size(size, left, workers)
        for article in articles:
            if article.id in self.done:
                self.skipped += 1
                continue
            if article.id in self._seen:
                self.duplicates += 1
                continue
            self._seen.add(article.id)
            chunk.append(article)
            if len(chunk) >= target:
                yield chunk
                handed += len(chunk)
                chunk = []
                target = _next_chunk_size(size, None if left is None else left - handed, workers)
        if chunk:
            yield chunk


def _next_chunk_size(size: int, left: int | None, workers: int) -> int:
    """The next chunk's size: ``size``, or near the end of a parallel run a quarter of each worker's share of
    what is left (at least 1), so that the last chunks take a fraction of a second.

    >>> [_next_chunk_size(32, n, 2) for n in (1000, 256, 100, 7)], _next_chunk_size(32, 100, 1)
    ([32, 32, 12, 1], 32)
    """
    if left is None or workers <= 1:
        return size
    return max(1, min(size, left // (4 * workers)))


class _Now:
    """A finished 'future': the serial executor's answer, so every executor is driven by the same loop."""

    def __init__(self, value: ChunkOutcome) -> None:
        self.value = value

    def result(self) -> ChunkOutcome:
        return self.value

    def cancel(self) -> bool:
        return False


def _start_worker(parent: int) -> None:
    """A local worker ignores Ctrl-C (the caller stops the run) and dies with the caller, even by kill -9.

    Without the second, workers whose caller was killed would wait for work forever: each holds the task
    queue's write end too, so it never sees the queue close. Linux's parent-death signal does it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the caller died before the signal was set
        os._exit(1)


class _Executor:
    """Submits chunks to this process, a local process pool, or a Dask cluster; closes what it started."""

    def __init__(self, options: Options, workers: int, dask: str | None, ship_gazetteer: bool) -> None:
        self.options = options
        self.workers = max(1, workers)
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None
        if dask is not None:
            self._start_dask(dask, ship_gazetteer)
        elif self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("spawn")  # no fork of a process holding threads and a connection
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),)
            )

    def _start_dask(self, address: str, ship_gazetteer: bool) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("--dask needs dask's distributed scheduler: pip install 'geomap[dask]'") from None
        import logging

        if address == "local":
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )  # fmt: skip
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(address, timeout=30)
            except OSError as exc:
                raise InputError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        if ship_gazetteer:
            from distributed.diagnostics.plugin import UploadFile

            self._client.register_plugin(UploadFile(self.options.gazetteer, load=False))

    @property
    def in_flight(self) -> int:
        return 1 if self._pool is None and self._client is None else 2 * self.workers + 1

    def submit(self, chunk: list[Article]):
        if self._client is not None:
            return self._client.submit(process_chunk, chunk, self.options, pure=False)
        if self._pool is not None:
            return self._pool.submit(process_chunk, chunk, self.options)
        return _Now(process_chunk(chunk, self.options))

    def close(self, *, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _drive(chunks: Iterator[list[Article]], executor: _Executor, tally: _Tally) -> None:
    """Keep a few chunks in flight; record each outcome in input order as soon as it and those before it are in."""
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(executor.submit(chunk))
            while len(pending) >= executor.in_flight:
                tally.record(pending.popleft().result())
        while pending:
            tally.record(pending.popleft().result())
    finally:
        for future in pending:
            future.cancel()


def _gazetteer_path(gazetteer: str | Path | None) -> str:
    from geomap.gazetteer.default import default_gazetteer

    return str(default_gazetteer(gazetteer).path)  # built here, once, if missing: never in every worker


def write_index(journal: Journal) -> Path:
    """The maps' index page, from every itinerary in the output folder (this run's and earlier runs')."""
    from geomap.output import write_text_atomic
    from geomap.publish.index import IndexEntry, index_page

    maps = journal.outdir / "maps"
    entries = []
    for trip in journal.itineraries():
        name = map_name(trip["id"])
        href = f"maps/{name}" if (maps / name).exists() else None
        stops = tuple(s["name"] for s in trip.get("stops") or ())
        entries.append(IndexEntry(trip["id"], trip.get("title"), trip.get("leader"), trip.get("date"), stops, href))
    return write_text_atomic(journal.outdir / "index.html", index_page(entries))


def batch(
    inputs: str | Path | list[str | Path],
    outdir: str | Path,
    *,
    format: str = "jsonl",
    maps: bool = False,
    workers: int = 1,
    dask: str | None = None,
    ship_gazetteer: bool = False,
    gazetteer: str | Path | None = None,
    chunk_size: int = 32,
    progress: Progress | None = None,
) -> BatchSummary:
    """Geoparse a whole archive into ``outdir``: places, itineraries and errors, resumable at any point.

    ``inputs``: folders of .txt files, JSONL, CSV or Parquet files (records with ``id``, ``text`` and optional
    ``date``, ``leader``, ``url``, ``title``). Running it again on the same ``outdir`` skips the ids done.

    >>> import json, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text(json.dumps({"id": "a1", "text": "Kim flew to Minsk."}) + "\\n")
    >>> batch(folder / "in.jsonl", folder / "out").with_itinerary
    1
    """
    paths = [Path(p) for p in (inputs if isinstance(inputs, list) else [inputs])]
    if not paths:
        raise InputError("give at least one input: a folder of .txt files, or a .jsonl, .csv or .parquet file")
    total = count_articles(paths)  # also checks every input exists and is a kind we read
    options = Options(_gazetteer_path(gazetteer), maps=maps, shipped=ship_gazetteer and dask is not None)
    journal = Journal(Path(outdir), format).open()
    started = time.perf_counter()
    keep = _Filter(journal.done)
    tally = _Tally(journal, progress, max(0, total - len(journal.done)))
    if progress is not None:
        progress(0, tally.total)  # the clock of the rate and the time left starts now
    executor: _Executor | None = None
    finished = interrupted = False
    try:
        executor = _Executor(options, workers, dask, ship_gazetteer)
        chunks = keep.chunks(read_articles(paths), chunk_size, left=tally.total, workers=executor.workers)
        _drive(chunks, executor, tally)
        finished = True
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if executor is not None:
            executor.close(cancel=not finished)
        (journal.close if finished else journal.abandon)()  # a failed run writes no more: its rerun redoes
    if maps and not interrupted:
        write_index(journal)
    if tally.articles + keep.skipped == 0 and not interrupted:
        raise NothingFound(f"no articles in {', '.join(map(str, paths))}")
    return BatchSummary(
        Path(outdir), tally.articles, tally.with_itinerary, tally.failed, keep.skipped, keep.duplicates,
        time.perf_counter() - started, interrupted, tally.workers(),
    )  # fmt: skip
