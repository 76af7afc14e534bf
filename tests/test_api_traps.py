"""Silent traps of the API (issue 13) that are now right or a clear error: empty domains,
by-levels without respondents, waves, the confidence level, project vocabulary as defaults,
and error messages that name keywords that exist."""

from __future__ import annotations

import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design
from surveykit.errors import DataError, DesignError, SurveykitError, SurveykitWarning
from tests.repo_study import repo_study

# the source of the surveykit these tests import (src/surveykit, or an installed wheel's)
PACKAGE = Path(sk.__file__).resolve().parent


def _study():
    return repo_study()


def test_subset_selecting_no_rows_names_the_values_that_exist():
    study = _study()
    r = study.responses
    design = study.design()
    with pytest.raises(DesignError, match=r"selects no respondent.*'wave' holds '1' \(1200 rows\), "
                                          r"'2' \(1200 rows\).*write wave == '1', not wave == 1"):
        design.subset(r["wave"] == 1)
    assert design.subset(r["wave"] == "1").weights.astype(bool).sum() == 1200
    with pytest.raises(DesignError, match="selects no respondent"):
        design.subset(np.zeros(design.n, dtype=bool))



def test_subset_takes_a_series_mask_by_its_labels_not_its_positions():
    """A mask built from a reordered frame (sorted, shuffled) selects the rows its labels name,
    as pandas' df[mask]; a Series of other labels is refused instead of taken by position."""
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"y": rng.normal(size=300), "g": rng.choice(["a", "b"], 300),
                       "w": rng.uniform(1, 3, 300)}, index=np.arange(500, 800))
    design = Design(df, weights="w")
    inside = df["g"] == "a"
    want = float(np.average(df.y[inside], weights=df.w[inside]))
    shuffled = inside.sample(frac=1, random_state=3)
    assert not shuffled.index.equals(df.index)
    by_position = float(np.average(df.y[shuffled.to_numpy()], weights=df.w[shuffled.to_numpy()]))
    assert abs(by_position - want) > 1e-3  # the trap: taken by position, another domain
    for mask in (inside, shuffled, df.sort_values("y")["g"] == "a"):
        assert sk.mean(design.subset(mask), "y")["estimate"].iloc[0] == pytest.approx(want, rel=1e-12)
    rep = Design(df.assign(w1=df.w * 1.1, w2=df.w * 0.9), weights="w", repweights=["w1", "w2"],
                 replicate_type="other", scale=1.0, rscales=1.0)
    assert sk.mean(rep.subset(shuffled), "y")["estimate"].iloc[0] == pytest.approx(want, rel=1e-12)
    for other in (pd.Series(inside.to_numpy()), inside.iloc[:-1], inside.rename(lambda i: i + 1)):
        with pytest.raises(DesignError, match=r"index does not match the data's \(row label [5-7]\d\d of the data"):
            design.subset(other)
    assert sk.mean(design.subset(inside.to_numpy()), "y")["estimate"].iloc[0] == pytest.approx(want, rel=1e-12)

def test_waves_are_an_ordered_categorical_of_the_ids_with_labels_for_display():
    study = _study()
    wave = study.responses["wave"]
    assert isinstance(wave.dtype, pd.CategoricalDtype) and wave.cat.ordered
    assert list(wave.cat.categories) == [w.id for w in study.config.waves] == ["1", "2"]
    assert study.wave_labels("en") == {"1": "Year 1 (2021/22)", "2": "Year 2 (2023)"}
    assert study.wave_labels() == {"1": "År 1 (2021/22)", "2": "År 2 (2023)"}


def test_a_by_level_without_respondents_is_named_in_a_warning():
    df = pd.DataFrame({"y": [1.0, 2, 3, 4],
                       "site": pd.Categorical(["a", "a", "b", "b"], categories=["a", "b", "c"])})
    with pytest.warns(SurveykitWarning, match=r"no row of the data has site = 'c'.*Values present: 'a', 'b'"):
        res = sk.mean(Design(df), "y", by="site")
    assert res["site"].tolist() == ["a", "b"]
    d = Design(df.assign(site=df["site"].cat.remove_unused_categories()))
    with warnings.catch_warnings():  # a subset's domain leaving a level out is no surprise
        warnings.simplefilter("error", SurveykitWarning)
        sk.mean(d.subset(df["site"] == "a"), "y", by="site")



