"""Write a figure deterministically and atomically (same figure → same bytes).

Example:
    >>> import matplotlib.pyplot as plt, tempfile, pathlib
    >>> fig, ax = plt.subplots()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "likert"
    >>> [p.name for p in save_figure(fig, out)]
    ['likert.png', 'likert.svg']
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from surveykit.outputs import atomic_path

__all__ = ["FORMATS", "save_figure"]

# Metadata that would otherwise carry a version or a timestamp, per format.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
FORMATS = tuple(_METADATA)


def save_figure(
    fig: Figure,
    path_without_suffix: str | os.PathLike[str],
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Save ``fig`` once per format next to ``path_without_suffix``; return the paths.

    Deterministic: the SVG hash salt is fixed, dates and software versions are left out of
    the PNG/SVG/PDF metadata, and the layout is settled and then frozen (the figure keeps no
    layout engine afterwards, so a later save or display shows exactly what was saved; call
    ``fig.set_layout_engine("constrained")`` to lay it out again after changing it). Each
    file is written to a temporary file in the target folder and moved into place with
    :func:`os.replace`, so a reader never sees half a file.

    Example:
        >>> import matplotlib.pyplot as plt, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "f"
        >>> [p.suffix for p in save_figure(plt.figure(), out, formats=["pdf"])]
        ['.pdf']
    """
    if isinstance(formats, str):
        formats = [formats]
    unknown = [f for f in formats if f not in _METADATA]
    if unknown or not formats:
        raise ValueError(
            f"save_figure: formats must be some of {', '.join(FORMATS)}; got {list(formats)}"
        )
    if dpi <= 0:
        raise ValueError(f"save_figure: dpi must be a positive number, got {dpi!r}")
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    # The layout engine re-runs on every draw and, with legends anchored to the axes, moves
    # them by a shrinking amount each time: settle it (until nothing moves by more than a
    # tenth of a pixel), then freeze it, so every format and every later save of this
    # figure gives the same bytes. Text widths do not scale exactly with dpi (hinting), so
    # lay out at the output dpi.
    screen_dpi = fig.dpi
    fig.set_dpi(dpi)
    targets = [(fmt, base.with_name(base.name + "." + fmt)) for fmt in formats]
    had_engine = fig.get_layout_engine() is not None
    try:
        # the PNG's own drawing is the last settling pass when the layout settles (2 passes)
        drawn = _settle_layout(fig, png="png" in formats)
        # With any layout engine, even matplotlib's "none" placeholder, every savefig draws the
        # figure twice (once to lay it out, once to render it): save with none at all (in this
        # rc context, where savefig's own restoring of the engine keeps it at none), then leave
        # the placeholder, which keeps the frozen layout through any later save or display.
        with mpl.rc_context({"svg.hashsalt": "surveykit", "pdf.compression": 6,
                             "figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
            _snap_positions(fig)
            for fmt, target in targets:
                if fmt == "png" and drawn is not None:
                    with atomic_path(target) as tmp:
                        Path(tmp).write_bytes(drawn)
                else:
                    _write_atomically(fig, target, fmt, dpi)
                paths.append(target)
    finally:
        if had_engine and fig.get_layout_engine() is None:
            fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=False, colorbar_gridspec=False))
        fig.set_dpi(screen_dpi)
    return paths


def _settle_layout(fig: Figure, *, png: bool = False, passes: int = 10,
                   tolerance: float = 1e-4) -> bytes | None:
    """Draw until no axes moves by more than ``tolerance`` of the figure (a tenth of a pixel
    at 200 dpi; 2–3 passes).

    With ``png``, the passes after the first render the figure as PNG, each laid
    out by its own drawing as a save with the layout frozen after it would be; the PNG of the
    settling pass is returned (its bytes), else None.
    """
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine) or not fig.axes:
        return None
    # drawn as savefig draws it only on a plain Agg canvas with savefig's colours left to the figure
    render = (png and type(fig.canvas) is FigureCanvasAgg and not mpl.rcParams["savefig.transparent"]
              and mpl.rcParams["savefig.facecolor"] == "auto" and mpl.rcParams["savefig.edgecolor"] == "auto")
    before = _positions(fig)
    fig.draw_without_rendering()
    drawn = None
    for _ in range(passes):
        now = _positions(fig)
        if len(now) == len(before) and max(abs(a - b) for a, b in zip(now, before, strict=True)) <= tolerance:
            return drawn
        before = now
        if render:
            drawn = _png_bytes(fig)
        else:
            fig.draw_without_rendering()
    return None  # not settled: the last pass's layout, saved as the other formats are


def _png_bytes(fig: Figure) -> bytes:
    """Draw ``fig`` (its layout engine runs first) and return it as PNG, as savefig writes it:
    on the canvas's own renderer, as savefig draws, which also keeps matplotlib's text extents
    measured in the passes before (cached per renderer)."""
    renderer = fig.canvas.get_renderer()
    renderer.clear()
    fig.draw(renderer)
    stream = io.BytesIO()
    mpl.image.imsave(stream, renderer.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi,
                     metadata=_METADATA["png"])
    return stream.getvalue()


def _snap_positions(fig: Figure, digits: int = 9) -> None:
    """Round every axes' frozen position to ``digits`` decimals of the figure: the layout's last
    passes leave float noise (1e-13) that differs with what was drawn before in the process,
    and an SVG names each clip path by a hash of its exact rectangle, so the same figure drawn
    in a worker and in the main process gave other bytes (matplotlib 3.9)."""
    for ax in fig.axes:
        ax.set_position([round(v, digits) for v in ax.get_position().bounds])


def _positions(fig: Figure) -> list[float]:
    return [x for ax in fig.axes for x in ax.get_position().bounds]


def _write_atomically(fig: Figure, target: Path, fmt: str, dpi: int) -> None:
    """Save to a temporary file in the target folder, then move it into place."""
    with atomic_path(target) as tmp, open(tmp, "wb") as stream:
        fig.savefig(stream, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
