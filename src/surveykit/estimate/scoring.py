"""Likert items as numbers: scores and top-box indicators, non-substantive answers left out.

The one place where a categorical answer becomes a number. A level's score is its position
among the *substantive* levels (1..k) unless ``codes`` maps labels to scores; a
non-substantive level ("Vet ikke", "Don't know", "Ikke aktuelt", ... recognised by
:func:`surveykit.nonsubstantive.is_nonsubstantive`) is never scored: it becomes missing,
like an unanswered item, so a score or top-box share has the same base as R's
``svymean(..., na.rm=TRUE)`` on the substantive answers. Estimators that score an item
(``score``, ``topbox``, ``compare``, ``change``, ``did``, ``cronbach_alpha``, ``olr``)
warn with the share they left out; :func:`with_scores` and :func:`with_topbox` add the
numbers to a design as model inputs (``regress``), with the same base.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> q = pd.Categorical(["Enig", "Vet ikke", "Uenig", "Enig"],
    ...                    categories=["Uenig", "Enig", "Vet ikke"], ordered=True)
    >>> d = with_scores(Design(pd.DataFrame({"q": q})), "q")
    >>> d.data["q_score"].tolist()
    [2.0, nan, 1.0, 2.0]
    >>> with_topbox(d, "q", top=["Enig"]).data["q_top"].tolist()
    [1.0, nan, 0.0, 1.0]
"""

from __future__ import annotations

import contextlib
import itertools
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import DataError, SurveykitWarning
from surveykit.nonsubstantive import is_nonsubstantive

__all__ = [
    "SCORES",
    "NonsubstantiveWarning",
    "item_scores",
    "nonsubstantive_levels",
    "study_codes",
    "substantive_levels",
    "top_indicator",
    "with_scores",
    "with_topbox",
]


SCORES = "surveykit_scores"   # data.attrs key: item -> {label: code}, the codebook's scores of a study's items


def study_codes(data: pd.DataFrame, name: str) -> dict[Any, float] | None:
    """The codebook's scores of item ``name`` ({label: code}) that a study's design carries
    (``data.attrs[SCORES]``), when they score every substantive level the column has, rising in
    its order; None for a column that is no item of the codebook (the position 1..k scores it).
    A scale coded 0-4, or 1, 2, 4, 5, is then scored by its codes in Python as in the report. An
    item's column changed by the user (levels reordered, as to reverse it, or relabelled) is
    refused: neither the codes nor the positions are surely what is meant.

    >>> q = pd.Categorical(["b", "a"], ["a", "b"], ordered=True)
    >>> frame = pd.DataFrame({"q": q}); frame.attrs[SCORES] = {"q": {"a": 0.0, "b": 4.0}}
    >>> study_codes(frame, "q"), study_codes(frame.rename(columns={"q": "r"}), "r")
    ({'a': 0.0, 'b': 4.0}, None)
    """
    codes = (data.attrs.get(SCORES) or {}).get(name)
    if not codes or name not in data.columns or not isinstance(data[name].dtype, pd.CategoricalDtype):
        return None
    levels = substantive_levels(data[name])
    known = [lv for lv in levels if lv in codes]
    rising = all(codes[a] < codes[b] for a, b in itertools.pairwise(known))
    if len(known) == len(levels) and rising:
        return codes
    # the column was replaced (reordered, relabelled): neither the codes nor the positions are surely meant
    book = ", ".join(f"{label!r} = {code:g}" for label, code in codes.items())
    what = ("its levels are in another order than the codebook's codes" if len(known) == len(levels)
            else f"its level(s) {', '.join(map(repr, [lv for lv in levels if lv not in codes][:5]))} are not the "
                 "codebook's")
    raise DataError(
        f"{name!r} is an item of the study's codebook ({book}), but {what}: the column was changed, so it is "
        f"unclear whether to score it by those codes or by its order ({', '.join(map(repr, levels))}). Give the "
        f"scores (sk.score(design, {name!r}, codes={{...}}), sk.with_scores(design, [{name!r}], codes={{...}})), or "
        "put the changed column under another name (design.with_columns) to score it by its order."
    )


class NonsubstantiveWarning(SurveykitWarning):
    """Non-substantive answers ("Vet ikke") were left out of a score or top-box share."""


def nonsubstantive_levels(s: pd.Series) -> list:
    """The categories of a categorical that are non-substantive answers (by their label).

    Example:
        >>> nonsubstantive_levels(pd.Series(pd.Categorical([], ["Nei", "Ja", "Vet ikke"])))
        ['Vet ikke']
    """
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return []
    return [c for c in s.cat.categories if is_nonsubstantive(c)]


