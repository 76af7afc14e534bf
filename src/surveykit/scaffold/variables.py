"""Questions of every wave matched into harmonised variables, named, and the site question found.

Example:
    >>> variables = harmonise([("1", columns_w1), ("2", columns_w2)], Registry())   # doctest: +SKIP
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from surveykit.scaffold.answers import as_number
from surveykit.scaffold.column import Column, other_text, short_label
from surveykit.scaffold.init import slug
from surveykit.scaffold.lexicon import norm, scale_answer
from surveykit.scaffold.multi import unify_option_labels
from surveykit.scaffold.scales import (
    DraftScale,
    Level,
    Registry,
    compatible,
    resolve,
    same_question_merge,
)
from surveykit.scaffold.words import (
    AGE,
    GENDER,
    GENDER_QUESTION,
    SITE_QUESTION,
    SITE_WORDS,
    gender_answers,
)

__all__ = ["Var", "choose_gender", "choose_site", "distinct_labels", "harmonise", "name_scales", "name_variables", "typed_texts"]

_ROLE_NAMES = {"status": "status", "finished": "finished", "progress": "progress", "completed": "completed",
               "submitted": "submitted", "started": "started", "channel": "distribution_channel",
               "lastpage": "last_page", "completion": "completion_status",
               "form_complete": "form_complete", "validation": "validation_status"}
# columns every study's responses have (a site's attributes and groupings are the study's: see name_variables)
_RESERVED = {"wave", "row", "weight", "municipality", "site_label"}


@dataclass
class Var:
    """A harmonised variable: its type, texts, scale and one source per wave."""

    type: str
    question: str
    label: str
    sources: dict[str, Column]
    scale: DraftScale | None = None
    review: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    name: str = ""
    role: str | None = None
    group: str | None = None
    other_of: Var | None = None
    typed: bool = False              # text: the parts of ``other_of``'s joined answers that are no option
    worded: bool = False   # its sources (may) ask it in other words: each gives its wave's `question:`
    weight: str | None = None        # "full" or "replicate": the export's weights, no question

    @property
    def pool(self) -> DraftScale | None:
        return resolve(self.scale)

    def columns(self) -> list[str]:
        return [c.column for c in self.sources.values()]


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def harmonise(scans: list[tuple[str, list[Column]]], registry: Registry) -> list[Var]:
    """Columns of every wave -> variables. A column of a later wave with the same header (and
    occurrence) as an earlier wave's question is that question (:func:`_join_twin`): one variable
    with the answers of every wave, also when the waves' answers were drafted as other kinds or
    on scales that cannot be one. Else it joins the earlier question with (85 % alike) question
    text, when their scales can be one; a question whose own header is in this wave is left to it."""
    variables: list[Var] = []
    by_column: dict[tuple[str, str], Var] = {}
    snapshots: dict[int, dict[Any, str]] = {}
    for wave, columns in scans:
        here = {(norm(c.column), c.occurrence) for c in columns}
        for col in columns:
            if col.scale is not None:
                snapshots[id(col)] = _codes(col)
                col.scale = registry.add(col.scale)
            twin = _twin(variables, wave, col)
            coded = _numbers_as_codes(variables, wave, col) if twin is None or twin.type != col.kind else None
            if coded is not None:
                by_column[(wave, col.column)] = coded
                continue
            if twin is not None and _join_twin(twin, wave, col, registry, snapshots):
                by_column[(wave, col.column)] = twin
                continue
            best, best_ratio = None, 0.0
            for var in variables:
                if wave in var.sources or var.type != col.kind or var.role != col.role or var.weight != col.weight:
                    continue
                last = list(var.sources.values())[-1]
                same_name = norm(last.column) == norm(col.column) and col.kind != "text" and last.occurrence == \
                    col.occurrence
                if not same_name and not col.role and (norm(last.column), last.occurrence) in here:
                    continue   # its own column is in this wave: a similar one is another question
                ratio = 1.0 if same_name or col.role else _similar(var.question, col.question)
                if ratio > best_ratio:
                    best, best_ratio = var, ratio
            if (best is not None and best_ratio >= 0.85 and col.kind in ("likert", "single")
                    and not _merge_scales(best, col, registry)):
                best_ratio = 0.84
            if best is not None and best_ratio >= 0.85:
                _add_source(best, wave, col, best_ratio)
                by_column[(wave, col.column)] = best
                continue
            var = Var(col.kind, col.question, col.label, {wave: col}, col.scale, list(col.review), _options(col),
                      role=col.role, group=col.group, weight=col.weight)
            if best is not None and best_ratio >= 0.6:
                # each source says how its wave asked the question, so that a moved one keeps its words
                var.worded = best.worded = True
                var.review.append(f"maybe the same question as wave {next(iter(best.sources))}'s "
                                  f"{best.question!r} ({best_ratio:.0%} alike): if so, move this source (with its "
                                  "`question:`, the words its wave asked) there")
            if col.other_of is not None:
                var.other_of = by_column.get((wave, col.other_of))
            variables.append(var)
            by_column[(wave, col.column)] = var
    for var in variables:   # waves whose scales joined in no certain order (scales.py, REVIEW): no means
        if var.type == "likert" and var.pool is not None and not var.pool.likert:
            var.type = "single"
        if var.type == "multi":   # an option one wave names by its label, another by its name (never chosen there)
            unify_option_labels(var)
        if var.type in _CHOICE:
            _recode_by_labels(var, snapshots)
        if var.type == "likert":
            _note_levels_not_offered(var, snapshots)
        elif var.type == "numeric":
            _note_number_ranges(var)
    return variables


def _note_levels_not_offered(var: Var, snapshots: dict[int, dict[Any, str]]) -> None:
    """A REVIEW note on ``var`` (a likert item of several waves) when a wave's file has no answer of a
    level (no value label in a file of codes, nobody giving it in a file of texts) that another wave's
    has: a 5-point scale in one wave and a 4-point one (no middle) in the next. Their means and top-box
    shares are on different scales, and their difference is no change of opinion."""
    pool = var.pool
    if pool is None or len(var.sources) < 2:
        return
    keys = {k: lv for k, lv in pool.all_keys().items() if any(lv is x for x in pool.levels)}
    offered: dict[str, list[str]] = {}
    for wave, col in var.sources.items():
        if id(col) not in snapshots:
            return
        found = {keys[k].labels[0] for k in snapshots[id(col)].values() if k in keys}
        offered[wave] = [lv.labels[0] for lv in pool.levels if lv.labels[0] in found]
    every = {lab for labs in offered.values() for lab in labs}
    lacking = {w: [lab for lab in every if lab not in labs] for w, labs in offered.items()}
    lacking = {w: sorted(labs, key=[lv.labels[0] for lv in pool.levels].index) for w, labs in lacking.items() if labs}
    for wave, labs in lacking.items():
        col = var.sources[wave]
        codes = [lv.code for lv in pool.levels if lv.labels[0] in offered[wave]]
        codes = [int(c) if isinstance(c, float) and c.is_integer() else c for c in codes]
        if col.coded and None not in codes:   # the file's value labels are the answers it offered
            col.offered = codes
            var.review.append(
                f"wave {wave}'s file offers no answer {', '.join(map(repr, labs))} (its value labels name "
                f"{len(offered[wave])} answers, {', '.join(map(repr, offered[wave]))}), which another wave's has: "
                f"its source says so (`offered: {codes}`), so a change or did of the waves is refused unless meant "
                "(`levels_differ: allow` in config/report.yaml); their means and top-box shares are on different "
                "scales. Or make each wave's question a variable of its own")
            continue
        say = f"`offered: {codes}`" if None not in codes else "`offered:` (the codes of the levels it offered)"
        var.review.append(
            f"wave {wave}'s file has no answer {', '.join(map(repr, labs))}, which another wave's has (wave {wave}: "
            f"{len(offered[wave])} answers, {', '.join(map(repr, offered[wave]))}): if wave {wave} did not offer it "
            "(a scale of other points), the waves' means and top-box shares are on different scales and their "
            f"difference is no change: say so on its source ({say}; a change or did of the waves is then refused "
            "unless meant), or make each wave's question a variable of its own; if it was offered and "
            "nobody chose it, delete this note")


_SCALE_TOP = 10   # whole numbers up to this: answers on a rating scale (1-5, 0-10), not an age or an amount
_UNIT_RATIO = 10  # one wave's largest answer this many times another's: another unit?


def _note_number_ranges(var: Var) -> None:
    """A REVIEW note on ``var`` (a number of several waves) when its waves' answers are small whole numbers
    over different ranges (1-5 in one wave, 0-10 in the next): a rating asked on another scale, whose
    means across the waves would compare a 1-5 score with a 0-10 one; or when one wave's largest
    answer is ten times another's or more (5-180 minutes beside 0.5-3 hours): another unit?"""
    spans = {w: c.valid for w, c in var.sources.items() if c.valid is not None}
    tops = [hi for _, hi in spans.values() if hi > 0]
    if len(tops) >= 2 and max(tops) >= _UNIT_RATIO * min(tops):   # minutes in one wave, hours in the next
        shown = "; ".join(f"wave {w}: {as_number(lo)} to {as_number(hi)}" for w, (lo, hi) in spans.items())
        var.review.append(f"the waves' largest answers differ {max(tops) / min(tops):.0f}-fold ({shown}): if the "
                          "waves asked in different units (minutes and hours, kroner and thousands), their means are "
                          "not comparable: make each wave's question a variable of its own, or `recode:` one wave's "
                          "answers to the other's unit; if the unit is the same, delete this note")
        return
    ranges = {w: c.valid for w, c in var.sources.items() if c.valid is not None and c.whole}
    if len(ranges) < 2 or max(hi for _, hi in ranges.values()) > _SCALE_TOP or len(set(ranges.values())) < 2:
        return
    lows = {lo for lo, _ in ranges.values()}
    highs = sorted({hi for _, hi in ranges.values()})
    if len(lows) == 1 and highs[-1] - highs[0] < 2:   # 1-4 beside 1-5: maybe nobody chose 5
        return
    shown = "; ".join(f"wave {w}: {as_number(lo)} to {as_number(hi)}" for w, (lo, hi) in ranges.items())
    var.review.append(f"the waves' answers are whole numbers over different ranges ({shown}): if the waves asked "
                      "on different scales (1-5 and 0-10), their means are not comparable and their difference is "
                      "no change: make each wave's question a variable of its own; if the scale is the same, "
                      "delete this note")


