"""How results are shown: one value with the language, labels, number format, suppression rule
and footer, built once (``study.presentation()``) and handed whole to every plot function.

Results hold codes and numbers; a :class:`Presentation` turns them into what a reader sees
(STYLE.md principle 9). ``names`` labels variables and grouping columns, ``values`` labels
the values of a column (site ids, wave ids, groupings; a study's answers are labelled in
its data already, :mod:`surveykit.clean.answers`), ``short``
gives shorter value labels for narrow places (site names in a heatmap's columns).

Example:
    >>> p = Presentation("en", names={"help": "Easy to get help"},
    ...                  values={"wave": {"1": "2022"}}, min_cell=10)
    >>> p.name("help"), p.value("wave", "1"), p.value("wave", "2")
    ('Easy to get help', '2022', '2')
    >>> p.percent(0.5), p.number(1234.5, 1)
    ('50%', '1,234.5')
    >>> Presentation().suppressed_note()
    '–  Undertrykt (for få svar)'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from surveykit.labels import MISSING, format_interval, format_number, format_percent, text

__all__ = ["Presentation"]

_INTERCEPTS = ("Intercept", "(Intercept)")
# the contrasts the estimators write (surveykit.estimate.compare, the tables' tests), as machine-readable
# codes: "wave: 2 - 1", "(g=b: wave 2 - 1) - (g=a: wave 2 - 1)", "help x site_type"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_CHANGE = re.compile(rf"(?P<column>{_NAME}): (?P<span>.+)")
_DID = re.compile(rf"\((?P<group>{_NAME})=(?P<treated>.+?): (?P<column>{_NAME}) (?P<span>.+)\) - "
                  rf"\((?P=group)=(?P<control>.+?): (?P=column) (?P=span)\)")
_CROSS = re.compile(rf"(?P<row>{_NAME}) x (?P<column>{_NAME})")
_TERM = re.compile(r"^(?:C\((?P<cvar>[^,)]+)(?:,[^)]*)?\)|(?P<var>[A-Za-z_][A-Za-z0-9_]*))\[T\.(?P<level>.*)\]$")


@dataclass(frozen=True)
class Presentation:
    """Language, labels, number format, ``min_cell`` and the figure footer, in one value.

    ``protected``: the results shown passed a build's disclosure gate, so a suppressed number
    may also be one hidden to protect a small one (the note says so). ``not_asked``: the
    (variable, wave id) pairs of questions a wave did not ask (a row of such a pair resting on
    no answer is "not asked", not suppressed: :meth:`empty_kind`). ``wording``: per question
    whose wording changed between waves, the words of each wave (:meth:`wording_notes`).
    """

    language: str = "nb"
    names: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[Hashable, str]] = field(default_factory=dict)
    short: Mapping[str, Mapping[Hashable, str]] = field(default_factory=dict)
    min_cell: int | None = None
    footer: str = ""
    protected: bool = False
    not_asked: frozenset[tuple[str, str]] = frozenset()   # (variable, wave id): a question a wave did not ask
    # variable -> {wave id: the question as that wave asked it}, for questions whose wording changed
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text("and", self.language)  # an unknown language is a ConfigError here, not in a figure

    # -- labels ---------------------------------------------------------------------------
    def name(self, column: Hashable) -> str:
        """A variable's or grouping column's label (the name itself when none is given)."""
        return str(self.names.get(column, column)) if isinstance(column, str) else str(column)

    def value(self, column: Hashable | None, value: Hashable) -> str:
        """How ``value`` of ``column`` is shown (an answer code, a site id, a wave id ...)."""
        labels = self.values.get(column) if column is not None else None
        if labels is not None:
            try:
                if value in labels:
                    return str(labels[value])
            except TypeError:  # an unhashable value has no label
                pass
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def short_value(self, column: Hashable, value: Hashable) -> str:
        """A short label of ``value`` when one is given, else :meth:`value`."""
        labels = self.short.get(column) if column is not None else None
        if labels is not None and value in labels:
            return str(labels[value])
        return self.value(column, value)

    def term(self, term: Hashable) -> str:
        """How a regression term is shown: "Aldersgruppe: 30-44" for ``C(age_group)[T.30-44]``,
        the variable's label for a plain variable, the term itself otherwise.

        Example:
            >>> Presentation("en", names={"g": "Group"}, values={"g": {"b": "B"}}).term("C(g)[T.b]")
            'Group: B'
        """
        text_ = str(term)
        if text_ in _INTERCEPTS:
            return self.text("intercept")
        m = _TERM.match(text_)
        if not m:
            return self.name(term) if isinstance(term, str) else text_
        column, level = (m["cvar"] or m["var"]).strip(), m["level"]
        for value in self.values.get(column, {}):  # the level as written in the term name
            if str(value) == level or (isinstance(value, float) and value.is_integer() and str(int(value)) == level):
                return f"{self.name(column)}: {self.value(column, value)}"
        return f"{self.name(column)}: {level}"

    def _known(self, column: str, shown: str) -> Hashable | None:
        """The value of ``column`` written as ``shown`` in a contrast's code (None: not one)."""
        for value in self.values.get(column, {}):
            if str(value) == shown:
                return value
        return None

    def _difference(self, column: str, span: str) -> str | None:
        """ "2024 − 2023" for the span "2 - 1" of ``column``'s values (a value may hold " - ": the
        split is the one whose both sides are values of the column; None when none is)."""
        parts = span.split(" - ")
        splits = [(" - ".join(parts[:k]), " - ".join(parts[k:])) for k in range(1, len(parts))]
        for later, earlier in splits:
            a, b = self._known(column, later), self._known(column, earlier)
            if a is not None and b is not None:
                return f"{self.value(column, a)} \u2212 {self.value(column, b)}"
        return None

    def contrast(self, code: Hashable) -> str:
        """How a contrast the estimators write as a code is shown: its columns by their labels,
        its values by theirs ("Undersøkelse: År 2 − År 1" for ``wave: 2 - 1``; "(Ble samlokalisert:
        År 2 − År 1) − (Separat begge år: År 2 − År 1)" for a difference in differences; "Det er
        lett å få hjelp × Organisering" for the test ``help_ease x site_type``). A code of another
        form, or naming values without labels, is shown as it is.

        Example:
            >>> p = Presentation("en", names={"wave": "Survey", "q": "Help"}, values={"wave": {"1": "2022", "2": "2023"}})
            >>> p.contrast("wave: 2 - 1"), p.contrast("q x wave"), p.contrast("other")
            ('Survey: 2023 − 2022', 'Help × Survey', 'other')
        """
        text_ = str(code)
        m = _DID.fullmatch(text_)
        if m:
            span = self._difference(m["column"], m["span"])
            treated, control = self._known(m["group"], m["treated"]), self._known(m["group"], m["control"])
            if span is not None and treated is not None and control is not None:
                return (f"({self.value(m['group'], treated)}: {span}) \u2212 "
                        f"({self.value(m['group'], control)}: {span})")
            return text_
        m = _CHANGE.fullmatch(text_)
        if m:
            span = self._difference(m["column"], m["span"])
            return f"{self.name(m['column'])}: {span}" if span is not None else text_
        m = _CROSS.fullmatch(text_)
        if m:
            return f"{self.name(m['row'])} \u00d7 {self.name(m['column'])}"
        return text_

    def group(self, columns: Sequence[str], key: Sequence[Hashable]) -> str:
        """ "North · 2024" for a key of several grouping columns (each value's label)."""
        return " · ".join(self.value(c, v) for c, v in zip(columns, key, strict=True))

    def labelled(self, frame: pd.DataFrame, columns: Sequence[str] = (), *, variable: str | None = "variable") -> pd.DataFrame:
        """A copy of ``frame`` for display: ``columns`` hold their values' labels, ``variable``
        its names' labels. The numbers are untouched."""
        out = frame.copy()
        for column in columns:
            if column in out:
                out[column] = [self.value(column, v) for v in out[column]]
        if variable and variable in out:
            out[variable] = [self.name(v) for v in out[variable]]
        return out

    # -- texts and numbers ------------------------------------------------------------------
    def text(self, key: str, **values: object) -> str:
        """A catalogue text (surveykit.labels) in this language."""
        return text(key, self.language, **values)

    def number(self, x: float | None, decimals: int = 1, *, sign: bool = False) -> str:
        return format_number(x, self.language, decimals, sign=sign)

    def percent(self, x: float | None, decimals: int = 0, *, sign: bool = False) -> str:
        return format_percent(x, self.language, decimals, sign=sign)

    def interval(self, low: float | None, high: float | None, decimals: int = 2, *, percent: bool = False) -> str:
        """ "[0,10; 0,50]" ("[0.10, 0.50]" in English); shares in percent units with ``percent``."""
        return format_interval(low, high, self.language, decimals, percent=percent)

    def suppressed_note(self) -> str:
        """ "– Undertrykt (færre enn 10 svar)" for a legend; "– Undertrykt (personvern)" when
        ``protected`` (the reasons are two, said in the method notes and the workbook)."""
        if self.protected and self.min_cell:
            return f"{MISSING}  {self.text('suppressed_privacy')}"
        return f"{MISSING}  {self.suppressed_text()}"

    def suppressed_text(self) -> str:
        """Why a number is not shown: fewer than ``min_cell`` answers (or, ``protected``, hidden
        so that such a number cannot be worked out from the others).

        Example:
            >>> Presentation("en", min_cell=5, protected=True).suppressed_text()
            'Suppressed (fewer than 5 responses, or to protect such a group)'
        """
        if not self.min_cell:
            return self.text("suppressed_short")
        return self.text("suppressed_protected" if self.protected else "suppressed", n=self.min_cell)

    def empty_kind(self, rows: pd.DataFrame) -> str | None:
        """Why the rows of one cell have no number although nothing was suppressed: "not_asked"
        (they rest on no answer, n = 0, and their question was not asked in their wave),
        "no_answers" (n = 0 otherwise), None (a suppressed row, or a row with a number). The
        key is a text of surveykit.labels (the mark); ``<key>_note`` explains it.

        Example:
            >>> p = Presentation("en", not_asked=frozenset({("q", "1")}))
            >>> rows = pd.DataFrame({"wave": ["1", "2"], "variable": "q", "estimate": float("nan"),
            ...                      "n": [0, 0], "suppressed": False})
            >>> p.empty_kind(rows.iloc[:1]), p.empty_kind(rows.iloc[1:])
            ('not_asked', 'no_answers')
        """
        if not len(rows) or "n" not in rows:
            return None
        n = pd.to_numeric(rows["n"], errors="coerce")
        flags = rows["suppressed"].fillna(False).astype(bool) if "suppressed" in rows else pd.Series(False, rows.index)
        if not (n.eq(0).fillna(False) & ~flags).all():
            return None
        if "wave" in rows and "variable" in rows and self.not_asked and all(
                (str(v), str(w)) in self.not_asked for v, w in zip(rows["variable"], rows["wave"], strict=True)):
            return "not_asked"
        return "no_answers"

    def empty_notes(self, frame: pd.DataFrame) -> list[str]:
        """The footnotes for the rows of ``frame`` resting on no answer (:meth:`empty_kind`, row
        by row): "Not asked: ..." and/or "No answers: ...", each once; [] when there are none."""
        if "n" not in frame or not len(frame):
            return []
        zero = pd.to_numeric(frame["n"], errors="coerce").eq(0).fillna(False).to_numpy()
        kinds = {self.empty_kind(frame.iloc[i:i + 1]) for i in zero.nonzero()[0]}
        return [self.text(f"{kind}_note") for kind in ("not_asked", "no_answers") if kind in kinds]

    def wording_notes(self, items: Sequence[str], waves: Sequence[Hashable] | None = None) -> tuple[str, ...]:
        """A note per item of ``items`` asked in different words in the ``waves`` shown (default:
        every wave), giving each wave's words; () when none was reworded.

        Example:
            >>> p = Presentation("en", names={"q": "Satisfied"}, values={"wave": {"1": "2023", "2": "2024"}},
            ...                  wording={"q": {"1": "Satisfied?", "2": "All in all, satisfied?"}})
            >>> p.wording_notes(["q"])[0]
            'The question “Satisfied” was worded differently in the waves: 2023: “Satisfied?”; 2024: “All in all, satisfied?”. A difference between the waves may come from the new wording.'
            >>> p.wording_notes(["q"], waves=["2"])
            ()
        """
        chosen = None if waves is None else {str(w) for w in waves}
        out = []
        for item in items:
            asked = {w: t for w, t in self.wording.get(item, {}).items() if chosen is None or w in chosen}
            if len({" ".join(t.split()).casefold() for t in asked.values()}) < 2:
                continue
            texts = "; ".join(f"{self.value('wave', w)}: {self.text('quoted', text=t)}" for w, t in asked.items())
            out.append(self.text("wording_changed", question=self.name(item), texts=texts))
        return tuple(out)

    # -- values -----------------------------------------------------------------------------
    def replace(self, **changes: object) -> Presentation:
        """A copy with some fields changed (the value itself never changes)."""
        return dataclasses.replace(self, **changes)

    def with_labels(self, names: Mapping[str, str] | None = None,
                    values: Mapping[str, Mapping[Hashable, str]] | None = None) -> Presentation:
        """A copy with more labels (given ones win).

        Example:
            >>> Presentation().with_labels({"q_score": "Score"}).name("q_score")
            'Score'
        """
        merged = {k: dict(v) for k, v in self.values.items()}
        for column, labels in (values or {}).items():
            merged.setdefault(column, {}).update(labels)
        return self.replace(names={**self.names, **(names or {})}, values=merged)
