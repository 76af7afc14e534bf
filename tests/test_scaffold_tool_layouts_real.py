"""The draft on tool layouts found in real public exports, each rebuilt here small, the way the tool
writes it (header rows, system columns, kinds of values): a Qualtrics multi-answer question in
choice text, LimeSurvey's "code. text" headings, KoboToolbox's system and geopoint columns, and
REDCap's instrument status columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from tests.test_scaffold_layouts import codebook, responses, run_study, variable


def _csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig" if bom else "utf-8")
    return path


def _names(cb: dict) -> set[str]:
    return {v["sources"]["1"].get("column") for v in cb["variables"]} | {
        c for v in cb["variables"] for c in (v["sources"]["1"].get("columns") or {}).values()}


# ------------------------------------------------------------------------------------ Qualtrics
# shaped like yhoriuchi/projoint data-raw/"CHKKK Housing developments W1 (Prolific - June 2021)_June 15,
# 2023_11.20.csv": a "select all that apply" question exported as choice text, one column per choice
# (Q2.4_1 .. Q2.4_5, each holding its choice's text or nothing), the ImportId row naming the choice
FREQ = ["Every day", "Once a week", "Once a month", "A few times a year", "Never"]


def qualtrics_multi_answer_choice_text(folder: Path, n: int = 80, seed: int = 3) -> Path:
    rng = np.random.default_rng(seed)
    system = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
              "ResponseId", "DistributionChannel", "UserLanguage"]
    imports = ['{"ImportId":"startDate","timeZone":"America/New_York"}',
               '{"ImportId":"endDate","timeZone":"America/New_York"}', '{"ImportId":"status"}',
               '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
               '{"ImportId":"recordedDate","timeZone":"America/New_York"}', '{"ImportId":"_recordId"}',
               '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
    stem = "Based on the text you read above, how often do you watch political news on TV?"
    extra = ["Q_RecaptchaScore", "PROLIFIC_PID", "STUDY_ID", "SESSION_ID"]   # Qualtrics' bot score, Prolific's ids
    tags = [*system, *extra, "Q2.2", *[f"Q2.4_{i}" for i in range(1, 6)]]
    texts = [*system, *extra, "What is your gender identity?", *[f"{stem} - {f}" for f in FREQ]]
    ids = [*imports, *[f'{{"ImportId":"{e}"}}' for e in extra], '{"ImportId":"QID158"}',
           *[f'{{"ImportId":"QID163","choiceId":"{i}"}}' for i in range(1, 6)]]
    rows = [tags, texts, ids]
    for i in range(n):
        ticks = rng.random(5) < [0.9, 0.1, 0.05, 0.05, 0.85]
        rows.append([f"2021-06-0{1 + i % 9} 10:00:00", f"2021-06-0{1 + i % 9} 10:09:00", "IP Address", "100",
                     "540", "True", f"2021-06-0{1 + i % 9} 10:09:00", f"R_{i:015d}", "anonymous", "EN",
                     f"{rng.uniform(0.5, 1):.1f}", f"5d1aa9db716058{i:010x}", "60dca39bb9600da1094e4de0",
                     f"60dcb0a0b31b66{i:010x}",
                     str(rng.choice(["Man", "Woman"])), *[f if t else "" for f, t in zip(FREQ, ticks, strict=True)]])
    return _csv(folder / "Housing developments W1_June 15, 2023_11.20.csv", rows)


def test_qualtrics_choice_text_multi_answer_is_one_multi_select(tmp_path):
    """Was five likert items on a frequency scale ("every_day" mean 5.0, "Share agreeing: Every day 100 %")."""
    export = qualtrics_multi_answer_choice_text(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    multi = variable(cb, "Q2.4_1")
    assert multi["type"] == "multi"
    assert list(multi["options"].values()) == FREQ
    assert list(multi["sources"]["1"]["columns"].values()) == [f"Q2.4_{i}" for i in range(1, 6)]
    assert not [v for v in cb["variables"] if v["type"] == "likert"]
    # the bot score is no question (its mean was published); the Prolific id is a person's: left out
    assert not {"Q_RecaptchaScore", "PROLIFIC_PID", "STUDY_ID", "SESSION_ID"} & _names(cb)
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "'PROLIFIC_PID'" in head.split("direct identifiers")[1]
    body = pd.read_csv(export, skiprows=[1, 2], dtype=str)
    data = responses(study)
    for key, column in multi["sources"]["1"]["columns"].items():
        assert int(data[f"{multi['name']}__{key}"].sum()) == int(body[column].notna().sum())


def test_qualtrics_choice_columns_holding_several_answers_are_named_for_review(tmp_path):
    """Columns whose ImportIds name choices but hold more than their choice's text: not taken for a
    multi-select, and not silently a grid either."""
    export = qualtrics_multi_answer_choice_text(tmp_path)
    rows = list(csv.reader(io.StringIO(export.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index("Q2.4_2")
    for r in rows[3::2]:
        r[col] = "Every day"   # a second answer in the column of "Once a week"
    _csv(export, rows)
    study = run_study(tmp_path, export, build=False)
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "are the choices of one multi-answer question (QID163" in head and "# REVIEW:" in head


# ------------------------------------------------------------------------------------ LimeSurvey
# shaped like chatchavan/chi_material_analysis input/results-survey332449.csv (semicolon, BOM, every
# field quoted, "code. text" headings, unsubmitted rows, seed, timings, Y/N answers, a Y/N array)
def limesurvey_code_text(folder: Path, n: int = 40, seed: int = 5) -> Path:
    rng = np.random.default_rng(seed)
    header = ["id. Response ID", "submitdate. Date submitted", "lastpage. Last page", "startlanguage. Start language",
              "seed. Seed", "startdate. Date started", "datestamp. Date last action",
              "SCREEN1dataFromHuman. Did you collect data from human participants?",
              "TYPres[QLraw]. Results of your studies [Raw qualitative data]",
              "TYPres[QLcoded]. Results of your studies [Coded qualitative data]",
              "TYPres[QTraw]. Results of your studies [Raw quantitative data]",
              "claimByType[QLraw]. Were these materials used to support the claims? [{TYPres_QLraw.question}]",
              "claimByType[QTraw]. Were these materials used to support the claims? [{TYPres_QTraw.question}]",
              "yearInHCI. Please specify the number of years that you have conducted research.",
              "interviewtime. Total time", "groupTime18. Group time: Screening",
              "SCREEN1dataFromHumanTime. Question time: SCREEN1dataFromHuman"]
    rows = [header]
    for i in range(n):
        done = i % 4 != 1
        day = f"2018-06-{10 + i % 20:02d}"
        rows.append([str(i + 3), f"{day} 21:31:20" if done else "", "17" if done else str(1 + i % 3), "en",
                     str(rng.integers(10**8, 2 * 10**9)), f"{day} 21:30:49", f"{day} 21:31:20",
                     str(rng.choice(["Y", "N"])), *["Y" if rng.random() < 0.5 else "" for _ in range(3)],
                     str(rng.choice(["Y", "N", ""])), str(rng.choice(["Y", "N", ""])), str(rng.integers(1, 15)),
                     f"{rng.uniform(100, 900):.2f}", f"{rng.uniform(5, 90):.2f}", f"{rng.uniform(1, 20):.2f}"])
    return _csv(folder / "results-survey332449.csv", rows, delimiter=";", bom=True)


def test_limesurvey_code_text_headings_screen_and_leave_out_tool_columns(tmp_path):
    """Was read as a plain CSV: `screening: {}` with 3 of 10 rows unsubmitted, means of the Response ID,
    the seed and the timings published, "Y"/"N" shown as answers."""
    export = limesurvey_code_text(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    body = pd.read_csv(export, sep=";", encoding="utf-8-sig", dtype=str)
    unsubmitted = int(body["submitdate. Date submitted"].isna().sum())
    assert unsubmitted and f"rejects {unsubmitted} of {len(body)} rows" in text
    assert "complete: {required: [\"submitted\"]}" in text
    assert len(responses(study)) == len(body) - unsubmitted
    kinds = {v["sources"]["1"].get("column"): v["type"] for v in cb["variables"]}
    assert kinds["id"] == "id" and kinds["submitdate"] == "date"
    numbers = [v["sources"]["1"].get("column") for v in cb["variables"] if v["type"] == "numeric"]
    assert numbers == ["yearInHCI"]   # not seed, lastpage, interviewtime, groupTime18, ...Time
    assert not {"seed", "interviewtime", "groupTime18", "SCREEN1dataFromHumanTime"} & _names(cb)
    yes_no = variable(cb, "SCREEN1dataFromHuman")
    labels = {lv["label"]: lv.get("aliases") for lv in cb["scales"][yes_no["scale"]]["levels"]}
    assert labels == {"No": ["N"], "Yes": ["Y"]}
    assert yes_no.get("question", yes_no["label"]) == "Did you collect data from human participants?"
    multi = variable(cb, "TYPres[QLraw]")
    assert multi["type"] == "multi" and list(multi["options"].values()) == [
        "Raw qualitative data", "Coded qualitative data", "Raw quantitative data"]
    # an array of Yes/No rows (it holds N): one Yes/No item per row, not options of a multi-select
    row = variable(cb, "claimByType[QLraw]")
    assert row["type"] == "single" and row.get("question", row["label"]).startswith("Were these materials used")
    means = pd.read_csv(study / "reports" / "tables" / "numbers.csv")
    assert set(means["variable"]) == {variable(cb, "yearInHCI")["name"]}


# ------------------------------------------------------------------------------------ KoboToolbox
# shaped like kiggundusharif-v1/ecd-monitoring-dashboard "ECD_Termly_monitoring_tool_-_Focus_Districts_-
# _all_versions_-_labels_-_2026-03-10-05-13-40.xlsx": Kobo's labels export, its submission columns after
# the questions, a geopoint as one cell and as _<name>_latitude ... columns
KOBO_TOOL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]


def kobo_labels_xlsx(folder: Path, n: int = 60, seed: int = 11) -> Path:
    rng = np.random.default_rng(seed)
    loc = "Record the ECD Centre Location"
    rows = []
    for i in range(n):
        lat, lon, alt, prec = 0.5 + rng.random() / 2, 31.2 + rng.random() / 3, 1200 + 200 * rng.random(), 3 + 60 * rng.random()
        day = 24 + i % 5
        rows.append({
            "start": f"2025-11-{day} 08:11:35.193000", "end": f"2025-11-{day} 08:46:00.558000",
            "District": str(rng.choice(["MUBENDE", "KASSANDA"])), loc: f"{lat} {lon} {alt} {prec}",
            f"_{loc}_latitude": lat, f"_{loc}_longitude": lon, f"_{loc}_altitude": alt, f"_{loc}_precision": prec,
            "GPS of the classroom": f"{lat:.7f} {lon:.7f} {alt:.1f} {prec:.1f}",
            "Is there a clearly designed timetable": str(rng.choice(["Yes", "No"])),
            "How many caregivers are there?": int(rng.integers(1, 9)),
            "_id": 726026980 + i, "_uuid": f"29f63994-bd54-44b2-9689-{i:012d}",
            "_submission_time": f"2025-11-{day} 14:52:27", "_validation_status": "Not Approved" if i % 10 == 0 else None, "_notes": None,
            "_status": "submitted_via_web", "_submitted_by": str(rng.choice(["enumerator_anna", "enumerator_ben"])),
            "__version__": "vboY6S9V6t3sTds7vnSzFq", "_tags": None, "_index": 1257 + i})
    path = folder / "ECD_Termly_monitoring_tool_-_labels_-_2026-03-10-05-13-40.xlsx"
    pd.DataFrame(rows).to_excel(path, index=False, sheet_name="Sheet1")
    return path


def test_kobo_system_and_location_columns_are_no_questions(tmp_path):
    """Was read as a generic workbook: _submitted_by, _status, _version, _index, _uuid ... drafted as
    questions, their numbers in the means table, the geopoint a single choice."""
    export = kobo_labels_xlsx(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    drafted = _names(cb)
    assert not set(KOBO_TOOL) - {"_id", "_validation_status"} & drafted
    assert variable(cb, "_id")["type"] == "id"
    assert variable(cb, "_validation_status")["name"] == "validation_status"  # screens "Not Approved" out
    loc = "Record the ECD Centre Location"
    geo = {loc, "GPS of the classroom", *[f"_{loc}_{p}" for p in ("latitude", "longitude", "altitude", "precision")]}
    assert not geo & drafted
    assert variable(cb, "start")["name"] == "started" and variable(cb, "end")["name"] == "submitted"  # the roles
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert f"'{loc}' holds a location (geopoint" in head and "'GPS of the classroom' holds a location" in head
    assert "'_submitted_by' holds the account name" in head
    assert f"'_validation_status' marks {len(range(0, 60, 10))} submission(s) ('Not Approved' x6)" in head
    means = pd.read_csv(study / "reports" / "tables" / "numbers.csv")
    assert set(means["variable"]) == {variable(cb, "How many caregivers are there?")["name"]}


# ------------------------------------------------------------------------------------ REDCap
# shaped like OuhscBbmc/REDCapR inst/test-data/projects/survey/data.csv: a survey project's raw export,
# per instrument <instrument>_timestamp ("[not completed]") and <instrument>_complete (0/1/2)
def redcap_survey(folder: Path, n: int = 50, seed: int = 2) -> Path:
    rng = np.random.default_rng(seed)
    header = ["participant_id", "redcap_survey_identifier", "prescreening_survey_timestamp", "has_diabetes",
              "how_often_exercise", "consent___1", "prescreening_survey_complete", "participant_morale_questionnaire_timestamp",
              "pmq1", "participant_morale_questionnaire_complete"]
    rows = [header]
    for i in range(n):
        status = int(rng.choice([0, 1, 2, 2, 2]))
        stamp = f"2018-03-{6 + i % 20:02d} 15:52:43" if status == 2 else "[not completed]"
        rows.append([str(i + 1), f"person{i}@example.org" if i % 3 == 0 else "", stamp, str(rng.integers(0, 2)),
                     str(rng.choice(["Never", "Sometimes", "Often"])), str(rng.integers(0, 2)), str(status), "", "", "0"])
    return _csv(folder / "SurveyProject_DATA_2018-03-30.csv", rows)


def test_redcap_instrument_status_screens_and_is_no_question(tmp_path):
    """Was drafted as numbers (0 Incomplete, 1 Unverified, 2 Complete averaged); the participant identifier
    and the time stamps as questions."""
    export = redcap_survey(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    body = pd.read_csv(export, dtype=str)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    rejected = int((body["prescreening_survey_complete"] != "2").sum())
    assert rejected and "complete: {variable: form_complete, values: [2, \"Complete\"]}" in text
    assert f"rejects {rejected} of {len(body)} rows" in text
    assert "# REVIEW: keeps only the rows whose 'prescreening_survey_complete' is 2 (Complete)" in text
    assert len(responses(study)) == len(body) - rejected
    status = variable(cb, "prescreening_survey_complete")
    assert status["type"] == "text" and status["name"] == "form_complete"   # the role the rule names
    assert not [v for v in cb["variables"] if v["type"] == "numeric"
                and v["sources"]["1"]["column"].endswith(("_complete", "_timestamp"))]
    drafted = _names(cb)
    assert not {"redcap_survey_identifier", "participant_morale_questionnaire_complete",
                "participant_morale_questionnaire_timestamp"} & drafted
    assert variable(cb, "prescreening_survey_timestamp")["name"] == "submitted"


def test_redcap_labels_export_status_screens(tmp_path):
    """The labels export of the same project: "Survey Identifier", "Survey Timestamp" and "Complete?" per
    instrument (repeated headers), the status as Incomplete / Unverified / Complete."""
    raw = pd.read_csv(redcap_survey(tmp_path), dtype=str, keep_default_na=False)
    names = {"0": "Incomplete", "1": "Unverified", "2": "Complete"}
    for c in ("prescreening_survey_complete", "participant_morale_questionnaire_complete"):
        raw[c] = raw[c].map(names)
    header = ["Participant ID", "Survey Identifier", "Survey Timestamp", "Do you have diabetes?",
              "How often do you exercise?", "I consent (choice=Yes)", "Complete?", "Survey Timestamp", "PMQ1",
              "Complete?"]
    export = _csv(tmp_path / "SurveyProject_DATA_LABELS_2018-03-30.csv", [header, *raw.to_numpy().tolist()])
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    rejected = int((raw["prescreening_survey_complete"] != "Complete").sum())
    assert f"rejects {rejected} of {len(raw)} rows" in text and "variable: form_complete" in text
    assert len(responses(study)) == len(raw) - rejected
    assert variable(cb, "Complete?")["name"] == "form_complete"
    assert variable(cb, "Survey Timestamp")["name"] == "submitted"
    assert not {"Survey Identifier", "Complete?.1", "Survey Timestamp.1"} & _names(cb)