def _fits_scale(numbers: Column, scale: DraftScale | None) -> bool:
    """The whole numbers of ``numbers`` (a numeric column) are codes of ``scale``'s answers, and the
    texts it declared `missing` ("Ved ikke") are the scale's non-substantive answers."""
    if scale is None or not scale.ordered or not numbers.whole or numbers.valid is None:
        return False
    codes = [lv.code for lv in scale.levels]
    if not codes or any(not isinstance(c, int) or isinstance(c, bool) for c in codes):
        return False
    if codes != list(range(codes[0], codes[0] + len(codes))):
        return False
    lo, hi = numbers.valid
    nonsub = {norm(x) for lv in scale.nonsub for x in lv.labels} | {lv.code for lv in scale.nonsub}
    return (codes[0] <= lo and hi <= codes[-1]
            and all((norm(m) if isinstance(m, str) else m) in nonsub for m in numbers.missing))


def _numbers_as_codes(variables: list[Var], wave: str, col: Column) -> Var | None:
    """An earlier question with ``col``'s very words, drafted as a scale of numbered answers in one
    wave (SPSS: 0 = "Slet ikke sandsynligt", 1 ... 9, 10 = "Meget sandsynligt") and as plain
    numbers in another (a spreadsheet holding 0 ... 10 and "Ved ikke"): one question, on the scale,
    whose codes are the numbers (the kind that holds every wave's answers), with a REVIEW note.
    None when there is no such question."""
    if col.kind not in ("numeric", *_CHOICE) or col.role or col.weight:
        return None
    for var in variables:
        if (wave in var.sources or var.role or var.weight or norm(var.question) != norm(col.question)
                or {var.type, col.kind} not in ({"numeric", "likert"}, {"numeric", "single"})):
            continue
        scale = var.scale if col.kind == "numeric" else col.scale
        numbers = [col] if col.kind == "numeric" else list(var.sources.values())
        if not all(_fits_scale(c, resolve(scale)) for c in numbers):
            continue
        kind = var.type if col.kind == "numeric" else col.kind
        before = ", ".join(c.wave for c in [*var.sources.values(), col] if c.kind == "numeric")
        for c in numbers:
            c.kind, c.scale, c.missing, c.valid, c.whole, c.review = kind, scale, [], None, False, []
        if var.type == "numeric":
            var.review = []
        var.type, var.scale = kind, scale
        var.review.append(f"wave(s) {before} hold(s) this question's answers as plain numbers, the others as the "
                          "scale's numbered answers: one question on the scale, the numbers read as its codes (and "
                          "the texts declared `missing` there as its non-substantive answers); check that every wave "
                          "offered the same answers")
        _add_source(var, wave, col, 1.0)
        return var
    return None


