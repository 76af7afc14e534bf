"""Codes for no answer written into number columns, found by the draft so that no mean averages
them in.

A SurveyCTO form exported through Stata and converted to SPSS (PovertyAction/high-frequency-checks,
`data/household_backcheck.dta`): its yes/no questions label -999 "Don't Know", while its amounts
(`j_land_value`, `m_mon_inc`) hold the same -999 (and -888) unlabelled. The draft wrote
`valid: [-2000, ...]` and no `missing:`, so the mean income was 100.24 where the answers give 156.46.
The files here are small synthetic ones with that layout (the real file is not ours to commit)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from surveykit.io import read_export
from surveykit.scaffold.scan import scan

N = 60


def backcheck_sav(folder: Path) -> Path:
    """A SurveyCTO back-check as Stata -> SPSS writes it: yes/no questions with -999 "Don't Know"
    labelled, amounts with -999 / -888 and no labels at all."""
    rng = np.random.default_rng(7)
    income = rng.integers(0, 1700, N).astype(float)
    income[[3, 11, 19, 27, 35, 43, 51]] = -999
    land = rng.integers(0, 115000, N).astype(float)
    land[[2, 9, 16, 23, 30, 37]] = -999
    land[[5, 44]] = -888
    radio = rng.choice([0.0, 1.0], N)
    radio[[4, 8]] = -999
    frame = pd.DataFrame({"i_radio": radio, "j_land_value": land, "m_mon_inc": income,
                          "h_rooms": rng.integers(1, 14, N).astype(float)})
    path = folder / "household_backcheck.sav"
    pyreadstat.write_sav(frame, str(path), column_labels={
        "i_radio": "(I02-01) Radio", "j_land_value": "(J03) What is the total value of this area of land?",
        "m_mon_inc": "(M09) What is the household TYPICAL TOTAL MONTHLY INCOME?",
        "h_rooms": "(H01) How many rooms in the dwelling are occupied by your entire household?"},
        variable_value_labels={"i_radio": {-999.0: "Don't Know", 0.0: "No", 1.0: "Yes"}})
    return path


def _column(columns, name):
    return next(c for c in columns if c.column == name)


def test_code_labelled_dont_know_elsewhere_is_missing_in_amounts(tmp_path):
    columns, _ = scan(read_export(backcheck_sav(tmp_path)), "1")
    income = _column(columns, "m_mon_inc")
    assert income.kind == "numeric"
    assert income.missing == [-999]
    assert income.valid[0] >= 0
    assert any("-999 (7 answer(s)) is labelled \"Don't Know\" in 'i_radio'" in r for r in income.review)
    land = _column(columns, "j_land_value")
    assert land.missing == [-999, -888]
    assert land.valid[0] >= 0
    assert any("-888 (2 answer(s))" in r for r in land.review)
    rooms = _column(columns, "h_rooms")
    assert not rooms.missing


def test_labelled_code_among_the_answers_is_kept_and_named_when_it_has_a_codes_form(tmp_path):
    # 9 = "Don't know" on a scale; 9 rooms is a number of rooms: kept, but said, since 9 is the form
    # of a no-answer code (a slider's 3 labelled elsewhere is not: test below)
    frame = pd.DataFrame({"trust": [1.0, 2.0, 3.0, 9.0] * 10, "rooms": [1.0, 4.0, 9.0, 12.0] * 10})
    path = tmp_path / "rooms.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels={
        "trust": {1.0: "Low", 2.0: "Middle", 3.0: "High", 9.0: "Don't know"}})
    rooms = _column(scan(read_export(path), "1")[0], "rooms")
    assert not rooms.missing
    assert any("lies among the other answers here: kept as a number" in r for r in rooms.review)


def test_coded_negatives():
    from surveykit.scaffold.number_columns import coded_negatives

    assert coded_negatives(pd.Series([678, 2060, -888, 250, 10000, -999, 0, 1500, 400, 3000, 75, 820])) == [-999, -888]
    assert coded_negatives(pd.Series([500, 700, 12000, 80, -99, 45, 0, 3, 9, 1000])) == [-99]
    assert coded_negatives(pd.Series([5, -4, 3, -999, 8, 9, 1, 2, 3, 4])) == []       # -4 crosses 0 naturally
    assert coded_negatives(pd.Series([118.0, -995.44, 237.2, 206.6, 183.0])) == []    # an altitude
    assert coded_negatives(pd.Series([10, -9, 30, -9, 50])) == []                     # negatives common (40 %)
    assert coded_negatives(pd.Series([-2, -1, 0, 1, 2] + [1] * 10)) == []             # a scale around 0


def amounts_csv(folder: Path) -> Path:
    """A plain CSV of amounts and a temperature: -99 three times for "no answer" in the amount; the
    temperature crosses 0 as temperatures do."""
    rows = ["id,amount,temperature"]
    for i in range(50):
        amount = -99 if i in (4, 17, 33) else 100 + (i * 137) % 4000
        temperature = -9 if i % 5 == 0 else (i * 7) % 25 - 4
        rows.append(f"{i + 1},{amount},{temperature}")
    path = folder / "amounts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_negative_code_among_large_amounts_in_a_csv(tmp_path):
    columns, _ = scan(read_export(amounts_csv(tmp_path)), "1")
    amount = _column(columns, "amount")
    assert amount.missing == [-99]
    assert amount.valid[0] >= 0
    assert any("-99 (3 answer(s)): negative while every other answer is 0 or more" in r for r in amount.review)
    temperature = _column(columns, "temperature")
    assert -9 not in (temperature.missing or [])


@pytest.mark.slow
def test_income_mean_leaves_out_the_code(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    from tests.test_scaffold_layouts import codebook, responses, run_study, variable

    export = backcheck_sav(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    var = variable(cb, "m_mon_inc")
    assert var["missing"] == [-999]
    data = responses(study)
    given, _ = pyreadstat.read_sav(str(export))
    answered = given["m_mon_inc"][given["m_mon_inc"] >= 0]
    assert data[var["name"]].mean() == pytest.approx(answered.mean())


def bes_like_sav(folder: Path) -> Path:
    """The British Election Study's layout (sarahcgallLtd/scgUtils inst/extdata/survey.sav): a 0-10
    attention scale whose labels are its ends and the numbers themselves (and 9999 "Don't know"),
    drafted a number, most answers 6-10, beside
    background questions labelling 7 "Refused", 8 "Don't know", 9 "Prefer not to say", 10 "Unknown"."""
    rng = np.random.default_rng(11)
    attention = rng.choice(np.arange(11.0), N, p=[.02, .02, .03, .04, .05, .1, .1, .14, .18, .14, .18])
    attention[[1, 17]] = 9999
    satisfaction = rng.integers(1, 6, N).astype(float)   # 1-5, no labels: 9 = "Prefer not to say" elsewhere is a code
    satisfaction[[6, 40]] = 9
    frame = pd.DataFrame({"polAttention": attention, "p_socgrade": rng.choice([1.0, 2.0, 7.0, 8.0], N),
                          "p_hh_size": rng.choice([1.0, 2.0, 3.0, 9.0, 10.0], N), "satis": satisfaction})
    path = folder / "survey.sav"
    pyreadstat.write_sav(frame, str(path), column_labels={
        "polAttention": "How much attention do you generally pay to politics?", "p_socgrade": "Social grade",
        "p_hh_size": "Household size", "satis": "How satisfied are you with democracy?"},
        variable_value_labels={
            "polAttention": {0.0: "Pay no attention", **{float(k): str(k) for k in range(1, 10)},
                             10.0: "Pay a great deal of attention", 9999.0: "Don't know"},
            "p_socgrade": {1.0: "A", 2.0: "B", 7.0: "Refused", 8.0: "Don't know"},
            "p_hh_size": {1.0: "One", 2.0: "Two", 3.0: "Three", 9.0: "Prefer not to say", 10.0: "Unknown"}})
    return path


def test_codes_labelled_elsewhere_never_take_a_scales_own_answers(tmp_path):
    # 68 % of the real answers to attention to politics were declared missing (7, 8, 9, 10 borrowed
    # from the background questions' labels): the published mean was 4.08 on 1583 answers for 6.57 on 4977
    columns, _ = scan(read_export(bes_like_sav(tmp_path)), "1")
    attention = _column(columns, "polAttention")
    assert attention.kind == "numeric" and attention.missing == [9999]
    satis = _column(columns, "satis")
    assert satis.missing == [9]          # far above 1-5: the file's "Prefer not to say"


def test_nettskjema_slider_borrows_no_label_for_its_own_answers(tmp_path):
    # Nettskjema's .sps labels 3 'not applicable' in the grid 'radio_matrix.grants'; the slider's answers
    # are 1-3 (and 9): its 3 is an answer, not that code, and no note borrows the grid's label for it
    from surveykit import cli

    folder = Path(__file__).parent / "data" / "samples" / "nettskjema" / "nettskjemar-api-v3-2025"
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    for f in folder.iterdir():
        shutil.copyfile(f, root / "data" / "raw" / f.name)
    data = root / "data" / "raw" / "data-123823-2025-08-19-2249.txt"
    assert cli.main(["-q", "codebook", "draft", str(data), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    slider = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == "slider")
    assert slider["type"] == "numeric" and 3 not in (slider.get("missing") or [])
    block = text[text.index(f"- name: {slider['name']}\n"):]
    block = block[:block.index("\n  - name:")]
    assert "radio_matrix.grants" not in block
