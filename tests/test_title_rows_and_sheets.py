"""Exports with a title above the header, a total line below the answers, a question written over
its options in a two-row header, and workbooks whose
answers are not on the first sheet, written the way people and tools write them (openpyxl for
Excel, a semicolon CSV as Excel saves it): the header is found below the title (which the draft
names for review), a total line is no respondent (the draft leaves it out, the build rejects it
with a reason), and an empty first sheet names the sheets the answers may be on, with the
--sheet that reads them."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import ReadError

ANSWERS = [("R1", "Kvinne", 34, "Fornøyd"), ("R2", "Mann", 71, "Misfornøyd"),
           ("R3", "Kvinne", 52, "Svært fornøyd"), ("R4", "Mann", 19, "Fornøyd")]


def _workbook(path, *, title=True, info_sheet=True):
    wb = openpyxl.Workbook()
    first = wb.active
    if info_sheet:
        first.title = "Info"
        first["A1"] = "Rapport generert 20.01.2023"
        ws = wb.create_sheet("Svar")
    else:
        ws = first
        ws.title = "Svar"
    if title:
        ws.append(["Innbyggerundersøkelse 2023"])
        ws.append(["Utvalg: alle svar"])
        ws.append([])
    ws.append(["ID", "Kjønn", "Alder", "Hvor fornøyd er du?"])
    for row in ANSWERS:
        ws.append(list(row))
    wb.save(path)
    return path


def test_title_lines_above_the_header_are_passed_over_and_named(tmp_path):
    raw = sk.read_export(_workbook(tmp_path / "svar.xlsx", info_sheet=False))
    assert list(raw.data.columns) == ["ID", "Kjønn", "Alder", "Hvor fornøyd er du?"]
    assert raw.data["ID"].tolist() == ["R1", "R2", "R3", "R4"]  # the header is no respondent
    assert raw.data.index.tolist() == [5, 6, 7, 8] and raw.meta["header_rows"] == [4]
    assert raw.meta["title_rows"] == ["row 1: 'Innbyggerundersøkelse 2023'", "row 2: 'Utvalg: alle svar'"]
    plain = sk.read_export(_workbook(tmp_path / "plain.xlsx", title=False, info_sheet=False))
    assert list(plain.data.columns) == list(raw.data.columns) and "title_rows" not in plain.meta


def test_a_csv_title_line_as_excel_saves_it_is_passed_over(tmp_path):
    lines = ["Innbyggerundersøkelse 2023;;;", ";;;", "ID;Kjønn;Alder;Hvor fornøyd er du?"]
    lines += [";".join(map(str, row)) for row in ANSWERS]
    path = tmp_path / "svar.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    raw = sk.read_export(path)
    assert list(raw.data.columns) == ["ID", "Kjønn", "Alder", "Hvor fornøyd er du?"]
    assert raw.data["Alder"].tolist() == [34, 71, 52, 19]
    assert raw.meta["title_rows"] == ["row 1: 'Innbyggerundersøkelse 2023'"]


def test_a_one_column_export_keeps_its_header(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Kommentar\nBra\nDårlig åpningstid\nFint\n", encoding="utf-8")
    raw = sk.read_export(path)
    assert list(raw.data.columns) == ["Kommentar"] and len(raw.data) == 3
    assert "title_rows" not in raw.meta


def test_an_empty_first_sheet_names_the_other_sheets_and_the_draft_reads_the_named_one(tmp_path):
    book = _workbook(tmp_path / "export.xlsx")
    with pytest.raises(ReadError, match=r"sheet \"Info\": holds 1 line\(s\) of one cell each \(first: "
                                        r"'Rapport generert 20\.01\.2023'\).*other sheets \('Svar'\).*--sheet"):
        sk.read_export(book)
    raw = sk.read_export(book, sheet="Svar")
    assert raw.data["Kjønn"].tolist() == ["Kvinne", "Mann", "Kvinne", "Mann"]
    out = tmp_path / "codebook.yaml"
    done = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(book), "--sheet", "Svar",
                           "-o", str(out)], capture_output=True, encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "REVIEW: wave 1: the export has title line(s) above its header" in text
    assert "Svært fornøyd" in text and "respondent_id" in text
    # without --sheet the draft takes the one sheet that looks like answers, and says so
    picked = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(book), "-o",
                             str(tmp_path / "other.yaml")], capture_output=True, encoding="utf-8", cwd=tmp_path)
    assert picked.returncode == 0, picked.stderr
    assert "the answers are read from its sheet 'Svar'" in (tmp_path / "other.yaml").read_text(encoding="utf-8")
    # a second sheet that is no table of answers either: the reader names the sheets and --sheet
    wb = openpyxl.load_workbook(book)
    wb["Svar"].delete_cols(2, 10)
    wb.save(book)
    refused = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(book), "-o",
                              str(tmp_path / "third.yaml")], capture_output=True, encoding="utf-8", cwd=tmp_path)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "other sheets ('Svar')" in refused.stderr and "--sheet" in refused.stderr


def test_a_cover_note_of_several_lines_is_no_respondent(tmp_path):
    # read as answers, "Eksportert ..." under the title "header" was one respondent
    book = _workbook(tmp_path / "export.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Info"]["A2"] = "Eksportert fra Questback 01.03.2024"
    wb.save(book)
    with pytest.raises(ReadError, match=r"holds 2 line\(s\) of one cell each .*a note rather than "
                                        r"answers; the workbook has other sheets \('Svar'\)"):
        sk.read_export(book)
    assert len(sk.read_export(book, sheet="Info").data) == 1  # named: read as asked
    assert len(sk.read_export(book, sheet="Svar").data) == 4
    alone = openpyxl.Workbook()  # a one-question export with an extra sheet: read as before
    alone.active.append(["Kommentar"])
    for i in range(12):
        alone.active.append([f"svar {i}"])
    alone.create_sheet("Info")["A1"] = "Rapport"
    alone.save(tmp_path / "one.xlsx")
    assert len(sk.read_export(tmp_path / "one.xlsx").data) == 12


def _with_total(path, ages):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Kjønn", "Alder", "Hvor fornøyd er du?"])
    for i, age in enumerate(ages):
        ws.append([f"R{i}", ["Kvinne", "Mann"][i % 2], int(age), ["Fornøyd", "Misfornøyd", "Svært fornøyd"][i % 3]])
    ws.append(["Totalt", None, int(sum(ages)), None])  # as a person adds a sum under the column
    wb.save(path)
    return path


def test_a_total_line_under_the_answers_is_no_respondent(tmp_path):
    ages = np.random.default_rng(3).integers(18, 90, 40)
    raw = sk.read_export(_with_total(tmp_path / "svar.xlsx", ages))
    assert raw.meta["summary_rows"] == [[42, "Totalt"]]
    lines = ["ID;Kjønn;Alder"] + [f"R{i};Kvinne;{a}" for i, a in enumerate(ages[:5])]
    lines += ["Gjennomsnitt;;45,2", "Antall svar:;;5"]
    csv = tmp_path / "svar.csv"
    csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    assert sk.read_export(csv).meta["summary_rows"] == [[7, "Gjennomsnitt"], [8, "Antall svar:"]]
    # a respondent whose id is a summary word, inside the data, is a respondent
    inside = tmp_path / "inside.csv"
    inside.write_text("ID;Alder\nSum;40\nR2;50\nR3;60\nR4;70\n", encoding="utf-8")
    assert "summary_rows" not in sk.read_export(inside).meta


def test_the_draft_leaves_a_total_line_out_and_the_build_rejects_it(tmp_path):
    ages = np.random.default_rng(4).integers(18, 90, 40)
    env = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "MPLBACKEND": "Agg"}
    run = lambda *args, cwd: subprocess.run([sys.executable, "-m", "surveykit", *args],  # noqa: E731
                                            capture_output=True, encoding="utf-8", cwd=cwd, env=env)
    assert run("init", str(tmp_path / "study"), cwd=tmp_path).returncode == 0
    study = tmp_path / "study"
    _with_total(study / "data" / "raw" / "svar.xlsx", ages)
    drafted = run("codebook", "draft", "data/raw/svar.xlsx", cwd=study)
    assert drafted.returncode == 0, drafted.stderr
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "left out 1 row(s) that are a summary line at the end, not a respondent" in codebook
    assert f"the answers seen run from {ages.min()} to {ages.max()};" in codebook  # the total did not widen them
    built = run("build", cwd=study)
    assert built.returncode == 0, built.stderr
    assert "summary line at the end, not a respondent (row 42: 'Totalt')" in built.stderr
    rejects = pd.read_csv(study / "data" / "processed" / "rejects.csv")
    assert rejects[["row", "reason"]].values.tolist() == [[42, "summary_row"]]
    responses = pd.read_parquet(study / "data" / "processed" / "responses.parquet")
    assert len(responses) == 40 and responses["age"].mean() == pytest.approx(ages.mean())


def _two_row_header(path):
    """As an Excel report writes a multiple-choice question: merged over its options' columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Kjønn", "Hvilke tjenester kjenner du til?", None, None, "Hvor fornøyd er du?"])
    ws.merge_cells("C1:E1")
    ws.append([None, None, "NAV", "Skatt", "Bibliotek", None])
    picks = [(1, None, 1), (None, None, 1), (1, 1, 1), (None, 1, None)]
    for i in range(40):
        ws.append([f"R{i}", ["Kvinne", "Mann"][i % 2], *picks[i % 4], ["Fornøyd", "Misfornøyd"][i % 2]])
    wb.save(path)
    return path


