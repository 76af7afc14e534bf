"""The draft on an EUSurvey results export (*Results → Export → Excel*), written here the way
EUSurvey's own code writes it: src/main/java/com/ec/survey/tools/export/CommonExcelExportCreator.java
of EUSurvey/EUSURVEY (insertHeader, parseAnswerSet). One column per question headed by its title; a
matrix one column per row headed "<matrix title>: <row title>", each holding the answer chosen; a
multiple-choice question one column of the chosen answers' titles joined by ";"; then EUSurvey's own
columns "Invitation Number", "Contribution Id", "User Name" ("Anonymous" in each for an anonymous
survey), "Creation Date", "Last Update" (dates) and "Languages" (the language code)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
import yaml

from tests.test_scaffold_layouts import codebook, responses, run_study, variable

SERVICES = ["Library", "Citizen service desk", "Online services"]
AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
MATRIX = "Your opinion"
ROWS = ["The staff were helpful", "The opening hours suit me"]
OWN = ["Invitation Number", "Contribution Id", "User Name", "Creation Date", "Last Update", "Languages"]


def _export(path, split=False):
    """``split``: the export option "split multiple choice answers" (a Yes/No column per option after the
    joined column, when the question was answered)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Content"
    ws.append(["Which services did you use?", *(SERVICES if split else []), *(f"{MATRIX}: {r}" for r in ROWS),
               "How old are you?", *OWN])
    for i in range(40):
        chosen = [s for k, s in enumerate(SERVICES) if (i + 1) >> k & 1]
        marks = [("Yes" if s in chosen else "No") if chosen else None for s in SERVICES] if split else []
        ws.append([";".join(chosen), *marks, AGREE[i % 5], AGREE[(i + 3) % 5], 18 + i, "Anonymous", "Anonymous", "Anonymous",
                   dt.datetime(2024, 5, 1 + i % 20, 10, i), dt.datetime(2024, 5, 1 + i % 20, 11, i), "EN"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("eusurvey")
    export = _export(tmp / "Content.xlsx")
    return export, run_study(tmp, export)


def test_eusurvey_matrix_rows_are_one_grid_labelled_by_their_rows(drafted):
    """Was: each row a question labelled "Your opinion: The staff were helpful"."""
    export, study = drafted
    cb = codebook(study)
    raw = pd.read_excel(export, dtype=str)
    frame = responses(study)
    for row in ROWS:
        var = variable(cb, f"{MATRIX}: {row}")
        assert var["type"] == "likert" and var["label"] == row and MATRIX in var["question"]
        assert [lv["label"] for lv in cb["scales"][var["scale"]]["levels"]] == AGREE
        assert frame[var["name"]].astype(str).tolist() == raw[f"{MATRIX}: {row}"].tolist()


def test_eusurvey_own_columns_are_no_questions(drafted):
    """Was: "Invitation Number", "Contribution Id" (all "Anonymous") and "Languages" drafted as single
    choices of one answer each."""
    export, study = drafted
    cb = codebook(study)
    drafted_columns = {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert not {"Invitation Number", "Contribution Id", "User Name", "Languages"} & drafted_columns
    services = variable(cb, "Which services did you use?")
    assert services["type"] == "multi" and sorted(services["options"].values()) == sorted(SERVICES)
    raw = pd.read_excel(export, dtype=str)
    frame = responses(study)
    for key, label in services["options"].items():
        expected = int(raw["Which services did you use?"].fillna("").map(lambda v, label=label: label in v.split(";")).sum())
        assert int(frame[f"{services['name']}__{key}"].fillna(False).astype(bool).sum()) == expected
    waves = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))["waves"]
    assert str(waves[0]["field_date"]).startswith("2024-05")   # from "Creation Date"


def test_eusurvey_split_multiple_choice_columns_repeat_the_question_and_are_left_out(tmp_path):
    """Was: besides the multi-select, each Yes/No column a single choice ("Library": Yes/No), the question
    counted twice in the report."""
    study = run_study(tmp_path, _export(tmp_path / "Content.xlsx", split=True), build=False)
    cb = codebook(study)
    assert not set(SERVICES) & {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert variable(cb, "Which services did you use?")["type"] == "multi"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert f"left out {SERVICES}: each repeats one option of 'Which services did you use?'" in text