def _add_source(var: Var, wave: str, col: Column, ratio: float) -> None:
    """``col`` as ``var``'s source in ``wave`` (matched with ``ratio``: 1 = by its column), with its words and notes."""
    var.sources[wave] = col
    if norm(var.question) != norm(col.question) and not col.role:   # each wave's words, for the report
        var.worded = True
        if ratio == 1:
            var.review.append(f"wave {wave} asks it in other words: {col.question!r} (each source's "
                              "`question:` holds its wave's words; the report says the wording changed)")
    if ratio < 1 and norm(var.question) != norm(col.question):
        var.review.append(f"matched across waves by similar question text ({ratio:.0%}): "
                          f"wave {wave} asks {col.question!r}")
    var.options += [o for o in _options(col) if o not in var.options]
    _add_review(var, wave, col.review)


_HEADERLESS = re.compile(r"column_\d+")   # a reader's name for a column without a header


def _twin(variables: list[Var], wave: str, col: Column) -> Var | None:
    """The earlier waves' question whose column has ``col``'s header (and occurrence), not yet given
    a source in ``wave``: the same column of the export, asked again. A column without a header
    (``column_3``), or one whose question differs when its kind does too, has none."""
    for var in variables:
        if wave in var.sources or var.role != col.role or var.weight != col.weight or var.typed:
            continue
        last = list(var.sources.values())[-1]
        if norm(last.column) != norm(col.column) or last.occurrence != col.occurrence:
            continue
        same_words = norm(var.question) == norm(col.question)
        if var.type != col.kind and (not same_words or _HEADERLESS.fullmatch(str(col.column))):
            return None
        return var
    return None


_CHOICE = ("likert", "single")


