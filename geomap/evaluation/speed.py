"""Speed and memory figures: gazetteer build, open and lookup; geoparsing throughput; CLI cold start; page sizes.

Targets live here and in docs/BENCHMARKS.md, not in timed unit tests, because
timings depend on the machine. ``geomap eval speed`` runs everything, prints
the figures and writes docs/BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from geomap.evaluation.paths import ROOT, default_corpora, default_trips
from geomap.evaluation.report import _commit
from geomap.gazetteer.store import Gazetteer, close_gazetteer, open_gazetteer

_BUILD_CHILD = """
import resource, sys, time
from geomap.gazetteer.build import build
t = time.perf_counter()
build(sys.argv[1])
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


@dataclass
class Figures:
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (measure, value, target)

    def add(self, measure: str, value: str, target: str = "") -> None:
        self.rows.append((measure, value, target))
        print(f"{measure:<48} {value:>18}   {target}", flush=True)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure_build(figures: Figures) -> None:
    """A full build in a child process, so its peak memory is its own."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "g.sqlite"
        out = subprocess.run(
            [sys.executable, "-c", _BUILD_CHILD, str(target)], capture_output=True, text=True, check=True
        )
        seconds, peak_mb = map(float, out.stdout.split())
        figures.add("gazetteer build (one core)", f"{seconds:.1f} s", "≤ 60 s")
        figures.add("gazetteer build peak memory", f"{peak_mb:.0f} MB", "≤ 1 GB")
        figures.add("gazetteer file size", f"{target.stat().st_size / 1e6:.0f} MB")


def measure_gazetteer(figures: Figures, gaz: Gazetteer) -> Gazetteer:
    """Open and lookup times; returns the reopened gazetteer (the old connection is closed)."""
    path = gaz.path
    opens = []
    for _ in range(20):
        close_gazetteer(path)
        t = time.perf_counter()
        open_gazetteer(path)
        opens.append(time.perf_counter() - t)
    figures.add("gazetteer open (median of 20)", f"{_median_ms(opens):.2f} ms", "≤ 50 ms")
    gaz = open_gazetteer(path)
    keys = [r[0] for r in gaz.conn.execute("SELECT key FROM names ORDER BY random() LIMIT 2000")]
    lookups = []
    for key in keys:
        t = time.perf_counter()
        gaz.candidates([key])
        lookups.append(time.perf_counter() - t)
    figures.add("exact-key lookup (median of 2,000)", f"{statistics.median(lookups) * 1e6:.0f} µs", "≤ 50 µs")
    names = random.Random(1).sample(keys, 200)
    close_gazetteer(path)
    gaz = open_gazetteer(path)  # fresh: none of these names answered from memory
    t = time.perf_counter()
    for key in names:
        gaz.lookup(key)
    figures.add("lookup() with variant fallback (mean of 200)", f"{(time.perf_counter() - t) / 200 * 1e6:.0f} µs")
    return gaz


PASSES = 5  # this machine's speed varies by a third from one run to the next: report the median and the range


def _forget_names(gaz: Gazetteer) -> Gazetteer:
    """A fresh connection and empty name caches: the next pass meets every name for the first time."""
    from geomap.text import keys as text

    for cached in (text.fold, text.name_key, text.loose_key):
        cached.cache_clear()
    close_gazetteer(gaz.path)
    return open_gazetteer(gaz.path)


def measure_geoparse(figures: Figures, gaz: Gazetteer) -> None:
    from geomap.pipeline import geoparse

    texts = []
    for corpus in default_corpora():
        with open(corpus, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    source = "the shared eval corpora"
    if not texts:
        texts = [p.read_text(encoding="utf-8") for p in sorted(default_trips().glob("*.txt"))] * 20
        source = "the trip articles, 20 times"
    # The file as a gazetteer in use finds it: in the operating system's cache (a run that has just read another
    # 125 MB file would otherwise time the disk), but a fresh connection: no name looked up yet.
    with open(gaz.path, "rb") as raw:
        while raw.read(1 << 20):
            pass
    megabytes = sum(len(x.encode("utf-8")) for x in texts) / 1e6

    def one_pass() -> float:
        t = time.perf_counter()
        for text in texts:
            geoparse(text, gazetteer=gaz)
        return time.perf_counter() - t

    from geomap.evaluation.rivals import flashgeotext_pass

    rival = flashgeotext_pass(texts)
    first, theirs = [], []
    for _ in range(PASSES):  # interleaved with flashgeotext's passes: both see the same minutes of this machine
        gaz = _forget_names(gaz)
        first.append(one_pass())
        if rival is not None:
            theirs.append(rival())
    second = [one_pass() for _ in range(PASSES)]
    for label, seconds in (
        ("first pass, every name new to the connection", first),
        ("second pass, names already looked up", second),
    ):
        rates = sorted(len(texts) / s for s in seconds)
        middle = statistics.median(seconds)
        figures.add(
            f"geoparse, {len(texts)} docs from {source} ({label}; median of {PASSES}, range)",
            f"{len(texts) / middle:.0f} docs/s ({rates[0]:.0f}-{rates[-1]:.0f}), {megabytes / middle:.2f} MB/s",
            "≥ 500 docs/s",
        )
    if rival is not None:
        ratios = sorted(b / a for a, b in zip(first, theirs))
        figures.add(
            f"flashgeotext on the same docs (interleaved; median of {PASSES})",
            f"{len(texts) / statistics.median(theirs):.0f} docs/s; geomap first pass {statistics.median(ratios):.2f}x "
            f"its rate ({ratios[0]:.2f}-{ratios[-1]:.2f})",
            "≥ 1.0x",
        )
    else:
        figures.add("flashgeotext on the same docs", "not installed: pip install -e '.[bench]'", "≥ 1.0x")
    import resource

    figures.add(
        "peak memory of this process (RSS)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    measure_long_articles(figures, gaz, texts, "news" if source == "the shared eval corpora" else "trip articles")


_LONG_CHILD = """
import re, sys, time
from geomap.gazetteer.store import open_gazetteer
from geomap.pipeline import geoparse
text = open(sys.argv[1], encoding="utf-8").read()
gaz = open_gazetteer(sys.argv[2])
geoparse("Kim arrived in Vladivostok.", gazetteer=gaz)
t = time.perf_counter()
found = len(geoparse(text, gazetteer=gaz))
seconds = time.perf_counter() - t
# VmHWM is this program's own peak (ru_maxrss would count the parent's memory, copied when it forked this one)
peak_kb = int(re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1))
print(seconds, found, peak_kb / 1024)
"""
LONG_SIZES_MB = (0.1, 1.0, 5.0)  # 5 MB is the most an article may be (text.read.MAX_ARTICLE_BYTES)


def _long_article(texts: list[str], size: int) -> str:
    """News texts joined into one article of ``size`` bytes (cut at a character), as a batch might hand in."""
    whole = "\n\n".join(texts)
    repeated = (whole + "\n\n") * (size // max(1, len(whole.encode("utf-8"))) + 1)
    return repeated.encode("utf-8")[:size].decode("utf-8", "ignore")


def measure_long_articles(figures: Figures, gaz: Gazetteer, texts: list[str], source: str) -> None:
    """One long article at 0.1, 1 and 5 MB, each geoparsed in a fresh process (its peak memory its own): work
    must grow in step with the text, and the longest article allowed must finish in seconds (issue 15). Then
    one name said 100,000 times ("Paris " x 100,000), the densest text there is."""
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(f"{mb:g} MB of {source} joined", _long_article(texts, int(mb * 1e6))) for mb in LONG_SIZES_MB]
        cases.append(('"Paris " x 100,000 (0.6 MB, one name)', "Paris " * 100_000))
        for label, text in cases:
            path = Path(tmp) / "long.txt"
            path.write_text(text, encoding="utf-8")
            megabytes = len(text.encode("utf-8")) / 1e6
            out = subprocess.run(
                [sys.executable, "-c", _LONG_CHILD, str(path), str(gaz.path)],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, found, peak = map(float, out.stdout.split())
            figures.add(
                f"one long article: {label}",
                f"{seconds:.1f} s ({seconds / megabytes:.1f} s per MB), {found:,.0f} places, peak {peak:.0f} MB",
                "≤ 10 s" if megabytes >= 4 else "",
            )


def measure_cli(figures: Figures, gaz: Gazetteer) -> None:
    article = default_trips() / "kim-vostochny-2023.txt"
    env = dict(os.environ, GEOMAP_GAZETTEER=str(gaz.path))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a cold start is a new process, not one compiling geomap anew
    geomap = [sys.executable, "-m", "geomap"]
    for command, target in (("places", "≤ 0.35 s"), ("itinerary", "≤ 0.35 s")):
        runs = []
        for _ in range(8):  # the first run, not counted, writes the bytecode an installed geomap has
            t = time.perf_counter()
            subprocess.run(geomap + [command, str(article)], env=env, check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        figures.add(f"`geomap {command}` cold start, piped (median of 7)", f"{_median_ms(runs[1:]):.0f} ms", target)
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i in range(7):
            t = time.perf_counter()
            subprocess.run(
                geomap + ["map", str(article), "-o", f"{tmp}/m{i}.html"], env=env, check=True, capture_output=True
            )
            runs.append(time.perf_counter() - t)
        figures.add("`geomap map` cold start, example article (median of 7)", f"{_median_ms(runs):.0f} ms", "≤ 0.6 s")
        _page_weights(figures, geomap, env, tmp)


def _page_weights(figures: Figures, geomap: list[str], env: dict[str, str], tmp: str) -> None:
    """What a reader downloads: the seed's page (Leaflet and basemap inside), its --cdn page, and its SVG."""
    from geomap.evaluation.snapshot import SHARED

    seed = SHARED / "seed" / "kim-russia-2023.txt"
    article = seed if seed.exists() else default_trips() / "kim-vostochny-2023.txt"
    out = Path(tmp)
    run_map = [*geomap, "map", str(article), "-o", str(out / "self.html"), "--svg", str(out / "m.svg")]
    subprocess.run(run_map, env=env, check=True, capture_output=True)
    subprocess.run(
        [*geomap, "map", str(article), "-o", str(out / "cdn.html"), "--cdn"], env=env, check=True, capture_output=True
    )
    name = article.stem
    kb = {f: (out / f).stat().st_size / 1e3 for f in ("self.html", "cdn.html", "m.svg")}
    figures.add(f"page size, {name}: Leaflet and basemap inlined (default)", f"{kb['self.html']:.1f} KB", "≤ 300 KB")
    figures.add(f"page size, {name}: --cdn (Leaflet from its CDN)", f"{kb['cdn.html']:.1f} KB", "≤ 100 KB")
    figures.add(f"SVG size, {name} (--svg)", f"{kb['m.svg']:.1f} KB", "≤ 400 KB")


