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
    "ratio": "surveykit.estimate.ratio", "compare": "surveykit.estimate.compare",
    "change": "surveykit.estimate.compare", "did": "surveykit.estimate.compare",
    "contrast": "surveykit.estimate.contrast", "chisq": "surveykit.estimate.chisq",
    "regress": "surveykit.estimate.regress", "olr": "surveykit.estimate.ordinal", "p_adjust": "surveykit.estimate.adjust",
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


#: estimators and tables whose keyword slips (levle=0.9, R's level=0.95 or quantiles=) are
#: named with the keyword meant, as a surveykit error rather than Python's bare TypeError
_KEYWORDS_CHECKED = {
    "mean", "total", "proportion", "quantile", "ratio", "compare", "change", "did", "contrast",
    "chisq", "regress", "olr", "topbox", "score", "with_scores", "with_topbox", "cronbach_alpha",
    "item_rest", "table", "crosstab",
}
#: R's names of arguments (svyciprop, confint: level; svyquantile: quantiles) -> ours
_R_NAMES = {"level": "conf_level", "alpha": "conf_level", "quantiles": "q", "probs": "q",
            "quantile": "q", "na.rm": "na_rm"}


def _keywords_checked(fun: Any, name: str) -> Any:
    """``fun`` refusing a keyword it does not take with a DataError naming the one meant."""
    import functools
    import inspect

    from surveykit.keywords import refuse_keyword

    params = inspect.signature(fun).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fun

    @functools.wraps(fun)
    def checked(*args: Any, **kwargs: Any) -> Any:
        unknown = [k for k in kwargs if k not in params]
        if unknown:
            refuse_keyword(name, unknown[0], [p for p in params if p != "design"], _R_NAMES, DataError)
        return fun(*args, **kwargs)

    return checked


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        if name in _KEYWORDS_CHECKED:
            value = _keywords_checked(value, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'surveykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
