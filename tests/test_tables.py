"""sk.table / sk.crosstab: the numbers gtsummary's tbl_svysummary + add_ci + add_p would print
(R survey calls in tests/data/r-gtsummary), the layout, the outputs, suppression, bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import surveykit as sk
from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS

DATA = Path(__file__).parent / "data"
REF = json.loads((DATA / "r-gtsummary" / "gtsummary_reference.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((DATA / "r-survey" / "data" / "schema.json").read_text(encoding="utf-8"))


def _api(name: str) -> pd.DataFrame:
    df = pd.read_csv(DATA / "r-survey" / "data" / f"{name}.csv", dtype={"cds": str})
    for col, spec in SCHEMA[name].items():
        if spec["type"] == "factor":
            df[col] = pd.Categorical(df[col], categories=spec["levels"])
    return df


def _design(name: str) -> Design:
    if name == "apiclus1":
        return Design(_api("apiclus1"), ids="dnum", weights="pw", fpc="fpc")
    return Design(_api("apistrat"), strata="stype", weights="pw", fpc="fpc")


CASES = [("apiclus1_by_both", "apiclus1", "both"), ("apistrat_by_stype", "apistrat", "stype")]


def _close(actual, desired, **kw) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(desired, dtype=float), **kw)


def _cells(ref: dict, kind: str) -> pd.DataFrame:
    cells = pd.DataFrame(ref["cells"])
    return cells[cells["level"].notna()] if kind == "share" else cells[cells["level"].isna()]


def _merge(est: pd.DataFrame, cells: pd.DataFrame, by: str, share: bool) -> pd.DataFrame:
    left = est.assign(group=est[by].astype(str), level=est["level"].astype(str) if share else "")
    right = cells.assign(level=cells["level"].astype(str) if share else "")
    out = left.merge(right, on=["variable", "group", "level"], suffixes=("", "_r"), validate="1:1")
    assert len(out) == len(cells) == len(est)
    return out


@pytest.mark.parametrize(("case", "name", "by"), CASES)
@pytest.mark.parametrize("df", ["design", "domain"])
def test_shares_equal_gtsummary_svyciprop(case, name, by, df):
    ref = REF[case]
    cats = list(dict.fromkeys(t["variable"] for t in ref["tests"] if t["kind"] == "categorical"))
    t = sk.table(_design(name), rows=cats, by=by, stat="share", df=df, language="en")
    m = _merge(t.estimates, _cells(ref, "share"), by, True)
    _close(m["estimate"], m["estimate_r"], rtol=1e-12, atol=1e-14)
    _close(m["std_error"], m["std_error_r"], rtol=1e-9, atol=1e-14)
    # R's svyciprop for an estimate of exactly 0 or 1 comes from a fit that did not converge: [p, p] to ~1e-11
    _close(m["conf_low"], m[f"conf_low_{'gtsummary' if df == 'design' else 'domain'}"],
                               rtol=1e-8, atol=1e-10)
    _close(m["conf_high"], m[f"conf_high_{'gtsummary' if df == 'design' else 'domain'}"],
                               rtol=1e-8, atol=1e-10)
    assert (m["n"].astype(int) == m["n_base"]).all()
    assert (m["df"] == (m["df_design"] if df == "design" else m["df_domain"])).all()


@pytest.mark.parametrize(("case", "name", "by"), CASES)
def test_means_and_their_wald_tests_equal_r(case, name, by):
    ref = REF[case]
    conts = [x["variable"] for x in ref["tests"] if x["kind"] == "continuous"]
    t = sk.table(_design(name), rows=conts, by=by, stat="mean", df="design", language="en")
    m = _merge(t.estimates, _cells(ref, "mean"), by, False)
    _close(m["estimate"], m["estimate_r"], rtol=1e-12)
    _close(m["std_error"], m["std_error_r"], rtol=1e-9)
    _close(m["conf_low"], m["conf_low_gtsummary"], rtol=1e-10)
    _close(m["conf_high"], m["conf_high_gtsummary"], rtol=1e-10)
    domain = sk.table(_design(name), rows=conts, by=by, stat="mean", language="en")
    m = _merge(domain.estimates, _cells(ref, "mean"), by, False)
    _close(m["conf_low"], m["conf_low_domain"], rtol=1e-10)
    r = pd.DataFrame([x for x in ref["tests"] if x["kind"] == "continuous"]).set_index("variable")
    tests = t.tests.set_index("variable")
    _close(tests.loc[conts, "statistic"], r.loc[conts, "statistic"], rtol=1e-8)
    _close(tests.loc[conts, "df"], r.loc[conts, "ddf"], rtol=1e-12)
    _close(tests.loc[conts, "df_num"], r.loc[conts, "ndf"], rtol=1e-12)   # regTermTest's numerator df
    _close(tests.loc[conts, "p_value"], r.loc[conts, "p_value"], rtol=1e-7)
    _close(tests.loc[conts, "p_adjusted"], r.loc[conts, "p_holm_kind"], rtol=1e-7)


@pytest.mark.parametrize(("case", "name", "by"), CASES)
@pytest.mark.parametrize("adjust", ["holm", "bh"])
def test_rao_scott_tests_and_their_adjustment_equal_r(case, name, by, adjust):
    ref = REF[case]
    r = pd.DataFrame([x for x in ref["tests"] if x["kind"] == "categorical"]).set_index("variable")
    t = sk.table(_design(name), rows=list(r.index), by=by, adjust=adjust)
    tests = t.tests.set_index("variable")
    _close(tests["statistic"], r["statistic"], rtol=1e-8)
    _close(tests["df"], r["ddf"], rtol=1e-8)
    _close(tests["df_num"], r["ndf"], rtol=1e-8)   # svychisq's numerator df
    _close(tests["p_value"], r["p_value"], rtol=1e-7)
    _close(tests["p_adjusted"], r[f"p_{adjust}_kind"], rtol=1e-7)
    assert list(t.tests.columns) == [*RESULT_COLUMNS, *CONTRAST_COLUMNS]
    assert (t.tests["contrast"] == [f"{v} x {by}" for v in r.index]).all()


@pytest.mark.parametrize("percent", ["row", "column", "cell"])
def test_crosstab_equals_r(percent):
    ref = REF["apiclus1_crosstab"]
    c = sk.crosstab(_design("apiclus1"), "stype", "awards", percent=percent, language="en")
    r = pd.DataFrame(ref["cells"])
    r = r[r["percent"] == percent]
    est = c.estimates
    if percent == "row":
        est = est.assign(row=est["stype"].astype(str), col=est["level"].astype(str))
    elif percent == "column":
        est = est.assign(row=est["level"].astype(str), col=est["awards"].astype(str))
    else:
        est = est.assign(row=est["stype"].astype(str), col=est["awards"].astype(str))
    m = est.merge(r, on=["row", "col"], suffixes=("", "_r"), validate="1:1")
    assert len(m) == len(r) == 6
    for col in ("estimate", "std_error", "conf_low", "conf_high"):
        _close(m[col], m[f"{col}_r"], rtol=1e-7, err_msg=col)  # R: svyglm's convergence tolerance
    assert (m["n"].astype(int) == m["n_base"]).all()
    test = c.tests.iloc[0]
    assert test["statistic"] == pytest.approx(ref["test"]["statistic"], rel=1e-8)
    assert test["p_value"] == pytest.approx(ref["test"]["p_value"], rel=1e-7)
    assert test["df"] == pytest.approx(ref["test"]["ddf"], rel=1e-8)
    assert "Rao–Scott F = 5.03 (1.71 and 23.97 degrees of freedom), p = 0.019." in c.notes


def test_crosstab_layout_rows_columns_and_base():
    c = sk.crosstab(_design("apiclus1"), "stype", "awards", percent="row", language="en")
    f = c.frame()
    assert list(f.columns) == ["stype \\ awards", "No", "Yes", "n"]
    assert f.iloc[0].tolist() == ["E", "22.9% [17.3, 29.7]", "77.1% [70.3, 82.7]", "144"]
    col = sk.crosstab(_design("apiclus1"), "stype", "awards", percent="column", language="en").frame()
    assert col.iloc[-1, 0] == "n" and col.iloc[-1, 1:].astype(int).sum() == 183


# --- layout, labels, outputs --------------------------------------------------------------------


def _toy(seed: int = 3, n: int = 400, min_cell: int = 0) -> Design:
    rng = np.random.default_rng(seed)
    answers = ["Uenig", "Nøytral", "Enig", "Vet ikke"]
    q = rng.choice(answers, n, p=[0.2, 0.3, 0.4, 0.1])
    g = rng.choice(["a", "b", "c"], n, p=[0.5, 0.45, 0.05])
    df = pd.DataFrame({"q": pd.Categorical(q, categories=answers, ordered=True), "g": g,
                       "wave": rng.choice(["1", "2"], n), "x": rng.normal(3, 1, n), "w": rng.uniform(0.5, 2, n)})
    return Design(df, weights="w", min_cell=min_cell)


def test_dont_know_is_left_out_of_the_base_or_shown_as_its_own_row():
    d = _toy()
    out = sk.table(d, "q", by="g", language="en")
    assert "Vet ikke" not in set(out.estimates["level"])
    a = out.estimates[out.estimates["g"] == "a"]
    assert a["estimate"].sum() == pytest.approx(1.0)
    sub = d.data[(d.data["g"] == "a") & (d.data["q"] != "Vet ikke")]
    assert int(a["n"].iloc[0]) == len(sub)
    assert "“Vet ikke” is left out of the base." in out.notes
    row = sk.table(d, "q", by="g", dont_know="row", language="en")
    dk = row.estimates[row.estimates["level"] == "Vet ikke"]
    assert len(dk) == 3
    is_dk = (d.data["q"] == "Vet ikke").to_numpy()
    w = d.data["w"].to_numpy()
    in_a = (d.data["g"] == "a").to_numpy()
    assert dk[dk["g"] == "a"]["estimate"].iloc[0] == pytest.approx((w * is_dk)[in_a].sum() / w[in_a].sum())
    assert int(dk[dk["g"] == "a"]["n"].iloc[0]) == in_a.sum()   # its base: all answers
    assert row.frame().iloc[-1, 0] == "Vet ikke"


def test_small_groups_are_suppressed_and_marked_with_the_rule_in_the_footnote():
    d = _toy(min_cell=30)
    t = sk.table(d, "q", by="g", language="en")
    assert (d.data["g"] == "c").sum() < 30 and (d.data["g"] == "b").sum() > 30
    # c is hidden; so is b, the smallest other group: the test's n (and the design's, in the
    # footnote) minus a's would give c's n away (report.disclosure)
    for group in ("b", "c"):
        assert t.estimates.loc[t.estimates["g"] == group, "suppressed"].all()
    f = t.frame()
    assert f["c"].tolist() == f["b"].tolist() == ["n = –", "–", "–", "–"] and f["a"].tolist()[0] == "n = 198"
    assert "–  Suppressed (fewer than 30 responses, or to protect such a group)" in t.notes
    csv = t.result()
    assert csv.loc[csv["g"] == "c", "estimate"].isna().all() and csv.loc[csv["g"] == "c", "n"].isna().all()
    assert t.tests["p_value"].notna().all()   # the test over the whole table stays


def test_panels_test_each_panel_and_adjust_across_the_table():
    d = _toy()
    t = sk.table(d, ["q"], by="g", panel="wave", language="en")
    assert list(t.tests["wave"]) == ["1", "2"]
    assert t.tests["p_adjusted"].tolist() == pytest.approx(sk.p_adjust(t.tests["p_value"].to_numpy(), "holm"))
    single = sk.chisq(d.subset((d.data["wave"] == "2").to_numpy()).with_columns(
        q=d.data["q"].cat.remove_categories(["Vet ikke"])), "q", "g")
    assert t.tests["p_value"].iloc[1] == pytest.approx(single["p_value"].iloc[0], rel=1e-12)
    cols = t.frame().columns.tolist()
    assert cols[:4] == ["Question", "1 · a", "1 · b", "1 · c"] and cols[-4:] == ["p · 1", "p adjusted · 1", "p · 2",
                                                                                 "p adjusted · 2"]


def test_topbox_uses_the_top_box_and_tests_its_indicator():
    d = _toy()
    t = sk.table(d, "q", by="g", stat="topbox", top=("Enig",), language="en")
    with pytest.warns(sk.SurveykitWarning, match="non-substantive answers"):
        box = sk.topbox(d, "q", top=("Enig",), by="g")
    _close(t.estimates["estimate"], box["estimate"])
    ind = sk.with_topbox(d, "q", top=("Enig",))
    assert t.tests["p_value"].iloc[0] == pytest.approx(sk.chisq(ind, "q_top", "g")["p_value"].iloc[0], rel=1e-12)
    assert t.frame().iloc[1, 0] == "Share of positive answers (Enig)"  # any scale's top box, not only agreement


def test_mean_of_an_item_on_a_scale_is_its_score():
    d = _toy()
    t = sk.table(d, "q", by="g", stat="mean", language="en")
    ref = sk.mean(sk.with_scores(d, "q"), "q_score", by="g")
    _close(t.estimates["estimate"], ref["estimate"])


def test_labels_and_language_come_from_the_presentation():
    d = _toy()
    p = sk.Presentation("nb", names={"q": "Spørsmålet", "g": "Gruppe"}, values={"g": {"a": "Alfa"},
                                                                                "q": {"Enig": "Helt enig"}})
    t = sk.table(d, "q", by="g", presentation=p)
    f = t.frame()
    assert f.columns[:3].tolist() == ["Spørsmål", "Alfa", "b"]
    assert f.iloc[0, 0] == "Spørsmålet" and "Helt enig" in f.iloc[:, 0].tolist()
    assert "," in f.iloc[1, 1] and "%" in f.iloc[1, 1]       # decimal comma, percent
    assert sk.table(d, "q", by="g", presentation=p, language="en").frame().columns[0] == "Question"


def test_outputs_html_markdown_latex_csv_xlsx(tmp_path):
    d = _toy()
    t = sk.table(d, ["q"], by="g", title="Tabell 1", language="en")
    h = t._repr_html_()
    assert h.count("<tr>") == 1 + 4 + 1 and '<th scope="col">p</th>' in h and "<tfoot>" in h and "Tabell 1" in h
    md = t.to_markdown()
    assert md.splitlines()[2] == "| Question | a | b | c | p | p adjusted |" and "| **q** |" in md
    tex = t.to_latex()
    assert "\\toprule" in tex and "\\%" in tex and "\\textbf{q}" in tex
    csv = pd.read_csv(t.to_csv(tmp_path / "t.csv"))
    assert list(csv.columns) == ["g", *RESULT_COLUMNS, *CONTRAST_COLUMNS]
    assert len(csv) == len(t.estimates) + len(t.tests)
    _close(csv["estimate"].iloc[: len(t.estimates)], t.estimates["estimate"], rtol=1e-12)
    book = load_workbook(t.to_excel(tmp_path / "t.xlsx"))
    sheet = book["Estimate"]
    header = [c.value for c in sheet[1]]
    row = [c for c in sheet[2]]
    est = row[header.index("Share")]
    assert isinstance(est.value, float) and est.number_format == "0.0%"   # a number, shown in percent
    assert "Method" in book.sheetnames and "p" in book.sheetnames


def test_bad_input_names_the_argument_and_what_is_allowed():
    d = _toy()
    with pytest.raises(DataError, match=r"stat='median' is not allowed; use one of 'share', 'mean', 'topbox'"):
        sk.table(d, "q", stat="median")
    with pytest.raises(DataError, match=r"row 'qq' is not a column of the design's data"):
        sk.table(d, "qq", by="g")
    with pytest.raises(DataError, match=r"'x' holds numbers .*Use stat='mean'"):
        sk.table(d, "x", by="g")
    with pytest.raises(DataError, match=r"needs top= .* for 'q'"):
        sk.table(d, "q", by="g", stat="topbox")
    with pytest.raises(DataError, match=r"dont_know='keep' is not allowed"):
        sk.table(d, "q", dont_know="keep")
    with pytest.raises(DataError, match=r"percent='all' is not allowed; use one of 'row', 'column', 'cell'"):
        sk.crosstab(d, "q", "g", percent="all")


def test_inputs_are_not_mutated():
    d = _toy()
    before = d.data.copy()
    sk.table(d, "q", by="g", dont_know="row")
    pd.testing.assert_frame_equal(d.data, before)


# --- the recipe kind `table` ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_study(tmp_path_factory):
    from surveykit import load_study
    from tests.study_fixture import SURVEYKIT_SITES_YAML, write_mini_study

    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_mini_study(tmp_path_factory.mktemp("table_kind"), **{"surveykit.yaml": SURVEYKIT_SITES_YAML,
                                                                     "config/report.yaml": "tables: []\n"})
    yield load_study(root)
    mp.undo()


def _spec(**kw):
    from surveykit.report.spec import Spec

    return Spec(id="t", kind="table", **kw)


def test_the_table_kind_computes_what_sk_table_does(mini_study):
    from surveykit.report.figures.table import check_table, compute_table, page_table
    from surveykit.report.items import analysis_design

    design = analysis_design(mini_study)
    spec = _spec(items=("help", "knows"), by=("site_type",), options={"panel": "wave", "dont_know": "row"})
    check_table(spec, mini_study)
    result = compute_table(mini_study, design, spec)
    p = mini_study.presentation()
    api = sk.table(design, ["help", "knows"], by="site_type", panel="wave", dont_know="row", presentation=p)
    # the kind leaves the disclosure rule to the build's gate (all outputs at once); sk.table
    # applies the same rule to its table alone: with it, the two are the same
    from surveykit.tables.compute import _protected

    assert result.parts.estimates["n"].notna().all()
    result = dataclasses.replace(result, parts=_protected(design, result.parts))
    pd.testing.assert_frame_equal(result.parts.estimates, api.estimates)
    pd.testing.assert_frame_equal(result.parts.tests, api.tests)
    page = page_table(result, spec, p)
    pd.testing.assert_frame_equal(page.frame, api.frame())
    assert page.caption.startswith("Vektede andeler i prosent med 95 % konfidensintervall (logit).")
    assert any("Rao–Scott" in n for n in page.notes) and any("«Vet ikke»" in n for n in page.notes)
    assert set(result.tables()) == {"", "tests"}
    means = compute_table(mini_study, design, _spec(items=("help",), by=("site_type",), options={"stat": "mean"}))
    ref = sk.mean(design, "help__score", by="site_type")        # the codebook's codes, as the report's means
    _close(means.parts.estimates["estimate"], ref["estimate"], rtol=1e-12)
    top = compute_table(mini_study, design, _spec(items=("help",), by=("site_type",), options={"stat": "topbox"}))
    assert top.parts.estimates["level"].iloc[0] == "Enig"     # the codebook's top_box: [3]


@pytest.mark.parametrize(("kw", "message"), [
    ({"items": ("help",), "options": {"stat": "median"}}, r"`options.stat: median` is not allowed; use one of share"),
    ({"items": ("help",), "options": {"colour": 1}}, r"unknown option\(s\) \['colour'\]"),
    ({"items": ("help",), "by": ("site_type", "wave")}, r"at most 1 grouping column"),
    ({"items": ("comment",)}, r"item 'comment' is a text variable"),
    ({"items": ("help",), "by": ("wave",), "options": {"panel": "wave"}}, r"`options.panel` and `by` are both 'wave'"),
    ({"items": ("help",), "options": {"panel": "nowhere"}}, r"`options.panel` names \['nowhere'\]"),
])
def test_a_bad_table_entry_names_the_entry_and_the_fix(mini_study, kw, message):
    from surveykit.errors import ConfigError
    from surveykit.report.figures.table import check_table

    with pytest.raises(ConfigError, match=message):
        check_table(_spec(**kw), mini_study)


def test_a_table_without_groups_has_one_column_and_no_test():
    d = _toy()
    t = sk.table(d, ["q", "x"][:1], language="en")
    f = t.frame()
    assert list(f.columns) == ["Question", "Total"] and len(t.tests) == 0
    assert t.estimates["estimate"].sum() == pytest.approx(1.0)
    m = sk.table(d, "x", stat="mean", language="en")
    assert m.frame().iloc[1, 0] == "Mean" and not any(n.startswith("p:") for n in m.notes)
