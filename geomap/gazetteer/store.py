"""The gazetteer's SQLite store: schema, opening, and every query geomap runs against it.

SQLite is the embedded default (no server, one file, fast indexed lookups) and
the queries are plain parameterised SQL, kept here and nowhere else. The only
module-level state is the cache of :func:`open_gazetteer`, which holds one
read-only connection per file: geoparsing never writes, and a read-only URI
makes sure it cannot.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from geomap.errors import GazetteerError
from geomap.model import Place
from geomap.output import cache_folder

SCHEMA_VERSION = "4"
T = TypeVar("T")

# Layers made from GeoNames' data, where alternate names include old and foreign ones (not chosen by us).
GEONAMES_LAYERS = frozenset({"geonames-cities", "admin1", "admin2", "airports", "geonames-import"})

# flags on a name row
PRIMARY = 1  # the record's own name
ABBREVIATION = 2  # "U.S.", "UK", "DPRK": only matched in the exact case written
DEMONYM = 4  # "Russian", "North Korean": the country's adjective
GENERATED = 8  # made by us from another name ("Amur region" from "Amur Oblast")
WEAK = 16  # an alternate name too common or short to find a place on its own

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE layers (
    name TEXT PRIMARY KEY, records INTEGER NOT NULL, source TEXT NOT NULL, licence TEXT NOT NULL
);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    importance REAL NOT NULL DEFAULT 0,
    layer TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    loose TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES places(rowid),
    name TEXT NOT NULL,
    flags INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS names_loose ON names(loose);
CREATE INDEX IF NOT EXISTS names_place ON names(place);
CREATE INDEX IF NOT EXISTS places_lat ON places(lat);
CREATE INDEX IF NOT EXISTS places_kind ON places(kind, country, admin1);
"""

# One bit per key (a hash of it) that the names table holds, per key column, written when the names are: a
# key whose bit is clear is in no row, and needs no query. Most capitalised runs of words in news ("Mr Putin
# said") name nothing, and a query for them costs more than all the rest of their lookup. 2**24 bits (2 MB a
# column) for about 700,000 keys: one key in 25 that names nothing still sets off a query.
KEY_FILTER_BITS = 1 << 24
_KEY_FILTER_COLUMNS = ("key", "loose")

_PLACE_COLUMNS = "p.id, p.name, p.lat, p.lon, p.country, p.kind, p.admin1, p.population, p.importance, p.layer"


def default_path() -> Path:
    """Where the built gazetteer lives: ``$GEOMAP_GAZETTEER``, else the user cache folder."""
    env = os.environ.get("GEOMAP_GAZETTEER")
    if env:
        return Path(env).expanduser()
    return cache_folder() / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


class Candidate(NamedTuple):
    """One way a looked-up name can be read: the place, the name it matched, and how (flags).

    A named tuple: recognition makes tens of thousands per corpus, and tuples are cheap.
    """

    place: Place
    name: str
    flags: int

    @property
    def is_primary(self) -> bool:
        return bool(self.flags & PRIMARY)


def _may_vary(loose: str) -> bool:
    """Whether a loose key can match a name its exact key did not.

    Loose keys only rewrite word endings to "-y" (text.loose_key); a loose key with no
    word of four letters or more ending in "y" was left as it was, and so was every name
    that shares it: the exact lookup has already answered. Most capitalised phrases in
    news are like that, and skipping them saves a query per article.
    """
    return _VARYING_WORD.search(loose) is not None


_VARYING_WORD = re.compile(r"[^ ]{3}y(?: |$)")  # a word of four letters or more ending in "y" (keys are single-spaced)


