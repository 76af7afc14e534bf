"""Top-box table ("Andel positive svar"): the share of substantive answers in the scale's top box, with
logit CIs, and beside it the don't-know share of all answers.

Two bases, each said: the top box is of those who took a position (as the Likert figure's
bars and the means), the ``level`` "Vet ikke" rows are of all answers. On the page each
group's column is followed by its don't-know share.

Example:
    >>> result = compute_topbox(study, design, spec)                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from surveykit.estimate.likert import topbox
from surveykit.labels import MISSING, joined
from surveykit.presentation import Presentation
from surveykit.report.figures._base import Kind, PageTable, check_by, check_items
from surveykit.report.items import DONT_KNOW, dont_know_shares, level_values
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["KIND", "TopboxResult", "check_topbox", "compute_topbox", "page_topbox"]


@dataclass(frozen=True)
class TopboxResult:
    """Top-box shares (substantive answers) and don't-know shares (all answers) per item × group."""

    topbox: pd.DataFrame
    dont_know: pd.DataFrame
    by: tuple[str, ...]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"": pd.concat([self.topbox, self.dont_know], ignore_index=True)}


def check_topbox(spec: Spec, study: Study) -> None:
    check_items(spec, study, scaled=True)
    check_by(spec, study)
    flat = [i for i in spec.items if not study.codebook.scale_of(i).top_box]
    if flat:
        raise spec.fail(f"item(s) {flat} are on scales without `top_box` in config/codebook.yaml; give their scale "
                        "a top_box (the codes that count as agreeing) or remove them from `items`.")


def compute_topbox(study: Study, design, spec: Spec) -> TopboxResult:
    """Items on the same scale in one pass; the top box as the scale's levels."""
    by = list(spec.by) or None
    groups: dict[tuple, list[str]] = {}
    dk_level: dict[str, object] = {}
    for item in spec.items:
        scale = study.codebook.scale_of(item)
        values, nonsub = level_values(study.responses[item], scale, study.language)
        top = tuple(v for v, lv in zip(values, scale.levels, strict=True) if lv.code in scale.top_box)
        groups.setdefault(top, []).append(item)
        if nonsub and item + DONT_KNOW in design.data:
            dk_level[item] = nonsub[0]
    frames = [topbox(design, items, top=top, by=by) for top, items in groups.items()]
    top_frame = pd.concat(frames, ignore_index=True)
    dk = dont_know_shares(design, dk_level, spec.by) if dk_level else top_frame.iloc[:0]
    return TopboxResult(top_frame, dk, tuple(spec.by))


def page_topbox(result: TopboxResult, spec: Spec, p: Presentation) -> PageTable:
    """Items × groups, "62,3 % [58,1; 66,4]", each group followed by its don't-know share."""
    from surveykit.report.html import EMPTY_MARK, topbox_table

    by = list(result.by)
    kinds: set[str] = set()

    def marked(frame: pd.DataFrame, variable: str | None = "variable") -> pd.DataFrame:
        """``frame`` labelled, each cell resting on no answer marked "not asked" / "no answers"."""
        marks = [""] * len(frame)
        zero = pd.to_numeric(frame["n"], errors="coerce").eq(0).fillna(False).to_numpy()
        for i in zero.nonzero()[0]:   # only rows resting on no answer can be marked (a large table has few)
            kind = p.empty_kind(frame.iloc[i:i + 1])
            marks[i] = p.text(kind) if kind else ""
            kinds.update([kind] if kind else [])
        return p.labelled(frame.assign(**{EMPTY_MARK: marks}), by, variable=variable)

    table = topbox_table(marked(result.topbox), by, p.language)
    dk_name, answers = None, {}
    if len(result.dont_know):
        # each question's don't-know shares on its own row: a question whose scale has no such
        # answer gets blank cells (the rows of the two tables are matched by question, the
        # columns by group, never by position)
        answers = dict(zip(result.dont_know["variable"], result.dont_know["level"], strict=True))
        dk_name = _dont_know_header(answers, p)
        shares = topbox_table(marked(result.dont_know, variable=None), by, p.language)
        share_row = {str(item): k for k, item in enumerate(shares.iloc[:, 0])}
        rows = [share_row.get(str(item)) for item in dict.fromkeys(result.topbox["variable"])]
        columns = [table.columns[0]]
        data = {table.columns[0]: table.iloc[:, 0]}
        for k, col in enumerate(table.columns[1:], start=1):
            data[col] = table.iloc[:, k]
            cells = [shares.at[r, col] if r is not None and col in shares else "" for r in rows]
            share = [c if c in {"", MISSING, *(p.text(x) for x in kinds)} else c.split(" ")[0] for c in cells]
            name = f"{dk_name} · {col}" if by else dk_name
            data[name] = share
            columns += [col, name]
        table = pd.DataFrame(data, columns=columns)
    groups = p.text("by_groups", groups=" × ".join(p.name(b) for b in by)) if by else ""
    head = f"{' '.join(x for x in (p.text('top_box'), groups) if x)}, {p.text('with_ci', level=95)}."
    several = len(set(answers.values())) > 1
    base = "" if not dk_name else f" {p.text('no_position_base')}." if several else \
        f" {p.text('substantive_base', dont_know=dk_name)}; {p.text('dont_know_base', dont_know=dk_name)}."
    caption = spec.caption_text(p.language) or head + base
    notes = tuple(p.text(f"{kind}_note") for kind in ("not_asked", "no_answers") if kind in kinds)
    if several:   # the neutral column's answer, question by question, as the codebook words it
        each = [p.text("answer_to", answer=p.value(item, answer), question=p.name(item)) for item, answer in answers.items()]
        notes = (p.text("no_position_note", answers=joined(each, p.language)), *notes)
    return PageTable(table, caption, notes).saying_dashes(p)


def _dont_know_header(answers: dict, p: Presentation) -> str:
    """The don't-know columns' header: the questions' answer as the codebook words it
    ("Vet inte/ej aktuellt") when they share it, else a neutral header whose note names each
    question's answer (one question's "Vet inte" is never headed by another's wording)."""
    shown = {p.value(item, answer) for item, answer in answers.items()}
    return shown.pop() if len(shown) == 1 else p.text("no_position")


KIND = Kind("topbox", check_topbox, compute_topbox, None, page_topbox)
