"""The estimators on data frames as other readers shape them: equal to R, or refused clearly.

The reference is R survey 4.1's help-page examples (tests/data/r-examples: examples.R, its
numbers in examples.json, how they were made in PROVENANCE.md there), on survey's own api data.
Each case reads the same CSV file as R did, but as an analyst's reader gives it:

- ``csv_default``: ``pd.read_csv`` as it is (pandas 3: text as its ``str`` dtype, NaN for NA);
- ``csv_pyarrow`` / ``csv_nullable``: ``pd.read_csv(..., dtype_backend="pyarrow" | "numpy_nullable")``
  (``int64[pyarrow]``, ``double[pyarrow]`` and ``string[pyarrow]`` with nulls; ``Int64``,
  ``Float64`` and ``string`` with pd.NA);
- ``parquet_pyarrow`` / ``parquet_nullable``: the frame with R's factors as pandas Categoricals,
  written to parquet and read back with those backends; with pyarrow a Categorical comes back as
  ``dictionary<values=string, ...>[pyarrow]``, the levels in their order (and ``ordered``) kept;
- ``object``: every text and factor column of dtype object (Python str, NaN for NA);
- ``shuffled``: rows in another order under an index of text labels (``df.sample``), so that
  weights, clusters, a domain mask and replicate weights must stay with their rows.

Every number is compared to 1e-9 relative as in tests/test_r_help_examples.py (svyolr's 1e-7).
"""

from __future__ import annotations

import functools
import io
import json
import re
import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import surveykit as sk
from surveykit.errors import DataError, DesignError
from tests.test_r_help_examples import ALL, DATA, ES, LOOSE, MODEL, NO_DF, R, read, res

KINDS = ("categorical", "csv_default", "csv_pyarrow", "csv_nullable", "parquet_pyarrow", "parquet_nullable",
         "object", "shuffled")


def _mealcat(df: pd.DataFrame) -> pd.Series:
    """R's cut(meals, c(0, 25, 50, 75, 100)) as an ordered Categorical of its labels."""
    cut = pd.cut(pd.to_numeric(df["meals"]).astype(float), [0, 25, 50, 75, 100])
    labels = ["(0,25]", "(25,50]", "(50,75]", "(75,100]"]
    return pd.Series(pd.Categorical.from_codes(cut.cat.codes, labels, ordered=True), index=df.index)


@functools.cache
def frame(name: str, kind: str) -> pd.DataFrame:
    """survey's data set ``name`` (with mealcat, R's ?svyolr variable) as reader ``kind`` gives it."""
    base = read(name)
    base = base.assign(mealcat=_mealcat(base))
    if kind == "categorical":
        return base
    if kind.startswith("csv_"):
        backend = {"csv_default": {}, "csv_pyarrow": {"dtype_backend": "pyarrow"},
                   "csv_nullable": {"dtype_backend": "numpy_nullable"}}[kind]
        df = pd.read_csv(DATA / "r-survey" / "data" / f"{name}.csv", **backend)
        return df.assign(mealcat=_mealcat(df))  # a Categorical beside the reader's columns
    if kind.startswith("parquet_"):
        buf = io.BytesIO()
        base.to_parquet(buf)
        buf.seek(0)
        return pd.read_parquet(buf, dtype_backend=kind[8:].replace("nullable", "numpy_nullable"))
    if kind == "object":  # numbers held as objects are shares with a warning (README): not here
        return base.astype({c: object for c in base.drop(columns="mealcat")
                            if not pd.api.types.is_numeric_dtype(base[c])})
    if kind == "shuffled":
        out = base.sample(frac=1, random_state=11)
        return out.set_axis([f"school {i}" for i in out.index])
    raise AssertionError(kind)


def designs(kind: str) -> dict[str, sk.Design]:
    clus1, strat = frame("apiclus1", kind), frame("apistrat", kind)
    dclus1 = sk.Design(clus1, weights="pw", ids="dnum", fpc="fpc")
    return {"dclus1": dclus1, "dstrat": sk.Design(strat, weights="pw", strata="stype", fpc="fpc", ids=1),
            "rclus1": dclus1.to_replicate(), "jkstrat": None}


def _domain(d: sk.Design) -> sk.Design:
    data = d.data  # the design's rows, in its order: a mask of the reader's dtype (bool[pyarrow] ...)
    return d.subset((data["sch.wide"] == "Yes") & (data["comp.imp"] == "Yes"))


def _chisq(d: sk.Design) -> dict[str, np.ndarray]:
    r = sk.chisq(d, "sch.wide", "stype", statistic="F")
    out = res(r, ("statistic", "p_value"))
    out["parameter"] = r[["df_num", "df"]].to_numpy(dtype=float).ravel()
    return out


