"""Answer-scale lexicon for codebook drafts: known scales, label ranking, non-substantive kinds, name patterns."""

from __future__ import annotations

import re
from typing import Any

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
