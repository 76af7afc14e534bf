"""``read_export``: one entry point for every supported export.

Example:
    >>> raw = read_export("data/raw/wave1.xlsx")  # doctest: +SKIP
    >>> raw.format, raw.n_rows  # doctest: +SKIP
    ('msforms', 59)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from surveykit.io._generic import export_from_grid
from surveykit.io._grid import load_text_grid, load_xlsx_grid, read_bytes
from surveykit.io.detect import FORMATS, load_grid
from surveykit.io.parquet import read_parquet
from surveykit.io.raw import RawExport
from surveykit.io.sav import read_sav
from surveykit.io.surveyxact import from_files

__all__ = ["read_export"]

_BUILDERS = {
    "nettskjema": nettskjema.from_grid,
    "msforms": msforms.from_grid,
    "googleforms": googleforms.from_grid,
    "qualtrics": qualtrics.from_grid,
    "surveymonkey": surveymonkey.from_grid,
    "limesurvey": limesurvey.from_grid,
    "soscisurvey": soscisurvey.from_grid,
    "surveysolutions": surveysolutions.from_grid,
}
_OPTIONS = {"nettskjema": {"sps"}, "googleforms": {"options", "separator"},
            "qualtrics": {"qsf"}, "csv": {"decimal"}, "xlsx": set(), "sav": set(),
            "parquet": set(), "surveyxact": set(), "msforms": set(), "surveymonkey": set(),
            "limesurvey": set(), "soscisurvey": set(), "surveysolutions": set()}


def read_export(
    path: str | Path,
    *,
    format: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    **options: Any,
) -> RawExport:
    """Read any supported export exactly as the tool wrote it.

    Args:
        format: force a reader (one of ``FORMATS``); ``None`` or ``"auto"`` detects it
            from the content.
        sheet: the sheet of a workbook (name or 0-based index); default the first.
        encoding, delimiter: override detection for text files.
        options: reader-specific: ``decimal`` (csv), ``qsf`` (qualtrics), ``sps``
            (nettskjema), ``options``/``separator`` (googleforms).

    Text files are split by pyarrow (:mod:`surveykit.io._arrow`) whenever that gives exactly
    the csv module's records, else by the csv module. The file is opened read-only and never
    modified.
    """
    path = Path(path)
    if format == "auto":
        format = None  # "auto" in surveykit.yaml means: detect
    if format is not None and format not in FORMATS:
        raise ReadError(f"{path.name}: unknown format {format!r}; use one of "
                        f"{', '.join(FORMATS)} or leave it unset to detect it.")
    if format is None:
        fmt, grid = load_grid(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    else:
        fmt, grid = format, None
    unknown = set(options) - _OPTIONS[fmt]
    if unknown:
        raise ReadError(f"{path.name} ({fmt}): unknown reader option(s) {sorted(unknown)}; "
                        f"this reader takes {sorted(_OPTIONS[fmt]) or 'none'}.")
    if fmt == "sav":
        return read_sav(path)
    if fmt == "parquet":
        return read_parquet(path)
    if fmt == "surveyxact":
        return from_files(path)
    if grid is None:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            grid = load_xlsx_grid(path, sheet=sheet)
        else:
            grid = load_text_grid(path, read_bytes(path), encoding=encoding, delimiter=delimiter)
    if fmt in _BUILDERS:
        return _BUILDERS[fmt](grid, **options)
    return export_from_grid(grid, "xlsx" if grid.kind == "xlsx" else "csv", **options)
