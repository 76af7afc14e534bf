"""The report look: colour-blind-safe palettes, A4-width sizes, tick formatters, footer.

Nothing here changes matplotlib on import; :func:`report_theme` applies the look inside a
``with`` block only (STYLE.md principle 10).

Example:
    >>> import matplotlib.pyplot as plt
    >>> with report_theme():
    ...     fig, ax = plt.subplots()
    ...     fig = add_footer(fig, "Kilde: Innbyggerundersøkelsen · Syntetiske data")
    >>> round(float(fig.get_figwidth()) * 2.54, 1)
    17.0
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Hashable, Iterator, Sequence

import matplotlib as mpl
import matplotlib.style
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from surveykit.labels import format_number, format_percent

__all__ = [
    "FIG_WIDTH_CM",
    "NEUTRAL_GREY",
    "NONSUBSTANTIVE_GREY",
    "OKABE_ITO",
    "add_footer",
    "group_colors",
    "likert_colors",
    "number_formatter",
    "percent_formatter",
    "report_theme",
    "text_width_pt",
    "undrawable",
    "wrap_to_width",
]

FIG_WIDTH_CM = 17.0
CM = 1 / 2.54

# Okabe & Ito (2008), colour-blind safe; black last.
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
]
NEUTRAL_GREY = "#c8c8c8"  # the neutral Likert answer
NONSUBSTANTIVE_GREY = "#7f7f7f"  # "Vet ikke": a distinctly darker grey
SUPPRESSED_HATCH = "////"
HIGHLIGHT = OKABE_ITO[5]
MUTED = "#4d4d4d"

# ColorBrewer PuOr-like diverging ramps (colour-blind safe): disagree = orange, agree = blue.
_NEGATIVE = ["#b35806", "#e08214", "#fdb863", "#fee0b6"]
_POSITIVE = ["#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]


def group_colors(values: Sequence[Hashable]) -> dict[Hashable, str]:
    """Okabe–Ito colours for group values, in their order (the first value blue, then orange,
    ...), so a grouping's values keep their colours from figure to figure.

    Example:
        >>> group_colors(["a", "b"])
        {'a': '#0072B2', 'b': '#E69F00'}
    """
    return {value: OKABE_ITO[i % len(OKABE_ITO)] for i, value in enumerate(values)}


def likert_colors(n_negative: int, neutral: bool, n_positive: int) -> list[str]:
    """Diverging colours in scale order: disagree (dark → light), grey neutral, agree.

    Example:
        >>> likert_colors(2, True, 2)
        ['#b35806', '#fdb863', '#c8c8c8', '#92c5de', '#2166ac']
        >>> len(likert_colors(5, True, 5)), len(set(likert_colors(5, True, 5)))
        (11, 11)
    """
    if max(n_negative, n_positive) > 4:  # a longer scale (0-10): each side's ramp, interpolated
        return (_ramp(_NEGATIVE[0], _NEGATIVE[-1], n_negative) + ([NEUTRAL_GREY] if neutral else [])
                + _ramp(_POSITIVE[0], _POSITIVE[-1], n_positive))
    pick = {1: [1], 2: [0, 2], 3: [0, 1, 2], 4: [0, 1, 2, 3]}
    negative = [_NEGATIVE[i] for i in pick.get(n_negative, [])]
    positive = [_POSITIVE[::-1][i] for i in pick.get(n_positive, [])][::-1]
    return negative + ([NEUTRAL_GREY] if neutral else []) + positive


def _ramp(start: str, end: str, n: int) -> list[str]:
    """``n`` colours from ``start`` to ``end`` (both included when n > 1)."""
    if n <= 0:   # a side with no levels (a one-sided scale has no negative side)
        return []
    a, b = mpl.colors.to_rgb(start), mpl.colors.to_rgb(end)
    steps = [i / (n - 1) for i in range(n)] if n > 1 else [0.5]
    return [mpl.colors.to_hex([x + (y - x) * t for x, y in zip(a, b, strict=True)]) for t in steps]


def _rc(font_size: float) -> dict:
    return {
        "figure.figsize": (FIG_WIDTH_CM * CM, 10 * CM),
        "figure.dpi": 100,
        "figure.constrained_layout.use": True,
        "savefig.dpi": 200,
        "font.family": "DejaVu Sans",
        "font.size": font_size,
        "axes.titlesize": font_size + 1,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": font_size,
        "xtick.labelsize": font_size,
        "ytick.labelsize": font_size,
        "legend.fontsize": font_size,
        "legend.title_fontsize": font_size,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "axes.axisbelow": True,
        "grid.color": "#e5e5e5",
        "grid.linewidth": 0.6,
        "hatch.linewidth": 0.6,
        "hatch.color": MUTED,
        "svg.hashsalt": "surveykit",
        "svg.fonttype": "path",
        "axes.unicode_minus": True,
    }


@contextlib.contextmanager
def report_theme(font_size: float = 9.0) -> Iterator[None]:
    """Apply the report look (A4 width 17 cm, fonts ≥ 8 pt, Okabe–Ito) inside a block, on
    matplotlib's default settings (a matplotlibrc of the user's is not used inside it).

    Example:
        >>> with report_theme():
        ...     pass
    """
    if font_size < 8:
        raise ValueError(f"report_theme: font_size must be at least 8 pt, got {font_size}")
    # from matplotlib's own defaults, not the user's matplotlibrc (in the current folder, MATPLOTLIBRC
    # or ~/.config/matplotlib): a report figure is the same on every machine (the backend is kept)
    with mpl.style.context("default"), mpl.rc_context(_rc(font_size)), warnings.catch_warnings():
        # a character the font lacks (an emoji in a site's name) is drawn as an empty box; matplotlib's
        # "Glyph 127803 (SUNFLOWER) missing from font(s)" for every draw is said once by the report's
        # check instead (surveykit.report.figures, naming the label)
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


FONT = "DejaVu Sans"   # the report's font: every figure text is drawn in it


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` the report's font has no glyph for (an emoji, a CJK character):
    matplotlib draws each as an empty box.

    Example:
        >>> undrawable("\N{SUNFLOWER} Solsikke skole å €")
        ['🌻']
    """
    chars = _charmap()
    return list(dict.fromkeys(ch for ch in str(text) if ch.isprintable() and not ch.isspace() and ord(ch) not in chars))


