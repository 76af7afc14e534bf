"""The page's tables of the recipe's ``shares``, ``means`` and ``change`` tables.

Each is laid out from the entry's published (protected) result, in the report's language and
number format, beside the link to its CSV file: questions in rows, the groups of ``by`` in
columns ("Lycksele · 2024"). A suppressed cell shows "–", a cell resting on no answer "ikke
spurt" / "ingen svar", each explained in a footnote, as in the other tables of the page.

Example:
    >>> page = page_means(result, spec, study.presentation())      # doctest: +SKIP
    >>> page.frame.columns[0]                                       # doctest: +SKIP
    'Spørsmål'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from surveykit.labels import MISSING
from surveykit.presentation import Presentation
from surveykit.report.figures._base import PageTable
from surveykit.report.spec import Spec

__all__ = ["page_change", "page_means", "page_shares"]


class _Cells:
    """Formats the cells of one table and remembers which marks it used (for the footnotes)."""

    def __init__(self, p: Presentation):
        self.p = p
        self.kinds: set[str] = set()
        self.hidden = False

    def __call__(self, rows: pd.DataFrame, shown: Callable[[pd.Series], str]) -> str:
        """The cell of ``rows`` (one result row, or none: blank): its text, "–" when
        suppressed, "ikke spurt" / "ingen svar" when it rests on no answer."""
        if rows.empty:
            return ""
        kind = self.p.empty_kind(rows.iloc[:1])
        if kind:
            self.kinds.add(kind)
            return self.p.text(kind)
        row = rows.iloc[0]
        if bool(row.get("suppressed", False)) or pd.isna(row["estimate"]):
            self.hidden = True
            return MISSING
        return shown(row)

    def n(self, rows: pd.DataFrame) -> str:
        """The base of a question in one group: "n = 64" ("–" when hidden)."""
        if rows.empty:
            return ""
        n = pd.to_numeric(rows["n"], errors="coerce").iloc[0]
        if bool(rows["suppressed"].fillna(False).astype(bool).iloc[0]) or pd.isna(n):
            self.hidden = True
            return self.p.text("n_label", n=MISSING)
        return self.p.text("n_label", n=self.p.number(float(n), 0))

    def notes(self, *extra: str) -> tuple[str, ...]:
        """The footnote: ``extra``, then what the marks used mean."""
        out = [*extra, *(self.p.text(f"{kind}_note") for kind in ("not_asked", "no_answers") if kind in self.kinds)]
        if self.hidden:
            out.append(f"{MISSING}  {self.p.suppressed_text()}")
        return tuple(out)


def _groups(frame: pd.DataFrame, by: Sequence[str], p: Presentation, alone: str) -> list[tuple[tuple, str]]:
    """The groups of ``by`` in the result's order, each with its column header (no ``by``: one
    column, headed ``alone``)."""
    if not by:
        return [((), alone)]
    keys = list(dict.fromkeys(frame[list(by)].itertuples(index=False, name=None)))
    return [(key, " · ".join(p.value(b, v) for b, v in zip(by, key, strict=True))) for key in keys]


def _select(frame: pd.DataFrame, by: Sequence[str], key: tuple, **match: object) -> pd.DataFrame:
    """The rows of ``frame`` in group ``key`` whose columns equal ``match``."""
    mask = pd.Series(True, index=frame.index)
    for column, value in [*zip(by, key, strict=True), *match.items()]:
        mask &= frame[column].astype(object).eq(value)
    return frame[mask]


def _by_words(by: Sequence[str], p: Presentation) -> str:
    return " " + p.text("by_groups", groups=" × ".join(p.name(b) for b in by)) if by else ""


def page_shares(result, spec: Spec, p: Presentation) -> PageTable:
    """Each question's answers in rows (its base "n = …" on the question's row), the groups in
    columns, "45,5 % [30,8; 61,1]"; the don't-know answer in its own row, named as the
    question's scale names it, as its share of all answers."""
    shares, by = result.shares, list(result.by)
    groups = _groups(shares, by, p, p.text("share"))
    cells = _Cells(p)
    rows, answers = [], []
    for panel in result.panels:
        for item in panel.items:
            part = shares[shares["variable"].astype(str) == item]
            levels = list(panel.order)
            substantive = part[part["level"].isin(levels)]
            rows.append([p.name(item), *(cells.n(_select(substantive, by, key)) for key, _ in groups)])
            dk = [lv for lv in panel.dont_know if (part["level"] == lv).any()]
            answers += [p.value(item, lv) for lv in dk]
            for level in [*levels, *dk]:
                rows.append([p.value(item, level), *(
                    cells(_select(part, by, key, level=level), lambda r: (
                        f"{p.percent(r['estimate'], 1)} {p.interval(r['conf_low'], r['conf_high'], 1, percent=True)}"))
                    for key, _ in groups)])
    frame = pd.DataFrame(rows, columns=[p.text("question"), *(name for _, name in groups)])
    caption = spec.caption_text(p.language) or (
        f"{p.text('title_likert')}{_by_words(by, p)}, {p.text('with_ci', level=95)}.")
    base = []
    for answer in dict.fromkeys(answers):   # each don't-know answer as its questions word it
        base.append(f"{p.text('substantive_base', dont_know=answer)}; {p.text('dont_know_base', dont_know=answer)}.")
    return PageTable(frame, caption, cells.notes(*base))


