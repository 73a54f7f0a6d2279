"""Geography without tiles: land, coastlines and country borders from Natural Earth, cut to a map's extent.

The data is Natural Earth's Admin 0 countries (public domain) as TopoJSON from the npm package world-atlas,
at 1:110m for wide maps and 1:50m for compact ones (geomap/publish/data/README.md). TopoJSON stores each shared
edge once, so borders fall out of the topology (an arc two countries share), and the land's outline is the
coast. Decoding is a few lines (quantized, delta-encoded arcs), so no library is added for it; shapely cuts
the geometry to the map's box and simplifies it to what the map's scale can show.

>>> len(world("110m").land.geoms) > 100, len(world("110m").borders.geoms) > 100
(True, True)
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError
from geomap.output import cache_folder, checked_bytes, read_checked, write_bytes_atomic

if TYPE_CHECKING:  # shapely (and numpy under it) is imported where geometry is made: a page whose cuts are cached
    from shapely.geometry import MultiLineString, MultiPolygon, Polygon  # needs neither (a fifth of its start)
    from shapely.geometry.base import BaseGeometry

SCALES = ("110m", "50m")
SOURCE = "Natural Earth (public domain), via world-atlas 2.0.2"
SOURCE_HTML = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
DETAIL_SPAN = 40.0  # degrees: a map narrower than this draws the 1:50m data, a wider one the 1:110m
DETAIL = 700.0  # simplify to a 700th of the map's span: about a pixel and a half on a 1000-pixel map

Ring = list[tuple[float, float]]
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class World:
    """One scale of the basemap, whole: land as polygons (their outlines are the coasts), borders as lines."""

    scale: str
    land: MultiPolygon
    borders: MultiLineString


@dataclass(frozen=True, slots=True)
class Cut:
    """The basemap inside one box, simplified for one map: what a page or an SVG draws."""

    scale: str
    area: Bounds
    tolerance: float
    land: BaseGeometry
    borders: BaseGeometry


def _topology_bytes(scale: str) -> bytes:
    if scale not in SCALES:
        raise ValueError(f"basemap scale must be one of {', '.join(SCALES)}, got {scale!r}")
    from importlib import resources

    return resources.files("geomap.publish").joinpath("data", f"countries-{scale}.json").read_bytes()


def _topology(scale: str) -> dict[str, Any]:
    return json.loads(_topology_bytes(scale).decode("utf-8"))


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs of a topology in degrees: quantized positions are delta-encoded, each from the one before.

    >>> decode_arcs({"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]}, "arcs": [[[2, 4], [1, -1]]]})
    [[(-179.0, -89.0), (-178.5, -89.25)]]
    """
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for qx, qy, *_ in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A closed ring from arc indexes; ~i (a negative index) is arc i walked backwards."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygons(geometry: dict[str, Any], arcs: list[Ring]) -> list[Polygon]:
    from shapely.geometry import Polygon

    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
    polygons = []
    for rings in parts:
        shell, *holes = (_ring(r, arcs) for r in rings)
        if len(shell) >= 4:
            polygons.append(Polygon(shell, [h for h in holes if len(h) >= 4]))
    return polygons


def _arc_users(geometries: list[dict[str, Any]]) -> Counter[int]:
    """How many countries use each arc: 2 for a border, 1 for a stretch of coast."""
    users: Counter[int] = Counter()
    for geometry in geometries:
        parts = [geometry.get("arcs", [])] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
        users.update({i if i >= 0 else ~i for rings in parts for ring in rings for i in ring})
    return users


@lru_cache(maxsize=2)
def world(scale: str = "110m") -> World:
    """The whole world at one scale, once per process: decoding the TopoJSON and repairing its polygons takes
    about 0.4 s at 1:50m, on every run of ``geomap map``, so the result is kept in the user's cache folder as
    WKB (exact: the same doubles, so the same page), which reads back in a few milliseconds."""
    import shapely.errors

    data = _topology_bytes(scale)
    cached = cache_folder() / f"basemap-{scale}-{_digest(data)}.wkb"
    try:
        return _from_wkb(scale, cached.read_bytes())
    except (OSError, ValueError, shapely.errors.ShapelyError):
        pass  # not built yet, or unreadable: decode, and keep the result if the folder takes it
    whole = decode_world(scale, json.loads(data.decode("utf-8")))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cached, _to_wkb(whole))
    except (OSError, GeomapError):
        pass  # a read-only cache folder: the next run decodes again
    return whole


def _digest(data: bytes) -> str:
    """What the cached form depends on: the data, the GEOS that repaired it, and the cache's own layout."""
    import shapely

    key = hashlib.sha256(data)
    key.update(f"{shapely.geos_version_string}/{_CACHE_LAYOUT}".encode())
    return key.hexdigest()[:16]


_CACHE_LAYOUT = 1  # bump when the cached form changes: 8 bytes (little-endian) of land WKB length, land, borders


def _to_wkb(whole: World) -> bytes:
    import shapely

    land, borders = shapely.to_wkb(whole.land), shapely.to_wkb(whole.borders)
    return len(land).to_bytes(8, "little") + land + borders