@functools.cache
def _charmap() -> frozenset[int]:
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(findfont(FontProperties(family=FONT))).get_charmap())


def text_width_pt(text: str, fontsize: float, family: str = "DejaVu Sans", weight: str = "normal") -> float:
    """The advance width of one line of ``text`` in points (font metrics, unhinted; no renderer).

    Example:
        >>> text_width_pt("", 8.0)
        0.0
        >>> round(text_width_pt("Hei", 8.0), 1)
        13.2
    """
    if not text:
        return 0.0
    from matplotlib.textpath import text_to_path

    return float(text_to_path.get_text_width_height_descent(text, _font(family, fontsize, weight), ismath=False)[0])


@functools.cache
def _font(family: str, size: float, weight: str = "normal"):
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=family, size=size, weight=weight)


def wrap_to_width(text: str, width_pt: float, fontsize: float, *, separator: str = " · ",
                  weight: str = "normal") -> str:
    """Break ``text`` into lines no wider than ``width_pt``: at ``separator`` first, then
    between words (a single word longer than the width keeps its own line).

    Example:
        >>> wrap_to_width("Kilde: A · År 1 og 2 · Syntetiske data", 80, 8).splitlines()[-1]
        'Syntetiske data'
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for part in paragraph.split(separator):
            joined = f"{current}{separator}{part}" if current else part
            if text_width_pt(joined, fontsize, weight=weight) <= width_pt:
                current = joined
                continue
            if current:
                lines.append(current + separator.rstrip())
                current = ""
            if text_width_pt(part, fontsize, weight=weight) <= width_pt:
                current = part
                continue
            for word in part.split(" "):
                joined = f"{current} {word}" if current else word
                if current and text_width_pt(joined, fontsize, weight=weight) > width_pt:
                    lines.append(current)
                    current = word
                else:
                    current = joined
        lines.append(current)
    return "\n".join(lines)


def add_footer(fig: Figure, text: str, *, fontsize: float = 8.0) -> Figure:
    """Write ``text`` (source, waves, n, "Syntetiske data") at the figure's bottom left.

    The text is wrapped to the figure width (at " · " first, then between words). Under
    constrained layout the figure is made taller by the footer's lines, which get their own
    room below the axes: a footer of several lines (notes on reworded questions) never
    squeezes the plot nor overlaps it.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> fig = add_footer(plt.figure(layout="constrained"), "Syntetiske data")
    """
    width_pt = fig.get_figwidth() * 72 * 0.95
    text = wrap_to_width(text, width_pt, fontsize)
    footer = fig.text(
        0.01, 0.01, text, ha="left", va="bottom", fontsize=fontsize, color=MUTED,
        gid="footer", linespacing=1.3, parse_math=False,
    )
    footer.set_in_layout(False)
    height_in = (fontsize * 1.45 * (text.count("\n") + 1)) / 72 + 0.06
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        left, bottom, width, height = engine.get()["rect"]
        old = fig.get_figheight()
        fig.set_figheight(old + height_in)   # the axes keep the room they had
        below = (bottom * old + height_in) / (old + height_in)
        engine.set(rect=(left, below, width, height * old / (old + height_in)))
    else:
        fraction = min(0.3, height_in / fig.get_figheight())
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, fraction + 0.08))
    return fig


class _LocaleFormatter(Formatter):
    """Tick labels in the language's format, with as many decimals as the ticks need."""

    def __init__(self, language: str, decimals: int | None, percent: bool, absolute: bool):
        self.language, self.decimals, self.percent, self.absolute = language, decimals, percent, absolute
        self._auto = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        scaled = [x * (100 if self.percent else 1) for x in locs]
        self._auto = next(
            (d for d in range(5) if all(abs(round(v, d) - v) < 1e-9 for v in scaled)), 4
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        decimals = self.decimals if self.decimals is not None else self._auto
        value = abs(x) if self.absolute else x
        if self.percent:
            return format_percent(value, self.language, decimals)
        return format_number(value, self.language, decimals)


def percent_formatter(
    language: str = "nb", decimals: int | None = None, *, absolute: bool = False
) -> Formatter:
    """A tick formatter showing shares (0–1) as "40 %" ("40%" in English).

    ``decimals=None`` uses as many decimals as the tick positions need; ``absolute=True``
    drops the sign (for diverging Likert axes).

    Example:
        >>> percent_formatter("nb")(0.4, None)
        '40\xa0%'
    """
    return _LocaleFormatter(language, decimals, percent=True, absolute=absolute)


def number_formatter(language: str = "nb", decimals: int | None = None) -> Formatter:
    """A tick formatter with the language's decimal mark ("3,5"); decimals as the ticks need.

    Example:
        >>> f = number_formatter("da")
        >>> f.set_locs([3.25, 3.5]); f(3.25, None)
        '3,25'
    """
    return _LocaleFormatter(language, decimals, percent=False, absolute=False)
