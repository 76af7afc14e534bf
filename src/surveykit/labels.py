"""The presentation mapping: figure and table texts, number and percent formatting.

Results hold numbers and codes; this module turns them into what a reader sees
(STYLE.md principle 9). Texts exist in Norwegian bokmål (``nb``, the default), nynorsk
(``nn``), English (``en``), Swedish (``sv``) and Danish (``da``). A variable's own label
comes from the study's configuration (the codebook, the site and wave settings): see
:class:`surveykit.presentation.Presentation`. Nothing here names a concept of one study.

Example:
    >>> text("share", "en")
    'Share'
    >>> text("suppressed", "nb", n=10)
    'Undertrykt (færre enn 10 svar)'
    >>> format_percent(0.123, "nb", 1)
    '12,3\\xa0%'
    >>> format_number(-1234.5, "en", 1)
    '−1,234.5'
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from surveykit.errors import ConfigError

__all__ = [
    "LANGUAGES",
    "MISSING",
    "estimates_n",
    "footer_text",
    "format_interval",
    "format_number",
    "format_percent",
    "joined",
    "text",
    "text_keys",
    "value_label",
]

LANGUAGES = ("nb", "nn", "en", "sv", "da")
MISSING = "–"  # en dash: shown instead of a number that is missing or suppressed
_NBSP = "\u00a0"
_MINUS = "\u2212"

# key: (nb, nn, en, sv, da). Placeholders in braces are filled by text(..., **values).
_TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    # the structure every study has
    "sites_unlabelled": (
        "{n} steder, for mange til å navngi: se {table}",
        "{n} stader, for mange til å namngje: sjå {table}",
        "{n} sites, too many to name: see {table}",
        "{n} enheter, för många för att namnge: se {table}",
        "{n} steder, for mange til at navngive: se {table}",
    ),
    "wave": ("Runde", "Runde", "Wave", "Omgång", "Runde"),
    "site": ("Sted", "Stad", "Site", "Enhet", "Sted"),
    # answers
    "dont_know": ("Vet ikke", "Veit ikkje", "Don't know", "Vet inte", "Ved ikke"),
    "non_substantive": (
        "Vet ikke / ikke aktuelt", "Veit ikkje / ikkje aktuelt", "Don't know / not applicable",
        "Vet inte / ej aktuellt", "Ved ikke / ikke relevant",
    ),
    # the top box of any scale (agreement, satisfaction, frequency): its levels follow in brackets
    "top_box": ("Andel positive svar", "Del positive svar", "Share of positive answers", "Andel positiva svar",
                "Andel positive svar"),
    # quantities
    "share": ("Andel", "Del", "Share", "Andel", "Andel"),
    "mean": ("Gjennomsnitt", "Gjennomsnitt", "Mean", "Medelvärde", "Gennemsnit"),
    "change": ("Endring", "Endring", "Change", "Förändring", "Ændring"),
    # the x axis of a panel of means on one scale, named by its ends
    "mean_on_scale": (
        "Gjennomsnitt ({low} = {low_label}, {high} = {high_label})",
        "Gjennomsnitt ({low} = {low_label}, {high} = {high_label})",
        "Mean ({low} = {low_label}, {high} = {high_label})",
        "Medelvärde ({low} = {low_label}, {high} = {high_label})",
        "Gennemsnit ({low} = {low_label}, {high} = {high_label})",
    ),
    "difference": ("Differanse", "Differanse", "Difference", "Skillnad", "Forskel"),
    "did": (
        "Forskjell i endring", "Skilnad i endring", "Difference in differences",
        "Skillnad i förändring", "Forskel i ændring",
    ),
    "estimate": ("Estimat", "Estimat", "Estimate", "Skattning", "Estimat"),
    "coefficient": ("Koeffisient", "Koeffisient", "Coefficient", "Koefficient", "Koefficient"),
    "ci": (
        "{level} % konfidensintervall", "{level} % konfidensintervall",
        "{level}% confidence interval", "{level} % konfidensintervall",
        "{level} % konfidensinterval",
    ),
    "ci_short": ("KI", "KI", "CI", "KI", "KI"),
    "ci_bracket": ("[{level} % KI]", "[{level} % KI]", "[{level}% CI]", "[{level} % KI]", "[{level} % KI]"),
    "percentage_points": ("prosentpoeng", "prosentpoeng", "percentage points", "procentenheter", "procentpoint"),
    "n_label": ("n = {n}", "n = {n}", "n = {n}", "n = {n}", "n = {n}"),
    # a figure's estimates resting on different numbers of answers (groups, items answered by fewer)
    "n_range_label": ("n = {low}–{high} per estimat", "n = {low}–{high} per estimat", "n = {low}–{high} per estimate",
                      "n = {low}–{high} per skattning", "n = {low}–{high} per estimat"),
    "count": ("Antall", "Tal", "Count", "Antal", "Antal"),
    "weight": ("Vekt", "Vekt", "Weight", "Vikt", "Vægt"),
    "weighting": ("Vekting", "Vekting", "Weighting", "Viktning", "Vægtning"),
    "kish_n_eff": (
        "Effektivt utvalg (Kish): {n_eff} av {n}", "Effektivt utval (Kish): {n_eff} av {n}",
        "Effective sample size (Kish): {n_eff} of {n}", "Effektivt urval (Kish): {n_eff} av {n}",
        "Effektiv stikprøve (Kish): {n_eff} af {n}",
    ),
    "weights_withheld": (
        "Fordelingen av vektene vises ikke: en vektingscelle har færre enn {min_cell} svar.",
        "Fordelinga av vektene blir ikkje vist: ei vektingscelle har færre enn {min_cell} svar.",
        "The distribution of the weights is not shown: a weighting cell has fewer than {min_cell} answers.",
        "Fördelningen av vikterna visas inte: en viktningscell har färre än {min_cell} svar.",
        "Fordelingen af vægtene vises ikke: en vægtningscelle har færre end {min_cell} svar.",
    ),
    # composition
    "sample": ("Utvalg, uvektet", "Utval, uvekta", "Sample, unweighted", "Urval, oviktat", "Stikprøve, uvægtet"),
    "weighted": ("Utvalg, vektet", "Utval, vekta", "Sample, weighted", "Urval, viktat", "Stikprøve, vægtet"),
    "population": ("Befolkning", "Befolkning", "Population", "Befolkning", "Befolkning"),
    "composition": (
        "Sammensetning før og etter vekting", "Samansetjing før og etter vekting",
        "Composition before and after weighting", "Sammansättning före och efter viktning",
        "Sammensætning før og efter vægtning",
    ),
    "weights_title": ("Fordeling av vekter", "Fordeling av vekter", "Distribution of weights", "Fördelning av vikter", "Fordeling af vægte"),
    # the default title of a figure without `title:` ("<what it shows> by <groups>: <questions>")
    "title_likert": ("Fordeling av svar", "Fordeling av svar", "Distribution of answers", "Fördelning av svar",
                     "Fordeling af svar"),
    "title_heatmap": ("Varmekart over gjennomsnitt", "Varmekart over gjennomsnitt", "Heat map of means",
                      "Värmekarta över medelvärden", "Varmekort over gennemsnit"),
    "title_multi": ("Andel som valgte hvert alternativ", "Del som valde kvart alternativ", "Share choosing each option",
                    "Andel som valde varje alternativ", "Andel, der valgte hver mulighed"),
    "title_adjusted": ("Justert sammenheng (regresjon)", "Justert samanheng (regresjon)",
                       "Adjusted association (regression)", "Justerat samband (regression)",
                       "Justeret sammenhæng (regression)"),
    "title_items": ("{what}: {items}", "{what}: {items}", "{what}: {items}", "{what}: {items}", "{what}: {items}"),
    # regression
    "reference": ("Referanse", "Referanse", "Reference", "Referens", "Reference"),
    "intercept": ("Konstantledd", "Konstantledd", "Intercept", "Konstant", "Konstant"),
    # notes and footers
    "suppressed": (
        "Undertrykt (færre enn {n} svar)", "Undertrykt (færre enn {n} svar)",
        "Suppressed (fewer than {n} responses)", "Undertryckt (färre än {n} svar)",
        "Undertrykt (færre end {n} svar)",
    ),
    "suppressed_protected": (
        "Undertrykt (færre enn {n} svar, eller for å skjerme en slik gruppe)",
        "Undertrykt (færre enn {n} svar, eller for å skjerma ei slik gruppe)",
        "Suppressed (fewer than {n} responses, or to protect such a group)",
        "Undertryckt (färre än {n} svar, eller för att skydda en sådan grupp)",
        "Undertrykt (færre end {n} svar, eller for at beskytte en sådan gruppe)",
    ),
    "suppressed_mark": ("undertrykt", "undertrykt", "suppressed", "undertryckt", "undertrykt"),
    "suppressed_privacy": ("Undertrykt (personvern)", "Undertrykt (personvern)", "Suppressed (privacy)",
                           "Undertryckt (integritet)", "Undertrykt (fortrolighed)"),
    "suppressed_short": ("Undertrykt (for få svar)", "Undertrykt (for få svar)", "Suppressed (too few responses)", "Undertryckt (för få svar)", "Undertrykt (for få svar)"),
    "too_few": ("for få svar", "for få svar", "too few responses", "för få svar", "for få svar"),
    # a cell resting on no answer: the question was not in that wave, or nobody in the group answered it
    "not_asked": ("ikke spurt", "ikkje spurt", "not asked", "inte ställd", "ikke stillet"),
    "not_asked_note": (
        "Ikke spurt: spørsmålet var ikke med i den runden", "Ikkje spurt: spørsmålet var ikkje med i den runden",
        "Not asked: the question was not part of that wave", "Inte ställd: frågan fanns inte med i den omgången",
        "Ikke stillet: spørgsmålet var ikke med i den runde",
    ),
    "no_answers": ("ingen svar", "ingen svar", "no answers", "inga svar", "ingen svar"),
    # a question reworded between waves: each wave's words, under everything that shows it across waves
    "quoted": ("«{text}»", "«{text}»", "“{text}”", "”{text}”", "»{text}«"),
    "wording_changed": (
        "Spørsmålet «{question}» ble stilt med ulik ordlyd i rundene: {texts}. En forskjell mellom rundene kan "
        "komme av den nye ordlyden.",
        "Spørsmålet «{question}» vart stilt med ulik ordlyd i rundane: {texts}. Ein skilnad mellom rundane kan "
        "kome av den nye ordlyden.",
        "The question “{question}” was worded differently in the waves: {texts}. A difference between the waves "
        "may come from the new wording.",
        "Frågan ”{question}” ställdes med olika formulering i omgångarna: {texts}. En skillnad mellan omgångarna "
        "kan bero på den nya formuleringen.",
        "Spørgsmålet »{question}« blev stillet med forskellig ordlyd i runderne: {texts}. En forskel mellem "
        "runderne kan skyldes den nye ordlyd.",
    ),
    # a question offered on other levels in another wave (the codebook's `offered:`): under everything
    # that shows it across those waves
    "offered_without": ("{wave}: uten {levels}", "{wave}: utan {levels}", "{wave}: without {levels}",
                        "{wave}: utan {levels}", "{wave}: uden {levels}"),
    "offered_changed": (
        "Spørsmålet «{question}» hadde ikke de samme svaralternativene i alle rundene ({texts}). En forskjell "
        "mellom rundene kan komme av svaralternativene.",
        "Spørsmålet «{question}» hadde ikkje dei same svaralternativa i alle rundane ({texts}). Ein skilnad "
        "mellom rundane kan kome av svaralternativa.",
        "The question “{question}” did not offer the same answers in every wave ({texts}). A difference between "
        "the waves may come from the answers offered.",
        "Frågan ”{question}” hade inte samma svarsalternativ i alla omgångar ({texts}). En skillnad mellan "
        "omgångarna kan bero på svarsalternativen.",
        "Spørgsmålet »{question}« havde ikke de samme svarmuligheder i alle runder ({texts}). En forskel mellem "
        "runderne kan skyldes svarmulighederne.",
    ),
    "offered_heading": ("Endrede svaralternativer", "Endra svaralternativ", "Changed answer options",
                        "Ändrade svarsalternativ", "Ændrede svarmuligheder"),
    "wording_heading": ("Endret ordlyd", "Endra ordlyd", "Changed wording", "Ändrad formulering", "Ændret ordlyd"),
    "empty_contrast_note": (
        "Ikke beregnet: en av gruppene som sammenlignes har ingen svar (f.eks. spørsmålet ble ikke stilt den runden)",
        "Ikkje rekna ut: ei av gruppene som blir samanlikna har ingen svar (t.d. spørsmålet vart ikkje stilt den runden)",
        "Not computed: a group compared has no answers (e.g. the question was not asked in that wave)",
        "Inte beräknad: en av grupperna som jämförs har inga svar (t.ex. frågan ställdes inte den omgången)",
        "Ikke beregnet: en af grupperne, der sammenlignes, har ingen svar (f.eks. blev spørgsmålet ikke stillet i den runde)",
    ),
    "not_computed": ("ikke beregnet", "ikkje rekna ut", "not computed", "inte beräknad", "ikke beregnet"),
    "no_answers_note": (
        "Ingen svar: ingen i gruppen svarte på spørsmålet", "Ingen svar: ingen i gruppa svarte på spørsmålet",
        "No answers: nobody in the group answered the question", "Inga svar: ingen i gruppen svarade på frågan",
        "Ingen svar: ingen i gruppen svarede på spørgsmålet",
    ),
    "synthetic_data": ("Syntetiske data", "Syntetiske data", "Synthetic data", "Syntetiska data", "Syntetiske data"),
    "source": ("Kilde", "Kjelde", "Source", "Källa", "Kilde"),
    "and": ("og", "og", "and", "och", "og"),
    "respondents": ("svar", "svar", "responses", "svar", "svar"),
    # report page and tables
    "synthetic_banner": (
        "SYNTETISKE DATA – ikke resultater fra den virkelige undersøkelsen",
        "SYNTETISKE DATA – ikkje resultat frå den verkelege undersøkinga",
        "SYNTHETIC DATA – not results of the real survey",
        "SYNTETISKA DATA – inte resultat från den verkliga undersökningen",
        "SYNTETISKE DATA – ikke resultater fra den virkelige undersøgelse",
    ),
    "question": ("Spørsmål", "Spørsmål", "Question", "Fråga", "Spørgsmål"),
    "key_tables": ("Nøkkeltabeller", "Nøkkeltabellar", "Key tables", "Nyckeltabeller", "Nøgletabeller"),
    "method": ("Metode", "Metode", "Method", "Metod", "Metode"),
    # the workbook's method sheets (sheet names: at most 31 characters, no spaces)
    "sheet_margins_of_error": ("metode_feilmarginer", "metode_feilmarginar", "method_margins_of_error",
                               "metod_felmarginaler", "metode_fejlmarginer"),
    "sheet_weighting_margins": ("metode_vektingsmarginer", "metode_vektingsmarginar", "method_weighting_margins",
                                "metod_viktningsmarginaler", "metode_vægtningsmarginer"),
    "p_value": ("p-verdi", "p-verdi", "p-value", "p-värde", "p-værdi"),
    "p_adjusted": ("p justert (Holm)", "p justert (Holm)", "p adjusted (Holm)", "p justerat (Holm)", "p justeret (Holm)"),
    "by_groups": ("etter {groups}", "etter {groups}", "by {groups}", "efter {groups}", "efter {groups}"),
    "substantive_base": (
        "Andel av dem som tok stilling (uten «{dont_know}»)", "Del av dei som tok stilling (utan «{dont_know}»)",
        "Share of those who took a position (without “{dont_know}”)",
        "Andel av dem som tog ställning (utan ”{dont_know}”)", "Andel af dem, der tog stilling (uden »{dont_know}«)",
    ),
    "dont_know_base": (
        "«{dont_know}»: andel av alle svar", "«{dont_know}»: del av alle svar", "“{dont_know}”: share of all answers",
        "”{dont_know}”: andel av alla svar", "»{dont_know}«: andel af alle svar",
    ),
    "dont_know_column": (
        "«{dont_know}» (andel av alle svar)", "«{dont_know}» (del av alle svar)", "“{dont_know}” (share of all answers)",
        "”{dont_know}” (andel av alla svar)", "»{dont_know}« (andel af alle svar)",
    ),
    # items whose don't-know answers are worded differently share a neutral column; a note names each answer
    "no_position": ("Ikke tatt stilling (se note)", "Ikkje teke stilling (sjå note)", "No position (see note)",
                    "Ej tagit ställning (se not)", "Ikke taget stilling (se note)"),
    "no_position_base": (
        "Andel av dem som tok stilling; «Ikke tatt stilling»: andel av alle svar",
        "Del av dei som tok stilling; «Ikkje teke stilling»: del av alle svar",
        "Share of those who took a position; “No position”: share of all answers",
        "Andel av dem som tog ställning; ”Ej tagit ställning”: andel av alla svar",
        "Andel af dem, der tog stilling; »Ikke taget stilling«: andel af alle svar",
    ),
    "no_position_note": ("«Ikke tatt stilling» er svaret {answers}.", "«Ikkje teke stilling» er svaret {answers}.",
                         "“No position” is the answer {answers}.", "”Ej tagit ställning” är svaret {answers}.",
                         "»Ikke taget stilling« er svaret {answers}."),
    "substantive_base_any": ("Andel av dem som tok stilling", "Del av dei som tok stilling",
                             "Share of those who took a position", "Andel av dem som tog ställning",
                             "Andel af dem, der tog stilling"),
    "dont_know_base_any": ("{answers}: andel av alle svar", "{answers}: del av alle svar", "{answers}: share of all answers",
                           "{answers}: andel av alla svar", "{answers}: andel af alle svar"),
    "answer_to": ("«{answer}» på «{question}»", "«{answer}» på «{question}»", "“{answer}” to “{question}”",
                  "”{answer}” på ”{question}”", "»{answer}« på »{question}«"),
    "ci_legend": ("{level} % KI", "{level} % KI", "{level}% CI", "{level} % KI", "{level} % KI"),
    "with_ci": (
        "med {level} % konfidensintervall", "med {level} % konfidensintervall", "with {level}% confidence interval",
        "med {level} % konfidensintervall", "med {level} % konfidensinterval",
    ),
    "did_caption": (
        "Forskjell i endring fra {first} til {last}: {treated} mot {control}",
        "Skilnad i endring frå {first} til {last}: {treated} mot {control}",
        "Difference in differences, {first} to {last}: {treated} vs {control}",
        "Skillnad i förändring från {first} till {last}: {treated} mot {control}",
        "Forskel i ændring fra {first} til {last}: {treated} mod {control}",
    ),
    "heatmap_detail": (
        "n per celle {n_low}–{n_high}; {level} % KI ±{ci_low} til ±{ci_high}",
        "n per celle {n_low}–{n_high}; {level} % KI ±{ci_low} til ±{ci_high}",
        "n per cell {n_low}–{n_high}; {level}% CI ±{ci_low} to ±{ci_high}",
        "n per cell {n_low}–{n_high}; {level} % KI ±{ci_low} till ±{ci_high}",
        "n pr. celle {n_low}–{n_high}; {level} % KI ±{ci_low} til ±{ci_high}",
    ),
    "scale_points": ("skalapoeng", "skalapoeng", "scale points", "skalpoäng", "skalapoint"),
    # the report page (index.html)
    "figure": ("Figur", "Figur", "Figure", "Figur", "Figur"),
    # under a figure: links to its files, for a phone's reader to open and zoom it
    "figure_files": ("Figuren i full størrelse", "Figuren i full storleik", "The figure at full size",
                     "Figuren i full storlek", "Figuren i fuld størrelse"),
    "data_links": ("Tallene som CSV", "Tala som CSV", "The numbers as CSV", "Siffrorna som CSV", "Tallene som CSV"),
    "downloads": ("Tabeller og data", "Tabellar og data", "Tables and data", "Tabeller och data", "Tabeller og data"),
    "downloads_intro": (
        "Alle tallene i rapporten, samlet i én Excel-arbeidsbok og som CSV-filer (én per tabell).",
        "Alle tala i rapporten, samla i éi Excel-arbeidsbok og som CSV-filer (éi per tabell).",
        "Every number in the report, together in one Excel workbook and as CSV files (one per table).",
        "Alla siffror i rapporten, samlade i en Excel-arbetsbok och som CSV-filer (en per tabell).",
        "Alle tal i rapporten, samlet i én Excel-projektmappe og som CSV-filer (én pr. tabel).",
    ),
    "workbook": ("Excel-arbeidsbok", "Excel-arbeidsbok", "Excel workbook", "Excel-arbetsbok", "Excel-projektmappe"),
    "csv_tables": ("CSV-tabeller", "CSV-tabellar", "CSV tables", "CSV-tabeller", "CSV-tabeller"),
    "report_date": (
        "Datert {date} (siste endring i data og oppsett)",
        "Datert {date} (siste endring i data og oppsett)",
        "Dated {date} (last change to the data or configuration)",
        "Daterad {date} (senaste ändring av data och inställningar)",
        "Dateret {date} (seneste ændring af data og opsætning)",
    ),
    # column headers of the workbook (tables.xlsx); "column_" keeps them apart from value labels
    "column_level": ("Svar", "Svar", "Answer", "Svar", "Svar"),
    "column_term": ("Forklaringsvariabel", "Forklaringsvariabel", "Term", "Förklaringsvariabel", "Forklarende variabel"),
    "column_outcome": ("Avhengig variabel", "Avhengig variabel", "Outcome", "Beroende variabel", "Afhængig variabel"),
    "change_between": ("Endring fra {first} til {last}", "Endring frå {first} til {last}", "Change from {first} to {last}",
                       "Förändring från {first} till {last}", "Ændring fra {first} til {last}"),
    "column_reference": ("Sammenlignet med", "Samanlikna med", "Compared with", "Jämfört med", "Sammenlignet med"),
    "false_value": ("Nei", "Nei", "No", "Nej", "Nej"),   # a true/false column's False, where it has no label
    "references_note": (
        "Hver koeffisient sammenligner med referansekategorien til variabelen sin, justert for de andre variablene: "
        "{references}.",
        "Kvar koeffisient samanliknar med referansekategorien til variabelen sin, justert for dei andre variablane: "
        "{references}.",
        "Each coefficient compares with its variable's reference category, adjusted for the other variables: "
        "{references}.",
        "Varje koefficient jämför med referenskategorin för sin variabel, justerat för de andra variablerna: "
        "{references}.",
        "Hver koefficient sammenligner med referencekategorien for sin variabel, justeret for de andre variable: "
        "{references}.",
    ),
    "adjusted_caption": (
        "Koeffisienter{unit} {ci}, fra designbasert regresjon",
        "Koeffisientar{unit} {ci}, frå designbasert regresjon",
        "Coefficients{unit} {ci}, from design-based regression",
        "Koefficienter{unit} {ci}, från designbaserad regression",
        "Koefficienter{unit} {ci}, fra designbaseret regression",
    ),
    "column_std_error": ("Standardfeil", "Standardfeil", "Standard error", "Standardfel", "Standardfejl"),
    "column_conf_low": (
        "Nedre grense ({level} % KI)", "Nedre grense ({level} % KI)", "Lower bound ({level}% CI)",
        "Nedre gräns ({level} % KI)", "Nedre grænse ({level} % KI)",
    ),
    "column_conf_high": (
        "Øvre grense ({level} % KI)", "Øvre grense ({level} % KI)", "Upper bound ({level}% CI)",
        "Övre gräns ({level} % KI)", "Øvre grænse ({level} % KI)",
    ),
    "column_df": ("Frihetsgrader", "Fridomsgrader", "Degrees of freedom", "Frihetsgrader", "Frihedsgrader"),
    "column_df_num": ("Frihetsgrader (teller)", "Fridomsgrader (teljar)", "Degrees of freedom (numerator)",
                      "Frihetsgrader (täljare)", "Frihedsgrader (tæller)"),
    "column_n": ("Antall svar (n)", "Tal på svar (n)", "Responses (n)", "Antal svar (n)", "Antal svar (n)"),
    "column_n_eff": ("Effektivt utvalg", "Effektivt utval", "Effective sample size", "Effektivt urval", "Effektiv stikprøve"),
    "column_deff": ("Designeffekt", "Designeffekt", "Design effect", "Designeffekt", "Designeffekt"),
    "column_contrast": ("Sammenligning", "Samanlikning", "Comparison", "Jämförelse", "Sammenligning"),
    "column_statistic": ("Testobservator", "Testobservator", "Test statistic", "Teststatistika", "Teststørrelse"),
    "column_p_adjusted": ("p justert", "p justert", "p adjusted", "p justerat", "p justeret"),
    "column_effect_size": ("Effektstørrelse", "Effektstorleik", "Effect size", "Effektstorlek", "Effektstørrelse"),
    "column_note": ("Merknad", "Merknad", "Note", "Anmärkning", "Bemærkning"),
    "column_topic": ("Emne", "Emne", "Topic", "Ämne", "Emne"),
    "column_sum": ("Sum", "Sum", "Sum", "Summa", "Sum"),
    "column_min": ("Minste", "Minste", "Minimum", "Minsta", "Mindste"),
    "column_max": ("Største", "Største", "Maximum", "Största", "Største"),
    "column_deff_weights": (
        "Designeffekt av vektingen", "Designeffekt av vektinga", "Design effect of the weighting",
        "Designeffekt av viktningen", "Designeffekt af vægtningen",
    ),
    "column_max_weight_ratio": (
        "Største vekt / gjennomsnitt", "Største vekt / gjennomsnitt", "Largest weight / mean",
        "Största vikt / medelvärde", "Største vægt / gennemsnit",
    ),
    "column_moe_share_50": (
        "Feilmargin for en andel på 50 % (95 %)", "Feilmargin for ein del på 50 % (95 %)",
        "Margin of error of a 50% share (95%)", "Felmarginal för en andel på 50 % (95 %)",
        "Fejlmargin for en andel på 50 % (95 %)",
    ),
    "column_margin": ("Vektingsmargin", "Vektingsmargin", "Weighting margin", "Viktningsmarginal", "Vægtningsmargin"),
    "column_population": ("Befolkningstall (fil)", "Befolkningstal (fil)", "Population figures (file)",
                          "Befolkningsdata (fil)", "Befolkningstal (fil)"),
    "column_min_cell": (
        "Minste antall svar per tall", "Minste tal på svar per tal", "Fewest responses per number",
        "Minsta antal svar per siffra", "Mindste antal svar pr. tal",
    ),
    # publication tables (surveykit.tables) and the explorer page (report/explorer.py)
    "total": ("Totalt", "Totalt", "Total", "Totalt", "I alt"),
    "table_cells_share": (
        "Vektede andeler i prosent med {level} % konfidensintervall (logit).",
        "Vekta delar i prosent med {level} % konfidensintervall (logit).",
        "Weighted percentages with {level}% confidence intervals (logit).",
        "Viktade andelar i procent med {level} % konfidensintervall (logit).",
        "Vægtede andele i procent med {level} % konfidensintervaller (logit).",
    ),
    "table_cells_mean": (
        "Vektede gjennomsnitt med {level} % konfidensintervall (t).",
        "Vekta gjennomsnitt med {level} % konfidensintervall (t).",
        "Weighted means with {level}% confidence intervals (t).",
        "Viktade medelvärden med {level} % konfidensintervall (t).",
        "Vægtede gennemsnit med {level} % konfidensintervaller (t).",
    ),
    "table_cells_topbox": (
        "Vektet andel i toppboksen ({top}) i prosent med {level} % konfidensintervall (logit).",
        "Vekta del i toppboksen ({top}) i prosent med {level} % konfidensintervall (logit).",
        "Weighted percentage in the top box ({top}) with {level}% confidence intervals (logit).",
        "Viktad andel i toppboxen ({top}) i procent med {level} % konfidensintervall (logit).",
        "Vægtet andel i topboksen ({top}) i procent med {level} % konfidensintervaller (logit).",
    ),
    "table_cells_share_unweighted": (
        "Uvektede andeler i prosent med {level} % konfidensintervall (logit).",
        "Uvekta delar i prosent med {level} % konfidensintervall (logit).",
        "Unweighted percentages with {level}% confidence intervals (logit).",
        "Oviktade andelar i procent med {level} % konfidensintervall (logit).",
        "Uvægtede andele i procent med {level} % konfidensintervaller (logit).",
    ),
    "table_cells_mean_unweighted": (
        "Uvektede gjennomsnitt med {level} % konfidensintervall (t).",
        "Uvekta gjennomsnitt med {level} % konfidensintervall (t).",
        "Unweighted means with {level}% confidence intervals (t).",
        "Oviktade medelvärden med {level} % konfidensintervall (t).",
        "Uvægtede gennemsnit med {level} % konfidensintervaller (t).",
    ),
    "table_cells_topbox_unweighted": (
        "Uvektet andel i toppboksen ({top}) i prosent med {level} % konfidensintervall (logit).",
        "Uvekta del i toppboksen ({top}) i prosent med {level} % konfidensintervall (logit).",
        "Unweighted percentage in the top box ({top}) with {level}% confidence intervals (logit).",
        "Oviktad andel i toppboxen ({top}) i procent med {level} % konfidensintervall (logit).",
        "Uvægtet andel i topboksen ({top}) i procent med {level} % konfidensintervaller (logit).",
    ),
    "table_df_domain": (
        "Intervallene bruker frihetsgradene i hver gruppes del av designet.",
        "Intervalla bruker fridomsgradene i kvar gruppe sin del av designet.",
        "The intervals use the degrees of freedom of each group's part of the design.",
        "Intervallen använder frihetsgraderna i varje grupps del av designen.",
        "Intervallerne bruger frihedsgraderne i hver gruppes del af designet.",
    ),
    "table_df_design": (
        "Intervallene bruker hele designets frihetsgrader ({df}).",
        "Intervalla bruker fridomsgradene til heile designet ({df}).",
        "The intervals use the whole design's degrees of freedom ({df}).",
        "Intervallen använder hela designens frihetsgrader ({df}).",
        "Intervallerne bruger hele designets frihedsgrader ({df}).",
    ),
    "table_base": (
        "n: uvektet antall som svarte (grunnlaget).", "n: uvekta tal på dei som svarte (grunnlaget).",
        "n: unweighted number who answered (the base).", "n: oviktat antal som svarade (basen).",
        "n: uvægtet antal, der svarede (grundlaget).",
    ),
    "table_dk_excluded": (
        "«{dont_know}» er holdt utenfor grunnlaget.", "«{dont_know}» er halde utanfor grunnlaget.",
        "“{dont_know}” is left out of the base.", "”{dont_know}” ingår inte i basen.",
        "»{dont_know}« indgår ikke i grundlaget.",
    ),
    "table_dk_row": (
        "«{dont_know}» er holdt utenfor grunnlaget og vist i egen rad som andel av alle svar.",
        "«{dont_know}» er halde utanfor grunnlaget og vist i eiga rad som del av alle svar.",
        "“{dont_know}” is left out of the base and shown in a row of its own, as a share of all answers.",
        "”{dont_know}” ingår inte i basen och visas på en egen rad som andel av alla svar.",
        "»{dont_know}« indgår ikke i grundlaget og vises i en række for sig som andel af alle svar.",
    ),
    "table_dk_unseen": (
        "Ingen svarte «{dont_know}» på {items}; derfor ingen egen rad for det.",
        "Ingen svarte «{dont_know}» på {items}; difor inga eiga rad for det.",
        "No one answered “{dont_know}” to {items}, so it has no row of its own.",
        "Ingen svarade ”{dont_know}” på {items}, därför ingen egen rad för det.",
        "Ingen svarede »{dont_know}« på {items}, derfor ingen række for sig til det.",
    ),
    "table_design": (
        "Design: {n} svar, {strata}, {clusters}, {df} frihetsgrader; {weights}.",
        "Design: {n} svar, {strata}, {clusters}, {df} fridomsgrader; {weights}.",
        "Design: {n} responses, {strata}, {clusters}, {df} degrees of freedom; {weights}.",
        "Design: {n} svar, {strata}, {clusters}, {df} frihetsgrader; {weights}.",
        "Design: {n} svar, {strata}, {clusters}, {df} frihedsgrader; {weights}.",
    ),
    "table_design_replicates": (
        "Design: {n} svar, {df} frihetsgrader; {weights}; standardfeil fra {count} replikatvekter ({type}).",
        "Design: {n} svar, {df} fridomsgrader; {weights}; standardfeil frå {count} replikatvekter ({type}).",
        "Design: {n} responses, {df} degrees of freedom; {weights}; standard errors from {count} replicate weights ({type}).",
        "Design: {n} svar, {df} frihetsgrader; {weights}; standardfel från {count} replikatvikter ({type}).",
        "Design: {n} svar, {df} frihedsgrader; {weights}; standardfejl fra {count} replikatvægte ({type}).",
    ),
    "table_strata": ("{k} strata", "{k} strata", "{k} strata", "{k} strata", "{k} strata"),
    "table_stratum": ("{k} stratum", "{k} stratum", "{k} stratum", "{k} stratum", "{k} stratum"),
    "table_cluster": (
        "{k} klynge (primærenhet)", "{k} klyngje (primæreining)", "{k} cluster (primary sampling unit)",
        "{k} kluster (primär urvalsenhet)", "{k} klynge (primær enhed)",
    ),
    "table_clusters": (
        "{k} klynger (primærenheter)", "{k} klyngjer (primæreiningar)", "{k} clusters (primary sampling units)",
        "{k} kluster (primära urvalsenheter)", "{k} klynger (primære enheder)",
    ),
    "table_no_clusters": ("ingen klynger", "ingen klyngjer", "no clusters", "inga kluster", "ingen klynger"),
    "table_weights_calibrated": (
        "vekter kalibrert til befolkningsmarginer (standardfeilene tar hensyn til kalibreringen)",
        "vekter kalibrerte til befolkningsmarginar (standardfeila tek omsyn til kalibreringa)",
        "weights calibrated to population margins (the standard errors account for the calibration)",
        "vikter kalibrerade mot befolkningsmarginaler (standardfelen tar hänsyn till kalibreringen)",
        "vægte kalibreret til befolkningsmarginer (standardfejlene tager højde for kalibreringen)",
    ),
    "table_weights_column": (
        "vekter: {column}", "vekter: {column}", "weights: {column}", "vikter: {column}", "vægte: {column}",
    ),
    "table_weights_none": ("uvektet", "uvekta", "unweighted", "oviktat", "uvægtet"),
    "table_test_share": (
        "p: Rao–Scott-korrigert kjikvadrattest (F) per spørsmål.",
        "p: Rao–Scott-korrigert kjikvadrattest (F) per spørsmål.",
        "p: Rao–Scott corrected chi-square test (F) per question.",
        "p: Rao–Scott-korrigerat chi två-test (F) per fråga.",
        "p: Rao–Scott-korrigeret chi-i-anden-test (F) pr. spørgsmål.",
    ),
    "table_test_mean": (
        "p: designbasert Wald-test (F) av like gjennomsnitt per spørsmål.",
        "p: designbasert Wald-test (F) av like gjennomsnitt per spørsmål.",
        "p: design-based Wald test (F) of equal means per question.",
        "p: designbaserat Wald-test (F) av lika medelvärden per fråga.",
        "p: designbaseret Wald-test (F) af ens gennemsnit pr. spørgsmål.",
    ),
    "table_adjusted": (
        "p justert ({method}) for tabellens {m} tester.", "p justert ({method}) for dei {m} testane i tabellen.",
        "p adjusted ({method}) for the table's {m} tests.", "p justerat ({method}) för tabellens {m} test.",
        "p justeret ({method}) for tabellens {m} test.",
    ),
    "table_percent_row": ("Radprosent", "Radprosent", "Row percentages", "Radprocent", "Rækkeprocent"),
    "table_percent_column": ("Kolonneprosent", "Kolonneprosent", "Column percentages", "Kolumnprocent",
                             "Kolonneprocent"),
    "table_percent_cell": ("Prosent av alle", "Prosent av alle", "Percent of all", "Procent av alla",
                           "Procent af alle"),
    "table_crosstab_test": (
        "Rao–Scott F = {f} ({ndf} og {ddf} frihetsgrader), p = {p}.",
        "Rao–Scott F = {f} ({ndf} og {ddf} fridomsgrader), p = {p}.",
        "Rao–Scott F = {f} ({ndf} and {ddf} degrees of freedom), p = {p}.",
        "Rao–Scott F = {f} ({ndf} och {ddf} frihetsgrader), p = {p}.",
        "Rao–Scott F = {f} ({ndf} og {ddf} frihedsgrader), p = {p}.",
    ),
    "explorer_title": ("Utforsk tallene", "Utforsk tala", "Explore the numbers", "Utforska siffrorna",
                       "Udforsk tallene"),
    "explorer_intro": (
        "Velg et spørsmål, en inndeling og en runde. Tallene er beregnet på forhånd av rapporten: "
        "{numbers}. {What} vises ikke der for få i gruppen svarte på spørsmålet (grunnlaget teller, "
        "ikke hvor mange som valgte svaret).",
        "Vel eit spørsmål, ei inndeling og ein runde. Tala er rekna ut på førehand av rapporten: "
        "{numbers}. {What} blir ikkje viste der for få i gruppa svarte på spørsmålet (grunnlaget tel, "
        "ikkje kor mange som valde svaret).",
        "Choose a question, a breakdown and a wave. The numbers were computed beforehand by the report: "
        "{numbers}. {What} are not shown where too few in the group answered the question (the base "
        "counts, not how many chose the answer).",
        "Välj en fråga, en indelning och en omgång. Siffrorna har beräknats i förväg av rapporten: "
        "{numbers}. {What} visas inte där för få i gruppen svarade på frågan (basen räknas, "
        "inte hur många som valde svaret).",
        "Vælg et spørgsmål, en opdeling og en runde. Tallene er beregnet på forhånd af rapporten: "
        "{numbers}. {What} vises ikke, hvor for få i gruppen svarede på spørgsmålet (grundlaget "
        "tæller, ikke hvor mange der valgte svaret).",
    ),
    "explorer_intro_one_wave": (   # a study of one wave: nothing to choose but question and breakdown
        "Velg et spørsmål og en inndeling. Tallene er beregnet på forhånd av rapporten: "
        "{numbers}. {What} vises ikke der for få i gruppen svarte på spørsmålet (grunnlaget teller, "
        "ikke hvor mange som valgte svaret).",
        "Vel eit spørsmål og ei inndeling. Tala er rekna ut på førehand av rapporten: "
        "{numbers}. {What} blir ikkje viste der for få i gruppa svarte på spørsmålet (grunnlaget tel, "
        "ikkje kor mange som valde svaret).",
        "Choose a question and a breakdown. The numbers were computed beforehand by the report: "
        "{numbers}. {What} are not shown where too few in the group answered the question (the base "
        "counts, not how many chose the answer).",
        "Välj en fråga och en indelning. Siffrorna har beräknats i förväg av rapporten: "
        "{numbers}. {What} visas inte där för få i gruppen svarade på frågan (basen räknas, "
        "inte hur många som valde svaret).",
        "Vælg et spørgsmål og en opdeling. Tallene er beregnet på forhånd af rapporten: "
        "{numbers}. {What} vises ikke, hvor for få i gruppen svarede på spørgsmålet (grundlaget "
        "tæller, ikke hvor mange der valgte svaret).",
    ),
    # what the explorer's numbers are ({numbers} of explorer_intro): weighted to the population,
    # unweighted, or weighted with intervals from replicate weights (weighting.replicates)
    # what the explorer shows ({what} of explorer_numbers_*, {What} of explorer_intro): shares and
    # means, shares only (a study of multi-select and single-choice questions), means only (numbers)
    "explorer_what_shares_means": ("andeler og gjennomsnitt", "delar og gjennomsnitt", "shares and means",
                                   "andelar och medelvärden", "andele og gennemsnit"),
    "explorer_what_shares": ("andeler", "delar", "shares", "andelar", "andele"),
    "explorer_what_means": ("gjennomsnitt", "gjennomsnitt", "means", "medelvärden", "gennemsnit"),
    "explorer_numbers_weighted": (
        "vektede {what} med {level} % konfidensintervall",
        "vekta {what} med {level} % konfidensintervall",
        "weighted {what} with {level}% confidence intervals",
        "viktade {what} med {level} % konfidensintervall",
        "vægtede {what} med {level} % konfidensintervaller",
    ),
    "explorer_numbers_unweighted": (
        "uvektede {what} (hvert svar teller likt) med {level} % konfidensintervall",
        "uvekta {what} (kvart svar tel likt) med {level} % konfidensintervall",
        "unweighted {what} (every answer counts the same) with {level}% confidence intervals",
        "oviktade {what} (varje svar räknas lika) med {level} % konfidensintervall",
        "uvægtede {what} (hvert svar tæller lige meget) med {level} % konfidensintervaller",
    ),
    "explorer_numbers_replicates": (
        "vektede {what} med {level} % konfidensintervall beregnet fra replikatvektene",
        "vekta {what} med {level} % konfidensintervall rekna ut frå replikatvektene",
        "weighted {what} with {level}% confidence intervals from the replicate weights",
        "viktade {what} med {level} % konfidensintervall beräknade från replikatvikterna",
        "vægtede {what} med {level} % konfidensintervaller beregnet ud fra replikatvægtene",
    ),
    "explorer_breakdown": ("Inndeling", "Inndeling", "Breakdown", "Indelning", "Opdeling"),
    "explorer_none": ("Alle svar", "Alle svar", "All responses", "Alla svar", "Alle svar"),
    "explorer_all_waves": ("Alle runder", "Alle rundar", "All waves", "Alla omgångar", "Alle runder"),
    "explorer_show_ci": ("Vis konfidensintervall", "Vis konfidensintervall", "Show confidence intervals",
                         "Visa konfidensintervall", "Vis konfidensintervaller"),
    "explorer_download": ("Last ned det som vises (CSV)", "Last ned det som blir vist (CSV)",
                          "Download what is shown (CSV)", "Ladda ner det som visas (CSV)", "Hent det viste (CSV)"),
    "explorer_showing": ("Viser", "Viser", "Showing", "Visar", "Viser"),
    "explorer_row": ("rad", "rad", "row", "rad", "række"),
    "explorer_rows": ("rader", "rader", "rows", "rader", "rækker"),
    "explorer_no_data": ("Ingen tall for dette valget.", "Ingen tal for dette valet.", "No numbers for this choice.",
                         "Inga siffror för detta val.", "Ingen tal for dette valg."),
    # the status line of a view in which every number is hidden (each group too small, or hidden with one)
    "explorer_all_hidden": ("Alle tall i dette valget er skjult", "Alle tal i dette valet er skjulte",
                            "Every number of this choice is hidden", "Alla siffror för detta val är dolda",
                            "Alle tal for dette valg er skjult"),
    "explorer_group": ("Gruppe", "Gruppe", "Group", "Grupp", "Gruppe"),
    "explorer_multi": ("flere svar mulig, andelene summerer ikke til 100 %",
                       "fleire svar mogleg, delane summerer ikkje til 100 %",
                       "several answers allowed, the shares do not add up to 100%",
                       "flera svar möjliga, andelarna summerar inte till 100 %",
                       "flere svar mulige, andelene summerer ikke til 100 %"),
    # over a table wider than the screen (a phone): more columns to the side
    "explorer_scroll_hint": (
        "Tabellen er bredere enn skjermen: rull sidelengs for flere kolonner →",
        "Tabellen er breiare enn skjermen: rull sidelengs for fleire kolonnar →",
        "The table is wider than the screen: scroll sideways for more columns →",
        "Tabellen är bredare än skärmen: scrolla i sidled för fler kolumner →",
        "Tabellen er bredere end skærmen: rul til siden for flere kolonner →",
    ),
    "explorer_privacy": (
        "Siden inneholder bare publiserte, ferdig beregnede tall, ingen enkeltsvar, og kan deles fritt.",
        "Sida inneheld berre publiserte, ferdig utrekna tal, ingen einskildsvar, og kan delast fritt.",
        "This page holds only published, precomputed numbers, no individual answers, and can be shared freely.",
        "Sidan innehåller bara publicerade, färdigberäknade siffror, inga enskilda svar, och kan delas fritt.",
        "Siden indeholder kun offentliggjorte, færdigberegnede tal, ingen enkeltsvar, og kan deles frit.",
    ),
    "explorer_link_one_wave": (
        "Utforsk tallene selv: velg spørsmål og inndeling.",
        "Utforsk tala sjølv: vel spørsmål og inndeling.",
        "Explore the numbers yourself: choose a question and a breakdown.",
        "Utforska siffrorna själv: välj fråga och indelning.",
        "Udforsk selv tallene: vælg spørgsmål og opdeling.",
    ),
    "explorer_link": (
        "Utforsk tallene selv: velg spørsmål, inndeling og runde.",
        "Utforsk tala sjølv: vel spørsmål, inndeling og runde.",
        "Explore the numbers yourself: choose a question, a breakdown and a wave.",
        "Utforska siffrorna själv: välj fråga, indelning och omgång.",
        "Udforsk selv tallene: vælg spørgsmål, opdeling og runde.",
    ),
}

_DECIMAL_COMMA = {"nb", "nn", "sv", "da"}


def _check_language(language: str) -> int:
    if language not in LANGUAGES:
        raise ConfigError(
            f"unknown language {language!r}: use one of {', '.join(LANGUAGES)} "
            "(nb = bokmål, nn = nynorsk, en, sv, da)"
        )
    return LANGUAGES.index(language)


def text_keys() -> list[str]:
    """The keys :func:`text` knows, sorted.

    Example:
        >>> "vet_ikke" in text_keys(), "dont_know" in text_keys()
        (False, True)
    """
    return sorted(_TEXTS)


def text(key: str, language: str = "nb", **values: object) -> str:
    """The figure/table text ``key`` in ``language``, with ``{placeholders}`` filled.

    Example:
        >>> text("n_label", "sv", n=2)
        'n = 2'
    """
    index = _check_language(language)
    if key not in _TEXTS:
        raise ConfigError(f"unknown text key {key!r}; known keys: {', '.join(text_keys())}")
    template = _TEXTS[key][index]
    try:
        return template.format(**values)
    except KeyError as err:
        raise ConfigError(
            f"text {key!r} needs the value {err.args[0]!r} (template: {template!r}); "
            f"got {sorted(values) or 'none'}"
        ) from None


def value_label(
    column: str | None,
    value: Hashable,
    language: str = "nb",
    labels: Mapping[Hashable, str] | None = None,
) -> str:
    """How a value (or a variable name) is shown: its entry in ``labels``, else itself.

    The labels come from the study's configuration (see
    :class:`surveykit.presentation.Presentation`); nothing is guessed here.

    Example:
        >>> value_label("site", "askim", labels={"askim": "Askim"}), value_label("wave", "2", "nb")
        ('Askim', '2')
    """
    _check_language(language)
    if labels is not None and value in labels:
        return str(labels[value])
    return str(value)


def _group_thousands(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number(
    x: float | None, language: str = "nb", decimals: int = 1, *, sign: bool = False
) -> str:
    """A number with the language's decimal mark and thousands separator.

    Decimal comma and a no-break space between thousands for nb/nn/sv/da; point and comma
    for en. Negative numbers get a true minus (U+2212); ``sign=True`` adds "+" to positive
    ones. Missing values (None, NaN) give an en dash.

    Example:
        >>> format_number(1234.56, "nb", 1), format_number(0.25, "en", 2, sign=True)
        ('1\\xa0234,6', '+0.25')
    """
    _check_language(language)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    try:
        value = float(x)
    except (TypeError, ValueError):
        raise ConfigError(f"format_number: expected a number, got {x!r}") from None
    if math.isnan(value):
        return MISSING
    formatted = f"{abs(value):.{decimals}f}"
    negative = value < 0 and formatted.strip("0.") != ""
    whole, _, frac = formatted.partition(".")
    comma = language in _DECIMAL_COMMA
    whole = _group_thousands(whole, _NBSP if comma else ",")
    body = whole + ((("," if comma else ".") + frac) if frac else "")
    if negative:
        return _MINUS + body
    return ("+" + body) if sign and value > 0 and formatted.strip("0.") != "" else body


def format_percent(
    x: float | None, language: str = "nb", decimals: int = 0, *, sign: bool = False
) -> str:
    """A share (0–1) as a percentage: nb "12,3 %" (no-break space), en "12.3%".

    Example:
        >>> format_percent(0.5, "sv"), format_percent(0.5, "en")
        ('50\\xa0%', '50%')
    """
    number = format_number(None if x is None else float(x) * 100, language, decimals, sign=sign)
    if number == MISSING:
        return MISSING
    return number + ("%" if language == "en" else _NBSP + "%")


def joined(parts: Sequence[object], language: str = "nb") -> str:
    """ "a, b og c" in ``language``.

    Example:
        >>> joined(["År 1", "År 2"], "nb"), joined(["2024"], "en"), joined([1, 2, 3], "en")
        ('År 1 og År 2', '2024', '1, 2 and 3')
    """
    texts = [str(p) for p in parts]
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + f" {text('and', language)} {texts[-1]}"


def _missing(x: object) -> bool:
    """None, NaN or pandas' NA (which refuses float())."""
    try:
        return x is None or math.isnan(float(x))  # type: ignore[arg-type]
    except TypeError:
        return True


