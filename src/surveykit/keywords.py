"""A keyword a function does not take, refused with the one the caller likely meant.

Shared by :class:`surveykit.design.Design` (R's ``id=``, ``weight=``) and the estimators of the
public API (``levle=0.9``, R's ``level=``, ``quantiles=``): one message, "did you mean ...?"; also
R survey's arguments and functions surveykit lacks, with what to do instead.

Example:
    >>> keyword_meant("levle", ["design", "variables", "conf_level"], {})
    'conf_level'
    >>> keyword_meant("quantiles", ["design", "variables", "q"], {"quantiles": "q"})
    'q'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["KEYWORDS_CHECKED", "R_FUNCTIONS", "R_NAMES", "R_UNSUPPORTED", "keyword_meant", "keywords_checked",
           "r_function_missing", "refuse_keyword"]


def keyword_meant(given: str, params: Sequence[str], r_names: Mapping[str, str]) -> str | None:
    """The parameter ``given`` most likely means: R's name for it (``r_names``) when that is a
    parameter, else the closest by spelling (a parameter or its last part, ``levle`` ->
    ``conf_level``), or None when none is close."""
    if r_names.get(given) in params:
        return r_names[given]

    def likeness(p: str) -> float:
        return max(difflib.SequenceMatcher(None, given, part).ratio() for part in (p, p.rsplit("_", 1)[-1]))

    best = max(params, key=likeness, default=None)
    return best if best is not None and likeness(best) >= 0.6 else None


def refuse_keyword(caller: str, given: str, params: Sequence[str], r_names: Mapping[str, str],
                   error: type[Exception]) -> None:
    """Raise ``error`` saying ``caller`` takes no ``given=``, the one meant and the ones it takes."""
    meant = keyword_meant(given, params, r_names)
    hint = f"did you mean {meant}=? " if meant else ""
    raise error(f"{caller}: takes no argument {given}=; {hint}Its arguments: {', '.join(params)}.")


#: estimators and tables whose keyword slips (levle=0.9, R's level=0.95 or quantiles=) are
#: named with the keyword meant, as a surveykit error rather than Python's bare TypeError
KEYWORDS_CHECKED = {
    "mean", "total", "proportion", "quantile", "ratio", "compare", "change", "did", "contrast",
    "chisq", "regress", "olr", "topbox", "score", "with_scores", "with_topbox", "cronbach_alpha",
    "item_rest", "table", "crosstab", "rake", "poststratify", "calibrate", "trim_weights",
    "var", "ttest", "regterm_test",
}
#: R's names of arguments (svyciprop, confint: level; svyquantile: quantiles) -> ours
R_NAMES = {"level": "conf_level", "quantiles": "q", "probs": "q",
            "quantile": "q", "na.rm": "na_rm", "pop": "population", "formula": "formula_or_margins",
            "test_terms": "terms"}
#: R's arguments of survey functions surveykit has no counterpart for -> what to do instead
R_UNSUPPORTED = {
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
    "null": "R's null= (coefficients tested against values other than 0) is not supported: the test is "
            "that the terms' coefficients are 0.",
    "lrt_approximation": "R's method = 'LRT' is not supported, nor its lrt.approximation=; the test is R's "
                         "default Wald F.",
    "deff": "every result has a deff column (R's deff = 'replace') and n_eff; nothing to ask for.",
}


def keywords_checked(fun: Any, name: str) -> Any:
    """``fun`` refusing a keyword it does not take with a DataError naming the one meant."""
    import functools
    import inspect

    from surveykit.errors import DataError

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
        if unknown and unknown[0].replace(".", "_") in R_UNSUPPORTED:
            raise DataError(f"{name}: takes no argument {unknown[0]}=: {R_UNSUPPORTED[unknown[0].replace('.', '_')]}")
        if unknown:
            refuse_keyword(name, unknown[0], [p for p in params if p != "design"], R_NAMES, DataError)
        return fun(*args, **kwargs)

    return checked


#: R survey's functions -> surveykit's (a str), or what surveykit lacks (a sentence, ending in '.')
R_FUNCTIONS = {
    "svydesign": "sk.Design", "svrepdesign": "sk.Design(repweights=...)", "as_svrepdesign": "Design.to_replicate",
    "svymean": "sk.mean", "svytotal": "sk.total", "svyquantile": "sk.quantile", "svyratio": "sk.ratio",
    "svyciprop": "sk.proportion", "svyttest": "sk.compare (two groups) and sk.ttest (one sample: x ~ 0)", "svychisq": "sk.chisq", "svyglm": "sk.regress",
    "svyolr": "sk.olr", "svycontrast": "sk.contrast", "svyby": "the by= argument of every estimator",
    "postStratify": "sk.poststratify", "trimWeights": "sk.trim_weights", "svytable": "sk.crosstab",
    "svyvar": "sk.var", "regTermTest": "sk.regterm_test",
    "svykm": "not in surveykit (survival curves).", "svycoxph": "not in surveykit (Cox models).",
    "svysmooth": "not in surveykit (smoothers).", "twophase": "not in surveykit (two-phase designs).",
    "svyloglin": "not in surveykit (loglinear models); chisq tests a two-way table.",
    "svyranktest": "not in surveykit (rank tests).", "svystandardize": "not in surveykit (standardisation).",
    "svyprcomp": "not in surveykit (principal components).", "svycdf": "not in surveykit (distribution functions).",
}


def r_function_missing(name: str) -> str:
    """': R survey's svymean is in surveykit sk.mean ...' for an attribute of surveykit that is
    R survey's function name, else ''.

    Example:
        >>> r_function_missing("svyby")
        ": R survey's svyby is in surveykit the by= argument of every estimator (the README's Python API)."
    """
    meant = R_FUNCTIONS.get(name)
    if meant is None:
        return ""
    return f": R survey's {name} is " + (meant if meant.endswith(".") else f"in surveykit {meant} (the README's Python API).")
