"""Privacy: mask direct identifiers in free text, pseudonymise respondent ids.

:func:`find_identifiers` locates, in one pass per kind on the original text, the spans that
:func:`mask_text` replaces by a placeholder holding no digit (``[e-post]``, ``[id-nummer]``,
``[telefon]``, ``[ip-adresse]``, ``[adresse]``, ``[navn]``). Covered, in nb, nn, sv, da and en:

``[e-post]`` e-mail addresses, also ``ola @ example.no``, ``ola(at)example.no``,
    ``ola [at] example [dot] no``, ``ola at example dot no``, ``ola snabel-a example.se``.
``[id-nummer]`` any number of 11 digits however grouped and whatever is glued to it
    (``fnr15887012366``, ``158870 123 66``: Norwegian fødselsnummer, D-, H- and synthetic
    numbers, whether the check digits hold or not; bank accounts too); Swedish personnummer
    (``YYMMDD-XXXX``, ``YYYYMMDD-XXXX``, ``YYYYMMDDXXXX``, ``YYMMDDXXXX`` with a valid Luhn
    digit) and Danish CPR numbers (``DDMMYY-XXXX``, or 10 digits starting with a date);
    card-like numbers of 13-19 digits with a valid Luhn digit.
``[telefon]`` phone numbers with a country code (``+47``, ``0047``, ``47 912 34 567``,
    ``4791234567``, ``+46 (0)70 ...``, ``+44 20 ...``), Norwegian and Danish 8-digit numbers
    in any usual grouping with spaces, dots or dashes (``912 34 567``, ``22.33.44.55``,
    ``9123-4567``), Swedish numbers starting with 0 (``070-123 45 67``).
``[ip-adresse]`` IPv4 and IPv6 addresses.
``[adresse]`` street addresses: a street name (``Storgata``, ``Kirkeveien``, ``Kong Oscars
    gate``, ``Storgatan``, ``Nørregade``, ``Bakkevej``, ``12 High Street``) with a house number,
    and the postcode and place that follow it.
``[navn]`` names after a cue (``Hilsen``, ``Mvh``, ``Jeg heter``, ``Helsing``, ``Eg heiter``,
    ``Hälsningar``, ``Jag heter``, ``Jeg hedder``, ``Regards``, ``My name is``, ``fru``, ...),
    and without one: a known given name followed by a surname or a capitalised word (``Kari
    Nordmann``, ``kari nordmann``, ``Anne Marie Hansen``), a known given name alone when
    capitalised inside a sentence (``takk til Kari i skranken``), lower case names when both
    parts are known names (see :mod:`surveykit.clean._names`).

Left alone: years, prices (``kr 1 500``, ``12 500 000``), opening hours (``10-16``,
``08.00-20.00``), dates (``15.01.2022``, ``2022-01-15``, ``20230115``), times, postcodes with a
place (``3050 Mjøndalen``), 9-digit organisation numbers, decimal numbers (``0.5814025``, a GPS
latitude; ``59,91234567``). The corpus in
tests/data/privacy/corpus.yaml measures precision and recall (tests/test_privacy_corpus.py).

Example:
    >>> mask_text("Ring meg på 912.34.567 eller skriv til ola @ example.no. Hilsen kari nordmann")
    'Ring meg på [telefon] eller skriv til [e-post]. Hilsen [navn]'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.clean._names import AMBIGUOUS, GIVEN, SURNAMES
from surveykit.errors import ConfigError, OutputError
from surveykit.outputs import unlinked

__all__ = ["KEY_FILE", "KINDS", "PLACEHOLDERS", "answers_look_like", "find_identifiers", "identifier_kind", "is_fodselsnummer",
           "load_key", "mask_column", "mask_series", "mask_text", "pseudonymise"]

KEY_FILE = ".surveykit-key"
MIN_KEY_CHARS = 16  # a key shorter than this can be guessed from a few known ids
PLACEHOLDERS = {"email": "[e-post]", "national_id": "[id-nummer]", "phone": "[telefon]", "ip": "[ip-adresse]",
                "address": "[adresse]", "name": "[navn]"}
KINDS = tuple(PLACEHOLDERS)

# --- e-mail -------------------------------------------------------------------------------------
_AT_WORDS = r"(?:at|AT|a|alfakrøll|krøllalfa|snabel-?a|@)"
_DOT_WORDS = r"(?:dot|DOT|punktum|punkt|prikk)"
_LOCAL = r"(?<![\w.+-])[\w.+-]{1,64}"
_LABEL = r"[\w-]{1,63}"
_TLD = r"[^\W\d_]{2,24}(?![\w-])"
_EMAIL_AT = re.compile(_LOCAL + r"\s{0,3}@\s{0,3}" + rf"{_LABEL}(?:\.{_LABEL})*\.{_TLD}")
_EMAIL_BRACKET = re.compile(
    _LOCAL + rf"\s?[\[({{]\s?{_AT_WORDS}\s?[\])}}]\s?{_LABEL}"
    + rf"(?:(?:\.|\s?[\[({{]\s?{_DOT_WORDS}\s?[\])}}]\s?|\s{_DOT_WORDS}\s){_LABEL})+(?![\w-])")
_EMAIL_WORDS = re.compile(  # "ola at example dot no": spelled out, both words
    _LOCAL + rf"\s(?:at|AT|alfakrøll|krøllalfa|snabel-?a)\s{_LABEL}(?:\s{_DOT_WORDS}\s{_LABEL})+(?![\w-])")
_EMAIL_WORD_AT = re.compile(  # "ola snabel-a example.se": a word that only means "@" and a real dot
    _LOCAL + rf"\s(?:alfakrøll|krøllalfa|snabel-?a)\s{_LABEL}(?:\.{_LABEL})*\.{_TLD}")

# --- numbers: runs of digits with single separators ---------------------------------------------
_RUN = re.compile(r"(?<!\d)\d+(?:[ .\-/+]\d+)*(?!\d)")
# a decimal number, its decimal part as group 1: no leading zero before the point unless the
# whole part is 0, a single point or comma, not a digit, letter or point around it
_DECIMAL = re.compile(r"(?<![\w.])-?(?:0|[1-9]\d*)([.,]\d+)(?!\w|[.,]\d)")
# North American numbers (the NANP: area code and exchange begin with 2-9): 555-555-5555,
# (555) 555-5555, 555.555.5555, +1 555 555 5555; a foreign respondent's, or a test export's
# (555) 123-4567: with the area code in brackets, any exchange (the fictional 555-01xx, test data)
_PHONE_NANP = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?(?:\([2-9]\d\d\) ?\d|[2-9]\d\d[ .-][2-9])\d\d[ .-]\d{4}(?![\w-])")
_PHONE_INTL = re.compile(r"(?<![\w+])\(?(?:\+|\b00)\s?[1-9][\d\s./()-]{5,22}\d(?!\w)")

# --- IP addresses -------------------------------------------------------------------------------
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\d]|\.\d)")
_HEX = r"[0-9A-Fa-f]{1,4}"
_IPV6 = re.compile(rf"(?<![\w:])(?:{_HEX}:){{7}}{_HEX}(?![\w:])"
                   rf"|(?<![\w:])(?:{_HEX}(?::{_HEX}){{0,6}})?::(?:{_HEX}(?::{_HEX}){{0,6}})?(?![\w:])")

# --- street addresses ---------------------------------------------------------------------------
_STREET_SUFFIX = (r"(?:gata|gaten|gate|gt\.?|veien|vegen|vei|veg|vn\.?|alle|allé|alléen|plass|plassen|torget|"
                  r"stien|stigen|bakken|ringen|kroken|svingen|tunet|brygga|bryggen|kaia|lia|"
                  r"gatan|vägen|väg|gränd|gränden|backe|backen|platsen|torg|"
                  r"gade|vej|vejen|stræde|boulevard)")
_PLACE = r"(?:,?\s(?:\d{4}|\d{3}\s?\d{2})\s[A-ZÆØÅÄÖÜa-zæøåäöü][\wæøåäöüé-]+)?"
_NUMBER = r"\d{1,4}(?:\s?[A-Za-z](?![\w]))?(?:\s?[,-]\s?\d{1,3}\.?\s?(?:tv|th|mf|sal)\.?)?"
_ADDRESS_NORDIC = re.compile(
    r"(?<![\w-])(?:[A-ZÆØÅÄÖÜ][\wæøåäöüé'.-]*\s){0,2}"
    rf"[A-ZÆØÅÄÖÜa-zæøåäöüé][\wæøåäöüé'-]*?[a-zæøåäöüé]{_STREET_SUFFIX}"  # a compound: Storgata, Kirkeveien
    rf"\s{_NUMBER}(?![\d.,]\d)" + _PLACE
    + rf"|(?<![\w-])(?:[A-ZÆØÅÄÖÜ][\wæøåäöüé'.-]*\s){{1,3}}{_STREET_SUFFIX}\s{_NUMBER}(?![\d.,]\d)" + _PLACE,
    re.IGNORECASE if False else 0)
_ADDRESS_EN = re.compile(
    r"(?<![\w-])\d{1,4}[A-Za-z]?,?\s(?:[A-Z][a-z]+\s){1,3}"
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Close|Place|Crescent|Terrace|Gardens|Square)(?!\w)")

# --- names --------------------------------------------------------------------------------------
_CUES = (r"med vennlig hilsen|vennlig hilsen|beste hilsen|hilsen|helsing|med venleg helsing|venleg helsing|"
         r"mvh\.?|m\.v\.h\.?|mitt navn er|navnet mitt er|jeg heter|eg heiter|namnet mitt er|mitt namn er|"
         r"hälsningar|med vänlig hälsning|vänliga hälsningar|hälsning|jag heter|mitt namn är|"
         r"med venlig hilsen|venlig hilsen|jeg hedder|mit navn er|kind regards|best regards|regards|"
         r"my name is|sincerely|navn|namn|name|fru|frk\.?|herr|hr\.?|mr\.?|mrs\.?|ms\.?|dr\.?|"
         r"kontaktperson|saksbehandler|bibliotekar|bibliotekaren|librarian")
_CUE = re.compile(rf"(?<![\w])(?:{_CUES})\s?[,:]?\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]\s*|[\"«(]\s*)$")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _plausible_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def is_fodselsnummer(value: str) -> bool:
    """True for a Norwegian fødselsnummer (or D-, H- or synthetic number) with valid check digits.

    >>> is_fodselsnummer("15887012366"), is_fodselsnummer("15887012367")
    (True, False)
    """
    d = [int(c) for c in _digits(value)]
    if len(d) != 11:
        return False
    day, month = d[0] * 10 + d[1], d[2] * 10 + d[3]
    day = day - 40 if day > 40 else day                          # D-number
    month = month - 80 if month > 80 else month - 40 if month > 40 else month  # synthetic, H-number
    if not _plausible_date(day, month):
        return False
    k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=False)) % 11
    k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d, strict=False)) % 11
    return (k1 % 11) == d[9] and (k2 % 11) == d[10]


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _yymmdd(d: str) -> bool:
    day = int(d[4:6])
    return _plausible_date(day - 60 if day > 60 else day, int(d[2:4]))  # Swedish samordningsnummer: day + 60


def _ddmmyy(d: str) -> bool:
    return _plausible_date(int(d[0:2]), int(d[2:4]))


def _date_then_time(groups: list[str], seps: list[str]) -> bool:
    """A day.month.year date, a space and a time: 08.03.2024 09:30 (the time's first group is
    taken into the run of digits), 8/3/24 14."""
    if len(groups) < 4 or len(seps) < 3 or seps[0] != seps[1] or seps[0] not in "./-" or seps[2] not in " T":
        return False
    day, month, year, hour = groups[:4]
    return (len(day) <= 2 and len(month) <= 2 and len(year) in (2, 4) and len(hour) <= 2
            and _plausible_date(int(day), int(month)) and int(hour) <= 24
            and all(len(g) <= 2 and int(g) <= 59 for g in groups[4:]))


def _is_date_or_time(groups: list[str], seps: list[str]) -> bool:
    """Shapes that are dates, years or times, not phone numbers: 15.01.2022, 2022-01-15,
    20230115, 15012022, 2022-2023, 08.00-20.00."""
    sizes = [len(g) for g in groups]
    digits = "".join(groups)
    year = lambda y: 1900 <= int(y) <= 2099  # noqa: E731
    if sizes in ([2, 2, 4], [1, 2, 4], [2, 1, 4], [1, 1, 4]) and _plausible_date(int(groups[0]), int(groups[1])):
        return True
    if _date_then_time(groups, seps):
        return True
    if sizes in ([4, 2, 2], [4, 1, 1], [4, 2, 1], [4, 1, 2]) and year(groups[0]):
        return True
    if sizes == [8] and ((year(digits[:4]) and _plausible_date(int(digits[6:]), int(digits[4:6])))
                         or (year(digits[4:]) and _plausible_date(int(digits[:2]), int(digits[2:4])))):
        return True
    if sizes == [4, 4] and year(groups[0]) and year(groups[1]):
        return True
    if sizes == [2, 2, 2, 2] and ("-" in seps or "/" in seps):
        hours = [(int(groups[0]), int(groups[1])), (int(groups[2]), int(groups[3]))]
        if all(h <= 24 and m <= 59 for h, m in hours):
            return True
    return False


def _thousands(groups: list[str], seps: list[str]) -> bool:
    """12 345 678, 12.345.678: a number written in groups of three, not a phone number."""
    return len(groups) >= 2 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) \
        and len(set(seps)) == 1 and seps[0] in " ."


def _trunk_or_indonesian(digits: str, groups: list[str], seps: list[str]) -> bool:
    """12 to 14 digits that are a phone number: a national number with its trunk 0 (Indonesia's
    0813-2551-2690, 13 digits at most), or Indonesia's country code 62 and a mobile 8xx without the
    "+" (6281325512690, a number stored as a number); no payment card is so short, no id so begins."""
    if _is_date_or_time(groups, seps) or _thousands(groups, seps) \
            or (_plausible_date(int(digits[:2]), int(digits[2:4])) and 1900 <= int(digits[4:8]) <= 2099):
        return False  # 010120241230: a day, a year and a time glued
    return (digits[0] == "0" and digits[1] != "0" and len(digits) <= 13) or digits.startswith("628")


def _classify(groups: list[str], seps: list[str]) -> str | None:
    """The kind of identifier a run of digit groups is, or None."""
    digits = "".join(groups)
    n = len(digits)
    if n == 11:
        if digits[0] in "89" and not seps:
            # no fødselsnummer or D-number begins so (day 01-31, 41-71): a phone number whose
            # leading 0 was lost when stored as a number (Indonesia's 0813 2551 2690 -> 81325512690)
            return "phone"
        return "national_id"
    if n == 10:
        if digits[:2] in ("45", "46", "47") and seps and len(groups[0]) == 2:
            return "phone"  # a country code, then the number: 47 912 34 567
        if digits[:2] in ("45", "47") and digits[2] in "2345679" and not seps:
            return "phone"
        if digits.startswith("46") and digits[2] == "7" and not seps:
            return "phone"
        if digits.startswith("0") and digits[1] != "0" and not (seps and seps[0] in "-+" and len(groups[0]) == 6):
            return "phone" if not _is_date_or_time(groups, seps) else None
        separated = len(groups) == 2 and len(groups[0]) == 6 and seps[0] in "-+"
        if separated and (_yymmdd(digits) or _ddmmyy(digits)):
            return "national_id"
        if not seps and ((_yymmdd(digits) and _luhn(digits)) or _ddmmyy(digits)):
            return "national_id"
        if digits[0] == "8" and digits[1] != "0" and not seps:
            return "phone"  # a mobile number that lost its leading 0 (Indonesia's 0812 3456 7890)
        return None
    if n == 12:
        if digits[:2] in ("19", "20") and _yymmdd(digits[2:]) and (not seps or len(groups[0]) == 8):
            return "national_id"
        if digits.startswith("00") and digits[2] != "0":
            return "phone"
        if _trunk_or_indonesian(digits, groups, seps):
            return "phone"
        return None
    if n == 8:
        if _is_date_or_time(groups, seps) or _thousands(groups, seps):
            return None
        if digits[0] in "23456789":
            return "phone"
        if digits[0] == "0" and digits[1] != "0":
            return "phone"  # Swedish: 08-123 456 (area code 08)
        return None
    if n == 9:
        if digits[0] == "0" and digits[1] != "0" and not _is_date_or_time(groups, seps) and not _thousands(groups, seps):
            return "phone"  # Swedish: 08-123 456 78
        return None
    if n in (13, 14) and _trunk_or_indonesian(digits, groups, seps):
        return "phone"
    if 13 <= n <= 19 and _luhn(digits) and not _thousands(groups, seps):
        return "national_id"  # a payment-card-like number
    return None


def _fractions(text: str) -> list[tuple[int, int]]:
    """Where the decimal parts of decimal numbers are (``.5814025`` of ``0.5814025``, ``,5`` of
    ``-12,5``): no phone or id number overlaps one. A number with a leading zero before its
    point (``070.1234567``, ``08.00``) or with several points (``22.33.44.55``) is no decimal."""
    if "." not in text and "," not in text:
        return []
    return [m.span(1) for m in _DECIMAL.finditer(text)]


def _in_fraction(start: int, end: int, fractions: list[tuple[int, int]]) -> bool:
    return any(start < f_end and f_start < end for f_start, f_end in fractions)


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    """Identifier numbers among the runs of digits. A run is split only at spaces (``912 34 567``
    is one number, ``22334455 91234567`` two; ``978-82-02-12345-6`` stays whole): the longest
    leading space-separated chunks that are one identifier win. A decimal number is none and
    joins none (``0.5 912 34 567``)."""
    out = []
    fractions = _fractions(text)
    for match in _RUN.finditer(text):
        run = match.group(0)
        if sum(ch.isdigit() for ch in run) < 8:
            continue  # no identifier number is shorter
        chunks = [(m.start() + match.start(), m.group(0)) for m in re.finditer(r"[^ ]+", run)]
        decimal = [_in_fraction(start, start + len(chunk), fractions) for start, chunk in chunks]
        i = 0
        while i < len(chunks):
            if decimal[i]:
                i += 1
                continue
            stop = next((k for k in range(i, len(chunks)) if decimal[k]), len(chunks))
            for j in range(stop, i, -1):
                parts = re.split(r"([ .\-/+])", run[chunks[i][0] - match.start():
                                                    chunks[j - 1][0] - match.start() + len(chunks[j - 1][1])])
                kind = _classify(parts[0::2], parts[1::2])
                if kind:
                    out.append((chunks[i][0], chunks[j - 1][0] + len(chunks[j - 1][1]), kind))
                    i = j
                    break
            else:
                i += 1
    return out


def _nanp_phone_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "phone") for m in _PHONE_NANP.finditer(text)]


def _intl_phone_spans(text: str) -> list[tuple[int, int, str]]:
    if "+" not in text and "00" not in text:
        return []
    return [(m.start(), m.end(), "phone") for m in _PHONE_INTL.finditer(text)
            if 7 <= len(_digits(m.group(0))) <= 15]


_AT_HINT = re.compile(r"(?i)\bat\b|alfakrøll|krøllalfa|snabel|[\[({]\s?a\s?[\])}]")


def _email_spans(text: str) -> list[tuple[int, int, str]]:
    if "@" not in text and not _AT_HINT.search(text):
        return []
    return [(m.start(), m.end(), "email") for pattern in (_EMAIL_AT, _EMAIL_BRACKET, _EMAIL_WORDS, _EMAIL_WORD_AT)
            for m in pattern.finditer(text)]


def _ip_spans(text: str) -> list[tuple[int, int, str]]:
    # four groups of two digits (22.33.44.55) are a phone number written with dots
    out = [(m.start(), m.end(), "ip") for m in _IPV4.finditer(text)
           if any(len(g) != 2 for g in m.group(0).split("."))] if "." in text else []
    for m in _IPV6.finditer(text) if "::" in text or text.count(":") >= 3 else ():
        groups = [g for g in m.group(0).split(":") if g]
        # not a time (10:30:45): a letter among the groups, or "::", or eight groups
        if len(groups) >= 2 and ("::" in m.group(0) or len(groups) == 8 or any(not g.isdigit() for g in groups)):
            out.append((m.start(), m.end(), "ip"))
    return out


_BEFORE_NUMBER = re.compile(r"(?<![\w.])([\w.]+)\s\d")
_STREET_END = re.compile(rf"(?i:{_STREET_SUFFIX})$")
_EN_STREET = re.compile(r"\b(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Close|Place|Crescent|Terrace|"
                        r"Gardens|Square)(?!\w)")


def _address_spans(text: str) -> list[tuple[int, int, str]]:
    # only where a street word stands right before a number, or an English street word is present
    if not (any(_STREET_END.search(m.group(1)) for m in _BEFORE_NUMBER.finditer(text)) or _EN_STREET.search(text)):
        return []
    return [(m.start(), m.end(), "address") for pattern in (_ADDRESS_NORDIC, _ADDRESS_EN)
            for m in pattern.finditer(text)]


def _is_name_word(word: str, lower_ok: bool) -> bool:
    key = word.casefold().strip("'’-")
    if word[:1].isupper():
        return True
    return lower_ok and (key in GIVEN or key in SURNAMES)


def _name_spans(text: str) -> list[tuple[int, int, str]]:
    words = list(_WORD.finditer(text))
    folded = [w.group(0).casefold() for w in words]
    if _NAME_HINTS.isdisjoint(folded):  # no known name and no word a cue starts with
        return []
    out: list[tuple[int, int, str]] = []
    taken = set()
    # after a cue word: up to three name words (capitalised, or lower case known names)
    cues = (_CUE.match(text, w.start()) for w, key in zip(words, folded, strict=True) if key in _CUE_STARTS)
    for cue in (c for c in cues if c):
        first = next((k for k, w in enumerate(words) if w.start() >= cue.end()), None)
        if first is None or words[first].start() != cue.end():
            continue
        k = first
        while k < len(words) and k - first < 3 and _is_name_word(words[k].group(0), lower_ok=True) \
                and (k == first or text[words[k - 1].end():words[k].start()] in (" ", "-")):
            k += 1
        if k > first and not (k - first == 1 and words[first].group(0).casefold() in _NOT_NAMES):
            out.append((words[first].start(), words[k - 1].end(), "name"))
            taken.update(range(first, k))
    # without a cue: a known given name followed by a surname or a capitalised word (two or three)
    for k, w in enumerate(words):
        if k in taken:
            continue
        key = folded[k]
        if key not in GIVEN:
            continue
        word = w.group(0)
        end = k
        while end + 1 < len(words) and end - k < 2 and text[words[end].end():words[end + 1].start()] == " ":
            nxt = words[end + 1].group(0)
            nkey = nxt.casefold()
            capitalised = word[:1].isupper() and nxt[:1].isupper() and nkey not in _NOT_NAMES
            known = nkey in SURNAMES or (nkey in GIVEN and end + 2 < len(words)
                                         and words[end + 2].group(0).casefold() in SURNAMES)
            if not (capitalised or known):
                break
            end += 1
        if end > k:
            out.append((w.start(), words[end].end(), "name"))
            taken.update(range(k, end + 1))
        elif word[:1].isupper() and key not in AMBIGUOUS and not _SENTENCE_END.search(text[:w.start()]):
            out.append((w.start(), w.end(), "name"))  # a given name alone, capitalised mid-sentence
    return out


# capitalised words that follow a name cue or a given name without being a name: function words
# and the public services a municipal survey's free text names (generic, not one study's sites)
_NOT_NAMES = frozenset(str.split("""
og and och eller or i in på at til to for med with from fra frå av of the den det de der som
bibliotek biblioteket biblioteker library kommune kommunen kommun kommunens nav borgerservice
servicetorg servicetorget rådhus rådhuset servicekontor servicekontoret
"""))

_CUE_STARTS = frozenset(re.sub(r"[\\.?]", "", w.split()[0]).casefold() for w in _CUES.split("|")) | {"m"}
_NAME_HINTS = GIVEN | SURNAMES | _CUE_STARTS
_DETECTORS = (_email_spans, _intl_phone_spans, _nanp_phone_spans, _ip_spans, _number_spans, _address_spans,
              _name_spans)


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """The identifier spans of ``text`` as ``(start, end, kind)``, sorted and not overlapping
    (where two overlap, the one found by the earlier detector, else the longer, wins).

    Example:
        >>> find_identifiers("tlf 22.33.44.55, Storgata 5")
        [(4, 15, 'phone'), (17, 27, 'address')]
    """
    found: list[tuple[int, int, str]] = []
    fractions = _fractions(text)
    for detector in _DETECTORS:
        for start, end, kind in sorted(detector(text), key=lambda s: (s[0], -(s[1] - s[0]))):
            if kind in ("phone", "national_id") and _in_fraction(start, end, fractions):
                continue  # the digits of a decimal number (0.5814025, a latitude)
            if not any(start < e and s < end for s, e, _ in found):
                found.append((start, end, kind))
    return sorted(found)


def _masked(text: str) -> tuple[str, Counter]:
    spans = find_identifiers(text)
    if not spans:
        return text, Counter()
    parts, pos = [], 0
    for start, end, kind in spans:
        parts.append(text[pos:start])
        parts.append(PLACEHOLDERS[kind])
        pos = end
    parts.append(text[pos:])
    return "".join(parts), Counter(kind for _, _, kind in spans)


def mask_text(text: str) -> str:
    """Replace e-mail addresses, id numbers, phone numbers, IP addresses, street addresses and
    names with placeholders."""
    return _masked(text)[0]


def mask_column(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Mask every cell of a text column (once per distinct text); returns the masked column
    and, per kind, how many cells held at least one identifier of that kind.

    Example:
        >>> out, counts = mask_column(pd.Series(["ring 912 34 567", None, "ok", "ring 912 34 567"]))
        >>> out.tolist(), counts
        (['ring [telefon]', <NA>, 'ok', 'ring [telefon]'], {'phone': 2})
    """
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    results = [_masked(u) for u in uniques]
    out = np.empty(len(results) + 1, dtype=object)
    out[:-1], out[-1] = [m for m, _ in results], pd.NA
    per_unique = np.bincount(codes[codes >= 0], minlength=len(results))
    counts: Counter = Counter()
    for (_, kinds), n in zip(results, per_unique, strict=True):
        for kind in kinds:
            counts[kind] += int(n)
    return pd.Series(out[codes], index=values.index, dtype="string"), {k: counts[k] for k in KINDS if counts[k]}


