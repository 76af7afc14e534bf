"""The figure and table kinds of the report, one module each, registered by kind name.

Each module holds a frozen result value, ``check_<kind>(spec, study)`` (the recipe entry
against the study: a ConfigError saying what to change in config/report.yaml),
``compute_<kind>(study, design, spec) -> result`` and ``draw_<kind>(result, presentation)
-> Figure``; the builder calls them through :data:`FIGURES` and :data:`TABLES` and never
passes results by name. A new kind is a new module added here (docs/architecture.md).

Example:
    >>> sorted(FIGURES)
    ['adjusted', 'change', 'did', 'heatmap', 'likert', 'means', 'multi', 'weights']
    >>> sorted(TABLES)
    ['change', 'explorer', 'means', 'shares', 'table', 'topbox']
"""

from __future__ import annotations

from dataclasses import replace

from surveykit.report.figures import (
    _pages,
    adjusted,
    change,
    did,
    explorer,
    heatmap,
    likert,
    means,
    multi,
    table,
    topbox,
    weights,
)
from surveykit.report.figures._base import Kind, PageTable, warn_undrawable

__all__ = ["FIGURES", "TABLES", "Kind", "PageTable", "draw"]

def _drawable(check):
    """A figure kind's check, and a warning for labels it shows that its font cannot draw."""
    def checked(spec, study) -> None:
        check(spec, study)
        warn_undrawable(spec, study)
    return checked


FIGURES: dict[str, Kind] = {m.KIND.name: replace(m.KIND, check=_drawable(m.KIND.check))
                            for m in (likert, means, change, did, heatmap, weights, multi, adjusted)}
# a table of a figure's kind is the figure's numbers without the figure: laid out on the page
TABLES: dict[str, Kind] = {"topbox": topbox.KIND, "means": replace(means.KIND, check=means.check_means, page=_pages.page_means),
                           "shares": replace(likert.KIND, check=likert.check_likert, page=_pages.page_shares),
                           "change": replace(change.TABLE_KIND, page=_pages.page_change),
                           "table": table.KIND, "explorer": explorer.KIND}


def draw(kind: str, result, presentation, title: str = ""):
    """The figure of ``result`` (a ``kind`` result value), titled; matplotlib is imported here."""
    fig = FIGURES[kind].draw(result, presentation)
    from surveykit.report.figures._draw import agg_canvas, fit_rows, title_figure

    agg_canvas(fig)   # whatever the user's backend

    if title:
        title_figure(fig, title)   # wrapped to the figure's width, in even lines
    fit_rows(fig)   # rows squeezed by the title, legend or wrapped labels: the figure grows
    return fig
