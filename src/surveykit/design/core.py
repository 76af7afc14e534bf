"""The survey design: data plus the roles of its columns (weights, strata, clusters, fpc).

A :class:`Design` is immutable. Domains are made with :meth:`Design.subset` (weights become
zero outside the domain, every PSU stays for the variance); weighting steps return a new design
through :meth:`Design.with_weights`. The variance structure (stages, strata, PSU counts, finite
population corrections) is computed once here and used by :func:`surveykit.design.vcov`.
Semantics follow R's ``svydesign()`` (survey 4.1): PSU counts per stratum are fixed at design
time, later-stage units are nested in earlier ones, and later stages add variance only when an
fpc is given (otherwise the ultimate-cluster approximation).

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "s": ["a", "a", "b", "b"], "w": [2.0, 2, 3, 3]})
    >>> d = Design(df, weights="w", strata="s")
    >>> d.n, d.degf
    (4, 2)
"""

from __future__ import annotations

import copy
import itertools
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit._rows import where
from surveykit.design.calibration import Calibration
from surveykit.design.frames import as_design_frame, normalised_columns
from surveykit.design.kernels import codes_of, segsum, sorted_levels, warn_spaced_twins
from surveykit.errors import DesignError, SurveykitWarning

__all__ = ["LONELY_PSU", "Design", "Stage", "group_degf"]

LONELY_PSU = ("fail", "adjust", "remove", "certainty")
_CERTAIN = 1e-7  # R: a stratum whose every f < 1e-7 is self-representing


@dataclass(frozen=True, eq=False)
class Stage:
    """Variance structure of one sampling stage (internal)."""

    unit: np.ndarray  # (n,) code of the sampling unit of each row, 0..n_units-1
    n_units: int
    unit_stratum: np.ndarray  # (n_units,) stratum code of each unit
    npsu: np.ndarray  # (n_strata,) design number of units in each stratum
    scale: np.ndarray  # (n_strata,) variance multiplier (fpc, n/(n-1), earlier fractions)
    centre: np.ndarray  # (n_strata,) False only for lonely units under lonely_psu="adjust"
    popsize: np.ndarray | None = None  # (n_strata,) population size of units (with an fpc)

    @property
    def n_strata(self) -> int:
        return len(self.npsu)


def _copy_on_write() -> bool:
    """True when pandas copies a frame's data lazily (Copy-on-Write): always from pandas 3,
    with ``pd.options.mode.copy_on_write = True`` before."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return pd.get_option("mode.copy_on_write") is True  # pragma: no cover (pandas < 3)


def _own_copy(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` that later changes to ``df`` (or to the copy) do not reach: a shallow copy
    under Copy-on-Write, which shares the columns until either side writes (free: about 50 µs
    at 1M rows x 100 columns), otherwise a deep copy (0.7-2.2 s and the data's size again at
    1M x 100 float columns)."""
    return df.copy(deep=not _copy_on_write())


#: R's svydesign argument names (and slips) -> Design's
_R_DESIGN_NAMES = {"id": "ids", "cluster": "ids", "clusters": "ids", "psu": "ids",
                   "weight": "weights", "prob": "probs", "data": "df", "stratum": "strata",
                   "repweight": "repweights", "type": "replicate_type",
                   "combined.weights": "combined_weights"}


#: R's svydesign arguments for what Design lacks -> what to do instead
_R_DESIGN_LACKING = {
    "pps": "PPS sampling without replacement (R's pps = 'brewer', 'overton', HR(), ppsmat()) is not supported; "
           "the with-replacement approximation is Design(df, ids=1, probs='p') (R's svydesign(id = ~1, "
           "probs = ~p)), without the finite population correction (a larger variance).",
    "variance": "R's variance = 'YG' (Yates-Grundy, for pps designs) is not supported.",
    "variables": "a Design keeps every column of df; select the columns first (df[[...]]).",
    "dbtype": "database-backed designs are not supported; read the table into a DataFrame first.",
    "dbname": "database-backed designs are not supported; read the table into a DataFrame first.",
}


def _refuse_unknown_keyword(name: str) -> None:
    """A keyword Design does not take (weight=, R's id=): a DesignError naming the one meant."""
    import inspect

    from surveykit.keywords import refuse_keyword

    if name in _R_DESIGN_LACKING:
        raise DesignError(f"Design: takes no argument {name}=: {_R_DESIGN_LACKING[name]}")
    params = [p for p in inspect.signature(Design.__init__).parameters if p not in ("self", "unknown")]
    refuse_keyword("Design", name, params, _R_DESIGN_NAMES, DesignError)


def _refuse_values_for_names(role: str, given, df: pd.DataFrame) -> None:
    """A design role takes column names: refuse values (a Series, an array) and R's formula
    notation ('~pw') with the name to give, rather than a list of the values as unknown names."""
    if isinstance(given, pd.Series | pd.Index | np.ndarray | pd.DataFrame):
        name = getattr(given, "name", None)
        hint = (f"{role}={name!r}" if isinstance(name, str) and name in df.columns
                else f"df = df.assign(my_{role}=values), then {role}='my_{role}'")
        raise DesignError(
            f"Design: {role}= takes the name of a column of the data, got {len(given)} values "
            f"({type(given).__name__}). Give the name: {hint}."
        )
    for c in [given] if isinstance(given, str) else []:
        if c.startswith("~") and c not in df.columns:
            plain = c.lstrip("~").strip()
            hint = f"{role}=None (every row its own PSU)" if plain == "1" else f"{role}={plain!r}"
            raise DesignError(
                f"Design: {role}={c!r} is R's formula notation; surveykit takes the column's "
                f"name: {hint}."
            )


def _as_list(x: str | Sequence[str] | None) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)



#: Positive weights outside this range make variances wrong without an error: the squares of
#: weights of 1e-300 underflow to 0 (a standard error of 0 that looks real), those of 1e+200
#: overflow (NaN). No survey weight is near either bound.
WEIGHT_RANGE = (1e-60, 1e60)


def _check_weight_range(w: np.ndarray, what: str) -> None:
    """Refuse positive weights whose squares would under- or overflow in the variances.

    >>> _check_weight_range(np.array([0.0, 1.5, 2e3]), "Design: weights")
    """
    positive = w[w > 0]
    if not len(positive):
        return
    low, high = float(positive.min()), float(positive.max())
    if low < WEIGHT_RANGE[0] or high > WEIGHT_RANGE[1]:
        bad = low if low < WEIGHT_RANGE[0] else high
        row = int(np.flatnonzero(w == bad)[0])
        raise DesignError(
            f"{what} has a weight of {bad:.3g} (row {row}); weights outside "
            f"{WEIGHT_RANGE[0]:g}..{WEIGHT_RANGE[1]:g} make the variances under- or overflow "
            "(a standard error of 0 or NaN). Rescale the weights, e.g. divide them by their mean: "
            "means and shares do not change, totals scale with the weights."
        )


_WEIGHT_WORDS = re.compile(r"weight|vekt|vikt|v[æa]e?gt|(^|[^a-z])(wgt|wght|wt|pw)([^a-z]|$)")


