"""Report tables: every figure's numbers as CSV (the result schema, for machines), and one
Excel workbook formatted as report tables (for readers), its numbers still numbers.

Both write what they are given: in a build, tables that passed the disclosure gate
(:func:`surveykit.report.disclosure.protect`), the one place where small cells are hidden.

Example:
    >>> write_workbook({"means": frame}, method_rows, Path("reports/tables.xlsx"), language="en")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from surveykit.estimate.schema import CONTRAST_PARTS
from surveykit.labels import MISSING, format_interval, text
from surveykit.outputs import atomic_path, neutralise_cells, write_csv
from surveykit.presentation import Presentation

__all__ = ["CI_LEVEL", "column_headers", "write_tables", "write_workbook"]

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def write_tables(results: Mapping[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One CSV per result under ``folder`` (tables/<name>.csv), written as given: the build
    hands over tables that passed the disclosure gate (:mod:`surveykit.report.disclosure`)."""
    return [write_csv(frame, folder / f"{name}.csv") for name, frame in results.items()]


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


# --- the workbook: each table formatted for reading, its numbers kept as numbers ------------------

CI_LEVEL = 95  # the report's intervals: the estimators' default conf_level of 0.95

# tidy columns in the order a reader wants them; "__ci" (the interval as text) and "__note"
# (why a row shows no numbers) are added here; "reference" (what a regression's term is compared
# with, as shown) comes with the workbook's copy of an adjusted comparison
_ORDER = ["outcome", "variable", "reference", "level", "estimate", "__ci", "conf_low", "conf_high", "std_error", "statistic",
          "p_value", "p_adjusted", "effect_size", "n", "n_eff", "deff", "df_num", "df", "contrast", "__note"]
_KEEP = {"variable", "estimate", "conf_low", "conf_high", "std_error", "n"}   # shown even when empty
_BOUNDS = ("estimate", "conf_low", "conf_high")
_HEADER_KEYS = {
    "variable": "question", "level": "column_level", "outcome": "column_outcome", "std_error": "column_std_error",
    "conf_low": "column_conf_low", "conf_high": "column_conf_high", "df": "column_df", "df_num": "column_df_num", "n": "column_n",
    "n_eff": "column_n_eff", "deff": "column_deff", "contrast": "column_contrast", "statistic": "column_statistic",
    "p_value": "p_value", "p_adjusted": "column_p_adjusted", "effect_size": "column_effect_size",
    "__note": "column_note", "note": "column_note", "reference": "column_reference", "topic": "column_topic", "share": "share", "mean": "mean",
    "sum": "column_sum", "min": "column_min", "max": "column_max", "deff_weights": "column_deff_weights",
    "max_weight_ratio": "column_max_weight_ratio", "moe_share_50": "column_moe_share_50",
    "margin": "column_margin", "population": "column_population", "min_cell": "column_min_cell",
    "source": "source", "method": "method", "suppressed": "suppressed_short",
}
# number formats (Excel codes: "." and "," here are shown as the reader's own decimal mark and separator)
_FORMATS = {"df": "0", "df_num": "0.00", "n": "#,##0", "n_eff": "#,##0", "deff": "0.00", "statistic": "0.00", "effect_size": "0.00",
            "share": "0.0%", "moe_share_50": "0.0%", "sum": "#,##0", "mean": "0.00", "min": "0.00", "max": "0.00",
            "deff_weights": "0.00", "max_weight_ratio": "0.00", "min_cell": "0"}
_SHARE = {"estimate": "0.0%", "conf_low": "0.0%", "conf_high": "0.0%", "std_error": "0.00%"}
_VALUE = {"estimate": "#,##0.00", "conf_low": "#,##0.00", "conf_high": "#,##0.00", "std_error": "#,##0.000"}
_SOURCES = ("sample", "weighted", "population")   # the composition's sources (surveykit.labels keys)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def _p_format(language: str) -> str:
    """p-values with three decimals, and "<0,001" (the reader's decimal mark) below that."""
    return f'[<0.001]"<0{"." if language == "en" else ","}001";0.000'


def _signed(code: str) -> str:
    return f"+{code};-{code};{code}"


def _filled(column: pd.Series) -> pd.Series:
    """True where a cell holds something (not NA, not an empty text)."""
    return column.notna() & column.astype(str).str.strip().ne("")