def substantive_levels(s: pd.Series) -> list:
    """The categories of a categorical that are answers to the question, in order."""
    drop = set(nonsubstantive_levels(s))
    return [c for c in s.cat.categories if c not in drop]


def _report(caller: str, name: str, s: pd.Series, active: np.ndarray | None) -> None:
    """Warn that non-substantive answers of ``s`` were left out, with their share."""
    levels = nonsubstantive_levels(s)
    if not levels:
        return
    codes = s.cat.codes.to_numpy()
    if active is not None:
        codes = codes[active]
    cats = list(s.cat.categories)
    out = np.isin(codes, [cats.index(lv) for lv in levels])
    k, answered = int(out.sum()), int((codes >= 0).sum())
    if k == 0:
        return
    warnings.warn(
        f"{caller}: {name!r} has non-substantive answers {levels}; they are not scored but "
        f"left out like missing answers: {k} of {answered} answers ({100 * k / answered:.1f} %). "
        f"Their share: sk.proportion(design, {name!r}). Convert the item once with "
        f"sk.with_scores(design, [{name!r}]) to keep this base without the warning.",
        NonsubstantiveWarning,
        stacklevel=4,
    )


def _refuse_unordered(s: pd.Series, caller: str, what: str) -> None:
    """Positions of an unordered categorical's levels are the order pandas holds them in
    (alphabetical when made with ``astype("category")``), not a scale's order: no scores."""
    if s.cat.ordered:
        return
    codes = " or give codes= with a score per level" if caller in ("score", "with_scores") else ""
    raise DataError(
        f"{caller}: {s.name!r} is an unordered categorical (levels "
        f"{list(s.cat.categories)}); its {what} would follow the order pandas holds the levels "
        "in (alphabetical from astype('category')), not a scale's order. If it is a scale, make "
        f"it ordered in the scale's order (df[{s.name!r}].cat.reorder_categories([the "
        f"answers in order]).cat.as_ordered()){codes}; for its shares use sk.mean or "
        "sk.proportion, for a top box name the levels in top=."
    )


