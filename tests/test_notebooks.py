"""The analyst notebooks run top to bottom (nbclient, kernel python3, cwd = the repo root).

They are committed without outputs and say that the data are synthetic; each uses only the
public API (``import surveykit as sk``).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.repo_study import TEST_KEY

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {"01_quickstart", "02_colocated_vs_separate", "03_wave_change_and_did", "04_weighting_diagnostics"}


def test_the_four_notebooks_exist_without_outputs():
    assert {p.stem for p in NOTEBOOKS} >= EXPECTED
    for path in NOTEBOOKS:
        book = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in book["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path.name
        text = " ".join("".join(c["source"]) for c in book["cells"]).lower()
        assert "synthetic" in text, f"{path.name} must say that the data are synthetic"
        sources = "".join("".join(c["source"]) for c in code)
        assert "import surveykit as sk" in sources
        private = re.findall(r"from surveykit\b|import surveykit\.|\bsk\.[a-z_]+\.", sources)
        assert not private, f"{path.name}: use the public API (sk.*) only; found {private}"
        # no private copies of what the API offers (Likert scores: sk.with_scores)
        copies = re.findall(r"def (with_scores|with_topbox|score|topbox)\b", sources)
        assert not copies, f"{path.name}: use sk.{copies[0] if copies else ''} instead of a copy"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # the notebooks load the repository's study: a key of the tests' own, so no .surveykit-key is
    # written into the checkout (it may be read-only)
    monkeypatch.setenv("SURVEYKIT_KEY", TEST_KEY)
    # the folders a notebook makes with tempfile (05's tables and explorer) go to a temporary folder
    # removed afterwards (short: the fork server's socket lives there too)
    scratch = tempfile.mkdtemp(prefix="sknb-")
    monkeypatch.setenv("TMPDIR", scratch)
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()  # raises CellExecutionError on the first failing cell
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
