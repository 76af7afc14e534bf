"""The scanner's kinds of one column: what a column's answers are (a scale from value labels,
a date, a number, postal codes, a single choice, free text, options joined in one cell), decided
on all its answers.

:class:`ColumnKinds` is mixed into :class:`surveykit.scaffold.scan._Scanner`, whose state
(``raw``, ``wave``, ``data``) and number adders (``numeric``, ``_labelled_missing_only``) it uses.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

from surveykit.clean.coding import ambiguous_order, parse_dates
from surveykit.clean.privacy import mask_text
from surveykit.scaffold.answers import (
    answer_codes,
    declared_missing,
    few_categories,
    is_number_text,
    looks_like_dates,
    month_dates,
    numeric_with_missing,
    personal_answers,
    zero_padded,
)
from surveykit.scaffold.column import Column
from surveykit.scaffold.multi import joined, recurs
from surveykit.scaffold.personal import (
    id_codes,
    numbered_ids,
    personal_among,
    uuids,
)
from surveykit.scaffold.scales import (
    code_value,
    from_codes,
    from_text,
    labelled_ends,
    no_answer_codes,
    present,
)
from surveykit.scaffold.tool_columns import is_tool
from surveykit.scaffold.words import FILE_NAME, FREE_TEXT, POSTAL_CODE

__all__ = ["ColumnKinds"]


def _digits(value: Any) -> str:
    """A code read as a number as its digits: 3084.0 -> "3084"."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()



def date_order_notes(answers: pd.Series) -> list[str]:
    """A REVIEW note when slashed dates fit both orders (:func:`surveykit.clean.coding.ambiguous_order`)."""
    order = ambiguous_order(present(answers))
    return [] if order is None else [
        f"dates written with slashes that fit both orders (day/month and month/day): the cleaning {order}. Check that "
        "against when the survey ran (the field date in surveykit.yaml is read the same way); if it is wrong, export "
        "the dates as 2024-03-01 (ISO) and draft again"]


