"""Formbricks' response download, written here in the shape its code writes it (formbricks/formbricks,
apps/web/lib/response/service.ts getResponseDownloadFile: the headers "No.", "Response ID",
"Timestamp", "Finished", "Survey ID", "Formbricks ID (internal)", "User ID", "Tags", the metadata
fields, the questions, "Verified Email"; apps/web/lib/response/utils.ts getResponsesJson: "Finished"
written "Yes" / "No", "Notes" as "<member>: <text>", a metadata object's keys as "userAgent - os",
a multi-select's choices joined by "; "). The answers are made up.

Was: the unfinished responses ("Finished" = "No") were kept and counted in every share, and
"Finished" was drafted as a yes/no question of the report; "Survey ID", "url", "userAgent - browser"
/ "- os" / "- device" and "country" were single-choice questions of the report (the url one answer
of 100 %), "No." a running number; a filled "User ID" (the survey's app's id of a known person)
would have been taken as an answer."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, report_table, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

SATISFIED = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
SERVICES = ["Borrowing", "Reading room", "Events", "Printing"]
Q_SAT = "1. How satisfied are you with the library?"
Q_SERVICES = "2. Which services did you use?"
TOOL = ["No.", "Survey ID", "Notes", "Tags", "source", "url", "userAgent - browser", "userAgent - os",
        "userAgent - device", "country", "action"]


def _export(path: Path) -> Path:
    rng = random.Random(3)
    header = ["No.", "Response ID", "Timestamp", "Finished", "Survey ID", "Formbricks ID (internal)", "User ID",
              "Notes", "Tags", "source", "url", "userAgent - browser", "userAgent - os", "userAgent - device",
              "country", "action", Q_SAT, Q_SERVICES, "3. Anything else?", "Verified Email"]
    rows = []
    for i in range(60):
        chosen = [s for s in SERVICES if rng.random() < 0.45] or [SERVICES[i % 4]]
        finished = i % 7 != 1
        rows.append([i + 1, f"cm{rng.getrandbits(64):016x}", f"2025-03-{1 + i % 20:02d} 1{i % 10}:15:00",
                     "Yes" if finished else "No", "clx8surveyid0001", f"clxcontact{i:04d}" if i % 2 else "",
                     f"app-user-{i}" if i % 2 else "", "Kari Nordmann: called back" if i == 5 else "",
                     "follow-up" if i % 9 == 0 else "", "", "https://app.formbricks.com/s/clx8surveyid0001",
                     rng.choice(["Chrome", "Safari", "Firefox"]), rng.choice(["Windows", "Mac OS", "iOS"]),
                     rng.choice(["desktop", "phone"]), rng.choice(["NO", "SE"]), "",
                     rng.choice(SATISFIED) if finished or i % 2 else "", "; ".join(chosen),
                     rng.choice(["", "", "Great staff", f"Open longer please {i}"]), f"user{i}@example.no"])
    return _write_csv(path, header, rows)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formbricks")
    export = _export(tmp / "export-library-survey.csv")
    return export, run_study(tmp, export)


def test_unfinished_responses_are_screened_out(drafted):
    export, study = drafted
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert 'complete: {variable: finished, values: ["Yes"]}' in text
    rejects = pd.read_csv(study / "data" / "processed" / "rejects.csv")
    assert (rejects["reason"] == "incomplete").sum() == (raw["Finished"] == "No").sum() == 9
    # the published shares are of the finished responses only, as counted in the raw file
    done = raw[raw["Finished"] == "Yes"]
    name = variable(codebook(study), Q_SAT)["name"]
    table = report_table(study, f"likert_{variable(codebook(study), Q_SAT)['scale']}")
    shares = table[table["variable"] == name].set_index("level")["estimate"]
    expected = done[Q_SAT].value_counts(normalize=True)
    assert shares.to_dict() == pytest.approx(expected.reindex(shares.index).to_dict())
    multi = variable(codebook(study), Q_SERVICES)
    services = report_table(study, multi["name"]).set_index("variable")["estimate"]
    for key, label in multi["options"].items():
        share = done[Q_SERVICES].map(lambda cell, label=label: label in cell.split("; ")).mean()
        assert services[f"{multi['name']}__{key}"] == pytest.approx(share), label


def test_its_own_columns_are_no_questions_and_the_contact_ids_are_left_out(drafted):
    _, study = drafted
    cb = codebook(study)
    sources = {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert not sources & {*TOOL, "Formbricks ID (internal)", "User ID", "Verified Email"}
    assert variable(cb, "Finished")["name"] == "finished"
    assert variable(cb, "Response ID")["type"] == "id"
    header = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "'Formbricks ID (internal)'" in header and "'User ID'" in header and "contact" in header
    report = (study / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "browser" not in report and "survey_id" not in report and "finished" not in report


def test_an_spss_question_named_completed_stays_a_question(tmp_path, monkeypatch):
    """An SPSS file (written here with pyreadstat: a variable name, its variable label the question,
    value labels 1 = Yes, 0 = No, as SPSS stores them) whose variable ``completed`` asks "Have you
    completed upper secondary school?": the generic finished-flag rule took it for the tool's flag by
    its name, so the question left the report (a tool column) and a screening rule was drafted from
    it (rejecting every "No"). The variable label says it is a question: it stays one."""
    import pyreadstat

    from surveykit import cli

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)
    root = tmp_path / "s"
    assert cli.main(["-q", "init", str(root)]) == 0
    n = 40
    frame = pd.DataFrame({"respid": range(1, n + 1), "completed": [1, 0] * 20, "q1": [1, 2, 3, 4, 5] * 8})
    pyreadstat.write_sav(frame, str(root / "data" / "raw" / "w1.sav"),
                         column_labels=["Id", "Have you completed upper secondary school?", "Satisfied with the library"],
                         variable_value_labels={"completed": {1: "Yes", 0: "No"},
                                                "q1": dict(zip(range(1, 6), SATISFIED, strict=True))})
    monkeypatch.chdir(root)
    assert cli.main(["-q", "codebook", "draft", "data/raw/w1.sav"]) == 0
    study = (root / "surveykit.yaml").read_text(encoding="utf-8")
    book = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "complete:" not in study
    assert 'label: "Have you completed upper secondary school?"' in book
    assert "name: finished" not in book