def test_rows_without_a_by_value_are_counted_in_a_warning_not_dropped_silently():
    # R's svyby puts such rows in no group; so do we, but say how many and where
    rng = np.random.default_rng(4)
    n = 300
    site = rng.choice(["a", "b"], n).astype(object)
    site[[17, 40, 41]] = None
    df = pd.DataFrame({"y": rng.normal(size=n), "w": rng.uniform(1, 3, n), "site": site})
    df.loc[40, "w"] = 0.0  # weight 0: counts nowhere, not in the count
    d = Design(df, weights="w")
    with pytest.warns(SurveykitWarning, match=r"by: 2 row\(s\) .* no value of 'site' \(first at row 17\)"
                                              r".*fillna"):
        res = sk.mean(d, "y", by="site")
    for site_value, got in zip(res["site"], res["estimate"], strict=True):
        mask = (df["site"] == site_value).to_numpy()
        want = np.average(df["y"][mask], weights=df["w"][mask])
        assert got == pytest.approx(want, rel=1e-12)
    with pytest.warns(SurveykitWarning, match=r"by: 1 row\(s\) .* \(first at row 17\)"):
        sk.total(d.subset(np.arange(n) < 30), "y", by="site")
    with warnings.catch_warnings():  # every counting row has a value: nothing to say
        warnings.simplefilter("error", SurveykitWarning)
        sk.mean(d.subset(np.arange(n) >= 42), "y", by="site")
        sk.mean(Design(df.assign(site=df["site"].fillna("unknown")), weights="w"), "y", by="site")


def _tiny() -> Design:
    rng = np.random.default_rng(1)
    n = 200
    q = pd.Categorical(rng.choice(["a", "b", "c"], n), ["a", "b", "c"], ordered=True)
    df = pd.DataFrame({"y": rng.normal(size=n), "x": rng.uniform(1, 2, n), "g": rng.choice(["u", "v"], n),
                       "wave": rng.choice(["1", "2"], n), "q": q, "yes": rng.random(n) < 0.4})
    return Design(df)


ESTIMATORS = {
    "mean": lambda d, c: sk.mean(d, "y", conf_level=c),
    "total": lambda d, c: sk.total(d, "y", conf_level=c),
    "proportion": lambda d, c: sk.proportion(d, "yes", conf_level=c),
    "quantile": lambda d, c: sk.quantile(d, "y", conf_level=c),
    "ratio": lambda d, c: sk.ratio(d, "y", "x", conf_level=c),
    "topbox": lambda d, c: sk.topbox(d, "q", top=["c"], conf_level=c),
    "score": lambda d, c: sk.score(d, "q", conf_level=c),
    "compare": lambda d, c: sk.compare(d, "y", between="g", conf_level=c),
    "change": lambda d, c: sk.change(d, "y", conf_level=c),
    "did": lambda d, c: sk.did(d, "y", group="g", groups=("u", "v"), conf_level=c),
    "contrast": lambda d, c: sk.contrast(d, "y", over="g", contrasts={"d": {"u": -1, "v": 1}},
                                         conf_level=c),
    "regress": lambda d, c: sk.regress(d, "y ~ x", conf_level=c),
    "olr": lambda d, c: sk.olr(d, "q ~ x", conf_level=c),
    "cronbach_alpha": lambda d, c: sk.cronbach_alpha(d, ["y", "x"], conf_level=c),
}


@pytest.mark.parametrize("name", sorted(ESTIMATORS))
def test_conf_level_given_as_a_percentage_is_refused_the_same_way_by_every_estimator(name):
    d = _tiny()
    with pytest.raises(DesignError, match=rf"^{name}: conf_level=90 is not a probability between 0 "
                                          r"and 1; for a 90 % interval pass conf_level=0.9\.$"):
        ESTIMATORS[name](d, 90)
    with pytest.raises(DesignError, match=rf"^{name}: conf_level=0 is not a probability"):
        ESTIMATORS[name](d, 0)
    res = ESTIMATORS[name](d, 0.9)
    ok = res[res["conf_low"].notna()]
    assert len(ok) and (ok["conf_low"] <= ok["conf_high"]).all()


