"""Helpers shared by the figure modules: argument checks, ordering, labels, axes, markers."""

from __future__ import annotations

import functools
import re
import textwrap
import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.text import Text

from surveykit.errors import DataError
from surveykit.labels import MISSING
from surveykit.plots.theme import CM, MUTED, SUPPRESSED_HATCH
from surveykit.presentation import Presentation

Order = Mapping[str, Sequence[Hashable]] | None


def public_plot(plot: Callable[..., Axes]) -> Callable[..., Axes]:
    """Draw every text of ``plot`` as written: a label with two ``$`` ("Cost in $ per visit
    ($USD)") is not parsed as mathtext (texts already on a given ``ax`` are left alone); and
    make a figure the plot made itself taller for labels wrapped onto many lines."""

    @functools.wraps(plot)
    def wrapper(*args, **kwargs) -> Axes:
        given = kwargs.get("ax")
        before = {id(t) for t in given.texts} if isinstance(given, Axes) else set()
        with mpl.rc_context({"text.parse_math": False}):
            ax = plot(*args, **kwargs)
        for text in ax.findobj(Text):
            if id(text) not in before:
                text.set_parse_math(False)
        fit_height(ax)
        return ax

    return wrapper


def presentation_of(presentation: Presentation | None, func: str) -> Presentation:
    """``presentation``, or the default one (bokmål, no labels); anything else is an error."""
    if presentation is None:
        return Presentation()
    if not isinstance(presentation, Presentation):
        raise DataError(f"{func}: presentation must be a surveykit Presentation (e.g. study.presentation()); "
                        f"got {type(presentation).__name__}")
    return presentation


def as_list(value: str | Sequence[str] | None) -> list[str]:
    """``None`` → [], ``"a"`` → ["a"], a sequence → a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def check_frame(frame: object, columns: Sequence[str], func: str) -> pd.DataFrame:
    """Raise a DataError naming missing columns (and those present) unless all exist."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"{func}: expected a tidy result (pandas DataFrame), got {type(frame).__name__}"
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{func}: the result has no column(s) {missing}; it has {list(frame.columns)}. "
            "Pass the grouping column names that the estimator was given as by=."
        )
    return frame


def check_choice(func: str, name: str, value: object, allowed: Sequence[object]) -> None:
    """Raise a DataError "name must be one of ..., got ..." unless ``value`` is allowed."""
    if value not in allowed:
        raise DataError(f"{func}: {name} must be one of {list(allowed)}; got {value!r}")


def ordered(frame: pd.DataFrame, column: str, order: Order = None, func: str = "plot") -> list:
    """The values of ``column`` in display order.

    ``order[column]`` when given (it must cover every value present), else the categories
    of a categorical column (an ordered categorical keeps its order), else the sorted unique
    values: numbers (numpy scalars included) and text that is all numbers ("9", "10") in
    numeric order, then other text in natural order ("Site 2" before "Site 10").
    """
    present = list(pd.unique(frame[column].dropna()))
    if order and column in order:
        wanted = list(order[column])
        missing = [v for v in present if v not in wanted]
        if missing:
            raise DataError(
                f"{func}: order[{column!r}] lacks {missing} present in the result; "
                f"order given: {wanted}"
            )
        return [v for v in wanted if v in present]
    dtype = frame[column].dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = list(dtype.categories)
        # an unordered categorical whose categories are merely sorted as text (pandas'
        # default) has no order of its own: "1", "10", "2" are then sorted as numbers
        if dtype.ordered or categories != sorted(categories, key=str):
            return [v for v in categories if v in present]
    return sorted(present, key=_sort_key)


