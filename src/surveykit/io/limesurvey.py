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
# LimeSurvey's own columns under its translated full-text headings (the export's "Full question text"
# headings are LimeSurvey's gT() strings in the survey's language: "Response ID" -> "Respons ID"):
# nl: a real Dutch "R (data file)" export (academy-of-behavior-change/ciberlite,
#     results-data-raw/survey_675712_R_data_file_[PUBLIC-OU-version2].csv: LimeSurvey's own words there);
# de: LimeSurvey's translation file locale/de/LC_MESSAGES/de.po (LimeSurvey/LimeSurvey, commit 7060c3dc, 2011);
# nb: locale/nb/LC_MESSAGES/nb.po (LimeSurvey/LimeSurvey, commit 553915a7, 2011).
# Translations change between LimeSurvey versions: a heading not listed here is still found by the
# values of the first four columns and the timing columns (:func:`_translated`).
# A heading is matched after case folding and with runs of whitespace collapsed.
TRANSLATED = {
    "id": ("Respons ID", "Antwort ID", "Besvarelse-ID"),
    "submitdate": ("Datum verzonden", "Datum Abgeschickt", "Dato for besvarelse"),
    "lastpage": ("Laatste pagina", "Letzte Seite", "Siste side"),
    "startlanguage": ("Begin taal", "Start-Sprache", "Standardspråk"),
    "startdate": ("Datum gestartet", "Dato for oppstart"),
    "datestamp": ("Datum letzte Aktivität", "Dato for siste hendelse"),
    "ipaddr": ("IP-Adresse", "IP-adresse"),
    "refurl": ("Weiterleitungs-URL", "Avsenders URL"),
    "token": ("Adgangskode",),
    "interviewtime": ("Totaaltijd", "Totaltid"),
}
# the words before ": <group or question>" of the timing columns ("Group time: ...", "Question time: ...")
TIMING_WORDS = ("Group time", "Question time", "Groep tijd", "Vraagtijd", "Gruppenzeit", "Fragenzeit", "Gruppetid",
                "Spørsmålstid")
_FOLD = {" ".join(w.split()).casefold(): code for code, words in TRANSLATED.items() for w in words}
_TIMING_WORD = re.compile(r"^(?:" + "|".join(re.escape(w) for w in TIMING_WORDS) + r"):\s", re.IGNORECASE)
# LimeSurvey's fixed first columns of a full-text export: the response id, the submit date (empty: never
# submitted), the last page seen and the start language (a LimeSurvey language code: "nl-informal", "de")
_FIRST = ("id", "submitdate", "lastpage", "startlanguage")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?$")
_WHOLE = re.compile(r"^\d+$")
_TIMED = re.compile(r"^([^:?\[\]]{2,40}):\s+\S")
_EXPRESSION = re.compile(r"^\{[^{}]*\}$")   # an unrendered heading: "{self.gseq + 1}"
_YES_NO = {"en": ("Yes", "No", "Uncertain"), "nb": ("Ja", "Nei", "Usikker"), "nn": ("Ja", "Nei", "Usikker"),
           "no": ("Ja", "Nei", "Usikker"), "sv": ("Ja", "Nej", "Osäker"), "da": ("Ja", "Nej", "Usikker")}


def _code_text(header: list[str]) -> list[tuple[str, str]] | None:
    """(code, text) per heading of a "code. text" export (``submitdate. Date submitted``), else None."""
    parts = [m.groups() if (m := _CODE_TEXT.match(h.strip())) else None for h in header]
    codes = {p[0] for p in parts if p}
    if not {"submitdate", "lastpage", "startlanguage"} <= codes:
        return None
    return [p if p else (h, h) for p, h in zip(parts, header, strict=True)]


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _timing_block(header: list[str]) -> list[int]:
    """The positions of LimeSurvey's timing columns at the end of a full-text export, whatever its
    language: a run of two or more last headings "<words>: <group or question>" with at most two
    different words ("Groep tijd: Algemene informatie", "Vraagtijd: age"), and the total time
    heading just before it when its words are LimeSurvey's ("Totaaltijd") or have no question mark."""
    j = len(header)
    words: list[str] = []
    while j > 0 and (m := _TIMED.match(header[j - 1].strip())):
        words.append(_fold(m.group(1)))
        j -= 1
    if len(words) < 2 or len(set(words)) > 2:
        return []
    before = header[j - 1].strip() if j > 0 else ""
    total = [j - 1] if j > len(_FIRST) and before and (
        _fold(before) in _FOLD or ("?" not in before and "[" not in before and len(before) <= 40)) else []
    return [*total, *range(j, len(header))]


def _translated(rows: list[list[str]]) -> bool:
    """A full-text export whose headings LimeSurvey wrote in the survey's language ("Respons ID",
    "Datum verzonden", "Laatste pagina", "Begin taal"): its first four columns hold what LimeSurvey
    writes there (unique whole-number ids, submit dates or nothing, page numbers or nothing, a
    language code in every row), and one of those headings is LimeSurvey's own word (TRANSLATED) or
    the export ends with LimeSurvey's timing columns."""
    header = rows[0] if rows else []
    body = [r for r in rows[1:] if any(c for c in r)]
    if len(header) <= len(_FIRST) or not body:
        return False

    def cells(j: int) -> list[str]:
        return [r[j] if j < len(r) else "" for r in body]

    ids, stamps, pages, languages = (cells(j) for j in range(len(_FIRST)))
    if not all(_WHOLE.match(v) for v in ids) or len(set(ids)) != len(ids):
        return False
    if not all(v == "" or _STAMP.match(v) for v in stamps) or not all(v == "" or _WHOLE.match(v) for v in pages):
        return False
    if not all(_LANGUAGE_CODE.match(v) for v in languages):
        return False
    return any(_fold(h) in _FOLD for h in header[:len(_FIRST)]) or bool(_timing_block(header))