def _warn_weight_columns_unused(df: pd.DataFrame) -> None:
    """Warn of an unweighted design (no weights, probs or fpc) on data with a column named as
    weights are (weight, vekt, vikt, vægt, wgt, wt, pw, finalWeight, ...) holding positive numbers
    that differ: R's svydesign warns of every design without weights ("assuming equal
    probability"); surveykit only where the data seems to hold them, as then every estimate is
    unweighted while it looks weighted.

    >>> _warn_weight_columns_unused(pd.DataFrame({"y": [1.0, 2.0], "bwt": [3.1, 2.9]}))
    """
    found = []
    for name in df.columns:
        column = df[name]
        if not (isinstance(name, str) and _WEIGHT_WORDS.search(name.lower())
                and pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)):
            continue
        values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if np.isfinite(values).all() and (values > 0).all() and values.min() < values.max():
            found.append(name)
    if found:
        warnings.warn(
            f"Design: no weights= (nor probs= or fpc=) was given, so every row has weight 1, but the data has "
            f"{'a column' if len(found) == 1 else 'columns'} {', '.join(map(repr, found[:5]))} named as weights are "
            f"and holding positive numbers that differ. If {'it holds' if len(found) == 1 else 'one holds'} the "
            f"weights, pass weights={found[0]!r}: unweighted, every estimate describes the sample, not the "
            "population (R's svydesign warns of every design without weights).",
            SurveykitWarning, stacklevel=4,
        )


def _refuse_mixed_types(column: pd.Series, role: str) -> None:
    """Refuse strata or ids that mix numbers and text: 401 and "401" would be two strata or
    PSUs (a spreadsheet export gives such columns), and the standard errors wrong.

    >>> _refuse_mixed_types(pd.Series([1, 2, 2]), "ids")
    """
    values = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else column
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "string":   # "E" and "E ": two strata, as in R; warned of
        warn_spaced_twins(pd.unique(column.dropna()).tolist(), column.name, f"Design: {role}")   # values that occur
    if values.dtype != object or kind not in ("mixed", "mixed-integer"):
        return
    what = "PSUs" if role == "ids" else "strata"
    sorted_levels(pd.unique(values.dropna()).tolist(), column.name, f"Design: {role}",
                  f"so the same value written as a number and as text (401 and '401') would be two "
                  f"{what}, and the standard errors wrong")


def _refuse_duplicate_labels(index: pd.Index) -> None:
    """Refuse data whose index labels repeat (two waves concatenated without ignore_index): a
    Series mask or column is matched to the rows by label, and repeated labels cannot say
    which row a value belongs to (pandas then aligns by position, or fails).

    >>> _refuse_duplicate_labels(pd.RangeIndex(3))
    """
    if index.is_unique:
        return
    dup = index.duplicated(keep=False)
    label = index[dup][0]
    rows = list(itertools.islice((int(i) for i in np.flatnonzero(dup) if index[i] == label), 2))
    shown = label.item() if isinstance(label, np.generic) else label
    raise DesignError(
        f"Design: the data's index has repeated labels ({int(index.duplicated().sum())} rows repeat "
        f"an earlier label; label {shown!r} is on rows {int(rows[0])} and {int(rows[1])}), as "
        "pd.concat of two waves without ignore_index=True gives. A mask or column given as a "
        "Series is matched to the rows by its labels, which cannot tell those rows apart, so it "
        "could select or give values to the wrong rows. Number the rows afresh first: "
        "df = df.reset_index(drop=True) (or pd.concat([...], ignore_index=True))."
    )