class ColumnKinds:
    """What one column is (see the module)."""

    def describe(self, col: str, question: str) -> Column | None:
        values = self.data[col]
        labels = self.raw.value_labels.get(col)
        answers = present(values)
        if answers.empty:
            return None
        if labels and not all(str(v).strip() == "" for v in labels.values()):
            found = self._labelled_missing_only(col, question, labels, values, answers)
            if found is not None:
                return found
            letters = any(isinstance(code_value(c), str) for c in labels)  # "a" = "Apple"
            seen = set(answers.astype(str).str.strip()) if letters else set(answer_codes(answers))
            measure = (self.raw.meta.get("measure") or {}).get(col)
            scale = from_codes(labels, seen, declared_missing(self.raw, [col]), measure)
            return Column(self.wave, col, question, "likert" if scale.likert else "single", scale=scale,
                          coded=not letters, missing=no_answer_codes(scale))
        if pd.api.types.is_datetime64_any_dtype(values):
            return Column(self.wave, col, question, "date")
        if looks_like_dates(answers):
            return Column(self.wave, col, question, "date", review=date_order_notes(answers))
        if month_dates(answers):   # "Mar 01, 2024 10:00:00 am", "1. mars 2024": a date only if every one reads
            unread = answers[parse_dates(answers.astype(str).str.strip())[0].isna().to_numpy()]
            if unread.empty:
                return Column(self.wave, col, question, "date")
            return Column(self.wave, col, question, "text", review=[
                f"dates written with the month's name ({str(answers.iloc[0]).strip()!r}), but {len(unread)} answer(s) "
                f"are no date surveykit reads (e.g. {str(unread.iloc[0]).strip()!r}): kept as text (not in the report, "
                "and no field date from them); correct those cells, or make it `type: date` and see `validate` name "
                "them"])
        numeric = pd.api.types.is_numeric_dtype(values) or bool(is_number_text(answers).all())
        if numeric and zero_padded(answers):  # 0150, 0301: postal or municipality numbers
            c = self.categorical(col, question, values)
            c.review.append("digits with leading zeros (e.g. "
                            f"{', '.join(repr(v) for v in zero_padded(answers)[:3])}): codes such as postal or "
                            "municipality numbers, kept as written; make it `numeric` if they are amounts")
            return c
        longest = _longest_digits(answers) if numeric else 0
        if longest > _DIGITS:  # '110001010000...' (96 digits, a bit string): a code a number cannot hold
            return Column(self.wave, col, question, "text", review=[
                f"digit strings up to {longest} digits long: codes, not amounts (a number keeps {_DIGITS} digits, so "
                "they would be rounded into one another), kept as text, which no table shows"])
        if numeric and (POSTAL_CODE.search(question) or POSTAL_CODE.search(str(col))):  # a mean ZIP is no number
            n = present(values).map(_digits).nunique()
            return Column(self.wave, col, question, "text", review=[
                f"postal codes (by the question; {n} different): codes, not amounts, so no number and no mean; kept "
                "as text, which no table shows (a table by postal code would publish small areas). A code read as "
                "a number has lost its leading zeros (3084 may be 03084)"])
        why = numbered_ids(answers, [col, question]) if numeric else None
        if why:  # hhid 10101 ... 23809, a running number 1 ... 82: a mean of ids is no number
            return Column(self.wave, col, question, "text", review=[
                f"an id, not an amount: {why}; kept as text, which no table shows (no mean of ids). Make it "
                "`type: id` if it is the respondent id, or leave it out of the codebook"])
        codes = id_codes(answers, str(col)) if numeric else None
        if codes:  # a_kg_id 101 ... 238 (the school picked from a list): a mean of school ids is no number
            return Column(self.wave, col, question, "text", review=[
                f"{codes} (a school, team or district picked from a list), not an amount: kept as text, which no "
                "table shows (no mean of ids); to compare the groups, make it `single` with a scale of its codes "
                "and their names"])
        if numeric and _only_ones(answers):   # a check box exported as 1 / blank: no mean of 1.0
            blank = int(len(values) - len(answers))
            return Column(self.wave, col, question, "multi", columns={question or str(col): col}, review=[
                f"its only answer is 1 ({len(answers)} row(s)); {blank} row(s) are blank: a check box (1 = chosen) "
                "exported as a column of its own, drafted as a multi-select with this one option (a mean would "
                "be 1.0 whatever was answered). Blank = not chosen is NOT assumed (as drafted, its share is 100 % "
                "of those who ticked it): add `blank: none` only once you have confirmed that everyone was shown it "
                "and an empty cell means 'not chosen'; if several such columns are the options of one question, "
                "join them in one variable's `columns:`"])
        if numeric:
            return self.numeric(col, question, answers)
        found = numeric_with_missing(answers)
        if found is not None and "-oth-" in {str(x).strip() for x in found}:
            # LimeSurvey's code export of a list question with "Other": its answers are codes (1 ... 6, -oth-)
            # whose labels are in the survey's .lss or its R/SPSS syntax file, not amounts: no mean of codes
            return Column(self.wave, col, question, "text", review=[
                f"LimeSurvey answer codes ({_listed_codes(answers)}; -oth- = its 'Other' answer), not amounts: kept "
                "as text, which no table shows (a mean of the codes would be published). Make it `single` with a "
                "scale of these codes and their labels (in the survey's .lss file or its R/SPSS syntax file)"])
        number = is_number_text(answers)
        words = answers[~number].astype(str).str.strip().unique()
        ends = labelled_ends(answers[number], words) if number.any() and 2 <= len(words) <= 4 else None
        if ends is not None:   # "Not at all likely", 1 ... 9, "Extremely likely": a 0-10 score, its ends named
            return Column(self.wave, col, question, "likert", scale=ends[0], review=[ends[1]])
        if found is not None:
            c = self.numeric(col, question, answers[is_number_text(answers)])
            c.missing = [*found, *(c.missing or [])]  # with the implausible numbers numeric() found
            c.review.append(f"numbers, except the answers {found}: they are declared `missing` (no number); "
                            "check them")
            return c
        if not FREE_TEXT.search(question) and not is_tool("kobo", self.data.columns):   # Kobo joins by spaces only
            known = (self.raw.meta.get("choices") or {}).get(col)
            multi = joined(values, question, known, chosen_only=self._has_text_box(col))
            if multi is not None and multi.weak:
                return self.weak_multi(col, question, values, multi)
            if multi is not None:
                return self.joined_multi(col, question, multi)
        return self.categorical(col, question, values)

    def _has_text_box(self, col: str) -> bool:
        """A Qualtrics choice column whose "Other" box has a column of its own (``Q3_7_TEXT``, empty or
        not, in this wave's export): the typed text is there, the choice column holds options only."""
        if getattr(self.raw, "format", None) != "qualtrics":
            return False
        box = re.compile(rf"{re.escape(str(col))}(?:_-?\d+)?_TEXT")
        return any(box.fullmatch(str(c)) for c in self.data.columns)

    def weak_multi(self, col: str, question: str, values: pd.Series, found) -> Column:
        """A column whose answers hold a separator whose parts never recombine: whole answers."""
        c = self.categorical(col, question, values)
        if c.kind == "text" and _uploads(present(values).astype(str)):
            return c   # an upload's description holds ',': no options to look for
        distinct = present(values).astype(str).nunique()
        c.review.append(f"its {distinct} distinct answer(s) hold {found.separator!r}, but their parts do not "
                        "recombine (no part is chosen both alone and with others, no two answers share their parts "
                        f"in other company): read as whole answers{' of one choice' if c.scale else ''}, not options joined by "
                        f"{found.separator!r}; if it is a multi-select (check all that apply), make it `type: multi` "
                        f"with `separator: {found.separator!r}` and its options")
        return c

    def categorical(self, col: str, question: str, values: pd.Series) -> Column:
        answers = present(values).astype(str)
        distinct = answers.nunique()
        if uuids(values):  # SurveyCTO's and ODK's "uuid:..." keys: no phone numbers, no answers
            return Column(self.wave, col, question, "text", review=[
                f"each of its {distinct} answers is a uuid (a submission's or record's key, e.g. SurveyCTO's KEY): an "
                "identifier, not an answer; kept as text, which no table shows. Make it `type: id` if it is the "
                "respondent id, or leave it out of the codebook"])
        if _uploads(answers):   # LimeSurvey's file upload: '[{ "title":"...","name":"4examples.jpg", ... }]'
            return Column(self.wave, col, question, "text", review=[
                "every answer lists files respondents uploaded (their names, sizes and comments, as LimeSurvey "
                "writes a file-upload question): not answers to count; kept as text, which no table shows (as a "
                "single choice each list would be printed as an answer label)"])
        if bool(answers.str.strip().str.match(FILE_NAME).all()):   # Nettskjema's attachment_1: "sølvi.png"
            return Column(self.wave, col, question, "text", review=[
                f"every answer is a file's name (e.g. {mask_text(answers.iloc[0])[:40]!r}): the files respondents "
                "uploaded, not answers to count; kept as text, which no table shows (as a single choice each name "
                "would be printed as an answer label)"])
        personal = personal_among(personal_answers(answers))   # not "Orthodox Christian" (53)
        if personal:  # a level would print the phone number or name in every table of answers
            c = Column(self.wave, col, question, "text")
            c.review.append(f"{len(personal)} answer(s) hold a phone number, e-mail address, id number or name "
                            f"(e.g. {mask_text(personal[0])[:60]!r} as masked): drafted as free text, whose cells "
                            "are masked; a single choice would publish them as answer labels")
            return c
        worded = FREE_TEXT.search(question)  # "describe", "comment": free text by its words, unless ...
        chosen = bool(worded) and few_categories(answers)  # ... its answers are a few, each given by many
        scale = from_text(values)
        if worded and not chosen and scale is not None and not scale.ordered:
            c = Column(self.wave, col, question, "text")
            choices = _choice_like(answers)
            if choices:
                c.review.append(f"drafted as free text for the words of its question ({worded.group(0)!r}), but its "
                                f"{len(answers)} answers are {distinct} short ones given again and again ({choices}): "
                                "if they are the options of a closed question, make it `type: single` with a scale "
                                "of them")
            return c
        if scale is None:
            return Column(self.wave, col, question, "text")
        if not scale.ordered and _names_other_box(col, question):
            once = _given_once(answers)
            if (len(once) >= 3 or len(once) == distinct) and 2 * len(once) >= distinct:   # "MemberSiteOther": '2018-02-27 Stanford' ...
                shown = ", ".join(repr(mask_text(a)[:40]) for a in once[:3]) + (", ..." if len(once) > 3 else "")
                return Column(self.wave, col, question, "text", review=[
                    f"its header names an 'Other' box and {len(once)} of its {distinct} answers were each given by "
                    f"one respondent ({shown}): drafted as free text (masked, never printed as answer labels); "
                    "make it `type: single` with a scale if they are the options of a closed question"])
        repeated = distinct <= 12 or distinct <= len(answers) / 5
        if not scale.ordered and (distinct > 40 or not repeated or (distinct == len(answers) and distinct > 3)):
            return Column(self.wave, col, question, "text")
        if not scale.ordered and answers.str.len().max() > 200:
            return Column(self.wave, col, question, "text")
        if not scale.ordered and _sentences(answers):  # "I don't consider the information ... truthful"
            return Column(self.wave, col, question, "text")
        c = Column(self.wave, col, question, "likert" if scale.likert else "single", scale=scale)
        # only tools that write an "Other" box's text into the choice's own column (Google and
        # Microsoft Forms, or a file of unknown tool); Qualtrics, LimeSurvey, SurveyMonkey ... give it a column
        own_column = getattr(self.raw, "format", None) in (None, "", "csv", "xlsx", "googleforms", "msforms")
        typed = _typed_in(answers) if not scale.ordered and own_column else []
        if typed:
            shown = ", ".join(repr(t[:40]) for t in typed[:3]) + (", ..." if len(typed) > 3 else "")
            c.review.append(f"{len(typed)} of its {distinct} answers were each given by one respondent ({shown}) beside "
                            "answers many chose: they look typed in to an 'Other' box, which Google and Microsoft "
                            "Forms write into the choice's own column. Kept as levels, so each would be printed as "
                            "an answer label in the tables; if they were typed in, add a level such as 'Annet' "
                            "with these texts as its `aliases` (and a `type: text` variable reading the same "
                            "column keeps the texts, masked)")
        if worded and scale.ordered:
            c.review.append(f"the question reads like free text ({worded.group(0)!r}) but its answers are the levels "
                            "of an ordered scale: drafted as one; make it `type: text` if they were typed in")
        if chosen and not scale.ordered:
            once = _given_once(answers)
            shown = ", ".join(repr(mask_text(a)[:40]) for a in once[:3]) + (", ..." if len(once) > 3 else "")
            c.review.append(f"the question reads like free text ({worded.group(0)!r}) but its {len(answers)} answers "
                            f"are {distinct} choices given by many: drafted as a single choice; make it `type: text` "
                            "if they were typed in"
                            + (f"; {len(once)} answer(s) were given by one respondent each ({shown}): each is a "
                               "level, printed as an answer label in the tables; if they were typed in to an "
                               "'Other' box, make them `aliases` of one level such as 'Other'" if once else ""))
        return c

    def joined_multi(self, col: str, question: str, found) -> Column:
        c = Column(self.wave, col, question, "multi", separator=found.separator, options=list(found.options),
                   other=list(found.other))
        if found.inferred:
            c.review.append("options inferred from the answers: compare them with the form")
        if found.inferred and found.evidence == 1:
            c.review.append(f"read as options joined by {found.separator!r} on one sign only (one part chosen both "
                            "alone and with others, or one combination of parts seen apart): if the answers are "
                            "whole answers of one choice, make it `type: single` with a scale of them")
        if found.typed:
            rows = sum(found.typed.values())
            parts = pd.Series([p for t, k in found.typed.items() for p in [t] * k]).str.split(
                found.separator.strip() or found.separator, regex=False).explode().str.strip()
            top = parts[parts != ""].value_counts()
            top = top[top >= 2].head(5)   # written once: a respondent's own words, not shown
            shown = ", ".join(f"{mask_text(p)[:40]!r} ({k})" for p, k in top.items())
            rule = "not one of the form's options" if not found.inferred else (
                f"chosen by fewer than {recurs(len(present(self.data[col])))} respondents")
            c.review.append(f"{len(found.typed)} distinct typed-in answer(s) ({rows} row(s); parts {rule}) were "
                            "folded into `other` (typed in), counted there and not as options of their own (their texts are "
                            "kept in the free-text variable after it, `other_of` this question)"
                            + (f"; written more than once: {shown}" if shown else "")
                            + "; make a part an option (add it under `options`) if the form has it")
        return c


