"""Method notes of the report: what every study has (weighting or none, margins of error,
small cells, synthetic data, questions worded differently between waves), worded for what it
has, then the study's own notes from
config/report.yaml (``notes:``), such as a caveat about confounding.

One wave gets no wave words; an unweighted study no weighting text.

Example:
    >>> notes = method_notes(study, summary, recipe.notes, presentation)   # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from surveykit.labels import text
from surveykit.presentation import Presentation
from surveykit.report.spec import Note
from surveykit.study import Study

__all__ = ["is_weighted", "method_frame", "method_notes", "method_sheets"]


def _margin_of_error(n: float) -> float:
    return 1.96 * math.sqrt(0.25 / n) if n > 0 else float("nan")


_NOTES = {
    "nb": {
        "edges": ("Andeler på 0 % og 100 %",
                  "Når ingen eller alle av de n som svarte i en gruppe, ga et svar (eller valgte et alternativ), har det designbaserte "
                  "konfidensintervallet ingen bredde. Da vises i stedet det eksakte binomiske intervallet "
                  "(Clopper–Pearson, 95 %) for de n svarene. Det tar ikke hensyn til vekter eller klynger og er "
                  "derfor heller for smalt enn for bredt."),
        "synthetic": ("Syntetiske data",
                      "Alle tall i denne rapporten kommer fra syntetiske (oppdiktede) data. De er ikke resultater "
                      "fra en virkelig undersøkelse."),
        "weighted": ("Vekting", "{subject} (metode: {method}) til befolkningen etter marginene {margins}"),
        "unweightable": (" {n} svar uten verdi eller uten befolkningstall på en vektingsvariabel ({variables}) er "
                         "tatt ut og er ikke med i noen tall."),
        "fewer": "færre enn {min_cell}",
        "methods": {"rake": "iterativ proporsjonal tilpasning", "poststratify": "poststratifisering"},
        "from_full": ", med dataenes vekter for hele utvalget ({weights}) som utgangspunkt",
        "from_data": ", med dataenes egne vekter ({weights}) som utgangspunkt",
        "data_only": "{subject} med dataenes egne vekter ({weights})",
        "full_only": "{subject} med dataenes vekter for hele utvalget ({weights})",
        "linear": (". Standardfeil og konfidensintervall er designbaserte "
                   "(linearisering), og tar hensyn til stratifisering og vekting."),
        "linear_unstratified": ". Standardfeil og konfidensintervall er designbaserte (linearisering), og tar hensyn til vektingen.",
        "replicate": (". Standardfeil og konfidensintervall er regnet ut fra dataenes "
                      "{count} replikatvekter (replikatmetode {type})."),
        "replicate_raked": " Hver replikatvekt er vektet på samme måte.",
        "each_wave": "Hver runde er vektet", "all_answers": "Svarene er vektet",
        "unweighted": ("Uvektet",
                       "Svarene er ikke vektet: hvert svar teller likt. Standardfeil og konfidensintervall er "
                       "designbaserte (linearisering)."),
        "moe": ("Feilmarginer",
                "{basis} er feilmarginen for en andel på 50 % inntil ±{moe} (95 %). For undergrupper er den "
                "større; se konfidensintervallene."),
        "basis_eff": "Med effektivt utvalg på om lag {n}", "basis_n": "Med {n} svar", "per_wave": " per runde", "smallest": " i den minste runden",
        "weights_row": "n / n_eff / største vekt",
        "small": ("Små grupper", "Andeler og gjennomsnitt vises ikke når grunnlaget deres, de som svarte på spørsmålet i "
                  "gruppen, er færre enn {min_cell} (markert som undertrykt). Det er grunnlaget som teller, ikke hvor "
                  "mange som valgte et bestemt svar: en andel som bare én valgte, vises når grunnlaget er stort nok. "
                  "Heller ikke tall som ellers ville latt et skjult tall regnes ut ved subtraksjon (en sum minus de "
                  "andre gruppene), vises: da skjules også den minste andre gruppen i samme sum, likt i alle figurer "
                  "og tabeller."),
    },
    "en": {
        "edges": ("Shares of 0% and 100%",
                  "When none or all of the n who answered in a group gave an answer (or chose an option), the design-based interval has "
                  "no width. The exact binomial interval (Clopper–Pearson, 95%) for the n answers is shown instead. "
                  "It does not account for weights or clusters, so it is if anything too narrow."),
        "synthetic": ("Synthetic data",
                      "Every number in this report comes from synthetic (made-up) data. They are not results of a "
                      "real survey."),
        "weighted": ("Weighting", "{subject} (method: {method}) to the population on the margins {margins}"),
        "unweightable": (" {n} answers without a value, or without a population count, on a weighting variable "
                         "({variables}) were left out of every number."),
        "fewer": "fewer than {min_cell}",
        "methods": {"rake": "raking", "poststratify": "post-stratification"},
        "from_full": ", starting from the data's full-sample weights ({weights})",
        "from_data": ", starting from the data's own weights ({weights})",
        "data_only": "{subject} with the data's own weights ({weights})",
        "full_only": "{subject} with the data's full-sample weights ({weights})",
        "linear": (". Standard errors and confidence intervals are design-based "
                   "(linearisation), accounting for stratification and weighting."),
        "linear_unstratified": ". Standard errors and confidence intervals are design-based (linearisation), accounting for the weighting.",
        "replicate": (". Standard errors and confidence intervals are computed from the "
                      "data's {count} replicate weights (replicate method {type})."),
        "replicate_raked": " Every replicate weight is weighted the same way.",
        "each_wave": "Each wave is weighted", "all_answers": "The answers are weighted",
        "unweighted": ("Unweighted",
                       "The answers are not weighted: every answer counts the same. Standard errors and confidence "
                       "intervals are design-based (linearisation)."),
        "moe": ("Margins of error",
                "{basis} the margin of error for a share of 50% is up to ±{moe} (95%). It is larger for subgroups; "
                "see the intervals."),
        "basis_eff": "With an effective sample of about {n}", "basis_n": "With {n} answers", "per_wave": " per wave", "smallest": " in the smallest wave",
        "weights_row": "n / n_eff / max weight",
        "small": ("Small cells", "Shares and means whose base, those who answered the question in the group, is fewer "
                  "than {min_cell} are not shown (marked as suppressed). The base counts, not how many chose a given "
                  "answer: a share that only one respondent chose is shown when its base is large enough. Nor are "
                  "numbers shown that would let a hidden one be worked out by subtraction (a total minus the other "
                  "groups): the smallest other group of the same total is hidden too, alike in every figure and "
                  "table."),
    },
    "sv": {
        "edges": ("Andelar på 0 % och 100 %",
                  "När ingen eller alla av de n som svarade i en grupp gav ett svar (eller valde ett alternativ) har det designbaserade "
                  "konfidensintervallet ingen bredd. Då visas i stället det exakta binomiala intervallet "
                  "(Clopper–Pearson, 95 %) för de n svaren. Det tar inte hänsyn till vikter eller kluster och är "
                  "därför snarare för smalt än för brett."),
        "synthetic": ("Syntetiska data",
                      "Alla siffror i denna rapport kommer från syntetiska (påhittade) data. De är inte resultat "
                      "från en verklig undersökning."),
        "weighted": ("Viktning", "{subject} (metod: {method}) mot befolkningen efter marginalerna {margins}"),
        "unweightable": (" {n} svar utan värde eller utan befolkningstal på en viktningsvariabel ({variables}) har "
                         "tagits bort och ingår inte i några siffror."),
        "fewer": "färre än {min_cell}",
        "methods": {"rake": "iterativ proportionell anpassning", "poststratify": "efterstratifiering"},
        "from_full": ", med datamaterialets vikter för hela urvalet ({weights}) som utgångspunkt",
        "from_data": ", med datamaterialets egna vikter ({weights}) som utgångspunkt",
        "data_only": "{subject} med datamaterialets egna vikter ({weights})",
        "full_only": "{subject} med datamaterialets vikter för hela urvalet ({weights})",
        "linear": (". Standardfel och konfidensintervall är designbaserade "
                   "(linjärisering) och tar hänsyn till stratifiering och viktning."),
        "linear_unstratified": ". Standardfel och konfidensintervall är designbaserade (linjärisering) och tar hänsyn till viktningen.",
        "replicate": (". Standardfel och konfidensintervall är beräknade från "
                      "datamaterialets {count} replikatvikter (replikatmetod {type})."),
        "replicate_raked": " Varje replikatvikt är viktad på samma sätt.",
        "each_wave": "Varje omgång är viktad", "all_answers": "Svaren är viktade",
        "unweighted": ("Oviktat",
                       "Svaren är inte viktade: varje svar räknas lika. Standardfel och konfidensintervall är "
                       "designbaserade (linjärisering)."),
        "moe": ("Felmarginaler",
                "{basis} är felmarginalen för en andel på 50 % upp till ±{moe} (95 %). För undergrupper är den "
                "större; se konfidensintervallen."),
        "basis_eff": "Med ett effektivt urval på omkring {n}", "basis_n": "Med {n} svar", "per_wave": " per omgång", "smallest": " i den minsta omgången",
        "weights_row": "n / n_eff / största vikt",
        "small": ("Små grupper", "Andelar och medelvärden vars bas, de som svarade på frågan i gruppen, är färre än "
                  "{min_cell} visas inte (markerade som undertryckta). Det är basen som räknas, inte hur många som "
                  "valde ett visst svar: en andel som bara en person valde visas när basen är stor nog. Inte heller "
                  "visas siffror som annars skulle låta en dold siffra räknas ut genom subtraktion (en summa minus de "
                  "andra grupperna): då döljs även den minsta andra gruppen i samma summa, lika i alla figurer och "
                  "tabeller."),
    },
}
_NOTES["nn"] = {
    "edges": ("Delar på 0 % og 100 %",
              "Når ingen eller alle av dei n som svarte i ei gruppe, gav eit svar (eller valde eit alternativ), har det designbaserte "
              "konfidensintervallet inga breidd. Då blir det eksakte binomiske intervallet (Clopper–Pearson, "
              "95 %) for dei n svara vist i staden. Det tek ikkje omsyn til vekter eller klynger og er difor "
              "heller for smalt enn for breitt."),
    "synthetic": ("Syntetiske data",
                  "Alle tal i denne rapporten kjem frå syntetiske (oppdikta) data. Dei er ikkje resultat frå ei "
                  "verkeleg undersøking."),
    "weighted": ("Vekting", "{subject} (metode: {method}) til befolkninga etter marginane {margins}"),
    "unweightable": (" {n} svar utan verdi eller utan folketal på ein vektingsvariabel ({variables}) er tekne ut "
                     "og er ikkje med i nokon tal."),
    "fewer": "færre enn {min_cell}",
    "methods": {"rake": "iterativ proporsjonal tilpassing", "poststratify": "poststratifisering"},
    "from_full": ", med vektene for heile utvalet i dataa ({weights}) som utgangspunkt",
    "from_data": ", med dei eigne vektene i dataa ({weights}) som utgangspunkt",
    "data_only": "{subject} med dei eigne vektene i dataa ({weights})",
    "full_only": "{subject} med vektene for heile utvalet i dataa ({weights})",
    "linear": (". Standardfeil og konfidensintervall er designbaserte (linearisering) "
               "og tek omsyn til stratifisering og vekting."),
    "linear_unstratified": ". Standardfeil og konfidensintervall er designbaserte (linearisering) og tek omsyn til vektinga.",
    "replicate": (". Standardfeil og konfidensintervall er rekna ut frå dei {count} "
                  "replikatvektene i dataa (replikatmetode {type})."),
    "replicate_raked": " Kvar replikatvekt er vekta på same måte.",
    "each_wave": "Kvar runde er vekta", "all_answers": "Svara er vekta",
    "unweighted": ("Uvekta",
                   "Svara er ikkje vekta: kvart svar tel likt. Standardfeil og konfidensintervall er designbaserte "
                   "(linearisering)."),
    "moe": ("Feilmarginar",
            "{basis} er feilmarginen for ein andel på 50 % inntil ±{moe} (95 %). For undergrupper er han større; "
            "sjå konfidensintervalla."),
    "basis_eff": "Med eit effektivt utval på om lag {n}", "basis_n": "Med {n} svar", "per_wave": " per runde", "smallest": " i den minste runden",
    "weights_row": "n / n_eff / største vekt",
    "small": ("Små grupper", "Delar og gjennomsnitt blir ikkje viste når grunnlaget deira, dei som svarte på spørsmålet "
              "i gruppa, er færre enn {min_cell} (merkte som undertrykte). Det er grunnlaget som tel, ikkje kor mange "
              "som valde eit bestemt svar: ein del som berre éin valde, blir vist når grunnlaget er stort nok. Heller "
              "ikkje tal som elles ville late eit skjult tal reknast ut ved subtraksjon (ein sum minus dei andre "
              "gruppene), blir viste: då blir òg den minste andre gruppa i same sum løynd, likt i alle figurar og "
              "tabellar."),
}
_NOTES["da"] = {
    "edges": ("Andele på 0 % og 100 %",
              "Når ingen eller alle af de n, der svarede i en gruppe, gav et svar (eller valgte en svarmulighed), har det designbaserede "
              "konfidensinterval ingen bredde. Så vises i stedet det eksakte binomiale interval "
              "(Clopper–Pearson, 95 %) for de n svar. Det tager ikke højde for vægte eller klynger og er "
              "derfor snarere for smalt end for bredt."),
    "synthetic": ("Syntetiske data",
                  "Alle tal i denne rapport kommer fra syntetiske (opdigtede) data. De er ikke resultater fra en "
                  "virkelig undersøgelse."),
    "weighted": ("Vægtning", "{subject} (metode: {method}) til befolkningen efter marginalerne {margins}"),
    "unweightable": (" {n} svar uden værdi eller uden befolkningstal på en vægtningsvariabel ({variables}) er "
                     "taget ud og indgår ikke i nogen tal."),
    "fewer": "færre end {min_cell}",
    "methods": {"rake": "iterativ proportional tilpasning", "poststratify": "poststratificering"},
    "from_full": ", med datasættets vægte for hele stikprøven ({weights}) som udgangspunkt",
    "from_data": ", med datasættets egne vægte ({weights}) som udgangspunkt",
    "data_only": "{subject} med datasættets egne vægte ({weights})",
    "full_only": "{subject} med datasættets vægte for hele stikprøven ({weights})",
    "linear": (". Standardfejl og konfidensintervaller er designbaserede "
               "(linearisering) og tager højde for stratificering og vægtning."),
    "linear_unstratified": ". Standardfejl og konfidensintervaller er designbaserede (linearisering) og tager højde for vægtningen.",
    "replicate": (". Standardfejl og konfidensintervaller er beregnet ud fra datasættets "
                  "{count} replikatvægte (replikatmetode {type})."),
    "replicate_raked": " Hver replikatvægt er vægtet på samme måde.",
    "each_wave": "Hver runde er vægtet", "all_answers": "Svarene er vægtet",
    "unweighted": ("Uvægtet",
                   "Svarene er ikke vægtet: hvert svar tæller lige meget. Standardfejl og konfidensintervaller er "
                   "designbaserede (linearisering)."),
    "moe": ("Fejlmarginer",
            "{basis} er fejlmarginen for en andel på 50 % op til ±{moe} (95 %). For undergrupper er den større; se "
            "konfidensintervallerne."),
    "basis_eff": "Med en effektiv stikprøve på omkring {n}", "basis_n": "Med {n} svar", "per_wave": " pr. runde", "smallest": " i den mindste runde",
    "weights_row": "n / n_eff / største vægt",
    "small": ("Små grupper", "Andele og gennemsnit, hvis grundlag, dem der svarede på spørgsmålet i gruppen, er færre "
              "end {min_cell}, vises ikke (markeret som undertrykt). Det er grundlaget, der tæller, ikke hvor mange "
              "der valgte et bestemt svar: en andel, som kun én valgte, vises, når grundlaget er stort nok. Heller "
              "ikke tal, som ellers ville gøre det muligt at regne et skjult tal ud ved subtraktion (en sum minus de "
              "øvrige grupper), vises: den mindste øvrige gruppe i samme sum skjules også, ens i alle figurer og "
              "tabeller."),
}


def is_weighted(study: Study) -> bool:
    """Whether the study's estimates are weighted: to population margins (``weighting.method``)
    or by the data's own weights (``weighting.weights``, or the full-sample weights of
    ``weighting.replicates``)."""
    w = study.config.weighting
    return (w.replicates is not None or w.weights is not None
            or (w.method != "none" and study.population is not None))


def _weighting_text(study: Study, words: dict, p: Presentation, several: bool) -> str:
    """How the answers are weighted and where their standard errors come from: linearisation,
    or the replicate weights (their number and method) of a replicate design."""
    w = study.config.weighting
    subject = words["each_wave" if several else "all_answers"]
    raked = w.method != "none" and study.population is not None
    if raked:
        margins = "; ".join(" × ".join(p.name(v) for v in m) for m in w.margins) or "-"
        text = words["weighted"][1].format(subject=subject, method=words["methods"][w.method], margins=margins)
        if w.weights is not None:
            text += words["from_data"].format(weights=p.name(w.weights))
    elif w.weights is not None:
        text = words["data_only"].format(subject=subject, weights=p.name(w.weights))
    else:
        text = words["full_only"].format(subject=subject, weights=p.name(w.replicates["weights"]))
    if w.replicates is None:   # stratified: by `weighting.strata`, and by the wave in a study of several waves
        return text + words["linear" if w.strata or several else "linear_unstratified"]
    if raked:
        text += words["from_full"].format(weights=p.name(w.replicates["weights"]))
    rep = study.design().replicates
    text += words["replicate"].format(count=rep.count, type=rep.type)
    return text + (words["replicate_raked"] if raked else "")


def _dropped(study: Study, words: dict, p: Presentation) -> str:
    """The respondents ``weighting.unweightable: drop`` rejected, said after the weighting."""
    n = sum(int(q.get("reasons", {}).get("unweightable", 0)) for q in study.quality.values()
            if isinstance(q, dict) and "raw_rows" in q)
    if not n:
        return ""
    w = study.config.weighting
    names = [p.name(v) for v in dict.fromkeys([*w.strata, *(v for m in w.margins for v in m)]) if v != "wave"]
    min_cell = study.config.min_cell   # a small count is not published (how few declined to give their gender)
    count = p.number(n, 0) if n >= min_cell else words["fewer"].format(min_cell=min_cell)
    said = words["unweightable"].format(n=count, variables=", ".join(names))
    return said[:1] + said[1].upper() + said[2:]


def method_notes(study: Study, summary: pd.DataFrame, notes: Sequence[Note], p: Presentation, *,
                 edges: int = 0) -> list[tuple[str, str]]:
    """(heading, text) pairs for the report's method section: the general notes in ``p``'s
    language, then the study's ``notes``.

    ``summary`` is the weights per wave (``report.figures.weights.wave_weights``); ``edges``
    the number of published shares of 0 % or 100 % (:mod:`surveykit.report.edges`): their
    interval is explained when there are any.
    """
    cfg = study.config
    words = _NOTES.get(p.language, _NOTES["en"])
    several = len(cfg.waves) > 1
    weighted = is_weighted(study)
    out = [words["synthetic"]] if cfg.synthetic else []
    if weighted:
        out.append((words["weighted"][0], _weighting_text(study, words, p, several) + _dropped(study, words, p)))
    else:
        out.append(words["unweighted"])
    sizes = (summary["n_eff"] if weighted else summary["n"]) if len(summary) else pd.Series([len(study.responses)])
    n = float(sizes.min())
    # waves of different sizes: the margin of the smallest (the largest of them), said so
    alike = sizes.round().nunique() <= 1
    basis = words["basis_eff" if weighted else "basis_n"].format(n=p.number(n, 0)) + (
        (words["per_wave"] if alike else words["smallest"]) if several else "")
    if n == n:  # NaN: every wave's weight distribution is withheld (a small weighting cell)
        moe = f"{p.number(100 * _margin_of_error(n), 1)} {p.text('percentage_points')}"
        head, body = words["moe"]
        out.append((head, body.format(basis=basis, moe=moe)))
    head, body = words["small"]
    out.append((head, body.format(min_cell=cfg.min_cell)))
    if edges:
        out.append(words["edges"])
    # a question worded differently between waves: each wave's words (also in the workbook's method sheet)
    out.extend((p.text("wording_heading"), note) for note in p.wording_notes(list(p.wording)))
    # a question offered on other levels in another wave (the codebook's `offered:`), alike
    out.extend((p.text("offered_heading"), note) for note in p.offered_notes(list(p.offered)))
    out.extend(note.pair(p.language) for note in notes)
    return out


def _relative(path, root) -> str:
    if path is None:
        return ""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def method_sheets(study: Study, summary: pd.DataFrame, language: str | None = None) -> dict[str, pd.DataFrame]:
    """Method tables for the workbook, numbers as numbers: margins of error per wave and, for a
    weighted study, the weights' effect on them and the weighting margins; the sheets named in
    ``language`` (default: the study's)."""
    language = language or study.language
    moe_sheet, margins_sheet = text("sheet_margins_of_error", language), text("sheet_weighting_margins", language)
    sheets: dict[str, pd.DataFrame] = {}
    cfg = study.config
    if len(summary) and is_weighted(study):
        sheets[moe_sheet] = pd.DataFrame({
            "wave": summary["wave"].astype(str),
            "n": summary["n"].astype(int),
            "n_eff": summary["n_eff"].astype(float),
            "deff_weights": summary["deff_weights"].astype(float),
            "max_weight_ratio": (summary["max"] / summary["mean"]).astype(float),
            "moe_share_50": [_margin_of_error(float(x)) for x in summary["n_eff"]],
        })
    elif len(summary):  # unweighted: every answer counts the same, the margin of error rests on n
        sheets[moe_sheet] = pd.DataFrame({
            "wave": summary["wave"].astype(str),
            "n": summary["n"].astype(int),
            "moe_share_50": [_margin_of_error(float(x)) for x in summary["n"]],
        })
    if cfg.weighting.method != "none":
        method = _NOTES.get(language, _NOTES["en"])["methods"][cfg.weighting.method]
        # the margins by the variables' labels in the workbook's language ("Omgång × Kön"), as the page names them
        names = {"wave": text("wave", language), "site": text("site", language), **study.labels(language),
                 **cfg.sites.names(language)}
        rows = [{"margin": " × ".join(names.get(v, v) for v in m), "method": method,
                 "population": _relative(cfg.weighting.population, cfg.root),
                 "min_cell": cfg.min_cell} for m in cfg.weighting.margins]
        if rows:
            sheets[margins_sheet] = pd.DataFrame(rows)
    return sheets


def method_frame(study: Study, summary: pd.DataFrame, notes: Sequence[Note], p: Presentation, *,
                 edges: int = 0) -> pd.DataFrame:
    """The method notes as a two-column table (for the workbook's method sheet)."""
    rows = method_notes(study, summary, notes, p, edges=edges)
    words = _NOTES.get(p.language, _NOTES["en"])
    if is_weighted(study):
        for rec in summary.itertuples(index=False):
            withheld = pd.isna(rec.n_eff)  # a small weighting cell: the weights' distribution is not published
            # a text cell: its numbers in the language's format (decimal comma, n whole); the numbers
            # themselves are on the margins-of-error sheet
            n = p.number(rec.n, 0)
            rows.append((f"{p.value('wave', rec.wave)}: {words['weights_row']}",
                         f"{n} / –" if withheld else f"{n} / {p.number(rec.n_eff, 1)} / {p.number(rec.max, 2)}"))
    return pd.DataFrame(rows, columns=["topic", "note"])