def _number(value: object) -> float | None:
    """``value`` as a number when it is one (bool excluded) or is text that reads as one."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if np.isfinite(number) else None
    return None


def _sort_key(value: object) -> tuple:
    """Numbers first in numeric order, then text in natural order (digit runs as numbers)."""
    number = _number(value)
    if number is not None:
        return (0, number, str(value))
    parts = re.split(r"(\d+)", str(value))
    natural = tuple((0, int(x), "") if x.isdigit() else (1, 0, x.casefold()) for x in parts if x)
    return (1, natural, str(value))


def group_keys(frame: pd.DataFrame, group: Sequence[str], order: Order, func: str) -> list[tuple]:
    """The combinations of ``group`` present in ``frame``, in display order."""
    if not group:
        return [()]
    values = [ordered(frame, g, order, func) for g in group]
    present = set(frame[list(group)].itertuples(index=False, name=None))
    index = pd.MultiIndex.from_product(values)
    return [key for key in index if key in present]


def too_many_groups(func: str, group: Sequence[str], n: int, most: int, how: str) -> DataError:
    """The error for more groups than a figure can tell apart."""
    return DataError(
        f"{func}: {n} groups of {list(group)} cannot be told apart in one figure; at most {most} "
        f"can ({how}). Split the figure: filter the result to fewer values of "
        f"{', '.join(map(repr, group))} and draw each part on its own Axes"
    )


def check_shares(frame: pd.DataFrame, func: str, hint: str, *, column: str = "estimate",
                 low: float = 0.0) -> None:
    """Raise a DataError unless every value of ``column`` is a share (``low``–1): the plot
    draws it on a percent axis, where a mean of 50.9 would read "5 095 %"."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.notna() & ((values < low - 1e-9) | (values > 1 + 1e-9))
    if not bad.any():
        return
    first = frame[bad].iloc[0]
    where = ", ".join(f"{k} {first[k]!r}" for k in ("variable", "level")
                      if k in frame and not pd.isna(first[k]))
    raise DataError(
        f"{func}: column {column!r} holds values that are not shares ({low:g}–1): "
        f"{int(bad.sum())} of {len(frame)}, e.g. {float(values[bad].iloc[0]):g}"
        f"{f' ({where})' if where else ''}; {func} draws shares as percent. {hint}"
    )


def check_has_rows(frame: pd.DataFrame, func: str, hint: str = "") -> None:
    """Raise a DataError when ``frame`` has no rows (nothing to draw), instead of drawing an
    empty figure or failing inside matplotlib."""
    if len(frame) == 0:
        raise DataError(f"{func}: the result has no rows to draw; "
                        + (hint or "check the filter or the estimator call that produced it"))


def select(frame: pd.DataFrame, columns: Sequence[str], key: tuple) -> pd.DataFrame:
    """The rows whose ``columns`` equal ``key``."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in zip(columns, key, strict=True):
        mask &= (frame[column] == value).to_numpy()
    return frame[mask]


def item_label(variable: Hashable, p: Presentation, width: int = 40) -> str:
    """A variable's label, wrapped to ``width`` characters."""
    return wrap(p.name(variable), width)


def wrap(label: str, width: int = 40) -> str:
    """Wrap a long label onto several lines (its own line breaks kept)."""
    if len(label) <= width:
        return label
    return "\n".join("\n".join(textwrap.wrap(line, width)) or line for line in label.split("\n"))


LEGEND_WRAP = 60  # characters per line of a legend entry (answer levels of 30-50 stay one line: a report figure keeps its height)


def one_row_each(frame: pd.DataFrame, keys: Sequence[str], func: str, hint: str) -> None:
    """Raise when several rows share the same ``keys`` (an ambiguous result to draw)."""
    dup = frame.duplicated(list(keys), keep=False)
    if dup.any():
        example = frame.loc[dup, list(keys)].head(3).to_dict("records")
        raise DataError(
            f"{func}: several rows per {list(keys)} (e.g. {example}); {hint}"
        )


