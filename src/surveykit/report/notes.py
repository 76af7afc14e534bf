"""Method notes of the report (weighting, margins of error, suppression, confounding, DiD).

Example:
    >>> notes = method_notes(study, design_summary, language="en")   # doctest: +SKIP
"""

from __future__ import annotations

import math

import pandas as pd

from surveykit.labels import format_number, format_percent
from surveykit.study import Study

__all__ = ["method_frame", "method_notes"]


def _margin_of_error(n: float) -> float:
    return 1.96 * math.sqrt(0.25 / n) if n > 0 else float("nan")


def method_notes(study: Study, summary: pd.DataFrame | None, language: str = "nb") -> list[tuple[str, str]]:
    """(heading, text) pairs for the report's method section, in bokmål or English."""
    cfg = study.config
    margins = "; ".join(" × ".join(m) for m in cfg.weighting.margins) or "-"
    n_eff = float(summary["n_eff"].min()) if summary is not None and len(summary) else float(len(study.responses))
    moe = format_percent(_margin_of_error(n_eff), language, 1)
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
                   "skyldes kommunen og ikke organiseringen. Forskjell-i-forskjeller-analysen sammenligner endringen "
                   "fra år 1 til år 2 ved steder som ble samlokalisert med endringen ved steder som forble separate, "
                   "i samme kommune; den fjerner faste forskjeller mellom stedene.") if nb else
                  ("The comparison of co-located and separate sites is confounded with municipality: every site in "
                   "Indre Østfold is co-located and most in Drammen are not, so differences may be due to the "
                   "municipality rather than the organisation. The difference-in-differences compares the change "
                   "from year 1 to year 2 at sites that became co-located with the change at sites that stayed "
                   "separate, within the same municipality; it removes fixed differences between the sites.")))
    return notes


def method_frame(study: Study, summary: pd.DataFrame | None, language: str = "nb") -> pd.DataFrame:
    """The method notes as a two-column table (for the workbook's method sheet)."""
    rows = method_notes(study, summary, language)
    if summary is not None:
        for rec in summary.itertuples(index=False):
            rows.append((f"wave {rec.wave}: n / n_eff / max weight",
                         f"{rec.n} / {rec.n_eff:.1f} / {rec.max:.2f}"))
    return pd.DataFrame(rows, columns=["topic", "note"])
