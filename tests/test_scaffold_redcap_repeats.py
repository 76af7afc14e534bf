"""A REDCap export with a repeating instrument: each record's own row (its instrument's fields,
`baseline_complete`) and rows of the repeating instrument 'visit' (`redcap_repeat_instrument`,
`redcap_repeat_instance`, its own fields and `visit_complete`), as REDCap's flat export writes them
(the columns record_id, redcap_repeat_instrument, redcap_repeat_instance as REDCap API calls in
public R code request them; found with find_string, the index names no repository). Written here.

Was: nothing said that half the rows are no respondents: the repeat columns were listed only among
the columns "answered only in rows the drafted screening rejects (tests, previews, unfinished
answers)". Now they are tool columns and a REVIEW note counts the instances and says how the
screening must drop them; here it does (every instance row rejected), so responses hold one row per
record."""

from __future__ import annotations

from tests.test_scaffold_layouts import codebook, responses, run_study
from tests.test_scaffold_more_tools import _write_csv

HEADER = ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance", "age", "satisfied", "baseline_complete",
          "visit_date", "visit_score", "visit_complete"]


def test_repeating_instrument_rows_are_named_and_no_respondents(tmp_path):
    rows = []
    for r in range(1, 31):
        rows.append([str(r), "", "", str(20 + r), str(1 + r % 5), "2", "", "", ""])
        rows += [[str(r), "visit", str(k), "", "", "", f"2024-03-{k:02d}", str(k * 3 + r % 4), "2"]
                 for k in range(1, 1 + r % 3)]
    study = run_study(tmp_path, _write_csv(tmp_path / "redcap.csv", HEADER, rows), build=False)
    drafted = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert not {"redcap_repeat_instrument", "redcap_repeat_instance"} & drafted
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "30 of the 60 rows are instances of REDCap's repeating instrument(s) ('visit' x30;" in text
    frame = responses(study)
    assert len(frame) == 30 and sorted(frame["age"].tolist()) == [float(20 + r) for r in range(1, 31)]
