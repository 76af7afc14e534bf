"""Replicate-weight designs on files shaped as agencies publish them, against R survey 4.1-1.

The data and every reference number come from tests/data/r-rep-real/make_real.R (R only; the
shapes and where they were learned are in PROVENANCE.md there): an ACS PUMS person file merged
with its housing file (Census CSV: no quotes, blanks, SERIALNO text, PUMA/SPORDER with leading
zeros, PWGTP1..80 and WGTP1..80 with a few negative cells, group-quarters units of weight 0), a
CPS ASEC person file joined to its replicate-weight file (PWWGT0 = the full-sample weight beside
PWWGT1..160) and a RECS 2015-shaped file as R's write.csv writes it (quoted text, "NA"), Fay BRR.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DataError, DesignError, SurveykitWarning
from surveykit.io import read_export

HERE = Path(__file__).parent / "data" / "r-rep-real"
REF = json.loads((HERE / "real_ref.json").read_text(encoding="utf-8"))
CODES = {"SERIALNO": str, "SPORDER": str, "PUMA": str, "ST": str}
SDR = {"replicate_type": "successive-difference", "mse": True}


def _close(got, want, rtol=1e-9):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.atleast_1d(want), rtol=rtol)


def _check(res, ref, rtol=1e-9):
    _close(res["estimate"], ref["estimate"], rtol)
    _close(res["std_error"], ref["se"], rtol)


def _acs(how: str) -> pd.DataFrame:
    f = HERE / "acs_merged.csv"
    if how == "surveykit.io":
        return read_export(f).data
    kw = {"dtype": CODES}
    if how != "numpy":
        kw["dtype_backend"] = how
    return pd.read_csv(f, **kw)


@pytest.mark.parametrize("how", ["numpy", "numpy_nullable", "pyarrow", "surveykit.io"])
def test_acs_person_file_equals_r_however_read(how):
    """The merged person file read by pandas (numpy, nullable or Arrow dtypes) or by surveykit's
    reader: blanks, text codes and negative replicate cells give R's numbers."""
    df = _acs(how)
    assert df["PUMA"].astype(str).str.len().eq(5).all()  # '00100' kept as text
    ref = REF["acs_person"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
        assert d.degf == ref["degf"]
        assert int((d.replicate_weights.to_numpy() < 0).sum()) == ref["negative_cells"]
        _check(sk.mean(d, ["WAGP"]), ref["mean_wagp"])
        _check(sk.total(d, ["AGEP"]), ref["total_agep"])
        by = sk.mean(d, ["WAGP"], by="PUMA")
        assert by["PUMA"].astype(str).tolist() == ["00100", "00200", "00300"]
        _check(by, ref["by_puma_wagp"])
        _check(sk.ratio(d.subset(df["WAGP"].notna().to_numpy()), "WAGP", "AGEP"), ref["ratio_wagp_agep"])


def test_acs_housing_rows_of_merged_file_equal_r():
    """One row per housing unit of the merged file (group-quarters units: WGTP and WGTP1..80 = 0)."""
    df = _acs("numpy")
    heads = df[df["SPORDER"] == "01"].reset_index(drop=True)
    ref = REF["acs_housing"]
    assert len(heads) == ref["rows"]
    d = sk.Design(heads, weights="WGTP", repweights="^WGTP[0-9]+$", replicate_type="ACS", mse=True)
    assert d.degf == ref["degf"]
    _check(sk.mean(d, ["HINCP"]), ref["mean_hincp"])
    _check(sk.total(d, ["NP"]), ref["total_np"])


def test_a_pattern_matching_person_and_housing_replicates_is_refused():
    """'WGTP[0-9]+' (tidycensus' and many R scripts' pattern for housing weights) also matches
    PWGTP1..80 in a merged file: R's grep takes all 160 as one design's replicates (scale 4/160)
    and gives a wrong SE that looks right (11973.5 instead of 10026.7 in R here). Before: taken
    silently, as R."""
    heads = _acs("numpy").query("SPORDER == '01'").reset_index(drop=True)
    wrong = REF["acs_housing"]["unanchored"]
    assert wrong["replicates"] == 160
    assert abs(wrong["mean_hincp"]["se"] / REF["acs_housing"]["mean_hincp"]["se"] - 1) > 0.1
    with pytest.raises(DesignError, match=r"matches columns of 2 kinds \(80 like 'PWGTP1' \.\.\. "
                       r"'PWGTP80'; 80 like 'WGTP1' \.\.\. 'WGTP80'\).*'\^WGTP\[0-9\]\+\$'"):
        sk.Design(heads, weights="WGTP", repweights="WGTP[0-9]+", replicate_type="ACS", mse=True)


def test_replicate_columns_read_as_text_are_named_with_the_fix():
    """A PUMS file read with dtype=str (to keep its leading zeros) has its weights as text. Before:
    'replicate weight column 'PWGTP1' is not numeric (str).' with no way out; after converting
    as the message says, R's numbers."""
    df = pd.read_csv(HERE / "acs_merged.csv", dtype=str)
    df["PWGTP"] = pd.to_numeric(df["PWGTP"])
    with pytest.raises(DesignError, match=r"80 of the 80 replicate weight columns are not numeric "
                       r"\('PWGTP1', .*'PWGTP1' is str, e\.g\. \[.*\]\)\. Convert them first.*pd\.to_numeric"):
        sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    cols = [f"PWGTP{i}" for i in range(1, 81)]
    df[cols] = df[cols].apply(pd.to_numeric)
    df["WAGP"] = pd.to_numeric(df["WAGP"])
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    _check(sk.mean(d, ["WAGP"]), REF["acs_person"]["mean_wagp"])


def test_cps_full_sample_weight_among_the_replicates_warns():
    """The CPS ASEC replicate file has PWWGT0 (= MARSUPWT) beside PWWGT1..160: '^PWWGT[0-9]+$'
    takes it as a 161st replicate, as R's grep does (SE 5475.5 instead of 5492.6 in R). Before:
    silent. The pattern without it gives R's numbers with 160 replicates."""
    df = pd.read_csv(HERE / "cps_asec.csv", dtype={"PERIDNUM": str})
    ref = REF["cps"]
    with pytest.warns(SurveykitWarning, match=r"replicate column\(s\) \['PWWGT0'\] equal the full-sample "
                      r"weights 'MARSUPWT' in every row.*one of the 161 replicates"):
        d0 = sk.Design(df, weights="MARSUPWT", repweights="^PWWGT[0-9]+$", **SDR)
    assert d0.replicates.count == ref["with_pwwgt0"]["replicates"] == 161
    _check(sk.mean(d0, ["PTOTVAL"]), ref["with_pwwgt0"]["mean_ptotval"])  # what R gives, too
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        d = sk.Design(df, weights="MARSUPWT", repweights="^PWWGT[1-9][0-9]*$", **SDR)
    assert d.replicates.count == ref["replicates"] == 160
    assert d.replicates.matrix.dtype == np.float32  # whole numbers above int16
    _check(sk.mean(d, ["PTOTVAL"]), ref["mean_ptotval"])
    _check(sk.mean(d, ["PTOTVAL"], by="A_SEX"), ref["by_sex_ptotval"])


@pytest.fixture(scope="module")
def recs():
    df = pd.read_csv(HERE / "recs_shaped.csv")
    return sk.Design(df, weights="NWEIGHT", repweights="BRRWT[0-9]+", replicate_type="Fay", rho=0.5,
                     mse=True)


def test_recs_fay_brr_equals_r(recs):
    ref = REF["recs"]
    assert recs.replicates.scale == pytest.approx(ref["scale"], rel=1e-14)
    assert recs.degf == ref["degf"]
    _check(sk.mean(recs, ["DOLLAREL"]), ref["mean_dollarel"])
    _check(sk.mean(recs, ["WinterTempNight"]), ref["mean_tempnite"])
    _check(sk.mean(recs, ["DOLLAREL"], by="Region"), ref["by_region_dollarel"])
    _check(sk.ratio(recs, "DOLLAREL", "TOTSQFT_EN"), ref["ratio"])
    q = sk.quantile(recs, "DOLLAREL", q=[0.25, 0.5])
    _check(q, ref["quantile_dollarel"])
    _close(q["conf_low"], ref["quantile_dollarel"]["low"])
    _close(q["conf_high"], ref["quantile_dollarel"]["high"])
    p = sk.proportion(recs, "Region", level="South", method="logit")
    _close(p["estimate"], ref["ciprop_south"]["estimate"])
    _close(p[["conf_low", "conf_high"]].to_numpy().ravel(), ref["ciprop_south"]["ci"])
    c = sk.chisq(recs, "Region", "HousingUnitType")
    _close(c[["statistic", "df_num", "df", "p_value"]].to_numpy().ravel(),
           [ref["chisq"][k] for k in ("F", "ndf", "ddf", "p")], 1e-8)
    g = sk.regress(recs, "DOLLAREL ~ TOTSQFT_EN + Region")
    _close(g["estimate"], ref["glm"]["coef"])
    _close(g["std_error"], ref["glm"]["se"])


def test_r_written_na_among_numbers_warns_and_converts_to_r():
    """R's write.csv writes a missing number as NA; surveykit's reader keeps such a column as
    text, and mean() gave a share per temperature with 'NA' as one of them, silently (the warning
    on numbers held as text looked for numbers only). Converted as the warning says: R's mean."""
    df = read_export(HERE / "recs_shaped.csv").data
    d = sk.Design(df, weights="NWEIGHT", repweights="^BRRWT[0-9]+$", replicate_type="Fay", rho=0.5,
                  mse=True)
    with pytest.warns(SurveykitWarning, match=r"'WinterTempNight' is text whose values are all numbers "
                      r"but 'NA', a missing value written as text.*replace\(\['NA'\], None\)"):
        shares = sk.mean(d, ["WinterTempNight"])
    assert "NA" in shares["level"].tolist()
    df["WinterTempNight"] = pd.to_numeric(df["WinterTempNight"].replace(["NA"], None))
    d = sk.Design(df, weights="NWEIGHT", repweights="^BRRWT[0-9]+$", replicate_type="Fay", rho=0.5,
                  mse=True)
    _check(sk.mean(d, ["WinterTempNight"]), REF["recs"]["mean_tempnite"])


def test_meps_half_sample_flags_warn_and_doubled_equal_r():
    """MEPS's BRR file holds BRR1..BRR128 as half-sample flags 0/1 (AHRQ's own example weights a
    replicate by 2 x flag x PERWT17F). Taken as factors, the SE of a total is half R's (with the
    flags, R gives 1.14e9 instead of 2.28e9; the mean's SE is unchanged, so nothing looks wrong).
    Before: silent, as R. Doubled: R's numbers."""
    df = pd.read_csv(HERE / "meps_brr.csv", dtype={"DUPERSID": str})
    ref = REF["meps"]
    with pytest.warns(SurveykitWarning, match=r"every replicate factor is 0 or 1 \(the columns\).*half-sample "
                      r"flags.*2 x flag"):
        d = sk.Design(df, weights="PERWT17F", repweights="^BRR[0-9]+$", combined_weights=False,
                      replicate_type="BRR")
    _check(sk.total(d, ["TOTEXP17"]), ref["flags_as_factors"]["total_totexp"])  # R's, as R takes them
    _close(ref["total_totexp"]["se"] / ref["flags_as_factors"]["total_totexp"]["se"], 2.0)
    cols = [f"BRR{i}" for i in range(1, 129)]
    with pytest.warns(SurveykitWarning, match=r"columns equal to 0 or the weight"):
        sk.Design(df.assign(**{c: df[c] * df["PERWT17F"] for c in cols}), weights="PERWT17F",
                  repweights="^BRR[0-9]+$", replicate_type="BRR")
    df[cols] = df[cols] * 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        d = sk.Design(df, weights="PERWT17F", repweights="^BRR[0-9]+$", combined_weights=False,
                      replicate_type="BRR")
    _check(sk.total(d, ["TOTEXP17"]), ref["total_totexp"])
    _check(sk.mean(d, ["TOTEXP17"]), ref["mean_totexp"])


def test_provenance_lists_every_file_with_its_md5():
    import hashlib
    import re

    text = (HERE / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = {name: md5 for md5, name in re.findall(r"`([0-9a-f]{32})  ([\w.]+)`", text)}
    assert set(listed) == {p.name for p in HERE.iterdir()} - {"PROVENANCE.md"}
    for name, md5 in listed.items():
        assert hashlib.md5((HERE / name).read_bytes()).hexdigest() == md5, name


def test_a_missing_replicate_cell_is_named_by_its_line_in_the_file(tmp_path):
    """A person whose housing unit is missing from the housing file (a left merge) has blank
    WGTP1..80. surveykit's reader labels rows by their line in the file; the message gave the
    0-based position only ('row 5' for line 7). Before: 'first at row 5'."""
    lines = (HERE / "acs_merged.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[6].split(",")
    for i, name in enumerate(head):
        if name.startswith("WGTP"):
            cells[i] = ""
    lines[6] = ",".join(cells)
    f = tmp_path / "merged_left.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df = read_export(f).data
    with pytest.raises(DesignError, match=r"1 row\(s\) have no value in any of the 80 replicate weight columns "
                       r"\('WGTP1' ... 'WGTP80'; first at row 5 \(row 7 of the file\)\)"):
        sk.Design(df, weights="PWGTP", repweights="^WGTP[0-9]+$", replicate_type="ACS", mse=True)
    with pytest.raises(DesignError, match=r"weights column 'WGTP' has 1 missing value\(s\) \(first at "
                       r"row 5 \(row 7 of the file\)\)"):
        sk.Design(df, weights="WGTP", repweights="^WGTP[0-9]+$", replicate_type="ACS", mse=True)


def test_pums_blank_code_b_among_numbers_warns_and_converts_to_r(tmp_path):
    """The PUMS data dictionary writes a blank (N/A) as 'b' ('bbbbbbb' for a 7-digit field); a file
    that carries it has WAGP read as text, and mean() gave a share per wage with 'bbbbbbb' as one
    of them, silently. Converted as the warning says: R's mean (the blanks are NA)."""
    df = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES)
    df["WAGP"] = df["WAGP"].map(lambda v: "bbbbbbb" if pd.isna(v) else str(int(v)))
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    with pytest.warns(SurveykitWarning, match=r"'WAGP' is text whose values are all numbers but 'bbbbbbb', "
                      r"a missing value written as text.*replace\(\['bbbbbbb'\], None\)"):
        sk.mean(d, ["WAGP"])
    df["WAGP"] = pd.to_numeric(df["WAGP"].replace(["bbbbbbb"], None))
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    _check(sk.mean(d, ["WAGP"]), REF["acs_person"]["mean_wagp"])


def test_cps_weights_scaled_apart_warn():
    """The CPS ASEC writes MARSUPWT and PWWGT1..160 with two implied decimals; dividing only the
    full-sample weight by 100 leaves the replicates 100 times too large: the total's SE is then
    about 100 times R's while means look right. Before: silent (as R). Scaled alike: R's mean."""
    df = pd.read_csv(HERE / "cps_asec.csv", dtype={"PERIDNUM": str})
    cols = [f"PWWGT{i}" for i in range(1, 161)]
    half = df.assign(MARSUPWT=df["MARSUPWT"] / 100)
    with pytest.warns(SurveykitWarning, match=r"add up, on average, to 99\.95 times the full-sample "
                      r"weights' total: one of them looks scaled by 10\^2"):
        sk.Design(half, weights="MARSUPWT", repweights="^PWWGT[1-9][0-9]*$", **SDR)
    both = half.assign(**{c: df[c] / 100 for c in cols})
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        d = sk.Design(both, weights="MARSUPWT", repweights="^PWWGT[1-9][0-9]*$", **SDR)
    _check(sk.mean(d, ["PTOTVAL"]), REF["cps"]["mean_ptotval"])


@pytest.mark.parametrize(("given", "meant"), [("sdr", "successive-difference"), ("SDR", "successive-difference"),
                                              ("successive difference", "successive-difference"),
                                              ("fay", "Fay"), ("brr", "BRR"), ("acs", "ACS"), ("jk1", "JK1")])
def test_a_replicate_type_in_another_spelling_is_refused_with_the_name(given, meant):
    """The agency's documentation or Stata's vce(sdr) say 'SDR', 'Fay', 'BRR': refused as before
    (the type sets the scale; it is never guessed), now naming the type meant. Before: the list only."""
    df = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES)
    with pytest.raises(DesignError, match=rf"replicate_type='{given}' is not one of .* Did you mean '{meant}'\?"):
        sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", replicate_type=given, rho=0.5)


def test_quantile_of_pums_numbers_as_text_says_how_to_convert():
    """Before: "quantile: 'WAGP' must be numeric, got str." (no values, no way out)."""
    df = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES)
    df["WAGP"] = df["WAGP"].map(lambda v: "bbbbbbb" if pd.isna(v) else str(int(v)))
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    with pytest.raises(DesignError, match=r"quantile: 'WAGP' must be numeric, got str \(values such as "
                       r"'.*'\); if they are numbers, convert them: df\['WAGP'\] = pd\.to_numeric"):
        sk.quantile(d, "WAGP", q=[0.5])


