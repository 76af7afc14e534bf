"""Output safety: formula cells neutralised, raw files untouched, a failed build leaves the
previous outputs byte-identical, no planted identifier and no small cell in any output."""

from __future__ import annotations

import csv
import hashlib
import importlib
import os
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from surveykit.labels import MISSING
from surveykit.labels import text as label_text
from surveykit.outputs import neutralise_cells, staged_dirs, write_csv
from surveykit.report import build
from surveykit.report.tables import write_workbook
from tests.study_fixture import SURVEYKIT_SITES_YAML, write_mini_study

DANGEROUS = ["=SUM(A1:A9)", "+ fine lokaler", "- Mer bøker", "@kommunen: svar", "\tTAB", "\rCR", "=)", "=HYPERLINK(\"x\")"]
HARMLESS = ["-3", "+4", "-2,5", "-", "+", "ok", "1e5"]


def _digest(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def test_formula_cells_are_neutralised_in_csv_and_xlsx(tmp_path):
    frame = pd.DataFrame({"text": DANGEROUS + HARMLESS, "n": range(len(DANGEROUS) + len(HARMLESS))})
    out = neutralise_cells(frame)["text"].tolist()
    assert out[: len(DANGEROUS)] == ["'" + v for v in DANGEROUS]
    assert out[len(DANGEROUS):] == HARMLESS
    with open(write_csv(frame, tmp_path / "t.csv"), newline="", encoding="utf-8") as fh:
        back = [row[0] for row in csv.reader(fh)][1:]
    assert back == ["'" + v.replace("\r", "\n") for v in DANGEROUS] + HARMLESS  # a bare CR would split the row
    write_workbook({"t": frame}, pd.DataFrame({"a": ["=1+1"]}), tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    cells = [c for row in wb["t"].iter_rows(min_row=2) for c in row[:1]]
    # the workbook stores them as text with Excel's quote prefix, shown as written (no visible apostrophe)
    assert [c.value for c in cells[: len(DANGEROUS)]] == [v.replace("\r", "\n") for v in DANGEROUS]  # XML: CR as LF
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[: len(DANGEROUS)])
    assert wb["Metode"]["A2"].value == "=1+1" and wb["Metode"]["A2"].quotePrefix  # the method sheet
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_staged_dirs_swap_on_success_and_leave_the_old_on_failure(tmp_path):
    target = tmp_path / "reports"
    target.mkdir()
    (target / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_dirs(target) as stage:
        (stage.dirs[0] / "a.txt").write_text("new", encoding="utf-8")
        raise RuntimeError("writer failed")
    assert (target / "a.txt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # no staging left over
    with staged_dirs(target) as stage:
        (stage.dirs[0] / "a.txt").write_text("new", encoding="utf-8")
        assert stage.final(stage.dirs[0] / "a.txt") == target / "a.txt"
    assert (target / "a.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


# --- on a built study --------------------------------------------------------------------------

MINI_REPORT = """\
figures:
  - {id: likert_help, kind: likert, items: [help], by: [site_type, wave]}
  - {id: means_by_site, kind: heatmap, items: [help], by: [site, wave]}
  - {id: means_help, kind: means, items: [help, knows], by: [site_type, wave]}
tables:
  - {id: topbox_help, kind: topbox, items: [help], by: [site_type, wave]}
"""
MIN_CELL = 6


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The mini study with min_cell 6: some groups have 3-6 respondents."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_mini_study(tmp_path_factory.mktemp("small"), **{
        "config/report.yaml": MINI_REPORT,
        "surveykit.yaml": SURVEYKIT_SITES_YAML.replace("min_cell: 3", f"min_cell: {MIN_CELL}")})
    build(root)
    yield root
    mp.undo()


def test_failure_midway_leaves_previous_outputs_intact(small, monkeypatch):
    before = _digest(small / "reports", small / "data" / "processed")
    assert any("tables.xlsx" in p for p in before)
    calls = []

    def failing_writer(*args, **kwargs):
        calls.append(args)
        raise OSError("disk full (simulated)")

    # the figures, CSV tables and processed data are written before the workbook
    monkeypatch.setattr(importlib.import_module("surveykit.report.build"), "write_workbook", failing_writer)
    (small / "data" / "raw" / "w2.csv").write_text(
        (small / "data" / "raw" / "w2.csv").read_text(encoding="utf-8").replace("s6;Askim;2;47;1", "s6;Askim;2;48;3"),
        encoding="utf-8")
    try:
        with pytest.raises(OSError, match="simulated"):
            build(small, force=True)
    finally:
        (small / "data" / "raw" / "w2.csv").write_text(
            (small / "data" / "raw" / "w2.csv").read_text(encoding="utf-8").replace("s6;Askim;2;48;3", "s6;Askim;2;47;1"),
            encoding="utf-8")
    assert calls, "the writer was reached"
    assert _digest(small / "reports", small / "data" / "processed") == before
    assert not [p for p in small.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    assert not [p for p in (small / "data").iterdir() if ".staging-" in p.name or ".old-" in p.name]


def test_raw_files_are_read_only_inputs(small):
    raw = small / "data" / "raw"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()}
    for p in raw.iterdir():
        p.chmod(0o444)
    try:
        build(small)
    finally:
        for p in raw.iterdir():
            p.chmod(0o644)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()} == before


def test_outputs_are_readable_by_others(small):
    """Published files get the mode any new file gets (0644 under umask 022), not owner-only."""
    old = os.umask(0o022)
    try:  # from scratch: the folders of an earlier build (under the run's own umask) are kept by a rebuild
        shutil.rmtree(small / "reports")
        shutil.rmtree(small / "data" / "processed")
        build(small, force=True)
    finally:
        os.umask(old)
    outputs = [p for folder in (small / "reports", small / "data" / "processed") for p in folder.rglob("*")]
    assert any(p.suffix == ".png" for p in outputs) and any(p.name == "index.html" for p in outputs)
    modes = {str(p.relative_to(small)): oct(p.stat().st_mode & 0o777) for p in outputs}
    expected = {name: oct(0o755 if (small / name).is_dir() else 0o644) for name in modes}
    assert modes == expected


def _published_tables(root: Path) -> dict[str, pd.DataFrame]:
    """The CSV tables (result schema) and the workbook's sheets (report tables: headers in the
    report's language; a suppressed row has a note and an en dash for every number)."""
    tables = {f"csv:{p.stem}": pd.read_csv(p, keep_default_na=False, na_values=[""])
              for p in (root / "reports" / "tables").glob("*.csv")}
    wb = load_workbook(root / "reports" / "tables.xlsx", read_only=True)
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if rows:
            tables[f"xlsx:{ws.title}"] = pd.DataFrame(rows[1:], columns=rows[0])
    return tables


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value)


