"""`init` + `codebook draft` + `validate` + `build` on exports written the way each tool writes
them: the draft validates and builds with no edit, its scales keep every level in the right
order, its multi-select options are the form's, and every count in the processed data and in
the report's tables equals the count computed here directly from the raw file."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.config import load_config
from surveykit.processed import read_responses
from tests import tool_exports as tx


def run_study(tmp_path: Path, export: Path, *, build: bool = True, extra: tuple[Path, ...] = ()) -> Path:
    """The whole path a new user takes, with no edit in between; every command must exit 0.

    ``validate`` is the first part of ``build`` (the same cleaning, weighting and processed
    files, by the same ``load_study``): a study that builds validates, so it runs on its own
    only when there is no build (tests/test_cli.py runs the command itself)."""
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    for f in (export, *extra):
        shutil.copy(f, study / "data" / "raw" / f.name)
    assert cli.main(["-q", "codebook", "draft", str(study / "data" / "raw" / export.name),
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    if build:
        # PNG only, at 72 dpi: these tests are about what the draft makes of an export, not the pixels
        assert cli.main(["-q", "build", "--study", str(study), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    else:
        assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    return study


def codebook(study: Path) -> dict:
    return yaml.load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: a drafted codebook is long


def variable(cb: dict, column: str) -> dict:
    """The variable whose source (wave 1) is ``column``."""
    for v in cb["variables"]:
        src = v["sources"]["1"]
        if src.get("column") == column or column in (src.get("columns") or {}).values():
            return v
    raise AssertionError(f"no variable drafted for column {column!r}")


def levels(cb: dict, var: dict) -> list[str]:
    return [lv["label"] for lv in cb["scales"][var["scale"]]["levels"]]


def nonsub(cb: dict, var: dict) -> list[str]:
    return [lv["label"] for lv in cb["scales"][var["scale"]].get("nonsubstantive", [])]


def responses(study: Path) -> pd.DataFrame:
    """The processed data, the answers labelled in the study's language."""
    return read_responses(study / "data" / "processed" / "responses.parquet", language=load_config(study).language)


def answer_counts(frame: pd.DataFrame, name: str) -> Counter:
    return Counter(frame[name].dropna().astype(str))


def report_table(study: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(study / "reports" / "tables" / f"{name}.csv")


def rows_of(path: Path, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline=""), delimiter=delimiter))


