"""From a study's configuration to a weighted survey design.

Base weights are population / sample size per sampling stratum (e.g. wave × municipality);
then the design is raked (or post-stratified) to the population margins, each wave on its own
because every margin includes the wave. Data that come with replicate weights (an agency's
file, ``weighting.replicates``) give a replicate design instead, whose full-sample and
replicate weights are then raked (or post-stratified) alike. With ``weighting.trim: [L, U]`` the raking is bounded
(R's ``calibrate(calfun="raking", bounds=c(L, U))``): every weight stays within L..U times
its sampling stratum's base weight, and the margins still hold exactly, so trimming moves no
weight between waves, municipalities or any other margin cell; the variance is that of the
bounded calibration (its GREG residuals), as R computes it.

Example:
    >>> design = study_design(responses, config, population)     # doctest: +SKIP
    >>> design.weights.sum()                                      # doctest: +SKIP
    297554.0
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.config.study import StudyConfig
from surveykit.errors import ConfigError, DesignError, SurveykitWarning

__all__ = ["BASE_WEIGHT", "Unweightable", "check_data_weights", "check_weight_variable", "composition", "design_strata",
           "sampling_population", "study_design", "unweightable"]

BASE_WEIGHT = "base_weight"


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's cell as text, ``"1 × Drammen × Mann"`` (``<missing>`` for a missing value),
    as a categorical.

    The texts are made once per distinct cell, not per row (a million rows have a few cells).
    """
    codes = np.zeros(len(frame), dtype=np.int64)
    texts: list[list[str]] = []
    for column in columns:
        k, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        text = [*pd.Series(uniques).astype("string").fillna("<missing>").tolist(), "<missing>"]
        codes = codes * len(text) + np.where(k < 0, len(text) - 1, k)
        texts.append(text)
    cells, inverse = np.unique(codes, return_inverse=True)
    names = []
    for cell in cells.tolist():
        parts = []
        for text in reversed(texts):
            cell, i = divmod(cell, len(text))
            parts.append(text[i])
        names.append(" × ".join(reversed(parts)))
    return pd.Series(pd.Categorical.from_codes(inverse.reshape(-1), names), index=frame.index)


def base_weights(responses: pd.DataFrame, population: pd.DataFrame, strata: list[str], count: str,
                 file: str = "config/population.csv") -> np.ndarray:
    """Population / sample size in each stratum; an error names strata without population or sample."""
    if not strata:
        total = population[count].sum()
        return np.full(len(responses), total / max(len(responses), 1))
    pop = population.groupby(strata, observed=True)[count].sum()
    pop.index = _keys(pop.index.to_frame(index=False), strata)
    sample_keys = _keys(responses, strata)
    n = sample_keys.value_counts()
    missing = sorted(set(n.index) - set(pop.index))
    if missing:
        hints = []
        for column in strata:   # a column whose values nowhere meet the responses' (years for wave ids)
            have = sorted(map(str, population[column].dropna().unique()))
            want = sorted(map(str, responses[column].dropna().unique()))
            if have and want and not set(have) & set(want):
                hints.append(f"its column {column!r} holds {', '.join(map(repr, have[:6]))}, the responses "
                             f"{', '.join(map(repr, want[:6]))}"
                             + (" (the wave column holds the ids of `waves:` in surveykit.yaml, not their labels "
                                "or years)" if column == "wave" else ""))
        raise DesignError(
            f"{file}: no population for sampling stratum {missing[0]!r} ({' × '.join(strata)}), which has "
            f"{int(n[missing[0]])} respondents. " + (f"In {file}, {'; '.join(hints)}. " if hints else "")
            + f"Add its rows to {file}, or fix the responses' values."
        )
    zero = sorted(k for k in n.index if pop[k] == 0)
    if zero:
        raise DesignError(
            f"{file}: population 0 for sampling stratum {zero[0]!r} ({' × '.join(strata)}), which has "
            f"{int(n[zero[0]])} respondents: they would get weight 0. Correct the counts in {file}."
        )
    cells = sample_keys.cat.categories  # one weight per cell, then per row by its code
    per_cell = pop.reindex(cells).to_numpy(dtype=float) / n.reindex(cells).to_numpy(dtype=float)
    return per_cell[sample_keys.cat.codes.to_numpy()]


