"""surveykit.plots: one function per report figure, drawing tidy results on an Axes.

Every ``plot_*(result, *, ax=None, presentation=None, **style)`` draws what it is given and
returns the Axes; it never reads files, computes statistics, shows or saves. The
:class:`~surveykit.presentation.Presentation` (``study.presentation()``) carries the
language, the labels, the number format and the suppression rule. Apply the look with
:func:`report_theme` and write files with :func:`save_figure`.

Example:
    >>> import pandas as pd
    >>> from surveykit.presentation import Presentation
    >>> r = pd.DataFrame({"variable": ["help"], "level": [None], "estimate": [4.0],
    ...                   "conf_low": [3.8], "conf_high": [4.2], "suppressed": [False]})
    >>> with report_theme():
    ...     ax = plot_estimates(r, presentation=Presentation(names={"help": "Lett å få hjelp"}))
"""

from __future__ import annotations

from surveykit.plots.change import plot_change
from surveykit.plots.coefficients import plot_coefficients
from surveykit.plots.composition import plot_composition, plot_weights
from surveykit.plots.did import plot_did
from surveykit.plots.estimates import plot_estimates
from surveykit.plots.heatmap import plot_heatmap
from surveykit.plots.likert import plot_likert
from surveykit.plots.multi import plot_multi
from surveykit.plots.save import save_figure
from surveykit.plots.theme import add_footer, report_theme

__all__ = [
    "add_footer",
    "plot_change",
    "plot_coefficients",
    "plot_composition",
    "plot_did",
    "plot_estimates",
    "plot_heatmap",
    "plot_likert",
    "plot_multi",
    "plot_weights",
    "report_theme",
    "save_figure",
]
