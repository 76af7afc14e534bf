"""`codebook draft` on exports that come with replicate weights, written the way agencies publish
them (a CSV with a full-sample weight and numbered replicate columns: the ACS PUMS's PWGTP and
PWGTP1..80, the RECS's NWEIGHT and BRRWT1..96): the weights are the design, not questions; the
draft writes `weighting.replicates`, the ACS layout with its documented type, any other with its
type left for a person to fill in (validate stops until then), and the report's numbers are
those of the replicate design (sk.Design with the same settings, and R's svrepdesign)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import surveykit as sk
from surveykit import cli
from surveykit.config import load_config
from surveykit.scaffold.replicate_weights import replicate_blocks

# init, copy the export into data/raw, codebook draft
from tests.test_sav_unseen import _study as _draft

REP = Path(__file__).parent / "data" / "r-survey-rep"


def _build(study: Path) -> int:
    return cli.main(["-q", "build", "--study", str(study), "--jobs", "1", "--formats", "png", "--dpi", "72"])


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _report_items(study: Path) -> set[str]:
    recipe = _yaml(study / "config" / "report.yaml")
    return {i for spec in [*(recipe.get("figures") or []), *(recipe.get("tables") or [])] for i in spec["items"]}


def _means(study: Path) -> pd.DataFrame:
    return pd.read_csv(study / "reports" / "tables" / "numbers.csv").set_index("variable")


def test_acs_pums_file_drafts_its_successive_difference_design_and_builds_r_numbers(tmp_path):
    """PWGTP and PWGTP1..80 (the Census Bureau's layout): successive-difference, mse true, built
    as it is; the report's means equal sk.Design's and R's svrepdesign(type="successive-difference",
    mse=TRUE) (tests/data/r-survey-rep, design `sdr`)."""
    export = REP / "data" / "acs_synthetic.csv"
    study = _draft(tmp_path, export)
    cb = _yaml(study / "config" / "codebook.yaml")
    by_column = {v["sources"]["1"].get("column"): v for v in cb["variables"]}
    assert by_column["PWGTP"]["type"] == "numeric" and by_column["PWGTP80"]["type"] == "numeric"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'PWGTP' is the full-sample weight and 'PWGTP1' … 'PWGTP80' (80 columns) its replicate weights" in text
    weighting = load_config(study / "surveykit.yaml").weighting
    assert weighting.method == "none" and not weighting.margins and weighting.population is None
    assert weighting.replicates == {"weights": "pwgtp", "repweights": "^pwgtp[0-9]+$",
                                    "replicate_type": "successive-difference", "scale": None, "rscales": None,
                                    "rho": None, "mse": True, "combined_weights": True}
    items = _report_items(study)
    assert not {i for i in items if i.startswith("pwgtp")}       # no means of weights
    assert {"agep", "employed"} <= items

    assert _build(study) == 0
    got = _means(study)
    df = pd.read_csv(export)
    design = sk.Design(df, weights="PWGTP", repweights="^PWGTP[0-9]+$", replicate_type="successive-difference",
                       mse=True)
    want = sk.mean(design, ["agep", "employed"]).set_index("variable")
    r = json.loads((REP / "out" / "acs_rep.out.json").read_text(encoding="utf-8"))["results"]
    for var in ("agep", "employed"):
        assert got.loc[var, "estimate"] == pytest.approx(want.loc[var, "estimate"], rel=1e-12)
        assert got.loc[var, "std_error"] == pytest.approx(want.loc[var, "std_error"], rel=1e-12)
        assert got.loc[var, "df"] == 79                               # R's degf: 80 replicates - 1
        row = next(x for x in r if x["id"] == f"sdr/mean_{var}")["result"]["rows"][0]
        assert got.loc[var, "estimate"] == pytest.approx(row["estimate"], rel=1e-10)
        assert got.loc[var, "std_error"] == pytest.approx(row["se"], rel=1e-10)


def _recs_like(path: Path, n: int = 400, reps: int = 24, seed: int = 7) -> pd.DataFrame:
    """A RECS-shaped file: DOEID, answers, NWEIGHT and Fay replicates BRRWT1..R (rho 0.5: each
    replicate weights a half-sample's units 1.5 and the other's 0.5)."""
    rng = np.random.default_rng(seed)
    weight = np.round(rng.uniform(1000, 30000, n), 6)
    half = rng.integers(0, 2, size=(n, reps)) * 2 - 1
    df = pd.DataFrame({"DOEID": np.arange(10001, 10001 + n),
                       "Region": rng.choice(["Midwest", "Northeast", "South", "West"], n),
                       "DOLLAREL": np.round(rng.gamma(4, 350, n), 2),
                       "NWEIGHT": weight})
    for r in range(reps):
        df[f"BRRWT{r + 1}"] = np.round(weight * (1 + 0.5 * half[:, r]), 6)
    df.to_csv(path, index=False)
    return df


def test_replicates_of_unknown_type_are_drafted_for_review_and_validate_stops_until_filled(tmp_path, capsys):
    """NWEIGHT and BRRWT1..24: the draft cannot know the type; validate names `type` and `mse`
    and writes nothing; filled in (Fay, rho 0.5, mse true, as the RECS documents) the report's
    means are the Fay design's. DOEID is the respondent id, not a question."""
    export = tmp_path / "recs2015_public_v4.csv"
    df = _recs_like(export)
    study = _draft(tmp_path, export)
    cb = _yaml(study / "config" / "codebook.yaml")
    ids = [v for v in cb["variables"] if v["type"] == "id"]
    assert [v["sources"]["1"]["column"] for v in ids] == ["DOEID"] and ids[0]["name"] == "respondent_id"
    assert not any(v["type"] == "numeric" and v["sources"]["1"]["column"] == "DOEID" for v in cb["variables"])
    items = _report_items(study)
    assert "dollarel" in items and not {i for i in items if i.startswith(("brrwt", "nweight", "doeid"))}
    yml = (study / "surveykit.yaml").read_text(encoding="utf-8")
    block = _yaml(study / "surveykit.yaml")["weighting"]
    assert block["method"] == "none" and "margins" not in block and "population" not in block
    assert block["replicates"] == {"weights": "nweight", "columns": "^brrwt[0-9]+$", "type": None, "mse": None}
    assert re.search(r"REVIEW: how these replicate weights were made cannot be read from the data", yml)

    capsys.readouterr()
    assert cli.main(["-q", "validate", "--study", str(study)]) == 2
    err = capsys.readouterr().err
    assert "`weighting.replicates.type`" in err and "`type` and `mse`" in err and "documentation" in err
    assert not (study / "data" / "processed" / "responses.parquet").exists()
    assert _build(study) == 2

    yml = re.sub(r"(?m)^    type: .*$", "    type: Fay\n    rho: 0.5", yml)
    (study / "surveykit.yaml").write_text(yml, encoding="utf-8")
    assert cli.main(["-q", "validate", "--study", str(study)]) == 2   # the type alone: mse still to fill in
    err = capsys.readouterr().err
    assert "`weighting.replicates.mse`: `mse` of the replicate weights is not filled in" in err
    yml = re.sub(r"(?m)^    mse: .*$", "    mse: true", yml)
    (study / "surveykit.yaml").write_text(yml, encoding="utf-8")
    assert _build(study) == 0
    got = _means(study)
    design = sk.Design(df, weights="NWEIGHT", repweights="^BRRWT[0-9]+$", replicate_type="Fay", rho=0.5, mse=True)
    want = sk.mean(design, ["DOLLAREL"]).iloc[0]
    assert got.loc["dollarel", "estimate"] == pytest.approx(want["estimate"], rel=1e-12)
    assert got.loc["dollarel", "std_error"] == pytest.approx(want["std_error"], rel=1e-12)
    unweighted = sk.mean(sk.Design(df.assign(one=1.0), weights="one"), ["DOLLAREL"]).iloc[0]
    assert got.loc["dollarel", "estimate"] != pytest.approx(unweighted["estimate"], rel=1e-6)


