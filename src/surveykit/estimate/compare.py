"""Comparisons of domain means: two groups (svyttest), wave change, difference-in-differences.

All three are contrasts of domain means (:mod:`surveykit.estimate.contrast`) through the one
variance engine; waves are independent samples because the design's strata include the wave.

Example:
    >>> compare(design, ["welcome", "help"], between="site_type", by="wave")  # doctest: +SKIP
    >>> change(design, "help", by="site_type")                               # doctest: +SKIP
    >>> did(design, "help", group="path", groups=("stayed", "switched"))     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import DataError, DesignError
from surveykit.estimate.contrast import contrast
from surveykit.estimate.grouping import column_name, sorted_levels

__all__ = ["OFFERED", "change", "compare", "did", "two_levels"]

OFFERED = "surveykit_offered"   # data.attrs key: variable -> wave -> the levels (labels) that wave offered


def two_levels(
    design: Any, column: str, levels: Sequence[Any] | None = None, *, caller: str, arg: str,
    levels_arg: str = "levels", in_time: bool = False,
) -> tuple[Any, Any]:
    """The two levels of ``column`` to contrast (second − first), checked against the data.

    Without ``levels`` the column must have exactly two levels among the rows in the design
    (in category order for a Categorical, else sorted; as waves, in category order for an
    ordered Categorical only), as R's ``svyttest`` requires.
    ``arg`` and ``levels_arg`` are the caller's keywords for the column and its levels, so
    every message names an argument that exists. ``in_time``: the levels are waves, so their
    order is earlier, later: text that says it is put in that order (numbers "9" < "10", ISO
    dates, one stem with a number "Runde 9" < "Runde 10", a leading year "2021/22" <
    "2022/23"); other text ("okt 2022", "jan 2023") does not tell it and is refused.
    """
    data = design.data
    if column not in data.columns:
        raise DataError(
            f"{caller}: unknown column {column!r} for {arg}=; available: "
            f"{', '.join(map(str, data.columns))}."
        )
    inside = np.asarray(design.weights) > 0
    if not inside.any():
        raise DataError(
            f"{caller}: the design is empty (no rows with a positive weight).",
            advice="Check the subset() that made this domain.")
    col = data[column][inside]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.dropna().unique())
        found = [c for c in col.cat.categories if c in present]
    else:
        found = sorted_levels(col.dropna().unique().tolist(), column, caller)
    if levels is None:
        if len(found) != 2:
            raise DesignError(
                f"{caller}: {arg}={column!r} must have exactly 2 levels, found {len(found)}: "
                f"{', '.join(map(repr, found)) or 'none'}. Pick two with {levels_arg}=(first, "
                "second) (the estimate is second − first), or subset the design first."
            )
        # an unordered Categorical's categories are in no meant order (astype('category') sorts
        # 'Runde 10' before 'Runde 9'; an Arrow dictionary holds them as first seen): its values say it
        if in_time and not (isinstance(col.dtype, pd.CategoricalDtype) and col.cat.ordered):
            found = _in_time_order(found, caller, arg, column, levels_arg)
        return found[0], found[1]
    levels = tuple(levels)
    if len(levels) != 2:
        raise DesignError(
            f"{caller}: {levels_arg}= must name exactly 2 levels of {column!r}, got {len(levels)}: "
            f"{levels!r}."
        )
    unknown = [lv for lv in levels if lv not in found]
    if unknown:
        raise DesignError(
            f"{caller}: {levels_arg}= level(s) {', '.join(map(repr, unknown))} not found in "
            f"{column!r}; its levels are {', '.join(map(repr, found))}{_type_hint(unknown, found)}."
        )
    if levels[0] == levels[1]:
        raise DesignError(
            f"{caller}: {levels_arg}= names {levels[0]!r} twice; give two different levels."
        )
    return levels[0], levels[1]


def _in_time_order(found: list, caller: str, arg: str, column: str, levels_arg: str) -> list:
    """Two waves as text in time order when the text says it (numbers, ISO dates, one stem with
    a number, a leading year); else a DesignError: sorting text would put "jan 2023" before
    "okt 2022"."""
    if not all(isinstance(v, str) for v in found):
        try:
            return sorted(found)  # numbers, dates: sorted is time order
        except TypeError:  # pragma: no cover (mixed types are refused where the column is read)
            return found
    text = pd.Series(found)
    _refuse_dotted(text, caller, arg, column, levels_arg)
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.notna().all():
        return [found[i] for i in np.argsort(numbers.to_numpy(), kind="stable")]
    if text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all():
        return sorted(found)  # ISO dates: text order is time order
    tail = text.str.extract(r"^(.*?)(\d+)$")  # "wave 1", "Runde 10": one stem, a number
    if tail.notna().all().all() and tail[0].nunique() == 1 and tail[1].astype(int).nunique() == 2:
        return [found[i] for i in np.argsort(tail[1].astype(int).to_numpy(), kind="stable")]
    years = text.str.extract(r"^(\d{4})(?!\d)", expand=False)
    if years.notna().all() and years.nunique() == len(found):  # "2021/22", "2023 vår"
        return [found[i] for i in np.argsort(years.astype(int).to_numpy(), kind="stable")]
    raise DesignError(
        f"{caller}: {arg}={column!r} is text ({found[0]!r}, {found[1]!r}) that does not say "
        f"which wave came first. Give {levels_arg}=(earlier, later), or make {column!r} an "
        "ordered pandas Categorical with the waves in time order."
    )


def _refuse_dotted(text: pd.Series, caller: str, arg: str, column: str, levels_arg: str) -> None:
    """A DesignError for waves that end in numbers with a dot whose order depends on how the dot
    is read: "2022.9" and "2022.10" are 2022.9 > 2022.1 as decimals but September < October as
    year.month (and "v1.9" < "v1.10" as versions). Labels with as many decimals each
    ("2022.09", "2022.10"), or whose two readings agree, keep their order."""
    parts = text.str.extract(r"^(.*?)(\d+)\.(\d+)$")
    if parts.isna().any().any() or parts[0].nunique() != 1 or parts[2].str.len().nunique() == 1:
        return
    decimal = (parts[1] + "." + parts[2]).astype(float).to_numpy()
    numbered = [(int(a), int(b)) for a, b in zip(parts[1], parts[2], strict=True)]
    first, second = text.tolist()
    as_decimal = np.sign(decimal[1] - decimal[0])
    as_numbered = (numbered[1] > numbered[0]) - (numbered[1] < numbered[0])
    if as_decimal == as_numbered:
        return
    said = {1: f"{first!r} first", -1: f"{second!r} first", 0: "them equal"}
    raise DesignError(
        f"{caller}: {arg}={column!r} has the waves {first!r} and {second!r}, whose order depends "
        f"on how the dot is read: as decimals it puts {said[int(as_decimal)]}, as numbered parts "
        f"(year.month, a version) {said[as_numbered]}. Give {levels_arg}=(earlier, later), or make "
        f"{column!r} an ordered pandas Categorical with the waves in time order (or write the "
        "numbers after the dot with as many digits each, e.g. '2022.09')."
    )


def _type_hint(unknown: list, found: list) -> str:
    """" (text, not numbers)" when the values asked for differ from the data's only in type."""
    as_text = {str(v) for v in found}
    if any(not isinstance(v, str) and str(v) in as_text for v in unknown):
        return " (text: write them in quotes, e.g. '1', not 1)"
    return ""


