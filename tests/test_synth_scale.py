"""The synthetic study at benchmark scale: CSV/Parquet exports of wave 1, sites split into branches."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
import yaml

from surveykit import load_study
from surveykit.io.detect import FORMATS
from surveykit.synth import write_study
from surveykit.synth.export import write_csv
from surveykit.synth.sites import SITE_SHARES, site_layout, site_table
from surveykit.synth.study import raw_files
from surveykit.synth.truth import population_truth

SCALE = 0.1  # 60 interviews per municipality and wave


def _text(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text a reader sees ("" for an empty cell)."""
    return df.astype(object).map(lambda v: "" if pd.isna(v) else str(v))


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {e: write_study(tmp_path_factory.mktemp(e), scale=SCALE, export=e) for e in ("xlsx", "csv", "parquet")}


@pytest.fixture(scope="module")
def branched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_study(tmp_path_factory.mktemp("branches"), scale=0.25, export="csv", sites=30)


# -- the exports -----------------------------------------------------------------------------

def _read_xlsx(path: Path) -> pd.DataFrame:
    """The cells as stored (openpyxl: a comment such as ``=)`` is stored as a formula and kept as its text)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    header, *rows = wb["Data"].iter_rows(values_only=True)
    wb.close()
    rows = [[*r, *[None] * (len(header) - len(r))] for r in rows]  # trailing empty cells are not stored
    return pd.DataFrame(rows, columns=header, dtype=object)


def test_csv_and_parquet_hold_the_rows_and_labels_of_the_xlsx(studies: dict[str, Path]) -> None:
    xlsx = _read_xlsx(studies["xlsx"] / raw_files("xlsx")["1"])
    csv_ = pd.read_csv(studies["csv"] / raw_files("csv")["1"], dtype=str, keep_default_na=False, encoding="utf-8")
    parquet = pd.read_parquet(studies["parquet"] / raw_files("parquet")["1"], dtype_backend="numpy_nullable")
    assert len(xlsx) == 2 * 60 + 4 and "Test Testesen" in set(xlsx["Intervjuer"])
    for other in (csv_, parquet):
        assert list(other.columns) == list(xlsx.columns)
        pd.testing.assert_frame_equal(_text(other), _text(xlsx))
    assert parquet["Alder"].dtype == "Int64" and parquet["IntervjuID"].map(type).eq(str).all()
    # the rest of the study does not depend on the wave-1 format
    sav = {e: studies[e] / raw_files(e)["2"] for e in studies}
    assert sav["csv"].read_bytes() == sav["xlsx"].read_bytes() == sav["parquet"].read_bytes()
    truth = {e: yaml.safe_load((studies[e] / "data/raw/truth.yaml").read_text(encoding="utf-8")) for e in studies}
    assert truth["csv"]["generator"]["files"] == raw_files("csv")
    for t in truth.values():
        t["generator"].pop("files")
    assert truth["csv"] == truth["xlsx"] == truth["parquet"]


def test_csv_is_plain_utf8_quoted_only_where_needed(studies: dict[str, Path]) -> None:
    data = (studies["csv"] / raw_files("csv")["1"]).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\n") and b"\r" not in data
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert len({len(r) for r in rows}) == 1 and len(rows) == 2 * 60 + 4 + 1
    assert text.splitlines()[0].startswith("IntervjuID,Status,Intervjuer,Kommune,")
    assert '"Alt i alt, hvor fornøyd er du med biblioteket/innbyggertorget?"' in text.splitlines()[0]
    again = io.StringIO()
    csv.writer(again, lineterminator="\n").writerows(rows)  # QUOTE_MINIMAL: quotes only where needed
    assert again.getvalue() == text


def test_write_csv_quotes_and_missing(tmp_path: Path) -> None:
    df = pd.DataFrame({
        "a, b": pd.Categorical(['say "hi"', None, "x"]),
        "n": pd.array([1, None, 30], dtype="Int64"),
        "id": np.array([100001, "TEST01", 3], dtype=object),
    })
    write_csv(df, tmp_path / "x.csv", chunk_rows=2)  # chunks: the rows are written in order
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == '"a, b",n,id\n"say ""hi""",1,100001\n,,TEST01\nx,30,3\n'