def _as_number(level: Any) -> float | None:
    """A level that is a number (3, 4.5, "7"): its value; else None."""
    if isinstance(level, bool | np.bool_):
        return None
    if isinstance(level, int | float | np.integer | np.floating):
        return float(level)
    if isinstance(level, str):
        try:
            return float(level.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _refuse_numbers_as_levels(s: pd.Series, answers: list, caller: str, top: tuple | None = None) -> None:
    """An ordered categorical whose answers are numbers other than 1..k (a 0-10 item, a 3-9
    scale) would be scored by position 1..k, shifting or bending its numbers, and its top box
    given as numbers (top=(5, 6)) would be read as positions: refused."""
    values = [_as_number(c) for c in answers]
    if not answers or any(v is None for v in values):
        return
    if values == [float(i) for i in range(1, len(answers) + 1)]:
        return
    name = s.name
    convert = f"design.with_columns(**{{{name!r}: pd.to_numeric(design.data[{name!r}].astype(str))}})"
    if top is not None:
        raise DataError(
            f"{caller}: {name!r} is an ordered categorical whose answers are the numbers "
            f"{', '.join(map(str, answers))}; top={top} would be read as positions 1..{len(answers)}, not "
            f"as these answers. Convert the item to numbers ({convert}) and give top= as its "
            "values."
        )
    codes = ", or give codes= with a score per level" if caller in ("score", "with_scores") else ""
    raise DataError(
        f"{caller}: {name!r} is an ordered categorical whose answers are the numbers "
        f"{', '.join(map(str, answers))}; its scores would be their positions 1..{len(answers)}, not "
        f"these numbers. Convert it to numbers to score the numbers themselves ({convert}){codes}."
    )


def item_scores(data: pd.DataFrame, name: str, *, codes: Mapping[Any, float] | None = None,
                caller: str = "score", active: np.ndarray | None = None,
                warn: bool = True) -> np.ndarray:
    """The scores of one item as floats (NaN = missing or non-substantive).

    An ordered categorical gives the position of its level among the substantive levels (1..k), or
    ``codes[level]``; numbers stay numbers; booleans are 0/1; text is refused. ``active``
    (rows in the design's domain) is where the warning counts the answers left out.

    Example:
        >>> q = pd.Categorical(["b", None, "a", "Vet ikke"], ["a", "b", "Vet ikke"], ordered=True)
        >>> item_scores(pd.DataFrame({"q": q}), "q", warn=False)
        array([ 2., nan,  1., nan])
    """
    if name not in data.columns:
        raise DataError(
            f"{caller}: unknown column {name!r}; the design's data has {len(data.columns)} "
            f"columns, e.g. {', '.join(map(repr, list(data.columns)[:8]))}."
        )
    s = data[name]
    if isinstance(s.dtype, pd.CategoricalDtype):
        drop = nonsubstantive_levels(s)
        cats = list(s.cat.categories)
        if codes is None and caller != "olr":   # an ordinal model uses the order only
            codes = study_codes(data, name)
        if codes is not None:
            scored = [c for c in drop if c in codes]
            if scored:
                raise DataError(
                    f"{caller}: codes= gives a score to {scored} of {name!r}, a non-substantive "
                    "answer; it cannot be scored. Leave it out of codes= (it is then missing)."
                )
            unknown = [c for c in cats if c not in codes and c not in drop]
            if unknown:
                raise DataError(
                    f"{caller}: codes= has no score for level(s) {unknown} of {name!r}; give a "
                    "score for every substantive level."
                )
            table = np.array([np.nan if c in drop else float(codes[c]) for c in cats] + [np.nan])
        else:
            _refuse_unordered(s, caller, "scores")
            if caller != "olr":  # an ordinal model uses the order only
                _refuse_numbers_as_levels(s, [c for c in cats if c not in drop], caller)
            pos = np.cumsum([c not in drop for c in cats]).astype(float)
            table = np.append(np.where([c in drop for c in cats], np.nan, pos), np.nan)
        if warn:
            _report(caller, name, s, active)
        c = s.cat.codes.to_numpy()
        return table[np.where(c < 0, len(cats), c)]
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
        values = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(values) if active is None else np.isinf(values) & active
        if infinite.any():  # else an overflowing estimate (1.8e308) and numpy's RuntimeWarnings
            where = np.flatnonzero(infinite)
            raise DataError(
                f"{caller}: {name!r} has {len(where)} infinite value(s) (first at row "
                f"{int(where[0])}); they have no mean. Make them missing (np.nan) or correct them, "
                "then estimate again."
            )
        return values if codes is None else _coded_numbers(values, codes, name, caller)
    raise DataError(
        f"{caller}: column {name!r} has dtype {s.dtype}, expected numbers, booleans or an "
        "(ordered) categorical. Code it in the codebook or convert it before estimating."
    )


def _coded_numbers(values: np.ndarray, codes: Mapping[Any, float], name: str, caller: str) -> np.ndarray:
    """The scores ``codes`` gives the numbers of a numeric item (a reversed item's
    ``{1: 5, 2: 4, ...}``): every answered number needs one, as every level of a categorical
    does; a code such as 9 = "Vet ikke" left out of ``codes`` is refused, not scored as 9.

    >>> _coded_numbers(np.array([1.0, np.nan, 3.0]), {1: 3, 2: 2, 3: 1}, "q", "score")
    array([ 3., nan,  1.])
    """
    table = {}
    for key, score in codes.items():
        if isinstance(key, (bool, int, float, np.number)) and not isinstance(key, str):
            table[float(key)] = float(score)
    answered = values[~np.isnan(values)]
    found, counts = np.unique(answered, return_counts=True)
    unknown = [(v, c) for v, c in zip(found.tolist(), counts.tolist(), strict=True) if v not in table]
    if unknown:
        shown = ", ".join(f"{v:g} ×{c}" for v, c in unknown[:8])
        text = [k for k in codes if isinstance(k, str)]
        hint = (f" Its keys {text[:5]} are text; this item holds numbers: give them as numbers "
                "({1: 5, 2: 4, ...})." if text else "")
        raise DataError(
            f"{caller}: codes= has no score for the value(s) {shown} of {name!r}, which holds "
            f"numbers; give a score for every answer (a code such as 9 = 'Vet ikke' is no score: "
            f"set it to missing first).{hint}"
        )
    out = np.full(values.shape, np.nan)
    keep = ~np.isnan(values)
    scores = np.array([table[v] for v in found.tolist()], dtype=float)  # one per distinct answer
    out[keep] = scores[np.searchsorted(found, values[keep])]
    return out


def as_scale_hint(s: pd.Series, name: str) -> str:
    """How to make a text item an ordered categorical with the Python API (the codebook does
    it for a study), with the item's own answers as the example's categories.

    >>> "categories=['a', 'b'], ordered=True" in as_scale_hint(pd.Series(["b", "a"]), "q")
    True
    """
    found = pd.unique(s.dropna()).tolist()
    with contextlib.suppress(TypeError):  # numbers and text: listed as found
        found = sorted(found)
    shown = ", ".join(map(repr, found[:6])) + (", ..." if len(found) > 6 else "")
    return (
        "Make it an ordered categorical with the answers in the scale's order (in a study: code the "
        "item in the codebook; with the API: design = design.with_columns(**{"
        f"{name!r}: pd.Categorical(design.data[{name!r}], categories=[{shown}], ordered=True)}}), "
        "its categories put in the scale's order)."
    )


def top_indicator(data: pd.DataFrame, name: str, top: Sequence[Any], *, caller: str = "topbox",
                  active: np.ndarray | None = None, warn: bool = True) -> tuple[np.ndarray, str]:
    """Top-box codes of one item (int8: 1 in the top box, 0 another substantive answer, -1
    missing or non-substantive) and the top box's label ("Litt enig / Helt enig").

    ``top`` lists level labels, or positions (1..k; whole floats too) among the substantive levels
    (the label then names the levels at those positions); for a numeric item, the values in the
    top box, each a value some row of the data has (else an error, as a label that is not a
    level of a categorical item). Positions of an item whose levels are numbers other than 1..k
    are refused (ambiguous: give the labels).
    """
    if isinstance(top, str) or not isinstance(top, Iterable):  # top=one label (or position)
        top = (top,)
    top = tuple(top)
    if not top:
        raise DataError(f"{caller}: top= is empty; name the levels of the top box.")
    s = data[name]
    if pd.api.types.is_bool_dtype(s.dtype) and all(isinstance(t, bool | np.bool_) for t in top):
        return _numeric_box_codes(s, tuple(float(t) for t in top)), " / ".join(map(str, top))
    positions = all(_whole(t) for t in top)
    if positions:  # 5.0 as 5
        top = tuple(int(t) for t in top)
    label = " / ".join(map(str, top))
    if not isinstance(s.dtype, pd.CategoricalDtype):
        if not all(_as_number(t) is not None and not isinstance(t, str) for t in top):
            if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
                raise DataError(
                    f"{caller}: item {name!r} is text (dtype {s.dtype}), not a scale: its answers have "
                    f"no order, and top= names no level of a scale. {as_scale_hint(s, name)}"
                )
            raise DataError(
                f"{caller}: item {name!r} is not categorical (dtype {s.dtype}); give top= as "
                "the numbers in the top box or code the item in the codebook."
            )
        codes = _numeric_box_codes(s, top)
        _refuse_absent_values(s, name, top, caller)
        return codes, label
    cats = list(s.cat.categories)
    drop = nonsubstantive_levels(s)
    answers = [c for c in cats if c not in drop]
    if positions:
        _refuse_unordered(s, caller, "positions")
        _refuse_numbers_as_levels(s, answers, caller, top)
        bad = [t for t in top if not 1 <= t <= len(answers)]
        if bad:
            raise DataError(
                f"{caller}: position(s) {bad} outside 1..{len(answers)} for item {name!r} "
                f"(substantive levels {answers}; not scored: {drop})."
            )
        labels = [answers[t - 1] for t in top]
        label = " / ".join(map(str, labels))  # the answers, not their positions
    else:
        labels = list(top)
        unknown = [t for t in labels if t not in cats]
        if unknown:
            raise DataError(
                f"{caller}: level(s) {unknown} are not levels of {name!r}; its levels are "
                f"{cats}. Pass top= with those labels or with positions."
            )
        bad = [t for t in labels if t in drop]
        if bad:
            raise DataError(
                f"{caller}: {bad} of {name!r} is a non-substantive answer and cannot be in the "
                f"top box; choose among {answers}."
            )
    if warn:
        _report(caller, name, s, active)
    c = s.cat.codes.to_numpy()
    missing = c < 0
    if drop:
        missing |= np.isin(c, [cats.index(d) for d in drop])
    # no row is both: the top box holds substantive levels only
    return _box_codes(missing, np.isin(c, [cats.index(t) for t in labels])), label


def _whole(t: Any) -> bool:
    """A whole number (5, np.int64(5), 5.0), not a boolean."""
    if isinstance(t, bool | np.bool_):
        return False
    return isinstance(t, int | np.integer) or (isinstance(t, float | np.floating) and float(t).is_integer())


def _refuse_absent_values(s: pd.Series, name: str, top: tuple, caller: str) -> None:
    """A top value of a numeric item that no row of the data has (top=(2,) on a 0/1 item) is
    a slip, as a level that is not a category of a categorical item: refused, naming the
    values the item has. An indicator (values 0/1 only) may be all 0: its top box (1,) is then
    empty, 0 %, as a build's share of "Vet ikke" where no one said it."""
    values = pd.to_numeric(s, errors="coerce").dropna().unique()
    possible = np.union1d(values, [0.0, 1.0]) if np.isin(values, [0.0, 1.0]).all() else values
    absent = [t for t in top if not np.isin(float(t), possible)]   # an indicator (0/1) may be 1 nowhere
    if not absent:
        return
    shown = ", ".join(f"{v:g}" for v in np.sort(values)[:20]) + (" ..." if len(values) > 20 else "")
    raise DataError(
        f"{caller}: top value(s) {absent} of {name!r} occur in no row of the data; its values are "
        f"{shown}. Give top= among them. If it is an answer nobody gave, make the item an ordered "
        "categorical (pd.Categorical) with every answer of its scale as a category: its top box "
        "can then be empty."
    )


def _box_codes(missing: np.ndarray, top: np.ndarray) -> np.ndarray:
    """One int8 code per row: -1 missing, 1 in the top box, 0 otherwise (no row is both)."""
    return np.subtract(top.view(np.int8), missing.view(np.int8))


def _numeric_box_codes(s: pd.Series, top: tuple) -> np.ndarray:
    """Top-box codes of a numeric item (NaN, and text that is not a number, are missing).

    float64 and numpy integer columns are read in place (no float copy of the column).
    """
    if s.dtype == np.float64 or (isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu"):
        vals = s.to_numpy()
    else:
        vals = pd.to_numeric(s, errors="coerce").to_numpy(float, na_value=np.nan)
    missing = np.isnan(vals) if vals.dtype.kind == "f" else np.zeros(len(vals), dtype=bool)
    return _box_codes(missing, np.isin(vals, top))


def _names(items: str | Sequence[str], caller: str) -> list[str]:
    names = [items] if isinstance(items, str) else list(items)
    if not names:
        raise DataError(f"{caller}: no items given; pass a column name or a list of names.")
    return names


def with_scores(design: Any, items: str | Sequence[str], *, suffix: str = "_score",
                codes: Mapping[Any, float] | None = None) -> Any:
    """The design with each item's score as a number column ``<item><suffix>``.

    The base of :func:`surveykit.estimate.likert.score`: positions 1..k of the substantive
    levels (or ``codes``), missing and non-substantive answers ("Vet ikke") NaN. Use the
    columns as model inputs: ``regress(d, "help_score ~ C(site_type)")``.

    Example:
        >>> scored = with_scores(design, ["help", "welcome"])      # doctest: +SKIP
        >>> regress(scored, "help_score ~ C(site_type) + age")    # doctest: +SKIP
    """
    names = _names(items, "with_scores")
    columns = {n + suffix: pd.Series(item_scores(design.data, n, codes=codes,
                                                 caller="with_scores", warn=False),
                                     index=design.data.index) for n in names}
    return design.with_columns(**columns)


def with_topbox(design: Any, items: str | Sequence[str], *, top: Sequence[Any],
                suffix: str = "_top") -> Any:
    """The design with each item's top-box indicator as a number column ``<item><suffix>``.

    The base of :func:`surveykit.estimate.likert.topbox`: 1.0 in the top box, 0.0 for another
    substantive answer, NaN for missing and non-substantive answers ("Vet ikke" is not "not
    agree"). A logistic model of agreement: ``regress(d, "help_top ~ x", family="quasibinomial")``.

    Example:
        >>> agree = with_topbox(design, "help", top=("Litt enig", "Helt enig"))   # doctest: +SKIP
        >>> regress(agree, "help_top ~ C(site_type)", family="quasibinomial")   # doctest: +SKIP
    """
    names = _names(items, "with_topbox")
    columns = {}
    for n in names:
        if n not in design.data.columns:
            item_scores(design.data, n, caller="with_topbox")  # raises, naming the columns
        box, _ = top_indicator(design.data, n, top, caller="with_topbox", warn=False)
        columns[n + suffix] = pd.Series(np.where(box < 0, np.nan, box.astype(float)),
                                        index=design.data.index)
    return design.with_columns(**columns)