def test_pwgtp_without_the_acs_80_replicates_is_not_taken_as_known(tmp_path):
    """The ACS's type is known only for its layout (80 replicates): PWGTP1..40 is left for review."""
    rng = np.random.default_rng(3)
    w = rng.integers(20, 400, 120)
    df = pd.DataFrame({"SERIALNO": [f"2023HU{i:07d}" for i in range(120)], "AGEP": rng.integers(18, 90, 120),
                       "PWGTP": w, **{f"PWGTP{i}": np.maximum(0, w + rng.integers(-20, 20, 120)) for i in range(1, 41)}})
    export = tmp_path / "psam_p_extract.csv"
    df.to_csv(export, index=False)
    study = _draft(tmp_path, export)
    rep = _yaml(study / "surveykit.yaml")["weighting"]["replicates"]
    assert rep == {"weights": "pwgtp", "columns": "^pwgtp[0-9]+$", "type": None, "mse": None}
    assert _build(study) == 2


def test_numbered_questions_and_weights_alone_are_no_replicate_design():
    """Numbered questions, body weights wt1..wt3 with no full-sample weight, and replicate-like
    columns holding text or negative numbers are no block."""
    rng = np.random.default_rng(1)
    n = 50
    plain = pd.DataFrame({"id": range(n), **{f"q{i}": rng.integers(1, 6, n) for i in range(1, 6)},
                          **{f"wt{i}": rng.uniform(50, 90, n) for i in range(1, 4)}})
    assert replicate_blocks(plain) == []
    negative = pd.DataFrame({"finwt": rng.uniform(1, 9, n), **{f"repwt{i}": rng.normal(0, 1, n) for i in range(1, 5)}})
    assert replicate_blocks(negative) == []
    gap = pd.DataFrame({"finwt": rng.uniform(1, 9, n), "repwt1": 1.0, "repwt3": 1.0})
    assert replicate_blocks(gap) == []
    pisa = pd.DataFrame({"CNTSTUID": range(n), "W_FSTUWT": rng.uniform(1, 9, n),
                         **{f"W_FSTR{i}": rng.uniform(1, 9, n) for i in range(1, 81)}})
    [block] = replicate_blocks(pisa)
    assert (block.full, block.replicates[-1], block.known) == ("W_FSTUWT", "W_FSTR80", None)


