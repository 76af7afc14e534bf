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


_NOTES = {
    "nb": {
        "synthetic": ("Syntetiske data",
                      "Alle tall i denne rapporten kommer fra et syntetisk datasett laget av surveykit.synth med "
                      "innplantede effekter. De er ikke resultater fra den virkelige innbyggerundersøkelsen."),
        "weighting": ("Vekting",
                      "Hver bølge er vektet (metode: {method}) til befolkningen etter marginene {margins}. "
                      "Standardfeil og konfidensintervall er designbaserte (linearisering), og tar hensyn til "
                      "stratifisering og vekting."),
        "moe": ("Feilmarginer",
                "Med effektivt utvalg på om lag {n_eff} per bølge er feilmarginen for en andel på 50 % inntil "
                "±{moe} (95 %). For undergrupper er den større; se konfidensintervallene."),
        "small": ("Små grupper", "Tall som bygger på færre enn {min_cell} svar vises ikke (markert som undertrykt)."),
        "caveat": ("Samlokalisert mot separat: en forsiktighetsregel",
                   "Sammenligningen av samlokaliserte og separate steder er sammenblandet med kommune{detail}. "
                   "Forskjeller kan derfor skyldes kommunen (befolkning, tjenestetilbud, bygg) og ikke "
                   "organiseringen."),
        "all_co": "alle stedene i {m} er samlokalisert", "none_co": "ingen av stedene i {m} er det",
        "mixed": "i {m} finnes begge typer",
        "did": ("Hva forskjell-i-forskjeller tilfører",
                "Forskjell-i-forskjeller-analysen sammenligner endringen fra år 1 til år 2 ved steder som ble "
                "samlokalisert mellom bølgene med endringen ved steder som forble separate, i samme kommune. "
                "Faste forskjeller mellom stedene og kommunen faller bort; det som er felles for alle steder fra "
                "år 1 til år 2 trekkes fra. Den hviler på at stedene ville ha endret seg likt uten "
                "samlokaliseringen (parallelle trender), og på få steder, så intervallene er brede."),
    },
    "en": {
        "synthetic": ("Synthetic data",
                      "Every number in this report comes from a synthetic data set made by surveykit.synth with "
                      "planted effects. They are not results of the real citizen survey."),
        "weighting": ("Weighting",
                      "Each wave is weighted (method: {method}) to the population on the margins {margins}. "
                      "Standard errors and confidence intervals are design-based (linearisation), accounting for "
                      "stratification and weighting."),
        "moe": ("Margins of error",
                "With an effective sample of about {n_eff} per wave the margin of error for a share of 50% is up "
                "to ±{moe} (95%). It is larger for subgroups; see the intervals."),
        "small": ("Small cells", "Numbers resting on fewer than {min_cell} answers are not shown (marked as suppressed)."),
        "caveat": ("Co-located vs separate: a caveat",
                   "The comparison of co-located and separate sites is confounded with municipality{detail}, so "
                   "differences may be due to the municipality (population, services, buildings) rather than "
                   "the organisation."),
        "all_co": "every site in {m} is co-located", "none_co": "none in {m} is",
        "mixed": "{m} has both kinds",
        "did": ("What the difference in differences adds",
                "The difference in differences compares the change from year 1 to year 2 at sites that became "
                "co-located between the waves with the change at sites that stayed separate, within the same "
                "municipality. Fixed differences between the sites and the municipality drop out, and what was "
                "common to all sites between the years is subtracted. It rests on the sites having changed "
                "alike without the co-location (parallel trends) and on few sites, so the intervals are wide."),
    },
    "sv": {
        "synthetic": ("Syntetiska data",
                      "Alla siffror i denna rapport kommer från ett syntetiskt dataset skapat av surveykit.synth "
                      "med inplanterade effekter. De är inte resultat från den verkliga medborgarundersökningen."),
        "weighting": ("Viktning",
                      "Varje våg är viktad (metod: {method}) mot befolkningen efter marginalerna {margins}. "
                      "Standardfel och konfidensintervall är designbaserade (linjärisering) och tar hänsyn till "
                      "stratifiering och viktning."),
        "moe": ("Felmarginaler",
                "Med ett effektivt urval på omkring {n_eff} per våg är felmarginalen för en andel på 50 % upp "
                "till ±{moe} (95 %). För undergrupper är den större; se konfidensintervallen."),
        "small": ("Små grupper", "Siffror som bygger på färre än {min_cell} svar visas inte (markerade som undertryckta)."),
        "caveat": ("Samlokaliserad mot separat: en försiktighetsregel",
                   "Jämförelsen mellan samlokaliserade och separata enheter sammanfaller med kommun{detail}. "
                   "Skillnader kan därför bero på kommunen (befolkning, tjänsteutbud, lokaler) och inte på "
                   "organiseringen."),
        "all_co": "alla enheter i {m} är samlokaliserade", "none_co": "ingen i {m} är det",
        "mixed": "i {m} finns båda typerna",
        "did": ("Vad skillnad-i-skillnader tillför",
                "Skillnad-i-skillnader-analysen jämför förändringen från år 1 till år 2 vid enheter som blev "
                "samlokaliserade mellan vågorna med förändringen vid enheter som förblev separata, i samma "
                "kommun. Fasta skillnader mellan enheterna och kommunen försvinner, och det som var gemensamt "
                "för alla enheter mellan åren dras ifrån. Den vilar på att enheterna hade förändrats lika utan "
                "samlokaliseringen (parallella trender) och på få enheter, så intervallen är breda."),
    },
}
_NOTES["nn"] = _NOTES["da"] = _NOTES["nb"]


def _colocation_detail(study: Study, words: dict[str, str]) -> str:
    """": every site in A is co-located; none in B is" from the data (per site, over the waves)."""
    r = study.responses
    if not {"municipality", "co_located"} <= set(r.columns) or r["municipality"].nunique() < 1:
        return ""
    flags = r["co_located"].astype("boolean").fillna(False).astype(bool)
    share = flags.groupby(r["municipality"].astype(str), observed=True).mean()
    parts = []
    for key, test in (("all_co", share == 1.0), ("none_co", share == 0.0), ("mixed", (share > 0) & (share < 1))):
        names = list(share.index[test])
        if names:
            parts.append(words[key].format(m=", ".join(names)))
    return (": " + "; ".join(parts)) if parts else ""


def method_notes(study: Study, summary: pd.DataFrame | None, language: str = "nb") -> list[tuple[str, str]]:
    """(heading, text) pairs for the report's method section (nb, en, sv; nn and da as nb).

    The confounding caveat names the municipalities from the study's own data.
    """
    cfg = study.config
    words = _NOTES.get(language, _NOTES["en"])
    margins = "; ".join(" × ".join(value_label(None, v, language) for v in m) for m in cfg.weighting.margins) or "-"
    n_eff = float(summary["n_eff"].min()) if summary is not None and len(summary) else float(len(study.responses))
    values = {
        "method": cfg.weighting.method, "margins": margins, "min_cell": cfg.min_cell,
        "n_eff": format_number(n_eff, language, 0),
        "moe": f"{format_number(100 * _margin_of_error(n_eff), language, 1)} {text('percentage_points', language)}",
        "detail": _colocation_detail(study, words),
    }
    keys = (["synthetic"] if cfg.synthetic else []) + ["weighting", "moe", "small", "caveat", "did"]
    return [(words[k][0], words[k][1].format(**values)) for k in keys]


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
