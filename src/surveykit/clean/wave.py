"""Clean one wave: raw export -> typed responses, rejects with reasons, quality numbers.

Example:
    >>> result = clean_wave(raw, wave, codebook, sites, rules, key=b"k")   # doctest: +SKIP
    >>> result.quality["raw_rows"] == result.quality["responses"] + result.quality["rejected"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from surveykit.clean import coding
from surveykit.clean.identifiers import WHAT, column_identifier
from surveykit.clean.mapping import extract_sources
from surveykit.clean.name_answers import name_answers
from surveykit.clean.privacy import (
    PLACEHOLDERS,
    canonical_ids,
    mask_column,
    mask_text,
    pseudonymise,
)
from surveykit.clean.screening import REASONS, screen
from surveykit.config.codebook import Codebook, Variable, normalise_label
from surveykit.config.sites import SiteTable
from surveykit.config.study import WAVE_COLUMN, Rule, WaveConfig
from surveykit.errors import (
    FAILURE_COLUMNS,
    DataError,
    ValidationError,
    summarise_failures,
)
from surveykit.io._text import encoding_check
from surveykit.io.raw import NOT_RESPONDENTS, RawExport, formula_text_note, merged_rows_note

__all__ = ["IdentifierColumnError", "WaveResult", "clean_wave"]

log = logging.getLogger("surveykit.clean")


@dataclass(frozen=True)
class WaveResult:
    """The outcome of cleaning one wave."""

    responses: pd.DataFrame
    rejects: pd.DataFrame
    quality: dict[str, Any]


def _code_variable(var: Variable, raw: pd.Series | pd.DataFrame, codebook: Codebook, language: str,
                   column: str | None, wave_id: str) -> tuple[dict[str, pd.Series], list[dict]]:
    source = var.sources[wave_id]
    if var.type == "multi":
        return coding.code_multi(raw, var, language, source.separator, source_column=column)
    if var.type in ("likert", "single") and var.scale:
        return coding.code_scaled(raw, var.name, codebook.scales[var.scale], language, source.recode,
                                  source_column=column, missing=var.missing)
    if var.type == "single":
        return coding.code_levels(raw, var, source_column=column, recode=source.recode)
    if var.type == "numeric":
        return coding.code_numeric(raw, var, source_column=column, recode=source.recode)
    if var.type == "date":
        return coding.code_date(raw, var, source_column=column)
    if var.type == "text" and var.other_of is not None:  # the parts typed in to a multi-select's answers
        multi = codebook.variable(var.other_of)
        return coding.code_typed(raw, var, multi, multi.sources[wave_id].separator, source_column=column)
    if var.type == "text":
        return coding.code_text(raw, var, source_column=column)
    if var.type == "id":
        return {var.name: canonical_ids(raw)}, []
    return {var.name: raw.astype("string").str.strip()}, []  # site: handled after


def _not_offered(item: pd.Series, var: Variable, codebook: Codebook, wave_id: str, column: str,
                 raw: pd.Series) -> list[dict]:
    """Answers of levels the source says its wave did not offer (``offered:``): the codebook or the
    mapping is wrong, and the comparison of the waves would rest on it."""
    scale = codebook.scales[var.scale]
    offered = set(var.sources[wave_id].offered or ())
    codes = np.array([lv.code for lv in scale.levels] + [np.nan])[item.cat.codes.to_numpy()]
    bad = item.notna().to_numpy() & ~np.isin(codes, list(offered))
    return coding.cell_failures(
        raw.index[bad], column, "not_offered", raw[bad],
        f"an answer of a level wave {wave_id} offered: `variables.{var.name}.sources.{wave_id}.offered` lists "
        f"{sorted(offered)}; add the level's code there if the wave offered it, or correct the source's `recode`")


def _recoded_to_null(source) -> bool:
    return any(v is None for v in source.recode.values())


def _count_missing_codes(raw: pd.Series | pd.DataFrame, var: Variable, source) -> int:
    """Rows whose answer is a code for no answer (the variable's ``missing:``, or a value the
    source's ``recode`` maps to null): counted apart in quality.json."""
    codes = (*var.missing, *(k for k, v in source.recode.items() if v is None))
    frame = raw if isinstance(raw, pd.DataFrame) else raw.to_frame()
    hit = np.zeros(len(frame), dtype=bool)
    for j in range(frame.shape[1]):
        hit |= coding.declared_missing(frame.iloc[:, j], codes).to_numpy()
    return int(hit.sum())


def _check_value_labels(raw_export: RawExport, var: Variable, column: str, codebook: Codebook,
                        recode: dict[str, Any] | None = None) -> list[dict]:
    """SPSS-style value labels must agree with the scale: code c's label must be a text of level c
    (after the source's ``recode``: code c is read as the level ``recode`` maps it to). A label
    the file gives to several codes (HHTYPE 43 and 51 = "3rd person related, no children") names
    none of them: such a code need only be a level of the scale."""
    labels = raw_export.value_labels.get(column)
    if not labels or not var.scale:
        return []
    scale = codebook.scales[var.scale]
    by_codes, by_labels = scale.lookup("codes"), scale.lookup("labels")
    recoded = {normalise_label(k): normalise_label(v) for k, v in (recode or {}).items()}
    given = Counter(normalise_label(label) for label in labels.values())
    no_answer = {normalise_label(m) for m in var.missing} | {normalise_label(k) for k, v in (recode or {}).items()
                                                              if v is None}
    out = []
    for code, label in labels.items():
        key = normalise_label(code)
        if key in no_answer:   # a code for no answer (`missing:`): no answer of the scale
            continue
        by_code = by_codes.get(recoded.get(key, key))
        by_label = by_labels.get(normalise_label(label))
        if by_code is not None and given[normalise_label(label)] > 1:
            continue
        if by_code is None or by_label is None or by_code[0].code != by_label[0].code:
            out.append({
                "row": 0, "column": column, "check": "value_label_mismatch", "value": f"{code} = {label!r}",
                "expected": f"code {code} labelled as in scale `{var.scale}` "
                f"({codebook.scales[var.scale].allowed_text()}); add {label!r} to that level's aliases "
                f"in config/codebook.yaml or recode the export",
            })
    return out


def _check_site_labels(raw_export: RawExport, column: str, sites: SiteTable) -> list[dict]:
    """SPSS-style value labels of the site column must name the site its code stands for:
    code 3 labelled "Mjøndalen" while sites.csv gives code 3 to another site is an error; a
    label naming no site at all is a warning."""
    labels = raw_export.value_labels.get(column)
    if not labels:
        return []
    aliases = sites.alias_map()
    out = []
    for code, label in labels.items():
        by_code = aliases.get(normalise_label(code))
        by_label = aliases.get(normalise_label(label))
        if by_code is not None and by_label is not None and by_code != by_label:
            out.append({"row": 0, "column": column, "check": "value_label_mismatch",
                        "value": f"{code} = {label!r}",
                        "expected": f"code {code} labelled as its site in {sites.file} ({by_code!r}, while the label "
                        f"names {by_label!r}); fix the aliases there or recode the export"})
        elif by_label is None and by_code is not None:
            out.append({"row": 0, "column": column, "check": "value_label_unknown", "severity": "warning",
                        "value": f"{code} = {label!r}",
                        "expected": f"a label naming site {by_code!r} of {sites.file}; add {label!r} to its aliases"})
    return out


def _identifier_source(raw_export: RawExport, column: str, var: Variable) -> str | None:
    """The kind of direct identifier an export column holds, by the test ``codebook draft``
    leaves columns out with (:func:`surveykit.clean.identifiers.column_identifier`); else None."""
    found = column_identifier(raw_export.data[column], [column, raw_export.questions.get(column)],
                              by_content=var.type in ("text", "numeric", "id", "single", "likert"))
    return found[0] if found else None


def _identifier_policy(var: Variable, kind: str, column: str, file: str) -> None:
    """An identifier column may only be a pseudonymised id or a text whose cells are replaced."""
    if (var.type == "id" and not var.keep) or var.type == "text":
        return
    what = WHAT.get(kind, "direct identifiers")
    fix = ("remove `keep: true` so it is pseudonymised" if var.type == "id" else
           "map it as `type: id` (pseudonymised) or `type: text` (its cells replaced), or leave it out of the codebook")
    raise IdentifierColumnError(f"{file}, column {column!r} (variable {var.name!r}, type {var.type}): holds {what}, "
                                f"which must never reach data/processed in clear; {fix}.", column, what)


class IdentifierColumnError(DataError):
    """A codebook maps a direct identifier column other than as a pseudonymised id or a replaced text."""

    def __init__(self, message: str, column: str, what: str):
        super().__init__(message)
        self.column, self.what = column, what


def _site_columns(raw: pd.Series, sites: SiteTable, field_date: Any, column: str) -> tuple[dict[str, pd.Series], list[dict]]:
    """The site id, its label and every site attribute and per-wave grouping at ``field_date``."""
    aliases = sites.alias_map()
    mapped, blank = coding.map_labels(raw, aliases)
    unknown = mapped.isna() & ~blank
    failures = coding.cell_failures(
        raw.index[unknown], column, "unknown_site", raw[unknown],
        f"a site in {sites.file} (id, label or alias); add it to the `aliases` of the right site there",
    )
    at = sites.at(field_date)
    ids = mapped.astype(object)
    out_of_force = mapped.notna() & ~mapped.isin(at.index)  # a known site, no row at this date
    if out_of_force.any():
        failures += coding.cell_failures(
            raw.index[out_of_force], column, "site_not_in_force", raw[out_of_force],
            f"a site with a row of {sites.file} in force at the wave's field_date {pd.Timestamp(field_date).date()} "
            "(valid_from/valid_to); widen that site's period there, or add a row for this date",
        )
    out = {"site": ids.astype("string"), "site_label": ids.map(at["label"].to_dict()).astype("string")}
    for name in sites.attributes:
        values = ids.map(at[name].to_dict())
        out[name] = values.astype("boolean") if sites.column_type(name) == "boolean" else \
            values.astype("string").replace("", pd.NA)
    for g in sites.config.groupings:
        if not g.over_waves:
            out[g.name] = pd.Series(pd.Categorical(ids.map(at[g.name].to_dict()), categories=g.values()), index=raw.index)
    return out, failures


def _warning_text(file: str, w: dict) -> str:
    return f'{file}, row {w["row"]}, column "{w["column"]}": {w["check"]}: {w["value"]}; expected {w["expected"]}'


def _reader_warnings(raw_export: RawExport, options: dict | None = None) -> list[str]:
    """What the reader tolerated, for quality.json: a guessed encoding, skipped blank rows.

    What the wave's ``options:`` say (an encoding, a decimal comma) was chosen, not tolerated:
    no warning for it (the advice to give the option was repeated after it was followed)."""
    meta, name, out = raw_export.meta, raw_export.name, []
    options = options or {}
    if str(meta.get("encoding", "utf-8")).lower() not in ("utf-8", "utf-8-sig", "ascii") and raw_export.format != "sav" \
            and not options.get("encoding"):
        data = raw_export.data
        texts = [*map(str, data.columns), *(v for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])
                                            for v in data[c].dropna().unique() if isinstance(v, str))]
        out.append(f"{name}: read as {meta['encoding']} (not UTF-8); check that {encoding_check(texts)} in "
                   "data/processed, or give `options: {encoding: ...}` for the wave in surveykit.yaml")
    if meta.get("skipped_empty_rows"):
        rows = meta["skipped_empty_rows"]
        out.append(f"{name}: {len(rows)} empty row(s) skipped (rows {rows[:10]}: no cell or only spaces); they hold no answers")
    if meta.get("title_rows"):
        out.append(f"{name}: title line(s) above the header passed over ({'; '.join(meta['title_rows'])}); "
                   f"the header is row {meta['header_rows'][0]}")
    for field, (reason, what) in NOT_RESPONDENTS.items():
        if meta.get(field):
            rows = meta[field]
            out.append(f"{name}: {len(rows)} row(s) are {what}, not a respondent "
                       f"({', '.join(f'row {r}: {t!r}' for r, t in rows[:10])}): rejected (reason {reason!r} "
                       "in rejects.csv)")
    if meta.get("formula_texts"):
        out.append(f"{name}: {formula_text_note(meta['formula_texts'])}")
    if meta.get("merged_rows"):
        out.append(f"{name}: {merged_rows_note(meta['merged_rows'])}")
    if meta.get("decimal_comma_columns") and options.get("decimal") != ",":
        out.append(f"{name}: decimal commas read as numbers in column(s) {meta['decimal_comma_columns']}")
    return out


