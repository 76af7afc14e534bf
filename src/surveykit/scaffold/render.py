"""The draft codebook as commented YAML: scales, then variables with one source per wave.

Every decision a person should check is a ``# REVIEW:`` comment next to it.

Example:
    >>> _q("Helt enig"), _q(3), _q(2.5)
    ('"Helt enig"', '3', '2.5')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from surveykit.scaffold.column import Column
from surveykit.scaffold.init import slug
from surveykit.scaffold.number_columns import round_range
from surveykit.scaffold.scales import DraftScale, Level
from surveykit.scaffold.variables import Var

__all__ = ["OTHER_KEY", "SEEN", "option_keys", "render"]

OTHER_KEY = "other"
SEEN = "the answers seen run from"   # a drafted `valid:` range's comment, before the lowest and highest answer
_OTHER_LABEL = {"nb": "Annet (skrevet inn)", "nn": "Anna (skrive inn)", "sv": "Annat (fritext)",
                "da": "Andet (skrevet)", "en": "Other (typed in)"}
_SITE_EXAMPLE = {"nb": "Hvilket sted bruker du mest?", "nn": "Kva stad bruker du mest?",
                 "en": "Which site do you use most?", "sv": "Vilket ställe använder du mest?",
                 "da": "Hvilket sted bruger du mest?"}
# an option that is the "Other" box itself: "Other", "Other (please specify)", "Annet, skriv inn:", not
# "Other internal web site or portal run by my organization", an option of its own
_OTHER_OPTION = re.compile(
    r"^\W*(other|others|annet|anna|annat|andet|andre|otro|otra|autre)\b[\W_]*"
    r"((please|pls|vennligst|venligst|gjerne|specify|spesifiser|ange|angiv|beskriv|describe|write|"
    r"in|here|her|skriv|inn|text|tekst|fritext|answer|svar|typed|type|oppgi)\b[\W_]*)*$", re.IGNORECASE)


def _q(text: Any) -> str:
    """A YAML scalar: numbers as they are, text double-quoted (JSON strings are YAML)."""
    if isinstance(text, bool) or text is None:
        return json.dumps(str(text), ensure_ascii=False)
    if isinstance(text, int | float):
        return str(int(text)) if float(text).is_integer() else str(text)
    return json.dumps(str(text), ensure_ascii=False)


def _level_line(level: Level) -> str:
    line = f"{{code: {_q(level.code)}, label: {_q(level.labels[0])}"
    if len(level.labels) > 1:
        line += ", aliases: [" + ", ".join(_q(x) for x in level.labels[1:]) + "]"
    return line + "}"


def _render_scale(scale: DraftScale) -> list[str]:
    out = [f"  {scale.name}:" + ("                 # unordered (single choice)" if not scale.ordered else "")]
    out += [f"    # REVIEW: {n}" for n in scale.notes]
    if scale.likert:
        out.append("    # levels low -> high; code = the score used for means")
    elif scale.ordered:
        out.append("    # levels in order (shares only: no means)")
    out.append("    levels:")
    out += [f"      - {_level_line(lv)}" for lv in scale.levels]
    if scale.nonsub:
        out.append("    nonsubstantive:                # kept apart from missing, left out of means")
        out += [f"      - {_level_line(lv)}" for lv in sorted(scale.nonsub, key=lambda lv: lv.code)]
    if not scale.ordered:
        out.append("    ordered: false")
    top = scale.top_box()
    if top:
        out.append(f"    top_box: [{', '.join(_q(c) for c in top)}]              # codes counted as agreeing/satisfied")
    return out


def option_keys(var: Var, language: str = "en") -> tuple[dict[str, str], str | None]:
    """(option key -> option text, the key that takes typed-in answers or None) of a multi variable."""
    keys: dict[str, str] = {}
    for option in var.options:
        key, k = slug(option, 24), 2
        while key in keys and keys[key] != option:
            key, k = f"{slug(option, 21)}_{k}", k + 1
        keys.setdefault(key, option)
    typed = any(c.other for c in var.sources.values())
    other = None
    if typed:
        other = next((k for k, o in keys.items() if _OTHER_OPTION.match(o)), None)
        if other is None:
            other = OTHER_KEY if OTHER_KEY not in keys else f"{OTHER_KEY}_typed"
            keys[other] = _OTHER_LABEL.get(language, _OTHER_LABEL["en"])
    return keys, other


def _source_line(col: Column, keys: dict[str, str], worded: bool = False, no_answer: bool = False) -> str:
    asked = f", question: {_q(col.question)}" if worded else ""   # the words this wave asked
    if col.kind == "multi" and col.columns:
        by_text = {v: k for k, v in keys.items()}
        pairs = ", ".join(f"{by_text.get(o, slug(o, 24))}: {_q(c)}" for o, c in col.columns.items())
        return f"{{columns: {{{pairs}}}{asked}}}"
    parts = [f"column: {_q(col.header or col.column)}"]
    if col.kind == "multi":
        parts.append(f"separator: {_q(col.separator or ';')}")
    if col.occurrence:
        parts.append(f"occurrence: {col.occurrence}")
    # no_answer: this wave's own codes for no answer (another wave's differ): null, as `missing:` does for all
    recode = {**col.recode, **dict.fromkeys(col.missing if no_answer else (), None)}
    if recode:
        parts.append("recode: {" + ", ".join(f"{_q(k)}: {'null' if v is None else _q(v)}" for k, v in recode.items())
                     + "}")
    if col.offered:
        parts.append("offered: [" + ", ".join(_q(c) for c in col.offered) + "]")
    return "{" + ", ".join(parts) + asked + "}"


def _shared_missing(var: Var) -> bool:
    """Every wave of ``var`` has the same codes for no answer, some: the variable's `missing:` says
    them (else each source's `recode` maps its own to null: code 9 may be "No answer" in one wave
    and "Don't know" in the next)."""
    lists = [list(c.missing) for c in var.sources.values()]
    return bool(lists[0]) and all(m == lists[0] for m in lists)


def _render_variable(var: Var, language: str) -> list[str]:
    out = [f"  - name: {var.name}", f"    type: {var.type}"]
    if var.pool is not None and var.type in ("likert", "single"):
        out.append(f"    scale: {var.pool.name}")
    out.append(f"    label: {_q(var.label)}")
    if var.question and var.question != var.label:
        out.append(f"    question: {_q(var.question)}")
    if var.role:
        out.append("    # the survey tool's own column: used by `screening` in surveykit.yaml")
    if var.weight in ("full", "replicate"):
        what = "the full-sample weight" if var.weight == "full" else "a replicate weight"
        out.append(f"    # {what} of the export (role: weight, no question): used by `weighting.replicates` in "
                   "surveykit.yaml")
    elif var.weight == "data":
        out.append("    # the export's survey weight (no question): named by `weighting.weights` in surveykit.yaml")
    elif var.weight:
        out.append("    # REVIEW: looks like a survey weight (its name, a positive number in every row), as another "
                   "column does: no question, left out of config/report.yaml; see `weighting:` in surveykit.yaml")
    if var.typed and var.other_of is not None:
        out.append(f"    other_of: {var.other_of.name}          # the parts of its answers typed in by respondents")
    elif var.other_of is not None:
        out.append(f"    # typed-in answers to {var.other_of.name!r} (its \"other\" box)")
    out += [f"    # REVIEW: {n}" for n in var.review]
    if var.type == "site":
        out.append("    # the answers are mapped to config/sites.csv (label or alias); to compare groups of sites,"
                   " add a column there and a grouping under `sites:` in surveykit.yaml")
    if var.type == "numeric":
        valid = [c.valid for c in var.sources.values() if c.valid]
        if valid:
            lo, hi = min(v[0] for v in valid), max(v[1] for v in valid)
            low, high = round_range(lo, hi, age=var.name == "age")
            out.append(f"    valid: [{_q(low)}, {_q(high)}]         # REVIEW: {SEEN} {_q(lo)} to {_q(hi)}; round "
                       "bounds around them, not the range the question allows: set that (answers outside fail "
                       "validation)")
        missing = list(dict.fromkeys(m for c in var.sources.values() for m in c.missing))
        if missing:
            out.append(f"    missing: [{', '.join(_q(m) for m in missing)}]   # answers that mean: no number")
    elif var.type in ("likert", "single") and _shared_missing(var):
        missing = next(iter(var.sources.values())).missing
        out.append(f"    missing: [{', '.join(_q(m) for m in missing)}]   # codes for no answer: out of every base")
    keys: dict[str, str] = {}
    if var.type == "multi":
        keys, other = option_keys(var, language)
        out.append(f"    options:                       # option key -> label; result columns {var.name}__<key>")
        out += [f"      {k}: {_q(v)}" for k, v in keys.items()]
        if other is not None:
            out.append(f"    other: {other}                  # answers typed in by respondents count as this option")
    out.append("    sources:" + ("                       # `question:` the words each wave asked" if var.worded else ""))
    apart = var.type in ("likert", "single") and not _shared_missing(var)   # each wave its own codes for no answer
    out += [f"      {_q(w)}: {_source_line(c, keys, var.worded, apart)}" for w, c in var.sources.items()]
    return out


def _shown(path: Path, exports: Sequence[Path]) -> str:
    """An export's file name, or its path as given where another export has the same name."""
    same = sum(Path(p).name == Path(path).name for p in exports)
    return Path(path).name if same == 1 else str(path)