def _join_twin(var: Var, wave: str, col: Column, registry: Registry, snapshots: dict[int, dict[Any, str]]) -> bool:
    """``col`` (``wave``'s column of ``var``'s header) joined to ``var``: one variable. Answers
    drafted as other kinds in different waves take the kind that holds all of them (text over
    everything; a multi-select when the single choice's answers are all its options; a single
    choice over a likert item); answers on scales that cannot be one (a code meaning another
    answer in each file) get one unordered scale of every wave's answers by text, each file's
    codes recoded to it. Each with a REVIEW note. False when they cannot be one variable (a
    multi-select of one column per option beside another kind; the respondent id)."""
    kinds = {var.type, col.kind}
    if len(kinds) > 1 and (kinds & {"id", "site"} or col.columns
                           or any(c.columns for c in var.sources.values())):
        return False
    before = f"{'/'.join(dict.fromkeys(c.kind for c in var.sources.values()))} in wave(s) {', '.join(var.sources)}"
    if kinds <= set(_CHOICE):
        if not _merge_scales(var, col, registry):
            _unite(var, wave, col, registry, snapshots)
        elif len(kinds) > 1:
            var.type = "likert" if var.pool is not None and var.pool.likert else "single"
            var.review.append(f"drafted {before} and {col.kind} in wave {wave}: one variable, "
                              f"{var.type} on the scale they share")
    elif len(kinds) > 1:
        drafted = col.kind
        multi = _as_multi(var, col)
        kind = "multi" if multi else "text"
        changed = [c for c in [*var.sources.values(), col] if c.kind != kind]
        stale = {n for c in changed for n in c.review}   # notes on the options or levels of another kind
        var.review = [n for n in var.review if n not in stale]
        for c in changed:
            c.review = []
            if multi:
                c.kind, c.separator, c.scale, c.recode = "multi", multi, None, {}
            else:
                c.kind, c.columns, c.separator, c.recode, c.scale = "text", None, None, {}, None
        var.type, var.scale = kind, None
        if multi:
            why = (f"every answer of the single choice is one of its options, so each wave is read as options "
                   f"joined by {multi!r}")
        else:
            why = ("free text keeps every answer of every wave and publishes none; make it the other kind (with a "
                   "scale or options that hold every wave's answers) if they are its answers")
        var.review.append(f"the same column is drafted {before} and {drafted} in wave {wave}: one {kind} "
                          f"variable, the kind that holds the answers of every wave ({why})")
    _add_source(var, wave, col, 1.0)
    if var.type == "text":
        var.options = []
    return True


def _merge_scales(var: Var, col: Column, registry: Registry) -> bool:
    """``col``'s scale joined to ``var``'s (:func:`same_question_merge`: the same question in another
    wave). A join that changes the levels (a level renamed, one wave's answers not the other's) is made
    on copies, given to ``var`` and its sources only: the scales are shared with other questions of the
    same answers, which would otherwise all take this question's new levels (one reworded answer of
    one question made every other question on its scale an unordered single choice, without means)."""
    keep, other = resolve(var.scale), resolve(col.scale)
    if keep is None or other is None or keep is other or compatible(keep, other) or compatible(other, keep):
        return same_question_merge(keep, other)
    keep, other = copy.deepcopy(keep), copy.deepcopy(other)
    if not same_question_merge(keep, other):
        return False
    joined = registry.add(resolve(keep))
    for c in [*var.sources.values(), col]:
        c.scale = joined
    var.scale = joined
    return True


def _as_multi(var: Var, col: Column) -> str | None:
    """The separator when one of ``var`` and ``col`` is a multi-select of joined options and the
    other a single choice whose answers are all its options, else None."""
    multi = [c for c in [*var.sources.values(), col] if c.kind == "multi"]
    single = [c for c in [*var.sources.values(), col] if c.kind in _CHOICE]
    kinds = {c.kind for c in [*var.sources.values(), col]}
    if not multi or not single or kinds - {"multi", *_CHOICE} or len({c.separator for c in multi}) != 1:
        return None
    options = {norm(o) for c in multi for o in _options(c)}
    for c in single:
        scale = resolve(c.scale)
        if scale is None or any(lv.seen and lv.key not in options for lv in scale.levels):
            return None
    return multi[0].separator


def _codes(col: Column) -> dict[Any, str]:
    """The answer (:func:`norm` of its text) each code of the file means in ``col``, before any join:
    ``col.recode`` (a file coded high -> low) taken into account."""
    scale = col.scale
    own = {lv.code: lv.key for lv in [*scale.levels, *scale.nonsub] if lv.labels}
    if col.recode:   # the answers' scores; a "Don't know" keeps the file's code
        return {**{f: own[s] for f, s in col.recode.items() if s in own},
                **{lv.code: lv.key for lv in scale.nonsub if lv.labels and lv.code not in col.recode}}
    return own


def _shown_codes(codes: dict[Any, str], labels: dict[str, str]) -> str:
    """A wave's codes of the answers ``labels`` names, its first and last (``1 = 'Very satisfied' ... 5 = 'Very
    dissatisfied'``; a "Don't know" left out)."""
    pairs = [f"{_number(f)} = {labels.get(k, k)!r}" for f, k in sorted(codes.items(), key=lambda fk: _order(fk[0]))
             if k in labels]
    return ", ".join(pairs) if len(pairs) <= 3 else f"{pairs[0]} ... {pairs[-1]}"


def _order(code: Any) -> tuple:
    return (0, code, "") if isinstance(code, int | float) else (1, 0, str(code))


def _number(code: Any) -> str:
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)


