"""surveykit: design-based analysis of citizen surveys, from raw exports to report figures.

Example:
    >>> import surveykit as sk
    >>> study = sk.load_study()                                  # doctest: +SKIP
    >>> sk.mean(study.design(), ["age"], by=["wave"])            # doctest: +SKIP

Public names are imported lazily (plots load matplotlib only when first used).
"""

from __future__ import annotations

import importlib
from typing import Any

from surveykit.errors import (
    ConfigError,
    ConvergenceWarning,
    DataError,
    DesignError,
    ReadError,
    SurveykitError,
    SurveykitWarning,
    ValidationError,
)

__version__ = "0.1.0"

_LAZY = {
    # study and pipeline
    "load_study": "surveykit.study", "Study": "surveykit.study", "build": "surveykit.report.build",
    "read_export": "surveykit.io", "detect_format": "surveykit.io", "read_csv": "surveykit.io",
    "read_xlsx": "surveykit.io", "read_sav": "surveykit.io", "split_multi": "surveykit.io",
    "RawExport": "surveykit.io", "is_nonsubstantive": "surveykit.nonsubstantive",
    "Presentation": "surveykit.presentation", "read_responses": "surveykit.processed",
    # design and weighting
    "Design": "surveykit.design", "rake": "surveykit.weights", "poststratify": "surveykit.weights",
    "calibrate": "surveykit.weights", "trim_weights": "surveykit.weights",
    "weight_summary": "surveykit.weights", "kish_n_eff": "surveykit.design",
    "vcov": "surveykit.design",
    # estimators
    "mean": "surveykit.estimate.means", "total": "surveykit.estimate.means",
    "proportion": "surveykit.estimate.proportion", "quantile": "surveykit.estimate.quantile",
    "ratio": "surveykit.estimate.ratio", "var": "surveykit.estimate.covariance",
    "compare": "surveykit.estimate.compare", "ttest": "surveykit.estimate.ttest",
    "change": "surveykit.estimate.compare", "did": "surveykit.estimate.compare",
    "contrast": "surveykit.estimate.contrast", "chisq": "surveykit.estimate.chisq",
    "regress": "surveykit.estimate.regress", "regterm_test": "surveykit.estimate.termtest",
    "olr": "surveykit.estimate.ordinal", "p_adjust": "surveykit.estimate.adjust",
    "topbox": "surveykit.estimate.likert", "score": "surveykit.estimate.likert",
    "with_scores": "surveykit.estimate.scoring", "with_topbox": "surveykit.estimate.scoring",
    "cronbach_alpha": "surveykit.estimate.reliability", "item_rest": "surveykit.estimate.reliability",
    # publication tables
    "table": "surveykit.tables", "crosstab": "surveykit.tables", "Table": "surveykit.tables",
    # figures
    "plot_likert": "surveykit.plots", "plot_estimates": "surveykit.plots", "plot_change": "surveykit.plots",
    "plot_did": "surveykit.plots", "plot_heatmap": "surveykit.plots", "plot_composition": "surveykit.plots",
    "plot_weights": "surveykit.plots", "plot_multi": "surveykit.plots", "plot_coefficients": "surveykit.plots",
}

__all__ = [
    "ConfigError",
    "ConvergenceWarning",
    "DataError",
    "DesignError",
    "ReadError",
    "SurveykitError",
    "SurveykitWarning",
    "ValidationError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from surveykit.keywords import KEYWORDS_CHECKED, keywords_checked

        value = getattr(importlib.import_module(_LAZY[name]), name)
        if name in KEYWORDS_CHECKED:
            value = keywords_checked(value, name)
        globals()[name] = value
        return value
    from surveykit.keywords import r_function_missing

    raise AttributeError(f"module 'surveykit' has no attribute {name!r}{r_function_missing(name)}")


def __dir__() -> list[str]:
    return sorted(__all__)
