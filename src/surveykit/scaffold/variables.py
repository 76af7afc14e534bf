"""Matching questions across waves, naming variables and scales, rendering the draft YAML."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from surveykit.scaffold.init import slug
from surveykit.scaffold.lexicon import _AGE, _GENDER, _SITE_QUESTION, _SITE_WORDS, _fold, _number
from surveykit.scaffold.pools import _force_merge, _Pool, _Registry, _resolve
from surveykit.scaffold.scan import _Column, _row_text


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio()


def _variables(scans: list[tuple[str, list[_Column]]], registry: _Registry) -> list[dict[str, Any]]:
    """Columns of every wave -> harmonised variables, questions matched across waves by text."""
    variables: list[dict[str, Any]] = []
    for wave, columns in scans:
        for col in columns:
            if col.pool is not None:
                col.pool = registry.add(col.pool)
            best, best_ratio = None, 0.0
            for var in variables:
                if wave in var["sources"] or var["type"] != col.kind:
                    continue
                same_name = _fold(var["columns"][-1]) == _fold(col.column) and col.kind != "text"
                ratio = 1.0 if same_name else _similar(var["question"], col.question)
                if ratio > best_ratio:
                    best, best_ratio = var, ratio
            if (best is not None and best_ratio >= 0.85 and col.kind in ("likert", "single")
                    and not _force_merge(best["pool"], col.pool)):
                best_ratio = 0.84
            if best is not None and best_ratio >= 0.85:
                best["sources"][wave] = col
                best["columns"].append(col.column)
                if best_ratio < 1 and _fold(best["question"]) != _fold(col.question):
                    best["review"].append(f"matched across waves by similar question text ({best_ratio:.0%}): "
                                          f"wave {wave} asks {col.question!r}")
                if col.kind == "multi":
                    best["options"] += [o for o in _options(col) if o not in best["options"]]
                continue
            var = {"question": col.question, "type": col.kind, "sources": {wave: col}, "columns": [col.column],
                   "pool": col.pool, "review": [], "options": _options(col) if col.kind == "multi" else []}
            if col.info.get("review"):
                var["review"].append(col.info["review"])
            if col.info.get("inferred"):
                var["review"].append("options inferred from the answers: compare with the form and add missing ones")
            if best is not None and best_ratio >= 0.6:
                var["review"].append(f"maybe the same question as wave {next(iter(best['sources']))}'s "
                                     f"{best['question']!r} ({best_ratio:.0%} alike): if so, move this source there")
            variables.append(var)
    return variables


def _options(col: _Column) -> list[str]:
    if "columns" in col.info:
        return list(col.info["columns"])
    return list(col.info.get("options", []))


def _choose_site(variables: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_score = None, 0.0
    for var in variables:
        pool = _resolve(var["pool"])
        if var["type"] != "single" or pool is None or pool.ordered or not 2 <= pool.n() <= 80:
            continue
        labels = [lv["labels"][0] for lv in pool.levels.values()]
        share = sum(bool(_SITE_WORDS.search(x)) for x in labels) / len(labels)
        asks = bool(_SITE_WORDS.search(var["question"]) and _SITE_QUESTION.search(var["question"]))
        score = share + (1.0 if asks else 0.0)
        if score > best_score and (asks or share >= 0.5):
            best, best_score = var, score
    return best


def _name_variables(variables: list[dict[str, Any]], site: dict[str, Any] | None) -> None:
    used: set[str] = set()
    for var in variables:
        col = next(iter(var["sources"].values()))
        if var["type"] == "id":
            base = "respondent_id"
        elif var is site:
            base = "site"
        elif var["type"] == "single" and _GENDER.search(var["question"]) and "gender" not in used:
            base = "gender"
        elif var["type"] == "numeric" and _AGE.match(var["question"].strip()) and "age" not in used:
            base = "age"
        elif var["type"] == "single" and _AGE.match(var["question"].strip()) and "age_group" not in used:
            base = "age_group"
        elif col.info.get("row"):
            base = slug(_row_text(col.info["row"]), 28)
        else:
            base = slug(var["question"])
        if base in ("wave", "row", "weight", "municipality", "site_label", "co_located", "site_type",
                    "colocation_path"):
            base = f"{base}_answer"
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        var["name"] = name


def _name_pools(pools: list[_Pool], variables: list[dict[str, Any]]) -> None:
    used: set[str] = set()
    for pool in pools:
        if pool.name == "yes_no":
            base = "yes_no"
        elif pool.family and pool.family != "ordinal":
            base = f"{pool.family}{pool.n()}"
        else:
            base = next((v["name"] for v in variables if _resolve(v["pool"]) is pool), "scale")
        name, k = base, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        pool.name = name


def _q(text: Any) -> str:
    """A YAML scalar: numbers as they are, text double-quoted (JSON strings are YAML)."""
    if isinstance(text, bool) or text is None:
        return json.dumps(str(text), ensure_ascii=False)
    if isinstance(text, int | float):
        return str(_number(text))
    return json.dumps(str(text), ensure_ascii=False)


def _level_line(code: Any, labels: list[str]) -> str:
    line = f"{{code: {_q(code)}, label: {_q(labels[0])}"
    if len(labels) > 1:
        line += ", aliases: [" + ", ".join(_q(x) for x in labels[1:]) + "]"
    return line + "}"


def _render_scale(pool: _Pool) -> list[str]:
    out = [f"  {pool.name}:"]
    if not pool.ordered:
        out[0] += "                 # unordered (single choice)"
    for note in pool.notes:
        out.append(f"    # REVIEW: {note}")
    if pool.ordered and pool.family != "ordinal":
        out.append("    # levels low -> high; code = the score used for means")
    out.append("    levels:")
    out += [f"      - {_level_line(pool.levels[k]['code'], pool.levels[k]['labels'])}" for k in pool.order()]
    if pool.nonsub:
        out.append("    nonsubstantive:                # kept apart from missing, left out of means")
        out += [f"      - {_level_line(e['code'], e['labels'])}" for e in
                sorted(pool.nonsub.values(), key=lambda e: e["code"])]
    if not pool.ordered:
        out.append("    ordered: false")
    top = pool.top_box()
    if top:
        out.append(f"    top_box: [{', '.join(_q(c) for c in top)}]              # codes counted as agreeing/satisfied")
    if pool.fixed_codes and pool.ordered:
        codes = [pool.levels[k]["code"] for k in pool.order()]
        if codes != sorted(codes):
            out.append("    # REVIEW: the file's codes run against the order of the labels: means use these codes")
    return out


def _source_line(col: _Column) -> str:
    if col.kind == "multi" and "columns" in col.info:
        pairs = ", ".join(f"{slug(o, 24)}: {_q(c)}" for o, c in col.info["columns"].items())
        return f"{{columns: {{{pairs}}}}}"
    if col.kind == "multi":
        return f"{{column: {_q(col.column)}, separator: {_q(col.info.get('separator', ';'))}}}"
    return f"{{column: {_q(col.column)}}}"


def _render_variable(var: dict[str, Any]) -> list[str]:
    out = [f"  - name: {var['name']}", f"    type: {var['type']}"]
    pool = _resolve(var["pool"])
    if pool is not None and var["type"] in ("likert", "single"):
        out.append(f"    scale: {pool.name}")
    out.append(f"    label: {_q(var['question'])}")
    for note in var["review"]:
        out.append(f"    # REVIEW: {note}")
    if var["type"] == "site":
        out.append("    # the answers are mapped to config/sites.csv (label or alias): fill in municipality and"
                   " co_located there")
    if var["type"] == "numeric":
        valid = [c.info["valid"] for c in var["sources"].values() if "valid" in c.info]
        if valid:
            lo, hi = min(v[0] for v in valid), max(v[1] for v in valid)
            out.append(f"    valid: [{_q(lo)}, {_q(hi)}]         # the range seen in the export(s); widen if needed")
    if var["type"] == "multi":
        out.append("    options:                       # option key -> label; result columns "
                   f"{var['name']}__<key>")
        keys: dict[str, str] = {}
        for option in var["options"]:
            keys.setdefault(slug(option, 24), option)
        out += [f"      {k}: {_q(v)}" for k, v in keys.items()]
    out.append("    sources:")
    out += [f"      {_q(w)}: {_source_line(c)}" for w, c in var["sources"].items()]
    return out


def _render(pools: list[_Pool], variables: list[dict[str, Any]], notes: list[str], exports: Sequence[Path]) -> str:
    head = ["# DRAFT codebook written by `surveykit codebook draft` from:",
            *[f"#   wave {i}: {Path(p).name}" for i, p in enumerate(exports, start=1)],
            "#",
            "# Review it before use (then delete this header):",
            "#  - names: short snake_case names are used in config/report.yaml and in the tables;",
            "#  - scales: levels must run low -> high (the code is the score used for means); `top_box` lists",
            "#    the codes counted as agreeing; `nonsubstantive` answers (\"Vet ikke\") are left out of means;",
            "#  - every `# REVIEW:` comment marks something a person must decide (delete it when done);",
            "#  - then run `surveykit validate`: it names every answer the codebook does not know.",
            "# Reference: docs/config.md and docs/own-data.md in the surveykit repository.",
            *(["#", *[f"# {n}" for n in notes]] if notes else []),
            ""]
    body = ["scales:"]
    for pool in pools:
        body += _render_scale(pool)
    if not pools:
        body[0] = "scales: {}"
    body += ["", "variables:"]
    for var in variables:
        body += _render_variable(var)
    if not any(v["type"] == "site" for v in variables):
        body += ["  # No column looked like the site (library / service centre) respondents use. To compare sites,",
                 "  # add the question that asks for it, and list the sites in config/sites.csv:",
                 "  # - name: site",
                 "  #   type: site",
                 "  #   label: \"Hvilket bibliotek bruker du mest?\"",
                 "  #   sources:",
                 "  #     \"1\": {column: \"Hvilket bibliotek bruker du mest?\"}"]
    return "\n".join(head + body) + "\n"