def _from_wkb(scale: str, data: bytes) -> World:
    import shapely
    from shapely.geometry import MultiLineString, MultiPolygon

    size = int.from_bytes(data[:8], "little")
    land, borders = shapely.from_wkb(data[8 : 8 + size]), shapely.from_wkb(data[8 + size :])
    if not isinstance(land, MultiPolygon) or not isinstance(borders, MultiLineString):
        raise ValueError("not a cached basemap")
    return World(scale, land, borders)


def decode_world(scale: str, topology: dict[str, Any]) -> World:
    """The whole world from its TopoJSON: land polygons (made valid) and the arcs two countries share."""
    from shapely import make_valid
    from shapely.geometry import LineString, MultiLineString, MultiPolygon

    arcs = decode_arcs(topology)
    polygons = [p for g in topology["objects"]["land"]["geometries"] for p in _polygons(g, arcs)]
    valid = [p if p.is_valid else make_valid(p) for p in polygons]
    land = [q for p in valid for q in getattr(p, "geoms", [p]) if q.geom_type == "Polygon"]
    users = _arc_users(topology["objects"]["countries"]["geometries"])
    borders = [LineString(arcs[i]) for i, n in sorted(users.items()) if n >= 2]
    return World(scale, MultiPolygon(land), MultiLineString(borders))


def scale_for(bounds: Bounds) -> str:
    """1:50m for a compact map, 1:110m for a wide one; ``bounds`` is (west, south, east, north) in degrees."""
    west, south, east, north = bounds
    return "50m" if max(east - west, north - south) < DETAIL_SPAN else "110m"


def _clip(geometry: BaseGeometry, area: Bounds) -> BaseGeometry:
    """``geometry`` inside ``area``, whose longitudes may run past ±180 (the data is copied across the cut)."""
    from shapely import affinity, clip_by_rect
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    west, south, east, north = area
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        if west > 180 + shift or east < -180 + shift:
            continue
        moved = affinity.translate(geometry, xoff=shift) if shift else geometry
        part = clip_by_rect(moved, west, south, east, north)
        if not part.is_empty:
            pieces.append(part)
    return unary_union(pieces) if len(pieces) > 1 else (pieces[0] if pieces else Polygon())


def padded(bounds: Bounds, pad: float) -> Bounds:
    """``bounds`` grown on every side by ``pad`` times its larger span (at least 2 degrees), twice as much east
    and west: a screen is wider than tall, and a degree of longitude is shorter than one of latitude away from
    the equator. Within the poles, and at most one copy of the world across the antimeridian.
    """
    west, south, east, north = bounds
    span = max(east - west, north - south, 2.0) * pad
    across = min(2 * span, max(0.0, (540 - (east - west)) / 2))
    return (west - across, max(-85.0, south - span), east + across, min(85.0, north + span))


def cut(bounds: Bounds, *, pad: float = 0.8, scale: str | None = None, detail: float = DETAIL) -> Cut:
    """The basemap around ``bounds`` (west, south, east, north), grown as :func:`padded` says so that the view
    never reaches the edge of the cut, and simplified to a ``detail``-th of the span (finer cannot be seen).

    >>> piece = cut((127.0, 42.0, 138.0, 52.0))
    >>> piece.scale, piece.land.is_empty, piece.borders.is_empty
    ('50m', False, False)
    """
    area = padded(bounds, pad)
    whole = world(scale or scale_for(bounds))
    tolerance = _tolerance(bounds, detail)
    land = _clip(whole.land, area).simplify(tolerance, preserve_topology=True)
    borders = _clip(whole.borders, area).simplify(tolerance, preserve_topology=False)
    return Cut(whole.scale, area, tolerance, land, borders)


def _tolerance(bounds: Bounds, detail: float) -> float:
    west, south, east, north = bounds
    return max(east - west, north - south, 2.0) / detail


def _parts(geometry: BaseGeometry, kind: str) -> list[BaseGeometry]:
    """The non-empty ``kind`` pieces (Polygon or LineString) of any geometry."""
    if geometry.is_empty:
        return []
    if geometry.geom_type == kind:
        return [geometry]
    return [q for g in getattr(geometry, "geoms", []) for q in _parts(g, kind)]


def _deltas(coords: Any, origin: tuple[float, float], step: float) -> list[int]:
    """A line as quantized steps, TopoJSON's way: [x0, y0, dx1, dy1, ...] in units of ``step`` from ``origin``."""
    out: list[int] = []
    px = py = 0
    for x, y in coords:
        qx, qy = round((x - origin[0]) / step), round((y - origin[1]) / step)
        if out and qx == px and qy == py:
            continue
        out += [qx - px, qy - py]
        px, py = qx, qy
    return out