def test_chis_rakedw0_weights_and_rakedw_1_to_80_equal_r():
    """CHIS: RAKEDW0 is the full-sample weight and RAKEDW1..80 the replicates (type "other",
    scale 1, rscales 1, mse TRUE); R users match them with the unanchored "RAKEDW[1-9]". The
    pattern that takes RAKEDW0 too is refused (pre-existing), and the pattern it proposed,
    '^RAKEDW0[0-9]+$', matched no column; now '^RAKEDW[1-9][0-9]*$'. Before: the wrong proposal."""
    df = pd.read_csv(HERE / "chis_adult.csv", dtype={"PUF1Y_ID": str})
    df["AB1"] = pd.Categorical(df["AB1"])
    ref = REF["chis"]
    args = {"weights": "RAKEDW0", "replicate_type": "other", "scale": 1, "rscales": 1, "mse": True}
    with pytest.raises(DesignError, match=r"anchor the pattern \(e\.g\. '\^RAKEDW\[1-9\]\[0-9\]\*\$'\)"):
        sk.Design(df, repweights="^RAKEDW[0-9]+$", **args)
    for pattern in ("RAKEDW[1-9]", "^RAKEDW[1-9][0-9]*$"):
        d = sk.Design(df, repweights=pattern, **args)
        assert d.replicates.count == ref["replicates"] and d.degf == ref["degf"]
        _check(sk.mean(d, ["SRAGE_P1"]), ref["mean_age"])
        _check(sk.mean(d, ["AB1"]), ref["health"])
        _check(sk.mean(d, ["SRAGE_P1"], by="SRSEX"), ref["by_sex_age"])


