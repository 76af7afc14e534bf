"""A single choice exported as one column per option (SurveyMonkey's expanded export): drafted as
a multi-select whose shares are right, with a REVIEW note that no respondent chose two options;
a real "select all that apply" gets no such note. Shape of fivethirtyeight's region survey."""

from __future__ import annotations

import numpy as np

from surveykit.scaffold.drafts import draft_codebook


def _export(path, n=60, seed=3):
    rng = np.random.default_rng(seed)
    top = ["RespondentID", "Where do you live?", "Gender", "",
           "Which of these do you use? Please select all that apply.", "", ""]
    sub = ["", "Response", "Male", "Female", "Library", "Service centre", "Swimming pool"]
    rows = [",".join(top), ",".join(sub)]
    for i in range(n):
        male = rng.random() < 0.5
        used = [x if rng.random() < 0.6 else "" for x in ("Library", "Service centre", "Swimming pool")]
        rows.append(",".join([str(1000 + i), ["Askim", "Mysen"][i % 2], "Male" if male else "",
                              "" if male else "Female", *used]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_single_choice_in_option_columns_gets_a_note_and_select_all_none(tmp_path):
    out = draft_codebook([_export(tmp_path / "export.csv")], tmp_path / "codebook.yaml")
    text = out.read_text(encoding="utf-8")
    blocks = text.split("\n  - name: ")
    gender = next(b for b in blocks if b.startswith("gender"))
    used = next(b for b in blocks if "select all that apply" in b)
    assert "type: multi" in gender and "no respondent chose more than one of these 2 options (60 chose one)" in gender
    assert "type: multi" in used and "no respondent chose more than one" not in used
