"""Contract tests for everything that resolves names, in the manner of geopy's BaseTestGeocoder."""

import sqlite3
import zipfile

import pytest

from geomap.errors import GazetteerError
from geomap.gazetteer.build import build, import_dump, parse_dump_line
from geomap.gazetteer.store import close_gazetteer, open_gazetteer


class LookupContract:
    """Each backend's tests are a list of queries and the place that must come first."""

    def make_gazetteer(self):
        raise NotImplementedError

    def lookup_run(self, query, *, name=None, country=None, near=None, within_km=30.0, kind=None):
        from geomap.geometry import distance_km

        places = self.make_gazetteer().lookup(query)
        assert places, f"no result for {query!r}"
        top = places[0]
        if name is not None:
            assert top.name == name, (query, top)
        if country is not None:
            assert top.country == country, (query, top)
        if kind is not None:
            assert top.kind == kind, (query, top)
        if near is not None:
            assert distance_km(top.point, near) <= within_km, (query, top)
        return top


class TestDefaultGazetteer(LookupContract):
    @pytest.fixture(autouse=True)
    def _gaz(self, gazetteer):
        self.gaz = gazetteer

    def make_gazetteer(self):
        return self.gaz

    @pytest.mark.parametrize(
        "query, near",
        [
            ("Vladivostok", (43.115, 131.885)),
            ("Komsomolsk-on-Amur", (50.55, 137.01)),
            ("Komsomolsk", (50.55, 137.01)),
            ("Vostochny Cosmodrome", (51.884, 128.334)),
            ("Pyongyang", (39.03, 125.75)),
            ("P'yŏngyang", (39.03, 125.75)),
            ("Kyiv", (50.45, 30.52)),
            ("Kiev", (50.45, 30.52)),
            ("Joint Base Andrews", (38.81, -76.87)),
            ("Greater Manchester", (53.48, -2.24)),
            ("West Yorkshire", (53.80, -1.55)),
            ("County Antrim", (54.80, -6.20)),
            ("AlUla", (26.62, 37.92)),
            ("Schloss Elmau", (47.46, 11.19)),
            ("Mount Paektu", (41.99, 128.08)),
        ],
    )
    def test_places_news_names(self, query, near):
        self.lookup_run(query, near=near)

    def test_sea_of_japan_and_east_sea_are_one_record(self):
        assert self.lookup_run("Sea of Japan", kind="sea").id == self.lookup_run("East Sea").id

    def test_persian_gulf_and_arabian_gulf_are_one_record(self):
        assert self.lookup_run("Persian Gulf", kind="gulf").id == self.lookup_run("Arabian Gulf").id

    def test_amur_region_is_amur_oblast(self):
        self.lookup_run("Amur region", name="Amur Oblast", kind="admin1", country="RU")

    def test_big_provinces_sit_at_geonames_points_not_among_their_towns(self):
        # Ontario's towns crowd along the Great Lakes; GeoNames marks the province 49.25 N, 84.5 W.
        self.lookup_run("Ontario", kind="admin1", country="CA", near=(49.25, -84.50), within_km=10)
        self.lookup_run("British Columbia", kind="admin1", country="CA", near=(54.0, -125.0), within_km=10)
        # A division that admin1.tsv does not list is still placed among its own towns.
        self.lookup_run("Amur Oblast", kind="admin1", country="RU", near=(52.9, 128.6), within_km=250)

    def test_demonym_finds_its_country(self):
        self.lookup_run("Russian", kind="country", country="RU")
        self.lookup_run("Emirati", kind="country", country="AE")

    def test_vostochny_variants_reach_the_spaceport(self):
        for variant in ("Vostochnyy Cosmodrome", "Vostochni"):
            assert any(p.kind == "spaceport" for p in self.gaz.lookup(variant)), variant

    def test_counts_reach_the_issue_targets(self):
        info = self.gaz.info()
        kinds = info["kinds"]
        assert kinds["city"] + kinds.get("capital", 0) > 200_000
        assert kinds["country"] > 240
        assert kinds["admin1"] > 3000
        water = sum(kinds.get(k, 0) for k in ("sea", "ocean", "gulf", "bay", "strait", "river", "lake", "canal"))
        assert water >= 200
        assert all(layer["licence"] for layer in info["layers"])

    def test_reverse_finds_the_nearest_town(self):
        near = self.gaz.nearest(43.12, 131.9, limit=1)
        assert near and near[0].name == "Vladivostok"


