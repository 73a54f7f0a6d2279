"""The README is the manual: every command must have help and be named there."""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from geomap.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "geomap"):
    for info in group.registered_commands:
        yield f"{prefix} {info.name}", info
    for sub in group.registered_groups:
        yield from _commands(sub.typer_instance, f"{prefix} {sub.name}")


COMMANDS = list(_commands(app))


@pytest.mark.parametrize("name, info", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_is_documented(name, info):
    assert (info.callback.__doc__ or "").strip(), f"{name} has no help text"
    assert "Example:" in info.callback.__doc__
    assert name in README, f"{name} is not in the README"


@pytest.mark.parametrize("name", [c[0] for c in COMMANDS])
def test_help_runs(name):
    result = CliRunner().invoke(app, name.split()[1:] + ["--help"])
    assert result.exit_code == 0 and "Example" in result.stdout


def test_public_api_is_documented_with_an_example():
    import geomap

    for name in geomap.__all__:
        obj = getattr(geomap, name)
        assert ">>>" in (obj.__doc__ or ""), f"geomap.{name} has no docstring example"