def _recode_by_labels(var: Var, snapshots: dict[int, dict[Any, str]]) -> None:
    """Each wave's file codes (SPSS value labels) read as the levels their labels name, never by
    number: a wave that numbers the answers differently from the scale's codes (1 = 'Very
    satisfied' in one file, 5 = 'Very satisfied' in the next; 1..4 in one, 0..3 in the next)
    gets `recode:` from its codes to the levels, with a REVIEW note saying so. Waves whose labels
    share no answer at all (other wordings), or whose renumbered codes include some without a
    label (only the number would say which answer they are), cannot be one scale: the question
    is kept as text, with a REVIEW note. A code whose label is no answer of the scale is left as
    it is (the draft's check keeps the question as text, saying why)."""
    pool = var.pool
    coded = {w: c for w, c in var.sources.items() if c.coded and id(c) in snapshots}
    if pool is None or not coded:
        return
    levels = {norm(x): lv for lv in pool.levels for x in lv.labels}
    keys = pool.all_keys()
    texts = {norm(x): lv.labels[0] for lv in pool.levels for x in lv.labels}   # the answers, shown
    answers = {w: {k for k in snapshots[id(c)].values() if k in levels} for w, c in coded.items()}
    waves = list(answers)
    apart = [(a, b) for i, a in enumerate(waves) for b in waves[i + 1:] if answers[a] and answers[b]
             and not answers[a] & answers[b]]
    if apart:
        a, b = apart[0]
        shown = "; ".join(f"wave {w}: {_shown_codes(snapshots[id(coded[w])], texts)}" for w in (a, b))
        _as_text(var, f"the waves' value labels name different answers ({shown}): no answer of wave {a} is one of "
                      f"wave {b} by its text, and codes are never matched by their number, so they cannot be one "
                      "scale: kept as text (no table shows it). If they are the same answers in other words, make it "
                      "`single` (or `likert`) on one scale with the other wave's words as `aliases`, and `recode:` "
                      "each wave whose codes differ from the scale's")
        return
    plans: dict[str, dict[Any, Any]] = {}
    for w, c in coded.items():
        plan = {}
        for f, k in snapshots[id(c)].items():
            if k not in keys:
                return   # an answer the scale does not know: the check says so
            if keys[k].code is not None:   # a "Don't know" without a code yet gets one later (DraftScale.finish)
                plan[f] = keys[k].code
        plans[w] = plan
    numbered: dict[str, dict[Any, str]] = {}   # per wave: the file's code of each answer
    for w, c in coded.items():
        numbered[w] = {k: f for f, k in snapshots[id(c)].items()}
    moved = [w for w in coded if any(numbered[w].get(k) != numbered[v].get(k) for v in coded if v != w
                                     for k in set(numbered[w]) & set(numbered[v]) if k in levels)]
    changed = [w for w, c in coded.items() if any(c.recode.get(f, f) != code for f, code in plans[w].items())]
    if not moved and not changed:
        return
    blind = {w: [f for f, k in snapshots[id(coded[w])].items() if k in levels and k == norm(_number(f))]
             for w in [*moved, *changed]}
    blind = {w: codes for w, codes in blind.items() if codes}
    if blind:
        w, codes = next(iter(blind.items()))
        shown = "; ".join(f"wave {v}: {_shown_codes(snapshots[id(coded[v])], texts)}" for v in coded)
        _as_text(var, f"the waves number the answers differently ({shown}) and wave {w}'s codes "
                      f"{[_number(f) for f in codes]} have no value label: only their number would say which answer "
                      "they are, and codes are never matched by number across waves that number differently, so it "
                      "is kept as text (no table shows it). Give it one scale and `recode:` each wave's codes to its "
                      "levels from the questionnaires")
        return
    every = {norm(x): lv.labels[0] for lv in [*pool.levels, *pool.nonsub] for x in lv.labels}
    moves = "; ".join(f"wave {w}: " + ", ".join(f"{_number(f)} = {every.get(k, k)!r} -> {_number(plans[w][f])}"
                                               for f, k in snapshots[id(coded[w])].items()
                                               if f in plans[w] and coded[w].recode.get(f, f) != plans[w][f])
                      for w in changed)
    subst = {lv.code for lv in pool.levels}
    for w, c in coded.items():
        plan = plans[w]
        if all(f == code for f, code in plan.items()):
            c.recode = {}
        else:   # every answer's code, and a non-substantive one ("Don't know") only when it moves
            c.recode = {f: code for f, code in plan.items() if code in subst or f != code}
    shown = "; ".join(f"wave {w}: {_shown_codes(snapshots[id(coded[w])], texts)}" for w in coded)
    recoded = [w for w, c in coded.items() if c.recode]
    what = (f"the waves number these answers differently ({shown})" if moved else
            f"the file of wave(s) {', '.join(changed)} codes some of these answers otherwise than the scale ({moves})")
    var.review.append(f"{what}: each wave's codes are matched to the levels by their value labels (the same text "
                      "after case, spaces and punctuation), never by their number"
                      + (f"; `recode:` of wave(s) {', '.join(recoded)} maps that file's codes to the levels"
                         if recoded else "")
                      + ". Check them against each wave's questionnaire")


def _as_text(var: Var, note: str) -> None:
    """``var`` kept as free text (no scale, no recode), with ``note``."""
    var.type, var.scale, var.options = "text", None, []
    for c in var.sources.values():
        c.kind, c.columns, c.separator, c.recode, c.scale = "text", None, None, {}, None
    stale = {n for c in var.sources.values() for n in c.review}
    var.review = [n for n in var.review if n not in stale and "cannot share one scale" not in n]
    var.review.append(note)


