"""The warning for rows in no group of a by= column: in a study's responses it said "first at
row 0" (a position, no file) and counted the don't-know answers, which a study keeps apart from
the levels, as rows without a value without saying so; and the CLI printed the same warning once
per figure. Now it names the wave and the export's row, how many of them answered don't know,
and the CLI says each warning once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit import cli
from surveykit.errors import SurveykitWarning


def _responses() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 60
    c = pd.Categorical(rng.choice(["Ja", "Nei"], n), ["Ja", "Nei"])
    frame = pd.DataFrame({"wave": "1", "row": np.arange(2, n + 2), "c": c, "y": rng.normal(3, 1, n),
                          "c__dk": False})
    frame.loc[[5, 9, 20], "c"] = np.nan
    frame.loc[[9, 20], "c__dk"] = True   # two answered "Vet ikke", one skipped the question
    return frame


def test_the_warning_names_the_export_row_and_the_dont_know_answers():
    with pytest.warns(SurveykitWarning) as caught:
        sk.mean(sk.Design(_responses()), ["y"], by="c")
    [message] = [str(w.message) for w in caught if "no value of 'c'" in str(w.message)]
    assert "by: 3 row(s) that count in the estimates have no value of 'c', 2 of them answered don't know" in message
    assert "(first at wave 1, row 7 of its export)" in message


def test_the_cli_says_a_warning_once(capsys):
    for _ in range(3):
        cli._show_warning(SurveykitWarning("by: 3 row(s) ... no value of 'q7'"), SurveykitWarning, "x.py", 1)
    cli._show_warning(SurveykitWarning("by: 4 row(s) ... no value of 'q7'"), SurveykitWarning, "x.py", 1)
    err = capsys.readouterr().err
    assert err.count("no value of 'q7'") == 2 and err.count("by: 3 row(s)") == 1


def test_a_build_says_the_warning_with_its_report_entries_and_no_python(tmp_path, capsys, monkeypatch):
    """In a build (tester C's tC5) the warning came from the explorer's own breakdown by gender,
    named no entry of config/report.yaml and advised ``df['kon'].fillna('unknown')``: now it
    names the entries that met it, once, and what to change in the configuration."""
    from tests.test_report_method_texts import write_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    report = ("tables:\n  - {id: explorer, kind: explorer}\n"
              "  - {id: by_gender, kind: means, items: [visits], by: [gender]}\n")
    root = write_study(tmp_path, report=report)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(
        "      - {code: 2, label: {en: Woman, nb: Kvinne}}\n",
        "      - {code: 2, label: {en: Woman, nb: Kvinne}}\n    nonsubstantive:\n"
        "      - {code: 9, label: {en: Prefer not to say}}\n"), encoding="utf-8")
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame.loc[frame.index[::10], "gender"] = "Prefer not to say"
    frame.to_csv(export, index=False)
    assert cli.main(["-q", "build", "--study", str(root), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    [line] = [x for x in err.splitlines() if "no value of 'gender'" in x]
    assert "df[" not in line and "fillna" not in line and "without by=" not in line
    assert "report.yaml: `tables[0]` ('explorer'), `tables[1]` ('by_gender'): by: 16 row(s)" in line
    assert ("The breakdown by 'gender' is one the explorer chose (the entry gives no `by:`): list the breakdowns "
            "you want under `by:` of the entry to leave it out.") in line
    assert ("To show those answers as a group of their own, move their answer in the scale of 'gender' in "
            "config/codebook.yaml from `nonsubstantive:` to `levels:`.") in line