def test_estimators_have_no_project_vocabulary_defaults():
    """compare(between=), did(group=, groups=), topbox(top=) come from the caller."""
    for fun, names in ((sk.compare, ["between"]), (sk.did, ["group", "groups"]),
                       (sk.topbox, ["top"])):
        params = inspect.signature(fun).parameters
        for name in names:
            assert params[name].default is inspect.Parameter.empty, (fun.__name__, name)
    vocabulary = re.compile(r'=\s*"(site_type|switched|colocation_path|Litt enig|Helt enig)"')
    sources = sorted((PACKAGE / "estimate").glob("*.py"))
    assert len(sources) > 10, PACKAGE   # the estimators' source is there to read
    for path in sources:
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if ">>>" not in line
                         and "..." not in line)
        assert not vocabulary.search(code), path.name


def test_did_errors_name_keywords_that_exist():
    d = _tiny()
    with pytest.raises(TypeError, match="groups"):
        sk.did(d, "y", group="g")  # the required keyword is named by Python itself
    with pytest.raises(DesignError, match=r"groups= level\(s\) 'w' not found in 'g'; its levels are 'u', 'v'"):
        sk.did(d, "y", group="g", groups=("u", "w"))
    with pytest.raises(DesignError, match=r"waves= must name exactly 2 levels"):
        sk.did(d, "y", group="g", groups=("u", "v"), waves=("1",))
    with pytest.raises(DesignError, match=r"levels= level\(s\) 1, 2 not found in 'wave'.*text: write "
                                          r"them in quotes"):
        sk.change(d, "y", levels=(1, 2))
    with pytest.raises(DataError, match=r"did: groups= is required"):
        sk.did(d, "y", group="g", groups=None)
    three = d.with_columns(g3=pd.Series(np.resize(["u", "v", "w"], d.n)))
    with pytest.raises(DesignError, match=r"between='g3' must have exactly 2 levels.*Pick two with "
                                          r"levels=\(first, second\)"):
        sk.compare(three, "y", between="g3")


def test_every_keyword_an_estimate_error_message_suggests_exists():
    """Scan estimate/ for "name=" in error messages and check each is a parameter of some
    public estimator or helper (the did() error once suggested levels=, which it has not)."""
    params = set()
    for name in sk.__all__:
        obj = getattr(sk, name)
        if callable(obj) and not isinstance(obj, type):
            params |= set(inspect.signature(obj).parameters)
    messages = []
    for path in sorted((PACKAGE / "estimate").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"raise (?:Data|Design)Error\((.*?)\)\n", text, re.S):
            messages.append((path.name, m.group(1)))
    assert len(messages) > 20, PACKAGE
    suggested = set()
    for _, msg in messages:
        suggested |= set(re.findall(r"\b([a-z_]+)=", re.sub(r"\{[^}]*\}", "", msg)))
    unknown = sorted(suggested - params - {"i", "x", "y", "advice"})  # advice=: the error's own argument
    assert not unknown, f"error messages suggest keywords no public function has: {unknown}"


def test_surveykit_errors_are_value_errors():
    assert issubclass(DesignError, SurveykitError) and issubclass(DataError, ValueError)


def test_mean_of_numbers_held_as_text_warns_that_it_gives_shares():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"score": rng.integers(1, 6, 80).astype(str), "w": rng.uniform(1, 2, 80),
                       "answer": rng.choice(["yes", "no"], 80)})
    df.loc[3, "score"] = None
    d = Design(df, weights="w")
    for est in (sk.mean, sk.total):
        with pytest.warns(SurveykitWarning, match=r"'score' is text whose values are all numbers "
                                                  r"\('1', '2', '3', '4', '5'\).*pd.to_numeric"):
            res = est(d, "score")
        assert res["level"].tolist() == ["1", "2", "3", "4", "5"]  # shares, as R does for text
    numeric = Design(df.assign(score=pd.to_numeric(df["score"])), weights="w")
    got = sk.mean(numeric, "score")["estimate"].item()
    ok = df["score"].notna()
    assert got == pytest.approx(np.average(df["score"][ok].astype(float), weights=df["w"][ok]))
    with warnings.catch_warnings():  # text answers, a categorical of numbers, proportion: no word
        warnings.simplefilter("error", SurveykitWarning)
        sk.mean(d, "answer")
        sk.proportion(d, "score")
        sk.mean(Design(df.assign(score=df["score"].astype("category")), weights="w"), "score")


