"""The synthetic study: reproducible files, planted effects recoverable, config and files agree."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from surveykit.synth import DEFAULT_SEED, generate_waves, write_study
from surveykit.synth.comments import synthetic_fnr
from surveykit.synth.population import population_cells
from surveykit.synth.sites import SITE_SHARES, sites_at, switched_sites
from surveykit.synth.study import CONFIG_FILES, RAW_FILES
from surveykit.synth.truth import population_truth

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
TRUTH = yaml.safe_load((RAW / "truth.yaml").read_text(encoding="utf-8"))
CODEBOOK = yaml.safe_load((REPO / "config" / "codebook.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_study(tmp_path_factory.mktemp("study"))


@pytest.fixture(scope="module")
def wave1() -> pd.DataFrame:
    return pd.read_excel(RAW / "wave1_opinion_2022.xlsx", sheet_name="Data", dtype=object)


@pytest.fixture(scope="module")
def wave2() -> tuple[pd.DataFrame, object]:
    return pyreadstat.read_sav(str(RAW / "wave2_opinion_2023.sav"))


@pytest.fixture(scope="module")
def waves() -> dict[str, pd.DataFrame]:
    return generate_waves()


@pytest.fixture(scope="module")
def big() -> dict[str, pd.DataFrame]:
    return generate_waves(seed=7, n_per_municipality=40_000)


# -- reproducibility -------------------------------------------------------------------------

# The committed exports were written with these versions; other versions may serialise the
# same content with different bytes (zip/XML layout, SAV product string), so bytes are compared
# only under them and content always.
WRITTEN_WITH = {"openpyxl": "3.1.5", "pyreadstat": "1.3.7"}


@pytest.mark.parametrize("name", ["truth.yaml", "TRUTH.md"])
def test_committed_truth_equals_fresh_generation(fresh: Path, name: str) -> None:
    assert (fresh / "data" / "raw" / name).read_bytes() == (RAW / name).read_bytes()


@pytest.mark.parametrize("name", ["wave1_opinion_2022.xlsx", "wave2_opinion_2023.sav"])
def test_committed_exports_equal_fresh_generation(fresh: Path, name: str) -> None:
    new, old = fresh / "data" / "raw" / name, RAW / name
    if name.endswith(".xlsx"):
        pd.testing.assert_frame_equal(pd.read_excel(new, dtype=object), pd.read_excel(old, dtype=object))
    else:
        (a, ma), (b, mb) = pyreadstat.read_sav(str(new)), pyreadstat.read_sav(str(old))
        pd.testing.assert_frame_equal(a, b)
        assert ma.column_names_to_labels == mb.column_names_to_labels
        assert ma.variable_value_labels == mb.variable_value_labels
        assert ma.creation_time == mb.creation_time
    if all(importlib.metadata.version(k) == v for k, v in WRITTEN_WITH.items()):
        assert new.read_bytes() == old.read_bytes()


@pytest.mark.parametrize("dst", [*CONFIG_FILES.values(), "config/population.csv"])
def test_committed_config_equals_package_data(fresh: Path, dst: str) -> None:
    assert (fresh / dst).read_bytes() == (REPO / dst).read_bytes()


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = write_study(tmp_path / "a", scale=0.1, config=False)
    b = write_study(tmp_path / "b", scale=0.1, config=False)
    c = write_study(tmp_path / "c", seed=DEFAULT_SEED + 1, scale=0.1, config=False)
    assert not (a / "surveykit.yaml").exists()
    for rel in RAW_FILES.values():
        assert (a / rel).read_bytes() == (b / rel).read_bytes()
        assert (a / rel).read_bytes() != (c / rel).read_bytes()
    f1, f2 = generate_waves(seed=3, n_per_municipality=50), generate_waves(seed=3, n_per_municipality=50)
    pd.testing.assert_frame_equal(f1["2"], f2["2"])
    assert not generate_waves(seed=4, n_per_municipality=50)["2"].equals(f1["2"])


def test_scale_changes_only_n() -> None:
    w = generate_waves(n_per_municipality=1000)
    assert [len(f) for f in w.values()] == [2000, 2000]
    assert list(w["1"].columns) == list(generate_waves(n_per_municipality=10)["1"].columns)


# -- the config -----------------------------------------------------------------------------

def test_population_csv_is_ssb_20_plus() -> None:
    pop = pd.read_csv(REPO / "config" / "population.csv", dtype={"wave": str})
    assert list(pop.columns) == ["wave", "municipality", "gender", "age_group", "population"]
    assert len(pop) == 2 * 2 * 2 * 5
    total = pop.groupby(["wave", "municipality"])["population"].sum()
    assert total[("1", "Drammen")] < 102_273 and total[("2", "Indre Østfold")] < 46_382
    pd.testing.assert_frame_equal(pop, population_cells().astype({"wave": str}), check_dtype=False)


def test_sites_switch_between_waves() -> None:
    sites = pd.read_csv(REPO / "config" / "sites.csv", dtype=str, keep_default_na=False)
    assert switched_sites() == ["mjondalen", "svelvik"]
    assert sites_at("1")["co_located"].sum() == 5 and sites_at("2")["co_located"].sum() == 7
    owner: dict[str, str] = {}
    for row in sites.itertuples():
        for alias in [row.label, *row.aliases.split("|")]:
            assert owner.setdefault(alias.casefold(), row.site_id) == row.site_id, alias
    assert set(SITE_SHARES["Drammen"]) | set(SITE_SHARES["Indre Østfold"]) == set(sites["site_id"])


def test_study_yaml_matches_generator() -> None:
    study = yaml.safe_load((REPO / "surveykit.yaml").read_text(encoding="utf-8"))
    assert study["study"]["synthetic"] is True
    assert {w["id"]: w["file"] for w in study["waves"]} == RAW_FILES
    assert {w["id"]: str(w["field_date"]) for w in study["waves"]} == TRUTH["generator"]["field_dates"]


# -- the exports and the codebook ------------------------------------------------------------

def _sources(wave: str) -> list[str]:
    cols = []
    for var in CODEBOOK["variables"]:
        src = var.get("sources", {}).get(wave)
        if src:
            cols += list(src["columns"].values()) if "columns" in src else [src["column"]]
    return cols


def test_every_codebook_source_exists(wave1: pd.DataFrame, wave2: tuple) -> None:
    assert set(_sources("1")) <= set(wave1.columns)
    assert set(_sources("2")) <= set(wave2[0].columns)
    assert "q3" not in _sources("1") and "knows_colocation" in [
        v["name"] for v in CODEBOOK["variables"] if set(v.get("sources", {})) == {"2"}]


def _scale_texts(scale: str) -> set[str]:
    s = CODEBOOK["scales"][scale]
    out = set()
    for lv in [*s["levels"], *s.get("nonsubstantive", [])]:
        out |= {lv["label"]["nb"].casefold(), *(a.casefold() for a in lv.get("aliases", []))}
    return out


def test_every_label_in_the_exports_is_in_the_codebook(wave1: pd.DataFrame, wave2: tuple) -> None:
    df2, meta = wave2
    for var in CODEBOOK["variables"]:
        if not var.get("scale"):
            continue
        texts = _scale_texts(var["scale"])
        if "1" in var["sources"]:
            seen = wave1[var["sources"]["1"]["column"]].dropna().astype(str).str.strip().str.casefold()
            assert set(seen) <= texts, (var["name"], set(seen) - texts)
        col = var["sources"]["2"]["column"]
        assert {v.casefold() for v in meta.variable_value_labels[col].values()} <= texts
        assert set(df2[col].dropna().unique()) <= set(meta.variable_value_labels[col])
    sites = pd.read_csv(REPO / "config" / "sites.csv", dtype=str, keep_default_na=False)
    known = {t.casefold() for t in sites["label"]} | {a.casefold() for a in "|".join(sites["aliases"]).split("|")}
    site_col = CODEBOOK["variables"][2]["sources"]
    assert set(wave1[site_col["1"]["column"]].dropna().str.casefold()) <= known
    assert {v.casefold() for v in meta.variable_value_labels[site_col["2"]["column"]].values()} <= known


def test_wave_differences_are_planted(wave2: tuple) -> None:
    _, meta = wave2
    assert meta.variable_value_labels["q5"][3] == "Hverken enig eller uenig"
    assert meta.variable_value_labels["q5"][9] == "Vet ikke"
    assert not meta.missing_ranges  # "Vet ikke" is a value, not user-missing
    assert "enkelt" in meta.column_names_to_labels["q5"]


# -- junk and identifiers --------------------------------------------------------------------

def test_junk_counts_match_the_files(wave1: pd.DataFrame, wave2: tuple) -> None:
    df2 = wave2[0]
    files = {
        "1": (wave1["IntervjuID"].astype(str), wave1["Status"].eq("Avbrutt"), wave1["Alder"].isna()),
        "2": (df2["resp_id"], df2["status"].eq(2), df2["alder"].isna()),
    }
    for w, (ids, abandoned, no_age) in files.items():
        j = TRUTH["junk"][w]
        assert len(ids) == j["raw_rows"] == j["responses"] + j["test"] + j["duplicate"] + j["incomplete"]
        assert ids.str.match(r"^(TEST|test)").sum() == j["test"]
        assert ids.duplicated().sum() == j["duplicate"]
        assert abandoned.sum() == j["abandoned"]
        assert (no_age & ~abandoned).sum() == j["missing_core"]
        assert sorted(ids[ids.duplicated()]) == sorted(TRUTH["junk_ids"][w]["duplicate"])
    assert TRUTH["junk"]["1"] == {"raw_rows": 1222, "responses": 1200, "test": 3, "duplicate": 5,
                                  "abandoned": 12, "missing_core": 2, "incomplete": 14}


def test_duplicates_are_exact_repeats(wave1: pd.DataFrame) -> None:
    ids = wave1["IntervjuID"].astype(str)
    dup = wave1[ids.isin(ids[ids.duplicated()])]
    assert len(dup.drop_duplicates()) == len(dup) / 2


def test_planted_identifiers_are_in_the_raw_comments(wave1: pd.DataFrame, wave2: tuple) -> None:
    comments = {"1": wave1[_sources("1")[-1]].dropna().astype(str), "2": wave2[0]["q15"]}
    planted = TRUTH["planted_identifiers"]
    assert {p["kind"] for p in planted} == {"email", "phone", "national_id", "name"}
    for p in planted:
        assert comments[p["wave"]].str.contains(p["value"], regex=False).any(), p
    fnrs = [p["value"] for p in planted if p["kind"] == "national_id"]
    assert all(re.fullmatch(r"\d{11}", f) and 80 < int(f[2:4]) <= 92 for f in fnrs)
    assert synthetic_fnr(int(fnrs[0][:2]), int(fnrs[0][2:4]) - 80, int(fnrs[0][4:6]), int(fnrs[0][6:9])) == fnrs[0]


# -- planted effects -------------------------------------------------------------------------

def _poststratified(frame: pd.DataFrame, wave: str) -> np.ndarray:
    pop = population_cells()
    pop = pop[pop["wave"] == wave].set_index(["municipality", "gender", "age_group"])["population"]
    keys = pd.MultiIndex.from_frame(frame[["municipality", "gender", "age_group"]])
    n = frame.groupby(["municipality", "gender", "age_group"]).size()
    return (pop.reindex(keys) / n.reindex(keys)).to_numpy()


def _mean(y: pd.Series, w: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    """Weighted mean of y (codes 9 excluded) over mask and its linearisation SE."""
    ok = mask & (y != 9).to_numpy()
    yy, ww = y.to_numpy()[ok].astype(float), w[ok]
    m = float(np.sum(ww * yy) / ww.sum())
    return m, float(np.sqrt(np.sum((ww * (yy - m)) ** 2)) / ww.sum())


def _check(est: float, se: float, truth: float, z: float = 4.0) -> None:
    assert abs(est - truth) < z * se, f"estimate {est:.3f} ± {se:.3f} vs truth {truth:.3f}"


@pytest.mark.parametrize("item", ["help_ease", "municipal_access", "discretion", "digital_help", "better_town"])
def test_colocated_minus_separate_recovered(waves: dict, big: dict, item: str) -> None:
    for frames, z in ((waves, 4.0), (big, 4.0)):
        for w, f in frames.items():
            wt = _poststratified(f, w)
            col = f["co_located"].to_numpy()
            (a, sa), (b, sb) = _mean(f[item], wt, col), _mean(f[item], wt, ~col)
            _check(a - b, np.hypot(sa, sb), TRUTH["population"]["items"][item]["co_located_minus_separate"][w], z)
    planted = TRUTH["planted_effects"]
    assert TRUTH["population"]["items"]["help_ease"]["co_located_minus_separate"]["1"] == pytest.approx(
        planted["help_ease"]["co_located_minus_separate"], abs=0.01)


@pytest.mark.parametrize("item", ["help_ease", "municipal_access", "discretion", "satisfaction"])
def test_did_recovered(waves: dict, big: dict, item: str) -> None:
    truth = TRUTH["population"]["items"][item]["did"]["switched_vs_always_separate"]
    for frames in (waves, big):
        parts = {}
        for w, f in frames.items():
            wt = _poststratified(f, w)
            sw = f["site"].isin(switched_sites()).to_numpy()
            sep = f["site"].isin(["drammensbiblioteket", "fjell"]).to_numpy()
            parts[w] = (_mean(f[item], wt, sw), _mean(f[item], wt, sep))
        did = (parts["2"][0][0] - parts["1"][0][0]) - (parts["2"][1][0] - parts["1"][1][0])
        se = np.sqrt(sum(p[k][1] ** 2 for p in parts.values() for k in (0, 1)))
        _check(did, se, truth)
    assert TRUTH["population"]["items"]["help_ease"]["did"]["switched_vs_always_separate"] == pytest.approx(0.30, abs=0.01)


def test_shares_recovered(big: dict) -> None:
    f = big["1"]
    wt = _poststratified(f, "1")
    agree = f["colocation_challenges_independence"].isin([4, 5]).to_numpy()
    share = np.sum(wt * agree) / wt.sum()
    assert share == pytest.approx(TRUTH["population"]["items"]["colocation_challenges_independence"][
        "agree_share_incl_dont_know"]["1"]["all"], abs=0.01)
    assert 0.22 < share < 0.28
    col = f["co_located"].to_numpy()
    assert np.average(agree[col], weights=wt[col]) > np.average(agree[~col], weights=wt[~col])
    less = np.sum(wt * f["shared_desk_trust"].eq(1)) / wt.sum()
    assert less == pytest.approx(0.20, abs=0.01)
    dk = f["independent_place"].eq(9).mean()
    assert dk == pytest.approx(0.40, abs=0.01) and f["welcome"].eq(9).mean() < 0.05


def test_weighting_matters_in_the_known_direction(waves: dict) -> None:
    for w, f in waves.items():
        for muni, g in f.groupby("municipality"):
            share = g["gender"].eq("Mann").to_numpy() & g["age_group"].eq("20-29").to_numpy()
            truth = TRUTH["population"]["weighting"]["young_men_share"][w][muni]
            assert share.mean() < 0.7 * truth["population"]
        wt = _poststratified(f, w)
        ok = f["satisfaction"].ne(9).to_numpy()
        sat = f["satisfaction"].to_numpy()[ok]
        weighted, unweighted = np.average(sat, weights=wt[ok]), sat.mean()
        assert weighted < unweighted
        young_men = (f["gender"].eq("Mann") & f["age_group"].eq("20-29")).to_numpy()
        rel = wt / wt[f["municipality"].eq("Drammen").to_numpy()].mean()
        assert 1.5 < rel[young_men & f["municipality"].eq("Drammen").to_numpy()].mean() < 2.5


def test_truth_yaml_matches_model() -> None:
    t = population_truth()
    for item, vals in t["items"].items():
        assert TRUTH["population"]["items"][item]["mean"]["2"]["all"] == pytest.approx(vals["mean"]["2"]["all"], abs=1e-4)
    assert "SYNTETISKE DATA" in (RAW / "TRUTH.md").read_text(encoding="utf-8")
