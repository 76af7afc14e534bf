"""Exports with a title above the header, and workbooks whose answers are not on the first sheet,
written the way people and tools write them (openpyxl for Excel, a semicolon CSV as Excel saves
it): the header is found below the title (which the draft names for review), and an empty first
sheet names the sheets the answers may be on, with the --sheet that reads them."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
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
    with pytest.raises(ReadError, match=r"sheet \"Info\": has only a header.*other sheets \('Svar'\).*--sheet"):
        sk.read_export(book)
    raw = sk.read_export(book, sheet="Svar")
    assert raw.data["Kjønn"].tolist() == ["Kvinne", "Mann", "Kvinne", "Mann"]
    out = tmp_path / "codebook.yaml"
    done = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(book), "--sheet", "Svar",
                           "-o", str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "REVIEW: wave 1: the export has title line(s) above its header" in text
    assert "Svært fornøyd" in text and "respondent_id" in text
    refused = subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", str(book), "-o",
                              str(tmp_path / "other.yaml")], capture_output=True, text=True, cwd=tmp_path)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "other sheets ('Svar')" in refused.stderr and "--sheet" in refused.stderr