@dataclass(frozen=True)
class Unweightable:
    """The respondents the weighting cannot place in a cell of every margin (and stratum):
    ``rows`` (one boolean per response) and ``reasons``, one text per variable or margin."""

    rows: np.ndarray
    reasons: tuple[str, ...]
    nonsubstantive: bool = False  # some of them gave a non-substantive answer
    cells: bool = False           # some are in a cell population.csv has no count for


def unweightable(responses: pd.DataFrame, config: StudyConfig, population: pd.DataFrame | None) -> Unweightable:
    """Who cannot be weighted: respondents without a value of a weighting variable (of
    ``weighting.strata`` or ``weighting.margins``): unanswered, a ``missing:`` code, or a
    non-substantive answer (the ``<name>__dk`` columns: an answer, but no level of any cell);
    and respondents in a cell of a margin that population.csv has no count for (within a
    sampling stratum it has: a stratum it lacks altogether is an error of the file).

    R's ``rake()`` and ``postStratify()`` refuse such rows (``na.fail``); surveykit stops with
    a message unless ``weighting.unweightable: drop`` rejects them (see :func:`study_design`).

    Example:
        >>> bad = unweightable(study.responses, study.config, study.population)   # doctest: +SKIP
        >>> int(bad.rows.sum()), bad.reasons                                    # doctest: +SKIP
        (21, ("gender: 21 with a non-substantive answer",))
    """
    w = config.weighting
    rows = np.zeros(len(responses), dtype=bool)
    if w.method == "none" or population is None:
        return Unweightable(rows, ())
    reasons, nonsubstantive, uncounted = [], False, False
    variables = [v for v in dict.fromkeys([*w.strata, *(v for m in w.margins for v in m)]) if v in responses]
    for name in variables:
        missing = responses[name].isna().to_numpy()
        if not missing.any():
            continue
        rows |= missing
        dk = f"{name}__dk"
        said = (responses[dk].fillna(False).to_numpy(dtype=bool) & missing) if dk in responses else np.zeros_like(missing)
        parts = []
        if said.any():
            nonsubstantive = True
            parts.append(f"{int(said.sum())} with a non-substantive answer")
        blank = missing & ~said
        if blank.any():
            first = responses.loc[blank, ["wave", "row"]].iloc[0] if "row" in responses else None
            where = f" (first: wave {first['wave']}, row {first['row']})" if first is not None else ""
            parts.append(f"{int(blank.sum())} without an answer{where}")
        reasons.append(f"{name}: {' and '.join(parts)}")
    # a sampling stratum population.csv lacks altogether is an error of the file (base_weights says so), not
    # respondents to leave out: only the cells of strata the file has are looked at
    strata = [c for c in w.strata if c in responses and c in population]
    counted = (_keys(responses, strata).isin(set(_keys(population[strata].drop_duplicates().reset_index(drop=True),
                                                        strata))).to_numpy() if strata else np.ones(len(rows), bool))
    for cells in dict.fromkeys(map(tuple, w.margins)):
        columns = list(cells)
        if any(c not in responses or c not in population for c in columns):
            continue
        answered = responses[columns].notna().all(axis=1).to_numpy() & counted
        keys = _keys(responses, columns)
        known = set(_keys(population[columns].drop_duplicates().reset_index(drop=True), columns))
        absent = answered & ~keys.isin(known).to_numpy()
        if absent.any():
            rows |= absent
            uncounted = True
            n = keys[absent].value_counts()
            n = n[n > 0]
            shown = ", ".join(f"{k!r} ({int(v)} respondents)" for k, v in n.head(5).items())
            file = config.weighting.population
            shown_file = file.relative_to(config.root) if file.is_relative_to(config.root) else file  # quality.json: relative
            reasons.append(f"{shown_file}: no population count for {shown} of margin {' × '.join(columns)}")
    return Unweightable(rows, tuple(reasons), nonsubstantive, uncounted)


