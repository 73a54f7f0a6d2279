"""The archive benchmark: ``geomap batch`` over a generated archive of many articles, as a newsroom would run it.

The archive repeats the shared corpora's texts (and the trip articles, where the corpora are missing) under
new ids, with a few bad records mixed in. Three measures, each by the command a user runs, in a child process:

- a 2-worker run killed with ``kill -9`` halfway (driver and workers at once), then rerun: it completes, and
  every id is in the output exactly once;
- each worker's resident memory, read from /proc every second of both runs: its peak, and how much it grew
  over the second half of its run (the first half fills the bounded name caches; flat means it then stops);
- 1 worker against 2 on the same slice of the archive, interleaved (1, 2, 1, 2, ...), the median ratio.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from geomap.evaluation.paths import default_corpora, default_trips

AddRow = Callable[[str, str, str], None]


def corpus_texts() -> list[str]:
    """The texts an archive is made of: the shared corpora's, else the trip articles'."""
    texts = []
    for corpus in default_corpora():
        with open(corpus, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts or [p.read_text(encoding="utf-8") for p in sorted(default_trips().glob("*.txt"))]


def write_archive(path: Path, n: int, texts: list[str]) -> set[str]:
    """An archive of ``n`` records with ids (one in 5,000 a bad record: empty, binary, no text); its ids."""
    ids = set()
    bad = [{"text": ""}, {"text": "\x00\x01\x02\x03 binary"}, {"title": "no text at all"}]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            article_id = f"a{i:07d}"
            record = bad[i // 5000 % 3] if i % 5000 == 4999 else {"text": texts[i % len(texts)]}
            fh.write(json.dumps({"id": article_id, **record}, ensure_ascii=False) + "\n")
            ids.add(article_id)
    return ids


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return None


class MemoryWatch:
    """Samples the resident memory of a process's descendants (the workers) once a second, from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: dict[int, list[tuple[float, float]]] = {}  # worker pid -> [(time, MB)]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            now = time.monotonic()
            for child in _descendants(self.pid):
                mb = _rss_mb(child)
                if mb is not None and mb > 30:  # a geomap worker, not the resource tracker
                    self.samples.setdefault(child, []).append((now, mb))

    def stop(self) -> dict[int, list[tuple[float, float]]]:
        self._stop.set()
        self._thread.join()
        return self.samples


def _batch(archive: Path, out: Path, workers: int, gazetteer: Path) -> subprocess.Popen:
    env = dict(os.environ, GEOMAP_GAZETTEER=str(gazetteer))
    command = [sys.executable, "-m", "geomap", "batch", str(archive), "-o", str(out), "--workers", str(workers)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
    )


def _lines(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _output_ids(out: Path) -> list[str]:
    from geomap.archive.journal import line_id

    ids = []
    for name in ("itineraries.jsonl", "errors.jsonl"):
        with open(out / name, "rb") as fh:
            ids += [line_id(line) for line in fh]
    return ids


def _killed_and_resumed(archive: Path, out: Path, n: int, gazetteer: Path) -> tuple[float, dict, str]:
    """Run with 2 workers, kill -9 the whole group halfway, rerun; (seconds of both runs, memory samples, summary)."""
    started = time.monotonic()
    first = _batch(archive, out, 2, gazetteer)
    watch = MemoryWatch(first.pid)
    while first.poll() is None and _lines(out / "itineraries.jsonl") + _lines(out / "errors.jsonl") < n // 2:
        time.sleep(0.5)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    samples = watch.stop()
    second = _batch(archive, out, 2, gazetteer)
    watch = MemoryWatch(second.pid)
    summary, _ = second.communicate()
    samples |= watch.stop()
    if second.returncode != 0:
        raise RuntimeError(f"the resumed batch run failed (exit {second.returncode}): {summary[-300:]}")
    return time.monotonic() - started, samples, summary.strip().splitlines()[-1]


def _memory_rows(samples: dict[int, list[tuple[float, float]]], add: AddRow) -> None:
    peaks, growth = [], []
    for series in samples.values():
        if len(series) < 10:
            continue
        values = [mb for _, mb in series]
        peaks.append(max(values))
        growth.append(values[-1] - values[len(values) // 2])  # the first half fills the name caches
    if peaks:
        add("archive: peak memory per worker (RSS, sampled each second)", f"{max(peaks):.0f} MB", "≤ 200 MB")
        add(
            "archive: worker memory growth over the second half of a run",
            f"{max(growth):+.0f} MB (largest of {len(peaks)} workers)",
            "flat",
        )


def _scaling(archive: Path, tmp: Path, gazetteer: Path, pairs: int) -> list[tuple[float, float]]:
    """Seconds of a 1-worker and a 2-worker run over the same archive, interleaved, ``pairs`` times."""
    runs = []
    for i in range(pairs):
        seconds = []
        for workers in (1, 2):
            t = time.monotonic()
            proc = _batch(archive, tmp / f"scale-{i}-{workers}", workers, gazetteer)
            proc.communicate()
            seconds.append(time.monotonic() - t)
        runs.append((seconds[0], seconds[1]))
    return runs


def measure_archive(add: AddRow, gazetteer: Path, n: int = 100_000, *, slice_n: int = 1_000, pairs: int = 3) -> None:
    """The archive figures (see the module's docstring), added as rows."""
    texts = corpus_texts()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ids = write_archive(tmp / "archive.jsonl", n, texts)
        seconds, samples, summary = _killed_and_resumed(tmp / "archive.jsonl", tmp / "out", n, gazetteer)
        got = _output_ids(tmp / "out")
        once = len(got) == len(set(got)) and set(got) == ids
        add(
            f"archive of {n:,} articles, 2 workers, kill -9 halfway and rerun",
            f"{'every id once' if once else 'IDS MISSING OR REPEATED'}, {seconds:.0f} s in all",
            "every id exactly once",
        )
        add("archive: the rerun's summary", summary.replace("|", "/"), "")
        _memory_rows(samples, add)
        write_archive(tmp / "slice.jsonl", slice_n, texts)
        runs = _scaling(tmp / "slice.jsonl", tmp, gazetteer, pairs)
        ratios = [one / two for one, two in runs]
        one, two = (statistics.median(r[i] for r in runs) for i in (0, 1))
        add(
            f"archive: articles a second, places and itinerary, {slice_n:,} articles (median of {pairs})",
            f"1 worker {slice_n / one:.0f}/s, 2 workers {slice_n / two:.0f}/s",
            "",
        )
        add(
            f"archive: 2 workers against 1 on {slice_n:,} articles (interleaved, median of {pairs}, range)",
            f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})",
            "≥ 1.7x",
        )