def flagged(frame: pd.DataFrame) -> np.ndarray:
    """True where a row is marked suppressed."""
    flag = frame["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in frame else False
    return np.broadcast_to(np.asarray(flag, dtype=bool), (len(frame),))


def suppressed_mask(frame: pd.DataFrame) -> np.ndarray:
    """True where a row is suppressed (flag set) or has no estimate to draw."""
    flag = frame["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in frame else False
    return np.asarray(flag, dtype=bool) | frame["estimate"].isna().to_numpy()


def suppressed_handle(p: Presentation) -> Patch:
    """A hatched legend patch explaining the suppressed marker."""
    return Patch(
        facecolor="white", edgecolor=MUTED, hatch=SUPPRESSED_HATCH, linewidth=0.5,
        label=p.suppressed_note(),
    )


# how a cell resting on no answer is marked, its words ("ikke spurt") in a frame, and its legend
# symbol, the same frame: a question not asked in a wave in a solid one, a group without answers
# in a dotted one (white inside: never a grey of the neutral answer, nor the suppressed hatching)
EMPTY_BOX = {
    "not_asked": {"facecolor": "white", "edgecolor": MUTED, "linestyle": "-", "linewidth": 0.8},
    "no_answers": {"facecolor": "white", "edgecolor": MUTED, "linestyle": ":", "linewidth": 0.8},
}


def empty_box(kind: str, pad: float = 1.5) -> dict:
    """The text box of the words marking a cell of ``kind`` ("not_asked", "no_answers")."""
    return {**EMPTY_BOX[kind], "pad": pad}


def empty_handle(kind: str, p: Presentation) -> Patch:
    """The legend entry of the ``kind`` mark: its box as the symbol, what it means as the label."""
    return Patch(**EMPTY_BOX[kind], label=p.text(f"{kind}_note"))


def mark_suppressed(ax: Axes, x: float, y: float, *, rows: pd.DataFrame | None = None,
                    p: Presentation | None = None, wave: str | None = None, **kw) -> None:
    """Write the marker of a cell without a number at data position x, y: the suppressed
    marker (an en dash, never a number), or, where ``rows`` (the cell's rows) rest on no
    answer and were not suppressed, "not asked" / "no answers" (:meth:`Presentation.empty_kind`;
    ``wave``: the rows' wave column, default the presentation's).

    ``transform=`` and alignment may be overridden through ``kw``. ``clear=True`` (x in axes
    fraction, left-aligned): x is only where the mark goes first; when drawn it moves right to
    the first place where it covers no marker, interval or line of the data (:class:`ClearText`).
    """
    clear = bool(kw.pop("clear", False))
    kw = {"ha": "center", "va": "center", "color": MUTED, **kw}
    kind = p.empty_kind(rows, wave) if p is not None and rows is not None else None
    if kind is None:
        text = ax.text(x, y, MISSING, gid="suppressed", **kw)
    else:
        text = ax.text(x, y, p.text(kind), gid=kind, fontsize="small", **{"bbox": empty_box(kind), **kw})
    if clear:
        text.__class__ = ClearText   # the same Text, placed when drawn


# artists that show data in a dot figure: whiskers ("ci|..."), points ("points|...", "wave|..."), the
# change figure's line between the waves ("link")
_DATA_GIDS = ("ci|", "points|", "wave|", "link")


class ClearText(Text):
    """A mark's words (x in axes fraction, left-aligned) placed when drawn, when the layout is
    known, at the first x from the given one rightwards where they cover no data: a "not asked"
    of one wave written over the other wave's marker or interval read as data (or hid it); nor
    another mark placed before it in the row (a suppressed wave's dash beside a "not asked"): it
    then follows that mark."""

    def draw(self, renderer) -> None:
        ax = self.axes
        if ax is not None and self.get_visible():
            gap = 4 * ax.figure.dpi / 72   # a mark touching an interval's end read as one of its points
            boxes = [b.expanded(1, 1).padded(gap) for b in data_boxes(ax, renderer)]
            start = self.get_position()[0] if not hasattr(self, "_first_x") else self._first_x
            self._first_x = start
            self.set_x(start)
            box = mark_box(self, renderer)
            row = [b for b in boxes if b.y1 > box.y0 and b.y0 < box.y1]   # the data of the mark's row
            marks = [mark_box(t, renderer).padded(gap / 2) for t in ax.texts[:ax.texts.index(self)]
                     if isinstance(t, ClearText) and t.get_visible()]
            marks = [b for b in marks if b.y1 > box.y0 and b.y0 < box.y1 and box.overlaps(b)]
            if marks and not any(box.overlaps(b) for b in row):   # only an earlier mark in the way: after it
                self.set_x(float(start + (max(b.x1 for b in marks) - box.x0) / ax.bbox.width))
                box = mark_box(self, renderer)
                row += marks
            if any(box.overlaps(b) for b in row):
                # first choice: right of all of the row's data, apart from it; else the first free place
                right = max(b.x1 for b in row)
                x = start + (right - box.x0) / ax.bbox.width
                self.set_x(float(x))
                if mark_box(self, renderer).x1 > ax.bbox.x1 - 1:
                    for x in np.linspace(start, 0.99, 50):
                        self.set_x(float(x))
                        box = mark_box(self, renderer)
                        if box.x1 > ax.bbox.x1 - 1:   # no free place (make_room keeps one at the left edge)
                            self.set_x(start)
                            break
                        if not any(box.overlaps(b) for b in row):
                            break
        super().draw(renderer)


def make_room(ax: Axes) -> None:
    """Widen the x axis on the left, when the data reach into it, by the room the marks of
    :class:`ClearText` in ``ax`` need there ("ikke spurt" beside an interval reaching the axis'
    edge), so that a place covering no data is there for them (an estimate before the layout;
    the marks look for their place when drawn)."""
    from surveykit.plots.theme import text_width_pt

    marks = [t for t in ax.texts if isinstance(t, ClearText)]
    if not marks:
        return
    xs = []
    for artist in ax.collections:
        if str(artist.get_gid() or "").startswith(_DATA_GIDS):
            if isinstance(artist, mpl.collections.LineCollection):
                xs += [x for segment in artist.get_segments() for x in np.asarray(segment)[:, 0]]
            elif isinstance(artist, mpl.collections.PathCollection):
                xs += list(np.asarray(artist.get_offsets())[:, 0]) if len(artist.get_offsets()) else []
    xs = [x for x in xs if np.isfinite(x)]
    if not xs:
        return
    fig_pt = ax.figure.get_figwidth() * 72
    axes_pt = min(ax.get_position().width * fig_pt, 0.5 * fig_pt)   # long row labels will take their share
    need = max(text_width_pt(t.get_text(), t.get_fontsize()) for t in marks) + 12.0   # frame, pad, a gap
    room = min(need / axes_pt, 0.4)
    low, high = ax.get_xlim()
    if (min(xs) - low) / (high - low) < room:
        ax.set_xlim((min(xs) - room * high) / (1 - room), high)


def mark_box(text: Text, renderer) -> mpl.transforms.Bbox:
    """The extent of a mark's words with their frame (display units); of the suppressed dash, its
    ink: a fifth of the font's size about the line's middle (the dashes of neighbouring dodged
    groups, a tenth of a row apart, overlapped as lines of text: the second one moved right, past
    the next group's interval, where it read as an estimate)."""
    box = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        box = mpl.transforms.Bbox.union([box, patch.get_window_extent(renderer)])
    elif text.get_text() == MISSING:
        half = text.get_fontsize() * text.figure.dpi / 72 / 10
        middle = (box.y0 + box.y1) / 2
        box = mpl.transforms.Bbox([[box.x0, middle - half], [box.x1, middle + half]])
    return box


def data_boxes(ax: Axes, renderer=None) -> list:
    """The extents (display units) of every whisker segment, point and line showing data in ``ax``."""
    boxes = []
    for artist in [*ax.collections, *ax.lines]:
        gid = str(artist.get_gid() or "")
        if not gid.startswith(_DATA_GIDS):
            continue
        if isinstance(artist, mpl.collections.LineCollection):
            to_screen = artist.get_transform()
            pad = max(artist.get_linewidths(), default=1.0) * ax.figure.dpi / 72 / 2
            for segment in artist.get_segments():
                if len(segment):
                    (x0, y0), (x1, y1) = to_screen.transform(segment).min(axis=0), to_screen.transform(segment).max(axis=0)
                    boxes.append(mpl.transforms.Bbox([[x0, y0 - pad], [x1, y1 + pad]]))
        elif isinstance(artist, mpl.collections.PathCollection):
            offsets = artist.get_offset_transform().transform(artist.get_offsets())
            sizes = artist.get_sizes()
            for k, (x, y) in enumerate(offsets):
                radius = np.sqrt(sizes[k % len(sizes)] if len(sizes) else 36.0) / 2 * ax.figure.dpi / 72
                boxes.append(mpl.transforms.Bbox([[x - radius, y - radius], [x + radius, y + radius]]))
        else:
            boxes.append(artist.get_window_extent(renderer))
    return boxes


def missing_handles(ax: Axes, p: Presentation, gids: set | None = None) -> list:
    """Legend entries for the markers :func:`mark_suppressed` wrote in ``ax`` (or, ``gids``,
    in several panels): the suppressed patch, and what "not asked" and "no answers" mean
    (each only when drawn)."""
    if gids is None:   # the words, or a cell framed without them ("not_asked_cell": too many cells for words)
        gids = {t.get_gid() for t in ax.texts} | {str(a.get_gid()).removesuffix("_cell") for a in ax.patches}
    handles = [suppressed_handle(p)] if "suppressed" in gids else []
    handles += [empty_handle(kind, p) for kind in ("not_asked", "no_answers") if kind in gids]
    return handles


def dodge(n: int, span: float = 0.7) -> np.ndarray:
    """Offsets of ``n`` dodged marks within one row of height ``span``, first on top."""
    return (np.arange(max(n, 1)) - (max(n, 1) - 1) / 2) * (span / max(n, 1))


def axis_depth_pt(ax: Axes) -> float | None:
    """How far (points) the x axis's tick labels and label reach below the Axes, as drawn;
    None on a canvas that cannot measure text. It does not change with the figure's size."""
    fig = ax.figure
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:
        return None
    renderer = get_renderer()
    box = ax.xaxis.get_tightbbox(renderer)
    if box is None:
        return 0.0
    return max(0.0, float(ax.get_window_extent(renderer).y0 - box.y0) * 72 / fig.dpi)


def under_xlabel(ax: Axes, offset_pt: float = -30) -> float:
    """The offset of a legend under the x axis' name (``offset_pt`` for a name of one line),
    lowered by each further line of a wrapped name ("Gjennomsnitt (0 = Slet ikke sandsynligt,
    10 = Meget\nsandsynligt)"), which the legend covered."""
    label = ax.xaxis.label
    return offset_pt - label.get_text().count("\n") * label.get_size() * 1.2   # matplotlib's line spacing


def legend_below(ax: Axes, handles: list, *, offset_pt: float = -18, ncol: int | None = None,
                 on_figure: bool | None = None):
    """A frameless legend under the x axis, in as few rows as fit the figure width.

    Centred on the figure when ``ax`` is its only Axes (long row labels shift the Axes
    right) or ``on_figure`` (the last of a column of panels), else on the Axes.
    """
    from matplotlib import transforms

    if not handles:
        return None
    if ncol is None:
        ncol = _legend_columns([h.get_label() for h in handles], ax)
    fig = ax.figure
    alone = len([a for a in fig.axes if a.get_label() != "<colorbar>"]) == 1 if on_figure is None else on_figure
    x_transform = fig.transFigure if alone else ax.transAxes
    anchor = transforms.blended_transform_factory(x_transform, ax.transAxes)
    shifted = anchor + transforms.ScaledTranslation(0, offset_pt / 72, fig.dpi_scale_trans)
    return ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0),
                     bbox_transform=shifted, ncol=ncol, handlelength=1.4, columnspacing=1.2)


