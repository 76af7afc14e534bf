"""Bounded reading (issue 14): special files fail at once, a line, a cell, the width and the
unpacked size of an export are bounded, every limit says its name and how to raise it, and a
long read shows progress."""

from __future__ import annotations

import io
import os
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from surveykit import limits
from surveykit.errors import LimitError, ReadError
from surveykit.io import read_export
from surveykit.io._progress import reporting


def _raises_fast(exc, match, fn, *args, seconds: float = 10, **kwargs):
    """Call ``fn`` in a thread: it must raise ``exc`` (message ``match``) within ``seconds``."""
    out: dict = {}

    def run():
        try:
            fn(*args, **kwargs)
        except BaseException as e:  # handed to the test
            out["exc"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{fn.__name__} did not return within {seconds} s"
    with pytest.raises(exc, match=match):
        raise out.get("exc", AssertionError("no error raised"))


@pytest.mark.parametrize("fmt", [None, "csv", "sav", "parquet", "xlsx"])
def test_dev_zero_fails_at_once(fmt):
    _raises_fast(ReadError, r"/dev/zero: is a device, not a file", read_export, "/dev/zero", format=fmt)


@pytest.mark.parametrize("fmt", [None, "csv", "sav", "xlsx"])
def test_named_pipe_fails_at_once(tmp_path, fmt):
    fifo = tmp_path / "wave1.csv"
    os.mkfifo(fifo)
    _raises_fast(ReadError, r"wave1.csv: is a named pipe, not a file", read_export, fifo, format=fmt)


def test_a_single_enormous_line_is_refused_before_it_is_split(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b"a" + b",a" * 300_000 + b"\n")  # 600 kB, 300,001 columns
    started = time.perf_counter()
    with pytest.raises(LimitError, match=r"w.csv, line 1: the header has 300,001 columns, over the limit of "
                                         r"20,000 \(`limits.columns`\).*SURVEYKIT_LIMIT_COLUMNS="):
        read_export(path)
    assert time.perf_counter() - started < 5


def test_line_limit(tmp_path, monkeypatch):
    path = tmp_path / "w.csv"
    path.write_bytes(b"q1;q2\n1;" + b"x" * 5000 + b"\n2;y\n")
    monkeypatch.setenv("SURVEYKIT_LIMIT_LINE_BYTES", "1000")
    with pytest.raises(LimitError, match=r"w.csv, line 2: the line has 4.9 KiB, over the limit of 1000 bytes "
                                         r"\(`limits.line_bytes`\)"):
        read_export(path)
    monkeypatch.setenv("SURVEYKIT_LIMIT_LINE_BYTES", "10K")
    assert read_export(path).n_rows == 2


@pytest.mark.parametrize("quoted", [False, True])
def test_cell_limit_in_csv(tmp_path, quoted):
    path = tmp_path / "w.csv"
    cell = ('"' + "x\n" * 600 + '"') if quoted else "x" * 1200
    path.write_text(f"q1;q2\n1;{cell}\n2;y\n", encoding="utf-8")
    with limits.using({"cell_chars": 1000}), pytest.raises(LimitError, match=r"w.csv, line 2: a cell has "
                                                                          r"(1,200 characters|more than 1,000 char)"):
        read_export(path)
    assert read_export(path).n_rows == 2  # the default limit is far higher


def _xlsx_with(cells: dict[str, str], rows: int = 0) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["q1", "q2"])
    for i in range(rows):
        ws.append([i, "ok"])
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _patched_sheet(data: bytes, old: str, new: str) -> bytes:
    """The workbook with one text replaced in its sheet XML (openpyxl itself cuts long cells)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            part = src.read(name)
            out.writestr(name, part.decode().replace(old, new) if name == "xl/worksheets/sheet1.xml" else part)
    return buf.getvalue()


def test_a_huge_string_in_a_small_xlsx_is_refused_before_parsing(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(_patched_sheet(_xlsx_with({"B2": "PLACEHOLDER"}), "PLACEHOLDER", "x" * 5_000_000))
    assert path.stat().st_size < 100_000  # 5 MB of text compresses to a few kB
    with pytest.raises(LimitError, match=r"w.xlsx \(xl/.*\.xml\): a cell has more than 1,000,000 characters, "
                                         r"the limit `limits.cell_chars`"):
        read_export(path)
    with limits.using({"cell_chars": 6_000_000}):
        assert len(read_export(path).data.iloc[0, 1]) == 5_000_000


def test_xlsx_unpacked_size_is_bounded(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(_xlsx_with({}, rows=5000))
    bound = path.stat().st_size + 1000  # the file passes, its unpacked parts do not
    with limits.using({"file_bytes": bound}), pytest.raises(
            LimitError, match=r"w.xlsx: the unpacked workbook has .* KiB, over the limit .* \(`limits.file_bytes`\)"):
        read_export(path)


def test_xlsx_with_rows_beyond_excel_is_refused(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(_patched_sheet(_patched_sheet(_xlsx_with({"A2": "x"}), '<row r="2"', '<row r="3000000"'),
                                    'r="A2"', 'r="A3000000"'))
    with pytest.raises(ReadError, match=r"has rows beyond row 1,048,576, the most an Excel sheet holds"):
        read_export(path)


def test_file_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "w.csv"
    path.write_text("q1\n" + "1\n" * 10_000, encoding="utf-8")
    monkeypatch.setenv("SURVEYKIT_LIMIT_FILE_BYTES", "10K")
    with pytest.raises(LimitError, match=r"w.csv: the file has 19.5 KiB, over the limit of 10.0 KiB "
                                         r"\(`limits.file_bytes`\).*`limits: \{file_bytes: \d+\}` in surveykit.yaml"):
        read_export(path)


def test_sav_and_parquet_cell_count(tmp_path):
    import pyreadstat

    frame = pd.DataFrame({"a": range(100), "b": ["x"] * 100})
    pyreadstat.write_sav(frame, tmp_path / "w.sav")
    frame.to_parquet(tmp_path / "w.parquet")
    for name in ("w.sav", "w.parquet"):
        with limits.using({"cells": 150}), pytest.raises(LimitError, match=rf"{name}: the file has 200 cells"):
            read_export(tmp_path / name)
        assert read_export(tmp_path / name).n_rows == 100


def test_limits_in_surveykit_yaml(tmp_path, monkeypatch):
    from surveykit.study import load_study
    from tests.study_fixture import SURVEYKIT_YAML, write_mini_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "limits: {file_bytes: 100}\n"})
    with pytest.raises(LimitError, match=r"w1.csv: the file has .* over the limit of 100 bytes"):
        load_study(tmp_path)
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "limits: {file_bytes: 1M}\n"})
    assert load_study(tmp_path).config.limits.file_bytes == 1 << 20
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "limits: {lines: 5}\n"})
    with pytest.raises(Exception, match=r"unknown limit\(s\) 'lines'. Allowed: file_bytes"):
        load_study(tmp_path)


def test_progress_lines_while_reading_a_long_sheet(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(_xlsx_with({}, rows=20_000))
    seen: list[str] = []
    with reporting(seen.append, every=0):
        assert read_export(path).n_rows == 20_000
    assert seen and all(line.startswith("reading w.xlsx: ") and line.endswith(" rows so far") for line in seen)
    assert "reading w.xlsx: 16,384 rows so far" in seen


def test_a_build_of_a_big_xlsx_prints_progress(tmp_path, monkeypatch, capsys):
    """Through the command: the reading of a wave shows progress lines while it lasts."""
    from surveykit.cli import main
    from tests.study_fixture import SURVEYKIT_YAML, write_mini_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    write_mini_study(tmp_path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["ID", "Sted", "Kjønn", "Alder", "Hvor lett er det å få hjelp?", "Kjenner: NAV", "Kjenner: Skatt",
               "Kommentar"])
    for i in range(9_000):  # progress is reported every 4,096 rows: twice
        ws.append([f"r{i}", ("Askim", "Mjøndalen")[i % 2], ("Mann", "Kvinne")[i // 2 % 2], 30 + i % 50, "Enig",
                   "Ja", None, None])
    wb.save(tmp_path / "data" / "raw" / "w1.xlsx")
    (tmp_path / "surveykit.yaml").write_text(SURVEYKIT_YAML.replace("w1.csv", "w1.xlsx"), encoding="utf-8")
    monkeypatch.setattr("surveykit.io._progress.EVERY", 0.0)
    assert main(["validate", "--study", str(tmp_path), "--no-write"]) == 0
    err = capsys.readouterr().err
    assert "reading w1.xlsx: " in err and " rows so far" in err


CRASHING_SAV = Path(__file__).parent / "data" / "hostile" / "crashes_pyreadstat.sav"


def test_a_sav_that_crashes_the_reader_is_a_read_error(tmp_path):
    path = tmp_path / "w.sav"
    path.write_bytes(CRASHING_SAV.read_bytes())
    with pytest.raises(ReadError, match=r"w.sav: the SPSS file is corrupt"):
        read_export(path)
    assert read_export(_good_sav(tmp_path)).n_rows == 3  # and the next file reads as ever


def _good_sav(tmp_path):
    import pyreadstat

    path = tmp_path / "good.sav"
    pyreadstat.write_sav(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), path)
    return path


def test_a_crashing_sav_through_the_command(tmp_path, monkeypatch, capsys):
    from surveykit.cli import main
    from tests.study_fixture import SURVEYKIT_YAML, write_mini_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w2.csv", "data/raw/w2.sav")})
    (tmp_path / "data" / "raw" / "w2.sav").write_bytes(CRASHING_SAV.read_bytes())
    assert main(["-q", "validate", "--study", str(tmp_path), "--no-write"]) == 2
    err = capsys.readouterr().err
    assert "w2.sav: the SPSS file is corrupt" in err and "Traceback" not in err


def test_a_workbook_without_sheets(tmp_path):
    src = zipfile.ZipFile(io.BytesIO(_xlsx_with({})))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in src.namelist():
            part = src.read(name)
            if name == "xl/workbook.xml":
                text = part.decode()
                part = (text[:text.index("<sheets>")] + "<sheets/>" + text[text.index("</sheets>") + 9:]).encode()
            out.writestr(name, part)
    path = tmp_path / "w.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match=r"w.xlsx: (the workbook has no sheet|is not a readable|the workbook is corrupt)"):
        read_export(path)


def test_a_csv_mixing_utf8_and_cp1252_lines_is_refused_with_both_lines_named(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("ID;Kjønn;Sted\n1;Kvinne;Askim\n".encode() + "2;Mann;Mjøndalen\n".encode("cp1252"))
    with pytest.raises(ReadError, match=r"w.csv: mixes two encodings: line 1 is UTF-8 \(with 'ø'\), line 3 is not "
                                        r"\(byte 0xf8, 'ø' in cp1252\).*save it as UTF-8"):
        read_export(path)
    for encoding in ("utf-8", "cp1252"):  # either encoding alone reads as ever
        path.write_bytes("ID;Kjønn;Sted\n1;Kvinne;Askim\n2;Mann;Mjøndalen\n".encode(encoding))
        assert read_export(path).data["Sted"].tolist() == ["Askim", "Mjøndalen"]


MAC_EXPORT = "ID;Sted;Svar\n1;Drøbak;Helt enig\n2;Førde;Verken enig eller uenig\n3;Hamar;Svært fornøyd på biblioteket\n"


def test_a_mac_roman_csv_is_refused_naming_a_word_in_both_readings(tmp_path):
    """Old Mac Excel writes "CSV" in Mac Roman: read as cp1252 its ø is ¿ and its å is Œ, in
    labels, site names and a drafted codebook. Refused, with the way to read it."""
    path = tmp_path / "w.csv"
    path.write_bytes(MAC_EXPORT.encode("mac_roman"))
    with pytest.raises(ReadError, match=r"w.csv: looks like Mac Roman, not cp1252: 4 word\(s\) such as "
                                        r"'1;Dr¿bak;Helt enig' \(line 2\), which Mac Roman reads as '1;Drøbak;Helt enig'"
                                        r".*encoding: mac_roman"):
        read_export(path)
    data = read_export(path, encoding="mac_roman").data
    assert data["Sted"].tolist() == ["Drøbak", "Førde", "Hamar"]


@pytest.mark.parametrize("text", [
    MAC_EXPORT,                                                   # cp1252's own ø å
    "ID;Navn;Svar\n1;Dušan;¿Qué?\n2;Košice;Microsoft® Word\n",    # cp1252's š, a Spanish question, ® after a word
    "ID;Svar\n1;Dr¿bak\n",                                         # one odd word is not enough
])
def test_true_cp1252_is_read_as_cp1252(text, tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode("cp1252"))
    assert read_export(path).meta["encoding"] == "cp1252"