class TestTinyGazetteer(LookupContract):
    @pytest.fixture(autouse=True)
    def _gaz(self, tiny_gazetteer):
        self.gaz = tiny_gazetteer

    def make_gazetteer(self):
        return self.gaz

    def test_exact_and_loose_lookups(self):
        self.lookup_run("omsk", name="Omsk")
        self.lookup_run("Vostochni", name="Vostochny Cosmodrome")

    def test_country_and_admin_lookups(self):
        assert self.gaz.country("ru").name == "Russia"
        assert self.gaz.lookup("Nowhere-on-Sea") == []


def test_missing_gazetteer_names_the_build_command(tmp_path):
    with pytest.raises(GazetteerError, match="geomap gazetteer build"):
        open_gazetteer(tmp_path / "none.sqlite")


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "g.sqlite"
    path.write_text("not a database")
    with pytest.raises(GazetteerError, match="not an SQLite database"):
        open_gazetteer(path)


def test_truncated_database_is_refused(tmp_path, tiny_gazetteer_path):
    path = tmp_path / "cut.sqlite"
    path.write_bytes(tiny_gazetteer_path.read_bytes()[:3000])
    with pytest.raises(GazetteerError):
        open_gazetteer(path)


def test_unfinished_database_is_refused(tmp_path):
    path = tmp_path / "half.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE names (key TEXT);")
    conn.execute("INSERT INTO meta VALUES ('complete', '0')")
    conn.commit()
    conn.close()
    with pytest.raises(GazetteerError, match="not finished"):
        open_gazetteer(path)


