"""Batch runs over whole archives (geomap.archive): inputs, outputs, resuming after any stop, parallel runs.

The articles are the trip articles we wrote (tests/data/trips), given ids; every run's lines are checked
against what the one-article API gives for the same text, so a batch says what ``geomap places --json``
and ``geomap itinerary --json`` say.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.archive import batch, process_records
from geomap.archive.journal import Journal, line_id
from geomap.cli import app
from geomap.pipeline import analyse
from geomap.publish.shapes import places_to_dict

TRIPS = Path(__file__).parent / "data" / "trips"
runner = CliRunner()


def _articles(n: int, offset: int = 0) -> list[dict]:
    texts = sorted(TRIPS.glob("*.txt"))
    return [
        {"id": f"t{i:04d}-{p.stem}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(texts[offset:][:n])
    ]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _ids(folder: Path) -> list[str]:
    """Every id the output holds, from itineraries and errors: each must appear once."""
    return [r["id"] for r in _lines(folder / "itineraries.jsonl") + _lines(folder / "errors.jsonl")]


def _assert_complete(folder: Path, wanted: set[str]) -> None:
    for name in ("places.jsonl", "itineraries.jsonl", "errors.jsonl"):
        assert (folder / name).read_bytes().endswith(b"\n") or (folder / name).stat().st_size == 0
    ids = _ids(folder)
    assert sorted(ids) == sorted(wanted), "every id exactly once"
    assert [r["id"] for r in _lines(folder / "places.jsonl")] == [r["id"] for r in _lines(folder / "itineraries.jsonl")]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, list[dict]]:
    rows = _articles(12)
    rows[3]["date"] = "2023-09-12"
    rows[4]["leader"] = "Kim Jong Un"
    rows[5]["url"] = "https://news.example/a5"
    return _jsonl(tmp_path_factory.mktemp("in") / "archive.jsonl", rows), rows


@pytest.fixture(scope="module")
def serial(small, tmp_path_factory, gazetteer) -> Path:
    out = tmp_path_factory.mktemp("serial")
    batch(small[0], out)
    return out


def test_lines_are_the_one_article_shapes_with_the_id(small, serial, gazetteer):
    _, rows = small
    places = {r["id"]: r for r in _lines(serial / "places.jsonl")}
    trips = {r["id"]: r for r in _lines(serial / "itineraries.jsonl")}
    assert list(trips) == [r["id"] for r in rows], "one line per article, in input order"
    for row in rows:
        mentions, trip = analyse(row["text"], row.get("leader"), date=row.get("date"), gazetteer=gazetteer)
        assert places[row["id"]] == {"id": row["id"], **json.loads(json.dumps(places_to_dict(mentions)))}
        expected = {"id": row["id"], **json.loads(json.dumps(trip.to_dict()))}
        expected |= {k: row[k] for k in ("date", "url") if k in row}
        assert trips[row["id"]] == expected
    assert trips[rows[3]["id"]]["date"] == "2023-09-12"


def test_folder_csv_and_parquet_inputs_give_the_same_lines(small, serial, tmp_path):
    _, rows = small
    folder = tmp_path / "txt"
    for r in rows[:4]:
        (folder / "sub").mkdir(parents=True, exist_ok=True)
        (folder / "sub" / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    batch(folder, tmp_path / "o1")
    by_id = {r["id"]: r for r in _lines(serial / "places.jsonl")}
    for line in _lines(tmp_path / "o1" / "places.jsonl"):
        assert line["id"].startswith("sub/")
        assert line["places"] == by_id[line["id"].removeprefix("sub/")]["places"]

    with open(tmp_path / "a.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["id", "text", "date", "leader", "url"])
        writer.writeheader()
        writer.writerows(rows)
    batch(tmp_path / "a.csv", tmp_path / "o2")
    assert (tmp_path / "o2" / "itineraries.jsonl").read_text() == (serial / "itineraries.jsonl").read_text()

    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{k: r.get(k) for k in ("id", "text", "date", "leader", "url")} for r in rows])
    pq.write_table(table, tmp_path / "a.parquet")
    batch(tmp_path / "a.parquet", tmp_path / "o3")
    assert (tmp_path / "o3" / "places.jsonl").read_text() == (serial / "places.jsonl").read_text()


def test_bad_articles_go_to_errors_with_the_reason_and_the_run_goes_on(tmp_path):
    rows = _articles(2) + [
        {"id": "empty", "text": "  \n"},
        {"id": "binary", "text": "\x00\x01\x02 abc"},
        {"id": "huge", "text": "Minsk. " * 800_000},
        {"id": "html", "text": "<html><body>Minsk</body></html>"},
        {"text": "no id"},
        {"id": "bad-date", "text": "Talks in Minsk.", "date": "yesterday"},
    ]
    path = _jsonl(tmp_path / "in.jsonl", rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "folder" / "latin1.txt").write_bytes("Caf\xe9 in Minsk".encode("latin-1"))
    summary = batch([path, tmp_path / "folder"], tmp_path / "out")
    errors = {r["id"]: r["reason"] for r in _lines(tmp_path / "out" / "errors.jsonl")}
    assert summary.failed == len(errors) == 9 and summary.articles == 11
    assert "empty" in errors["empty"] and "binary" in errors["binary"] and "too large" in errors["huge"]
    assert "HTML" in errors["html"] and "YYYY-MM-DD" in errors["bad-date"]
    assert "no id" in errors["in.jsonl:7"] and "not valid JSON" in errors["in.jsonl:9"]
    assert "binary" in errors["blob"] and "UTF-8" in errors["latin1"]
    assert len(_lines(tmp_path / "out" / "itineraries.jsonl")) == 2


def test_a_rerun_skips_the_ids_done_and_repeated_ids_once(small, tmp_path):
    path, rows = small
    first = batch(_jsonl(tmp_path / "half.jsonl", rows[:5]), tmp_path / "out")
    again = batch([path, path], tmp_path / "out")
    assert (first.articles, again.articles, again.skipped, again.duplicates) == (5, 7, 10, 7)
    _assert_complete(tmp_path / "out", {r["id"] for r in rows})


def test_a_killed_run_leaves_a_half_line_and_an_orphan_that_the_rerun_cuts(small, serial, tmp_path):
    path, rows = small
    out = tmp_path / "out"
    batch(_jsonl(tmp_path / "part.jsonl", rows[:6]), out)
    # What kill -9 can leave: the next article's places line without its itinerary line, and half a line.
    next_places = (serial / "places.jsonl").read_text().splitlines()[6]
    with open(out / "places.jsonl", "a") as fh:
        fh.write(next_places + "\n" + next_places[:40])
    with open(out / "itineraries.jsonl", "a") as fh:
        fh.write('{"id": "t0007')
    with open(out / "errors.jsonl", "a") as fh:
        fh.write('{"id": "x", "rea')
    summary = batch(path, out)
    assert (summary.skipped, summary.articles) == (6, 6)
    assert (out / "places.jsonl").read_text() == (serial / "places.jsonl").read_text()
    assert (out / "itineraries.jsonl").read_text() == (serial / "itineraries.jsonl").read_text()
    _assert_complete(out, {r["id"] for r in rows})


def test_a_full_disk_leaves_only_complete_lines_and_a_rerun_finishes(small, serial, tmp_path, monkeypatch):
    from geomap.archive import journal

    path, rows = small
    real_write = os.write
    budget = {"bytes": 40_000}

    def write_until_full(fd, data):
        if budget["bytes"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = real_write(fd, bytes(data[: min(len(data), budget["bytes"])]))
        budget["bytes"] -= n
        return n

    monkeypatch.setattr(journal.os, "write", write_until_full)
    with pytest.raises(journal.OutputError, match="No space left on device"):
        batch(path, tmp_path / "out")
    monkeypatch.setattr(journal.os, "write", real_write)
    done = _ids(tmp_path / "out")
    assert 0 < len(done) < len(rows)
    for name in ("places.jsonl", "itineraries.jsonl"):
        text = (tmp_path / "out" / name).read_text()
        assert text.endswith("\n") and serial.joinpath(name).read_text().startswith(text)
    batch(path, tmp_path / "out")
    assert (tmp_path / "out" / "itineraries.jsonl").read_text() == (serial / "itineraries.jsonl").read_text()


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "geomap", "batch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )


def _wait_for_lines(path: Path, n: int, proc: subprocess.Popen, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.05)
    pytest.fail(f"the run did not reach {n} lines (exit {proc.poll()})")


@pytest.mark.parametrize("how", ["kill -9", "ctrl-c"])
def test_a_stopped_cli_run_resumes_and_every_id_is_there_once(how, tmp_path, gazetteer):
    rows = _articles(60, offset=40)
    path = _jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out"
    proc = _cli(str(path), "-o", str(out), "--workers", "2", "--chunk-size", "2")
    _wait_for_lines(out / "itineraries.jsonl", 8, proc)
    if how == "kill -9":
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, as a crash or an OOM kill would
        proc.wait(30)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130 and err.strip().splitlines()[-1] == "Error: interrupted", err[-500:]
    before = len(_lines(out / "itineraries.jsonl"))
    assert 0 < before < len(rows)
    proc = _cli(str(path), "-o", str(out))
    stdout, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0 and f"{before:,} done by an earlier run" in stdout
    _assert_complete(out, {r["id"] for r in rows})


def test_worker_processes_give_the_serial_lines(small, serial, tmp_path):
    summary = batch(small[0], tmp_path / "out", workers=2, chunk_size=2)
    assert (tmp_path / "out" / "places.jsonl").read_text() == (serial / "places.jsonl").read_text()
    assert (tmp_path / "out" / "itineraries.jsonl").read_text() == (serial / "itineraries.jsonl").read_text()
    assert len(summary.memory) == 2 and all(m.peak_mb > 0 for m in summary.memory)


def test_a_parallel_run_hands_out_smaller_chunks_towards_the_end_and_every_article_once():
    """So that two workers finish together: the last chunks take one article, not 32 (a second of one worker
    while the other waits)."""
    from geomap.archive.run import _Filter
    from geomap.archive.sources import Article

    articles = [Article(f"a{i}", "text") for i in range(1000)]
    parallel = list(_Filter(set()).chunks(articles, 32, left=1000, workers=2))
    assert [a.id for chunk in parallel for a in chunk] == [a.id for a in articles]
    sizes = [len(chunk) for chunk in parallel]
    assert sizes[0] == 32 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
    serial = [len(chunk) for chunk in _Filter(set()).chunks(articles, 32, left=1000, workers=1)]
    assert serial == [32] * 31 + [8]


def test_a_dask_local_cluster_of_two_processes_gives_the_serial_lines_over_200_articles(tmp_path):
    pytest.importorskip("distributed")
    path = _jsonl(tmp_path / "in.jsonl", _articles(200))
    batch(path, tmp_path / "serial")
    summary = batch(path, tmp_path / "dask", dask="local", workers=2, ship_gazetteer=True)
    assert summary.articles == 200 and len(summary.memory) == 2, "both worker processes took chunks"
    assert len({m.worker.split(":")[1] for m in summary.memory} | {str(os.getpid())}) == 3
    for name in ("places.jsonl", "itineraries.jsonl"):
        assert (tmp_path / "dask" / name).read_text() == (tmp_path / "serial" / name).read_text()


def test_the_spark_recipe_gives_the_serial_lines(small, serial, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    import shutil

    if shutil.which("java") is None:
        pytest.skip("pyspark is installed but no Java runtime is: apt-get install default-jre-headless")
    from pyspark.sql import SparkSession

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    gazetteer_path = os.environ.get("GEOMAP_GAZETTEER") or str(__import__("geomap").default_gazetteer().path)
    spark = (
        SparkSession.builder.master("local[2]").appName("geomap-test").config("spark.ui.enabled", "false").getOrCreate()
    )
    try:
        articles = spark.read.json(str(small[0])).select("id", "text", "date", "leader", "url")
        out = articles.rdd.mapPartitions(
            lambda part: process_records((r.asDict() for r in part), gazetteer=gazetteer_path)
        )
        rows = spark.createDataFrame(out, "id string, places string, itinerary string, error string").collect()
    finally:
        spark.stop()
    got = {r["id"]: json.loads(r["places"]) for r in rows}
    assert got == {r["id"]: r for r in _lines(serial / "places.jsonl")}


def test_parquet_output_holds_the_same_records(small, serial, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    summary = batch(small[0], tmp_path / "out", format="parquet")
    assert summary.articles == 12
    trips = pq.read_table(tmp_path / "out" / "itineraries.parquet").to_pylist()
    places = pq.read_table(tmp_path / "out" / "places.parquet").to_pylist()
    expected = _lines(serial / "itineraries.jsonl")
    assert [t["id"] for t in trips] == [e["id"] for e in expected]
    for got, want in zip(trips, expected):
        assert [s["name"] for s in got["stops"]] == [s["name"] for s in want["stops"]]
        assert got["leader"] == want["leader"] and got["url"] == want.get("url")
    first = _lines(serial / "places.jsonl")[0]["places"][0]
    assert {k: v for k, v in places[0]["places"][0].items() if v is not None} == first
    again = batch(small[0], tmp_path / "out", format="parquet")
    assert (again.articles, again.skipped) == (0, 12)


def test_maps_and_an_index_whose_text_is_escaped(tmp_path):
    from test_security import TEMPLATE_PAYLOADS

    rows = _articles(3)
    payload = "<script>window.__pwned=1</script> & " + TEMPLATE_PAYLOADS[3]
    rows[0]["title"] = payload
    rows[1]["leader"] = "<img src=x onerror=alert(1)>"
    rows[2]["id"] = '"><script>alert(2)</script>'
    batch(_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out", maps=True)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "<img" not in index and "onerror=alert(1)>" not in index
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; " in index
    pages = sorted((tmp_path / "out" / "maps").glob("*.html"))
    assert len(pages) == 3 and all(p.name.endswith(".html") and "/" not in p.name for p in pages)
    for page in pages:
        assert f'href="maps/{page.name}"' in index
    first = next(p for p in pages if p.name.startswith("t0000"))
    assert "window.__pwned=1</script>" not in first.read_text(encoding="utf-8")


def test_line_ids_are_read_from_the_start_of_the_line():
    assert line_id(json.dumps({"id": 'a "quoted" \u00e9 id', "x": [1]}).encode()) == 'a "quoted" \u00e9 id'
    assert line_id(b'{"places": [], "id": "late"}') == "late"


def test_journal_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="jsonl or parquet"):
        Journal(tmp_path, "xml")


def test_cli_batch_summary_and_exit_codes(small, tmp_path):
    result = runner.invoke(app, ["batch", str(small[0]), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "12 articles in" in result.stdout and "with an itinerary, 0 failed" in result.stdout
    missing = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")])
    assert (
        missing.exit_code == 2 and missing.stderr.strip() == f"Error: {tmp_path / 'nope.jsonl'}: no such file or folder"
    )
    (tmp_path / "empty.jsonl").write_text("")
    empty = runner.invoke(app, ["batch", str(tmp_path / "empty.jsonl"), "-o", str(tmp_path / "o")])
    assert empty.exit_code == 1 and "no articles" in empty.stderr
    wrong = runner.invoke(app, ["batch", str(small[0]), "-o", str(tmp_path / "o"), "--format", "xml"])
    assert wrong.exit_code == 2 and "jsonl or parquet" in wrong.stderr
