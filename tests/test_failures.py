"""Clean failures and no litter (docs/SECURITY.md, "Failing cleanly"): what an unlucky machine or a hostile
file does to geomap ends in one line and exit 2, leaves every old file as it was and no temporary file behind.

Full disks and read-only file systems are real where the machine lets us mount a small tmpfs (root, as in CI);
elsewhere those tests skip with the reason, and the same faults are also simulated at the lowest level (the
write that fails) so that they are covered on any machine.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import GazetteerError, GeomapError, InputError, OutputError
from geomap.gazetteer import store
from geomap.gazetteer.build import (
    RejectedRow,
    ensure,
    parse_dump_line,
    verify_checksum,
    write_records,
)
from geomap.gazetteer.fingerprint import remove_stale_partials
from geomap.gazetteer.layers import Record
from geomap.gazetteer.store import PRIMARY, close_gazetteer, open_gazetteer
from geomap.output import write_all_atomic
from geomap.pipeline import geoparse
from geomap.text.read import read_article

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "trips" / "kim-vostochny-2023.txt"
DEAD_PID = 4_194_304 + 4321  # above Linux's largest process id: never a live process
runner = CliRunner()


def _geomap(*args: str, env: dict | None = None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args], capture_output=True, text=True, env=env, stdin=stdin, timeout=300
    )


def _one_clean_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[0]


@pytest.fixture
def mount(tmp_path):
    """mount(size, read_only=False, files={}) -> a folder on a tmpfs of that size; skips where none can be made."""
    points: list[Path] = []

    def make(size: str = "64k", *, read_only: bool = False, files: dict[str, bytes] | None = None) -> Path:
        point = tmp_path / f"mnt{len(points)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): needs root, as in CI")
        points.append(point)
        for name, data in (files or {}).items():
            (point / name).write_bytes(data)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        return point

    yield make
    for point in points:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or ".partial-" in p.name)


# -- reading ------------------------------------------------------------------------------------------


def test_closed_standard_input_is_one_line_and_exit_2(gazetteer):
    env = dict(os.environ, GEOMAP_GAZETTEER=str(gazetteer.path))
    done = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.close(0); from geomap.cli import main; sys.argv[1:] = "
         "['places', '-']; main()"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "standard input" in _one_clean_line(done.stderr)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, encoding):
    text = "Kim Jong Un arrived in Vladivostok by train."
    path = tmp_path / "a.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    assert read_article(path) == text


def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Kim Jong Un arrived in Vladivostok by train.".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16"):
        read_article(path)


# -- poisoned gazetteer data --------------------------------------------------------------------------


def _dump_row(gid="9990001", name="Test Ville", lat="50.1", lon="8.6", country="DE", population="1200", alt=""):
    cols = [gid, name, name, alt, lat, lon, "P", "PPL", country, "", "05", "", "", "", population, "", "100", "", ""]
    return "\t".join(cols)


@pytest.mark.parametrize(
    "row, reason",
    [
        (_dump_row(lat="999"), "latitude out of range"),
        (_dump_row(lon="-720"), "longitude out of range"),
        (_dump_row(lat="nan"), "latitude out of range"),
        (_dump_row(lon="inf"), "longitude out of range"),
        (_dump_row(lat="north"), "latitude not a number"),
        (_dump_row(population=str(2**64)), "population out of range"),
        (_dump_row(population="-5"), "population not a whole number"),
        (_dump_row(population="1e9"), "population not a whole number"),
        (_dump_row(country="d3"), "country code not two capital letters"),
        (_dump_row(gid="12a"), "no geonameid"),
        (_dump_row(name="Bad\x85Name"), "no usable name"),
        (_dump_row(name=" "), "no usable name"),
        ("1\tonly\tthree", "too few columns"),
    ],
)
def test_every_field_of_a_dump_row_is_checked(row, reason):
    with pytest.raises(RejectedRow) as caught:
        parse_dump_line(row)
    assert caught.value.reason == reason


def test_a_poisoned_dump_is_reported_by_reason_and_london_still_resolves(tmp_path, gazetteer):
    gaz_path = tmp_path / "g.sqlite"
    gaz_path.write_bytes(gazetteer.path.read_bytes())
    dump = tmp_path / "XX.txt"
    rows = [
        _dump_row(gid="9990001", lat="999", lon="-720", alt="London"),
        _dump_row(gid="9990002", population=str(2**64), alt="London"),
        _dump_row(gid="9990003", lat="nan", alt="London"),
        _dump_row(gid="9990004", name="Testburg"),
    ]
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "import", str(dump), "--gazetteer", str(gaz_path)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.stdout
    assert "rejected 3 rows" in result.stderr
    assert "2 latitude out of range" in result.stderr and "1 population out of range" in result.stderr  # (NaN: 1)
    close_gazetteer(gaz_path)
    mentions = geoparse("The prime minister flew to London on Monday.", gazetteer=str(gaz_path))
    assert [(m.text, m.place.country) for m in mentions if m.place] == [("London", "GB")]
    close_gazetteer(gaz_path)


def _poisoned_copy(tmp_path: Path, source: Path) -> Path:
    path = tmp_path / "poisoned.sqlite"
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    poison = [  # (id, lat, lon, population, importance, name): each a row no place can have
        ("bad:lat", 999.0, 73.0, 1000, 0.5, "Omsk"),
        ("bad:text-lat", "north", 73.0, 1000, 0.5, "Omsk"),
        ("bad:nan", None, 73.0, 1000, 0.5, "Omsk"),
        ("bad:population", 55.0, 73.0, "many", 0.5, "Omsk"),
        ("bad:importance", 55.0, 73.0, 1000, "high", "Omsk"),
        ("bad:name", 55.0, 73.0, 1000, 0.5, b"\xff"),
    ]
    for i, (pid, lat, lon, population, importance, name) in enumerate(poison, start=9000):
        conn.execute(
            "INSERT INTO places (rowid, id, name, kind, lat, lon, country, admin1, population, importance, layer) "
            "VALUES (?, ?, ?, 'city', coalesce(?, 'NaN'), ?, 'RU', '', ?, ?, 'test')",
            (i, pid, name, lat, lon, population, importance),
        )
        conn.execute("INSERT INTO names VALUES ('omsk', 'omsk', ?, 'Omsk', 1)", (i,))
    conn.execute(
        "INSERT INTO places VALUES (9100, 'ok:flags', 'Omsk', 'city', 55.0, 73.0, 'RU', '', 10, 0.9, 'test')"
    )  # a good place, read through a name row whose flags are not a number
    conn.execute("INSERT INTO names VALUES ('omsk', 'omsk', 9100, 'Omsk', 'primary')")
    conn.commit()
    conn.close()
    return path


def test_a_poisoned_stored_row_never_crashes_a_lookup(tmp_path, tiny_gazetteer_path):
    path = _poisoned_copy(tmp_path, tiny_gazetteer_path)
    gaz = open_gazetteer(path)
    try:
        assert [p.id for p in gaz.lookup("Omsk")] == ["t:omsk"]
        assert [m.place.id for m in geoparse("Kim left Omsk by train.", gazetteer=gaz) if m.place] == ["t:omsk"]
        assert gaz.by_id("bad:lat") is None and gaz.by_id("t:omsk") is not None
        assert {p.id for p in gaz.iter_places()} >= {"t:omsk"} and "bad:lat" not in {p.id for p in gaz.iter_places()}
        assert sorted(p.id for p in gaz.nearest(55.0, 73.2, limit=9)) == ["ok:flags", "t:omsk"]  # (a good place)
    finally:
        close_gazetteer(path)


def _damaged_copy(tmp_path: Path, source: Path) -> Path:
    """A copy whose places table is overwritten: the file opens (its header, meta and names read), its places
    do not."""
    conn = sqlite3.connect(source)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'places'").fetchone()[0]
    conn.close()
    data = bytearray(source.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_gazetteer_raises_geomap_errors_in_the_api(tmp_path, tiny_gazetteer_path):
    path = _damaged_copy(tmp_path, tiny_gazetteer_path)
    gaz = open_gazetteer(path)
    try:
        with pytest.raises(GazetteerError, match="damaged") as caught:
            geoparse("Kim left Omsk by train.", gazetteer=gaz)
        assert not isinstance(caught.value, sqlite3.Error)
        with pytest.raises(GeomapError):
            gaz.lookup("Omsk")
    finally:
        close_gazetteer(path)


def test_a_build_records_a_checksum_that_info_verifies(tmp_path):
    path = write_records(tmp_path / "g.sqlite", [Record("t:1", "Omsk", "city", 55.0, 73.4, "RU", names=(("Omsk", 1),))])
    assert verify_checksum(path) is True
    result = runner.invoke(app, ["gazetteer", "info", "--gazetteer", str(path)])
    assert result.exit_code == 0 and "checksum: ok" in result.stdout
    close_gazetteer(path)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # damage near the end, where opening the file does not look
    path.write_bytes(bytes(data))
    assert verify_checksum(path) is False
    result = runner.invoke(app, ["gazetteer", "info", "--gazetteer", str(path)])
    assert result.exit_code == 2
    assert "does not match the checksum" in result.stderr
    close_gazetteer(path)


def test_a_build_whose_file_fails_the_integrity_check_is_not_installed(tmp_path, monkeypatch):
    from geomap.gazetteer import build as build_module

    def damaged(conn, target):
        raise GazetteerError(f"the gazetteer built for {target} failed its integrity check (page 9); check the disk")

    monkeypatch.setattr(build_module, "_check_integrity", damaged)
    target = tmp_path / "g.sqlite"
    with pytest.raises(GazetteerError, match="integrity"):
        write_records(target, [Record("t:1", "Omsk", "city", 55.0, 73.4, "RU", names=(("Omsk", 1),))])
    assert not target.exists() and _litter(tmp_path) == []


def test_the_lazy_tables_are_whole_when_threads_ask_at_once(gazetteer, monkeypatch):
    first_row = store._row_to_place
    calls = []

    def slowly(row):  # the first row of a table is slow: the window in which a half-made table could be seen
        calls.append(1)
        if len(calls) == 1:
            threading.Event().wait(0.1)
        return first_row(row)

    monkeypatch.setattr(store, "_row_to_place", slowly)
    for ask in (lambda g: g.country("RU"), lambda g: g.admin1("RU", "59")):
        calls.clear()
        fresh = store.Gazetteer(store.connect(gazetteer.path), gazetteer.path)  # nothing loaded yet
        start, answers = threading.Barrier(8), []

        def worker(fresh=fresh, ask=ask, start=start, answers=answers):
            start.wait()
            answers.append(ask(fresh))

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        fresh.close()
        assert len(answers) == 8 and all(a is not None for a in answers), answers


# -- building the gazetteer where it cannot be written ----------------------------------------------------


def test_a_read_only_home_is_said_plainly_not_called_damaged(tmp_path, mount):
    home = mount(read_only=True)
    env = {k: v for k, v in os.environ.items() if k not in ("GEOMAP_GAZETTEER", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    done = _geomap("places", str(ARTICLE), env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()  # the notice that a build starts, then why it cannot
    assert len(lines) <= 2 and lines[-1].startswith("Error:") and "Traceback" not in done.stderr
    assert "read-only" in lines[-1] and "damaged" not in lines[-1] and "--force" not in lines[-1]


def test_a_full_disk_during_a_build_is_said_plainly_and_leaves_no_partial_file(mount):
    folder = mount("256k")
    records = [
        Record(f"t:{i}", f"Town {i}", "city", 50.0, 8.0 + i / 1e5, "DE", names=((f"Town {i}", PRIMARY),))
        for i in range(20_000)
    ]
    with pytest.raises(GazetteerError) as caught:
        write_records(folder / "g.sqlite", records)
    assert "disk is full" in str(caught.value) and "damaged" not in str(caught.value)
    assert os.listdir(folder) == []


def test_a_read_only_file_system_during_a_build_is_said_plainly(mount):
    folder = mount(read_only=True)
    env = dict(os.environ, GEOMAP_GAZETTEER=str(folder / "g.sqlite"))
    done = _geomap("gazetteer", "build", env=env)
    assert done.returncode == 2
    line = _one_clean_line(done.stderr)
    assert "read-only" in line and "damaged" not in line


def test_partial_files_of_killed_builds_are_removed_on_the_next_run(tmp_path, tiny_gazetteer_path):
    target = tmp_path / "g.sqlite"
    target.write_bytes(tiny_gazetteer_path.read_bytes())
    dead = tmp_path / f"g.sqlite.partial-{DEAD_PID}"
    live = tmp_path / f"g.sqlite.partial-{os.getppid()}"  # a running process: a build in progress
    dead.write_bytes(b"x" * 1000)
    live.write_bytes(b"x")
    assert remove_stale_partials(target) == 1
    assert not dead.exists() and live.exists()
    dead.write_bytes(b"x")
    ensure(target)  # what every command runs first
    assert not dead.exists()


# -- writing maps and exports ----------------------------------------------------------------------------


def _map(*extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["map", str(ARTICLE), *extra])
    return result.exit_code, result.stderr


def test_a_full_disk_while_writing_the_map_leaves_the_old_file_and_no_litter(mount, gazetteer):
    folder = mount("32k", files={"trip.html": b"old map"})
    code, stderr = _map("-o", str(folder / "trip.html"))
    assert code == 2
    assert "no space left" in _one_clean_line(stderr)
    assert (folder / "trip.html").read_bytes() == b"old map"
    assert _litter(folder) == []


def test_several_outputs_are_written_all_or_none(tmp_path, mount, gazetteer):
    full = mount("16k")
    try:
        with open(full / "filler", "wb") as fh:  # the disk holds nothing more
            while True:
                fh.write(b"x" * 1024)
                fh.flush()
    except OSError:
        pass
    page = tmp_path / "trip.html"
    page.write_bytes(b"old map")
    code, stderr = _map(
        "-o", str(page), "--geojson", str(tmp_path / "trip.geojson"), "--storymap", str(full / "s.json")
    )
    assert code == 2 and "no space left" in _one_clean_line(stderr)
    assert page.read_bytes() == b"old map" and not (tmp_path / "trip.geojson").exists()
    assert _litter(tmp_path) == [] and _litter(full) == []


def test_an_output_folder_that_cannot_be_written_is_one_line(mount, gazetteer):
    folder = mount(read_only=True)
    code, stderr = _map("-o", str(folder / "maps" / "trip.html"))
    assert code == 2 and "not writable" in _one_clean_line(stderr)


def test_no_space_simulated_at_the_lowest_write(tmp_path, monkeypatch):
    """The same fault on any machine: the operating system's write says the disk is full (simulated)."""
    import geomap.output as output

    old = tmp_path / "a.html"
    old.write_bytes(b"old")

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "write", full)
    with pytest.raises(OutputError, match="no space left"):
        write_all_atomic([(old, b"new"), (tmp_path / "a.geojson", b"{}")])
    assert old.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