def compare(
    design: Any,
    variable: str | Sequence[str],
    between: str,
    *,
    by: str | Sequence[str] | None = None,
    levels: Sequence[Any] | None = None,
    conf_level: float = 0.95,
    adjust: str | None = "holm",
    no_answers: str = "error",
    levels_differ: str | None = None,
) -> pd.DataFrame:
    """Difference of two domain means (second − first level of ``between``), as R's ``svyttest``.

    ``t = estimate/std_error`` on ``df = degf − 1`` (degf of the rows compared). On a
    replicate design each replicate's difference is that of R's ``svyttest`` refit (a
    ``svyglm``: rows whose replicate weight is 0 or negative are left out of it, as
    ``glm.fit`` does; ACS replicate weights have negative cells).
    Several variables form a family whose ``p_adjusted`` uses ``adjust`` within each ``by``
    group. A categorical (Likert) variable is compared on its mean score (level positions
    1..k). ``effect_size`` is the standardised mean difference (difference / pooled
    within-group weighted SD). A level with respondents but no answer to a variable is a
    DataError naming them; ``no_answers="keep"`` gives its row without numbers instead (see
    :func:`surveykit.estimate.contrast.contrast`); ``change`` and ``did`` take it too.
    Compared between the waves of a study's design (``between="wave"``), an item whose question
    offered other levels in them is refused unless ``levels_differ="allow"``, as :func:`change`.

    Example:
        >>> compare(design, "help", between="site_type", by="wave")  # doctest: +SKIP
    """
    between = column_name(between, "compare: between")
    first, second = two_levels(design, between, levels, caller="compare", arg="between",
                               levels_arg="levels")
    if between == "wave" or levels_differ is not None:   # the study's waves: change's comparison
        check_offered(design, variable, (first, second), levels_differ, "compare")
    label = f"{between}: {second} - {first}"
    return contrast(
        design,
        variable,
        over=between,
        contrasts={label: {first: -1.0, second: 1.0}},
        by=by,
        conf_level=conf_level,
        adjust=adjust,
        no_answers=no_answers,
        caller="compare",
        parts={label: _span(between, first, second)},
        refit=True,
    )