def _unite(var: Var, wave: str, col: Column, registry: Registry, snapshots: dict[int, dict[Any, str]]) -> None:
    """``var``'s scale and ``col``'s, which cannot be one scale, as a new unordered scale of the
    answers of both by text (neither is changed: other questions may share them): the earlier
    waves' levels with their codes, then ``col``'s new answers, each with its own code when it is
    free, else a new one. A number the file skipped (a gap in numbered answers: no answer) is left
    out. Sources holding the file's codes get `recode:` from their codes to the new ones."""
    old, new = resolve(var.scale), resolve(col.scale)
    levels: list[Level] = []
    by_key: dict[str, Level] = {}
    taken = {lv.code for lv in old.nonsub}
    for lv in [*old.levels, *new.levels]:
        if not lv.seen and lv.labels == [str(lv.code)]:
            continue
        mine = next((by_key[norm(x)] for x in lv.labels if norm(x) in by_key), None)
        if mine is None:
            mine = Level(lv.code if lv.code not in taken else None, [], False)
            taken.add(mine.code)
            levels.append(mine)
        for lab in lv.labels:
            mine.add(lab)
            by_key.setdefault(norm(lab), mine)
        mine.seen = mine.seen or lv.seen
    spare = max((c for c in taken if isinstance(c, int | float)), default=0) + 1
    for lv in levels:
        if lv.code is None:
            lv.code, spare = spare, spare + 1
    if all(isinstance(lv.code, int | float) for lv in levels):
        levels.sort(key=lambda lv: lv.code)
    united = DraftScale(levels, False, fixed=old.fixed or new.fixed)
    for lv in [*old.nonsub, *new.nonsub]:   # a code that is an answer's here: another one (finish)
        united.join_nonsub(Level(lv.code if lv.code not in {x.code for x in levels} else None, list(lv.labels)))
    united.finish()
    var.type = "single"
    keys = united.all_keys()
    recoded = []
    for w, c in [*var.sources.items(), (wave, col)]:
        if not c.coded or id(c) not in snapshots:
            c.recode = {}
            continue
        recode = {f: keys[k].code for f, k in snapshots[id(c)].items() if k in keys}
        c.recode = recode if any(f != code for f, code in recode.items()) else {}
        recoded += [w] if c.recode else []
    united.note(f"the same column's answers in wave(s) {', '.join([*var.sources, wave])} cannot share one scale as "
                "drafted (their codes or their order disagree): the levels are the answers of every wave, each text "
                "once, unordered" + (f"; the codes of wave(s) {', '.join(recoded)} are recoded to them (`recode:`)"
                                     if recoded else "")
                + ". If the answers are ordered, list the levels low -> high, remove `ordered: false` and make the "
                "question `likert`")
    var.scale = col.scale = registry.add(united)


_ALSO = re.compile(r" \[its counts and examples are wave \S+'s; the same holds for wave\(s\) (?P<waves>[^\]]+), "
                   r"with their own\]$")


def _note_key(note: str) -> str:
    """A REVIEW note without its counts, quoted answers and wave list: the same note of another wave."""
    note = _ALSO.sub("", note)
    return re.sub(r"\s+", " ", re.sub(r"\d+|'[^']*'|\"[^\"]*\"|\([^()]*\)", "", note)).strip()


def _add_review(var: Var, wave: str, notes: list[str]) -> None:
    """``notes`` of ``wave``'s source added to ``var``'s: a note already there for an earlier wave with
    other counts or examples (the typed-in note of each wave) is said once, naming the waves it holds
    for too, not repeated once per wave."""
    for note in notes:
        if note in var.review:
            continue
        key = _note_key(note)
        at = next((i for i, r in enumerate(var.review) if _note_key(r) == key), None)
        if at is None:
            var.review.append(note)
            continue
        old = var.review[at]
        m = _ALSO.search(old)
        waves = [*m.group("waves").split(", "), wave] if m else [wave]
        first = next(iter(var.sources))
        var.review[at] = (_ALSO.sub("", old) + f" [its counts and examples are wave {first}'s; the same holds for "
                          f"wave(s) {', '.join(waves)}, with their own]")


TYPED_NOTE = ("the texts respondents typed in to {q!r} (the parts of its answers that are none of its options, "
              "which it counts under its `other` option): kept here as free text (`other_of`), so no answer is "
              "dropped; e-mail addresses, phone numbers and names in them are masked in data/processed as in all "
              "free text. Delete this variable if the typed texts are not wanted")


def typed_texts(variables: list[Var]) -> bool:
    """A free-text variable after each multi-select read from joined answers that hold typed-in
    parts (none of its options: Google Forms' and Microsoft Forms' "Other" box): the typed
    texts are kept, not only counted under `other`. Named ``<question>_other`` when the
    variables have names; one whose multi-select was made text (its whole answers kept) is
    removed. True when one was added or removed."""
    gone = [v for v in variables if v.typed and (v.other_of is None or v.other_of.type != "multi")]
    for v in gone:
        variables.remove(v)
    have = {id(v.other_of) for v in variables if v.typed}
    used = {v.name for v in variables if v.name}
    added, i = bool(gone), 0
    while i < len(variables):
        var = variables[i]
        i += 1
        joined = {w: c for w, c in var.sources.items() if c.kind == "multi" and not c.columns and c.other}
        if var.type != "multi" or id(var) in have or not joined:
            continue
        sources = {}
        for w, c in joined.items():
            sources[w] = other_text(w, c.column, var.question, c.column)
            sources[w].header, sources[w].occurrence = c.header, c.occurrence
        first = next(iter(sources.values()))
        text = Var("text", first.question, first.label, sources, review=[TYPED_NOTE.format(q=var.label)],
                   other_of=var, typed=True)
        if used:
            base, k = f"{slug(var.label, 20)}_other", 2
            text.name = base
            while text.name in used:
                text.name, k = f"{base}_{k}", k + 1
            used.add(text.name)
        variables.insert(i, text)
        added = True
    return added


