"""Write the demo study: configuration, the two exports and the truth.

The default (``export="xlsx"``, ``sites=None``) is the embedded study, byte for byte. For
benchmarks, ``export="csv"``/``"parquet"`` writes wave 1 as a CSV or Parquet file with the
same columns and texts (Excel stops at 1,048,575 rows), and ``sites=N`` splits the 9 real
sites into N branches; ``scale`` multiplies the 600 interviews per municipality and wave.

Example:
    >>> import tempfile
    >>> root = write_study(tempfile.mkdtemp(), scale=0.05)
    >>> sorted(p.name for p in (root / "data" / "raw").iterdir())
    ['TRUTH.md', 'truth.yaml', 'wave1_opinion_2022.xlsx', 'wave2_opinion_2023.sav']
    >>> big = write_study(tempfile.mkdtemp(), scale=0.05, export="csv", sites=30)
    >>> sorted(p.name for p in (big / "data" / "raw").iterdir())[2:]
    ['wave1_opinion_2022.csv', 'wave2_opinion_2023.sav']
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml

from surveykit.outputs import unlinked
from surveykit.synth import answers
from surveykit.synth.export import (
    EXCEL_MAX_ROWS,
    wave1_frame,
    wave2_frame,
    write_csv,
    write_parquet,
    write_sav,
    write_xlsx,
)
from surveykit.synth.generate import DEFAULT_SEED, generate_wave, junk_counts
from surveykit.synth.junk import file_rows
from surveykit.synth.population import population_cells
from surveykit.synth.respondents import PROPENSITY
from surveykit.synth.sites import FIELD_DATES, WAVES, SiteLayout, site_layout
from surveykit.synth.truth import file_truth, population_truth
from surveykit.synth.truth_md import render_truth_md

__all__ = ["CONFIG_FILES", "EXPORTS", "RAW_FILES", "raw_files", "write_study"]

CONFIG_FILES = {
    "surveykit.yaml": "surveykit.yaml",
    "codebook.yaml": "config/codebook.yaml",
    "sites.csv": "config/sites.csv",
    "report.yaml": "config/report.yaml",
}
RAW_FILES = {"1": "data/raw/wave1_opinion_2022.xlsx", "2": "data/raw/wave2_opinion_2023.sav"}
EXPORTS = ("xlsx", "csv", "parquet")
Export = Literal["xlsx", "csv", "parquet"]

# The wave-1 entry of the packaged surveykit.yaml, and what replaces it for the other exports.
_WAVE1_YAML = "    file: data/raw/wave1_opinion_2022.xlsx\n    format: xlsx\n    sheet: Data\n"
_WAVE1_YAML_AS = {
    "csv": '    file: data/raw/wave1_opinion_2022.csv\n    format: csv\n'
           '    options: {encoding: utf-8, delimiter: ","}\n',
    "parquet": "    file: data/raw/wave1_opinion_2022.parquet\n    format: parquet\n",
}


def raw_files(export: Export = "xlsx") -> dict[str, str]:
    """The raw export paths by wave for a wave-1 export format.

    Example:
        >>> raw_files("csv")["1"]
        'data/raw/wave1_opinion_2022.csv'
    """
    if export not in EXPORTS:
        raise ValueError(f"export={export!r}: use one of {', '.join(map(repr, EXPORTS))}.")
    return {**RAW_FILES, "1": RAW_FILES["1"].removesuffix(".xlsx") + "." + export}


def write_study(root: str | Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0, config: bool = True,
                export: Export = "xlsx", sites: int | None = None) -> Path:
    """Write the synthetic study under ``root`` (created); ``config=False`` writes only data/raw.

    ``scale`` multiplies the 600 interviews per municipality and wave (junk rows scale too);
    1M respondents over both waves is ``scale≈417``. ``export`` is wave 1's format: ``"xlsx"``
    (the agency's Excel file; at most ~858× scale), ``"csv"`` (UTF-8, comma) or ``"parquet"``;
    wave 2 is always SPSS. ``sites``: split the 9 real sites into this many branches (see
    :func:`surveykit.synth.sites.site_layout`); the planted effects do not change.
    Returns ``root`` as a Path.

    Example:
        >>> import tempfile
        >>> write_study(tempfile.mkdtemp(), scale=900)
        Traceback (most recent call last):
        ...
        ValueError: scale=900: wave 1 would have 1,099,800 rows, more than an Excel sheet holds (1,048,575); use export="csv" or export="parquet".
    """
    files = raw_files(export)
    layout = site_layout(sites)
    root = Path(root)
    n = max(1, round(600 * scale))
    rows1 = 2 * n + sum(junk_counts("1", n).values())
    if export == "xlsx" and rows1 > EXCEL_MAX_ROWS:
        raise ValueError(f"scale={scale}: wave 1 would have {rows1:,} rows, more than an Excel sheet holds "
                         f'({EXCEL_MAX_ROWS:,}); use export="csv" or export="parquet".')
    raw = root / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for rel in [*files.values(), "data/raw/truth.yaml", "data/raw/TRUTH.md",
                *((*CONFIG_FILES.values(), "config/population.csv") if config else ())]:
        unlinked(root / rel, root)   # a planted link must not make the demo overwrite a file elsewhere
    clean, rows, variants = {}, {}, {}
    for i, w in enumerate(WAVES):
        clean[w], extra = generate_wave(seed, w, n, layout)
        rows[w] = file_rows(np.random.default_rng([seed, i, 4]), w, clean[w], extra)
    df1, variants["1"] = wave1_frame(np.random.default_rng([seed, 0, 5]), rows["1"], layout)
    {"xlsx": write_xlsx, "csv": write_csv, "parquet": write_parquet}[export](df1, root / files["1"])
    del df1
    df2, labels, value_labels = wave2_frame(rows["2"], layout)
    write_sav(df2, root / files["2"], labels, value_labels)
    del df2
    branches = layout if layout is not site_layout() else None
    truth = _truth(seed, scale, n, clean, rows, variants, files, branches)
    (raw / "truth.yaml").write_text(
        "# SYNTHETIC DATA — the truth planted by surveykit.synth (see TRUTH.md)\n"
        + yaml.safe_dump(truth, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    (raw / "TRUTH.md").write_text(render_truth_md(truth), encoding="utf-8")
    if config:
        _write_config(root, export, layout)
    return root


def _write_config(root: Path, export: Export, layout: SiteLayout) -> None:
    """The package's config files; surveykit.yaml and sites.csv adapted to the export and sites."""
    (root / "config").mkdir(exist_ok=True)
    study = resources.files("surveykit.synth") / "study"
    for src, dst in CONFIG_FILES.items():
        with resources.as_file(study / src) as path:
            shutil.copyfile(path, root / dst)
    if export != "xlsx":
        path = root / CONFIG_FILES["surveykit.yaml"]
        text = path.read_text(encoding="utf-8")
        if text.count(_WAVE1_YAML) != 1:
            raise RuntimeError("surveykit.synth: the packaged surveykit.yaml no longer has the expected wave-1 entry")
        path.write_text(text.replace(_WAVE1_YAML, _WAVE1_YAML_AS[export]), encoding="utf-8")
    if layout is not site_layout():
        layout.table.to_csv(root / CONFIG_FILES["sites.csv"], index=False, lineterminator="\n")
    population_cells().to_csv(root / "config" / "population.csv", index=False, lineterminator="\n")


def _round(obj: Any) -> Any:
    """Round floats to 4 decimals and make keys plain, for a readable, stable YAML.

    No negative zero: a difference of ~1e-17 rounds to 0.0 or -0.0 by the sign of round-off,
    which differs between numpy versions and CPUs, and the file must not.
    """
    if isinstance(obj, dict):
        return {(k if isinstance(k, str | int) else str(k)): _round(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return round(float(obj), 4) + 0.0
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def _truth(seed: int, scale: float, n: int, clean: dict, rows: dict, variants: dict, raw: dict[str, str],
           layout: SiteLayout | None) -> dict[str, Any]:
    """The truth dictionary; ``layout`` only for branches (the default study's truth stays as it was)."""
    pop = population_truth(layout)
    files = file_truth(clean, rows, variants)
    params = {
        name: {k: v for k, v in vars(item).items() if k != "age"} | {"age": dict(zip(
            ["20-29", "30-44", "45-59", "60-74", "75+"], item.age, strict=True))}
        for name, item in answers.ITEMS.items()
    }
    generator = {"package": "surveykit.synth", "seed": seed, "scale": scale, "n_per_municipality": n,
                 "field_dates": FIELD_DATES, "files": raw}
    design = {"site_shares": (layout or site_layout()).shares}
    if layout is not None:
        generator["sites"] = len(layout.site_ids)
        design["site_parent"] = layout.parent
    return _round({
        "synthetic": True,
        "warning": "SYNTETISKE DATA / SYNTHETIC DATA — not the real survey; every number is a design choice",
        "generator": generator,
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
        "design": {**design,
                   "response_propensity": {f"{g} {a}": p for (g, a), p in PROPENSITY.items()},
                   "item_parameters_latent": params,
                   "thresholds": [1.5, 2.5, 3.5, 4.5]},
    })
