"""What a column's answers look like, for the draft: numbers written as text, dates, codes with
leading zeros, a "no answer" code among numbers, personal data, the respondent id column.

Every judgement reads all answers of a column, never a sample.

Example:
    >>> import pandas as pd
    >>> no_answer_code(pd.Series([23, 45, 67, 999, 31]))
    999
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from surveykit.clean.coding import month_named, parse_dates
from surveykit.clean.privacy import find_identifiers
from surveykit.io.qualtrics import PANEL_IDS, PANEL_SYSTEM
from surveykit.scaffold.lexicon import leading_code
from surveykit.scaffold.scales import code_value, present
from surveykit.scaffold.words import ID_NAME
from surveykit.textnumbers import read_numbers

__all__ = ["BEYOND_LABELS", "OTHER_OPTION", "answer_codes", "as_number", "declared_missing", "few_categories", "find_id",
           "implausible_numbers", "is_number_text", "labelled_ends", "looks_like_dates", "month_dates", "no_answer_code",
           "numeric_with_missing", "personal_answers", "row_numbers", "short_answers", "split_answers", "zero_padded"]


def find_id(raw, skip: set[str], repeated: bool = False) -> str | None:
    """The respondent id column: named as one, its values (nearly) unique; with ``repeated``,
    the first column named as one whose values repeat a lot instead (one row per respondent and
    event or visit: a longitudinal export)."""
    for col in raw.data.columns:
        if col in skip:
            continue
        if ID_NAME.match(str(col).strip()) or ID_NAME.match(str(raw.questions.get(col, "")).strip()):
            values = present(raw.data[col])
            unique = len(values) and values.astype(str).nunique() >= 0.9 * len(values)  # a few repeats: screened
            if len(values) and bool(unique) != repeated:
                return col
    return None if repeated else _suffixed_id(raw, skip)


# an id named by its suffix: unique_id, HH_ID, "person id" (anywhere); DOEID, CaseID (first column only:
# "PAID" or "AMOUNTPAID" elsewhere is an answer)
_SEPARATE_ID = re.compile(r"^\w+[ _.-]id$", re.IGNORECASE)
_JOINED_ID = re.compile(r"^[A-Za-z]*(?:[A-Za-z]ID|[a-z]Id)$")


def _suffixed_id(raw, skip: set[str]) -> str | None:
    """An agency's respondent id named by a suffix (DOEID of the RECS, UNIQUE_ID): a value in
    every row, no value twice."""
    for i, col in enumerate(raw.data.columns):
        name = str(col).strip()
        if col in skip or name in PANEL_IDS | PANEL_SYSTEM or not (_SEPARATE_ID.match(name) or (i == 0 and _JOINED_ID.match(name))):
            continue
        values = raw.data[col]
        if len(values) and values.notna().all() and values.astype(str).str.strip().ne("").all() \
                and values.astype(str).nunique() == len(values):
            return col
    return None


OTHER_OPTION = re.compile(r"^\W*(?:other|others|annet|annat|andet|anna|andre|övrigt|øvrig|sonstige)\b", re.IGNORECASE)


def personal_answers(answers: pd.Series) -> list[str]:
    """The distinct answers in which the cleaning's masking finds a direct identifier (a phone
    number, an e-mail address, an id number, a name after "hilsen"/"I am", a street address).
    A street address in an answer given by three respondents or more is not one: an answer many
    gave alike ("7 George Square (where the first meeting was held)", 46 of 72) is an option of
    the form, not a respondent's own address. E-mail addresses, phone and id numbers, IP addresses
    and names count however many gave them (contact details would be published as labels)."""
    counts = answers.astype(str).str.strip().value_counts()
    out = []
    for a in answers.drop_duplicates().head(2000):
        spans = find_identifiers(str(a))
        if spans and (counts.get(str(a).strip(), 0) <= 2 or any(kind != "address" for _, _, kind in spans)):
            out.append(a)
    return out


def row_numbers(raw) -> list[str]:
    """Columns with no header (named ``column_<n>`` by the reader) holding consecutive whole
    numbers in row order, from any start (0, 1, 2 ...; 304, 305 ... in the second half of a file
    split in two): a row index written with the data (pandas' ``to_excel`` default)."""
    out = []
    for col in raw.data.columns:
        if raw.questions.get(col) or not re.fullmatch(r"column_\d+", str(col)):
            continue
        values = pd.to_numeric(raw.data[col], errors="coerce")
        start = values.iloc[0] if len(values) else None
        if len(values) > 2 and start is not None and float(start).is_integer() and values.notna().all() \
                and (values.diff().iloc[1:] == 1).all():
            out.append(col)
    return out


def zero_padded(values: pd.Series) -> list[str]:
    """The answers written as digits with a leading zero ("0150"), when every answer is digits
    of one width of 3 or more: codes whose zeros a number would drop; else []."""
    if pd.api.types.is_numeric_dtype(values):
        return []
    text = values.astype(str).str.strip()
    if not text.str.fullmatch(r"\d{3,}").all() or text.str.len().nunique() != 1:
        return []
    return sorted(text[text.str.startswith("0")].unique().tolist())


def is_number_text(values: pd.Series) -> pd.Series:
    """Which answers are numbers as the cleaning reads them (1,500 or 7,5 or 2,500.5 too)."""
    numbers, ambiguous = read_numbers(values.astype(str), None)
    return numbers.notna() | ambiguous


def answer_codes(values: pd.Series) -> list:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return [as_number(v) for v in numbers.unique()]


BEYOND_LABELS = 7  # unlabelled values beyond a column's labelled codes: more than this, a count


def as_number(value: Any) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else value


def declared_missing(raw, cols: list[str]) -> set:
    """The declared missing codes of ``cols``: numbers as numbers, text codes ("Z") as they are."""
    missing = raw.meta.get("user_missing", {}) or {}
    return {code_value(v) for c in cols for v in (missing.get(c, {}) or {}).get("values", [])}


def month_dates(answers: pd.Series) -> bool:
    """Whether (almost) every answer is a date written with its month's name ("Mar 01, 2024 10:00:00 am",
    "1. mars 2024 kl. 10.00"): its comma joins no options.

    >>> month_dates(pd.Series(["Mar 01, 2024 10:00:00 am", "2. mars 2024"])), month_dates(pd.Series(["A, B"]))
    (True, False)
    """
    text = present(answers).astype(str).str.strip()
    return bool(len(text)) and float(month_named(text).mean()) >= 0.8


def looks_like_dates(answers: pd.Series) -> bool:
    text = answers.astype(str).str.strip()
    if not text.str.match(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|^\d{1,2}-[A-Za-z]{3}-\d{4}").all():
        return False
    parsed, _ = parse_dates(text)
    return bool(parsed.notna().all())


def no_answer_code(numbers: pd.Series) -> int | None:
    """A "no answer" code among numbers (9, 99, 999, 9999, 98, 998): the largest value, all nines
    or nines-and-an-eight, far above every other answer (9 after the codes 1..5 of a scale
    exported as numbers, "Vet ikke" = 9, was averaged in as a 9).

    >>> no_answer_code(pd.Series([23, 45, 67, 999, 31])), no_answer_code(pd.Series([1, 2, 99, 98, 100]))
    (999, None)
    >>> no_answer_code(pd.Series([1, 2, 3, 4, 5, 9])), no_answer_code(pd.Series([0, 3, 6, 7, 9]))
    (9, None)
    """
    distinct = sorted(numbers.unique())
    if len(distinct) < 3:
        return None
    top = distinct[-1]
    if top not in (9, 99, 999, 9999, 98, 998) or distinct[-2] * 1.5 >= top:
        return None
    return int(top)


AGE_RANGE = (0, 120)  # an age outside this is no age, whatever the survey
FAR = 3.0  # an outlier lies beyond the 1st/99th percentile by more than FAR times the bulk's spread


def implausible_numbers(numbers: pd.Series, age: bool = False) -> tuple[list[int | float], str]:
    """The values of a number column that cannot be answers, and why: for an age, those outside
    0-120; for any number, those beyond the 1st/99th percentile by more than ``FAR`` times the
    spread of the bulk (the larger of the interquartile range and the 1st-99th percentile range:
    a 1 on a scale mostly answered 5-10 is an answer), and the few negative values (at most 1 %)
    of a count or amount of 10 or more distinct values that are otherwise never negative. ([], "")
    when there are none.

    >>> implausible_numbers(pd.Series([34, 29, -1726, 41, 99999999999]), age=True)
    ([-1726, 99999999999], 'outside the plausible ages 0-120')
    >>> implausible_numbers(pd.Series(list(range(20, 60)) * 3 + [4500]))
    ([4500], 'far beyond the other answers (1st-99th percentile 20-59)')
    """
    values = numbers.dropna().astype("float64")
    if values.empty:
        return [], ""
    if age:
        lo, hi = AGE_RANGE
        out = values[(values < lo) | (values > hi)]
        return sorted({as_number(v) for v in out}), f"outside the plausible ages {lo}-{hi}"
    n = len(values)
    iqr = values.quantile(0.75) - values.quantile(0.25)
    # the 2nd value from each end at least: one wild value never widens its own fence
    p01 = values.quantile(0.01, interpolation="higher") if n >= 3 else values.min()
    p99 = values.quantile(0.99, interpolation="lower") if n >= 3 else values.max()
    spread = max(iqr, p99 - p01)
    beyond = (values < p01 - FAR * spread) | (values > p99 + FAR * spread)
    far = values[beyond] if spread > 0 and n >= 10 else values[[]]
    why = [f"far beyond the other answers (1st-99th percentile {as_number(p01):g}-{as_number(p99):g})"] if len(far) else []
    negative = values[values < 0]
    rest = values[values >= 0]
    if (len(negative) and len(negative) <= 0.01 * n and rest.nunique() >= 10
            and (rest == rest.round()).all()):  # -5 among counts of 0, 1, 2 ... 30
        far = pd.concat([far, negative])
        why.append(f"negative where the other {len(rest)} answers are whole numbers of 0 or more")
    return sorted({as_number(v) for v in far}), "; ".join(why)


def numeric_with_missing(answers: pd.Series) -> list[str] | None:
    """The few non-number answers of a column of numbers ("N/a", "Vet ikke"), or None."""
    is_number = is_number_text(answers)
    if is_number.mean() < 0.8 or is_number.all() or len(answers) < 5:
        return None
    others = answers[~is_number].astype(str).str.strip()
    distinct = list(dict.fromkeys(others))
    if len(distinct) > 3 or any(len(x) > 30 for x in distinct):
        return None
    if labelled_ends(answers[is_number], distinct):
        return None  # "0 - Not at all likely", 1 ... 9, "10 - Extremely likely": a scale, not numbers
    return distinct


def labelled_ends(numbers: pd.Series, others: list[str]) -> bool:
    """The non-number answers are the numbered end points of the whole numbers' range ("0 - Not at
    all likely" below 1 ... 9, "10 - Extremely likely" above)."""
    codes = [leading_code(x)[0] for x in others]
    if None in codes:
        return False
    values = pd.to_numeric(numbers.astype(str).str.strip(), errors="coerce")
    if values.isna().any() or not (values == values.round()).all():
        return False
    lo, hi = int(values.min()), int(values.max())
    return all(c in (lo - 1, hi + 1) or lo <= c <= hi for c in codes) and hi - lo <= 12


def short_answers(values: pd.Series) -> bool:
    """Answers that are few repeated choices, not typed-in text."""
    answers = present(values).astype(str)
    return len(answers) >= 5 and answers.nunique() <= 3 and answers.nunique() < len(answers) / 3


def repeated_answers(values: pd.Series) -> bool:
    """Answers many respondents gave alike (Sintaxis 70, Mensajes de error 50, ... beside a few typed
    singletons): chosen from options, not typed in. At least 10 answers, at most a third of them
    distinct, and at least half of the answers given by three respondents or more."""
    answers = present(values).astype(str).str.strip()
    answers = answers[answers.ne("")]
    if len(answers) < 10:
        return False
    counts = answers.value_counts()
    return len(counts) <= len(answers) / 3 and int(counts[counts >= 3].sum()) >= len(answers) / 2


def few_categories(answers: pd.Series) -> bool:
    """Answers that are categories chosen by many (Suburban 496, Urban 236, Rural 216; "Científica/o
    de datos" 112, "Investigador/a" 90, ... beside a few typed once), not typed-in text, whatever the
    question's words: at least 20 answers, 2-30 distinct and at most one for every five answers,
    answers given 5 times or more (three of them, or all) making up 80% of them, and those at most 120
    characters long."""
    text = answers.dropna().astype(str).str.strip()
    counts = text[text.ne("")].value_counts()
    n = int(counts.sum())
    if n < 20 or not 2 <= len(counts) <= min(30, n / 5):
        return False
    common = counts[counts >= 5]
    return (len(common) >= min(3, len(counts)) and int(common.sum()) >= 0.8 * n
            and max(len(a) for a in common.index) <= 120)


def split_answers(values: pd.Series, separator: str) -> list[str]:
    parts = present(values).astype(str).str.split(separator.strip() or separator).explode().str.strip()
    return [p for p in dict.fromkeys(parts) if p]
