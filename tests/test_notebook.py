"""The exploration notebook runs top to bottom in a fresh kernel; its cells assert what they show."""

import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "explore.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text())
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in nb["cells"] if c["cell_type"] == "code"
    )


def test_notebook_runs_in_a_fresh_kernel(gazetteer, monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="needs the test extras: pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="needs the test extras: pip install -e '.[test]'")
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(gazetteer.path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs), "the itinerary should display as a map"
