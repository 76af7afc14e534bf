"""The scanner's questions spread over several columns that the reader grouped: grids of one
scale (and rankings), multi-select groups of one column per option or of one joined column, with
their "Other (please specify)" boxes.

:class:`ReaderGroups` is mixed into :class:`surveykit.scaffold.scan._Scanner`, whose state
(``raw``, ``wave``, ``data``, ``done``) and adders (``add``, ``q``, ``describe``, ``joined_multi``,
``weak_multi``) it uses.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from surveykit.scaffold.answers import (
    OTHER_OPTION,
    answer_codes,
    declared_missing,
    is_number_text,
    split_answers,
)
from surveykit.scaffold.column import Column, grid_parts, other_text, row_text
from surveykit.scaffold.multi import joined
from surveykit.scaffold.scales import (
    DraftScale,
    code_value,
    from_codes,
    from_text,
    no_answer_codes,
    present,
)

__all__ = ["ReaderGroups"]


class ReaderGroups:
    """Questions the reader grouped (see the module)."""

    def matrix(self, key: str, spec: dict) -> None:
        cols = [c for c in spec.get("columns", []) if c in self.data.columns and c not in self.done]
        rows = list(spec.get("rows", cols))
        question = str(spec.get("question") or key)
        if spec.get("kind") == "ranking":
            for c, row in zip(cols, rows, strict=False):
                self.add(Column(self.wave, c, f"{question} [{row}]", "numeric", label=str(row), group=key,
                                review=["a ranking (1 = first): analysed as numbers"]), [c])
            return
        keep = [(c, r) for c, r in zip(cols, rows, strict=False) if not present(self.data[c]).empty]
        if not keep:
            self.done |= set(cols)
            return
        clash = self.label_clash([c for c, _ in keep])
        if clash is not None:  # not one scale: each row drafted on its own labels
            for c, _row in keep:
                found = self.describe(c, self.q(c) or question)
                if found is not None:
                    found.review.append(clash)
                    self.add(found, [c])
            self.done |= set(cols)
            return
        scale = self.shared_scale([c for c, _ in keep])
        no_answer = no_answer_codes(scale) if scale is not None else []
        coded = any(self.raw.value_labels.get(c) for c, _ in keep) and not any(
            isinstance(code_value(k), str) for c, _ in keep for k in self.raw.value_labels.get(c) or {})
        # a row's own text that is not the question's ('written some grant applications', the .sps label of
        # Nettskjema's radio_matrix.grants), one per row: the row's label, not the key in its column's name
        owns = [self.q(c) for c, _ in keep]
        texts = [o for o, (c, _) in zip(owns, keep, strict=True) if o and o != c and question not in o]
        own_rows = len(texts) == len(keep) and len(set(texts)) == len(texts)
        for (c, row), own in zip(keep, owns, strict=True):
            label = str(own) if own_rows else row_text(row)
            text = own if own and own != c and question in own else f"{question} [{label}]"
            if scale is None:
                self.add(Column(self.wave, c, text, "numeric", label=label, group=key), [c])
            else:
                self.add(Column(self.wave, c, text, "likert" if scale.likert else "single", label=label,
                                scale=scale, group=key, coded=coded, missing=list(no_answer)), [c])
        self.done |= set(cols)
        for other in spec.get("other", []) or []:
            if other in self.data.columns and not present(self.data[other]).empty:
                self.add(other_text(self.wave, other, question, keep[0][0]), [other])

    def label_clash(self, cols: list[str]) -> str | None:
        """A note when the value labels of ``cols`` give one code different labels (SPSS:
        POLVIEWS 1 = 'Extremely liberal', I_POLITICS 1 = 'Liberal and extremely liberal'): they
        are no rows of one scale, and one set of labels would relabel the other's codes."""
        seen: dict[Any, tuple[str, str]] = {}
        for c in cols:
            for code, label in (self.raw.value_labels.get(c) or {}).items():
                key = code_value(code)
                first = seen.setdefault(key, (c, str(label).strip()))
                if " ".join(first[1].split()).casefold() != " ".join(str(label).split()).casefold():
                    return (f"the columns {cols} share a question text but their value labels differ (code {key} is "
                            f"{first[1]!r} in {first[0]!r}, {str(label).strip()!r} in {c!r}): each is drafted on its "
                            "own labels, not as rows of one grid")
        return None

    def shared_scale(self, cols: list[str]) -> DraftScale | None:
        """One scale for the rows of a grid (None: the rows are numbers)."""
        labels: dict[Any, str] = {}
        for c in cols:
            labels.update(self.raw.value_labels.get(c) or {})
        stacked = pd.concat([present(self.data[c]) for c in cols], ignore_index=True)
        if labels:
            return from_codes(labels, set(answer_codes(stacked)), declared_missing(self.raw, cols))
        if all(pd.api.types.is_numeric_dtype(self.data[c]) for c in cols) or bool(is_number_text(stacked).all()):
            return None
        return from_text(stacked.astype(str))

    def multi_group(self, key: str, spec: dict) -> None:
        cols = [c for c in spec.get("columns", []) if c in self.data.columns]
        question = str(spec.get("question") or self.raw.questions.get(key, key))
        others = [c for c in spec.get("other", []) or [] if c in self.data.columns]
        if cols:
            options = [str(o) for o in spec.get("options") or cols]
            texts = [self.q(c) for c in cols]
            if len(cols) == 1 and texts[0] and texts[0] != cols[0] and not spec.get("options"):
                # one check box ("Inklusjon_1", its text "Jeg har lest om prosjektet ..." in a codebook): the
                # whole text is its option; a prefix shared with itself is no question stem
                options = [texts[0]]
            elif (not spec.get("keep_options") and all(t and t != c for t, c in zip(texts, cols, strict=True))
                    and len(set(texts)) == len(texts)):
                # a sidecar (.sps) or header gives each column "Question? Option": the option texts
                stem = os.path.commonprefix(texts)  # noqa: RUF071 - a character prefix is meant
                stem = stem[: max(stem.rfind(" "), stem.rfind(":"), stem.rfind("?"), stem.rfind("-")) + 1]
                if len(stem) >= 8:
                    # "Question? - Option", "Question?: Option", "Question? [Option]"
                    options = [re.sub(r"^\[(.*)\]$", r"\1", t[len(stem):].strip(" -–:")) or o
                               for t, o in zip(texts, options, strict=True)]
                    if not spec.get("question"):
                        question = stem.strip().rstrip(":-– ").strip()
            if all(present(self.data[c]).empty for c in cols + others):
                self.done |= set(cols) | set(others)
                return
            columns = dict(zip(options, cols, strict=False))
            ticked = any(OTHER_OPTION.search(o) for o in options)  # an "Other" option has its own tick column
            for o in others:  # else the "Other (please specify)" box is the option: chosen = something typed
                if not ticked and not present(self.data[o]).empty:
                    columns[spec.get("other_label") or (grid_parts(self.q(o)) or ("", "Other"))[1]] = o
            c = Column(self.wave, cols[0], question, "multi", columns=columns, review=list(spec.get("review", [])),
                       option_names=dict(zip(options, spec.get("names") or [], strict=False)))
            self.add(c, cols)
            for o in others:
                if not present(self.data[o]).empty:
                    self.add(other_text(self.wave, o, question, cols[0]), [o])
                self.done.add(o)
        elif key in self.data.columns and not present(self.data[key]).empty:
            options = spec.get("options") or (self.raw.meta.get("choices") or {}).get(key)
            if spec.get("inferred"):  # options a reader inferred from the answers: rare ones are typed in
                found = joined(self.data[key], "select all", inferred=options)
                if found is not None and found.weak:
                    self.add(self.weak_multi(key, question, self.data[key], found), [key])
                    return
            else:
                found = joined(self.data[key], "select all", options)
            if found is None:
                from surveykit.scaffold.multi import Joined

                found = Joined(spec.get("separator", ";"), [], [], True)
                found.options = split_answers(self.data[key], found.separator)
            self.add(self.joined_multi(key, question, found), [key])