def _key_bit(key: str) -> int:
    """The bit of a key in a key filter: a hash that every process computes alike (``hash()`` does not)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) & (KEY_FILTER_BITS - 1)


def write_key_filters(conn: sqlite3.Connection) -> None:
    """Write the key filters of the names ``conn`` holds now: every writer of names calls this when done."""
    conn.execute("CREATE TABLE IF NOT EXISTS key_filters (name TEXT PRIMARY KEY, bits BLOB NOT NULL)")
    for column in _KEY_FILTER_COLUMNS:
        bits = bytearray(KEY_FILTER_BITS // 8)
        for (key,) in conn.execute(f"SELECT DISTINCT {column} FROM names"):
            if type(key) is str:
                bit = _key_bit(key)
                bits[bit >> 3] |= 1 << (bit & 7)
        conn.execute("INSERT OR REPLACE INTO key_filters VALUES (?, ?)", (column, bytes(bits)))


def _row_to_place(row: tuple) -> Place | None:
    """One ``places`` row as a :class:`Place` (the only place that knows the column order), or None for a row
    no place can have: a gazetteer file is data from outside too (an import, an edited or damaged file), and
    one poisoned row must not fail every article that names it."""
    id_, name, _, _, country, kind, admin1, population, importance, layer = row
    if not (
        type(id_) is str
        and type(name) is str
        and type(country) is str
        and type(kind) is str
        and type(admin1) is str
        and type(layer) is str
        and type(population) is int
        and (type(importance) is float or type(importance) is int)
    ):
        return None
    try:
        return Place(*row)
    except ValueError:  # a coordinate out of range, NaN or not a number
        return None


def _damaged(path: Path, exc: sqlite3.Error) -> GazetteerError:
    return GazetteerError(
        f"gazetteer {path} is damaged ({exc}); delete it and run `geomap gazetteer build`, or check the disk"
    )


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """A query method whose SQLite errors (a damaged page, a file cut short) come out as :class:`GazetteerError`,
    the error family every caller of geomap catches, instead of ``sqlite3.DatabaseError``."""

    @functools.wraps(method)
    def guarded(self: Gazetteer, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None

    return guarded


class Gazetteer:
    """A read-only view of one gazetteer file.

    >>> from geomap import default_gazetteer
    >>> gaz = default_gazetteer()  # opens the built file (builds it on first use)
    >>> gaz.lookup("Vladivostok")[0].country
    'RU'
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._countries: dict[str, Place] | None = None
        self._places: dict[str, Place] = {}  # Place objects already made, by id: the file never changes while open
        self._memo: dict[str, list[Candidate]] = {}
        self._loose_memo: dict[str, list[Candidate]] = {}
        self._admin1: dict[tuple[str, str], Place] | None = None
        self._key_filters: dict[str, bytes | None] = {}
        self._lock = threading.Lock()

    # -- name lookups ----------------------------------------------------------------
    @_guarded
    def candidates(self, keys: Iterable[str], *, loose: bool = False) -> dict[str, list[Candidate]]:
        """All readings of many keys, one query per 500 keys not seen before: {key: [Candidate, ...]}.

        Answers, including "no such name", are kept per connection: news repeats
        the same names, and the file does not change while it is open.
        """
        column = "loose" if loose else "key"
        memo = self._loose_memo if loose else self._memo
        found: dict[str, list[Candidate]] = {}
        unknown = []
        bits = self._key_filter(column)
        crc32, mask = zlib.crc32, KEY_FILTER_BITS - 1  # (_key_bit written out: this runs on every key of every article)
        for k in dict.fromkeys(keys):
            if not k or (loose and not _may_vary(k)):
                continue
            hit = memo.get(k)
            if hit is None:
                if bits is not None:
                    bit = crc32(k.encode("utf-8", "surrogatepass")) & mask
                    if not bits[bit >> 3] >> (bit & 7) & 1:
                        continue  # in no row: no query
                unknown.append(k)
            elif hit:
                found[k] = hit
        if len(memo) > 300_000:
            memo.clear()
        cache = self._places
        new = tuple.__new__  # Candidate(...) without the named tuple's Python-level constructor
        for i in range(0, len(unknown), 500):
            chunk = unknown[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT n.{column}, n.name, n.flags, {_PLACE_COLUMNS} FROM names n "
                f"JOIN places p ON p.rowid = n.place WHERE n.{column} IN ({marks})"
            )
            for row in self.conn.execute(sql, chunk):
                place = cache.get(row[3])
                if place is None:
                    place = _row_to_place(row[3:])
                    if place is None:
                        continue
                    cache[row[3]] = place
                if type(row[1]) is str and type(row[2]) is int:
                    found.setdefault(row[0], []).append(new(Candidate, (place, row[1], row[2])))
            for k in chunk:
                memo[k] = found.get(k, [])
        return found

    def _key_filter(self, column: str) -> bytes | None:
        """The key filter of a column (see :data:`KEY_FILTER_BITS`), read once; None for a file written without
        one (every key is then looked up)."""
        if column not in self._key_filters:
            try:
                row = self.conn.execute("SELECT bits FROM key_filters WHERE name = ?", (column,)).fetchone()
            except sqlite3.OperationalError:  # no such table: a file from before key filters
                row = None
            bits = row[0] if row else None
            self._key_filters[column] = bits if type(bits) is bytes and len(bits) == KEY_FILTER_BITS // 8 else None
        return self._key_filters[column]

    @_guarded
    def lookup(self, name: str, *, limit: int = 10) -> list[Place]:
        """Places a name can mean, most important first; tolerant of spelling variants.

        >>> from geomap import default_gazetteer
        >>> [p.name for p in default_gazetteer().lookup("Kiev")][:1]
        ['Kyiv']
        """
        from geomap.text.keys import loose_key, name_key

        key = name_key(name)
        found = self.candidates([key]).get(key) or self.candidates([loose_key(key)], loose=True).get(loose_key(key), [])
        best: dict[str, Place] = {}
        for cand in sorted(found, key=lambda c: (-c.place.importance, -c.place.population)):
            best.setdefault(cand.place.id, cand.place)
        return list(best.values())[:limit]

    @_guarded
    def by_id(self, place_id: str) -> Place | None:
        row = self.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return _row_to_place(row) if row else None

    @_guarded
    def names_of(self, place_id: str) -> list[str]:
        """Every name stored for a place, its own name first."""
        rows = self.conn.execute(
            "SELECT n.name FROM names n JOIN places p ON p.rowid = n.place WHERE p.id = ? ORDER BY n.flags & 1 DESC, n.name",
            (place_id,),
        )
        return list(dict.fromkeys(r[0] for r in rows))

    # -- hierarchy -------------------------------------------------------------------
    @_guarded
    def country(self, iso: str) -> Place | None:
        """The country record for an ISO 3166 alpha-2 code."""
        if self._countries is None:
            self._countries = self._by(lambda p: p.country, "country")
        return self._countries.get((iso or "").upper())

    @_guarded
    def admin1(self, country: str, code: str) -> Place | None:
        """The first-level region (state, oblast, province) with this GeoNames admin1 code."""
        if self._admin1 is None:
            self._admin1 = self._by(lambda p: (p.country, p.admin1), "admin1")
        return self._admin1.get(((country or "").upper(), code or ""))

    def _by(self, key: Callable[[Place], Any], kind: str) -> dict:
        """Every place of one kind by ``key``, the first of each: built whole, then published, under a lock, so a
        thread that asks while another builds waits for the full table instead of reading a half-made one."""
        with self._lock:
            table: dict = {}
            for row in self.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.kind = ?", (kind,)):
                place = _row_to_place(row)
                if place is not None:
                    table.setdefault(key(place), place)
            return table

    @_guarded
    def capital(self, iso: str) -> Place | None:
        """The capital city of a country, when the gazetteer knows it."""
        row = self.conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.kind = 'capital' AND p.country = ? "
            "ORDER BY p.population DESC LIMIT 1",
            ((iso or "").upper(),),
        ).fetchone()
        return _row_to_place(row) if row else None

    @_guarded
    def nearest(self, lat: float, lon: float, *, limit: int = 1, radius_km: float = 100.0) -> list[Place]:
        """Places nearest a point, within ``radius_km``, nearest first (for reverse geocoding)."""
        dlat = radius_km / 111.0
        dlon = min(180.0, radius_km / max(1e-6, 111.0 * math.cos(math.radians(lat))))
        rows = self.conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? "
            "AND p.kind NOT IN ('country', 'continent', 'region', 'admin1', 'admin2', 'ocean', 'sea', 'gulf', 'bay', "
            "'strait', 'river', 'lake', 'canal', 'border')",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        )
        from geomap.geometry import distance_km

        places = [p for p in map(_row_to_place, rows) if p is not None]
        scored = sorted(((distance_km((lat, lon), (p.lat, p.lon)), p) for p in places), key=lambda x: x[0])
        return [p for d, p in scored if d <= radius_km][:limit]

    # -- description -----------------------------------------------------------------
    @_guarded
    def about(self) -> dict:
        """When the file was built, its schema, and its layers with their sources and licences: what a map
        credits, read from two small tables (:meth:`info` also counts every place and name, a tenth of a second
        that ``geomap map`` does not need)."""
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        layers = [
            {"name": n, "records": r, "source": s, "licence": lic}
            for n, r, s, lic in self.conn.execute("SELECT name, records, source, licence FROM layers ORDER BY name")
        ]
        return {"built": meta.get("built"), "schema": meta.get("schema"), "layers": layers}

    def info(self) -> dict:
        """Counts per kind, layers with their sources and licences, size and build date."""
        about = self.about()
        kinds = dict(self.conn.execute("SELECT kind, count(*) FROM places GROUP BY kind ORDER BY count(*) DESC"))
        names = self.conn.execute("SELECT count(*) FROM names").fetchone()[0]
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size if self.path.exists() else 0,
            "built": about["built"],
            "schema": about["schema"],
            "places": sum(kinds.values()),
            "names": names,
            "kinds": kinds,
            "layers": about["layers"],
        }

    def iter_places(self) -> Iterator[Place]:
        try:
            for row in self.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places p"):
                place = _row_to_place(row)
                if place is not None:
                    yield place
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None

    def close(self) -> None:
        self.conn.close()


