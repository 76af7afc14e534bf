"""What the draft made of real public exports with identifiers, tool columns and implausible numbers.

- tongsantan/Mental-Health-Modelling, `OSMI Mental Health in Tech Survey 2014.csv` (a Google Forms
  CSV): Age held -1726, -29, -1, 329 and 99999999999; the draft wrote `valid: [-1726,
  99999999999]` with no note and the report's mean age was 79,365,110.
- fivethirtyeight/data, `thanksgiving-2015/thanksgiving-2015-poll-data.csv` (SurveyMonkey): "How
  would you describe where you live?" (Suburban, Urban, Rural) became free text by its word
  "describe", and was missing from the report (as, in the tester's R community survey 2019, "...
  expect your use of R to change" by the "ange" in "change").
- yhoriuchi/projoint, `data-raw/CHKKK Housing developments W1 (Prolific - June 2021)_June 15,
  2023_11.20.csv` (Qualtrics): PROLIFIC_PID, STUDY_ID and SESSION_ID (24-character hex codes)
  were drafted as text, and reached data/processed in clear; Q_RecaptchaScore had a mean.
- yhoriuchi/projoint, `data-raw/Qualtrics_data_with_a_repeated_task.csv`: `zip` was a number
  (mean ZIP 46,703), `UserAgent` a 130-option multi-select, `rid` (Lucid's UUIDs) text.

Each export below is written the way its tool writes it, with made-up values.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit import cli
from tests import tool_exports as tx
from tests.test_draft_valid_ranges import seen
from tests.test_identifiers_asked import _key  # noqa: F401 - a pseudonymisation key for every test
from tests.test_scaffold_layouts import codebook, responses, run_study


def _variable(cb: dict, column: str) -> dict | None:
    return next((v for v in cb["variables"] if v["sources"]["1"].get("column") == column), None)


def _hex(rng, n: int = 24) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


# -- 1. implausible numbers ------------------------------------------------------------------------

def osmi_export(folder: Path, n: int = 200, seed: int = 5) -> Path:
    """A Google Forms CSV as OSMI 2014: "8/27/2014 11:29:31" time stamps, Age typed in freely."""
    rng = np.random.default_rng(seed)
    ages = [str(a) for a in rng.integers(19, 60, n)]
    for i, odd in enumerate(["-1726", "-29", "-1", "5", "8", "11", "329", "99999999999"]):
        ages[7 + 20 * i] = odd
    rows = [["Timestamp", "Age", "Gender", "Are you self-employed?", "How many employees does your company have?"]]
    for i in range(n):
        rows.append([f"8/27/2014 {11 + i // 60}:{i % 60:02d}:31", ages[i], str(rng.choice(["Female", "Male", "M"])),
                     str(rng.choice(["Yes", "No"])), str(rng.choice(["1-5", "6-25", "26-100", "More than 1000"]))])
    path = folder / "osmi2014.csv"
    path.write_text(tx._csv(rows), encoding="utf-8")
    return path


def test_an_age_outside_0_to_120_is_declared_missing_and_named(tmp_path):
    study = run_study(tmp_path, osmi_export(tmp_path), build=False)
    age = _variable(codebook(study), "Age")
    assert age["type"] == "numeric"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert seen(text, "Age") == [5, 59]  # the plausible ages seen, not -1726 .. 99999999999
    assert age["valid"] == [0, 120]
    assert set(age["missing"]) == {-1726, -29, -1, 329, 99999999999}
    assert "5 value(s) outside the plausible ages 0-120: -1726, -29, -1, 329, 99999999999" in text
    assert "3 age(s) under 18 (5, 8, 11)" in text
    values = responses(study)[age["name"]].dropna()
    assert values.max() <= 59 and values.min() >= 5 and values.mean() < 60


def test_an_implausible_age_beside_a_no_answer_text_is_declared_missing_with_it(tmp_path):
    rng = np.random.default_rng(3)
    rows = [["Timestamp", "How old are you?", "Gender"]]
    for i in range(60):
        age = {5: "N/a", 9: "Prefer not to say", 30: "1726"}.get(i, str(rng.integers(20, 70)))
        rows.append([f"8/27/2014 11:{i:02d}:31", age, str(rng.choice(["Female", "Male"]))])
    path = tmp_path / "ages.csv"
    path.write_text(tx._csv(rows), encoding="utf-8")
    study = run_study(tmp_path, path, build=False)   # validates: 1726 is no out-of-range failure
    age = _variable(codebook(study), "How old are you?")
    assert age["type"] == "numeric" and set(age["missing"]) == {"N/a", "Prefer not to say", 1726}
    assert seen((study / "config" / "codebook.yaml").read_text(encoding="utf-8"), "How old are you?")[1] < 70


def test_a_number_far_beyond_the_others_is_named_in_a_review_note():
    from surveykit.scaffold.answers import implausible_numbers

    visits = pd.Series(list(range(0, 31)) * 4 + [4500])  # a typing error among visits per year
    odd, why = implausible_numbers(visits)
    assert odd == [4500] and "far beyond the other answers" in why
    counts = pd.Series(list(range(0, 20)) * 6 + [-5])  # one negative among counts
    odd, why = implausible_numbers(counts)
    assert odd == [-5] and "negative" in why
    assert implausible_numbers(pd.Series([12000, 15000, 30000, 45000, 52000, 61000, 80000, 95000, 120000, 250000,
                                          31000, 42000]))[0] == []  # a skewed amount is no outlier


# -- 2. a question worded as free text answered with a few categories ------------------------------

def thanksgiving_export(folder: Path, n: int = 120, seed: int = 7) -> Path:
    """SurveyMonkey's CSV as fivethirtyeight published it: RespondentID, the questions as headers."""
    rng = np.random.default_rng(seed)
    rows = [["RespondentID", "Do you celebrate Thanksgiving?", "How would you describe where you live?",
             "Please describe your favourite dish", "How do you expect your use of R to change in 2020?"]]
    for i in range(n):
        rows.append([str(4337954960 - 3011 * i), str(rng.choice(["Yes", "No"])),
                     "" if i % 17 == 0 else str(rng.choice(["Suburban", "Urban", "Rural"], p=[0.5, 0.25, 0.25])),
                     f"My aunt's dish number {i} with {rng.integers(2, 9)} spices",
                     str(rng.choice(["Increase", "Decrease", "Stay the same"]))])
    path = folder / "thanksgiving-2015-poll-data.csv"
    path.write_text(tx._csv(rows), encoding="utf-8")
    return path