CASES = {
    "svymean_api00_dclus1": (ALL, lambda D: sk.mean(D["dclus1"], "api00")),
    "svymean_stype_dclus1": (ES, lambda D: sk.mean(D["dclus1"], "stype")),
    "svytotal_enroll_dclus1": (ALL, lambda D: sk.total(D["dclus1"], "enroll")),
    "svyratio_apistu_enroll_dclus1": (ALL, lambda D: sk.ratio(D["dclus1"], "api.stu", "enroll")),
    "svyquantile_dclus1": (NO_DF, lambda D: sk.quantile(D["dclus1"], "api00", [.25, .5, .75])),
    "svyby_api99_stype_dclus1": (ES, lambda D: sk.mean(D["dclus1"], "api99", by="stype")),
    "svyby_api99_stype_rclus1": (ES, lambda D: sk.mean(D["rclus1"], "api99", by="stype")),
    "svymean_enroll_subset_dclus1": (ALL, lambda D: sk.mean(_domain(D["dclus1"]), "enroll")),
    "svymean_enroll_subset_rclus1": (ALL, lambda D: sk.mean(_domain(D["rclus1"]), "enroll")),
    "svychisq_F": (None, lambda D: _chisq(D["dclus1"])),
    "svyglm_dstrat": (MODEL, lambda D: sk.regress(D["dstrat"], "api00 ~ ell + meals + mobility")),
    "svyglm_quasibinomial_dstrat": (MODEL, lambda D: sk.regress(
        D["dstrat"], "I(sch.wide == 'Yes') ~ ell + meals + mobility", family="quasibinomial")),
    "svyolr_dclus1": (ES, lambda D: sk.olr(D["dclus1"], "mealcat ~ avg.ed + mobility + C(stype)")),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_equals_r_whatever_the_reader(name: str, kind: str) -> None:
    cols, call = CASES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the text-level-order note of a text by= column, ...
        got = call(designs(kind))
    got = got if cols is None else res(got, cols)
    for key, value in got.items():
        want = np.asarray(R[name][key], dtype=float).ravel()
        value = np.asarray(value, dtype=float).ravel()
        if key == "df" and want.size == 1:
            want = np.repeat(want, value.size)
        np.testing.assert_allclose(value, want, rtol=LOOSE.get(name, 1e-9), atol=1e-12,
                                   err_msg=f"{name} {kind} {key}")


def test_parquet_dictionary_keeps_the_level_order_and_ordered() -> None:
    """read_parquet(dtype_backend="pyarrow") gives a Categorical back as an Arrow dictionary. It
    was read as text: its shares came in code-point order (R's factor(stype, levels = c("M",
    "H", "E")) gives them in the levels' order), and an ordered one (a Likert item, R's ?svyolr
    mealcat) was refused by score, topbox, change and olr as 'text' whose order cannot be read.
    It is the Categorical of its levels now, unused levels kept as R keeps a factor's."""
    df = read("apiclus1").assign(
        stype=lambda x: x["stype"].cat.reorder_categories(["M", "H", "E"]),
        mealcat=lambda x: _mealcat(x).cat.add_categories(["(100,125]"]))  # an unused level
    buf = io.BytesIO()
    df.to_parquet(buf)
    buf.seek(0)
    back = pd.read_parquet(buf, dtype_backend="pyarrow")
    assert pa.types.is_dictionary(back["mealcat"].dtype.pyarrow_dtype)
    assert back["mealcat"].dtype.pyarrow_dtype.ordered
    d = sk.Design(back, weights="pw", ids="dnum", fpc="fpc")
    shares = sk.mean(d, "stype")
    assert shares["level"].tolist() == ["M", "H", "E"]
    ref = R["svymean_stype_dclus1"]  # E, H, M
    np.testing.assert_allclose(shares["estimate"], ref["estimate"][::-1], rtol=1e-9)
    np.testing.assert_allclose(shares["std_error"], ref["se"][::-1], rtol=1e-9)
    assert d.data["mealcat"].cat.categories.tolist()[-1] == "(100,125]"
    assert d.data["mealcat"].cat.ordered
    # the codes 1..4 of an ordered item score as R's as.numeric(mealcat)
    scores = sk.score(d, ["mealcat"]).loc[0, ["estimate", "std_error"]].to_numpy(float)
    codes = d.with_columns(m=lambda x: x["mealcat"].cat.codes.astype(float) + 1)
    np.testing.assert_allclose(scores, sk.mean(codes, "m").loc[0, ["estimate", "std_error"]].to_numpy(float),
                               rtol=1e-12)


def test_arrow_dictionary_given_by_with_columns_is_a_categorical() -> None:
    d = sk.Design(frame("apiclus1", "categorical"), weights="pw", ids="dnum", fpc="fpc")
    arrow = pd.Series(pd.arrays.ArrowExtensionArray(pa.DictionaryArray.from_arrays(
        pa.array(d.data["mealcat"].cat.codes.to_numpy(), pa.int8()),
        pa.array(["(0,25]", "(25,50]", "(50,75]", "(75,100]"]), ordered=True)), index=d.data.index)
    got = sk.olr(d.with_columns(mc=arrow), "mc ~ avg.ed + mobility + C(stype)")
    np.testing.assert_allclose(got["estimate"], R["svyolr_dclus1"]["estimate"], rtol=1e-7)


class _Polars:
    """Stands for polars.DataFrame (not installed here): the module its type names is polars'."""


_Polars.__module__ = "polars.dataframe.frame"
_Polars.__qualname__ = _Polars.__name__ = "DataFrame"


@pytest.mark.parametrize(("data", "says"), [
    (lambda df: _Polars(), r"polars DataFrame .*data\.to_pandas\(\)"),
    (lambda df: pa.Table.from_pandas(df), r"pyarrow Table .*data\.to_pandas\(\)"),
    (lambda df: df.to_records(index=False), r"numpy array .*pd\.DataFrame\(data\)"),
    (lambda df: df.to_dict("list"), r"got dict; .*pd\.DataFrame\(data\)"),
])
def test_other_frames_refused_with_the_conversion(data, says) -> None:
    df = read("apiclus1")[["api00", "pw", "dnum", "fpc"]]
    with pytest.raises(DesignError, match=says):
        sk.Design(data(df), weights="pw", ids="dnum", fpc="fpc")


def test_column_names_no_argument_can_name_are_refused() -> None:
    """MultiIndex columns (read_excel(header=[0, 1])): weights=("a", "pw") was taken as two
    columns 'a' and 'pw', 'not in the data'. Integer names (pd.DataFrame(array)): mean worked,
    weights=7 was a TypeError ('int' object is not iterable) and a formula could not name 0."""
    df = read("apiclus1")[["api00", "pw", "dnum", "fpc"]]
    multi = df.set_axis(pd.MultiIndex.from_product([["a"], df.columns]), axis=1)
    with pytest.raises(DesignError, match=r"MultiIndex.*'_'\.join"):
        sk.Design(multi, weights=("a", "pw"), ids=("a", "dnum"))
    numbered = df.set_axis([0, 7, "dnum", "fpc"], axis=1)
    with pytest.raises(DesignError, match=r"not text \(0, 7: int\).*df\.columns\.map\(str\)"):
        sk.Design(numbered, weights=7, ids="dnum", fpc="fpc")
    fixed = numbered.set_axis(numbered.columns.map(str), axis=1)
    got = sk.mean(sk.Design(fixed, weights="7", ids="dnum", fpc="fpc"), "0")
    np.testing.assert_allclose(got["estimate"], R["svymean_api00_dclus1"]["estimate"], rtol=1e-9)


def test_unknown_formula_column_lists_the_data_names_not_aliases() -> None:
    """A column named 'q 1' is held under an alias inside the formula; the message listing the
    data's columns said '_col0_' for it."""
    df = read("apiclus1").rename(columns={"api00": "q 1", "api99": "a-b"})
    d = sk.Design(df, weights="pw", ids="dnum", fpc="fpc")
    with pytest.raises(DataError, match=r"unknown column\(s\) \['a'\]") as err:
        sk.regress(d, "`q 1` ~ a-b")
    assert "_col0_" not in str(err.value) and "q 1, a-b" in str(err.value)


def _code(message: str, after: str) -> str:
    """The code a message proposes after ``after`` (to its '.' or ' (' that ends the sentence)."""
    code = message.split(after, 1)[1]
    return re.split(r"\.$| \(or read", code.strip(), maxsplit=1)[0]


def test_decimal_comma_numbers_are_named_and_the_conversion_runs() -> None:
    """'69,3' (a Nordic spreadsheet's or SPSS export's decimal comma, read as text): mean gave
    a share per value without the warning numbers as text get, and quantile, ratio and regress
    proposed pd.to_numeric(df['x']), which refuses '69,3'. The proposed code now runs and gives
    R's numbers (api00 / 10: R's estimate and SE / 10)."""
    clus1 = read("apiclus1")
    text = clus1.assign(api=[f"{v / 10:.1f}".replace(".", ",") for v in clus1["api00"]])
    d = sk.Design(text, weights="pw", ids="dnum", fpc="fpc")
    ref = R["svymean_api00_dclus1"]
    want = np.array([ref["estimate"], np.ravel(ref["se"])[0]]) / 10

    with pytest.warns(sk.SurveykitWarning, match="decimal comma") as caught:
        sk.mean(d, "api")
    df = text.copy()
    exec(_code(str(caught[0].message), "convert the column first: "), {"pd": pd, "df": df})
    got = sk.mean(sk.Design(df, weights="pw", ids="dnum", fpc="fpc"), "api")
    np.testing.assert_allclose(got.loc[0, ["estimate", "std_error"]].to_numpy(float), want, rtol=1e-9)

    with pytest.raises(DesignError, match="must be numeric") as err:
        sk.quantile(d, "api", [.5])
    df = text.copy()
    exec(_code(str(err.value), "convert them: "), {"pd": pd, "df": df})
    got = sk.quantile(sk.Design(df, weights="pw", ids="dnum", fpc="fpc"), "api", [.25, .5, .75])
    np.testing.assert_allclose(got["estimate"], np.array(R["svyquantile_dclus1"]["estimate"]) / 10, rtol=1e-9)

    with pytest.raises(DataError, match="not numbers") as err:
        sk.ratio(d, "api", "api99")
    fixed = eval(_code(str(err.value), "convert them: ").split("; for a")[0], {"pd": pd, "design": d})
    got = sk.ratio(fixed, "api", "api99")
    np.testing.assert_allclose(got["estimate"], R["svyratio_api00_api99"]["estimate"] / 10, rtol=1e-9)

    with pytest.raises(DataError, match="text whose values are numbers") as err:
        sk.regress(d, "api ~ 1")
    space = {"pd": pd, "design": d}
    exec(_code(str(err.value), "Convert the column first: "), space)
    got = sk.regress(space["design"], "api ~ 1")
    np.testing.assert_allclose(got.loc[0, ["estimate", "std_error"]].to_numpy(float), want, rtol=1e-9)


@pytest.mark.parametrize("kind", ["datetime64[us]", "datetime64[us, Europe/Oslo]", "timedelta",
                                  "timestamp[us][pyarrow]"])
def test_dates_refused_with_code_that_runs(kind: str) -> None:
    """A date, time or duration given by mistake: mean's message proposed df['x'].dt.year and
    days since pd.Timestamp('2023-01-01') for a duration (no .dt.year) and for a tz-aware column
    (naive minus aware is a TypeError); quantile proposed pd.to_numeric (nanoseconds); regress
    said "ufunc 'multiply' cannot use operands ... dtype('<M8[us]')". Each names the column and
    the code now, and that code gives a number."""
    clus1 = read("apiclus1")
    days = pd.to_timedelta(clus1["api00"], unit="D")
    when = {"timedelta": days}.get(kind)
    if when is None:
        when = (pd.Timestamp("2023-01-01") + days).astype(kind.replace("us, Europe/Oslo", "us")) \
            if "Oslo" not in kind else (pd.Timestamp("2023-01-01") + days).dt.tz_localize("Europe/Oslo")
    df = clus1.assign(when=when)
    d = sk.Design(df, weights="pw", ids="dnum", fpc="fpc")
    ref = R["svymean_api00_dclus1"]
    for call, error, after in ((lambda: sk.mean(d, "when"), DataError, "Make a number of it first: "),
                               (lambda: sk.quantile(d, "when", [.5]), DesignError, "df['when'] = ")):
        with pytest.raises(error, match="'when'") as err:
            call()
        code = _code(str(err.value), after).split(" (days")[0]
        got = eval(code, {"pd": pd, "df": df})
        if "total_seconds" not in code and "Timestamp" not in code:
            continue
        np.testing.assert_allclose(sk.mean(d.with_columns(n=got.to_numpy(float)), "n")["estimate"],
                                   ref["estimate"], rtol=1e-9)
    with pytest.raises(DataError, match="uses 'when', which holds dates") as err:
        sk.regress(d, "api00 ~ when")
    space = {"pd": pd, "design": d}
    exec(_code(str(err.value), "Make a number of it first: ").split(", and use")[0], space)
    assert sk.regress(space["design"], "api00 ~ when_n")["estimate"].notna().all()


def test_decimal_numbers_named_as_numbers_and_the_conversion_runs() -> None:
    """Decimal values (pd.read_sql of a NUMERIC column): mean gave a share per value without the
    warning numbers held as objects get, and ratio called them 'text'."""
    clus1 = read("apiclus1")
    held = clus1.assign(api=[Decimal(str(v)) for v in clus1["api00"]])
    d = sk.Design(held, weights="pw", ids="dnum", fpc="fpc")
    with pytest.warns(sk.SurveykitWarning, match="holds numbers as Python objects") as caught:
        sk.mean(d, "api")
    df = held.copy()
    exec(_code(str(caught[0].message), "convert the column first: "), {"pd": pd, "df": df})
    got = sk.mean(sk.Design(df, weights="pw", ids="dnum", fpc="fpc"), "api")
    ref = R["svymean_api00_dclus1"]
    np.testing.assert_allclose(got.loc[0, ["estimate", "std_error"]].to_numpy(float),
                               [ref["estimate"], np.ravel(ref["se"])[0]], rtol=1e-9)
    with pytest.raises(DataError, match="numbers held as Python objects") as err:
        sk.ratio(d, "api", "api99")
    fixed = eval(_code(str(err.value), "convert them: ").split("; for a")[0], {"pd": pd, "design": d})
    np.testing.assert_allclose(sk.ratio(fixed, "api", "api99")["estimate"], R["svyratio_api00_api99"]["estimate"],
                               rtol=1e-9)
    dated = d.with_columns(when=lambda x: pd.Timestamp("2023-01-01") + pd.to_timedelta(x["api00"], unit="D"))
    with pytest.raises(DataError, match="'when' holds dates") as err:
        sk.ratio(dated, "when", "api99")
    fixed = eval(_code(str(err.value), "make a number of it first: "), {"pd": pd, "design": dated})
    np.testing.assert_allclose(sk.ratio(fixed, "when", "api99")["estimate"], R["svyratio_api00_api99"]["estimate"],
                               rtol=1e-9)


RB = json.loads((DATA / "r-apitypes" / "apitypes.json").read_text(encoding="utf-8"))


def _renamed() -> sk.Design:
    df = read("apiclus1").rename(columns={"stype": "site type", "sch.wide": "sch wide", "api99": "a-b",
                                          "api00": "q 1"})
    return sk.Design(df, weights="pw", ids="dnum", fpc="fpc")


@pytest.mark.parametrize("case", ["linear", "interaction"])
def test_calibrate_formula_with_backticked_names_equals_r(case: str) -> None:
    """calibrate(d, "~`site type` + `a-b`", ...) said the formula 'removes b`' (the '-' of the
    name read as R's minus) and rake(d, ["~`site type`"], ...) that the table did not hold the
    formula's variables: backticks were not read. R's names of the model matrix keep them
    (`site type`H, `site type`H:`sch wide`Yes), and so do surveykit's now; R's numbers
    (tests/data/r-apitypes)."""
    ref = RB[case]
    d = _renamed()
    cal = sk.calibrate(d, ref["formula"], dict(zip(ref["names"], ref["population"], strict=True)))
    got = sk.mean(cal, "q 1")
    np.testing.assert_allclose(got["estimate"], ref["estimate"], rtol=1e-9)
    np.testing.assert_allclose(got["std_error"], np.ravel(ref["se"]), rtol=1e-9)
    if "weights" in ref:
        np.testing.assert_allclose(cal.weights, ref["weights"], rtol=1e-9)
    # the same names without their backticks name the same columns
    plain = {k.replace("`", ""): v for k, v in zip(ref["names"], ref["population"], strict=True)}
    np.testing.assert_allclose(sk.mean(sk.calibrate(d, ref["formula"], plain), "q 1")["estimate"],
                               ref["estimate"], rtol=1e-9)


def test_rake_formula_with_backticked_names() -> None:
    """R's rake() cannot parse such names; surveykit's formula form reads them as its margin form
    (the same margins given as {variable: {level: total}}), which raking to R's ?rake margins
    equals R (tests/test_r_help_examples.py)."""
    d = _renamed()
    tables = [pd.DataFrame({"site type": ["E", "H", "M"], "Freq": [4421, 755, 1018]}),
              pd.DataFrame({"sch wide": ["No", "Yes"], "Freq": [1072, 5122]})]
    by_formula = sk.rake(d, ["~`site type`", "~`sch wide`"], tables)
    by_margins = sk.rake(d, [{"site type": {"E": 4421, "H": 755, "M": 1018}},
                             {"sch wide": {"No": 1072, "Yes": 5122}}])
    np.testing.assert_allclose(by_formula.weights, by_margins.weights, rtol=1e-12)


@pytest.mark.parametrize("make", [
    lambda s: s.map({"No": "Runde 9", "Yes": "Runde 10"}).astype(str).astype("category"),  # sorted: 10, 9
    lambda s: pd.Series(pd.Categorical(s.map({"No": 9, "Yes": 10}).astype(int), categories=[10, 9]),
                        index=s.index),
    lambda s: pd.Series(pd.arrays.ArrowExtensionArray(pa.DictionaryArray.from_arrays(  # as first seen:
        pa.array((s == "No").astype("int8").to_numpy()), pa.array(["10", "9"]))), index=s.index),  # 10 first
], ids=["astype-category", "int-categories", "arrow-dictionary"])
def test_change_reads_time_from_an_unordered_categoricals_values(make) -> None:
    """The waves as an unordered Categorical: change took its category order as time order, so
    'Runde 9'/'Runde 10' through astype('category') (sorted as text: 'Runde 10' first) gave
    Runde 9 - Runde 10, the sign turned, and so did waves 9, 10 held as categories [10, 9] or as
    an Arrow dictionary that met wave 10 first. An unordered Categorical's order means nothing:
    the values say it (as for text and numbers); an ordered one keeps its order. R's
    svyttest(enroll ~ comp.imp, dclus2): Yes - No, comp.imp No as the earlier wave."""
    clus2 = read("apiclus2")
    d = sk.Design(clus2.assign(wave=make(clus2["comp.imp"].astype(str))), ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    got = sk.change(d, "enroll", wave="wave", conf_level=0.9)
    ref = R["svyttest_enroll_compimp"]
    np.testing.assert_allclose(got[["estimate", "statistic", "p_value", "conf_low", "conf_high"]].to_numpy(float).ravel(),
                               [ref["estimate"], ref["statistic"], ref["p"], ref["ci_low"], ref["ci_high"]], rtol=1e-9)
    assert str(got["contrast_to"].item()) in ("Runde 10", "10")


def test_true_false_held_as_objects_is_a_flag() -> None:
    """True/False as Python objects (a bool column after a merge, reindex or where gave it a
    NaN, or built by hand): regress refused it as the response, 'text (False, True)', and
    proportion gave a share of False beside True. It is pandas' nullable boolean now, as a
    study's flags are. R: svyglm(I(sch.wide == 'Yes') ~ ell + meals + mobility, dstrat,
    family = quasibinomial)."""
    strat = read("apistrat")
    flag = (strat["sch.wide"] == "Yes").astype(object)
    d = sk.Design(strat.assign(b=flag), weights="pw", strata="stype", fpc="fpc", ids=1)
    assert str(d.data["b"].dtype) == "boolean"
    got = sk.regress(d, "b ~ ell + meals + mobility", family="quasibinomial")
    np.testing.assert_allclose(got["estimate"], R["svyglm_quasibinomial_dstrat"]["estimate"], rtol=1e-9)
    np.testing.assert_allclose(got["std_error"], R["svyglm_quasibinomial_dstrat"]["se"], rtol=1e-9)
    with_nan = sk.Design(strat.assign(b=flag.where(strat["stype"] != "H", np.nan)), weights="pw",
                         strata="stype", fpc="fpc", ids=1)
    assert sk.proportion(with_nan, "b")["level"].tolist() == ["True"]
    assert sk.regress(with_nan, "b ~ ell", family="quasibinomial")["n"].max() == int((strat["stype"] != "H").sum())


def test_population_totals_with_a_decimal_comma_named() -> None:
    """A population table read from a Nordic spreadsheet ('4421,0'): rake raised pandas'
    ValueError 'Unable to parse string "4421,0" at position 0'. It names the column, the values
    and the conversion, which gives R's ?rake numbers (tests/test_r_help_examples.py's margins)."""
    d = sk.Design(read("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    types = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": ["4421,0", "755,0", "1018,0"]})
    wide = pd.DataFrame({"sch.wide": ["No", "Yes"], "Freq": [1072, 5122]})
    with pytest.raises(DesignError, match=r"column 'Freq': population totals that are not numbers: "
                                          r"'4421,0'.*decimal comma") as err:
        sk.rake(d, [types, wide])
    table = types.copy()
    exec(_code(str(err.value), "convert them with ").split(", or read")[0], {"pd": pd, "table": table})
    plain = sk.rake(d, [{"stype": {"E": 4421, "H": 755, "M": 1018}}, {"sch.wide": {"No": 1072, "Yes": 5122}}])
    np.testing.assert_allclose(sk.rake(d, [table, wide]).weights, plain.weights, rtol=1e-12)
    with pytest.raises(DesignError, match=r"margin 'stype': population totals that are not numbers: '4 421'"):
        sk.rake(d, [{"stype": {"E": "4 421", "H": 755, "M": 1018}}, wide])


@pytest.mark.parametrize("reader", ["parquet_pyarrow", "shuffled"])
def test_replicate_columns_stay_with_their_rows(reader: str) -> None:
    """The ACS PUMS person file with 80 replicate columns (tests/data/r-rep-real, R's numbers
    there), its PUMA a Categorical written to parquet and read back as an Arrow dictionary, or
    its rows shuffled under an index of text labels: every replicate weight stays with its row."""
    from tests.test_replicate_real import CODES, HERE, REF, SDR, _check

    df = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES).assign(PUMA=lambda x: x["PUMA"].astype("category"))
    if reader == "parquet_pyarrow":
        buf = io.BytesIO()
        df.to_parquet(buf)
        buf.seek(0)
        df = pd.read_parquet(buf, dtype_backend="pyarrow")
        assert pa.types.is_dictionary(df["PUMA"].dtype.pyarrow_dtype)
    else:
        df = df.sample(frac=1, random_state=5)
        df = df.set_axis([f"person {i}" for i in df.index])
    ref = REF["acs_person"]
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    assert d.degf == ref["degf"]
    _check(sk.mean(d, ["WAGP"]), ref["mean_wagp"])
    by = sk.mean(d, ["WAGP"], by="PUMA")
    assert by["PUMA"].astype(str).tolist() == ["00100", "00200", "00300"]
    _check(by, ref["by_puma_wagp"])
    _check(sk.ratio(d.subset(d.data["WAGP"].notna()), "WAGP", "AGEP"), ref["ratio_wagp_agep"])


def test_list_and_dict_cells_named_with_the_conversion() -> None:
    """Cells that are lists (a JSON export's multi-select, str.split) or dicts (a JSON record):
    mean, by=, proportion, chisq and regress raised pandas' "unhashable type: 'list'". Each
    names the column now with code making one column per option, which gives R's shares
    (svymean(~factor(stype), dclus1): the option 'E' chosen by the elementary schools)."""
    clus1 = read("apiclus1")
    picks = [[s] + (["award"] if a == "Yes" else []) for s, a in zip(clus1["stype"], clus1["awards"], strict=True)]
    df = clus1.assign(multi=picks, rec=[{"k": i % 3} for i in range(len(clus1))])
    d = sk.Design(df, weights="pw", ids="dnum", fpc="fpc")
    for call in (lambda: sk.mean(d, "multi"), lambda: sk.mean(d, "api00", by="multi"),
                 lambda: sk.chisq(d, "multi", "stype"), lambda: sk.regress(d, "api00 ~ multi")):
        with pytest.raises(DataError, match=r"column 'multi' holds lists \(\['H', 'award'\] in row 0\)"):
            call()
    with pytest.raises(DataError, match=r"column 'rec' holds dicts .*\.str\.get\('x'\)"):
        sk.proportion(d, "rec")
    with pytest.raises(DataError) as err:
        sk.mean(d, "multi")
    space = {"design": d}
    exec(str(err.value).split("dummies = ", 1)[1].replace("; design = ", "\ndesign = ", 1)
         .rstrip(".").join(("dummies = ", "")), space)
    got = sk.mean(space["design"], ["multi__E", "multi__H", "multi__M"])
    got = got[got["level"] == "True"]
    ref = R["svymean_stype_dclus1"]
    np.testing.assert_allclose(got["estimate"], ref["estimate"], rtol=1e-9)
    np.testing.assert_allclose(got["std_error"], ref["se"], rtol=1e-9)


def test_an_index_named_as_a_column() -> None:
    """An index named as a column (df.set_index('id', drop=False), a renamed axis): sk.table raised
    pandas' "'stype' is both an index level and a column label, which is ambiguous". The
    design keeps the labels without their name; the numbers are those of the same rows under a
    plain index, and the domain shares equal R's svyby(~api99, ~stype, dclus1, svymean)."""
    strat = read("apistrat")
    named = strat.set_axis(strat["stype"].astype(str) + strat.index.astype(str)).rename_axis("stype")
    kw = {"weights": "pw", "strata": "stype", "fpc": "fpc", "ids": 1}
    got = sk.table(sk.Design(named, **kw), rows=["sch.wide"], by="stype").estimates
    plain = sk.table(sk.Design(strat, **kw), rows=["sch.wide"], by="stype").estimates
    pd.testing.assert_frame_equal(got, plain)
    clus1 = read("apiclus1")
    d = sk.Design(clus1.set_index("snum", drop=False).rename_axis("stype"), weights="pw", ids="dnum", fpc="fpc")
    by = sk.table(d, rows=["api99"], by="stype", stat="mean").estimates
    np.testing.assert_allclose(by["estimate"], R["svyby_api99_stype_dclus1"]["estimate"], rtol=1e-9)
    assert d.data.index.tolist() == clus1["snum"].tolist()


def _arrow_nan(s: pd.Series) -> pd.Series:
    """``s`` as double[pyarrow] with NaN, not null, where it is missing (0/0 in pyarrow, R
    arrow's NaN written to parquet): pandas' isna() is False there."""
    values = s.astype(float).to_numpy()
    out = pd.Series(pd.arrays.ArrowExtensionArray(pa.array(values, from_pandas=False)), index=s.index)
    assert not out.isna().any() and np.isnan(values).any()
    return out


def test_nan_in_an_arrow_float_column_is_missing() -> None:
    """NaN in an Arrow float column, which pandas' isna() does not call missing: regress said
    the column had 'infinite value(s)' and proposed making them np.nan, by= raised pandas'
    'Categorical categories cannot be null', a weight NaN was 'non-numeric or infinite'. NaN is
    missing, as R's is.na(NaN): R's svyolr(mealcat ~ avg.ed + mobility + stype, dclus1), avg.ed
    missing in 26 rows."""
    clus1 = frame("apiclus1", "categorical")
    d = sk.Design(clus1.assign(**{"avg.ed": _arrow_nan(clus1["avg.ed"])}), weights="pw", ids="dnum", fpc="fpc")
    got = sk.olr(d, "mealcat ~ avg.ed + mobility + C(stype)")
    np.testing.assert_allclose(got["estimate"], R["svyolr_dclus1"]["estimate"], rtol=1e-7)
    by = sk.mean(d, "api00", by="avg.ed")
    assert by["n"].sum() == clus1["avg.ed"].notna().sum()
    with pytest.raises(DesignError, match="weights column 'pw' has 1 missing value"):
        sk.Design(clus1.assign(pw=_arrow_nan(clus1["pw"].where(clus1.index != 3))), weights="pw", ids="dnum")


def test_olr_messages_name_the_callers_formula() -> None:
    """olr fits an internal '_olr_response_ ~ ...'; a refusal of a predictor quoted that
    formula instead of the caller's."""
    clus1 = frame("apiclus1", "categorical")
    d = sk.Design(clus1.assign(**{"avg.ed": clus1["avg.ed"].fillna(np.inf)}), weights="pw", ids="dnum", fpc="fpc")
    with pytest.raises(DataError, match=r"'avg\.ed' of 'mealcat ~ avg\.ed \+ mobility' has 26 infinite") as err:
        sk.olr(d, "mealcat ~ avg.ed + mobility")
    assert "_olr_response_" not in str(err.value)


@pytest.mark.parametrize("kind", ["datetime64[us]", "timedelta"])
def test_dates_in_a_column_named_with_brackets_refused_with_code_that_runs(kind: str) -> None:
    """A date column named as survey tools name them ('Start Date (UTC)', Typeform's): ratio and
    regress cut their proposed code at the column name's ' (' (design.data['Start Date}), code
    that does not run. The code now runs and gives R's svyratio(~api00, ~api99, dclus1): the
    days since 2023-01-01 (or of the duration) are api00."""
    clus1 = read("apiclus1")
    days = pd.to_timedelta(clus1["api00"], unit="D")
    name = "Start Date (UTC)"
    df = clus1.assign(**{name: days if kind == "timedelta" else pd.Timestamp("2023-01-01") + days})
    d = sk.Design(df, weights="pw", ids="dnum", fpc="fpc")
    with pytest.raises(DataError, match="holds dates") as err:
        sk.ratio(d, name, "api99")
    fixed = eval(_code(str(err.value), "make a number of it first: "), {"pd": pd, "design": d})
    got = sk.ratio(fixed, name, "api99")
    np.testing.assert_allclose(got["estimate"], R["svyratio_api00_api99"]["estimate"], rtol=1e-9)
    with pytest.raises(DataError, match="which holds dates") as err:
        sk.regress(d, f"api00 ~ `{name}`")
    space = {"pd": pd, "design": d}
    exec(_code(str(err.value), "Make a number of it first: ").split(", and use")[0], space)
    assert space["design"].data[f"{name}_n"].to_numpy(float) == pytest.approx(clus1["api00"].to_numpy(float))


def test_a_comma_that_may_separate_thousands_is_named_both_ways() -> None:
    """'1,250', '12,500' (an English export's thousands separator, or a Nordic decimal comma: three
    digits after every comma, the values do not tell): mean's warning, quantile's, ratio's and
    regress' messages proposed .str.replace(',', '.') as a decimal comma without a word, so
    12,500 became 12.5; and population totals '4,421' were 'written with a decimal comma'
    (4.421). Each now names both readings; the thousands reading's code gives R's numbers
    (api00 written with a thousands comma: R's svymean(~api00, dclus1) and its quantiles)."""
    clus1 = read("apiclus1")
    text = clus1.assign(api=[f"{v * 10:,d}" for v in clus1["api00"]])   # 6,930: 6930 = api00 x 10
    assert text["api"].str.contains(",").all()
    d = sk.Design(text, weights="pw", ids="dnum", fpc="fpc")
    ref = R["svymean_api00_dclus1"]
    with pytest.warns(sk.SurveykitWarning, match="a thousands separator") as caught:
        sk.mean(d, "api")
    message = str(caught[0].message)
    assert "decimal=','" not in message
    code = _code(message, "convert the column first: ").split(" (that reads")[0].replace(".str.replace(',', '.')",
                                                                                       ".str.replace(',', '')")
    assert "use .str.replace(',', '') in its place" in message
    df = text.copy()
    exec(code, {"pd": pd, "df": df})
    got = sk.mean(sk.Design(df, weights="pw", ids="dnum", fpc="fpc"), "api")
    np.testing.assert_allclose(got.loc[0, ["estimate", "std_error"]].to_numpy(float),
                               np.array([ref["estimate"], np.ravel(ref["se"])[0]]) * 10, rtol=1e-9)
    for call in (lambda: sk.quantile(d, "api", [.5]), lambda: sk.ratio(d, "api", "api99"),
                 lambda: sk.regress(d, "api ~ 1")):
        with pytest.raises((DataError, DesignError), match="if it separates thousands"):
            call()
    with pytest.raises(DesignError, match="may separate thousands") as err:
        sk.poststratify(sk.Design(clus1, weights="pw", ids="dnum", fpc="fpc"), "stype",
                        pd.DataFrame({"stype": ["E", "H", "M"], "Freq": ["4,421", "755", "1,018"]}))
    assert "4,421 = 4421" in str(err.value) and "4,421 = 4.421" in str(err.value)
