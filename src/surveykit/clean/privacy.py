"""Privacy: mask direct identifiers in free text, pseudonymise respondent ids.

What :func:`mask_text` replaces, in this order (a placeholder holds no digits, so a later
pattern never re-reads an earlier replacement):

``[e-post]``
    e-mail addresses, also written ``ola(at)example.no`` / ``ola [at] example.no``.
``[id-nummer]``
    * Norwegian fødselsnummer and D-, H- and synthetic numbers: 11 digits, possibly written
      6 + 5 (``150870 12366``). **Every** stand-alone 11-digit number is masked, whether its
      mod-11 check digits are valid or not: an invalid one is most often a mistyped fødselsnummer,
      and the other 11-digit numbers people write in comments (bank accounts ``1234.56.78903``)
      identify them as well. :func:`is_fodselsnummer` tells the valid ones apart.
    * Swedish personnummer / samordningsnummer (``YYMMDD-XXXX``, ``YYMMDD+XXXX``,
      ``YYYYMMDD-XXXX``, ``YYYYMMDDXXXX``, and ``YYMMDDXXXX`` when its Luhn digit is valid) and
      Danish CPR numbers (``DDMMYY-XXXX``).
``[telefon]``
    phone numbers: with a country prefix (``+47``, ``0047``, ``+46 (0)70``, ``+45``, ``+44 20 …``)
    7–15 digits in any grouping; without one, Norwegian/Danish 8-digit numbers in their usual
    groupings (``91234567``, ``912 34 567``, ``22 33 44 55``, ``9123 4567``) and Swedish numbers
    starting with 0 (``070-123 45 67``, ``08-123 456 78``, ``0701234567``).
``[navn]``
    a name signed after a cue (``Hilsen``, ``Mvh``, ``Jeg heter``, ``Med vennlig hilsen`` ...).

Years (2023), prices (``kr 1 500``, ``2 500 000 kr``), opening hours (``10-16``,
``08.00–20.00``), dates and postcodes (``3050 Mjøndalen``) are left alone. Known false
positives: an 8-digit number without separators (``20230115``) is read as a phone number.

Example:
    >>> mask_text("Ring meg på 912 34 567 eller skriv til ola@example.no. Hilsen Kari Nordmann")
    'Ring meg på [telefon] eller skriv til [e-post]. Hilsen [navn]'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["KEY_FILE", "is_fodselsnummer", "load_key", "mask_series", "mask_text", "pseudonymise"]

KEY_FILE = ".surveykit-key"

# the local part starts a word and is bounded (RFC 5321: 64): a long run of letters costs linear time
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}(?:@|\s?[\[(]\s?(?:at|AT|alfakrøll)\s?[\])]\s?)[\w-]{1,63}(?:(?:\.|\s?[\[(]dot[\])]\s?)[\w-]{1,63})+"
)
# a text none of the patterns can match has no digit, "@" or bracket (and no name cue)
_MAYBE = re.compile(r"[\d@\[(]")
_EDGE_L = r"(?<![\w+])"
_EDGE_R = r"(?![\w])"
# Swedish personnummer / Danish CPR with a separator; 12 digits with the century
_PNR_SEP = re.compile(_EDGE_L + r"(?:19|20)?\d{6}[-+]\d{4}" + _EDGE_R)
_PNR_12 = re.compile(_EDGE_L + r"(?:19|20)\d{10}" + _EDGE_R)
_PNR_10 = re.compile(_EDGE_L + r"\d{10}" + _EDGE_R)
# Norwegian fødselsnummer and other 11-digit numbers (also 6+5, and bank-account style 4.2.5)
_ELEVEN = re.compile(_EDGE_L + r"(?:\d{6}[\s.-]?\d{5}|\d{4}[\s.]\d{2}[\s.]\d{5})" + _EDGE_R)
_PHONE_INTL = re.compile(r"(?<![\w+])\(?(?:\+|\b00)[1-9][\d\s./()-]{5,22}\d" + _EDGE_R)
_PHONE_LOCAL = re.compile(
    _EDGE_L + r"(?:\d{8}|\d{3}(?P<s1>[ -])\d{2}(?P=s1)\d{3}|\d{2}(?P<s2>[ -])\d{2}(?P=s2)\d{2}(?P=s2)\d{2}"
    r"|\d{4}[ -]\d{4}"  # NO / DK
    r"|0\d{1,3}\s?[-/]?\s?\d{2,3}(?: ?\d{2,3}){1,3})" + _EDGE_R  # SE: 070-123 45 67, 08-123 456 78
)
_NAME_CUE = re.compile(
    r"(?P<cue>\b(?:[Mm]ed vennlig hilsen|[Vv]ennlig hilsen|[Hh]ilsen|[Mm]vh\.?|[Mm]itt navn er|[Jj]eg heter|"
    r"[Hh]älsningar|[Mm]ed vänlig hälsning|[Vv]änliga hälsningar|[Mm]ed venlig hilsen|[Rr]egards|[Mm]y name is)[,:]?\s+)"
    r"(?P<name>[A-ZÆØÅÄÖ][\wæøåäöé'-]+(?:\s+[A-ZÆØÅÄÖ][\wæøåäöé'-]+){0,2})"
)


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


def _swedish_10(match: re.Match) -> str:
    """YYMMDDXXXX without a separator: masked when the date is plausible and Luhn holds."""
    d = match.group(0)
    day = int(d[4:6])
    if _plausible_date(day - 60 if day > 60 else day, int(d[2:4])) and _luhn(d):
        return "[id-nummer]"
    return d


def _phone_intl(match: re.Match) -> str:
    return "[telefon]" if 7 <= len(_digits(match.group(0))) <= 15 else match.group(0)


def _phone_local(match: re.Match) -> str:
    text = match.group(0)
    if text.startswith("0") and not 8 <= len(_digits(text)) <= 10:
        return text  # a Swedish number has 8-10 digits; "09-16 10" is opening hours
    return "[telefon]"


def mask_text(text: str) -> str:
    """Replace e-mail addresses, id numbers, phone numbers and signed names with placeholders."""
    if not _MAYBE.search(text) and not _NAME_CUE.search(text):
        return text  # no digit, "@", bracket or name cue: nothing any pattern could match
    text = _EMAIL.sub("[e-post]", text)
    text = _PNR_SEP.sub("[id-nummer]", text)
    text = _PNR_12.sub("[id-nummer]", text)
    text = _ELEVEN.sub("[id-nummer]", text)
    text = _PNR_10.sub(_swedish_10, text)
    text = _PHONE_INTL.sub(_phone_intl, text)
    text = _PHONE_LOCAL.sub(_phone_local, text)
    return _NAME_CUE.sub(lambda m: m.group("cue") + "[navn]", text)


def mask_series(values: pd.Series) -> tuple[pd.Series, int]:
    """Mask every cell of a text column (once per distinct text); returns the masked column
    and how many cells changed."""
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    masked = [mask_text(u) for u in uniques]
    changed = np.array([m != u for m, u in zip(masked, uniques, strict=True)] + [False])
    out = np.empty(len(masked) + 1, dtype=object)
    out[:-1], out[-1] = masked, pd.NA
    return pd.Series(out[codes], index=values.index, dtype="string"), int(changed[codes].sum())


def _ignore_in_git(root: Path) -> None:
    """Make sure ``root/.gitignore`` lists the key file (created or appended)."""
    ignore = root / ".gitignore"
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    if not any(line.strip().lstrip("/") == KEY_FILE for line in lines):
        prefix = "" if not lines or ignore.read_text(encoding="utf-8").endswith("\n") else "\n"
        with open(ignore, "a", encoding="utf-8") as fh:
            fh.write(f"{prefix}# the pseudonymisation key: never commit it\n{KEY_FILE}\n")


def load_key(root: Path, env: str = "SURVEYKIT_KEY") -> bytes:
    """The pseudonymisation key: from ``$env``, else ``root/.surveykit-key``.

    The key file is created (random, mode 600) when missing, and ``root/.gitignore`` is made
    to list it, so it is never committed. Keep the key: without it the same respondent gets
    a different pseudonym in the next build.
    """
    if os.environ.get(env):
        return os.environ[env].encode()
    path = Path(root) / KEY_FILE
    if not path.exists():
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        path.chmod(0o600)
    _ignore_in_git(Path(root))
    return path.read_text(encoding="ascii").strip().encode()


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