def page_means(result, spec: Spec, p: Presentation) -> PageTable:
    """Each question's base ("n = 516") and mean ("2,70 [2,57; 2,83]") in rows, the groups in
    columns; a scaled question's don't-know answer, left out of its mean, said in the footnote."""
    means, by = result.means, list(result.by)
    groups = _groups(means, by, p, p.text("mean"))
    cells = _Cells(p)
    rows = []
    for item in result.items:
        part = means[means["variable"].astype(str) == item]
        rows.append([p.name(item), *(cells.n(_select(part, by, key)) for key, _ in groups)])
        rows.append([p.text("mean"), *(cells(_select(part, by, key), lambda r: (
            f"{p.number(r['estimate'], 2)} {p.interval(r['conf_low'], r['conf_high'], 2)}")) for key, _ in groups)])
    frame = pd.DataFrame(rows, columns=[p.text("question"), *(name for _, name in groups)])
    caption = spec.caption_text(p.language) or f"{p.text('mean')}{_by_words(by, p)}, {p.text('with_ci', level=95)}."
    scored = [p.value(item, answer) for item, answer in p.dont_know.items() if item in result.items and answer]
    extra = [p.text("table_dk_excluded", dont_know=answer) for answer in dict.fromkeys(scored)]
    return PageTable(frame, caption, cells.notes(*extra))


def page_change(result, spec: Spec, p: Presentation) -> PageTable:
    """Per question (and group of ``by``): the mean in each of the two waves, the change (the
    later minus the earlier) with its CI and p-value."""
    from surveykit.tables.layout import p_text

    by, (first, last) = list(result.by), result.waves
    means, change = result.means, result.change
    cells = _Cells(p)
    rows, empty = [], False
    mean = lambda r: f"{p.number(r['estimate'], 2)} {p.interval(r['conf_low'], r['conf_high'], 2)}"  # noqa: E731
    for item in result.items:
        part, diff = means[means["variable"].astype(str) == item], change[change["variable"].astype(str) == item]
        for key, name in _groups(diff, by, p, ""):
            waves = [cells(_select(part, by, key, wave=w), mean) if len(part) else "" for w in (first, last)]
            got = _select(diff, by, key)
            row = got.iloc[0] if len(got) else None
            if row is None:
                shown, ci, p_value = "", "", ""
            elif bool(row.get("suppressed", False)):
                cells.hidden = True
                shown = ci = p_value = MISSING
            elif pd.isna(row["estimate"]):   # a side compared rests on no answer: that side's mark, no change
                sides = [p.empty_kind(_select(part, by, key, wave=w)) for w in (first, last)] if len(part) else []
                kind = "not_asked" if "not_asked" in sides else "no_answers" if "no_answers" in sides else None
                if kind:
                    cells.kinds.add(kind)
                else:
                    empty = True
                shown, ci, p_value = p.text(kind or "not_computed"), "", ""
            else:
                shown = p.number(row["estimate"], 2, sign=True)
                ci = p.interval(row["conf_low"], row["conf_high"], 2)
                p_value = p_text(row.get("p_value"), p)
            rows.append([p.name(item), *([name] if by else []), *waves, shown, ci, p_value])
    header = [p.text("question"), *([" × ".join(p.name(b) for b in by)] if by else []),
              p.value("wave", first), p.value("wave", last),
              f"{p.text('change')} ({p.value('wave', last)} − {p.value('wave', first)})",
              p.text("ci_bracket", level=95).strip("[]"), p.text("p_value")]
    frame = pd.DataFrame(rows, columns=header)
    caption = spec.caption_text(p.language) or (
        f"{p.text('change_between', first=p.value('wave', first), last=p.value('wave', last))}"
        f"{_by_words(by, p)}, {p.text('with_ci', level=95)}.")
    return PageTable(frame, caption, cells.notes(*([p.text("empty_contrast_note")] if empty else [])))
