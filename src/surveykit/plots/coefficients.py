"""Coefficient plot of a regression result: one row per term, reference line at 0.

Terms are shown by their labels: ``C(age_group)[T.30-44]`` as "Aldersgruppe: 30-44", a
numeric term by its variable's label.

Example:
    >>> import pandas as pd
    >>> r = pd.DataFrame({"variable": ["Intercept", "C(region)[T.north]", "age"],
    ...                   "estimate": [3.0, 0.3, -0.01], "conf_low": [2.8, 0.1, -0.02],
    ...                   "conf_high": [3.2, 0.5, 0.0], "suppressed": False})
    >>> p = Presentation("en", names={"region": "Region", "age": "Age"},
    ...                  values={"region": {"north": "North"}})
    >>> [t.get_text() for t in plot_coefficients(r, presentation=p).get_yticklabels()]
    ['Region: North', 'Age']
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from surveykit.plots import _common as c
from surveykit.plots._dots import draw_dots, row_axis
from surveykit.plots.estimates import _items, ci_handle
from surveykit.plots.theme import HIGHLIGHT, number_formatter
from surveykit.presentation import Presentation

__all__ = ["plot_coefficients"]

_FUNC = "plot_coefficients"
_STYLE = ("title", "xlabel", "colors", "legend", "wrap", "decimals")
INTERCEPTS = ("Intercept", "(Intercept)", "const", "intercept")


@c.public_plot
def plot_coefficients(
    result: pd.DataFrame,
    *,
    terms: Sequence[Hashable] | None = None,
    highlight: str | Sequence[str] | None = None,
    intercept: bool = False,
    group: str | Sequence[str] | None = None,
    ref: float = 0.0,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    references: Mapping[str, Hashable] | None = None,
    **style: object,
) -> Axes:
    """Draw each regression term's coefficient with its confidence interval.

    ``result`` is a regression result: one row per term with the term name in ``variable``
    and ``estimate, conf_low, conf_high`` (plus ``group`` columns when one model was fitted
    per group, e.g. per wave). ``terms`` chooses and orders the terms, shown by
    ``presentation.term`` ("Aldersgruppe: 30-44"); the intercept is left out unless
    ``intercept=True``. Terms whose name contains a ``highlight`` string (e.g. the variable of
    interest) are drawn in the highlight colour with a bold label. ``ref`` is the reference
    line (use 1 for odds ratios). ``references`` (column → its reference level, the level each
    of the column's coefficients is compared with) names them in the legend ("Kommun: Lycksele
    (referens)"). Rows are spaced for their labels' lines, so wrapped labels never run into
    each other. Style: ``title``, ``xlabel``, ``colors``, ``legend``,
    ``wrap``, ``decimals``.

    Example:
        >>> import pandas as pd
        >>> r = pd.DataFrame({"variable": ["x"], "estimate": [0.2], "conf_low": [0.0],
        ...                   "conf_high": [0.4]})
        >>> plot_coefficients(r).get_xlabel()
        'Koeffisient'
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    group = c.as_list(group)
    c.check_frame(result, [*group, "variable", "estimate", "conf_low", "conf_high"], _FUNC)
    frame = result
    if "suppressed" not in frame:
        frame = frame.assign(suppressed=False)
    if not intercept and terms is None:
        frame = frame[~frame["variable"].isin(INTERCEPTS)]
    rows = _items(frame, terms, _FUNC)
    frame = frame[frame["variable"].isin(rows)]
    c.check_has_rows(frame, _FUNC, "it holds no terms but the intercept; pass intercept=True "
                     "to draw it" if len(result) else "")
    c.one_row_each(frame, [*group, "variable"], _FUNC,
                   "pass group= with the column that separates the models")
    keys = c.group_keys(frame, group, group_order, _FUNC)
    marks = c.as_list(highlight)
    bright = [r for r in rows if any(m in str(r) for m in marks)]
    wrap = int(style.get("wrap", 40))
    labels = [c.wrap(p.term(r), wrap) for r in rows]
    ax = c.get_axes(ax, 3.0 + len(rows) * row_height(labels, len(keys)))
    handles, any_suppressed = draw_dots(
        ax, frame, rows=rows, row_col="variable", group=group, keys=keys, p=p, colors=style.get("colors"), func=_FUNC,
        row_colors=None if group else dict.fromkeys(bright, HIGHLIGHT),
    )
    row_axis(ax, labels)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row in bright:
            tick.set_fontweight("bold")
            tick.set_color(HIGHLIGHT if not group else "black")
    c.make_room(ax)
    ax.axvline(ref, color="#4d4d4d", linewidth=0.8, zorder=1, gid="reference")
    ax.xaxis.set_major_formatter(number_formatter(p.language, style.get("decimals")))
    ax.set_xlabel(str(style.get("xlabel") or p.text("coefficient")))
    handles.append(ci_handle(p))
    if any_suppressed:
        handles += c.missing_handles(ax, p)
    handles += [Line2D([], [], linestyle="none", label=c.wrap(f"{p.name(column)}: {p.value(column, level)} "
                                                               f"({p.text('reference').lower()})", c.LEGEND_WRAP))
                for column, level in (references or {}).items()]
    if style.get("legend", True):
        c.legend_below(ax, handles, offset_pt=c.under_xlabel(ax))
    if style.get("title"):
        ax.set_title(str(style["title"]))
    return ax


def row_height(labels: Sequence[str], n_keys: int = 1) -> float:
    """The height (cm) of a row of a coefficient plot: room for its dodged models, and for the
    lines of the longest label (a wrapped "Har du besökt en vårdcentral det senaste året?: Ja"
    ran into the next row's label).

    Example:
        >>> row_height(["a"]), row_height(["a\\nb"])
        (0.7, 1.1)
    """
    lines = max((str(label).count("\n") + 1 for label in labels), default=1)
    return round(max(0.45 + 0.25 * n_keys, 0.2 + 0.45 * lines), 2)