def mask_series(values: pd.Series) -> tuple[pd.Series, int]:
    """Mask every cell of a text column; returns the masked column and how many cells changed."""
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    masked = [mask_text(u) for u in uniques]
    changed = np.array([m != u for m, u in zip(masked, uniques, strict=True)] + [False])
    out = np.empty(len(masked) + 1, dtype=object)
    out[:-1], out[-1] = masked, pd.NA
    return pd.Series(out[codes], index=values.index, dtype="string"), int(changed[codes].sum())


def identifier_kind(values: pd.Series, share: float = 0.5) -> str | None:
    """The kind of direct identifier a column holds when at least ``share`` of its distinct
    non-empty values (up to 2000 looked at) are one identifier each, whole: e-mail, phone,
    national id number or IP address; "eleven_digits" for numbers of 11 digits most of which have
    no fødselsnummer's check digits (a phone, account or id number: which, the answers cannot
    tell). Names are recognised by the column's header instead.

    Example:
        >>> identifier_kind(pd.Series(["ola@example.no", "kari@example.no", None]))
        'email'
        >>> identifier_kind(pd.Series(["Fint sted", "ring 912 34 567"])) is None
        True
    """
    given = values.dropna()
    if pd.api.types.is_float_dtype(given):  # numbers read with a gap: 91234567.0 is 91234567
        given = given.map(lambda v: str(int(v)) if float(v).is_integer() else str(v))
    distinct = pd.Series(given.astype(str).str.strip().unique())
    distinct = distinct[distinct.ne("")].head(2000)
    if distinct.empty:
        return None
    kinds: Counter = Counter()
    eleven = valid = 0  # national ids of 11 digits, and those with a fødselsnummer's check digits
    for value in distinct:
        if not ("@" in value or ":" in value or sum(ch.isdigit() for ch in value) >= 4 or _AT_HINT.search(value)):
            continue  # none of the four kinds is written without one of these
        spans = find_identifiers(value)
        if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(value) \
                and spans[0][2] in ("email", "phone", "national_id", "ip"):
            kinds[spans[0][2]] += 1
            if spans[0][2] == "national_id" and len(_digits(value)) == 11:
                eleven += 1
                valid += is_fodselsnummer(value)
    if not kinds:
        return None
    kind, n = kinds.most_common(1)[0]
    if kind == "national_id" and eleven >= 0.5 * n and valid < 0.5 * eleven:
        # 11 digits, most without a fødselsnummer's check digits: a phone (07700 900123, 13812345678),
        # account or id number; the column is left out all the same, and the reason says it is unsure
        kind = "eleven_digits"
    return kind if n >= share * len(distinct) else None


