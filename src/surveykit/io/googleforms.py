"""Google Forms responses (Sheets CSV or XLSX download).

First column ``Timestamp`` (``Tidsmerke``, ``Tidsstempel``, ``Marca temporal``, ...), question
texts as headers, repeated headers made unique (``text``, ``text.1``), checkbox answers
joined with ``", "`` (options are inferred, see :mod:`surveykit.io.multi`), grid questions as
``Question [Row]`` columns.

Example:
    >>> raw = read_export("Responses.csv")  # doctest: +SKIP
    >>> raw.meta["multi"][question]["options"][:2]  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text, identifier_columns, split_groups
from surveykit.io.multi import infer_options, split_answers
from surveykit.io.raw import RawExport

__all__ = ["TIMESTAMP", "from_grid", "sniff"]

TIMESTAMP = {"Timestamp", "Tidsmerke", "Tidsstempel", "Tidstämpel", "Marca temporal",
             "Zeitstempel", "Horodateur", "Carimbo de data/hora", "Informazioni cronologiche"}
SYSTEM_COLUMNS = TIMESTAMP | {"Email Address", "E-postadresse", "E-postadress", "E-mailadresse",
                              "Username", "Brukernavn", "Score", "Poengsum", "Dirección de correo electrónico"}
_MULTI_HINT = re.compile(
    r"todas las|todo lo que|check all|select all|all that apply|flere svar|flere kryss|"
    r"alle som passer|velg alle|fleire svar|markera alla|flera svar|alle der passer|"
    r"flere muligheder|mehrere antworten|alle zutreffenden", re.IGNORECASE)
_GRID = re.compile(r"^(.*\S)\s*\[(.+)\]$")


def sniff(grid: Grid) -> bool:
    """A ``Timestamp``-like first header cell."""
    header = first_rows_text(grid.rows, 1)[0] if grid.rows else []
    return bool(header) and header[0] in TIMESTAMP


def _is_multi(col: str, values: pd.Series, separator: str) -> bool:
    if not pd.api.types.is_string_dtype(values):
        return False
    filled = values.dropna().astype(str)
    if filled.empty:
        return False
    joined = filled.str.contains(separator, regex=False)
    if not joined.any():
        return False
    options = infer_options(filled, separator)
    picks = split_answers(filled, separator, options).drop(columns="other").sum(axis=1)
    if (picks > 1).mean() < 0.05:  # options containing the separator, one pick each
        return False
    if _MULTI_HINT.search(col):
        return True
    tokens = filled.str.split(separator).explode().str.strip()
    counts = tokens.value_counts()
    repeated = counts[counts >= 2].sum() / counts.sum()
    return joined.mean() >= 0.2 and repeated >= 0.9 and len(counts) <= max(30, len(filled) // 5)


def _multi(frame: pd.DataFrame, system: Sequence[str], known: Mapping[str, Sequence[str]],
           separator: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in frame.columns:
        if col in system:
            continue
        if col in known:
            out[col] = {"separator": separator, "options": list(known[col])}
        elif _is_multi(col, frame[col], separator):
            out[col] = {"separator": separator,
                        "options": infer_options(frame[col], separator), "inferred": True}
    _unglue(out, separator)
    return out


def _unglue(multi: dict[str, Any], separator: str) -> None:
    """Split inferred options that are two or more options seen whole in other columns."""
    for col, spec in multi.items():
        if not spec.get("inferred"):
            continue
        elsewhere = {o for c, sp in multi.items() if c != col for o in sp["options"]}
        fixed: list[str] = []
        for opt in spec["options"]:
            parts = opt.split(separator)
            pieces = _segment(parts, elsewhere, separator) if len(parts) > 1 else None
            if opt not in elsewhere and pieces and len(pieces) > 1:
                fixed += [p for p in pieces if p not in fixed]
            elif opt not in fixed:
                fixed.append(opt)
        spec["options"] = fixed


def _segment(parts: list[str], known: set[str], separator: str) -> list[str] | None:
    """Cut ``parts`` into consecutive runs that are each a known option, or None."""
    if not parts:
        return []
    for end in range(len(parts), 0, -1):
        head = separator.join(parts[:end])
        if head in known and (rest := _segment(parts[end:], known, separator)) is not None:
            return [head, *rest]
    return None


def _matrix(columns: Sequence[str]) -> dict[str, Any]:
    groups = split_groups(columns, lambda c: m.group(1) if (m := _GRID.match(c)) else None)
    return {q: {"columns": cols, "rows": [_GRID.match(c).group(2) for c in cols]}
            for q, cols in groups.items() if len(cols) >= 2}


def from_grid(grid: Grid, *, options: Mapping[str, Sequence[str]] | None = None,
              separator: str = ", ") -> RawExport:
    """Build the RawExport of a Google Forms sheet.

    ``options`` maps a checkbox column to its exact option texts (from the form), which
    makes splitting exact; without it the options are inferred (``"inferred": True``).
    """
    raw = export_from_grid(grid, "googleforms", decimal=".")
    frame = raw.data
    system = [c for c in frame.columns if c in SYSTEM_COLUMNS]
    ids = identifier_columns(frame, system) + [
        c for c in identifier_columns(frame) if c not in system]
    duplicates = {c: t for c, t in raw.meta.get("header_names", {}).items() if c != t}
    questions = {c: t for c, t in raw.questions.items()}
    meta = {**raw.meta, "system_columns": system, "identifier_columns": ids,
            "multi": _multi(frame, system, options or {}, separator),
            "matrix": _matrix([c for c in frame.columns if c not in system]),
            "renamed_duplicates": duplicates}
    return RawExport(frame, raw.source, "googleforms", questions, {}, raw.sheet, meta)
