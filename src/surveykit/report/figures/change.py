"""Change figure (and table): each group's mean in two waves, with the change and its CI.

The waves are ``options.waves`` or the study's first and last; ``by`` groups the rows
(``wave`` in ``by`` is the comparison itself and is dropped). The study's waves between
those two are drawn too, as points on each group's line (their means are in the means
table), so a dip or a peak in between is not hidden; the change is the last minus the first,
and the figure says which two it compares. Compare like with like:
group by something that is fixed over the waves (such as a site's path of site types), so
the same sites are in both ends of each row.

Example:
    >>> result = compute_change(study, design, spec)                  # doctest: +SKIP
    >>> result.waves                                                   # doctest: +SKIP
    ('1', '2')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from surveykit.estimate.compare import change
from surveykit.presentation import Presentation
from surveykit.report.figures._base import (
    LEVELS_DIFFER,
    Kind,
    check_by,
    check_items,
    check_offered,
    check_waves,
    warn_not_asked,
)
from surveykit.report.figures.means import item_means
from surveykit.report.items import SCORE
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "TABLE_KIND", "ChangeResult", "check_change", "check_change_table", "compute_change",
           "draw_change"]


@dataclass(frozen=True)
class ChangeResult:
    """Means in the two waves (and the waves between them) and the change (later − earlier)
    per group × item."""

    means: pd.DataFrame
    change: pd.DataFrame
    by: tuple[str, ...]
    items: tuple[str, ...]
    waves: tuple[str, str]
    between: tuple[str, ...] = ()   # the study's waves between the two, drawn as points on the line

    @property
    def shown(self) -> tuple[str, ...]:
        """Every wave the figure draws, in order."""
        return (self.waves[0], *self.between, self.waves[1])

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"means": self.means, "change": self.change}


def _groups(spec: Spec) -> tuple[str, ...]:
    return tuple(b for b in spec.by if b != "wave")


def check_change_table(spec: Spec, study: Study) -> None:
    check_items(spec, study, numeric=True)
    check_by(spec, study)
    _check_options(spec)
    first, last = check_waves(spec, study, spec.options.get("waves"))
    ids = [w.id for w in study.config.waves]
    check_offered(spec, study, (first, last), ids[ids.index(first) + 1:ids.index(last)])   # and the waves drawn between
    warn_not_asked(spec, study, (first, last))
    _warn_moving_groups(spec, study, (first, last))


def _warn_moving_groups(spec: Spec, study: Study, waves: tuple[str, str]) -> None:
    """Warn when a group of ``by`` holds other sites in the two waves compared (a site type that
    changed between them): its change then mixes a change of the sites with a change of answers."""
    site = next((v.name for v in study.codebook.variables if v.type == "site"), None)
    data = study.responses
    if site is None or site not in data or "wave" not in data:
        return
    data = data[data["wave"].astype(str).isin([str(w) for w in waves])]
    for column in _groups(spec):
        if column == site or column not in data:
            continue
        held = data[["wave", site, column]].dropna().drop_duplicates()
        if held.duplicated(["wave", site]).any():  # a respondent's attribute (gender): no site's group
            continue
        pairs = held[[site, column]].drop_duplicates()
        moved = list(pd.unique(pairs[site][pairs[site].duplicated()]))
        if moved and f"{site}_label" in data:   # the sites by their names
            names = data.drop_duplicates(site).set_index(site)[f"{site}_label"]
            moved = [names.get(m, m) for m in moved]
        moved = [str(m) for m in moved]
        if moved:
            import warnings

            from surveykit.errors import SurveykitWarning

            shown = ", ".join(moved[:5]) + (f" and {len(moved) - 5} more" if len(moved) > 5 else "")
            warnings.warn(f"{spec.where} ({spec.id!r}): {spec.kind} by {column!r}: {shown} changed group between "
                          f"waves {waves[0]} and {waves[1]}, so a group's change compares other sites at its two ends "
                          "(a change of sites, not only of answers). To compare like with like, group by a column "
                          "fixed over the waves (a site's path of groups, `path:` of a grouping in surveykit.yaml).",
                          SurveykitWarning, stacklevel=2)


def check_change(spec: Spec, study: Study) -> None:
    """The figure's checks: the table's, and its items on one axis (:func:`_check_one_range`)."""
    check_change_table(spec, study)
    _check_one_range(spec, study)


def _check_one_range(spec: Spec, study: Study) -> None:
    """The items of a change share one axis: all on scales of one range (codes 1–5), not a 0–10
    item or a number (age) beside them, whose axis would squash the others' changes."""
    ranges: dict = {}
    for name in spec.items:
        scale = study.codebook.scale_of(name)
        codes = [lv.code for lv in scale.levels] if scale is not None else []
        ranges.setdefault((min(codes), max(codes)) if codes else name, []).append(name)
    if len(ranges) > 1:
        said = "; ".join(f"{names} ({f'codes {k[0]:g}–{k[1]:g}' if isinstance(k, tuple) else 'a number'})"
                         for k, names in ranges.items())
        raise spec.fail(f"its items are on different scales: {said}. A change figure draws every item on one axis, "
                        "where the changes of the shorter scale would be squashed; split the entry in "
                        "config/report.yaml into one per scale (a number such as age in an entry of its own).")


