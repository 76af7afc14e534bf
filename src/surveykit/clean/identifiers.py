"""Which export columns hold direct identifiers: one test, used by ``codebook draft`` (such a
column is left out, and named in the draft's header) and by the cleaning (such a column is
refused unless it is pseudonymised or its cells replaced), so a draft always validates.

Example:
    >>> column_identifier(pd.Series(["Kari", "Ola"]), ["name_first"])
    ('name', 'by its header')
    >>> column_identifier(pd.Series(["ola@example.no", "kari@example.no"]), ["Kontakt"])
    ('email', 'by its answers')
    >>> column_identifier(pd.Series(["0.5814025", "0.5814311"]), ["lat"]) is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from surveykit.clean.privacy import answers_look_like, identifier_kind
from surveykit.io._vendor import asks_for_identifier, header_kind

__all__ = ["WHAT", "column_identifier"]

WHAT = {"email": "e-mail addresses", "phone": "phone numbers", "national_id": "national id numbers",
        "ip": "IP addresses", "address": "addresses", "name": "names", "birth_date": "birth dates", "location": "locations"}


def column_identifier(values: pd.Series, headers: Iterable[Any], *, by_content: bool = True) -> tuple[str, str] | None:
    """``(kind, how it was found)`` when a column holds direct identifiers, else None: its header (or
    question) names one (:func:`surveykit.io._vendor.header_kind`); or its question asks for
    one and its answers are such; or, with ``by_content``, most of its distinct answers are
    e-mail addresses, phone or national id numbers or IP addresses, whatever the question."""
    texts = [h for h in dict.fromkeys(str(h) for h in headers if h is not None and str(h).strip())]
    for text in texts:
        kind = header_kind(text)
        if kind:
            return kind, "by its header"
    given = values.dropna()
    for text in texts:  # "Question: what is your phone number?" answered with phone numbers
        kind = asks_for_identifier(text)
        if kind and answers_look_like(kind, given):
            return kind, "by its question and answers"
    kind = identifier_kind(given.drop_duplicates().head(500)) if by_content else None
    return (kind, "by its answers") if kind else None