def _span(column: str, first: Any, second: Any) -> dict[str, Any]:
    """The parts of ``second - first`` of ``column`` (the result's contrast columns)."""
    return {"contrast_over": column, "contrast_from": first, "contrast_to": second}


def _offered_item(name: str, offered: Mapping[str, Any]) -> str:
    """The item a column scores: itself, or the item of a score or top-box column that
    with_scores / with_topbox (``_score``, ``_top``) or the report (``__score``, ``__top``) added.

    >>> _offered_item("q1_top", {"q1": {}}), _offered_item("q1_score", {}), _offered_item("q1", {"q1": {}})
    ('q1', 'q1_score', 'q1')
    """
    if name in offered:
        return name
    for suffix in ("__score", "__top", "_score", "_top"):
        if name.endswith(suffix) and name.removesuffix(suffix) in offered:
            return name.removesuffix(suffix)
    return name


def check_offered(design: Any, variables: str | Sequence[str], waves: tuple[Any, Any], levels_differ: str | None,
                  caller: str) -> None:
    """Refuse to compare two waves of an item whose question offered other levels in them (a
    study's design knows it from the codebook's ``offered:``: ``data.attrs[OFFERED]``), unless
    ``levels_differ="allow"`` says the comparison is meant."""
    if levels_differ not in (None, "allow"):
        raise DataError(f"{caller}: levels_differ={levels_differ!r}; give \"allow\" (compare waves whose question "
                        "offered other levels) or leave it out.")
    offered = design.data.attrs.get(OFFERED) or {}
    if levels_differ == "allow" or not offered:
        return
    for name in [variables] if isinstance(variables, str) else list(variables):
        per_wave = offered.get(_offered_item(name, offered), {})
        a, b = (per_wave.get(str(w)) for w in waves)
        if a is None or b is None or set(a) == set(b):
            continue
        parts = [f"wave {w!r} offered no {', '.join(map(repr, [x for x in there if x not in here]))}"
                 for w, here, there in ((waves[0], a, b), (waves[1], b, a)) if set(there) - set(here)]
        raise DataError(
            f"{caller}: {name!r} was asked on other levels in waves {waves[0]!r} and {waves[1]!r}: {'; '.join(parts)} "
            "(`offered:` of its sources in config/codebook.yaml), so its change would move with the question, not "
            "only with the answers.",
            advice="Leave it out, or, if the comparison is meant, pass levels_differ=\"allow\".")


