"""R's coding of a formula's factors, where formulaic would code them otherwise.

R's ``model.matrix`` codes every term as one product: each factor of the term by its contrasts
when the term without that factor is in the formula (the intercept being the empty term), else
by an indicator of each of its levels. An interaction whose lower-order terms are not all in the
formula (``y ~ x + a:b``, ``y ~ a:b``) therefore gets indicator columns that are collinear with
the intercept or other terms: R reports one coefficient or more as NA (aliased) and parameterises
the others its own way. formulaic instead splits such a term into several products to keep the
matrix of full rank (``b[T.M]`` and ``a[T.mid]:b[F]`` for ``a:b``): the same fit, but another
intercept and other coefficients under a name that reads like R's. Those formulas are refused,
as surveykit refuses collinear terms, with the formulas that mean what R fits.

R also sorts a text column's levels by the locale's collation, so its reference level can differ
from surveykit's code-point order (R's under ``LC_COLLATE=C``); that is warned of.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Sequence
from typing import Any

from surveykit.errors import DataError, SurveykitWarning
from surveykit.estimate.rformula import rename


def refuse_split_terms(spec: Any, formula: str, names: dict[str, str], caller: str) -> None:
    """Raise a DataError when formulaic coded a term of ``formula`` as more than one product of
    its factors (R codes every term as one, with aliased columns where they are collinear).

    ``spec`` is the model spec of formulaic's model matrix (``model_matrix(...).rhs.model_spec``);
    ``names`` maps formulaic's names of rewritten calls to R's (for the message).
    """
    structure = getattr(spec, "structure", None) or []
    split = [str(s.term) for s in structure if len(getattr(s, "scoped_terms", ())) > 1]
    if not split:
        return
    term = rename(split[0], names)
    parts = term.split(":")
    raise DataError(
        f"{caller}: the interaction {term} in {formula!r} comes without its lower-order terms "
        f"({', '.join(parts)}), so R's model.matrix codes its factors by every level, which is "
        "collinear with the intercept or another term: R reports an aliased coefficient "
        "(NA) and gives the others another meaning than a full-rank coding would (another "
        "intercept), and surveykit refuses collinear terms. Write the interaction with its "
        f"lower-order terms ({'*'.join(parts)}), or drop the intercept "
        f"for one coefficient per combination ('0 + {term}' when it is the only term)."
    )


def _collation_key(text: str) -> tuple[str, str]:
    """An approximation of a UTF-8 locale's collation (ICU's root order): letters compared
    without case and accents first ('a' < 'B' < 'b', 'Å' with 'A'), lower case first on ties."""
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return base.casefold(), text.swapcase()


def warn_locale_reference(levels: Sequence[Any], column: str, formula: str, caller: str) -> None:
    """Warn when a text column's reference level (the first in code-point order, as R sorts
    under ``LC_COLLATE=C``) is likely not the one R takes in a UTF-8 locale, whose collation
    sorts case and accents differently ('B' < 'a' by code point, 'a' < 'B' in en_US or C.UTF-8):
    the intercept and every coefficient of the column would compare with another level."""
    if len(levels) < 2 or not all(isinstance(v, str) for v in levels):
        return
    likely = min(levels, key=_collation_key)
    if likely == levels[0]:
        return
    warnings.warn(
        f"{caller}: the text column {column!r} of {formula!r} has levels whose order depends on "
        f"the locale in R: by code point (R under LC_COLLATE=C, and surveykit) the reference level "
        f"is {levels[0]!r}, in a UTF-8 locale (en_US, C.UTF-8) R likely takes {likely!r}, so the "
        "intercept and the column's coefficients would compare with another level. Make the column a "
        "pandas Categorical with the levels in the order you mean (the first is the reference), "
        "e.g. df[col] = pd.Categorical(df[col], [...]), as R's factor(x, levels = ...).",
        SurveykitWarning,
        stacklevel=4,
    )


def _is_logical(factor: Any, data: Any) -> bool:
    """Whether a formula factor is a logical (R codes it as a factor of FALSE, TRUE): a boolean
    column, or ``I(...)`` of a comparison, ``%in%`` or a logical operation."""
    import ast

    import pandas as pd

    expr = str(getattr(factor, "expr", factor))
    if expr in data.columns:
        return bool(pd.api.types.is_bool_dtype(data[expr].dtype))
    try:
        node = ast.parse(expr, mode="eval").body
    except SyntaxError:
        return False
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "I"
            and len(node.args) == 1):
        return False
    arg = node.args[0]
    return (isinstance(arg, ast.Compare | ast.BoolOp)
            or (isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.Not | ast.Invert))
            or (isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.BitAnd | ast.BitOr | ast.BitXor))
            or (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                and arg.func.attr in ("isin", "logical_and", "logical_or", "logical_not", "logical_xor")))


def refuse_logical_indicators(spec: Any, lhs: str, data: Any, width: int, formula: str,
                              names: dict[str, str], caller: str) -> None:
    """Raise a DataError when a logical term of ``formula`` would be coded by R's model.matrix
    by both its levels (``I(x > 4)FALSE``, ``I(x > 4)TRUE``: in a model without an intercept, or
    in an interaction without its other factors' main effect) where surveykit codes it as one
    0/1 column: other coefficients, or another model (``x ~ I(x > 4) + 0`` is R's two domain
    means, the 0/1 column a line through the origin).

    ``spec`` is formulaic's model spec of the right-hand side, ``width`` its number of columns,
    ``data`` the model frame's data. The check refits the model matrix with every logical factor
    as a categorical, which formulaic codes as R codes a factor, and compares the widths.
    """
    import formulaic

    terms = list(getattr(spec, "terms", None) or [])
    logical = {str(f) for t in terms for f in t.factors if _is_logical(f, data)}
    if not logical:
        return
    if "1" in [str(t) for t in terms] and not any(
            len(t.factors) > 1 and any(str(f) in logical for f in t.factors) for t in terms):
        return  # main effects beside the intercept: R's contrast is the 0/1 column
    parts = ["1" if str(t) == "1" else ":".join(f"C({f})" if str(f) in logical else str(f) for f in t.factors)
             for t in terms]
    if "1" not in parts:
        parts.append("0")
    try:
        wide = formulaic.model_matrix(f"{lhs} ~ {' + '.join(parts)}", data, na_action="drop").rhs.shape[1]
    except Exception:  # the check cannot be made; the 0/1 coding stands
        return
    if wide <= width:
        return
    term = rename(sorted(logical)[0], names)
    no_intercept = "1" not in [str(t) for t in terms]
    raise DataError(
        f"{caller}: {term} in {formula!r} is a logical (TRUE/FALSE), which R's model.matrix codes as "
        f"a factor: here, {'without an intercept' if no_intercept else 'in an interaction without its main effects'}, "
        f"by both its levels ({term}FALSE and {term}TRUE), where surveykit codes a logical as one 0/1 "
        "column, which would be another model with other coefficients. Write "
        f"C({term}) for R's coding by both levels, or "
        + ("add the intercept (drop '+ 0' / '- 1')." if no_intercept else "add the interaction's main effects (a*b).")
    )