def test_read_only_file_systems_simulated_at_the_lowest_write(tmp_path, monkeypatch):
    import geomap.output as output

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output.tempfile, "mkstemp", read_only)
    with pytest.raises(OutputError, match="read-only"):
        write_all_atomic([(tmp_path / "a.html", b"new")])


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "directory"])
def test_output_onto_what_is_not_a_regular_file_is_refused(tmp_path, gazetteer, kind):
    target = tmp_path / "trip.html"
    real = tmp_path / "real.html"
    if kind == "symlink":
        real.write_bytes(b"the link's target")
        target.symlink_to(real)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    else:
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a twin of /dev/null
        except PermissionError:
            pytest.skip("cannot make a device node here (needs root, as in CI)")
    code, stderr = _map("-o", str(target))
    assert code == 2
    assert "geomap writes only regular files" in _one_clean_line(stderr)
    if kind == "symlink":
        assert target.is_symlink() and real.read_bytes() == b"the link's target"
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert _litter(tmp_path) == []


def test_a_read_only_output_is_kept_unless_forced_and_stays_read_only(tmp_path, gazetteer):
    page = tmp_path / "trip.html"
    page.write_bytes(b"old map")
    page.chmod(0o444)
    code, stderr = _map("-o", str(page))
    assert code == 2 and "read-only" in _one_clean_line(stderr) and "--force" in stderr
    assert page.read_bytes() == b"old map"
    code, _ = _map("-o", str(page), "--force")
    assert code == 0
    assert page.read_bytes().startswith(b"<!DOCTYPE html>") and stat.S_IMODE(page.stat().st_mode) == 0o444


