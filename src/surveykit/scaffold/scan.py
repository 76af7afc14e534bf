"""One wave's export described column by column for the draft: what each question is (likert,
single or multiple choice, number, date, text, the respondent id, a tool column), its scale,
its short label, and the typed-in "other" answers that belong to it.

Types are decided on all values of a column, never a sample. What the reader learned about
the tool (system columns, grids, multi-select groups, value labels from a survey definition)
is used first; plain spreadsheets get the same analysis from their headers and answers.

Example:
    >>> raw = read_export("data/raw/export.csv")       # doctest: +SKIP
    >>> columns, notes = scan(raw, "1")                 # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pandas as pd

from surveykit.clean.coding import UNCHOSEN, one_of
from surveykit.clean.identifiers import WHAT, column_identifier, opaque_tokens
from surveykit.clean.privacy import mask_text
from surveykit.io._vendor import asks_for_identifier
from surveykit.io.qualtrics import PANEL_IDS
from surveykit.io.raw import formula_text_note, merged_rows_note
from surveykit.nonsubstantive import is_nonsubstantive
from surveykit.scaffold.answers import (
    BEYOND_LABELS,
    OTHER_OPTION,
    answer_codes,
    as_number,
    declared_missing,
    few_categories,
    find_id,
    implausible_numbers,
    is_number_text,
    looks_like_dates,
    no_answer_code,
    numeric_with_missing,
    personal_answers,
    row_numbers,
    short_answers,
    split_answers,
    zero_padded,
)
from surveykit.scaffold.column import (
    Column,
    grid_parts,
    other_text,
    plain_text,
    row_text,
)
from surveykit.scaffold.multi import joined, recurs
from surveykit.scaffold.option_groups import OptionGroups
from surveykit.scaffold.scales import DraftScale, code_value, from_codes, from_text, present
from surveykit.scaffold.tool_columns import tool_columns
from surveykit.scaffold.vendor import roles
from surveykit.scaffold.words import AGE, FREE_TEXT, OTHER_TEXT, POSTAL_CODE, TOOL_COLUMN
from surveykit.textnumbers import read_numbers

__all__ = ["scan"]


BLANK_MULTI = ("a respondent who chose no option counts as not answering: the export leaves the cells empty "
               "both for 'saw the question and chose none' and for 'skipped it', so the shares are of those who "
               "chose at least one. If everyone was shown the question and choosing none means none, add "
               "`blank: none` (then the shares are of everyone who got the question)")


_ASKED = {"email": "an e-mail address", "phone": "a phone number", "national_id": "a national id number",
          "address": "an address", "name": "a name"}


def _listed(values: list, most: int = 12) -> str:
    """Values as a short list: the first ``most`` and how many more."""
    shown = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def _digits(value: Any) -> str:
    """A code read as a number as its digits: 3084.0 -> "3084"."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