def test_describe_where_you_live_answered_with_three_categories_is_a_single_choice(tmp_path):
    study = run_study(tmp_path, thanksgiving_export(tmp_path), build=False)
    cb = codebook(study)
    live = _variable(cb, "How would you describe where you live?")
    assert live["type"] == "single"
    scale = next(s for name, s in cb["scales"].items() if name == live["scale"])
    assert {lev["label"] for lev in scale["levels"]} == {"Suburban", "Urban", "Rural"}
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "reads like free text ('describe')" in text
    assert _variable(cb, "Please describe your favourite dish")["type"] == "text"  # typed in: stays text
    # "change" held the Swedish "ange" (specify) of the free-text words: a choice, without a note now
    change = _variable(cb, "How do you expect your use of R to change in 2020?")
    assert change["type"] == "single" and text.count("reads like free text") == 1


# -- 3. panel ids, tool columns, postal codes, browser strings --------------------------------------

def _qualtrics(folder: Path, name: str, tags: list[str], texts: list[str], body: list[list[str]]) -> Path:
    """A Qualtrics CSV (2017+ layout): tags, question texts, ImportIds, then the answers."""
    imports = [json.dumps({"ImportId": t if t.startswith(("Q", "_")) else t.lower()}) for t in tags]
    path = folder / name
    path.write_text(tx._csv([tags, texts, imports, *body]), encoding="utf-8")
    return path


