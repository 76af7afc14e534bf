"""`codebook draft` on an export with one survey weight column (a polling firm's `vekt`, `weight`,
`WGTP` ...). Was: drafted as a number question with a means table of the weights, and the answers
left unweighted. Now: recognised by its name and its values (a finite number above 0 in every row,
not a 0/1 flag, not a body weight), kept in the codebook as a number, left out of the report, and
named by `weighting.weights` in surveykit.yaml under a REVIEW note; the drafted study validates,
builds and weights every estimate by it. A column named as a weight with empty cells, 0s or negative
numbers is refused with a REVIEW note; two candidates: none is taken, the note names both."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from tests.test_scaffold_layouts import codebook, run_study

SATISFIED = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
VISITS = "How many times did you visit the library last year?"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def export(folder: Path, weights: dict[str, object], n: int = 120, seed: int = 3, name: str = "export_2024.csv"
           ) -> tuple[Path, pd.DataFrame]:
    """A one-wave export: an id, a satisfaction question, a number, gender and the given weight columns
    (name -> values, or None for positive weights of its own)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"id": range(1, n + 1),
                          "How satisfied are you with the library?": rng.choice(SATISFIED, n),
                          VISITS: rng.integers(0, 30, n),
                          "Gender": rng.choice(["Female", "Male"], n)})
    for col, values in weights.items():
        frame[col] = rng.uniform(0.4, 2.6, n).round(3) if values is None else values
    path = folder / name
    frame.to_csv(path, index=False)
    return path, frame


def study_yaml(study: Path) -> tuple[dict, str]:
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def report_items(study: Path) -> set[str]:
    report = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    return {i for spec in [*(report.get("figures") or []), *(report.get("tables") or [])] for i in spec["items"]}


def by_column(cb: dict) -> dict[str, dict]:
    return {v["sources"]["1"].get("column"): v for v in cb["variables"]}


def test_one_weight_column_weights_the_drafted_study(tmp_path):
    path, frame = export(tmp_path, {"vekt": None})
    study = run_study(tmp_path, path)   # draft, then build: every command exits 0
    var = by_column(codebook(study))["vekt"]
    assert var["name"] == "vekt" and var["type"] == "numeric"
    config, text = study_yaml(study)
    assert config["weighting"]["weights"] == "vekt" and config["weighting"]["method"] == "none"
    note = next(line for line in text.splitlines() if "REVIEW" in line and "survey weight" in line)
    assert "taken as the survey weight by its name and its values (a positive number in every row)" in note
    assert "confirm from the data's documentation" in note and "rake further" in note
    low, high = frame["vekt"].min(), frame["vekt"].max()
    assert f"{low:.4g} to {high:.4g}" in note
    assert "# population: config/population.csv" in text   # the raking keys stay there to switch on
    assert "vekt" not in report_items(study)   # no means table or figure of the weights
    # the report weights every estimate by it: R's svymean(~visits, svydesign(ids=~1, weights=~vekt))
    numbers = pd.read_csv(study / "reports" / "tables" / "numbers.csv")
    name = by_column(codebook(study))[VISITS]["name"]
    got = float(numbers.loc[numbers["variable"] == name, "estimate"].iloc[0])
    assert got == pytest.approx(np.average(frame[VISITS], weights=frame["vekt"]), rel=1e-12)
    assert got != pytest.approx(frame[VISITS].mean(), rel=1e-6)
    page = html.unescape((study / "reports" / "index.html").read_text(encoding="utf-8"))
    assert "weighted with the data's own weights (vekt)" in page
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "'vekt' is the survey weight (named as a weight, a positive number in every row" in head


@pytest.mark.parametrize("column", ["weight", "wgt", "vikt", "vægt", "Gewicht", "weight_final", "WGTP", "finwt"])
def test_weight_columns_by_their_names(tmp_path, column):
    path, _ = export(tmp_path, {column: None})
    study = run_study(tmp_path, path, build=False)   # draft, then validate
    var = by_column(codebook(study))[column]
    config, _ = study_yaml(study)
    assert config["weighting"]["weights"] == var["name"] and var["type"] == "numeric"
    assert var["name"] not in report_items(study)