def test_a_draft_outside_a_blank_study_says_the_weighting_block_to_write(tmp_path, capfd):
    """Drafting into a codebook of no blank study: the `weighting:` block it could not write is
    given in a warning, with the REVIEW note (never lost without a word)."""
    export = tmp_path / "recs.csv"
    _recs_like(export, n=60, reps=4)
    assert cli.main(["codebook", "draft", str(export), "-o", str(tmp_path / "cb.yaml")]) == 0
    said = capfd.readouterr().err
    assert "write this `weighting:` block in it yourself" in said
    assert 'columns: "^brrwt[0-9]+$"' in said and "REVIEW: how these replicate weights were made" in said


def test_a_block_that_is_almost_replicate_weights_is_said_not_guessed(tmp_path):
    """BRRWT1..6 with an empty cell: drafted as numbers, with a REVIEW note naming why."""
    export = tmp_path / "extract.csv"
    df = _recs_like(export, n=60, reps=6)
    df.loc[3, "BRRWT4"] = None
    df.to_csv(export, index=False)
    study = _draft(tmp_path, export)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("REVIEW: wave 1: 'BRRWT1' … 'BRRWT6' (6 columns) look like replicate weights but 'BRRWT4' holds "
            "empty cells, text or negative numbers: drafted as questions") in text
    assert "replicates" not in _yaml(study / "surveykit.yaml")["weighting"]


