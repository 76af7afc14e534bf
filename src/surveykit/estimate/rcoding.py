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