def test_no_table_cell_rests_on_fewer_than_min_cell(small):
    tables = _published_tables(small)
    csvs = {k: t for k, t in tables.items() if k.startswith("csv:") and "suppressed" in t}
    assert len(csvs) >= 4 and any(t["suppressed"].astype(str).eq("True").any() for t in csvs.values())
    numbers = ["estimate", "std_error", "conf_low", "conf_high", "n", "n_eff", "deff", "df"]
    for name, t in csvs.items():
        hidden = t["suppressed"].astype(str).eq("True")
        for col in [c for c in numbers if c in t]:
            assert t.loc[hidden, col].isna().all(), (name, col)
        assert (pd.to_numeric(t.loc[~hidden, "n"]) >= MIN_CELL).all(), name
    n, note = label_text("column_n", "nb"), label_text("column_note", "nb")
    sheets = {k: t for k, t in tables.items() if k.startswith("xlsx:") and n in t}
    assert len(sheets) >= 4 and any(note in t for t in sheets.values())
    for name, t in sheets.items():
        hidden = t[note].notna().to_numpy() if note in t else [False] * len(t)
        for values, flag in zip(t.to_dict("records"), hidden, strict=True):
            if flag:   # no number at all in a suppressed row: each is marked with an en dash
                assert not any(_is_number(v) for v in values.values()), (name, values)
                assert values[n] == MISSING, (name, values)
            else:
                assert values[n] >= MIN_CELL, (name, values)


