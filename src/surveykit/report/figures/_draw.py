"""Matplotlib helpers of the report's figures (imported only where a figure is drawn).

Example:
    >>> fig, axes = new_figure(8.0, 2, 1)
    >>> axes.shape
    (2, 1)
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["CM", "WIDTH", "new_figure", "wrap_even"]

CM = 1 / 2.54
WIDTH = 17 * CM


def new_figure(height_cm: float, nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, np.ndarray]:
    """An A4-width constrained-layout figure ``height_cm`` tall with a grid of Axes."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, height_cm * CM), layout="constrained", squeeze=False, **kw)
    return fig, axes


def wrap_even(label: str, width: int) -> str:
    """Wrap onto as few lines as ``width`` allows, with lines of even length (no orphan word).

    Example:
        >>> wrap_even("Lett å få hjelp med digitale tjenester", 30)
        'Lett å få hjelp med\\ndigitale tjenester'
    """
    label = str(label)
    if len(label) <= width:
        return label
    lines = len(textwrap.wrap(label, width))
    for w in range(-(-len(label) // lines), width + 1):
        if len(textwrap.wrap(label, w)) <= lines:
            return textwrap.fill(label, w)
    return textwrap.fill(label, width)
