"""SPSS .sav reader (pyreadstat): codes stay numbers, labels go to ``questions``/``value_labels``.

Row numbers are the SPSS case numbers (1, 2, ...): a .sav file has no header row.
User-missing values (e.g. 9 = "Vet ikke" declared missing in SPSS) are kept as the values
they are, and listed in ``meta["user_missing"]``, so cleaning can treat them on purpose.

Example:
    >>> raw = read_sav("data/raw/wave1.sav")  # doctest: +SKIP
    >>> raw.value_labels["q7"][9]  # doctest: +SKIP
    'Vet ikke'
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit import limits
from surveykit._processes import ChildCrashed, preload, run_isolated
from surveykit.errors import ReadError
from surveykit.io._grid import open_regular
from surveykit.io.raw import RawExport

__all__ = ["read_sav"]

preload("surveykit.io.sav", "pyreadstat")  # the child that reads a file has them at once


def _user_missing(meta: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for col, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        values = [r["lo"] for r in ranges if r["lo"] == r["hi"]]
        spans = [(r["lo"], r["hi"]) for r in ranges if r["lo"] != r["hi"]]
        out[col] = {"values": values, "ranges": spans}
    for col, values in (getattr(meta, "missing_user_values", None) or {}).items():
        out.setdefault(col, {"values": [], "ranges": []})["values"] += [
            v for v in values if v not in out[col]["values"]
        ]
    return out


def _read_bounded(path: str, bounds: limits.Limits) -> tuple[pd.DataFrame, Any]:
    """pyreadstat's read of the file, within ``bounds`` (its header says how big it is)."""
    import pyreadstat  # deferred: import cost

    name = Path(path).name

    def corrupt(exc: Exception) -> ReadError:
        return ReadError(f"{name}: the SPSS file is corrupt or truncated ({type(exc).__name__}: {exc}). "
                         "Save it again from SPSS (File > Save As > .sav).")

    with limits.using(bounds):
        try:
            _, head = pyreadstat.read_sav(path, metadataonly=True)
        except Exception as exc:  # pyreadstat.ReadstatError and friends
            raise corrupt(exc) from None
        limits.check("columns", head.number_columns or 0, name, "the file", unit="variables")
        rows = head.number_rows if head.number_rows is not None and head.number_rows >= 0 else 0
        limits.check("cells", rows * (head.number_columns or 0), name, "the file", unit="cells")
        try:
            return pyreadstat.read_sav(path, user_missing=True)
        except Exception as exc:
            raise corrupt(exc) from None


def _temporal(df: pd.DataFrame, col: str) -> bool:
    """SPSS DATE (EDATE, ADATE, SDATE ...) and TIME variables, which pyreadstat gives as Python
    ``date`` and ``time`` objects: dates become datetime64 (microseconds: SPSS dates reach back
    to 1582, before the nanosecond range), times their "HH:MM:SS" text. True when converted."""
    given = df[col].dropna()
    if given.empty:
        return False
    if all(isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) for v in given):
        df[col] = df[col].astype("datetime64[us]")
        return True
    if all(isinstance(v, datetime.time) for v in given):
        df[col] = df[col].map(lambda v: v.isoformat(), na_action="ignore").astype("string")
        return True
    return False