class Design:
    """An immutable survey design: R's ``svydesign`` (data, weights, strata, clusters, fpc) or
    ``svrepdesign`` (data, full-sample weights, replicate weights).

    The design holds its own copy of ``df``: sorting, changing or dropping rows of the caller's
    frame afterwards changes none of its estimates (as R's ``svydesign`` copies its data). With
    pandas' Copy-on-Write (always from pandas 3, which surveykit requires) the copy shares the
    columns until either side writes to them, so it costs no memory and about 50 µs at 1M rows
    x 100 columns; without it (pandas < 3, option off) it would be a deep copy (0.7-2.2 s and
    the data's size again at that shape).

    Args:
        df: the data (never mutated; the design keeps its own copy).
        weights: column of sampling weights; or ``probs`` (column(s) of inclusion
            probabilities, multiplied); with neither, weights follow from ``fpc`` or are 1.
        strata: column, or list of columns whose combination is the stratum (R's
            ``strata=~interaction(a, b)``; R's ``strata=~a+b`` gives each stage its own strata
            instead, so a list is refused with more than one stage of ``ids``).
        ids: cluster column per stage (``None`` or ``"1"``: each row is its own PSU).
        fpc: per stage, population sizes (>1) or sampling fractions (<=1); numbers (a column
            of text is refused, as weights as text are).
        nest: PSU ids are unique only within strata.
        lonely_psu: what a stratum with one PSU does: "fail", "adjust", "remove", "certainty".
            ``nest`` and ``lonely_psu`` are refused with ``repweights`` (no strata or clusters).
        min_cell: estimates resting on fewer respondents are suppressed.
        repweights: replicate weight columns, a regular expression (``"^PWGTP[0-9]+$"``) or a
            list; with it the design is a replicate design (no strata, ids, fpc or probs) and
            every estimate's variance comes from the replicates (R ``svrepdesign``).
        replicate_type: "BRR", "Fay", "JK1", "JKn", "bootstrap", "successive-difference",
            "ACS", "JK2" or "other" (required with ``repweights``).
        scale, rscales, rho, mse: the variance ``scale * sum rscales_r (theta_r - c)^2``,
            ``c`` the replicates' mean, or the full-sample estimate with ``mse=True``; ``rho``
            is Fay's coefficient. Defaults per type as R (:mod:`surveykit.design.svrep`). These,
            ``replicate_type`` and ``combined_weights`` are refused without ``repweights``.
        combined_weights: the replicate columns are full weights (True, as R's default) or
            factors of the full-sample weights (False).

    Example:
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "psu": [1, 1, 2, 2, 3, 3]})
        >>> Design(df, ids="psu").degf
        2
        >>> acs = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [10.0, 10, 20, 20],
        ...                     "w1": [12.0, 8, 21, 19], "w2": [9.0, 11, 18, 22]})
        >>> d = Design(acs, weights="w", repweights="^w[0-9]+$", replicate_type="successive-difference")
        >>> d.replicates.scale, d.replicates.count, d.degf
        (2.0, 2, 1)
    """

    def __init__(
        self,
        df: pd.DataFrame | None = None,   # None: R's data= or no data, refused below with the fix
        weights: str | None = None,
        strata: str | Sequence[str] | None = None,
        ids: str | Sequence[str] | None = None,
        fpc: str | Sequence[str] | None = None,
        probs: str | Sequence[str] | None = None,
        nest: bool = False,
        lonely_psu: str = "fail",
        min_cell: int = 0,
        *,
        repweights: str | Sequence[str] | None = None,
        replicate_type: str | None = None,
        scale: float | None = None,
        rscales=None,
        rho: float | None = None,
        mse: bool = False,
        combined_weights: bool = True,
        **unknown,
    ):
        if unknown:
            _refuse_unknown_keyword(next(iter(unknown)))
        df = _own_copy(as_design_frame(df))  # the caller's later edits must not reach the design
        twice = df.columns[df.columns.duplicated()].unique().tolist()
        if twice:
            raise DesignError(
                f"Design: the data has more than one column named {', '.join(map(repr, twice[:10]))}"
                f"{' and more' if len(twice) > 10 else ''}; an estimate could read either. Rename "
                "them, or keep the first of each: df = df.loc[:, ~df.columns.duplicated()]."
            )
        df = normalised_columns(df)
        if len(df) == 0:
            raise DesignError(
                "Design: the data has no rows, so there is nothing to estimate. Check the filter "
                "or the file the data frame was made from."
            )
        _refuse_duplicate_labels(df.index)
        if lonely_psu not in LONELY_PSU:
            raise DesignError(
                f"Design: lonely_psu={lonely_psu!r} is not allowed; use one of {list(LONELY_PSU)}."
            )
        # R's id=~1 and id=~0: every row its own PSU
        ids = "1" if isinstance(ids, int) and not isinstance(ids, bool) and ids in (0, 1) else ids
        for role, given in (("weights", weights), ("strata", strata), ("ids", ids), ("fpc", fpc),
                            ("probs", probs)):
            _refuse_values_for_names(role, given, df)
        ids_l = [c for c in _as_list(ids) if c != "1"]
        strata_l, fpc_l, probs_l = _as_list(strata), _as_list(fpc), _as_list(probs)
        wcols = _as_list(weights)
        roles = {"weights": wcols, "strata": strata_l, "ids": ids_l, "fpc": fpc_l, "probs": probs_l}
        for role, cols in roles.items():
            missing = [c for c in cols if c not in df.columns]
            if missing:
                raise DesignError(
                    f"Design: {role} column(s) {missing} not in the data. "
                    f"Available columns: {list(df.columns)[:20]}. Check the spelling."
                )
            for c in cols:
                if role in ("weights", "fpc", "probs") and pd.api.types.is_bool_dtype(df[c].dtype):
                    raise DesignError(
                        f"Design: {role} column {c!r} is True/False, not numbers; a flag is not "
                        f"{'a weight' if role == 'weights' else 'a ' + role}. To keep only some "
                        "rows, build the design on every row and use design.subset(flag)."
                    )
                if role in ("fpc", "probs") and not pd.api.types.is_numeric_dtype(df[c].dtype):
                    example = df[c].dropna().head(1).tolist()
                    raise DesignError(
                        f"Design: {role} column {c!r} is not numeric ({df[c].dtype}, e.g. {example}); "
                        f"{'an fpc' if role == 'fpc' else 'probs'} must be numbers, as weights must "
                        "(R's svydesign misreads text here: an fpc as text implies more than 100% "
                        f"sampling). Convert it first, e.g. df[{c!r}] = pd.to_numeric(df[{c!r}])."
                    )
                if df[c].isna().any():
                    raise DesignError(
                        f"Design: {role} column {c!r} has {int(df[c].isna().sum())} missing "
                        f"value(s) (first at {where(df, int(np.flatnonzero(df[c].isna())[0]))}). "
                        "Every row needs a value; drop those rows or fill them."
                    )
                if role in ("strata", "ids"):
                    _refuse_mixed_types(df[c], role)
        if weights is not None and probs_l:
            raise DesignError("Design: give weights= or probs=, not both.")
        if len(ids_l) > 1 and len(strata_l) > 1:
            raise DesignError(
                f"Design: strata={strata_l} with ids={ids_l} (a design of {len(ids_l)} stages) can mean "
                f"two things: surveykit crosses the strata columns into one set of first-stage strata "
                f"(every combination of {', '.join(strata_l)} a stratum), while R's svydesign(ids=~"
                f"{' + '.join(ids_l)}, strata=~{' + '.join(strata_l)}) gives each stage its own strata "
                f"({strata_l[0]!r} for the first, {strata_l[1]!r} for the second), which surveykit does "
                "not do; the two readings give different standard errors. For crossed first-stage strata make one "
                f"column (df['stratum'] = df[{strata_l}].astype(str).agg('|'.join, axis=1); R: "
                f"strata=~interaction({', '.join(strata_l)})) and give strata='stratum'. For R's per-stage "
                f"strata without an fpc, give strata={strata_l[0]!r} alone: without an fpc the later stages "
                "add no variance (R's ultimate clusters), so that is R's number."
            )
        self._replicates = None
        self._domain = None
        self._rows = None  # rows R holds (held_rows; all: None), zero weights included
        if repweights is not None:
            self._init_replicates(df, weights, roles, min_cell, repweights, replicate_type,
                                  scale, rscales, rho, mse, combined_weights, nest, lonely_psu)
            return
        given = [name for name, value, default in (
            ("replicate_type", replicate_type, None), ("scale", scale, None), ("rscales", rscales, None),
            ("rho", rho, None), ("mse", mse, False), ("combined_weights", combined_weights, True))
            if value is not default]
        if given:
            raise DesignError(
                "Design: replicate_type, scale, rscales, rho, mse and combined_weights describe replicate "
                f"weights, and this design has none (given: {', '.join(f'{name}=' for name in given)}): its "
                "variance comes from its strata, ids and fpc, which would ignore them. Name the replicate "
                "columns with repweights= (or leave these out)."
            )
        if fpc_l and ids_l and len(fpc_l) > len(ids_l):
            raise DesignError(f"Design: {len(fpc_l)} fpc columns for {len(ids_l)} stage(s) of ids.")
        if fpc_l and len(fpc_l) < len(ids_l):  # R's svydesign: "non-conformable arrays"
            raise DesignError(
                f"Design: fpc= gives {len(fpc_l)} column(s) for {len(ids_l)} stages of ids {ids_l}; a later "
                "stage without one would be taken as a census of its units. Give one fpc column per "
                "stage (population size or sampling fraction), as R's svydesign, or leave fpc= out."
            )
        self._data = df
        self._roles = {
            "weights": weights, "strata": strata_l, "ids": ids_l, "fpc": fpc_l,
            "probs": probs_l, "nest": nest, "lonely_psu": lonely_psu,
        }
        self._min_cell = int(min_cell)
        n = len(df)
        strat = codes_of(df, strata_l)
        units = self._stage_units(df, ids_l, strata_l if nest else [], n)
        if len(units) == 1 and units[0].max(initial=0) == 0 and not (nest and strata_l) and n > 1:
            raise DesignError(
                "Design: the design has only one primary sampling unit (all rows share the "
                f"same {ids_l[0] if ids_l else 'id'}). Check ids=, or use ids=None for unclustered data."
            )
        if strata_l and not nest:
            nstr = pd.Series(strat).groupby(units[0]).nunique()
            if (nstr > 1).any():
                raise DesignError(self._not_nested(df, ids_l[0], strata_l, units[0], strat,
                                                   nstr.index[nstr.to_numpy() > 1]))
        self._stages, stage_w = self._build_stages(df, units, strat, fpc_l, lonely_psu)
        self._weights = self._initial_weights(df, weights, probs_l, stage_w)
        self._calibration: tuple[Calibration, ...] = ()
        self._psu = units[0]
        self._stratum = strat
        self._row_psu = not ids_l

    def _init_replicates(self, df, weights, roles, min_cell, repweights, type_, scale, rscales,
                         rho, mse, combined, nest=False, lonely="fail") -> None:
        from surveykit.design.svrep import from_columns

        taylor = [r for r in ("strata", "ids", "fpc", "probs") if roles[r]]
        if taylor:
            raise DesignError(
                f"Design: a replicate design takes no {', '.join(taylor)} (the replicate weights "
                "carry the sampling design); give either repweights= or strata/ids/fpc/probs."
            )
        options = [o for o, given in (("nest=True", nest is not False), (f"lonely_psu={lonely!r}", lonely != "fail"))
                   if given]
        if options:
            one = len(options) == 1
            raise DesignError(
                f"Design: {' and '.join(options)} {'is' if one else 'are'} about strata and clusters, which a "
                "replicate design has none of: its variance comes from the replicate weights, so "
                f"{'it' if one else 'they'} would be ignored (R's svrepdesign takes no such argument). "
                f"Leave {'it' if one else 'them'} out."
            )
        if weights is None:
            raise DesignError(
                "Design: repweights= needs weights= (the full-sample weight column). R assumes "
                "equal weights without it; here say so with a column of ones if that is meant."
            )
        self._data = df
        self._roles = {"weights": weights, "strata": [], "ids": [], "fpc": [], "probs": [],
                       "nest": False, "lonely_psu": "fail"}
        self._min_cell = int(min_cell)
        n = len(df)
        self._weights = self._initial_weights(df, weights, [], np.ones(n))
        self._replicates = from_columns(df, repweights, self._weights, type_, scale, rscales,
                                        rho, mse, combined, weights)
        self._set_replicate_structure(n)

    def _set_replicate_structure(self, n: int) -> None:
        """A replicate design has no Taylor stages; its variance comes from the replicates."""
        self._stages = ()
        self._calibration = ()
        self._psu = np.arange(n, dtype=np.int64)
        self._stratum = np.zeros(n, dtype=np.int64)
        self._row_psu = False

    # -- construction helpers -------------------------------------------------------------
    @staticmethod
    def _stage_units(df, ids_l, nest_strata, n) -> list[np.ndarray]:
        if not ids_l:
            return [np.arange(n, dtype=np.int64)]
        return [codes_of(df, [*nest_strata, *ids_l[: s + 1]]) for s in range(len(ids_l))]

    def _build_stages(self, df, units, strat, fpc_l, lonely):
        n_stages = len(units) if fpc_l else 1  # R recurses to later stages only with an fpc
        stages, stage_w = [], np.ones(len(df))
        parent_frac = np.ones(len(df))  # product of n/N of the ancestors of each row
        row_stratum = strat
        for s in range(n_stages):
            unit = units[s]
            n_units = int(unit.max()) + 1
            first = np.unique(unit, return_index=True)[1]
            unit_stratum_raw = row_stratum[first]
            hs, unit_stratum = np.unique(unit_stratum_raw, return_inverse=True)
            row_h = unit_stratum[unit]
            npsu = np.bincount(unit_stratum, minlength=len(hs)).astype(float)
            if s < len(fpc_l):
                popsize = self._popsize(df, fpc_l[s], row_h, npsu, s)
                with np.errstate(divide="ignore", invalid="ignore"):
                    f = np.where(np.isinf(popsize), 1.0, (popsize - npsu) / popsize)
                stage_w = stage_w * (popsize / npsu)[row_h]
            else:
                popsize, f = None, np.ones(len(hs))
                if fpc_l:
                    f = np.zeros(len(hs))  # no fpc for this stage: taken as complete
            scale = np.where(npsu > 1, f * npsu / np.maximum(npsu - 1, 1), f)
            certain = f < _CERTAIN
            scale = np.where(certain, 0.0, scale)
            centre = np.ones(len(hs), dtype=bool)
            lonely_h = (npsu == 1) & ~certain
            if lonely_h.any():
                if lonely == "fail":
                    label = self._stratum_label(df, row_h, int(np.flatnonzero(lonely_h)[0]), s)
                    raise DesignError(
                        f"Design: stratum {label} has only one PSU at stage {s + 1} "
                        f"({int(lonely_h.sum())} such strata). Its variance cannot be estimated. "
                        "Merge it with a neighbouring stratum or choose lonely_psu="
                        "'adjust', 'remove' or 'certainty'."
                    )
                if lonely == "adjust":
                    centre = ~lonely_h
                else:  # remove / certainty: the stratum adds nothing
                    scale = np.where(lonely_h, 0.0, scale)
            # stage multiplier: n/N of every earlier stage (R multistage recursion)
            mult_rows = parent_frac[first]
            mult = segsum(unit_stratum, len(hs), mult_rows) / npsu
            stages.append(Stage(unit, n_units, unit_stratum, npsu, scale * mult, centre, popsize))
            if popsize is not None:
                parent_frac = parent_frac * (npsu / popsize)[row_h]
            row_stratum = unit  # later stages are stratified by the parent unit
        return tuple(stages), stage_w

    def _popsize(self, df, col, row_h, npsu, s) -> np.ndarray:
        vals = pd.to_numeric(df[col], errors="coerce").to_numpy(float)
        if np.isnan(vals).any() or (vals <= 0).any():
            raise DesignError(f"Design: fpc column {col!r} must be positive numbers.")
        vmin = pd.Series(vals).groupby(row_h).min().to_numpy()
        vmax = pd.Series(vals).groupby(row_h).max().to_numpy()
        if (vmax - vmin > 1e-9 * np.abs(vmax)).any():
            raise DesignError(
                f"Design: fpc column {col!r} varies within a stratum at stage {s + 1}; "
                "it must be constant per stratum (population size or sampling fraction)."
            )
        if (vals > 1).any() and not (vals >= 1).all():
            raise DesignError(
                f"Design: fpc column {col!r} mixes population sizes (>1) and sampling fractions "
                "(<1); use one or the other."
            )
        popsize = vmax if (vals > 1).any() else npsu / vmax
        if (popsize < npsu - 1e-9).any():
            raise DesignError(
                f"Design: fpc column {col!r} implies more than 100% sampling at stage {s + 1} "
                f"(population {popsize[popsize < npsu][0]} < sample {npsu[popsize < npsu][0]})."
            )
        return popsize

    @staticmethod
    def _not_nested(df, psu_col, strata_l, psu, strat, several) -> str:
        """The message for PSUs in several strata: the first such PSU by its id in the data,
        the strata it is in (their values, with a row of each) and how many such PSUs there are."""
        rows = np.flatnonzero(psu == several[0])
        first = {}  # stratum code -> its first row of this PSU
        for r in rows:
            first.setdefault(int(strat[r]), int(r))

        def shown(value):  # 2, not np.int64(2)
            return repr(value.item() if isinstance(value, np.generic) else value)

        where = "; ".join(
            ", ".join(f"{c}={shown(df[c].iloc[r])}" for c in strata_l) + f" (row {r})"
            for r in list(first.values())[:5])
        more = f"; {len(several)} PSUs are in more than one stratum" if len(several) > 1 else ""
        return (
            f"Design: PSUs of {psu_col!r} are not nested in strata {strata_l}: PSU "
            f"{psu_col}={shown(df[psu_col].iloc[rows[0]])} is in {len(first)} strata ({where}){more}. "
            "Use nest=True if PSU ids are only unique within strata (R's nest=TRUE), or check "
            f"the {psu_col!r} and strata columns."
        )

    def _stratum_label(self, df, row_h, h, s) -> str:
        row = int(np.flatnonzero(row_h == h)[0])
        cols = self._roles["strata"] if s == 0 else self._roles["ids"][: s]
        def shown(value):  # 2, not np.int64(2)
            return repr(value.item() if isinstance(value, np.generic) else value)

        return ", ".join(f"{c}={shown(df[c].iloc[row])}" for c in cols) if cols else "(the only one)"

    @staticmethod
    def _initial_weights(df, weights, probs_l, stage_w) -> np.ndarray:
        if weights is not None:
            column = df[weights]
            if not (pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)):
                example = column.dropna().head(1).tolist()
                convert = f"pd.to_numeric(df[{weights!r}])"
                text = column.dropna().astype(str).str.strip()
                if len(text) and text.str.fullmatch(r"[0-9]*,[0-9]+").any() and (
                    pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").notna().all()
                ):  # '1,5': a decimal comma (or '44,210': a thousands one?), pd.to_numeric refuses both
                    decimal = f"pd.to_numeric(df[{weights!r}].str.replace(',', '.'))"
                    convert = f"{decimal} (its numbers have a decimal comma)"
                    if not text.str.fullmatch(r"[0-9]*,([0-9]{1,2}|[0-9]{4,})").any():
                        convert = (f"{decimal} if the comma is a decimal one, or with "
                                   ".str.replace(',', '') if it separates thousands (every "
                                   "value has three digits after it)")
                raise DesignError(
                    f"Design: weights column {weights!r} is not numeric ({column.dtype}, e.g. {example}); "
                    f"weights must be numbers, as the replicate columns must (R's svydesign refuses "
                    f"text too). Convert it first, e.g. df[{weights!r}] = {convert}."
                )
            w = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
            if np.isnan(w).any() or np.isinf(w).any():
                raise DesignError(
                    f"Design: weights column {weights!r} has non-numeric or infinite values "
                    f"({int((~np.isfinite(w)).sum())} rows). Weights must be finite numbers."
                )
            if (w < 0).any():
                bad = np.flatnonzero(w < 0)
                raise DesignError(
                    f"Design: weights column {weights!r} has {len(bad)} negative value(s) "
                    f"(first {w[bad[0]]} at {where(df, int(bad[0]))}); weights must be >= 0."
                )
            _check_weight_range(w, f"Design: weights column {weights!r}")
            positive = w[w > 0]
            if len(positive) and positive.max() <= 1 and positive.min() < positive.max():
                warnings.warn(
                    f"Design: every weight in column {weights!r} is at most 1 ({positive.min():.4g} "
                    f"to {positive.max():.4g}, summing to {w.sum():.4g} for {len(w)} rows), so no "
                    "respondent stands for even one person: these look like inclusion "
                    f"probabilities, whose means and shares are wrong as weights. If they are, pass "
                    f"probs={weights!r} (weights 1/p, as R's svydesign(probs=)); if they are weights "
                    "scaled to sum to 1, totals are wrong: scale them to the population.",
                    SurveykitWarning, stacklevel=3,
                )
            return w.copy()
        if probs_l:
            p = np.prod([pd.to_numeric(df[c]).to_numpy(float) for c in probs_l], axis=0)
            if (p <= 0).any() or (p > 1).any():
                raise DesignError("Design: probs must be in (0, 1].")
            _check_weight_range(1.0 / p, "Design: 1/probs")
            return 1.0 / p
        w = np.asarray(stage_w, dtype=float).copy()
        if (w == 1).all():  # no weights, probs or fpc: every row weight 1, as R (which warns)
            _warn_weight_columns_unused(df)
        return w

    # -- public attributes ------------------------------------------------------------------
    @property
    def data(self) -> pd.DataFrame:
        """The design's data, to read and to build masks from: a shallow copy of the design's
        own (free: pandas copies on write), so writing to it never reaches the design (a column
        set to 0 there changed every later estimate; weights written there were ignored). Use
        :meth:`with_columns` for a design with other columns."""
        return self._data.copy(deep=False)

    @property
    def weights(self) -> np.ndarray:
        """Analysis weights (n,), 0 outside the domain. A read-only view."""
        v = self._weights.view()
        v.flags.writeable = False
        return v

    @property
    def n(self) -> int:
        """Number of rows (including rows outside the domain)."""
        return len(self._data)

    @property
    def min_cell(self) -> int:
        """Minimum number of respondents an estimate may rest on."""
        return self._min_cell

    @property
    def degf(self) -> int:
        """Design degrees of freedom (R ``degf``): PSUs minus strata with non-zero weight; for a
        replicate design the rank of the replicate weights in the domain minus one."""
        return int(group_degf(self, np.zeros(self.n, dtype=np.int64), 1)[0])

    @property
    def replicates(self):
        """The replicate weights and their variance constants (``type``, ``scale``,
        ``rscales``, ``mse``, ``rho``, ``count``, ``names``), or None for a Taylor design."""
        return self._replicates

    def in_domain(self, codes: np.ndarray) -> np.ndarray:
        """Group ``codes`` (n,) with -1 outside the domain; the array itself (not a copy)
        when every row is in it, as in a replicate design that :meth:`subset` did not narrow.

        Example:
            >>> d = Design(pd.DataFrame({"w": [1.0, 0.0]}), weights="w")
            >>> d.in_domain(np.array([0, 0])).tolist()
            [0, -1]
        """
        if self._domain is None and self._replicates is not None:
            return codes
        return np.where(self.domain, codes, -1)

    @property
    def domain(self) -> np.ndarray:
        """Rows in the design's domain (bool, n): for a replicate design all rows unless
        :meth:`subset` narrowed them; for a Taylor design the rows of non-zero weight."""
        if self._domain is not None:
            return self._domain
        return np.ones(self.n, dtype=bool) if self._replicates is not None else self._weights != 0

    @property
    def held_rows(self) -> np.ndarray:
        """The rows R's design object holds (bool, n), zero weights included: the rows R's
        ``nrow()`` counts. R's subset of a design drops the rows it leaves out, but a calibrated
        design (raked, post-stratified, calibrated) keeps every row in its subsets with weight
        0 (``[.survey.design2``): only subsets taken before the first weighting step narrow it.
        A replicate design: its domain. Rows of a subset are :meth:`held`.

        Example:
            >>> df = pd.DataFrame({"w": [1.0, 0.0, 2.0]})
            >>> d = Design(df, weights="w")
            >>> d.subset(np.array([True, True, False])).held_rows.tolist()
            [True, True, False]
        """
        if self._replicates is not None:
            return self.domain
        return np.ones(self.n, dtype=bool) if self._rows is None else self._rows

    def held(self, mask: np.ndarray) -> np.ndarray:
        """The rows R holds in ``design[mask, ]`` (bool, n): :attr:`held_rows` where ``mask``
        (bool, n) is true, or all of them for a calibrated design, whose subsets keep every row.

        Example:
            >>> d = Design(pd.DataFrame({"w": [1.0, 1.0, 2.0]}), weights="w")
            >>> d.held(np.array([True, False, True])).tolist()
            [True, False, True]
        """
        rows = self.held_rows
        return rows if self._calibration else rows & np.asarray(mask, dtype=bool)

    def held_count(self, groups: np.ndarray, n_groups: int) -> np.ndarray:
        """R's ``nrow()`` of each group's subset (svyby): the count of :meth:`held` rows of
        ``groups == g`` per group (``groups`` (n,) codes, -1 in none), float (n_groups,).

        Example:
            >>> d = Design(pd.DataFrame({"w": [1.0, 0.0, 2.0]}), weights="w")
            >>> d.held_count(np.array([0, 0, 1]), 2).tolist()
            [2.0, 1.0]
        """
        if self._calibration:
            return np.full(n_groups, float(np.count_nonzero(self.held_rows)))
        return segsum(np.where(self.held_rows, groups, -1), n_groups, np.ones(self.n))

    @property
    def held_degf(self) -> int:
        """PSUs minus strata of the rows R holds (:attr:`held_rows`), whatever their weight:
        the ν of R's ``svychisq``. :attr:`degf` counts the rows of non-zero weight only (R's
        ``degf``).

        Example:
            >>> d = Design(pd.DataFrame({"w": [1.0, 0.0, 2.0]}), weights="w")
            >>> d.held_degf, d.degf
            (2, 1)
        """
        held = np.where(self.held_rows, 0, -1)
        return int(group_degf(self, held, 1, zero_weights=True)[0])

    @property
    def replicate_weights(self) -> pd.DataFrame:
        """The replicate weights as a DataFrame (rows x R), R's ``weights(d, "analysis")``:
        full weights (factors times the full-sample weight), 0 outside the domain.

        Example:
            >>> df = pd.DataFrame({"w": [2.0, 2.0], "r1": [4.0, 0.0], "r2": [0.0, 4.0]})
            >>> d = Design(df, weights="w", repweights=["r1", "r2"], replicate_type="BRR")
            >>> d.subset(df["r1"] > 0).replicate_weights.to_numpy().tolist()
            [[4.0, 0.0], [0.0, 0.0]]
        """
        if self._replicates is None:
            raise DesignError(
                "replicate_weights: this design has no replicate weights; make them with "
                "design.to_replicate(type=...) or build the design with repweights=."
            )
        w = self._replicates.full()
        if self._domain is not None:
            w[~self._domain] = 0.0
        return pd.DataFrame(w, columns=list(self._replicates.names), index=self._data.index)

    def to_replicate(self, type: str = "auto", replicates: int | None = None,
                     rho: float | None = None, seed: int | None = None, *,
                     mse: bool = False, **unknown) -> Design:
        """A replicate design from this Taylor design (R ``as.svrepdesign``, survey 4.1).

        ``type``: "JK1" (unstratified: one replicate per PSU, R's ``jk1weights``), "JKn"
        (stratified jackknife, ``jknweights``), "BRR" / "Fay" (balanced half-samples of two
        PSUs per stratum with R's ``brrweights`` Hadamard matrices; ``rho`` for Fay), or
        "bootstrap" (Rao-Wu rescaling bootstrap: n_h - 1 PSUs drawn with replacement per
        stratum, ``replicates`` times (default 50) from ``seed``; R's ``subbootstrap``, which
        is also accepted as the name).
        "auto": JK1 without strata, JKn with. First-stage PSUs and strata are used, as R
        does. See :mod:`surveykit.design.convert`.

        Example:
            >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "psu": [1, 1, 2, 2, 3, 3]})
            >>> r = Design(df, ids="psu").to_replicate("JK1")
            >>> r.replicates.type, r.replicates.count, round(r.replicates.scale, 6)
            ('JK1', 3, 0.666667)
        """
        from surveykit.design.convert import to_replicate

        if unknown:  # R's as.svrepdesign arguments: fay.rho, hadamard.matrix, compress
            from surveykit.keywords import refuse_keyword

            name = next(iter(unknown))
            if name.replace(".", "_") == "hadamard_matrix":
                raise DesignError("to_replicate: takes no argument hadamard_matrix=: a Hadamard matrix of "
                                  "your own is not supported; BRR and Fay use the matrix R's brrweights chooses.")
            refuse_keyword("to_replicate", name, ["type", "replicates", "rho", "seed", "mse"],
                           {"fay.rho": "rho", "fay_rho": "rho", "R": "replicates"}, DesignError)
        return to_replicate(self, type, replicates=replicates, rho=rho, seed=seed, mse=mse)


    @property
    def calibration(self) -> tuple[Calibration, ...]:
        """The weighting steps applied, in order (their GREG residuals enter the variance)."""
        return self._calibration

    @property
    def stages(self) -> tuple[Stage, ...]:
        """Variance structure per stage (internal)."""
        return self._stages

    @property
    def psu(self) -> np.ndarray:
        """First-stage PSU code of each row."""
        return self._psu

    @property
    def row_psu(self) -> bool:
        """True when every row is its own primary sampling unit (``ids=None``).

        Example:
            >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "psu": [1, 1, 2, 2]})
            >>> Design(df).row_psu, Design(df, ids="psu").row_psu
            (True, False)
        """
        return self._row_psu

    @property
    def stratum(self) -> np.ndarray:
        """First-stage stratum code of each row."""
        return self._stratum

    @property
    def roles(self) -> dict:
        """The column roles given at construction."""
        return dict(self._roles)

    def __repr__(self) -> str:
        r = self._roles
        if self._replicates is not None:
            rp = self._replicates
            return (f"Design(n={self.n}, degf={self.degf}, replicates={rp.count} {rp.type}, "
                    f"scale={rp.scale:.6g}, mse={rp.mse})")
        return (
            f"Design(n={self.n}, degf={self.degf}, strata={r['strata'] or None}, "
            f"ids={r['ids'] or None}, fpc={r['fpc'] or None}, "
            f"calibrated={len(self._calibration)} step(s))"
        )

    # -- modifiers ----------------------------------------------------------------------------
    def _replace(self, **changes) -> Design:
        new = object.__new__(Design)
        new.__dict__.update(self.__dict__)
        for k, v in changes.items():
            setattr(new, "_" + k, v)
        return new

    def subset(self, mask) -> Design:
        """The domain where ``mask`` is true: weights become 0 elsewhere, all PSUs stay.

        ``mask`` is a boolean array of length n, a boolean Series on the data's index
        (matched by label, as pandas; another index is refused) or a function of the data
        giving one. NA counts as False, as in R,
        with a warning; text or other values are refused. A mask that selects no respondent
        (with a positive weight) is an error naming the values that exist, e.g. for
        ``subset(df["wave"] == 1)`` when the waves are the texts "1", "2".

        Example:
            >>> df = pd.DataFrame({"y": [1.0, 2, 3], "g": ["a", "b", "a"]})
            >>> Design(df).subset(df["g"] == "a").weights.tolist()
            [1.0, 0.0, 1.0]
            >>> Design(df).subset(df["g"] == "c")
            Traceback (most recent call last):
            surveykit.errors.DesignError: subset: the mask selects no respondent (0 of 3 rows). Column 'g' holds 'a' (2 rows), 'b' (1 rows): compare with one of those values.
        """
        if isinstance(mask, str):
            raise DesignError(
                f"subset: the mask is the text {mask!r}; give True/False per row, e.g. "
                "design.subset(design.data['age'] > 50)."
            )
        if callable(mask):  # lambda d: d["age"] > 50, as DataFrame.loc and with_columns take
            mask = mask(self.data)
        if isinstance(mask, pd.Series):
            mask = self._aligned(mask)
        m = mask.to_numpy() if isinstance(mask, pd.Series) else np.asarray(mask)
        if m.shape != (self.n,):
            got = f"{len(m)} values" if m.ndim == 1 else f"shape {m.shape}"
            raise DesignError(
                f"subset: the mask has {got}, the data {self.n} rows; give one True/False per "
                "row, e.g. design.subset(design.data['age'] > 50) (rows by their labels: "
                "design.data.index.isin(labels))."
            )
        try:
            flags = pd.array(m, dtype="boolean")
        except (TypeError, ValueError):
            seen = pd.Series(m).dropna().drop_duplicates().head(5).tolist()
            raise DesignError(
                f"subset: the mask must be True/False (or 1/0) per row; it holds "
                f"{', '.join(map(repr, seen))}. Build it with a comparison, e.g. "
                "design.data['g'] == 'a'."
            ) from None
        unknown = np.asarray(flags.isna()) & self.domain & (self._weights != 0)
        if unknown.any():
            warnings.warn(
                f"subset: the mask has no value (NA) for {int(unknown.sum())} row(s) with a "
                f"positive weight (first at row {int(np.flatnonzero(unknown)[0])}); they are "
                "left out of the domain, as R's subset does. Fill the mask to say which you "
                "mean: mask.fillna(False) or mask.fillna(True).",
                SurveykitWarning,
                stacklevel=2,
            )
        m = flags.fillna(False).to_numpy(dtype=bool)
        w = np.where(m, self._weights, 0.0)
        if self._replicates is not None:
            dom = self.domain & m
            if self.n and not dom.any():
                raise DesignError(self._empty_subset(mask, m))
            if not w.any():
                raise DesignError(
                    f"subset: the mask selects {int(dom.sum())} row(s), all with full-sample weight 0 "
                    f"({self._roles['weights']!r}): the domain has no respondent to estimate from (its mean "
                    "is 0/0, its total 0); an SE would come from the replicate weights alone. R answers so (a "
                    "mean NaN with an SE, a total 0 with an SE); surveykit refuses. Check the condition, or "
                    "the weights of those rows."
                )
            return self._replace(weights=w, domain=dom)
        if self.n and not w.any():
            raise DesignError(self._empty_subset(mask, m))
        return self._replace(weights=w, rows=self.held(m))

    def _aligned(self, mask: pd.Series) -> pd.Series:
        """A Series mask on the data's rows by its index labels, as pandas' ``df[mask]``: in
        the data's order when it holds the same labels in another order; refused when its
        labels are not the data's (taking it by position could select other rows)."""
        idx = self._data.index
        if mask.index.equals(idx):
            return mask
        if (len(mask) == self.n and mask.index.is_unique and idx.is_unique
                and bool(idx.isin(mask.index).all())):
            return mask.reindex(idx)
        missing = idx[~idx.isin(mask.index)]
        label = missing[0].item() if len(missing) and hasattr(missing[0], "item") else None
        label = missing[0] if len(missing) and label is None else label
        first = f" (row label {label!r} of the data is not in it)" if len(missing) else ""
        raise DesignError(
            f"subset: the mask is a Series whose index does not match the data's{first}; "
            "taking it by position could select other rows. Build it from design.data (e.g. "
            "design.subset(design.data['g'] == 'a')), or pass mask.to_numpy() if it is in "
            "the rows' order."
        )

    def _empty_subset(self, mask, m: np.ndarray) -> str:
        """Why a subset is empty: the values of the column the mask was made from, if known."""
        inside = int((self._weights != 0).sum())
        head = (f"subset: the mask selects no respondent ({int(m.sum())} of {self.n} rows"
                + (f"; the design's domain has {inside} rows with a positive weight" if inside < self.n
                   else "") + ").")
        name = getattr(mask, "name", None)
        if not isinstance(name, str) or name not in self._data.columns:
            return (f"{head} Check the condition against the values in the data, e.g. "
                    "design.data[column].value_counts().")
        col = self._data[name][self._weights != 0]
        counts = col.value_counts(dropna=True, sort=False)
        shown = ", ".join(f"{v!r} ({int(c)} rows)" for v, c in counts.head(12).items())
        more = f" and {len(counts) - 12} more" if len(counts) > 12 else ""
        texts = [v for v in counts.index if isinstance(v, str)]
        hint = ""
        if texts and all(t.strip().lstrip("-").isdigit() for t in texts):
            hint = f" They are text: write {name} == {texts[0]!r}, not {name} == {texts[0]}."
        return (f"{head} Column {name!r} holds {shown}{more}: compare with one of those values."
                + hint)

    def with_weights(self, w, calibration: Calibration | None = None, *, replicates=None) -> Design:
        """A new design with weights ``w``; ``calibration`` is appended to the weighting stack.

        A replicate design takes its re-weighted replicates instead (``replicates``, every
        replicate weighted by the same step, as R): their spread carries the step's effect on
        the variance, so no calibration is kept.
        """
        w = np.asarray(w, dtype=float)
        if w.shape != (self.n,):
            raise DesignError(f"with_weights: weights have shape {w.shape}, expected ({self.n},).")
        if len(w) and not (w.min() >= 0 and np.isfinite(w.max())):  # NaN fails both
            raise DesignError("with_weights: weights must be finite and >= 0.")
        _check_weight_range(w, "with_weights: the new weight vector")
        if self._replicates is not None:
            if replicates is None:
                raise DesignError(
                    "with_weights: this is a replicate design; a weighting step must weight "
                    "every replicate too (rake, poststratify, calibrate and trim_weights do)."
                )
            return self._replace(weights=w.copy(), replicates=replicates)
        if replicates is not None:
            raise DesignError("with_weights: replicates= is for replicate designs.")
        stack = self._calibration + ((calibration,) if calibration is not None else ())
        return self._replace(weights=w.copy(), calibration=stack)

    def with_columns(self, **columns) -> Design:
        """The same design (weights, strata, clusters, calibration) with extra or replaced data columns.

        Each column has one value per row (a Series aligned on the data's index, or an array),
        or is one value for every row (a number, text, True/False, None: as ``DataFrame.assign``),
        or a function of the design's data that gives one of these (as ``DataFrame.assign``).

        Example:
            >>> df = pd.DataFrame({"y": [1.0, 2, 3]})
            >>> Design(df).with_columns(y2=df["y"] ** 2).data["y2"].tolist()
            [1.0, 4.0, 9.0]
            >>> Design(df).with_columns(one=1.0, y3=lambda d: d["y"] * 3).data[["one", "y3"]].values.tolist()
            [[1.0, 3.0], [1.0, 6.0], [1.0, 9.0]]
        """
        columns = dict(columns)
        for name, values in list(columns.items()):
            if callable(values):
                values = columns[name] = values(self.data)
            if isinstance(values, np.ndarray) and values.ndim == 0:
                values = values.item()
            if pd.api.types.is_scalar(values):
                columns[name] = np.full(self.n, values, dtype=object if values is None else None)
                continue
            if not hasattr(values, "__len__") or np.ndim(values) != 1:
                what = f"has shape {np.shape(values)}" if hasattr(values, "__len__") else \
                    f"is a {type(values).__name__}"
                raise DesignError(
                    f"with_columns: column {name!r} {what}; give one value per row (a Series or a "
                    f"1-d array of {self.n} values) or one value for every row."
                )
            if len(values) != self.n:
                raise DesignError(f"with_columns: column {name!r} has {len(values)} values, expected {self.n}.")
            if isinstance(values, pd.Series) and not values.index.equals(self._data.index):
                # assign would align on the labels: rows of no label get NaN and leave the estimates quietly
                try:
                    columns[name] = self._aligned(values.rename(None))
                except DesignError:
                    raise DesignError(
                        f"with_columns: column {name!r} is a Series whose index does not match the data's; aligning "
                        "it by label would leave rows without a value (and out of every estimate). Build it from "
                        f"design.data (e.g. design.data['y'] ** 2), or pass {name}=values.to_numpy() if it is in the "
                        "rows' order.") from None
        self._refuse_new_design_columns(columns)
        if any(name in self._data for name in columns):
            return self._replace(data=normalised_columns(self._data.assign(**columns)))
        # new columns joined at once (assign inserts one by one: a fragmented frame with many items)
        extra = normalised_columns(pd.DataFrame(columns, index=self._data.index))
        data = pd.concat([self._data, extra], axis=1)
        # concat keeps attrs only when every frame has the same: a study's design carries the
        # codebook's codes and offered levels there (a scale coded 0-4 would be scored 1-5)
        data.attrs = copy.deepcopy(self._data.attrs)
        return self._replace(data=data)

    def _refuse_new_design_columns(self, columns: dict) -> None:
        """A column the design was built from (weights, strata, ids, fpc, probs, replicate
        weights) given other values: the design keeps its own weights and structure, so they
        would change the data only, not one estimate (R's update() does the same, silently)."""
        roles = self._roles
        used = {c: role for role in ("strata", "ids", "fpc", "probs") for c in roles[role]}
        if roles["weights"] is not None:
            used[roles["weights"]] = "weights"
        if self._replicates is not None:
            used.update({c: "replicate weights" for c in self._replicates.names})
        for name, values in columns.items():
            if name not in used or name not in self._data:
                continue
            old = self._data[name]
            try:  # the same values again (a round trip of design.data) change nothing
                if bool((pd.Series(np.asarray(values), index=old.index) == old).all()):
                    continue
            except (TypeError, ValueError):
                pass
            role = used[name]
            raise DesignError(
                f"with_columns: {name!r} is the design's {role} column; the design holds its "
                f"{'weights' if 'weights' in role else 'structure'} from it as it was built, so new values "
                "would change the data but not one estimate (R's update() changes only the data, silently). "
                "To change the design, build it again on the changed data (sk.Design(design.data.assign("
                f"{name}=...), ...)); for a column to analyse, give it another name."
            )

    def positive_replicates(self) -> Design:
        """This design with every replicate weight below 0 set to 0 (:meth:`Replicates.positive`):
        the replicates R's ``glm.fit`` refits with, as it leaves out rows of weight 0 or below.
        Only for replicate estimates: the degf and full-sample weights stay this design's. Itself
        when no replicate weight is negative.

        Example:
            >>> df = pd.DataFrame({"w": [1.0, 1.0], "r1": [-1.0, 2.0], "r2": [2.0, 0.0]})
            >>> d = Design(df, weights="w", repweights=["r1", "r2"], replicate_type="JK1", scale=0.5)
            >>> d.positive_replicates().replicate_weights.to_numpy().tolist()
            [[0.0, 2.0], [2.0, 0.0]]
        """
        if self._replicates is None or not self._replicates.has_negative:
            return self
        return self._replace(replicates=self._replicates.positive())

    def with_min_cell(self, min_cell: int) -> Design:
        """A new design with another suppression threshold."""
        return self._replace(min_cell=int(min_cell))