def _check_options(spec: Spec) -> None:
    unknown = sorted(set(spec.options) - {"waves", LEVELS_DIFFER})
    if unknown:
        raise spec.fail(f"unknown option(s) {unknown}; a change takes `options: {{waves: [first, last]}}` (and "
                        f"`{LEVELS_DIFFER}: allow` to compare waves whose question offered other levels).")


def compute_change(study: Study, design, spec: Spec) -> ChangeResult:
    first, last = check_waves(spec, study, spec.options.get("waves"))
    group = list(_groups(spec))
    ids = [w.id for w in study.config.waves]
    shown = ids[ids.index(first):ids.index(last) + 1]
    wave = design.data["wave"].astype(str)
    within = design.subset(wave.isin(shown).to_numpy()) if len(ids) > len(shown) else design
    two = design.subset(wave.isin([first, last]).to_numpy()) if len(ids) > 2 else design
    means = item_means(study, within, spec.items, [*group, "wave"])
    means = means[means["wave"].astype(str).isin(shown)].reset_index(drop=True)
    columns = [i + SCORE if i + SCORE in design.data else i for i in spec.items]
    diff = change(two, columns, wave="wave", by=group or None, levels=(first, last),
                  no_answers="keep", levels_differ=spec.options.get(LEVELS_DIFFER))  # a question not asked in a wave: its row, marked
    diff["variable"] = diff["variable"].astype(str).str.removesuffix(SCORE)
    return ChangeResult(means, diff, tuple(group), tuple(spec.items), (first, last), tuple(shown[1:-1]))


def draw_change(result: ChangeResult, p: Presentation):
    from surveykit import plots
    from surveykit.report.figures._draw import new_figure

    n_groups = result.means[list(result.by)].drop_duplicates().shape[0] if result.by else 1
    fig, axes = new_figure(4.0 + len(result.items) * (0.55 * n_groups + 0.5))
    plots.plot_change(result.means, result.change, wave="wave", group=list(result.by) or None,
                      items=list(result.items), ax=axes[0, 0], presentation=p,
                      group_order={"wave": list(result.shown)})
    return fig


def advise_change(spec: Spec) -> str:
    """What to change when a change cannot be estimated (a group without answers in a wave)."""
    waves = spec.options.get("waves")
    compared = f"the waves `options.waves: {waves}`" if waves else "the first and the last wave"
    if _groups(spec):
        return (f"Every group of `by: {list(_groups(spec))}` needs answers in {compared}: in config/report.yaml, "
                "group by a column whose groups have answers in both waves (e.g. a site grouping that is fixed over "
                "the waves), or choose other `options.waves`.")
    return f"Both waves compared need answers: choose other `options.waves` in config/report.yaml ({compared} now)."


KIND = Kind("change", check_change, compute_change, draw_change, advice=advise_change,
            waves=lambda result: result.shown, shown=lambda result: result.means)
# a table of changes has no axis to share: items of any scales
TABLE_KIND = dataclasses.replace(KIND, check=check_change_table)