def test_a_true_false_weight_and_twice_named_columns_are_refused():
    rng = np.random.default_rng(6)
    df = pd.DataFrame({"y": rng.normal(size=50), "w": rng.uniform(1, 2, 50),
                       "keep": rng.random(50) < 0.5})
    with pytest.raises(DesignError, match=r"weights column 'keep' is True/False.*design.subset"):
        Design(df, weights="keep")
    with pytest.raises(DesignError, match=r"fpc column 'keep' is True/False"):
        Design(df, weights="w", fpc="keep")
    twice = pd.concat([df, df[["y"]] * 2], axis=1)  # two columns named 'y'
    with pytest.raises(DesignError, match=r"more than one column named 'y'.*duplicated"):
        Design(twice, weights="w")
    kept = Design(twice.loc[:, ~twice.columns.duplicated()], weights="w")
    want = np.average(df["y"], weights=df["w"])
    assert sk.mean(kept, "y")["estimate"].item() == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("earlier", "later"), [("9", "10"), ("Runde 9", "Runde 10"),
                                                ("2022-10", "2023-01"), ("2021/22", "2022/23"),
                                                ("2022 høst", "2023 vår")])
def test_change_puts_text_waves_that_say_their_order_in_time_order(earlier, later):
    rng = np.random.default_rng(7)
    n = 400
    period = rng.choice([earlier, later], n)
    y = rng.normal(size=n) + 1.0 * (period == later)  # the later wave is higher by 1
    g = rng.choice(["a", "b"], n)
    d = Design(pd.DataFrame({"y": y, "period": period, "g": g}))
    res = sk.change(d, "y", wave="period")
    want = y[period == later].mean() - y[period == earlier].mean()
    assert res["estimate"].item() == pytest.approx(want, rel=1e-12) and want > 0.5
    assert res["contrast"].item() == f"period: {later} - {earlier}"
    dd = sk.did(d, "y", wave="period", group="g", groups=("a", "b"))
    cell = {(p, k): y[(period == p) & (g == k)].mean() for p in (earlier, later) for k in "ab"}
    want_did = (cell[later, "b"] - cell[earlier, "b"]) - (cell[later, "a"] - cell[earlier, "a"])
    assert dd["estimate"].item() == pytest.approx(want_did, rel=1e-12)


def test_change_refuses_text_waves_that_do_not_say_which_came_first():
    rng = np.random.default_rng(8)
    period = rng.choice(["okt 2022", "jan 2023"], 200)
    d = Design(pd.DataFrame({"y": rng.normal(size=200), "period": period,
                             "g": rng.choice(["a", "b"], 200)}))
    with pytest.raises(DesignError, match=r"change: wave='period' is text \('jan 2023', 'okt 2022'\)"
                                          r".*levels=\(earlier, later\).*ordered pandas Categorical"):
        sk.change(d, "y", wave="period")
    with pytest.raises(DesignError, match=r"did: wave='period' is text.*waves=\(earlier, later\)"):
        sk.did(d, "y", wave="period", group="g", groups=("a", "b"))
    res = sk.change(d, "y", wave="period", levels=("okt 2022", "jan 2023"))
    assert res["contrast"].item() == "period: jan 2023 - okt 2022"
    timed = d.with_columns(period=pd.Categorical(period, ["okt 2022", "jan 2023"], ordered=True))
    assert sk.change(timed, "y", wave="period")["estimate"].item() == res["estimate"].item()
    # compare (no time): sorted levels as R's svyttest, the direction in the contrast label
    assert sk.compare(d, "y", between="period")["contrast"].item() == "period: okt 2022 - jan 2023"


def test_a_model_term_with_one_level_in_the_domain_is_named_not_lost_quietly():
    rng = np.random.default_rng(9)
    n = 300
    gender = rng.choice(["k", "m"], n)
    df = pd.DataFrame({"age": rng.uniform(18, 80, n), "gender": gender, "w": rng.uniform(1, 3, n),
                       "y": rng.normal(size=n), "gcat": pd.Categorical(gender),
                       "q": pd.Categorical(rng.choice(["a", "b", "c"], n), ["a", "b", "c"],
                                           ordered=True)})
    d = Design(df, weights="w")
    women = d.subset(df["gender"] == "k")
    for formula, term in (("y ~ C(gender) + age", "C(gender)"), ("y ~ gcat + age", "gcat"),
                          ("y ~ gcat * age", "gcat")):
        with pytest.warns(SurveykitWarning, match=rf"term\(s\) {re.escape(term)}[ ,].*single level"):
            res = sk.regress(women, formula)
        assert "age" in res["variable"].tolist()
    with pytest.warns(SurveykitWarning, match=r"term\(s\) gcat .*single level"):
        sk.olr(women, "q ~ gcat + age")
    with warnings.catch_warnings():  # both levels in the domain: every term has a coefficient
        warnings.simplefilter("error", SurveykitWarning)
        res = sk.regress(d, "y ~ gcat + age")
    assert res["variable"].tolist() == ["Intercept", "gcat[T.m]", "age"]