def _legend_columns(names: list[str], ax: Axes) -> int:
    """The most columns whose estimated width (column-major fill) fits the figure."""
    size = plt.rcParams["legend.fontsize"]
    size = size if isinstance(size, (int, float)) else plt.rcParams["font.size"]
    available = ax.figure.get_figwidth() * 72 * 0.96
    fitting = []
    for ncol in range(len(names), 0, -1):
        per_col = int(np.ceil(len(names) / ncol))
        columns = [names[i : i + per_col] for i in range(0, len(names), per_col)]
        width = sum(max(len(line) for n in col for line in n.split("\n")) * 0.58 * size + 3.6 * size
                    for col in columns)
        if width <= available:
            fitting.append((per_col, per_col * ncol - len(names), ncol))
    # fewest rows first, then the fewest empty slots (4 entries: 2 × 2, not 3 + 1)
    return min(fitting)[2] if fitting else 1


def block_rows(items: Sequence[Hashable], keys: list[tuple], many: bool) -> list[tuple]:
    """Rows (item, key) per item and group key; a header (item, None) before each item
    when there are ``many`` items."""
    rows: list[tuple] = []
    for item in items:
        if many:
            rows.append((item, None))
        rows.extend((item, key) for key in keys)
    return rows


def block_labels(rows: list[tuple], group: Sequence[str], p: Presentation, wrap_at: int = 40) -> list[str]:
    """Row labels: the item for headers (or when there is no group), else the group."""
    return [
        item_label(item, p, wrap_at) if key is None or not group else wrap(group_label(p, group, key), wrap_at)
        for item, key in rows
    ]


