"""Generic readers: encodings, delimiters, decimal commas, row numbers, sheets, .sav, errors."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from surveykit.errors import ReadError
from surveykit.io import detect_format, read_csv, read_export, read_sav, read_xlsx


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def workbook(tmp_path: Path, rows: list[list], name: str = "w.xlsx", title: str = "Svar") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


# ---------------------------------------------------------------- csv: encodings
def test_cp1252_file_keeps_norwegian_letters(tmp_path):
    text = "Kommune;Svar\r\nSkåne;Vet ikke\r\nÆrø;Ønsker ikke å svare\r\n"
    path = write(tmp_path, "w.csv", text.encode("cp1252"))
    raw = read_csv(path)
    assert raw.meta["encoding"] == "cp1252"
    assert raw.data["Kommune"].tolist() == ["Skåne", "Ærø"]
    assert raw.data.loc[3, "Svar"] == "Ønsker ikke å svare"


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path):
    path = write(tmp_path, "w.csv", "\ufeffKjønn,Alder\nKvinne,34\n".encode())
    raw = read_csv(path)
    assert raw.meta["encoding"] == "utf-8-sig"
    assert list(raw.data.columns) == ["Kjønn", "Alder"]
    assert raw.data.loc[2, "Alder"] == 34


def test_utf16_with_bom_tab_separated(tmp_path):
    path = write(tmp_path, "w.txt", "q1\tq2\r\nø\t1\r\n".encode("utf-16"))
    raw = read_csv(path)
    assert (raw.meta["encoding"], raw.meta["delimiter"]) == ("utf-16", "\t")
    assert raw.data.loc[2, "q1"] == "ø"


def test_given_wrong_encoding_is_an_error_not_mojibake(tmp_path):
    path = write(tmp_path, "w.csv", "a\nø\n".encode("cp1252"))
    with pytest.raises(ReadError, match=r"w\.csv: cannot decode the file as 'utf-8'"):
        read_csv(path, encoding="utf-8")


# ---------------------------------------------------------------- csv: numbers
def test_decimal_commas_converted_only_in_all_numeric_columns(tmp_path):
    text = "id;score;mixed;postnr\n1;1,5;2,5;0150\n2;3;ukjent;3001\n3;;4,0;1337\n"
    raw = read_csv(write(tmp_path, "w.csv", text.encode()))
    assert raw.data["score"].tolist()[:2] == [1.5, 3.0]
    assert pd.isna(raw.data.loc[4, "score"])
    assert raw.data["mixed"].tolist() == ["2,5", "ukjent", "4,0"]  # not all numeric: text
    assert raw.data["postnr"].tolist() == ["0150", "3001", "1337"]  # leading zero: text
    assert raw.meta["decimal_comma_columns"] == ["score"]


def test_comma_separated_file_does_not_treat_commas_as_decimals(tmp_path):
    raw = read_csv(write(tmp_path, "w.csv", b'a,b\n"1,5",2.5\n'))
    assert raw.data.loc[2, "a"] == "1,5"
    assert raw.data.loc[2, "b"] == 2.5


def test_explicit_decimal_option(tmp_path):
    raw = read_csv(write(tmp_path, "w.csv", b"a;b\n1.5;2\n"), decimal=",")
    assert raw.data.loc[2, "a"] == "1.5"


def test_long_ids_stay_text(tmp_path):
    raw = read_csv(write(tmp_path, "w.csv", b"id\n12345678901234567890\n"))
    assert raw.data.loc[2, "id"] == "12345678901234567890"


# ---------------------------------------------------------------- csv: structure
def test_embedded_newlines_row_is_the_spreadsheet_row(tmp_path):
    text = 'id,comment\n1,"first line\nsecond line\nthird"\n2,plain\n\n3,"x"\n'
    raw = read_csv(write(tmp_path, "w.csv", text.encode()))
    # records start on lines 2, 5, 7; a spreadsheet shows rows 2, 3 and 5 (line 6 is blank: row 4)
    assert raw.data.index.tolist() == [2, 3, 5]
    assert raw.data.loc[2, "comment"] == "first line\nsecond line\nthird"
    assert raw.meta["row_numbers"].startswith("spreadsheet row")


def test_semicolon_detected_even_with_commas_in_text(tmp_path):
    text = "navn;kommentar\nA;hei, hallo\nB;ok, fint\n"
    raw = read_csv(write(tmp_path, "w.csv", text.encode()))
    assert raw.meta["delimiter"] == ";"
    assert raw.data.shape == (2, 2)


def test_duplicate_and_empty_headers_are_made_unique(tmp_path):
    raw = read_csv(write(tmp_path, "w.csv", b"q,q,,x\n1,2,3,4\n"))
    assert list(raw.data.columns) == ["q", "q.1", "column_3", "x"]


def test_too_many_fields_is_reported_with_line(tmp_path):
    path = write(tmp_path, "w.csv", b"a,b\n1,2\n3,4,5\n")
    with pytest.raises(ReadError, match=r"w\.csv, line 3: has 3 fields but the header"):
        read_csv(path)


# ---------------------------------------------------------------- xlsx
def test_xlsx_header_is_first_nonempty_row_and_rows_are_sheet_rows(tmp_path):
    path = workbook(tmp_path, [[], ["Kjønn", "Alder"], ["Kvinne", 34], [], ["Mann", 51]])
    raw = read_xlsx(path)
    assert raw.sheet == "Svar"
    assert raw.data.index.tolist() == [3, 5]  # rows 1 and 4 are empty
    assert raw.meta["skipped_empty_rows"] == [4]
    assert raw.data.loc[5, "Alder"] == 51
    assert raw.meta["row_numbers"] == "spreadsheet row"


def test_xlsx_named_sheet_and_missing_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active.append(["Les meg"])
    ws = wb.create_sheet("Svar")
    ws.append(["q"])
    ws.append(["ja"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert read_xlsx(path, sheet="Svar").data.loc[2, "q"] == "ja"
    with pytest.raises(ReadError, match=r"w\.xlsx: no sheet named 'Data'\. The workbook has: "
                                        r"'Info', 'Svar'"):
        read_export(path, sheet="Data")


# ---------------------------------------------------------------- sav
def test_sav_codes_labels_and_user_missing(tmp_path):
    # (case 4 has an id: a case without any value is an empty row, skipped: tests/test_data_robust.py)
    df = pd.DataFrame({"q1": [1.0, 2.0, 9.0, None], "kommune": ["Ås", "Bø", "Rørvik", ""], "id": [1.0, 2.0, 3.0, 4.0]})
    path = tmp_path / "w.sav"
    pyreadstat.write_sav(df, str(path), column_labels=["Hvor fornøyd er du?", "Kommune", "Id"],
                         variable_value_labels={"q1": {1: "Fornøyd", 2: "Misfornøyd",
                                                       9: "Vet ikke"}},
                         missing_ranges={"q1": [9]})
    assert detect_format(path) == "sav"
    raw = read_export(path)
    assert raw.data["q1"].tolist()[:3] == [1.0, 2.0, 9.0]  # user-missing 9 kept
    assert raw.meta["user_missing"]["q1"]["values"] == [9.0]
    assert raw.questions["q1"] == "Hvor fornøyd er du?"
    assert raw.value_labels["q1"][9] == "Vet ikke"
    assert raw.data.loc[3, "kommune"] == "Rørvik"
    assert pd.isna(raw.data.loc[4, "kommune"])
    assert raw.data.index.tolist() == [1, 2, 3, 4]


# ---------------------------------------------------------------- errors
def test_empty_file(tmp_path):
    with pytest.raises(ReadError, match=r"w\.csv: the file is empty"):
        read_export(write(tmp_path, "w.csv", b""))
    with pytest.raises(ReadError, match=r"w\.csv: the file is empty"):
        read_export(write(tmp_path, "w.csv", b"\r\n \n"))


def test_empty_sheet(tmp_path):
    with pytest.raises(ReadError, match=r'w\.xlsx, sheet "Svar": is empty'):
        read_export(workbook(tmp_path, []))


def test_header_only(tmp_path):
    with pytest.raises(ReadError, match=r"w\.csv: has only a header .* and no data rows"):
        read_export(write(tmp_path, "w.csv", b"a;b;c\n"))
    with pytest.raises(ReadError, match=r'w\.xlsx, sheet "Svar": has only a header'):
        read_export(workbook(tmp_path, [["a", "b"]]))


@pytest.mark.parametrize("version", [114, 118])
def test_a_stata_file_is_named_with_how_to_convert_it(tmp_path, version):
    # as pandas writes them: 114 with the release byte first, 118 with the <stata_dta> tag
    frame = pd.DataFrame({"q1": [1.0, 2.0, 5.0], "age": [20, 30, 40]})
    frame.to_stata(tmp_path / "agency.dta", version=version, write_index=False,
                   value_labels={"q1": {1: "Lite", 5: "Mye"}})
    with pytest.raises(ReadError, match=r"agency\.dta: is a Stata \.dta file, which is not read "
                                        r"directly\. Save it as SPSS \.sav.*pyreadstat"):
        read_export(tmp_path / "agency.dta")


@pytest.mark.parametrize("text", [
    b'[{"record_id": "1", "q1": "2"}, {"record_id": "2", "q1": "1"}]',  # REDCap's API
    b'{"results": [{"id": 1}]}',
    b'{"id": 1, "q1": "a"}\n{"id": 2, "q1": "b"}\n',  # JSON Lines
])
def test_a_json_dump_is_named_not_read_as_a_csv(tmp_path, text):
    with pytest.raises(ReadError, match=r"w\.csv: is JSON .*Export the answers .* as CSV or Excel"):
        read_export(write(tmp_path, "w.csv", text))


def test_a_csv_whose_header_starts_with_a_bracket_is_still_a_csv(tmp_path):
    raw = read_export(write(tmp_path, "w.csv", b"[id],q1\n1,Ja\n2,Nei\n"))
    assert raw.data["q1"].tolist() == ["Ja", "Nei"]


def test_an_opendocument_spreadsheet_is_named_with_how_to_convert_it(tmp_path):
    # as LibreOffice writes it: an uncompressed "mimetype" entry first, then content.xml
    path = tmp_path / "svar.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    for read in (read_export, read_xlsx):
        with pytest.raises(ReadError, match=r"svar\.ods: is an OpenDocument file \(\.ods.*save it as \.xlsx"):
            read(path)


def test_an_html_table_saved_as_xls_is_named(tmp_path):
    # tools that "export to Excel" by writing a web page under .xls
    page = b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>ID</td></tr></table>'
    path = write(tmp_path, "svar.xls", page)
    with pytest.raises(ReadError, match=r"svar\.xls: is a web page or XML \(an HTML table.*save it as \.xlsx"):
        read_export(path)


def test_a_survey_definition_given_as_the_export_is_named(tmp_path):
    # REDCap's data dictionary beside its data: each question had become a respondent of wave 2
    dictionary = ('"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",'
                  '"Choices, Calculations, OR Slider Labels"\n'
                  'record_id,form_1,,text,"Record ID",\nq1,form_1,,radio,"How satisfied?","1, Low | 5, High"\n')
    with pytest.raises(ReadError, match=r"dict\.csv: is a REDCap data dictionary \(one question per row.*not the "
                                        r"answers\. Give the data export"):
        read_export(write(tmp_path, "dict.csv", dictionary.encode()))
    wb = openpyxl.Workbook()  # an XLSForm's survey sheet (KoboToolbox, ODK)
    wb.active.append(["type", "name", "label", "hint", "required", "relevant"])
    wb.active.append(["select_one yn", "q1", "Do you read?", None, "true", None])
    wb.save(tmp_path / "form.xlsx")
    with pytest.raises(ReadError, match=r"is a KoboToolbox/ODK form definition \(XLSForm\)"):
        read_export(tmp_path / "form.xlsx")
    answers = write(tmp_path, "a.csv", b"id,type,name,label\n1,a,b,c\n2,d,e,f\n")  # some of those words: answers
    assert len(read_export(answers).data) == 2


def test_one_stray_nul_byte_is_named_by_its_line(tmp_path):
    rows = b"id;q\n" + b"".join(b"r%d;Bra\n" % i for i in range(50)) + b"r50;B\x00ra\n"
    with pytest.raises(ReadError, match=r"w\.csv, line 52: holds 1 NUL byte\(s\) \(the first at byte 400\)"):
        read_export(write(tmp_path, "w.csv", rows))


def test_binary_garbage_is_unknown_format(tmp_path):
    path = write(tmp_path, "w.csv", bytes(range(256)) * 4)
    with pytest.raises(ReadError, match=r"w\.csv: contains NUL bytes, so it is binary.*Supported"):
        detect_format(path)


@pytest.mark.parametrize(("head", "match"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, r"old Excel 97-2003 \(\.xls\).*save it as \.xlsx"),
    (b"%PDF-1.4\n...", r"is a PDF report, not a data export"),
])
def test_unsupported_formats(tmp_path, head, match):
    with pytest.raises(ReadError, match=match):
        read_export(write(tmp_path, "w.xls", head))


def test_unknown_format_option(tmp_path):
    path = write(tmp_path, "w.csv", b"a\n1\n")
    with pytest.raises(ReadError, match=r"unknown format 'spss'; use one of xlsx, csv, sav"):
        read_export(path, format="spss")
    with pytest.raises(ReadError, match=r"unknown reader option\(s\) \['qsf'\]"):
        read_export(path, qsf="x.qsf")


def test_corrupt_xlsx(tmp_path):
    good = workbook(tmp_path, [["a"], [1]], name="good.xlsx")
    data = good.read_bytes()
    path = write(tmp_path, "w.xlsx", data[: len(data) // 2])  # truncated zip
    with pytest.raises(ReadError, match=r"w\.xlsx: is not a readable \.xlsx workbook"):
        read_export(path)
    fake = tmp_path / "z.xlsx"
    with zipfile.ZipFile(fake, "w") as z:  # a zip that is not a workbook
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"z\.xlsx: is not a readable \.xlsx workbook"):
        read_export(fake)


def test_corrupt_sav(tmp_path):
    df = pd.DataFrame({"q": [1.0, 2.0] * 50})
    good = tmp_path / "good.sav"
    pyreadstat.write_sav(df, str(good))
    data = good.read_bytes()
    path = write(tmp_path, "w.sav", data[: len(data) // 3])
    with pytest.raises(ReadError, match=r"w\.sav: the SPSS file is corrupt or truncated"):
        read_export(path)
    with pytest.raises(ReadError, match=r"x\.sav: is not an SPSS \.sav file"):
        read_sav(write(tmp_path, "x.sav", b"q\n1\n"))


def test_wrong_extension_text_named_xlsx(tmp_path):
    with pytest.raises(ReadError, match=r"w\.xlsx: the extension says \.xlsx but the content"):
        read_export(write(tmp_path, "w.xlsx", b"a,b\n1,2\n"))


def test_wrong_extension_xlsx_named_csv_is_read_by_content(tmp_path):
    path = workbook(tmp_path, [["a"], [1]], name="w.csv")
    assert detect_format(path) == "xlsx"
    assert read_export(path).data.loc[2, "a"] == 1


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match=r"nope\.csv: file not found"):
        read_export(tmp_path / "nope.csv")


def test_file_unchanged_after_reading(tmp_path):
    paths = [write(tmp_path, "w.csv", "a;b\n1,5;ø\n".encode("cp1252")),
             workbook(tmp_path, [["a"], [1]])]
    for path in paths:
        before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        read_export(path)
        assert (hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns) == before


def test_compressed_file_is_refused_with_advice(tmp_path):
    import gzip

    path = write(tmp_path, "w.csv.gz", gzip.compress(b"a,b\n1,2\n"))
    with pytest.raises(ReadError, match=r"w\.csv\.gz: is a compressed archive .* Unpack it"):
        read_export(path)


def test_numbers_in_groups_of_three_are_not_read_by_guess(tmp_path):
    """The reader turned "1.500" (1500 in a Nordic export) into 1.5 and, in a semicolon file,
    "45,000" into 45.0 before the cleaning could ask: such a column stays text unless another
    of its values shows the mark to be decimal; the cleaning then reads it by `decimal`."""
    from surveykit.clean.coding import code_numeric
    from surveykit.config.codebook import Variable

    comma = read_export(write(tmp_path, "c.csv", b'id,spend,hours,owned\n1,"1,500",7.5,1.500\n2,"45,000",2,12.000\n3,12,3,3\n'))
    semi = read_export(write(tmp_path, "s.csv", b"id;spend;hours;share\n1;1,500;7,5;0,25\n2;45,000;2;1,5\n3;12;3;2\n"))
    assert comma.data["owned"].tolist() == ["1.500", "12.000", "3"] and comma.data["hours"].tolist() == [7.5, 2.0, 3.0]
    assert semi.data["spend"].tolist() == ["1,500", "45,000", "12"]
    assert semi.data["share"].tolist() == [0.25, 1.5, 2.0]  # a decimal comma shown by "0,25": read
    var = Variable("owned", "numeric", {"en": "Owned"}, {}, decimal="comma")
    assert code_numeric(comma.data["owned"], var)[0]["owned"].tolist() == [1500.0, 12000.0, 3.0]
    _, fails = code_numeric(semi.data["spend"], Variable("spend", "numeric", {"en": "Spend"}, {}))
    assert [f["check"] for f in fails] == ["ambiguous_number", "ambiguous_number"]