def test_two_acs_blocks_are_left_for_a_person_to_choose(tmp_path):
    """A file with both the housing-unit (WGTP1..80) and the person weights (PWGTP1..80): which
    weights its rows is not the draft's to say, so even the ACS type is left to fill in."""
    rng = np.random.default_rng(5)
    n = 60
    hw, pw = rng.integers(20, 400, n), rng.integers(20, 400, n)
    df = pd.DataFrame({"SERIALNO": [f"2023HU{i:07d}" for i in range(n)], "AGEP": rng.integers(18, 90, n),
                       "WGTP": hw, **{f"WGTP{i}": hw for i in range(1, 81)},
                       "PWGTP": pw, **{f"PWGTP{i}": pw for i in range(1, 81)}})
    export = tmp_path / "psam_merged.csv"
    df.to_csv(export, index=False)
    study = _draft(tmp_path, export)
    rep = _yaml(study / "surveykit.yaml")["weighting"]["replicates"]
    assert rep == {"weights": "wgtp", "columns": "^wgtp[0-9]+$", "type": None, "mse": None}
    assert "REVIEW: the export has other replicate weights too (pwgtp" in (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert not {i for i in _report_items(study) if "wgtp" in i}


def test_an_id_named_by_its_suffix_is_the_respondent_id_only_when_it_is_one(tmp_path):
    """UNIQUE_ID / person_id anywhere and DOEID as the first column, a value in every row and
    none twice, are the respondent id; AMOUNTPAID (unique amounts, not first) and a repeating
    household_id are not."""
    from surveykit.io import read_export
    from surveykit.scaffold.answers import find_id

    def first_id(frame: pd.DataFrame) -> str | None:
        path = tmp_path / "x.csv"
        frame.to_csv(path, index=False)
        return find_id(read_export(path), set())

    n = 30
    assert first_id(pd.DataFrame({"Q1": ["a"] * n, "UNIQUE_ID": range(n)})) == "UNIQUE_ID"
    assert first_id(pd.DataFrame({"DOEID": range(100, 100 + n), "Q1": ["a"] * n})) == "DOEID"
    assert first_id(pd.DataFrame({"Q1": ["a"] * n, "AMOUNTPAID": range(5, 5 + n)})) is None
    assert first_id(pd.DataFrame({"household_id": [i // 2 for i in range(n)], "Q1": ["a"] * n})) is None


def test_replicate_weights_with_decimal_commas_are_a_block_and_their_numbers_are_read(tmp_path):
    """A Nordic CSV (semicolons, decimal commas: '12,5'): the weights arrive as text; they were
    drafted as 20 questions under a REVIEW note ('holds text'). Now they are the block, and the
    design reads the numbers they say."""
    export = tmp_path / "vekter.csv"
    rng = np.random.default_rng(11)
    n = 80
    w = rng.uniform(50, 150, n).round(3)
    frame = pd.DataFrame({"id": range(1, n + 1), "q1": rng.integers(1, 6, n), "vekt": w,
                          **{f"vekt{r}": (w * rng.uniform(0.5, 1.5, n)).round(3) for r in range(1, 21)}})
    frame.to_csv(export, sep=";", decimal=",", index=False)
    assert "," in export.read_text(encoding="utf-8").splitlines()[1].split(";")[2]   # written with a decimal comma
    [block] = replicate_blocks(pd.read_csv(export, sep=";", dtype=str))
    assert (block.full, block.replicates[0], len(block.replicates)) == ("vekt", "vekt1", 20)
    ambiguous = pd.DataFrame({"vekt": ["1,500", "2,500"], "vekt1": ["1,500", "2,000"], "vekt2": ["1,000", "3,000"]})
    assert replicate_blocks(ambiguous) == []   # 1.5 or 1500: not read by a guess
    study = _draft(tmp_path, export)
    rep = _yaml(study / "surveykit.yaml")["weighting"]["replicates"]
    assert rep["weights"] == "vekt" and rep["columns"] == "^vekt[0-9]+$"
    config = (study / "surveykit.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^    type: *(#.*)?$", "    type: bootstrap", config)
    (study / "surveykit.yaml").write_text(re.sub(r"(?m)^    mse: *(#.*)?$", "    mse: false", config), encoding="utf-8")
    from surveykit.study import load_study

    design = load_study(study).design()
    assert np.allclose(np.sort(design.weights), np.sort(w))
    assert np.allclose(np.sort(design.replicate_weights["vekt7"]), np.sort(frame["vekt7"]))
