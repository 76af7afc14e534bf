"""ODK Central's CSV export, written here in its shape: "SubmissionDate", "meta-instanceID", the
questions (a group's joined by "-": "demo-age"; a select_multiple as its joined column and, split,
"services/<option>" 0/1 columns), then "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
"AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion" (the header the
tests of getodk/central-backend expect: test/integration/other/select-many.js with
splitSelectMultiples=true, test/integration/api/submissions.js).

Was: no respondent id (KEY and meta-instanceID left as text under REVIEW), "SubmitterName" (the
name of whoever sent the form) drafted as free text with only some of its names masked, the names
of the others kept in clear; SubmitterID, AttachmentsPresent/Expected, Edits and FormVersion drafted
as questions (numbers with means), ReviewState a single-choice question, and SubmissionDate a date
question rather than the time stamp."""

from __future__ import annotations

import yaml

from tests.test_scaffold_layouts import codebook, responses, run_study
from tests.test_scaffold_more_tools import _write_csv

HEADER = ["SubmissionDate", "meta-instanceID", "demo-age", "demo-gender", "services", "services/books",
          "services/films", "services/music", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
          "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
SUBMITTERS = ["Alice Hansen", "Bob Olsen", "Kari Nordmann"]
TOOL = {"meta-instanceID", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
        "ReviewState", "DeviceID", "Edits", "FormVersion"}


def _rows():
    rows = []
    for i in range(45):
        chosen = [(i >> k) & 1 for k in range(3)]
        uid = f"uuid:{i:08x}-aaaa-4bbb-8ccc-{i:012x}"
        rows.append([f"2024-03-0{1 + i % 9}T10:{i:02d}:00.000Z", uid, str(20 + i), ["male", "female"][i % 2],
                     " ".join(n for n, c in zip(["books", "films", "music"], chosen, strict=True) if c),
                     *map(str, chosen), uid, str(5 + i % 3), SUBMITTERS[i % 3], "0", "0", "",
                     ["", "approved", "hasIssues", "rejected"][i % 4], f"collect:{i * 7919:x}", "0", "2"])
    return rows


def test_odk_central_key_is_the_id_and_its_own_columns_no_questions(tmp_path):
    study = run_study(tmp_path, _write_csv(tmp_path / "odk.csv", HEADER, _rows()), build=False)
    cb = codebook(study)
    by_column = {v["sources"]["1"].get("column"): v for v in cb["variables"]}
    assert by_column["KEY"]["type"] == "id"
    assert by_column["SubmissionDate"]["name"] == "submitted"
    assert not TOOL & set(by_column)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'SubmitterName' holds the name of the user who sent the submission (ODK Central's SubmitterName)" in text
    assert ("ODK Central's 'ReviewState' marks 33 submission(s) as a reviewer judged them ('approved' x11, "
            "'hasIssues' x11, 'rejected' x11)") in text
    frame = responses(study)
    assert len(frame) == 45 and not any(name in frame.to_string() for name in SUBMITTERS)
    cfg = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))
    assert str(cfg["waves"][0]["field_date"]) == "2024-03-05"
