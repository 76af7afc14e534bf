"""The study-level parts of a draft: each wave's field date and label from the answers' time
stamps, the language, the screening rules (with how many rows each rejects) and the site table.

Example:
    >>> guess_language(["Hvor fornøyd er du med biblioteket?", "Kjønn"])
    'nb'
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.outputs import unlinked
from surveykit.scaffold.check import active_keys
from surveykit.scaffold.init import slug
from surveykit.scaffold.lexicon import norm
from surveykit.scaffold.render import _q
from surveykit.scaffold.variables import Var
from surveykit.scaffold.vendor import Proposal, timestamps

__all__ = ["field_date", "fill_study_yaml", "guess_language", "language_of", "name_date", "screening_block",
           "site_rows", "wave_labels"]


_NAME_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12][0-9]|3[01])(?![0-9])")
_NAME_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_.](0[1-9]|1[0-2])(?![0-9])")
_NAME_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def name_date(name: str) -> tuple[dt.date, str] | None:
    """A date, or else a year-month or a year, in an export's file or folder name: (the date, what
    the name gave), or None when it holds none (or several different years). A year-month gives
    the 15th, a year alone the 1st of July.

    >>> name_date("data-345678-2024-03-01-1200.txt"), name_date("facilities_2019.csv")
    ((datetime.date(2024, 3, 1), 'date'), (datetime.date(2019, 7, 1), 'year'))
    >>> name_date("export_2023-11.csv")
    (datetime.date(2023, 11, 15), 'month')
    >>> name_date("export.csv"), name_date("2019_vs_2021.csv")
    (None, None)
    """
    stem = Path(name).stem if Path(name).suffix[1:].isalpha() else name  # a folder "runde.2022" keeps its year
    m = _NAME_DATE.search(stem)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "date"
        except ValueError:
            pass
    years = set(_NAME_YEAR.findall(stem))
    if len(years) != 1:
        return None
    months = {(int(y), int(mo)) for y, mo in _NAME_MONTH.findall(stem)}
    if len(months) == 1:
        year, month = months.pop()
        return dt.date(year, month, 15), "month"
    return dt.date(int(years.pop()), 7, 1), "year"


def _path_date(path: Path) -> tuple[dt.date, str, str] | None:
    """The date :func:`name_date` finds in the export's file name, else in the nearest folder
    holding it below ``raw`` (data/raw/2022/dataset.csv: 2022), else in its own folder:
    (date, what, the name it is in)."""
    parts = path.parts[:-1]
    below = parts[len(parts) - parts[::-1].index("raw"):] if "raw" in parts else parts[-1:]
    for name in (path.name, *reversed(below)):
        found = name_date(name)
        if found is not None:
            return *found, name
    return None


def field_date(raw, path: Path) -> tuple[dt.date, str | None]:
    """The median answer date from the tool's time stamps, else of a date column; else a date or
    year in the file name, else the file's date. The second value is None when the answers gave
    the date, else the REVIEW note saying where the date came from."""
    from surveykit.clean.coding import parse_dates

    stamps = timestamps(raw)
    if stamps is None:
        for col in raw.data.columns:
            if not re.search(r"date|dato|datum|time|tid|stamp|created|submitted|opprettet", str(col), re.I):
                continue
            parsed, _ = parse_dates(raw.data[col])
            parsed = parsed.dropna()
            if len(parsed) >= 0.5 * max(1, raw.n_rows) and parsed.dt.year.between(1990, 2100).all():
                stamps = parsed
                break
    if stamps is not None and len(stamps):
        return stamps.sort_values().iloc[len(stamps) // 2].date(), None
    named = _path_date(path)
    if named is not None:
        day, what, name = named
        where = f"its file name {name!r}" if name == path.name else f"its folder {name!r}"
        if what == "date":
            return day, (f"the export has no time stamps: the date in {where} (it may be the day it was "
                         "downloaded, not fielded)")
        if what == "month":
            return day, (f"the export has no time stamps: the month {day:%Y-%m} of {where}, mid-month; set the "
                         "day it was fielded")
        return day, (f"the export has no time stamps: the year {day.year} of {where}, mid-year; set the day it "
                     "was fielded")
    day = dt.date.fromtimestamp(path.stat().st_mtime)
    when = "the day the file was last changed" + (": today (the day it was copied or saved)"
                                                  if day == dt.date.today() else "")
    return day, (f"the export has no time stamps and neither its file name {path.name!r} nor its folder a year: "
                 f"this is {when}, not when it was fielded; set the field date")


def wave_labels(days: Sequence[dt.date]) -> list[str]:
    """Wave names from their field dates: the year, or year-month when two waves share a year.

    >>> wave_labels([dt.date(2022, 1, 10), dt.date(2023, 1, 20)]), wave_labels([dt.date(2024, 3, 1)] * 2)
    (['2022', '2023'], ['2024-03', '2024-03 (2)'])
    """
    years = [str(d.year) for d in days]
    labels = years if len(set(years)) == len(years) else [f"{d.year}-{d.month:02d}" for d in days]
    out: list[str] = []
    for lab in labels:
        k, new = 2, lab
        while new in out:
            new, k = f"{lab} ({k})", k + 1
        out.append(new)
    return out


# common words of survey questions and answers per language; a word several languages share
# counts for each of them in part (1 / how many), so shared words (nb and da: ikke, jeg, enig)
# weigh little and words one language alone spells so ("hjælp", "nøgd", "nöjd") decide
_MARKS = {
    "nb": {"ikke", "jeg", "hva", "hvordan", "hvor", "hvilket", "hvilken", "hvilke", "fornøyd", "misfornøyd", "og",
           "av", "er", "vet", "enig", "uenig", "verken", "litt", "kjønn", "kvinne", "mann", "meg", "seg", "mye",
           "noe", "noen", "hjelp", "hjelpsom", "hjelpsomt", "hjelpsomme", "åpningstid", "åpningstider",
           "åpningstidene", "ble", "fikk", "ansatte", "personalet", "svært", "bruker", "brukt", "bruke", "trygg",
           "delvis", "passer", "tjenester", "tjenesten", "tilbud", "tilbudet", "føler", "synes", "hvorfor",
           "vet ikke", "også", "kommune", "besøk", "besøkt"},
    "nn": {"ikkje", "eg", "kva", "korleis", "kor", "kvifor", "nøgd", "misnøgd", "noko", "nokon", "berre", "heilt",
           "einig", "ueinig", "veit", "kjønn", "kvinne", "mann", "litt", "verken", "meg", "seg", "mykje", "hjelp",
           "hjelpsam", "hjelpsame", "hjelpsamt", "opningstid", "opningstider", "opningstidene", "vart", "blei",
           "fekk", "tilsette", "tenester", "tenesta", "svært", "og", "av", "er", "dykk", "frå", "ein", "eit", "dei",
           "bruker", "brukt", "bruka", "trygg", "passar", "synest", "òg", "kommune", "veit ikkje", "besøk"},
    "da": {"ikke", "jeg", "hvad", "hvordan", "hvor", "hvorfor", "hvilket", "hvilken", "hvilke", "tilfreds",
           "utilfreds", "og", "af", "er", "enig", "uenig", "hverken", "delvist", "lidt", "køn", "kvinde", "mand",
           "mig", "sig", "dig", "meget", "noget", "nogen", "nogle", "hjælp", "hjælpsom", "hjælpsomt", "hjælpsomme",
           "åbningstid", "åbningstider", "åbningstiderne", "blev", "fik", "ansatte", "personalet", "bruger",
           "brugt", "bruge", "benytter", "tryg", "passer", "tilbud", "tilbuddet", "føler", "synes", "jer", "jeres",
           "spørgsmål", "rejste", "fods", "cykel", "også", "kommune", "besøg", "besøgt", "ved ikke"},
    "sv": {"och", "inte", "jag", "är", "vad", "hur", "varför", "vilket", "vilken", "vilka", "nöjd", "missnöjd",
           "mycket", "instämmer", "varken", "delvis", "alls", "kön", "kvinna", "mig", "sig", "dig", "något",
           "någon", "några", "hjälp", "hjälpsam", "hjälpsamma", "öppettider", "öppettiderna", "blev", "fick",
           "anställda", "personalen", "använt", "använder", "trygg", "passar", "tjänster", "tjänsten", "känner",
           "tycker", "reste", "cykel", "till fots", "också", "kommun", "ålder", "av", "vet inte"},
    "en": {"the", "and", "you", "how", "what", "which", "why", "your", "of", "is", "are", "was", "were", "did",
           "do", "agree", "disagree", "very", "strongly", "somewhat", "neither", "nor", "know", "satisfied",
           "dissatisfied", "helpful", "male", "female", "gender", "feel", "use", "used", "have", "not", "with",
           "would", "to", "or", "yes", "other", "staff", "services", "often"},
}
_WEIGHT = {w: 1 / sum(w in m for m in _MARKS.values()) for m in _MARKS.values() for w in m}
# words of languages the figures and tables do not speak, each none of the five's (a survey in one is said so)
_OTHER_MARKS = {
    "German (de)": {"und", "nicht", "ich", "sie", "wie", "sind", "mit", "ist", "zufrieden", "stimme", "weiß",
                    "keine", "angabe", "geschlecht", "männlich", "weiblich", "eher", "überhaupt", "trifft", "voll",
                    "gar", "nein", "wurde", "haben", "ihr", "ihre", "ihren", "wie oft", "weiß nicht"},
    "French (fr)": {"pas", "je", "vous", "comment", "quel", "quelle", "êtes", "avec", "est", "satisfait",
                    "accord", "homme", "femme", "oui", "non", "sais", "plutôt", "tout", "votre", "vos"},
    "Spanish (es)": {"y", "usted", "cómo", "qué", "cuál", "está", "con", "es", "satisfecho", "acuerdo", "hombre",
                     "mujer", "sí", "sé", "muy", "nada", "su", "sus", "edad"},
    "Dutch (nl)": {"niet", "ik", "hoe", "wat", "welke", "tevreden", "eens", "vrouw", "nee",
                   "weet", "uw", "helemaal", "oneens", "leeftijd", "geslacht"},
}


def guess_language(texts: list[str]) -> str:
    """nb, nn, sv, da or en from the words of the questions and answers (en when none of them: see
    :func:`language_of`).

    Each language scores its common words (and pairs such as "ved ikke"); a word shared by
    several languages counts for each in part:

    >>> guess_language(["Køn", "Personalet var hjælpsomt", "Delvist enig", "Ved ikke"])
    'da'
    >>> guess_language(["Kjønn", "Personalet var hjelpsomme", "Litt enig", "Vet ikke"])
    'nb'
    """
    return language_of(texts)[0]


def language_of(texts: list[str]) -> tuple[str, str | None]:
    """The study's language (nb, nn, sv, da or en) and, when the words tell none of them, why ``en``
    was taken: the questions hold no words (codes such as "DM01" only), or they are another language's
    (German, French, Spanish, Dutch), which the figures and tables do not speak.

    >>> language_of(["Wie zufrieden sind Sie mit der Bibliothek?", "Geschlecht", "weiblich", "männlich"])[0]
    'en'
    >>> language_of(["DM01", "TR01_07"])[1][:40]
    'the questions hold no words to tell the '
    """
    words = re.findall(r"[a-zæøåäöüßéèêàòôóíúñ']+", " ".join(texts).casefold())
    tokens = [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]
    score = {lang: sum(_WEIGHT[w] for w in tokens if w in marks) for lang, marks in _MARKS.items()}
    best = max(score, key=lambda k: score[k])  # ties: the first of nb, nn, da, sv, en
    # another language's words: three distinct ones at least (of three letters or more: codes such as
    # "Y" and "SU" are no Spanish), and more than the best of the five has
    known = len({w for w in tokens if w in _MARKS[best]})
    other = {name: len({w for w in tokens if w in marks and len(w) >= 3}) for name, marks in _OTHER_MARKS.items()}
    foreign = max(other, key=lambda k: other[k])
    if other[foreign] >= 3 and other[foreign] > known:
        return "en", (f"the questions look {foreign.split(' ')[0]}, a language the figures and tables do not speak "
                      "(they speak nb, nn, sv, da and en): `en` is drafted; set the one your readers read")
    if score[best] <= 0:
        codes = [t for t in texts if re.fullmatch(r"[\w.]+", str(t).strip())][:2] or list(texts[:2])
        return "en", ("the questions hold no words to tell the language by ("
                      + (f"names or codes such as {', '.join(map(repr, codes))}" if codes else "no question texts")
                      + "): `en` is drafted; set your survey's (nb, nn, sv, da or en)")
    return best, None


def _rule_text(p: Proposal) -> str:
    parts = []
    for key, value in p.rule.items():
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(_q(v) for v in value)}]")
        else:
            parts.append(f"{key}: {value if key in ('from', 'to') or re.fullmatch(r'[a-z_]+', str(value)) else _q(value)}")
    return "{" + ", ".join(parts) + "}"


def screening_block(proposals: dict[str, Proposal], counts: dict[str, dict[str, tuple[int, int]]],
                    waves: Sequence[str] = ("1",), unread: Sequence[str] = ()) -> str:
    """The `screening:` block of surveykit.yaml: one rule per key with the rows it rejects per wave
    (``counts[key][wave] = (rejected, rows)``); a rule rejecting every row, or that some wave cannot
    apply, is left switched off with a REVIEW note. ``unread``: per wave, a status the draft found
    but could not read (see :func:`surveykit.scaffold.vendor.unread_status`), said under REVIEW."""
    lines = ["screening:                            # rows rejected, with the reason, in data/processed/rejects.csv"]
    lines += [f"  # REVIEW: {note}" for note in unread]
    for key in ("test", "complete", "duplicate", "window"):
        p = proposals.get(key)
        if p is None:
            continue
        per_wave = counts.get(key, {})
        lacking = [w for w in waves if w not in per_wave]
        if key != "window" and lacking and len(lacking) < len(waves):
            lines.append(f"  # REVIEW: {p.why}: wave(s) {', '.join(lacking)} have no such column, so the rule "
                         f"applies to wave(s) {', '.join(w for w in waves if w in per_wave)} only (`waves:`)")
        shown = "; ".join(f"{'wave ' + w + ': ' if len(per_wave) > 1 else ''}rejects {r} of {n} rows"
                          for w, (r, n) in per_wave.items())
        everything = key not in active_keys(counts, list(waves))
        if key == "window":
            lines.append(f"  # {key}: {_rule_text(p)}   # {p.why}: set the field period and remove the '#'")
        elif everything:
            lines.append(f"  # REVIEW: this rule would reject every row of a wave ({p.why}: {shown}), so it is "
                         "switched off; check its values, then switch it on (remove the '#')")
            lines.append(f"  # {key}: {_rule_text(p)}")
        else:
            if p.review:
                lines.append(f"  # REVIEW: {p.review}")
            lines.append(f"  {key}: {_rule_text(p)}   # {p.why}: {shown or 'no rows read'}")
    if len(lines) == 1 + len(unread) and unread:
        lines[0] = "screening: {}                         # REVIEW: no rule drafted, but the export has a status:"
    elif len(lines) == 1:
        lines[0] = "screening: {}                         # the export marks no test, unfinished or repeated answers"
        lines.append("  # test: {variable: respondent_id, pattern: \"^TEST\"}    # e.g. test answers, by a regular expression")
    return "\n".join(lines) + "\n"


_SURVEY = {"nb": "Undersøkelse", "nn": "Undersøking", "en": "Survey", "sv": "Undersökning", "da": "Undersøgelse"}


def fill_study_yaml(path: Path, exports: Sequence[Path], waves: list[dict[str, Any]], language: str,
                    screening: str, weighting: str | None = None, language_note: str | None = None) -> bool:
    """Fill the blank surveykit.yaml `surveykit init` wrote: waves, screening, language, the
    study's name in that language (a neutral word, to be reviewed) and, for an export with
    replicate weights, the `weighting:` block that uses them (``weighting``)."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    if "REPLACE_WITH_YOUR_EXPORT" not in text:
        return False
    root = path.parent
    lines = ["waves:                                # one entry per export; filled in by `surveykit codebook draft`"]
    for export, wave in zip(exports, waves, strict=True):
        try:
            rel = Path(export).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = Path(export).resolve().as_posix()
        guessed = wave["guessed"]
        lines += [f"  - id: \"{wave['id']}\"",
                  f"    label: \"{wave['label']}\"                   # the wave's name in figures and tables"
                  + (f"; REVIEW: from the field date below ({guessed.split(':')[0]}): name the round"
                     if guessed else ""),
                  f"    file: {_q(rel)}",
                  f"    field_date: {wave['field_date'].isoformat()}"
                  + (f"                # REVIEW: when the survey was fielded (picks each site's row): {guessed}"
                     if guessed else
                     "                # median answer date in the export; picks each site's row")]
        if wave.get("sheet") is not None:
            lines.append(f"    sheet: {_q(wave['sheet'])}")
    block = "\n".join(lines) + "\n\n"
    text = re.sub(r"(?ms)^waves:.*?(?=^screening:)", lambda _m: block, text)
    text = re.sub(r"(?ms)^screening:.*?(?=^\S)", lambda _m: screening + "\n", text, count=1)
    if weighting is not None:
        text = re.sub(r"(?ms)^weighting:.*?(?=^\S)", lambda _m: weighting + "\n", text, count=1)
    text = re.sub(r"(?m)^(  language: )nb(\s)", lambda m: f"{m.group(1)}{language}{m.group(2)}", text, count=1)
    if language_note:   # the words told no language surveykit speaks
        text = re.sub(r"(?m)^(  language: \S+[^\n]*)$", lambda m: f"{m.group(1)}; REVIEW: {language_note}", text,
                      count=1)
    name = _SURVEY.get(language, _SURVEY["en"])
    text = re.sub(r'(?m)^  name: "(?:Undersøkelse|Innbyggerundersøkelse)"[^\n]*',  # init's (and older inits') name
                  lambda _m: f'  name: "{name}"'.ljust(38) + "# the report title; REVIEW: name your survey",
                  text, count=1)
    unlinked(path).write_text(text, encoding="utf-8")
    return True


