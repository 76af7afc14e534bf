"""Turn raw answers into typed columns, one small function per variable type.

Each ``code_*`` function takes the raw values of one variable and returns the typed columns
plus a list of failures (row, column, check, value, expected); nothing is dropped silently.

Example:
    >>> import pandas as pd
    >>> from surveykit.config.codebook import Level, Scale
    >>> scale = Scale("yn", (Level(1, {"nb": "Nei"}), Level(2, {"nb": "Ja"})),
    ...               (Level(9, {"nb": "Vet ikke"}),))
    >>> cols, fails = code_scaled(pd.Series(["Ja", "vet ikke", None]), "q", scale, "nb")
    >>> list(cols["q"].astype(object)), list(cols["q__dk"])
    (['Ja', nan, nan], [False, True, False])
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

import numpy as np
import pandas as pd

from surveykit.config.codebook import Scale, Variable, normalise_label
from surveykit.errors import ConfigError
from surveykit.textnumbers import read_numbers

__all__ = [
    "UNCHOSEN",
    "ambiguous_order",
    "cell_failures",
    "code_date",
    "code_levels",
    "code_multi",
    "code_numeric",
    "code_scaled",
    "code_text",
    "declared_missing",
    "derive_bins",
    "is_blank",
    "is_no_answer_mark",
    "map_labels",
    "month_named",
    "one_of",
    "parse_dates",
    "split_known",
]

_DONT_KNOW = "\x00nonsubstantive"  # marker: never a real label
_FALSEY = {"", "0", "0.0", "n", "nei", "no", "nej", "false", "ikke valgt", "ikkje valt", "ej vald", "inte vald",
           "not selected", "not checked", "unchecked"}
UNCHOSEN = frozenset(_FALSEY - {""})  # what an export writes for an option not chosen


def _distinct(values: pd.Series) -> tuple[np.ndarray, Any, np.ndarray]:
    """(codes, distinct values, blank per distinct value); code -1 for a missing cell."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        blank = np.zeros(len(uniques), dtype=bool)
    else:
        blank = pd.Series(uniques).astype("string").str.strip().eq("").fillna(True).to_numpy(dtype=bool)
    return codes, uniques, blank


def _looked_up(values: pd.Series, mapping: dict[str, Any]) -> tuple[np.ndarray, list, np.ndarray]:
    """(codes, ``mapping`` of each distinct value's normalised form or None, blank per distinct value)."""
    codes, uniques, blank = _distinct(values)
    looked = [None if b else mapping.get(normalise_label(u)) for u, b in zip(uniques, blank, strict=True)]
    return codes, looked, blank


def is_blank(values: pd.Series) -> pd.Series:
    """True where a raw cell is empty: missing or only white space (judged once per distinct value)."""
    codes, _, blank = _distinct(values)
    return pd.Series(np.append(blank, True)[codes], index=values.index)


def cell_failures(rows: pd.Index, column: str, check: str, values: pd.Series, expected: str) -> list[dict]:
    return [
        {"row": int(r), "column": column, "check": check, "value": v, "expected": expected}
        for r, v in zip(rows, values, strict=True)
    ]