def change(
    design: Any,
    variables: str | Sequence[str],
    *,
    wave: str = "wave",
    by: str | Sequence[str] | None = None,
    levels: Sequence[Any] | None = None,
    conf_level: float = 0.95,
    adjust: str | None = "holm",
    no_answers: str = "error",
    levels_differ: str | None = None,
) -> pd.DataFrame:
    """Change between two waves (later − earlier, or ``levels=(from, to)``) per ``by`` group.

    Waves are independent samples (the design's strata include the wave), so this is
    :func:`compare` with ``between=wave``. An item whose question offered other levels in the two
    waves (a study's design knows it from the codebook's ``offered:``) is refused unless
    ``levels_differ="allow"``.

    Example:
        >>> change(design, ["welcome", "help"], by="site_type")  # doctest: +SKIP
    """
    first, second = two_levels(design, wave, levels, caller="change", arg="wave",
                               levels_arg="levels", in_time=True)
    check_offered(design, variables, (first, second), levels_differ, "change")
    label = f"{wave}: {second} - {first}"
    return contrast(
        design,
        variables,
        over=wave,
        contrasts={label: {first: -1.0, second: 1.0}},
        by=by,
        conf_level=conf_level,
        adjust=adjust,
        no_answers=no_answers,
        caller="change",
        parts={label: _span(wave, first, second)},
    )


def did(
    design: Any,
    variables: str | Sequence[str],
    *,
    group: str,
    groups: Sequence[Any],
    wave: str = "wave",
    by: str | Sequence[str] | None = None,
    waves: Sequence[Any] | None = None,
    conf_level: float = 0.95,
    adjust: str | None = "holm",
    no_answers: str = "error",
    levels_differ: str | None = None,
) -> pd.DataFrame:
    """Difference-in-differences ``(g1,w2 − g1,w1) − (g0,w2 − g0,w1)`` of domain means.

    ``groups=(g0, g1)`` names the comparison and the treated level of the column ``group``
    (both required: the sign of the estimate depends on them), ``w1, w2`` the two levels of
    ``wave`` (``waves=`` picks them). The estimate and standard error equal
    the interaction coefficient of ``regress(d, "y ~ C(wave) * C(group)")``; t on
    ``df = degf − 3``. ``effect_size`` is the DiD over the pooled within-cell weighted SD.
    ``levels_differ="allow"``: compare an item whose question offered other levels in the two
    waves (refused otherwise, as :func:`change` does).

    Example:
        >>> did(design, "help", group="colocation_path",  # doctest: +SKIP
        ...     groups=("always_separate", "became_co_located"))
    """
    if groups is None:
        raise DataError(
            f"did: groups= is required: name the comparison level and the treated level of "
            f"{group!r}, e.g. groups=(control, treated); the estimate is the treated change "
            "minus the comparison change."
        )
    w1, w2 = two_levels(design, wave, waves, caller="did", arg="wave", levels_arg="waves",
                        in_time=True)
    check_offered(design, variables, (w1, w2), levels_differ, "did")
    g0, g1 = two_levels(design, group, groups, caller="did", arg="group", levels_arg="groups")
    label = f"({group}={g1}: {wave} {w2} - {w1}) - ({group}={g0}: {wave} {w2} - {w1})"
    coefs = {(w2, g1): 1.0, (w1, g1): -1.0, (w2, g0): -1.0, (w1, g0): 1.0}
    return contrast(
        design,
        variables,
        over=[wave, group],
        contrasts={label: coefs},
        by=by,
        conf_level=conf_level,
        adjust=adjust,
        no_answers=no_answers,
        caller="did",
        parts={label: {**_span(wave, w1, w2), "contrast_within": group, "contrast_control": g0,
                       "contrast_treated": g1}},
    )
