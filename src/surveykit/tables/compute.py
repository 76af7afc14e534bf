"""The numbers of a publication table, from the public estimators only.

Each row of a table is one question; each column a group of ``by`` (within a ``panel``, such
as the wave). What a cell holds depends on ``stat``:

- ``"share"``: the weighted share of each answer among those who answered it
  (:func:`surveykit.estimate.proportion.proportion`, logit intervals); the non-substantive
  answers ("Vet ikke") are left out of the base, and with ``dont_know="row"`` shown in a row
  of their own as a share of all answers. Test: Rao–Scott F (:func:`surveykit.estimate.chisq.chisq`,
  R's ``svychisq(statistic="F")``).
- ``"mean"``: the weighted mean (an item on a scale by its score), t intervals. Test: the
  design-based Wald F test of equal group means (R's ``regTermTest(svyglm(y ~ by), ~by)``;
  with two groups it is ``svyttest``).
- ``"topbox"``: the share of substantive answers in the top box
  (:func:`surveykit.estimate.likert.topbox`). Test: Rao–Scott F of the top-box indicator.

The p-values of all tests of the table are adjusted together (:func:`surveykit.estimate.adjust.p_adjust`).
``df="design"`` puts the whole design's degrees of freedom in every interval, as gtsummary's
``add_ci()`` does (``df = survey::degf(design)``); the default ``"domain"`` uses each group's
(survey's own default, and every other estimate of surveykit).

Example:
    >>> parts = table_parts(design, ["help_ease"], by="site_type", stat="share")   # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import DataError
from surveykit.estimate.adjust import METHODS as ADJUST
from surveykit.estimate.adjust import p_adjust
from surveykit.estimate.chisq import chisq, rao_scott
from surveykit.estimate.compare import check_offered
from surveykit.estimate.grouping import logit_interval, t_interval, variable_list
from surveykit.estimate.likert import topbox
from surveykit.estimate.means import mean
from surveykit.estimate.proportion import proportion
from surveykit.estimate.regress import fit_glm
from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS, by_names, result_frame
from surveykit.estimate.scoring import (
    NonsubstantiveWarning,
    nonsubstantive_levels,
    with_scores,
    with_topbox,
)
from surveykit.estimate.termtest import wald_f

__all__ = ["DF", "DONT_KNOW", "STATS", "TableParts", "crosstab_parts", "table_parts"]

STATS = ("share", "mean", "topbox")
DONT_KNOW = ("exclude", "row")
DF = ("domain", "design")
PERCENT = ("row", "column", "cell")
SCORE = "__score"     # the report's score column of a scaled item (the codebook's codes), used when present
_DK = "__dk"          # the study's flag of a don't-know answer kept apart from the item
_Y, _G = "sk_table_y_", "sk_table_g_"


@dataclass(frozen=True)
class TableParts:
    """The estimates (one result schema) and the tests (with the contrast columns) of a table."""

    estimates: pd.DataFrame
    tests: pd.DataFrame
    dont_know: dict[str, Any]   # item -> the level its don't-know row has (only items that have one)
    numerator_df: tuple[float, ...] = ()   # of each test, in the order of ``tests`` (a crosstab's)


def _check(value: Any, allowed: Sequence[str], name: str, caller: str) -> None:
    if value not in allowed:
        raise DataError(f"{caller}: {name}={value!r} is not allowed; use one of {', '.join(map(repr, allowed))}.")


def _column(design: Any, name: str, what: str, caller: str) -> pd.Series:
    if name not in design.data.columns:
        cols = ", ".join(map(repr, list(design.data.columns)[:12]))
        raise DataError(f"{caller}: {what} {name!r} is not a column of the design's data (columns: {cols}, ...). "
                        "Check the spelling.")
    return design.data[name]


def _categorical(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(s.dtype) or \
        pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)


def _substantive(design: Any, item: str) -> tuple[Any, pd.Series | None, list]:
    """The design with ``item``'s non-substantive answers missing, the don't-know indicator
    (1 don't know, 0 a substantive answer, missing no answer; None if the item has none) and
    the non-substantive levels."""
    s = design.data[item]
    drop = nonsubstantive_levels(s)
    flag = design.data[item + _DK].fillna(False).astype(bool).to_numpy() if item + _DK in design.data else None
    if not drop and flag is None:
        return design, None, []
    dk = s.isin(drop).to_numpy() if drop else np.zeros(len(s), bool)
    if flag is not None:
        dk |= flag
    answered = s.notna().to_numpy() & ~dk
    indicator = pd.Series(np.where(dk, 1.0, np.where(answered, 0.0, np.nan)), index=s.index)
    if drop:
        design = design.with_columns(**{item: s.cat.remove_categories(drop)})
    return design, indicator, drop


def _with_df(frame: pd.DataFrame, degf: float, conf_level: float, share: bool) -> pd.DataFrame:
    """The intervals recomputed on the whole design's ``degf`` (gtsummary's ``add_ci``)."""
    out = frame.copy()
    est, se = out["estimate"].to_numpy(float), out["std_error"].to_numpy(float)
    lo, hi = (logit_interval if share else t_interval)(est, se, float(degf), conf_level)
    out["conf_low"], out["conf_high"], out["df"] = lo, hi, float(degf)
    return out


def _wald_means(design: Any, y: np.ndarray, by: str) -> dict[str, float]:
    """Design-based Wald F test that the means of ``y`` are equal over the levels of ``by``:
    R's ``regTermTest(svyglm(y ~ by), ~by)`` on the coefficients' sandwich covariance."""
    d = design.with_columns(**{_Y: pd.Series(y, index=design.data.index),
                               _G: design.data[by].astype(object).where(design.data[by].notna(), None)})
    fit = fit_glm(d, f"{_Y} ~ C({_G})")
    slope = np.array([t != "Intercept" for t in fit.terms])
    b, v = fit.coef[slope], fit.vcov[np.ix_(slope, slope)]
    q = int(slope.sum())
    if q == 0:
        return {"statistic": np.nan, "df": np.nan, "df_num": np.nan, "p_value": np.nan, "n": fit.n}
    f, p = wald_f(b, v, float(fit.df_residual))
    return {"statistic": f, "df": float(fit.df_residual), "df_num": float(q), "p_value": p, "n": fit.n}


def _test_row(panel: str | None, key: Any, item: str, by: str, res: Mapping[str, float], min_cell: int,
              effect: float = np.nan) -> dict[str, Any]:
    row = {"variable": item, "level": None, "estimate": np.nan, "df": res["df"], "df_num": res["df_num"], "n": res["n"],
           "suppressed": res["n"] < min_cell, "contrast": f"{item} x {by}", "contrast_over": by, "statistic": res["statistic"],
           "p_value": res["p_value"], "effect_size": effect}
    if panel:
        row["_panel_"] = key
    return row


def _panels(design: Any, panel: str | None) -> list[tuple[Any, Any]]:
    """(value, design of that panel) for each panel value present, or [(None, design)]."""
    if not panel:
        return [(None, design)]
    s = design.data[panel]
    inside = np.asarray(design.weights) > 0
    values = [v for v in (s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else sorted(s.dropna().unique()))
              if (s[inside] == v).any()]
    return [(v, design.subset((s == v).to_numpy())) for v in values]


def _top_for(top: Sequence[Any] | Mapping[str, Sequence[Any]] | None, item: str, caller: str) -> Sequence[Any]:
    chosen = top.get(item) if isinstance(top, Mapping) else top
    if not chosen:
        raise DataError(f"{caller}: stat='topbox' needs top= (the levels, or their positions 1..k, that count as "
                        f"agreeing) for {item!r}, e.g. top=('Litt enig', 'Helt enig') or top=(4, 5).")
    return tuple(chosen)


def table_parts(design: Any, rows: Sequence[str], *, by: str | None = None, panel: str | None = None,
                stat: str = "share", test: bool = True, dont_know: str = "exclude", adjust: str | None = "holm",
                top: Sequence[Any] | Mapping[str, Sequence[Any]] | None = None, df: str = "domain",
                conf_level: float = 0.95, dont_know_level: Any = "Vet ikke", caller: str = "table",
                protect: bool = True, dont_know_items: Collection[str] | None = None,
                levels_differ: str | None = None) -> TableParts:
    """The estimates and tests of a table of ``rows`` (questions) by ``by`` within ``panel``.

    See the module's docstring for ``stat``; ``dont_know_level`` names the don't-know row of an
    item whose don't-know answers are kept apart from it (the study's ``<item>__dk``), or maps
    each item to its own.
    ``dont_know_items``: the items that have a don't-know answer (their scale has a
    non-substantive level); only they get a don't-know row with ``dont_know="row"``. None: every
    item with a ``<item>__dk`` flag or a non-substantive level (a study writes the flag for every
    item on a scale, also one whose scale has no such answer: its row would be an invented 0 %).
    ``protect=False`` leaves the disclosure rule to the caller: a report's build applies it
    to all its outputs at once (a table protected alone would choose its own complements).
    A test between the waves of a study's design (``by="wave"``) of an item whose question offered
    other levels in them is refused unless ``levels_differ="allow"``, as :func:`surveykit.change`.
    """
    _check(stat, STATS, "stat", caller)
    _check(dont_know, DONT_KNOW, "dont_know", caller)
    _check(df, DF, "df", caller)
    if adjust is not None:
        _check(str(adjust).lower(), ADJUST, "adjust", caller)
    items = variable_list(rows, f"{caller}: rows")  # a question named twice is one (and one test to adjust)
    if not items:
        raise DataError(f"{caller}: rows= is empty; name the questions (columns) the table shows.")
    if by is not None and by == panel:
        raise DataError(f"{caller}: by= and panel= are both {by!r}; give the panel another column (e.g. the wave).")
    for name, what in [(by, "by="), (panel, "panel=")]:
        if name is not None:
            _column(design, name, what, caller)
    if test and by is not None and (by == "wave" or levels_differ is not None):   # a test of the waves: a change
        waves = sorted(map(str, design.data[by].dropna().unique()))
        for i, first in enumerate(waves):
            for second in waves[i + 1:]:
                check_offered(design, items, (first, second), levels_differ, caller)
    groups = [c for c in (panel, by) if c]
    frames, tests, dk_levels = [], [], {}
    for item in items:
        s = _column(design, item, "row", caller)
        if stat == "share":
            if not _categorical(s):
                raise DataError(f"{caller}: {item!r} holds numbers ({s.dtype}); stat='share' needs answer "
                                "categories. Use stat='mean' for numbers.")
            d, indicator, drop = _substantive(design, item)
            part = proportion(d, item, by=groups or None, conf_level=conf_level)
            frames.append(_with_df(part, design.degf, conf_level, True) if df == "design" else part)
            if dont_know == "row" and indicator is not None and (dont_know_items is None or item in dont_know_items):
                named = dont_know_level.get(item, "Vet ikke") if isinstance(dont_know_level, Mapping) else dont_know_level
                level = " / ".join(map(str, drop)) if drop else named
                dk_levels[item] = level
                dk = proportion(design.with_columns(**{_Y: indicator}), _Y, by=groups or None, level="1",
                                conf_level=conf_level)
                dk = dk.assign(variable=item, level=level)
                frames.append(_with_df(dk, design.degf, conf_level, True) if df == "design" else dk)
            tested = (d, item)
        elif stat == "mean":
            if _categorical(s) and not isinstance(s.dtype, pd.CategoricalDtype):
                raise DataError(f"{caller}: {item!r} holds text ({s.dtype}); stat='mean' needs numbers or an "
                                "item on a scale (an ordered categorical).")
            if item + SCORE in design.data:
                d, column = design, item + SCORE
            elif isinstance(s.dtype, pd.CategoricalDtype):
                d, column = with_scores(design, item, suffix=SCORE), item + SCORE
            else:
                d, column = design, item
            part = mean(d, column, by=groups or None, conf_level=conf_level).assign(variable=item)
            frames.append(_with_df(part, design.degf, conf_level, False) if df == "design" else part)
            tested = (d, column)
        else:
            d = with_topbox(design, item, top=_top_for(top, item, caller), suffix="__top")
            with warnings.catch_warnings():  # the footnote says that non-substantive answers are left out
                warnings.simplefilter("ignore", NonsubstantiveWarning)
                box = topbox(design, item, top=_top_for(top, item, caller), by=groups or None, conf_level=conf_level)
            frames.append(_with_df(box, design.degf, conf_level, True) if df == "design" else box)
            tested = (d, item + "__top")
        if test and by:
            tests.extend(_tests(tested[0], tested[1], item, by, panel, stat))
    estimates = pd.concat(frames, ignore_index=True)
    parts = TableParts(estimates, _test_frame(tests, panel, adjust), dk_levels)
    return _protected(design, parts) if protect else parts


def _protected(design: Any, parts: TableParts) -> TableParts:
    """The table's numbers through the one disclosure rule (:func:`surveykit.report.disclosure.protect`,
    the rule of every report): a distribution with a hidden answer hidden whole, a test over a
    hidden group hidden, every number of a hidden row emptied. In a report the build applies it
    again across all its outputs."""
    from surveykit.report.disclosure import protect  # here: the report's kinds import this module

    total = {"design": pd.DataFrame({"n": [len(design.data)]})}   # the footnote prints the design's n
    return protect({"table": parts}, design.data, design.min_cell, fixed=total)["table"]


def _tests(design: Any, column: str, item: str, by: str, panel: str | None, stat: str) -> list[dict]:
    out = []
    for key, d in _panels(design, panel):
        if stat == "mean":
            y = d.data[column].to_numpy(float)
            inside = (np.asarray(d.weights) > 0) & ~np.isnan(y) & d.data[by].notna().to_numpy()
            if pd.Series(d.data[by][inside]).nunique() < 2:
                continue
            out.append(_test_row(panel, key, item, by, _wald_means(d, y, by), d.min_cell))
            continue
        try:
            r = chisq(d, column, by).iloc[0]
        except DataError:  # fewer than two answers or groups in this panel: no test
            continue
        out.append(_test_row(panel, key, item, by, {"statistic": r["statistic"], "df": r["df"],
                                                    "df_num": r["df_num"], "n": r["n"],
                                                    "p_value": r["p_value"]}, d.min_cell, r["effect_size"]))
    return out


def _test_frame(tests: list[dict], panel: str | None, adjust: str | None) -> pd.DataFrame:
    cols = {c: [t.get(c) for t in tests] for c in [*RESULT_COLUMNS, *CONTRAST_COLUMNS] if c != "p_adjusted"}
    names = by_names([panel] if panel else [])
    if panel:
        cols = {names[panel]: [t["_panel_"] for t in tests], **cols}
    p = np.array([np.nan if t["suppressed"] else t["p_value"] for t in tests], dtype=float)
    cols["p_value"] = p
    cols["p_adjusted"] = p_adjust(p, adjust) if adjust is not None and len(p) else p
    return result_frame(cols, by=list(names.values()), contrast=True)


def crosstab_parts(design: Any, row: str, col: str, *, percent: str = "row", test: bool = True,
                   conf_level: float = 0.95, caller: str = "crosstab") -> TableParts:
    """Shares of a two-way table: of ``col``'s answers within each ``row`` level (``"row"``),
    of ``row``'s within each ``col`` level (``"column"``), or of every combination among all
    who answered both (``"cell"``); the Rao–Scott F test of association."""
    _check(percent, PERCENT, "percent", caller)
    for name in (row, col):
        s = _column(design, name, "variable", caller)
        if not _categorical(s):
            raise DataError(f"{caller}: {name!r} holds numbers ({s.dtype}); a crosstab needs answer categories.")
    if row == col:
        raise DataError(f"{caller}: row= and col= are both {row!r}; cross two different questions.")
    d, _, _ = _substantive(design, row)
    d, _, _ = _substantive(d, col)
    both = d.data[row].notna() & d.data[col].notna()
    if percent == "row":
        est = proportion(d.subset(both.to_numpy()), col, by=row, conf_level=conf_level)
    elif percent == "column":
        est = proportion(d.subset(both.to_numpy()), row, by=col, conf_level=conf_level)
    else:
        r, c = d.data[row], d.data[col]
        rl = list(r.cat.categories) if isinstance(r.dtype, pd.CategoricalDtype) else sorted(r.dropna().unique())
        cl = list(c.cat.categories) if isinstance(c.dtype, pd.CategoricalDtype) else sorted(c.dropna().unique())
        combos = [(a, b) for a in rl for b in cl]
        code = pd.Series([f"{a}\x1f{b}" if ok else None for a, b, ok in zip(r, c, both, strict=True)],
                         index=d.data.index)
        cell = pd.Categorical(code, categories=[f"{a}\x1f{b}" for a, b in combos])
        est = proportion(d.with_columns(**{_Y: pd.Series(cell, index=d.data.index)}), _Y, conf_level=conf_level)
        split = est["level"].astype(str).str.split("\x1f", n=1)
        named = by_names([row, col])  # by_level for a column named level
        est = est.assign(**{named[row]: [x[0] for x in split], named[col]: [x[1] for x in split]})
        est = est.assign(variable=f"{row} x {col}", level=None)[[named[row], named[col], *RESULT_COLUMNS]]
        fix = {named[row]: rl, named[col]: cl}
        for name, levels in fix.items():  # the answers as their own values again (not their text)
            lookup = {str(v): v for v in levels}
            est[name] = [lookup[v] for v in est[name]]
    tests, ndf = [], ()
    if test:
        t = rao_scott(d, row, col, statistic="F")
        tests.append({"variable": row, "level": None, "estimate": np.nan, "df": t.ddf, "df_num": t.ndf, "n": t.n,
                      "suppressed": t.n < d.min_cell, "contrast": f"{row} x {col}", "contrast_over": col,
                      "statistic": t.statistic,
                      "p_value": t.p_value, "effect_size": t.cramers_v})
        ndf = (t.ndf,)
    return _protected(d, TableParts(est.reset_index(drop=True), _test_frame(tests, None, None), {}, ndf))