_PERSON_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?")


def answers_look_like(kind: str, values: pd.Series, share: float = 0.5) -> bool:
    """Whether the answers to a question that asks for ``kind`` (see
    :func:`surveykit.io._vendor.asks_for_identifier`) are such identifiers: at least ``share``
    of the distinct non-empty answers are e-mail addresses, phone or national id numbers (as
    :func:`identifier_kind`), addresses, or, for names, two to four capitalised words without
    digits ("Ola Nordmann", "Kari S. Hansen"; not "Drammen Bibliotek"), mostly different from
    each other. "Yes"/"No" to "May we use your name?" are not.

    Example:
        >>> answers_look_like("name", pd.Series(["Harry Potter", "Ronald Weasley"]))
        True
        >>> answers_look_like("name", pd.Series(["Yes", "No", "Yes"]))
        False
    """
    given = values.dropna().astype(str).str.strip()
    given = given[given.ne("")]
    distinct = pd.Series(given.unique()).head(2000)
    if distinct.empty:
        return False
    if kind == "name":
        if len(given) >= 10 and len(distinct) < 0.5 * len(given):
            return False  # a few answers chosen by many ("Drammen Bibliotek"): a closed list, not names

        def person(v: str) -> bool:
            words = v.split()
            return 2 <= len(words) <= 4 and all(w[:1].isupper() and _PERSON_NAME.fullmatch(w)
                                                and w.casefold() not in _NOT_NAMES for w in words)
        hits = sum(person(v) for v in distinct)
    elif kind == "address":
        hits = sum(any(k == "address" for _, _, k in find_identifiers(v)) for v in distinct)
    else:
        return identifier_kind(distinct, share) is not None
    return hits >= share * len(distinct)


