"""A study: configuration, cleaned responses and their weighted design, in one object.

Example:
    >>> import surveykit as sk
    >>> study = sk.load_study()                          # doctest: +SKIP
    >>> study.quality["1"]["responses"]                  # doctest: +SKIP
    1200
    >>> design = study.design()                          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit import limits
from surveykit.clean.study import clean_study
from surveykit.config import (
    Codebook,
    SiteTable,
    StudyConfig,
    load_codebook,
    load_config,
    load_population,
    load_sites,
)
from surveykit.config.study import inside_study
from surveykit.outputs import (
    allowed_roots,
    check_output_folder,
    confined,
    write_csv,
    write_json,
    write_parquet,
)

__all__ = ["Study", "load_study"]


@dataclass(frozen=True)
class Study:
    """Everything known about a study after loading and cleaning (immutable)."""

    config: StudyConfig
    codebook: Codebook
    sites: SiteTable
    responses: pd.DataFrame
    rejects: pd.DataFrame
    quality: dict[str, Any]
    population: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def language(self) -> str:
        return self.config.language

    def labels(self, language: str | None = None) -> dict[str, str]:
        """Variable name -> its label in ``language`` (default: the study's)."""
        return self.codebook.labels(language or self.language)

    def items(self, kind: str = "likert") -> list[str]:
        """Names of the codebook variables of one type, in codebook order."""
        return self.codebook.names(kind)

    @cached_property
    def _design(self):
        from surveykit.weighting import study_design

        return study_design(self.responses, self.config, self.population)

    def design(self, weighted: bool = True):
        """The survey design: stratified per wave, raked to the population margins (unless ``weighted=False``)."""
        if weighted:
            return self._design
        from surveykit.design import Design
        from surveykit.weighting import BASE_WEIGHT

        data = self.responses.assign(**{BASE_WEIGHT: 1.0})
        return Design(data, weights=BASE_WEIGHT, strata=list(self.config.weighting.strata) or None,
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
                write_parquet(self.responses, out / "responses.parquet"),
                write_csv(self.rejects, out / "rejects.csv"),
                write_json(self.quality, out / "quality.json"),
            ]


def load_study(path: str | Path | None = None, *, progress: Callable[[str], None] | None = None) -> Study:
    """Load a study: read surveykit.yaml (found from ``path`` or the current folder), clean all waves."""
    config = load_config(path)
    with limits.using(config.limits):
        for fixed in (config.codebook_path, config.sites_path, config.report_path):
            inside_study(config.root, str(fixed.relative_to(config.root)), str(fixed))
        codebook = load_codebook(config.codebook_path, [w.id for w in config.waves])
        sites = load_sites(config.sites_path)
        population = None
        if config.weighting.population is not None:
            columns = sorted({c for m in config.weighting.margins for c in m} | set(config.weighting.strata))
            population = load_population(config.weighting.population, count=config.weighting.count, columns=columns)
        result = clean_study(config, codebook, sites, progress=progress)
    quality = dict(result.quality)
    quality["study"] = {"name": config.name, "synthetic": config.synthetic,
                        "responses": len(result.responses), "rejected": len(result.rejects)}
    return Study(config, codebook, sites, result.responses, result.rejects, quality, population)