def _refuse_unweightable(responses: pd.DataFrame, config: StudyConfig, population: pd.DataFrame | None) -> None:
    """``weighting.unweightable: error`` (the default): respondents without a weighting cell
    stop the run, with what they lack and the choices."""
    bad = unweightable(responses, config, population)
    if not bad.rows.any():
        return
    file = str(config.weighting.population)
    fixes = [*([f"add the missing cell(s) with their counts to {file}"] if bad.cells else []),
             "recode those answers in config/codebook.yaml to a level the population has (e.g. as its alias)"]
    note = (" A non-substantive answer (under `nonsubstantive:` of the scale, such as \"prefer not to say\") is an "
            "answer to `screening.complete.required`, which keeps the row, but it is in no weighting cell."
            if bad.nonsubstantive else "")
    raise DesignError(
        f"{config.file}: {int(bad.rows.sum())} respondent(s) cannot be weighted, because they have no value or no "
        f"population count on a weighting variable: {'; '.join(bad.reasons)}.{note} Choose what happens to them: "
        "`unweightable: drop` under `weighting:` in surveykit.yaml rejects them (reason 'unweightable' in "
        "data/processed/rejects.csv, counted in quality.json and in the report's method notes; R's rake() likewise "
        f"refuses rows without a value); or give them a cell: {' or '.join(fixes)}."
    )


def _check_cells(responses: pd.DataFrame, margin: pd.DataFrame, columns: list[str], file: str,
                 population: pd.DataFrame | None = None) -> None:
    """Population cells with respondents but a zero count, or a count but no respondents.

    ``population`` (the table as read, one row per line of ``file`` after its header): a zero
    count names its rows there."""
    n = _keys(responses, columns).value_counts()
    keys = _keys(margin, columns)
    unknown = n[~n.index.isin(keys)]
    if len(unknown):  # respondents in a cell the population table does not have
        cells = ", ".join(f"{k!r} ({int(v)} respondents)" for k, v in unknown.head(5).items())
        raise DesignError(
            f"{file}: no population count for {cells} of margin {' × '.join(columns)}, so those respondents "
            f"cannot be weighted. Add the cell(s) to {file}, or recode those answers in config/codebook.yaml "
            "(e.g. as an alias of a level the population has)."
        )
    zero = keys[(margin["Freq"] == 0).to_numpy() & keys.isin(n.index).to_numpy()]
    if len(zero):
        cells = ", ".join(f"{k!r} ({int(n[k])} respondents)" for k in zero[:5])
        rows = ""
        if population is not None:
            lines = (population.index[_keys(population, columns).isin(set(zero[:5])).to_numpy()] + 2).tolist()
            rows = f" ({'row' if len(lines) == 1 else 'rows'} {', '.join(map(str, lines[:10]))}{' …' if len(lines) > 10 else ''})"
        raise DesignError(
            f"{file}: population count 0 for cell(s) {cells} of margin {' × '.join(columns)}{rows}, so those "
            "respondents would get weight 0 and silently drop out. Correct the counts in "
            f"{file}, or recode or drop those respondents."
        )
    empty = keys[(margin["Freq"] > 0).to_numpy() & ~keys.isin(n.index).to_numpy()]
    if len(empty):
        raise DesignError(
            f"{file}: population cell(s) {list(empty[:5])} of margin {' × '.join(columns)} have no respondents, "
            "so no weights can be raked to them. Merge each with a neighbouring cell in "
            f"{file} (e.g. join two age groups), or set `weighting.margins` to coarser cells in surveykit.yaml."
        )


def study_design(responses: pd.DataFrame, config: StudyConfig, population: pd.DataFrame | None):
    """The weighted Design of a study: stratified by ``weighting.strata``, raked to the margins."""
    from surveykit.design import Design
    from surveykit.weights import poststratify, rake

    w = config.weighting
    strata = list(w.strata)
    data = responses.copy()
    dstrata = design_strata(config, data) or None
    if w.method != "none" and population is not None:
        _refuse_unweightable(data, config, population)
    if w.replicates is not None:
        return _replicate_design(data, config, population)
    if w.weights is not None:   # the data's own weights: as they are, or where the calibration starts
        check_data_weights(data, config)
        data[BASE_WEIGHT] = data[w.weights].to_numpy(dtype=float)
        design = Design(data, weights=w.weights, strata=dstrata, min_cell=config.min_cell)
        if w.method == "none" or population is None:
            return design
    elif w.method == "none" or population is None:
        data[BASE_WEIGHT] = 1.0
        return Design(data, weights=BASE_WEIGHT, strata=dstrata, min_cell=config.min_cell)
    else:
        bstrata, bpopulation = sampling_population(data, population, config)
        data[BASE_WEIGHT] = base_weights(responses, bpopulation, bstrata, w.count, str(w.population))
        design = Design(data, weights=BASE_WEIGHT, strata=dstrata, min_cell=config.min_cell)
    for margin in w.margins:
        absent = [v for v in margin if v not in data]
        if absent:
            raise DesignError(
                f"{config.file}: `weighting.margins` uses {absent}, not a variable of the responses. "
                f"Use variables from config/codebook.yaml (e.g. {', '.join([*strata, 'gender', 'age_group'])})."
            )
    cells, margins = margin_tables(data, population, config)
    if w.trim is not None:
        return _bounded_rake(design, margins, w, config)
    if w.method == "rake":
        design = rake(design, margins)
    else:
        design = poststratify(design, cells[0], margins[0], count="Freq")
    return design


