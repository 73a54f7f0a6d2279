"""Resource limits: what an article may cost (docs/SECURITY.md, "Bounded work").

Work grows in step with the article: the tests count the lines of geomap's code a geoparse runs (a count,
unlike a time, does not depend on how busy the machine is) on an article and on the same kind of article four times
as long. The helpers that keep it so (the point grid, the taken spans, a list's votes) must answer exactly
as the scans they replace.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

import geomap
from geomap.geometry import PointGrid, haversine_km
from geomap.geoparse.recognize import _Taken
from geomap.geoparse.resolve import _Votes
from geomap.pipeline import geoparse

PACKAGE = str(Path(geomap.__file__).parent)


def test_point_grid_finds_what_a_scan_finds_at_the_poles_and_the_date_line():
    rnd = random.Random(7)
    points = [(rnd.uniform(-90, 90), rnd.uniform(-180, 180)) for _ in range(5000)]
    points += [(89.95, 10.0), (-89.9, -170.0), (10.0, 179.99), (10.0, -179.99), (0.0, 180.0)]
    grid = PointGrid()
    for i, (lat, lon) in enumerate(points):
        grid.add(lat, lon, i)
    queries = [(rnd.uniform(-90, 90), rnd.uniform(-180, 180)) for _ in range(100)]
    queries += [(89.99, 0.0), (-89.99, 45.0), (10.0, -180.0), (10.0, 179.9), (70.0, 179.5)]
    for lat, lon in queries:
        for km in (50, 100, 700):
            scan = [i for i, (a, b) in enumerate(points) if haversine_km(lat, lon, a, b) <= km]
            near = [i for a, b, i in grid.near(lat, lon, km) if haversine_km(lat, lon, a, b) <= km]
            assert near == scan, (lat, lon, km)


def test_taken_spans_answer_as_a_scan_of_them():
    rnd = random.Random(3)
    for _ in range(300):
        spans = [(a, a + rnd.randint(1, 9)) for a in (rnd.randint(0, 100) for _ in range(rnd.randint(0, 30)))]
        half = len(spans) // 2
        taken = _Taken(spans[:half])
        for span in spans[half:]:
            taken.add(*span)
        for _ in range(40):
            start = rnd.randint(0, 110)
            end = start + rnd.randint(1, 9)
            assert taken.overlaps(start, end) == any(a < end and start < b for a, b in spans)


def test_a_lists_votes_answer_as_counting_the_others_each_time():
    rnd = random.Random(5)
    for _ in range(2000):
        run = sorted(rnd.sample(range(50), rnd.randint(0, 12)))
        votes = [(i, (rnd.choice("abc"), rnd.choice("xy"))) for i in run if rnd.random() < 0.8]
        counted = _Votes(votes)
        for i in run:
            others = [label for j, label in votes if j != i]
            assert counted.most_common_without(i) == (Counter(others).most_common(1)[0] if others else None)


def _steps(text: str, gazetteer) -> int:
    """The lines of geomap's code a geoparse runs (each turn of a loop or a comprehension counts)."""
    count = 0

    def line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return line

    def call(frame, event, arg):
        return line if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(call)
    try:
        geoparse(text, gazetteer=gazetteer)
    finally:
        sys.settrace(None)
    return count


def _small_towns(gazetteer, country: str, admin1: str) -> list[str]:
    rows = gazetteer.conn.execute(
        "SELECT name FROM places WHERE country = ? AND admin1 = ? AND kind = 'city' AND population BETWEEN 500 AND "
        "20000 ORDER BY id LIMIT 600",
        (country, admin1),
    )
    return [name for (name,) in rows if name.isascii() and name.isalpha()]


def _article(towns: list[str], sentences: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    pick = rnd.choice
    return "".join(
        f"The team drove from {pick(towns)} to {pick(towns)} and then {pick(towns)}, {pick(towns)} and {pick(towns)}. "
        for _ in range(sentences)
    )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda towns, n: _article(towns, n), id="small towns of one state, every one a neighbour"),
        pytest.param(lambda towns, n: "Paris, " * (5 * n), id="one long list"),
        pytest.param(lambda towns, n: "Suffolk County police said Suffolk was calm. " * n, id="a county and its name"),
    ],
)
def test_work_grows_in_step_with_the_article(gazetteer, make):
    towns = _small_towns(gazetteer, "US", "TX")
    assert len(towns) > 100
    _steps(make(towns, 25), gazetteer)  # names looked up once, so both counts below are of the same work
    short, long = _steps(make(towns, 100), gazetteer), _steps(make(towns, 400), gazetteer)
    assert long < 4.6 * short, f"4 times the article cost {long / short:.1f} times the work"


def test_a_name_read_through_its_county_counts_that_county_once(gazetteer):
    mentions = geoparse("Suffolk County police said Suffolk was calm. " * 200, gazetteer=gazetteer)
    bare = [m for m in mentions if m.text == "Suffolk"]
    assert len(bare) == 200
    assert max(m.candidates for m in bare) == min(m.candidates for m in bare) < 80


_PEAK = """
import resource, subprocess, sys
result = subprocess.run(["bash", "-o", "pipefail", "-c", sys.argv[1]], capture_output=True)
print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, result.stderr.decode()[-300:])
"""


def _peak(command: str) -> tuple[int, int, str]:
    """Exit status, peak memory in MB of the command's processes, and the end of its stderr."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _PEAK, command], capture_output=True, text=True, timeout=300)
    status, megabytes, stderr = out.stdout.split(" ", 2)
    return int(status), int(megabytes), stderr


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("head -c 3000000000 /dev/zero | {geomap} places -", id="3 GB on standard input"),
        pytest.param("{geomap} places /dev/zero", id="a device that never ends"),
        pytest.param("head -c 3000000000 /dev/zero | {geomap} places /dev/stdin", id="a pipe given as a file"),
    ],
)
def test_endless_input_costs_the_limit_not_the_input(command, gazetteer):
    geomap_cmd = f"GEOMAP_GAZETTEER={gazetteer.path} {sys.executable} -m geomap"
    status, megabytes, stderr = _peak(command.format(geomap=geomap_cmd))
    assert status != 0
    assert megabytes < 100, f"peak memory {megabytes} MB"
    assert "too large" in stderr and "Traceback" not in stderr


def test_a_file_one_byte_over_the_limit_is_refused_having_read_only_that(tmp_path):
    from geomap.errors import InputError
    from geomap.text.read import MAX_ARTICLE_BYTES, read_article

    path = tmp_path / "big.txt"
    body = b"Paris " * (MAX_ARTICLE_BYTES // 6)
    path.write_bytes(body + b"x" * (MAX_ARTICLE_BYTES + 1 - len(body)))
    assert path.stat().st_size == MAX_ARTICLE_BYTES + 1
    with pytest.raises(InputError, match="too large"):
        read_article(path)
    path.write_bytes(path.read_bytes()[:-1])
    assert read_article(path).startswith("Paris Paris")