def test_subset_says_what_it_does_with_a_mask_that_is_not_true_false():
    rng = np.random.default_rng(10)
    n = 120
    df = pd.DataFrame({"y": rng.normal(size=n), "w": rng.uniform(1, 2, n),
                       "flag": pd.array(rng.choice([True, False], n), dtype="boolean")})
    df.loc[[5, 9, 30], "flag"] = pd.NA
    df.loc[9, "w"] = 0.0  # no weight: counts nowhere, not in the count
    d = Design(df, weights="w")
    with pytest.warns(SurveykitWarning, match=r"no value \(NA\) for 2 row\(s\).*first at row 5.*fillna"):
        sub = d.subset(df["flag"])
    kept = df["flag"].fillna(False).to_numpy(dtype=bool)
    want = np.average(df["y"][kept], weights=df["w"][kept])
    assert sk.mean(sub, "y")["estimate"].item() == pytest.approx(want, rel=1e-12)
    with pytest.raises(DesignError, match=r"the mask is the text 'y > 0'.*design.data\['age'\] > 50"):
        d.subset("y > 0")
    for bad, shown in ((np.full(n, 0.5), "0.5"), (np.array(["yes", "no"] * 60), "'yes', 'no'")):
        with pytest.raises(DesignError, match=rf"True/False \(or 1/0\) per row; it holds {shown}"):
            d.subset(bad)
    with warnings.catch_warnings():  # 1/0 and plain booleans: quiet
        warnings.simplefilter("error", SurveykitWarning)
        d.subset(kept.astype(int))
        d.subset(df["flag"].fillna(True))


def test_no_effect_size_for_a_sum_of_means_and_no_negative_weights():
    rng = np.random.default_rng(11)
    n = 300
    df = pd.DataFrame({"y": rng.normal(size=n) + 0.5, "g": rng.choice(["u", "v"], n),
                       "w": rng.uniform(1, 3, n), "x": rng.uniform(0, 10, n)})
    d = Design(df, weights="w")
    both = sk.contrast(d, "y", over="g", contrasts={"sum": {"u": 1, "v": 1}, "diff": {"u": -1, "v": 1}})
    mean = {g: np.average(df.y[df.g == g], weights=df.w[df.g == g]) for g in "uv"}
    row = both.set_index("contrast")
    assert row.loc["sum", "estimate"] == pytest.approx(mean["u"] + mean["v"], rel=1e-12)
    assert np.isnan(row.loc["sum", "effect_size"])  # a sum of means: no standardised difference
    assert row.loc["diff", "effect_size"] == pytest.approx(
        sk.compare(d, "y", between="g")["effect_size"].item(), rel=1e-12)
    with pytest.raises(DesignError, match=r"kish_n_eff: weights must be numbers >= 0; got 0 missing and 1 negative"):
        sk.kish_n_eff([1.0, -1.0, 2.0])
    equal = Design(df.assign(w=1.0), weights="w")
    with pytest.raises(DesignError, match=r"linear calibration meets the totals only with \d+ negative "
                                          r"weight\(s\).*bounds=\(0, 5\)"):
        sk.calibrate(equal, "~x", {"(Intercept)": n, "x": 0.95 * n * 10})
    bounded = sk.calibrate(equal, "~x", {"(Intercept)": n, "x": 0.95 * n * 10}, bounds=(0, 50))
    assert bounded.weights.min() >= 0
    assert (bounded.weights * df.x).sum() == pytest.approx(0.95 * n * 10, rel=1e-6)


def test_a_bootstrap_without_a_seed_says_its_errors_change_from_run_to_run():
    rng = np.random.default_rng(12)
    n = 200
    df = pd.DataFrame({"y": rng.normal(size=n), "st": rng.choice(["a", "b"], n), "w": rng.uniform(1, 3, n)})
    df["psu"] = df["st"] + rng.integers(0, 8, n).astype(str)
    d = Design(df, weights="w", strata="st", ids="psu")
    with pytest.warns(SurveykitWarning, match=r"bootstrap without seed= .* give seed="):
        d.to_replicate("bootstrap")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        a = sk.mean(d.to_replicate("bootstrap", seed=5), "y")["std_error"].item()
        b = sk.mean(d.to_replicate("bootstrap", seed=5), "y")["std_error"].item()
    assert a == b > 0