def design_strata(config: StudyConfig, data: pd.DataFrame) -> list[str]:
    """The design's strata: ``weighting.strata``, led by the wave in a study of several waves
    unless named there. The waves are independent samples (DESIGN.md: wave × stratum), so a
    change between waves is a contrast of independent estimates; ``weighting.strata`` alone
    also sets the base weights (population / sample size per stratum).

    Example:
        >>> from types import SimpleNamespace as N
        >>> c = N(weighting=N(strata=["municipality"]), waves=[N(id="y1"), N(id="y2")])
        >>> design_strata(c, pd.DataFrame({"wave": ["y1"], "municipality": ["A"]}))
        ['wave', 'municipality']
    """
    strata = list(config.weighting.strata)
    if len(config.waves) > 1 and "wave" in data and "wave" not in strata:
        strata = ["wave", *strata]
    return strata


def sampling_population(data: pd.DataFrame, population: pd.DataFrame,
                        config: StudyConfig) -> tuple[list[str], pd.DataFrame]:
    """The sampling strata of the base weights (population / sample size per stratum) and the
    population table they are read from. In a study of several waves whose ``weighting.strata``
    do not name the wave, the strata are crossed with it, as the design's strata are
    (:func:`design_strata`), from each wave's own rows of a population table with a wave column,
    else from the one population for every wave: each wave's stratum then weighs its population, as :func:`margin_tables` weights each wave to the
    margins. Pooled, a stratum sampled more in one wave than in the other took that wave's share
    of the stratum's population, and a wave's estimate (and the change) leaned to the strata
    sampled less in that wave.

    Example:
        >>> from types import SimpleNamespace as N
        >>> c = N(weighting=N(strata=["municipality"]), waves=[N(id="y1"), N(id="y2")])
        >>> strata, table = sampling_population(pd.DataFrame({"wave": ["y1"], "municipality": ["A"]}),
        ...                                     pd.DataFrame({"municipality": ["A"], "population": [10]}), c)
        >>> strata, table.to_dict("list")
        (['wave', 'municipality'], {'wave': ['y1', 'y2'], 'municipality': ['A', 'A'], 'population': [10, 10]})
    """
    strata = list(config.weighting.strata)
    if _by_wave(data, config) and "wave" not in strata:
        return ["wave", *strata], _per_wave(population, config)
    return strata, population


def _by_wave(data: pd.DataFrame, config: StudyConfig) -> bool:
    """A study of several waves, each an independent sample weighted on its own."""
    return len(config.waves) > 1 and "wave" in data


def _per_wave(population: pd.DataFrame, config: StudyConfig) -> pd.DataFrame:
    """The population table by wave: its own wave column, else the one population for every wave."""
    if "wave" in population.columns:
        return population
    return pd.DataFrame({"wave": [wave.id for wave in config.waves]}).merge(population, how="cross")


def margin_tables(data: pd.DataFrame, population: pd.DataFrame,
                  config: StudyConfig) -> tuple[list[list[str]], list[pd.DataFrame]]:
    """The weighting margins' cells and their population totals (a ``Freq`` column). In a study
    of several waves, a margin without the wave is crossed with it, so each wave is weighted to
    the population (its own rows of a population table with a wave column; else the one
    population for every wave), as the method notes and the weights figure say: raked together,
    the waves matched the population only when pooled, each wave off it by its own sample's
    make-up (and a change between waves then a change of weighting too)."""
    w = config.weighting

    def tables(cells: list[list[str]], table: pd.DataFrame, rows: pd.DataFrame | None) -> list[pd.DataFrame]:
        margins = [table.groupby(m, observed=True)[w.count].sum().rename("Freq").reset_index() for m in cells]
        for m, margin in zip(cells, margins, strict=True):
            _check_cells(data, margin, m, str(w.population), rows)
        return margins

    cells = [list(m) for m in w.margins]
    margins = tables(cells, population, population)   # a zero count named by its row of population.csv
    if _by_wave(data, config) and not all("wave" in m for m in cells):
        # a margin without the wave: each wave to it, by the table's own wave column (a population
        # per wave, which summed over the waves gave each wave the pooled waves' make-up) or else
        # by the one population for every wave
        cells = [m if "wave" in m else ["wave", *m] for m in cells]
        own = "wave" in population.columns
        margins = tables(cells, _per_wave(population, config), population if own else None)
    return cells, margins