def test_a_question_written_over_its_options_gives_one_column_per_option(tmp_path):
    raw = sk.read_export(_two_row_header(tmp_path / "svar.xlsx"))
    q = "Hvilke tjenester kjenner du til?"
    assert list(raw.data.columns) == ["ID", "Kjønn", f"{q}: NAV", f"{q}: Skatt", f"{q}: Bibliotek",
                                      "Hvor fornøyd er du?"]
    assert len(raw.data) == 40 and raw.data.index[0] == 3 and raw.meta["header_rows"] == [1, 2]
    assert raw.data[f"{q}: Bibliotek"].notna().sum() == 30  # the option row is no respondent
    lines = [f"ID;Kjønn;{q};;;Hvor fornøyd er du?", ";;NAV;Skatt;Bibliotek;", "R1;Kvinne;1;;1;Fornøyd",
             "R2;Mann;;1;;Misfornøyd", "R3;Kvinne;1;1;;Fornøyd"]
    csv = tmp_path / "svar.csv"
    csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    from_csv = sk.read_export(csv)
    assert list(from_csv.data.columns) == list(raw.data.columns) and len(from_csv.data) == 3
    out = tmp_path / "codebook.yaml"
    done = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(tmp_path / "svar.xlsx"),
                           "-o", str(out)], capture_output=True, encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "REVIEW: wave 1: the header has two rows (1 and 2)" in text
    assert "type: multi" in text and 'nav: "NAV"' in text and 'bibliotek: "Bibliotek"' in text


