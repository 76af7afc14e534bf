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
    tags = [*system, "Q2.2", *[f"Q2.4_{i}" for i in range(1, 6)]]
    texts = [*system, "What is your gender identity?", *[f"{stem} - {f}" for f in FREQ]]
    ids = [*imports, '{"ImportId":"QID158"}', *[f'{{"ImportId":"QID163","choiceId":"{i}"}}' for i in range(1, 6)]]
    rows = [tags, texts, ids]
    for i in range(n):
        ticks = rng.random(5) < [0.9, 0.1, 0.05, 0.05, 0.85]
        rows.append([f"2021-06-0{1 + i % 9} 10:00:00", f"2021-06-0{1 + i % 9} 10:09:00", "IP Address", "100",
                     "540", "True", f"2021-06-0{1 + i % 9} 10:09:00", f"R_{i:015d}", "anonymous", "EN",
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
    body = pd.read_csv(export, skiprows=[1, 2], dtype=str)
    data = responses(study)
    for key, column in multi["sources"]["1"]["columns"].items():
        assert int(data[f"{multi['name']}__{key}"].sum()) == int(body[column].notna().sum())


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
