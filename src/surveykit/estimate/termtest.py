"""The Wald test of one or more terms of a design-based regression (R ``regTermTest``, survey 4.1).

R's default, followed exactly: the coefficients ``b`` of the terms, their covariance ``V``
(the model's sandwich or replicate covariance), ``chisq = b' V⁻¹ b`` and
``F = chisq / p`` on ``p`` (the coefficients tested) and the model's residual df (R's
``model$df.residual``: ``degf + 1 -`` the coefficients), ``p = P(F(p, df) > F)``. R's
``method = "LRT"`` and ``"WorkingWald"`` (the Rao–Scott-type sums of chi-squares) are not here,
and are refused; ``df=`` as R's (``float("inf")``: the chi-square form).

Example:
    >>> regterm_test(design, "api00 ~ ell + meals + stype", "stype")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import DataError
from surveykit.estimate._dist import chi2_sf, f_sf
from surveykit.estimate.regress import fit_glm
from surveykit.estimate.schema import result_frame

__all__ = ["regterm_test"]


def wald_f(coef: np.ndarray, cov: np.ndarray, df_residual: float) -> tuple[float, float]:
    """R's ``regTermTest`` Wald F of coefficients ``coef`` (q,) with covariance ``cov`` (q, q):
    ``F = coef' cov⁻¹ coef / q`` and its p-value on (q, ``df_residual``) df (NaN without df;
    ``df_residual=inf``: R's chi-square test of ``q F`` on q df, the same p-value).

    Example:
        >>> f, p = wald_f(np.array([2.0]), np.array([[1.0]]), 10)
        >>> f, round(p, 4)
        (4.0, 0.0734)
    """
    q = len(coef)
    chisq = float(coef @ np.linalg.solve(cov, coef))
    if df_residual == np.inf:  # R's chi-square form: P(chisq(q) > q F), F(q, inf)'s tail
        return chisq / q, float(chi2_sf(chisq, q))
    return chisq / q, float(f_sf(chisq / q, q, df_residual)) if df_residual > 0 else np.nan


def _top_split(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def formula_terms(design: Any, formula: str) -> list[list[str]]:
    """The terms of ``formula``'s right-hand side, each as its factors named as the model's
    coefficients name them (R's names: ``sch.wide``, ``I(x^2)``), the intercept left out."""
    import formulaic

    from surveykit.estimate.rformula import rename, translate

    rf = translate(formula, design.data.columns, "regterm_test")
    rhs = formulaic.Formula(rf.formula).rhs
    return [[rename(str(f), rf.names) for f in t.factors] for t in rhs if str(t) != "1"]


def term_of(coefficient: str, terms: list[list[str]]) -> int:
    """The index of the term ``coefficient`` (not the intercept) belongs to: its name is the
    term's factors in order, each followed by its level or column in brackets (``stype[T.H]``,
    ``poly(x, 2)[1]``), joined by ``:``; a DataError unless exactly one term matches.

    Example:
        >>> term_of("ell:stype[T.H]", [["ell"], ["stype"], ["ell", "stype"]])
        2
    """
    import re

    hits = [i for i, factors in enumerate(terms)
            if re.fullmatch(":".join(re.escape(f) + r"(\[.*\])?" for f in factors), coefficient, flags=re.S)]
    if len(hits) != 1:  # never guessed: a test of the wrong coefficients would look right
        raise DataError(f"regterm_test: cannot tell which term of the formula the coefficient {coefficient!r} "
                        f"belongs to ({len(hits)} match); rename the levels or columns whose names hold "
                        "':' or brackets, then test again.")
    return hits[0]


def _canonical(term: str) -> str:
    return ":".join(sorted(p.strip() for p in _top_split(term.strip(), ":")))


def regterm_test(
    design: Any,
    formula: str,
    terms: str | Sequence[str] | None = None,
    *,
    family: str = "gaussian",
    method: str = "Wald",
    df: Any = None,
) -> pd.DataFrame:
    """Wald F test that the coefficients of ``terms`` of ``regress(design, formula, family=)`` are all 0.

    ``terms`` are term labels of the formula as R names them (``"stype"``, ``"ell:stype"``,
    ``["ell", "meals"]``; R's ``~stype + ell:stype`` as the text ``"stype + ell:stype"``). One
    row: ``variable`` the terms (``" + "``-joined), ``contrast`` the response, ``statistic``
    F, ``df_num`` the coefficients tested, ``df`` the model's residual df (or ``df=``: R's
    ``df``; ``float("inf")`` is R's chi-square test, ``df_num`` times ``statistic``, with the
    same p-value), ``p_value``; no
    estimate. ``n`` is the model's respondents, ``deff`` the tested coefficients' mean design
    effect; a model resting on fewer than ``min_cell`` is suppressed.

    Example:
        >>> regterm_test(design, "api00 ~ ell * stype + meals", ["stype", "ell:stype"])  # doctest: +SKIP
    """
    if isinstance(design, pd.DataFrame) or terms is None:  # R's regTermTest(model, ~g) ported as it is
        raise DataError(
            "regterm_test: takes the design, the model's formula and the terms, and fits the model itself (as "
            "regress does): sk.regterm_test(design, 'api00 ~ ell + stype', 'stype'). A result of regress() "
            "holds no covariance of its coefficients, which the test needs."
        )
    if method != "Wald":
        raise DataError(
            f"regterm_test: method={method!r} is not available; only R's default 'Wald' (an F test on the "
            "model's residual df) is. R's 'LRT' and 'WorkingWald' (sums of chi-squares) are not in surveykit."
        )
    if df is not None and (isinstance(df, bool) or not isinstance(df, int | float | np.integer | np.floating)
                           or not df > 0):
        raise DataError(
            f"regterm_test: df={df!r} is not a number of degrees of freedom above 0; leave it out for the "
            "model's residual df (R's default), or give a number, or float('inf') (R's df = Inf: chi-square)."
        )
    if isinstance(terms, str):
        terms = _top_split(terms.lstrip().lstrip("~"), "+")
    wanted = [t.strip() for t in terms]
    if not wanted or any(not isinstance(t, str) or not t for t in wanted):
        raise DataError(f"regterm_test: terms={terms!r}: give the formula's terms by name, e.g. 'stype' or "
                        "['ell', 'meals'].")
    fit = fit_glm(design, formula, family=family)
    model_terms = formula_terms(design, formula)
    labels = [None if c == "Intercept" else term_of(c, model_terms) for c in fit.terms]
    labels = [None if i is None else ":".join(sorted(model_terms[i])) for i in labels]
    have = list(dict.fromkeys(x for x in labels if x is not None))
    missing = [t for t in wanted if _canonical(t) not in have]
    if missing:
        raise DataError(
            f"regterm_test: {missing} are not terms of {formula!r} (R: 'Terms didn't match'); its terms are "
            f"{have}. Name them as in the formula (a factor: 'stype', its interaction: 'ell:stype')."
        )
    want = {_canonical(t) for t in wanted}
    index = np.array([i for i, x in enumerate(labels) if x in want])
    p = len(index)
    ddf = float(fit.df_residual if df is None else df)
    try:
        f, pval = wald_f(fit.coef[index], fit.vcov[np.ix_(index, index)], ddf)
    except np.linalg.LinAlgError:
        f = None
    if f is None:
        raise DataError(f"regterm_test: the covariance of the coefficients of {wanted} is singular (R's solve() "
                        "stops too); no Wald test of them. Test fewer terms, or merge levels.")
    hide = fit.n < design.min_cell
    deff = float(np.mean(fit.deff[index]))  # the tested coefficients' mean design effect
    return result_frame(
        {
            "variable": [" + ".join(wanted)], "level": [None], "n": [fit.n], "df": [ddf],
            "deff": [deff], "n_eff": [fit.n / deff],
            "suppressed": [hide], "contrast": [fit.response],
            "statistic": [np.nan if hide else f], "df_num": [float(p)],
            "p_value": [np.nan if hide else pval], "p_adjusted": [np.nan if hide else pval],
        },
        contrast=True,
    )