def prolific_export(folder: Path, n: int = 60, seed: int = 11, response_id: bool = True) -> Path:
    """Qualtrics with Prolific's embedded data, as in the CHKKK housing study."""
    rng = np.random.default_rng(seed)
    tags = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId",
            "Q_RecaptchaScore", "Q1.2", "Q2.2", "Q_RelevantIDFraudScore", "PROLIFIC_PID", "STUDY_ID", "SESSION_ID"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID",
             "Q_RecaptchaScore", "Do you consent to participate in the survey?", "What is your gender identity?",
             "Q_RelevantIDFraudScore", "PROLIFIC_PID", "STUDY_ID", "SESSION_ID"]
    if not response_id:
        keep = [i for i, t in enumerate(tags) if t != "ResponseId"]
        tags, texts = [tags[i] for i in keep], [texts[i] for i in keep]
    study = _hex(rng)
    body = []
    for i in range(n):
        row = {"StartDate": f"2021-06-30 10:{i % 60:02d}:00", "EndDate": f"2021-06-30 10:{i % 60:02d}:59",
               "Status": "IP Address", "Progress": "100", "Finished": "True",
               "RecordedDate": f"2021-06-30 11:{i % 60:02d}:00", "ResponseId": f"R_{_hex(rng, 15)}",
               "Q_RecaptchaScore": str(rng.choice(["1", "0.899999976158142", "0.5"])), "Q1.2": "Yes",
               "Q2.2": str(rng.choice(["Man", "Woman", "Other"])), "Q_RelevantIDFraudScore": "",
               "PROLIFIC_PID": _hex(rng), "STUDY_ID": study, "SESSION_ID": _hex(rng)}
        body.append([row[t] for t in tags])
    return _qualtrics(folder, "CHKKK Housing developments W1 (Prolific - June 2021).csv", tags, texts, body)


def test_prolific_ids_are_left_out_and_never_reach_the_processed_data(tmp_path):
    export = prolific_export(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    for column in ("PROLIFIC_PID", "STUDY_ID", "SESSION_ID", "Q_RecaptchaScore", "Q_RelevantIDFraudScore"):
        assert _variable(cb, column) is None, column
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    # the Qualtrics reader names Prolific's participant id as an identifier, its study and
    # session ids as tool columns: all left out, named in the draft's header
    identifiers = next(line for line in text.splitlines() if "skipped columns with direct identifiers" in line)
    assert "'PROLIFIC_PID'" in identifiers
    tools = next(line for line in text.splitlines() if "skipped tool columns" in line)
    assert "'STUDY_ID'" in tools and "'SESSION_ID'" in tools
    assert "'Q_RecaptchaScore'" in text.split("skipped tool columns:")[1].splitlines()[0]
    assert _variable(cb, "ResponseId")["type"] == "id"
    ids = set(pd.read_csv(export, skiprows=[1, 2], dtype=str)[["PROLIFIC_PID", "SESSION_ID"]].stack())
    processed = pd.read_parquet(study / "data" / "processed" / "responses.parquet").astype(str)
    assert not ids & set(processed.stack())


def test_a_codebook_mapping_prolific_ids_as_text_gets_its_cells_replaced(tmp_path):
    """A study drafted before the fix (PROLIFIC_PID as `type: text`) no longer writes the ids in clear."""
    export = prolific_export(tmp_path)
    study = run_study(tmp_path, export, build=False)
    path = study / "config" / "codebook.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '  - name: prolific_pid\n    type: text\n'
                    '    label: "PROLIFIC_PID"\n    sources:\n      "1": {column: "PROLIFIC_PID"}\n', encoding="utf-8")
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    pids = pd.read_parquet(study / "data" / "processed" / "responses.parquet")["prolific_pid"]
    assert pids.notna().all() and pids.nunique() == 1 and not pids.iloc[0][:1].isalnum()


def test_a_unique_panel_id_is_the_respondent_id_when_there_is_no_other(tmp_path):
    study = run_study(tmp_path, prolific_export(tmp_path, response_id=False), build=False)
    cb = codebook(study)
    assert _variable(cb, "PROLIFIC_PID")["type"] == "id"
    assert _variable(cb, "SESSION_ID") is None and _variable(cb, "STUDY_ID") is None


def lucid_export(folder: Path, n: int = 80, seed: int = 13) -> Path:
    """Qualtrics with Lucid's embedded data, as projoint's `Qualtrics_data_with_a_repeated_task.csv`."""
    rng = np.random.default_rng(seed)
    tags = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId", "Q1.2",
            "rid", "age", "zip", "device", "UserAgent"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID",
             "Do you consent to participate in the survey?", "rid", "age", "zip", "device", "UserAgent"]
    agents = ["Mozilla/5.0 (iPhone; CPU iPhone OS 15_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Mobile/15E148",
              "Mozilla/5.0 (Linux; Android 9; KFGIWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/98.2.4 like "
              "Chrome/98.0.4758.123 Safari/537.36",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.74 "
              "Safari/537.36"]
    body = []
    for i in range(n):
        rid = f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}"
        body.append([f"2022-03-24 10:{i % 60:02d}:00", f"2022-03-24 10:{i % 60:02d}:59", "IP Address", "100", "True",
                     f"2022-03-24 11:{i % 60:02d}:00", f"R_{_hex(rng, 15)}", "Yes", rid, str(rng.integers(18, 86)),
                     str(rng.choice([95823, 48433, 3084, 14219, 2139, 21222, 83815])),  # 03084, 02139 lost their 0
                     str(rng.choice(["Mobile", "Desktop"])), str(rng.choice(agents))])
    return _qualtrics(folder, "Qualtrics_data_with_a_repeated_task.csv", tags, texts, body)


