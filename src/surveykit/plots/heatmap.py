"""Heatmap of estimates by two grouping columns (e.g. site × wave), numbers in the cells.

Example:
    >>> import pandas as pd
    >>> r = pd.DataFrame({"site": ["a", "a", "b", "b"], "wave": ["1", "2"] * 2,
    ...                   "variable": "help", "level": None,
    ...                   "estimate": [3.9, 4.1, float("nan"), 3.7],
    ...                   "suppressed": [False, False, True, False]})
    >>> sorted(t.get_text() for t in plot_heatmap(r).texts if t.get_gid() == "value")
    ['3,7', '3,9', '4,1']
"""

from __future__ import annotations

from collections.abc import Hashable

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, Normalize, TwoSlopeNorm
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

from surveykit.errors import DataError
from surveykit.plots import _common as c
from surveykit.plots.estimates import check_one_scale, pick_level
from surveykit.plots.theme import (
    MUTED,
    SUPPRESSED_HATCH,
    number_formatter,
    percent_formatter,
    text_width_pt,
)
from surveykit.presentation import Presentation

__all__ = ["plot_heatmap"]

_FUNC = "plot_heatmap"
_ROW_WRAP, _COL_WRAP = 40, 10  # characters per line of the row labels, at least of the columns
_STYLE = ("title", "cmap", "decimals", "legend", "vmin", "vmax", "numbers", "colorbar", "detail")


