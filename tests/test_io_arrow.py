"""Text exports split by pyarrow give exactly what the csv module gives; Parquet files.

The pyarrow path (surveykit.io._arrow) must not change a single value, dtype, column name,
row number, meta entry or error message against the csv-module path; where it cannot be sure
it must hand over to the csv module (and these tests check it does, by looking at
``Grid.table``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surveykit.io._arrow as arrow
import surveykit.io._grid as grid_module
from surveykit.errors import ReadError, SurveykitError
from surveykit.io import detect_format, read_export, read_parquet
from surveykit.io._grid import load_text_grid
from surveykit.io._text import parse_records

DATA = Path(__file__).parent / "data"
TEXT_EXPORTS = sorted(p for p in DATA.rglob("*") if p.suffix.lower() in (".csv", ".txt")
                      and "r-survey" not in p.parts)


def write(tmp_path: Path, data: bytes, name: str = "w.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def uses_arrow(path: Path) -> bool:
    return load_text_grid(path, path.read_bytes()).table is not None


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch, **options):
    """(pyarrow result, csv-module result); each a RawExport or the ReadError message."""
    def read():
        try:
            return read_export(path, **options)
        except ReadError as exc:
            return str(exc)

    fast = read()
    with monkeypatch.context() as m:
        m.setattr(grid_module, "arrow_records", lambda *args: None)
        slow = read()
    return fast, slow


def assert_same(fast, slow) -> None:
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
        return
    assert fast.data.equals(slow.data)
    pd.testing.assert_frame_equal(fast.data, slow.data, check_exact=True)
    assert list(fast.data.columns) == list(slow.data.columns)
    assert list(fast.data.dtypes) == list(slow.data.dtypes)
    assert fast.data.index.tolist() == slow.data.index.tolist()
    assert (fast.format, fast.questions, fast.value_labels) == (
        slow.format, slow.questions, slow.value_labels)
    assert fast.meta == slow.meta


# ------------------------------------------------------------------ tricky files, both paths
TRICKY = {
    "decimal_comma_semicolon": "Kjønn;Vekt;Alder;Svar\nKvinne;1,5;34;Helt enig\n"
                               "Mann;2;51;Vet ikke\n;0,25;;\n".encode(),
    "quoted_newlines": b'id;kommentar;svar\n1;"linje 1\nlinje 2";Helt enig\n'
                       b'2;"a\r\nb";Vet ikke\n\n3;x;"Helt\n\nuenig"\n4;;\n',
    "crlf_and_lone_cr": b"a;b\r\n1;x\r\n\r\n2;y\r3;z\r",
    "empty_columns": b"a;;b;\n1;;x;\n2;;y;\n",
    "duplicate_headers": b"q;q;q.1;;q\n1;2;3;4;5\n6;7;8;9;10\n",
    "utf8_bom": b"\xef\xbb\xbfKj\xc3\xb8nn;Alder\nKvinne;34\n",
    "cp1252": "Kjønn;Svar;Kommune\nKvinne;Helt enig;Rørvik\nMann;Vet ikke;Ås\n".encode("cp1252"),
    "utf16_tab": "Kjønn\tSvar\nKvinne\tHelt enig\nMann\t\n".encode("utf-16"),
    "trailing_empty_rows": b"a;b\n1;x\n;\n;\n\n\n",
    "empty_rows_inside": b"a;b\n;\n1;x\n\n;\n2;y\n",
    "comma_quoted_decimals": b'a,b,c\n"1,5",2.5,x\n"2,0",3,y\n',
    "ids_and_postcodes": b"id;post;tlf\n12345678901234567;0150;+4791234567\n2;3001;+4792345678\n",
    "whitespace_cells": b"a;b\n  ;x\n 3 ;\t\n",
    "stray_quotes_single_lines": b'a;b\n5" skjerm;x\n"sitat" etter;y\nz;"a""b"\n',
    "one_column_quoted_blank": b'a\n""\n1\n\n2\n',
    "only_header_blank_cells": b"a;b\n;\n",
    "header_after_blank_cells": b";\na;b\n1;2\n",
    "quoted_header_with_newline": b'"Hvor enig\ner du?";b\nHelt enig;1\n',
    "qualtrics_like": b'Q1,Q2\n"Text one","Text two"\n"{""ImportId"":""QID1""}",'
                      b'"{""ImportId"":""QID2""}"\n1,"a, b"\n2,"c"\n',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_files_read_the_same_by_both_paths(tmp_path, monkeypatch, name):
    path = write(tmp_path, TRICKY[name])
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)


def test_tricky_files_do_take_the_arrow_path(tmp_path):
    for name, data in TRICKY.items():
        assert uses_arrow(write(tmp_path, data)), name


def test_quoted_newlines_row_is_the_spreadsheet_row(tmp_path):
    # records start on lines 2, 4, 7, 10; a spreadsheet shows them on rows 2, 3, 5 (line 6 is
    # blank: an empty row 4) and 6, as Excel does when it opens the file
    raw = read_export(write(tmp_path, TRICKY["quoted_newlines"]))
    assert raw.data.index.tolist() == [2, 3, 5, 6]
    assert raw.data.loc[3, "kommentar"] == "a\r\nb"
    assert raw.data.loc[5, "svar"] == "Helt\n\nuenig"


def test_decimal_comma_and_empty_rows_meta(tmp_path):
    raw = read_export(write(tmp_path, TRICKY["trailing_empty_rows"]))
    assert raw.meta["skipped_empty_rows"] == [3, 4]
    raw = read_export(write(tmp_path, TRICKY["decimal_comma_semicolon"]))
    assert raw.meta["decimal_comma_columns"] == ["Vekt"]
    assert raw.data["Vekt"].tolist() == [1.5, 2.0, 0.25]
    assert str(raw.data["Alder"].dtype) == "float64"  # an empty cell


@pytest.mark.parametrize(("data", "message"), [
    (b"a;b\n1;2\n3;4;5\n", r"^w\.csv, line 3: has 3 fields but the header \(row 1\) has 2\. "
                           r"The delimiter may be wrong \(detected ';'\) or a field is badly "
                           r"quoted; name the delimiter \(`options: \{delimiter: \.\.\.\}` on "
                           r"the wave in surveykit\.yaml; Python: delimiter=\) or fix the export\.$"),
    (b"a;b;c\n1;2;3\n4,5,6\n", r"^w\.csv, line 3: has 1 field\(s\) split by ';' but 3 split "
                               r"by ','"),
])
def test_ragged_rows_fall_back_with_the_same_message(tmp_path, monkeypatch, data, message):
    path = write(tmp_path, data)
    assert not uses_arrow(path)
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    with pytest.raises(ReadError, match=message):
        read_export(path)


def test_short_rows_are_padded_as_before(tmp_path, monkeypatch):
    path = write(tmp_path, b"a;b;c\n1;2\n3;4;5;\n")
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)
    assert fast.data.index.tolist() == [2, 3]


def test_stray_quote_across_lines_falls_back(tmp_path, monkeypatch):
    path = write(tmp_path, b'a;b\n5" x;"multi\nline"\n7;y\n')
    assert not uses_arrow(path)  # the quotes are not standard and a record spans lines
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)


def test_nul_and_unterminated_quote_fall_back(tmp_path, monkeypatch):
    for data in (b'a;b\n1;"open\n2;x\n', "a\tb\n1\t\x00\n".encode("utf-16")):
        path = write(tmp_path, data)
        assert not uses_arrow(path)
        fast, slow = read_both(path, monkeypatch)
        assert_same(fast, slow)


@pytest.mark.parametrize("path", TEXT_EXPORTS, ids=lambda p: str(p.relative_to(DATA)))
def test_real_exports_read_the_same_by_both_paths(monkeypatch, path):
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)


def test_surveyxact_trios_read_the_same_by_both_paths(monkeypatch):
    for folder in sorted((DATA / "samples" / "surveyxact" / "readSX").iterdir()):
        if folder.is_dir():
            fast, slow = read_both(folder, monkeypatch)
            assert_same(fast, slow)
            assert not isinstance(fast, str) and fast.value_labels


def _survey_csv(n: int, seed: int = 3, *, newlines: bool, crlf: bool) -> bytes:
    rng = np.random.default_rng(seed)
    likert = np.array(["Helt enig", "Delvis enig", "Verken enig eller uenig", "Vet ikke", ""])
    text = np.array(["", "", 'Bra; "veldig" bra', "Stengt\r\npå lørdag" if newlines else "x"])
    frame = pd.DataFrame({
        "ID": np.arange(1, n + 1),
        "Kommune": rng.choice(["Drammen", "Indre Østfold", "Ås"], n),
        "Vekt": [f"{v:.2f}".replace(".", ",") for v in rng.uniform(0, 3, n)],
        **{f"Påstand {i}": rng.choice(likert, n) for i in range(1, 6)},
        "Kommentar": rng.choice(text, n),
        "Antall": np.where(rng.random(n) < 0.2, "", rng.integers(0, 9, n).astype(str)),
    })
    buf = io.StringIO()
    frame.to_csv(buf, sep=";", index=False, lineterminator="\r\n" if crlf else "\n")
    text = buf.getvalue()
    middle = text.index("\n", len(text) // 2) + 1
    while text.count('"', 0, middle) % 2:  # not inside a quoted comment
        middle = text.index("\n", middle) + 1
    return (text[:middle] + ";" * 9 + "\n" + text[middle:]).encode()  # a row of empty cells


@pytest.mark.parametrize(("newlines", "crlf"), [(False, False), (True, True), (True, False)])
def test_many_pieces_in_threads_read_the_same(tmp_path, monkeypatch, newlines, crlf):
    path = write(tmp_path, _survey_csv(3000, newlines=newlines, crlf=crlf))
    monkeypatch.setattr(arrow, "_PIECE", 2000)  # ~100 KB: many pieces, cut inside quotes too
    monkeypatch.setattr(arrow, "_WINDOW", 999)
    assert uses_arrow(path)
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)
    assert fast.n_rows == 3000 and len(fast.meta["skipped_empty_rows"]) == 1


def test_pieces_are_cut_between_records_not_inside_quotes(tmp_path, monkeypatch):
    comment = '"' + "\r\n".join(f"linje {i}; med, tegn" for i in range(30)) + '"'
    rows = [f"{i};Helt enig;{comment}" for i in range(200)]
    path = write(tmp_path, ("id;svar;kommentar\n" + "\n".join(rows) + "\n").encode())
    monkeypatch.setattr(arrow, "_PIECE", 500)  # most line ends are inside the quotes
    assert uses_arrow(path)
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)
    assert fast.data.index.tolist() == [2 + i for i in range(200)]  # spreadsheet rows


# text of cells: separators, quotes (also stray ones) and every kind of line end
_cell = st.lists(st.sampled_from([*'ab æ;,"\t\r\n', "\r\n", '""', "\x85", "\u2028"]),
                 max_size=5).map("".join)


@st.composite
def _records(draw):
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(_cell, min_size=width, max_size=width), min_size=1,
                         max_size=12))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, None]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if quoting is None:  # hand-made: cells as they are (stray quotes, ragged rows)
        text = end.join(delimiter.join(r) for r in rows)
    else:
        buf = io.StringIO(newline="")
        csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=end).writerows(rows)
        text = buf.getvalue()
    return text, delimiter


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_records(), st.sampled_from([10, 1 << 20]))
def test_arrow_records_are_the_csv_module_records(case, piece):
    text, delimiter = case
    if not text.strip():
        return
    old = arrow._PIECE, arrow._WINDOW
    arrow._PIECE, arrow._WINDOW = piece, max(3, piece // 2)
    try:
        got = arrow.arrow_records(text.encode(), text, "utf-8", delimiter)
    finally:
        arrow._PIECE, arrow._WINDOW = old
    if got is None:
        return  # handed over to the csv module
    table, lines = got
    rows = [list(r) for r in zip(*(c.to_pylist() for c in table.columns), strict=True)]
    assert (rows, lines) == parse_records(text, delimiter, "w.csv")


def test_large_file_takes_the_arrow_path_and_keeps_line_numbers(tmp_path):
    path = write(tmp_path, _survey_csv(60_000, newlines=True, crlf=False))
    assert uses_arrow(path)
    raw = read_export(path)
    assert raw.n_rows == 60_000
    text = path.read_text(encoding="utf-8")
    # the csv module yields one row per record and an empty one per blank line: the rows a
    # spreadsheet shows
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    shown = [i for i, r in enumerate(records, start=1) if any(r)][1:]
    assert raw.data.index.tolist() == [s for s in shown if s != raw.meta["skipped_empty_rows"][0]]
    assert str(raw.data["ID"].dtype) == "int64" and raw.meta["decimal_comma_columns"] == ["Vekt"]


# ------------------------------------------------------------------ parquet
def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "Kjønn": pd.Categorical(["Kvinne", "Mann", None, "Kvinne"]),
        "Alder": [34, 51, 19, 77],
        "Vekt": [1.5, np.nan, 0.25, 2.0],
        "Antall": pd.array([1, None, 3, 4], dtype="Int64"),
        "Svar": ["Helt enig", "", None, "Vet ikke"],
        "Fullført": [True, False, True, True],
        "Dato": pd.to_datetime(["2022-01-03", "2022-01-04", "2022-01-05", "2022-01-06"]),
    })


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "wave1.parquet"
    _frame().to_parquet(path, index=False)
    raw = read_export(path)
    assert raw.format == "parquet" and raw.name == "wave1.parquet"
    assert raw.data.index.tolist() == [2, 3, 4, 5] and raw.data.index.name == "row"
    assert list(raw.data.columns) == list(_frame().columns)
    assert raw.questions == {c: c for c in _frame().columns}
    assert dict(raw.value_labels) == {}
    data = raw.data
    assert data["Kjønn"].tolist()[:2] == ["Kvinne", "Mann"] and pd.isna(data.loc[4, "Kjønn"])
    assert pd.api.types.is_string_dtype(data["Kjønn"]) and pd.api.types.is_string_dtype(
        data["Svar"])
    assert data["Svar"].isna().tolist() == [False, True, True, False]  # '' is missing
    assert str(data["Alder"].dtype) == "int64" and data.loc[3, "Alder"] == 51
    assert str(data["Vekt"].dtype) == "float64" and np.isnan(data.loc[3, "Vekt"])
    assert str(data["Antall"].dtype) == "float64" and data["Antall"].isna().sum() == 1
    assert data["Fullført"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(data["Dato"])
    assert raw.meta["row_numbers"].startswith("position + 1")


def test_parquet_detected_by_content_not_extension(tmp_path):
    path = tmp_path / "export.dat"
    _frame().to_parquet(path)
    assert detect_format(path) == "parquet"
    assert read_export(path).n_rows == 4
    assert read_export(path, format="parquet").n_rows == 4
    assert read_parquet(path).data.equals(read_export(path).data)


def test_parquet_pandas_index(tmp_path):
    frame = _frame().iloc[[1, 3]].set_axis(pd.Index([1, 3]))
    frame.to_parquet(tmp_path / "a.parquet")  # unnamed index stored as __index_level_0__
    raw = read_export(tmp_path / "a.parquet")
    assert list(raw.data.columns) == list(_frame().columns)
    assert raw.meta["dropped_index_columns"] == ["__index_level_0__"]
    frame.rename_axis("respondent").to_parquet(tmp_path / "b.parquet")
    raw = read_export(tmp_path / "b.parquet")
    assert raw.data["respondent"].tolist() == [1, 3]


def test_bad_parquet_is_a_read_error_naming_the_file(tmp_path):
    good = tmp_path / "good.parquet"
    _frame().to_parquet(good)
    data = good.read_bytes()
    path = write(tmp_path, data[: len(data) // 2], "wave1.parquet")
    with pytest.raises(ReadError, match=r"^wave1\.parquet: the Parquet file is corrupt") as info:
        read_export(path)
    assert isinstance(info.value, SurveykitError)
    with pytest.raises(ReadError, match=r"w\.parquet: the extension says \.parquet but"):
        read_export(write(tmp_path, b"a,b\n1,2\n", "w.parquet"))
    with pytest.raises(ReadError, match=r"w\.csv: is not a Parquet file"):
        read_export(write(tmp_path, b"a,b\n1,2\n"), format="parquet")
    with pytest.raises(ReadError, match=r"unknown reader option\(s\) \['decimal'\]"):
        read_export(good, decimal=",")
