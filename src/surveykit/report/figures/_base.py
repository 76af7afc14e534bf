"""What every figure kind shares: the kind record, its checks against the study, the page table.

A kind is one module with a frozen result value, ``check_<kind>(spec, study)``,
``compute_<kind>(study, design, spec) -> result`` and ``draw_<kind>(result, presentation)
-> Figure``; this module holds the record that registers them, and the checks most kinds
share. Nothing here imports matplotlib.

Example:
    >>> Kind("demo", check=lambda s, st: None, compute=lambda st, d, s: None).draws
    False
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from surveykit.errors import ConfigError, SurveykitError
from surveykit.report.spec import Spec
from surveykit.study import Study

__all__ = ["LEVELS_DIFFER", "Kind", "PageTable", "check_by", "check_columns", "check_items", "check_offered",
           "check_waves", "estimation_error", "group_columns", "takes_no_by", "unordered_message", "warn_not_asked", "warn_undrawable"]


@dataclass(frozen=True)
class PageTable:
    """A table formatted for the page, with its caption (and a footnote under it)."""

    frame: pd.DataFrame
    caption: str
    notes: tuple[str, ...] = ()

    def saying_dashes(self, p) -> PageTable:
        """This table, its footnote saying what "–" means when a cell shows it (a topbox or DiD
        table's dashes were explained nowhere on the page)."""
        from surveykit.labels import MISSING

        dashed = self.frame.map(lambda v: isinstance(v, str) and v.startswith(MISSING)).to_numpy().any()
        if not dashed or any(n.startswith(MISSING) for n in self.notes):
            return self
        return PageTable(self.frame, self.caption, (*self.notes, f"{MISSING}  {p.suppressed_text()}"))


@dataclass(frozen=True)
class Kind:
    """A figure or table kind: its check, its computation, its drawing, its page table."""

    name: str
    check: Callable[[Spec, Study], None]
    compute: Callable[[Study, Any, Spec], Any]
    draw: Callable[[Any, Any], Any] | None = None
    page: Callable[[Any, Spec, Any], PageTable | None] | None = None
    # what to change in config/report.yaml when the estimation of an entry fails (see :func:`estimation_error`)
    advice: Callable[[Spec], str] | None = None
    # the waves a result's numbers rest on, when not every wave (a change or a did: the two it compares)
    waves: Callable[[Any], Sequence[str]] | None = None
    # the estimates a figure shows (a result frame with `n`): its footer gives their n, not the study's
    shown: Callable[[Any], pd.DataFrame] | None = None

    @property
    def draws(self) -> bool:
        return self.draw is not None


def group_columns(study: Study) -> list[str]:
    """The columns a recipe may group by: the wave, the site's attributes and groupings, and
    the categorical variables of the codebook."""
    r = study.responses
    cats = [c for c in r.columns if isinstance(r[c].dtype, pd.CategoricalDtype) or str(r[c].dtype) in ("string", "boolean")]
    return [c for c in cats if not c.endswith("__dk") and c not in ("respondent_id",)]


def check_columns(spec: Spec, study: Study, columns: Sequence[str], key: str) -> None:
    """Every one of ``columns`` (named at ``key``) must be a column of the responses."""
    missing = [c for c in columns if c not in study.responses]
    if missing:
        hint = ", ".join(group_columns(study))
        raise spec.fail(f"`{key}` names {missing}, which the study's responses do not have. Use columns such as "
                        f"{hint} (site attributes and groupings come from `sites` in surveykit.yaml).")


def check_by(spec: Spec, study: Study, *, at_most: int | None = None, at_least: int = 0) -> None:
    """``by`` names existing columns, between ``at_least`` and ``at_most`` of them."""
    if len(spec.by) < at_least:
        raise spec.fail(f"kind `{spec.kind}` needs `by` with at least {at_least} grouping column(s) (e.g. by: "
                        f"[{', '.join(group_columns(study)[:2]) or 'wave'}]); add it in config/report.yaml.")
    if at_most is not None and len(spec.by) > at_most:
        raise spec.fail(f"kind `{spec.kind}` takes at most {at_most} grouping column(s) in `by`; got {list(spec.by)}.")
    check_columns(spec, study, spec.by, "by")


def check_items(spec: Spec, study: Study, *, types: Sequence[str] = (), scaled: bool = False,
                numeric: bool = False, ordered: bool = False) -> None:
    """``items`` is given and every item fits the kind (its type; on a scale; or numeric). A
    ``numeric`` kind scores a scaled item by its codes, and an ``ordered`` kind draws its answers
    from pole to pole: both refuse an item on an unordered scale (gender, municipality)."""
    if not spec.items:
        raise spec.fail(f"kind `{spec.kind}` needs `items` (variables from config/codebook.yaml).")
    for name in spec.items:
        var = study.codebook.variable(name)
        ok = (not types or var.type in types) and (not scaled or bool(var.scale))
        if numeric:
            ok = bool(var.scale) or var.type == "numeric"
        if not ok:
            wanted = ("on a scale or numeric" if numeric else "on a scale" if scaled else f"of type {'/'.join(types)}")
            hint = (" For the shares of a single choice without a scale (a derived grouping such as age_group), "
                    "use a table of `kind: table` (its default stat is share)."
                    if scaled and var.type == "single" and not var.scale else "")
            raise spec.fail(f"item {name!r} is a {var.type} variable; kind `{spec.kind}` needs items {wanted}. "
                            f"Remove it from `items` in config/report.yaml.{hint}")
        if (numeric or ordered) and var.scale and not study.codebook.scales[var.scale].ordered:
            raise spec.fail(unordered_message(spec, name, var.scale, "scored" if numeric else "poles"))


def unordered_message(spec: Spec, name: str, scale: str, why: str) -> str:
    """Refusal of an item whose scale is unordered (`ordered: false`: gender, municipality) in a
    kind that reads an order into its answers: a mean of its codes (``why`` "scored") or bars
    diverging from a middle answer (``why`` "poles")."""
    what = ("scores the answers by their codes, and the codes of an unordered scale are names, not amounts (a mean "
            "of 1.5 between the first and second answer means nothing)" if why == "scored" else
            "draws the answers from one pole to the other, and an unordered scale has no poles (its first answer "
            "would be drawn as the negative side)")
    return (f"item {name!r} is on the unordered scale {scale!r} (`ordered: false` in config/codebook.yaml); kind "
            f"`{spec.kind}` {what}. Show its answer shares in a table instead (`kind: shares` or `kind: table` under "
            "`tables:`), use it as a breakdown (`by`), or remove it from `items`; if its answers do run from one end "
            f"to the other, remove `ordered: false` from scale {scale!r}.")


def check_waves(spec: Spec, study: Study, waves: Sequence[Any] | None = None) -> tuple[str, str]:
    """The two waves a change compares: ``options.waves`` or the first and last wave."""
    ids = [w.id for w in study.config.waves]
    if len(ids) < 2:
        raise spec.fail(f"kind `{spec.kind}` compares waves, and the study has one ({ids[0]!r} in surveykit.yaml). "
                        "Remove this entry from config/report.yaml, or add a wave.")
    if waves is None:
        return ids[0], ids[-1]
    pair = [str(w) for w in waves]
    if len(pair) != 2 or any(w not in ids for w in pair) or pair[0] == pair[1]:
        raise spec.fail(f"`options.waves` must name two different waves of the study, first and last; got "
                        f"{list(waves)} (waves: {ids}).")
    if ids.index(pair[0]) > ids.index(pair[1]):
        raise spec.fail(f"`options.waves` lists {pair[0]!r} before {pair[1]!r}, but {pair[0]!r} is the later wave "
                        f"(surveykit.yaml lists the waves in time order: {ids}); a change is the later wave minus "
                        f"the earlier, so write `waves: [{pair[1]!r}, {pair[0]!r}]`.")
    return pair[0], pair[1]


LEVELS_DIFFER = "levels_differ"   # the option that says a comparison of waves offering other levels is meant


def check_offered(spec: Spec, study: Study, waves: tuple[str, str], between: Sequence[str] = ()) -> None:
    """Refuse a comparison of ``waves`` (a change, a did) of an item whose scale offered other levels
    in one of them (a source's ``offered:`` in config/codebook.yaml: a 5-point question asked on 4
    points), unless the entry says it is meant (``options: {levels_differ: allow}``): its means and
    top-box shares would move with the question, not only with the answers. ``between``: the
    study's waves between the two that the figure draws as points on the same line (and whose
    means it publishes): a wave among them that offered other levels than the first is refused
    alike, as the line from one to the next would compare the two questions."""
    allowed = spec.options.get(LEVELS_DIFFER)
    if allowed not in (None, "allow"):
        raise spec.fail(f"`options.{LEVELS_DIFFER}` is {allowed!r}; write `{LEVELS_DIFFER}: allow` to compare waves "
                        "whose question offered other levels, or remove it.")
    if allowed == "allow":
        return
    for item in spec.items:
        offered = study.codebook.unlike_levels(item, waves)
        # a wave drawn between the two (an end not asking the item: against the other end)
        drawn = next(((end, w) for w in between for end in waves if study.codebook.unlike_levels(item, (end, w))),
                     None)
        if offered is None and drawn is not None:   # the ends alike, a wave drawn between them not
            _refuse_drawn(spec, study, item, waves, *drawn)
        if offered is None:
            continue
        scale = study.codebook.scale_of(item)
        text = {lv.code: f"{lv.code:g} = {lv.text(study.language)!r}" for lv in scale.levels}
        listed = {w: [int(c) if float(c).is_integer() else c for c in codes] for w, codes in offered.items()}
        first, second = (set(offered[w]) for w in waves)
        parts = [f"wave {w!r} offered no {', '.join(text[c] for c in sorted(there - here))}"
                 for w, here, there in ((waves[0], first, second), (waves[1], second, first)) if there - here]
        raise spec.fail(
            f"{item!r} was asked on other levels in the waves it compares: {'; '.join(parts)} "
            f"(`offered:` of its sources in config/codebook.yaml: wave {waves[0]!r} {listed[waves[0]]}, "
            f"wave {waves[1]!r} {listed[waves[1]]}). Its means and top-box shares would change with the "
            f"question, not only with the answers. Leave {item!r} out of this entry, or, if the comparison is "
            f"meant, say so with `options: {{{LEVELS_DIFFER}: allow}}`.")


def _refuse_drawn(spec: Spec, study: Study, item: str, waves: tuple[str, str], end: str, middle: str) -> None:
    """Refuse an entry drawing wave ``middle`` (between the two ``waves`` it compares) on the line
    of ``item``, whose question that wave offered on other levels than ``end`` (one of ``waves``)."""
    scale = study.codebook.scale_of(item)
    text = {lv.code: f"{lv.code:g} = {lv.text(study.language)!r}" for lv in scale.levels}
    ends, here = (set(study.codebook.variable(item).offered(w, scale)) for w in (end, middle))
    parts = [f"offered no {', '.join(text[c] for c in sorted(ends - here))}" if ends - here else "",
             f"offered {', '.join(text[c] for c in sorted(here - ends))}, which {end!r} did not"
             if here - ends else ""]
    listed = lambda w: [int(c) if float(c).is_integer() else c for c in study.codebook.variable(item).offered(w, scale)]  # noqa: E731
    raise spec.fail(
        f"{item!r} was asked on other levels in wave {middle!r}, which the {spec.kind} draws between the waves it "
        f"compares ({waves[0]!r} and {waves[1]!r}) and whose mean it publishes: wave {middle!r} "
        f"{' and '.join(p for p in parts if p)} (`offered:` of its sources in config/codebook.yaml: wave "
        f"{end!r} {listed(end)}, wave {middle!r} {listed(middle)}). Its line through wave {middle!r} would "
        f"move with the question, not only with the answers. Leave {item!r} out of this entry, or, if it is meant, "
        f"say so with `options: {{{LEVELS_DIFFER}: allow}}` (the figure then says so in a note).")


def warn_not_asked(spec: Spec, study: Study, waves: tuple[str, str]) -> None:
    """Warn, naming the entry, when an item of a comparison of ``waves`` (a change, a did) was not
    asked in one of them: its rows show no change ("not asked"), which a reader of the figure
    may take for no difference. Said with the waves it was asked in, and the `options.waves`
    that compares the first and last of them."""
    import warnings

    from surveykit.errors import SurveykitWarning

    ids = [w.id for w in study.config.waves]
    labels = study.wave_labels()
    not_asked = study.not_asked()
    named = lambda w: f"{w!r}" if labels.get(w, w) == w else f"{w!r} ({labels[w]})"  # noqa: E731
    for item in spec.items:
        missing = [w for w in waves if (item, w) in not_asked]
        if not missing:
            continue
        asked = [w for w in ids if (item, w) not in not_asked]
        if len(asked) >= 2:
            pair = ", ".join(f'"{w}"' for w in (asked[0], asked[-1]))
            fix = (f"It was asked in wave(s) {', '.join(map(named, asked))}: compare {asked[0]!r} and {asked[-1]!r} "
                   f"with `options: {{waves: [{pair}]}}`" + (" in an entry of its own" if len(spec.items) > 1 else "")
                   + ", or remove it from `items`.")
        else:
            fix = (f"It was asked only in wave {named(asked[0])}, so it has no change: remove it from `items`."
                   if asked else "It was asked in no wave: remove it from `items`.")
        warnings.warn(f"{spec.where} ({spec.id!r}): {item!r} was not asked in wave {' and '.join(map(named, missing))}, "
                      f"one of the two waves this {spec.kind} compares ({waves[0]!r} and {waves[1]!r}), so it shows "
                      f"no change for {item!r}, only \"not asked\". {fix}", SurveykitWarning, stacklevel=2)


def warn_undrawable(spec: Spec, study: Study) -> None:
    """Warn once per label the figure shows (its title, items, the values of its groupings and
    waves, its footer) that has characters the figures' font cannot draw (an emoji in a site's
    name): each is drawn as an empty box, and matplotlib's own warning ("Glyph 127803 missing from
    font(s)") named neither the label nor the figure and came once per drawing."""
    p = study.presentation()
    columns = {"wave", *spec.by}
    for value in spec.options.values():
        columns.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    data = study.responses
    values = [p.value(c, v) for c in columns if c in data for v in
              (data[c].cat.categories if isinstance(data[c].dtype, pd.CategoricalDtype) else data[c].dropna().unique())]
    texts = [spec.text(p.language), p.footer, *(p.name(i) for i in spec.items), *(p.name(c) for c in columns),
             *map(str, values)]
    texts = [t for t in dict.fromkeys(texts) if any(ord(ch) > 0x24F for ch in t)]   # past Latin: ask the font
    if not texts:
        return
    import unicodedata
    import warnings

    from surveykit.errors import SurveykitWarning
    from surveykit.plots.theme import FONT, undrawable

    for text in texts:
        chars = undrawable(text)
        if chars:
            said = ", ".join(f"{ch!r} ({unicodedata.name(ch, f'U+{ord(ch):04X}')})" for ch in chars)
            warnings.warn(f"figures: {text!r} has character(s) the figures' font ({FONT}) cannot draw, {said}: each is "
                          "drawn as an empty box (the page and the tables show them). Configure the label without "
                          "them to keep them out of the figures.", SurveykitWarning, stacklevel=2)


def takes_no_by(spec: Spec, how: str) -> None:
    """A kind whose groups come from elsewhere (``how``) refuses a ``by`` it would ignore."""
    if spec.by:
        raise spec.fail(f"kind `{spec.kind}` takes no `by` ({how}); remove `by: {list(spec.by)}` from this entry.")


def estimation_error(kind: Kind, spec: Spec, exc: SurveykitError) -> SurveykitError:
    """An error raised while computing the entry ``spec``, said in terms of the recipe: the
    entry's file and name, the estimator's own detail (what is wrong, where in the data), and
    what to change in config/report.yaml (the kind's advice) instead of the estimator's Python
    advice (``design.subset()``). A ConfigError (it names its file and fix) is returned as it is."""
    if isinstance(exc, ConfigError):
        return exc
    detail = (getattr(exc, "detail", "") or str(exc)).removeprefix(f"{spec.kind}: ")
    advice = (kind.advice(spec) if kind.advice else "") or (
        "Change `items`, `by` or `options` of this entry in config/report.yaml, or remove the entry.")
    return spec.fail(f"{detail} {advice}")