def _share_rows(frame: pd.DataFrame, percent: bool) -> np.ndarray:
    """Rows whose estimate is a share: every row of a ``percent`` table, else the rows with an
    answer category in ``level`` (the result schema's marker of a share)."""
    if percent:
        return np.ones(len(frame), bool)
    if "level" in frame:
        return _filled(frame["level"]).to_numpy()
    return np.zeros(len(frame), bool)


def _estimate_key(frame: pd.DataFrame, shares: np.ndarray) -> str:
    if "outcome" in frame:
        return "coefficient"
    if "contrast" in frame and _filled(frame["contrast"]).any():
        return "difference"
    if len(shares) and shares.all():
        return "share"
    return "mean" if not shares.any() else "estimate"


def column_headers(frame: pd.DataFrame, presentation: Presentation | None = None, *,
                   percent: bool = False) -> dict[str, str]:
    """The workbook's header of each column of ``frame``, in the presentation's language.

    Statistics get their names from surveykit.labels ("Standardfeil", "Nedre grense (95 % KI)");
    the estimate is named by what it is ("Andel" for shares, "Gjennomsnitt", "Differanse" for
    contrasts, "Koeffisient" in a regression); grouping columns by the study's labels in
    ``presentation`` (``study.presentation()``), else their own name.

    Example:
        >>> f = pd.DataFrame({"region": ["north"], "variable": ["q"], "level": ["Enig"],
        ...                   "estimate": [0.5], "n": [40]})
        >>> list(column_headers(f, Presentation("en", names={"region": "Region"})).values())
        ['Region', 'Question', 'Answer', 'Share', 'Responses (n)']
    """
    p = presentation or Presentation()
    language = p.language
    shares = _share_rows(frame, percent)
    out = {}
    for col in frame.columns:
        if col == "estimate":
            out[col] = text(_estimate_key(frame, shares), language)
        elif col == "variable" and "outcome" in frame:
            out[col] = text("column_term", language)
        elif col == "__ci":
            out[col] = text("ci_bracket", language, level=CI_LEVEL).strip("[]")
        elif col in _HEADER_KEYS:
            out[col] = text(_HEADER_KEYS[col], language, level=CI_LEVEL)
        else:
            out[col] = p.name(col)
    return out


@dataclass(frozen=True)
class _Sheet:
    """One table as laid out in the workbook: headers, cell values and number formats."""

    headers: list[str]
    rows: list[list[object]]
    formats: list[list[str | None]]
    wide: list[bool]          # text columns holding long texts (wrapped)


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _empty_notes(pub: pd.DataFrame, p: Presentation) -> list[str | None]:
    """Per row: why a row that was not suppressed has no number, where it rests on no answer
    ("Not asked: the question was not part of that wave"), else None."""
    if "n" not in pub or "estimate" not in pub:
        return [None] * len(pub)
    n = pd.to_numeric(pub["n"], errors="coerce")
    out: list[str | None] = [None] * len(pub)
    for i in np.flatnonzero(n.eq(0).fillna(False).to_numpy()):
        kind = p.empty_kind(pub.iloc[i:i + 1])
        out[i] = p.text(f"{kind}_note") if kind else None
    if "contrast" in pub:   # a change or difference without a number, not suppressed: a side has no answer
        flags = pub["suppressed"].fillna(False).astype(bool) if "suppressed" in pub else pd.Series(False, pub.index)
        empty = pub["estimate"].isna() & ~flags & n.gt(0).fillna(False) & pub["contrast"].notna()
        for col in ("df", "p_value"):   # a test of a whole table has no estimate but these
            if col in pub:
                empty &= pd.to_numeric(pub[col], errors="coerce").isna()
        if "outcome" not in pub:
            for i in np.flatnonzero(empty.to_numpy()):
                out[i] = p.text(f"{_unasked_side(pub.iloc[i], p) or 'empty_contrast'}_note")
    return out


def _unasked_side(row: pd.Series, p: Presentation) -> str | None:
    """"not_asked" when ``row`` compares waves of its question and one of them did not ask it
    (the note then says so, as the page and the figure do), else None."""
    if str(row.get("contrast_over")) != p.wave or "variable" not in row:
        return None
    sides = [row.get("contrast_from"), row.get("contrast_to")]
    return "not_asked" if any((str(row["variable"]), str(w)) in p.not_asked for w in sides) else None


