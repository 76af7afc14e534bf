"""Difference-in-differences figure: two groups' means in two waves and the DiD per item.

The groups are configured, never assumed: ``options.group`` names a grouping column (e.g. a
site's path of site types, from surveykit.yaml ``sites.groupings``) and ``options.groups``
its control and treated values, in that order. The legend shows their labels.

Example:
    >>> result = compute_did(study, design, spec)                     # doctest: +SKIP
    >>> result.groups                                                  # doctest: +SKIP
    ('control value', 'treated value')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.estimate.compare import did
from surveykit.presentation import Presentation
from surveykit.report.figures._base import (
    LEVELS_DIFFER,
    Kind,
    PageTable,
    check_columns,
    check_items,
    check_offered,
    check_waves,
    takes_no_by,
    warn_not_asked,
)
from surveykit.report.figures.means import item_means
from surveykit.report.items import SCORE
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "DidResult", "check_did", "compute_did", "draw_did", "page_did"]


@dataclass(frozen=True)
class DidResult:
    """Means by group × wave and the difference in differences per item."""

    means: pd.DataFrame
    did: pd.DataFrame
    group: str
    groups: tuple[str, str]          # control, treated
    waves: tuple[str, str]
    items: tuple[str, ...]
    between: tuple[str, ...] = ()    # the study's waves between the two, drawn (their means) but not compared

    @property
    def shown(self) -> tuple[str, ...]:
        """Every wave the figure draws, in order."""
        return (self.waves[0], *self.between, self.waves[1])

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"means": self.means, "did": self.did}


def check_did(spec: Spec, study: Study, warn: bool = True) -> tuple[str, tuple[str, str]]:
    """The grouping column and its (control, treated) values, checked against the study; with
    ``warn``, a warning for a question not asked in a compared wave (said once, at the check:
    the computation checks again without it)."""
    check_items(spec, study, numeric=True)
    takes_no_by(spec, "it compares `options.groups` of `options.group` between two waves")
    unknown = sorted(set(spec.options) - {"group", "groups", "waves", LEVELS_DIFFER})
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; a did takes `options: {{group: <column>, groups: "
                        f"[<control>, <treated>], waves: [first, last]}}` (and `{LEVELS_DIFFER}: allow` to compare "
                        "waves whose question offered other levels).")
    group = spec.options.get("group")
    if not isinstance(group, str):
        raise spec.fail("a did needs `options.group`: the column whose two values it compares (e.g. a grouping "
                        "from `sites.groupings` in surveykit.yaml), and `options.groups: [<control>, <treated>]`.")
    check_columns(spec, study, [group], "options.group")
    groups = spec.options.get("groups")
    present = [str(v) for v in pd.unique(study.responses[group].dropna().astype(str))]
    if not isinstance(groups, list) or len(groups) != 2 or groups[0] == groups[1]:
        raise spec.fail(f"`options.groups` must list two values of {group!r}, control first, then treated; "
                        f"got {groups!r}. Values in the data: {present}.")
    absent = [str(g) for g in groups if str(g) not in present]
    if absent:
        raise spec.fail(f"`options.groups` names {absent}, which no respondent has in {group!r} "
                        f"(values in the data: {present}). Change `options.groups` in config/report.yaml.")
    first, last = check_waves(spec, study, spec.options.get("waves"))
    ids = [w.id for w in study.config.waves]
    check_offered(spec, study, (first, last), ids[ids.index(first) + 1:ids.index(last)])   # and the waves drawn between
    if warn:
        warn_not_asked(spec, study, check_waves(spec, study, spec.options.get("waves")))
    return group, (str(groups[0]), str(groups[1]))


def compute_did(study: Study, design, spec: Spec) -> DidResult:
    group, groups = check_did(spec, study, warn=False)
    waves = check_waves(spec, study, spec.options.get("waves"))
    ids = [w.id for w in study.config.waves]
    shown = ids[ids.index(waves[0]):ids.index(waves[1]) + 1]
    values, wave = design.data[group].astype(str), design.data["wave"].astype(str)
    within = design.subset((values.isin(groups) & wave.isin(shown)).to_numpy())
    sub = design.subset((values.isin(groups) & wave.isin(waves)).to_numpy())
    means = item_means(study, within, spec.items, [group, "wave"])
    means = means[means[group].astype(str).isin(groups) & means["wave"].astype(str).isin(shown)].reset_index(drop=True)
    columns = [i + SCORE if i + SCORE in design.data else i for i in spec.items]
    est = did(sub, columns, wave="wave", group=group, groups=groups, waves=waves,
              no_answers="keep", levels_differ=spec.options.get(LEVELS_DIFFER))  # a question not asked in a wave: its row, marked
    est["variable"] = est["variable"].astype(str).str.removesuffix(SCORE)
    return DidResult(means, est, group, groups, waves, tuple(spec.items), tuple(shown[1:-1]))


def draw_did(result: DidResult, p: Presentation):
    """One panel per item, stacked; the item is the panel title, the legend shown once. The
    panels of items on one scale share their y axis, so a slope of +0.2 never looks as steep as
    one of +0.7 (each panel zoomed on its own data did that); items on scales of other ranges
    keep axes of their own, each named by its range ("Mean (1–5)"). The study's waves between
    the two compared are drawn too (its trend before and after), and the annotation names the
    two waves the difference compares."""
    from surveykit import plots
    from surveykit.report.figures._draw import new_figure

    n = len(result.items)
    fig, axes = new_figure(2.0 + 5.6 * n, n, 1)
    order = {result.group: [result.groups[1], result.groups[0]], "wave": list(result.shown)}
    means = result.means.assign(**{result.group: result.means[result.group].astype(str)})
    keys = {item: _range(item, p) for item in result.items}
    for k, (ax, item) in enumerate(zip(axes.flat, result.items, strict=True)):
        ylabel = p.text("mean")
        if len(set(keys.values())) > 1 and keys[item][0] != "number":   # the scales differ: say each one's
            ylabel = f"{ylabel} ({p.number(keys[item][0], 0)}\u2013{p.number(keys[item][1], 0)})"
        plots.plot_did(means, result.did, group=result.group, treated=result.groups[1], item=item, ax=ax,
                       presentation=p, group_order=order, title=p.name(item), ylabel=ylabel, waves=result.waves)
        if k and ax.get_legend() is not None:
            ax.get_legend().remove()
    for key in set(keys.values()):
        shared = [ax for ax, item in zip(axes.flat, result.items, strict=True) if keys[item] == key]
        limits = np.array([ax.get_ylim() for ax in shared])
        for ax in shared:
            ax.set_ylim(limits[:, 0].min(), limits[:, 1].max())
    return fig


def _range(item: str, p: Presentation) -> tuple:
    """The range of ``item``'s scale, (lowest, highest code), or ("number", item) for a number."""
    ends = p.scale(item)
    return (float(ends[0]), float(ends[1])) if ends is not None else ("number", item)


