"""Starting a study without writing Python: `surveykit init` and `surveykit codebook draft`.

Example:
    >>> init_study(Path("my-study"))                                           # doctest: +SKIP
    >>> draft_codebook([Path("my-study/data/raw/export.xlsx")], Path("my-study/config/codebook.yaml"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from surveykit.errors import ConfigError

__all__ = ["KNOWN_SCALES", "draft_codebook", "draft_report", "init_study", "slug"]

_TEMPLATES = ("surveykit.yaml", "config/codebook.yaml", "config/sites.csv", "config/population.csv",
              "config/report.yaml")

# Known answer scales, low to high, per language: used to order text labels in a draft.
KNOWN_SCALES: dict[str, list[str]] = {
    "agree5_nb": ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"],
    "agree5b_nb": ["Svært uenig", "Uenig", "Verken enig eller uenig", "Enig", "Svært enig"],
    "agree4_nb": ["Helt uenig", "Delvis uenig", "Delvis enig", "Helt enig"],
    "satisfied5_nb": ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"],
    "agree5_sv": ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer i stor grad",
                  "Instämmer helt"],
    "good4_sv": ["Mycket dåligt", "Ganska dåligt", "Ganska bra", "Mycket bra"],
    "agree5_da": ["Helt uenig", "Delvist uenig", "Hverken enig eller uenig", "Delvist enig", "Helt enig"],
    "agree5_en": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
    "satisfied5_en": ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                      "Very satisfied"],
    "frequency_nb": ["Aldri", "Sjelden", "Av og til", "Ofte", "Svært ofte"],
}


def slug(text: str, max_len: int = 32) -> str:
    """A snake_case variable name from a question text or column name.

    >>> slug("Hvor fornøyd er du med åpningstidene?")
    'hvor_fornoyd_er_du_med_apningstidene'
    """
    text = text.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > max_len:
            break
        out = f"{out}_{w}" if out else w
    out = out or "var"
    return out if out[0].isalpha() else f"v_{out}"


def init_study(folder: Path, *, example: bool = False, force: bool = False) -> list[Path]:
    """Create a study folder: a blank commented configuration, or (``example``) the synthetic demo study."""
    if example:
        from surveykit.synth import write_study

        if (folder / "surveykit.yaml").exists() and not force:
            raise ConfigError(f"{folder / 'surveykit.yaml'} exists already. Use --force to overwrite, or another folder.")
        write_study(folder)
        return sorted(p for p in folder.rglob("*") if p.is_file())
    written = []
    for rel in _TEMPLATES:
        target = folder / rel
        if target.exists() and not force:
            raise ConfigError(f"{target} exists already. Use --force to overwrite, or choose an empty folder.")
        source = resources.files("surveykit") / "templates" / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(target)
    for sub in ("data/raw", "data/processed", "reports"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return written


# -- codebook draft -------------------------------------------------------------------------
#
# A draft is built in three passes: scan each wave's export into column descriptions (kind,
# question, answer labels), pool answer scales across columns and waves (one `agree5` for every
# item with the same levels, whatever the wave or the label variant), then match questions across
# waves by text and render a commented YAML the user reviews.

_NOTE_ID = re.compile(
    r"^(?:\$?submission_id|id|nr|response ?id|responseid|respondent ?id|respondentid|resp_?id|"
    r"respondent_id|intervju ?id|intervjuid|lopenr|løpenummer|lopenummer|caseid|case_?id|serial|"
    r"token|_?uuid|svar ?id|svarid)$", re.IGNORECASE)

# Families of ordered answer scales: (name, negative, positive, neutral) regular expressions on
# the case-folded label. Negative wording is tried before positive ("uenig" contains "enig").
_FAMILIES: list[tuple[str, str, str, str]] = [
    ("satisfied", r"misfornøyd|misnøgd|missnöjd|utilfreds|dissatisfied|unsatisfied|unhappy|ikke fornøyd",
     r"fornøyd|nøgd|nöjd|tilfreds|satisfied|happy", r"$^"),
    ("agree", r"u(?:en|ein)ig|usamd|oenig|disagree|instämmer inte|tar afstand",
     r"enig|einig|samd|agree|instämmer", r"$^"),
    ("likely", r"usannsynl|osannolik|usandsynl|unlikely", r"sannsynl|sannolik|sandsynl|likely", r"$^"),
    ("important", r"uviktig|oviktig|uvigtig|unimportant|not important|lite viktig|ikke viktig|ikkje viktig|"
     r"inte viktig|ikke vigtig|not at all important",
     r"viktig|vigtig|important", r"$^"),
    ("favourable", r"unfavou?rabl|negativ", r"favou?rabl|positiv", r"$^"),
    ("extent", r"liten grad|lita grad|lille grad|ringe grad|small extent|little extent|ingen grad|not at all|"
     r"inte alls|ikke i det hele tatt", r"stor grad|høy grad|hög grad|høj grad|large extent|great extent",
     r"noen grad|noko grad|viss grad|nogen grad|någon mån|some extent"),
    ("good", r"dårlig|dårleg|dåligt|dårligt|\bbad\b|\bpoor\b|\bsvak", r"\bgod|\bbra\b|\bgood\b|utmerket|utmärkt|excellent",
     r"$^"),
    ("frequency", r"\baldri\b|\baldrig\b|\bnever\b|sjelden|sjeldan|sällan|sjældent|rarely|seldom",
     r"\bofte\b|\bofta\b|\boften\b|\balltid\b|\baltid\b|\balways\b|daglig|dagleg|dagligen|\bdaily\b",
     r"av og til|iblant|ibland|innimellom|nogle gange|sometimes|occasionally"),
]
_FAMILIES_RE = [(name, re.compile(neg), re.compile(pos), re.compile(neu)) for name, neg, pos, neu in _FAMILIES]
_NEUTRAL = re.compile(r"\b(verken|hverken|varken|korkje|neither|nøytral|neutral|midt|middels|in the middle|"
                      r"både og|hverken eller)\b")
_STRONG = re.compile(r"\b(helt|heilt|svært|særs|sterkt|fullstendig|strongly|completely|totally|extremely|very|"
                     r"mycket|meget|veldig|aldri|aldrig|never|alltid|altid|always|ingen grad|not at all|"
                     r"inte alls|i det hele tatt)\b")
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:under|mindre enn|færre enn|less than|fewer than|below|up to|inntil|"
                             r"upp till|op til|över|over|mer enn|more than|minst|at least)\s+)?(-?\d+(?:[.,]\d+)?)")
_BELOW = re.compile(r"^\s*(under|mindre enn|færre enn|less than|fewer than|below|up to|inntil|upp till|op til)\b")
_ABOVE = re.compile(r"^\s*(över|over|mer enn|more than|minst|at least)\b|\+\s*(år|years)?\s*$")
_NONSUB_KIND = [("dont_know", re.compile(r"vet|veit|ved|know|sure|usikker|osäker|weiss|weis|opinion|formening|"
                                         r"mening|uppfattning|åsikt|asikt|understand")),
                ("not_applicable", re.compile(r"aktuel|relevan|applicab|apply|brukt|kjenner|tried|participat|n/a")),
                ("no_answer", re.compile(r"svar|say|answer|refus|angabe|sagen"))]
_YES_NO = [{"ja", "nei"}, {"ja", "nej"}, {"yes", "no"}, {"jo", "nei"}]
_GENDER = re.compile(r"\b(kjønn|kjonn|kön|køn|gender|sex)\b", re.IGNORECASE)
_AGE = re.compile(r"^(alder|ålder|age|hvor gammel er du|hur gammal är du|hvor gammel er du\?|how old are you)\W*$",
                  re.IGNORECASE)
_SITE_WORDS = re.compile(
    r"bibliotek|innbyggertorg|servicetorg|servicesenter|servicekontor|medborgarkontor|medborgarcenter|"
    r"borgerservice|kundesenter|library|libraries|branch|filial|avdeling|kontor|\bsted\b|\bstad\b|\bsite\b|"
    r"\benhet|\benhed|which office|hvilket kontor", re.IGNORECASE)
_SITE_QUESTION = re.compile(r"\b(hvilket|hvilken|hvilke|kva|vilket|vilken|hvilket|which|where|hvor|var)\b",
                            re.IGNORECASE)


_FREE_TEXT = re.compile(r"kommentar|comment|fritekst|free text|beskriv|describe|utdyp|elaborate|synspunkt|"
                        r"forslag|suggestion|förslag|spesifiser|specify|ange", re.IGNORECASE)


def _fold(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _rank(label: str) -> tuple[str | None, int | None]:
    """(family, rank -2..2) of an answer label from the lexicon, or (None, None)."""
    text = _fold(label)
    neutral = bool(_NEUTRAL.search(text))
    for name, neg, pos, neu in _FAMILIES_RE:
        if neu.search(text):
            return name, 0
        if neg.search(text) or pos.search(text):
            if neutral:
                return name, 0
            sign = -1 if neg.search(text) else 1
            return name, sign * (2 if _STRONG.search(text) else 1)
    return None, None


def _known_scale(labels: list[str]) -> tuple[str, list[str]] | None:
    have = {_fold(x) for x in labels}
    for name, scale in KNOWN_SCALES.items():
        known = [_fold(x) for x in scale]
        if have <= set(known) and len(have) >= max(2, len(known) - 2):
            return name, known
    return None


def _nonsub_kind(label: str) -> str:
    text = _fold(label)
    for kind, pattern in _NONSUB_KIND:
        if pattern.search(text):
            return kind
    return "other"


def _number(code: Any) -> int | float:
    value = float(code)
    return int(value) if value.is_integer() else value


def _natural_key(label: str) -> tuple:
    m = _LEADING_NUMBER.match(_fold(label))
    if not m:
        return (1, 0.0, _fold(label))
    value = float(m.group(1).replace(",", "."))
    shift = -0.5 if _BELOW.match(_fold(label)) else 0.5 if _ABOVE.search(_fold(label)) else 0.0
    return (0, value + shift, _fold(label))


class _Pool:
    """A scale being drafted: levels (rank -> labels, code), non-substantive answers, usage."""

    def __init__(self, family: str | None, ordered: bool, fixed_codes: bool):
        self.family = family            # "agree", "satisfied", ... ; "ordinal" (numbers); None (unordered)
        self.ordered = ordered
        self.fixed_codes = fixed_codes  # codes come from the file (SPSS value labels etc.)
        self.levels: dict[Any, dict[str, Any]] = {}   # key (rank or label) -> {"code", "labels"}
        self.nonsub: dict[str, dict[str, Any]] = {}   # kind -> {"code", "labels"}
        self.users: list[str] = []
        self.notes: list[str] = []
        self.name = ""

    def order(self) -> list:
        if self.ordered:
            return sorted(self.levels)
        if self.fixed_codes:
            return sorted(self.levels, key=lambda k: (self.levels[k]["code"] is None, self.levels[k]["code"] or 0))
        return list(self.levels)

    def add_nonsub(self, label: str, code: Any = None) -> None:
        kind = _nonsub_kind(label)
        entry = self.nonsub.setdefault(kind, {"code": code, "labels": []})
        if entry["code"] is None:
            entry["code"] = code
        if _fold(label) not in {_fold(x) for x in entry["labels"]}:
            entry["labels"].append(label)

    def absorb(self, other: _Pool) -> None:
        for key, lv in other.levels.items():
            mine = self.levels.setdefault(key, {"code": lv["code"], "labels": []})
            if mine["code"] is None and other.fixed_codes:
                mine["code"] = lv["code"]
            for lab in lv["labels"]:
                if _fold(lab) not in {_fold(x) for x in mine["labels"]}:
                    mine["labels"].append(lab)
        for entry in other.nonsub.values():
            for lab in entry["labels"]:
                self.add_nonsub(lab, entry["code"])
        self.notes += [n for n in other.notes if n not in self.notes]
        self.fixed_codes = self.fixed_codes or other.fixed_codes

    def compatible(self, other: _Pool) -> bool:
        if self.family != other.family or self.ordered != other.ordered:
            return False
        if self.ordered:
            mine, theirs = set(self.levels), set(other.levels)
            small, big = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
            if not small <= big or (0 in big) != (0 in small):
                return False
        else:
            mine = {_fold(x) for lv in self.levels.values() for x in lv["labels"]}
            theirs = {_fold(x) for lv in other.levels.values() for x in lv["labels"]}
            first = {_fold(lv["labels"][0]) for lv in self.levels.values()}
            other_first = {_fold(lv["labels"][0]) for lv in other.levels.values()}
            if not (len(theirs) >= 2 and (other_first <= mine or first <= theirs)):
                return False
        if self.fixed_codes and other.fixed_codes:
            for key in set(self.levels) & set(other.levels):
                if self.levels[key]["code"] != other.levels[key]["code"]:
                    return False
        return True

    def finish(self) -> None:
        """Codes for levels given as text (1..n low -> high) and for non-substantive answers (9, 99, 98, ...)."""
        if not self.fixed_codes:
            for i, key in enumerate(self.order(), start=1):
                self.levels[key]["code"] = i
        else:  # codes from the file stay; labels seen only as text get the next free codes
            taken = [lv["code"] for lv in self.levels.values() if lv["code"] is not None]
            nxt = int(max(taken, default=0)) + 1
            for key in list(self.levels):
                if self.levels[key]["code"] is None:
                    self.levels[key]["code"], nxt = nxt, nxt + 1
                    self.notes.append(f"{self.levels[key]['labels'][0]!r} has no code in the file: "
                                      "check that it is not another spelling of a coded level")
        taken = {lv["code"] for lv in self.levels.values()}
        spare = iter(c for c in (9, 99, 98, 97, 96, 95, 999) if c not in taken)
        for kind in sorted(self.nonsub, key=lambda k: [x for x, _ in _NONSUB_KIND].index(k)
                           if k != "other" else 9):
            entry = self.nonsub[kind]
            if entry["code"] is None or entry["code"] in taken:
                entry["code"] = next(spare)
            taken.add(entry["code"])

    def n(self) -> int:
        return len(self.levels)

    def top_box(self) -> list:
        if not self.ordered or self.family == "ordinal" or self.n() < 3:
            return []
        codes = [self.levels[k]["code"] for k in self.order()]
        return codes[-2:] if self.n() >= 4 else codes[-1:]

    def is_likert(self) -> bool:
        return self.ordered and self.family not in (None, "ordinal") and self.n() >= 3


def _pool_from_labels(labels: list[str], codes: list[Any] | None = None,
                      nonsub: list[tuple[Any, str]] = ()) -> _Pool:
    """A scale from substantive answer labels (in code order when ``codes`` are given)."""
    fixed = codes is not None
    known = _known_scale(labels)
    ranks = {lab: _rank(lab) for lab in labels}
    families = {f for f, _ in ranks.values()}
    pool: _Pool
    if known and len(labels) >= 2:
        name, order = known
        pool = _Pool(name.split("_")[0].rstrip("0123456789b"), True, fixed)
        mid = (len(order) - 1) / 2
        for i, lab in enumerate(labels):
            key = order.index(_fold(lab)) - mid
            pool.levels.setdefault(key, {"code": codes[i] if fixed else None, "labels": []})["labels"].append(lab)
    elif fixed and len(labels) >= 3 and _coded_scale(labels):
        # coded scale with labelled ends ("I liten grad", 2, 3, "I stor grad"): the codes give the order
        family = next(f for f, _ in (_rank(x) for x in labels) if f)
        pool = _Pool(family, True, fixed)
        for i, lab in enumerate(labels):
            pool.levels[i - (len(labels) - 1) / 2] = {"code": codes[i], "labels": [lab]}
    elif labels and len(families) == 1 and None not in families and len({r for _, r in ranks.values()}) >= 3:
        pool = _Pool(families.pop(), True, fixed)
        for i, lab in enumerate(labels):
            key = ranks[lab][1]
            pool.levels.setdefault(key, {"code": codes[i] if fixed else None, "labels": []})["labels"].append(lab)
    elif len(labels) >= 3 and all(_LEADING_NUMBER.match(_fold(x)) for x in labels):
        pool = _Pool("ordinal", True, fixed)
        for lab in sorted(labels, key=_natural_key):
            code = codes[labels.index(lab)] if fixed else None
            pool.levels[_natural_key(lab)[1]] = {"code": code, "labels": [lab]}
        pool.notes.append("levels ordered by their numbers: check the order, or set `ordered: false`")
    else:
        pool = _Pool(None, False, fixed)
        order = labels if fixed else sorted(labels, key=_natural_key)
        for lab in order:
            code = codes[labels.index(lab)] if fixed else None
            # "K" / "M" next to "Kvinne" / "Mann", "Videregående" next to "Videregående skole": variants
            longer = [x for x in order if x != lab and _fold(x).startswith(_fold(lab))
                      and (len(lab) <= 2 or _fold(x)[len(_fold(lab)):].startswith(" "))]
            if not fixed and len(longer) == 1:
                continue
            pool.levels[_fold(lab)] = {"code": code, "labels": [lab]}
        for lab in order:
            if _fold(lab) in pool.levels:
                continue
            target = next(x for x in order if x != lab and _fold(x).startswith(_fold(lab)))
            pool.levels[_fold(target)]["labels"].append(lab)
            pool.notes.append(f"{lab!r} taken as another spelling of {target!r}: check")
        if {_fold(x) for x in labels} in _YES_NO:
            pool.family = None
            pool.name = "yes_no"
    for code, lab in nonsub:
        pool.add_nonsub(lab, code)
    return pool


def _coded_scale(labels: list[str]) -> bool:
    """Labels in code order whose known ranks never go back, all of one family, from low to high."""
    ranked = [(_rank(x), x) for x in labels]
    known = [(f, r) for (f, r), x in ranked if f is not None]
    others = [x for (f, _), x in ranked if f is None]
    if len(known) < 2 or len({f for f, _ in known}) != 1 or not all(re.fullmatch(r"-?\d+", x.strip()) for x in others):
        return False
    ranks = [r for _, r in known]
    return ranks[0] < ranks[-1] and all(a <= b for a, b in itertools.pairwise(ranks))


class _Column:
    """One export column (or matrix row) described for the draft."""

    def __init__(self, wave: str, column: str, question: str, kind: str, **info: Any):
        self.wave, self.column, self.question, self.kind = wave, column, question, kind
        self.pool: _Pool | None = info.pop("pool", None)
        self.info = info


def _present(values: pd.Series) -> pd.Series:
    present = values.dropna()
    if present.dtype == object or pd.api.types.is_string_dtype(present):
        present = present[present.astype(str).str.strip() != ""]
    return present


def _labelled_pool(raw, cols: list[str], labels: Mapping[Any, str]) -> _Pool:
    from surveykit.nonsubstantive import is_nonsubstantive

    missing = raw.meta.get("user_missing", {}) or {}
    user_missing = {_number(v) for c in cols for v in (missing.get(c, {}) or {}).get("values", [])}
    pairs = sorted(((_number(c), str(lab)) for c, lab in labels.items()), key=lambda kv: kv[0])
    subst = [(c, lab) for c, lab in pairs if not is_nonsubstantive(lab) and c not in user_missing]
    nonsub = [(c, lab) for c, lab in pairs if (c, lab) not in subst]
    pool = _pool_from_labels([lab for _, lab in subst], [c for c, _ in subst], nonsub)
    seen: set = set()
    for c in cols:
        values = pd.to_numeric(_present(raw.data[c]), errors="coerce").dropna()
        seen |= {_number(v) for v in values.unique()}
    unlabelled = sorted(seen - {c for c, _ in pairs})
    if unlabelled:
        for code in unlabelled:
            pool.add_nonsub(f"{code}", code)
        pool.notes.append(f"codes {unlabelled} occur in the data without a value label; they are put under "
                          "`nonsubstantive:` - move them to `levels:` if they are real answers")
    if user_missing & {c for c, _ in pairs}:
        pool.notes.append(f"codes {sorted(user_missing)} are declared missing in the SPSS file: kept as non-substantive")
    return pool


def _text_pool(values: pd.Series) -> _Pool | None:
    """A scale from the distinct texts of a column, or None when it looks like free text."""
    from surveykit.nonsubstantive import is_nonsubstantive

    present = _present(values).astype(str).str.strip()
    distinct = list(dict.fromkeys(present))
    subst = [x for x in distinct if not is_nonsubstantive(x)]
    nonsub = [(None, x) for x in distinct if is_nonsubstantive(x)]
    if not subst:
        return None
    ranked = all(_rank(x)[0] is not None for x in subst) or _known_scale(subst) is not None
    if not ranked and not (len(subst) <= 15 and len(present) >= 2 * len(distinct)):
        return None
    return _pool_from_labels(subst, None, nonsub)


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M")


def _is_date(present: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(present):
        return True
    text = present.astype(str).str.strip()
    if text.empty or not text.str.match(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}").all():
        return False
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        todo = parsed.isna()
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return bool(parsed.notna().all())


def _describe(raw, wave: str, col: str, question: str) -> _Column:
    values = raw.data[col]
    labels = raw.value_labels.get(col)
    if labels:
        pool = _labelled_pool(raw, [col], labels)
        return _Column(wave, col, question, "likert" if pool.is_likert() else "single", pool=pool)
    present = _present(values)
    if present.empty:
        return _Column(wave, col, question, "text", empty=True)
    if _is_date(present):
        return _Column(wave, col, question, "date")
    numbers = pd.to_numeric(present.astype(str).str.strip().str.replace(",", ".", regex=False), errors="coerce")
    if numbers.notna().all():
        info: dict[str, Any] = {"valid": [_number(numbers.min()), _number(numbers.max())]}
        if numbers.nunique() <= 7 and (numbers == numbers.round()).all() and not _AGE.match(question):
            info["review"] = ("few whole numbers: if these are answer codes, make this `single`/`likert` with a "
                              "scale whose codes are these numbers")
        return _Column(wave, col, question, "numeric", **info)
    pool = None if _FREE_TEXT.search(question) else _text_pool(values)
    if pool is None or any(len(lv["labels"][0]) > 60 for lv in pool.levels.values()):
        return _Column(wave, col, question, "text")
    return _Column(wave, col, question, "likert" if pool.is_likert() else "single", pool=pool)


def _matrix_columns(raw, wave: str, key: str, spec: Mapping[str, Any]) -> list[_Column]:
    """Rows of a matrix (grid) question: one item per row, one scale shared by all rows."""
    cols = [c for c in spec.get("columns", []) if c in raw.data.columns]
    rows = list(spec.get("rows", cols))
    question = str(spec.get("question") or key)
    labels: dict[Any, str] = {}
    for c in cols:
        labels.update(raw.value_labels.get(c) or {})
    if labels:
        pool = _labelled_pool(raw, cols, labels)
    else:
        stacked = pd.concat([raw.data[c] for c in cols], ignore_index=True)
        numbers = pd.to_numeric(_present(stacked).astype(str), errors="coerce")
        pool = None if numbers.notna().all() else _text_pool(stacked)
    out = []
    for c, row in zip(cols, rows, strict=False):
        own = str(raw.questions.get(c, "") or "")
        if own and own != c and (not spec.get("question") or question in own):
            text = own
        else:
            text = f"{question}: {_row_text(row)}" if question not in str(row) else str(row)
        if pool is None:
            out.append(_Column(wave, c, text, "numeric", matrix=key, row=str(row)))
        else:
            out.append(_Column(wave, c, text, "likert" if pool.is_likert() else "single", pool=pool,
                               matrix=key, row=str(row)))
    return out


def _row_text(row: Any) -> str:
    return str(row).split("|")[0].rstrip(":").strip()


def _guess_multi(raw) -> dict[str, dict[str, Any]]:
    """Multi-select groups in exports without reader metadata (xlsx/csv/sav): neighbouring columns whose
    question texts share a stem ending in ':', ' - ' or '?' and that hold one marker (or 0/1)."""
    out: dict[str, dict[str, Any]] = {}
    cols = list(raw.data.columns)
    def stem(c: str) -> str | None:
        q = str(raw.questions.get(c, c))
        m = re.match(r"^(.+?(?::|\?| - | – ))\s*(\S.*)$", q)
        return m.group(1).strip() if m else None
    def marker(c: str) -> bool:
        vl = raw.value_labels.get(c)
        if vl:
            return {_number(k) for k in vl} <= {0, 1}
        present = _present(raw.data[c]).astype(str).str.strip()
        return present.nunique() <= 1 or set(present.str.casefold()) <= {"0", "1", "0.0", "1.0", "ja", "nei",
                                                                           "yes", "no", "x"}
    i = 0
    while i < len(cols):
        s = stem(cols[i])
        j = i
        while s and j + 1 < len(cols) and stem(cols[j + 1]) == s:
            j += 1
        group = cols[i:j + 1]
        if s and len(group) >= 2 and all(marker(c) for c in group):
            options = [str(raw.questions.get(c, c))[len(s):].strip() for c in group]
            out[s] = {"columns": group, "options": options, "question": s.rstrip(":–- ").strip()}
        i = j + 1
    return out


def _find_id(raw, skip: set[str]) -> str | None:
    for col in raw.data.columns:
        if _NOTE_ID.match(str(col).strip()) or _NOTE_ID.match(str(raw.questions.get(col, "")).strip()):
            values = _present(raw.data[col])
            if len(values) and values.astype(str).nunique() >= 0.9 * len(values):
                return col
    return None


def _scan(raw, wave: str) -> tuple[list[_Column], list[str]]:
    """Describe every column of one export; returns the columns and comment lines on skipped ones."""
    system = list(raw.meta.get("system_columns", []) or [])
    idents = list(raw.meta.get("identifier_columns", []) or [])
    id_col = _find_id(raw, set(idents))
    notes = []
    if id_col:
        notes.append(f"wave {wave}: {id_col!r} is the respondent id (variable respondent_id)")
    skipped_sys = [c for c in system if c != id_col and c not in idents]
    if skipped_sys:
        notes.append(f"wave {wave}: skipped system columns (tool metadata): {skipped_sys}")
    if idents:
        notes.append(f"wave {wave}: skipped columns with direct identifiers (names, e-mail, phone, IP): {idents}"
                     " - keep them out of the analysis")
    multi = dict(raw.meta.get("multi", {}) or {}) or (_guess_multi(raw) if raw.format in ("xlsx", "csv", "sav") else {})
    matrix = dict(raw.meta.get("matrix", {}) or {})
    done = set(system) | set(idents)
    out: list[_Column] = []
    if id_col:
        out.append(_Column(wave, id_col, "Respondent ID", "id"))
        done.add(id_col)
    for key, spec in matrix.items():
        if spec.get("multi") or spec.get("kind") == "ranking":
            continue
        rows = _matrix_columns(raw, wave, key, spec)
        out += rows
        done |= {c.column for c in rows}
    for key, spec in multi.items():
        cols = [c for c in spec.get("columns", []) if c in raw.data.columns]
        if spec.get("columns") and not cols:
            continue
        question = str(spec.get("question") or raw.questions.get(key, key))
        if cols:
            options = [str(o) for o in spec.get("options") or cols]
            texts = [str(raw.questions.get(c, "") or "") for c in cols]
            if all(t and t != c for t, c in zip(texts, cols, strict=True)) and len(set(texts)) == len(texts):
                stem = os.path.commonprefix(texts)  # noqa: RUF071 - character prefix intended
                stem = stem[: max(stem.rfind(" "), stem.rfind(":"), stem.rfind("?")) + 1]
                if len(stem) >= 8:  # "Hvilke tjenester kjenner du til? Hjelp med NAV" -> option "Hjelp med NAV"
                    options = [t[len(stem):].strip() or o for t, o in zip(texts, options, strict=True)]
                    if not spec.get("question"):
                        question = stem.strip().rstrip(":-– ").strip()
            other = [c for c in spec.get("other", []) if c in raw.data.columns]
            out.append(_Column(wave, key, question, "multi", columns=dict(zip(options, cols, strict=False))))
            done |= set(cols) | set(other)
        elif key in raw.data.columns:
            options = [str(o) for o in spec.get("options") or []]
            if not options:
                from surveykit.io.multi import infer_options

                options = infer_options(raw.data[key], spec.get("separator", ";"))
            out.append(_Column(wave, key, question, "multi", separator=spec.get("separator", ";"), options=options,
                               inferred=bool(spec.get("inferred"))))
            done.add(key)
    for key, spec in matrix.items():
        if spec.get("kind") == "ranking":
            for c, row in zip(spec.get("columns", []), spec.get("rows", []), strict=False):
                if c in raw.data.columns and c not in done:
                    out.append(_Column(wave, c, f"{spec.get('question') or key}: {row}", "numeric",
                                       review="a ranking (1 = first): analyse as numbers"))
                    done.add(c)
    for col in raw.data.columns:
        if col in done:
            continue
        question = str(raw.questions.get(col, col)) or str(col)
        out.append(_describe(raw, wave, col, question))
    order = {c: i for i, c in enumerate(raw.data.columns)}
    first = {}
    for c in out:
        cols = list(c.info.get("columns", {}).values()) or [c.column]
        first[id(c)] = min(order.get(x, 10**6) for x in cols)
    out.sort(key=lambda c: first[id(c)])
    return out, notes


def _resolve(pool: _Pool | None) -> _Pool | None:
    while pool is not None and getattr(pool, "merged_into", None) is not None:
        pool = pool.merged_into
    return pool


def _force_merge(keep: _Pool, other: _Pool) -> bool:
    """Join ``other`` into ``keep`` (same question in two waves with label variants); False when impossible."""
    keep, other = _resolve(keep), _resolve(other)
    if keep is other:
        return True
    if keep.ordered != other.ordered or (keep.ordered and keep.family != other.family):
        return False
    if keep.fixed_codes and other.fixed_codes and not keep.compatible(other):
        return False
    if keep.ordered or keep.compatible(other):
        keep.absorb(other)
    else:  # unordered, different label sets: a level per label not yet known
        known = {_fold(x): k for k, lv in keep.levels.items() for x in lv["labels"]}
        for key, lv in other.levels.items():
            hit = next((known[_fold(x)] for x in lv["labels"] if _fold(x) in known), None)
            if hit is None:
                keep.levels[key] = {"code": lv["code"] if other.fixed_codes else None, "labels": list(lv["labels"])}
            else:
                keep.levels[hit]["labels"] += [x for x in lv["labels"] if _fold(x) not in known]
        for entry in other.nonsub.values():
            for lab in entry["labels"]:
                keep.add_nonsub(lab, entry["code"])
        keep.notes.append("answer labels differ between waves: check that each level's aliases mean the same")
    keep.fixed_codes = keep.fixed_codes or other.fixed_codes
    other.merged_into = keep
    return True


class _Registry:
    """All scales of the draft, pooled: a new scale joins an existing one with the same levels."""

    def __init__(self) -> None:
        self.pools: list[_Pool] = []

    def add(self, pool: _Pool) -> _Pool:
        pool = _resolve(pool)
        if pool in self.pools:
            return pool
        for old in self.pools:
            if old.compatible(pool):
                if len(old.levels) >= len(pool.levels):
                    old.absorb(pool)
                    pool.merged_into = old
                    return old
                pool.absorb(old)
                old.merged_into = pool
                self.pools[self.pools.index(old)] = pool
                return pool
        self.pools.append(pool)
        return pool

    def live(self) -> list[_Pool]:
        out = []
        for p in self.pools:
            p = _resolve(p)
            if p not in out:
                out.append(p)
        return out


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio()


def _variables(scans: list[tuple[str, list[_Column]]], registry: _Registry) -> list[dict[str, Any]]:
    """Columns of every wave -> harmonised variables, questions matched across waves by text."""
    variables: list[dict[str, Any]] = []
    for wave, columns in scans:
        for col in columns:
            if col.pool is not None:
                col.pool = registry.add(col.pool)
            best, best_ratio = None, 0.0
            for var in variables:
                if wave in var["sources"] or var["type"] != col.kind:
                    continue
                same_name = _fold(var["columns"][-1]) == _fold(col.column) and col.kind != "text"
                ratio = 1.0 if same_name else _similar(var["question"], col.question)
                if ratio > best_ratio:
                    best, best_ratio = var, ratio
            if (best is not None and best_ratio >= 0.85 and col.kind in ("likert", "single")
                    and not _force_merge(best["pool"], col.pool)):
                best_ratio = 0.84
            if best is not None and best_ratio >= 0.85:
                best["sources"][wave] = col
                best["columns"].append(col.column)
                if best_ratio < 1 and _fold(best["question"]) != _fold(col.question):
                    best["review"].append(f"matched across waves by similar question text ({best_ratio:.0%}): "
                                          f"wave {wave} asks {col.question!r}")
                if col.kind == "multi":
                    best["options"] += [o for o in _options(col) if o not in best["options"]]
                continue
            var = {"question": col.question, "type": col.kind, "sources": {wave: col}, "columns": [col.column],
                   "pool": col.pool, "review": [], "options": _options(col) if col.kind == "multi" else []}
            if col.info.get("review"):
                var["review"].append(col.info["review"])
            if col.info.get("inferred"):
                var["review"].append("options inferred from the answers: compare with the form and add missing ones")
            if best is not None and best_ratio >= 0.6:
                var["review"].append(f"maybe the same question as wave {next(iter(best['sources']))}'s "
                                     f"{best['question']!r} ({best_ratio:.0%} alike): if so, move this source there")
            variables.append(var)
    return variables


def _options(col: _Column) -> list[str]:
    if "columns" in col.info:
        return list(col.info["columns"])
    return list(col.info.get("options", []))


def _choose_site(variables: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_score = None, 0.0
    for var in variables:
        pool = _resolve(var["pool"])
        if var["type"] != "single" or pool is None or pool.ordered or not 2 <= pool.n() <= 80:
            continue
        labels = [lv["labels"][0] for lv in pool.levels.values()]
        share = sum(bool(_SITE_WORDS.search(x)) for x in labels) / len(labels)
        asks = bool(_SITE_WORDS.search(var["question"]) and _SITE_QUESTION.search(var["question"]))
        score = share + (1.0 if asks else 0.0)
        if score > best_score and (asks or share >= 0.5):
            best, best_score = var, score
    return best


def _name_variables(variables: list[dict[str, Any]], site: dict[str, Any] | None) -> None:
    used: set[str] = set()
    for var in variables:
        col = next(iter(var["sources"].values()))
        if var["type"] == "id":
            base = "respondent_id"
        elif var is site:
            base = "site"
        elif var["type"] == "single" and _GENDER.search(var["question"]) and "gender" not in used:
            base = "gender"
        elif var["type"] == "numeric" and _AGE.match(var["question"].strip()) and "age" not in used:
            base = "age"
        elif var["type"] == "single" and _AGE.match(var["question"].strip()) and "age_group" not in used:
            base = "age_group"
        elif col.info.get("row"):
            base = slug(_row_text(col.info["row"]), 28)
        else:
            base = slug(var["question"])
        if base in ("wave", "row", "weight", "municipality", "site_label", "co_located", "site_type",
                    "colocation_path"):
            base = f"{base}_answer"
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        var["name"] = name


def _name_pools(pools: list[_Pool], variables: list[dict[str, Any]]) -> None:
    used: set[str] = set()
    for pool in pools:
        if pool.name == "yes_no":
            base = "yes_no"
        elif pool.family and pool.family != "ordinal":
            base = f"{pool.family}{pool.n()}"
        else:
            base = next((v["name"] for v in variables if _resolve(v["pool"]) is pool), "scale")
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        pool.name = name


def _q(text: Any) -> str:
    """A YAML scalar: numbers as they are, text double-quoted (JSON strings are YAML)."""
    if isinstance(text, bool) or text is None:
        return json.dumps(str(text), ensure_ascii=False)
    if isinstance(text, int | float):
        return str(_number(text))
    return json.dumps(str(text), ensure_ascii=False)


def _level_line(code: Any, labels: list[str]) -> str:
    line = f"{{code: {_q(code)}, label: {_q(labels[0])}"
    if len(labels) > 1:
        line += ", aliases: [" + ", ".join(_q(x) for x in labels[1:]) + "]"
    return line + "}"


def _render_scale(pool: _Pool) -> list[str]:
    out = [f"  {pool.name}:"]
    if not pool.ordered:
        out[0] += "                 # unordered (single choice)"
    for note in pool.notes:
        out.append(f"    # REVIEW: {note}")
    if pool.ordered and pool.family != "ordinal":
        out.append("    # levels low -> high; code = the score used for means")
    out.append("    levels:")
    out += [f"      - {_level_line(pool.levels[k]['code'], pool.levels[k]['labels'])}" for k in pool.order()]
    if pool.nonsub:
        out.append("    nonsubstantive:                # kept apart from missing, left out of means")
        out += [f"      - {_level_line(e['code'], e['labels'])}" for e in
                sorted(pool.nonsub.values(), key=lambda e: e["code"])]
    if not pool.ordered:
        out.append("    ordered: false")
    top = pool.top_box()
    if top:
        out.append(f"    top_box: [{', '.join(_q(c) for c in top)}]              # codes counted as agreeing/satisfied")
    if pool.fixed_codes and pool.ordered:
        codes = [pool.levels[k]["code"] for k in pool.order()]
        if codes != sorted(codes):
            out.append("    # REVIEW: the file's codes run against the order of the labels: means use these codes")
    return out


def _source_line(col: _Column) -> str:
    if col.kind == "multi" and "columns" in col.info:
        pairs = ", ".join(f"{slug(o, 24)}: {_q(c)}" for o, c in col.info["columns"].items())
        return f"{{columns: {{{pairs}}}}}"
    if col.kind == "multi":
        return f"{{column: {_q(col.column)}, separator: {_q(col.info.get('separator', ';'))}}}"
    return f"{{column: {_q(col.column)}}}"


def _render_variable(var: dict[str, Any]) -> list[str]:
    out = [f"  - name: {var['name']}", f"    type: {var['type']}"]
    pool = _resolve(var["pool"])
    if pool is not None and var["type"] in ("likert", "single"):
        out.append(f"    scale: {pool.name}")
    out.append(f"    label: {_q(var['question'])}")
    for note in var["review"]:
        out.append(f"    # REVIEW: {note}")
    if var["type"] == "site":
        out.append("    # the answers are mapped to config/sites.csv (label or alias): fill in municipality and"
                   " co_located there")
    if var["type"] == "numeric":
        valid = [c.info["valid"] for c in var["sources"].values() if "valid" in c.info]
        if valid:
            lo, hi = min(v[0] for v in valid), max(v[1] for v in valid)
            out.append(f"    valid: [{_q(lo)}, {_q(hi)}]         # the range seen in the export(s); widen if needed")
    if var["type"] == "multi":
        out.append("    options:                       # option key -> label; result columns "
                   f"{var['name']}__<key>")
        keys: dict[str, str] = {}
        for option in var["options"]:
            keys.setdefault(slug(option, 24), option)
        out += [f"      {k}: {_q(v)}" for k, v in keys.items()]
    out.append("    sources:")
    out += [f"      {_q(w)}: {_source_line(c)}" for w, c in var["sources"].items()]
    return out


def _render(pools: list[_Pool], variables: list[dict[str, Any]], notes: list[str], exports: Sequence[Path]) -> str:
    head = ["# DRAFT codebook written by `surveykit codebook draft` from:",
            *[f"#   wave {i}: {Path(p).name}" for i, p in enumerate(exports, start=1)],
            "#",
            "# Review it before use (then delete this header):",
            "#  - names: short snake_case names are used in config/report.yaml and in the tables;",
            "#  - scales: levels must run low -> high (the code is the score used for means); `top_box` lists",
            "#    the codes counted as agreeing; `nonsubstantive` answers (\"Vet ikke\") are left out of means;",
            "#  - every `# REVIEW:` comment marks something a person must decide (delete it when done);",
            "#  - then run `surveykit validate`: it names every answer the codebook does not know.",
            "# Reference: docs/config.md and docs/own-data.md in the surveykit repository.",
            *(["#", *[f"# {n}" for n in notes]] if notes else []),
            ""]
    body = ["scales:"]
    for pool in pools:
        body += _render_scale(pool)
    if not pools:
        body[0] = "scales: {}"
    body += ["", "variables:"]
    for var in variables:
        body += _render_variable(var)
    if not any(v["type"] == "site" for v in variables):
        body += ["  # No column looked like the site (library / service centre) respondents use. To compare sites,",
                 "  # add the question that asks for it, and list the sites in config/sites.csv:",
                 "  # - name: site",
                 "  #   type: site",
                 "  #   label: \"Hvilket bibliotek bruker du mest?\"",
                 "  #   sources:",
                 "  #     \"1\": {column: \"Hvilket bibliotek bruker du mest?\"}"]
    return "\n".join(head + body) + "\n"


def draft_report(codebook: Mapping[str, Any] | str | Path) -> str:
    """A minimal config/report.yaml for a codebook: likert and means figures of all likert items
    (by wave, and by site_type when there is a site variable), a top-box table, and a figure per
    multi-select question.

    ``codebook`` is a path to a codebook YAML or its parsed content.

    >>> cb = {"variables": [{"name": "welcome", "type": "likert", "scale": "agree5"},
    ...                     {"name": "site", "type": "site"}],
    ...       "scales": {"agree5": {"top_box": [4, 5]}}}
    >>> print(draft_report(cb).split("figures:")[1].split("\\n")[1:5])
    ['  - id: likert_items', '    kind: likert', '    items: [welcome]', '    by: [site_type, wave]']
    """
    if not isinstance(codebook, Mapping):
        codebook = yaml.safe_load(Path(codebook).read_text(encoding="utf-8")) or {}
    variables = codebook.get("variables") or []
    scales = codebook.get("scales") or {}
    likert = [v["name"] for v in variables if v.get("type") == "likert"]
    multi = [v["name"] for v in variables if v.get("type") == "multi"]
    topbox = [v["name"] for v in variables if v.get("type") == "likert" and (scales.get(v.get("scale")) or {}).get("top_box")]
    by = "[site_type, wave]" if any(v.get("type") == "site" for v in variables) else "[wave]"
    items = lambda names: "[" + ", ".join(names) + "]"  # noqa: E731
    lines = ["# The report: figures and tables built by `surveykit build` (drafted by `surveykit codebook draft`).",
             "# kind (figures): likert | means | change | did | heatmap | weights | multi | adjusted",
             "# kind (tables):  topbox | means | shares | change",
             "# items: variable names from config/codebook.yaml; by: grouping columns (wave, site_type, site,",
             "# municipality, or any single-choice variable); title: a text, or one per language {nb: ..., sv: ...}.",
             "# Build one figure per theme: split the item lists below into groups that belong together.",
             "figures:"]
    if likert:
        lines += ["  - id: likert_items", "    kind: likert", f"    items: {items(likert)}", f"    by: {by}",
                  "    title: {nb: \"Svarfordeling\", nn: \"Svarfordeling\", en: \"Answers\", sv: \"Svarsfördelning\", "
                  "da: \"Svarfordeling\"}",
                  "  - id: means_items", "    kind: means", f"    items: {items(likert)}", f"    by: {by}",
                  "    title: {nb: \"Gjennomsnitt\", nn: \"Gjennomsnitt\", en: \"Means\", sv: \"Medelvärden\", "
                  "da: \"Gennemsnit\"}"]
    for name in multi:
        lines += [f"  - id: {name}", "    kind: multi", f"    items: [{name}]", f"    by: {by}"]
    if len(lines) == 7:
        lines[-1] = "figures: []             # no likert items in the codebook: add figures here"
    lines.append("tables:")
    if topbox:
        lines += ["  - id: topbox_items", "    kind: topbox", f"    items: {items(topbox)}", f"    by: {by}",
                  "    title: {nb: \"Andel enig\", nn: \"Del som er einige\", en: \"Share agreeing\", "
                  "sv: \"Andel som instämmer\", da: \"Andel enige\"}"]
    else:
        lines[-1] = "tables: []"
    return "\n".join(lines) + "\n"


def _is_template(path: Path, name: str) -> bool:
    """True when ``path`` is missing or still the blank file `surveykit init` wrote."""
    if not path.exists():
        return True
    blank = (resources.files("surveykit") / "templates" / name).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8") == blank


_MUNICIPALITY = re.compile(r"^(kommune|kommun|municipality|bostedskommune|hjemkommune)\b", re.IGNORECASE)


def _site_rows(site: dict[str, Any], raws: dict[str, Any]) -> list[dict[str, str]]:
    """Draft rows of config/sites.csv from the answers of the site question (and a municipality column)."""
    pool = _resolve(site["pool"])
    labels: list[tuple[str, list[str]]] = []
    for lv in pool.levels.values():
        codes = [str(_number(lv["code"]))] if pool.fixed_codes and lv["code"] is not None else []
        labels.append((lv["labels"][0], [*lv["labels"][1:], *codes]))
    # a label that starts exactly one other label ("Fjell" / "Fjell bibliotek") is an alias of it
    rows: dict[str, dict[str, Any]] = {}
    for label, aliases in sorted(labels, key=lambda la: -len(la[0])):
        longer = [r for r in rows.values() if _fold(r["label"]).startswith(_fold(label) + " ")]
        if len(longer) == 1:
            longer[0]["aliases"] += [label, *aliases]
            continue
        rows[label] = {"label": label, "aliases": list(aliases)}
    municipality: dict[str, str] = {}
    for wave, col in site["sources"].items():
        raw = raws[wave]
        mcol = next((c for c in raw.data.columns if _MUNICIPALITY.match(str(raw.questions.get(c, c)))), None)
        if mcol is None:
            continue
        left = raw.data[col.column].astype("string")
        right = raw.data[mcol]
        vl = raw.value_labels.get(mcol) or {}
        right = right.map(lambda v, vl=vl: vl.get(v, v) if pd.notna(v) else v).astype("string")
        sl = raw.value_labels.get(col.column) or {}
        left = raw.data[col.column].map(lambda v, sl=sl: sl.get(v, v) if pd.notna(v) else v).astype("string")
        pairs = pd.DataFrame({"s": left, "m": right}).dropna()
        for value, group in pairs.groupby("s"):
            top = group["m"].value_counts()
            if len(top) and top.iloc[0] >= 0.9 * len(group):
                municipality.setdefault(_fold(value), str(top.index[0]))
    out = []
    used: set[str] = set()
    for row in sorted(rows.values(), key=lambda r: _fold(r["label"])):
        sid, k = slug(row["label"], 24), 2
        while sid in used:
            sid, k = f"{slug(row['label'], 24)}_{k}", k + 1
        used.add(sid)
        names = [row["label"], *row["aliases"]]
        muni = next((municipality[_fold(n)] for n in names if _fold(n) in municipality), "")
        out.append({"site_id": sid, "label": row["label"], "municipality": muni, "kind": "",
                    "aliases": "|".join(dict.fromkeys(row["aliases"])), "co_located": "false",
                    "valid_from": "", "valid_to": ""})
    return out


def _field_date(raw, path: Path) -> tuple[dt.date, bool]:
    """The median answer date from the tool's time stamps, else the file's date (guessed=True)."""
    for col in list(raw.meta.get("system_columns", []) or []) + list(raw.data.columns):
        if not re.search(r"created|start|time|dato|date|tidspunkt|timestamp|submitted|opprettet|tid",
                         str(col), re.IGNORECASE):
            continue
        values = raw.data[col]
        if not pd.api.types.is_datetime64_any_dtype(values):
            text = _present(values).astype(str).str.strip().str[:10]
            values = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            if values.isna().mean() > 0.1:
                values = pd.to_datetime(text, format="%d.%m.%Y", errors="coerce")
        values = pd.Series(values).dropna()
        if len(values) and len(values) >= 0.5 * max(1, len(raw.data)):
            stamp = values.sort_values().iloc[len(values) // 2]
            return stamp.date(), False
    return dt.date.fromtimestamp(path.stat().st_mtime), True


def _guess_language(texts: list[str]) -> str:
    words = re.findall(r"[a-zæøåäö]+", " ".join(texts).casefold())
    marks = {"nn": {"ikkje", "eg", "kva", "korleis", "kor", "nøgd", "noko", "berre"},
             "sv": {"och", "inte", "jag", "är", "vad", "hur", "nöjd", "mycket", "eller", "vilket"},
             "da": {"hvad", "jeg", "meget", "ikke", "tilfreds", "hvordan", "hvilket", "af", "jer"},
             "en": {"the", "and", "you", "how", "what", "your", "of", "is"},
             "nb": {"ikke", "jeg", "hva", "hvordan", "fornøyd", "og", "av", "hvilket", "hvor", "er"}}
    score = {lang: sum(w in marks[lang] for w in words) for lang in marks}
    score["da"] -= sum(w in {"ikke", "jeg", "hvilket"} for w in words)  # shared with nb
    best = max(score, key=lambda k: score[k])
    return best if score[best] > 0 else "nb"


def _fill_study_yaml(root: Path, exports: Sequence[Path], raws: dict[str, Any], has_id: bool, language: str) -> bool:
    path = root / "surveykit.yaml"
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    if "REPLACE_WITH_YOUR_EXPORT" not in text:
        return False
    lines = ["waves:                                # one entry per export; filled in by `surveykit codebook draft`"]
    for i, export in enumerate(exports, start=1):
        raw = raws[str(i)]
        day, guessed = _field_date(raw, Path(export))
        try:
            rel = Path(export).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = Path(export).resolve().as_posix()
        lines += [f"  - id: \"{i}\"",
                  f"    label: \"{day.year}\"                   # the wave's name in figures and tables",
                  f"    file: {_q(rel)}",
                  f"    field_date: {day.isoformat()}"
                  + ("                # REVIEW: when the survey was fielded (picks site status)" if guessed
                     else "                # median answer date in the export; picks each site's status")]
        if raw.sheet is not None and raw.format == "xlsx":
            lines.append(f"    sheet: {_q(raw.sheet)}")
    block = "\n".join(lines) + "\n\n"
    text = re.sub(r"(?ms)^waves:.*?(?=^screening:)", lambda _m: block, text)
    if not has_id:
        text = text.replace("  duplicate: {variable: respondent_id}",
                            "  # duplicate: {variable: respondent_id}   # no respondent id column was found")
    text = re.sub(r"(?m)^(  language: )nb(\s)", lambda m: f"{m.group(1)}{language}{m.group(2)}", text, count=1)
    path.write_text(text, encoding="utf-8")
    return True


def draft_codebook(exports: Sequence[Path], output: Path, *, force: bool = False,
                   report: Path | bool | None = None, sites: Path | bool | None = None) -> Path:
    """Inspect the exports (one per wave, in order) and write a draft codebook for review.

    When ``output`` is ``config/codebook.yaml`` of a study made by ``surveykit init``, the other
    blank files of that study are drafted too (never a file you have edited): the waves in
    surveykit.yaml, config/report.yaml (see :func:`draft_report`) and config/sites.csv (when a
    site question is found). ``report``/``sites`` give other paths for those, or ``False`` to skip.
    The blank codebook written by ``init`` is replaced without ``force``.
    """
    from surveykit.io import read_export

    output = Path(output)
    if output.exists() and not force and not _is_template(output, "codebook.yaml"):
        raise ConfigError(f"{output} exists already. Use --force to overwrite it, or -o to write elsewhere.")
    if not exports:
        raise ConfigError("codebook draft: give at least one export file (one per wave).")
    registry = _Registry()
    scans: list[tuple[str, list[_Column]]] = []
    notes: list[str] = []
    raws: dict[str, Any] = {}
    for w, path in enumerate(exports, start=1):
        raw = read_export(path)
        wave = str(w)
        raws[wave] = raw
        columns, wave_notes = _scan(raw, wave)
        notes.append(f"wave {wave}: {Path(path).name} read as {raw.format}, {raw.n_rows} rows, "
                     f"{len(raw.data.columns)} columns")
        notes += wave_notes
        scans.append((wave, columns))
    variables = _variables(scans, registry)
    site = _choose_site(variables)
    if site is not None:
        site["type"] = "site"
    pools = [p for p in registry.live()
             if any(_resolve(v["pool"]) is p and v["type"] in ("likert", "single") for v in variables)]
    for pool in pools:
        pool.finish()
    _name_variables(variables, site)
    _name_pools(pools, variables)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(_render(pools, variables, notes, exports), encoding="utf-8")
    root = output.parent.parent if output.parent.name == "config" else None
    if root is not None and (root / "surveykit.yaml").exists():
        questions = [v["question"] for v in variables]
        _fill_study_yaml(root, exports, raws, any(v["type"] == "id" for v in variables),
                         _guess_language(questions))
        report = root / "config" / "report.yaml" if report is None else report
        sites = root / "config" / "sites.csv" if sites is None else sites
    if report and (_is_template(Path(report), "report.yaml") or force):
        Path(report).write_text(draft_report(yaml.safe_load(output.read_text(encoding="utf-8"))), encoding="utf-8")
    if sites and site is not None and (_is_template(Path(sites), "sites.csv") or force):
        rows = pd.DataFrame(_site_rows(site, raws), columns=["site_id", "label", "municipality", "kind", "aliases",
                                                            "co_located", "valid_from", "valid_to"])
        rows.to_csv(sites, index=False, lineterminator="\n")
    return output