def check_file(path: Path) -> None:
    """Raise :class:`GazetteerError` unless ``path`` looks like a complete gazetteer."""
    hint = "run `geomap gazetteer build` to build it"
    if not path.exists():
        raise GazetteerError(f"gazetteer {path} does not exist; {hint}")
    if path.is_dir():
        raise GazetteerError(f"gazetteer {path} is a directory, not a database file")
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise GazetteerError(f"gazetteer {path} is not an SQLite database; delete it and {hint}")


def connect(path: Path, *, read_only: bool = True, immutable: bool = False) -> sqlite3.Connection:
    """A connection to a gazetteer file; read-only unless building.

    ``immutable`` promises SQLite that nothing writes the file while it is open, so it takes no locks and
    checks for no change: what batch workers want, each opening a shipped or shared copy of the file that no
    one rebuilds under them (a build renames a new file into place; ``gazetteer import`` writes in place, so
    an immutable reader must not be open then).
    """
    if read_only:
        check_file(path)
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path)
    return conn


_OPEN: dict[str, Gazetteer] = {}


def _open(path: str, immutable: bool = False) -> Gazetteer:
    p = Path(path)
    conn = connect(p, immutable=immutable)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        conn.execute("SELECT 1 FROM names LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise GazetteerError(
            f"gazetteer {p} is damaged or incomplete ({exc}); delete it and run `geomap gazetteer build`"
        ) from None
    if meta.get("complete") != "1":
        conn.close()
        raise GazetteerError(f"gazetteer {p} was not finished; delete it and run `geomap gazetteer build`")
    if meta.get("schema") != SCHEMA_VERSION:
        conn.close()
        raise GazetteerError(
            f"gazetteer {p} has schema {meta.get('schema')!r}, this geomap needs {SCHEMA_VERSION!r}; "
            "run `geomap gazetteer build --force`"
        )
    return Gazetteer(conn, p)


