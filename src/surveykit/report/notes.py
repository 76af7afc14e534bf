"""Method notes of the report (weighting, margins of error, suppression, confounding, DiD).

Example:
    >>> notes = method_notes(study, design_summary, language="en")   # doctest: +SKIP
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from surveykit.labels import format_number, text, value_label
from surveykit.study import Study

__all__ = ["method_frame", "method_notes", "method_sheets"]


def _margin_of_error(n: float) -> float:
    return 1.96 * math.sqrt(0.25 / n) if n > 0 else float("nan")


def method_notes(study: Study, summary: pd.DataFrame | None, language: str = "nb") -> list[tuple[str, str]]:
    """(heading, text) pairs for the report's method section, in bokmål or English."""
    cfg = study.config
    margins = "; ".join(" × ".join(value_label(None, v, language) for v in m) for m in cfg.weighting.margins) or "-"
    n_eff = float(summary["n_eff"].min()) if summary is not None and len(summary) else float(len(study.responses))
    moe = f"{format_number(100 * _margin_of_error(n_eff), language, 1)} {text('percentage_points', language)}"
    nb = language in ("nb", "nn", "da", "sv")
    notes = []
    if cfg.synthetic:
        notes.append(("Syntetiske data" if nb else "Synthetic data",
                      "Alle tall i denne rapporten kommer fra et syntetisk datasett laget av surveykit.synth med "
                      "innplantede effekter. De er ikke resultater fra den virkelige innbyggerundersøkelsen."
                      if nb else
                      "Every number in this report comes from a synthetic data set made by surveykit.synth with "
                      "planted effects. They are not results of the real citizen survey."))
    notes.append(("Vekting" if nb else "Weighting",
                  (f"Hver bølge er vektet (metode: {cfg.weighting.method}) til befolkningen etter marginene {margins}. "
                   "Standardfeil og konfidensintervall er designbaserte (linearisering), og tar hensyn til "
                   "stratifisering og vekting.") if nb else
                  (f"Each wave is weighted (method: {cfg.weighting.method}) to the population on the margins {margins}. "
                   "Standard errors and confidence intervals are design-based (linearisation), accounting for "
                   "stratification and weighting.")))
    notes.append(("Feilmarginer" if nb else "Margins of error",
                  (f"Med effektivt utvalg på om lag {format_number(n_eff, language, 0)} per bølge er feilmarginen for en "
                   f"andel på 50 % inntil ±{moe} (95 %). For undergrupper er den større; se konfidensintervallene.")
                  if nb else
                  (f"With an effective sample of about {format_number(n_eff, language, 0)} per wave the margin of error "
                   f"for a share of 50 % is up to ±{moe} (95 %). It is larger for subgroups; see the intervals.")))
    notes.append(("Små grupper" if nb else "Small cells",
                  (f"Tall som bygger på færre enn {cfg.min_cell} svar vises ikke (markert som undertrykt).")
                  if nb else
                  (f"Numbers resting on fewer than {cfg.min_cell} answers are not shown (marked as suppressed).")))
    notes.append(("Samlokalisert mot separat: en forsiktighetsregel" if nb else "Co-located vs separate: a caveat",
                  ("Sammenligningen av samlokaliserte og separate steder er sammenblandet med kommune: alle stedene "
                   "i Indre Østfold er samlokalisert, og de fleste i Drammen er det ikke. Forskjeller kan derfor "
                   "skyldes kommunen (befolkning, tjenestetilbud, bygg) og ikke organiseringen.") if nb else
                  ("The comparison of co-located and separate sites is confounded with municipality: every site in "
                   "Indre Østfold is co-located and most in Drammen are not, so differences may be due to the "
                   "municipality (population, services, buildings) rather than the organisation.")))
    notes.append(("Hva forskjell-i-forskjeller tilfører" if nb else "What the difference in differences adds",
                  ("Forskjell-i-forskjeller-analysen sammenligner endringen fra år 1 til år 2 ved steder som ble "
                   "samlokalisert mellom bølgene med endringen ved steder som forble separate, i samme kommune. "
                   "Faste forskjeller mellom stedene og kommunen faller bort; det som er felles for alle steder fra "
                   "år 1 til år 2 trekkes fra. Den hviler på at stedene ville ha endret seg likt uten "
                   "samlokaliseringen (parallelle trender), og på få steder, så intervallene er brede.") if nb else
                  ("The difference in differences compares the change from year 1 to year 2 at sites that became "
                   "co-located between the waves with the change at sites that stayed separate, within the same "
                   "municipality. Fixed differences between the sites and the municipality drop out, and what was "
                   "common to all sites between the years is subtracted. It rests on the sites having changed alike "
                   "without the co-location (parallel trends) and on few sites, so the intervals are wide.")))
    return notes


def _relative(path, root) -> str:
    if path is None:
        return ""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def method_sheets(study: Study, summary: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Method tables for the workbook, numbers as numbers: margins of error per wave and the
    weighting margins."""
    sheets: dict[str, pd.DataFrame] = {}
    if summary is not None and len(summary):
        moe = pd.DataFrame({
            "wave": summary["wave"].astype(str),
            "n": summary["n"].astype(int),
            "n_eff": summary["n_eff"].astype(float),
            "deff_weights": summary["deff_weights"].astype(float),
            "max_weight_ratio": (summary["max"] / summary["mean"]).astype(float),
            "moe_share_50": [_margin_of_error(float(x)) for x in summary["n_eff"]],
        })
        sheets["metode_feilmarginer"] = moe
    cfg = study.config
    rows = [{"margin": " × ".join(m), "method": cfg.weighting.method,
             "population": _relative(cfg.weighting.population, cfg.root),
             "min_cell": cfg.min_cell} for m in cfg.weighting.margins]
    if rows:
        sheets["metode_vektingsmarginer"] = pd.DataFrame(rows)
    return sheets


def method_frame(study: Study, summary: pd.DataFrame | None, language: str = "nb") -> pd.DataFrame:
    """The method notes as a two-column table (for the workbook's method sheet)."""
    rows = method_notes(study, summary, language)
    if summary is not None:
        for rec in summary.itertuples(index=False):
            rows.append((f"wave {rec.wave}: n / n_eff / max weight",
                         f"{rec.n} / {rec.n_eff:.1f} / {rec.max:.2f}"))
    return pd.DataFrame(rows, columns=["topic", "note"])