def _read_small(path: Path) -> str | None:
    """A small text file of ours in the study folder, or None when it is missing; a link, a
    pipe or a device planted in its place is refused (it could redirect or block the read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read ({exc.strerror}); if it is a link, remove it.") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OutputError(f"{path}: is not an ordinary file; remove it and run again.")
        return fh.read(1 << 20).decode("utf-8", "replace")


def _ignore_in_git(root: Path) -> None:
    """Make sure ``root/.gitignore`` lists the key file (created or appended)."""
    ignore = root / ".gitignore"
    text = _read_small(ignore)
    lines = text.splitlines() if text is not None else []
    if not any(line.strip().lstrip("/") == KEY_FILE for line in lines):
        prefix = "" if not text or text.endswith("\n") else "\n"
        unlinked(ignore)  # a hard link to a file elsewhere keeps its bytes
        fd = os.open(ignore, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"{(text or '') if not os.fstat(fh.fileno()).st_size else ''}{prefix}"
                     f"# the pseudonymisation key: never commit it\n{KEY_FILE}\n")


def load_key(root: Path, env: str = "SURVEYKIT_KEY") -> bytes:
    """The pseudonymisation key: from ``$env``, else ``root/.surveykit-key``.

    The key file is created (random, mode 600) when missing, and ``root/.gitignore`` is made
    to list it, so it is never committed. Keep the key: without it the same respondent gets
    a different pseudonym in the next build. A key file that is a link (to a key someone
    else chose) or not an ordinary file is refused.
    """
    if os.environ.get(env):
        key = os.environ[env]
        if len(key.strip()) < MIN_KEY_CHARS:
            raise ConfigError(
                f"the environment variable {env} holds a pseudonymisation key of {len(key.strip())} character(s); it "
                f"needs at least {MIN_KEY_CHARS}: a short key can be guessed, and with it every pseudonym turned back "
                "into the respondent's id. Set a long random key (python -c \"import secrets; "
                f"print(secrets.token_hex(32))\"), or unset {env} to use the study's {KEY_FILE}."
            )
        return key.encode()
    path = Path(root) / KEY_FILE
    text = _read_small(path)
    try:
        if text is None:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            text = _read_small(path) or ""
        _ignore_in_git(Path(root))
    except OSError as exc:  # a read-only study folder (a shared drive, a CD, a read-only checkout)
        raise OutputError(
            f"{path}: the pseudonymisation key cannot be written there ({exc.strerror or exc}). Make the study "
            f"folder writable, or set the environment variable {env} to a long random key (python -c \"import "
            f"secrets; print(secrets.token_hex(32))\") and keep it: the same key gives the same pseudonyms."
        ) from None
    key = text.strip()
    if len(key) < MIN_KEY_CHARS:
        raise OutputError(f"{path}: holds no usable key (fewer than 16 characters). Delete it to get a new one "
                          "(pseudonyms then change), or restore the old file.")
    return key.encode()


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def canonical_ids(raw: pd.Series) -> pd.Series:
    """Ids as compared, screened for repeats and pseudonymised: one Unicode form (NFC), no
    invisible characters (zero-width spaces, direction marks, a stray BOM) and no white space
    around, so that 'r3' and 'r3' with a zero-width space are one respondent.

    Example:
        >>> canonical_ids(pd.Series([" r3\\u200b", "o\\u0308", None, " "])).tolist()
        ['r3', 'ö', <NA>, <NA>]
    """
    text = raw.astype("string")
    ids = text.map(lambda v: _INVISIBLE.sub("", unicodedata.normalize("NFC", v)).strip(),
                   na_action="ignore").astype("string")
    return ids.mask(ids.eq("").fillna(False))   # a blank id is no id (not one shared by every blank row)


def pseudonymise(ids: pd.Series, key: bytes, salt: str = "") -> pd.Series:
    """A keyed hash (HMAC-SHA256, 16 hex digits) of each id; the same id and key give the same pseudonym."""
    values = ids.astype(object).to_numpy()
    missing = pd.isna(values)
    keyed = hmac.new(key, digestmod=hashlib.sha256)  # the key's pads hashed once, copied per id

    def one(message: bytes) -> str:
        h = keyed.copy()
        h.update(message)
        return h.hexdigest()[:16]

    out = [None if gone else one(f"{salt}:{value}".encode()) for value, gone in zip(values, missing, strict=True)]
    return pd.Series(out, index=ids.index, dtype="string")
