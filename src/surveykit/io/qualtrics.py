"""Qualtrics CSV exports in their three header layouts.

* 2017+ ("new"): row 1 export tags (``Q1``), row 2 question texts, row 3 ``{"ImportId":"QID1"}``.
* 2016 "Insights": the same three rows, row 3 in Python-dict style ``{'ImportId': 'QID2-1'}``.
* legacy: row 1 ``V1..V10`` + tags, row 2 texts (``ResponseID``...); ``V1..V10`` are renamed
  to those texts so system columns have the same names in every layout.

Multi-select (``Q2_1``.. holding 1 or empty) and matrix (``Q3_1``.. holding codes;
``Q5_1_1``.. for multi-answer matrices) groups are described in ``meta``. Negative recodes
(-1, -2: "No basis for evaluation", "Never tried it") stay numbers; a survey definition
(``qsf=``, or a ``.qsf`` next to the export whose name starts the export's name) supplies
the choice texts as ``value_labels``.

Example:
    >>> raw = read_export("sample.csv")  # doctest: +SKIP
    >>> raw.meta["layout"], raw.questions["Q1"]  # doctest: +SKIP
    ('2017', 'This is a multiple choice question.')
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import (
    common_stem,
    first_rows_text,
    identifier_columns,
    question_text,
    split_groups,
)
from surveykit.io.raw import RawExport

__all__ = ["SYSTEM_COLUMNS", "from_grid", "qsf_choices", "qsf_labels", "sniff"]

SYSTEM_COLUMNS = {
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "ResponseID", "ResponseSet", "Name",
    "RecipientLastName", "RecipientFirstName", "RecipientEmail", "EmailAddress",
    "ExternalReference", "ExternalDataReference", "LocationLatitude", "LocationLongitude",
    "LocationAccuracy", "DistributionChannel", "UserLanguage",
}
# recruitment panels' ids passed in as embedded data: a person's id on Prolific / MTurk
PANEL_IDS = {"PROLIFIC_PID", "prolific_pid", "workerId", "WorkerId", "mturk_id", "worker_id"}
PANEL_SYSTEM = {"STUDY_ID", "SESSION_ID", "study_id", "session_id", "assignmentId", "AssignmentId", "hitId",
                "HITId"}
IDENTIFIERS = {"IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
               "EmailAddress", "Name", "ExternalReference", "ExternalDataReference",
               "LocationLatitude", "LocationLongitude", *PANEL_IDS}
# Qualtrics' own fraud, bot and quality fields (Q_RecaptchaScore 0-1 ...): no questions
_Q_FIELDS = re.compile(r"^Q_(?:RecaptchaScore|BallotBoxStuffing|PopulateResponse|RelevantID\w*|TotalDuration|URL|CHL|"
                       r"Language|DataPolicyViolations|Straightlining\w*|Unanswered\w*|AmbiguousText\w*|"
                       r"DuplicateRespondent|EmailSource)$")
_IMPORT = re.compile(r"^\{.*['\"]ImportId['\"]\s*:")


def sniff(grid: Grid) -> bool:
    """Three header rows with ImportIds, or the legacy ``V1 V2 ...`` + ``ResponseID`` pair."""
    rows = first_rows_text(grid.rows, 3)
    if len(rows) >= 3 and any(_IMPORT.match(c) for c in rows[2]):
        return True
    return (len(rows) >= 2 and rows[0][:3] == ["V1", "V2", "V3"]
            and "ResponseID" in rows[1])


def _import_cell(cell: str) -> dict:
    """The ImportId row's cell as a dict (``{"ImportId": "QID163", "choiceId": "1"}``), else {}."""
    try:
        value = json.loads(cell)
    except ValueError:
        try:
            value = ast.literal_eval(cell)
        except (ValueError, SyntaxError):
            return {}
    return value if isinstance(value, dict) else {}


def _choice_marks(values: pd.Series) -> bool:
    """A column of one choice of a multi-answer question: it holds 1 (numeric export) or one
    and the same text, its choice's (choice-text export), or nothing."""
    given = values.dropna().astype(str).str.strip()
    given = given[given != ""]
    return given.isin(["1", "1.0"]).all() or given.nunique() <= 1


def _choice_text(values: pd.Series) -> str | None:
    """The choice text a choice-text export writes in the column of a chosen option (None: 1 or nothing)."""
    given = values.dropna().astype(str).str.strip()
    given = given[~given.isin(["", "1", "1.0"])]
    return str(given.iloc[0]) if len(given) else None


def _group_key(name: str, import_id: str | None, choice: str | None = None) -> tuple[str, int] | None:
    """(question key, depth) of a sub-column: QID2-1 / Q2_1 -> depth 1; QID5-1-1 -> 2; a
    column whose ImportId names a choice (``{"ImportId":"QID163","choiceId":"1"}``) -> its
    ImportId, depth 1."""
    if name.endswith("_TEXT") or " - " in name:
        return None
    if import_id and choice is not None:
        return import_id, 1
    if import_id and (m := re.fullmatch(r"(QID\d+)((?:[-_]-?\d+)+)", import_id)):
        return m.group(1), m.group(2).count("-") - m.group(2).count("--") + m.group(2).count("_")
    m = re.fullmatch(r"(.+?)((?:_-?\d+){1,2})", name)
    return (m.group(1), m.group(2).count("_")) if m else None