def _svg_texts(path: Path) -> list[str]:
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))


def test_no_figure_text_shows_a_small_cell(small):
    results = _published_tables(small)
    svgs = sorted((small / "reports" / "figures").glob("*.svg"))
    assert svgs
    for svg in svgs:
        texts = _svg_texts(svg)
        for text in texts:
            for n in re.findall(r"n = (\d+)", text):
                assert int(n) >= MIN_CELL, (svg.name, text)
    # every group of the heatmap is below min_cell: its cells show no number at all
    heat = results["csv:means_by_site"]
    assert heat["suppressed"].astype(str).eq("True").all()
    cells = [t for t in _svg_texts(small / "reports" / "figures" / "means_by_site.svg") if re.fullmatch(r"[\d.,]+", t)]
    assert cells == []
    # the suppressed estimates, computed without the rule, appear in no figure
    from surveykit.estimate.means import mean
    from surveykit.report.items import analysis_design
    from surveykit.study import load_study

    study = load_study(small)
    raw = mean(analysis_design(study).with_min_cell(0), ["help__score"], by=["site", "wave"])
    shown = " ".join(t for svg in svgs for t in _svg_texts(svg))
    for value in raw["estimate"].dropna():
        for text in {f"{value:.1f}", f"{value:.1f}".replace(".", ","), f"{value:.2f}".replace(".", ",")}:
            if text not in ("1,0", "1.0", "2,0", "2.0", "3,0", "3.0"):  # axis ticks
                assert text not in shown, text


# --- planted identifiers after a full build of the synthetic study ----------------------------

def _all_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in (".csv", ".json", ".html", ".svg", ".md", ".txt"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".parquet":
            parts.append(pd.read_parquet(path).astype(str).to_csv())
    return "\n".join(parts)


def _variants(value: str) -> set[str]:
    digits = re.sub(r"\D", "", value)
    out = {value, value.replace(" ", ""), value.lower()}
    if len(digits) >= 8:
        local = digits[2:] if value.startswith("+") else digits
        out |= {digits, local, " ".join(local[i:i + 2] for i in range(0, len(local), 2)),
                f"{local[:3]} {local[3:5]} {local[5:]}", "-".join([local[:3], local[3:]])}
    return out


def test_planted_identifiers_appear_nowhere_after_a_build(tmp_path, monkeypatch):
    from surveykit.synth import write_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_study(tmp_path / "synth", scale=0.05)
    build(root)
    truth = yaml.safe_load((root / "data" / "raw" / "truth.yaml").read_text(encoding="utf-8"))
    planted = truth["planted_identifiers"]
    assert {p["kind"] for p in planted} == {"email", "phone", "national_id", "name"}
    text = _all_text(root / "data" / "processed") + _all_text(root / "reports")
    squashed = re.sub(r"\s", "", text)
    for item in planted:
        for variant in _variants(str(item["value"])):
            assert variant not in text, (item, variant)
            if item["kind"] != "name":
                assert re.sub(r"\s", "", variant) not in squashed, (item, variant)
        if item["kind"] == "name":
            first, *_ = item["value"].split()
            assert f"Hilsen {first}" not in text and f"Mvh {first}" not in text
    ids = [i for ids in truth["junk_ids"]["1"].values() for i in ids] + [p["respondent_id"] for p in planted]
    responses = pd.read_parquet(root / "data" / "processed" / "responses.parquet")
    assert not responses["respondent_id"].isin(ids).any()