def _differing_repeats(values: dict, reasons: pd.Series, id_name: str | None) -> list[tuple[int, int, int]]:
    """The rows rejected as repeats of an id whose answers differ from the id's first row:
    (row, answers that differ, answers compared). An export's repeated row is identical; a
    row that differs is the same person answering again, or two people with one id."""
    if not id_name or id_name not in values or not isinstance(values[id_name], pd.Series):
        return []
    repeats = reasons.index[(reasons == "duplicate").to_numpy()]
    if not len(repeats):
        return []
    ids = canonical_ids(values[id_name])
    first = ids[ids.notna()].drop_duplicates(keep="first")
    origin = ids.loc[repeats].map(pd.Series(first.index, index=first.to_numpy()))
    repeats, origin = repeats[origin.notna().to_numpy()], origin.dropna().astype("int64").to_numpy()
    answers = pd.DataFrame({k: v.astype("string").str.strip() for k, v in values.items()
                            if k != id_name and isinstance(v, pd.Series)})
    if answers.empty or not len(repeats):
        return []
    mine = answers.loc[repeats].to_numpy(dtype=object)
    theirs = answers.loc[origin].to_numpy(dtype=object)
    absent_mine, absent_theirs = pd.isna(mine), pd.isna(theirs)
    compared = ~(absent_mine & absent_theirs)
    same_text = np.where(absent_mine, "", mine).astype(str) == np.where(absent_theirs, "", theirs).astype(str)
    differ = compared & ((absent_mine != absent_theirs) | ~same_text)
    return [(int(r), int(d), int(n)) for r, d, n in zip(repeats, differ.sum(axis=1), compared.sum(axis=1), strict=True)
            if d]


