"""Write the demo study: configuration, the two exports and the truth.

Example:
    >>> import tempfile
    >>> root = write_study(tempfile.mkdtemp(), scale=0.05)
    >>> sorted(p.name for p in (root / "data" / "raw").iterdir())
    ['TRUTH.md', 'truth.yaml', 'wave1_opinion_2022.xlsx', 'wave2_opinion_2023.sav']
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from surveykit.synth import answers
from surveykit.synth.export import wave1_frame, wave2_frame, write_sav, write_xlsx
from surveykit.synth.generate import DEFAULT_SEED, generate_wave
from surveykit.synth.junk import file_rows
from surveykit.synth.population import population_cells
from surveykit.synth.respondents import PROPENSITY
from surveykit.synth.sites import FIELD_DATES, SITE_SHARES, WAVES
from surveykit.synth.truth import file_truth, population_truth
from surveykit.synth.truth_md import render_truth_md

__all__ = ["CONFIG_FILES", "RAW_FILES", "write_study"]

CONFIG_FILES = {
    "surveykit.yaml": "surveykit.yaml",
    "codebook.yaml": "config/codebook.yaml",
    "sites.csv": "config/sites.csv",
    "report.yaml": "config/report.yaml",
}
RAW_FILES = {"1": "data/raw/wave1_opinion_2022.xlsx", "2": "data/raw/wave2_opinion_2023.sav"}


def write_study(root: str | Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0, config: bool = True) -> Path:
    """Write the synthetic study under ``root`` (created); ``config=False`` writes only data/raw.

    ``scale`` multiplies the 600 interviews per municipality and wave (junk rows scale too).
    Returns ``root`` as a Path.
    """
    root = Path(root)
    raw = root / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    n = max(1, round(600 * scale))
    clean, rows, variants = {}, {}, {}
    for i, w in enumerate(WAVES):
        clean[w], extra = generate_wave(seed, w, n)
        rows[w] = file_rows(np.random.default_rng([seed, i, 4]), w, clean[w], extra)
    df1, variants["1"] = wave1_frame(np.random.default_rng([seed, 0, 5]), rows["1"])
    write_xlsx(df1, root / RAW_FILES["1"])
    df2, labels, value_labels = wave2_frame(rows["2"])
    write_sav(df2, root / RAW_FILES["2"], labels, value_labels)
    truth = _truth(seed, scale, n, clean, rows, variants)
    (raw / "truth.yaml").write_text(
        "# SYNTHETIC DATA — the truth planted by surveykit.synth (see TRUTH.md)\n"
        + yaml.safe_dump(truth, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    (raw / "TRUTH.md").write_text(render_truth_md(truth), encoding="utf-8")
    if config:
        (root / "config").mkdir(exist_ok=True)
        study = resources.files("surveykit.synth") / "study"
        for src, dst in CONFIG_FILES.items():
            with resources.as_file(study / src) as path:
                shutil.copyfile(path, root / dst)
        population_cells().to_csv(root / "config" / "population.csv", index=False, lineterminator="\n")
    return root


def _round(obj: Any) -> Any:
    """Round floats to 4 decimals and make keys plain, for a readable, stable YAML."""
    if isinstance(obj, dict):
        return {(k if isinstance(k, str | int) else str(k)): _round(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return round(float(obj), 4)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def _truth(seed: int, scale: float, n: int, clean: dict, rows: dict, variants: dict) -> dict[str, Any]:
    pop = population_truth()
    files = file_truth(clean, rows, variants)
    params = {
        name: {k: v for k, v in vars(item).items() if k != "age"} | {"age": dict(zip(
            ["20-29", "30-44", "45-59", "60-74", "75+"], item.age, strict=True))}
        for name, item in answers.ITEMS.items()
    }
    return _round({
        "synthetic": True,
        "warning": "SYNTETISKE DATA / SYNTHETIC DATA — not the real survey; every number is a design choice",
        "generator": {"package": "surveykit.synth", "seed": seed, "scale": scale, "n_per_municipality": n,
                      "field_dates": FIELD_DATES, "files": RAW_FILES},
        "junk": files["junk"],
        "junk_ids": files["junk_ids"],
        "label_variants": {"1": files["label_variants"]["1"],
                           "2": {"agree5 code 3": "Hverken enig eller uenig",
                                 "satisfied5 code 3": "Hverken fornøyd eller misfornøyd",
                                 "trust3 code 2": "Samme tillit"}},
        "planted_identifiers": files["planted_identifiers"],
        "planted_effects": {
            "help_ease": {"co_located_minus_separate": 0.40, "did_switched_sites": 0.30},
            "municipal_access": {"co_located_minus_separate": 0.35, "did_switched_sites": 0.25},
            "digital_help": {"co_located_minus_separate": 0.20, "did_switched_sites": 0.15},
            "discretion": {"co_located_minus_separate": -0.15, "did_switched_sites": -0.15},
            "colocation_challenges_independence": {
                "agree_share_incl_dont_know_overall": 0.25, "higher_where_co_located": True},
            "shared_desk_trust": {"share_less_trust": 0.20},
            "better_town": {"indre_ostfold_minus_drammen": 0.25,
                            "note": "a municipality effect, not co-location: it confounds co_located vs separate"},
            "satisfaction": {"lower_for_young_and_men": True, "weighted_minus_unweighted": "negative"},
            "no_change": "no other wave-1 to wave-2 change at any site (population composition aside)",
        },
        "population": pop,
        "design": {"site_shares": SITE_SHARES,
                   "response_propensity": {f"{g} {a}": p for (g, a), p in PROPENSITY.items()},
                   "item_parameters_latent": params,
                   "thresholds": [1.5, 2.5, 3.5, 4.5]},
    })
