"""Screening: which raw rows are rejected, and why (test, outside_window, duplicate, incomplete).

Works on the raw values pulled from the export, before coding, so garbage in a test or
incomplete interview never stops a build. The first matching rule gives the reason.

Example:
    >>> import pandas as pd
    >>> from surveykit.config.study import Rule
    >>> ids = pd.Series(["TEST1", "a", "a", "b"], index=[2, 3, 4, 5])
    >>> screen({"respondent_id": ids}, [Rule("test", "respondent_id", pattern="^TEST"),
    ...                                 Rule("duplicate", "respondent_id")], ids.index).tolist()
    ['test', None, 'duplicate', None]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from surveykit.clean.coding import is_blank, map_labels
from surveykit.clean.privacy import canonical_ids
from surveykit.config.codebook import normalise_label
from surveykit.config.study import Rule
from surveykit.errors import ConfigError

__all__ = ["REASONS", "screen"]

REASONS = ("test", "outside_window", "duplicate", "incomplete")


def _raw(values: Mapping[str, pd.Series | pd.DataFrame], name: str, rule: Rule, wave: str | None) -> pd.Series:
    if name not in values:
        key = {"incomplete": "complete", "outside_window": "window"}.get(rule.reason, rule.reason)
        which = f"wave {str(wave)!r}" if wave is not None else "this wave"
        raise ConfigError(
            f"surveykit.yaml: `screening.{key}` uses variable {name!r}, which has no source in {which}. Give it a "
            f"source there in config/codebook.yaml, or list the waves the rule applies to in its `waves:`."
        )
    raw = values[name]
    if isinstance(raw, pd.DataFrame):
        return (~raw.apply(is_blank)).any(axis=1).map({True: "x", False: None})
    return raw


def _matches(raw: pd.Series, rule: Rule) -> pd.Series:
    text = raw.astype("string")
    hit = pd.Series(False, index=raw.index)
    if rule.pattern:
        hit |= text.str.count(rule.pattern).fillna(0).gt(0).astype(bool)
    if rule.values:
        hit |= _one_of(raw, rule.values)
    return hit


def _one_of(raw: pd.Series, values: Sequence) -> pd.Series:
    """Whether each raw value is one of ``values`` (as labels match: case, spaces, a code's number)."""
    mapped, _ = map_labels(raw, dict.fromkeys({normalise_label(v) for v in values}, True))
    return pd.Series(mapped.notna().to_numpy(), index=raw.index)


def _outside(raw: pd.Series, rule: Rule, wave: str | None) -> pd.Series:
    """Rows whose time stamp falls before the window's first or after its last day."""
    from surveykit.clean.coding import parse_dates

    start, end = rule.periods.get(str(wave), (rule.start, rule.end)) if rule.periods else (rule.start, rule.end)
    stamps, _ = parse_dates(raw)
    days = stamps.dt.normalize()
    hit = pd.Series(False, index=raw.index)
    if start is not None:
        hit |= (days < pd.Timestamp(start)).fillna(False).astype(bool)
    if end is not None:
        hit |= (days > pd.Timestamp(end)).fillna(False).astype(bool)
    return hit


def screen(values: Mapping[str, pd.Series | pd.DataFrame], rules: Sequence[Rule], index: pd.Index,
           wave: str | None = None, no_answer: Mapping[str, Sequence[Any]] | None = None) -> pd.Series:
    """The reject reason of each row (None = kept), applying the rules in the order of :data:`REASONS`.

    ``wave`` picks the field period of a ``window`` rule that gives one per wave, and skips a
    rule whose ``waves`` do not list it. ``no_answer`` (variable -> its codebook ``missing:``
    answers, "N/a", 999) are, like an empty cell, no answer to a ``required`` variable: the
    cleaning makes them missing, as the weighting then sees them. A non-substantive answer
    ("Vet ikke") is an answer.
    """
    reason = pd.Series([None] * len(index), index=index, dtype=object)
    by_reason = {r.reason: r for r in rules}
    for name in REASONS:
        rule = by_reason.get(name)
        if rule is None or (rule.waves and wave is not None and str(wave) not in rule.waves):
            continue  # no rule, or one for other waves (`waves:`)
        open_rows = reason.isna()
        if name == "test":
            hit = _matches(_raw(values, rule.variable or "", rule, wave), rule)
        elif name == "outside_window":
            hit = _outside(_raw(values, rule.variable or "", rule, wave), rule, wave)
        elif name == "duplicate":
            ids = canonical_ids(_raw(values, rule.variable or "", rule, wave))
            hit = ids.where(open_rows).duplicated(keep="first") & ids.notna() & open_rows
        else:
            hit = pd.Series(False, index=index)
            if rule.variable and (rule.pattern or rule.values or not rule.incomplete):
                hit |= ~_matches(_raw(values, rule.variable, rule, wave), rule)
            if rule.variable and rule.incomplete:  # values marking a row not complete; a blank is kept
                hit |= _one_of(_raw(values, rule.variable, rule, wave), rule.incomplete)
            for req in rule.required:
                raw = _raw(values, req, rule, wave)
                hit |= is_blank(raw)
                if no_answer and no_answer.get(req) and isinstance(values[req], pd.Series):
                    codes = dict.fromkeys((normalise_label(v) for v in no_answer[req]), True)
                    hit |= map_labels(raw, codes)[0].notna().to_numpy()
        reason[open_rows & hit] = name
    return reason
