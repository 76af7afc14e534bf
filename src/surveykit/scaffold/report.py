"""The drafted report recipe (config/report.yaml): figures and tables for whatever the study has.

Likert items: an answer-distribution figure and a means figure per scale (at most 12 items
each) and a table of top-box shares; single-choice questions: a table of shares per answer;
numbers: a table of means; multi-select questions: a figure each. All by wave, and by what the
study has to compare: the first grouping configured under `sites:` in surveykit.yaml, else the
site itself when there is a site question (and not too many sites to draw).

Example:
    >>> cb = {"variables": [{"name": "welcome", "type": "likert", "scale": "agree5"},
    ...                     {"name": "site", "type": "site"}],
    ...       "scales": {"agree5": {"top_box": [4, 5]}}}
    >>> print(draft_report(cb).split("figures:")[1].split("\\n")[1:5])
    ['  - id: likert_agree5', '    kind: likert', '    items: [welcome]', '    by: [site, wave]']
    >>> draft_report(cb, groupings=["region"]).count("by: [region, wave]")
    3
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from surveykit.config.yamlfile import loads

__all__ = ["draft_report"]

_CHUNK = 12
_MAX_SITES = 20   # more sites than this are not drafted as the groups of every figure
_TITLES = {
    "likert": {"nb": "Svarfordeling", "nn": "Svarfordeling", "en": "Answers", "sv": "Svarsfördelning",
               "da": "Svarfordeling"},
    "means": {"nb": "Gjennomsnitt", "nn": "Gjennomsnitt", "en": "Means", "sv": "Medelvärden", "da": "Gennemsnit"},
    "topbox": {"nb": "Andel i toppkategoriene", "nn": "Del i toppkategoriane", "en": "Share in the top categories",
               "sv": "Andel i toppkategorierna", "da": "Andel i topkategorierne"},
    "topbox_agree": {"nb": "Andel enig", "nn": "Del som er einige", "en": "Share agreeing",
                     "sv": "Andel som instämmer", "da": "Andel enige"},
    "topbox_satisfied": {"nb": "Andel fornøyd", "nn": "Del som er nøgde", "en": "Share satisfied",
                         "sv": "Andel nöjda", "da": "Andel tilfredse"},
    "topbox_safe": {"nb": "Andel trygge", "nn": "Del som er trygge", "en": "Share feeling safe",
                    "sv": "Andel trygga", "da": "Andel trygge"},
    "single": {"nb": "Svar", "nn": "Svar", "en": "Answers", "sv": "Svar", "da": "Svar"},
    "multi": {"nb": "Andel som valgte hvert alternativ", "nn": "Del som valde kvart alternativ",
              "en": "Share choosing each option", "sv": "Andel som valde varje alternativ",
              "da": "Andel, der valgte hver mulighed"},
    "numeric": {"nb": "Tall", "nn": "Tal", "en": "Numbers", "sv": "Tal", "da": "Tal"},
}


_ABOUT = 90        # the longest text of what a figure shows in its title
_ONE_SIDED = {"frequency"}   # scale families drawn stacked from 0 (no neutral middle, no "agreeing")
# families whose scales are one-sided when they run from "none" up (importance, extent, trust):
# "Ikke viktig ... Svært viktig", "Not at all ... To a very great extent"; a scale of the same
# family with a negative pole and a neutral middle ("Svært uviktig ... Verken ... Svært viktig")
# stays centred
_FROM_NONE_FAMILIES = {"important", "extent", "trust", "proficiency"}
_NONE = re.compile(r"(?i)^(not\b|no\b|none\b|never\b|ikke\b|ikkje\b|inte\b|slet ikke\b|ingen\b|inga\b|inget\b|"
                   r"i ingen grad\b|beginner\b|nybörjare\b)")
_NEUTRAL = re.compile(r"(?i)\b(neither|verken|korkje|varken|hverken|neutral|nøytral|neutral)\b")


def _first_text(label: object) -> str:
    """A label's text: itself, or its first language's of a {nb: ..., en: ...} label."""
    return str(next(iter(label.values()), "")) if isinstance(label, Mapping) else str(label)


def one_sided(family: str | None, levels: Sequence[str]) -> bool:
    """Whether a scale's answers are drawn stacked from 0 rather than centred on a middle: a
    how-often scale, or one of importance, extent, trust or proficiency running from "none" up
    without a neutral middle.

    Example:
        >>> one_sided("important", ["Ikke viktig", "Litt viktig", "Ganske viktig", "Svært viktig"])
        True
        >>> one_sided("important", ["Svært uviktig", "Uviktig", "Verken viktig eller uviktig", "Viktig", "Svært viktig"])
        False
    """
    if family in _ONE_SIDED:
        return True
    labels = [str(level) for level in levels]
    return (family in _FROM_NONE_FAMILIES and bool(labels) and bool(_NONE.match(labels[0].strip()))
            and not any(_NEUTRAL.search(label) for label in labels))


# "(1 of 2)": the part of a list of items split over several figures (or tables) of the same title
_PART = {"nb": "({i} av {n})", "nn": "({i} av {n})", "en": "({i} of {n})", "sv": "({i} av {n})", "da": "({i} af {n})"}


def _title(kind: str, about: str = "", part: tuple[int, int] | None = None) -> str:
    """A title in every language: what the entry shows, its question (``about``) and, of a list
    split in parts, which part (``part``: (i, n), said when n > 1).

    Example:
        >>> _title("numeric", part=(2, 2)).split(", sv:")[0]
        '{nb: "Tall (2 av 2)", nn: "Tal (2 av 2)", en: "Numbers (2 of 2)"'
    """
    texts = _TITLES[kind]
    suffix = f": {about}" if about else ""

    def numbered(lang: str) -> str:
        return f" {_PART[lang].format(i=part[0], n=part[1])}" if part and part[1] > 1 else ""

    return "{" + ", ".join(f"{k}: {json.dumps(v + suffix + numbered(k), ensure_ascii=False)}"
                           for k, v in texts.items()) + "}"


def _about(names: list[str], variables: Mapping[str, Mapping[str, Any]]) -> str:
    """What a figure of these questions shows: one question's label, the question the items share
    (a grid's: "How much do you agree ...? - <row>"), else the first labels."""
    def text(name: str, key: str) -> str:
        var = variables.get(name) or {}
        return " ".join(_first_text(var.get(key) or var.get("label") or var.get("question") or name).split())

    if len(names) == 1:
        out = text(names[0], "label")
    else:
        first, *rest = [text(n, "question") for n in names]
        shared = first[:next((i for i, ch in enumerate(first) if any(t[i:i + 1] != ch for t in rest)), len(first))]
        cut = max(shared.rfind(" - "), shared.rfind(": "), shared.rfind("? "), shared.rfind(". "))
        stem = shared[:cut + 1].rstrip(" -:") if cut > 0 else ""
        labels = [text(n, "label") for n in names]
        out = stem if len(stem) >= 12 else "; ".join(labels[:2]) + (" …" if len(labels) > 2 else "")
    return out if len(out) <= _ABOUT else out[:_ABOUT - 1].rsplit(" ", 1)[0] + " …"


def _chunks(items: list[str], labels: Mapping[str, frozenset[str]] | None = None,
            size: int = _CHUNK) -> list[list[str]]:
    """``items`` in entries of at most ``size``, none holding two items of one label (a report
    refuses them: its rows are matched by label; two grids with a row "Squash" each, or "Q" and
    "Q.1", are drafted side by side): a new entry starts where a label would repeat.

    >>> _chunks(["a", "b", "a2"], {"a": frozenset({"x"}), "b": frozenset({"y"}), "a2": frozenset({"x"})})
    [['a', 'b'], ['a2']]
    """
    out: list[list[str]] = []
    seen: set[str] = set()
    for item in items:
        texts = (labels or {}).get(item, frozenset())
        if not out or len(out[-1]) >= size or seen & texts:
            out.append([])
            seen = set()
        out[-1].append(item)
        seen |= texts
    return out


def _label_texts(variable: Mapping[str, Any]) -> frozenset[str]:
    """A variable's label in every language, case folded (what the report's rows are named by)."""
    label = variable.get("label") or variable.get("name")
    texts = label.values() if isinstance(label, Mapping) else [label]
    return frozenset(" ".join(str(t).split()).casefold() for t in texts)


def _items(names: list[str]) -> str:
    return "[" + ", ".join(names) + "]"


def _spec(spec_id: str, kind: str, items: list[str], by: str, title: str | None = None) -> list[str]:
    out = [f"  - id: {spec_id}", f"    kind: {kind}", f"    items: {_items(items)}", f"    by: {by}"]
    if title:
        out.append(f"    title: {title}")
    return out


def draft_report(codebook: Mapping[str, Any] | str | Path, *, groupings: Sequence[str] = (),
                 sites: int | None = None, families: Mapping[str, str | None] | None = None,
                 design: Sequence[str] = (), left_out: Mapping[str, str] | None = None,
                 unreported: Mapping[str, str] | None = None) -> str:
    """A config/report.yaml for a codebook (a path to a codebook YAML or its parsed content).

    ``groupings``: the groupings configured under `sites:` in surveykit.yaml (the first one groups
    the figures); ``sites``: how many sites config/sites.csv lists (more than 20 are not drafted
    as groups: a REVIEW note says so); ``families``: scale name -> the kind of scale the draft
    found (agree, satisfied, safe, frequency ...): a frequency scale's answers are drawn stacked
    from 0 (`diverging: false`), and a top-box table is titled by what its top answers say (a
    scale of unknown kind gets a neutral title). Each figure's title says what it shows.
    ``design``: variables that are no questions (an export's full-sample and replicate weights):
    left out. ``left_out``: variables no table may show as drafted (name -> why: answers typed in by
    one respondent each), left out with a REVIEW note saying why. ``unreported``: other variables
    left out (name -> why, the whole reason: a one-option check box whose blank cannot say 'not
    ticked'), with a REVIEW note. Free text is never drafted."""
    if not isinstance(codebook, Mapping):
        codebook = loads(Path(codebook).read_text(encoding="utf-8")) or {}
    left_out, unreported = left_out or {}, unreported or {}
    variables = [v for v in codebook.get("variables") or [] if not v.get("derive") and v.get("name") not in design
                 and v.get("name") not in left_out and v.get("name") not in unreported]
    scales = codebook.get("scales") or {}
    families = families or {}
    named = {v["name"]: v for v in variables}
    labels = {name: _label_texts(v) for name, v in named.items()}
    site = next((v["name"] for v in variables if v.get("type") == "site"), None)
    note = []
    if groupings:
        by = f"[{groupings[0]}, wave]"
    elif site is not None and (sites is None or sites <= _MAX_SITES):
        by = f"[{site}, wave]"
    else:
        by = "[wave]"
        if site is not None:
            note = [f"# REVIEW: by wave only: {sites} sites are too many to draw side by side. To compare groups "
                    "of sites, add a column to config/sites.csv and a grouping under `sites:` in surveykit.yaml "
                    f"(its commented example), then use `by: [<grouping>, wave]`; `by: [{site}]` gives every site."]
    by_scale: dict[str, list[str]] = {}
    for v in variables:
        if v.get("type") == "likert":
            by_scale.setdefault(str(v.get("scale")), []).append(v["name"])
    singles = [v["name"] for v in variables if v.get("type") == "single" and v.get("scale")
               and len((scales.get(v.get("scale")) or {}).get("levels") or []) <= 30]
    numbers = [v["name"] for v in variables if v.get("type") == "numeric"]
    multi = [v["name"] for v in variables if v.get("type") == "multi"]
    figures: list[str] = []
    tables: list[str] = []
    for scale, names in by_scale.items():
        family = families.get(scale)
        chunks = _chunks(names, labels)
        for i, chunk in enumerate(chunks, start=1):
            tag = f"{scale}" + (f"_{i}" if len(chunks) > 1 else "")
            about, part = _about(chunk, named), (i, len(chunks))   # a grid of 14: "… (1 of 2)", "… (2 of 2)"
            figures += _spec(f"likert_{tag}", "likert", chunk, by, _title("likert", about, part))
            levels = [_first_text(lv.get("label", "")) for lv in (scales.get(scale) or {}).get("levels") or []
                      if isinstance(lv, Mapping)]
            if one_sided(family, levels):  # "Never" ... "Daily", "Not at all" ...: no middle to centre on
                figures.append("    options: {diverging: false}   # a one-sided scale: stacked from 0")
            figures += _spec(f"means_{tag}", "means", chunk, by, _title("means", about, part))
        if (scales.get(scale) or {}).get("top_box"):
            top = f"topbox_{family}" if f"topbox_{family}" in _TITLES else "topbox"
            boxes = _chunks(names, labels, size=len(names))
            for i, chunk in enumerate(boxes, start=1):
                tables += _spec(f"topbox_{scale}" + (f"_{i}" if len(boxes) > 1 else ""), "topbox", chunk, by,
                                _title(top, _about(chunk, named), (i, len(boxes))))
    for name in multi:   # titled by its question (the label), not by its name as a figure without a title is
        figures += _spec(name, "multi", [name], by, _title("multi", _about([name], named)))
    parts = _chunks(singles, labels)
    for i, chunk in enumerate(parts, start=1):
        tables += _spec(f"answers_{i}" if len(parts) > 1 else "answers", "shares", chunk, by,
                        _title("single", part=(i, len(parts))))
    parts = _chunks(numbers, labels)
    for i, chunk in enumerate(parts, start=1):
        tables += _spec(f"numbers_{i}" if len(parts) > 1 else "numbers", "means", chunk, by,
                        _title("numeric", part=(i, len(parts))))
    head = ["# The report: figures and tables built by `surveykit build` (drafted by `surveykit codebook draft`).",
            "# kind (figures): likert | means | change | did | heatmap | weights | multi | adjusted",
            "# kind (tables):  topbox | means | shares | change",
            "# items: variable names from config/codebook.yaml; by: grouping columns (wave, site, the site",
            "# attributes and groupings under `sites:` in surveykit.yaml, or any single-choice variable);",
            "# title: a text, or one per language {nb: ..., sv: ...}.",
            "# One figure per scale was drafted: split the item lists into themes that belong together.",
            *note,
            *(f"# REVIEW: {name} is left out: {why}; make it free text (`type: text`), or give those answers "
              "one level (e.g. 'Other') as its aliases, before adding it to a table" for name, why in left_out.items()),
            *(f"# REVIEW: {name} is left out: {why}" for name, why in unreported.items())]
    none = "# no likert or multi-select questions" + (" to draw (see REVIEW above)" if unreported else "")
    body = ["figures:", *figures] if figures else [f"figures: []             {none}"]
    body += ["tables:", *tables] if tables else ["tables: []"]
    return "\n".join(head + body) + "\n"