def _columns(pub: pd.DataFrame, hidden: np.ndarray) -> list[str]:
    """The columns shown, in reading order: labels first, then the statistics; a column with
    nothing in it is left out, and so are columns that only repeat another (p_adjusted equal
    to p_value, a regression's contrast naming its outcome, the contrast's parts, which its
    label shows)."""
    if "estimate" not in pub:
        return [c for c in pub.columns if c != "suppressed"]
    extra = {"__ci": "conf_low" in pub and "conf_high" in pub, "__note": bool(hidden.any())}
    cols = [c for c in pub.columns if c not in _ORDER and c != "suppressed" and c not in CONTRAST_PARTS]
    for col in _ORDER:
        if col in extra:
            if extra[col]:
                cols.append(col)
        elif col in pub and (col in _KEEP or _filled(pub[col]).any()):
            cols.append(col)
    if "outcome" in pub and "contrast" in cols:  # in a regression it only repeats the outcome
        cols.remove("contrast")
    if "p_adjusted" in cols and "p_value" in pub:
        same = pub["p_adjusted"].astype("Float64").fillna(-1).eq(pub["p_value"].astype("Float64").fillna(-1))
        if same.all():
            cols.remove("p_adjusted")
    return cols


def _is_number(pub: pd.DataFrame, col: str) -> bool:
    if col in _FORMATS or col in _SHARE or col in ("p_value", "p_adjusted"):
        return True
    return (col in pub and not col.startswith("__") and pd.api.types.is_numeric_dtype(pub[col])
            and not pd.api.types.is_bool_dtype(pub[col]))


def _number_format(col: str, raw: object, share: bool, signed: bool, language: str) -> str:
    """The Excel number format of one number: by column, and for the estimate and its interval
    by row (a share in percent, a mean with decimals, a contrast with its sign)."""
    if col in ("p_value", "p_adjusted"):
        return _p_format(language)
    if col in _SHARE:
        code = (_SHARE if share else _VALUE)[col]
        return _signed(code) if signed and col in _BOUNDS else code
    return _FORMATS.get(col, "0" if isinstance(raw, int) else "#,##0.00")


def _shown(pub: pd.DataFrame, col: str, i: int, raw: object, p: Presentation) -> object:
    """How a label cell is shown: a question or term by its label, an answer by its item's
    scale, any other value by its column's labels."""
    if isinstance(raw, bool):
        return raw
    if col == "variable":
        return p.term(raw) if "outcome" in pub else p.name(raw)
    if col == "outcome":
        return p.name(raw)
    if col == "contrast":   # shown by its parts (the row's contrast_* columns)
        return p.contrast(pub.iloc[i])
    if col == "source" and raw in _SOURCES:   # a composition's rows, named as the weights figure names them
        return p.text(raw)
    if col == "level" and "variable" in pub:
        return p.value(pub.at[i, "variable"], raw)
    if col in p.wave_values and p.wave in pub and not pd.isna(pub.at[i, p.wave]):
        # a wave's row names a site as that wave named it, as the figures and the explorer do
        return p.value_in(col, raw, pub.at[i, p.wave])
    return p.value(col, raw)