def map_labels(values: pd.Series, mapping: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """Map raw values through ``mapping`` on their normalised form, one lookup per distinct value.

    Returns (mapped values, ``None`` where blank or not in ``mapping``; blank cells).
    """
    codes, looked, blank = _looked_up(values, mapping)
    mapped = np.empty(len(looked) + 1, dtype=object)
    mapped[:-1] = looked
    return (pd.Series(mapped[codes], index=values.index),
            pd.Series(np.append(blank, True)[codes], index=values.index))


# what exports write for a question asked and not answered (or not asked): never an answer or a chosen
# option; a negative whole number (-1, -9, -99, Survey Solutions' -999999999) is one too
NO_ANSWER_MARKS = frozenset({"n/a", "na", "#n/a", "##n/a##", "-", "--", "(blank)", "(tom)", "(empty)", "missing",
                             "not answered", "no answer", "ikke svart", "ikkje svara", "ej svar", "ikke besvaret"})
_NEGATIVE = re.compile(r"^-\d+(?:\.0+)?$")


def declared_missing(values: pd.Series, missing: tuple[Any, ...]) -> pd.Series:
    """True where a raw cell is one of the codebook's ``missing:`` answers (matched as labels are:
    trimmed, case-folded; 99 and 99.0 alike), judged once per distinct value.

    >>> declared_missing(pd.Series(["Ja", " n/a", 99.0, None]), ("N/A", 99)).tolist()
    [False, True, True, False]
    """
    if not missing:
        return pd.Series(False, index=values.index)
    mapped, _ = map_labels(values, dict.fromkeys((normalise_label(m) for m in missing), True))
    return mapped.notna()


def is_no_answer_mark(value: Any) -> bool:
    """Whether a raw answer is what exports write for no answer ("N/A", "-", -1, -999999999).

    >>> [is_no_answer_mark(v) for v in ("N/A", "-", -9.0, "-999999999", "Nei", "0", 3)]
    [True, True, True, True, False, False, False]
    """
    text = normalise_label(value)
    return text in NO_ANSWER_MARKS or bool(_NEGATIVE.match(text))


def _category_codes(values: pd.Series, mapping: dict[str, Any], categories: list[Any],
                    marker: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the code of its mapped value in ``categories`` (-1 if none), whether it mapped
    to ``marker``, and whether it is unknown (not blank, not in ``mapping``); one lookup per
    distinct value, then integer indexing."""
    codes, looked, blank = _looked_up(values, mapping)
    position = {c: i for i, c in enumerate(categories)}
    category = np.array([position.get(x, -1) if x is not None else -1 for x in looked] + [-1], dtype=np.int64)
    is_marker = np.array([marker is not None and x == marker for x in looked] + [False])
    unknown = np.array([x is None and not b for x, b in zip(looked, blank, strict=True)] + [False])
    return category[codes], is_marker[codes], unknown[codes]


def _reading(raw: pd.Series, scale: Scale, recode: dict[str, Any] | None) -> tuple[str, set[str]]:
    """Whether this column holds the scale's labels or its codes, and the answers it cannot tell.

    Only answers that are one level's label and another level's code ("11" labelling code 2
    and being code 11's number) need it; the column's other known answers decide: all labels
    (and not all codes) -> "labels"; all codes (and not all labels) -> "codes". Otherwise the
    conflicting answers are returned as ambiguous (read as labels, reported by the caller).
    Answers the scale does not know, and answers ``recode`` maps, take no part.
    """
    conflicts = scale.conflicts()
    if not conflicts:
        return "labels", set()
    _, uniques, blank = _distinct(raw)
    codes, labels = scale.tables()
    known = {normalise_label(u) for u, b in zip(uniques, blank, strict=True) if not b}
    known = {k for k in known if k in codes or k in labels} - {normalise_label(k) for k in (recode or {})}
    if not known & conflicts:
        return "labels", set()
    all_codes, all_labels = known <= codes.keys(), known <= labels.keys()
    if all_codes != all_labels:
        return ("codes" if all_codes else "labels"), set()
    return "labels", known & conflicts


def code_scaled(
    raw: pd.Series, name: str, scale: Scale, language: str, recode: dict[str, Any] | None = None,
    *, source_column: str | None = None, missing: tuple[Any, ...] = (),
) -> tuple[dict[str, pd.Series], list[dict]]:
    """Labels or codes -> a Categorical of the scale's substantive levels, plus ``<name>__dk``.

    Non-substantive answers ("Vet ikke") become missing in the item and True in ``__dk``;
    an empty cell is missing in both (it is not a "don't know"), and so is an answer of
    ``missing`` (the variable's ``missing:``) or one the source's ``recode`` maps to null.
    """
    missing = (*missing, *(k for k, v in (recode or {}).items() if v is None))
    recode = {k: v for k, v in (recode or {}).items() if v is not None}
    absent = declared_missing(raw, missing).to_numpy()
    raw = raw.where(~absent)
    _check_reversal(recode, scale, source_column or name)
    reading, ambiguous_answers = _reading(raw, scale, recode)
    table = scale.lookup(reading)
    original = scale.lookup("codes")  # a recode maps to codes; it may permute them (5 -> 1, 1 -> 5)
    for raw_value, code in (recode or {}).items():
        hit = original.get(normalise_label(code))
        if hit is None:
            raise ConfigError(
                f"config/codebook.yaml: `recode` of {source_column or name!r} maps {raw_value!r} to {code!r}, "
                f"which is not a code of scale `{scale.name}` ({scale.allowed_text(language)}). Use one of its codes."
            )
        table[normalise_label(raw_value)] = hit
    # normalised label -> the level's text, or a marker for a non-substantive answer;
    # looked up once per distinct raw value (map_labels), never per row
    texts = {key: (_DONT_KNOW if nonsub else level.text(language)) for key, (level, nonsub) in table.items()}
    labels = scale.labels(language)
    codes, dk, unknown = _category_codes(raw, texts, labels, marker=_DONT_KNOW)
    failures = cell_failures(
        raw.index[unknown], source_column or name, "unknown_label", raw[unknown],
        f"a label or code of scale `{scale.name}` ({scale.allowed_text(language)}); "
        f"add it to the aliases of scale `{scale.name}` in config/codebook.yaml"
        + (", or, if it means no answer (a code such as -1 or 99 \"Ikke svart\", \"N/A\"), list it under "
           "`missing:` of the variable" if any(is_no_answer_mark(v) for v in pd.unique(raw[unknown])) else ""),
    )
    ambiguous = np.zeros(len(raw), dtype=bool)
    if ambiguous_answers:  # judged once per distinct value
        cells, uniques, blank = _distinct(raw)
        per_value = [not b and normalise_label(u) in ambiguous_answers for u, b in zip(uniques, blank, strict=True)]
        ambiguous = np.array([*per_value, False])[cells]
    failures += cell_failures(
        raw.index[ambiguous], source_column or name, "ambiguous_answer", raw[ambiguous],
        f"an answer that is one level's label and another level's code in scale `{scale.name}` "
        f"({scale.allowed_text(language)}), and the column's other answers do not tell which the export holds; "
        "add `recode:` to this source mapping each value the export holds to a code",
    )
    failures += _merged(raw, table, recode, scale, language, source_column or name)
    item = pd.Categorical.from_codes(codes, categories=labels, ordered=scale.ordered)
    return {name: pd.Series(item, index=raw.index), f"{name}__dk": pd.Series(dk, index=raw.index)}, failures


def _check_reversal(recode: dict[str, Any], scale: Scale, column: str) -> None:
    """A ``recode`` that mirrors some of the scale's codes (1 -> 5, 5 -> 1) and leaves other codes
    that have a mirror (2 and 4) as they are reverses half a scale: refused, with the whole
    reversal to write (or, if only those are meant, the others written as themselves). A code
    mirrored one way only (``{5: 1}``, 1 read as itself) is a merge, not a reversal: allowed.

    >>> from surveykit.config.codebook import Level
    >>> s = Scale("s", tuple(Level(c, {"*": str(c)}) for c in (1, 2, 3, 4, 5)))
    >>> _check_reversal({"1": 5, "5": 1}, s, "q7")
    Traceback (most recent call last):
    surveykit.errors.ConfigError: config/codebook.yaml: `recode` of 'q7' reverses codes 1, 5 of scale `s` and leaves 2, 4 as they are: a scale coded the other way round recodes every code ({1: 5, 2: 4, 4: 2, 5: 1}). If only those are meant, write the others as themselves ({2: 2, 4: 4}).
    """
    codes = [lv.code for lv in scale.levels]
    if len(codes) < 3 or not recode:
        return
    lo, hi = min(codes), max(codes)
    mirror = {c: lo + hi - c for c in codes if lo + hi - c in codes and lo + hi - c != c}
    pairs = {}
    for key, value in recode.items():
        try:
            k = float(key)
        except ValueError:
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or mirror.get(k) != value:
            return   # not (only) a reversal: a merge or another recode, listed by the cleaning
        pairs[k] = value
    if any(pairs.get(v) != k for k, v in pairs.items()):
        return   # 5 -> 1 with 1 read as itself: a merge (listed by the cleaning), not a reversal
    left = sorted(set(mirror) - set(pairs))
    if pairs and left:
        whole = ", ".join(f"{_code_text(c)}: {_code_text(mirror[c])}" for c in sorted(mirror))
        raise ConfigError(
            f"config/codebook.yaml: `recode` of {column!r} reverses codes {', '.join(map(_code_text, sorted(pairs)))} "
            f"of scale `{scale.name}` and leaves {', '.join(map(_code_text, left))} as they are: a scale coded the "
            f"other way round recodes every code ({{{whole}}}). If only those are meant, write the others as "
            f"themselves ({{{', '.join(f'{_code_text(c)}: {_code_text(c)}' for c in left)}}}).")


def _merged(raw: pd.Series, table: dict[str, Any], recode: dict[str, Any] | None, scale: Scale, language: str,
            column: str) -> list[dict]:
    """A warning per answer of the scale that two or more of the column's distinct answers become
    through the source's ``recode`` (a merge: {1: 1, 2: 1}, or a recode {5: 1} beside a 1 read as
    itself, as a reversal written for one end only gives): allowed, since written, but listed,
    with each answer's count, so that a merge nobody meant is seen."""
    recoded = {normalise_label(k) for k in recode or {}}
    if not recoded:
        return []
    cells, uniques, blank = _distinct(raw)
    counts = np.bincount(cells[cells >= 0], minlength=len(uniques))
    into: dict[Any, list[tuple[str, int, bool, int]]] = {}
    for u, (value, b, n) in enumerate(zip(uniques, blank, counts, strict=True)):
        key = normalise_label(value)
        hit = None if b else table.get(key)
        if hit is not None:
            into.setdefault(hit[0].code, []).append((key, int(n), key in recoded, u))
    out = []
    for code, parts in into.items():
        if len({k for k, _, _, _ in parts}) < 2 or not any(r for _, _, r, _ in parts):
            continue
        level = next(lv for lv in (*scale.levels, *scale.nonsubstantive) if lv.code == code)
        shown = " and ".join(f"{k!r} ×{n}" + (" (recode)" if r else " (read as itself)") for k, n, r, _ in parts)
        first = int(np.flatnonzero(np.isin(cells, [u for _, _, r, u in parts if r]))[0])  # a recoded answer's row
        out.append({"row": int(raw.index[first]), "column": column, "check": "merged_answers",
                    "value": f"{shown} all become {_code_text(code)} = {level.text(language)!r}",
                    "expected": "one answer per level, unless the merge is meant: the source's `recode` maps these "
                                "answers to one level (a reversed scale recodes every code, e.g. {1: 5, 2: 4, 4: 2, "
                                "5: 1}); if the merge is meant, this warning only lists it",
                    "severity": "warning"})
    return out


def _code_text(code: Any) -> str:
    return str(int(code)) if float(code).is_integer() else str(code)


def code_levels(raw: pd.Series, var: Variable, *, source_column: str | None = None,
                recode: dict[str, Any] | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """A single-choice variable given as a plain list of labels -> unordered Categorical.

    ``recode`` (the source's) maps raw values to one of the labels.
    """
    levels = list(var.levels or ())
    table = {normalise_label(lv): lv for lv in levels}
    missing = (*var.missing, *(k for k, v in (recode or {}).items() if v is None))
    recode = {k: v for k, v in (recode or {}).items() if v is not None}
    raw = raw.where(~declared_missing(raw, missing).to_numpy())
    for raw_value, label in (recode or {}).items():
        if normalise_label(label) not in table:
            raise ConfigError(
                f"config/codebook.yaml: `recode` of {source_column or var.name!r} maps {raw_value!r} to {label!r}, "
                f"which is not one of `variables.{var.name}.levels` ({levels})."
            )
        table[normalise_label(raw_value)] = table[normalise_label(label)]
    codes, _, unknown = _category_codes(raw, table, levels)
    failures = cell_failures(
        raw.index[unknown], source_column or var.name, "unknown_label", raw[unknown],
        f"one of {levels}; add it to `variables.{var.name}.levels` in config/codebook.yaml, or, if it means no "
        f"answer (\"Vet ikke\", \"N/A\", 99), list it under `variables.{var.name}.missing` (no answer: out of the "
        "shares' base; a \"Vet ikke\" to show apart needs a scale with it under `nonsubstantive:`)",
    )
    return {var.name: pd.Series(pd.Categorical.from_codes(codes, categories=levels), index=raw.index)}, failures


def code_numeric(raw: pd.Series, var: Variable, *, source_column: str | None = None,
                 recode: dict[str, Any] | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Numbers (decimal comma allowed) -> float64; text and out-of-range values are failures.

    ``var.missing`` lists answers that mean "no number" ("N/a", 99): they become missing.
    ``recode`` (the source's) maps raw values to numbers first (``None`` = missing).

    >>> from surveykit.config.codebook import Variable
    >>> v = Variable("hours", "numeric", {"nb": "Timer"}, {}, missing=("N/a", 99))
    >>> cols, fails = code_numeric(pd.Series(["3", "n/a", "99", "7,5"]), v, recode={"7,5": 8})
    >>> cols["hours"].tolist(), fails
    ([3.0, nan, nan, 8.0], [])
    """
    column = source_column or var.name
    blank = is_blank(raw)
    table: dict[str, Any] = dict.fromkeys((normalise_label(m) for m in var.missing), np.nan)
    for value, number in (recode or {}).items():
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
            raise ConfigError(
                f"config/codebook.yaml: `recode` of {column!r} (variable {var.name!r}) maps {value!r} to {number!r}; "
                "a numeric variable's recode gives numbers (or null for missing)."
            )
        table[normalise_label(value)] = np.nan if number is None else float(number)
    ambiguous = pd.Series(False, index=raw.index)
    if pd.api.types.is_numeric_dtype(raw):
        numbers = raw.astype("float64")
    else:
        numbers, ambiguous = read_numbers(raw, var.decimal)
    declared = pd.Series(False, index=raw.index)
    if table:
        mapped, _ = map_labels(raw, {k: ("x", v) for k, v in table.items()})
        declared = mapped.notna()
        numbers = numbers.mask(declared, mapped[declared].map(lambda kv: kv[1]).astype("float64"))
    ambiguous &= ~declared
    bad = numbers.isna() & ~blank & ~declared & ~ambiguous
    failures = cell_failures(raw.index[bad], column, "not_numeric", raw[bad],
                        f"a number for {var.name!r} (decimal comma allowed); correct the cell in the export, "
                        f"or change `variables.{var.name}.type` in config/codebook.yaml if it is not numeric")
    failures += cell_failures(
        raw.index[ambiguous], column, "ambiguous_number", raw[ambiguous],
        f"one reading: '1,500' and '1.500' are 1.5 or 1500 by the decimal mark, and no other answer of this "
        f"column tells which; say it with `decimal: comma` (1.500 = 1500, 7,5 = 7.5) or `decimal: point` "
        f"(1,500 = 1500, 7.5 = 7.5) on `variables.{var.name}` in config/codebook.yaml")
    numbers = numbers.mask(ambiguous)
    if var.valid is not None:
        lo, hi = var.valid
        out = numbers.notna() & ((numbers < lo) | (numbers > hi))
        failures += cell_failures(
            raw.index[out], column, "out_of_range", raw[out],
            f"a value from {lo:g} to {hi:g} (`variables.{var.name}.valid` in config/codebook.yaml)",
        )
        numbers = numbers.mask(out)
    return {var.name: numbers}, failures


def one_of(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """A single choice exported as one column per option (SurveyMonkey's expanded export) as
    one column of answers: a row's answer is the key (column name of ``frame``) of the one
    column it filled (not empty, not 0 / "Nei"); missing when it filled none. Also returns
    which columns each row filled (rows, options), so that a row with several is reported,
    never guessed.

    Example:
        >>> answers, filled = one_of(pd.DataFrame({"Male": ["Male", "", "Male", ""],
        ...                                        "Female": ["", "Female", "Female", "0"]}))
        >>> answers.tolist(), filled.sum(axis=1).tolist()
        (['Male', 'Female', None, None], [1, 1, 2, 0])
    """
    keys = [str(k) for k in frame.columns]
    chosen = np.zeros((len(frame), len(keys)), dtype=bool)
    for j in range(len(keys)):  # judged per distinct value, as the options of a multi-select
        codes, uniques, blank = _distinct(frame.iloc[:, j])
        falsey = [b or str(u).strip().casefold() in _FALSEY for u, b in zip(uniques, blank, strict=True)]
        chosen[:, j] = ~np.array([*falsey, True])[codes]
    count = chosen.sum(axis=1)
    labels = np.array(keys, dtype=object)
    out = np.where(count == 1, labels[chosen.argmax(axis=1)] if len(keys) else None, None)
    return pd.Series(out, index=frame.index, dtype=object), chosen


def code_multi(raw: pd.Series | pd.DataFrame, var: Variable, language: str, separator: str | None = None,
               *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Multi-select -> one boolean column per option, ``<name>__<option>``.

    From one column per option: chosen = non-empty and not 0/"Nei". From one column of joined
    labels: the answer is split into options' labels (or keys), longest first, so an option
    text holding the separator stays whole (:func:`split_known`); a part that is no option is
    a failure, or counts as the option ``var.other`` names (answers typed in by the
    respondent). A row with no option chosen and nothing written stays missing, unless the
    codebook says such a row chose none (``blank: none``: a form where everyone saw the question).
    """
    options = var.options or {}
    out: dict[str, pd.Series] = {}
    failures: list[dict] = []
    none_chosen = var.blank == "none"
    column = source_column or var.name
    if isinstance(raw, pd.DataFrame):
        # a cell holding a `missing:` answer (-999999999, "N/A") makes its row's answer missing: no option chosen
        absent = np.zeros(len(raw), dtype=bool)
        for key in raw.columns:
            absent |= declared_missing(raw[key], var.missing).to_numpy()
        answered = pd.Series(True, index=raw.index) if none_chosen else ~raw.apply(is_blank).all(axis=1)
        answered &= ~absent
        for key in options:
            if key in raw:  # chosen: not empty, not 0 / "Nei" (judged per distinct value)
                codes, uniques, blank = _distinct(raw[key])
                falsey = [b or str(u).strip().casefold() in _FALSEY for u, b in zip(uniques, blank, strict=True)]
                chosen = pd.Series(~np.array([*falsey, True])[codes], index=raw.index)
                # a no-answer code the codebook does not declare is no choice: said, never counted as chosen
                mark = np.array([not b and is_no_answer_mark(u) for u, b in zip(uniques, blank, strict=True)]
                                + [False])[codes] & ~absent
                failures += cell_failures(
                    raw.index[mark], f"{column} ({key})" if column == var.name else str(key), "no_answer_code",
                    raw[key][mark], f"a mark of option {key!r} of {var.name!r} chosen or not (1/0, its label or "
                    f"empty); this looks like a code for no answer: list it under `variables.{var.name}.missing` "
                    "in config/codebook.yaml (the row's answer is then missing), so it is not counted as chosen")
            else:
                chosen = pd.Series(False, index=raw.index)
            out[f"{var.name}__{key}"] = chosen.astype("boolean").where(answered, pd.NA)
        return out, failures
    table = _option_table(options)
    absent = declared_missing(raw, var.missing).to_numpy()
    # each distinct joined text is split and looked up once
    codes, uniques, ublank = _distinct(raw)
    blank = np.append(ublank, True)[codes] | absent
    chosen_keys, unknown_parts = [], []
    for u, b in zip(uniques, ublank, strict=True):
        found, unknown = ([], []) if b else split_known(str(u), separator or ";", table)
        if unknown and var.other is not None and not any(map(is_no_answer_mark, unknown)):
            found, unknown = [*found, var.other], []
        chosen_keys.append(set(found))
        unknown_parts.append(unknown)
    has_unknown = np.array([bool(p) for p in unknown_parts] + [False])[codes] & ~absent
    rows = np.flatnonzero(has_unknown)
    failures = [
        {"row": int(raw.index[r]), "column": column, "check": "unknown_option", "value": part,
         "expected": f"one of the options of {var.name!r} ({', '.join(options)}); "
                     + (f"this looks like a code for no answer: list it under `variables.{var.name}.missing` in "
                        "config/codebook.yaml (the row's answer is then missing)" if is_no_answer_mark(part) else
                        f"add it under `variables.{var.name}.options`, or set `other:` to the option that takes "
                        "answers typed in by the respondent")}
        for r in rows for part in unknown_parts[codes[r]]
    ]
    for key in options:
        hit = np.array([key in keys for keys in chosen_keys] + [False])[codes]
        chosen = pd.Series(hit, index=raw.index).astype("boolean")
        out[f"{var.name}__{key}"] = chosen.where(~absent, pd.NA) if none_chosen else chosen.where(~blank, pd.NA)
    return out, failures


def _option_table(options: dict[str, dict[str, str]]) -> dict[str, str]:
    """A multi variable's option keys and labels (every language), as matched in a joined answer -> key."""
    table = {_multi_key(k): k for k in options}
    for key, label in options.items():
        for text in label.values():
            table[_multi_key(text)] = key
    return table


def code_typed(raw: pd.Series, var: Variable, multi: Variable, separator: str | None, *,
               source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """The answers typed in to a multi-select (``var.other_of``): the parts of ``multi``'s joined
    answers that are none of its options, joined again by the separator, as free text (masked
    as all free text is); missing where the answer holds none.

    >>> multi = Variable("tools", "multi", {}, {}, options={"r": {"en": "R"}, "py": {"en": "Python"}})
    >>> text = Variable("tools_other", "text", {}, {}, other_of="tools")
    >>> code_typed(pd.Series(["R, Stata", "Python", None, "Excel,SPSS"]), text, multi, ",")[0]["tools_other"].tolist()
    ['Stata', <NA>, <NA>, 'Excel, SPSS']
    """
    table = _option_table(multi.options or {})
    sep = separator or ";"
    joiner = sep.strip() + " " if sep.strip() else sep   # "Excel,SPSS" read at "," is written "Excel, SPSS"
    codes, uniques, blank = _distinct(raw)
    typed = [None if b else (joiner.join(split_known(str(u), sep, table)[1]) or None)
             for u, b in zip(uniques, blank, strict=True)]
    parts = pd.Series(np.array([*typed, None], dtype=object)[codes], index=raw.index, dtype=object)
    return code_text(parts, var, source_column=source_column)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _multi_key(text: Any) -> str:
    """An option text as matched in a joined answer: case, white space and spaces around , ; / folded."""
    return re.sub(r"\s*([,;/|])\s*", r"\1", normalise_label(text))


def split_known(value: str, separator: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """(option keys found, unknown parts) of one joined multi-select answer.

    The answer is cut at ``separator``; runs of pieces are matched against the known option
    texts (``table``: :func:`_multi_key` of a text -> option key) longest first, so an option
    whose text holds the separator is found whole.

    >>> table = {_multi_key("Blogs, Twitter"): "social", _multi_key("Books"): "books"}
    >>> split_known("Blogs, Twitter, Books, Podcasts", ", ", table)
    (['social', 'books'], ['Podcasts'])
    """
    sep = separator.strip() or separator
    parts = [p.strip() for p in value.split(sep)]
    parts = [p for p in parts if p]
    keys = sorted(table)
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        run = _longest_run(parts, i, sep, table, keys)
        if run:
            i, key = run
            found.append(key)
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


def _longest_run(parts: list[str], i: int, sep: str, table: dict[str, str],
                 keys: list[str]) -> tuple[int, str] | None:
    """(end j, option key) of the longest run ``parts[i:j]`` whose text is an option's (``table``;
    ``keys`` its texts sorted), or None. A run's text begins with the text of the run one part shorter, so
    the run grows part by part while its text begins some option's, its text made from the
    shorter one's and the new part alone. Trying every run of every length, each made afresh,
    took minutes on cells of hundreds of parts (a real Jotform export's product lists).
    """
    text, best, j = _multi_key(parts[i]), None, i + 1
    while True:
        if text in table:
            best = (j, table[text])
        at = bisect.bisect_left(keys, text)
        if j >= len(parts) or not text or at == len(keys) or not keys[at].startswith(text):
            return best
        # the texts are folded: the new part changes nothing before the last character
        text = text[:-1] + _multi_key(text[-1] + sep + parts[j])
        j += 1


MAX_TEXT = 32_000  # below Excel's 32 767 characters per cell


def code_text(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Free text as string (masking happens in :mod:`surveykit.clean.privacy`).

    A cell longer than :data:`MAX_TEXT` characters is cut there (ending in "…") and reported
    as a warning (check ``text_truncated``): the raw file keeps the whole text.
    """
    text = raw.astype("string").str.strip()
    long = text.str.len().gt(MAX_TEXT).fillna(False).astype(bool)
    warnings = []
    if long.any():
        lengths = text[long].str.len().map(lambda n: f"{n} characters")
        warnings = cell_failures(raw.index[long], source_column or var.name, "text_truncated", lengths,
                            f"at most {MAX_TEXT} characters; the text was cut to that length (the raw file keeps it)")
        for w in warnings:
            w["severity"] = "warning"
        text = text.where(~long, text.str.slice(0, MAX_TEXT - 1) + "…")
    return {var.name: text.mask(text.eq(""))}, warnings


_DAYS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%y", "%d/%m/%y",
         "%m/%d/%y", "%d-%b-%Y")
_TIMES = ("", " %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p")
# the offset as ISO 8601 writes it: Z, +01:00, +0100, or the hours alone (ODK/KoboToolbox: +02)
_ZONE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?|\s*UTC)?$")
# Google Forms' own download: 2023/01/20 1:45:00 PM GMT+1 (the zone after AM/PM)
_NAMED_ZONE = re.compile(r"(\d\s*(?:[AaPp][Mm])?)\s+(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?$")
_EXAMPLE = pd.Timestamp("2023-01-20 13:45:00")
# months by their names and abbreviations in English, Norwegian, Swedish and Danish (no name means
# another month in another of these languages: "mar" and "mars" are March, "mai" and "maj" May)
_MONTHS = {name: number for number, names in enumerate((
    "january jan januar januari", "february feb februar februari", "march mar mars marts",
    "april apr", "may mai maj", "june jun juni", "july jul juli", "august aug augusti",
    "september sep sept", "october oct okt oktober", "november nov", "december dec des desember"), 1)
    for name in names.split()}
_TIME = r"(?:,?\s+(?:kl\.?\s*)?(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?))?"
# "Mar 01, 2024 10:00:00 am", "Friday, March 1, 2024" (US exports: QuestionPro, Alchemer), and
# "1. mars 2024 kl. 10.00", "1 mars 2024", "fredag 1. marts 2024" (Norwegian, Swedish, Danish)
_NAMED = (re.compile(r"^(?:[^\W\d_]+,?\s+)??(?P<month>[^\W\d_]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
                     + _TIME + "$"),
          re.compile(r"^(?:[^\W\d_]+,?\s+)?(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]{3,9})\.?,?\s+(?P<year>\d{4})"
                     + _TIME + "$"))
_NAMED_FORMS = ("Jan 20, 2023", "20. jan 2023")


def _month_named(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates written with the month's name -> ISO text ("Mar 01, 2024 10:00:00 am" -> "2024-03-01
    10:00:00 AM", "1. mars 2024 kl. 10.00" -> "2024-03-01 10:00"), and which form each is (0 US,
    1 Nordic, -1 none)."""
    out = pd.Series(pd.NA, index=text.index, dtype="string")
    form = pd.Series(-1, index=text.index)
    for k, pattern in enumerate(_NAMED):
        parts = text.str.extract(pattern).dropna(subset=["month"])
        months = parts["month"].str.casefold().map(_MONTHS)
        parts = parts[months.notna() & form[parts.index].eq(-1)]
        if parts.empty:
            continue
        months = months[parts.index].astype(int).astype(str).str.zfill(2)
        time = parts["time"].fillna("").str.replace(r"(?<=\d)\.(?=\d{2})", ":", regex=True)
        time = time.str.replace(r"\s*([AaPp])\.?[Mm]\.?$", lambda m: " " + m.group(1).upper() + "M", regex=True)
        out[parts.index] = (parts["year"] + "-" + months + "-" + parts["day"].str.zfill(2) + " " + time).str.strip()
        form[parts.index] = k
    return out, form


def month_named(values: pd.Series) -> pd.Series:
    """Whether each value is a date written with its month's name (:func:`parse_dates` reads them).

    >>> month_named(pd.Series(["Mar 01, 2024 10:00:00 am", "1. mars 2024", "Books, Films"])).tolist()
    [True, True, False]
    """
    return _month_named(values.astype("string").str.strip())[1].ge(0)


def parse_dates(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Dates (and date-times) as survey tools write them -> datetime64, NaT where not a date.

    ISO (2023-01-20, 2023-01-20T13:45:00+01:00 or ODK's 2023-01-20T13:45:00.712+01: the clock time
    as written, the offset dropped, as the GMT+1 of Google Forms' 2023/01/20 1:45:00 PM GMT+1), Norwegian/Danish/Swedish (20.01.2023 13:45), SPSS's 20-JAN-2023, the month's name in English,
    Norwegian, Swedish or Danish (Mar 01, 2024 10:00:00 am; 1. mars 2024 kl. 10.00; 1 mars 2024), slashed dates with or without a
    time and AM/PM (01/20/2023 1:45:00 PM), two-digit years (20.01.23). Slashed dates are
    read day first unless a value only fits month first, or the times say AM/PM (US
    exports), or when only that reading puts the dates close together. Returns the parsed values and
    how many values each form read (e.g.
    ``{"2023-01-20": 9}``), for messages.

    >>> parsed, used = parse_dates(pd.Series(["12/13/2019 10:02:32", "1/2/2020 8:00:00", None]))
    >>> parsed.dt.strftime("%Y-%m-%d").tolist()[:2], used
    (['2019-12-13', '2020-01-02'], {'01/20/2023 13:45:00': 2})
    """
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
        # beyond 1677-2262 (SPSS's day zero 1582-10-14, a 9999-12-31 placeholder): no date here,
        # so the caller names the cell instead of failing on it
        out = out.where(out.isna() | ((out >= pd.Timestamp.min) & (out <= pd.Timestamp.max)))
        return out.astype("datetime64[ns]"), ({"date-time": int(out.notna().sum())} if out.notna().any() else {})
    text = values.astype("string").str.strip().str.replace(_NAMED_ZONE, r"\1", regex=True)
    text = text.str.replace(_ZONE, r"\1", regex=True)
    text = text.str.replace(r"^(\d{4}-\d{2}-\d{2})T", r"\1 ", regex=True)
    iso, named = _month_named(text)
    if named.ge(0).any():   # the month's name says which is the day: no order to guess
        parsed, used = _parse_forms(iso.where(named.ge(0)), parsed, False)
        used = {}
        for k, form in enumerate(_NAMED_FORMS):
            if (n := int((parsed.notna() & named.eq(k)).sum())):
                used[form] = n
        text = text.where(named.lt(0))
        rest, more = parse_dates(text) if text.notna().any() else (parsed, {})
        return parsed.where(parsed.notna(), rest), {**used, **more}
    slashed = text.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{2,4}\b").astype("Float64")
    day_first = bool(slashed[0].gt(12).fillna(False).any())
    month_first = not day_first and bool(slashed[1].gt(12).fillna(False).any() or
                                         text.str.contains(r"\d\s*[AaPp][Mm]$", regex=True).fillna(False).any())
    if not day_first and not month_first and slashed[0].notna().sum() > 1:
        month_first = _closer_month_first(text)
    return _parse_forms(text, parsed, month_first)


def ambiguous_order(values: pd.Series) -> str | None:
    """How :func:`parse_dates` reads slashed dates that fit both orders (no day above 12 in either
    place, no AM/PM: 01/02/2024 is 1 February or 2 January), saying what each reading spans; None
    when the values leave no such choice.

    >>> print(ambiguous_order(pd.Series(["01/02/2024", "09/04/2024"])))
    read day first (01/02/2024 = 2024-02-01), as that puts the answers closer together: 2024-02-01 to 2024-04-09; month first they would run 2024-01-02 to 2024-09-04
    """
    text = values.dropna().astype("string").str.strip()
    slashed = text.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{2,4}\b").astype("Float64").dropna()
    if slashed.empty or bool(slashed.gt(12).any().any()) or text.str.contains(r"\d\s*[AaPp]\.?[Mm]\.?$").any():
        return None
    text = text[slashed.index]
    readings, spans = [], []
    for first in (False, True):
        parsed, _ = _parse_forms(text, pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]"), first)
        if parsed.isna().all():
            return None
        readings.append(f"{parsed.min():%Y-%m-%d} to {parsed.max():%Y-%m-%d}")
        spans.append(parsed.max() - parsed.min())
    month_first = bool(spans[1] < spans[0])   # as _closer_month_first
    example = text.iloc[0]
    parsed, _ = _parse_forms(text.iloc[:1], pd.Series(pd.NaT, index=text.index[:1], dtype="datetime64[ns]"),
                             month_first)
    taken, other = ("month", "day") if month_first else ("day", "month")
    why = ("as that puts the answers closer together" if spans[0] != spans[1] else
           "as Norwegian, Swedish and Danish dates are written (the answers do not tell: both readings span as long)")
    return (f"read {taken} first ({example} = {parsed.iloc[0]:%Y-%m-%d}), {why}: {readings[month_first]}; "
            f"{other} first they would run {readings[not month_first]}")


def _closer_month_first(text: pd.Series) -> bool:
    """Slashed dates that fit both readings: the reading whose dates lie closer together (answers to
    one survey come within weeks: 7/9/14 ... 7/10/14 are two July days, not September to October)."""
    spans = []
    for first in (False, True):
        parsed, _ = _parse_forms(text, pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]"), first)
        spans.append(parsed.max() - parsed.min() if parsed.notna().any() else pd.Timedelta(0))
    return bool(spans[1] < spans[0])


def _parse_forms(text: pd.Series, parsed: pd.Series, month_first: bool) -> tuple[pd.Series, dict[str, int]]:
    days = [d for d in _DAYS if not (month_first and d.startswith("%d/")) and not (not month_first and
                                                                                  d.startswith("%m/"))]
    used: dict[str, int] = {}
    # the positions still to read, and their texts: each form reads what the forms before left
    todo = np.flatnonzero((parsed.isna() & text.notna() & text.ne("")).fillna(False).to_numpy(dtype=bool))
    left = text.iloc[todo]
    for day in days:
        for time in _TIMES:
            if not len(todo):
                return parsed, used
            fmt = day + time
            got = pd.to_datetime(left, format=fmt, errors="coerce")
            hit = got.notna().to_numpy(dtype=bool)
            if hit.any():
                parsed.iloc[todo[hit]] = got[hit].to_numpy()
                used[_EXAMPLE.strftime(fmt)] = int(hit.sum())
                todo, left = todo[~hit], left[~hit]
    return parsed, used


def code_date(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Dates in the forms survey tools write (:func:`parse_dates`) -> datetime64; others are failures.

    A column using more than one form is parsed and gets a warning (check
    ``mixed_date_formats``) saying which forms and how many of each.
    """
    column = source_column or var.name
    parsed, used = parse_dates(raw)
    if pd.api.types.is_datetime64_any_dtype(raw):  # typed dates (.sav, .xlsx): only 1677-2262 fail
        bad = parsed.isna() & raw.notna()
        return {var.name: parsed}, cell_failures(
            raw.index[bad], column, "not_a_date", raw[bad].astype(str),
            "a date between 1677 and 2262 (SPSS writes 1582-10-14 for day zero); correct or blank the cell")
    bad = parsed.isna() & ~is_blank(raw)
    failures = cell_failures(raw.index[bad], column, "not_a_date", raw[bad],
                        "a date like 2023-01-20 or 20.01.2023; correct the cell in the export")
    if len(used) > 1:
        forms = ", ".join(f"like {k} ×{n}" for k, n in used.items())
        first = raw.index[raw.notna()][0]
        failures.append({"row": int(first), "column": column, "check": "mixed_date_formats",
                         "value": forms, "expected": "one date format; all were read as dates "
                         "(slashed dates day first unless only month first fits)", "severity": "warning"})
    return {var.name: parsed}, failures


def derive_bins(values: pd.Series, var: Variable) -> pd.Series:
    """A derived grouping: left-closed bins of a numeric variable; values below the first break are missing."""
    spec = var.derive or {}
    edges = [*spec["breaks"], np.inf]
    return pd.cut(values, bins=edges, right=False, labels=spec["labels"])