def _mr_sets(df: pd.DataFrame, meta: Any) -> tuple[dict[str, dict], list[str]]:
    """SPSS multiple-response sets (Define Multiple Response Sets). A dichotomy set whose
    variables hold only its counted value or 0 (or nothing) is a multi-select question with one
    column per option, as the other readers give one; any other set (a category set, a counted
    value beside other codes such as 1 = yes / 2 = no, which would read 2 as chosen) gets a note
    and its variables stay as they are."""
    multi: dict[str, dict] = {}
    notes: list[str] = []
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    for name, spec in (getattr(meta, "mr_sets", None) or {}).items():
        cols = [c for c in spec.get("variable_list", []) if c in df.columns]
        title = spec.get("label") or name
        counted = spec.get("counted_value")
        if spec.get("type") == "D" and cols and counted is not None:
            try:
                counted = float(counted)
            except (TypeError, ValueError):
                counted = None
        if spec.get("type") == "D" and cols and isinstance(counted, float):
            values = pd.concat([pd.to_numeric(df[c], errors="coerce") for c in cols]).dropna()
            extra = sorted(set(values.unique()) - {0.0, counted})
            if not extra and all(pd.api.types.is_numeric_dtype(df[c]) for c in cols):
                if counted != 1.0:  # chosen = non-empty and not 0: the counted value as 1
                    for c in cols:
                        df[c] = df[c].where(df[c].isna() | (df[c] == 0), 1.0)
                multi[name] = {"question": title, "columns": cols,
                               "options": [labels.get(c) or c for c in cols]}
                continue
            others = "[" + ", ".join(f"{v:g}" for v in extra[:5]) + "]"
            notes.append(f"multiple-response set {name!r} ({title}) counts the value {counted:g} of "
                         f"{cols}, whose other values are {others}: map it as a multi-select whose columns "
                         "count that value only (recode the others to 0), or leave the variables as they are")
        else:
            notes.append(f"multiple-response set {name!r} ({title}) is a category set of {cols} (each holds one "
                         "chosen answer): its variables are drafted one by one; combine them if needed")
    return multi, notes


def read_sav(path: str | Path) -> RawExport:
    """Read an SPSS .sav file with variable and value labels and user-missing codes.

    pyreadstat reads it in a child process (:func:`surveykit._processes.run_isolated`): a
    corrupt file that crashes its C code is a ReadError here, not the end of the build.
    """
    path = Path(path)
    with os.fdopen(open_regular(path), "rb") as fh:
        limits.check("file_bytes", os.fstat(fh.fileno()).st_size, str(path), "the file")
        head = fh.read(4)
    if not head.startswith((b"$FL2", b"$FL3")):
        raise ReadError(
            f"{path.name}: is not an SPSS .sav file (it starts with {head!r}, not '$FL2'). "
            "If it is a .por or .zsav file or another format, export it again as .sav."
        )
    try:
        # in a child process: the C reader can crash on a corrupt file, which must not end the build
        df, meta = run_isolated(_read_bounded, str(path), limits.current(), what="reading an SPSS file")
    except ChildCrashed as exc:
        if exc.exitcode is not None and exc.exitcode > 0:  # not killed by a signal: the process failed, not the file
            raise ReadError(
                f"{path.name}: the process that reads SPSS files ended before reading it (exit code {exc.exitcode}; "
                "out of memory, or the Python that started it could not be started again). Run again; if it "
                "persists, export the data as CSV."
            ) from None
        raise ReadError(
            f"{path.name}: the SPSS file is corrupt: the SPSS reader crashed on it (exit code {exc.exitcode}). "
            "Save it again from SPSS (File > Save As > .sav), or export the data as CSV."
        ) from None
    for col in df.columns[df.dtypes == "object"].tolist() + df.select_dtypes("str").columns.tolist():
        if _temporal(df, col):
            continue
        blank = df[col].map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
        df[col] = df[col].mask(blank)  # SPSS stores empty (space-padded) strings; missing here
        longest = df[col].map(len, na_action="ignore").max() if len(df) else 0
        if pd.notna(longest) and longest > limits.current().cell_chars:
            limits.check("cell_chars", int(longest), f"{path.name}, variable {col!r}", "a value", unit="characters")
    df.index = pd.Index(range(1, len(df) + 1), name="row", dtype="int64")
    empty = df.isna().all(axis=1) if len(df.columns) else pd.Series(False, index=df.index)
    skipped = df.index[empty].tolist()   # a case without any value is an empty row, as in a CSV: no respondent
    df = df[~empty]
    questions = {c: lab for c, lab in zip(meta.column_names, meta.column_labels, strict=True)
                 if lab}
    value_labels = {c: dict(v) for c, v in meta.variable_value_labels.items()}
    multi, mr_notes = _mr_sets(df, meta)
    info = {
        "multi": multi,
        "mr_notes": mr_notes,
        "encoding": meta.file_encoding,
        "row_numbers": "SPSS case number",
        "file_label": meta.file_label,
        "measure": dict(meta.variable_measure),
        "user_missing": _user_missing(meta),
        "skipped_empty_rows": skipped,
    }
    return RawExport(df, path, "sav", questions, value_labels, None, info)