def bold_headers(ax: Axes, rows: list[tuple]) -> None:
    """Set the header rows' tick labels in bold."""
    for tick, (_, key) in zip(ax.get_yticklabels(), rows, strict=True):
        if key is None:
            tick.set_fontweight("bold")


_OWN_FIGURES: weakref.WeakSet = weakref.WeakSet()  # figures made by get_axes


def fit_height(ax: Axes) -> None:
    """Make a figure made by :func:`get_axes` taller by the lines its wrapped labels need
    beyond the height each row was given (two lines of a row label, one of a legend row,
    one of a column label); a figure the caller gave is left alone."""
    fig = ax.figure
    if fig not in _OWN_FIGURES:
        return
    rows = [t.get_text() for t in ax.get_yticklabels() if t.get_visible()]
    rows += [t.get_text() for t in ax.texts if t.get_gid() == "item_header"]
    extra = sum(max(0, t.count("\n") - 1) for t in rows)
    extra += max((t.get_text().count("\n") for t in ax.get_xticklabels()), default=0)
    legend = ax.get_legend()
    if legend is not None and legend.get_texts():
        texts = [t.get_text() for t in legend.get_texts()]
        per_col = int(np.ceil(len(texts) / max(getattr(legend, "_ncols", 1), 1)))
        extra += sum(max(t.count("\n") for t in texts[r::per_col]) for r in range(per_col))
    if extra:
        size = plt.rcParams["font.size"]
        fig.set_figheight(fig.get_figheight() + extra * size * 1.25 / 72)