@pytest.mark.parametrize("column, values, said", [
    ("vekt", [np.nan] + [1.2] * 119, "holds no number (an empty cell) in 1 of 120 rows"),
    ("vekt", [0.0] + [1.2] * 119, "holds 0 in 1 of 120 rows"),
    ("weight", [-1.0] + [1.2] * 119, "holds a negative number in 1 of 120 rows"),
    ("wgt", [0, 1] * 60, "holds 0 and 1 only (a flag, not weights)"),
])
def test_a_weight_column_with_empty_zero_or_negative_cells_is_not_taken(tmp_path, column, values, said):
    path, _ = export(tmp_path, {column: values})
    study = run_study(tmp_path, path, build=False)
    config, _ = study_yaml(study)
    assert "weights" not in (config.get("weighting") or {})
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert f"REVIEW: wave 1: {column!r} is named as a weight but {said}: not taken as the survey weight" in head


def test_a_body_weight_is_no_survey_weight():
    from surveykit.scaffold.replicate_weights import weight_columns

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"Weight (kg)": rng.uniform(45, 120, 50), "weight_lbs": rng.uniform(100, 260, 50),
                          "Q7": rng.uniform(45, 120, 50), "weighted_score": rng.uniform(1, 5, 50),
                          "birthweight": rng.uniform(2, 5, 50)})
    assert weight_columns(frame, {"Q7": "What is your weight?"}) == ([], [])
    measured = pd.DataFrame({f"wt{i}": rng.uniform(45, 120, 50) for i in (1, 2, 3)})   # body weights measured thrice
    assert weight_columns(measured) == ([], [])
    assert [w.column for w in weight_columns(frame.assign(vekt=rng.uniform(0.5, 2, 50)))[0]] == ["vekt"]


def test_two_weight_columns_none_is_taken_and_both_are_named(tmp_path):
    path, _ = export(tmp_path, {"vekt": None, "weight_final": None})
    study = run_study(tmp_path, path, build=False)
    config, text = study_yaml(study)
    assert "weights" not in config["weighting"]
    note = next(line for line in text.splitlines() if "REVIEW" in line and "look like survey weights" in line)
    assert "the export has 2 columns" in note and "vekt (column 'vekt'" in note and "weight_final (column" in note
    assert "took none of them" in note
    items = report_items(study)
    cb = by_column(codebook(study))
    assert cb["vekt"]["type"] == "numeric" and cb["weight_final"]["type"] == "numeric"
    assert not {cb["vekt"]["name"], cb["weight_final"]["name"]} & items
    drafted = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert re.search(r"REVIEW: wave 1: \['vekt', 'weight_final'\] each look like the survey weight", drafted)


def test_the_weight_of_two_waves_is_one_variable(tmp_path):
    import shutil

    from surveykit import cli

    first, _ = export(tmp_path, {"vekt": None}, seed=3, name="export_2023.csv")
    second, _ = export(tmp_path, {"vekt": None}, seed=4, name="export_2024.csv")
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    for f in (first, second):
        shutil.copy(f, study / "data" / "raw" / f.name)
    assert cli.main(["-q", "codebook", "draft", *(str(study / "data" / "raw" / f.name) for f in (first, second)),
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    [var] = [v for v in codebook(study)["variables"] if v["name"] == "vekt"]
    assert set(var["sources"]) == {"1", "2"}
    config, text = study_yaml(study)
    assert config["weighting"]["weights"] == "vekt"
    assert "column 'vekt' of wave 1: " in text and "column 'vekt' of wave 2: " in text


def test_replicate_weights_keep_their_design_and_no_other_column_is_the_weight():
    """An export with replicate weights: their full-sample weight weights it (`weighting.replicates`);
    another weight column beside them (a household's) is not taken as `weighting.weights` too."""
    from surveykit.io.raw import RawExport
    from surveykit.scaffold.scan import scan

    rng = np.random.default_rng(5)
    n = 40
    full = rng.uniform(5, 50, n).round(1)
    frame = pd.DataFrame({"SERIALNO": range(1, n + 1), "AGEP": rng.integers(18, 90, n), "PWGTP": full,
                          **{f"PWGTP{r}": (full * rng.uniform(0.5, 1.5, n)).round(1) for r in range(1, 81)},
                          "hhwt": rng.uniform(5, 50, n).round(1)})
    columns, _ = scan(RawExport(frame, "psam.csv", "csv"), "1")
    kinds = {c.column: c.weight for c in columns}
    assert kinds["PWGTP"] == "full" and kinds["PWGTP80"] == "replicate"
    assert kinds.get("hhwt") is None
