"""The scanner's number columns: a number with its codes declared missing in the file (SPSS
MISSING VALUES), value labels naming only missing codes or the numbers themselves, a count with
a few labelled values, and the implausible values (an age of -1726) declared `missing`.

:class:`NumberColumns` is mixed into :class:`surveykit.scaffold.scan._Scanner`, whose state
(``raw``, ``wave``) it uses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from surveykit.nonsubstantive import is_nonsubstantive
from surveykit.scaffold.answers import (
    BEYOND_LABELS,
    answer_codes,
    as_number,
    declared_missing,
    implausible_numbers,
    no_answer_code,
)
from surveykit.scaffold.column import Column
from surveykit.scaffold.scales import from_codes
from surveykit.scaffold.words import AGE
from surveykit.textnumbers import read_numbers

__all__ = ["NumberColumns", "coded_negatives", "negative_codes", "round_range"]

_OLDEST = 120   # an age above this is no age
_CODE_FORM = re.compile(r"^-?9+8?$")   # 9, 99, 98, 999, 998: the form of a no-answer code


def _round_up(x: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten at least ``x`` (x > 0)."""
    step = 10.0 ** math.floor(math.log10(x))
    return next(m * step for m in (1, 2, 5, 10) if m * step >= x - 1e-12 * step)


def round_range(lo: float, hi: float, age: bool = False) -> tuple[float, float]:
    """A drafted `valid:` range around the answers seen (``lo`` to ``hi``) that does not pretend to
    know the question's own: from 0 (or a round number below a negative answer) to a round number
    half as large again as the largest answer, so that the next wave's 101 on a slider whose largest
    answer here was 90, or a longer duration, is no failure; an age runs 0 to 120. Numbers far
    outside it (a typo, a code for no answer) still fail validation.

    >>> round_range(1, 90), round_range(12, 797), round_range(-2, 2), round_range(0, 0.8), round_range(18, 77, age=True)
    ((0, 200), (0, 2000), (-5, 5), (0, 2), (0, 120))
    """
    if age and lo >= 0 and hi <= _OLDEST:
        return 0, _OLDEST
    low = 0 if lo >= 0 else -_round_up(-lo * 1.5)
    high = 0 if hi <= 0 else _round_up(hi * 1.5)
    return as_number(low), as_number(high)


def _listed(values: list, most: int = 12) -> str:
    """Values as a short list: the first ``most`` and how many more."""
    shown = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")



_SMALL_TOP = 10   # a "small positive range": the answers run 0 or 1 up to at most this
_NEGATIVE_CODES = (-1, -2, -3, -7, -8, -9, -77, -88, -97, -98, -99, -777, -888, -997, -998, -999,
                   -9999)  # common "no answer" codes (SurveyCTO and DHS-style -777/-888/-999 too)
_COMMON_NEGATIVE = 0.2   # negatives this share of the answers or more are answers, not codes


def negative_codes(numbers: pd.Series) -> list[int]:
    """The negative "no answer" codes among whole-number answers that otherwise run over a small
    positive range (0 or more, at most ``_SMALL_TOP``, three distinct values at least): -1 twice
    among answers 1-5 (Nettskjema and others write -1, SoSci Survey -9). The mirror of
    :func:`surveykit.scaffold.answers.no_answer_code` (a 9 or 99 far above the answers) below the
    range. Not on a scale symmetric around 0 (-2 ... 2: the lowest answer mirrors the highest), and
    not when the negatives are half of the answers or more.

    >>> negative_codes(pd.Series([1, 2, 3, 4, 5, -1, 3, 4, 5, -1]))
    [-1]
    >>> negative_codes(pd.Series([-2, -1, 0, 1, 2])), negative_codes(pd.Series([1, 2, 3, -4]))
    ([], [])
    """
    values = numbers.dropna().astype("float64")
    if values.empty or not (values == values.round()).all():
        return []
    negative, rest = values[values < 0], values[values >= 0]
    if negative.empty or rest.nunique() < 3 or rest.max() > _SMALL_TOP or len(negative) * 2 >= len(values):
        return []
    codes = sorted({int(v) for v in negative})
    if not set(codes) <= set(_NEGATIVE_CODES) or -codes[0] == rest.max():
        return []
    return codes


def coded_negatives(numbers: pd.Series) -> list[int]:
    """The common negative "no answer" codes (-9, -99, -888, -999 ...) among the answers of a column
    whose other answers are never negative, whatever their range (an income of 0 to 115000 with -999
    for "Don't know" ten times: averaged in, the mean falls by a third). None when the negatives are
    common (a fifth of the answers or more), when any negative is not such a code (-4, -0.5, -995.4:
    a range that crosses 0), or when the lowest code mirrors the highest answer (-2 ... 2).

    >>> coded_negatives(pd.Series([678, 2060, -888, 250, 10000, -999, 0, 1500, 400, 3000, 75, 820]))
    [-999, -888]
    >>> coded_negatives(pd.Series([5, -4, 3, -999, 8, 9, 1, 2, 3, 4])), coded_negatives(pd.Series([-1, 0, 1, 2, -1]))
    ([], [])
    """
    values = numbers.dropna().astype("float64")
    negative, rest = values[values < 0], values[values >= 0]
    if negative.empty or rest.empty or len(negative) >= _COMMON_NEGATIVE * len(values):
        return []
    codes = sorted({float(v) for v in negative})
    if not all(c.is_integer() and int(c) in _NEGATIVE_CODES for c in codes) or -codes[0] == rest.max():
        return []
    return [int(c) for c in codes]