def encoded(piece: Cut) -> dict[str, Any]:
    """The cut for the page's script, small: land polygons and borders as quantized, delta-encoded integers.

    A point is (x, y) = (origin + running sum of the steps) * step, in degrees of longitude and latitude; the
    page's script decodes it (about a third of the size of plain coordinates).

    >>> data = encoded(cut((4.0, 50.0, 6.0, 51.0)))
    >>> sorted(data), data["land"][0][0][:2] == data["land"][0][0][:2]
    (['borders', 'land', 'origin', 'step'], True)
    """
    west, south = piece.area[0], piece.area[1]
    step = piece.tolerance / 3
    origin = (west, south)
    land = [
        [_deltas(ring.coords, origin, step) for ring in (poly.exterior, *poly.interiors)]
        for poly in _parts(piece.land, "Polygon")
    ]
    borders = [_deltas(line.coords, origin, step) for line in _parts(piece.borders, "LineString")]
    return {
        "origin": [round(west, 6), round(south, 6)],
        "step": float(f"{step:.6g}"),
        "land": [[r for r in poly if len(r) >= 8] for poly in land if len(poly[0]) >= 8],
        "borders": [line for line in borders if len(line) >= 4],
    }


# -- cuts kept between runs ---------------------------------------------------------------------

MAX_CUTS = 200  # cut files kept in the cache folder (some 40 KB each); the least recently used go first


def encoded_cut(
    bounds: Bounds, *, pad: float = 0.8, scale: str | None = None, detail: float = DETAIL
) -> tuple[Bounds, dict[str, Any]]:
    """The cut's area and ``encoded(cut(bounds, ...))``, read from the user's cache folder when an earlier run
    made the same cut: cutting needs shapely, and importing it (numpy under it) was a fifth of the start of
    ``geomap map``, which a page drawn again, or the locator inset's world drawn on every page, need not pay.

    A cut depends only on its scale, area and tolerance and on what makes it: the packaged data, this module's
    code and the installed shapely with its GEOS, all in the file's key. A file that is missing, damaged or
    another key's, or a folder that cannot be written, only means cutting as usual.

    >>> area, data = encoded_cut((4.0, 50.0, 6.0, 51.0))
    >>> piece = cut((4.0, 50.0, 6.0, 51.0))
    >>> area == piece.area, data == encoded(piece)
    (True, True)
    """
    chosen = scale or scale_for(bounds)
    area = padded(bounds, pad)
    key = _cut_key(chosen, area, _tolerance(bounds, detail))
    path = cache_folder() / "basemap-cuts" / f"{key[:32]}.json"
    data = _read_cut(path, key)
    if data is None:
        data = encoded(cut(bounds, pad=pad, scale=chosen, detail=detail))
        _keep_cut(path, key, data)
    return area, data


def _cut_key(scale: str, area: Bounds, tolerance: float) -> str:
    key = hashlib.sha256(repr((scale, area, tolerance, _makers(scale))).encode("utf-8"))
    return key.hexdigest()


@lru_cache(maxsize=2)
def _makers(scale: str) -> list[tuple[str, int, int]]:
    """What makes a cut at ``scale``, told as Python tells a ``.pyc`` from its source, by each file's size and
    time: the packaged data, this module, and shapely's installed files (the GEOS libraries a wheel puts beside
    them included: a new shapely or GEOS is a new key). Data or code that cannot be seen (a zipped install)
    gives a key of its own each run: nothing is reused."""
    here = Path(__file__)
    files = _stamps([here.parent / "data" / f"countries-{scale}.json", here])
    if len(files) < 2:
        files.append((os.urandom(16).hex(), 0, 0))
    spec = importlib.util.find_spec("shapely")
    for folder in map(Path, (spec and spec.submodule_search_locations) or []):
        for place in (folder, folder.with_name(f"{folder.name}.libs")):
            try:
                files += _stamps(place.iterdir())
            except OSError:
                continue
    return sorted(files)


def _stamps(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(folder/name, size, modification time) of each of ``paths`` that is a file."""
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((f"{path.parent.name}/{path.name}", info.st_size, info.st_mtime_ns))
    return found


def _read_cut(path: Path, key: str) -> dict[str, Any] | None:
    """The encoded cut kept under ``key``; None when it is missing, damaged or not that key's."""
    body = read_checked(path, {"key": key})
    try:
        data = json.loads(body) if body is not None else None
    except ValueError:
        return None
    if not isinstance(data, dict) or sorted(data) != ["borders", "land", "origin", "step"]:
        return None
    try:
        os.utime(path)  # used now: the last to be dropped
    except OSError:
        pass
    return data


def _keep_cut(path: Path, key: str, data: dict[str, Any]) -> None:
    """Keep an encoded cut for the next run, and drop the least recently used past :data:`MAX_CUTS`."""
    try:
        write_bytes_atomic(path, checked_bytes({"key": key}, json.dumps(data).encode("utf-8")))
        kept = [entry for entry in os.scandir(path.parent) if entry.name.endswith(".json")]
        if len(kept) > MAX_CUTS:
            kept.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
            for entry in kept[MAX_CUTS:]:
                os.unlink(entry.path)
    except (OSError, GeomapError):
        pass  # a read-only cache folder, or another process dropping the same file: the next run cuts again