def _id_warnings(values: dict, id_var: str | None, kept: pd.Series, counts: dict[str, int], file: str,
                 differing: Sequence[tuple[int, int, int]] = ()) -> list[str]:
    """Duplicated respondent ids: rejected (screening rule) or, without a rule, kept but reported."""
    out = []
    if counts.get("duplicate"):
        out.append(f"{file}: {counts['duplicate']} row(s) rejected as repeats of an earlier respondent id "
                   "(reason 'duplicate' in rejects.csv); the first row of each id is kept")
    if differing:
        shown = ", ".join(f"row {r}: {d} of {n} answers" for r, d, n in differing[:5])
        out.append(f"{file}: {len(differing)} of those rejected repeats differ from their id's first row ({shown}"
                   f"{' …' if len(differing) > 5 else ''}); a repeated row of the export is identical, so check "
                   "whether each is the same person answering again or two people sharing an id (then correct "
                   "the id in the export)")
    if id_var and id_var in values:
        ids = values[id_var][kept].astype("string").str.strip()
        dup = ids[ids.notna() & ids.duplicated(keep=False)]
        if len(dup):
            out.append(f"{file}: {dup.nunique()} respondent id(s) occur in more than one kept row "
                       f"(rows {[int(r) for r in dup.index[:10]]}); add `screening.duplicate` to surveykit.yaml "
                       "to keep only the first, or check the export")
    return out


