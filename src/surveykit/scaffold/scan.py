"""Scanning one wave's export into column descriptions: kind, question, answer labels, multi groups."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from surveykit.scaffold.lexicon import _AGE, _FREE_TEXT, _NOTE_ID, _number
from surveykit.scaffold.pools import _labelled_pool, _Pool, _present, _text_pool


class _Column:
    """One export column (or matrix row) described for the draft."""

    def __init__(self, wave: str, column: str, question: str, kind: str, **info: Any):
        self.wave, self.column, self.question, self.kind = wave, column, question, kind
        self.pool: _Pool | None = info.pop("pool", None)
        self.info = info




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
