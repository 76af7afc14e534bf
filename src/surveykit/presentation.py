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
from typing import Any

import pandas as pd

from surveykit.labels import MISSING, format_interval, format_number, format_percent, text

__all__ = ["Presentation"]

_INTERCEPTS = ("Intercept", "(Intercept)")
_TERM = re.compile(r"^(?:C\((?P<cvar>[^,)]+)(?:,[^)]*)?\)|(?P<var>[A-Za-z_][A-Za-z0-9_]*))\[T\.(?P<level>.*)\]$")


def _in_waves(by_wave: Mapping[str, Any], waves: Sequence[Hashable] | None) -> dict[str, Any]:
    """``by_wave`` (wave id -> a value) kept to ``waves`` (None: every wave)."""
    return {w: v for w, v in by_wave.items() if waves is None or w in {str(x) for x in waves}}


@dataclass(frozen=True)
class Presentation:
    """Language, labels, number format, ``min_cell`` and the figure footer, in one value.

    ``protected``: the results shown passed a build's disclosure gate, so a suppressed number
    may also be one hidden to protect a small one (the note says so). ``not_asked``: the
    (variable, wave id) pairs of questions a wave did not ask (a row of such a pair resting on
    no answer is "not asked", not suppressed: :meth:`empty_kind`); ``wave``: the column of
    results that holds the wave ids (a study's is ``wave``; data of one's own may call it "year");
    ``wave_values``: column -> wave id -> value -> its label in that wave, where it differs from
    ``values`` (a site renamed between waves: :meth:`value_in`). ``dont_know``: each item on a
    scale -> its non-substantive answers as shown ("Vet ikke"; several joined by " / "), "" when
    its scale has none (so a table shows a don't-know row only where the question has that answer).
    ``scales``: each item's scale ends as scored (panels of their own in a means figure).
    ``wording``: per question whose wording changed between waves, the words of each wave
    (:meth:`wording_notes`).
    """

    language: str = "nb"
    names: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[Hashable, str]] = field(default_factory=dict)
    short: Mapping[str, Mapping[Hashable, str]] = field(default_factory=dict)
    min_cell: int | None = None
    footer: str = ""
    protected: bool = False
    not_asked: frozenset[tuple[str, str]] = frozenset()   # (variable, wave id): a question a wave did not ask
    dont_know: Mapping[str, str] = field(default_factory=dict)   # item -> its don't-know answer(s), "" none
    wave: str = "wave"   # the column holding the wave ids of ``not_asked``
    wave_values: Mapping[str, Mapping[str, Mapping[Hashable, str]]] = field(default_factory=dict)
    # variable -> its scale's ends as scored: (lowest code, highest code, their labels); a plot of
    # means draws items of different scales (1-5, 0-10) or without one (age) in panels of their own
    scales: Mapping[str, tuple[float, float, str, str]] = field(default_factory=dict)
    # variable -> {wave id: the question as that wave asked it}, for questions whose wording changed
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # variable -> {wave id: the labels of the levels that wave offered}, for questions whose waves
    # offered different levels (the codebook's ``offered:``; :meth:`offered_notes`)
    offered: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

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

    def value_in(self, column: Hashable | None, value: Hashable, wave: Hashable) -> str:
        """How ``value`` of ``column`` is shown in wave ``wave``: its label then (a site renamed
        between waves keeps its earlier name for the earlier wave), else :meth:`value`.

        Example:
            >>> p = Presentation(values={"site": {"m": "Mjøndalen bibliotek og innbyggertorg"}},
            ...                  wave_values={"site": {"1": {"m": "Mjøndalen bibliotek"}}})
            >>> p.value_in("site", "m", "1"), p.value_in("site", "m", "2")
            ('Mjøndalen bibliotek', 'Mjøndalen bibliotek og innbyggertorg')
        """
        labels = self.wave_values.get(column, {}).get(str(wave), {}) if isinstance(column, str) else {}
        try:
            if value in labels:
                return str(labels[value])
        except TypeError:  # an unhashable value has no label
            pass
        return self.value(column, value)

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

    def _part(self, column: Hashable, value: Hashable) -> str:
        """How a level named in a contrast's parts is shown: by its column's label, matched as
        text too (a wave id "2" read back from a CSV file is the number 2)."""
        labels = self.values.get(column, {})
        try:
            known = value in labels
        except TypeError:  # an unhashable value has no label
            known = True
        if not known:
            value = next((key for key in labels if str(key) == str(value)), value)
        return self.value(column, value)

    def contrast(self, row: Mapping[str, object]) -> str:
        """How the contrast of a result row is shown, from its parts (the columns
        ``contrast_over``, ``contrast_from``, ``contrast_to``, ``contrast_within``,
        ``contrast_control``, ``contrast_treated`` of :mod:`surveykit.estimate.schema`): the
        columns by their labels, the levels by theirs ("Runde: År 2 − År 1" for a wave
        change; "(Ble samlokalisert: År 2 − År 1) − (Separat begge år: År 2 − År 1)" for a
        difference in differences; "Det er lett å få hjelp × Organisering" for the test of a
        table). A row without parts (a contrast given by its coefficients) shows its
        ``contrast`` code as it is.

        Example:
            >>> p = Presentation("en", names={"wave": "Survey", "q": "Help"}, values={"wave": {"1": "2022", "2": "2023"}})
            >>> p.contrast({"contrast": "wave: 2 - 1", "contrast_over": "wave", "contrast_from": "1", "contrast_to": "2"})
            'Survey: 2023 − 2022'
            >>> p.contrast({"variable": "q", "contrast": "q x wave", "contrast_over": "wave"})
            'Help × Survey'
            >>> p.contrast({"contrast": "other"})
            'other'
        """
        def part(name: str) -> object:
            value = row.get(name)
            return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value

        over, low, high = part("contrast_over"), part("contrast_from"), part("contrast_to")
        if over is None:
            return "" if part("contrast") is None else str(row["contrast"])
        if low is None or high is None:  # the test of `variable` against `over`
            return f"{self.name(row['variable'])} \u00d7 {self.name(over)}"
        span = f"{self._part(over, high)} \u2212 {self._part(over, low)}"
        within = part("contrast_within")
        if within is None:
            return f"{self.name(over)}: {span}"
        return (f"({self._part(within, part('contrast_treated'))}: {span}) \u2212 "
                f"({self._part(within, part('contrast_control'))}: {span})")

    def group(self, columns: Sequence[str], key: Sequence[Hashable]) -> str:
        """ "North · 2024" for a key of several grouping columns (each value's label); a key with a
        wave (:attr:`wave`) names its other values as that wave named them (:meth:`value_in`: a
        site renamed later keeps its name of then, in a table's columns as in the figures).

        Example:
            >>> p = Presentation(values={"site": {"m": "Mjøndalen bibliotek og innbyggertorg"}},
            ...                  wave_values={"site": {"1": {"m": "Mjøndalen"}}})
            >>> p.group(["wave", "site"], ("1", "m")), p.group(["site"], ("m",))
            ('1 · Mjøndalen', 'Mjøndalen bibliotek og innbyggertorg')
        """
        columns = list(columns)
        wave = key[columns.index(self.wave)] if self.wave in columns and self.wave_values else None
        return " · ".join(self.value(c, v) if wave is None or c == self.wave else self.value_in(c, v, wave)
                          for c, v in zip(columns, key, strict=True))

    def labelled(self, frame: pd.DataFrame, columns: Sequence[str] = (), *, variable: str | None = "variable") -> pd.DataFrame:
        """A copy of ``frame`` for display: ``columns`` hold their values' labels, ``variable``
        its names' labels. The numbers are untouched. A row of one wave (:attr:`wave`) names a site
        renamed between waves as that wave named it (:meth:`value_in`), as the figures do."""
        out = frame.copy()
        waves = list(out[self.wave]) if self.wave in out and self.wave_values else None
        for column in columns:
            if column in out and waves is not None and column in self.wave_values:
                out[column] = [self.value_in(column, v, w) for v, w in zip(out[column], waves, strict=True)]
            elif column in out:
                out[column] = [self.value(column, v) for v in out[column]]
        if variable and variable in out:
            out[variable] = [self.name(v) for v in out[variable]]
        return out

    # -- texts and numbers ------------------------------------------------------------------
    def scale(self, variable: Hashable) -> tuple[float, float, str, str] | None:
        """The ends of ``variable``'s scale (lowest and highest code and their labels), or None
        for a variable on no scale (a number such as age). A score column of an item
        (``<item>_score`` of ``sk.with_scores``, ``<item>__score``) has its item's scale.

        Example:
            >>> p = Presentation(scales={"q": (1, 5, "Disagree", "Agree")})
            >>> p.scale("q"), p.scale("q_score"), p.scale("age")
            ((1, 5, 'Disagree', 'Agree'), (1, 5, 'Disagree', 'Agree'), None)
        """
        if not isinstance(variable, str):
            return None
        for suffix in ("", "__score", "_score"):
            if variable.endswith(suffix) and variable.removesuffix(suffix) in self.scales:
                return tuple(self.scales[variable.removesuffix(suffix)])
        return None

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

    def empty_kind(self, rows: pd.DataFrame, wave: str | None = None) -> str | None:
        """Why the rows of one cell have no number although nothing was suppressed: "not_asked"
        (they rest on no answer, n = 0, and their question was not asked in their wave),
        "no_answers" (n = 0 otherwise), None (a suppressed row, or a row with a number). The
        key is a text of surveykit.labels (the mark); ``<key>_note`` explains it. The rows'
        wave is in the column ``wave`` (default: :attr:`wave`).

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
        column = wave or self.wave
        if column in rows and "variable" in rows and self.not_asked and all(
                (str(v), str(w)) in self.not_asked for v, w in zip(rows["variable"], rows[column], strict=True)):
            return "not_asked"
        return "no_answers"

    def empty_notes(self, frame: pd.DataFrame, wave: str | None = None) -> list[str]:
        """The footnotes for the rows of ``frame`` resting on no answer (:meth:`empty_kind`, row
        by row): "Not asked: ..." and/or "No answers: ...", each once; [] when there are none."""
        if "n" not in frame or not len(frame):
            return []
        zero = pd.to_numeric(frame["n"], errors="coerce").eq(0).fillna(False).to_numpy()
        kinds = {self.empty_kind(frame.iloc[i:i + 1], wave) for i in zero.nonzero()[0]}
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
        out = []
        for item in items:
            asked = _in_waves(self.wording.get(item, {}), waves)
            if len({" ".join(t.split()).casefold() for t in asked.values()}) < 2:
                continue
            texts = "; ".join(f"{self.value(self.wave, w)}: {self.text('quoted', text=t)}" for w, t in asked.items())
            out.append(self.text("wording_changed", question=self.name(item), texts=texts))
        return tuple(out)

    def offered_notes(self, items: Sequence[str], waves: Sequence[Hashable] | None = None) -> tuple[str, ...]:
        """A note per item of ``items`` whose question offered other levels in the ``waves`` shown
        (default: every wave), naming each wave that lacked a level another of them offered; ()
        when they offered the same.

        Example:
            >>> p = Presentation("en", names={"q": "Satisfied"}, values={"wave": {"1": "2023", "2": "2024"}},
            ...                  offered={"q": {"1": ("No", "Neutral", "Yes"), "2": ("No", "Yes")}})
            >>> p.offered_notes(["q"])[0]
            'The question “Satisfied” did not offer the same answers in every wave (2024: without “Neutral”). A difference between the waves may come from the answers offered.'
            >>> p.offered_notes(["q"], waves=["1"])
            ()
        """
        out = []
        for item in items:
            asked = {w: set(levels) for w, levels in _in_waves(self.offered.get(item, {}), waves).items()}
            every = [lv for levels in self.offered.get(item, {}).values() for lv in levels]   # in the scale's order
            union = set().union(*asked.values()) if asked else set()
            lacking = {w: [lv for lv in dict.fromkeys(every) if lv in union - got] for w, got in asked.items()}
            texts = "; ".join(self.text("offered_without", wave=self.value(self.wave, w),
                                        levels=", ".join(self.text("quoted", text=lv) for lv in missing))
                              for w, missing in lacking.items() if missing)
            if texts:
                out.append(self.text("offered_changed", question=self.name(item), texts=texts))
        return tuple(out)

    def wave_notes(self, items: Sequence[str], waves: Sequence[Hashable] | None = None) -> tuple[str, ...]:
        """The notes of ``items`` shown across ``waves``: a question asked in other words
        (:meth:`wording_notes`) or on other levels (:meth:`offered_notes`) in them."""
        return (*self.wording_notes(items, waves), *self.offered_notes(items, waves))

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