def test_chisq_refuses_a_measurement_or_one_variable_twice():
    rng = np.random.default_rng(13)
    n = 300
    df = pd.DataFrame({"a": rng.choice(["x", "y"], n), "score": rng.normal(size=n),
                       "age": rng.integers(18, 91, n), "code": rng.integers(1, 4, n),
                       "w": rng.uniform(1, 3, n)})
    d = Design(df, weights="w")
    with pytest.raises(DataError, match=r"'score' holds numbers that are not whole .*pd.cut"):
        sk.chisq(d, "a", "score")
    with pytest.raises(DataError, match=r"'age' holds \d{2} distinct numbers"):
        sk.chisq(d, "age", "a")
    with pytest.raises(DataError, match=r"row and col are both 'a'"):
        sk.chisq(d, "a", "a")
    coded = sk.chisq(d, "a", "code")  # whole-number codes: categories, as R's svychisq
    assert 0 <= coded["p_value"].item() <= 1 and coded["effect_size"].item() < 0.3


def test_by_a_measurement_warns_that_every_value_is_a_group():
    rng = np.random.default_rng(14)
    df = pd.DataFrame({"y": rng.normal(size=200), "x": rng.normal(size=200),
                       "half": rng.integers(2, 11, 200) / 2})  # 1.0, 1.5, ... 5.0: few groups
    d = Design(df)
    with pytest.warns(SurveykitWarning, match=r"by: 'x' holds 200 distinct numbers that are not whole"):
        res = sk.mean(d, "y", by="x")
    assert len(res) == 200
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        sk.mean(d, "y", by="half")


def test_quantile_takes_a_list_of_variables_each_with_its_own_missing_values():
    # R (survey 4.4): svyquantile(~a, des, c(.25, .5), na.rm=TRUE) and the same for ~b, des =
    # svydesign(ids=~1, strata=~s, weights=~w); one call per variable (R's ~a+b would drop the
    # rows where b is missing from a too, unlike every estimator here)
    i = np.arange(40)
    df = pd.DataFrame({"a": (i * 7) % 11 * 1.0, "b": np.where(i % 5 == 0, np.nan, (i * 3) % 13),
                       "w": 1.0 + i % 4, "s": 1 + i % 2})
    res = sk.quantile(Design(df, weights="w", strata="s"), ["a", "b"], [0.25, 0.5])
    assert res["variable"].tolist() == ["a", "a", "b", "b"]
    assert res["estimate"].tolist() == [2.0, 5.0, 2.0, 5.0]
    assert res["conf_low"].tolist() == [1.0, 3.0, 0.0, 3.0]
    assert res["conf_high"].tolist() == [5.0, 7.0, 5.0, 8.0]
    np.testing.assert_allclose(res["std_error"], [0.98794989417237322] * 2
                               + [1.2241265812925632] * 2, rtol=1e-12)
    assert res["n"].tolist() == [40, 40, 32, 32]
    with pytest.raises(DesignError, match=r"quantile: variable= takes a column name or a list"):
        sk.quantile(Design(df), [], [0.5])


def test_olr_refuses_a_response_whose_order_cannot_be_known():
    # R's svyolr wants a factor; sorting text would put "Helt enig" before "Helt uenig"
    rng = np.random.default_rng(15)
    n = 400
    scale = ["Helt uenig", "Litt uenig", "Litt enig", "Helt enig"]
    df = pd.DataFrame({"text": rng.choice(scale, n), "age": rng.integers(18, 91, n),
                       "half": rng.integers(2, 9, n) / 2, "code": rng.integers(1, 5, n),
                       "x": rng.normal(size=n)})
    d = Design(df)
    with pytest.raises(DataError, match=r"olr: the response 'text' is text .*ordered categorical whose"):
        sk.olr(d, "text ~ x")
    with pytest.raises(DataError, match=r"'age' holds \d{2} distinct numbers, a measurement"):
        sk.olr(d, "age ~ x")
    with pytest.raises(DataError, match=r"'half' holds numbers that are not whole \(e\.g\. "):
        sk.olr(d, "half ~ x")
    coded = sk.olr(d, "code ~ x")  # whole-number codes: ordered by value
    assert coded["variable"].tolist() == ["x", "1|2", "2|3", "3|4"]
    ordered = df.assign(text=pd.Categorical(df["text"], categories=scale, ordered=True))
    fit = sk.olr(Design(ordered), "text ~ x")
    assert fit["variable"].tolist()[1:] == ["Helt uenig|Litt uenig", "Litt uenig|Litt enig",
                                            "Litt enig|Helt enig"]


