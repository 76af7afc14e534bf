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
    "topbox": {"nb": "Andel enig", "nn": "Del som er einige", "en": "Share agreeing", "sv": "Andel som instämmer",
               "da": "Andel enige"},
    "single": {"nb": "Svar", "nn": "Svar", "en": "Answers", "sv": "Svar", "da": "Svar"},
    "numeric": {"nb": "Tall", "nn": "Tal", "en": "Numbers", "sv": "Tal", "da": "Tal"},
}


def _title(kind: str, suffix: str = "") -> str:
    texts = _TITLES[kind]
    return "{" + ", ".join(f"{k}: \"{v}{suffix}\"" for k, v in texts.items()) + "}"


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _items(names: list[str]) -> str:
    return "[" + ", ".join(names) + "]"


def _spec(spec_id: str, kind: str, items: list[str], by: str, title: str | None = None) -> list[str]:
    out = [f"  - id: {spec_id}", f"    kind: {kind}", f"    items: {_items(items)}", f"    by: {by}"]
    if title:
        out.append(f"    title: {title}")
    return out


def draft_report(codebook: Mapping[str, Any] | str | Path, *, groupings: Sequence[str] = (),
                 sites: int | None = None) -> str:
    """A config/report.yaml for a codebook (a path to a codebook YAML or its parsed content).

    ``groupings``: the groupings configured under `sites:` in surveykit.yaml (the first one groups
    the figures); ``sites``: how many sites config/sites.csv lists (more than 20 are not drafted
    as groups: a REVIEW note says so)."""
    if not isinstance(codebook, Mapping):
        codebook = loads(Path(codebook).read_text(encoding="utf-8")) or {}
    variables = [v for v in codebook.get("variables") or [] if not v.get("derive")]
    scales = codebook.get("scales") or {}
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
        for i, chunk in enumerate(_chunks(names), start=1):
            tag = f"{scale}" + (f"_{i}" if len(names) > _CHUNK else "")
            figures += _spec(f"likert_{tag}", "likert", chunk, by, _title("likert"))
            figures += _spec(f"means_{tag}", "means", chunk, by, _title("means"))
        if (scales.get(scale) or {}).get("top_box"):
            tables += _spec(f"topbox_{scale}", "topbox", names, by, _title("topbox"))
    for name in multi:
        figures += _spec(name, "multi", [name], by)
    for i, chunk in enumerate(_chunks(singles), start=1):
        tables += _spec(f"answers_{i}" if len(singles) > _CHUNK else "answers", "shares", chunk, by,
                        _title("single"))
    for i, chunk in enumerate(_chunks(numbers), start=1):
        tables += _spec(f"numbers_{i}" if len(numbers) > _CHUNK else "numbers", "means", chunk, by,
                        _title("numeric"))
    head = ["# The report: figures and tables built by `surveykit build` (drafted by `surveykit codebook draft`).",
            "# kind (figures): likert | means | change | did | heatmap | weights | multi | adjusted",
            "# kind (tables):  topbox | means | shares | change",
            "# items: variable names from config/codebook.yaml; by: grouping columns (wave, site, the site",
            "# attributes and groupings under `sites:` in surveykit.yaml, or any single-choice variable);",
            "# title: a text, or one per language {nb: ..., sv: ...}.",
            "# One figure per scale was drafted: split the item lists into themes that belong together.",
            *note]
    body = ["figures:", *figures] if figures else ["figures: []             # no likert or multi-select questions"]
    body += ["tables:", *tables] if tables else ["tables: []"]
    return "\n".join(head + body) + "\n"
