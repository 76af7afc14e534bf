"""LimeSurvey response exports (CSV), with question-code or full-text headings.

Code headings: ``id, submitdate, lastpage, startlanguage, ...`` and sub-questions as
``Q1[SQ001]``; "code. text" headings (``id. Response ID;submitdate. Date submitted;...``,
``Q1[SQ001]. Question [Option]``): the code names the column, the text is its question;
full-text headings (also the "R (data file)" export): ``Response ID, Date
submitted, Last page, Start language, ...`` and sub-questions as ``Question [Option]``.
Headings may hold line breaks and HTML entities (resolved in ``questions``; column names
keep the text with runs of whitespace collapsed). Multi-choice columns hold ``Y``/``1``/
``0``/empty; other bracketed groups are matrices (arrays): also a group holding ``N`` (an
array of Yes/No rows; for a multi-choice that writes ``N`` unchecked the shares are the same).
Yes/No answers (``Y``/``N``, arrays also ``U``) get their labels as value labels.

Example:
    >>> raw = read_export("results.csv")  # doctest: +SKIP
    >>> raw.meta["heading"]  # doctest: +SKIP
    'code'
"""

from __future__ import annotations

import re
from typing import Any

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import (
    first_rows_text,
    identifier_columns,
    is_binary,
    question_text,
    split_groups,
)
from surveykit.io.raw import RawExport

__all__ = ["from_grid", "sniff"]

CODE_SYSTEM = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
               "datestamp", "ipaddr", "refurl", "token", "interviewtime"}
TEXT_SYSTEM = {"Response ID", "Date submitted", "Last page", "Start language", "Seed",
               "Date started", "Date last action", "IP address", "Referrer URL", "Token",
               "Total time", "First name", "Last name", "Email address"}
IDENTIFIERS = {"ipaddr", "IP address", "token", "Token", "First name", "Last name",
               "Email address", "firstname", "lastname", "email", "refurl", "Referrer URL"}
_TIMING = re.compile(r"^(Group time|Question time|groupTime\d*|interviewtime|\w+Time)\b")
_SUB = re.compile(r"^(.*?)\s?\[([^\[\]]*)\]$")
_OTHER = {"other", "comment", "Other", "Comment"}
_CODE_TEXT = re.compile(r"^([A-Za-z_][\w#]*(?:\[[^\[\]]*\])*)\.\s(.*)$", re.DOTALL)  # "submitdate. Date submitted"
_YES_NO = {"en": ("Yes", "No", "Uncertain"), "nb": ("Ja", "Nei", "Usikker"), "nn": ("Ja", "Nei", "Usikker"),
           "no": ("Ja", "Nei", "Usikker"), "sv": ("Ja", "Nej", "Osäker"), "da": ("Ja", "Nej", "Usikker")}


def _code_text(header: list[str]) -> list[tuple[str, str]] | None:
    """(code, text) per heading of a "code. text" export (``submitdate. Date submitted``), else None."""
    parts = [m.groups() if (m := _CODE_TEXT.match(h.strip())) else None for h in header]
    codes = {p[0] for p in parts if p}
    if not {"submitdate", "lastpage", "startlanguage"} <= codes:
        return None
    return [p if p else (h, h) for p, h in zip(parts, header, strict=True)]


def sniff(grid: Grid) -> bool:
    """Code (``submitdate, lastpage, startlanguage``) or full-text system headings."""
    header = first_rows_text(grid.rows, 1)[0] if grid.rows else []
    cells = set(header)
    return ({"submitdate", "lastpage", "startlanguage"} <= cells
            or {"Date submitted", "Last page", "Start language"} <= cells
            or _code_text(header) is not None)


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a LimeSurvey export."""
    header = first_rows_text(grid.rows, 1)[0]
    paired = _code_text(header)
    texts = [t for _, t in paired] if paired else header
    names = [re.sub(r"\s+", " ", h).strip() for h in ([c for c, _ in paired] if paired else header)]
    raw = export_from_grid(grid, "limesurvey", header=0, names=names)
    frame = raw.data
    cols = list(frame.columns)
    heading = "code. text" if paired else "code" if "submitdate" in cols else "full text"
    questions = {c: question_text(h) for c, h in zip(cols, texts, strict=False) if h.strip()}
    system = [c for c in cols if c in CODE_SYSTEM | TEXT_SYSTEM or _TIMING.match(c)]
    multi: dict[str, Any] = {}
    matrix: dict[str, Any] = {}
    subs = {c: m.groups() for c in cols if c not in system and (m := _SUB.match(c)) and m.group(1)}
    for stem, members in split_groups(list(subs), lambda c: subs[c][0]).items():
        options = [m for m in members if subs[m][1] not in _OTHER]
        other = [m for m in members if subs[m][1] in _OTHER]
        if len(options) < 2 and not other:
            continue
        spec: dict[str, Any] = {"columns": options, "other": other}
        asked = re.sub(r"\s*\[[^\[\]]*\]\s*$", "", questions.get(members[0], "")) if paired else ""
        if asked and asked != members[0]:  # "code. text" headings: the text before "[Option]" is the question
            spec["question"] = asked
        labels = [_bracket(questions.get(m, "")) or subs[m][1] for m in options]
        said_no = any(frame[m].astype(str).str.strip().eq("N").any() for m in options)
        if options and not said_no and all(is_binary(frame[m], (0, 1, "Y")) for m in options):
            multi[stem] = {**spec, "options": labels, "keep_options": bool(paired)}
        elif len(options) >= 2:
            matrix[stem] = {**spec, "rows": labels}
    value_labels = _yes_no_labels(frame, [c for c in cols if c not in system], multi, frame.get(
        "startlanguage", frame.get("Start language")))
    ids = [c for c in system if c in IDENTIFIERS] + [
        c for c in identifier_columns(frame) if c not in system and c not in IDENTIFIERS]
    meta = {**raw.meta, "heading": heading, "system_columns": system,
            "identifier_columns": ids, "multi": multi, "matrix": matrix}
    return RawExport(frame, raw.source, "limesurvey", questions, value_labels, raw.sheet, meta)


def _bracket(text: str) -> str | None:
    """The option text of a sub-question's heading ("Question [Option]"), unless it is an
    unrendered expression ("[{Q1_SQ001.question}]")."""
    m = re.search(r"\[([^\[\]]*)\]\s*$", text)
    return m.group(1).strip() if m and m.group(1).strip() and "{" not in m.group(1) else None


def _yes_no_labels(frame, cols: list[str], multi: dict[str, Any], language) -> dict[str, dict[str, str]]:
    """Labels of LimeSurvey's Yes/No answer codes (``Y``, ``N``; ``U`` of a Yes/No/Uncertain array)
    for the columns holding nothing else, in the survey's start language (English otherwise)."""
    ticked = {c for spec in multi.values() for c in spec["columns"]}
    lang = None
    if language is not None and not language.dropna().empty:
        lang = str(language.dropna().astype(str).str.strip().str.lower().mode().iloc[0]).split("-")[0]
    yes, no, unsure = _YES_NO.get(lang or "en", _YES_NO["en"])
    out: dict[str, dict[str, str]] = {}
    for c in cols:
        if c in ticked:
            continue
        given = set(frame[c].dropna().astype(str).str.strip()) - {""}
        if given and given <= {"Y", "N", "U"} and given & {"Y", "N"}:
            out[c] = {"N": no, "Y": yes, **({"U": unsure} if "U" in given else {})}
    return out
