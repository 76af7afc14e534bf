"""Write a figure deterministically and atomically (same figure → same bytes).

Example:
    >>> import matplotlib.pyplot as plt, tempfile, pathlib
    >>> fig, ax = plt.subplots()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "likert"
    >>> [p.name for p in save_figure(fig, out)]
    ['likert.png', 'likert.svg']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

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

    Deterministic: the SVG hash salt is fixed, and dates and software versions are left out
    of the PNG/SVG/PDF metadata. Each file is written to a temporary file in the target
    folder and moved into place with :func:`os.replace`, so a reader never sees half a file.

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
    with mpl.rc_context({"svg.hashsalt": "surveykit", "pdf.compression": 6}):
        for fmt in formats:
            target = base.with_name(base.name + "." + fmt)
            handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    fig.savefig(stream, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            paths.append(target)
    return paths