def _options(col: Column) -> list[str]:
    if col.columns:
        return list(col.columns)
    return list(col.options)


def choose_site(variables: list[Var]) -> Var | None:
    """The question asking which library / service centre the respondent uses, if one does."""
    best, best_score = None, 0.0
    for var in variables:
        pool = var.pool
        if var.type != "single" or pool is None or pool.ordered or not 2 <= len(pool.levels) <= 80:
            continue
        labels = [lv.labels[0] for lv in pool.levels]
        if sum(map(scale_answer, labels)) * 2 >= len(labels):   # "Hvor fornøyd er du med biblioteket?": no site
            continue
        share = sum(bool(SITE_WORDS.search(x)) for x in labels) / len(labels)
        asks = bool(SITE_WORDS.search(var.question) and SITE_QUESTION.search(var.question))
        score = share + (1.0 if asks else 0.0)
        if score > best_score and (asks or share >= 0.5):
            best, best_score = var, score
    return best


GENDER_LONG = 100  # a question text longer than this that mentions gender may be about something else


def _answer_labels(var: Var) -> list[str]:
    pool = var.pool
    return [] if pool is None else [lv.labels[0] for lv in [*pool.levels, *pool.nonsub] if lv.labels]


def choose_gender(variables: list[Var]) -> Var | None:
    """The gender question: a single choice whose answers are a gender question's (Female / Male
    / Non-binary / Prefer not to say, Kvinne / Mann / Annet ...; :func:`.words.gender_answers`)
    and whose text names gender ("Gender", "What is your gender?", "Which of the following best
    describes your gender identity?"), the shortest-worded first. A consent text that mentions
    "gender, age ..." answered "I consent" is none. When unsure it names none and says why in a
    REVIEW note: a question about gender whose answers the draft does not know, or answers of a
    gender question under a text that does not name gender.

    >>> from surveykit.scaffold.scales import Level
    >>> a = Var("single", "Which of the following best describes your gender identity?", "", {})
    >>> a.scale = DraftScale([Level(1, ["Female"]), Level(2, ["Male"])], False)
    >>> choose_gender([a]) is a
    True
    """
    singles = [v for v in variables if v.type == "single" and v.pool is not None]
    answers = {id(v): gender_answers(_answer_labels(v)) for v in singles}

    def about(v: Var) -> bool:   # the text is about gender, not a long one mentioning it in passing
        text = " ".join(v.question.split())
        return bool(GENDER.search(text) and (len(text) <= GENDER_LONG or GENDER_QUESTION.match(text)))

    named = [v for v in singles if answers[id(v)] and GENDER.search(v.question)]
    named.sort(key=lambda v: (not about(v), variables.index(v)))
    chosen = named[0] if named else None
    for v in singles:
        if v is chosen or not about(v) or answers[id(v)]:
            continue
        shown = ", ".join(repr(x) for x in _answer_labels(v)[:5])
        v.review.append(f"its text asks for gender but its answers ({shown}) are not those of a gender question "
                        "the draft knows, so it is not named `gender`: if it is the respondent's gender, rename it "
                        "`gender` (weighting margins and the report's breakdowns refer to that name)")
    if chosen is None:
        alike = [v for v in singles if answers[id(v)]]
        if alike:
            shown = ", ".join(repr(x) for x in _answer_labels(alike[0])[:5])
            alike[0].review.append(f"its answers ({shown}) are those of a gender question but its text does not name "
                                   "gender, so it is not named `gender`: if it asks for the respondent's gender, "
                                   "rename it `gender` (weighting margins and the report's breakdowns refer to that "
                                   "name)")
    return chosen


def name_variables(variables: list[Var], site: Var | None, reserved: Iterable[str] = ()) -> None:
    """Short unique snake_case names: the tool's columns and respondent_id, site, gender, age first
    (screening rules and the report refer to these), then the rest from their labels. A name of
    ``reserved`` (the site attributes and groupings the study configures: columns of the
    responses too) gets ``_answer`` added, as do the responses' own columns (wave, weight, ...)."""
    used: set[str] = set()
    taken = _RESERVED | set(reserved)

    def take(var: Var, base: str) -> None:
        if base in taken:
            base = f"{base}_answer"
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        var.name = name

    for var in variables:
        if var.type == "id" and "respondent_id" not in used:
            take(var, "respondent_id")
        elif var.role:
            take(var, _ROLE_NAMES.get(var.role, var.role))
        elif var is site:
            take(var, "site")
    gender = choose_gender([v for v in variables if not v.name])
    for var in variables:
        if var.name:
            continue
        if var is gender and "gender" not in used:
            base = "gender"
        elif var.type == "numeric" and AGE.match(var.question.strip()) and "age" not in used:
            base = "age"
        elif var.type == "single" and AGE.match(var.question.strip()) and "age_group" not in used:
            base = "age_group"
        elif var.other_of is not None:
            base = f"{slug(var.other_of.label, 20)}_other"
        else:
            words = var.label if var.group or var.label != var.question else var.question
            base = slug(words, 28)
            if base in used | taken:   # 'agricultural_production_other' cut to another's name: its words, longer
                base = slug(words, 40)
        take(var, base)


