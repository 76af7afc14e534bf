"""A file as a grid of cells with their row numbers: the common ground of every reader.

Text files (csv/txt) and spreadsheets both load into a :class:`Grid`; the generic readers
and each vendor dialect then pick the header row(s) and turn the rest into a frame with
:func:`surveykit.io._frame.build_frame`.

Example:
    >>> g = Grid(rows=[["Kjønn"], ["Kvinne"]], numbers=[1, 2], source="w.csv", kind="csv")
    >>> g.first_nonempty()
    0
"""

from __future__ import annotations

import copy
import hashlib
import io
import itertools
import operator
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from surveykit import limits
from surveykit.errors import ReadError
from surveykit.io._arrow import arrow_records
from surveykit.io._progress import EVERY, announce, size_text, ticker
from surveykit.io._text import (
    SUPPORTED,
    check_delimiter,
    check_header_width,
    check_lines,
    decode_bytes,
    detect_delimiter,
    parse_records,
)

__all__ = [
    "SUPPORTED",
    "Grid",
    "TableRows",
    "load_text_grid",
    "load_xlsx_grid",
    "looks_like_text",
    "open_regular",
    "read_bytes",
    "refuse_encrypted",
    "refuse_opendocument",
    "refuse_text",
    "sniff_kind",
    "workbook_sheets",
]



@dataclass
class Grid:
    """Rows of cells (``str`` for text files, Python values for spreadsheets) with numbers.

    ``numbers[i]`` is the 1-based line (text) or spreadsheet row of ``rows[i]``;
    :meth:`shown_rows` gives, for text files too, the row a spreadsheet shows each record on.
    A text file parsed by pyarrow also keeps its records as ``table`` (string columns, one
    row per record); ``rows`` is then a :class:`TableRows` view of it, and
    :func:`surveykit.io._frame.build_frame` works on the columns.
    """

    rows: Sequence[list[Any]]
    numbers: list[int]
    source: str | Path
    kind: str  # "csv" or "xlsx"
    sheet: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    table: pa.Table | None = None
    _blank: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _shown: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return Path(self.source).name

    def where(self, i: int) -> str:
        """'file, sheet "S", row 7' or 'file, line 7' for row index ``i``."""
        if self.kind == "xlsx":
            return f'{self.name}, sheet "{self.sheet}", row {self.numbers[i]}'
        return f"{self.name}, line {self.numbers[i]}"

    def shown_rows(self) -> np.ndarray:
        """Per record: the row a spreadsheet shows it on (1-based; header records counted).

        A spreadsheet opening a text export shows each record on one row, however many
        lines its quoted cells span, and a blank line as an empty row; so the row is the
        record's start line less the line breaks inside the records before it.

        Example:
            >>> g = Grid([["q"], ["a\\nb\\nc"], ["d"]], [1, 2, 6], "w.csv", "csv")
            >>> g.shown_rows().tolist()   # line 5 is blank: an empty row 4
            [1, 2, 4]
        """
        if self._shown is None:
            numbers = np.asarray(self.numbers, dtype=np.int64)
            if self.kind == "xlsx" or not len(numbers):
                self._shown = numbers
            else:
                breaks = self._inner_breaks()
                self._shown = numbers - np.concatenate([[0], np.cumsum(breaks)[:-1]])
        return self._shown

    def _inner_breaks(self) -> np.ndarray:
        """Line breaks inside the cells of each record (``\\r\\n``, ``\\n`` or a lone ``\\r``)."""
        breaks = np.zeros(len(self.numbers), dtype=np.int64)
        if self.table is not None:
            for col in self.table.columns:
                if pc.any(pc.or_(pc.match_substring(col, "\n"), pc.match_substring(col, "\r"))).as_py():
                    counts = pc.count_substring_regex(col, r"\r\n|\r|\n").fill_null(0)
                    breaks += counts.to_numpy(zero_copy_only=False).astype(np.int64)
            return breaks
        for i, row in enumerate(self.rows):
            breaks[i] = sum(len(_BREAK.findall(c)) for c in row
                            if isinstance(c, str) and ("\n" in c or "\r" in c))
        return breaks

    def blank_rows(self) -> np.ndarray:
        """Per row of ``table``: True where every cell is empty (a table grid only)."""
        if self._blank is None:
            if self.table is None:
                raise TypeError("blank_rows() needs a table grid")
            first, *rest = self.table.columns
            blank = pc.equal(pc.utf8_trim_whitespace(first), "")   # only spaces: as empty (` ;;;;` in a CSV)
            for col in rest:
                blank = pc.and_(blank, pc.equal(pc.utf8_trim_whitespace(col), ""))
            self._blank = np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
        return self._blank

    def first_nonempty(self, start: int = 0) -> int | None:
        """Index of the first row at or after ``start`` holding a non-empty cell."""
        if self.table is not None:
            hits = np.flatnonzero(~self.blank_rows()[start:])
            return start + int(hits[0]) if len(hits) else None
        for i in range(start, len(self.rows)):
            if any(not _void(c) for c in self.rows[i]):
                return i
        return None


