"""Privacy: mask direct identifiers in free text, pseudonymise respondent ids.

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

import pandas as pd

__all__ = ["load_key", "mask_series", "mask_text", "pseudonymise"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Swedish personnummer: (YY)YYMMDD-XXXX or +XXXX
_PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]\d{4}(?!\d)")
# Norwegian fødselsnummer / d-nummer (11 digits, possibly split 6+5) and other 11-digit numbers
_ELEVEN = re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")
# phone numbers: optional +47/0046 prefix, then 8-10 digits in groups
_PHONE = re.compile(r"(?<![\w])(?:(?:\+|00)\d{2,3}[\s-]?)?(?:\(0\)\s?)?\d(?:[\s-]?\d){6,10}(?![\w])")
_NAME_CUE = re.compile(
    r"(?P<cue>\b(?:[Mm]ed vennlig hilsen|[Vv]ennlig hilsen|[Hh]ilsen|[Mm]vh|[Mm]itt navn er|[Jj]eg heter|"
    r"[Hh]älsningar|[Mm]ed venlig hilsen|[Rr]egards|[Mm]y name is)[,:]?\s+)"
    r"(?P<name>[A-ZÆØÅÄÖ][\wæøåäöé'-]+(?:\s+[A-ZÆØÅÄÖ][\wæøåäöé'-]+){0,2})"
)


def mask_text(text: str) -> str:
    """Replace e-mail addresses, id numbers, phone numbers and signed names with placeholders."""
    text = _EMAIL.sub("[e-post]", text)
    text = _PERSONNUMMER.sub("[id-nummer]", text)
    text = _ELEVEN.sub("[id-nummer]", text)
    text = _PHONE.sub("[telefon]", text)
    return _NAME_CUE.sub(lambda m: m.group("cue") + "[navn]", text)


def mask_series(values: pd.Series) -> tuple[pd.Series, int]:
    """Mask every cell of a text column; returns the masked column and how many cells changed."""
    text = values.astype("string")
    present = text.dropna()
    masked = present.map(mask_text)
    changed = int((masked != present).sum())
    return text.where(text.isna(), masked.reindex(text.index)), changed


def load_key(root: Path, env: str = "SURVEYKIT_KEY") -> bytes:
    """The pseudonymisation key: from ``$env``, else ``root/.surveykit-key`` (created, git-ignored)."""
    if os.environ.get(env):
        return os.environ[env].encode()
    path = root / ".surveykit-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip().encode()


def pseudonymise(ids: pd.Series, key: bytes, salt: str = "") -> pd.Series:
    """A keyed hash (HMAC-SHA256, 16 hex digits) of each id; the same id and key give the same pseudonym."""
    def one(value: object) -> str | None:
        if pd.isna(value):
            return None
        msg = f"{salt}:{value}".encode()
        return hmac.new(key, msg, hashlib.sha256).hexdigest()[:16]

    return ids.astype(object).map(one).astype("string")
