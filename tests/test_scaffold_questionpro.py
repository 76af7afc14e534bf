"""The draft on a QuestionPro CSV export: three title lines and a blank line above the header ("Data
Export Generated on ...", "Survey ID ...", "Survey Name ..."), then "Response ID", "Timestamp
(MM/dd/yyyy)", "Time Taken to Complete (Seconds)" and the tool's other own columns before the questions
(the layout a public re-implementation of QuestionPro's export writes: gist.github.com/mrcwinn/5708081,
found in the docs corpus; the other own columns as QuestionPro's raw data export names them). Written
here by hand."""

from __future__ import annotations

import csv
import io

import pandas as pd
import yaml

from surveykit.io import read_export
from tests.test_scaffold_layouts import codebook, responses, run_study, variable

HEADER = ["Response ID", "Response Status", "IP Address", "Timestamp (mm/dd/yyyy)", "Duplicate",
          "Time Taken to Complete (Seconds)", "Seq. Number", "External Reference", "Custom Variable 1",
          "Respondent Email", "Email List", "Country Code", "Region",
          "Hvor fornøyd er du med biblioteket?", "Hvor gammel er du?"]
SATISFIED = ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"]


def _export(path):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows([["Data Export Generated on 2024-04-02 10:11"], ["Survey ID 9876543"],
                      ["Survey Name Innbyggerundersøkelse"], []])
    writer.writerow(HEADER)
    for i in range(40):
        writer.writerow([str(48000000 + 13 * i), "Completed" if i % 8 else "Started", f"85.{i}.3.2",
                         f"03/{1 + i % 28:02d}/2024 10:{i:02d}:00", "Duplicate" if i in (9, 21) else "Not a duplicate", str(60 + 7 * i), str(i + 1),
                         "", "", "", "", "NO", ["Oslo", "Viken"][i % 2], SATISFIED[i % 5], str(20 + i)])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_title_lines_above_a_csv_header_do_not_make_it_one_column(tmp_path):
    """Was: the one-field title lines made ';' the delimiter: every record one column, the header
    'Data Export Generated on ...', and 43 'respondents' of whole lines drafted as one free-text question."""
    raw = read_export(_export(tmp_path / "questionpro.csv"))
    assert list(raw.data.columns) == HEADER and len(raw.data) == 40
    assert raw.data["Hvor gammel er du?"].astype(str).tolist() == [str(20 + i) for i in range(40)]


def test_questionpro_export_drafts_its_questions_and_screens_by_its_status(tmp_path):
    export = _export(tmp_path / "questionpro.csv")
    study = run_study(tmp_path, export)
    cb = codebook(study)
    drafted = {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert not {"Time Taken to Complete (Seconds)", "Seq. Number", "Country Code", "Region"} & drafted
    satisfied = variable(cb, "Hvor fornøyd er du med biblioteket?")
    assert [lv["label"] for lv in cb["scales"][satisfied["scale"]]["levels"]] == SATISFIED
    raw = pd.read_csv(export, skiprows=4, dtype=str)
    kept = raw[raw["Response Status"].eq("Completed")]
    frame = responses(study)
    assert len(frame) == len(kept) == 35
    assert frame[satisfied["name"]].astype(str).tolist() == kept["Hvor fornøyd er du med biblioteket?"].tolist()
    waves = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))["waves"]
    assert str(waves[0]["field_date"]).startswith("2024-03")
    report = (study / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "time_taken" not in report and "seq_number" not in report


def test_questionpro_duplicate_flag_is_its_tool_column_under_review(tmp_path):
    """Was: 'Duplicate' ("Not a duplicate" x38, "Duplicate" x2) was drafted as a single-choice question
    of the report. It is QuestionPro's duplicate check: left out of the questions, every response kept,
    and a REVIEW note lists its marks and how to drop the flagged ones."""
    study = run_study(tmp_path, _export(tmp_path / "questionpro.csv"), build=False)
    drafted = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert "Duplicate" not in drafted
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("QuestionPro's 'Duplicate' column is its duplicate check, left out of the questions; it marks the "
            "responses 'Not a duplicate' x38, 'Duplicate' x2: every response is kept") in text
    assert "duplicate" not in (study / "config" / "report.yaml").read_text(encoding="utf-8").casefold()


def test_questionpro_geo_codes_from_the_ip_are_left_out(tmp_path):
    """With "Advanced Analysis Tools" QuestionPro adds the geo codes it looks up from the IP: "Country,
    Region, City, DMA Code and Area Code" (questionpro.com/help/122-inline.html, its system variables).
    Was: City was drafted as a single choice (the respondents' towns in clear in responses.parquet and
    the report), DMA Code and Area Code as numbers, Country as a question."""
    geo = ["Country", "Region", "City", "DMA Code", "Area Code"]
    header = [*HEADER[:11], *geo, *HEADER[13:]]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(40):
        writer.writerow([str(48000000 + 13 * i), "Completed", f"85.{i}.3.2", f"03/{1 + i % 28:02d}/2024 10:{i:02d}:00",
                         "", str(60 + 7 * i), str(i + 1), "", "", "", "", "Norway", ["Oslo", "Viken"][i % 2],
                         ["Oslo", "Drammen", "Moss"][i % 3], "0", str(22 + i % 2), SATISFIED[i % 5], str(20 + i)])
    export = tmp_path / "questionpro.csv"
    export.write_text(buf.getvalue(), encoding="utf-8")
    study = run_study(tmp_path, export, build=False)
    drafted = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert not set(geo) & drafted
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    for col in ("Region", "City", "DMA Code", "Area Code"):
        assert (f"'{col}' holds the place the survey tool looked up from the respondent's IP address (QuestionPro): "
                "personal data") in text