def test_a_first_respondent_under_an_unnamed_column_is_a_respondent(tmp_path):
    # a header with an empty cell, and a first respondent who wrote text there: not option labels
    lines = ["ID;Kommentar;;Alder", "R1;Bra;mer tekst;40", "R2;;;51", "R3;Fint;;33"]
    csv = tmp_path / "svar.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = sk.read_export(csv)
    assert raw.data["ID"].tolist() == ["R1", "R2", "R3"] and "sub_header" not in raw.meta


def _blank_study(tmp_path):
    """A blank `surveykit init` study and a function running the CLI in it."""
    study = tmp_path / "study"
    env = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "MPLBACKEND": "Agg"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "surveykit", *args], capture_output=True, encoding="utf-8",
                              cwd=study, env=env)

    study.mkdir()
    assert run("init", str(study)).returncode == 0
    return study, run


def test_a_header_repeated_where_two_exports_were_pasted_together_is_no_respondent(tmp_path):
    # read as a respondent, its texts became a site, a "missing" age and an unordered scale
    header = "Respondent;Hvilket bibliotek bruker du mest?;Alder;Hvor fornøyd er du?"
    answers = ["Fornøyd", "Misfornøyd", "Svært fornøyd"]
    part = [f"R{i};{['Askim bibliotek', 'Mysen bibliotek'][i % 2]};{20 + i};{answers[i % 3]}" for i in range(15)]
    later = [f"S{i};{['Askim bibliotek', 'Mysen bibliotek'][i % 2]};{40 + i};{answers[i % 3]}" for i in range(15)]
    study, run = _blank_study(tmp_path)
    export = study / "data" / "raw" / "svar.csv"
    export.write_bytes(("\r\n".join([header, *part, header, *later]) + "\r\n").encode("cp1252"))
    assert sk.read_export(export).meta["repeated_header_rows"] == [[17, "Respondent"]]
    drafted = run("codebook", "draft", "data/raw/svar.csv")
    assert drafted.returncode == 0, drafted.stderr
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "left out 1 row(s) that are a repeat of the header" in codebook
    assert "the answers seen run from 20 to 54;" in codebook and "missing:" not in codebook
    assert "Hvilket bibliotek bruker du mest?\n" not in (study / "config" / "sites.csv").read_text(encoding="utf-8")
    checked = run("validate")
    assert checked.returncode == 0, checked.stderr
    rejects = pd.read_csv(study / "data" / "processed" / "rejects.csv")
    assert rejects[["row", "reason"]].values.tolist() == [[17, "repeated_header"]]
    # a respondent who typed a header's text in one answer is a respondent
    one = tmp_path / "one.csv"
    one.write_text("ID;Kommentar;Alder\nR1;Kommentar;40\nR2;Bra;50\n", encoding="utf-8")
    assert "repeated_header_rows" not in sk.read_export(one).meta