def _layout(frame: pd.DataFrame, p: Presentation, percent: bool, note: str) -> _Sheet:
    """Lay out one table: labels in ``language``, a number format per numeric cell, the marker
    in every number of a suppressed row (whatever the frame still holds there)."""
    pub = frame.reset_index(drop=True)
    hidden = (pub["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in pub
              else np.zeros(len(pub), bool))
    shares = _share_rows(pub, percent)
    signed = (np.ones(len(pub), bool) if "outcome" in pub else
              _filled(pub["contrast"]).to_numpy() if "contrast" in pub else np.zeros(len(pub), bool))
    empty = _empty_notes(pub, p)
    cols = _columns(pub, hidden | np.array([e is not None for e in empty], bool))
    language = p.language
    headers = column_headers(pub.assign(**{c: None for c in cols if c.startswith("__")})[cols], p, percent=percent)

    def cell(col: str, i: int) -> tuple[object, str | None]:
        if col == "__note":
            return (note if hidden[i] else empty[i]), None
        if col == "__ci":
            shown = format_interval(pub.at[i, "conf_low"], pub.at[i, "conf_high"], language,
                                    1 if shares[i] else 2, percent=bool(shares[i]))
            return (MISSING if hidden[i] else None if shown == MISSING else shown), None
        if hidden[i] and _is_number(pub, col):
            return MISSING, None
        raw = _plain(pub.at[i, col])
        if raw is None:
            return None, None
        if not _is_number(pub, col):
            return _shown(pub, col, i, raw, p), None
        return raw, _number_format(col, raw, bool(shares[i]), bool(signed[i]), language)

    cells = [[cell(col, i) for col in cols] for i in range(len(pub))]
    rows = [[value for value, _ in row] for row in cells]
    wide = [any(isinstance(r[j], str) and len(r[j]) > 60 for r in rows) for j in range(len(cols))]
    return _Sheet([headers[c] for c in cols], rows, [[code for _, code in row] for row in cells], wide)


def _width(values: list[object], formats: list[str | None], header: str) -> float:
    """A column width (in characters) that shows the cells as formatted and the header's longest word."""
    longest = 0
    for value, code in zip(values, formats, strict=True):
        if isinstance(value, int | float) and not isinstance(value, bool) and code:
            decimals = len(code.split(";")[-1].partition(".")[2].rstrip("%"))
            shown = f"{value * 100 if code.endswith('%') else value:,.{decimals}f}" + ("%" if "%" in code else "")
            longest = max(longest, len(shown) + 1)
        elif value is not None:
            longest = max(longest, len(str(value)))
    word = max((len(w) for w in header.split()), default=0)
    return float(min(max(8, longest, word, min(len(header), 16)) + 2, 62))


def _as_text(ws) -> None:
    """Text cells a spreadsheet would run as formulas (= + - @ first: a site named "+47 Skole",
    "=HYPERLINK(…)") stored as text, never as formulas, and marked so (Excel's quote prefix, kept
    when the cell is edited), without the visible apostrophe the CSV files need: openpyxl stores a
    cell of data type 's' as a string whatever it starts with."""
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    if not texts:
        return
    guarded = neutralise_cells(pd.DataFrame({"v": [c.value for c in texts]}, dtype=object))["v"]
    for c, value in zip(texts, guarded, strict=True):
        if value != c.value or c.data_type == "f":
            c.data_type = "s"
            c.quotePrefix = True


def write_workbook(sheets: Mapping[str, pd.DataFrame], method: pd.DataFrame, target: Path, *,
                   presentation: Presentation | None = None, percent: Collection[str] = ()) -> Path:
    """Write tables.xlsx: a method sheet, then one sheet per table, formatted for reading.

    Each sheet (named by its table, as the CSV file) has a bold, wrapped, frozen header row in
    the presentation's language (:func:`column_headers`), a filter, and column widths fitted to
    the cells. Labels (sites, questions, answers, waves) are shown through ``presentation``
    (``study.presentation()``: the study's labels, language and ``min_cell``). The numbers stay numbers with number formats: shares (rows with an answer
    ``level``, or every row of a table named in ``percent``) in percent, means and differences
    with two decimals (signed for contrasts and coefficients), counts as whole numbers,
    p-values with three decimals. The interval also appears as text ("[72,8; 80,1]") beside
    its numeric bounds. Rows suppressed for resting on too few answers (fewer than
    the presentation's ``min_cell``, if given) show an en dash in every number and say why in a note column;
    text cells a spreadsheet would execute (= + - @) are stored as text (quote prefix, no visible apostrophe). Equal input gives
    byte-identical files.

    Example:
        >>> write_workbook({"means": frame}, method_rows, Path("reports/tables.xlsx"),   # doctest: +SKIP
        ...                presentation=Presentation("en", names={"help": "Easy to get help"}))
    """
    p = presentation or Presentation()
    language = p.language
    note = p.suppressed_text()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, frame, pct in [(text("method", language), method, False),
                             *((n, f, n in percent) for n, f in sheets.items())]:
        title = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31]
        k = 1
        while title.casefold() in used:
            k += 1
            title = f"{str(name)[:28]}_{k}"
        used.add(title.casefold())
        ws = wb.create_sheet(title)
        sheet = _layout(frame, p, pct, note)
        ws.append(sheet.headers)
        for row in sheet.rows:
            ws.append(row)
        _as_text(ws)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, codes in enumerate(sheet.formats, start=2):
            for c, code in enumerate(codes, start=1):
                if code:
                    ws.cell(r, c).number_format = code
        for j, header in enumerate(sheet.headers):
            column = [row[j] for row in sheet.rows]
            letter = get_column_letter(j + 1)
            ws.column_dimensions[letter].width = _width(column, [f[j] for f in sheet.formats], header)
            if sheet.wide[j]:
                for r in range(2, len(sheet.rows) + 2):
                    ws.cell(r, j + 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"
    fixed = pd.Timestamp("2020-01-01").to_pydatetime()
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "surveykit"
    with atomic_path(target) as tmp:
        wb.save(tmp)
        _normalise_zip(tmp)
    return target
