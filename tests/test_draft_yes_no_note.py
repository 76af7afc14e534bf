"""An SPSS yes/no question coded 1 = Yes, 2 = No is recoded like the file's other scales run low ->
high, but its note spoke of "means use the scores": a yes/no question has no means (a helper's
left-over finding on the SPSS value-label path)."""

from __future__ import annotations

import pandas as pd
import pyreadstat

from surveykit.io import read_export
from surveykit.scaffold.scan import scan


def test_a_yes_no_coded_yes_first_gets_no_note_about_means(tmp_path):
    frame = pd.DataFrame({"q1": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0] * 5, "sat": [1.0, 2.0, 3.0, 4.0, 5.0, 3.0] * 5})
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(frame, str(path), column_labels={"q1": "Have you visited the library?",
                                                          "sat": "How satisfied are you?"},
                         variable_value_labels={"q1": {1.0: "Yes", 2.0: "No"},
                                                "sat": {1.0: "Very satisfied", 2.0: "Satisfied", 3.0: "Neither",
                                                        4.0: "Dissatisfied", 5.0: "Very dissatisfied"}})
    columns, _ = scan(read_export(path), "1")
    q1 = next(c for c in columns if c.column == "q1")
    notes = [*q1.review, *(q1.scale.notes if q1.scale is not None else [])]
    assert not any("means use the scores" in n for n in notes), notes
    sat = next(c for c in columns if c.column == "sat")
    assert any("means use the scores" in n for n in [*sat.review, *sat.scale.notes])