_DIGITS = 15   # the digits a number (a double) keeps
_OTHER_START = re.compile(r"^\W*(other|others|annet|anna|annat|andet|andre|otro|otra|sonstige)\b\W*"
                          r"(\(|:|-|$|please|specify|spesifiser|skriv|ange|angiv|hvilke|hvilken|hvilket|hva|vilke|vilken|vilket|"
                          r"hvad|which|what)", re.IGNORECASE)


def _uploads(answers: pd.Series) -> bool:
    """Whether every answer describes uploaded files as LimeSurvey's file-upload question writes them:
    '[{ "title":"plaatje","comment":"dus","size":"46.2","name":"4examples.jpg","filename":"fu_mnw5...",
    "ext":"jpg" }]' (a JSON list of files, each with its name)."""
    if answers.empty:
        return False
    for a in answers.astype(str).str.strip().unique():
        try:
            files = json.loads(a)
        except ValueError:
            return False
        if not (isinstance(files, list) and files and all(isinstance(f, dict) and "name" in f for f in files)):
            return False
    return True


def _only_ones(answers: pd.Series) -> bool:
    """Whether every answer is the number 1 (1, 1.0, "1"): a check box's mark."""
    text = answers.astype(str).str.strip()
    return len(text) > 0 and bool(text.isin(["1", "1.0", "1,0"]).all())