def test_exports_are_deterministic(studies: dict[str, Path], tmp_path: Path) -> None:
    for export in ("csv", "parquet"):
        again = write_study(tmp_path / export, scale=SCALE, export=export, config=False)
        assert (again / raw_files(export)["1"]).read_bytes() == (studies[export] / raw_files(export)["1"]).read_bytes()


def test_surveykit_yaml_points_at_the_export(studies: dict[str, Path]) -> None:
    package = (resources.files("surveykit.synth") / "study" / "surveykit.yaml").read_text(encoding="utf-8")
    assert (studies["xlsx"] / "surveykit.yaml").read_text(encoding="utf-8") == package
    for export in ("csv", "parquet"):
        text = (studies[export] / "surveykit.yaml").read_text(encoding="utf-8")
        wave1 = yaml.safe_load(text)["waves"][0]
        assert wave1["file"] == raw_files(export)["1"] and wave1["format"] == export and "sheet" not in wave1
        assert (studies[export] / wave1["file"]).is_file()
        changed = set(text.splitlines()) ^ set(package.splitlines())
        assert all("wave1_opinion_2022" in line or "format:" in line or "sheet:" in line or "options:" in line
                   for line in changed), changed
    assert yaml.safe_load((studies["csv"] / "surveykit.yaml").read_text(encoding="utf-8"))["waves"][0]["options"] == {
        "encoding": "utf-8", "delimiter": ","}


def test_csv_study_loads_like_the_xlsx_study(studies: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVEYKIT_KEY", "same key for both")
    a, b = load_study(studies["xlsx"]), load_study(studies["csv"])
    cols = ["wave", "respondent_id", "site", "site_type", "help_ease", "satisfaction", "gender", "age"]
    key = ["wave", "respondent_id"]
    left = a.responses[cols].astype(str).sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(left, b.responses[cols].astype(str).sort_values(key, ignore_index=True))
    assert len(a.rejects) == len(b.rejects)


@pytest.mark.skipif("parquet" not in FORMATS, reason="surveykit.io has no parquet reader yet")
def test_parquet_study_loads(studies: dict[str, Path]) -> None:
    assert len(load_study(studies["parquet"]).responses) == len(load_study(studies["xlsx"]).responses)


def test_bad_export_and_the_excel_row_limit(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="export='xls'"):
        write_study(tmp_path / "a", export="xls")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='export="csv" or export="parquet"'):
        write_study(tmp_path / "b", scale=900)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


# -- branches --------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [10, 30, 200])
def test_branches_inherit_their_site(n: int) -> None:
    layout, real = site_layout(n), site_layout()
    assert len(layout.site_ids) == n == len(set(layout.site_ids))
    counts = pd.Series(layout.parent).value_counts()
    assert set(counts.index) == set(real.site_ids) and counts.max() - counts.min() <= 1
    table, parents = layout.table, site_table()
    for sid, parent in layout.parent.items():
        mine = table[table["site_id"] == sid]
        theirs = parents[parents["site_id"] == parent]
        cols = ["municipality", "kind", "co_located", "valid_from", "valid_to"]
        assert mine[cols].to_numpy().tolist() == theirs[cols].to_numpy().tolist()
        assert mine["label"].str.startswith(tuple(theirs["label"])).all()
    for wave in ("1", "2"):
        now, was = layout.at(wave)["co_located"], real.at(wave)["co_located"]
        assert (now.to_numpy() == was.reindex([layout.parent[s] for s in now.index]).to_numpy()).all()
    assert layout.switched() == sorted(s for s, p in layout.parent.items() if p in ("mjondalen", "svelvik"))
    for muni, shares in SITE_SHARES.items():
        assert set(layout.shares[muni]) == {s for s, p in layout.parent.items() if p in shares}
        for parent, share in shares.items():
            assert sum(v for s, v in layout.shares[muni].items() if layout.parent[s] == parent) == pytest.approx(share)
    # every label and alias names one site; the numeric codes are 1..n, the 9 real ones kept by branch 1
    owner: dict[str, str] = {}
    codes: dict[int, str] = {}
    for row in table.itertuples():
        for alias in [row.label, *row.aliases.split("|")]:
            assert owner.setdefault(alias.casefold(), row.site_id) == row.site_id, alias
            if alias.isdigit():
                assert codes.setdefault(int(alias), row.site_id) == row.site_id
    assert sorted(codes) == list(range(1, n + 1))
    for code, parent in enumerate(real.site_ids, start=1):
        assert codes[code] == layout.main_site(parent)
    if n >= 18:
        assert table.loc[table["site_id"] == "askim_02", "label"].tolist() == ["Askim innbyggertorg og bibliotek, filial 2"]


