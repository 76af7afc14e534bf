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
