"""A draft checks itself: it is cleaned against the exports it was drafted from, as `surveykit
validate` would, and every question that fails is made valid (kept as text, a number's stray
answers declared missing, unseen options added) with a REVIEW note saying why.

Example:
    >>> result = validate_draft(text, raws, waves, proposals, sites)   # doctest: +SKIP
    >>> result.failures.empty                                          # doctest: +SKIP
    True
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.clean.mapping import extract_sources
from surveykit.clean.screening import screen
from surveykit.clean.wave import IdentifierColumnError, clean_wave
from surveykit.config.codebook import load_codebook
from surveykit.config.sites import load_sites
from surveykit.config.study import Rule, WaveConfig
from surveykit.errors import ValidationError
from surveykit.scaffold.variables import Var
from surveykit.scaffold.vendor import Proposal

__all__ = ["SITE_COLUMNS", "Checked", "active_keys", "repair", "rules_of", "site_columns", "validate_draft"]

SITE_COLUMNS = ["site_id", "label", "kind", "aliases", "valid_from", "valid_to"]   # sites.py RESERVED, file order


def site_columns(rows: list[dict[str, str]]) -> list[str]:
    """The columns of a drafted config/sites.csv: the reserved ones, and after the label the
    attributes the draft found (a municipality column of the export), in the order first seen.

    >>> site_columns([]), site_columns([{"site_id": "a", "label": "A", "municipality": "X"}])[:3]
    (['site_id', 'label', 'kind', 'aliases', 'valid_from', 'valid_to'], ['site_id', 'label', 'municipality'])
    """
    extra = list(dict.fromkeys(k for r in rows for k in r if k not in SITE_COLUMNS))
    return [*SITE_COLUMNS[:2], *extra, *SITE_COLUMNS[2:]]


@dataclass
class Checked:
    """What cleaning the draft gave: failures per wave, rows each rule rejects, rows kept."""

    failures: dict[str, pd.DataFrame] = field(default_factory=dict)
    counts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)   # rule key -> wave -> (hit, n)
    kept: dict[str, int] = field(default_factory=dict)


def rules_of(proposals: dict[str, Proposal], active: set[str]) -> list[Rule]:
    """The screening rules of the proposals (only the ``active`` keys)."""
    out = []
    for key, p in proposals.items():
        if key not in active:
            continue
        r = p.rule
        if key == "window":
            continue  # proposed switched off
        out.append(Rule(reason={"complete": "incomplete"}.get(key, key), variable=r.get("variable"),
                        pattern=r.get("pattern"), values=tuple(r.get("values", ())),
                        required=tuple(r.get("required", ())), incomplete=tuple(r.get("incomplete", ())),
                        waves=tuple(r.get("waves", ()))))
    return out


def active_keys(counts: dict[str, dict[str, tuple[int, int]]], waves: list[str]) -> set[str]:
    """The screening rules switched on: some wave can apply them (a rule that only some waves can
    apply names them in ``waves:``), and they keep rows in every wave."""
    out = set()
    for key, per_wave in counts.items():
        if key == "window" or not any(w in per_wave for w in waves):
            continue
        if any(hit == n and n > 0 for hit, n in per_wave.values()):
            continue
        out.add(key)
    return out


def validate_draft(text: str, raws: dict[str, Any], waves: dict[str, WaveConfig], proposals: dict[str, Proposal],
                   sites: list[dict[str, str]]) -> Checked:
    """Clean every wave with the drafted codebook and the screening rules that will be switched on;
    count what each proposed rule rejects."""
    out = Checked()
    with tempfile.TemporaryDirectory() as tmp:
        cb_path, site_path = Path(tmp) / "codebook.yaml", Path(tmp) / "sites.csv"
        cb_path.write_text(text, encoding="utf-8")
        pd.DataFrame(sites, columns=site_columns(sites)).to_csv(site_path, index=False)
        codebook = load_codebook(cb_path, list(waves))
        site_table = load_sites(site_path)
    extracted = {}
    for wave_id, raw in raws.items():
        values, missing, _ = extract_sources(raw.data, raw.questions, codebook, wave_id)
        extracted[wave_id] = values
        if missing:
            out.failures[wave_id] = pd.DataFrame(missing)
        for key, p in proposals.items():
            rule = rules_of({key: p}, {key})
            if not rule or any(n not in values for n in [rule[0].variable, *rule[0].required] if n):
                continue
            hit = screen(values, rule, raw.data.index, wave=wave_id).notna()
            out.counts.setdefault(key, {})[wave_id] = (int(hit.sum()), raw.n_rows)
    for key, per_wave in out.counts.items():  # a rule some waves cannot apply: for the others only
        if key in proposals and 0 < len(per_wave) < len(raws):
            proposals[key].rule["waves"] = [w for w in raws if w in per_wave]
    rules = rules_of(proposals, active_keys(out.counts, list(raws)))
    for wave_id, raw in raws.items():
        try:
            result = clean_wave(raw, waves[wave_id], codebook, site_table, rules, key=b"draft")
            out.kept[wave_id] = result.quality["responses"]
        except ValidationError as exc:
            out.failures[wave_id] = pd.concat([out.failures.get(wave_id), exc.failures])
        except IdentifierColumnError as exc:  # the draft missed it: made a replaced text by repair()
            found = pd.DataFrame([{"row": 0, "column": exc.column, "check": "direct_identifier", "value": exc.what}])
            out.failures[wave_id] = pd.concat([out.failures.get(wave_id), found])
    return out


def _owners(variables: list[Var], wave: str, column: str) -> list[Var]:
    return [v for v in variables if wave in v.sources and (
        v.sources[wave].column == column or column in (v.sources[wave].columns or {}).values()
        or v.name == column)]


def repair(variables: list[Var], checked: Checked, commas: dict[str, list[str]] | None = None) -> bool:
    """Make every failing question valid, with a REVIEW note; True when something changed.
    ``commas``: per wave, the columns of its file read as numbers with decimal commas (a hint the
    note on an ambiguous "1.500" gives, never a decision)."""
    changed = False
    for wave, table in checked.failures.items():
        if table is None or table.empty:
            continue
        for (column, check), rows in table.groupby(["column", "check"], sort=False):
            values = [str(v) for v in rows["value"].astype(str).unique()[:5]]
            for var in _owners(variables, wave, str(column)):
                changed |= _fix(var, wave, str(check), values, len(rows), (commas or {}).get(wave, []))
    return changed


def _fix(var: Var, wave: str, check: str, values: list[str], n: int, commas: list[str] = ()) -> bool:
    src = var.sources[wave]
    shown = ", ".join(repr(v) for v in values)
    if var.typed and check != "direct_identifier":  # its multi-select's column: the failure is the multi's
        return False
    if check == "unknown_option" and var.type == "multi":
        new = [v for v in values if v not in var.options]
        src.other = list(dict.fromkeys([*src.other, *new]))
        if not new and src.other:
            return False
        var.review.append(f"answers that are no option ({shown}) count as typed-in 'other' answers; their texts are "
                          "kept in the free-text variable after it (`other_of`)")
        return True
    if check == "duplicate_column":
        return False
    site = var.type == "site" and var.scale is not None and check != "direct_identifier"
    var.type = "single" if site else "text"
    var.scale = None
    var.options = []
    for c in var.sources.values():
        c.kind, c.columns, c.separator, c.recode = "text", None, None, {}
    if check == "direct_identifier":  # never in clear: as a text, every filled cell is replaced
        var.review.append(f"holds {values[0]}: kept as text, so every filled cell is replaced by a placeholder in "
                          "data/processed; delete this variable unless you need to count who answered it")
        return True
    if check == "ambiguous_number":  # 1,500 or 1.500: 1.5 or 1500? only the person who knows the data can say
        others = [c for c in commas if c not in var.columns()]
        hint = (f"; the file's column(s) {others[:3]} write decimal commas, so `decimal: comma` is likely (check it)"
                if others else "")
        var.review.append(f"kept as text: answers such as {shown} ({n} cell(s)) are 1.5 or 1500 by the decimal mark, "
                          "and no other answer tells which: make it `type: numeric` with `decimal: point` "
                          f"(1,500 = 1500) or `decimal: comma` (1.500 = 1500){hint}")
        return True
    var.review.append(f"kept as text: as drafted it did not fit the answers ({check}: {shown}, {n} cell(s)); "
                      "give it a type and scale that fit")
    return True