def _derived_for_screening(values: dict, codebook: Codebook, rules: Sequence[Rule], wave_id: str) -> dict:
    """Derived variables a screening rule requires (``required: [age_group]``), as screening sees them.

    A row has the derived variable when its source is a number inside the bins (age 15 has no
    age group when the first break is 20); a blank or a ``missing:`` answer has none. A cell that
    is not a readable number counts as answered here: the cleaning then reports it, as it does for
    every kept row, instead of screening rejecting it quietly.
    """
    required = {name for rule in rules for name in rule.required}
    out: dict[str, pd.Series] = {}
    for var in codebook.variables:
        source = values.get(var.derive["from"]) if var.derive else None
        if var.name not in required or var.name in values or not isinstance(source, pd.Series):
            continue
        of = codebook.variable(var.derive["from"])
        recode = of.sources[wave_id].recode if wave_id in of.sources else None
        cols, fails = coding.code_numeric(source, of, recode=recode)
        unreadable = source.index.isin([f["row"] for f in fails])
        has = coding.derive_bins(cols[of.name], var).notna().to_numpy() | unreadable
        out[var.name] = pd.Series(np.where(has, "x", None), index=source.index, dtype=object)
    return out


def clean_wave(raw_export: RawExport, wave: WaveConfig, codebook: Codebook, sites: SiteTable,
               rules: Sequence[Rule], *, key: bytes, language: str = "nb") -> WaveResult:
    """Apply the codebook to one wave's export; raise one ValidationError listing every failure."""
    data = raw_export.data
    values, failures, used = extract_sources(data, raw_export.questions, codebook, wave.id)
    no_answer = {v.name: v.missing for v in codebook.variables if v.missing}
    derived = _derived_for_screening(values, codebook, rules, wave.id) if not failures else {}
    reasons = (screen({**values, **derived}, rules, data.index, wave=wave.id, no_answer=no_answer) if not failures
               else pd.Series(None, index=data.index, dtype=object))
    # a spreadsheet's total line ("Totalt", "Gjennomsnitt") at the end, a repeated header: no respondent
    not_respondents = {}
    for field, (reason, _) in NOT_RESPONDENTS.items():
        rows = [row for row, _ in raw_export.meta.get(field, []) or [] if row in reasons.index]
        if rows:
            reasons.loc[rows] = reason
            not_respondents[reason] = len(rows)
    kept = reasons.isna()
    columns: dict[str, pd.Series] = {}
    quality_items: dict[str, dict[str, int]] = {}
    masked_cells, masked_kinds, identifier_notes = 0, Counter(), []
    for var in codebook.variables:
        if var.name not in values:
            continue
        raw = values[var.name][kept]
        src = var.sources[wave.id]
        found = values[var.name]
        column = (found.name if src.column is not None and isinstance(found, pd.Series)
                  and found.name in data.columns else None)  # the column `occurrence` picked
        source = found.name if isinstance(found, pd.Series) else None  # also one found by a pattern
        labelled = source if source in data.columns else None   # its value labels are checked, however found
        ident = _identifier_source(raw_export, source, var) if labelled else None
        if ident:
            _identifier_policy(var, ident, source, raw_export.name)
        if var.type == "site":
            cols, fails = _site_columns(raw, sites, wave.field_date, column or var.name)
            if labelled:
                fails += _check_site_labels(raw_export, labelled, sites)
        else:
            cols, fails = _code_variable(var, raw, codebook, language, column, wave.id)
            if src.offered is not None and var.scale:
                fails += _not_offered(cols[var.name], var, codebook, wave.id, column or var.name, raw)
            if labelled:
                fails += _check_value_labels(raw_export, var, labelled, codebook, src.recode)
        failures += fails
        if var.type == "text" and ident:
            text = cols[var.name]
            filled = text.notna()
            cols[var.name] = text.where(~filled, PLACEHOLDERS.get(ident, "[skjult]"))
            masked_cells += int(filled.sum())
            masked_kinds[ident] += int(filled.sum())
            identifier_notes.append(f"{raw_export.name}, column {source!r} (variable {var.name!r}) holds direct "
                                    f"identifiers ({ident}): its {int(filled.sum())} filled cells were replaced by "
                                    f"{PLACEHOLDERS.get(ident, '[skjult]')}")
        elif var.type == "text":
            before = cols[var.name] if var.other_of is not None else raw.astype("string").str.strip()
            cols[var.name], kinds = mask_column(cols[var.name])
            masked_cells += int((cols[var.name] != before).fillna(False).sum())
            masked_kinds.update(kinds)
        columns.update(cols)
        named = name_answers(raw) if var.type == "single" and isinstance(raw, pd.Series) else None
        if named:   # "Nama PIC" drafted or written as a single choice: every name an answer label
            identifier_notes.append(
                f"REVIEW: {raw_export.name}, column {source!r} (variable {var.name!r}) is a single choice whose "
                f"{named}: each is a label of its scale, printed wherever the report shows its answers (a row hidden "
                "for resting on fewer than privacy.min_cell answers keeps its label). If they are names, leave the column out "
                "of the codebook; if they are not (places, products, activities), this warning can be ignored")
        if var.type in ("likert", "single"):
            quality_items[var.name] = {
                "answered": int(cols[var.name].notna().sum()),
                "nonsubstantive": int(cols.get(f"{var.name}__dk", pd.Series(dtype=bool)).sum()),
                "missing": int(cols[var.name].isna().sum() - cols.get(f"{var.name}__dk", pd.Series(dtype=bool)).sum()),
            }
        if var.type in ("likert", "single", "multi", "numeric") and (var.missing or _recoded_to_null(src)):
            # of the missing, those the export coded as no answer (`missing:`, or `recode` to null)
            quality_items.setdefault(var.name, {})["missing_codes"] = _count_missing_codes(raw, var, src)
    warnings = [f for f in failures if f.get("severity") == "warning"]
    failures = [f for f in failures if f.get("severity") != "warning"]
    if failures:
        table = pd.DataFrame(failures)
        table.insert(0, "file", raw_export.name)
        table = table[FAILURE_COLUMNS]
        raise ValidationError(
            f"{raw_export.source} (wave {wave.id}): {len(table)} problem(s) found; nothing was written.\n"
            + summarise_failures(table),
            table,
        )
    frame = pd.DataFrame(columns, index=data.index[kept])
    for var in codebook.variables:  # derived variables (e.g. age groups), and absent ones as missing
        if var.derive and var.derive["from"] in frame:
            frame[var.name] = coding.derive_bins(frame[var.derive["from"]], var)
    # every id variable is pseudonymised (an interviewer or a second respondent id as well),
    # unless the codebook keeps it in clear (`keep: true`, refused above for direct identifiers)
    id_vars = [v.name for v in codebook.variables if v.type == "id" and not v.keep and v.name in values]
    for name in id_vars:
        frame[name] = pseudonymise(canonical_ids(values[name][kept]), key, salt=wave.id)
    id_var = id_vars[0] if id_vars else None
    frame.insert(0, WAVE_COLUMN, wave.id)
    frame.insert(1, "row", frame.index.to_numpy(dtype=np.int64))
    frame = frame.reset_index(drop=True)
    rejects = pd.DataFrame({"wave": wave.id, "row": data.index[~kept].to_numpy(dtype=np.int64),
                            "reason": reasons[~kept].to_numpy(dtype=object)})
    if id_var and id_var in values:
        rejects["respondent_id"] = pseudonymise(canonical_ids(values[id_var][~kept]), key, salt=wave.id).to_numpy()
    configured = {rule.reason for rule in rules}
    duplicate_rule = next((rule for rule in rules if rule.reason == "duplicate"), None)
    counts = {r: int((reasons == r).sum()) for r in REASONS if r != "outside_window" or r in configured}
    counts.update(not_respondents)
    quality = {
        "file": str(raw_export.source),
        "format": raw_export.format,
        "raw_rows": len(data),
        "responses": int(kept.sum()),
        "rejected": int((~kept).sum()),
        "reasons": counts,
        "masked_text_cells": masked_cells,
        "masked_by_kind": {k: int(masked_kinds[k]) for k in sorted(masked_kinds)},
        "variables_absent": [v.name for v in codebook.variables if v.sources and wave.id not in v.sources],
        # texts of the export (a header can be a name, a phone number) are masked as free text is
        "unused_columns": [mask_text(str(c)) for c in data.columns if c not in set(used)],
        "items": quality_items,
        "warnings": [mask_text(w) for w in _reader_warnings(raw_export, wave.options)
                     + [_warning_text(raw_export.name, w) for w in warnings]
                     + _id_warnings(values, id_var, kept, counts, raw_export.name,
                                    _differing_repeats(values, reasons, duplicate_rule.variable if duplicate_rule else None))
                     + identifier_notes],
    }
    for text in quality["warnings"]:
        log.warning("wave %s: %s", wave.id, text)
    log.info("wave %s: %d raw rows -> %d responses, %d rejected (%s)", wave.id, quality["raw_rows"],
             quality["responses"], quality["rejected"], ", ".join(f"{k} {v}" for k, v in counts.items()))
    return WaveResult(frame, rejects, quality)