def _groups(frame: pd.DataFrame, ids: dict[str, str | None], texts: dict[str, str],
            system: list[str], choices: dict[str, str] | None = None
            ) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Multi-select and matrix groups. A group whose ImportIds name choices (2017+ layout:
    ``{"ImportId":"QID163","choiceId":"1"}``, columns ``Q2.4_1``...) is one multi-answer
    question: each column holds its choice's text (or 1) when chosen, never a scale's answer. Also
    returns REVIEW notes on groups the layout leaves in doubt."""
    choices = choices or {}
    keyed = {c: _group_key(c, ids.get(c), choices.get(c)) for c in frame.columns if c not in system}
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    notes: list[str] = []
    for key, cols in split_groups(list(keyed), lambda c: keyed[c] and keyed[c][0]).items():
        if len(cols) < 2:
            continue
        name = re.sub(r"(_-?\d+){1,2}$", "", cols[0])
        stem = common_stem([texts.get(c, "") for c in cols])
        stem = stem[: stem.rfind("-") + 1] if "-" in stem else stem
        labels = [texts.get(c, c)[len(stem):] for c in cols]
        ones = all(frame[c].dropna().astype(str).isin(["1", "1.0"]).all() for c in cols)
        chosen = all(c in choices for c in cols) and all(_choice_marks(frame[c]) for c in cols)
        # "Which do you use? - Selected Choice - Books": the question without the words Qualtrics adds
        asked = re.sub(r"\s+-\s+Selected Choice$", "", stem.rstrip("-").strip())
        spec = {"columns": cols, "question": asked, "import_id": key}
        if chosen:  # one question per ImportId (a multi-answer matrix: one per row, Q5_1 of Q5_1_1...)
            options = [_choice_text(frame[c]) or label.strip(" -") or c for label, c in zip(labels, cols, strict=True)]
            multi[re.sub(r"_-?\d+$", "", cols[0])] = {**spec, "options": options,
                                                       "choice_ids": [choices[c] for c in cols]}
        elif all(c in choices for c in cols):  # choices, yet a column holds several answers: never guessed
            notes.append(f"columns {cols} are the choices of one multi-answer question ({key}: their ImportIds name "
                         "a choiceId), but some hold more than one answer each, not just their choice's text or 1: "
                         "drafted as a grid; check them against the survey (.qsf)")
            matrix[name] = {**spec, "rows": labels}
        elif keyed[cols[0]][1] == 2:
            matrix[name] = {**spec, "rows": labels, "multi": True}
        elif ones:
            multi[name] = {**spec, "options": labels}
        else:
            matrix[name] = {**spec, "rows": labels}
    return multi, matrix, notes


def qsf_choices(path: Path, columns: list[str]) -> dict[str, list[str]]:
    """Option texts (in the form's order) of the multi-answer questions exported in one column
    (choice-text exports join the chosen options with commas), from a survey definition (.qsf)."""
    survey = json.loads(path.read_text(encoding="utf-8-sig"))
    out: dict[str, list[str]] = {}
    for el in survey.get("SurveyElements", []):
        payload = el.get("Payload") if el.get("Element") == "SQ" else None
        if not isinstance(payload, dict) or payload.get("Selector") not in ("MAVR", "MAHR", "MACOL", "MSB"):
            continue
        tag, choices = payload.get("DataExportTag"), payload.get("Choices")
        if tag in columns and isinstance(choices, dict):
            order = [str(k) for k in payload.get("ChoiceOrder") or choices]
            out[tag] = [question_text(choices[k].get("Display", "")) for k in order
                        if isinstance(choices.get(k), dict)]
    return out


def qsf_labels(path: Path, columns: list[str], ids: dict[str, str | None]) -> dict[str, dict]:
    """Value labels for the export's columns from a Qualtrics survey definition (.qsf)."""
    survey = json.loads(path.read_text(encoding="utf-8-sig"))
    by_qid: dict[str, dict] = {}
    for el in survey.get("SurveyElements", []):
        if el.get("Element") == "SQ" and isinstance(el.get("Payload"), dict):
            by_qid[el["Payload"]["QuestionID"]] = el["Payload"]
    out: dict[str, dict] = {}
    for col in columns:
        qid = (m.group(0) if (m := re.match(r"QID\d+", ids.get(col) or "")) else None)
        payload = by_qid.get(qid) if qid else next(
            (p for p in by_qid.values() if p.get("DataExportTag") and re.fullmatch(
                re.escape(p["DataExportTag"]) + r"(_-?\d+){0,2}", col)), None)
        if not payload:
            continue
        recode = payload.get("RecodeValues") or {}
        texts = payload.get("Answers") if payload.get("QuestionType") == "Matrix" else (
            payload.get("Choices"))
        if not isinstance(texts, dict):
            continue
        if payload.get("Selector") in ("MAVR", "MAHR", "MACOL", "MSB") or payload.get("SubSelector") == "MultipleAnswer":
            continue  # 1/empty indicators: the option is in the column's question text
        out[col] = {_code(recode.get(k, k)): _plain(v.get("Display", ""))
                    for k, v in texts.items() if isinstance(v, dict)}
    return out


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")  # "<em>", "<span style=...>", "</p>"; not "< 18"


def _plain(text: Any) -> str:
    """A choice text of the survey definition as the respondent read it: HTML tags removed.

    >>> _plain('<span style="font-size:22px;">Neither</span> like nor <em>dislike</em>'), _plain("< 18 or >65")
    ('Neither like nor dislike', '< 18 or >65')
    """
    return question_text(_TAG.sub(" ", str(text or "")))


def _code(value: Any) -> int | float | str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return value
    return int(f) if f.is_integer() else f


def from_grid(grid: Grid, *, qsf: str | Path | None = None) -> RawExport:
    """Build the RawExport of a Qualtrics export (layout detected from the header rows)."""
    rows = first_rows_text(grid.rows, 3)
    legacy = rows[0][:3] == ["V1", "V2", "V3"]
    names = [rows[1][i] if legacy and re.fullmatch(r"V\d+", n) and rows[1][i] else n
             for i, n in enumerate(rows[0])]
    n_header = 2 if legacy else 3
    raw = export_from_grid(grid, "qualtrics", header=0, names=names, first_data=n_header)
    frame = raw.data
    cols = list(frame.columns)
    position = {c: i for i, c in enumerate(make_names(names))}
    texts = {c: question_text(rows[1][position[c]]) for c in cols if position.get(c) is not None
             and position[c] < len(rows[1])}
    cells = {c: (_import_cell(rows[2][position[c]]) if not legacy and position[c] < len(rows[2])
                 else {}) for c in cols}
    ids = {c: cells[c].get("ImportId") for c in cols}
    choices = {c: str(cells[c]["choiceId"]) for c in cols if cells[c].get("choiceId") is not None}
    system = [c for c in cols if c in SYSTEM_COLUMNS | PANEL_IDS | PANEL_SYSTEM or _Q_FIELDS.match(c)]
    multi, matrix, notes = _groups(frame, ids, texts, system, choices)
    layout = "legacy" if legacy else ("2017" if rows[2] and rows[2][0].startswith('{"') else
                                      "2016 insights")
    qsf_path = Path(qsf) if qsf else _sibling_qsf(Path(grid.source), [c for c in cols if c not in system])
    value_labels = qsf_labels(qsf_path, cols, ids) if qsf_path else {}
    negative = [c for c in cols if c not in system and pd.api.types.is_numeric_dtype(frame[c])
                and (frame[c] < 0).any()]
    meta = {**raw.meta, "layout": layout, "header_rows": grid.shown_rows()[:n_header].tolist(),
            "import_ids": {c: v for c, v in ids.items() if v}, "system_columns": system,
            "identifier_columns": [c for c in system if c in IDENTIFIERS]
            + [c for c in identifier_columns(frame) if c not in system],
            "multi": multi, "matrix": matrix, "negative_code_columns": negative, "review_notes": notes,
            "renamed": {o: n for o, n in zip(rows[0], names, strict=False) if o != n},
            "qsf": str(qsf_path) if qsf_path else None,
            "choices": qsf_choices(qsf_path, cols) if qsf_path else {}}
    return RawExport(frame, raw.source, "qualtrics", texts, value_labels, raw.sheet, meta)


def make_names(names: list[str]) -> list[str]:
    from surveykit.io._frame import make_unique

    return make_unique(names)


def _sibling_qsf(path: Path, columns: list[str] | None = None) -> Path | None:
    """The survey definition next to the export: a .qsf whose name starts the export's name (spaces,
    underscores and punctuation aside: Qualtrics adds the date to the export's name), else
    the one .qsf of the folder whose questions are the export's (its export tags name at least
    half of the export's question columns)."""
    def fold(text: str) -> str:
        return re.sub(r"[\W_]+", "", text.casefold())

    stem = fold(path.stem)
    found = sorted(path.parent.glob("*.qsf"))
    for q in found:
        if stem.startswith(fold(q.stem)):
            return q
    if len(found) != 1 or not columns:
        return None
    try:
        survey = json.loads(found[0].read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    tags = {el["Payload"].get("DataExportTag") for el in survey.get("SurveyElements", [])
            if el.get("Element") == "SQ" and isinstance(el.get("Payload"), dict)}
    bases = {re.sub(r"(_-?\d+){1,2}$|_TEXT$", "", c) for c in columns}
    return found[0] if len(bases & tags) >= max(1, len(bases) // 2) else None