def test_an_unordered_categorical_gets_no_scores_from_the_order_pandas_holds():
    # astype("category") sorts the levels: "Helt enig" would score 1 and "Helt uenig" 2
    rng = np.random.default_rng(16)
    n = 300
    answers = rng.choice(["Helt uenig", "Litt uenig", "Litt enig", "Helt enig"], n)
    df = pd.DataFrame({"q": pd.Series(answers).astype("category"), "g": rng.choice(["a", "b"], n),
                       "x": rng.normal(size=n)})
    d = Design(df)
    for call in (lambda: sk.score(d, ["q"]), lambda: sk.with_scores(d, ["q"]),
                 lambda: sk.compare(d, "q", between="g"), lambda: sk.olr(d, "q ~ x"),
                 lambda: sk.topbox(d, ["q"], top=(3, 4))):
        with pytest.raises(DataError, match=r"'q' is an unordered categorical \(levels \['Helt "
                                             r"enig', 'Helt uenig', .*as_ordered\(\)"):
            call()
    shares = sk.topbox(d, ["q"], top=("Litt enig", "Helt enig"))  # named levels: no order needed
    assert shares["estimate"].item() == pytest.approx(np.isin(answers, ["Litt enig", "Helt enig"]).mean())
    scale = ["Helt uenig", "Litt uenig", "Litt enig", "Helt enig"]
    ordered = Design(df.assign(q=df["q"].cat.reorder_categories(scale).cat.as_ordered()))
    expected = (pd.Categorical(answers, scale).codes + 1).mean()
    assert sk.score(ordered, ["q"])["estimate"].item() == pytest.approx(expected, rel=1e-12)
    codes = {"Helt uenig": 1, "Litt uenig": 2, "Litt enig": 3, "Helt enig": 4}
    assert sk.score(d, ["q"], codes=codes)["estimate"].item() == pytest.approx(expected, rel=1e-12)


def test_mean_names_what_it_cannot_average_instead_of_a_plausible_table():
    rng = np.random.default_rng(17)
    n = 60
    df = pd.DataFrame({"y": rng.normal(size=n), "w": rng.uniform(1, 3, n),
                       "day": pd.Timestamp("2023-01-02") + pd.to_timedelta(rng.integers(0, 30, n), "D")})
    with pytest.raises(DesignError, match=r"Design: the data has no rows"):
        Design(df.iloc[:0], weights="w")
    d = Design(df.assign(y=df["y"].where(df.index != 7, np.inf)), weights="w")
    with pytest.raises(DataError, match=r"mean: 'y' has 1 infinite value\(s\) \(first at row 7\)"):
        sk.mean(d, "y", by="day")
    with pytest.raises(DataError, match=r"total: 'y' has 1 infinite value"):
        sk.total(d, "y")
    with pytest.raises(DataError, match=r"mean: 'day' holds dates or times \(datetime64.*\.dt\.days"):
        sk.mean(Design(df, weights="w"), "day")
    assert len(sk.proportion(Design(df, weights="w"), "day")) == df["day"].nunique()  # shares: asked
    objects = Design(df.assign(y=df["y"].astype(object)), weights="w")
    with pytest.warns(SurveykitWarning, match=r"'y' holds numbers as Python objects .*pd.to_numeric"):
        shares = sk.mean(objects, "y")
    assert len(shares) == n  # one share per value, as for text: the warning says so
    expected = np.average(df["y"], weights=df["w"])
    converted = Design(df.assign(y=pd.to_numeric(df["y"].astype(object))), weights="w")
    assert sk.mean(converted, "y")["estimate"].item() == pytest.approx(expected, rel=1e-12)


