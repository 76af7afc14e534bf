"""A share of 0 % or 100 % was published with the logit interval R gives there, [0, 0] or
[1, 1]: "0,0 % [0,0; 0,0]" beside 40 respondents reads as certainty. A report now shows the
exact binomial (Clopper–Pearson) interval for the row's n and says so in the method notes;
the estimators keep R's interval. Reference: scipy's beta quantiles (the Clopper–Pearson
bounds are Beta(α/2; x, n − x + 1) and Beta(1 − α/2; x + 1, n − x))."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import surveykit as sk
from surveykit.report import build
from surveykit.report.edges import edge_intervals
from tests.test_report_studies import write_one_wave_study


def _frame(**cols) -> pd.DataFrame:
    base = {"variable": ["q"], "level": ["No"], "estimate": [0.0], "std_error": [0.0], "conf_low": [0.0],
            "conf_high": [0.0], "n": [20], "suppressed": [False]}
    base.update({k: [v] for k, v in cols.items()})
    return pd.DataFrame(base)


@pytest.mark.parametrize("n", [1, 7, 20, 400])
def test_zero_and_one_get_the_clopper_pearson_bounds(n):
    zero, k0 = edge_intervals(_frame(n=n))
    one, k1 = edge_intervals(_frame(n=n, estimate=1.0, conf_low=1.0, conf_high=1.0))
    assert (k0, k1) == (1, 1)
    assert zero["conf_low"][0] == 0.0
    assert zero["conf_high"][0] == pytest.approx(stats.beta.ppf(0.975, 1, n), rel=1e-12)
    assert one["conf_low"][0] == pytest.approx(stats.beta.ppf(0.025, n, 1), rel=1e-12)
    assert one["conf_high"][0] == 1.0
    ninety, _ = edge_intervals(_frame(n=n), conf_level=0.90)
    assert ninety["conf_high"][0] == pytest.approx(stats.beta.ppf(0.95, 1, n), rel=1e-12)


@pytest.mark.parametrize("cols", [
    {"suppressed": True},                                   # hidden: stays empty
    {"n": 0},                                               # nobody answered: no interval to give
    {"conf_high": 0.08},                                    # an interval with width is R's, kept
    {"estimate": 0.3, "conf_low": 0.1, "conf_high": 0.5},   # not at a bound
    {"level": None},                                        # a mean, not a share
    {"contrast": "wave: 2 - 1"},                            # a difference of shares of 0
    {"outcome": "help"},                                    # a model's term
])
def test_only_shares_at_a_bound_without_width_are_touched(cols):
    frame = _frame(**cols)
    out, k = edge_intervals(frame)
    assert k == 0 and out is frame


def _study_with_a_zero(root):
    root = write_one_wave_study(root)
    export = root / "data" / "raw" / "export.csv"
    data = pd.read_csv(export)
    men = data["gender"].eq("Man")
    data.loc[men & data["help"].eq(1), "help"] = 2   # no man disagrees: a share of exactly 0
    data.to_csv(export, index=False)
    return root, int((men & data["help"].between(1, 4)).sum())


def test_a_report_shows_the_exact_interval_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root, n_men = _study_with_a_zero(tmp_path / "s")
    # the estimator keeps R's interval at the bound
    study = sk.load_study(root)
    est = sk.proportion(study.design(), "help", by="gender")
    zero = est[(est["gender"] == "Man") & (est["level"] == "Disagree")].iloc[0]
    assert zero["estimate"] == 0.0 and zero["conf_high"] == 0.0 and zero["n"] == n_men
    build(root, jobs=1, formats=("png",))
    table = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    row = table[(table["gender"] == "Man") & (table["level"] == "Disagree") & (table["variable"] == "help")].iloc[0]
    assert row["estimate"] == 0.0 and row["conf_low"] == 0.0
    assert row["conf_high"] == pytest.approx(stats.beta.ppf(0.975, 1, n_men), rel=1e-12)
    others = table[~((table["gender"] == "Man") & (table["level"] == "Disagree"))]
    assert (others["conf_high"] > others["conf_low"]).all()   # the rest keep their design-based width
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Shares of 0% and 100%" in page and "Clopper–Pearson" in page


def test_a_report_without_such_shares_has_no_such_note(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_one_wave_study(tmp_path / "s")
    build(root, jobs=1, formats=("png",))
    table = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    assert not np.isclose(table["estimate"], 0).any()   # the premise: no share at a bound
    assert "Clopper" not in (root / "reports" / "index.html").read_text(encoding="utf-8")
