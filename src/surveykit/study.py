"""A study: configuration, cleaned responses and their weighted design, in one object.

Example:
    >>> import surveykit as sk
    >>> study = sk.load_study()                          # doctest: +SKIP
    >>> study.quality["1"]["responses"]                  # doctest: +SKIP
    1200
    >>> design = study.design()                          # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from surveykit import limits
from surveykit.clean.answers import label_answers, relabel_values, scaled_columns
from surveykit.clean.study import CleanResult, clean_study, reject_rows
from surveykit.config import (
    Codebook,
    SiteTable,
    StudyConfig,
    load_codebook,
    load_config,
    load_population,
    load_sites,
)
from surveykit.config.population import check_complete, population_levels
from surveykit.config.study import WAVE_COLUMN, inside_study
from surveykit.config.yamlfile import pick_text
from surveykit.outputs import (
    allowed_roots,
    check_output_folder,
    confined,
    write_csv,
    write_json,
)
from surveykit.presentation import Presentation
from surveykit.processed import write_responses
from surveykit.weighting import check_weight_variable

__all__ = ["Study", "load_study", "site_short_labels"]


@dataclass(frozen=True, repr=False)
class Study:
    """Everything known about a study after loading and cleaning (immutable).

    Its scale-coded answers are labelled in one language, :attr:`language` (the study's own,
    ``study.language`` in surveykit.yaml, unless opened in another with :meth:`in_language`).
    Shown (``repr``, Jupyter) as one short summary, not its data frames.
    """

    config: StudyConfig
    codebook: Codebook
    sites: SiteTable
    responses: pd.DataFrame
    rejects: pd.DataFrame
    quality: dict[str, Any]
    population: pd.DataFrame | None = field(default=None, repr=False)
    answer_language: str | None = None  # None: the study's language

    def __post_init__(self) -> None:
        # the responses carry the codebook's codes (``attrs``), as the design's data does: a design
        # built on them (sk.Design(study.responses, ...)) scores a scale coded 0-4 by its codes
        object.__setattr__(self, "responses", self._marked(self.responses))

    def __repr__(self) -> str:
        """One line per fact: name, waves with their responses, variables, sites, weighting.

        Example:
            >>> study                                                       # doctest: +SKIP
            Study 'Bibliotek og innbyggertorg' (synthetic data; answers in nb)
              waves: 2021 (1200 responses), 2023-01 (1150 responses); 40 rejected
              ...
        """
        cfg = self.config
        counts = (self.responses[WAVE_COLUMN].astype(str).value_counts() if WAVE_COLUMN in self.responses
                  else pd.Series(dtype=int))
        waves = ", ".join(f"{w.id} ({int(counts.get(str(w.id), 0))} responses)" for w in cfg.waves)
        method = cfg.weighting.method
        lines = [f"Study {cfg.name!r} ({'synthetic data; ' if cfg.synthetic else ''}answers in {self.language})",
                 f"  waves: {waves}; {len(self.rejects)} rejected",
                 f"  variables: {len(self.codebook.variables)} (study.codebook; answers: study.responses)",
                 f"  sites: {len(self.sites.table)}",
                 f"  weighting: {method}" + (f" (the data's weights: {cfg.weighting.weights})"
                                              if cfg.weighting.weights else ""),
                 f"  folder: {cfg.root}"]
        return "\n".join(lines)

    @property
    def language(self) -> str:
        """The language its answers (and its presentation) are labelled in."""
        return self.answer_language or self.config.language

    def in_language(self, language: str) -> Study:
        """The same study with its answers labelled in ``language``, from their codes; its
        population margins (matched to the levels when loaded, labelled as the answers) speak it too.

        Example:
            >>> study.in_language("en").responses["help_ease"].cat.categories[0]   # doctest: +SKIP
            'Strongly disagree'
        """
        from surveykit.labels import text

        text("and", language)  # an unknown language is a ConfigError
        if language == self.language:
            return self
        scales = scaled_columns(self.codebook)
        population = (None if self.population is None
                      else relabel_values(self.population, scales, self.language, language))
        return dataclasses.replace(self, responses=label_answers(self.responses, scales, language),
                                   population=population, answer_language=language)

    def labels(self, language: str | None = None) -> dict[str, str]:
        """Variable name -> its label in ``language`` (default: the study's)."""
        return self.codebook.labels(language or self.language)

    def presentation(self, language: str | None = None) -> Presentation:
        """How this study's results are shown, in :attr:`language`: the labels of its variables,
        sites, groupings and waves, ``min_cell`` and the footer. The answers of its items are
        labelled in the data already (another language: ``study.in_language("en").presentation()``,
        with results computed from that study).

        Hand it to the plot functions: ``sk.plot_likert(shares, presentation=study.presentation())``.
        """
        if language is not None and language != self.language:  # the earlier API: say what replaced it
            raise ValueError(f"study.presentation({language!r}): a study shows its results in the language its answers "
                             f"are labelled in ({self.language!r}); for {language!r} open it in that language first: "
                             f"study.in_language({language!r}), then .design() and .presentation() of that study.")
        from surveykit.labels import text

        lang = self.language
        cfg, cb = self.config, self.codebook
        names = {WAVE_COLUMN: text("wave", lang), "site": text("site", lang), **self.labels(lang), **cfg.sites.names(lang)}
        values: dict[str, dict] = {WAVE_COLUMN: self.wave_labels(lang), **cfg.sites.values(lang)}
        table = self.sites.table
        wave_values: dict[str, dict] = {}
        if len(table):
            values["site"] = dict(zip(table["site_id"], table["label"], strict=True))
            wave_values["site"] = self.site_labels_by_wave(values["site"])
        for var in cb.variables:
            for key, opt in (var.options or {}).items():
                names[f"{var.name}__{key}"] = pick_text(opt, lang)
        footer = self.footer()
        dont_know = {var.name: " / ".join(lv.text(lang) for lv in cb.scales[var.scale].nonsubstantive)
                     for var in cb.variables if var.scale}   # "": the item's scale has no such answer
        return Presentation(lang, names, values, {"site": site_short_labels(table)} if len(table) else {},
                            cfg.min_cell, footer, not_asked=self.not_asked(), dont_know=dont_know,
                            wave=WAVE_COLUMN, wave_values={k: v for k, v in wave_values.items() if v},
                            scales=self._scale_ends(lang), wording=cb.reworded(lang),
                            offered=cb.offered_by_wave([w.id for w in cfg.waves], lang))

    def _scale_ends(self, language: str) -> dict[str, tuple[float, float, str, str]]:
        """Per item on an ordered scale: its lowest and highest code (the scores) and their labels."""
        out = {}
        for var in self.codebook.variables:
            scale = self.codebook.scale_of(var.name)
            if scale is None or not scale.ordered or not scale.levels:
                continue
            low = min(scale.levels, key=lambda lv: lv.code)
            high = max(scale.levels, key=lambda lv: lv.code)
            out[var.name] = (low.code, high.code, low.text(language), high.text(language))
        return out

    def site_labels_by_wave(self, labels: dict[str, str]) -> dict[str, dict[str, str]]:
        """Wave id -> site id -> the site's label in config/sites.csv at the wave's field date,
        for the sites whose label then differs from ``labels`` (e.g. renamed when it became
        co-located); waves where none differs are left out."""
        out: dict[str, dict[str, str]] = {}
        for wave in self.config.waves:
            rows = self.sites.at(wave.field_date)
            then = {str(site): str(label) for site, label in rows["label"].items() if labels.get(site) != label}
            if then:
                out[wave.id] = then
        return out

    def not_asked(self) -> frozenset[tuple[str, str]]:
        """(variable, wave id) of every question a wave did not ask: a codebook variable with
        sources but none in that wave (its result columns too: ``<name>__dk``, ``<name>__<option>``).

        Example:
            >>> sorted(study.not_asked())                # doctest: +SKIP
            [('help_ease', '1'), ('help_ease__dk', '1')]
        """
        out = set()
        for var in self.codebook.variables:
            if not var.sources:
                continue   # derived, or a site attribute: asked where what it comes from was
            names = [var.name, f"{var.name}__dk", *(f"{var.name}__{key}" for key in var.options or {})]
            out.update((name, w.id) for w in self.config.waves if w.id not in var.sources for name in names)
        return frozenset(out)

    def footer(self, waves: Collection[str] | None = None, *, base: pd.DataFrame | None = None) -> str:
        """The figure footer, in :attr:`language`: the source, the labels of ``waves`` (default:
        every wave) and the respondents of those waves, n (a figure of two of three waves says
        so), and "synthetic data" where the study is. ``base``: the result a figure shows; the
        footer's n is then that of its estimates ("n = 842", or "n = 598–612 per estimate"
        where they differ: :func:`surveykit.labels.estimates_n`), not the study's, and none
        where no estimate is shown (every one suppressed).

        Example:
            >>> study.footer(["2019", "2023"])               # doctest: +SKIP
            'Source: Staff survey · 2019 and 2023 · n = 800'
        """
        from surveykit.labels import estimates_n, footer_text

        cfg, lang = self.config, self.language
        labels = self.wave_labels(lang)
        if waves is None:
            shown, n = list(labels.values()), len(self.responses)
        else:
            chosen = {str(w) for w in waves}
            shown = [label for wave, label in labels.items() if wave in chosen]
            n = int(self.responses["wave"].astype(str).isin(chosen).sum())
        if base is not None and "n" in base and len(base):
            n = estimates_n(base)  # None: every estimate suppressed or empty, no n to give (not the study's)
        return footer_text(lang, source=cfg.source_text(lang) or None, waves=shown, n=n,
                           synthetic=cfg.synthetic)

    def wave_labels(self, language: str | None = None) -> dict[str, str]:
        """Wave id -> its label from surveykit.yaml, in configuration order (the order of the
        categories of the ``wave`` column, an ordered categorical of the ids).

        Example:
            >>> study.wave_labels("en")                 # doctest: +SKIP
            {'1': 'Year 1 (2021/22)', '2': 'Year 2 (2023)'}
        """
        return {w.id: w.text(language or self.language) for w in self.config.waves}

    def items(self, kind: str = "likert") -> list[str]:
        """Names of the codebook variables of one type, in codebook order."""
        return self.codebook.names(kind)

    @cached_property
    def _design(self):
        from surveykit.weighting import study_design

        return study_design(self._marked(self.responses), self.config, self.population)

    def _marked(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` carrying what the estimators cannot see in the columns (``data.attrs``): each
        ordered scale-coded item's scores, the codebook's codes (``SCORES``: item -> {label: code}),
        so that ``sk.score``, ``sk.change`` ... score a scale coded 0-4 as the report does (not by
        position, 1-5); and, for :func:`surveykit.change` and :func:`surveykit.did`, the levels each
        wave offered of the items whose waves offered other levels (``offered:`` of their sources;
        ``OFFERED``: variable -> wave id -> labels), so that they refuse to compare them."""
        from surveykit.estimate.compare import OFFERED
        from surveykit.estimate.scoring import SCORES

        waves = [w.id for w in self.config.waves]
        scores = {var.name: {lv.text(self.language): float(lv.code) for lv in self.codebook.scales[var.scale].levels}
                  for var in self.codebook.variables
                  if var.scale and self.codebook.scales[var.scale].ordered and var.name in data.columns}
        offered = {}
        for var in self.codebook.variables:
            unlike = self.codebook.unlike_levels(var.name, [w for w in waves if w in var.sources])
            if unlike:
                scale = self.codebook.scales[var.scale]
                offered[var.name] = {w: [lv.text(self.language) for lv in scale.levels if lv.code in codes]
                                     for w, codes in unlike.items()}
        data = data.copy(deep=False)
        data.attrs[SCORES] = scores
        if offered:
            data.attrs[OFFERED] = offered
        return data

    def design(self, weighted: bool = True):
        """The survey design: stratified per wave, raked to the population margins (unless ``weighted=False``)."""
        if weighted:
            return self._design
        from surveykit.design import Design
        from surveykit.weighting import BASE_WEIGHT, design_strata

        data = self._marked(self.responses.assign(**{BASE_WEIGHT: 1.0}))
        return Design(data, weights=BASE_WEIGHT, strata=design_strata(self.config, data) or None,
                      min_cell=self.config.min_cell)

    def quality_report(self) -> pd.DataFrame:
        """Row accounting per wave as a table: raw rows, responses, rejects by reason."""
        rows = []
        for wave, q in self.quality.items():
            if not isinstance(q, dict) or "raw_rows" not in q:
                continue
            rows.append({"wave": wave, "file": Path(q["file"]).name, "raw_rows": q["raw_rows"],
                         "responses": q["responses"], "rejected": q["rejected"], **q["reasons"],
                         "masked_text_cells": q["masked_text_cells"]})
        return pd.DataFrame(rows)

    def save(self, folder: str | Path | None = None) -> list[Path]:
        """Write responses.parquet, rejects.csv and quality.json (atomically) to data/processed/."""
        out = Path(folder) if folder else check_output_folder(self.config.root, self.config.processed_dir)
        with confined(*(allowed_roots() or (out,))):
            return [
                write_responses(self.responses, scaled_columns(self.codebook), out / "responses.parquet"),
                write_csv(self.rejects, out / "rejects.csv"),
                write_json(self.quality, out / "quality.json"),
            ]


def site_short_labels(table: pd.DataFrame) -> dict[str, str]:
    """Place names for narrow columns: the site label without its kind ("Askim innbyggertorg og
    bibliotek" of kind "innbyggertorg og bibliotek" -> "Askim"); the label when that fails.

    Example:
        >>> site_short_labels(pd.DataFrame({"site_id": ["a"], "label": ["Askim bibliotek"],
        ...                                 "kind": ["bibliotek"]}))
        {'a': 'Askim'}
    """
    out: dict[str, str] = {}
    kinds = table["kind"] if "kind" in table else pd.Series("", index=table.index)
    for site, label, kind in zip(table["site_id"], table["label"], kinds.fillna(""), strict=True):
        label, kind = str(label), str(kind).strip()
        short = label[: -len(kind)].strip() if kind and label.lower().endswith(" " + kind.lower()) else label
        out.setdefault(str(site), short or label)
    return out


def _sites(config: StudyConfig, codebook: Codebook) -> SiteTable:
    """config/sites.csv with the study's site configuration; a study without a site variable
    needs no site table (an empty one when the file is absent)."""
    if "site" in {v.type for v in codebook.variables} or config.sites_path.is_file():
        return load_sites(config.sites_path, config.sites)
    return SiteTable(pd.DataFrame(columns=["site_id", "label", "kind", "aliases", "valid_from", "valid_to"]),
                     str(config.sites_path), config.sites)


def _drop_unweightable(result: CleanResult, config: StudyConfig, codebook: Codebook, population: pd.DataFrame | None,
                       progress: Callable[[str], None] | None) -> tuple[CleanResult, Codebook]:
    """``weighting.unweightable: drop``: the respondents the weighting cannot place in a cell
    rejected with reason ``unweightable`` (rejects.csv, quality.json, the method notes).

    A level of a weighting variable that only rejected respondents had (``gender=Annet``, which
    population.csv has no count for) is left out of the variable's categories, and of its scale
    in the codebook returned, so no table shows it as a level with 0 % and no ``by=`` warns of
    it at every table; the drop's note says so once. A level nobody chose before the drop stays.
    """
    from surveykit.weighting import unweightable

    if population is None or config.weighting.method == "none":
        return result, codebook
    bad = unweightable(result.responses, config, population)
    w = config.weighting
    weighting_variables = [v for v in dict.fromkeys([*w.strata, *(v for m in w.margins for v in m)])
                           if v != WAVE_COLUMN and v in result.responses]
    emptied = _emptied_levels(result.responses, bad.rows, weighting_variables)
    said = ", ".join(f"{name}={level}" for name, levels in emptied.items() for level in levels)
    which = "the level is" if sum(map(len, emptied.values())) == 1 else "the levels are"
    note = "; ".join([*bad.reasons, *([f"{said}: no respondent left after dropping the unweightable; {which} "
                                       "left out of the tables"] if emptied else [])]) or "none"
    result = reject_rows(result, bad.rows, "unweightable", codebook, note)
    if emptied:
        result, codebook = _without_levels(result, codebook, emptied)
    if progress and bad.rows.any():
        progress(f"{int(bad.rows.sum())} respondent(s) without a weighting cell rejected (weighting.unweightable: "
                 f"drop): {note}")
    return result, codebook


def _emptied_levels(responses: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> dict[str, list[str]]:
    """Column -> the categories that respondents at ``rows`` have and no other respondent has
    (in category order); categorical columns only.

    Example:
        >>> frame = pd.DataFrame({"g": pd.Categorical(["A", "B", "B"], categories=["A", "B", "C"])})
        >>> _emptied_levels(frame, np.array([True, True, False]), ["g"])   # C was empty before: it stays
        {'g': ['A']}
    """
    rows = np.asarray(rows, dtype=bool)
    out = {}
    for name in columns:
        values = responses[name]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            continue
        gone, left = set(values[rows].dropna()), set(values[~rows].dropna())
        levels = [c for c in values.cat.categories if c in gone and c not in left]
        if levels:
            out[name] = levels
    return out


def _without_levels(result: CleanResult, codebook: Codebook,
                    emptied: dict[str, list[str]]) -> tuple[CleanResult, Codebook]:
    """``result`` with the ``emptied`` categories out of their columns; a scale-coded column's
    scale without those levels in the codebook (a scale other variables share is copied for
    this one), since a scale-coded column holds its scale's levels as its categories."""
    responses = result.responses.copy()
    scales, variables = dict(codebook.scales), list(codebook.variables)
    for name, levels in emptied.items():
        column = responses[name]
        # by the codes, not cat.remove_categories: pandas 3 sorts the categories left of an unordered one
        keep = ~column.cat.categories.isin(levels)
        position = np.where(keep, np.cumsum(keep) - 1, -1)
        codes = column.cat.codes.to_numpy()
        responses[name] = pd.Categorical.from_codes(np.where(codes >= 0, position[codes], -1),
                                                    categories=column.cat.categories[keep],
                                                    ordered=column.cat.ordered)
        i = next((k for k, var in enumerate(variables) if var.name == name), None)
        if i is None or not variables[i].scale:
            continue
        var = variables[i]
        scale = scales[var.scale]
        kept = tuple(level for level, label in zip(scale.levels, column.cat.categories, strict=True)
                     if label not in levels)
        codes = {level.code for level in kept}
        narrowed = dataclasses.replace(scale, levels=kept, top_box=tuple(c for c in scale.top_box if c in codes))
        shared = any(other.scale == var.scale for other in variables if other.name != name)
        key = f"{var.scale} ({name})" if shared else var.scale
        scales[key] = narrowed
        variables[i] = dataclasses.replace(var, scale=key)
    return (dataclasses.replace(result, responses=responses),
            dataclasses.replace(codebook, scales=scales, variables=tuple(variables)))


def load_study(path: str | Path | None = None, *, progress: Callable[[str], None] | None = None) -> Study:
    """Load a study: read surveykit.yaml (found from ``path`` or the current folder), clean all waves."""
    config = load_config(path)
    with limits.using(config.limits):
        for fixed in (config.codebook_path, config.sites_path, config.report_path):
            inside_study(config.root, str(fixed.relative_to(config.root)), str(fixed))
        codebook = load_codebook(config.codebook_path, [w.id for w in config.waves])
        check_weight_variable(config, codebook)
        sites = _sites(config, codebook)
        population = None
        if config.weighting.population is not None:
            # sampling strata give base weights from the population; with the data's own weights they do not
            strata = set(config.weighting.strata) if config.weighting.weights is None else set()
            columns = sorted({c for m in config.weighting.margins for c in m} | strata)
            population = load_population(config.weighting.population, count=config.weighting.count, columns=columns,
                                         strata=config.weighting.strata)
            # its cells as the responses' levels in the study's language, whatever language (or
            # codes) population.csv is written in: the weighting does not depend on the language
            population = population_levels(population, scaled_columns(codebook), config.language,
                                           path=config.weighting.population, count=config.weighting.count,
                                           columns=columns)
        result = clean_study(config, codebook, sites, progress=progress)
        if population is not None and config.weighting.method != "none":   # a cell left out (whose respondents?)
            check_complete(population, columns, by=["wave"], path=config.weighting.population,
                           count=config.weighting.count, respondents=result.responses,
                           margins=config.weighting.margins)
        if config.weighting.unweightable == "drop":
            result, codebook = _drop_unweightable(result, config, codebook, population, progress)
    quality = dict(result.quality)
    quality["study"] = {"name": config.name, "synthetic": config.synthetic,
                        "responses": len(result.responses), "rejected": len(result.rejects)}
    reworded = codebook.reworded(config.language)
    if reworded:   # questions asked in other words in another wave: each wave's words
        quality["study"]["reworded"] = reworded
    return Study(config, codebook, sites, result.responses, result.rejects, quality, population)
