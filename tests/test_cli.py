import json
import os
import subprocess
import sys

import pytest
from conftest import TRIPS
from typer.testing import CliRunner

from geomap.cli import app

runner = CliRunner()
ARTICLE = str(TRIPS / "kim-vostochny-2023.txt")


@pytest.fixture(autouse=True)
def _gazetteer_env(gazetteer, monkeypatch):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(gazetteer.path))


def test_itinerary_json_shape():
    result = runner.invoke(app, ["itinerary", ARTICLE, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"leader", "stops", "context"}
    stop = data["stops"][0]
    assert set(stop) >= {
        "order",
        "name",
        "lat",
        "lon",
        "country",
        "kind",
        "role",
        "mode",
        "when",
        "inferred",
        "evidence",
    }
    assert [s["name"] for s in data["stops"]] == ["Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Vladivostok"]


def test_places_json_reads_standard_input():
    result = runner.invoke(app, ["places", "-", "--json"], input="Talks opened in Vladivostok on Monday.")
    assert result.exit_code == 0, result.output
    place = json.loads(result.stdout)["places"][0]
    assert (place["text"], place["start"], place["end"], place["country"]) == ("Vladivostok", 16, 27, "RU")
    assert set(place) >= {"name", "lat", "lon", "kind", "id", "confidence"}


def test_map_writes_html_and_prints_the_table(tmp_path):
    out = tmp_path / "trip.html"
    result = runner.invoke(app, ["map", ARTICLE, "-o", str(out), "--title", "Kim's trip"])
    assert result.exit_code == 0, result.output
    assert "Komsomolsk" in result.stdout
    assert out.exists() and "<h1>Kim&#x27;s trip</h1>" in out.read_text()


def test_map_renders_an_edited_itinerary(tmp_path):
    data = json.loads(runner.invoke(app, ["itinerary", ARTICLE, "--json"]).stdout)
    data["stops"] = data["stops"][::-1]
    data["stops"][0]["name"] = "Vladivostok (port)"
    edited = tmp_path / "trip.json"
    edited.write_text(json.dumps(data))
    out = tmp_path / "edited.html"
    result = runner.invoke(app, ["map", "--itinerary", str(edited), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.index("1. Vladivostok (port)") < page.index("3. Vostochny Cosmodrome")


def test_bad_edited_itinerary_is_reported_by_field(tmp_path):
    edited = tmp_path / "trip.json"
    edited.write_text(json.dumps({"leader": None, "stops": [{"name": "X", "lat": 99, "lon": 0}]}))
    result = runner.invoke(app, ["map", "--itinerary", str(edited), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    assert "stops[0].lat" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x00\x00", "binary"),
        (b"\xff\xfe\xfa", "not UTF-8"),
        (b"<html><body>hi</body></html>", "HTML"),
        ("dir", "directory"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["map", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_no_places_exits_1(tmp_path):
    result = runner.invoke(app, ["itinerary", "-"], input="nothing to see here at all.")
    assert result.exit_code == 1
    assert "no itinerary" in result.stderr


def test_gazetteer_lookup_json():
    result = runner.invoke(app, ["gazetteer", "lookup", "East Sea", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["name"] == "Sea of Japan"


def test_gazetteer_info_lists_licences():
    result = runner.invoke(app, ["gazetteer", "info"])
    assert result.exit_code == 0
    assert "CC BY 4.0" in result.stdout and "geonames-cities" in result.stdout


def test_a_reader_that_stops_reading_ends_the_command_quietly(gazetteer):
    # "geomap itinerary article.txt | head -1": the pipe closes before geomap writes; no error line, no traceback.
    env = dict(os.environ, GEOMAP_GAZETTEER=str(gazetteer.path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap", "itinerary", ARTICLE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert stderr == ""


@pytest.mark.parametrize("name, hint", [("trip.png", "--png"), ("trip.svg", "--svg"), ("trip.txt", ".html")])
def test_map_output_must_be_a_page(tmp_path, name, hint):
    result = runner.invoke(app, ["map", ARTICLE, "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and hint in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_tiles_that_need_a_key_say_so_without_a_warning(tmp_path):
    result = runner.invoke(app, ["map", ARTICLE, "-o", str(tmp_path / "m.html"), "--tiles", "Thunderforest.Landscape"])
    assert result.exit_code == 2 and "key" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_map_writes_page_svg_and_png_and_reads_them_back_byte_for_byte(tmp_path):
    original = runner.invoke(app, ["itinerary", ARTICLE, "--json"]).stdout
    page, svg, png = tmp_path / "m.html", tmp_path / "m.svg", tmp_path / "m.png"
    result = runner.invoke(
        app, ["map", ARTICLE, "-o", str(page), "--svg", str(svg), "--png", str(png), "--source", "Daily Example"]
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for drawn in (page, svg):
        back = runner.invoke(app, ["map", "--itinerary", str(drawn), "-o", str(tmp_path / "b.html"), "--json"])
        assert back.exit_code == 0, back.output
        assert back.stdout == original
    from geomap.publish.provenance import read_embedded

    record = read_embedded((tmp_path / "b.html").read_text(encoding="utf-8"))
    assert record["article"]["source"] == "Daily Example"  # carried over from the page read back
    assert record["edited_stops"] == [] and record["gazetteer"]["built"]


def test_a_stop_corrected_by_hand_is_recorded_as_edited(tmp_path):
    data = json.loads(runner.invoke(app, ["itinerary", ARTICLE, "--json"]).stdout)
    data["stops"][1]["name"] = "Komsomolsk (aircraft plant)"
    edited = tmp_path / "trip.json"
    edited.write_text(json.dumps(data))
    result = runner.invoke(app, ["map", "--itinerary", str(edited), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    from geomap.publish.provenance import read_embedded

    assert read_embedded((tmp_path / "m.html").read_text(encoding="utf-8"))["edited_stops"] == [2]


def test_a_page_without_an_itinerary_is_refused(tmp_path):
    page = tmp_path / "other.html"
    page.write_text("<html><body>hello</body></html>")
    result = runner.invoke(app, ["map", "--itinerary", str(page), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2 and "holds no itinerary" in result.stderr


@pytest.mark.parametrize(
    "command, unused",
    [
        (["places", ARTICLE, "--json"], ("folium", "branca", "rich", "geomap.trip", "geomap.publish.page")),
        (["itinerary", ARTICLE], ("folium", "branca", "rich", "geomap.publish.page", "geomap.archive")),
        (["itinerary", ARTICLE, "--json"], ("folium", "rich", "geomap.gazetteer.build", "geomap.gazetteer.layers")),
    ],
)
def test_one_article_commands_import_nothing_they_do_not_use(command, unused, gazetteer):
    # Cold start is mostly imports: folium and rich's tables take a tenth of a second each, the itinerary's
    # stages another; `places`, and anything piped, must not pay for them (docs/BENCHMARKS.md has the times).
    env = dict(os.environ, GEOMAP_GAZETTEER=str(gazetteer.path))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "geomap", *command], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "geomap.pipeline" in imported
    assert not {m for m in imported if m.startswith(unused)}


def test_gazetteer_lookup_tells_homonyms_apart_by_region_and_says_why_a_name_matches():
    result = runner.invoke(app, ["gazetteer", "lookup", "Springfield", "--limit", "3"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(": its own name" in line for line in lines)
    assert {"Springfield, Illinois, US", "Springfield, Massachusetts, US", "Springfield, Missouri, US"} == {
        line.split("  ")[-1].split(" (")[0].strip() for line in lines
    }
    other = json.loads(runner.invoke(app, ["gazetteer", "lookup", "Komsomolsk", "--json", "--limit", "2"]).stdout)
    assert [(r["region"], r["why"]) for r in other] == [
        ("Khabarovsk Krai", "an alternate name of Komsomolsk-on-Amur"),
        ("Poltava Oblast", "an alternate name of Horishni Plavni"),
    ]
    variant = json.loads(runner.invoke(app, ["gazetteer", "lookup", "Vostochni", "--json", "--limit", "1"]).stdout)
    assert variant[0]["why"].startswith("a spelling variant of Vostochny")
    capitals = json.loads(runner.invoke(app, ["gazetteer", "lookup", "US", "--json", "--limit", "1"]).stdout)
    assert capitals[0]["name"] == "United States" and capitals[0]["why"] == "an abbreviation of United States"


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--help"],
        ["itinerary", "--help"],
        ["gazetteer", "--help"],
        ["eval", "speed", "--help"],
        ["map", "--bogus", ARTICLE],
        ["map", ARTICLE, "--size", "huge"],
        ["itinerary", ARTICLE, "--json"],
        ["places", "/no/such/article.txt"],
    ],
)
def test_the_command_line_of_one_command_says_what_the_whole_app_says(args):
    """main() builds only the command (or group) the arguments name: the same help, errors and output."""
    from geomap.cli import only_the_command_asked_for

    narrow = only_the_command_asked_for(args)
    names = [c.name for c in narrow.registered_commands] + [g.name for g in narrow.registered_groups]
    assert narrow is not app and names == [args[0]]
    runs = [
        subprocess.run([sys.executable, "-c", f"from geomap.cli import {entry}; {entry}()", *args], capture_output=True)
        for entry in ("main", "app")
    ]
    assert [(r.returncode, r.stdout, r.stderr) for r in runs[:1]] == [
        (r.returncode, r.stdout, r.stderr) for r in runs[1:]
    ]


@pytest.mark.parametrize("args", [[], ["--help"], ["mpa"], ["batch2"]])
def test_anything_but_a_command_gets_the_whole_app(args):
    from geomap.cli import only_the_command_asked_for

    assert only_the_command_asked_for(args) is app
    assert len(app.registered_commands) == 6 and len(app.registered_groups) == 2  # the app itself is untouched


def test_the_script_builds_only_the_command_it_runs(tmp_path):
    probe = (
        "import sys, typer.main\n"
        "built = []\n"
        "original = typer.main.get_command_from_info\n"
        "typer.main.get_command_from_info = lambda command_info, **kw: built.append(command_info.name) or original(command_info, **kw)\n"
        "from geomap.cli import main\n"
        "sys.argv = ['geomap', 'itinerary', sys.argv[1]]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print(built, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, ARTICLE], capture_output=True, text=True, env=dict(os.environ))
    assert "Vladivostok" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "['itinerary']"