def test_no_design_df_gives_no_interval_for_any_proportion_method():
    # R (survey 4.1): des <- svydesign(ids=~psu, strata=~h, weights=~w, data=d);
    # svyciprop(~z, subset(des, g == "a"), method=m): estimate 0.454545454545455,
    # SE 0.210378877047237, CI NaN for every m (degf 0: qt(.025, 0) is NaN); beta gave [0.087, 0.866]
    df = pd.DataFrame({"h": [0, 0, 0, 1, 1, 1, 1, 2, 2, 2], "psu": [1, 2, 2, 3, 3, 4, 4, 5, 6, 6],
                       "w": [1.5, 2, 2.5, 3, 1, 2, 2, 1, 4, 2], "z": [1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
                       "g": ["a", "b", "b", "a", "a", "b", "b", "b", "b", "b"]})
    sub = Design(df, weights="w", strata="h", ids="psu").subset(df["g"] == "a")
    for method in ("beta", "logit", "mean", "asin", "xlogit"):
        res = sk.proportion(sub, "z", method=method)
        assert res["estimate"].item() == pytest.approx(0.454545454545455, rel=1e-12)
        assert res["std_error"].item() == pytest.approx(0.210378877047237, rel=1e-9)
        assert res["df"].item() == 0 and np.isnan(res["conf_low"].item()) and np.isnan(res["conf_high"].item())


def test_fpc_for_fewer_stages_than_ids_is_refused_and_strata_are_named_plainly():
    # R: svydesign(ids=~psu+ssu, fpc=~N1) stops ("non-conformable arrays"); here stage 2 was
    # taken as a census and the weights came from stage 1 alone
    df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "ssu": [1, 2, 3, 4, 5, 6], "N1": 10.0,
                       "y": [1.0, 2, 3, 4, 5, 6], "h": [1, 1, 1, 1, 2, 2]})
    with pytest.raises(DesignError, match=r"fpc= gives 1 column\(s\) for 2 stages of ids \['psu', 'ssu'\]"):
        Design(df, ids=["psu", "ssu"], fpc=["N1"])
    with pytest.raises(DesignError, match=r"stratum h=2 has only one PSU"):  # not np.int64(2)
        Design(df, ids="psu", strata="h")


def test_the_beta_interval_counts_rows_of_zero_weight_as_r_nrow_does():
    # R (survey 4.1): des <- svydesign(ids=~psu, strata=~h, weights=~w, data=d)
    # attr(svyciprop(~y, des, method="beta"), "ci"); svyquantile(~x, des, 0.5, ci=TRUE,
    # qrule="hf7", interval.type="beta"); svyciprop(~y, subset(des, g==k), method="beta")
    df = pd.DataFrame({"h": [1] * 6 + [2] * 6, "psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
                       "w": [2, 2, 3, 3, 1, 0, 1, 0, 2, 2, 4, 4.0], "y": [1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1],
                       "x": np.arange(1.0, 13.0), "g": ["a", "b"] * 6})
    d = Design(df, weights="w", strata="h", ids="psu")
    p = sk.proportion(d, "y", method="beta")
    np.testing.assert_allclose([p["conf_low"].item(), p["conf_high"].item()],
                               [0.23790706480379, 0.988841066333521], rtol=1e-10)
    q = sk.quantile(d, "x", [0.5], qrule="hf7", interval_type="beta")
    np.testing.assert_allclose([q["estimate"].item(), q["conf_low"].item(), q["conf_high"].item(),
                                q["std_error"].item()],
                               [5, 2.10239286822655, 11.2062005636057, 1.6394719417171], rtol=1e-10)
    by = sk.proportion(d, "y", by="g", method="beta")
    np.testing.assert_allclose(by[["conf_low", "conf_high"]].to_numpy(),
                               [[0.356890671980339, 0.997548669238734], [0.002401370834804, 0.999973974569536]],
                               rtol=1e-9)
    for k, row in zip("ab", by.itertuples(), strict=True):  # a subset, as R's subset(des, g == k)
        sub = sk.proportion(d.subset(df["g"] == k), "y", method="beta")
        assert [sub["conf_low"].item(), sub["conf_high"].item()] == pytest.approx([row.conf_low, row.conf_high])


def test_rake_names_respondents_without_a_margin_value():
    # a missing value in a margin variable gave an internal TypeError while building the message
    df = pd.DataFrame({"g": pd.Categorical(["a", "b", None, "a"]), "y": [1.0, 2, 3, 4]})
    with pytest.raises(DesignError, match=r"rake: sample values of \['g'\] with no population total: "
                                          r"'<missing>' \(1 rows\)"):
        sk.rake(Design(df), [pd.DataFrame({"g": ["a", "b"], "Freq": [10, 10]})])
