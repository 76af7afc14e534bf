"""Report tables: every figure's numbers as CSV, and one formatted Excel workbook.

Example:
    >>> write_workbook({"means": frame}, method_rows, "reports/tables.xlsx")     # doctest: +SKIP
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from surveykit.outputs import atomic_path, neutralise_cells, write_csv

__all__ = ["TOTAL_LABELS", "protect", "publishable", "write_tables", "write_workbook"]

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_NUMERIC = ["estimate", "std_error", "conf_low", "conf_high", "statistic", "p_value", "p_adjusted", "effect_size"]


_STATS = {*_NUMERIC, "n", "n_eff", "deff", "df", "suppressed", "level", "variable", "outcome", "contrast"}
TOTAL_LABELS = frozenset({"total", "totalt", "alle", "all", "i alt", "samlet", "__all"})


def _hide(out: pd.DataFrame, rows: np.ndarray) -> None:
    """Flag ``rows`` suppressed and blank their numbers (n stays: figures say "fewer than")."""
    out.loc[rows, "suppressed"] = True
    for col in [*_NUMERIC, "n_eff", "deff"]:
        if col in out:
            out[col] = out[col].astype("float64")
            out.loc[rows, col] = np.nan


def protect(frame: pd.DataFrame) -> pd.DataFrame:
    """Complete the small-cell suppression of a result so no hidden number can be recovered.

    Estimators suppress a row resting on fewer than ``min_cell`` respondents (primary
    suppression). Two ways of getting such a number back from the rest of one table are
    closed here:

    * **shares of one distribution** (the levels of one item in one group, which sum to 1):
      if any level is suppressed, the whole group is, so no level is ``1 - the others``;
    * **a total row** in a grouping column (a value such as "Total", "Alle", "I alt"): if
      exactly one group beside the total is suppressed, the smallest other group is
      suppressed too (a complementary cell), so neither follows from the total by subtraction.

    Tables without a ``suppressed`` column are returned unchanged. Subtraction *across*
    tables (a site-type mean minus the means of its other sites) is not covered.
    """
    out = frame.copy()
    if "suppressed" not in out or out.empty:
        return out
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    by = [c for c in out.columns if c not in _STATS]
    item = [c for c in ("outcome", "variable", "contrast") if c in out]
    if "level" in out:
        groups = out.groupby([*by, *item], dropna=False, sort=False, observed=True)
        spread = groups["level"].transform("nunique") > 1
        partly = groups["suppressed"].transform("any") & ~out["suppressed"]
        if (spread & partly).any():
            _hide(out, (spread & partly).to_numpy())
    for col in by:
        total = out[col].astype(str).str.strip().str.casefold().isin(TOTAL_LABELS)
        if not total.any():
            continue
        family = [c for c in [*by, *item, "level"] if c != col and c in out]
        for _, rows in out[~total].groupby(family, dropna=False, sort=False, observed=True) if family else [(None, out[~total])]:
            hidden = rows["suppressed"]
            if hidden.sum() == 1 and (~hidden).any():
                shown = rows[~hidden]
                pick = shown["n"].idxmin() if "n" in shown else shown.index[0]
                _hide(out, out.index == pick)
    _hide(out, out["suppressed"].to_numpy())
    return out


def publishable(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as published: :func:`protect`, then suppressed rows keep their labels but
    lose every number (and n, and the df that would give n away)."""
    out = protect(frame)
    if "suppressed" in out:
        mask = out["suppressed"].astype(bool).to_numpy()
        for col in [*_NUMERIC, "n", "n_eff", "deff", "df"]:
            if col in out and mask.any():
                out[col] = out[col].astype("Float64" if col != "n" else "Int64")
                out.loc[mask, col] = pd.NA
    return out


def write_tables(results: Mapping[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One CSV per result under ``folder`` (tables/<name>.csv)."""
    return [write_csv(publishable(frame), folder / f"{name}.csv") for name, frame in results.items()]


def _normalise_zip(path: Path) -> None:
    """Rewrite a zip container with fixed timestamps and order, so equal content gives equal bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    stamp = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
    entries = [(name, stamp.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", data) if name == "docProps/core.xml" else data)
               for name, data in entries]
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, data)


def write_workbook(sheets: Mapping[str, pd.DataFrame], method: pd.DataFrame, target: Path) -> Path:
    """An .xlsx with one sheet per table (bold frozen header, numbers as numbers) and a method sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, frame in [("metode", method), *sheets.items()]:
        title = name[:31]
        k = 1
        while title in used:
            k += 1
            title = f"{name[:28]}_{k}"
        used.add(title)
        ws = wb.create_sheet(title)
        safe = neutralise_cells(publishable(frame))
        ws.append([str(c) for c in safe.columns])
        for row in safe.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v)
                       for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, col in enumerate(safe.columns, start=1):
            width = max([len(str(col)), *(len(str(v)) for v in safe[col].head(200))]) if len(safe) else len(str(col))
            ws.column_dimensions[get_column_letter(i)].width = min(max(8, width + 2), 60)
    fixed = pd.Timestamp("2020-01-01").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "surveykit"
    with atomic_path(target) as tmp:
        wb.save(tmp)
        _normalise_zip(tmp)
    return target
