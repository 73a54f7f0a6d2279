"""The shape of the package holds: stages import only downward, no cycles, functions a reader can hold, and the
linters and the type checker are clean (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geomap"
STAGES = ("text", "gazetteer", "geoparse", "trip", "publish", "archive")
LONGEST = 60

# Functions over LONGEST lines still being split into named rules (issue 16); the list only shrinks.
NOT_YET_SPLIT: set[str] = set()


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def long_functions(folder: Path, root: Path = PACKAGE) -> dict[str, int]:
    """'stage/module.py:function' (relative to ``root``) -> its length in lines, for every function over LONGEST."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONGEST:
                    found[f"{path.relative_to(root).as_posix()}:{node.name}"] = length
    return found


def test_no_function_over_sixty_lines_in_the_stages():
    long = {}
    for stage in STAGES:
        long |= long_functions(PACKAGE / stage)
    new = {name: n for name, n in long.items() if name not in NOT_YET_SPLIT}
    assert new == {}, f"split these into named rules or steps of at most {LONGEST} lines: {new}"
    done = NOT_YET_SPLIT - set(long)
    assert not done, f"these are short now: take them off NOT_YET_SPLIT: {sorted(done)}"


def test_long_function_counter_sees_a_long_function(tmp_path):
    (tmp_path / "m.py").write_text("def f():\n" + "    x = 1\n" * LONGEST + "\n\ndef g():\n    pass\n")
    assert long_functions(tmp_path, root=tmp_path) == {"m.py:f": LONGEST + 1}


def test_stages_import_only_downward():
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_no_import_cycle_in_the_package():
    import grimp

    graph = grimp.build_graph("geomap", cache_dir=None)
    modules = sorted(graph.modules)
    cycles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


def test_ruff_lint_and_format_are_clean():
    ruff = _tool("ruff")
    lint = _run(ruff, "check", "geomap", "tests")
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = _run(ruff, "format", "--check", "geomap", "tests")
    assert fmt.returncode == 0, fmt.stdout[-3000:]


def test_mypy_is_clean_on_the_package():
    result = _run(_tool("mypy"), "--no-incremental")
    assert result.returncode == 0, result.stdout[-3000:]
