"""Which reader a file needs: by its bytes and content, never only by its extension.

Example:
    >>> detect_format("data-123823-2025-08-19-2249.txt")  # doctest: +SKIP
    'nettskjema'
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from surveykit.errors import ReadError
from surveykit.io import (
    googleforms,
    limesurvey,
    msforms,
    nettskjema,
    qualtrics,
    soscisurvey,
    surveymonkey,
    surveysolutions,
)
from surveykit.io._grid import (
    SUPPORTED,
    Grid,
    load_text_grid,
    load_xlsx_grid,
    read_bytes,
    refuse_encrypted,
    refuse_opendocument,
    refuse_text,
    sniff_kind,
)
from surveykit.io.surveyxact import is_workbook, trio_files

__all__ = ["DIALECTS", "FORMATS", "detect_format", "dialect_of", "load_grid"]

DIALECTS = {
    "qualtrics": qualtrics.sniff,
    "surveymonkey": surveymonkey.sniff,
    "nettskjema": nettskjema.sniff,
    "msforms": msforms.sniff,
    "googleforms": googleforms.sniff,
    "limesurvey": limesurvey.sniff,
    "soscisurvey": soscisurvey.sniff,
    "surveysolutions": surveysolutions.sniff,
}
FORMATS = ("xlsx", "csv", "sav", "parquet", "surveyxact", *DIALECTS)


def dialect_of(grid: Grid, fallback: str) -> str:
    """The vendor whose header signature ``grid`` shows, else ``fallback``."""
    for name, sniff in DIALECTS.items():
        if sniff(grid):
            return name
    return fallback


def _container(path: Path) -> tuple[str, bytes | None]:
    """'dir', 'zip', 'sav', 'parquet', 'text' (with the bytes) or a ReadError for the rest."""
    if path.is_dir():
        return "dir", None
    raw = read_bytes(path)
    kind = sniff_kind(raw[:8])
    if kind == "empty":
        raise ReadError(f"{path.name}: the file is empty (0 bytes or only blanks). "
                        "Export the survey again.")
    if kind == "ole":
        refuse_encrypted(raw, path.name)
        raise ReadError(
            f"{path.name}: is an old Excel 97-2003 (.xls) or other OLE2 file; that format is "
            f"not supported. Open it in Excel and save it as .xlsx. {SUPPORTED}")
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                refuse_opendocument(z, path.name)
        except zipfile.BadZipFile:
            pass  # the workbook reader names a broken file
    if kind == "archive":
        raise ReadError(
            f"{path.name}: is a compressed archive (starts with {raw[:4]!r}), not a survey "
            f"export. Unpack it and read the export inside. {SUPPORTED}")
    if kind == "pdf":
        raise ReadError(f"{path.name}: is a PDF report, not a data export. {SUPPORTED}")
    if kind == "stata":
        raise ReadError(
            f"{path.name}: is a Stata .dta file, which is not read directly. Save it as SPSS "
            ".sav, which keeps the variable and value labels (in Python: df, meta = "
            "pyreadstat.read_dta(file); pyreadstat.write_sav(df, 'file.sav', column_labels="
            "meta.column_labels, variable_value_labels=meta.variable_value_labels)), or export "
            f"it as CSV (Stata: export delimited). {SUPPORTED}")
    if kind == "text" and re.match(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype html|html|table|\?xml)", raw[:512], re.I):
        raise ReadError(
            f"{path.name}: is a web page or XML (an HTML table, as some tools save under .xls), not "
            f"a table export. Open it in Excel and save it as .xlsx, or export CSV from the tool. {SUPPORTED}")
    if kind == "text" and _is_json(raw):
        raise ReadError(
            f"{path.name}: is JSON (an API's or a tool's record dump), not a table export. "
            f"Export the answers from the survey tool as CSV or Excel instead. {SUPPORTED}")
    return kind, raw


def _is_json(raw: bytes) -> bool:
    """A JSON document or JSON Lines: the text starts with '{' or '[' and that part parses
    (a CSV whose header starts with '[' does not)."""
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start not in (b"{", b"["):
        return False
    try:
        json.loads(raw)
        return True
    except ValueError:  # JSON Lines: the first line is one object
        first = raw.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        try:
            return isinstance(json.loads(first), dict)
        except ValueError:
            return False


def load_grid(path: Path, *, sheet: str | int | None = None, encoding: str | None = None,
              delimiter: str | None = None) -> tuple[str, Grid | None]:
    """Detect the format of ``path`` and load its grid (None for .sav, Parquet, SurveyXact)."""
    kind, raw = _container(path)
    if kind == "dir":
        if trio_files(path):
            return "surveyxact", None
        raise ReadError(f"{path}: is a folder without a SurveyXact dataset/labels/structure "
                        f"trio. Give the export file itself. {SUPPORTED}")
    if kind in ("sav", "parquet"):
        return kind, None
    if kind == "zip":
        if sheet is None and is_workbook(path):
            return "surveyxact", None
        grid = load_xlsx_grid(path, sheet=sheet)
        return dialect_of(grid, "xlsx"), grid
    if path.suffix.lower() == ".por":
        raise ReadError(
            f"{path.name}: is an SPSS portable file (.por), which surveykit does not read. Open it in SPSS "
            "or PSPP and save it as .sav (File > Save As), or export the data as CSV.")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".sav", ".zsav", ".xls", ".parquet"):
        refuse_text(raw, path.name, path.suffix)
        raise ReadError(
            f"{path.name}: the extension says {path.suffix} but the content is not (it starts "
            f"with {raw[:8]!r}). The file is corrupt or misnamed. {SUPPORTED}")
    grid = load_text_grid(path, raw, encoding=encoding, delimiter=delimiter)
    if trio_files(path) and path.stem.lower().startswith("dataset"):
        return "surveyxact", grid
    return dialect_of(grid, "csv"), grid


def detect_format(path: str | Path) -> str:
    """One of ``FORMATS``: ``"xlsx"``, ``"csv"``, ``"sav"``, ``"parquet"`` or a vendor dialect."""
    return load_grid(Path(path))[0]