_BREAK = re.compile(r"\r\n|\r|\n")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _void(value: Any) -> bool:
    """A cell that makes no row: empty, or only white space (a row of spaces is an empty row)."""
    return value is None or (isinstance(value, str) and not value.strip())


class TableRows(Sequence[list[str]]):
    """The rows of a pyarrow table of strings as lists, built only for the rows asked for.

    Example:
        >>> rows = TableRows(pa.table({"c0": ["Kjønn", "Kvinne"], "c1": ["Alder", "34"]}))
        >>> len(rows), rows[:1], rows[-1]
        (2, [['Kjønn', 'Alder']], ['Kvinne', '34'])
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index: int | slice) -> Any:  # a row, or a list of rows (slice)
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return _as_rows(self.table.slice(start, max(0, stop - start)))
        i = operator.index(index)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("row index out of range")
        return _as_rows(self.table.slice(i, 1))[0]

    def __iter__(self) -> Iterator[list[str]]:
        for batch in self.table.to_batches(max_chunksize=10_000):
            yield from _as_rows(pa.Table.from_batches([batch]))


def _as_rows(table: pa.Table) -> list[list[str]]:
    return [list(row) for row in zip(*(c.to_pylist() for c in table.columns), strict=True)]


def _same_name_written_otherwise(path: Path) -> str:
    """A file beside a missing ``path`` whose name reads the same: other Unicode code points for
    the same letters (macOS and zip tools write 'å' as 'a' + a combining ring, NFD) or other upper
    and lower case; said, not read (which is meant is the user's call)."""
    wanted = unicodedata.normalize("NFC", path.name)
    try:
        names = [p.name for p in path.parent.iterdir()]
    except OSError:
        return ""
    same = [n for n in names if unicodedata.normalize("NFC", n) == wanted]
    if same:
        return (f"The folder has {same[0]!r}, the same name with its letters stored as other Unicode code points "
                "(e.g. 'å' as 'a' + a combining ring, as macOS and some zip tools write names); the two are different "
                "names to this file system. Rename the file by typing its name again, or copy its name into "
                "surveykit.yaml. ")
    cased = [n for n in names if unicodedata.normalize("NFC", n).casefold() == wanted.casefold()]
    if cased:
        return f"The folder has {cased[0]!r}, which differs in upper and lower case only (they differ on this system). "
    return ""


def open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, which must be a regular file (not a device such as
    /dev/zero, a named pipe or a socket, which would never end or never answer)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a named pipe must not wait for a writer
    except FileNotFoundError:
        if not str(path).isprintable():   # "data\raw\new.csv" in double quotes: YAML made \r and \n of it
            raise ReadError(
                f"{repr(str(path))[1:-1]}: file not found. Its path holds control characters (shown as \\n, \\r, "
                "\\t): in a double-quoted YAML value a backslash starts an escape, so a Windows path such as "
                '"data\\raw\\new.csv" is changed. Write the path in surveykit.yaml with forward slashes '
                "(data/raw/new.csv), which work on every system.") from None
        raise ReadError(f"{path}: file not found. {_same_name_written_otherwise(Path(path))}"
                        "Check the path in surveykit.yaml.") from None
    except IsADirectoryError:
        raise ReadError(
            f"{path}: is a folder. Give the export file (a folder is only read as a "
            "SurveyXact dataset/labels/structure trio)."
        ) from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be opened ({exc.strerror}).") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "not a regular file")
        raise ReadError(f"{path}: is {kind}, not a file. surveykit reads exports and configuration only from "
                        "ordinary files; copy the export into data/raw/ and point surveykit.yaml to it.")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def read_bytes(path: Path, *, limit: str = "file_bytes") -> bytes:
    """The file's bytes, opened read-only; a missing, unreadable, special or too large file is a
    ReadError (the size bound is the limit ``limit`` of :mod:`surveykit.limits`)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        bound = getattr(limits.current(), limit)
        what = "the file" if limit == "file_bytes" else "the configuration file"
        limits.check(limit, os.fstat(fh.fileno()).st_size, str(path), what)
        try:
            data = fh.read(bound + 1)  # a file growing while read is still cut at the bound
        except OSError as exc:
            raise ReadError(f"{path}: cannot be read ({exc.strerror}).") from None
        limits.check(limit, len(data), str(path), what)
        return data


def sniff_kind(head: bytes) -> str:
    """What the first bytes say: 'zip', 'ole', 'sav', 'parquet', 'pdf', 'archive', 'stata',
    'empty' or 'text'."""
    if not head.strip():
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")):
        return "archive"
    if head.startswith(b"<stata_d") or (len(head) >= 4 and 104 <= head[0] <= 115
                                         and head[1] in (1, 2) and head[2] == 1 and head[3] == 0):
        return "stata"  # .dta 117+ (an XML-like tag), or the release byte of 104-115
    return "text"


def load_text_grid(
    path: Path, raw: bytes, *, encoding: str | None = None, delimiter: str | None = None
) -> Grid:
    """Decode and split a delimited text export into a :class:`Grid`.

    Encoding and delimiter are detected on the text as always; the split is pyarrow's
    (a table grid) whenever it gives exactly the csv module's records and line numbers, else
    the csv module's (see :mod:`surveykit.io._arrow`).
    """
    check_delimiter(delimiter, path.name)
    check_lines(raw, path.name)
    text, used = decode_bytes(raw, path.name, encoding)
    text = text.lstrip("\ufeff")
    if not text or text.isspace():  # not text.strip(), which would copy a large file
        raise ReadError(f"{path.name}: the file is empty (no header, no rows). Export it again.")
    delim = delimiter or detect_delimiter(text)
    check_header_width(text, delim, path.name)
    meta = {"encoding": used, "delimiter": delim}
    parsed = arrow_records(raw, text, used, delim)
    if parsed is not None:
        table, lines = parsed
        _check_table(table, lines, path.name)
        return Grid(TableRows(table), lines, path, "csv", meta=meta, table=table)
    records, starts = parse_records(text, delim, path.name)
    return Grid(records, starts, path, "csv", meta=meta)


def _check_table(table: pa.Table, lines: list[int], name: str) -> None:
    """The bounds of :mod:`surveykit.limits` on a parsed table: its width and its longest cell."""
    limits.check("columns", table.num_columns, name, "the header", unit="columns")
    bound = limits.current().cell_chars
    for col in table.columns:
        lengths = pc.utf8_length(col)
        longest = pc.max(lengths).as_py() or 0
        if longest > bound:
            row = int(pc.index(lengths, longest).as_py())
            limits.check("cell_chars", longest, f"{name}, line {lines[row]}", "a cell", unit="characters")


# Workbooks parsed in this process, by their bytes, sheet and the limits in force: reading the
# same workbook again (validate, then build; a notebook loading its study after a config edit)
# skips openpyxl, the slowest step of reading (about 15,000 cells a second). Small sheets only.
_PARSED: OrderedDict[tuple, tuple[list[list[Any]], str, list[str]]] = OrderedDict()
_PARSED_ENTRIES, _PARSED_CELLS = 4, 400_000


LARGE_XLSX = 1_000_000   # bytes of a workbook whose read is announced (read at about 5 s per MB)


def load_xlsx_grid(path: Path, *, sheet: str | int | None = None) -> Grid:
    """Read one sheet of an .xlsx workbook (read-only mode) into a :class:`Grid`."""
    data = read_bytes(path)
    if len(data) >= LARGE_XLSX:   # tens of thousands of rows: a read of many seconds, said before it starts
        announce(f"reading {path.name} ({size_text(len(data))}, a large workbook: Excel files are read cell by "
                 f"cell; a line every {EVERY:.0f} s)")
    check_xlsx_parts(data, path.name)
    key = (hashlib.sha256(data).digest(), sheet if sheet is None else (type(sheet).__name__, sheet), limits.current())
    if key in _PARSED:
        _PARSED.move_to_end(key)
        rows, title, meta = _PARSED[key]
        return Grid([list(r) for r in rows], list(range(1, len(rows) + 1)), path, "xlsx", title,
                    meta=copy.deepcopy(meta))
    grid = _parse_xlsx(path, data, sheet)
    if sheet is None:
        _refuse_note_sheet(grid, path.name)
    if sum(map(len, grid.rows)) <= _PARSED_CELLS:
        _PARSED[key] = ([list(r) for r in grid.rows], grid.sheet, copy.deepcopy(grid.meta))
        while len(_PARSED) > _PARSED_ENTRIES:
            _PARSED.popitem(last=False)
    return grid


_NOTE_LINES = 10  # a first sheet of at most this many one-cell lines, beside other sheets: a note


def _refuse_note_sheet(grid: Grid, name: str) -> None:
    """The first sheet holds a few lines of one cell each (a title, "Exported from ...") and
    the workbook has other sheets: it is a cover note, not a one-question export; read as one,
    its second line would be the only respondent. Ask for the answers' sheet."""
    others = [s for s in grid.meta.get("sheets", []) if s != grid.sheet]
    lines = [[c for c in row if not (c is None or (isinstance(c, str) and not c.strip()))]
             for row in grid.rows]
    lines = [cells for cells in lines if cells]
    if not others or not lines or len(lines) > _NOTE_LINES or any(len(c) > 1 for c in lines):
        return
    raise ReadError(
        f'{name}, sheet "{grid.sheet}": holds {len(lines)} line(s) of one cell each (first: '
        f"{str(lines[0][0])[:60]!r}), a note rather than answers; the workbook has other sheets "
        f"({', '.join(map(repr, others[:8]))}). Name the sheet with the answers: `sheet:` under "
        "the wave in surveykit.yaml, --sheet for `surveykit codebook draft`, sheet= for "
        "read_export."
    )


def _parse_xlsx(path: Path, data: bytes, sheet: str | int | None) -> Grid:
    import openpyxl  # deferred: import cost

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "no default style" and the like
            # bytes, not the path: openpyxl refuses names not ending in .xlsx
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(
            f"{path.name}: is not a readable .xlsx workbook ({type(exc).__name__}: {exc}). "
            "The file may be truncated or not really Excel; open it in Excel and save it "
            f"again as .xlsx. {SUPPORTED}"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on corrupt parts
        raise ReadError(
            f"{path.name}: the workbook is corrupt ({type(exc).__name__}: {exc}). "
            "Open it in Excel and save it again as .xlsx."
        ) from None
    try:
        names = wb.sheetnames
        if not names:
            raise ReadError(f"{path.name}: the workbook has no sheet (it is damaged). Open it in Excel and save it "
                            "again as .xlsx.")
        if sheet is None:  # the first sheet Excel shows: a hidden sheet is not what the user sees first
            shown = [w for w in wb.worksheets if getattr(w, "sheet_state", "visible") == "visible"]
            if not shown:
                raise ReadError(f"{path.name}: every sheet of the workbook is hidden ({', '.join(map(repr, names))}). "
                                "Set `sheet:` to the one holding the answers.")
            ws = shown[0]
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise ReadError(
                    f"{path.name}: has no sheet number {sheet} (it has {len(names)}: "
                    f"{', '.join(map(repr, names))}). Give a sheet name or a 0-based index."
                )
            ws = wb.worksheets[sheet]
        elif sheet in names:
            ws = wb[sheet]
        elif len(alike := [n for n in names if _sheet_key(n) == _sheet_key(str(sheet))]) == 1:
            ws = wb[alike[0]]   # Excel's sheet names are unique ignoring case; NFC/NFD spellings are one name
        else:
            raise ReadError(
                f"{path.name}: no sheet named {sheet!r}. The workbook has: "
                f"{', '.join(map(repr, names))}. Set `sheet:` to one of these."
            )
        try:
            ws.reset_dimensions()  # stored dimensions are often wrong (Microsoft Forms)
            rows = _sheet_rows(ws, f'{path.name}, sheet "{ws.title}"')
            found: dict[str, Any] = {}  # the grid's meta on formula cells and merged rows
            has_formulas, merges = _sheet_xml_facts(data, ws._worksheet_path)
            if has_formulas:
                found = _keep_formula_texts(rows, data, names.index(ws.title), ws._worksheet_path)
            if merges:
                found["row_merges"] = merges
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(
                f'{path.name}, sheet "{ws.title}": cannot read the cells '
                f"({type(exc).__name__}: {exc}). The file looks corrupt; save it again as .xlsx."
            ) from None
        return Grid(rows, list(range(1, len(rows) + 1)), path, "xlsx", ws.title,
                    meta={"sheets": list(names), **found})
    finally:
        wb.close()


EXCEL_MAX_ROWS = 1_048_576


def _sheet_rows(ws: Any, where: str) -> list[list[Any]]:
    """The sheet's rows (trailing blank cells dropped), within Excel's row count and the limits
    ``columns`` and ``cells``, with a progress line now and then on a long sheet."""
    bound = limits.current()
    tick = ticker(where.split(",")[0])
    rows: list[list[Any]] = []
    cells_seen = 0
    for values in ws.iter_rows(values_only=True):
        cells = list(values)
        while cells and _blank(cells[-1]):
            cells.pop()
        rows.append(cells)
        n = len(rows)
        cells_seen += len(cells)
        if len(cells) > bound.columns:
            limits.check("columns", len(cells), f"{where}, row {n}", "the row", unit="cells")
        if n % 4096 == 0:
            tick(n)
            if n > EXCEL_MAX_ROWS:
                raise ReadError(f"{where}: has rows beyond row {EXCEL_MAX_ROWS:,}, the most an Excel sheet "
                                "holds; the workbook is corrupt or not written by a spreadsheet program. "
                                "Save it again from Excel, or export the data as CSV.")
            limits.check("cells", cells_seen, where, "the sheet", unit="cells")
    limits.check("cells", cells_seen, where, "the sheet", unit="cells")
    return rows


def refuse_opendocument(z: zipfile.ZipFile, name: str) -> None:
    """An OpenDocument spreadsheet (.ods) is a zip too: name it and say how to convert it."""
    if "mimetype" in z.namelist() and b"opendocument" in z.read("mimetype")[:200]:
        raise ReadError(
            f"{name}: is an OpenDocument file (.ods, from LibreOffice or OpenOffice), not an Excel "
            "workbook. Open it in LibreOffice and save it as .xlsx (File > Save As > Excel 2007-365), "
            f"or export it as CSV. {SUPPORTED}")


def looks_like_text(raw: bytes) -> bool:
    """Whether the start of ``raw`` reads as text (UTF-8, UTF-16 with its mark, or cp1252) with
    no control characters besides tab and line breaks: a CSV under another extension."""
    head = raw[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:   # not only a character cut at the end of the sample
                text = head.decode("cp1252", errors="replace")
            else:
                text = head[:exc.start].decode("utf-8")
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\r\n") or c == "\ufffd")
    return bool(text.strip()) and controls <= len(text) // 200


def _first_line(raw: bytes) -> str:
    """The start of the first line of a text file, for a message."""
    head = raw[:200]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        line = head.split(b"\n", 1)[0]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:   # cp1252, unless only a character cut at the sample's end
            text = line[:exc.start].decode("utf-8") if exc.start >= len(line) - 3 else line.decode("cp1252", "replace")
    return text.lstrip("\ufeff").splitlines()[0][:60] if text.strip() else ""


def refuse_encrypted(raw: bytes, name: str) -> None:
    """An OLE2 file holding the streams Excel writes for a workbook with a password to open
    (EncryptionInfo, EncryptedPackage): say so, not "an old .xls"."""
    if any(stream.encode("utf-16-le") in raw for stream in ("EncryptionInfo", "EncryptedPackage")):
        raise ReadError(
            f"{name}: is password-protected (an encrypted Excel workbook), which cannot be read. Open it in Excel "
            "with the password and save it without one (File > Info > Protect Workbook > Encrypt with Password: "
            "clear the password, then save as .xlsx), or export the data again from the survey tool. "
            f"{SUPPORTED}")


def refuse_text(raw: bytes, name: str, suffix: str) -> None:
    """A text file (a CSV) under a binary format's extension: say to rename it."""
    if looks_like_text(raw):
        raise ReadError(
            f"{name}: the extension says {suffix} but the content is text (it starts with {_first_line(raw)!r}): "
            f"a CSV or text export given another name. Rename it to .csv (and its `file:` in surveykit.yaml), "
            f"or export it again as {suffix}. {SUPPORTED}")


def check_xlsx_parts(data: bytes, name: str) -> None:
    """Bound a workbook before parsing it: its unpacked size (limit ``file_bytes``) and its
    longest cell text (limit ``cell_chars``), streamed through the zip (a 1 MB file can unpack
    to gigabytes). Not a zip: left to the workbook reader's own message."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if sniff_kind(data[:8]) == "ole":
            refuse_encrypted(data, name)
        elif sniff_kind(data[:8]) == "text":
            refuse_text(data, name, Path(name).suffix or ".xlsx")
        return
    with z:
        infos = z.infolist()
        refuse_opendocument(z, name)
        limits.check("file_bytes", sum(i.file_size for i in infos), name, "the unpacked workbook")
        bound = 4 * limits.current().cell_chars + 64  # UTF-8 takes at most 4 bytes a character
        for info in infos:
            if info.filename.startswith("xl/") and info.filename.endswith(".xml") and info.file_size > bound:
                try:
                    with z.open(info) as stream:
                        longest = _longest_text(stream, bound)
                except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
                    return  # corrupt: the workbook reader names it
                if longest > bound:
                    limits.check("cell_chars", None, f"{name} ({info.filename})", "a cell", unit="characters")


def _longest_text(stream: Any, bound: int) -> int:
    """The longest run of bytes without a '<' in an XML stream (an upper bound on any text
    node's length); stops early once over ``bound``."""
    longest = run = 0
    while chunk := stream.read(1 << 22):
        b = np.frombuffer(chunk, np.uint8)
        tags = np.flatnonzero(b == 60)
        if len(tags) == 0:
            run += len(b)
        else:
            inner = int(np.diff(tags).max()) - 1 if len(tags) > 1 else 0
            longest = max(longest, run + int(tags[0]), inner)
            run = len(b) - int(tags[-1]) - 1
        if max(longest, run) > bound:
            break
    return max(longest, run)


_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"')


def _sheet_xml_facts(data: bytes, part: str) -> tuple[bool, list[list]]:
    """In one streamed pass over a sheet's XML (the part is not kept whole): whether it holds
    any formula element, and [[range, first row, last row], ...] of its merged cells that span
    several rows (the mergeCells list follows the cells; such a merge stores its value in its
    first cell only, though Excel shows it over every row), topmost first."""
    formulas, merges, tail = False, [], b""
    with zipfile.ZipFile(io.BytesIO(data)) as z, z.open(part) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            formulas = formulas or bool(_FORMULA.search(text))
            for m in _MERGE.finditer(text):
                first, last = int(m.group(2)), int(m.group(4))
                if m.end() > len(tail) and last > first:  # not found in the previous chunk already
                    merges.append([f"{m.group(1).decode()}{first}:{m.group(3).decode()}{last}", first, last])
            tail = text[-80:]
    return formulas, sorted(merges, key=lambda m: (m[1], len(m[0]), m[0]))


def _keep_formula_texts(rows: list[list[Any]], data: bytes, sheet: int, part: str) -> dict[str, Any]:
    """Cells that hold a formula with no stored result come back as their text.

    A survey answer typed as ``=0`` or ``=SUM(A1)`` is written by many tools as a formula
    without a cached value; read for values only it would be an empty cell (a lost answer,
    perhaps a lost row). Cells whose formula has a stored result keep that result, as Excel
    shows it. Plain formulas are found in the sheet's XML (:func:`_plain_formulas`); a sheet
    with shared, array or table formulas is read once more by openpyxl, which translates them.
    Returns the grid's meta on them (:func:`_formula_note`): a program that writes formulas
    without computing them (openpyxl, pandas, xlsxwriter) leaves a formula, not its value.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        found = _plain_formulas(z.read(part))
    kept: list[tuple[int, int, str]] = []
    if found is not None:
        kept = [(i, j, text) for i, j, text in found if _fill_blank(rows, i, j, text)]
        return _formula_note(kept)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb.worksheets[sheet]
        ws.reset_dimensions()
        for i, row in enumerate(ws.iter_rows()):
            for j, cell in enumerate(row):
                if (getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str)
                        and _fill_blank(rows, i, j, cell.value)):
                    kept.append((i, j, cell.value))
    finally:
        wb.close()
    return _formula_note(kept)


# a formula that computes something: a cell reference (B2, $C$7) or a function call (SUM(...))
_COMPUTED = re.compile(r"(?<![A-Za-z])\$?[A-Za-z]{1,3}\$?[0-9]+(?![0-9])|[A-Za-z_][A-Za-z0-9_.]*\(")


def _formula_note(kept: list[tuple[int, int, str]]) -> dict[str, Any]:
    """The grid's meta on the formula cells kept as their text that compute something (how
    many, the first): a program wrote them without their results. An answer typed with a
    leading "=" ("=)", "=0"), which tools also store as a formula, is its text: no note."""
    computed = [(i, j, text) for i, j, text in kept if _COMPUTED.search(text)]
    if not computed:
        return {}
    i, j, text = computed[0]
    return {"formula_texts": {"count": len(computed), "first": [_cell_name(i, j), text[:80]]}}


def _fill_blank(rows: list[list[Any]], i: int, j: int, value: str) -> bool:
    """Put ``value`` in row ``i``, column ``j`` (0-based) if that cell is blank (True)."""
    if i >= len(rows):
        rows.extend([] for _ in range(i + 1 - len(rows)))
    cells = rows[i]
    if j >= len(cells):
        cells.extend([None] * (j + 1 - len(cells)))
    if _blank(cells[j]):
        cells[j] = value
        return True
    return False


def _cell_name(i: int, j: int) -> str:
    """Excel's name of the cell in row ``i``, column ``j`` (0-based): (0, 27) -> "AB1"."""
    letters, j = "", j + 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{i + 1}"


_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s>/])[^>]*?(?:\sr=\"([0-9]+)\"[^>]*)?>")


def _plain_formulas(xml: bytes) -> list[tuple[int, int, str]] | None:
    """(row, column, ``=`` + formula) of every formula cell of a sheet's XML, 0-based, as
    openpyxl reads them without cached values; None when the sheet holds anything but plain
    formulas in cells that name their place (shared, array or data-table formulas, a formula
    outside a cell, a row or cell without its reference, rows out of order, a cell in a row of
    another number): then openpyxl reads the sheet again.

    Example:
        >>> _plain_formulas(b'<row r="2"><c r="B2"><f>)</f><v /></c></row>')
        [(1, 1, '=)')]
    """
    from xml.etree import ElementTree

    numbers = [m.group(1) for m in _ROW.finditer(xml)]
    if None in numbers or any(int(a) >= int(b) for a, b in itertools.pairwise(numbers)):
        return None  # openpyxl counts such rows its own way
    out = []
    for hit in _FORMULA.finditer(xml):
        prefix = hit.group(0)[1:-2]  # b"x:" or b""
        start = max(xml.rfind(b"<" + prefix + b"c ", 0, hit.start()), xml.rfind(b"<" + prefix + b"c>", 0, hit.start()))
        end = xml.find(b"</" + prefix + b"c>", hit.start())
        row = max(xml.rfind(b"<" + prefix + b"row ", 0, start), xml.rfind(b"<" + prefix + b"row>", 0, start))
        if min(start, end, row) < 0 or xml.find(b"</" + prefix + b"c>", start) != end:
            return None
        number = _ROW.match(xml, row)
        cell_xml = xml[start:end + len(prefix) + 4]
        if prefix:
            cell_xml = cell_xml.replace(b"<" + prefix, b"<").replace(b"</" + prefix, b"</")
        try:
            cell = ElementTree.fromstring(cell_xml)
        except ElementTree.ParseError:
            return None
        formulas = cell.findall("f")
        ref = _CELL_REF.fullmatch(cell.get("r") or "")
        if len(formulas) != 1 or formulas[0].get("t") not in (None, "normal") or ref is None or number is None \
                or number.group(1) != ref.group(2).encode():
            return None
        out.append((int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1, "=" + (formulas[0].text or "")))
    return out


def _column_number(letters: str) -> int:
    """Excel's column letters as a number (A = 1)."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def workbook_sheets(path: Path) -> list[str]:
    """Sheet names of a workbook (for detection); ReadError when unreadable."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(io.BytesIO(read_bytes(path)), read_only=True)
    except Exception as exc:
        raise ReadError(
            f"{path.name}: is not a readable .xlsx workbook ({type(exc).__name__}: {exc}). "
            "Open it in Excel and save it again as .xlsx."
        ) from None
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()