def get_axes(ax: Axes | None, height_cm: float) -> Axes:
    """``ax``, or a new A4-width constrained-layout figure ``height_cm`` tall."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise DataError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")
        return ax
    width = plt.rcParams["figure.figsize"][0]
    fig = plt.figure(figsize=(width, max(4.0, height_cm) * CM), layout="constrained")
    _OWN_FIGURES.add(fig)
    return fig.add_subplot()


def check_style(func: str, style: Mapping[str, object], allowed: Sequence[str]) -> None:
    """Reject unknown ``**style`` keys, listing the accepted ones."""
    unknown = sorted(set(style) - set(allowed))
    if unknown:
        raise DataError(f"{func}: unknown style option(s) {unknown}; allowed: {sorted(allowed)}")


def header_rows_across(ax: Axes, rows: list[tuple], p: Presentation) -> None:
    """Write each header row's item label unwrapped, left-aligned with the group labels and
    running on over the (empty) bar area, instead of as a wrapped tick label.

    The tick label keeps its text (for readers of the Axes) but is hidden; the header text
    (gid ``item_header``) starts where the widest group label starts and is wrapped only
    when it would not fit the figure width.
    """
    from matplotlib import transforms

    from surveykit.plots.theme import text_width_pt, wrap_to_width

    ticks = ax.get_yticklabels()
    size = ticks[0].get_fontsize() if ticks else plt.rcParams["font.size"]
    bar_labels = [t.get_text() for t, (_, key) in zip(ticks, rows, strict=True) if key is not None]
    indent = max((max(text_width_pt(line, size) for line in lab.split("\n")) for lab in bar_labels),
                 default=0.0) + plt.rcParams["ytick.major.pad"]
    width = ax.figure.get_figwidth() * 72 * 0.92
    start = transforms.blended_transform_factory(ax.transAxes, ax.transData) + transforms.ScaledTranslation(
        -indent / 72, 0, ax.figure.dpi_scale_trans)
    for tick, (item, key) in zip(ticks, rows, strict=True):
        if key is not None:
            continue
        tick.set_visible(False)
        label = wrap_to_width(p.name(item), width, size * 1.1, separator="\n")
        ax.text(0, list(rows).index((item, key)), label, transform=start, ha="left", va="center",
                fontweight="bold", gid="item_header", clip_on=False, zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})


def by_columns(frame: pd.DataFrame, names: Sequence[str], p: Presentation,
               order: Order = None) -> tuple[list[str], Presentation, Order]:
    """The grouping columns ``names`` as a result holds them, with the presentation and order to
    read them: an estimator names a ``by=`` column that is also a column of every result
    (``level``, ``n``, ...) ``by_<name>`` (:func:`surveykit.estimate.schema.by_names`), so
    ``group="level"`` on such a result means ``by_level``, and ``by_level`` is labelled (its
    name and values) and ordered as ``level`` was. A name the result holds as given is kept.

    Example:
        >>> f = pd.DataFrame({"by_level": ["a"], "level": [None], "estimate": [1.0]})
        >>> names, p, _ = by_columns(f, ["level"], Presentation(names={"level": "Utdanning"}))
        >>> names, p.name("by_level")
        (['by_level'], 'Utdanning')
    """
    from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS, by_names

    own = [str(n) for n in names]
    renamed = {n: r for n, r in by_names(own, warn=False).items() if r != n and r in frame.columns}
    result = [renamed.get(n, n) for n in own]
    given = [(n.removeprefix("by_"), n) for n in own if n.removeprefix("by_") in {*RESULT_COLUMNS, *CONTRAST_COLUMNS}]
    for name, new in list(renamed.items()) + given:
        if new not in p.names and name in p.names:
            p = p.with_labels(names={new: p.names[name]})
        if new not in p.values and name in p.values:
            p = p.with_labels(values={new: dict(p.values[name])})
        if order and name in order and new not in order:
            order = {**order, new: order[name]}
    return result, p, order


def group_label(p: Presentation, group: Sequence[str], key: Sequence[Hashable]) -> str:
    """ "Mjøndalen bibliotek · År 1" for a key of several grouping columns, as :meth:`Presentation.group`,
    but a key with a wave (``p.wave``) names its other values as that wave named them
    (:meth:`Presentation.value_in`: a site renamed later keeps its name of then).

    Example:
        >>> p = Presentation(values={"site": {"m": "Mjøndalen bibliotek og innbyggertorg"}},
        ...                  wave_values={"site": {"1": {"m": "Mjøndalen bibliotek"}}})
        >>> group_label(p, ["site", "wave"], ("m", "1")), group_label(p, ["site", "wave"], ("m", "2"))
        ('Mjøndalen bibliotek · 1', 'Mjøndalen bibliotek og innbyggertorg · 2')
    """
    group = list(group)
    if p.wave not in group or not p.wave_values:
        return p.group(group, key)
    wave = key[group.index(p.wave)]
    return " · ".join(p.value(c, v) if c == p.wave else p.value_in(c, v, wave) for c, v in zip(group, key, strict=True))
