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
"""

from __future__ import annotations

from typing import Any

from surveykit.errors import DataError
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