# ------------------------------------------------------------------------------------------ Qualtrics
def test_qualtrics_choice_text_export(tmp_path):
    export = tx.qualtrics_choice_text(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    rows = rows_of(export)
    tags, body = rows[0], rows[3:]
    col = {t: i for i, t in enumerate(tags)}
    kept = [r for r in body if r[col["Status"]] == "IP Address" and r[col["Finished"]] == "True"]
    # the five importance levels, never merged, low -> high; the grid rows labelled by their row text
    item = variable(cb, "Q1_1")
    assert item["type"] == "likert" and levels(cb, item) == tx.IMPORTANCE
    assert item["label"] == "Opening hours" and "How important" in item["question"]
    assert cb["scales"][item["scale"]]["top_box"] == [4, 5]
    # previews, spam and unfinished answers screened by default, with the counts shown
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    tests = sum(r[col["Status"]] != "IP Address" for r in body)
    assert f"rejects {tests} of {len(body)} rows" in text
    data = responses(study)
    assert len(data) == len(kept)
    for i in range(1, 5):
        name = variable(cb, f"Q1_{i}")["name"]
        want = Counter(r[col[f"Q1_{i}"]] for r in kept if r[col[f"Q1_{i}"]])
        assert answer_counts(data, name) == want
    # the multi-select joined by commas, an option holding a comma, the "Other" box as text
    multi = variable(cb, "Q2")
    assert multi["type"] == "multi" and multi["sources"]["1"]["separator"] == ","
    assert sorted(multi["options"].values()) == sorted(["Borrowing books", "Printing, copying and scanning",
                                                         "Study space", "Other"])
    other = variable(cb, "Q2_4_TEXT")
    assert other["type"] == "text"
    key = next(k for k, v in multi["options"].items() if v.startswith("Printing"))
    want = sum("Printing, copying and scanning" in r[col["Q2"]] for r in kept)
    assert int(data[f"{multi['name']}__{key}"].sum()) == want
    # the report's share of each answer is the raw count over the answers given
    table = report_table(study, f"likert_{item['scale']}")
    first = table[table["variable"] == item["name"]].set_index("level")
    counts = Counter(r[col["Q1_1"]] for r in kept if r[col["Q1_1"]])
    for label, n in counts.items():
        assert first.loc[label, "estimate"] == pytest.approx(n / sum(counts.values()))
    # field date and wave label from the answers' time stamps
    assert "field_date: 2024-03-" in text and 'label: "2024"' in text


def test_qualtrics_multi_options_from_the_survey_definition(tmp_path):
    export = tx.qualtrics_choice_text(tmp_path, qsf=True)
    study = run_study(tmp_path, export, build=False, extra=(tmp_path / "Library_survey.qsf",))
    multi = variable(codebook(study), "Q2")
    assert list(multi["options"].values()) == ["Borrowing books", "Printing, copying and scanning", "Study space",
                                               "Other"]
    assert "inferred" not in (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split(
        multi["name"])[1].split("- name:")[0]


def test_qualtrics_messages_name_the_spreadsheet_row(tmp_path):
    """The second header row holds line breaks: a message names the row a spreadsheet shows."""
    export = tx.qualtrics_choice_text(tmp_path, n=12)
    study = run_study(tmp_path, export, build=False)
    raw = study / "data" / "raw" / export.name
    records = rows_of(raw)
    age = records[0].index("Q3")
    records[13][age] = "eighty"   # the 11th answer: spreadsheet row 14 (three header rows)
    text = "".join(_line(r) for r in records)
    raw.write_text(text, encoding="utf-8")
    # ... on text line 22: the four grid headers hold two line breaks each
    assert [i for i, line in enumerate(text.splitlines(), start=1) if ",eighty," in line] == [22]
    from surveykit.errors import ValidationError
    from surveykit.study import load_study

    with pytest.raises(ValidationError, match=r"column \"Q3\": not_numeric: 'eighty' ×1 \(row 14\)"):
        load_study(study)


def _line(record: list[str]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerow(record)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ SurveyMonkey
def test_surveymonkey_grids_with_labelled_ends_and_option_columns(tmp_path):
    export = tx.surveymonkey_csv(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    records = rows_of(export)
    top, sub, body = records[0], records[1], records[2:]
    agree = variable(cb, f"{top[9]} [{sub[9]}]")
    often = variable(cb, f"{top[12]} [{sub[12]}]")
    # two numbered scales, told apart by their words: never merged
    assert agree["type"] == often["type"] == "likert" and agree["scale"] != often["scale"]
    assert levels(cb, agree) == tx.AGREE_NUMBERED and levels(cb, often) == tx.FREQ_NUMBERED
    assert [lv["code"] for lv in cb["scales"][agree["scale"]]["levels"]] == [1, 2, 3, 4, 5]
    assert cb["scales"][agree["scale"]]["top_box"] == [4, 5]
    # one column per option, the cell holding the option's text; "Other (please specify)" as text
    multi = variable(cb, f"{top[15]} [{sub[15]}]")
    assert multi["type"] == "multi" and list(multi["options"].values()) == sub[15:19]
    typed = [v for v in cb["variables"] if v["sources"]["1"].get("column") == f"{top[15]} [{sub[18]}]"]
    assert [v["type"] for v in typed] == ["text"]  # and the box's text kept as text
    data = responses(study)
    for i in range(15, 18):
        key = next(k for k, v in multi["options"].items() if v == sub[i])
        chosen = data[f"{multi['name']}__{key}"]
        assert int(chosen.sum()) == sum(r[i] == sub[i] for r in body)
    # the share table of a numbered grid: raw counts over answers, per site (the draft groups by site)
    table = report_table(study, f"likert_{agree['scale']}").query("variable == @agree['name']")
    site_ids = pd.read_csv(study / "config" / "sites.csv", dtype=str).set_index("label")["site_id"]
    for site_label in {r[19] for r in body}:
        counts = Counter(r[9] for r in body if r[9] and r[19] == site_label)
        shares = table[table["site"] == site_ids[site_label]].set_index("level")["estimate"]
        for label, n in counts.items():
            assert shares[label] == pytest.approx(n / sum(counts.values()))
    # the three empty trailing columns are left out; the site question is the site
    assert not any("[].1" in str(v["sources"]["1"].get("column")) for v in cb["variables"])
    assert any(v["type"] == "site" for v in cb["variables"])
    sites = pd.read_csv(study / "config" / "sites.csv")
    assert sorted(sites["label"]) == sorted({r[19] for r in body})


# ------------------------------------------------------------------------------------------ Google Forms
def test_google_forms_swedish_agreement_scale_keeps_its_order(tmp_path):
    export = tx.googleforms_sv(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    records = rows_of(export)
    header, body = records[0], records[1:]
    item = variable(cb, header[1])
    assert item["type"] == "likert" and levels(cb, item) == tx.AGREE_SV and nonsub(cb, item) == ["Vet inte"]
    assert item["label"] == "Personalen är hjälpsam"
    multi = variable(cb, header[3])
    assert sorted(multi["options"].values()) == sorted(["Lån av böcker, tidningar och filmer", "Skrivare",
                                                         "Studieplatser"])
    data = responses(study)
    assert answer_counts(data, item["name"]) == Counter(r[1] for r in body if r[1] != "Vet inte")
    assert int(data[f"{item['name']}__dk"].sum()) == sum(r[1] == "Vet inte" for r in body)
    key = next(k for k, v in multi["options"].items() if v.startswith("Lån"))
    assert int(data[f"{multi['name']}__{key}"].sum()) == sum("Lån av böcker, tidningar och filmer" in r[3]
                                                             for r in body)
    assert "language: sv" in (study / "surveykit.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ Microsoft Forms
def test_microsoft_forms_norwegian_workbook(tmp_path):
    import openpyxl

    export = tx.msforms_nb(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    sheet = list(openpyxl.load_workbook(export, read_only=True).active.iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    satisfied = variable(cb, header[5])
    assert levels(cb, satisfied) == tx.SATISFIED_NB and nonsub(cb, satisfied) == ["Usikker"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: 'Usikker' is kept apart" in text  # never assumed a "don't know" silently
    often = variable(cb, header[6])
    assert levels(cb, often) == tx.OFTEN_NB and often["scale"] != satisfied["scale"]
    multi = variable(cb, header[7])
    assert multi["sources"]["1"]["separator"] == ";" and sorted(multi["options"].values()) == sorted(
        ["Utlån", "Arrangementer", "Hjelp med NAV"])
    data = responses(study)
    key = next(k for k, v in multi["options"].items() if v == "Hjelp med NAV")
    assert int(data[f"{multi['name']}__{key}"].sum()) == sum("Hjelp med NAV;" in (r[7] or "") for r in body)
    assert answer_counts(data, often["name"]) == Counter(r[6] for r in body)


# ------------------------------------------------------------------------------------------ LimeSurvey
def test_limesurvey_unsubmitted_answers_are_screened(tmp_path):
    export = tx.limesurvey_codes(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    records = rows_of(export)
    header, body = records[0], records[1:]
    kept = [r for r in body if r[1]]
    data = responses(study)
    assert len(data) == len(kept)
    item = variable(cb, "Q1[SQ001]")
    assert levels(cb, item)[0] == "Very dissatisfied" and levels(cb, item)[-1] == "Very satisfied"
    multi = variable(cb, "Q2[SQ001]")
    # three options and the "other" box (chosen: something typed in); the typed text kept as text
    assert multi["type"] == "multi" and len(multi["options"]) == 4
    assert multi["sources"]["1"]["columns"][list(multi["options"])[-1]] == "Q2[other]"
    assert [v["type"] for v in cb["variables"] if v["sources"]["1"].get("column") == "Q2[other]"] == ["text"]
    key = next(iter(multi["options"]))
    assert int(data[f"{multi['name']}__{key}"].sum()) == sum(r[header.index("Q2[SQ001]")] == "Y" for r in kept)
    other = list(multi["options"])[-1]
    assert int(data[f"{multi['name']}__{other}"].sum()) == sum(bool(r[header.index("Q2[other]")]) for r in kept)
    gender = variable(cb, "Q3")
    assert nonsub(cb, gender) == ["Prefer not to say"]


# ------------------------------------------------------------------------------------------ SPSS
def test_spss_scale_coded_positive_first_is_recoded_low_to_high(tmp_path):
    import pyreadstat

    export = tx.spss_positive_first(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    item = variable(cb, "q1")
    assert levels(cb, item) == ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
    assert item["sources"]["1"]["recode"] == {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}
    ends = variable(cb, "q3")
    assert levels(cb, ends) == ["Ikke trygg i det hele tatt", "2", "3", "4", "5", "6", "Svært trygg"]
    frame, _ = pyreadstat.read_sav(export)
    data = responses(study)
    # score 5 ("Helt enig") is code 1 in the file
    assert int((data[item["name"]].astype(str) == "Helt enig").sum()) == int((frame["q1"] == 1).sum())
    means = report_table(study, f"means_{item['scale']}").set_index("variable")
    answered = frame["q1"][frame["q1"] != 9]
    assert means.loc[item["name"], "estimate"] == pytest.approx((6 - answered).mean())
