"""Post-stratification (R ``postStratify``): weights scaled to known cell totals.

The variance uses the GREG residuals on the post-stratum indicators (R's post-stratified
linearisation), so post-stratified estimates get the smaller, correct standard errors. A
replicate design has every replicate post-stratified to the same totals (R's
``postStratify.svyrep.design``), so the replicates carry the effect.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"sex": ["f", "f", "m"], "y": [1.0, 2.0, 3.0]})
    >>> d = poststratify(Design(df), "sex", {"sex": {"f": 60, "m": 40}})
    >>> d.weights.tolist()
    [30.0, 30.0, 40.0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from surveykit.design import Calibration, Design, segsum
from surveykit.errors import DesignError
from surveykit.weights._margins import margins_of, warn_fewer_than_sampled
from surveykit.weights._replicate import cell_totals, check_cells, reweighted

__all__ = ["poststratify"]


def poststratify(
    design: Design,
    strata: str | Sequence[str],
    population: pd.DataFrame | Mapping,
    *,
    count: str = "Freq",
) -> Design:
    """Scale the weights within each post-stratum to its population total.

    ``population``: a DataFrame with the ``strata`` columns and a ``count`` column, or for a
    single variable ``{level: total}`` or ``{variable: {level: total}}`` (the same numbers,
    as R's ``postStratify`` with a table of the levels and their ``Freq``). A total must be a
    finite number >= 0; a post-stratum of total 0 that has respondents (with a positive
    weight) is refused, as R refuses it: they would get weight 0, and the estimates would
    describe a population without them (drop them first with ``design.subset()``).
    """
    cols = [strata] if isinstance(strata, str) else list(strata)
    if isinstance(population, Mapping) and not isinstance(population, pd.DataFrame):
        nested = [isinstance(v, Mapping) for v in population.values()]
        if population and not any(nested):  # {level: total}
            if len(cols) != 1:
                raise DesignError(
                    f"poststratify: {{level: total}} is for one variable, strata are {cols}. "
                    "For several strata pass a DataFrame with one row per cell and a "
                    f"{count!r} column."
                )
            population = {cols[0]: dict(population)}
        elif not all(nested):
            raise DesignError(
                "poststratify: population mixes totals and {level: total} tables; give "
                f"{{level: total}} for {cols[0]!r} or {{{cols[0]!r}: {{level: total}}}}."
            )
        if set(population) != set(cols):
            raise DesignError(
                f"poststratify: population given for {list(population)}, strata are {cols}. "
                "For several strata pass a DataFrame with one row per cell."
            )
    elif isinstance(population, pd.DataFrame):
        extra = set(population.columns) - {*cols, count}
        if extra:
            raise DesignError(
                f"poststratify: population table has columns {sorted(extra)} beyond the strata "
                f"{cols} and the count column {count!r}."
            )
    (m,) = margins_of(design, [population], count=count, what="poststratify")
    warn_fewer_than_sampled(float(m.target.sum()), design, "poststratify", " x ".join(m.columns))
    w = design.weights
    have = segsum(m.cell, len(m.target), w)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(have > 0, m.target / have, 0.0)
    new_w = np.where(m.cell >= 0, w * factor[np.maximum(m.cell, 0)], 0.0)
    if design.replicates is not None:
        have_r = cell_totals(design, m.cell, len(m.target))
        check_cells(have_r, m.target, [" x ".join(k) for k in m.labels], "poststratify")
        with np.errstate(divide="ignore", invalid="ignore"):
            factor_r = np.where(have_r > 0, m.target[:, None] / have_r, 0.0)
        return design.with_weights(new_w, replicates=reweighted(design, m.cell, factor_r))
    table = np.vstack([np.eye(len(m.target)), np.zeros((1, len(m.target)))])
    code = np.where(m.cell >= 0, m.cell, len(m.target))  # rows in no cell: zeros
    return design.with_weights(new_w, Calibration.build_factor(code, table, w, new_w))
