"""Which export columns hold direct identifiers: one test, used by ``codebook draft`` (such a
column is left out, and named in the draft's header) and by the cleaning (such a column is
refused unless it is pseudonymised or its cells replaced), so a draft always validates.

Example:
    >>> column_identifier(pd.Series(["Kari", "Ola"]), ["name_first"])
    ('name', 'by its header')
    >>> column_identifier(pd.Series(["ola@example.no", "kari@example.no"]), ["Kontakt"])
    ('email', 'by its answers')
    >>> column_identifier(pd.Series(["5d1aa9db716058001a060031", "60dc6b293145e6a756460447"]), ["PROLIFIC_PID"])
    ('panel_id', 'by its header and answers')
    >>> column_identifier(pd.Series(["0.5814025", "0.5814311"]), ["lat"]) is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from surveykit.clean.privacy import answers_look_like, identifier_kind
from surveykit.io._vendor import asks_for_identifier, header_kind

__all__ = ["WHAT", "column_identifier", "opaque_tokens"]

WHAT = {"email": "e-mail addresses", "phone": "phone numbers", "national_id": "national id numbers",
        "eleven_digits": "11-digit numbers, most without a fødselsnummer's check digits (phone, account or id numbers)",
        "ip": "IP addresses", "address": "addresses", "name": "names", "birth_date": "birth dates", "location": "locations",
        "panel_id": "participant, session or study ids of a panel or survey tool",
        "user_agent": "browser strings (user agents)"}

# a header naming a panel's or tool's id of a participant, session or study, read as lower-case words:
# Prolific (PROLIFIC_PID, STUDY_ID, SESSION_ID), MTurk (workerId, assignmentId, hitId), Lucid (rid),
# Dynata (psid), a survey tool's response id; a column so named is one when its answers are codes
_PANEL_HEADER = re.compile(
    r"(?:prolific\s)?(?:pid|participant\s?id|session\s?id|study\s?id|worker\s?id|assignment\s?id|hit\s?id|"
    r"psid|rid|panel(?:ist)?\s?id|member\s?id|user\s?id|mturk(?:\s?worker)?\s?id|"
    r"prolific\s?id|external\s?(?:id|reference)|token)")
# the survey tool's own id of an answer (Qualtrics' ResponseId "R_2rDFvqinv6QUDGV", Kobo's _uuid): no
# person's id, so a codebook may keep it in clear (`keep: true`)
_RESPONSE_ID = re.compile(r"(?:response|respondent|submission|record|instance|svar|intervju)?\s?(?:id|uuid|guid)")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{11,}")  # no spaces, 12 characters or more
_USER_AGENT_HEADER = re.compile(r"(?:http\s)?user\s?agent(?:\s?string)?|browser\s?(?:string|user\s?agent)")
_USER_AGENT = re.compile(r"(?:Mozilla|Opera|Dalvik)/\d")


def _words(header: str) -> str:
    """A header as lower-case words: "PROLIFIC_PID" -> "prolific pid", "workerId" -> "worker id"."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(header))
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def opaque_tokens(values: pd.Series, unique: bool = True) -> bool:
    """Whether the answers are opaque codes (a panel's participant or session id): at least 9 of
    10 distinct answers are one word of 12 or more letters, digits, '-' or '_' mixing letters and
    digits ("5d1aa9db716058001a060031", a UUID, "R_A5O878p6R9875wR"); with ``unique``, each
    answer also (nearly) a row's own, as an id is."""
    given = values.dropna().astype(str).str.strip()
    given = given[given.ne("")]
    if len(given) < 2 or (unique and given.nunique() < 0.9 * len(given)):
        return False
    distinct = pd.Series(given.unique()[:2000])
    token = distinct.str.fullmatch(_TOKEN) & distinct.str.contains(r"\d") & distinct.str.contains(r"[A-Za-z]")
    return bool(token.mean() >= 0.9)


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
    if any(_USER_AGENT_HEADER.fullmatch(_words(t)) for t in texts) or (
            by_content and len(given) and given.drop_duplicates().head(500).astype(str).str.match(_USER_AGENT).mean() >= 0.5):
        return "user_agent", "by its header or answers"
    if any(_PANEL_HEADER.fullmatch(_words(t)) for t in texts) and opaque_tokens(given, unique=False):
        return "panel_id", "by its header and answers"  # STUDY_ID repeats: one per study, still a code
    if by_content and opaque_tokens(given) and not any(_RESPONSE_ID.fullmatch(_words(t)) for t in texts):
        return "panel_id", "by its answers"
    for text in texts:  # "Question: what is your phone number?" answered with phone numbers
        kind = asks_for_identifier(text)
        if kind and answers_look_like(kind, given):
            return kind, "by its question and answers"
    kind = identifier_kind(given.drop_duplicates().head(500)) if by_content else None
    return (kind, "by its answers") if kind else None
