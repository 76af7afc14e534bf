"""LimeSurvey's code export of a list question with "Other" (answers 1 ... 6 and -oth-) is codes,
not amounts: the draft published the mean of the codes (5.33) and made the -oth- answers missing
(academy-of-behavior-change/ciberlite results-data-raw/survey_675712_R_data_file_[PUBLIC-OU-version2].csv,
"Wat is de hoogste opleiding ...")."""

from __future__ import annotations

import pandas as pd

from surveykit.io import read_export
from surveykit.scaffold.scan import scan


def test_codes_with_limesurvey_other_are_no_amounts(tmp_path):
    codes = (["3", "4", "5", "6", "6", "5", "-oth-", "4"] * 5)[:40]
    frame = pd.DataFrame({"id": range(1, 41), "Wat is de hoogste opleiding?": codes,
                          "Hoe oud bent u?": [str(20 + i) for i in range(40)]})
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    columns, _ = scan(read_export(path), "1")
    education = next(c for c in columns if c.column == "Wat is de hoogste opleiding?")
    assert education.kind == "text"
    assert any("LimeSurvey answer codes (3, 4, 5, 6, -oth-" in note for note in education.review)
    age = next(c for c in columns if c.column == "Hoe oud bent u?")
    assert age.kind == "numeric"