def test_zip_is_a_code_and_user_agents_and_lucid_ids_are_left_out(tmp_path):
    study = run_study(tmp_path, lucid_export(tmp_path), build=False)
    cb = codebook(study)
    zip_code = _variable(cb, "zip")
    assert zip_code["type"] == "text" and "valid" not in zip_code
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "postal codes (by the question; 7 different): codes, not amounts" in text
    assert _variable(cb, "UserAgent") is None and _variable(cb, "rid") is None
    assert "'UserAgent' holds browser strings (user agents)" in text
    assert "'rid' holds participant, session or study ids" in text
    assert _variable(cb, "age")["type"] == "numeric"


# -- 4. a crosstab of shares by group is refused ------------------------------------------------------

def crosstab_workbook(folder: Path, seed: int = 17) -> Path:
    """A workbook as fivethirtyeight's `reluctant-trump/april_2017_responses.xlsx`: a title over a
    banner of groups (merged over their columns), then per question a row "Unweighted N" and the
    shares of each answer per group."""
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    wb = Workbook()
    ws = wb.active
    groups = ["Total", "Excited Trump Vote", "NOT Excited Trump Vote", "Yes", "No", "Male", "Female"]
    ws.append(["AMONG 3,912 ADULTS INTERVIEWED APR. 18-23, 2017", None, "Total", "Trump Voters", None,
               "Vote Registration", None, "Gender", None])
    ws.append([None, None, None, *groups[1:]])
    for cells in ("D1:E1", "F1:G1", "H1:I1"):
        ws.merge_cells(cells)
    questions = {"Which one of the following issues matters MOST to you right now?":
                 ["Foreign policy", "The environment", "Terrorism", "Health care", "No Answer"],
                 "Do you approve or disapprove of the way Donald Trump is handling his job as president?":
                 ["Strongly approve", "Somewhat approve", "Somewhat disapprove", "Strongly disapprove"],
                 "How excited were you to vote for Donald Trump?": ["Very", "Somewhat", "Not at all"]}
    for question, answers in questions.items():
        ws.append([question, "Unweighted N", 3912, 1089, 252, 3532, 245, 1929, 1983])
        shares = rng.dirichlet(np.ones(len(answers)), size=len(groups))  # each group's shares sum to 1
        for i, answer in enumerate(answers):
            ws.append([None, answer, *[float(s[i]) for s in shares]])
    path = folder / "april_2017_responses.xlsx"
    wb.save(path)
    return path


def test_a_crosstab_of_shares_by_group_is_refused_as_a_summary_table(tmp_path, capsys):
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    export = crosstab_workbook(study / "data" / "raw")
    blank = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert cli.main(["-q", "codebook", "draft", str(export), "-o", str(study / "config" / "codebook.yaml")]) == 2
    err = capsys.readouterr().err
    assert "april_2017_responses.xlsx: it is a summary table of results, not one row per respondent" in err
    assert "Traceback" not in err
    assert (study / "config" / "codebook.yaml").read_text(encoding="utf-8") == blank  # nothing drafted


def test_a_tools_response_id_is_no_panel_id_but_a_participant_code_is_whatever_its_header():
    from surveykit.clean.identifiers import column_identifier

    response_ids = pd.Series(["R_A5O878p6R9875wR", "R_2rDFvqinv6QUDGV", "R_1f7qIOp1EvY5Vxp"])
    assert column_identifier(response_ids, ["ResponseId", "Response ID"]) is None  # `keep: true` may keep it
    assert column_identifier(response_ids, ["Participant Public ID"]) == ("panel_id", "by its answers")
    party = pd.Series(["Strong Democrat", "Independent", "Weak Republican"])  # ANES' pid: party id, no code
    assert column_identifier(party, ["pid"]) is None
