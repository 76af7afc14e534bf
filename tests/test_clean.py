"""Cleaning driven by the codebook, on the mini study: typed columns, rejects, masking, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.clean.study import clean_study
from surveykit.config import load_codebook, load_config, load_sites
from surveykit.errors import ValidationError
from surveykit.io.delimited import read_csv
from tests.study_fixture import SITES_CSV, SURVEYKIT_SITES_YAML, W1_CSV, W2_CSV, write_mini_study


def _clean(root):
    cfg = load_config(root)
    cb = load_codebook(cfg.codebook_path, ["1", "2"])
    sites = load_sites(cfg.sites_path, cfg.sites)
    return clean_study(cfg, cb, sites, read=lambda wave: read_csv(wave.file))


@pytest.fixture
def result(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "test-key" * 2)
    return _clean(write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_SITES_YAML}))


def test_row_accounting_and_reasons(result):
    q1, q2 = result.quality["1"], result.quality["2"]
    assert (q1["raw_rows"], q1["responses"], q1["rejected"]) == (9, 6, 3)
    assert q1["reasons"] == {"test": 1, "duplicate": 1, "incomplete": 1}
    assert (q2["raw_rows"], q2["responses"], q2["rejected"]) == (6, 6, 0)
    assert len(result.responses) == 12
    assert sorted(result.rejects["reason"]) == ["duplicate", "incomplete", "test"]
    # rejects point at the file rows (header is line 1): TEST9 is on line 6, the duplicate r3 on line 5
    assert dict(zip(result.rejects["reason"], result.rejects["row"], strict=True)) == {
        "duplicate": 5, "test": 6, "incomplete": 8}


def test_likert_is_ordered_with_dont_know_apart(result):
    r = result.responses
    assert r["help"].dtype == pd.CategoricalDtype(["Uenig", "Nøytral", "Enig"], ordered=True)
    w1 = r[r["wave"] == "1"].set_index("row")
    assert w1.loc[3, "help"] != w1.loc[3, "help"]  # "Vet ikke" is missing in the item ...
    assert bool(w1.loc[3, "help__dk"]) is True     # ... and flagged as don't know
    assert w1.loc[10, "help"] == "Nøytral"          # alias "Hverken eller"
    w2 = r[r["wave"] == "2"].set_index("row")
    assert list(w2["help"].astype(object).fillna("-")) == ["Enig", "-", "Nøytral", "Enig", "Enig", "Uenig"]
    assert list(w2["help__dk"]) == [False, True, False, False, False, False]


def test_question_of_one_wave_is_missing_in_the_other(result):
    r = result.responses
    assert r.loc[r["wave"] == "1", "knows"].isna().all()
    assert r.loc[r["wave"] == "1", "knows__dk"].isna().all()
    assert r.loc[r["wave"] == "2", "knows"].notna().sum() == 5  # 3,1,9,2,3,1: one "Vet ikke"
    assert "knows" in result.quality["1"]["variables_absent"]


def test_multi_select_both_layouts(result):
    r = result.responses.set_index(["wave", "row"])
    assert bool(r.loc[("1", 2), "aware__nav"]) and not bool(r.loc[("1", 2), "aware__tax"])
    assert bool(r.loc[("2", 3), "aware__nav"]) and bool(r.loc[("2", 3), "aware__tax"])
    assert pd.isna(r.loc[("2", 4), "aware__nav"])  # nothing answered stays missing


def test_sites_and_colocation_by_period(result):
    r = result.responses
    mj = r[r["site"] == "m"]
    assert mj.groupby("wave", observed=True)["co_located"].first().to_dict() == {"1": False, "2": True}
    assert set(r.loc[r["site"] == "a", "municipality"]) == {"Indre Østfold"}
    assert r["site_type"].cat.categories.tolist() == ["co_located", "separate"]
    paths = r.groupby("site", observed=True)["colocation_path"].first().astype(str).to_dict()
    assert paths == {"a": "always_co_located", "m": "became_co_located"}
    # the configured levels that occur, in the configured order (no empty groups)
    assert r["colocation_path"].cat.categories.tolist() == ["became_co_located", "always_co_located"]


def test_without_site_configuration_attributes_are_plain_text(tmp_path, monkeypatch):
    """Nothing about co-location is built in: without `sites:` in surveykit.yaml a column of
    sites.csv is a text attribute and no grouping is derived."""
    monkeypatch.setenv("SURVEYKIT_KEY", "test-key" * 2)
    r = _clean(write_mini_study(tmp_path)).responses
    assert r.loc[r["site"] == "m", "co_located"].astype(str).tolist()[0] in ("false", "true")
    assert str(r["co_located"].dtype) == "string"
    assert "site_type" not in r and "colocation_path" not in r


def test_a_site_value_no_grouping_level_names_is_an_error(tmp_path, monkeypatch):
    from surveykit.errors import ConfigError

    monkeypatch.setenv("SURVEYKIT_KEY", "test-key" * 2)
    sites = SURVEYKIT_SITES_YAML.replace("separate: {when: false}", "separate: {when: []}")
    with pytest.raises(ConfigError, match=r"site 'm' has co_located = False .*no level of grouping "
                                          r"`sites.groupings.site_type` names in its `when`"):
        _clean(write_mini_study(tmp_path, **{"surveykit.yaml": sites}))


def test_derived_age_group_and_numeric(result):
    r = result.responses
    assert r["age"].dtype == "float64"
    assert r.loc[r["age"] == 51, "age_group"].iloc[0] == "50+"
    assert r.loc[r["age"] == 34, "age_group"].iloc[0] == "15-49"


def test_free_text_masked_and_ids_pseudonymised(result):
    text = " ".join(result.responses["comment"].dropna())
    for planted in ["912 34 567", "ola@example.no", "Kari Nordmann", "01019012345"]:
        assert planted not in text
    assert "[telefon]" in text and "[e-post]" in text and "[navn]" in text and "[id-nummer]" in text
    ids = result.responses["respondent_id"]
    assert not ids.isin(["r1", "r2", "s1"]).any()
    assert ids.str.fullmatch(r"[0-9a-f]{16}").all()


def test_pseudonyms_are_stable_and_keyed(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k1" * 8)
    a = _clean(write_mini_study(tmp_path / "a")).responses["respondent_id"]
    b = _clean(write_mini_study(tmp_path / "b")).responses["respondent_id"]
    monkeypatch.setenv("SURVEYKIT_KEY", "k2" * 8)
    c = _clean(write_mini_study(tmp_path / "c")).responses["respondent_id"]
    assert a.equals(b) and not (a == c).any()


def test_a_site_without_a_row_in_force_at_the_field_date_is_an_error(tmp_path, monkeypatch):
    # Mjøndalen's rows end and start around 2022-09; cut the later one off: wave 2 (2023) had
    # lost the site's municipality and groupings for its respondents, with a raw pandas warning
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    cut = SITES_CSV.replace("true,2022-09-01,\n", "true,2022-09-01,2022-12-31\n")
    assert cut != SITES_CSV
    write_mini_study(tmp_path, **{"config/sites.csv": cut})
    with pytest.raises(ValidationError) as info:
        _clean(tmp_path)
    f = info.value.failures
    assert set(f["check"]) == {"site_not_in_force"}
    assert "in force at the wave's field_date 2023-01-20" in str(info.value)
    assert "widen that site's period there, or add a row for this date" in str(info.value)


def test_all_failures_of_a_file_raised_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    bad = W1_CSV.replace("r1;Askim;Mann;34;Enig", "r1;Askimm;Mann;toti;Enigg").replace(
        "r6;Askim;Kvinne;66;Enig", "r6;Askim;Kvinne;166;Enigg")
    write_mini_study(tmp_path, **{"data/raw/w1.csv": bad})
    with pytest.raises(ValidationError) as info:
        _clean(tmp_path)
    f = info.value.failures
    assert set(f["check"]) == {"unknown_site", "not_numeric", "unknown_label", "out_of_range"}
    assert f.loc[f["check"] == "unknown_label", "row"].tolist() == [2, 9]
    msg = str(info.value)
    assert "w1.csv, column \"Hvor lett er det å få hjelp?\": unknown_label: 'Enigg' ×2 (row 2)" in msg
    assert "add it to the aliases of scale `agree3` in config/codebook.yaml" in msg
    assert "'Askimm' ×1 (row 2)" in msg and "add it to the `aliases` of the right site" in msg
    assert "out_of_range: '166'" in msg or "out_of_range: 166" in msg


def test_missing_column_names_similar_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    write_mini_study(tmp_path, **{"data/raw/w2.csv": W2_CSV.replace("kjonn", "kjonn_ny")})
    with pytest.raises(ValidationError, match=r"missing_column.*no column named 'kjonn'.*Similar columns in the file: \['kjonn_ny'\]"):
        _clean(tmp_path)


def test_garbage_in_rejected_rows_does_not_fail(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    bad = W1_CSV.replace("TEST9;Askim;Mann;40;Enig", "TEST9;Nowhere;X;abc;Tja")
    write_mini_study(tmp_path, **{"data/raw/w1.csv": bad})
    assert _clean(tmp_path).quality["1"]["reasons"]["test"] == 1


def test_recode_to_an_unknown_code_is_a_config_error():
    from surveykit.clean.coding import code_scaled
    from surveykit.config.codebook import Level, Scale
    from surveykit.errors import ConfigError

    scale = Scale("yn", (Level(1, {"nb": "Nei"}), Level(2, {"nb": "Ja"})))
    with pytest.raises(ConfigError, match=r"`recode` of 'q3' maps 'kanskje' to 7, which is not a code of scale `yn`"):
        code_scaled(pd.Series(["Ja"]), "q", scale, "nb", {"kanskje": 7}, source_column="q3")
