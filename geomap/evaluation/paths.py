"""Where evaluation reads its data and writes its reports: the checkout, ../shared beside it, tests/data."""

from __future__ import annotations

from pathlib import Path


def _project_root() -> Path:
    """The geomap checkout: this source tree when it is one (an editable install), else the working folder.

    Reports go to its docs/ folder and the shared corpora are looked for beside it; an installed
    (non-editable) geomap never writes into site-packages.
    """
    here = Path(__file__).resolve().parent.parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


ROOT = _project_root()


def _shared() -> Path:
    return ROOT.parent / "shared"


def default_corpora() -> list[Path]:
    folder = _shared() / "eval" / "geoparse"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def default_trips() -> Path:
    return ROOT / "tests" / "data" / "trips"
