"""KoboToolbox's `_validation_status`: submissions a reviewer marked "Not Approved" are screened
out as not complete by the drafted `screening.complete` rule (as LimeSurvey's unsubmitted answers
are), and the header note says so; approved, on hold and not validated submissions are kept.
The exports are KoboToolbox's labels export (`kobo_labels_xlsx`, shaped like a real one) and its
XML-values export (the statuses written as `validation_status_not_approved` ...)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, responses, run_study, variable
from tests.test_scaffold_tool_layouts_real import kobo_labels_xlsx


def _rejects(study) -> pd.DataFrame:
    return pd.read_csv(study / "data" / "processed" / "rejects.csv")


def test_kobo_not_approved_submissions_are_screened_out_as_incomplete(tmp_path):
    export = kobo_labels_xlsx(tmp_path)   # every 10th of 60 submissions "Not Approved", the others blank
    study = run_study(tmp_path, export, build=False)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert 'complete: {variable: validation_status, incomplete: ["Not Approved", ' \
           '"validation_status_not_approved"]}' in text
    assert "rejects 6 of 60 rows" in text
    status = variable(codebook(study), "_validation_status")
    assert status["name"] == "validation_status" and status["type"] == "text"
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "'_validation_status' marks 6 submission(s) ('Not Approved' x6): the 6 'Not Approved' " \
           "submission(s) are screened out as not complete" in head
    rejects = _rejects(study)
    assert len(rejects) == 6 and set(rejects["reason"]) == {"incomplete"}
    assert len(responses(study)) == 54   # the 54 never validated are kept


@pytest.mark.parametrize("marks", [
    ["validation_status_not_approved", "validation_status_approved", "validation_status_on_hold", None],
    ["Not Approved", "Approved", "On Hold", None],
])
def test_only_not_approved_is_rejected_whatever_the_export_writes(tmp_path, marks):
    export = kobo_labels_xlsx(tmp_path, n=40)
    frame = pd.read_excel(export, dtype=object)
    frame["_validation_status"] = [marks[i % 4] for i in range(len(frame))]
    frame.to_excel(export, index=False, sheet_name="Sheet1")
    study = run_study(tmp_path, export, build=False)
    assert "rejects 10 of 40 rows" in (study / "surveykit.yaml").read_text(encoding="utf-8")
    rejects = _rejects(study)
    assert len(rejects) == 10 and set(rejects["reason"]) == {"incomplete"}
    kept = responses(study)["validation_status"]
    assert len(kept) == 30 and kept.isna().sum() == 10   # approved, on hold, and not validated (blank)
    assert set(kept.dropna()) == set(marks[1:3])


def test_no_rule_without_a_not_approved_submission(tmp_path):
    export = kobo_labels_xlsx(tmp_path, n=30)
    frame = pd.read_excel(export, dtype=object)
    frame["_validation_status"] = ["Approved" if i % 3 else None for i in range(len(frame))]
    frame.to_excel(export, index=False, sheet_name="Sheet1")
    study = run_study(tmp_path, export, build=False)
    assert "complete:" not in (study / "surveykit.yaml").read_text(encoding="utf-8")
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "none is 'Not Approved', so the draft keeps every submission" in head
    assert len(responses(study)) == 30