def open_gazetteer(path: str | Path | None = None, *, immutable: bool = False) -> Gazetteer:
    """The cached read-only gazetteer at ``path`` (default: :func:`default_path`).

    One connection per file is opened and kept, since every article looks names
    up in the same file. Raises :class:`GazetteerError` if the file is missing,
    not SQLite, or unfinished. ``immutable``: see :func:`connect` (it applies when
    the file is first opened in this process).
    """
    key = _cache_key(path)
    gaz = _OPEN.get(key)
    if gaz is None:
        gaz = _OPEN[key] = _open(key, immutable)
    return gaz


def already_open(path: str | Path | None = None) -> Gazetteer | None:
    """The gazetteer :func:`open_gazetteer` holds for ``path``, or None: a file that is open was checked when opened."""
    return _OPEN.get(_cache_key(path))


def _cache_key(path: str | Path | None) -> str:
    return str(Path(path or default_path()).expanduser().resolve())


def close_gazetteer(path: str | Path) -> None:
    """Close the cached connection to one file, before that file is rebuilt or written to."""
    gaz = _OPEN.pop(_cache_key(path), None)
    if gaz is not None:
        gaz.close()


def close_all() -> None:
    """Close every cached connection (tests and rebuilds call this so files can be replaced)."""
    for gaz in _OPEN.values():
        gaz.close()
    _OPEN.clear()
