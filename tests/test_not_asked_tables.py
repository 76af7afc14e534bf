""""Not asked" (a question a wave did not ask: n = 0, not privacy suppression) is recognised
by the column that holds the waves, whatever it is called: a study's (``wave``, what its
presentation says) or one's own data's ("year"), in tables and in figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.presentation import Presentation
from tests.repo_study import repo_study


@pytest.fixture(scope="module")
def pooled() -> sk.Design:
    # one's own pooled data: the period in a column "year"; "welcome" was not asked in 2022
    rng = np.random.default_rng(7)
    n = 240
    frame = pd.DataFrame({
        "year": np.repeat(["2022", "2023"], n // 2),
        "gender": rng.choice(["Mann", "Kvinne"], n),
        "welcome": pd.Categorical(rng.choice(["Uenig", "Enig"], n), categories=["Uenig", "Enig"], ordered=True),
        "w": 1.0,
    })
    frame.loc[frame["year"] == "2022", "welcome"] = np.nan
    return sk.Design(frame, weights="w", min_cell=10)


def test_a_table_of_own_data_marks_the_year_that_did_not_ask(pooled):
    p = Presentation("nb", not_asked=frozenset({("welcome", "2022")}), wave="year", min_cell=10)
    t = sk.table(pooled, ["welcome"], by="gender", panel="year", test=False, presentation=p)
    frame = t.frame()
    assert list(frame.columns[1:]) == ["2022 · Kvinne", "2022 · Mann", "2023 · Kvinne", "2023 · Mann"]
    rows = {r[0]: list(r[1:]) for r in frame.to_numpy()}
    assert rows["Uenig"][:2] == ["ikke spurt", "ikke spurt"] and rows["Enig"][:2] == ["ikke spurt", "ikke spurt"]
    assert all("%" in cell for cell in rows["Uenig"][2:] + rows["Enig"][2:])
    assert "Ikke spurt: spørsmålet var ikke med i den runden" in t.notes
    assert not any(note.startswith("Ingen svar") for note in t.notes)


def test_a_change_figure_marks_it_by_its_wave_argument(pooled):
    import matplotlib.pyplot as plt

    means = sk.mean(pooled, ["welcome"], by=["year"])
    means = means[means["level"] == "Enig"]
    p = Presentation("nb", not_asked=frozenset({("welcome", "2022")}))   # the plot says which column: wave="year"
    ax = sk.plot_change(means, wave="year", presentation=p)
    marks = [t.get_text() for t in ax.texts if t.get_gid() in ("not_asked", "no_answers", "suppressed")]
    assert marks == ["ikke spurt"]
    plt.close(ax.figure)


def test_a_study_says_its_wave_column():
    study = repo_study()
    p = study.presentation()
    assert p.wave == "wave" and p.wave in study.responses
    assert ("knows_colocation", "1") in p.not_asked
    rows = pd.DataFrame({p.wave: ["1"], "variable": ["knows_colocation"], "estimate": [np.nan], "n": [0],
                         "suppressed": [False]})
    assert p.empty_kind(rows) == "not_asked"
