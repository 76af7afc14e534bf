"""A share of 0 % or 100 % was published with the logit interval R gives there, [0, 0] or
[1, 1]: "0,0 % [0,0; 0,0]" beside 40 respondents reads as certainty. A report now shows the
exact binomial (Clopper–Pearson) interval for the row's n and says so in the method notes;
the estimators keep R's interval. Reference: scipy's beta quantiles (the Clopper–Pearson
bounds are Beta(α/2; x, n − x + 1) and Beta(1 − α/2; x + 1, n − x))."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import surveykit as sk
from surveykit.estimate.means import option_shares
from surveykit.labels import LANGUAGES
from surveykit.report import build
from surveykit.report.edges import edge_intervals, widen_edges
from surveykit.report.explorer import SHARE_UNIT
from surveykit.report.figures.multi import with_option_shares
from surveykit.report.notes import _NOTES
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


def test_an_option_share_has_no_level_and_is_named_as_a_share():
    """A multi-select option's share: ``level`` empty, the option is the variable."""
    frame = _frame(variable="services__s2", level=None)
    assert edge_intervals(frame)[1] == 0                      # without the name: a mean, untouched
    out, k = edge_intervals(frame, shares={"services__s2"})
    assert k == 1 and out["conf_high"][0] == pytest.approx(stats.beta.ppf(0.975, 1, 20), rel=1e-12)
    assert edge_intervals(frame.drop(columns="level"), shares={"services__s2"})[1] == 1
    assert edge_intervals(frame, shares={"services__s0"})[1] == 0   # another option's name
    one, _ = widen_edges({"a": frame, "b": frame}, shares={"a": {"services__s2"}})
    assert one["a"]["conf_high"][0] > 0 and one["b"] is frame


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


# --- a multi-select option's share: the option is the variable, the row has no level ------------

MULTI_REPORT = """\
figures:
  - {id: services, kind: multi, items: [services], by: [gender], title: {en: Services}}
tables:
  - {id: explorer, kind: explorer, items: [help, services], by: [gender]}
"""


def _study_with_an_option_nobody_chose(root, language="en"):
    """The one-wave study with a multi-select question whose option "Park" no man chose (a share
    of exactly 0 among the men who answered) and "Pool" every man chose (exactly 1)."""
    root = write_one_wave_study(root)
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                      encoding="utf-8")
    (root / "config" / "report.yaml").write_text(MULTI_REPORT, encoding="utf-8")
    export = root / "data" / "raw" / "export.csv"
    data = pd.read_csv(export)
    men = data["gender"].eq("Man")
    rng = np.random.default_rng(3)
    data["services"] = np.where(men, rng.choice(["Pool", "Hall;Pool"], len(data)),
                                rng.choice(["Hall", "Park;Pool", "Park", "Hall;Park"], len(data)))
    data.to_csv(export, index=False)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + (
        "  - {name: services, type: multi, label: {en: \"Which services have you used?\", nb: Tjenester}, "
        "options: {s0: Pool, s1: Hall, s2: Park}, sources: {v24: {column: services, separator: ';'}}}\n"),
        encoding="utf-8")
    return root, int(men.sum())


def _men(table: pd.DataFrame, variable: str) -> pd.Series:
    rows = table[(table["variable"] == variable) & (table["gender"] == "Man")]
    if "wave" in rows:
        rows = rows[rows["wave"].astype(str) == "v24"]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_a_multi_select_option_chosen_by_nobody_or_everybody_gets_the_exact_interval(tmp_path, monkeypatch):
    """A multi-select option's share carries no `level` (the option is the variable): an option
    no man chose was published as "0,0 % [0,0; 0,0]" in the multi figure's table and the explorer."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root, n_men = _study_with_an_option_nobody_chose(tmp_path / "s")
    study = sk.load_study(root)   # the premise: the estimator gives R's no-width interval
    cols = ["services__s0", "services__s2"]
    est = option_shares(with_option_shares(study.design(), cols), cols, by="gender")
    men = est[est["gender"] == "Man"]
    assert men["estimate"].tolist() == [1.0, 0.0] and (men["conf_high"] == men["conf_low"]).all()
    build(root, jobs=1, formats=("png",))
    tables = root / "reports" / "tables"
    upper = stats.beta.ppf(0.975, 1, n_men)     # 0 of n: [0, 1 − 0.025^(1/n)]
    lower = stats.beta.ppf(0.025, n_men, 1)     # n of n: [0.025^(1/n), 1]
    for name in ("services.csv", "explorer.csv", "explorer_gender.csv"):
        table = pd.read_csv(tables / name)
        if "gender" not in table:   # all answers: Park chosen by some women, the interval has width
            park = table[table["variable"] == "services__s2"].iloc[0]
            assert 0 < park["conf_low"] < park["estimate"] < park["conf_high"] < 1
            continue
        park, pool = _men(table, "services__s2"), _men(table, "services__s0")
        assert park["n"] == n_men and park["estimate"] == 0.0 and park["conf_low"] == 0.0, name
        assert park["conf_high"] == pytest.approx(upper, rel=1e-12), name
        assert pool["estimate"] == 1.0 and pool["conf_high"] == 1.0, name
        assert pool["conf_low"] == pytest.approx(lower, rel=1e-12), name
    # the explorer page shows the published rows: the men's row of the question by gender
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sk-data">(.*?)</script>', page, re.S)[1])
    b = [x["id"] for x in data["b"]].index("gender")
    q = [x["id"] for x in data["q"]].index("services")
    man = data["b"][b]["groups"].index("Man")
    row = next(r for r in data["d"][b][q] if r[0] == man)
    pool, park = row[3:6], row[9:12]   # the options in codebook order: s0 Pool, s1 Hall, s2 Park; [est, low, high]
    assert park == [0, 0, round(upper * SHARE_UNIT)] and park[2] > 0
    assert pool == [SHARE_UNIT, round(lower * SHARE_UNIT), SHARE_UNIT]
    # the method notes say why
    assert "Clopper–Pearson" in (root / "reports" / "index.html").read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore:.*texts? of the study ha(s|ve) no:UserWarning")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_method_note_is_written_for_a_multi_select_share_at_a_bound(tmp_path, monkeypatch, language):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root, _ = _study_with_an_option_nobody_chose(tmp_path / "s", language)
    (root / "config" / "report.yaml").write_text(MULTI_REPORT.split("tables:")[0], encoding="utf-8")  # the figure only
    build(root, jobs=1, formats=("png",))
    heading, _body = _NOTES[language]["edges"]
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert heading in page and "Clopper–Pearson" in page
