"""`codebook draft` on an SPSS file with two variables of one label (the British Election Study's
"pidWeThey" and "pidWeTheyb", both "When I speak about this party, I usually say "we" instead of
"they"."). Was: both drafted with that label under a REVIEW note, and the report, which refuses
items of one entry sharing a label, refused the draft. Now: each label gets its column's name in
brackets, the REVIEW note says so, and the drafted study validates and builds with both rows."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, run_study, variable

pyreadstat = pytest.importorskip("pyreadstat")

QUESTION = 'When I speak about this party, I usually say "we" instead of "they".'
AGREE = {1.0: "Strongly disagree", 2.0: "Disagree", 3.0: "Neither agree nor disagree", 4.0: "Agree",
         5.0: "Strongly agree"}


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _sav(path: Path, n: int = 150) -> Path:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"id": np.arange(1, n + 1, dtype=float),
                          "pidWeThey": rng.integers(1, 6, n).astype(float),
                          "pidWeTheyb": rng.integers(1, 6, n).astype(float),
                          "gender": rng.integers(1, 3, n).astype(float)})
    pyreadstat.write_sav(frame, str(path),
                         column_labels=["Respondent id", QUESTION, QUESTION, "Gender"],
                         variable_value_labels={"pidWeThey": AGREE, "pidWeTheyb": AGREE,
                                                "gender": {1.0: "Male", 2.0: "Female"}})
    return path


def test_two_questions_of_one_label_get_their_columns_and_build(tmp_path):
    study = run_study(tmp_path, _sav(tmp_path / "bes_like.sav"))   # draft, validate, build: all exit 0
    cb = codebook(study)
    first, second = variable(cb, "pidWeThey"), variable(cb, "pidWeTheyb")
    assert first["label"] == f"{QUESTION} (pidWeThey)"
    assert second["label"] == f"{QUESTION} (pidWeTheyb)"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: the question text is the same as that of the question(s) in column(s) ['pidWeTheyb'], so the " \
           "draft added the column's name to the label" in text
    # both are rows of the report's tables (the numbers by name, the page by label)
    tables = pd.concat([pd.read_csv(f) for f in (study / "reports" / "tables").glob("*.csv")])
    assert {first["name"], second["name"]} <= set(tables["variable"])
    page = html.unescape((study / "reports" / "index.html").read_text(encoding="utf-8"))
    for column in ("pidWeThey", "pidWeTheyb"):
        assert f'<th scope="row">{QUESTION} ({column})</th>' in page


QUALTRICS = Path(__file__).parent / "data" / "samples" / "qualtrics" / "QualtricsTools"


def test_rows_of_a_grid_asked_twice_get_their_columns(tmp_path):
    """QualtricsTools' "No_Basis_for_Evaluation (Insights).csv" (tests/data/samples/qualtrics) asks
    the grid "Indicate how you feel about the following vegetables" twice (Q3 and Q4, the same rows)
    and the check-box grid "Please select when you participated ..." twice (Q5 and Q6). The rows were
    drafted with their row's words alone ("Squash", "ate baby food"), so the report drew two
    figures titled "Share choosing each option: ate baby food" with other numbers, and "Squash"
    twice in a distribution split "(1 of 2)", "(2 of 2)" as if one grid: a reader could not tell
    which was which. Each row now names its column, under a REVIEW note, as two questions of one
    text do."""
    export = QUALTRICS / "No_Basis_for_Evaluation (Insights).csv"
    study = run_study(tmp_path, export, build=False, extra=(QUALTRICS / "No_Basis_for_Evaluation.qsf",))
    cb = codebook(study)
    assert variable(cb, "Q3_1")["label"] == "Squash (Q3_1)" and variable(cb, "Q4_1")["label"] == "Squash (Q4_1)"
    assert variable(cb, "Q5_1_1")["label"] == "ate baby food (Q5_1)"
    assert variable(cb, "Q6_1_1")["label"] == "ate baby food (Q6_1)"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: the question text is the same as that of the question(s) in column(s) ['Q4_1'], so the " \
           "draft added the column's name to the label ('Squash (Q3_1)')" in text
    # every row a reader sees is named apart: the labels of the drafted questions are all different
    labels = [v["label"] for v in cb["variables"] if v["type"] in ("likert", "multi", "single")]
    assert len(labels) == len(set(labels)), labels
    import yaml

    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    titles = [entry["title"]["en"] for entry in recipe["figures"]]
    assert len(titles) == len(set(titles)), titles
    from surveykit import cli

    assert cli.main(["-q", "build", "--study", str(study)]) == 0   # and the study builds as drafted