@pytest.mark.parametrize("call", ["quantile", "ratio"])
def test_the_conversion_a_text_column_s_refusal_proposes_works(call):
    """The refusal of PUMS numbers held as text with the blank code proposes a conversion that
    runs and gives the numbers (it proposed pd.to_numeric(...), which refuses 'bbbbbbb')."""
    df = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES)
    df["WAGP"] = df["WAGP"].map(lambda v: "bbbbbbb" if pd.isna(v) else str(int(v)))
    d = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    with pytest.raises(DataError if call == "ratio" else DesignError) as err:
        sk.quantile(d, "WAGP", q=[0.5]) if call == "quantile" else sk.ratio(d, "WAGP", "PWGTP")
    proposed = re.search(r"pd\.to_numeric\((df|design\.data)\['WAGP'\](\.replace\(.*?, None\))?\)", str(err.value))
    assert proposed and ".replace(['bbbbbbb'], None)" in proposed.group(0)
    converted = eval(proposed.group(0), {"pd": pd, "df": df, "design": d})   # the code the message proposes
    assert converted.isna().sum() == (df["WAGP"] == "bbbbbbb").sum() > 0


def test_waves_stacked_with_other_replicate_names_are_said_to_be_that():
    """Two waves stacked whose replicates have other names (PWGTP1..80, then REPWT1..80): the
    rows of the second wave have none of the first's. The refusal said 'column PWGTP1 has 1000
    missing values ... fill them', as if a few cells were empty; it now names the rows without
    any replicate weight and what to do (one design per file, or one set of names)."""
    one = pd.read_csv(HERE / "acs_merged.csv", dtype=CODES)
    two = one.rename(columns={f"PWGTP{r}": f"REPWT{r}" for r in range(1, 81)})
    stacked = pd.concat([one, two], ignore_index=True)
    with pytest.raises(DesignError, match=rf"{len(two)} row\(s\) have no value in any of the 80 replicate weight "
                       rf"columns \('PWGTP1' ... 'PWGTP80'; first at row {len(one)}\).*one design per file.*rename"):
        sk.Design(stacked, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
    cells = one.copy()
    cells.loc[3, "PWGTP7"] = np.nan   # one empty cell: the cell is named, as before
    with pytest.raises(DesignError, match=r"column 'PWGTP7' has 1 missing or infinite value\(s\) \(first at row 3\)"):
        sk.Design(cells, weights="PWGTP", repweights="^PWGTP[0-9]+$", **SDR)