@c.public_plot
def plot_heatmap(
    result: pd.DataFrame,
    *,
    row: str = "site",
    col: str = "wave",
    item: Hashable | None = None,
    level: Hashable | None = None,
    center: float | None = None,
    ax: Axes | None = None,
    presentation: Presentation | None = None,
    group_order: c.Order = None,
    **style: object,
) -> Axes:
    """Draw a ``row`` × ``col`` grid of estimates with the value written in each cell.

    ``result`` is a mean/proportion result by ``[row, col]`` (``row`` or ``col`` may be
    ``"variable"`` to lay items out); ``item`` picks one variable otherwise, ``level=`` one
    answer level of a share (then cells show percentages). Values are shown by their labels
    in ``presentation`` (e.g. site id → name). Items (``row`` or ``col`` ``"variable"``) share the
    colour scale, so items on scales of different ranges (1–5 and 0–10), or a number (age, visits)
    beside a scale, as ``presentation.scales`` knows them, are refused, and so are items on no
    known scale whose sizes differ more than fourfold: draw each scale's items in a heatmap of
    their own. Suppressed cells are hatched with an en dash
    and no number, explained under the grid; absent cells stay blank. ``center`` switches to a
    diverging colour map around that value. A colour bar reads the colours; when the result
    has ``n`` and confidence limits, the range of n and of the intervals' half-widths is
    written above the grid (gid ``detail``). Style: ``title``, ``cmap``, ``decimals``,
    ``legend``, ``vmin``, ``vmax`` (both given: the colours span exactly them, e.g. a scale's ends;
    else the values' range, a little widened), ``numbers`` (``True``/``False``; by default the numbers
    are written when they fit their cells — with many columns they do not), ``colorbar``
    (default True), ``detail`` (default True).

    Example:
        >>> import pandas as pd
        >>> r = pd.DataFrame({"site": ["a"], "wave": ["1"], "variable": "q", "estimate": [2.0]})
        >>> p = Presentation(values={"site": {"a": "Askim"}})
        >>> plot_heatmap(r, presentation=p).get_yticklabels()[0].get_text()
        'Askim'
    """
    c.check_style(_FUNC, style, _STYLE)
    p = c.presentation_of(presentation, _FUNC)
    named = [n for n in (row, col) if n != "variable"]   # "variable": the items laid out
    renamed, p, group_order = c.by_columns(result, named, p, group_order)
    row, col = (renamed[named.index(n)] if n in named else n for n in (row, col))
    if row == col:
        raise DataError(f"{_FUNC}: row and col must differ; both are {row!r}")
    c.check_frame(result, [row, col, "variable", "estimate"], _FUNC)
    frame = result if "suppressed" in result else result.assign(suppressed=False)
    if "level" in frame:
        frame = pick_level(frame, level, _FUNC)
    if "variable" not in (row, col):
        variables = list(pd.unique(frame["variable"]))
        if item is None and len(variables) > 1:
            raise DataError(f"{_FUNC}: the result has several variables {variables}; pass item= "
                            "or use row='variable' / col='variable'")
        if item is not None:
            if item not in variables:
                raise DataError(f"{_FUNC}: item={item!r} is not in the result; it has {variables}")
            frame = frame[frame["variable"] == item]
    c.check_has_rows(frame, _FUNC)
    c.one_row_each(frame, [row, col], _FUNC,
                   "filter the result to one value of its other grouping columns, or pass level=")
    rows = c.ordered(frame, row, group_order, _FUNC)
    cols = c.ordered(frame, col, group_order, _FUNC)
    values = np.full((len(rows), len(cols)), np.nan)
    hidden = np.zeros_like(values, dtype=bool)
    empty: dict[tuple[int, int], str] = {}   # cells resting on no answer (not asked in a wave): blank, said so
    for k, rec in enumerate(frame.itertuples(index=False)):
        i, j = rows.index(getattr(rec, row)), cols.index(getattr(rec, col))
        n = getattr(rec, "n", None)
        kind = p.empty_kind(frame.iloc[k:k + 1]) if n is not None and not pd.isna(n) and n == 0 else None
        if kind is not None:
            empty[i, j] = kind
            continue
        hidden[i, j] = bool(rec.suppressed) or pd.isna(rec.estimate)
        values[i, j] = np.nan if hidden[i, j] else rec.estimate
    present = np.zeros_like(hidden)
    for rec in frame[[row, col]].itertuples(index=False):
        present[rows.index(rec[0]), cols.index(rec[1])] = True
    for i, j in empty:
        present[i, j] = False
    percent = bool("level" in frame and frame["level"].notna().any())
    if "variable" in (row, col) and not percent:   # one colour scale: a 0-10 item beside 1-5 items would look "best"
        check_one_scale(frame, rows if row == "variable" else cols, p, _FUNC)
    ax = c.get_axes(ax, 3.0 + 0.6 * len(rows))
    finite = values[np.isfinite(values)]
    if percent:
        c.check_shares(frame, _FUNC, "A result with answer levels is drawn as shares; for a "
                       "quantile or another result that is not shares, drop its levels "
                       "(result.assign(level=None))")
    vmin = float(style.get("vmin", finite.min() if finite.size else 0.0))
    vmax = float(style.get("vmax", finite.max() if finite.size else 1.0))
    if center is not None:
        span = max(abs(vmax - center), abs(center - vmin), 1e-9)
        norm = TwoSlopeNorm(center, center - span, center + span)
        cmap = mpl.colormaps[str(style.get("cmap", "PuOr"))]
    elif "vmin" in style and "vmax" in style and vmax > vmin:   # the given span (a scale's ends), the colour bar too
        norm = Normalize(vmin, vmax)
        base = mpl.colormaps[str(style.get("cmap", "Blues"))]
        cmap = ListedColormap(base(np.linspace(0.12, 1.0, 256)), name=base.name)   # the lowest end never white (blank)
    else:
        pad = (vmax - vmin) * 0.25 or 0.5
        norm = Normalize(vmin - pad, vmax + pad / 4)
        cmap = mpl.colormaps[str(style.get("cmap", "Blues"))]
    cmap = cmap.with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto",
                      interpolation="nearest")
    decimals = int(style.get("decimals", 0 if percent else 1))
    texts = {(i, j): (p.percent(values[i, j], decimals) if percent else p.number(values[i, j], decimals))
             for i, j in zip(*np.nonzero(np.isfinite(values)), strict=True)}
    numbers = style.get("numbers")
    if numbers is None:
        numbers = _numbers_fit(ax, len(cols), texts.values())
    if not numbers and (hidden & present).any():  # many cells: one hatched path (hatching is slow per patch)
        squares = [Path.unit_rectangle().transformed(Affine2D().translate(j - 0.5, i - 0.5))
                   for i, j in zip(*np.nonzero(hidden & present), strict=True)]
        ax.add_patch(PathPatch(Path.make_compound_path(*squares), facecolor="white", edgecolor=MUTED,
                               hatch=SUPPRESSED_HATCH, linewidth=0.5, gid="suppressed_cells"))
    for i, j in np.ndindex(values.shape):
        if hidden[i, j] and present[i, j] and numbers:
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor=MUTED,
                                   hatch=SUPPRESSED_HATCH, linewidth=0.5, gid="suppressed_cell"))
            ax.text(j, i, c.MISSING, ha="center", va="center", gid="suppressed",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        elif (i, j) in empty:   # the cell in the mark's box (also when the cells are too many for words)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, gid=f"{empty[i, j]}_cell", **c.EMPTY_BOX[empty[i, j]]))
            if numbers:
                ax.text(j, i, p.text(empty[i, j]), ha="center", va="center", gid=empty[i, j], color=MUTED,
                        fontsize="small")
        elif numbers and (i, j) in texts:
            shade = cmap(norm(values[i, j]))
            dark = 0.299 * shade[0] + 0.587 * shade[1] + 0.114 * shade[2] < 0.5
            ax.text(j, i, texts[i, j], ha="center", va="center", gid="value",
                    color="white" if dark else "black")
    if style.get("colorbar", True) and finite.size:  # nothing shown: no scale to read
        # beside the grid, its full height (the layout put it right of the column names slanting past the
        # grid, a short bar far away); a given span (a scale's) is read by its ends and middle
        cax = ax.inset_axes([1.02, 0.0, 0.025, 1.0])
        bar = ax.figure.colorbar(image, cax=cax)
        if "vmin" in style and "vmax" in style and vmax > vmin and center is None:
            bar.set_ticks(np.unique([vmin, (vmin + vmax) / 2, vmax]))
        bar.ax.yaxis.set_major_formatter(percent_formatter(p.language) if percent else number_formatter(p.language))
        bar.ax.tick_params(labelsize=8)
        bar.outline.set_visible(False)
    label = lambda column, v: p.name(v) if column == "variable" else p.value(column, v)  # noqa: E731
    # a column label may take its share of the grid's width (about 60 % of the figure)
    col_wrap = int(ax.figure.get_figwidth() * 72 * 0.6 / len(cols) / (0.58 * mpl.rcParams["font.size"]))
    col_wrap = min(_ROW_WRAP, max(_COL_WRAP, col_wrap))
    ax.set_xticks(range(len(cols)), [c.wrap(label(col, v), col_wrap) for v in cols])
    ax.set_yticks(range(len(rows)), [c.wrap(label(row, v), _ROW_WRAP) for v in rows])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if style.get("legend", True) and (hidden[present].any() or empty):
        handles = [c.suppressed_handle(p)] if hidden[present].any() else []
        c.legend_below(ax, handles + [h for h in c.missing_handles(ax, p) if h.get_label() != p.suppressed_note()],
                       offset_pt=-4)
    if style.get("detail", True):
        answered = pd.to_numeric(frame["n"], errors="coerce").ne(0) if "n" in frame else True   # not "n 0–68"
        note = detail_note(frame[~frame["suppressed"].fillna(False).astype(bool) & answered], p, percent)
        if note:
            ax.set_title(note, loc="right", fontsize=8, fontweight="normal", pad=18, gid="detail")
    if style.get("title"):
        ax.set_title(str(style["title"]), pad=18)
    return ax


def detail_note(frame: pd.DataFrame, p: Presentation, percent: bool, level: int = 95) -> str:
    """ "n per celle 45–412; 95 % KI ±0,08 til ±0,35" of the shown cells ("" without n or CIs).

    Example:
        >>> f = pd.DataFrame({"estimate": [3.0, 4.0], "conf_low": [2.9, 3.5], "conf_high": [3.1, 4.5],
        ...                   "n": [400, 45]})
        >>> detail_note(f, Presentation(), percent=False)
        'n per celle 45–400; 95 % KI ±0,10 til ±0,50'
        >>> detail_note(f.assign(n=30), Presentation(), percent=False)
        'n per celle 30; 95 % KI ±0,10 til ±0,50'
    """
    if frame.empty or not {"n", "conf_low", "conf_high"} <= set(frame.columns):
        return ""
    half = ((frame["conf_high"] - frame["conf_low"]) / 2).astype(float)
    n = frame["n"].astype(float)
    if half.isna().all() or n.isna().all():
        return ""
    fmt = (lambda x: p.percent(x, 1).replace("\xa0%", "").replace("%", "")) if percent else (lambda x: p.number(x, 2))
    low, high = p.number(n.min(), 0), p.number(n.max(), 0)
    text = p.text("heatmap_detail", n_low=low, n_high=high, level=level, ci_low=fmt(half.min()), ci_high=fmt(half.max()))
    return text.replace(f"{low}\u2013{high}", low, 1) if low == high else text   # "n per celle 30", not "30–30"


def _numbers_fit(ax: Axes, n_cols: int, texts) -> bool:
    """Whether the widest number fits a cell (the axes' width before layout, shared by columns)."""
    widest = max((text_width_pt(t, mpl.rcParams["font.size"]) for t in set(texts)), default=0.0)
    cell_pt = ax.get_position().width * ax.figure.get_figwidth() * 72 / max(n_cols, 1)
    return widest <= 0.9 * cell_pt