def run(*, build: bool = True, write: bool = True, archive: int = 100_000) -> Figures:
    """Measure everything; write docs/BENCHMARKS.md unless ``write`` is False."""
    from geomap.pipeline import default_gazetteer

    figures = Figures()
    gaz = default_gazetteer()
    # The build goes last: writing a second 125 MB file and using 700 MB pushes the open gazetteer out of the
    # operating system's cache, and the geoparsing figures are for a gazetteer in use, not one read cold from disk.
    gaz = measure_gazetteer(figures, gaz)
    measure_geoparse(figures, gaz)
    measure_cli(figures, gaz)
    if archive:
        from geomap.evaluation.archive import measure_archive

        measure_archive(figures.add, gaz.path, archive)
    else:
        figures.rows += _previous_rows("archive")
    if build:
        measure_build(figures)
    else:
        figures.rows += _previous_rows("gazetteer build", "gazetteer file size")
    if write:
        write_report(figures)
    return figures


def _previous_rows(*starts: str) -> list[tuple[str, str, str]]:
    """The figures of the last full run, kept when this run skips their measure (marked as such)."""
    report = ROOT / "docs" / "BENCHMARKS.md"
    rows = []
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 3 and cells[0].startswith(starts):
                measure = cells[0] if cells[0].endswith("(earlier run)") else f"{cells[0]} (earlier run)"
                rows.append((measure, cells[1], cells[2]))
    return rows


def write_report(figures: Figures, path: Path | None = None) -> Path:
    from geomap.output import write_text_atomic

    lines = [
        "# Benchmarks",
        "",
        "Generated by `geomap eval speed`; do not edit by hand.",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{_commit()}` on this project's machine "
        f"({os.cpu_count()} cores, one used), Python {sys.version.split()[0]}.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
    ]
    lines += [f"| {m} | {v} | {t} |" for m, v, t in figures.rows]
    lines += ["", "Rerun: `geomap eval speed` (add `--no-build` to skip the gazetteer build)."]
    return write_text_atomic(path or ROOT / "docs" / "BENCHMARKS.md", "\n".join(lines) + "\n")
