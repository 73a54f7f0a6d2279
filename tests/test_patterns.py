"""The stages' regular expressions are compiled once per machine: the programs kept in the cache folder rebuild
exactly the patterns re.compile makes; a damaged, foreign or unwritable cache only means compiling as usual."""

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

from geomap.text import patterns

PROBE = (
    "import json\n"
    "from geomap.text import patterns\n"
    "import geomap.trip.itinerary, geomap.geoparse.resolve\n"
    "print(json.dumps({'compiled': len(patterns._programs.compiled), 'read': len(patterns._programs.used)}))\n"
)


def _start(cache_home) -> dict:
    """A new process importing the stages (every module-level pattern) with this cache folder."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert done.stderr == ""
    return json.loads(done.stdout)


@pytest.fixture()
def fresh(monkeypatch, tmp_path):
    """This process with an empty cache folder and no programs read yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(patterns, "_programs", patterns._Programs())
    return tmp_path


def test_a_second_start_reads_every_pattern_and_each_is_the_one_re_compiles(tmp_path, monkeypatch):
    first = _start(tmp_path)
    assert first["compiled"] > 150 and first["read"] == 0
    second = _start(tmp_path)
    assert second == {"compiled": 0, "read": first["compiled"]}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stored = patterns._read(patterns.cache_path())
    assert len(stored) == first["compiled"]
    for key, program in stored.items():
        flags, pattern = key.split(":", 1)
        rebuilt, expected = patterns._rebuild(pattern, program), re.compile(pattern, int(flags))
        assert rebuilt == expected  # Pattern equality compares the engine's programs
        assert (rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
            expected.flags,
            expected.groups,
            expected.groupindex,
        )


def test_a_pattern_read_back_matches_as_the_compiled_one(fresh):
    source, flags = r"\b(?P<verb>arriv(?:ed|es|ing))\s+in\s+(?P<place>[A-Z]\w+)", re.IGNORECASE
    first = patterns.compile(source, flags)
    patterns._save()
    patterns._programs = patterns._Programs()
    again = patterns.compile(source, flags)
    assert patterns._programs.used and not patterns._programs.compiled  # read back, not compiled
    text = "Kim ARRIVED in Vladivostok, then arrives in Khabarovsk."
    assert [m.groupdict() for m in again.finditer(text)] == [m.groupdict() for m in first.finditer(text)]
    assert again.findall(text) == [("ARRIVED", "Vladivostok"), ("arrives", "Khabarovsk")]


def test_a_damaged_program_is_compiled_again_and_replaced(fresh):
    source = r"\bvisit(?:ed|s)?\s+(\w+)"
    patterns.compile(source)
    patterns._save()
    path = patterns.cache_path()
    header, body = path.read_bytes().split(b"\n", 1)
    programs = json.loads(body)
    programs[f"0:{source}"][1] = "AAAAAP////8="  # code the engine refuses (digest made to match)
    body = json.dumps(programs).encode()
    about = dict(json.loads(header), sha256=hashlib.sha256(body).hexdigest())
    path.write_bytes(json.dumps(about).encode() + b"\n" + body)
    patterns._programs = patterns._Programs()
    assert patterns.compile(source) == re.compile(source)
    assert patterns._programs.compiled  # compiled as usual, so stored anew at exit
    patterns._save()
    assert patterns._rebuild(source, patterns._read(path)[f"0:{source}"]) == re.compile(source)


@pytest.mark.parametrize("damage", [b"\x07" * 40, b'{"layout": 1, "sha256": "0"}\n{}', b""])
def test_a_damaged_or_foreign_file_is_ignored(fresh, damage):
    path = patterns.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    assert patterns.compile(r"\bflew\b") == re.compile(r"\bflew\b")
    assert patterns._programs.compiled and not patterns._programs.used


def test_an_edited_file_fails_its_digest_and_is_not_read(fresh):
    source = r"\bsailed\b"
    patterns.compile(source)
    patterns._save()
    path = patterns.cache_path()
    path.write_bytes(path.read_bytes().replace(b"sailed", b"sailor"))
    assert patterns._read(path) == {}


def test_a_cache_folder_that_cannot_be_made_still_compiles_and_says_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for _ in range(2):
        assert _start(blocker)["compiled"] > 150  # (no stderr: _start checks)