def test_default_layout_is_the_real_sites() -> None:
    layout = site_layout()
    assert layout is site_layout(9)
    pd.testing.assert_frame_equal(layout.table, site_table())
    assert layout.shares == SITE_SHARES and layout.switched() == ["mjondalen", "svelvik"]


@pytest.mark.parametrize("bad", [5, 0, 9.5, True, "30"])
def test_bad_site_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="whole number of sites"):
        site_layout(bad)  # type: ignore[arg-type]


def test_branch_truth_equals_the_real_truth() -> None:
    real, split = population_truth(), population_truth(site_layout(30))
    parent = site_layout(30).parent
    for item, r in real["items"].items():
        s = split["items"][item]
        for key in ("mean", "top_box", "co_located_minus_separate", "mean_by_municipality", "expected_unweighted_mean"):
            assert pd.json_normalize(s[key]).iloc[0].to_dict() == pytest.approx(pd.json_normalize(r[key]).iloc[0].to_dict())
        for w, by_site in s["mean_by_site"].items():
            assert len(by_site) == 30
            assert all(v == pytest.approx(r["mean_by_site"][w][parent[site]]) for site, v in by_site.items())
        for key, v in r["did"].items():
            if key != "switched_sites":
                assert s["did"][key] == pytest.approx(v, abs=1e-12)
        assert s["did"]["switched_sites"].split(", ") == site_layout(30).switched()


def test_branch_study_files_and_truth(branched: Path) -> None:
    sites = pd.read_csv(branched / "config/sites.csv", dtype=str, keep_default_na=False)
    assert sites["site_id"].nunique() == 30
    pd.testing.assert_frame_equal(sites, site_layout(30).table.reset_index(drop=True))
    truth = yaml.safe_load((branched / "data/raw/truth.yaml").read_text(encoding="utf-8"))
    assert truth["generator"]["sites"] == 30 and truth["design"]["site_parent"] == site_layout(30).parent
    assert "30 branches" in (branched / "data/raw/TRUTH.md").read_text(encoding="utf-8")
    df2, meta = pyreadstat.read_sav(str(branched / raw_files("csv")["2"]))
    labels = meta.variable_value_labels["q1"]
    assert sorted(labels) == list(range(1, 31)) and set(df2["q1"].dropna()) <= set(labels)
    known = {a.casefold() for a in [*sites["label"], *"|".join(sites["aliases"]).split("|")]}
    assert {v.casefold() for v in labels.values()} <= known


def test_branch_study_loads_with_the_parents_site_type(branched: Path) -> None:
    study = load_study(branched)
    r = study.responses
    layout, real = site_layout(30), site_layout()
    truth = yaml.safe_load((branched / "data/raw/truth.yaml").read_text(encoding="utf-8"))
    for wave, g in r.groupby("wave", observed=True):
        assert g["site"].nunique() == 30
        assert len(g) == truth["junk"][str(wave)]["responses"]
        parent_colocated = real.at(str(wave))["co_located"].reindex(g["site"].astype(str).map(layout.parent))
        expected = np.where(parent_colocated.to_numpy(), "co_located", "separate")
        assert (g["site_type"].astype(str).to_numpy() == expected).all()
