"""KoboToolbox's export "XML values and headers" writes a choice by its name, words joined by
underscores ("very_satisfied", "strongly_agree"), as the choices sheet of an XLSForm names them
(the XLSForm spec, xlsform.org: `name` column of the choices sheet). The file is written here by hand,
with Kobo's own columns (_id, _uuid, _submission_time).

Was: the names matched no known scale (the underscore is part of a word), so the question was an
unordered single choice under a REVIEW note asking for the order by hand, with no means. Now they
match as the words they join: a 1-5 satisfaction scale, kept as written, with means."""

from __future__ import annotations

from tests.test_scaffold_layouts import codebook, levels, responses, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

ANSWERS = ["very_dissatisfied", "dissatisfied", "neutral", "satisfied", "very_satisfied"]


def test_kobo_choice_names_match_a_known_scale(tmp_path):
    rows = [[f"2024-03-0{1 + i % 9}T10:00:00.000+01:00", f"2024-03-0{1 + i % 9}T10:10:00.000+01:00",
             ANSWERS[(i * 3) % 5 if i % 7 else 4], str(1000 + i), f"uuid-{i:04d}", "2024-03-01T10:11:00"]
            for i in range(40)]
    export = _write_csv(tmp_path / "kobo.csv", ["start", "end", "satisfaction", "_id", "_uuid", "_submission_time"],
                        rows)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    satisfied = variable(cb, "satisfaction")
    assert satisfied["type"] == "likert" and levels(cb, satisfied) == ANSWERS
    frame = responses(study)
    codes = {a: k + 1 for k, a in enumerate(ANSWERS)}
    assert frame["satisfaction"].cat.codes.add(1).mean() == sum(codes[r[2]] for r in rows) / len(rows)