def _longest_digits(answers: pd.Series) -> int:
    """The most digits in one answer written as digits alone (0 for a column of numbers)."""
    if pd.api.types.is_numeric_dtype(answers):
        return 0
    text = answers.astype(str).str.strip()
    digits = text[text.str.fullmatch(r"\d+")]
    return int(digits.str.len().max()) if len(digits) else 0


_OTHER_WORDS = {"other", "others", "annet", "anna", "annat", "andet", "andre", "otro", "otra", "otros", "sonstige",
                "specify", "spesifiser"}


def _names_other_box(col: str, question: str) -> bool:
    """Whether a header names the text box of an "Other" answer: its last word is "other"
    ("MemberSiteOther", "water_source_other", "Q5 [Other]", "... (please specify)"), or it is a short
    "Other: ..." label. A question that asks to choose "Other" and type in a text ('... elija "Otro" y
    agregue su obstáculo en el texto') is a question of its own."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(col)).casefold()
    last = re.findall(r"[^\W\d_]+", words)[-1:]
    # SurveyXact's "<question> - <row>": the row "Annet, hvilke(t):" of a check-box question
    tail = question.rsplit(" - ", 1)[1] if question and " - " in question else ""
    short = [t for t in (str(col), question, tail) if t and len(t) <= 60]
    return bool(last and last[0] in _OTHER_WORDS) or any(_OTHER_START.match(t) for t in short)


def _given_once(answers: pd.Series) -> list[str]:
    """The answers each given by one respondent, sorted."""
    counts = answers.astype(str).str.strip().value_counts()
    return sorted(str(a) for a, k in counts.items() if k == 1)


def _sentences(answers: pd.Series) -> bool:
    """Answers typed in, not chosen: each given once, and each a sentence of six words or more (a
    few typed into an "Other (please specify)" box would else be published as answer labels)."""
    counts = answers.astype(str).str.strip().value_counts()
    return len(counts) >= 2 and counts.max() == 1 and bool(counts.index.str.split().str.len().min() >= 6)


def _choice_like(answers: pd.Series) -> str:
    """The answers of a column, shown, when they look chosen rather than typed: 2-30 distinct short
    answers (120 characters at most), one given 5 times or more, each twice on average; else ""."""
    counts = answers.astype(str).str.strip().value_counts()
    if not (2 <= len(counts) <= 30 and counts.max() >= 5 and counts.sum() >= 2 * len(counts)
            and max(len(a) for a in counts.index) <= 120):
        return ""
    shown = ", ".join(f"{mask_text(a)!r} ({k})" for a, k in counts.head(4).items())
    return shown + (", ..." if len(counts) > 4 else "")


def _typed_in(answers: pd.Series) -> list[str]:
    """The answers of a single choice that look typed in beside its options: three or more
    answers each given once, in a column where some answer was chosen by five or more and the
    once-given ones are a third or more of the distinct answers (a list of options rarely has
    so many chosen by one respondent alone)."""
    counts = answers.value_counts()
    once = sorted(str(a) for a, k in counts.items() if k == 1)
    if len(once) >= 3 and counts.max() >= 5 and len(once) * 3 >= len(counts):
        return once
    return []


def _listed_codes(answers: pd.Series) -> str:
    """The distinct answers of a coded column, as they read ("1, 2, 3, -oth-")."""
    seen = sorted({str(x).strip() for x in answers.dropna()}, key=lambda t: (not t.lstrip("-").isdigit(), t.zfill(8)))
    return ", ".join(seen[:12]) + (" …" if len(seen) > 12 else "")
