"""Regular expressions compiled once per machine, not at every start of a command.

The stages read news language with some two hundred regular expressions, many of them long alternations built
from word lists. Python's regular expression compiler is written in Python, and turning them into programs for
its matching engine was a third of the work of ``geomap itinerary`` (instructions counted), in every process. A program depends only on its pattern, its flags and the Python that compiled it, so, as the
interpreter keeps its bytecode in ``.pyc`` files and the basemap keeps its decoded world, the programs are kept
in the user's cache folder and handed straight to the matching engine on the next start.

What is kept is checked before it is written: a program is stored only when the pattern rebuilt from it equals
(``==``, which compares the programs themselves) the one ``re.compile`` made in the same process. A pattern read
back is rebuilt by the engine, which validates a program before it takes it, from a file whose digest matches
its contents. A cache that is missing, stale, damaged or for another Python, a folder that cannot be written, or
a Python without these internals only means compiling as usual.

>>> compile(r"\\bvisit(?:ed|s)?\\b", re.IGNORECASE) == re.compile(r"\\bvisit(?:ed|s)?\\b", re.IGNORECASE)
True
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import json
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from geomap.errors import GeomapError
from geomap.output import cache_folder, write_bytes_atomic

try:  # CPython's matching engine and compiler (re.compile is built on them)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]  # (typeshed leaves them out)
except ImportError:  # another Python: compile as usual
    _sre = None

_LAYOUT = 1  # bump when the file's layout changes
_MAX_PROGRAMS = 2000  # past this (patterns of other versions piling up), keep only the ones this process used
_CODE_TYPE = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 0)), None)

Program = list[Any]  # [final flags, code (base64 of the engine's words), groups, group index, index group]


class _Programs:
    """The programs read from the cache file, those used by this process, and the patterns it had to compile."""

    def __init__(self) -> None:
        self.stored: dict[str, Program] | None = None
        self.used: dict[str, Program] = {}
        self.compiled: dict[str, re.Pattern[str]] = {}

    def load(self) -> dict[str, Program]:
        if self.stored is None:
            self.stored = _read(cache_path())
        return self.stored


_programs = _Programs()


def cache_path() -> Path:
    """The cache file of this Python: its programs are valid for no other."""
    tag = f"{sys.implementation.name}/{sys.version}/{getattr(_sre, 'MAGIC', 0)}/{_CODE_TYPE}/{_LAYOUT}"
    return cache_folder() / f"patterns-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.json"


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cached program when there is one (module-level patterns only:
    a pattern compiled again and again should be a constant, or go through ``re``'s own cache)."""
    flags = int(flags)
    if _sre is None or _CODE_TYPE is None:
        return re.compile(pattern, flags)
    key = f"{flags}:{pattern}"
    program = _programs.load().get(key)
    if program is not None:
        try:
            rebuilt = _rebuild(pattern, program)
        except (TypeError, ValueError, RuntimeError, IndexError, OverflowError):
            pass  # a damaged program: compile as usual, and store a good one
        else:
            _programs.used[key] = program
            return rebuilt
    compiled = re.compile(pattern, flags)
    if not _programs.compiled:
        atexit.register(_save)
    _programs.compiled[key] = compiled
    return compiled


def _rebuild(pattern: str, program: Program) -> re.Pattern[str]:
    final_flags, code, groups, groupindex, indexgroup = program
    words = array(_CODE_TYPE or "I", base64.b64decode(code, validate=True)).tolist()
    return _sre.compile(pattern, final_flags, words, groups, dict(groupindex), tuple(indexgroup))


def _program(pattern: str, flags: int) -> Program:
    """What ``re._compiler.compile`` hands the engine for ``pattern``, in a form JSON keeps."""
    tree = _parser.parse(pattern, flags)
    words = array(_CODE_TYPE or "I", _compiler._code(tree, flags)).tobytes()
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in tree.state.groupdict.items():
        indexgroup[index] = name
    final_flags = int(flags | tree.state.flags)
    return [
        final_flags,
        base64.b64encode(words).decode("ascii"),
        tree.state.groups - 1,
        tree.state.groupdict,
        indexgroup,
    ]


def _read(path: Path) -> dict[str, Program]:
    """The programs of the cache file; none when it is missing, damaged or of another layout.

    The file is a line of JSON that says what follows (its layout, the Python, the SHA-256 of the rest), then the
    programs as JSON: the digest is checked on the bytes, before they are parsed.
    """
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        about = json.loads(header)
        if about.get("layout") != _LAYOUT or about.get("sha256") != hashlib.sha256(body).hexdigest():
            return {}
        programs = json.loads(body)
        return programs if isinstance(programs, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _save() -> None:
    """At exit, when this process compiled patterns the cache did not hold: store their programs, each only if it
    rebuilds the very pattern ``re.compile`` made. Nothing is said when the folder cannot be written."""
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            return  # a read-only cache: the next run compiles as this one did
        fresh: dict[str, Program] = {}
        for key, compiled in _programs.compiled.items():
            program = _program(compiled.pattern, int(key.split(":", 1)[0]))
            if _rebuild(compiled.pattern, program) == compiled:
                fresh[key] = program
        if not fresh:
            return
        programs = {**_read(path), **fresh}  # what other processes stored since this one started
        if len(programs) > _MAX_PROGRAMS:
            programs = {**_programs.used, **fresh}
        body = json.dumps(programs, sort_keys=True).encode("utf-8")
        header = {"layout": _LAYOUT, "python": sys.version, "sha256": hashlib.sha256(body).hexdigest()}
        write_bytes_atomic(path, json.dumps(header).encode("utf-8") + b"\n" + body)
    except (OSError, GeomapError, ValueError, TypeError, RuntimeError, RecursionError):
        pass  # a cache that cannot be written costs the next start time, nothing else
