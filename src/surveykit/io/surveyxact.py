"""SurveyXact (Ramboll) exports: the Dataset / Labels / Structure trio.

As one .xlsx with sheets ``Dataset``, ``Labels``, ``Structure``, or as three CSV files
(``dataset.csv``, ``labels.csv``, ``structure.csv`` — semicolon cp1252 or tab UTF-16) in
one folder; give the folder or the dataset file. Value labels are joined from Labels,
question texts from Structure; ``Multiple`` questions are 0/1 columns (multi-select);
runs of single-choice variables whose texts read ``<question> - <row>`` are matrices.

Example:
    >>> raw = read_export("ex_survey2.xlsx")  # doctest: +SKIP
    >>> raw.value_labels["s_6"][6]  # doctest: +SKIP
    'Vet ikke'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.errors import ReadError
from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid, load_xlsx_grid, workbook_sheets
from surveykit.io._vendor import common_stem, identifier_columns, question_text
from surveykit.io.delimited import load_csv_grid
from surveykit.io.raw import RawExport

__all__ = ["SHEETS", "from_files", "trio_files"]

SHEETS = ("Dataset", "Labels", "Structure")
_STATUS_QUESTION = "statoverall"


def trio_files(path: Path) -> dict[str, Path] | None:
    """The dataset/labels/structure CSV files for ``path`` (a folder or one of them)."""
    folder = path if path.is_dir() else path.parent
    if path.is_file() and not path.stem.lower().startswith(("dataset", "labels", "structure")):
        return None
    found = {}
    for part in ("dataset", "labels", "structure"):
        hits = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".txt")
                      and p.stem.lower().startswith(part))
        if not hits:
            return None
        found[part] = hits[0]
    return found


def is_workbook(path: Path) -> bool:
    return set(SHEETS) <= set(workbook_sheets(path))


def _labels(grid: Grid) -> dict[str, dict[Any, str]]:
    out: dict[str, dict[Any, str]] = {}
    for row in grid.rows:
        if len(row) < 3 or row[0] in (None, "", "variable"):
            continue
        code = row[1]
        try:
            code = float(code)
            code = int(code) if code.is_integer() else code
        except (TypeError, ValueError):
            pass
        out.setdefault(str(row[0]).strip(), {})[code] = "" if row[2] is None else str(row[2]).strip()
    return out


def _structure(grid: Grid) -> pd.DataFrame:
    raw = export_from_grid(grid, "csv", convert=False)
    frame = raw.data
    need = {"questionName", "variableName", "questionType", "subType", "questionText"}
    if not need <= set(frame.columns):
        raise ReadError(
            f"{grid.name}: the Structure part lacks columns {sorted(need - set(frame.columns))}; "
            "export the SurveyXact dataset again with 'Structure' included."
        )
    return frame


def _groups(structure: pd.DataFrame, columns: list[str]) -> tuple[dict, dict, dict]:
    questions: dict[str, str] = {}
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    singles: list[tuple[str, str]] = []
    for rec in structure.itertuples(index=False):
        var, text = str(rec.variableName), question_text(rec.questionText)
        choice = question_text(getattr(rec, "choiceText", "") or "")
        if var not in columns:
            continue
        if rec.subType == "Multiple":
            questions[var] = f"{text} - {choice}" if choice else text
            spec = multi.setdefault(str(rec.questionName), {"columns": [], "options": [],
                                                            "question": text})
            spec["columns"].append(var)
            spec["options"].append(choice)
        else:
            questions[var] = text
            if rec.subType == "Single" and " - " in text:
                singles.append((var, text))
    runs: dict[str, list[tuple[str, str]]] = {}
    for var, text in singles:
        runs.setdefault(text.rsplit(" - ", 1)[0], []).append((var, text))
    for stem, members in runs.items():
        if len(members) < 2:
            continue
        names = [v for v, _ in members]
        key = common_stem(names).rstrip("_") or names[0]
        matrix[key] = {"columns": names, "rows": [t.rsplit(" - ", 1)[1] for _, t in members],
                       "question": stem}
    return questions, multi, matrix


def from_files(path: Path) -> RawExport:
    """Read a SurveyXact trio (workbook, folder, or dataset file with its two siblings)."""
    if path.suffix.lower() == ".xlsx":
        data_grid = load_xlsx_grid(path, sheet="Dataset")
        labels_grid = load_xlsx_grid(path, sheet="Labels")
        structure_grid = load_xlsx_grid(path, sheet="Structure")
        files = {"dataset": path, "labels": path, "structure": path}
    else:
        files = trio_files(path)
        if files is None:
            raise ReadError(
                f"{path}: no SurveyXact trio found (dataset*.csv, labels*.csv and "
                "structure*.csv in one folder). Export all three, or read the file alone "
                "with format='csv'."
            )
        data_grid = load_csv_grid(files["dataset"])
        labels_grid = load_csv_grid(files["labels"])
        structure_grid = load_csv_grid(files["structure"])
    raw = export_from_grid(data_grid, "surveyxact")
    frame = raw.data
    labels = {k: v for k, v in _labels(labels_grid).items() if k in frame.columns}
    questions, multi, matrix = _groups(_structure(structure_grid), list(frame.columns))
    status = multi.pop(_STATUS_QUESTION, None)
    system = status["columns"] if status else []
    ids = identifier_columns(frame, [c for c in frame.columns if c not in labels])
    meta = {**raw.meta, "files": {k: str(v) for k, v in files.items()},
            "system_columns": system + [c for c in ids if c not in system],
            "identifier_columns": ids, "multi": multi, "matrix": matrix, "status": status or {}}
    return RawExport(frame, path, "surveyxact", questions, labels, raw.sheet, meta)