def test_formulas_without_a_stored_result_are_named_in_the_draft_and_the_build(tmp_path):
    # openpyxl, pandas and xlsxwriter write formulas without computing them: the age column held
    # "=2024-B2", drafted as text without a word
    study, run = _blank_study(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Fødselsår", "Alder", "Hvor fornøyd er du?"])
    for i in range(30):
        ws.append([f"R{i}", 1950 + i, f"=2024-B{i + 2}", ["Fornøyd", "Misfornøyd"][i % 2]])
    wb.save(study / "data" / "raw" / "svar.xlsx")
    raw = sk.read_export(study / "data" / "raw" / "svar.xlsx")
    assert raw.meta["formula_texts"] == {"count": 30, "first": ["C2", "=2024-B2"]}
    assert raw.data["Alder"].iloc[0] == "=2024-B2"  # kept as written, not blanked
    drafted = run("codebook", "draft", "data/raw/svar.xlsx")
    assert drafted.returncode == 0, drafted.stderr
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("REVIEW: wave 1: 30 cell(s) hold a formula with no stored result (first: C2 '=2024-B2'), read as "
            "the formula's text") in text
    checked = run("validate")
    assert checked.returncode == 0 and "Open it in Excel (or LibreOffice) and save it" in checked.stderr
    typed = openpyxl.Workbook()  # answers typed with a leading "=", stored as formulas by the tool: no note
    typed.active.append(["ID", "Kommentar"])
    for i, text in enumerate(["=)", "=0", "=- bra", "Fint"]):
        typed.active.append([f"R{i}", text])
    typed.save(tmp_path / "typed.xlsx")
    raw = sk.read_export(tmp_path / "typed.xlsx")
    assert raw.data["Kommentar"].tolist() == ["=)", "=0", "=- bra", "Fint"] and "formula_texts" not in raw.meta


def test_cells_merged_over_answer_rows_are_named_not_silently_blank(tmp_path):
    # Excel shows a merged site over three respondents; the file stores it in the first cell
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Innbyggerundersøkelse 2024"])  # a title merged over the columns: above the header
    ws.merge_cells("A1:D1")
    ws.append(["ID", "Bibliotek", "Alder", "Hvor fornøyd er du?"])
    for i in range(12):
        ws.append([f"R{i}", "Askim bibliotek" if i % 4 == 0 else None, 20 + i, "Fornøyd"])
    ws.merge_cells("B3:B5")
    ws.merge_cells("B7:B9")
    wb.save(tmp_path / "svar.xlsx")
    raw = sk.read_export(tmp_path / "svar.xlsx")
    assert raw.meta["merged_rows"] == {"count": 2, "first": "B3:B5"}
    assert raw.data["Bibliotek"].isna().sum() == 9  # kept as stored, not filled by a guess
    study, run = _blank_study(tmp_path)
    (tmp_path / "svar.xlsx").rename(study / "data" / "raw" / "svar.xlsx")
    drafted = run("codebook", "draft", "data/raw/svar.xlsx")
    assert drafted.returncode == 0, drafted.stderr
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: wave 1: 2 cell range(s) are merged over several rows (first: B3:B5)" in text
    plain = openpyxl.Workbook()  # merged across columns only (a two-column answer): no note
    plain.active.append(["ID", "Kommentar", ""])
    plain.active.append(["R1", "Bra", None])
    plain.active.append(["R2", "Fint", None])
    plain.active.merge_cells("B2:C2")
    plain.save(tmp_path / "plain.xlsx")
    assert "merged_rows" not in sk.read_export(tmp_path / "plain.xlsx").meta