def render(scales: list[DraftScale], variables: list[Var], notes: list[str], exports: Sequence[Path],
           language: str = "en") -> str:
    """The codebook text."""
    head = ["# DRAFT codebook written by `surveykit codebook draft` from:",
            *[f"#   wave {i}: {_shown(p, exports)}" for i, p in enumerate(exports, start=1)],
            "#",
            "# It validates and builds as it is. Review it (then delete this header):",
            "#  - names: short snake_case names are used in config/report.yaml and in the tables;",
            "#  - scales: levels run low -> high (the code is the score used for means); `top_box` lists",
            "#    the codes counted as agreeing; `nonsubstantive` answers (\"Vet ikke\") are left out of means;",
            "#  - every `# REVIEW:` comment marks something a person should check (delete it when done);",
            "#  - then run `surveykit validate`: it names every answer the codebook does not know.",
            "# Reference: docs/config.md and docs/own-data.md in the surveykit repository.",
            *(["#", *[f"# {n}" for n in notes]] if notes else []),
            ""]
    body = ["scales:"] if scales else ["scales: {}"]
    for scale in scales:
        body += _render_scale(scale)
    body += ["", "variables:"]
    for var in variables:
        body += _render_variable(var, language)
    if not any(v.type == "site" for v in variables):
        example = _SITE_EXAMPLE.get(language, _SITE_EXAMPLE["en"])
        body += ["  # No question was taken for the site (the place, office or branch) each respondent answers",
                 "  # about. If one asks for it, make it the site to compare sites: change its `type: single` to",
                 "  # `type: site` (and delete its `scale:`), and list the sites in config/sites.csv. For example:",
                 "  # - name: site",
                 "  #   type: site",
                 f"  #   label: {_q(example)}",
                 "  #   sources:",
                 "  #     \"1\": {column: \"<the question's column in the export>\"}"]
    return "\n".join(head + body) + "\n"