def check_weight_variable(config: StudyConfig, codebook) -> None:
    """``weighting.weights`` names a numeric variable of the codebook with a source in every
    wave (checked before any export is read)."""
    name = config.weighting.weights
    if name is None:
        return
    where = f"{config.file}: `weighting.weights`"
    var = next((v for v in codebook.variables if v.name == name), None)
    if var is None:
        numbers = [v.name for v in codebook.variables if v.type == "numeric"]
        looks = [n for n in numbers if _WEIGHT_NAME.search(n)]
        hint = (f" Numeric variables that look like weights: {', '.join(looks)}." if looks else
                f" Its numeric variables: {', '.join(numbers)}." if numbers else "")
        raise ConfigError(
            f"{where}: {name!r} is not a variable of {codebook.file}.{hint} Give the name of the variable holding "
            "the data's weights (its `name:` in the codebook, not the export's column), or declare it there: "
            f"`- {{name: {name}, type: numeric, label: ..., sources: {{...}}}}` with its column in every wave.")
    if var.type != "numeric":
        raise ConfigError(
            f"{where}: variable {name!r} is `type: {var.type}` in {codebook.file}; weights are numbers. Declare it "
            "`type: numeric` there (and remove its `scale:`, if any).")
    absent = [w.id for w in config.waves if w.id not in var.sources]
    if absent:
        raise ConfigError(
            f"{where}: variable {name!r} has no source in wave(s) {', '.join(map(repr, absent))} of "
            f"{codebook.file}; every respondent needs a weight. Give it the weight column of each wave's export "
            "under `sources:`, or, if a wave's export has no weights, weight every wave to the population margins "
            "instead (`method: rake` without `weights:`).")


