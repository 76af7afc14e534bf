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
    "item_rest", "table", "crosstab", "rake", "poststratify", "calibrate", "trim_weights",
}
#: R's names of arguments (svyciprop, confint: level; svyquantile: quantiles) -> ours
_R_NAMES = {"level": "conf_level", "quantiles": "q", "probs": "q",
            "quantile": "q", "na.rm": "na_rm", "pop": "population", "formula": "formula_or_margins"}
#: R's arguments of survey functions surveykit has no counterpart for -> what to do instead
_R_UNSUPPORTED = {
    "variance": "R's heteroscedastic calibration (variance=) is not supported; the GREG here has "
                "constant variance (R's default). For the ratio estimator R's help page makes with "
                "variance = 1, use sk.ratio(design, y, x) and multiply by the known total of x.",
    "aggregate": "R's aggregate= (weights equal within a cluster) is not supported; calibrate as it is.",
    "aggregate_index": "R's aggregate.index= (weights equal within a cluster) is not supported; calibrate as it is.",
    "trim": "R's trim= is not supported; bound the g-weights with bounds=(L, U), or trim afterwards with "
            "sk.trim_weights(design, lower, upper, relative=False).",
    "bounds_const": "bounds on the weights themselves (R's bounds.const = TRUE) are not supported; bounds=(L, U) "
                    "bounds the g-weights (final / initial weight).",
    "control": "give R's control = list(maxit =, epsilon =) as maxit= and epsilon= (epsilon relative, see the README).",
    "partial": "R's partial= is not supported: every post-stratum needs its population count.",
    "deff": "every result has a deff column (R's deff = 'replace') and n_eff; nothing to ask for.",
}


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
        if unknown and unknown[0] == "alpha":  # R's alpha = 1 - the level: not conf_level as it is
            a = kwargs["alpha"]
            level = f"conf_level={1 - a:g}" if isinstance(a, float | int) and 0 < a < 1 else "conf_level=1 - alpha"
            raise DataError(f"{name}: takes no argument alpha=; R's alpha is 1 minus the confidence level: give {level}.")
        if unknown and unknown[0].replace(".", "_") in _R_UNSUPPORTED:
            raise DataError(f"{name}: takes no argument {unknown[0]}=: {_R_UNSUPPORTED[unknown[0].replace('.', '_')]}")
        if unknown:
            refuse_keyword(name, unknown[0], [p for p in params if p != "design"], _R_NAMES, DataError)
        return fun(*args, **kwargs)

    return checked


#: R survey's functions -> surveykit's (a str), or what surveykit lacks (a sentence, ending in '.')
_R_FUNCTIONS = {
    "svydesign": "sk.Design", "svrepdesign": "sk.Design(repweights=...)", "as_svrepdesign": "Design.to_replicate",
    "svymean": "sk.mean", "svytotal": "sk.total", "svyquantile": "sk.quantile", "svyratio": "sk.ratio",
    "svyciprop": "sk.proportion", "svyttest": "sk.compare", "svychisq": "sk.chisq", "svyglm": "sk.regress",
    "svyolr": "sk.olr", "svycontrast": "sk.contrast", "svyby": "the by= argument of every estimator",
    "postStratify": "sk.poststratify", "trimWeights": "sk.trim_weights", "svytable": "sk.crosstab",
    "svyvar": "not in surveykit (variances and covariances of variables).",
    "svykm": "not in surveykit (survival curves).", "svycoxph": "not in surveykit (Cox models).",
    "svysmooth": "not in surveykit (smoothers).", "twophase": "not in surveykit (two-phase designs).",
    "svyloglin": "not in surveykit (loglinear models); chisq tests a two-way table.",
    "svyranktest": "not in surveykit (rank tests).", "svystandardize": "not in surveykit (standardisation).",
    "svyprcomp": "not in surveykit (principal components).", "svycdf": "not in surveykit (distribution functions).",
    "regTermTest": "not in surveykit (Wald tests of several terms).",
}


def __getattr__(name: str) -> Any:
    if name in _R_FUNCTIONS:
        meant = _R_FUNCTIONS[name]
        raise AttributeError(f"module 'surveykit' has no attribute {name!r}: R survey's {name} is "
                             + (meant if meant.endswith(".") else f"in surveykit {meant} (the README's Python API)."))
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        if name in _KEYWORDS_CHECKED:
            value = _keywords_checked(value, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'surveykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