def page_did(result: DidResult, spec: Spec, p: Presentation) -> PageTable:
    """The DiD estimates under the figure, with a caption naming the groups and waves. An
    item without a difference because a group compared rests on no answer (its question not
    asked in a wave) says so, as the figure does ("ikke spurt"), with the footnote."""
    from surveykit.report.html import EMPTY_MARK, did_table

    caption = p.text("did_caption", first=p.value("wave", result.waves[0]), last=p.value("wave", result.waves[1]),
                     treated=p.value(result.group, result.groups[1]), control=p.value(result.group, result.groups[0]))
    means = result.means
    empty = means[pd.to_numeric(means["n"], errors="coerce").eq(0).fillna(False).to_numpy()]
    kinds = {item: p.empty_kind(rows) for item, rows in empty.groupby("variable", sort=False)}
    marks = [p.text(kinds[v]) if kinds.get(v) and pd.isna(e) else ""
             for v, e in zip(result.did["variable"], result.did["estimate"], strict=True)]
    shown = {kinds[v] for v, m in zip(result.did["variable"], marks, strict=True) if m}
    notes = tuple(p.text(f"{kind}_note") for kind in ("not_asked", "no_answers") if kind in shown)
    return PageTable(did_table(p.labelled(result.did.assign(**{EMPTY_MARK: marks})), p.language), caption,
                     notes).saying_dashes(p)


def advise_did(spec: Spec) -> str:
    """What to change when a did cannot be estimated (a group without answers in a wave)."""
    waves = spec.options.get("waves")
    compared = f"the waves `options.waves: {waves}`" if waves else "the first and the last wave"
    return (f"Both groups of `options.groups` need answers in {compared}: choose in `options.groups` two values of "
            f"{spec.options.get('group')!r} that have answers in both, or other `options.waves`, "
            "in config/report.yaml.")


KIND = Kind("did", check_did, compute_did, draw_did, page_did, advice=advise_did,
            waves=lambda result: result.shown, shown=lambda result: result.means)