def check_data_weights(responses: pd.DataFrame, config: StudyConfig) -> None:
    """The data's weights (``weighting.weights``) are a finite number above 0 for every
    respondent: a missing, negative or infinite weight is an error naming the wave's file and
    its row; so is a weight of 0 (a respondent who would count in every n and in no estimate)."""
    name = config.weighting.weights
    where = f"{config.file}: `weighting.weights: {name}`"
    values = pd.to_numeric(responses[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    problems = [(np.isnan(values), "no weight (an empty cell, or an answer under `missing:`)"),
                (np.isinf(values), "an infinite weight"), (values < 0, "a negative weight"),
                (values == 0, "a weight of 0")]
    for rows, what in problems:
        if not rows.any():
            continue
        first = int(np.flatnonzero(rows)[0])
        wave = str(responses["wave"].iloc[first]) if "wave" in responses else None
        file = config.wave(wave).file if wave is not None else None
        shown = (file.relative_to(config.root) if file is not None and file.is_relative_to(config.root) else file)
        at = (f"first: wave {wave}, {shown}, row {responses['row'].iloc[first]}" if file is not None and "row" in
              responses else f"first: respondent {first + 1}")
        fix = ("If they are not to count (out of scope), leave them out with a screening rule that rejects them: "
               f"`complete: {{variable: {name}, incomplete: [0]}}` under `screening:` (the weight as the export "
               "writes it, e.g. \"0.0\")."
               if what == "a weight of 0" else
               f"Leave them out with `complete: {{required: [{name}]}}` under `screening:` (rejected as incomplete), "
               "or fill the weights in the export." if what.startswith("no weight") else
               "Correct the weights in the export: weights are numbers above 0.")
        raise DesignError(f"{where}: {int(rows.sum())} respondent(s) have {what} ({at}); every respondent needs a "
                          f"weight above 0. {fix}")


def _replicate_design(data: pd.DataFrame, config: StudyConfig, population: pd.DataFrame | None):
    """``weighting.replicates``: the data's replicate weights; with ``method: rake`` or
    ``poststratify`` every replicate is weighted to the margins too."""
    from surveykit.design import Design
    from surveykit.weights import poststratify, rake

    w = config.weighting
    where = f"{config.file}: `weighting.replicates`"
    if w.strata:
        raise DesignError(
            f"{config.file}: `weighting.strata` is for designs without replicate weights: the "
            "replicate weights carry the sampling design. Remove `strata` (or `replicates`)."
        )
    options = dict(w.replicates)
    if options["weights"] not in data.columns:
        raise DesignError(
            f"{where}: the full-sample weights {options['weights']!r} are not a variable of the "
            "responses. Declare it (type: numeric) in config/codebook.yaml."
        )
    _check_replicates(options, data, config)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            design = Design(data, min_cell=config.min_cell, **options)
        except DesignError as exc:
            raise DesignError(f"{where}: {in_config_terms(str(exc))}") from None
    for warning in caught:  # the design's warnings (JK1 without scale) in the terms of surveykit.yaml
        message = str(warning.message)
        if issubclass(warning.category, SurveykitWarning):
            message = f"{where}: {in_config_terms(message)}"
        warnings.warn(message, warning.category, stacklevel=4)
    if w.method == "none" or population is None:
        return design
    cells, margins = margin_tables(data, population, config)   # as the design without replicates
    if w.trim is not None:
        return _bounded_rake(design, margins, w, config)
    if w.method == "rake":
        return rake(design, margins)
    return poststratify(design, cells[0], margins[0], count="Freq")


# the Design arguments a message may name, as the keys of `weighting.replicates` that give them
_KEYS = [(r"\breplicate_type=('[^']*')", r"`weighting.replicates.type: \1`"),
         (r"\brepweights=('[^']*'|\[[^\]]*\])", r"`weighting.replicates.columns: \1`"),
         (r"\breplicate_type=", "`weighting.replicates.type`"), (r"\brepweights\b=?", "`weighting.replicates.columns`"),
         (r"\bcombined_weights\b=?", "`weighting.replicates.combined_weights`"),
         (r"\b(scale|rscales|rho|mse)\b=", r"`weighting.replicates.\1`"), (r"\bweights=", "`weighting.replicates.weights`")]


def in_config_terms(message: str) -> str:
    """A message of :class:`surveykit.design.Design` about its replicate arguments, said with
    the keys of ``weighting.replicates`` in surveykit.yaml that give them.

    Example:
        >>> in_config_terms("Design: JK1 without scale=: taking 7/8. Give scale= to be explicit.")
        'JK1 without `weighting.replicates.scale`: taking 7/8. Give `weighting.replicates.scale` to be explicit.'
    """
    message = re.sub(r"^Design: ", "", message)
    for pattern, key in _KEYS:
        message = re.sub(pattern, key, message)
    return message


_WEIGHT_NAME = re.compile(r"(?i)w(?:eigh)?t|wgt|rep|pw|jk|brr|fay|boot|vekt|vikt|vægt|vaegt|^w[0-9_]*$")


def _weight_like(data: pd.DataFrame) -> list[str]:
    """The numeric columns of the responses whose names look like weights (finwt, repwt1, PWGTP3)."""
    return [str(c) for c in data.columns if isinstance(c, str) and not c.endswith("__dk") and c not in ("row", "wave")
            and pd.api.types.is_numeric_dtype(data[c].dtype) and not pd.api.types.is_bool_dtype(data[c].dtype)
            and _WEIGHT_NAME.search(c)]


def _shortened(names: list[str]) -> str:
    """Names, a run of numbered ones (repwt1, ..., repwt80) shown as its first and last."""
    runs: dict[str, list[str]] = {}
    for name in names:
        runs.setdefault(re.sub(r"[0-9]+$", "#", name), []).append(name)
    parts = [run[0] if len(run) == 1 else f"{run[0]} … {run[-1]} ({len(run)} columns)" for run in runs.values()]
    return ", ".join(parts[:8]) + (f" and {len(parts) - 8} more" if len(parts) > 8 else "")


def _check_replicates(options: dict, data: pd.DataFrame, config: StudyConfig) -> None:
    """``weighting.replicates``' type and columns, refused in the terms of surveykit.yaml."""
    from surveykit.design.replicate import REPLICATE_TYPES

    where = f"{config.file}: `weighting.replicates"
    type_ = options["replicate_type"]
    if type_ not in REPLICATE_TYPES:
        raise ConfigError(
            f"{where}.type`: {type_!r} is not a type of replicate weights surveykit knows. Write one of "
            f"{', '.join(REPLICATE_TYPES)} (as R's svrepdesign): the data provider's documentation says how the "
            "replicates were made (a jackknife that drops one cluster per replicate is JK1, one stratified by "
            "pairs of clusters JK2, a stratified one JKn).")
    columns = options["repweights"]
    if not isinstance(columns, str):
        return
    try:
        pattern = re.compile(columns)
    except re.error as exc:
        raise ConfigError(f"{where}.columns`: {columns!r} is not a regular expression ({exc}). Write one that "
                          "matches the replicate weight columns, e.g. '^repwt[0-9]+$', or list them.") from None
    if any(isinstance(c, str) and pattern.search(c) for c in data.columns):
        return
    looks = [c for c in _weight_like(data) if c != options["weights"]]
    stems = {re.sub(r"[0-9]+$", "", c) for c in looks if re.search(r"[0-9]$", c)}
    example = f"'^{re.escape(stems.pop())}[0-9]+$'" if len(stems) == 1 else "'^repwt[0-9]+$'"
    found = (f"Variables that look like weights: {_shortened(looks)}." if looks else
             "No numeric variable of the responses looks like a weight: declare the replicate weight columns "
             "(type: numeric) in config/codebook.yaml.")
    raise ConfigError(f"{where}.columns`: {columns!r} matches no variable of the responses (the names of "
                      f"config/codebook.yaml, not of the export). {found} Write a regular expression that matches "
                      f"the replicate weight columns (e.g. {example}), or list them.")


def _bounded_rake(design, margins: list[pd.DataFrame], w, config: StudyConfig):
    """Raking with the weights bounded to ``trim`` times the base weight; margins kept."""
    from surveykit.weights import calibrate

    lower, upper = w.trim
    where = f"{config.file}: `weighting.trim`"
    if w.method != "rake":
        raise DesignError(
            f"{where} needs `method: rake`: after post-stratification every weight of a cell is "
            "the same, so bounding them would break the cell totals. Use method: rake, or drop trim."
        )
    if not 0 <= lower < 1 < upper:
        raise DesignError(
            f"{where} is [{lower:g}, {upper:g}]; it bounds each weight to lower..upper times its "
            "stratum's base weight, so it needs 0 <= lower < 1 < upper, e.g. [0.3, 3.0]."
        )
    try:
        return calibrate(design, margins, calfun="raking", bounds=(lower, upper), maxit=100)
    except DesignError as exc:
        raise DesignError(
            f"{where}: no weights within [{lower:g}, {upper:g}] times the base weights meet the "
            f"population margins ({exc}). Widen the bounds (e.g. [0.2, 5]) or use coarser margins."
        ) from None


def composition(responses: pd.DataFrame, weights: np.ndarray, population: pd.DataFrame,
                cells: list[str], count: str, *, by: str | None = "wave") -> pd.DataFrame:
    """Sample, weighted sample and population shares per cell (within ``by``), in one tidy frame.

    Columns: ``[by, *cells, source, share]`` with source in sample / weighted / population.
    """
    group = [by] if by else []
    keys = group + cells
    frame = responses[keys].astype("string").assign(_n=1.0, _w=np.asarray(weights, dtype=float))
    agg = frame.groupby(keys, observed=True)[["_n", "_w"]].sum().reset_index()
    if by and by not in population.columns:  # one population for every wave (margins without the wave)
        once = population.groupby(cells, observed=True)[count].sum().rename("_p").reset_index()
        waves = pd.DataFrame({by: responses[by].astype("string").dropna().unique()})
        pop = waves.merge(once, how="cross").astype({k: "string" for k in keys})
    else:
        pop = population.groupby(keys, observed=True)[count].sum().rename("_p").reset_index().astype(
            {k: "string" for k in keys})
    table = pop.merge(agg, on=keys, how="outer").fillna({"_n": 0.0, "_w": 0.0, "_p": 0.0})
    parts = []
    for col, source in (("_n", "sample"), ("_w", "weighted"), ("_p", "population")):
        share = table[col] / (table.groupby(group)[col].transform("sum") if group else table[col].sum())
        parts.append(table[keys].assign(source=source, share=share.to_numpy()))
    return pd.concat(parts, ignore_index=True)
