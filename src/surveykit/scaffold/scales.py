"""Answer scales drafted from an export: levels, their order and codes, non-substantive answers.

A level is one answer text, with the variants that are the same text after
:func:`~surveykit.scaffold.lexicon.norm` (case, white space, punctuation, a leading code) as
its aliases, or one value-label code. Two different answers are never one level. The order
comes from the lexicon (known scales), from the codes of numbered answers ("1: Never", 2, 3,
4, "5: Every day"), from the words of the answers, or from the numbers inside them ("18-29");
what is left keeps the export's order and is not called ordinal.

Example:
    >>> s = from_text(pd.Series(["Very important", "Slightly important", "Extremely important",
    ...                          "Not at all important", "Moderately important", "Don't know"]))
    >>> [lv.labels[0] for lv in s.levels], s.family, [lv.labels[0] for lv in s.nonsub]
    (['Not at all important', 'Slightly important', 'Moderately important', 'Very important', 'Extremely important'], 'important', ["Don't know"])
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from surveykit.clean.coding import NO_ANSWER_MARKS
from surveykit.nonsubstantive import is_nonsubstantive, normalise_label
from surveykit.scaffold.lexicon import known_order, leading_code, lettered, norm
from surveykit.scaffold.words import (
    DEGREE_WORDS,
    balance_order,
    frequency_order,
    gender_answers,
    is_ambiguous_middle,
    missing_mirrors,
    moderate_ends,
    quantity_order,
    relative_frequency,
    times_per_year,
    word_family,
    word_order,
    word_ranks,
)

__all__ = ["DraftScale", "Level", "Registry", "compatible", "from_codes", "from_text", "labelled_ends", "present", "same_question_merge"]

_INT = re.compile(r"^-?\d+$")
_NUMBER_IN = re.compile(r"^\s*(?:(<|>|≤|≥|under|below|less than|fewer than|up to|mindre enn|færre enn|inntil|under|upp till|"
                        r"op til|mindre än|färre än|over|above|more than|mer enn|flere enn|över|mer än|fler än|"
                        r"mere end|flere end|minst|at least)\s*)?[$€£]?\s*(-?\d+(?:[.,]\d+)*)")
_ABOVE = re.compile(r"^\s*(?:>|≥|(?:over|above|more than|mer enn|flere enn|över|mer än|fler än|mere end|flere end|"
                    r"minst|at least)\b)|\+\s*(\w+)?\s*$|or more|eller mer|eller flere|eller mere|eller fler|and over|"
                    r"og eldre|eller äldre|og ældre")
# an answer that steps out of the scale: "I don't use Python", "Not applicable to my beliefs", "Doesn't apply"
_OPT_OUT = re.compile(r"^(?:i dont|i do not|i have not|i havent|i never|i am not|im not|not applicable|doesnt apply|"
                      r"does not apply|n a|jeg bruker ikke|jeg har ikke|eg brukar ikkje|eg har ikkje|"
                      r"jag använder inte|jag anvander inte|jag har inte|jeg bruger ikke|"
                      # "Går aldrig ut ensam" beside "Mycket trygg" ... (the Swedish crime survey's safety
                      # question), as normalise_label folds it (no accents)
                      r"(?:jeg |jag |eg )?(?:gar|gikk|gick|bruker|brukar|anvander|bruger) (?:aldri|aldrig))\b|"
                      # "Other (please specify)", "Annet (vennligst spesifiser)": no place on a scale
                      r"^(?:other|others|something else|annet|anna|annat|andet|andre|sonstiges|andere)"
                      r"(?: please specify| specify| vennligst spesifiser| spesifiser| ange| angiv| skriv)?$")
# scales whose top answers are a "yes" worth a share (agreeing, satisfied, safe ...); not how often
_POSITIVE = {"agree", "safe", "important", "satisfied", "likely", "quality", "ease", "trust", "extent",
             "favourable", "change", "amount", "yes_no"}
# known families whose codes are no scores (no means): yes/no, the level of education
_UNSCORED = {"yes_no", "education"}


def present(values: pd.Series) -> pd.Series:
    """The answers given: missing and blank cells left out, text stripped. A whole number in a
    text column (a spreadsheet cell typed as a number: 2014.0) is written as the cleaning
    matches it ("2014", see :func:`surveykit.config.codebook.normalise_label`).

    >>> present(pd.Series(["Universidad", 2014.0, None, " En el trabajo "])).tolist()
    ['Universidad', '2014', 'En el trabajo']
    """
    out = values.dropna()
    if out.dtype == object and pd.api.types.infer_dtype(out, skipna=True) not in ("string", "empty"):
        out = out.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v)  # a mixed column
    if out.dtype == object or pd.api.types.is_string_dtype(out):
        out = out.astype(str).str.strip()
        out = out[out != ""]
    return out


@dataclass(eq=False)
class Level:
    """One answer of a scale: its code (the score) and its texts (the first is the label)."""

    code: int | float | None
    labels: list[str]
    seen: bool = True
    bare: str | None = None   # the label without its own code before it ("0 Slet ikke sandsynligt" of code 0)

    @property
    def key(self) -> str:
        """The label as compared across waves: its own code before it ("0 Slet ikke sandsynligt" of
        code 0, see :func:`_own_code_off`) left out when the drafting found that safe (``bare``)."""
        return norm(self.bare if self.bare is not None else self.labels[0])

    def add(self, label: str) -> None:
        if label not in self.labels:
            self.labels.append(label)


_SPARE = (9, 99, 98, 97, 96, 95, 999, 998, 997)   # codes for a non-substantive answer without one


def _shown(code: Any) -> str:
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)


@dataclass(eq=False)
class DraftScale:
    """A scale being drafted (see the module docstring)."""

    levels: list[Level]
    ordered: bool
    family: str | None = None      # agree, satisfied, ...; "numbered"; "ordinal" (numbers in the text)
    likert: bool = False           # ordered with a known order: items are likert, with means
    fixed: bool = False            # codes are the file's (value labels, numbered answers)
    nonsub: list[Level] = field(default_factory=list)
    recode: dict[Any, int] = field(default_factory=dict)   # file code -> score (high -> low files): per source
    notes: list[str] = field(default_factory=list)
    name: str = ""
    merged_into: DraftScale | None = None

    def keys(self) -> list[str]:
        return [lv.key for lv in self.levels]

    def all_keys(self) -> dict[str, Level]:
        return {norm(x): lv for lv in [*self.levels, *self.nonsub] for x in lv.labels}

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def add_nonsub(self, label: str, code: Any = None) -> None:
        for lv in self.nonsub:
            if norm(label) in {norm(x) for x in lv.labels} or (code is not None and lv.code == code):
                lv.add(label)
                return
        self.nonsub.append(Level(code, [label]))
        if is_ambiguous_middle(label):
            self.note(f"{label!r} is kept apart as a non-substantive answer (left out of means); if it is this "
                      "scale's middle answer, move it into `levels` between the two middle levels")

    def join_nonsub(self, other: Level) -> None:
        """A non-substantive answer of another wave's scale (with its aliases) as this scale's:
        joined to the one with its text, else added with its code. A code that is another
        answer here (9 = 'No answer' in one wave, 9 = "Don't know" in the next) never makes them
        one answer: the new one is kept apart under a free code, noted (each wave's `recode:`
        maps its code to its answer by label)."""
        known = {norm(x): lv for lv in self.nonsub for x in lv.labels}
        mine = next((known[norm(x)] for x in other.labels if norm(x) in known), None)
        if mine is None:
            clash = next((lv for lv in [*self.levels, *self.nonsub]
                          if other.code is not None and lv.code == other.code), None)
            code = other.code
            if clash is not None:
                taken = {lv.code for lv in [*self.levels, *self.nonsub]}
                code = next((c for c in _SPARE if c not in taken),
                            max((c for c in taken if isinstance(c, int | float)), default=0) + 1)
                self.note(f"code {_shown(other.code)} is {clash.labels[0]!r} in one wave or question and {other.labels[0]!r} "
                          f"in another sharing this scale: two answers, never one by their code, so {other.labels[0]!r} is kept apart as "
                          f"code {_shown(code)} (the `recode:` of a wave whose file codes it otherwise maps its code "
                          "to it)")
            self.add_nonsub(other.labels[0], code)
            mine = self.nonsub[-1]
        for lab in other.labels:
            mine.add(lab)

    def top_box(self) -> list:
        if not self.likert or self.family not in _POSITIVE or len(self.levels) < 3:
            return []
        codes = [lv.code for lv in self.levels]
        return codes[-2:] if len(codes) >= 4 else codes[-1:]

    def finish(self) -> None:
        """Codes for the non-substantive answers that have none (9, 99, 98, ... not taken)."""
        taken = {lv.code for lv in self.levels} | {lv.code for lv in self.nonsub if lv.code is not None}
        spare = (c for c in _SPARE if c not in taken)
        for lv in self.nonsub:
            if lv.code is None:
                lv.code = next(spare)


_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
                 "sju": 7, "syv": 7, "åtte": 8, "åtta": 8, "otte": 8, "ti": 10, "tio": 10, "två": 2, "fyra": 4,
                 "sex": 6, "nio": 9, "null": 0, "zero": 0, "none": 0}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b")


def _unit_of(label: str) -> str | None:
    """The time unit after the first number of an answer ("30 - 59 min": "min"; "19 - 30 år": "år"), or None."""
    text = _WORD_NUMBER.sub(lambda m: str(_WORD_NUMBERS[m.group(1)]), label.casefold())
    m = _NUMBER_IN.match(text)
    unit = _TIME_UNIT.match(text[m.end():]) if m else None
    return next(k for k in _MINUTES if unit.group(1).startswith(k)) if unit else None


def _natural_keys(labels: list[str]) -> Callable[[str], tuple]:
    """The sort key of :func:`_natural_key` for one set of answers, alike for all of them: their numbers
    are put in minutes only when the answers carry different time units ("30 - 59 min" before "1 - 2
    hours"); when one unit is all they carry, or only some carry one ("66 og eldre" beside "19 - 30
    år"), the bare numbers are compared (years are no minutes to an age band)."""
    units = {_MINUTES[u] for u in map(_unit_of, labels) if u is not None}
    return partial(_natural_key, units=len(units) > 1)


def _natural_key(label: str, units: bool = True) -> tuple:
    text = _WORD_NUMBER.sub(lambda m: str(_WORD_NUMBERS[m.group(1)]), label.casefold())
    m = _NUMBER_IN.match(text)
    if not m:
        return (1, 0.0, label.casefold())
    digits = m.group(2)
    thousands = "," in digits and len(digits.split(",")[-1].split(".")[0]) == 3
    try:  # 1,500 and 2,500.5 group thousands; 7,5 is a decimal comma
        value = float(digits.replace(",", "")) if thousands else float(digits.replace(",", "."))
    except ValueError:  # 1.234,5 and the like: sorted as text
        return (1, 0.0, label.casefold())
    shift = -0.5 if m.group(1) and not _ABOVE.search(text) else 0.5 if _ABOVE.search(text) else 0.0
    unit = _TIME_UNIT.match(text[m.end():]) if units else None   # "30 - 59 min" before "1 - 2 hours"
    if unit:
        value *= next(v for k, v in _MINUTES.items() if unit.group(1).startswith(k))
    return (0, value + shift, label.casefold())


# a time unit after a number (or a range of numbers), in minutes
_MINUTES = {"sec": 1 / 60, "sek": 1 / 60, "min": 1.0, "hour": 60.0, "hr": 60.0, "tim": 60.0, "day": 1440.0,
            "dag": 1440.0, "week": 10080.0, "uke": 10080.0, "uka": 10080.0, "veck": 10080.0, "uge": 10080.0,
            "month": 43830.0, "måned": 43830.0, "månad": 43830.0, "year": 525960.0, "år": 525960.0,
            "jahr": 525960.0, "vuo": 525960.0}
_TIME_UNIT = re.compile(r"^\s*(?:(?:-|–|to|til|till)\s*\d+(?:[.,]\d+)?\s*)?"
                        r"(sec(?:ond)?s?|sek(?:und)?\w*|min(?:ute)?s?|minutt\w*|minut\w*|hours?|hrs?|timer|timar|"
                        r"timm\w*|days?|dag\w*|weeks?|uke\w*|uka|veck\w*|uge\w*|months?|måned\w*|månad\w*|years?|år|"
                        r"jahre?n?|vuotta|vuoden|vuotias)\b")


def _split(labels: list[str]) -> tuple[list[str], list[str]]:
    subst = [x for x in labels if not is_nonsubstantive(x)]
    return subst, [x for x in labels if is_nonsubstantive(x)]


def _grouped(labels: list[str]) -> dict[str, list[str]]:
    """Answer texts grouped by :func:`norm`: the variants of one answer."""
    groups: dict[str, list[str]] = {}
    for lab in labels:
        groups.setdefault(norm(lab), []).append(lab)
    return groups


def _numbered(labels: list[str]) -> dict[int, list[str]] | None:
    """Numbered answers ("1: Never", "2", "3", "5: Every day") by their number, or None."""
    codes: dict[int, list[str]] = {}
    texts = 0
    for lab in labels:
        code, _rest = leading_code(lab)
        if code is None and _INT.match(lab.strip()):
            code = int(lab.strip())
        elif code is None:
            return None
        else:
            texts += 1
        codes.setdefault(code, []).append(lab)
    return codes if texts and len(codes) >= 2 else None


def from_text(values: pd.Series) -> DraftScale | None:
    """A scale from the answer texts of a column (or of the stacked rows of a grid); None when
    there is no substantive answer."""
    answers = present(values)
    counts = answers.astype(str).value_counts(sort=False)
    distinct = list(dict.fromkeys(answers.astype(str)))
    subst, nonsub = _split(distinct)
    if not subst:
        return None
    scale = _from_labels(subst, counts)
    for lab in nonsub:
        scale.add_nonsub(lab)
    seen = [lv for lv in scale.levels if lv.seen]
    pair = known_order([seen[0].labels[0]]) if len(scale.levels) == 1 and seen else None
    if pair is not None:   # "NO" alone: one answer of ("No", "Yes"), but no other answer says it is that question
        scale.note(f"its only answer is {seen[0].labels[0]!r}, one of the answers {list(pair.levels)}: with no other "
                   "answer given, that question is not concluded (it may be a code: 'NO' is Norway's country code). "
                   "If it is that question, give it a scale of both answers (the file's other such questions have "
                   "one); if it is a code, make it `text`")
    if len(seen) == 1:  # one option of a "select all that apply" question exported as its own column
        scale.note(f"every answer given is {seen[0].labels[0]!r}, so its share is 100 % of those who answered. If an "
                   "empty cell means 'not chosen' (one option of a 'select all that apply' question), map the column "
                   "as a multi-select with this one option and `blank: none`, so the share is of everyone asked "
                   "(docs/config.md); else check that the question is worth reporting")
    return scale


def _label_of(variants: list[str], counts: pd.Series | None) -> list[str]:
    """The variants of one answer, the most frequent (or the one with a text) first."""
    if counts is None:
        return list(variants)
    return sorted(variants, key=lambda v: (-counts.get(v, 0), variants.index(v)))


def _rating_digits(labels: list[str]) -> dict[int, list[str]] | None:
    """Bare whole numbers of a rating scale written as text ("1" ... "7" of a Google Forms linear
    scale): three or more, from 0 or 1 up to at most 10, by their number; else None."""
    if len(labels) < 3 or not all(re.fullmatch(r"\d{1,2}", lab.strip()) for lab in labels):
        return None
    codes: dict[int, list[str]] = {}
    for lab in labels:
        codes.setdefault(int(lab.strip()), []).append(lab)
    return codes if min(codes) in (0, 1) and max(codes) <= 10 and len(codes) >= 3 else None


def _from_labels(subst: list[str], counts: pd.Series | None = None) -> DraftScale:
    digits = _rating_digits(subst)
    if digits:   # a numbered rating scale: the numbers are the scores (ordered, with means)
        return DraftScale(_filled(digits), True, "numbered", True, True)
    numbered = _numbered(subst)
    if numbered:
        return _from_numbered(numbered)
    letters = lettered(subst)
    if letters:   # "a) Strongly agree", "b) Agree" ...: the scale of the words, each answer as written
        scale = _from_labels(list(letters), None if counts is None else counts.rename(
            {v: k for k, v in letters.items()}))
        for lv in [*scale.levels, *scale.nonsub]:
            lv.labels = [letters.get(x, x) for x in lv.labels]
        return scale
    groups = _grouped(subst)
    labels = [_label_of(v, counts) for v in groups.values()]
    firsts = [v[0] for v in labels]
    # one answer only ("NO" in every row: Norway's country code, or a yes/no question all answered alike?)
    # concludes no two-answer scale: its one level, and the caller's REVIEW note
    known = known_order(firsts) if len(firsts) > 1 else None
    if known is not None:
        by_key = {norm(v[0]): v for v in labels}
        levels = [Level(i + 1, by_key.get(norm(x), [x]), norm(x) in by_key) for i, x in enumerate(known.levels)]
        scale = DraftScale(levels, True, known.family, known.family not in _UNSCORED)
        _unseen_note(scale, added=True)
        if known.ambiguous:
            scale.note("only some levels of this scale were answered, and several known scales fit: check that "
                       "no level is missing (the codes are the scores used for means)")
        return scale
    order = word_order(firsts)
    if order is not None:
        return _by_words(labels, firsts, order)
    often = frequency_order(firsts)
    if often is not None:
        by_key = {norm(v[0]): v for v in labels}
        levels = [Level(i + 1, by_key[norm(x)]) for i, x in enumerate(often)]
        scale = DraftScale(levels, True, "frequency", True)
        scale.note(_BY_OFTEN)
        return scale
    amount = quantity_order(firsts)
    balance = balance_order(firsts)
    for order, family, why in ((amount, "quantity", _BY_AMOUNT),
                               (balance and balance[0], "balance", balance and _balance_note(*balance))):
        if order:
            by_key = {norm(v[0]): v for v in labels}
            scale = DraftScale([Level(i + 1, by_key[norm(x)]) for i, x in enumerate(order)], True, family, True)
            scale.note(str(why))
            return scale
    if _numbered_text(firsts):
        key = _natural_keys([v[0] for v in labels])
        levels = [Level(i + 1, v) for i, v in enumerate(sorted(labels, key=lambda v: key(v[0])))]
        scale = DraftScale(levels, True, "ordinal")
        scale.note(_BY_NUMBERS)
        return scale
    ranks = word_ranks(firsts)
    if ranks is not None:
        return _tied(labels, ranks)
    apart = _opted_out(subst, firsts, counts)
    if apart is not None:
        return apart
    labels, apart = _punctuation_apart(labels)
    key = _natural_keys([v[0] for v in labels])
    levels = [Level(i + 1, v) for i, v in enumerate(sorted(labels, key=lambda v: key(v[0])))]
    scale = DraftScale(levels, False)
    for variants in apart:
        scale.note("answers that differ only in a comma (or semicolon) between their words kept as levels of their own: "
                   f"{' and '.join(repr(v) for v in variants)} (a comma can be what the question asks about); "
                   "if they are one answer, move one into the other's `aliases` and delete its level")
    _maybe_ordinal(scale, firsts)
    _maybe_variants(scale, firsts)
    return scale


def _filled(numbered: dict[int, list[str]], skip: set[int] = frozenset()) -> list[Level]:
    """The levels of numbered answers in code order, a level "n" for each number within their range
    nobody chose (the codes are the scores)."""
    codes = sorted(set(numbered) - skip)
    lo, hi = codes[0], codes[-1]
    levels = []
    for code in range(lo, hi + 1) if hi - lo <= 20 else codes:
        if code in skip:
            continue
        labs = sorted(numbered.get(code, [str(code)]), key=lambda x: (leading_code(x)[0] is None, x))
        levels.append(Level(code, labs, code in numbered))
    return levels


def _from_numbered(numbered: dict[int, list[str]]) -> DraftScale:
    """Answers the export numbers ("1. Apartment", "2. House"; "1: Never", "2", "3", "4", "5: Every
    day"). A number says where an answer stands in a list, not that the list is a scale: the
    numbers are the scores of a scale when bare numbers were chosen among the answers (a rating
    scale whose ends or points are labelled) or when the answers' words (without their numbers)
    make a scale that runs in the numbers' order (the lexicon, the words, how often, how much, the
    numbers in them); words running against the numbers are put low -> high, each code then the
    score, not the export's number. Otherwise the answers are categories: the export's numbers are
    their codes, unordered, under REVIEW. An "Other (please specify)" among a scale's answers is kept
    apart as non-substantive, noted."""
    bare = any(leading_code(x)[0] is None for labs in numbered.values() for x in labs)
    pairs = sorted((leading_code(x)[0], leading_code(x)[1]) for labs in numbered.values() for x in labs
                   if leading_code(x)[0] is not None)
    texts = [t for _, t in pairs]
    if bare:   # a rating scale with labelled points: the numbers are the scores
        known = known_order(texts)
        family = known.family if known else word_family(texts) or "numbered"
        scale = DraftScale(_filled(numbered), True, family, True, True)
        if known is not None and not known.ambiguous and len(texts) >= 2:
            positions = [known.position[norm(t)] for t in texts]
            if _rising(positions[::-1]):
                scale.note("the numbers run against the words of the answers (the lowest number is the most "
                           "positive answer): means use the numbers; reverse the codes if that is wrong")
        return scale
    out: set[int] = set()
    ranked = _ranked_by_words(texts)
    if ranked is None:
        out = {c for c, t in pairs if _OPT_OUT.match(normalise_label(t))}
        rest = [t for c, t in pairs if c not in out]
        if out and len(out) <= 2 and len({norm(t) for t in rest}) >= 2:
            ranked = _ranked_by_words(rest)
    if ranked is None:
        return _numbered_categories(numbered)
    ranks, family, likert, why = ranked
    by_code: dict[int, set[float]] = {}
    for c, t in pairs:
        if c not in out:
            by_code.setdefault(c, set()).add(ranks[norm(t)])
    order = [min(by_code[c]) for c in sorted(by_code)]
    if any(len(r) > 1 for r in by_code.values()) or not (_rising(order) or _rising(order[::-1])):
        scale = _numbered_categories(numbered)
        scale.note("the answers' words make a scale, but it does not run in the order of the export's numbers: "
                   "listed in number order, unordered; put the levels low -> high and make the questions "
                   "`likert` if the scale is ordinal")
        return scale
    levels = _filled(numbered, out)
    if _rising(order):
        scale = DraftScale(levels, True, family, likert, True)
    else:   # "1. More than once per week", "2. Once per week", "3. Once every two weeks": high -> low
        lo, hi = min(lv.code for lv in levels), max(lv.code for lv in levels)
        for lv in levels:
            lv.code = lo + hi - lv.code
        levels.reverse()
        scale = DraftScale(levels, True, family, likert)
        first = next(lv for lv in levels[::-1] if lv.seen).labels[0]
        if family not in _UNSCORED:   # no scores to run one way or the other
            scale.note(f"the export numbers these answers high -> low ({first!r} first): the levels run low -> high and "
                       "each code is the score used for means, not the export's number (the answers are matched "
                       "by their text); check the order")
    if why:
        scale.note(why)
    for c in sorted(out):
        for lab in numbered[c]:
            scale.add_nonsub(lab)
            scale.note(f"{lab!r} is not an answer on this scale: kept apart as a non-substantive answer (left out "
                       "of means and of the shares of the levels); if it is a level, move it into `levels`")
    return scale


def _numbered_categories(numbered: dict[int, list[str]]) -> DraftScale:
    """Numbered answers that are not (known to be) a scale: categories, each with the export's number as its
    code, unordered, under REVIEW when they may be ordered."""
    levels = [Level(c, sorted(labs, key=lambda x: (leading_code(x)[0] is None, x))) for c, labs in sorted(numbered.items())]
    scale = DraftScale(levels, False, fixed=True)
    texts = [leading_code(lv.labels[0])[1] for lv in levels]
    _maybe_ordinal(scale, texts)
    if len(levels) >= 3 and not scale.notes:
        shown = ", ".join(f"{lv.code} = {leading_code(lv.labels[0])[1]!r}" for lv in levels)
        scale.note(f"the export numbers these answers ({shown}): numbers in a list of answers need not be a scale, so "
                   "they are drafted as categories without an order. If the answers are ordered, list the levels low "
                   "-> high, remove `ordered: false` and make the questions `likert`")
    return scale


_BY_WORDS = "ordered low -> high by the words of the answers (not a scale the lexicon knows): check the order"
_BY_OFTEN = "ordered from least to most often by what the answers say: check the order"
_BY_AMOUNT = "ordered from least to most by the words of the answers ('None' < 'Some' < 'Most' < 'All'): check the order"
_BY_NUMBERS = "levels ordered by the numbers in the answers: check the order"


def _balance_note(order: list[str], certain: bool) -> str:
    ends = f"{order[0]!r} ... {order[-1]!r}"
    if certain:
        return f"ordered from one end to the other by the words of the answers ({ends}, the right middle between): " \
               "check the order"
    return (f"ordered from one end to the other by the words of the answers ({ends}, the right middle between), but "
            f"the words do not say which end is low: {order[0]!r} is put first (code 1). Reverse the levels if the "
            "other end should score low (the codes are the scores used for means)")


def _ranked_by_words(texts: list[str]) -> tuple[dict[str, float], str | None, bool, str | None] | None:
    """Where each answer text (by :func:`norm`) stands on the scale its words make, the scale's family,
    whether it is likert (scored, with means) and the note to give; None when the words give no
    order. The lexicon first, then the words (head and degree), how often, how much, a "too ..."
    scale, the numbers in the answers."""
    texts = list({norm(t): t for t in texts}.values())
    known = known_order(texts)
    if known is not None:
        return {k: float(i) for k, i in known.position.items()}, known.family, known.family not in _UNSCORED, None
    found: list[tuple[list[str] | None, str | None, bool, str | None]] = [
        (word_order(texts), word_family(texts), True, _BY_WORDS),
        (frequency_order(texts), "frequency", True, _BY_OFTEN),
        (quantity_order(texts), "quantity", True, _BY_AMOUNT)]
    balance = balance_order(texts)
    if balance is not None:
        found.append((balance[0], "balance", True, _balance_note(*balance)))
    if _numbered_text(texts):
        found.append((sorted(texts, key=_natural_keys(texts)), "ordinal", False, _BY_NUMBERS))
    for order, family, likert, why in found:
        if order is not None:
            return {norm(x): float(i) for i, x in enumerate(order)}, family, likert, why
    return None


def _by_words(labels: list[list[str]], firsts: list[str], order: list[str]) -> DraftScale:
    """The scale of answers ordered by their words (:func:`word_order`). A balanced scale (its middle
    "Neither X nor unX" among the answers) gets the levels its other side shows it has but nobody
    chose, where they stand (a missing end would shift every code, and so every mean, by one);
    without a middle the two sides may differ on purpose, so such levels are only named under
    REVIEW. Ends that look short of the scale's are noted too."""
    by_key = {norm(v[0]): v for v in labels}
    ranks = word_ranks(firsts) or {}
    mirrors = missing_mirrors(firsts)
    added = mirrors if 0.0 in ranks.values() else []
    placed = sorted([(ranks[x], by_key[norm(x)], True) for x in order] + [(r, [x], False) for r, x in added],
                    key=lambda t: t[0])
    levels = [Level(i + 1, texts, seen) for i, (_, texts, seen) in enumerate(placed)]
    scale = DraftScale(levels, True, word_family(firsts), True)
    scale.note("ordered low -> high by the words of the answers (not a scale the lexicon knows): check the order")
    if added:
        shown = ", ".join(f"{lv.labels[0]!r} (code {lv.code})" for lv in levels if not lv.seen)
        scale.note(f"nobody chose {shown}, but the other answers show this two-sided scale has it: added so that "
                   "the codes (the scores used for means) are the scale's; check its wording and that the question "
                   "offered it, or remove it and renumber the codes if it did not")
    if mirrors and not added:
        scale.note(f"the two sides of this scale differ: nobody chose {', '.join(repr(x) for _, x in mirrors)}, "
                   "which the other side's answers suggest it has. If the question offered one, add it as a level "
                   "where it stands and renumber the codes (the scores used for means), or every mean is off")
    short = moderate_ends([*firsts, *(x for _, x in added)])
    if short:
        scale.note(f"the scale ends in moderate answers ({', '.join(map(repr, short))}): a stronger answer beyond "
                   "them ('very ...') may be missing because nobody chose it; if the question offered one, add it "
                   "as a level and renumber the codes, or every mean is off")
    return scale


def _opted_out(subst: list[str], firsts: list[str], counts: pd.Series | None) -> DraftScale | None:
    """The scale without one or two answers that step out of it ("I don't use Python" among "Daily"
    ... "Monthly"), when the rest is a scale with a known order; those answers kept apart, noted."""
    out = {norm(x) for x in firsts if _OPT_OUT.match(normalise_label(x))}
    if not out or len(out) > 2 or len(firsts) - len(out) < 2:
        return None
    scale = _from_labels([x for x in subst if norm(x) not in out], counts)
    if not scale.ordered:
        return None
    for lab in (x for x in subst if norm(x) in out):
        scale.add_nonsub(lab)
        if norm(lab) in {norm(x) for x in firsts}:
            scale.note(f"{lab!r} is not an answer on this scale: kept apart as a non-substantive answer (left out "
                       "of means and of the shares of the levels); if it is a level, move it into `levels`")
    return scale


def _inner(text: str) -> str:
    """An answer as :func:`norm` folds it, but with its commas and semicolons between words kept:
    "5: Agree." is "agree", "Non-binary" is "Non binary"; "kind, and loyal" is not "kind and loyal"."""
    _, rest = leading_code(text)
    folded = re.sub(r"[^\w,;']+", " ", rest.replace("’", "'").casefold()).replace("'", "")
    return " ".join(re.sub(r"\s*([,;])\s*", r"\1 ", folded).split()).strip(" ,;")


def _punctuation_apart(labels: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """The groups of variants of one answer, split where variants differ in a mark between their
    words (the serial comma: "honest, kind, and loyal." and "honest, kind and loyal."), and the
    answers so kept apart (their most frequent spelling each)."""
    out: list[list[str]] = []
    apart: list[list[str]] = []
    for variants in labels:
        keys: dict[str, list[str]] = {}
        for v in variants:
            keys.setdefault(_inner(v), []).append(v)
        out += keys.values()
        if len(keys) > 1:
            apart.append([v[0] for v in keys.values()])
    return out, apart


def _maybe_variants(scale: DraftScale, labels: list[str]) -> None:
    """Note answers that may be short forms of others ("K" / "Kvinne", "Videregående" / "Videregående
    skole"): kept as their own levels, for a person to join."""
    normed = {x: norm(x) for x in labels}   # once per label (a free-text column has hundreds)
    found: dict[str, str] = {}
    for short in labels:
        s = normed[short]
        longer = [x for x in labels if x != short and normed[x].startswith(s)
                  and (len(s) <= 2 or normed[x][len(s):].startswith(" "))]
        if len(longer) == 1:
            found[short] = longer[0]
    # letter codes ("Y", "N", "U", "SU" beside "NONE"): most of the one- and two-letter answers start no longer
    # answer, so the one that does is a code of its own, not a short form ('N' is "No", not "NONE")
    letters = [x for x in labels if 0 < len(normed[x]) <= 2]
    if len(letters) >= 3 and 2 * len([x for x in letters if x in found]) < len(letters):
        found = {k: v for k, v in found.items() if k not in letters}
    for short, long in found.items():
        scale.note(f"{short!r} may be a short form of {long!r}: if so, move it into that level's `aliases` "
                   "and delete its level")


def _tied(labels: list[list[str]], ranks: dict[str, float]) -> DraftScale:
    """Answers of one ordinal scale of which two or more stand at the same place ("Helt enig" and
    "Svært enig"): never merged; listed in their order, unordered, with what to decide."""
    order = sorted(labels, key=lambda v: ranks[v[0]])
    scale = DraftScale([Level(i + 1, v) for i, v in enumerate(order)], False, word_family([v[0] for v in labels]))
    groups: dict[float, list[str]] = {}
    for v in order:
        groups.setdefault(ranks[v[0]], []).append(v[0])
    for same in (g for g in groups.values() if len(g) > 1):
        rest = [v[0] for v in labels if v[0] not in same[1:]]
        known = known_order(rest)
        where = f"the known scale {' | '.join(known.levels)}" if known else "this scale"
        scale.note(f"{' and '.join(repr(x) for x in same)} stand at the same place of {where}: if they are "
                   "wordings of one answer, move all but one into that level's `aliases` and delete their levels; "
                   "then remove `ordered: false` and make the questions `likert` (the draft never merges different "
                   "answers)")
    return scale


def _numbered_text(labels: list[str]) -> bool:
    """Every answer starts with a number (or a number word), and no two with the same one."""
    key = _natural_keys(labels)
    keys = [key(x) for x in labels]
    return len(labels) >= 3 and all(k[0] == 0 for k in keys) and len({k[1] for k in keys}) == len(keys)


def _maybe_ordinal(scale: DraftScale, labels: list[str]) -> None:
    from surveykit.scaffold.lexicon import _INDEX

    def scaled(x: str) -> bool:  # a known scale's answer (not a mere "Yes" or "No"), or one that says how often
        return any(not name.startswith("yes_no_") for name, _ in _INDEX.get(norm(x), ())) or \
            times_per_year(x) is not None or relative_frequency(x) is not None

    if len(labels) < 3:
        return
    # or all answers but one ordered by their words ("Not at all comfortable" ... with "Somewhat comfortably")
    kept = [x for x in labels if not _OPT_OUT.match(normalise_label(x))]
    worded = 4 <= len(kept) <= 12 and any(word_order(kept[:i] + kept[i + 1:]) for i in range(len(kept)))
    # short answers naming two sizes, amounts, degrees or counts or more: "Low", "Medium", "High";
    # "Yes, somewhat rude", "Yes, very rude"; "Once", "Twice" (not "More books", "More events")
    sized = len({w for x in labels if len(norm(x).split()) <= 3 for w in norm(x).split() if w in _MAGNITUDE}) >= 2
    # or numbers in most answers that the draft could not order by them (heights: 5'1", 5'10")
    counted = sum(any(ch.isdigit() for ch in str(x)) for x in labels) >= max(3, len(labels) / 2)
    # steps between answers, comparisons: pairs of answers, so only where the answers are few
    # (more than 40 unordered answers are drafted as text anyway)
    paired = len(labels) <= 40 and (_graded(labels) or _compared(labels))
    if worded or sized or counted or paired or sum(scaled(x) for x in labels) >= len(labels) / 2:
        scale.note("these answers look like an ordinal scale the draft could not order: list the levels low -> high, "
                   "remove `ordered: false`, and make the questions `likert`")


def _graded(labels: list[str]) -> bool:
    """An answer made of two others, a step between them: "Medium rare" between "Medium" and
    "Rare" (fivethirtyeight's steak survey), "Sometimes often"."""
    words = {norm(x) for x in labels if len(norm(x).split()) == 1}
    return any(len(parts := norm(x).split()) == 2 and parts[0] != parts[1] and set(parts) <= words
               for x in labels)


def _compared(labels: list[str]) -> bool:
    """An answer that is another answer with a comparison: "Less than high school degree" beside
    "High school degree" (fivethirtyeight's surveys), "Mer enn 10 år" beside "10 år"."""
    texts = {norm(x) for x in labels}
    for x in texts:
        for y in texts:
            if y != x and f" {y} " in f" {x} ":
                rest = f" {x} ".replace(f" {y} ", " ", 1)
                if any(f" {c} " in rest for c in _COMPARISONS):
                    return True
    return False


# a comparison that makes one answer lie below or above another (English, Norwegian, Swedish,
# Danish)
_COMPARISONS = (
    "less than", "more than", "fewer than", "under", "over", "below", "above", "at least", "at most",
    "up to", "or more", "or less", "or fewer", "or higher", "or lower", "mindre enn", "mer enn",
    "færre enn", "minst", "høyst", "opptil", "eller mer", "eller mindre", "mindre än", "mer än",
    "färre än", "över", "högst", "upp till", "mindre end", "mere end", "færre end", "mindst", "højst",
    "op til", "eller mere",
)


# words of size, amount and count (English, Norwegian, Swedish, Danish), and the degrees the
# lexicon knows: answers holding them have an order the draft cannot know ("Small" ... "Extra large")
_MAGNITUDE = frozenset({
    "low", "lower", "lowest", "medium", "middle", "moderate", "high", "higher", "highest", "small",
    "smaller", "smallest", "large", "larger", "largest", "big", "little", "much", "more", "most", "less",
    "least", "few", "many", "short", "long", "lav", "lavt", "lavere", "lavest", "middels", "moderat", "høy",
    "høyt", "høyere", "høyest", "liten", "lite", "lita", "mindre", "minst", "stor", "stort", "større",
    "størst", "noe", "mye", "mer", "mest", "få", "fleire", "flere", "mange", "kort", "lang", "låg", "lågt",
    "lägre", "lägst", "medel", "mellan", "hög", "högt", "högre", "högst", "litet", "små", "större", "störst",
    "mycket", "mellem", "høj", "højt", "højere", "højest", "lille", "meget",
    # counts
    "once", "twice", "times", "gang", "ganger", "gång", "gånger", "gange",
}) | DEGREE_WORDS  # and degrees: very, somewhat, litt, ganska ...


def _rising(positions: list[int]) -> bool:
    return all(a < b for a, b in itertools.pairwise(positions))


def _no_answer_label(label: str) -> bool:
    """A label saying no answer ("Missing", "N/A"), or a code labelled with itself far below the
    answers (-99, -999999999; not -1 ... -9, which tools such as SoSci Survey give residual
    answers such as "don't know")."""
    text = " ".join(str(label).split()).casefold()
    if text in NO_ANSWER_MARKS:
        return True
    try:
        return float(text) <= -99
    except ValueError:
        return False


def no_answer_codes(scale: DraftScale) -> list[Any]:
    """The codes of ``scale``'s non-substantive answers that mean no answer, taken out of it: a
    label such as "Missing", "No answer", "Ikke svart", "N/A", or a negative code labelled with
    itself (Survey Solutions' -999999999). They go under the variable's `missing:` (out of every
    base), not among the "Vet ikke" answers kept apart and shown as a share.

    >>> s = DraftScale([Level(1, ["Ja"]), Level(2, ["Nei"])], False,
    ...                nonsub=[Level(9, ["Vet ikke"]), Level(-999999999, ["Missing"])])
    >>> no_answer_codes(s), [lv.labels[0] for lv in s.nonsub]
    ([-999999999], ['Vet ikke'])
    """
    gone = [lv for lv in scale.nonsub if lv.code is not None and lv.labels
            and all(_no_answer_label(label) for label in lv.labels)]
    scale.nonsub = [lv for lv in scale.nonsub if lv not in gone]
    return [int(lv.code) if isinstance(lv.code, float) and lv.code.is_integer() else lv.code for lv in gone]


def from_codes(labels: Mapping[Any, str], seen: set, user_missing: set = frozenset(),
               measure: str | None = None) -> DraftScale:
    """A scale from value labels (code -> text: SPSS, SurveyXact, a Qualtrics .qsf, a Nettskjema .sps)
    and the codes seen in the data; ``measure`` is SPSS's measure level of the variable (nominal,
    ordinal, scale, unknown), if any."""
    if any(isinstance(_num(c), str) for c in labels):
        return _letter_coded(labels, seen, user_missing)
    pairs, alike = _told_apart(sorted(((_num(c), str(lab).strip()) for c, lab in labels.items()),
                                      key=lambda kv: kv[0]))
    subst = [(c, lab) for c, lab in pairs if not is_nonsubstantive(lab) and c not in user_missing and lab]
    nonsub = [(c, lab) for c, lab in pairs if (c, lab) not in subst]
    codes = [c for c, _ in subst]
    unlabelled = sorted({_num(c) for c in seen} - {c for c, _ in pairs})
    inside = [c for c in unlabelled if codes and min(codes) < c < max(codes)]
    outside = [c for c in unlabelled if c not in inside]
    subst = sorted(subst + [(c, str(c)) for c in inside], key=lambda kv: kv[0])
    scale = _coded(subst)
    for c, lab in nonsub:
        scale.add_nonsub(lab, c)
    declared = [c for c in outside if c in user_missing]  # missing codes without a label of their own
    outside = [c for c in outside if c not in user_missing]
    for c in declared:
        scale.add_nonsub(str(c), c)
    if any(c in user_missing for c, _ in pairs) or declared:
        scale.note(f"codes {sorted(user_missing)} are declared missing in the file: kept as non-substantive")
    for c in outside:
        scale.add_nonsub(str(c), c)
    for note in alike:
        scale.note(note)
    if measure != "nominal":  # SPSS's measure level, when the file declares one
        _code_order(scale, declared=measure == "ordinal")
    if outside:
        scale.note(f"codes {outside} occur in the data without a value label; they are put under `nonsubstantive:` "
                   "- move them to `levels:` if they are real answers")
    return scale


def _code_order(scale: DraftScale, declared: bool = False) -> None:
    """Note an unordered scale whose file numbers its answers 1, 2, 3 ... (GSS HAPPY 1 = 'Very
    happy', 2 = 'Pretty happy', 3 = 'Not too happy'): the codes may give an order the draft did
    not take from the words; the analyst decides (categories are numbered so too). ``declared``:
    the file calls the variable ordinal."""
    codes = [lv.code for lv in scale.levels]
    if scale.ordered or not 3 <= len(codes) <= 10 or any(not isinstance(c, int) for c in codes):
        return
    if codes != list(range(codes[0], codes[0] + len(codes))) or codes[0] not in (0, 1):
        return
    if any("ordinal scale" in n or "code order" in n for n in scale.notes):
        return  # already said
    if gender_answers([lv.labels[0] for lv in [*scale.levels, *scale.nonsub]]):
        return  # 1 = "Kvinde", 2 = "Mand", 3 = "Andet": the answers of a gender question, never an order
    shown = ", ".join(f"{lv.code} = {lv.labels[0]!r}" for lv in scale.levels)
    said = " and declares them ordinal (SPSS measure)" if declared else ""
    scale.note(f"the file numbers these answers in a row ({shown}){said}: an order the draft did not take (it "
               "does not know them as a scale). If the answers are ordered, list the levels low -> high (the codes are the "
               "scores; `recode:` the source if the file runs high -> low), remove `ordered: false` and make the "
               "questions `likert`; if they are categories without an order, leave them")


def _told_apart(pairs: list[tuple[Any, str]]) -> tuple[list[tuple[Any, str]], list[str]]:
    """Value labels (code, label) with every label the file gives to several codes made distinct
    by its code ("3rd person related, no children (code 43)" and "... (code 51)"): they are
    different codes, so neither is merged into the other nor relabelled as it; a note says so.

    >>> _told_apart([(43, "Related"), (51, "related "), (60, "Other")])[0]
    [(43, 'Related (code 43)'), (51, 'related (code 51)'), (60, 'Other')]
    """
    def same(label: str) -> str:  # as the cleaning matches labels (surveykit.config.codebook.normalise_label)
        return " ".join(label.split()).casefold()

    codes: dict[str, list[Any]] = {}
    for code, label in pairs:
        if label:
            codes.setdefault(same(label), []).append(code)
    alike = {key: found for key, found in codes.items() if len(found) > 1}
    if not alike:
        return pairs, []
    out = [(c, f"{lab.strip()} (code {c})" if lab and same(lab) in alike else lab) for c, lab in pairs]
    notes = []
    for found in alike.values():
        label = next(lab for c, lab in pairs if c == found[0])
        shown = ", ".join(map(str, found[:-1])) + f" and {found[-1]}"
        notes.append(f"the file labels codes {shown} alike ({label!r}): they are different codes, so each is "
                     "kept with its code added to the label; give each the answer the questionnaire gives it (if "
                     "they are one answer, `recode:` one code into the other in the source)")
    return out, notes


def _letter_coded(labels: Mapping[Any, str], seen: set, user_missing: set = frozenset()) -> DraftScale:
    """Value labels of a text variable (SPSS: "a" = "Apple"): scale codes must be numbers, so the
    answers are numbered 1, 2, ... in the file's code order, each with its code as an alias
    (the data hold the codes); answers without a label are levels of their own, and codes the
    file declares missing ("Z") are non-substantive."""
    missing = {str(v).strip() for v in user_missing}
    given = {str(v).strip() for v in seen} - {""}
    items, alike = _told_apart(sorted((str(c).strip(), str(lab).strip()) for c, lab in labels.items()))
    answers = [(code, lab or code) for code, lab in items if not is_nonsubstantive(lab) and code not in missing]
    known = {x.casefold() for pair in items for x in pair}
    extra = sorted((x for x in given - missing if x.casefold() not in known), key=str.casefold)
    levels = [Level(i + 1, [lab] + ([code] if code and code != lab else []))
              for i, (code, lab) in enumerate(answers + [(x, x) for x in extra])]
    scale = DraftScale(levels or [Level(None, ["?"])], False)
    for code, lab in items:
        if is_nonsubstantive(lab) or code in missing:
            scale.add_nonsub(lab or code)
            scale.nonsub[-1].add(code)
    for code in sorted((missing & given) - {c for c, _ in items}):
        scale.add_nonsub(code)
    if missing & given:
        scale.note(f"codes {sorted(missing)} are declared missing in the file: kept as non-substantive")
    scale.note("the file codes these answers with letters (value labels of a text variable): numbered in "
               "the order of its codes, each code kept as an alias; check the order")
    if extra:
        scale.note(f"answers {extra} have no value label in the file: added as levels")
    for note in alike:
        scale.note(note)
    return scale


def code_value(code: Any) -> Any:
    """A code as a number (2.0 -> 2) when it is one, else as it is ("a")."""
    try:
        value = float(code)
    except (TypeError, ValueError):
        return code
    return int(value) if value.is_integer() else value


_num = code_value


def _coded(subst: list[tuple[Any, str]]) -> DraftScale:
    """Coded answers in code order: the lexicon or the words decide whether the codes run low -> high."""
    if not subst:
        return DraftScale([Level(None, ["?"])], False, fixed=True)
    # an end label led by its own code and a space ("0 Slet ikke sandsynligt", "10 Extremely
    # likely"): the words after the code tell the order (the label is kept as the file gives it)
    bare = [_own_code_off(c, lab) for c, lab in subst]
    texts = [lab for lab in bare if not _INT.match(lab)]
    order = None
    family = None
    known = known_order(texts) if texts else None
    if known is not None and not known.ambiguous:
        rank = {k: i for k, i in known.position.items()}
        order, family = [rank.get(norm(lab)) for lab in bare], known.family
    elif texts and (words := word_order(texts)) is not None:
        order, family = [words.index(lab) if lab in words else None for lab in bare], word_family(texts)
    elif known is not None:
        order, family = [known.position.get(norm(lab)) for lab in bare], known.family
    levels = [Level(c, [lab]) for c, lab in subst]
    _compare_bare(levels, bare)
    if order is not None:
        ranks = [r for r in order if r is not None]
        rising, falling = _rising(ranks), _rising(ranks[::-1])
        gaps_ok = all(_INT.match(lab) for (_, lab), r in zip(subst, order, strict=True) if r is None)
        if gaps_ok and (rising or falling) and len(ranks) >= 2:
            scale = DraftScale(levels, True, family, family not in _UNSCORED, True)
            if falling:
                scale.levels = levels[::-1]
                scale.recode = {c: i + 1 for i, (c, _) in enumerate(subst[::-1])}
                for i, lv in enumerate(scale.levels):
                    lv.code = i + 1
                if family not in _UNSCORED:   # a yes/no question has no means: its recode needs no note
                    scale.note("the file codes this scale high -> low (first code = most positive): `recode` "
                               "gives the scores low -> high; means use the scores")
            if known is None:
                scale.note("ordered low -> high by the words of the answers: check the order")
            return scale
        if (known is not None and not known.ambiguous and all(r is not None for r in order)
                and len(set(order)) == len(order) >= 3):
            return _known_out_of_order(subst, order, known.family)
        scale = DraftScale(levels, False, fixed=True)
        scale.note("the answers' words do not run in code order: listed in code order, unordered; put the levels "
                   "low -> high and make it likert if the scale is ordinal")
        return scale
    if _numbered_text([lab for _, lab in subst]):
        key = _natural_keys([cl[1] for cl in subst])
        natural = sorted(subst, key=lambda cl: key(cl[1]))
        scale = DraftScale(levels, True, "ordinal", fixed=True)
        if natural != subst:
            scale.note("the numbers in the answers do not run in code order: check the order")
        return scale
    scale = DraftScale(levels, False, fixed=True)
    _maybe_ordinal(scale, [lab for _, lab in subst])
    return scale


def _compare_bare(levels: list[Level], bare: list[str]) -> None:
    """Each level whose label is led by its own code ("0 Slet ikke sandsynligt" of code 0) compared
    across waves without it (another wave writes "0 - Slet ikke sandsynligt" or "Slet ikke
    sandsynligt"), the label kept as the file gives it. Never when the labels without their codes
    are alike ("1 barn", "2 barn": the number is the answer) or a bare number."""
    cut = [(lv, b) for lv, b in zip(levels, bare, strict=True) if b != lv.labels[0]]
    keys = [norm(b) for _, b in cut] + [norm(lv.labels[0]) for lv, b in zip(levels, bare, strict=True)
                                         if b == lv.labels[0]]
    if len(set(keys)) != len(keys) or any(not k or _INT.match(k) for k in keys[:len(cut)]):
        return
    for lv, b in cut:
        lv.bare = b


def _own_code_off(code: Any, label: str) -> str:
    """A value label without its own code before it and a space ("0 Slet ikke sandsynligt" of
    code 0 -> "Slet ikke sandsynligt"); other labels ("2 timer" of code 1) as they are."""
    if not isinstance(code, int | float) or isinstance(code, bool) or not float(code).is_integer():
        return label
    m = re.match(rf"^\s*{int(code)}\s+(?=[^\W\d_])(.*\S)\s*$", label)
    return m.group(1) if m else label


def _known_out_of_order(subst: list[tuple[Any, str]], order: list[int], family: str | None) -> DraftScale:
    """Value labels that are all the levels of one known ordered scale, the file's codes in neither
    its order nor the reverse (1 = 'Satisfied', 2 = 'Very satisfied', 3 = 'Neither ...'): the levels
    low -> high as the known scale orders them, scored 1, 2, 3 ..., each file code recoded to its
    level by its label (``recode``), with a REVIEW note showing the file's codes. Another wave that
    writes the answers as words (or codes them in order) is then one question on this one scale."""
    ranked = sorted(zip(order, subst, strict=True), key=lambda rc: rc[0])
    levels = [Level(i + 1, [lab]) for i, (_, (_, lab)) in enumerate(ranked)]
    scale = DraftScale(levels, True, family, family not in _UNSCORED, True)
    scale.recode = {code: i + 1 for i, (_, (code, _)) in enumerate(ranked)}
    shown = ", ".join(f"{_shown(c)} = {lab!r}" for c, lab in subst)
    scale.note(f"the file's codes do not run in the order of this known scale ({shown}): the levels are put low -> "
               "high as the scale runs, and `recode` maps each file code to its level by its value label; check "
               "the labels against the questionnaire (means use the levels' codes)")
    return scale


def labelled_ends(numbers: Sequence[Any], words: Sequence[str]) -> tuple[DraftScale, str] | None:
    """A rating scale exported as its numbers with only its two ends written as words ("Not at all
    likely", 1 ... 9, "Extremely likely"): the words are the two ends of one known ordered scale,
    the numbers whole ones. The ends are scored one below and one above the numbers chosen (0 and
    10), every number in between a level of its own, so the numbers stay the answers and the means
    use them ("Don't know" kept apart as non-substantive); with the note the caller gives as REVIEW (the
    ends are read, not written, in the export).
    None otherwise (the words are no ends of one scale: answers that mean no number)."""
    given = list(dict.fromkeys(str(w).strip() for w in words))
    texts = [t for t in given if not is_nonsubstantive(t)]   # "Don't know" is kept apart
    if len(texts) != 2 or any(leading_code(t)[0] is not None for t in texts):   # "0 = Not at all likely": numbered
        return None
    known = known_order(texts)
    if known is None or known.ambiguous or known.family == "yes_no":
        return None
    last = len(known.levels) - 1
    ends = sorted(texts, key=lambda t: known.position[norm(t)])
    if [known.position[norm(t)] for t in ends] != [0, last]:
        return None
    values = [float(x) for x in numbers]
    if not values or any(not v.is_integer() for v in values):
        return None
    lo, hi = int(min(values)) - 1, int(max(values)) + 1
    if lo < 0 or not 5 <= hi - lo + 1 <= 11:
        return None
    levels = [Level(lo, [ends[0]]), *(Level(k, [str(k)]) for k in range(lo + 1, hi)), Level(hi, [ends[1]])]
    scale = DraftScale(levels, True, known.family, True, True)
    for t in given:
        if t not in texts:
            scale.add_nonsub(t)
    note = (f"numbers with only the scale's two ends written as words ({ends[0]!r}, {ends[1]!r}): read as a "
            f"{lo}-{hi} scale, {ends[0]!r} = {lo} and {ends[1]!r} = {hi} (one below and one above the numbers chosen, "
            f"{lo + 1}-{hi - 1}); the numbers are the scores. Check the ends against the questionnaire: an end "
            "point nobody chose as a number would move them")
    return scale, note


def compatible(a: DraftScale, b: DraftScale) -> bool:
    """Two questions share one scale: same family and order, and one's levels are the other's (or a run of
    a known scale's levels within the other)."""
    if a.ordered != b.ordered or a.family != b.family or a.likert != b.likert:
        return False
    ka, kb = a.keys(), b.keys()
    if ka == kb:
        same = True
    elif a.ordered and a.family not in (None, "ordinal") and set(ka) <= set(kb):
        same = [k for k in kb if k in ka] == ka
    else:
        return False
    if a.fixed and b.fixed:
        codes_a = {lv.key: lv.code for lv in a.levels}
        if any(codes_a.get(lv.key, lv.code) != lv.code for lv in b.levels):
            return False
        apart = {norm(x): lv.code for lv in a.nonsub for x in lv.labels}  # 9 = "No answer" beside 99 = "No answer"
        # (an answer without a code, a text wave's "Ved ikke", takes the other's by its text)
        if any(apart.get(norm(x)) not in (None, lv.code) for lv in b.nonsub for x in lv.labels if lv.code is not None):
            return False
    if not a.fixed and not b.fixed and a.ordered and ka != kb:
        codes_b = {lv.key: lv.code for lv in b.levels}
        return all(codes_b[lv.key] == lv.code for lv in a.levels) and same
    return same


def _absorb(keep: DraftScale, other: DraftScale) -> None:
    by_key = {lv.key: lv for lv in keep.levels}
    for lv in other.levels:
        mine = by_key.get(lv.key)
        if mine is not None:
            for lab in lv.labels:
                mine.add(lab)
            mine.seen = mine.seen or lv.seen
    _joined(keep, other)
    _unseen_note(keep)


_UNSEEN = "levels nobody chose here were added from the known scale"


def _unseen_note(scale: DraftScale, added: bool = False) -> None:
    """The note naming the levels of a known scale nobody chose (``added``: the lexicon has just added
    them), said again when the answers of another question joined in chose some: a level one
    question's answers lacked but another's chose is no longer said to be unseen (AtmosphereWelcoming
    without "Disagree" beside five questions with it)."""
    said = [n for n in scale.notes if n.startswith(_UNSEEN)]
    if not said and not added:
        return
    unseen = [lv.labels[0] for lv in scale.levels if not lv.seen]
    text = f"{_UNSEEN}: {unseen}; check that the question offered them (the codes are the scores used for means)"
    if said == [text] or (not said and not unseen):
        return
    where = scale.notes.index(said[0]) if said else len(scale.notes)
    scale.notes = [n for n in scale.notes if not n.startswith(_UNSEEN)]
    if unseen:
        scale.notes.insert(where, text)


def _joined(keep: DraftScale, other: DraftScale, note: str | None = None) -> None:
    """The end of every join of ``other`` into ``keep`` whose levels are placed: its don't-know
    answers and notes (and ``note``) taken over, its file codes kept, ``other`` pointing at ``keep``."""
    _take_nonsub(keep, other)
    for n in [*other.notes, *([note] if note else [])]:
        keep.note(n)
    keep.fixed = keep.fixed or other.fixed
    other.merged_into = keep


def _take_nonsub(keep: DraftScale, other: DraftScale) -> None:
    """``other``'s non-substantive answers ("Vet ikke") as ``keep``'s, with their codes."""
    for lv in other.nonsub:
        keep.join_nonsub(lv)


def resolve(scale: DraftScale | None) -> DraftScale | None:
    while scale is not None and scale.merged_into is not None:
        scale = scale.merged_into
    return scale


def same_question_merge(keep: DraftScale, other: DraftScale) -> bool:
    """Join ``other`` into ``keep``: the same question in two waves. Answers that are one text
    (after :func:`norm`) are one level; different texts are never one level, but for the known
    wordings of one level of a lexicon scale ("Helt enig" / "Svært enig" at the same place of two
    5-level agree scales). Scales whose texts differ join by text (:func:`_union`): the union of
    their levels in an order that is certain, or in a written order under REVIEW. False when they
    cannot be one scale: an ordered scale with the file's codes (value labels, numbered answers)
    whose texts differ from the other wave's (one code would hold two answers)."""
    keep, other = resolve(keep), resolve(other)
    if keep is other:
        return True
    if compatible(other, keep):
        _absorb(keep, other)
        return True
    if compatible(keep, other):
        _absorb(other, keep)
        return True
    variants = _lexicon_variants(keep, other)
    if variants is not None:
        if other.fixed and not keep.fixed:
            for mine, theirs in zip(keep.levels, other.levels, strict=True):
                mine.code = theirs.code
        shown = "; ".join(f"{a!r} and {b!r}" for a, b in variants)
        _aligned(keep, other, f"answer labels differ between waves: {shown} are wordings of one level of the known "
                              f"{keep.family} scale (the same place in scales of {len(keep.levels)} levels), so each "
                              "pair is one level: check each level's aliases")
        return True
    if _ends_by_position(keep, other) or _ends_by_position(other, keep):
        return True
    if keep.fixed and other.fixed and _numbered_union(keep, other):
        return True
    if keep.fixed or other.fixed:
        if keep.fixed and other.fixed and _by_labels(keep, other):
            return True
        if keep.ordered or other.ordered:
            return False   # a code of one file, another text in the other wave: no level holds both
        return _by_text_unordered(keep, other)
    _union(keep, other)
    return True


# the notes :func:`_from_numbered` gives from the answers it saw (said again of both waves' answers)
_NUMBERED_NOTES = ("the export numbers these answers", "the answers' words make a scale, but", _BY_WORDS, _BY_OFTEN,
                   _BY_AMOUNT, _BY_NUMBERS, "ordered from one end to the other", "these answers look like an ordinal",
                   "every answer given is ")


def _ends_by_position(words: DraftScale, ends: DraftScale) -> bool:
    """A wave whose file labels only the two ends of a scale (SPSS: 1 = 'Very dissatisfied', 5 =
    'Very satisfied', 2-4 without a label) joined to a wave that words every level of one known
    scale of the lexicon, when the known scale's ends are the file's end labels and it has as many
    levels as the file's codes run (1-5: five): one question on the worded scale, each file code
    the level at its place (its number an alias, so the wave's codes are read by it), with a
    REVIEW note that the middle codes were matched by position, not by label. False, and nothing
    changed, otherwise."""
    if not (ends.fixed and ends.ordered and words.ordered) or len(ends.levels) < 3:
        return False
    codes = [lv.code for lv in ends.levels]
    if any(not isinstance(c, int) or isinstance(c, bool) for c in codes) or codes != list(range(codes[0], codes[-1] + 1)):
        return False
    first, *middle, last = ends.levels
    if _unlabelled(first) or _unlabelled(last) or not all(_unlabelled(lv) for lv in middle):
        return False
    if any(_unlabelled(lv) for lv in words.levels) or len(words.levels) != len(ends.levels):
        return False
    known = known_order([lv.labels[0] for lv in words.levels])
    if known is None or known.ambiguous or known.family == "yes_no" or \
            [norm(x) for x in known.levels] != words.keys():
        return False
    if (words.levels[0].key, words.levels[-1].key) != (first.key, last.key):
        return False
    if words.fixed and [lv.code for lv in words.levels] != codes:
        return False
    if words.recode or ends.recode:
        return False
    for mine, code in zip(words.levels, codes, strict=True):
        mine.code = code
    shown = ", ".join(f"{lv.code} = {mine.labels[0]!r}" for lv, mine in zip(middle, words.levels[1:-1], strict=True))
    _aligned(words, ends, f"one wave's file labels only the ends of this scale ({first.code} = {first.labels[0]!r}, "
                          f"{last.code} = {last.labels[0]!r}), another words every level: the middle codes were "
                          f"matched by position, not by label ({shown}; each number an alias of its level); check them against that wave's questionnaire")
    return True


def _numbered_union(keep: DraftScale, other: DraftScale) -> bool:
    """Two waves' answers that the export numbers ("1. Apartment" ...; each text with its number,
    the level's code) joined by number when no number holds two different answers and no answer
    two numbers: the scale drawn again from the answers of both (:func:`_from_numbered`). False,
    and nothing changed, otherwise."""
    union: dict[int, list[str]] = {}
    code_of: dict[str, int] = {}
    for lv in (lv for sc in (keep, other) for lv in sc.levels if lv.seen):
        for lab in lv.labels:
            code, _ = leading_code(lab)
            if code is None or code != lv.code or code_of.setdefault(norm(lab), code) != code:
                return False
            if lab not in union.setdefault(code, []):
                union[code].append(lab)
    if len(union) < 2 or any(len({norm(x) for x in labs}) > 1 for labs in union.values()):
        return False
    redrawn = _from_numbered(union)
    old = [n for n in [*keep.notes, *other.notes] if not n.startswith(_NUMBERED_NOTES)]
    keep.levels, keep.ordered, keep.family = redrawn.levels, redrawn.ordered, redrawn.family
    keep.likert, keep.fixed = redrawn.likert, redrawn.fixed
    _take_nonsub(keep, other)
    _take_nonsub(keep, redrawn)
    keep.notes = []
    for n in [*redrawn.notes, *old]:
        keep.note(n)
    other.merged_into = keep
    return True


def _unlabelled(lv: Level) -> bool:
    """A level that is a code the file gives no label (its text is its number): only its number says
    which answer it is."""
    return lv.code is not None and lv.labels == [str(lv.code)]


def _by_labels(keep: DraftScale, other: DraftScale) -> bool:
    """Two waves' scales with the file's codes (SPSS value labels) whose answers are the same texts
    (after :func:`norm`: case, spaces, punctuation), or one wave's a part of the other's, but
    numbered differently (1 = 'Very satisfied' in one file, 5 in the next; 1..4 in one, 0..3 in
    the next): one scale, the one with the most answers as it was drafted (its order and codes),
    the other's answers joined to it by their text. Each wave's codes are then recoded to its
    levels by their labels (:func:`surveykit.scaffold.variables.harmonise`), never by number.
    False, and nothing changed, when an answer of one is not an answer of the other, when both
    are ordered in orders that disagree, or when a code has no label (only its number)."""
    big, small = (keep, other) if len(keep.levels) >= len(other.levels) else (other, keep)
    kb, ks = big.keys(), small.keys()
    if not ks or len(set(kb)) != len(kb) or len(set(ks)) != len(ks) or not set(ks) <= set(kb):
        return False
    if any(_unlabelled(lv) for lv in [*big.levels, *small.levels]):
        return False
    apart_b = {norm(x) for lv in big.nonsub for x in lv.labels}
    apart_s = {norm(x) for lv in small.nonsub for x in lv.labels}
    if apart_b & set(ks) or apart_s & set(kb):   # an answer kept apart in one wave, a level in the other
        return False
    if big.ordered and small.ordered and [k for k in kb if k in ks] != ks:
        return False
    by_key = {lv.key: lv for lv in big.levels}
    for lv in small.levels:
        mine = by_key[lv.key]
        for lab in lv.labels:
            mine.add(lab)
        mine.seen = mine.seen or lv.seen
    _take_nonsub(big, small)
    big.fixed = big.fixed or small.fixed
    for n in small.notes:   # not the note on the order of the other file's codes: its codes are recoded
        if not n.startswith("the file numbers these answers in a row"):
            big.note(n)
    small.merged_into = big
    _unseen_note(big)
    return True


def _aligned(keep: DraftScale, other: DraftScale, note: str) -> None:
    """``other`` joined into ``keep`` level by level (the caller has checked that each pair is one answer)."""
    for mine, theirs in zip(keep.levels, other.levels, strict=True):
        for lab in theirs.labels:
            mine.add(lab)
        mine.seen = mine.seen or theirs.seen
    _joined(keep, other, note)
    _unseen_note(keep)


def _lexicon_variants(keep: DraftScale, other: DraftScale) -> list[tuple[str, str]] | None:
    """The pairs of different answer texts at the same place of two ordered scales when both are
    known scales of one family and length in the lexicon (and no text stands at another place in
    the other): wordings of one level. None when any pair is not such a variant."""
    if not (keep.ordered and other.ordered) or keep.family != other.family or len(keep.levels) != len(other.levels):
        return None
    if keep.family in (None, "ordinal", "numbered"):
        return None
    if keep.fixed and other.fixed and [lv.code for lv in keep.levels] != [lv.code for lv in other.levels]:
        return None
    ka, kb = keep.keys(), other.keys()
    if set(ka) & set(kb) and any(ka.index(k) != kb.index(k) for k in set(ka) & set(kb)):
        return None
    known_a = known_order([lv.labels[0] for lv in keep.levels])
    known_b = known_order([lv.labels[0] for lv in other.levels])
    for known in (known_a, known_b):
        if known is None or known.ambiguous or known.family != keep.family or len(known.levels) != len(ka):
            return None
    if [norm(x) for x in known_a.levels] != ka or [norm(x) for x in known_b.levels] != kb:
        return None
    return [(a.labels[0], b.labels[0]) for a, b in zip(keep.levels, other.levels, strict=True) if a.key != b.key]


def _by_text_unordered(keep: DraftScale, other: DraftScale) -> bool:
    """Unordered scales (one with the file's codes) joined by answer text; the file's codes win."""
    known = {lv.key: lv for lv in keep.levels}
    if other.fixed and not keep.fixed:   # the file's codes win
        keep, other = other, keep
        known = {lv.key: lv for lv in keep.levels}
    taken = {lv.code for lv in keep.levels}
    nxt = max((c for c in taken if isinstance(c, int | float)), default=0) + 1
    for lv in other.levels:
        if lv.key in known:
            for lab in lv.labels:
                known[lv.key].add(lab)
        else:
            code = lv.code if other.fixed and lv.code not in taken else nxt
            nxt = max(nxt, code) + 1
            keep.levels.append(Level(code, list(lv.labels), lv.seen))
            taken.add(code)
    _take_nonsub(keep, other)
    for n in other.notes:
        keep.note(n)
    if set(known) != {lv.key for lv in other.levels}:
        keep.note(_TEXT_LEVELS)
    other.merged_into = keep
    return True


_TEXT_LEVELS = "the answers differ between waves: each answer text is its own level; check for spelling variants"
_UNSURE = "the answers differ between waves and no order of them all is certain"
# notes a scale's own answers gave that its union with another wave's may make untrue
_STALE = ("every answer given is ", "levels nobody chose here were added", "only some levels of this scale were answered")


def _union(keep: DraftScale, other: DraftScale) -> None:
    """Two scales drafted from answer texts (no file codes) joined by text: each answer text is one
    level, the union of both scales' levels. Their order is one that is certain: the one the
    answers of both waves show together (lexicon, words, how often, numbers in the answers) when
    it agrees with each ordered scale's, else the only order consistent with both ordered
    scales; otherwise the levels are listed as written (this wave's, then the other's new ones),
    unordered, under REVIEW. Codes are renumbered 1, 2, ... in that order."""
    groups: list[Level] = []
    by_key: dict[str, Level] = {}
    for lv in [*keep.levels, *other.levels]:
        mine = next((by_key[norm(x)] for x in lv.labels if norm(x) in by_key), None)
        if mine is None:
            mine = Level(None, [], False)
            groups.append(mine)
        for lab in lv.labels:
            mine.add(lab)
            by_key.setdefault(norm(lab), mine)
        mine.seen = mine.seen or lv.seen
    seen = [g for g in groups if g.seen]
    inputs = [[by_key[lv.key] for lv in sc.levels] for sc in (keep, other) if sc.ordered]

    def agrees(order: list[Level]) -> bool:
        where = {id(g): i for i, g in enumerate(order)}
        return all(_rising([where[id(g)] for g in ranks]) for ranks in inputs)

    redrawn = _from_labels([lab for g in seen for lab in g.labels]) if seen else None
    order: list[Level] | None = None
    state: tuple[bool, str | None, bool] = (False, None, False)   # ordered, family, likert
    notes: list[str] = []
    if redrawn is not None and redrawn.ordered and not redrawn.fixed:
        placed: list[Level] = []
        for lv in redrawn.levels:
            mine = next((by_key[norm(x)] for x in lv.labels if norm(x) in by_key), None)
            placed.append(mine if mine is not None else Level(None, list(lv.labels), False))
        if len({id(g) for g in placed}) == len(placed) and {id(g) for g in groups} <= {id(g) for g in placed} \
                and agrees(placed) and not redrawn.nonsub:
            order, state, notes = placed, (True, redrawn.family, redrawn.likert), list(redrawn.notes)
    redrawn_used = order is not None
    if order is None and keep.ordered and other.ordered:
        merged = _unique_merge(inputs, groups)
        if merged is not None:
            family = keep.family if keep.family == other.family else None
            order, state = merged, (True, family, keep.likert and other.likert)
            notes = ["the answers differ between waves: the levels are the answers of both, in the one order that "
                     "agrees with each wave's order: check the order"]
    if order is None and not keep.ordered and not other.ordered:
        order, state = groups, (False, None, False)
        notes = [_TEXT_LEVELS] if set(keep.keys()) != set(other.keys()) else []
    elif order is None:
        order, state = groups, (False, None, False)
        shown = ", ".join(repr(g.labels[0]) for g in groups)
        notes = [f"{_UNSURE}: the levels are each answer text once, as written ({shown}: the first wave's, then the "
                 "new answers of the later ones), unordered. The order must be checked: if the answers are ordered, "
                 "list the levels low -> high, remove `ordered: false` and make the questions `likert`"]
    # the notes of each wave's answers, but for those the answers of both now answer
    stale = (_STALE[0],) * (len(seen) > 1) + _STALE[1:] * redrawn_used
    stale += (_UNSURE,) * bool(notes and notes[0].startswith(_UNSURE))   # said again, of all the answers
    old = [n for n in [*keep.notes, *other.notes] if not (stale and n.startswith(stale))]
    for i, g in enumerate(order):
        g.code = i + 1
    keep.levels = order
    keep.ordered, keep.family, keep.likert = state
    _take_nonsub(keep, other)
    keep.notes = []
    for n in [*old, *notes]:
        keep.note(n)
    other.merged_into = keep


def _unique_merge(orders: list[list[Level]], groups: list[Level]) -> list[Level] | None:
    """The one order of ``groups`` that keeps each of ``orders`` (each a run of some of them), or
    None when none or several do."""
    after: dict[int, set[int]] = {id(g): set() for g in groups}
    for seq in orders:
        for a, b in itertools.pairwise(seq):
            after[id(b)].add(id(a))
    placed: list[Level] = []
    left = list(groups)
    while left:
        ready = [g for g in left if not (after[id(g)] - {id(p) for p in placed})]
        if len(ready) != 1:
            return None
        placed.append(ready[0])
        left.remove(ready[0])
    return placed


class Registry:
    """All scales of a draft: a question's scale joins an earlier one with the same levels."""

    def __init__(self) -> None:
        self.scales: list[DraftScale] = []

    def add(self, scale: DraftScale) -> DraftScale:
        scale = resolve(scale)
        if scale in self.scales:
            return scale
        for old in self.scales:
            if old.merged_into is None and old.ordered and compatible(scale, old):
                _absorb(old, scale)
                return old
            if old.merged_into is None and old.ordered and compatible(old, scale):
                _absorb(scale, old)
                self.scales[self.scales.index(old)] = scale
                return scale
            if old.merged_into is None and not old.ordered and compatible(scale, old) and old.keys() == scale.keys():
                _absorb(old, scale)
                return old
        self.scales.append(scale)
        return scale

    def live(self) -> list[DraftScale]:
        out: list[DraftScale] = []
        for s in self.scales:
            s = resolve(s)
            if s not in out:
                out.append(s)
        return out