def test_temporary_files_of_killed_writers_are_removed_on_the_next_write(tmp_path, gazetteer, monkeypatch):
    old_style = tmp_path / ".trip.html.k3j9x_a1.part"  # an older geomap's name: no process id
    old_style.write_bytes(b"x")
    os.utime(old_style, (1_000_000_000, 1_000_000_000))
    fresh_style = tmp_path / ".trip.html.qq1.part"  # no process id and new: may be a writer at work
    fresh_style.write_bytes(b"x")
    dead = tmp_path / f".trip.html.{DEAD_PID}.abc.part"
    dead.write_bytes(b"x")
    live = tmp_path / f".trip.html.{os.getppid()}.abc.part"
    live.write_bytes(b"x")
    monkeypatch.setattr("geomap.output._SWEPT", set())
    code, _ = _map("-o", str(tmp_path / "trip.html"))
    assert code == 0
    assert _litter(tmp_path) == sorted([fresh_style.name, live.name])


# -- JSON that reads back ------------------------------------------------------------------------------------


def test_itinerary_json_with_c1_controls_round_trips(tmp_path):
    from geomap.publish.shapes import dumps

    controls = "".join(map(chr, range(0x80, 0xA0))) + "\x7f\u2028"
    trip = {
        "leader": f"Kim{controls}",
        "stops": [{"name": f"Omsk{controls}", "lat": 55.0, "lon": 73.4, "evidence": [f"He came{controls}."]}],
        "context": [],
    }
    text = dumps(trip)
    assert not any(0x7F <= ord(c) < 0xA0 or c == "\u2028" for c in text)
    path = tmp_path / "trip.json"
    path.write_text(text, encoding="utf-8")
    first = runner.invoke(app, ["map", "--itinerary", str(path), "-o", str(tmp_path / "m.html"), "--json"])
    assert first.exit_code == 0, first.stderr
    path.write_text(first.stdout, encoding="utf-8")
    second = runner.invoke(app, ["map", "--itinerary", str(path), "-o", str(tmp_path / "m.html"), "--json"])
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout
    assert json.loads(first.stdout)["stops"][0]["name"] == f"Omsk{controls}"


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "mentions, message",
    [
        ("7", "context[0].mentions: expected a list of texts, got 7"),
        ('"Omsk"', 'context[0].mentions: expected a list of texts, got "Omsk"'),
        (_deep(500), "context[0].mentions: expected a list of texts, got a list of 1"),
        (_deep(100_000), "nested too deeply"),
    ],
)
def test_an_edited_file_with_odd_mentions_gets_a_field_error(tmp_path, mentions, message):
    path = tmp_path / "trip.json"
    path.write_text(
        '{"leader": "Kim", "stops": [{"name": "Omsk", "lat": 55, "lon": 73.4}], '
        f'"context": [{{"name": "Tomsk", "lat": 56.5, "lon": 85, "mentions": {mentions}}}]}}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["map", "--itinerary", str(path), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    assert message in _one_clean_line(result.stderr)
    assert not (tmp_path / "m.html").exists()
