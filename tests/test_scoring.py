"""Non-substantive answers ("Vet ikke") are never scored (issue 13, item 1), and Likert items
enter models through public helpers with the base of score()/topbox().

The toy item: answers 1..5 and "Vet ikke" as the last level of an ordered categorical.
Scoring "Vet ikke" as a 6th level gave a mean of 4.0 and a top-box share of 0.33; over the
substantive answers the mean is 3.0 and the share 0.5.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate.scoring import NonsubstantiveWarning
from tests.repo_study import repo_study

LEVELS = ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
ROOT = Path(__file__).resolve().parents[1]


def _toy() -> Design:
    answers = ["Helt uenig", "Litt uenig", "Litt enig", "Helt enig", "Vet ikke", "Vet ikke"]
    item = pd.Categorical(answers, categories=[*LEVELS, "Vet ikke"], ordered=True)
    return Design(pd.DataFrame({"q": item, "g": ["a", "a", "a", "b", "b", "b"]}))


def test_toy_item_scores_three_not_four_and_warns_with_the_share():
    with pytest.warns(NonsubstantiveWarning, match=r"'Vet ikke'.*2 of 6 answers \(33.3 %\)"):
        res = sk.score(_toy(), "q")
    assert res["estimate"].iloc[0] == pytest.approx(3.0)
    assert res["n"].iloc[0] == 4


def test_toy_item_topbox_is_one_half_not_one_third():
    with pytest.warns(NonsubstantiveWarning):
        res = sk.topbox(_toy(), "q", top=["Litt enig", "Helt enig"])
    assert res["estimate"].iloc[0] == pytest.approx(0.5)
    assert res["n"].iloc[0] == 4
    with pytest.warns(NonsubstantiveWarning):  # positions count the substantive levels only
        by_pos = sk.topbox(_toy(), "q", top=[4, 5])
    assert by_pos["estimate"].iloc[0] == pytest.approx(0.5)


def test_non_substantive_level_cannot_be_scored_or_in_the_top_box():
    with pytest.raises(DataError, match=r"\['Vet ikke'\] of 'q' is a non-substantive answer"):
        sk.topbox(_toy(), "q", top=["Helt enig", "Vet ikke"])
    with pytest.raises(DataError, match=r"position\(s\) \[6\] outside 1..5"):
        sk.topbox(_toy(), "q", top=[5, 6])
    codes = {lv: i for i, lv in enumerate(LEVELS, 1)} | {"Vet ikke": 9}
    with pytest.raises(DataError, match=r"codes= gives a score to \['Vet ikke'\]"):
        sk.score(_toy(), "q", codes=codes)


def test_compare_change_and_did_leave_non_substantive_answers_out():
    rng = np.random.default_rng(5)
    n = 600
    levels = [*LEVELS, "Vet ikke"]
    answer = rng.choice(levels, n, p=[0.1, 0.15, 0.2, 0.2, 0.15, 0.2])
    df = pd.DataFrame({"q": pd.Categorical(answer, levels, ordered=True),
                       "g": rng.choice(["a", "b"], n), "wave": rng.choice(["1", "2"], n),
                       "w": rng.uniform(1, 2, n)})
    d = Design(df, weights="w")
    substantive = df["q"] != "Vet ikke"
    score = pd.Series(pd.Categorical(answer, levels).codes + 1.0).where(substantive)
    ref = Design(df.assign(s=score), weights="w")
    for fun, kw in ((sk.compare, {"between": "g"}), (sk.change, {}),
                    (sk.did, {"group": "g", "groups": ("a", "b")})):
        with pytest.warns(NonsubstantiveWarning, match="not scored"):
            got = fun(d, "q", **kw).iloc[0]
        want = fun(ref, "s", **kw).iloc[0]
        assert got["estimate"] == pytest.approx(want["estimate"], rel=1e-12)
        assert got["std_error"] == pytest.approx(want["std_error"], rel=1e-12)
        assert got["n"] == want["n"] == int(substantive.sum())


def test_raw_spss_item_from_value_labels_scores_on_its_scale():
    """wave 2's .sav: q8 has codes 1-5 and 9 = "Vet ikke"; made categorical from its value
    labels it scored 4.34 (position 6 for "Vet ikke"), its raw codes 5.17 on a 1-5 scale."""
    raw = sk.read_sav(ROOT / "data" / "raw" / "wave2_opinion_2023.sav")
    labels = raw.value_labels["q8"]
    assert labels[9.0] == "Vet ikke"
    codes = raw.data["q8"]
    item = pd.Categorical(codes.map(labels), categories=[labels[k] for k in sorted(labels)],
                          ordered=True)
    d = Design(pd.DataFrame({"q8": item, "raw": codes.to_numpy(dtype=float)}))
    with pytest.warns(NonsubstantiveWarning, match="'Vet ikke'"):
        res = sk.score(d, "q8").iloc[0]
    substantive = codes[codes < 9]
    assert res["estimate"] == pytest.approx(substantive.mean(), rel=1e-12)
    assert 1 <= res["estimate"] <= 5 and res["n"] == len(substantive)
    # the raw codes: 9 is no score, refused when the scale is given
    with pytest.raises(DataError, match=r"values outside the scale 1–5: 9 ×\d+.*'Vet ikke'"):
        sk.score(d, "raw", scale_max=5)


def test_olr_and_reliability_leave_non_substantive_answers_out():
    rng = np.random.default_rng(2)
    n = 400
    x = rng.normal(size=n)
    lv = np.clip(np.digitize(x + rng.logistic(size=n), [-2, -0.7, 0.7, 2]), 0, 4)
    answer = np.where(rng.random(n) < 0.15, "Vet ikke", np.array(LEVELS)[lv])
    df = pd.DataFrame({"q": pd.Categorical(answer, [*LEVELS, "Vet ikke"], ordered=True), "x": x})
    clean = df.assign(q=df["q"].cat.remove_categories("Vet ikke"))
    with pytest.warns(NonsubstantiveWarning):
        got = sk.olr(Design(df), "q ~ x")
    want = sk.olr(Design(clean), "q ~ x")
    assert list(got["variable"]) == list(want["variable"])  # no "Helt enig|Vet ikke" threshold
    np.testing.assert_allclose(got["estimate"], want["estimate"], rtol=1e-10)
    both = df.assign(r=df["q"])
    with pytest.warns(NonsubstantiveWarning):
        alpha = sk.cronbach_alpha(Design(both), ["q", "r", "x"])
    assert alpha["n"].iloc[0] == int((df["q"] != "Vet ikke").sum())


def test_with_scores_and_with_topbox_have_the_base_of_score_and_topbox():
    d = _toy()
    scored = sk.with_scores(d, "q")
    np.testing.assert_array_equal(scored.data["q_score"], [1.0, 2.0, 4.0, 5.0, np.nan, np.nan])
    agree = sk.with_topbox(d, "q", top=["Litt enig", "Helt enig"])
    np.testing.assert_array_equal(agree.data["q_top"], [0.0, 0.0, 1.0, 1.0, np.nan, np.nan])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonsubstantiveWarning)
        assert sk.mean(scored, "q_score")["estimate"].iloc[0] == sk.score(d, "q")["estimate"].iloc[0]
        assert sk.mean(agree, "q_top")["estimate"].iloc[0] == \
            sk.topbox(d, "q", top=["Litt enig", "Helt enig"])["estimate"].iloc[0]


def test_regress_on_a_likert_item_points_to_the_helpers_and_keeps_the_base():
    study = repo_study()
    design = study.design()
    with pytest.raises(DataError, match=r"'help_ease'.*categorical \(Likert\).*sk.with_scores"):
        sk.regress(design, "help_ease ~ C(site_type)")
    # I(item == 'Helt enig') counted "Vet ikke" and missing as "not agree" (n 2400): rows
    # missing a variable of the formula are now left out, as R's model frame does
    res = sk.regress(design, "I(help_ease == 'Helt enig') ~ C(site_type)", family="quasibinomial")
    answered = int(design.data["help_ease"].notna().sum())
    assert res["n"].iloc[0] == answered == 2266
    agree = sk.with_topbox(design, "help_ease", top=["Helt enig"])
    via_helper = sk.regress(agree, "help_ease_top ~ C(site_type)", family="quasibinomial")
    assert via_helper["n"].iloc[0] == answered
    np.testing.assert_allclose(via_helper["estimate"], res["estimate"], rtol=1e-10)
    top = sk.topbox(design, "help_ease", top=["Helt enig"])
    assert top["n"].iloc[0] == answered


def test_a_response_built_from_an_item_holding_dont_know_is_refused():
    d = _toy()
    with pytest.raises(DataError, match=r"uses 'q', whose answers \['Vet ikke'\] are not substantive"):
        sk.regress(d, "I(q == 'Helt enig') ~ C(g)", family="quasibinomial")