_SENTENCE = re.compile(r"(?<=[.?!:])\s+")


def distinct_labels(variables: list[Var]) -> None:
    """Questions that share their first sentence (an intro repeated before each: "This question
    will ask you for ... . Question: what is your name?") got the same label, so two figures or
    table rows would read alike: each is labelled by what is left after the sentences they share;
    or else by the whole question when it is short enough (160 characters); when neither tells
    them apart (the same question twice), each gets its column's name (or number) in brackets and a
    REVIEW note. Grid rows are labelled by their row and are left alone, but for rows of two grids
    asked in the same words (a grid repeated, Qualtrics' Q3 and Q4 "Indicate how you feel about the
    following vegetables"), which are the same question twice and get the brackets too.

    >>> a = Var("single", "Think of your last visit. Were the staff helpful?", "Think of your last visit.", {})
    >>> b = Var("single", "Think of your last visit. Were the opening hours right?", "Think of your last visit.", {})
    >>> distinct_labels([a, b]); a.label, b.label
    ('Were the staff helpful?', 'Were the opening hours right?')
    """
    by_label: dict[object, list[Var]] = {}
    for var in variables:
        if var.other_of is None and var.type not in ("id", "date", "site") and not var.role:
            key = var.label.casefold() if var.group is None else (var.label.casefold(), norm(var.question))
            by_label.setdefault(key, []).append(var)
    taken = {var.label.casefold() for var in variables}
    for same in by_label.values():
        if len(same) < 2:
            continue
        parts = [_SENTENCE.split(" ".join(v.question.split())) for v in same]
        k = 0
        while all(len(p) > k + 1 for p in parts) and len({p[k].casefold() for p in parts}) == 1:
            k += 1
        tried = [[short_label(" ".join(p[k:])) for p in parts]] if k else []
        tried.append([short_label(" ".join(p), 160) for p in parts])  # the whole question, if short
        new = next((t for t in tried if len({x.casefold() for x in t}) == len(t)
                    and not taken & {x.casefold() for x in t}), None)
        if new is not None:
            for var, label in zip(same, new, strict=True):
                var.label = label
            continue
        # the same question text twice (BES "pidWeThey" and "pidWeTheyb"): a report refuses items of one
        # entry sharing a label, so each gets its column's name in brackets (or its number among them when
        # the column is the question text itself: "Q" and "Q.1"), and a REVIEW note
        columns = [_column_name(next(iter(v.sources.values()))) for v in same]
        named = not any(c.casefold().startswith(same[0].label.casefold()[:40]) for c in columns)
        for i, (var, column) in enumerate(zip(same, columns, strict=True)):
            others = [c for c in columns if c != column]
            tag = column if named else str(i + 1)
            label, k = f"{var.label} ({tag})", 2
            while label.casefold() in taken:
                label, k = f"{var.label} ({tag}, {k})", k + 1
            taken.add(label.casefold())
            what = "the column's name" if named else "its number among them"
            apart = [v for v in same if v is not var]
            if all(not set(v.sources) & set(var.sources) for v in apart):   # never asked in one wave together
                kinds = ", ".join(f"{v.type} in wave(s) {', '.join(v.sources)}" for v in [var, *apart])
                var.review.append(f"the question text is the same as that of the question(s) in column(s) {others}, "
                                  f"asked in other waves ({kinds}): likely one question the waves' files hold in "
                                  "different forms. If so, move this variable's sources into the other (as one kind "
                                  "that holds every wave's answers) and delete this one; if not, give each a label "
                                  f"that says what tells them apart (the draft added {what}: {label!r})")
            else:
                var.review.append(f"the question text is the same as that of the question(s) in column(s) {others}, "
                                  f"so the draft added {what} to the label ({label!r}): give each a label that says "
                                  "what tells them apart (figures and tables show the label)")
            var.label = label


def _column_name(col: Column) -> str:
    """A question's column: a multi-select group's columns by the part they share ("Q5_1" of
    "Q5_1_1", "Q5_1_2", "Q5_1_-1"), not its first option's."""
    if col.columns:
        names = [str(c) for c in col.columns.values()]
        shared = next((names[0][:k] for k in range(min(map(len, names)), 0, -1)
                       if all(n.startswith(names[0][:k]) for n in names)), "").rstrip("_-.: ")
        if shared:
            return shared
    return str(col.column)


def name_scales(scales: list[DraftScale], variables: list[Var]) -> None:
    """Scale names from their family and size (agree5, yes_no, scale_1_5) or their first variable."""
    used: set[str] = set()
    for scale in scales:
        if scale.family == "yes_no":
            base = "yes_no"
        elif scale.family == "numbered":
            codes = [lv.code for lv in scale.levels]
            base = f"scale_{_code(min(codes))}_{_code(max(codes))}"
        elif scale.family and scale.family != "ordinal" and scale.ordered:
            base = f"{slug(scale.family, 20)}{len(scale.levels)}"
        else:
            base = next((v.name for v in variables if v.pool is scale), "scale")
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        scale.name = name


def _code(value: Any) -> str:
    return str(value).replace("-", "m").replace(".", "_")
