"""Multi-select answers: infer the options of a joined column and split answers into indicators.

Google Forms joins checkbox answers with ``", "`` although option texts may themselves
contain ``", "``; :func:`infer_options` rebuilds the options from how tokens co-occur, and
:func:`split_answers` matches known options first (longest first), so such options survive.

Example:
    >>> s = pd.Series(["Blogs, R-bloggers, Twitter, Libros", "Libros", "Blogs, R-bloggers, Twitter"])
    >>> split_answers(s, ", ", ["Blogs, R-bloggers, Twitter", "Libros"]).sum().to_dict()
    {'Blogs, R-bloggers, Twitter': 2, 'Libros': 2, 'other': 0}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd

from surveykit.errors import DataError
from surveykit.io.raw import RawExport

__all__ = ["infer_options", "split_answers", "split_multi"]


_CONTINUATION = re.compile(r"[^\W\dA-ZÀ-Þ]{2,}\s")  # "sin título", "como colegas y ..."
_THOUSANDS = re.compile(r"^\d{3}(?!\d)")  # "999" after "$0 - $24": the digits after a thousands separator


def _tokens(value: str, separator: str) -> list[str]:
    return [t.strip() for t in value.split(separator) if t.strip()]


def infer_options(values: pd.Series, separator: str = ", ", share: float = 0.9) -> list[str]:
    """Options of a joined multi-select column, in first-seen order.

    A token is glued to the one before it when it never starts an answer, the pair is seen
    at least twice, and either it starts with a lower-case word ("sin título", "but
    cohabiting") and the first is (almost: ``share``) always followed by it or it almost
    always follows the first, or both hold: how an option text containing the separator
    shows up. Three digits after a token ending in a digit are glued too ("$25,000"), and so
    is every token after an opening parenthesis up to the one closing it ("apps (e.g., Shiny,
    dashboards)"); glued tokens keep the spacing of the answer. Free-text "Other" answers come
    out as rare options of their own.
    """
    texts = list(values.dropna().astype(str))
    cells = [_tokens(v, separator) for v in texts]
    pieces = [[p for p in v.split(separator) if p.strip()] for v in texts]  # as written: "a, b" keeps its space
    count: Counter[str] = Counter(t for c in cells for t in c)
    pairs: Counter[tuple[str, str]] = Counter(
        (c[i - 1], c[i]) for c in cells for i in range(1, len(c)))
    starts: Counter[str] = Counter(c[0] for c in cells if c)
    glued = set()
    for (first, second), n in pairs.items():
        if starts[second]:
            continue  # an option can start a cell; a continuation never does
        after, before = n / count[first] >= share, n / count[second] >= share
        thousands = bool(_THOUSANDS.match(second)) and first[-1:].isdigit()  # "$25,000": a number, not a list
        if thousands or (n >= 2 and ((_CONTINUATION.match(second) and (after or before)) or (after and before))):
            glued.add(second)
    options: list[str] = []
    for c, raw in zip(cells, pieces, strict=True):
        merged: list[str] = []
        for t, piece in zip(c, raw, strict=True):
            if merged and (t in glued or merged[-1].count("(") > merged[-1].count(")")):
                merged[-1] = merged[-1] + separator + piece
            else:
                merged.append(piece)
        options += [m.strip() for m in merged if m.strip() not in options]
    return options


def split_answers(values: pd.Series, separator: str, options: Sequence[str]) -> pd.DataFrame:
    """One boolean column per option (plus ``other`` for anything unmatched), same index.

    Missing answers stay missing in every column.
    """
    ordered = sorted(options, key=len, reverse=True)
    rows: list[dict[str, Any]] = []
    for value in values:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            rows.append(dict.fromkeys([*options, "other"], pd.NA))
            continue
        text = separator + str(value).strip().rstrip(separator.strip()) + separator
        hit = dict.fromkeys(options, False)
        for opt in ordered:
            needle = separator + opt + separator
            if needle in text:
                hit[opt] = True
                text = text.replace(needle, separator, 1)
        rest = [t for t in _tokens(text, separator)]
        hit["other"] = bool(rest)
        rows.append(hit)
    out = pd.DataFrame(rows, index=values.index, columns=[*options, "other"], dtype="boolean")
    return out


def split_multi(raw: RawExport, key: str) -> pd.DataFrame:
    """Indicator frame (bool per option) of multi-select question ``key`` of ``raw``.

    Works for both kinds of ``raw.meta["multi"]`` entries: ``{"columns": [...]}`` (one
    column per option, chosen = non-empty and not 0) and ``{"separator": ...}`` (joined).
    """
    multi = raw.meta.get("multi", {})
    if key not in multi:
        raise DataError(
            f"{raw.name}: {key!r} is not a multi-select question of this export. "
            f"Known: {', '.join(map(repr, multi)) or 'none'}."
        )
    spec = multi[key]
    if "columns" in spec:
        cols = spec["columns"]
        names = spec.get("options", cols)
        out = {}
        for col, name in zip(cols, names, strict=True):
            s = raw.data[col]
            text = s.astype("str").str.strip()
            out[name] = (~text.isin(["0", "0.0", "", "False"]) & s.notna()).astype("boolean")
        return pd.DataFrame(out, index=raw.data.index)
    options = spec.get("options") or infer_options(raw.data[key], spec["separator"])
    return split_answers(raw.data[key], spec["separator"], options)