class NumberColumns:
    """Number columns (see the module)."""

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

    def _labelled_elsewhere(self) -> dict[float, tuple[str, str]]:
        """The codes this export's own value labels call no answer ("Don't Know", "Refused", "Not
        applicable": :func:`surveykit.nonsubstantive.is_nonsubstantive`) in any question: code ->
        (label, the first column labelling it so). A SurveyCTO form exported through Stata labels
        -999 "Don't Know" on its yes/no questions and writes the same -999 unlabelled into its amounts."""
        found: dict[float, tuple[str, str]] = {}
        for col, labels in (self.raw.value_labels or {}).items():
            for code, label in (labels or {}).items():
                try:   # letter codes ("N" = "No answer") are no numbers
                    number = float(code)
                except (TypeError, ValueError):
                    continue
                if math.isfinite(number) and number != 0 and is_nonsubstantive(str(label)):
                    found.setdefault(number, (str(label).strip(), str(col)))
        return found

    def _missing_by_labels(self, c: Column, numbers: pd.Series) -> pd.Series:
        """``numbers`` without the codes the export labels as no answer in other questions
        (:meth:`_labelled_elsewhere`): a negative one, or one above every other answer (999), is
        declared `missing` with a REVIEW note naming it, its label and count; one among or near the
        other answers is an answer, kept: named in a note when it has the form of a no-answer code
        (9, 99, 98, 999: 9 rooms where 9 = "Don't know" elsewhere may be that code), not otherwise
        (3 on a slider of 1-3 where 3 = "not applicable" in a grid says nothing about it)."""
        labelled = self._labelled_elsewhere()
        if not labelled or numbers.empty or (self.raw.value_labels or {}).get(c.column):
            return numbers   # a column with value labels of its own says its codes itself (BES polAttention 0-10)
        hits = numbers[numbers.isin(list(labelled))]
        if hits.empty:
            return numbers
        coded: list[float] = []
        for v in sorted({float(x) for x in hits.unique()}, key=lambda x: -abs(x)):   # the farthest first
            rest = numbers[(numbers != v) & ~numbers.isin(coded)]
            top = rest.max() if len(rest) else -math.inf
            low = rest.min() if len(rest) else math.inf
            # far outside the answers (999 beside 0-100, 9 beside 1-5, -999 beside amounts): a code;
            # 10 beside 0-9, or a run of high answers 7-10 borrowing "Refused" from other
            # questions, is no code (BES attention to politics lost 68 % of its answers so)
            if (v < 0 and v < low) or (v >= 7 and v > 1.5 * top + 1):
                coded.append(v)
        coded = sorted(coded)
        counts = hits.value_counts()
        for v in sorted({float(x) for x in hits.unique()}):
            label, where = labelled[v]
            n = int(counts[v])
            if v in coded:
                c.review.append(f"{as_number(v)} ({n} answer(s)) is labelled {label!r} in {where!r} of this file and "
                                "lies outside the other answers: a code for no answer, declared `missing` (no "
                                "number), so that it neither widens `valid` nor enters the means; remove it there if "
                                "it is a real answer")
            elif v.is_integer() and _CODE_FORM.match(str(int(v))):
                c.review.append(f"{as_number(v)} ({n} answer(s)) is labelled {label!r} in {where!r} of this file but "
                                "lies among the other answers here: kept as a number; add it to `missing` if it is "
                                "that code")
        if coded:
            c.missing = sorted(set(c.missing or []) | {as_number(v) for v in coded})
            numbers = numbers[~numbers.isin(coded)]
        return numbers

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
        labelled = {as_number(c) for c in labels}   # each a missing code: no answer to count in the range seen
        numbers = answers[~answers.map(lambda v: bool(missing(v)) or as_number(v) in labelled).astype(bool)]
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
        numbers = self._missing_by_labels(c, numbers)
        sentinel = no_answer_code(numbers)
        if sentinel is not None:
            c.missing = sorted(set(c.missing or []) | {sentinel})
            c.review.append(f"{sentinel} looks like a code for no answer (far above the other answers): declared "
                            "`missing`; remove it there if it is a real number")
            numbers = numbers[numbers != sentinel]
        # -1 twice among answers 1-5, -999 ten times among amounts 0-115000: no answer, which would pull every mean down
        numbers = _declare_codes(c, numbers, negative_codes(numbers), "the other answers run {low} to {high}",
                                 "-1, -9, -99")
        numbers = _declare_codes(c, numbers, coded_negatives(numbers), "every other answer is 0 or more ({low} to "
                                 "{high})", "-9, -99, -888, -999")
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
            c.whole = bool((numbers == numbers.round()).all())
        if (numbers.nunique() <= 7 and (numbers == numbers.round()).all() and not AGE.match(question.strip())
                and numbers.abs().max() <= 100):   # answer codes are small numbers, not 300000 and 450000
            c.review.append("few whole numbers: if these are answer codes, make this `single`/`likert` with a "
                            "scale whose codes are these numbers")
        return c


def _declare_codes(c: Column, numbers: pd.Series, codes: list, context: str, examples: str) -> pd.Series:
    """``numbers`` without ``codes`` (negative codes for no answer), which are declared `missing`
    on ``c`` with a REVIEW note naming each and its count; ``context`` ("{low}", "{high}": the
    other answers' range) says why they read as codes."""
    if not codes:
        return numbers
    seen = numbers[numbers.isin(codes)].value_counts()
    rest = numbers[~numbers.isin(codes)]
    shown = ", ".join(f"{as_number(v)} ({int(seen[v])} answer(s))" for v in sorted(seen.index))
    c.missing = sorted(set(c.missing or []) | set(codes))
    c.review.append(f"{shown}: negative while {context.format(low=as_number(rest.min()), high=as_number(rest.max()))}, "
                    f"as a code for no answer is written ({examples}): declared `missing`, so that it neither "
                    "widens `valid` nor enters the means; remove it there if it is a real answer")
    return rest
