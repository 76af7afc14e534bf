"""Weights that come in the data (``weighting.weights``, tester C's study tC4 with its `vekt`):
used as they are with ``method: none``, or the starting weights of the raking to the
population (as R's ``calibrate`` starts from the design weights); checked by validate (a numeric
codebook variable with a source in every wave, a finite weight above 0 in every row, else the
file and row named); never a question of the report; said in the method notes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.cli import main
from surveykit.report.figures.explorer import default_breakdowns, default_questions
from surveykit.report.items import design_columns
from tests.test_report_method_texts import add_replicates, built, method_section, write_study

VEKT = "  - {name: vekt, type: numeric, label: {en: Weight, nb: Vekt}, valid: [0, 100], sources: {v24: {column: vekt}}}\n"


def with_weights(root, weighting: str = "weighting: {method: none, weights: vekt}", values=None):
    """The study's export with a weight column `vekt`, declared in the codebook and named by ``weighting``."""
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["vekt"] = (values if values is not None
                     else np.random.default_rng(7).uniform(0.5, 3.0, len(frame)).round(3))
    frame.to_csv(export, index=False)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + VEKT, encoding="utf-8")
    config = root / "surveykit.yaml"
    text = config.read_text(encoding="utf-8")
    old = "weighting: {method: rake, population: config/population.csv, margins: [[gender]]}" \
        if "method: rake" in text else "weighting: {method: none}"
    config.write_text(text.replace(old, weighting), encoding="utf-8")
    return root


def _validate(root, capsys) -> tuple[int, str]:
    code = main(["-q", "validate", "--no-write", "--study", str(root)])
    return code, capsys.readouterr().err.replace(str(root), "<study>")


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def test_method_none_weights_every_answer_by_the_data_weights(tmp_path):
    root = with_weights(write_study(tmp_path))
    study = sk.load_study(root)
    design = study.design()
    vekt = study.responses["vekt"].to_numpy(dtype=float)
    np.testing.assert_array_equal(design.weights, vekt)
    # the weighted mean is R's svymean(~visits, svydesign(ids=~1, weights=~vekt)): the weighted average
    visits = study.responses["visits"].to_numpy(dtype=float)
    held = ~np.isnan(visits)
    est = sk.mean(design, ["visits"])["estimate"].iloc[0]
    assert est == pytest.approx(np.average(visits[held], weights=vekt[held]), rel=1e-12)
    expected = sk.mean(sk.Design(study.responses, weights="vekt"), ["visits"])
    pd.testing.assert_frame_equal(sk.mean(design, ["visits"]), expected)


def test_rake_starts_from_the_data_weights(tmp_path):
    root = with_weights(write_study(tmp_path, weighted=True),
                        "weighting: {method: rake, population: config/population.csv, margins: [[gender]], "
                        "weights: vekt}")
    study = sk.load_study(root)
    raked = study.design()
    margin = study.population.groupby("gender", observed=True)["population"].sum().rename("Freq").reset_index()
    expected = sk.rake(sk.Design(study.responses, weights="vekt"), [margin])
    np.testing.assert_allclose(raked.weights, expected.weights, rtol=1e-12)
    # not the raking from equal weights: the data's weights shape the result within each gender
    plain = sk.rake(sk.Design(study.responses.assign(one=1.0), weights="one"), [margin])
    assert not np.allclose(raked.weights, plain.weights)
    assert raked.weights.sum() == pytest.approx(10000)


def test_the_weights_are_no_question_of_the_explorer(tmp_path):
    root = with_weights(write_study(tmp_path))
    study = sk.load_study(root)
    assert "vekt" in design_columns(study)
    assert "vekt" not in default_questions(study)
    assert "vekt" not in default_breakdowns(study)


def test_the_method_notes_say_the_data_weights(tmp_path):
    root, said = built(with_weights(write_study(tmp_path)))
    assert "The answers are weighted with the data's own weights (Weight)." in method_section(root)
    assert any("weighted by the data's weights vekt (weighting.weights), as they are" in line for line in said)


def test_the_method_notes_say_the_raking_started_from_the_data_weights(tmp_path):
    root = with_weights(write_study(tmp_path, weighted=True),
                        "weighting: {method: rake, population: config/population.csv, margins: [[gender]], "
                        "weights: vekt}")
    root, _ = built(root)
    assert ", starting from the data's own weights (Weight)." in method_section(root)


@pytest.mark.parametrize("codebook, said", [
    (lambda t: t.replace(VEKT, ""), "`weighting.weights`: 'vekt' is not a variable of"),
    (lambda t: t.replace("name: vekt, type: numeric", "name: vekt, type: text"),
     "`weighting.weights`: variable 'vekt' is `type: text`"),
])
def test_a_weight_variable_that_is_no_numeric_codebook_variable_is_refused(tmp_path, capsys, codebook, said):
    root = with_weights(write_study(tmp_path))
    path = root / "config" / "codebook.yaml"
    path.write_text(codebook(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, err = _validate(root, capsys)
    assert code == 2 and said in err, err


@pytest.mark.parametrize("value, said", [
    (np.nan, "1 respondent(s) have no weight (an empty cell, or an answer under `missing:`) (first: wave v24, "
             "data/raw/export.csv, row 5)"),
    (0.0, "1 respondent(s) have a weight of 0 (first: wave v24, data/raw/export.csv, row 5)"),
])
def test_a_row_without_a_weight_above_0_is_refused_naming_its_file_and_row(tmp_path, capsys, value, said):
    root = write_study(tmp_path)
    n = len(pd.read_csv(root / "data" / "raw" / "export.csv"))
    values = np.full(n, 1.5)
    values[3] = value   # the export's row 5 (its header is row 1)
    code, err = _validate(with_weights(root, values=values), capsys)
    assert code == 2
    assert f"<study>/surveykit.yaml: `weighting.weights: vekt`: {said}" in err
    assert "under `screening:`" in err and "Traceback" not in err


def test_the_screening_rule_the_message_gives_leaves_weight_0_out(tmp_path, capsys):
    root = write_study(tmp_path)
    n = len(pd.read_csv(root / "data" / "raw" / "export.csv"))
    values = np.full(n, 1.5)
    values[3] = 0
    with_weights(root, values=values)
    config = root / "surveykit.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("duplicate: {variable: respondent_id}",
                                   "duplicate: {variable: respondent_id}\n  complete: {variable: vekt, incomplete: [0]}"),
                      encoding="utf-8")
    code, err = _validate(root, capsys)
    assert code == 0, err


def test_weights_and_replicates_together_are_refused(tmp_path, capsys):
    root = add_replicates(write_study(tmp_path))
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("method: none,", "method: none, weights: finwt,"),
                      encoding="utf-8")
    code, err = _validate(root, capsys)
    assert code == 2
    assert "`weighting.weights`: a study with replicate weights gives its full-sample weights as " \
           "`weighting.replicates.weights`" in err