_MUNICIPALITY = re.compile(r"^(kommune|kommun|municipality|bostedskommune|hjemkommune)\b", re.IGNORECASE)


def site_rows(site: Var, raws: dict[str, Any]) -> list[dict[str, str]]:
    """Draft rows of config/sites.csv from the answers of the site question: the reserved columns, and
    ``municipality`` when the export has a municipality column that tells it."""
    pool = site.pool
    labels: list[tuple[str, list[str]]] = []
    for lv in pool.levels:
        codes = [str(lv.code)] if pool.fixed and lv.code is not None else []
        labels.append((lv.labels[0], [*lv.labels[1:], *codes]))
    rows: dict[str, dict[str, Any]] = {}
    for label, aliases in labels:
        rows[label] = {"label": label, "aliases": list(aliases)}
    municipality: dict[str, str] = {}
    for wave, col in site.sources.items():
        raw = raws[wave]
        mcol = next((c for c in raw.data.columns if _MUNICIPALITY.match(str(raw.questions.get(c, c)))), None)
        if mcol is None:
            continue
        vl, sl = raw.value_labels.get(mcol) or {}, raw.value_labels.get(col.column) or {}
        left = raw.data[col.column].map(lambda v, sl=sl: sl.get(v, v) if pd.notna(v) else v).astype("string")
        right = raw.data[mcol].map(lambda v, vl=vl: vl.get(v, v) if pd.notna(v) else v).astype("string")
        pairs = pd.DataFrame({"s": left, "m": right}).dropna()
        for value, group in pairs.groupby("s"):
            top = group["m"].value_counts()
            if len(top) and top.iloc[0] >= 0.9 * len(group):
                municipality.setdefault(norm(value), str(top.index[0]))
    out = []
    used: set[str] = set()
    for row in sorted(rows.values(), key=lambda r: norm(r["label"])):
        sid, k = slug(row["label"], 24), 2
        while sid in used:
            sid, k = f"{slug(row['label'], 24)}_{k}", k + 1
        used.add(sid)
        names = [row["label"], *row["aliases"]]
        muni = next((municipality[norm(n)] for n in names if norm(n) in municipality), "")
        out.append({"site_id": sid, "label": row["label"], **({"municipality": muni} if municipality else {}),
                    "kind": "", "aliases": "|".join(dict.fromkeys(row["aliases"])), "valid_from": "", "valid_to": ""})
    return out
