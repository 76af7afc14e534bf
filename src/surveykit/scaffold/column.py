"""A drafted question (:class:`Column`) and the text helpers that name it: the question without
markup, a short label, a grid's stem and row.

Example:
    >>> Column("1", "q1", plain_text("Do you <b>currently</b> work?"), "single").label
    'Do you currently work?'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from surveykit.scaffold.scales import DraftScale

__all__ = ["Column", "grid_parts", "other_text", "plain_text", "row_text", "short_label"]


@dataclass
class Column:
    """One question of one wave (a column, a grid row, or a multi-select group)."""

    wave: str
    column: str                      # the source column (a multi group: its first column)
    question: str                    # the full question text
    kind: str                        # likert single multi numeric text date id
    label: str = ""                  # a short label (grid row, shortened question)
    scale: DraftScale | None = None
    columns: dict[str, str] | None = None     # multi, one column per option: option text -> column
    separator: str | None = None              # multi, joined in one column
    options: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)   # multi: typed-in answers seen ("other")
    role: str | None = None          # a tool column: started, submitted, status, finished, ...
    review: list[str] = field(default_factory=list)
    valid: tuple[float, float] | None = None
    missing: list[Any] = field(default_factory=list)
    occurrence: int | None = None
    header: str | None = None        # the column's header text, when `occurrence` picks one of several alike
    recode: dict[Any, int] = field(default_factory=dict)   # file code -> score (files coded high -> low)
    group: str | None = None         # the grid / matrix it belongs to
    other_of: str | None = None      # a typed-in "other" answer: the question column it belongs to
    weight: str | None = None        # "full" (a full-sample weight) or "replicate" (one of its replicate weights)
    block: Any = None                # a full-sample weight's replicate_weights.Block
    option_names: dict[str, str] = field(default_factory=dict)   # multi: option text -> the tool's name for it
    coded: bool = False              # the export holds the scale's numeric codes (value labels), not its texts
    offered: list[Any] | None = None  # codes of the joined scale's levels its value labels offer, when fewer
    whole: bool = False              # numeric: every number seen (not `missing`) is a whole number

    def __post_init__(self) -> None:
        self.label = self.label or short_label(self.question)
        if self.scale is not None and self.scale.recode:
            self.recode = dict(self.scale.recode)


_HTML_TAG = re.compile(r"<\s*(/?)\s*(strong|em|b|i|u|br|span|p|div|font|small|mark|sup|sub)\b[^<>]*>",
                       re.IGNORECASE)
_MD_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|__)(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")


def plain_text(text: str) -> str:
    """A question text without simple inline markup: HTML tags (strong, em, b, i, br, span ...)
    and Markdown emphasis (``*word*``, ``**word**``), as Typeform and form builders keep them.

    >>> plain_text("What country do you <strong>live</strong> in?"), plain_text("Do you *currently* work?")
    ('What country do you live in?', 'Do you currently work?')
    >>> plain_text("5 * 3 * 2 = 30")
    '5 * 3 * 2 = 30'
    """
    out = _HTML_TAG.sub(lambda m: " " if m.group(2).lower() in ("br", "p", "div") else "", text)
    out = _MD_EMPHASIS.sub(r"\2", out)
    if out == text:
        return text
    out = html.unescape(out) if _HTML_TAG.search(text) else out
    return " ".join(out.split())


def short_label(text: str, limit: int = 90) -> str:
    """A label for figures: the question, or its first sentence, or its first words (<= ``limit``).

    >>> short_label("How satisfied are you? Think of the last 12 months, at all sites of the library and the "
    ...             "citizen service centre of your municipality.")
    'How satisfied are you?'
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    m = re.match(rf"^(.{{12,{limit}}}?[?.!:])\s", text)
    if m:
        return m.group(1)
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-– ") + "…"


_GRID = re.compile(r"^(?P<stem>.*\S)\s*\[(?P<row>[^\[\]]+)\]\s*$|^(?P<stem2>.+?)\s+[-–—]\s+(?P<row2>[^-–—]+)$")


def grid_parts(text: str) -> tuple[str, str] | None:
    m = _GRID.match(text or "")
    if not m:
        return None
    return (m.group("stem") or m.group("stem2")).strip(), (m.group("row") or m.group("row2")).strip()


def row_text(row: Any) -> str:
    text = " ".join(str(row).split("|")[0].rstrip(":").split())
    return text[1:-1].strip() if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'“”«»" else text


def other_text(wave: str, column: str, question: str, owner: str) -> Column:
    """The typed-in answers of a question's "other" box: a text variable next to it."""
    return Column(wave, column, f"{question} (other, typed in)", "text",
                  label=f"{short_label(question, 70)} (other, typed in)", other_of=owner)