class _Scanner(OptionGroups):
    def __init__(self, raw, wave: str):
        self.raw, self.wave = raw, wave
        self.data = raw.data
        self.out: list[Column] = []
        self.done: set[str] = set()
        self.notes: list[str] = []
        self.marked: dict[str, None] = {}   # columns whose question text held markup, in order
        self.panel_ids: list[str] = []      # columns of a panel's participant or session ids

    def q(self, col: str) -> str:
        """The question text of ``col`` (its header when the export has no other), without markup."""
        text = str(self.raw.questions.get(col, "") or "")
        text = text if text else ("" if str(col).startswith("column_") else str(col))
        plain = plain_text(text)
        if plain != text:
            self.marked.setdefault(col, None)
        return plain

    def add(self, col: Column, used: list[str]) -> None:
        if col.kind == "multi" and not self._unchosen_written(col):
            col.review.append(BLANK_MULTI)
        if col.kind == "multi":
            one = self._one_chosen(col)
            if one:
                col.review.append(
                    f"no respondent chose more than one of these {len(col.columns)} options ({one} chose one): it "
                    "may be a single choice exported as one column per option (SurveyMonkey does so). Its shares "
                    "are right either way; to use it as one answer (an ordered scale, a `by:` group, a weighting "
                    "margin), make it `type: single` with a scale of these answers (or `likert`), delete "
                    "`options`, and key its `columns:` by the answers as the scale writes them (`{columns: "
                    "{\"Male\": \"Gender\", \"Female\": \"column_3\"}}`); a row with two filled is then named "
                    "by `surveykit validate`")
        self.out.append(col)
        self.done |= set(used)

    def _one_chosen(self, col: Column) -> int:
        """How many respondents chose an option, when none chose two or more of a multi group
        of one column per option (20 at least, or 0)."""
        columns = [c for c in (col.columns or {}).values() if c in self.data.columns]
        if len(columns) < 2:
            return 0
        chosen = one_of(self.data[columns])[1].sum(axis=1)  # as the cleaning judges a chosen option
        return int((chosen == 1).sum()) if chosen.max() <= 1 and (chosen == 1).sum() >= 20 else 0

    def _unchosen_written(self, col: Column) -> bool:
        """Whether the export writes something for an option not chosen ("0", "Not selected"),
        so that a row with nothing at all is one that did not answer."""
        columns = [c for c in (col.columns or {}).values() if c in self.data.columns]
        return any(str(v).casefold() in UNCHOSEN for c in columns for v in present(self.data[c]).unique())

    # -- kinds of columns --------------------------------------------------------------
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
            return Column(self.wave, col, question, "likert" if scale.likert else "single", scale=scale)
        if pd.api.types.is_datetime64_any_dtype(values) or looks_like_dates(answers):
            return Column(self.wave, col, question, "date")
        numeric = pd.api.types.is_numeric_dtype(values) or bool(is_number_text(answers).all())
        if numeric and zero_padded(answers):  # 0150, 0301: postal or municipality numbers
            c = self.categorical(col, question, values)
            c.review.append("digits with leading zeros (e.g. "
                            f"{', '.join(repr(v) for v in zero_padded(answers)[:3])}): codes such as postal or "
                            "municipality numbers, kept as written; make it `numeric` if they are amounts")
            return c
        if numeric and (POSTAL_CODE.search(question) or POSTAL_CODE.search(str(col))):  # a mean ZIP is no number
            n = present(values).map(_digits).nunique()
            return Column(self.wave, col, question, "text", review=[
                f"postal codes (by the question; {n} different): codes, not amounts, so no number and no mean; kept "
                "as text, which no table shows (a table by postal code would publish small areas). A code read as "
                "a number has lost its leading zeros (3084 may be 03084)"])
        if numeric:
            return self.numeric(col, question, answers)
        found = numeric_with_missing(answers)
        if found is not None:
            c = self.numeric(col, question, answers[is_number_text(answers)])
            c.missing = [*found, *(c.missing or [])]  # with the implausible numbers numeric() found
            c.review.append(f"numbers, except the answers {found}: they are declared `missing` (no number); "
                            "check them")
            return c
        if not FREE_TEXT.search(question):
            known = (self.raw.meta.get("choices") or {}).get(col)
            multi = joined(values, question, known)
            if multi is not None and multi.weak:
                return self.weak_multi(col, question, values, multi)
            if multi is not None:
                return self.joined_multi(col, question, multi)
        return self.categorical(col, question, values)

    def weak_multi(self, col: str, question: str, values: pd.Series, found) -> Column:
        """A column whose answers hold a separator whose parts never recombine: whole answers."""
        c = self.categorical(col, question, values)
        distinct = present(values).astype(str).nunique()
        c.review.append(f"its {distinct} distinct answer(s) hold {found.separator!r}, but their parts do not "
                        "recombine (no part is chosen both alone and with others, no two answers share their parts "
                        f"in other company): read as whole answers{' of one choice' if c.scale else ''}, not options joined by "
                        f"{found.separator!r}; if it is a multi-select (check all that apply), make it `type: multi` "
                        f"with `separator: {found.separator!r}` and its options")
        return c

    def _declared(self, col: str) -> tuple[Callable[[Any], bool], list[tuple[float, float]]]:
        """Whether a value is one of ``col``'s codes declared missing in the file (SPSS MISSING
        VALUES: points and ranges), and the ranges."""
        declared = self.raw.meta.get("user_missing", {}).get(col, {}) or {}
        points = {as_number(v) for v in declared.get("values", [])}
        ranges = [(float(lo), float(hi)) for lo, hi in declared.get("ranges", [])]

        def missing(code: Any) -> bool:
            c = as_number(code)
            return c in points or (isinstance(c, int | float) and any(lo <= c <= hi for lo, hi in ranges))

        return missing, ranges

    def _labelled_missing_only(self, col: str, question: str, labels: dict, values: pd.Series,
                               answers: pd.Series) -> Column | None:
        """A number column whose value labels name only its missing codes (SPSS: 999 = "skipped",
        declared missing, with a missing range -999..0), or label a few codes of a count whose
        other values lie beyond them (0 = "Ingen" on visits 0-30): a number, the missing codes
        `missing`, not a scale of no answers. None when the labels are a scale's answers."""
        if not pd.api.types.is_numeric_dtype(values):
            return None
        missing, ranges = self._declared(col)
        answer_labels = {as_number(c): lab for c, lab in labels.items()
                         if not missing(c) and not is_nonsubstantive(str(lab))}
        if answer_labels:
            found = self._labelled_numbers(col, question, labels, answers, answer_labels, missing)
            if found is not None:
                return found
            return self._labelled_count(col, question, labels, answers, answer_labels, missing)
        codes = sorted({as_number(c) for c in labels} | {as_number(v) for v in answers.unique() if missing(v)})
        numbers = answers[~answers.map(missing).astype(bool)]
        c = self.numeric(col, question, numbers) if not numbers.empty else Column(self.wave, col, question, "numeric")
        c.missing = sorted(set(c.missing or []) | set(codes))
        spans = ", ".join(f"{lo:g} to {hi:g}" for lo, hi in ranges)
        c.review.append(f"numbers; the file's value labels name only missing codes ({codes}"
                        + (f"; declared missing also: {spans}" if spans else "") + "): declared `missing`")
        return c

    def _labelled_numbers(self, col: str, question: str, labels: dict, answers: pd.Series,
                          answer_labels: dict, missing: Callable[[Any], bool]) -> Column | None:
        """A number whose value labels are the numbers themselves (GSS: AGE 18 = '18' ... 89 = '89',
        99 = 'No answer'; hours worked, hours of television): more than ``BEYOND_LABELS`` such
        labels, and at most a few others at its ends (89 = '89 or older'). A number with the
        codes labelled as no answer declared `missing`, not a scale of 70 levels without means."""
        own = [c for c, lab in answer_labels.items() if " ".join(str(lab).split()) == str(c)]
        others = {c: lab for c, lab in answer_labels.items() if c not in own}
        ends = {min(answer_labels), max(answer_labels)}
        if len(own) <= BEYOND_LABELS or len(others) > 2 or not set(others) <= ends:
            return None
        if others and from_codes(labels, set(answer_codes(answers)), declared_missing(self.raw, [col])).likert:
            return None  # 0 = "Not at all likely", 1 ... 9, 10 = "Extremely likely": a scale with labelled ends
        codes = sorted({as_number(k) for k in labels if as_number(k) not in answer_labels}
                       | {as_number(v) for v in answers.unique() if missing(v)})
        numbers = answers[~answers.map(lambda v: as_number(v) in codes).astype(bool)]
        c = self.numeric(col, question, numbers) if not numbers.empty else Column(self.wave, col, question, "numeric")
        c.missing = sorted(set(c.missing or []) | set(codes))
        lo, hi = min(own), max(own)
        named = {as_number(k): str(v).strip() for k, v in labels.items()}
        shown = ", ".join(f"{k} = {named[k]!r}" if k in named else f"{k}" for k in codes)
        ended = "; ".join(f"{k} = {v!r} is kept as the number {k}" for k, v in sorted(others.items()))
        c.review.append(f"numbers: the file's value labels are the numbers themselves ({lo} = '{lo}' ... "
                        f"{hi} = '{hi}'), so it is drafted as a number (means, not a scale of {len(answer_labels)} "
                        "levels)" + (f"; {ended}" if ended else "")
                        + (f"; the codes {shown} are declared `missing` (no number): check them" if codes else "")
                        + "; make it `single` with a scale if the numbers are answer codes")
        return c

    def _labelled_count(self, col: str, question: str, labels: dict, answers: pd.Series,
                        answer_labels: dict, missing: Callable[[Any], bool]) -> Column | None:
        """A count or amount with a label on a few of its values (0 = "Ingen"): more than
        ``BEYOND_LABELS`` distinct unlabelled answers lie beyond the labelled codes, where a
        scale with labelled end points has its unlabelled codes between them."""
        lo, hi = min(answer_labels), max(answer_labels)
        given = answers[~answers.map(missing).astype(bool)]
        beyond = {as_number(v) for v in given.unique() if (as_number(v) < lo or as_number(v) > hi) and as_number(v) not in answer_labels}
        if len(beyond) <= BEYOND_LABELS:
            return None
        c = self.numeric(col, question, given)
        codes = sorted({as_number(k) for k, lab in labels.items() if as_number(k) not in answer_labels}
                       | {as_number(v) for v in answers.unique() if missing(v)})
        if codes:
            c.missing = sorted(set(c.missing or []) | set(codes))
        shown = ", ".join(f"{k:g} = {v!r}" for k, v in sorted(answer_labels.items()))
        c.review.append(f"numbers; the file labels only {shown} and {len(beyond)} other values have no "
                        "label: drafted as a number (the labelled values stay numbers"
                        + (f"; missing codes {codes} declared `missing`" if codes else "")
                        + "); make it `single` with a scale if the labels are its answers")
        return c

    def numeric(self, col: str, question: str, answers: pd.Series) -> Column:
        if pd.api.types.is_numeric_dtype(answers):
            numbers = answers.astype("float64").dropna()
        else:  # read as the cleaning reads them ("1,500" beside "7.5" is 1500)
            numbers = read_numbers(answers.astype(str), None)[0].dropna()
        c = Column(self.wave, col, question, "numeric")
        missing, _ = self._declared(col)
        declared = numbers[numbers.map(missing).astype(bool)] if len(numbers) else numbers
        if len(declared):  # SPSS MISSING VALUES (-9) on a number without value labels
            c.missing = sorted({as_number(v) for v in declared.unique()})
            c.review.append(f"codes {c.missing} are declared missing in the file: declared `missing`, "
                            "not numbers")
            numbers = numbers[~numbers.isin(declared.unique())]
        sentinel = no_answer_code(numbers)
        if sentinel is not None:
            c.missing = [sentinel]
            c.review.append(f"{sentinel} looks like a code for no answer (far above the other answers): declared "
                            "`missing`; remove it there if it is a real number")
            numbers = numbers[numbers != sentinel]
        age = bool(AGE.match(question.strip()) or AGE.match(str(col).strip()))
        odd, why = implausible_numbers(numbers, age=age)
        if odd:  # -1726 or 99999999999 as an age: the range seen would publish them in every mean
            c.missing = sorted(set(c.missing or []) | set(odd))
            numbers = numbers[~numbers.isin(odd)]
            c.review.append(f"{len(odd)} value(s) {why}: {_listed(odd)}; declared `missing` (no number), so that "
                            "they neither widen `valid` nor enter the means; if one is a real answer, remove it "
                            "from `missing` and widen `valid`")
        adult = (numbers >= 18).mean() if age and len(numbers) else 0.0
        if 0.97 <= adult < 1:  # 5, 8, 11 among workers' ages: kept, but named
            young = sorted({as_number(v) for v in numbers[numbers < 18]})
            c.review.append(f"{len(young)} age(s) under 18 ({_listed(young)}) while {int(adult * 1000) / 10:g} % "
                            "of the answers are 18 or more: if the survey was for adults, add them to `missing` "
                            "and raise `valid`")
        if len(numbers):
            c.valid = (as_number(numbers.min()), as_number(numbers.max()))
        if numbers.nunique() <= 7 and (numbers == numbers.round()).all() and not AGE.match(question.strip()):
            c.review.append("few whole numbers: if these are answer codes, make this `single`/`likert` with a "
                            "scale whose codes are these numbers")
        return c

    def categorical(self, col: str, question: str, values: pd.Series) -> Column:
        answers = present(values).astype(str)
        distinct = answers.nunique()
        personal = personal_answers(answers)
        if personal:  # a level would print the phone number or name in every table of answers
            c = Column(self.wave, col, question, "text")
            c.review.append(f"{len(personal)} answer(s) hold a phone number, e-mail address, id number or name "
                            f"(e.g. {mask_text(personal[0])[:60]!r} as masked): drafted as free text, whose cells "
                            "are masked; a single choice would publish them as answer labels")
            return c
        worded = FREE_TEXT.search(question)  # "describe", "comment": free text by its words, unless ...
        chosen = bool(worded) and few_categories(answers)  # ... its answers are a few, each given by many
        scale = None if worded and not chosen else from_text(values)
        if scale is None:
            return Column(self.wave, col, question, "text")
        repeated = distinct <= 12 or distinct <= len(answers) / 5
        if not scale.ordered and (distinct > 40 or not repeated or (distinct == len(answers) and distinct > 3)):
            return Column(self.wave, col, question, "text")
        if not scale.ordered and answers.str.len().max() > 200:
            return Column(self.wave, col, question, "text")
        c = Column(self.wave, col, question, "likert" if scale.likert else "single", scale=scale)
        if chosen:
            c.review.append(f"the question reads like free text ({worded.group(0)!r}) but its {len(answers)} answers "
                            f"are {distinct} choices given by many: drafted as a single choice; make it `type: text` "
                            "if they were typed in")
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
                            "folded into `other` (typed in), counted there and not as options of their own"
                            + (f"; written more than once: {shown}" if shown else "")
                            + "; make a part an option (add it under `options`) if the form has it")
        return c

    # -- groups from the reader ----------------------------------------------------------
    def matrix(self, key: str, spec: dict) -> None:
        cols = [c for c in spec.get("columns", []) if c in self.data.columns and c not in self.done]
        rows = list(spec.get("rows", cols))
        question = str(spec.get("question") or key)
        if spec.get("kind") == "ranking":
            for c, row in zip(cols, rows, strict=False):
                self.add(Column(self.wave, c, f"{question} [{row}]", "numeric", label=str(row), group=key,
                                review=["a ranking (1 = first): analysed as numbers"]), [c])
            return
        keep = [(c, r) for c, r in zip(cols, rows, strict=False) if not present(self.data[c]).empty]
        if not keep:
            self.done |= set(cols)
            return
        clash = self.label_clash([c for c, _ in keep])
        if clash is not None:  # not one scale: each row drafted on its own labels
            for c, _row in keep:
                found = self.describe(c, self.q(c) or question)
                if found is not None:
                    found.review.append(clash)
                    self.add(found, [c])
            self.done |= set(cols)
            return
        scale = self.shared_scale([c for c, _ in keep])
        for c, row in keep:
            own = self.q(c)
            text = own if own and own != c and question in own else f"{question} [{row_text(row)}]"
            if scale is None:
                self.add(Column(self.wave, c, text, "numeric", label=row_text(row), group=key), [c])
            else:
                self.add(Column(self.wave, c, text, "likert" if scale.likert else "single", label=row_text(row),
                                scale=scale, group=key), [c])
        self.done |= set(cols)
        for other in spec.get("other", []) or []:
            if other in self.data.columns and not present(self.data[other]).empty:
                self.add(other_text(self.wave, other, question, keep[0][0]), [other])

    def label_clash(self, cols: list[str]) -> str | None:
        """A note when the value labels of ``cols`` give one code different labels (SPSS:
        POLVIEWS 1 = 'Extremely liberal', I_POLITICS 1 = 'Liberal and extremely liberal'): they
        are no rows of one scale, and one set of labels would relabel the other's codes."""
        seen: dict[Any, tuple[str, str]] = {}
        for c in cols:
            for code, label in (self.raw.value_labels.get(c) or {}).items():
                key = code_value(code)
                first = seen.setdefault(key, (c, str(label).strip()))
                if " ".join(first[1].split()).casefold() != " ".join(str(label).split()).casefold():
                    return (f"the columns {cols} share a question text but their value labels differ (code {key} is "
                            f"{first[1]!r} in {first[0]!r}, {str(label).strip()!r} in {c!r}): each is drafted on its "
                            "own labels, not as rows of one grid")
        return None

    def shared_scale(self, cols: list[str]) -> DraftScale | None:
        """One scale for the rows of a grid (None: the rows are numbers)."""
        labels: dict[Any, str] = {}
        for c in cols:
            labels.update(self.raw.value_labels.get(c) or {})
        stacked = pd.concat([present(self.data[c]) for c in cols], ignore_index=True)
        if labels:
            return from_codes(labels, set(answer_codes(stacked)), declared_missing(self.raw, cols))
        if all(pd.api.types.is_numeric_dtype(self.data[c]) for c in cols) or bool(is_number_text(stacked).all()):
            return None
        return from_text(stacked.astype(str))

    def multi_group(self, key: str, spec: dict) -> None:
        cols = [c for c in spec.get("columns", []) if c in self.data.columns]
        question = str(spec.get("question") or self.raw.questions.get(key, key))
        others = [c for c in spec.get("other", []) or [] if c in self.data.columns]
        if cols:
            options = [str(o) for o in spec.get("options") or cols]
            texts = [self.q(c) for c in cols]
            if (not spec.get("keep_options") and all(t and t != c for t, c in zip(texts, cols, strict=True))
                    and len(set(texts)) == len(texts)):
                # a sidecar (.sps) or header gives each column "Question? Option": the option texts
                stem = os.path.commonprefix(texts)  # noqa: RUF071 - a character prefix is meant
                stem = stem[: max(stem.rfind(" "), stem.rfind(":"), stem.rfind("?"), stem.rfind("-")) + 1]
                if len(stem) >= 8:
                    options = [t[len(stem):].strip(" -–:") or o for t, o in zip(texts, options, strict=True)]
                    if not spec.get("question"):
                        question = stem.strip().rstrip(":-– ").strip()
            if all(present(self.data[c]).empty for c in cols + others):
                self.done |= set(cols) | set(others)
                return
            columns = dict(zip(options, cols, strict=False))
            ticked = any(OTHER_OPTION.search(o) for o in options)  # an "Other" option has its own tick column
            for o in others:  # else the "Other (please specify)" box is the option: chosen = something typed
                if not ticked and not present(self.data[o]).empty:
                    columns[(grid_parts(self.q(o)) or ("", "Other"))[1]] = o
            c = Column(self.wave, cols[0], question, "multi", columns=columns, review=list(spec.get("review", [])))
            self.add(c, cols)
            for o in others:
                if not present(self.data[o]).empty:
                    self.add(other_text(self.wave, o, question, cols[0]), [o])
                self.done.add(o)
        elif key in self.data.columns and not present(self.data[key]).empty:
            options = spec.get("options") or (self.raw.meta.get("choices") or {}).get(key)
            if spec.get("inferred"):  # options a reader inferred from the answers: rare ones are typed in
                found = joined(self.data[key], "select all", inferred=options)
                if found is not None and found.weak:
                    self.add(self.weak_multi(key, question, self.data[key], found), [key])
                    return
            else:
                found = joined(self.data[key], "select all", options)
            if found is None:
                from surveykit.scaffold.multi import Joined

                found = Joined(spec.get("separator", ";"), [], [], True)
                found.options = split_answers(self.data[key], found.separator)
            self.add(self.joined_multi(key, question, found), [key])

    # -- the whole export ------------------------------------------------------------------
    def identifiers(self, known: set) -> dict[str, str]:
        """Columns holding direct identifiers, each with why, by the test the cleaning refuses
        them with (:func:`surveykit.clean.identifiers.column_identifier`: the header names one,
        the question asks for one and is answered with such, or the answers are e-mail addresses,
        phone or id numbers whatever the question): left out as the reader's identifier columns
        are. A question that asks but is answered otherwise ("Yes"/"No") gets a note to check it."""
        found = {}
        for col in self.data.columns:
            if col in known:
                continue
            question = self.raw.questions.get(col)
            hit = column_identifier(self.data[col], [col, question])
            asked = asks_for_identifier(col) or asks_for_identifier(question)
            if hit:
                found[col] = f"holds {WHAT[hit[0]]} ({hit[1]})"
                self.panel_ids += [col] if hit[0] == "panel_id" else []
            elif asked:
                self.notes.append(f"REVIEW: wave {self.wave}: {col!r} asks for {_ASKED[asked]} but its "
                                  "answers do not look like one; if it holds one, leave it out of "
                                  "the codebook (or map it as type text: its cells are then replaced)")
        return found

    def run(self) -> tuple[list[Column], list[str]]:
        raw, data = self.raw, self.data
        system = list(raw.meta.get("system_columns", []) or [])
        system += [c for c in data.columns if c not in system and TOOL_COLUMN.match(str(c).strip())]
        idents = list(raw.meta.get("identifier_columns", []) or [])
        tool = tool_columns(raw)   # KoboToolbox's and REDCap's own columns, locations
        system += [c for c in tool.system if c not in system]
        id_col = find_id(raw, set(idents) | set(tool.personal))
        # the respondent id is pseudonymised as such (its 11-digit numbers are no national ids)
        found = self.identifiers(set(system) | {id_col} | set(tool.personal))
        if id_col is None:  # no id column by its name: a panel's participant id unique per row is the row's id
            panel = [*self.panel_ids, *(c for c in idents if c in PANEL_IDS and c in data)]
            id_col = next((c for c in panel if opaque_tokens(data[c])), None)
            if id_col:
                found.pop(id_col, None)
                idents = [c for c in idents if c != id_col]
                self.notes.append(f"REVIEW: wave {self.wave}: {id_col!r} holds a panel's or tool's participant ids, "
                                  "one per row: drafted as the respondent id, which the cleaning pseudonymises")
        reasons = {c: found.pop(c, "named as one by the export's tool") for c in idents} | found
        reasons |= {c: why for c, why in tool.personal.items() if c not in reasons}
        self.notes += [f"REVIEW: wave {self.wave}: {note}" for note in tool.notes]
        idents = list(reasons)
        found_roles = roles(raw)
        repeats = None if id_col else find_id(raw, set(idents), repeated=True)
        if repeats:  # one row per respondent and event: every share would count rows, not people
            values = present(data[repeats]).astype(str)
            top = values.value_counts()
            self.notes.append(
                f"REVIEW: wave {self.wave}: {repeats!r} looks like the respondent id but repeats ({len(top)} distinct "
                f"over {len(values)} rows; {top.index[0]!r} ×{int(top.iloc[0])}): the export may hold one row per "
                "respondent and event or visit (a longitudinal export), and every estimate would count rows, not "
                "people. Keep one row per respondent (export one event per wave), or, if the repeats are "
                "duplicates, add `screening.duplicate` to surveykit.yaml. Drafted as the respondent id")
            id_col = repeats
        if id_col:
            self.notes.append(f"wave {self.wave}: {id_col!r} is the respondent id (variable respondent_id)")
            self.add(Column(self.wave, id_col, "Respondent ID", "id"), [id_col])
        for role, col in found_roles.items():
            if col in self.done or col in idents or present(data[col]).empty:
                continue
            kind = "date" if role in ("started", "submitted") else "text"
            self.add(Column(self.wave, col, str(col), kind, role=role), [col])
        skipped = [c for c in system if c not in self.done and c not in idents]
        if skipped:
            self.notes.append(f"wave {self.wave}: skipped tool columns: {skipped}")
        for col in row_numbers(raw):  # an unnamed 0, 1, 2 ... column: pandas' index, a spreadsheet's
            if col in self.done:
                continue
            self.done.add(col)
            self.notes.append(f"REVIEW: wave {self.wave}: {col!r} has no header and numbers the rows "
                              f"({', '.join(map(str, data[col].iloc[:3].tolist()))} ...), as a program writes its "
                              "row index: left out. Map it as `type: id` if it is the respondent id")
        if raw.meta.get("sub_header"):
            first, second = raw.meta["header_rows"][:2]
            self.notes.append(f"REVIEW: wave {self.wave}: the header has two rows ({first} and {second}): a question "
                              f"written over several columns in row {first} and its options in row {second}; those "
                              "columns are read as 'question: option'. Check the multiple-choice questions below.")
        titles = raw.meta.get("title_rows") or []
        if titles:  # lines above the header (a report's name, a date) were passed over
            self.notes.append(f"REVIEW: wave {self.wave}: the export has title line(s) above its header, "
                              f"skipped: {'; '.join(titles)}; the header is row {raw.meta['header_rows'][0]}. "
                              "Check that the columns below are the questions.")
        if formulas := raw.meta.get("formula_texts"):  # written by a program that does not compute them
            self.notes.append(f"REVIEW: wave {self.wave}: {formula_text_note(formulas)}")
        if merged := raw.meta.get("merged_rows"):  # a value shown over rows, stored in one
            self.notes.append(f"REVIEW: wave {self.wave}: {merged_rows_note(merged)}")
        # SPSS multiple-response sets not taken as such; a reader's doubts on its groups (Qualtrics)
        for note in [*(raw.meta.get("mr_notes", []) or []), *(raw.meta.get("review_notes", []) or [])]:
            self.notes.append(f"REVIEW: wave {self.wave}: {note}")
        if idents:
            self.notes.append(f"wave {self.wave}: skipped columns with direct identifiers (names, e-mail, phone, IP, panel ids):"
                              f" {idents} - keep them out of the analysis")
            self.notes += [f"  {col!r} {why}" for col, why in reasons.items()]
        self.done |= set(system) | set(idents)
        matrix = dict(raw.meta.get("matrix", {}) or {})
        multi = dict(raw.meta.get("multi", {}) or {})
        for key, spec in matrix.items():
            if spec.get("multi") is True:
                self.multi_matrix(key, spec)
            elif not spec.get("multi"):
                self.matrix(key, spec)
        for key, spec in multi.items():
            self.multi_group(key, spec)
        rest = [c for c in data.columns if c not in self.done]
        self.generic_groups(rest)
        typed_other = {o: q for q, others in (raw.meta.get("other") or {}).items() for o in others}
        empty = []
        previous: str | None = None
        for col in data.columns:
            if col in self.done:
                previous = col if col in data.columns else previous
                continue
            question = self.q(col)
            if present(data[col]).empty:
                empty.append(col)
                self.done.add(col)
                continue
            marked = bool(OTHER_TEXT.search(question) or OTHER_TEXT.search(str(col)))
            owner = typed_other.get(col) or (previous if previous and (not question or marked) else None)
            if owner is not None and (marked or col in typed_other or not short_answers(data[col])):
                self.add(other_text(self.wave, col, self.q(owner) or owner, owner), [col])
                continue
            c = self.describe(col, question or f"{self.q(previous) if previous else col}")
            if c is not None:
                self.add(c, [col])
            previous = col
        if empty:
            self.notes.append(f"wave {self.wave}: left out {len(empty)} empty column(s): {empty[:8]}"
                              + (" ..." if len(empty) > 8 else ""))
        drafted = {x for c in self.out for x in [c.column, *(c.columns or {}).values()]}
        shown = [c for c in self.marked if c in drafted]   # not a tool column left out ("__version__")
        if shown:
            self.notes.append(f"REVIEW: wave {self.wave}: the question text of {len(shown)} column(s) holds markup "
                              "(HTML tags such as <strong>, Markdown *emphasis*): removed from their labels, "
                              "questions and names; `column:` keeps the export's header: "
                              f"{shown[:8]}" + (" ..." if len(shown) > 8 else ""))
        self.number_twins()
        order = {c: i for i, c in enumerate(data.columns)}
        self.out.sort(key=lambda c: min(order.get(x, 10**6) for x in [c.column, *(c.columns or {}).values()]))
        return self.out, self.notes


def scan(raw, wave: str) -> tuple[list[Column], list[str]]:
    """Describe every column of one export; returns the questions and comment lines on what was left out."""
    return _Scanner(raw, wave).run()