def format_interval(low: float | None, high: float | None, language: str = "nb", decimals: int = 1, *,
                    percent: bool = False) -> str:
    """A confidence interval as "[40,0; 60,0]" (nb, nn, sv, da) or "[40.0, 60.0]" (en).

    ``percent=True`` shows shares (0–1) in percent units, without the percent sign (the
    estimate beside it carries the unit). A missing bound gives an en dash.

    Example:
        >>> format_interval(0.4, 0.6, "nb", percent=True), format_interval(-0.1, 0.25, "en", 2)
        ('[40,0; 60,0]', '[−0.10, 0.25]')
    """
    scale = 100.0 if percent else 1.0
    if _missing(low) or _missing(high):
        return MISSING
    sep = ", " if language == "en" else "; "
    return (f"[{format_number(float(low) * scale, language, decimals)}{sep}"
            f"{format_number(float(high) * scale, language, decimals)}]")


def footer_text(
    language: str = "nb",
    *,
    source: str | None = None,
    waves: list[str] | None = None,
    n: int | tuple[int, int] | None = None,
    synthetic: bool = False,
) -> str:
    """The standard figure footer: source · the waves' labels · n · "Syntetiske data".

    ``n`` is the number of answers the figure's numbers rest on, or (smallest, largest) when
    its estimates rest on different numbers (:func:`estimates_n`).

    Example:
        >>> footer_text("nb", source="Innbyggerundersøkelsen", waves=["År 1", "År 2"], n=2400,
        ...             synthetic=True)
        'Kilde: Innbyggerundersøkelsen · År 1 og År 2 · n = 2\\xa0400 · Syntetiske data'
        >>> footer_text("en", n=(598, 612))
        'n = 598–612 per estimate'
    """
    parts = []
    if source:
        parts.append(f"{text('source', language)}: {source}")
    if waves:
        parts.append(joined(waves, language))
    if isinstance(n, tuple) and n[0] == n[1]:
        n = n[0]
    if isinstance(n, tuple):
        parts.append(text("n_range_label", language, low=format_number(n[0], language, 0),
                          high=format_number(n[1], language, 0)))
    elif n is not None:
        parts.append(text("n_label", language, n=format_number(n, language, 0)))
    if synthetic:
        parts.append(text("synthetic_data", language))
    return " · ".join(parts)


def estimates_n(frame: Any) -> tuple[int, int] | None:
    """The smallest and largest ``n`` (unweighted answers) of the estimates a figure shows, a
    result frame: the rows with a number that are not suppressed; None when there is none.

    Example:
        >>> import pandas as pd
        >>> estimates_n(pd.DataFrame({"estimate": [3.9, 4.1, None], "n": [612, 598, 0],
        ...                           "suppressed": [False, False, False]}))
        (598, 612)
    """
    import pandas as pd

    if "n" not in frame or not len(frame):
        return None
    shown = pd.to_numeric(frame["n"], errors="coerce").gt(0)
    if "estimate" in frame:
        shown &= pd.to_numeric(frame["estimate"], errors="coerce").notna()
    if "suppressed" in frame:
        shown &= ~frame["suppressed"].fillna(False).astype(bool)
    n = pd.to_numeric(frame["n"], errors="coerce")[shown]
    return (int(n.min()), int(n.max())) if len(n) else None