def test_interrupted_build_leaves_no_file(tmp_path):
    target = tmp_path / "g.sqlite"

    def stop(step, done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(target, progress=stop)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


DUMP_ROWS = [
    "\t".join(
        [
            "9990001",
            "Testville",
            "Testville",
            "Testvil,Test Ville",
            "48.5",
            "11.25",
            "P",
            "PPL",
            "DE",
            "",
            "02",
            "",
            "",
            "",
            "1200",
            "",
            "500",
            "Europe/Berlin",
            "2024-01-01",
        ]
    ),
    "\t".join(
        [
            "9990002",
            "Lake Testmere",
            "Lake Testmere",
            "",
            "47.1",
            "10.9",
            "H",
            "LK",
            "AT",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "700",
            "Europe/Vienna",
            "2024-01-01",
        ]
    ),
    "this line is not a GeoNames row",
]


def test_parse_dump_line_reads_the_standard_columns():
    rec = parse_dump_line(DUMP_ROWS[0])
    assert (rec.id, rec.kind, rec.country, rec.population) == ("geonames:9990001", "city", "DE", 1200)
    with pytest.raises(ValueError):
        parse_dump_line(DUMP_ROWS[2])


@pytest.mark.parametrize("zipped", [False, True])
def test_import_is_streamed_counted_and_idempotent(tmp_path, tiny_gazetteer_path, zipped):
    gaz_path = tmp_path / "g.sqlite"
    gaz_path.write_bytes(tiny_gazetteer_path.read_bytes())
    dump = tmp_path / "XX.txt"
    dump.write_text("\n".join(DUMP_ROWS) + "\n", encoding="utf-8")
    if zipped:
        with zipfile.ZipFile(tmp_path / "XX.zip", "w") as zf:
            zf.write(dump, "XX.txt")
        dump = tmp_path / "XX.zip"
    first = import_dump(dump, gaz_path)
    second = import_dump(dump, gaz_path)
    assert first == second == {"imported": 2, "rejected": {"too few columns": 1}}
    close_gazetteer(gaz_path)
    gaz = open_gazetteer(gaz_path)
    assert [p.id for p in gaz.lookup("Test Ville")] == ["geonames:9990001"]
    assert gaz.lookup("Lake Testmere")[0].kind == "lake"
    assert gaz.conn.execute("SELECT count(*) FROM places WHERE id LIKE 'geonames:999%'").fetchone()[0] == 2


def test_import_refuses_unreadable_dumps(tmp_path, tiny_gazetteer_path):
    gaz_path = tmp_path / "g.sqlite"
    gaz_path.write_bytes(tiny_gazetteer_path.read_bytes())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(GazetteerError, match="UTF-8"):
        import_dump(bad, gaz_path)
    with pytest.raises(GazetteerError, match="no such file"):
        import_dump(tmp_path / "missing.txt", gaz_path)


def test_a_gazetteer_built_from_other_sources_is_rebuilt(tmp_path, tiny_gazetteer_path, monkeypatch):
    import geomap.gazetteer.build as b

    path = tmp_path / "g.sqlite"
    path.write_bytes(tiny_gazetteer_path.read_bytes())
    calls = []
    monkeypatch.setattr(b, "build", lambda target, progress=None: calls.append(target))
    b.ensure(path)
    assert calls == []  # no fingerprint (hand-made or imported into): kept as it is
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO meta VALUES ('sources', 'an-older-build')")
    conn.commit()
    conn.close()
    b.ensure(path)
    assert calls == [path]


def test_loose_lookups_skip_only_keys_no_spelling_variant_can_reach(gazetteer):
    from geomap.gazetteer.store import _may_vary
    from geomap.text.keys import loose_key, name_key

    assert _may_vary(loose_key(name_key("Vostochnyi")))  # -yi, -iy, -y endings all meet at -y
    assert not _may_vary(loose_key(name_key("Moscow Oblast")))
    # The skip is safe only if every stored name whose loose key differs from its exact key can vary.
    rows = gazetteer.conn.execute("SELECT DISTINCT loose FROM names WHERE loose != key").fetchall()
    assert rows and all(_may_vary(loose) for (loose,) in rows)
    assert any(p.kind == "spaceport" for p in gazetteer.lookup("Vostochnyi"))


def test_an_airport_named_after_its_city_is_not_called_airport_alone():
    from geomap.gazetteer.layers import _airport_names

    names = [n for n, _ in _airport_names("Kansas City International Airport", "Kansas City")]
    assert names == ["Kansas City International Airport", "Kansas City Airport"]
    assert [n for n, _ in _airport_names("Asheville Regional Airport", "Asheville")] == ["Asheville Regional Airport"]
    assert "Heathrow Airport" in [n for n, _ in _airport_names("London Heathrow Airport", "London")]


def _queries_for(gaz, keys) -> tuple[dict, list[str]]:
    sent: list[str] = []
    gaz.conn.set_trace_callback(sent.append)
    try:
        return gaz.candidates(keys), [q for q in sent if "FROM names" in q]
    finally:
        gaz.conn.set_trace_callback(None)


def test_names_the_file_does_not_hold_are_answered_without_a_query(tmp_path, tiny_gazetteer_path):
    gaz_path = tmp_path / "g.sqlite"
    gaz_path.write_bytes(tiny_gazetteer_path.read_bytes())
    gaz = open_gazetteer(gaz_path)
    try:
        found, queries = _queries_for(gaz, ["president putin", "mr kim said", "monday"])
        assert found == {} and queries == []
        found, queries = _queries_for(gaz, ["omsk", "president putin"])
        assert [c.place.id for c in found["omsk"]] == ["t:omsk"] and len(queries) == 1
    finally:
        close_gazetteer(gaz_path)


def test_a_file_without_key_filters_still_answers_every_name(tmp_path, tiny_gazetteer_path):
    gaz_path = tmp_path / "g.sqlite"
    gaz_path.write_bytes(tiny_gazetteer_path.read_bytes())
    conn = sqlite3.connect(gaz_path)
    conn.execute("DROP TABLE key_filters")  # as a file written before the filters
    conn.commit()
    conn.close()
    gaz = open_gazetteer(gaz_path)
    try:
        found, queries = _queries_for(gaz, ["omsk", "president putin"])
        assert [c.place.id for c in found["omsk"]] == ["t:omsk"] and len(queries) == 1
        assert [p.id for p in gaz.lookup("Tomsk")] == ["t:tomsk"]
    finally:
        close_gazetteer(gaz_path)
