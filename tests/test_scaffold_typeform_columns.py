"""Typeform's CSV export, written here in the tool's shape: "#" (the response's token) first, the
questions, then "Response Type" (completed / partial), "Start Date (UTC)", "Stage Date (UTC)",
"Submit Date (UTC)", "Network ID", "Tags", "Ending". The columns are those of Typeform CSVs quoted in
public code (found with find_string "Submit Date (UTC),Network ID": a PHP test TypeformImportTest of a
TypeformCsvImporter, a JS test and a VBA cleaning macro; the index names no repository for these hits,
and no answer of theirs is copied); "Response Type" values and the network id as Typeform's Responses
API reference describes them (typeform.com/developers/responses/reference/retrieve-responses:
response_type started / partial / completed; metadata.network_id).

Was: "Network ID" (a hash of the respondent's network, the same for everyone answering on one Wi-Fi)
was drafted as the respondent id, so `screening.duplicate` rejected every later respondent of a
shared network (here 9 of 60, among them completed answers), and "#" was left out as a panel id;
"Response Type" and "Ending" were drafted as questions of the report, partial responses kept, and
the time stamps were questions. Now "#" is the respondent id, "Network ID", "Stage Date (UTC)",
"Tags" and "Ending" are tool columns, "Response Type" screens the partial responses out (REVIEW), and
the start and submit dates are the tool's time stamps."""

from __future__ import annotations

import yaml

from tests.test_scaffold_layouts import codebook, responses, run_study
from tests.test_scaffold_more_tools import _write_csv

HEADER = ["#", "How satisfied were you with the library?", "How old are you?", "Response Type", "Start Date (UTC)",
          "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags", "Ending"]
SATISFIED = ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"]


def _rows():
    rows = []
    for i in range(60):
        done = i % 9 != 4
        rows.append([f"{i * 7919:032x}", SATISFIED[i % 4], str(18 + i), "completed" if done else "partial",
                     f"2025-02-{10 + i % 9} 17:15:19", "" if done else f"2025-02-{10 + i % 9} 17:16:00",
                     f"2025-02-{10 + i % 9} 17:16:39" if done else "",
                     "98eebf3737" if i % 6 == 0 else f"{i * 104729:010x}",   # the library's Wi-Fi: 10 responses
                     "", "default_tys" if done else ""])
    return rows


def test_typeform_network_id_is_no_respondent_id(tmp_path):
    export = _write_csv(tmp_path / "typeform.csv", HEADER, _rows())
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    by_column = {v["sources"]["1"].get("column"): v for v in cb["variables"]}
    assert by_column["#"]["type"] == "id"
    assert not {"Network ID", "Stage Date (UTC)", "Tags", "Ending"} & set(by_column)
    assert by_column["Response Type"]["type"] == "text"
    assert by_column["Submit Date (UTC)"]["name"] == "submitted"
    cfg = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))
    assert cfg["screening"]["complete"] == {"variable": "completion_status", "values": ["completed"]}
    completed = [r for r in _rows() if r[3] == "completed"]
    frame = responses(study)
    assert len(frame) == len(completed) == 53   # the 9 completed answers sharing the Wi-Fi's Network ID kept
    assert sorted(frame["age"].tolist()) == sorted(float(r[2]) for r in completed)