def group_degf(design: Design, groups: np.ndarray, n_groups: int, *, zero_weights: bool = False) -> np.ndarray:
    """Degrees of freedom per group: PSUs minus strata with rows of non-zero weight in it
    (``zero_weights``: with rows of any weight in it).

    For a replicate design: the rank of the replicate weights of the group's rows in the
    domain, minus one (R's ``degf`` of the subset design).
    """
    if design.replicates is not None:
        from surveykit.design.replicate import replicate_degf

        return replicate_degf(design, groups, n_groups)
    ok = (groups >= 0) if zero_weights else (design.weights != 0) & (groups >= 0)
    every = bool(ok.all())  # the common case: no copies
    g = groups if every else groups[ok]
    if len(g) == 0:
        return np.zeros(n_groups)
    n_strata = int(design.stratum.max(initial=0)) + 1

    def distinct(codes: np.ndarray, m: int, rows: bool = False):
        key = g * m
        key += codes if every else codes[ok]
        if n_groups * m <= 4 * len(g) + 1024:  # dense table: no sorting
            table = np.bincount(key, minlength=n_groups * m).reshape(n_groups, m)
            count = (table > 0).sum(axis=1).astype(float)
            return (count, table.sum(axis=1).astype(float)) if rows else count
        count = np.bincount(np.unique(key) // m, minlength=n_groups).astype(float)
        return (count, np.bincount(g, minlength=n_groups).astype(float)) if rows else count

    if design.row_psu:
        strata, n_rows = distinct(design.stratum, n_strata, rows=True)
        return n_rows - strata
    strata = distinct(design.stratum, n_strata)
    return distinct(design.psu, int(design.psu.max(initial=0)) + 1) - strata