def sniff(grid: Grid) -> bool:
    """Code (``submitdate, lastpage, startlanguage``) or full-text system headings, in English or
    in the survey's language (:func:`_translated`)."""
    header = first_rows_text(grid.rows, 1)[0] if grid.rows else []
    cells = set(header)
    return ({"submitdate", "lastpage", "startlanguage"} <= cells
            or {"Date submitted", "Last page", "Start language"} <= cells
            or _code_text(header) is not None
            or _translated(first_rows_text(grid.rows, 201)))


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
    questions = {c: _poles(question_text(h)) for c, h in zip(cols, texts, strict=False) if h.strip()}
    english = paired or "submitdate" in cols or "Date submitted" in cols
    translated = not english and _translated(first_rows_text(grid.rows, 201))
    own = list(cols[:len(_FIRST)]) if translated else []   # id, submit date, last page, start language
    timed = [cols[j] for j in _timing_block(list(cols)) if j < len(cols)] if translated else []
    timed = [c for c in timed if _numbers_only(frame[c])]
    system = [c for c in cols if c in CODE_SYSTEM | TEXT_SYSTEM or _TIMING.match(c) or c in own or c in timed
              or (translated and (_fold(c) in _FOLD or (_TIMING_WORD.match(c) and _numbers_only(frame[c]))))]
    expressions = [c for c, h in zip(cols, texts, strict=False) if _EXPRESSION.match(h.strip()) and c not in system]
    system += expressions
    review = []
    if translated:
        heading = "full text (translated)"
        roles = dict(zip(_FIRST, own, strict=True))
        roles |= {code: c for c in cols if (code := _FOLD.get(_fold(c))) and code not in roles}
    else:
        roles = {code: code for code in CODE_SYSTEM if code in cols}
    if expressions:
        shown = sorted({texts[cols.index(c)].strip() for c in expressions})
        review.append(f"{len(expressions)} column(s) whose heading is an expression LimeSurvey did not fill in "
                      f"({', '.join(map(repr, shown))}; columns {', '.join(map(repr, expressions))}: an equation "
                      "question's computed value, such as the order a group was shown in): left out as the tool's columns, not "
                      "questions. Map one by hand (its `column:`) if it is an answer")
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
        labels = [_bracket(questions.get(m, "")) or _pair(subs[m][1]) for m in options]
        said_no = any(frame[m].astype(str).str.strip().eq("N").any() for m in options)
        if options and not said_no and all(is_binary(frame[m], (0, 1, "Y")) for m in options):
            multi[stem] = {**spec, "options": labels, "keep_options": bool(paired)}
            coded = [lab for m, lab in zip(options, labels, strict=True) if lab == subs[m][1]]
            if heading == "code" and coded:   # "Q5[SQ001]": the sub-question's code, no text
                multi[stem]["review"] = [
                    f"the options are named by LimeSurvey's sub-question codes ({', '.join(coded[:6])}"
                    f"{' ...' if len(coded) > 6 else ''}): the export's headings are question codes, so it holds no "
                    "option texts. Write each option's text in as its label (from the survey's .lss file, or export "
                    "again with 'Full question text' or 'Question code & question text' headings)"]
        elif len(options) >= 2:
            matrix[stem] = {**spec, "rows": labels}
    language_col = roles.get("startlanguage", "Start language" if "Start language" in cols else None)
    value_labels = _yes_no_labels(frame, [c for c in cols if c not in system], multi,
                                  frame[language_col] if language_col in cols else None)
    ids = [c for c in system if c in IDENTIFIERS or c in {roles.get(k) for k in ("ipaddr", "refurl", "token")}] + [
        c for c in identifier_columns(frame) if c not in system and c not in IDENTIFIERS]
    meta = {**raw.meta, "heading": heading, "system_columns": system, "identifier_columns": ids,
            "multi": multi, "matrix": matrix, "limesurvey_columns": roles,
            "review_notes": [*(raw.meta.get("review_notes") or []), *review]}
    return RawExport(frame, raw.source, "limesurvey", questions, value_labels, raw.sheet, meta)


def _poles(text: str) -> str:
    """A sub-question of a bipolar array ("[Voor mijzelf is ... ...Slecht | Goed]": LimeSurvey writes
    its two poles "left|right") with both poles kept as "Slecht – Goed", so that no label shortening
    at "|" drops the right-hand pole."""
    m = re.search(r"\[([^\[\]]*\|[^\[\]]*)\]\s*$", text)
    if m is None:
        return text
    return text[:m.start(1)] + _pair(m.group(1)) + text[m.end(1):]


def _pair(option: str) -> str:
    """A bipolar sub-question's "left|right" as "left – right"."""
    return re.sub(r"\s*\|\s*", " – ", option)


def _numbers_only(values) -> bool:
    """Whether a column holds numbers (seconds) or nothing: LimeSurvey's timing columns."""
    given = values.dropna().astype(str).str.strip()
    given = given[given != ""]
    return bool(given.str.fullmatch(r"-?\d+(?:\.\d+)?").all())


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
