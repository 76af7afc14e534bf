"""Nettskjema (University of Oslo) exports: the current CSV/XLSX report and the old web export.

Current report: semicolon-separated, ``$``-prefixed system columns, ``checkbox.<option>``
0/1 columns, ``radio_matrix.<row>`` and ``checkbox_matrix.<n>.<option>`` matrices. A sibling
SPSS syntax file (same name, ``.sps``) is read for question texts and value labels.
Old web export (until ~2019): tab-separated, ``NR  E-post  Opprettet  Endret ... Svartid``,
checkbox columns ``<name>_<n>`` holding the option text ("Ja").

Example:
    >>> raw = read_export("data-123823-2025-08-19-2249.txt")  # doctest: +SKIP
    >>> raw.meta["multi"]["checkbox"]["columns"]  # doctest: +SKIP
    ['checkbox.questionnaires', 'checkbox.events', 'checkbox.logs']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text, identifier_columns, is_binary, split_groups
from surveykit.io.raw import RawExport

__all__ = ["from_grid", "parse_sps", "sniff"]

_OLD_SYSTEM = ("NR", "E-post", "Opprettet", "Endret", "Svartid", "Brukernavn", "IP-adresse")


def sniff(grid: Grid) -> bool:
    """A Nettskjema header: ``$submission_id``/``$created`` or ``NR ... Opprettet ... Svartid``."""
    for row in first_rows_text(grid.rows, 2):
        if {"$submission_id", "$created"} & set(row):
            return True
        if row[:1] == ["NR"] and "Opprettet" in row and ("Svartid" in row or "Endret" in row):
            return True
    return False


def parse_sps(text: str) -> tuple[dict[str, str], dict[str, dict[Any, str]]]:
    """Variable labels and value labels from Nettskjema's SPSS syntax file."""
    questions: dict[str, str] = {}
    labels: dict[str, dict[Any, str]] = {}
    for m in re.finditer(r"VARIABLE LABELS (\S+) '((?:[^']|'')*)'\.", text):
        questions[m.group(1)] = m.group(2).replace("''", "'")
    for m in re.finditer(r"VALUE LABELS (\S+)\n((?:\s+.*\n?)+?)(?=\n|\Z)", text):
        pairs = re.findall(r"^\s+'?(-?[\d.]+)'?\s+'((?:[^']|'')*)'", m.group(2), re.MULTILINE)
        labels[m.group(1)] = {_number(code): lab.replace("''", "'") for code, lab in pairs}
    return questions, labels


def _number(code: str) -> int | float:
    value = float(code)
    return int(value) if value.is_integer() else value


def _groups(frame: pd.DataFrame) -> tuple[dict[str, Any], dict[str, Any]]:
    """Multi-select groups (0/1 ``a.b``) and matrices (``a.row`` or ``a.n.option``)."""
    cols = [c for c in frame.columns if "." in c and not c.startswith("$")]
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    for key, members in split_groups(cols, lambda c: c.rsplit(".", 1)[0]).items():
        options = [m.rsplit(".", 1)[1] for m in members]
        if all(is_binary(frame[m]) for m in members):
            multi[key] = {"columns": members, "options": options}
        elif len(members) >= 2:
            matrix[key] = {"columns": members, "rows": options}
    for key, members in split_groups(list(multi), lambda k: k.rsplit(".", 1)[0] if "." in k
                                     else None).items():
        if len(members) >= 2:  # checkbox matrix: one multi-select group per row
            matrix[key] = {"columns": [c for m in members for c in multi[m]["columns"]],
                           "rows": [m.rsplit(".", 1)[1] for m in members], "multi": members}
    return multi, matrix


def _old_groups(frame: pd.DataFrame) -> dict[str, Any]:
    multi: dict[str, Any] = {}
    for col in frame.columns:
        m = re.fullmatch(r"(.+)_(\d+)", col)
        values = frame[col].dropna()
        if m and (values.empty or values.nunique() == 1) and not pd.api.types.is_numeric_dtype(values):
            multi.setdefault(m.group(1), {"columns": []})["columns"].append(col)
    return multi


def _old_codebook(path: Path) -> dict[str, str]:
    """Question texts from an old ``codebook-<id>-*.txt`` next to the data file."""
    m = re.match(r"data-(\d+)-", path.name)
    if not m:
        return {}
    found = sorted(path.parent.glob(f"codebook-{m.group(1)}-*.txt"))
    if not found:
        return {}
    out: dict[str, str] = {}
    checkbox, n = None, 0  # "<var>\tnull" is followed by the options of checkbox <var>
    for line in found[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] == "Etikett":
            continue
        if parts[1] == "null":
            checkbox, n = parts[0], 0
        elif checkbox is not None and parts[0] not in out:
            n += 1
            out[f"{checkbox}_{n}"] = parts[1]
        else:
            checkbox = None
            out.setdefault(parts[0].lstrip("* "), parts[1])
    return out


def from_grid(grid: Grid, *, sps: str | Path | None = None) -> RawExport:
    """Build the RawExport of a Nettskjema grid (see the module docstring)."""
    header = first_rows_text(grid.rows, 1)[0]
    path = Path(grid.source)
    if "$submission_id" in header or "$created" in header:
        raw = export_from_grid(grid, "nettskjema")
        frame = raw.data
        questions, value_labels = dict(raw.questions), {}
        sps_path = Path(sps) if sps else path.with_suffix(".sps")
        if sps_path.is_file():
            q, value_labels = parse_sps(sps_path.read_text(encoding="utf-8"))
            questions.update({k: v for k, v in q.items() if k in frame.columns})
            value_labels = {k: v for k, v in value_labels.items() if k in frame.columns}
        system = [c for c in frame.columns if c.startswith("$")]
        multi, matrix = _groups(frame)
        layout = "report"
    else:
        raw = export_from_grid(grid, "nettskjema")
        frame = raw.data
        questions = {**raw.questions, **{k: v for k, v in _old_codebook(path).items()
                                          if k in frame.columns}}
        value_labels = {}
        system = [c for c in frame.columns if c in _OLD_SYSTEM]
        multi, matrix = _old_groups(frame), {}
        layout = "web export (old)"
    meta = {
        **raw.meta,
        "layout": layout,
        "system_columns": system,
        "identifier_columns": identifier_columns(frame),
        "multi": multi,
        "matrix": matrix,
    }
    return RawExport(frame, raw.source, "nettskjema", questions, value_labels, raw.sheet, meta)
