"""Find each harmonised variable's source column(s) in a wave's export.

Example:
    >>> from surveykit.config.codebook import Source
    >>> import pandas as pd
    >>> resolve_column(pd.Index(["q1", "Alder"]), {}, Source(column="Alder"))
    'Alder'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from surveykit.clean.coding import one_of
from surveykit.config.codebook import Codebook, Source, Variable

__all__ = ["extract_sources", "resolve_column"]


class _Missing(LookupError):
    def __init__(self, message: str, check: str = "missing_column"):
        super().__init__(message)
        self.check = check


def resolve_column(columns: pd.Index, questions: Mapping[str, str], source: Source) -> str:
    """The one export column a single-column source names (exact name, else pattern on name or text)."""
    if source.column is not None:
        if source.column in columns:
            twins = [c for c in columns if str(c).startswith(f"{source.column}.")
                     and str(c)[len(source.column) + 1:].isdigit() and questions.get(c) == source.column]
            if source.occurrence is not None:
                same = sorted([source.column, *twins], key=list(columns).index)
                if source.occurrence > len(same):
                    raise _Missing(f"`occurrence: {source.occurrence}` but the header has {len(same)} column(s) "
                                   f"named {source.column!r}")
                return same[source.occurrence - 1]
            if twins:
                raise _Missing(
                    f"the header has {len(twins) + 1} columns named {source.column!r} (read as "
                    f"{[source.column, *twins]}), so which one is meant is unclear; rename them in the "
                    f"export, or say which one is meant (`occurrence: 1` for the first, 2 for the second)",
                    check="duplicate_column")
            return source.column
        raise _Missing(f"no column named {source.column!r}")
    regex = re.compile(source.pattern or "")
    hits = [c for c in columns if regex.search(str(c)) or regex.search(str(questions.get(c, "")))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise _Missing(f"no column name or question text matches the pattern {source.pattern!r}")
    raise _Missing(f"the pattern {source.pattern!r} matches several columns: {hits[:5]}; make it more specific")


def _close_matches(name: str, columns: pd.Index) -> str:
    import difflib

    close = difflib.get_close_matches(str(name), [str(c) for c in columns], n=3, cutoff=0.6)
    return f" Similar columns in the file: {close}." if close else ""


def extract_sources(
    data: pd.DataFrame, questions: Mapping[str, str], codebook: Codebook, wave_id: str
) -> tuple[dict[str, pd.Series | pd.DataFrame], list[dict], list[str]]:
    """Pull each variable's raw values out of the export.

    Returns ``(values, failures, used_columns)``: ``values`` maps a variable name to its raw
    Series (or, for a multi variable given one column per option, a DataFrame with the option
    keys as columns); variables without a source in this wave are absent. ``failures`` lists
    missing columns (check ``missing_column``) with what was looked for and the fix.
    """
    values: dict[str, pd.Series | pd.DataFrame] = {}
    failures: list[dict] = []
    used: list[str] = []
    for var in codebook.variables:
        source = var.sources.get(wave_id)
        if source is None:
            continue
        try:
            values[var.name] = _extract(data, questions, var, source, used)
            if source.columns is not None and var.type != "multi":
                values[var.name] = _one_answer(values[var.name], var, source, wave_id, codebook, failures)
        except _Missing as exc:
            wanted = source.column or source.pattern or "?"
            failures.append(
                {
                    "row": 0,
                    "column": str(wanted),
                    "check": exc.check,
                    "value": str(exc),
                    "expected": f"the source of variable {var.name!r} for wave {wave_id} "
                    f"(fix `variables.{var.name}.sources.{wave_id}` in {codebook.file})"
                    + _close_matches(wanted, data.columns),
                }
            )
    return values, failures, used


def _one_answer(frame: pd.DataFrame, var: Variable, source: Source, wave_id: str, codebook: Codebook,
                failures: list[dict]) -> pd.Series:
    """A single choice from one column per option: each row's answer is the option whose column
    it filled; a row that filled several is a failure naming them (and counts as missing)."""
    answers, filled = one_of(frame)
    keys = list(source.columns)
    for r in np.flatnonzero(filled.sum(axis=1) > 1):
        chosen = [keys[j] for j in np.flatnonzero(filled[r])]
        failures.append({
            "row": int(frame.index[r]),
            "column": ", ".join(source.columns[k] for k in chosen),
            "check": "several_answers",
            "value": " + ".join(chosen),
            "expected": f"one answer to {var.name!r} (a {var.type} question read from one column per option): "
                        "correct the row in the export, or, if the question allowed several answers, make "
                        f"the variable `multi` with `options` (fix `variables.{var.name}` in {codebook.file})",
        })
    return answers


def _extract(
    data: pd.DataFrame, questions: Mapping[str, str], var: Variable, source: Source, used: list[str]
) -> pd.Series | pd.DataFrame:
    if source.columns is not None:
        missing = [col for col in source.columns.values() if col not in data.columns]
        if missing:
            raise _Missing(f"no column(s) named {missing}")
        used.extend(source.columns.values())
        frame = data[list(source.columns.values())]
        frame.columns = list(source.columns)
        return frame
    column = resolve_column(data.columns, questions, source)
    used.append(column)
    return data[column]
