"""`surveykit codebook draft`: the draft codebook, report recipe, site table, waves and screening
of a blank study, checked against the exports it was drafted from.

Example:
    >>> draft_codebook([Path("data/raw/export.csv")], Path("config/codebook.yaml"))   # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from surveykit.config.study import WaveConfig
from surveykit.config.yamlfile import loads
from surveykit.errors import ConfigError, DataError
from surveykit.io.raw import NOT_RESPONDENTS
from surveykit.outputs import unlinked
from surveykit.scaffold.check import repair, site_columns, validate_draft
from surveykit.scaffold.lexicon import norm
from surveykit.scaffold.render import render
from surveykit.scaffold.replicate_weights import weighting_block
from surveykit.scaffold.report import draft_report
from surveykit.scaffold.results_table import results_table_hint, shares_table
from surveykit.scaffold.scales import Registry, present, resolve
from surveykit.scaffold.scan import ONE_OPTION_BLANK, scan
from surveykit.scaffold.sheets import choose_sheets
from surveykit.scaffold.study import (
    field_date,
    fill_study_yaml,
    language_of,
    screening_block,
    site_rows,
    wave_labels,
)
from surveykit.scaffold.variables import (
    Var,
    choose_site,
    distinct_labels,
    harmonise,
    name_scales,
    name_variables,
    typed_texts,
)
from surveykit.scaffold.vendor import Proposal, kept_rows, proposals, roles, unread_status

__all__ = ["draft_codebook", "draft_report"]

log = logging.getLogger("surveykit.scaffold")

_ROLE_OF_RULE = {"status": "status", "finished": "finished", "progress": "progress", "completed": "completed",
                 "distribution_channel": "channel", "submitted": "submitted", "started": "started"}


def _is_template(path: Path, name: str) -> bool:
    """True when ``path`` is missing or still the blank file `surveykit init` wrote."""
    if not path.exists():
        return True
    blank = (resources.files("surveykit") / "templates" / name).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8") == blank


def _proposals(raws: dict[str, Any], variables: list[Var]) -> dict[str, Proposal]:
    """Screening rules for the study: each tool convention found in some wave, when its variables exist."""
    names = {v.name for v in variables}
    has_id = "respondent_id" in names
    out: dict[str, Proposal] = {}
    ids = {w: next((c.column for c in v.sources.values() if c.wave == w), None)
           for v in variables if v.type == "id" for w in v.sources}
    for wave, raw in raws.items():
        for p in proposals(raw, roles(raw), has_id, ids.get(wave)):
            needed = [p.rule.get("variable")] if p.rule.get("variable") else list(p.rule.get("required", []))
            if not all(n in names for n in needed):
                continue
            if p.key not in out:
                out[p.key] = p
            elif out[p.key].rule.get("variable") == p.rule.get("variable"):
                for key in ("values", "incomplete"):  # each wave's codes and texts
                    if key in p.rule:
                        values = out[p.key].rule.setdefault(key, [])
                        values += [v for v in p.rule[key] if v not in values]
    return out


def _texts(variables: list[Var]) -> list[str]:
    out = [v.question for v in variables]
    for v in variables:
        if v.pool is not None:
            out += [lv.labels[0] for lv in v.pool.levels]
    return out


def draft_codebook(exports: Sequence[Path], output: Path, *, force: bool = False,
                   report: Path | bool | None = None, sites: Path | bool | None = None,
                   sheet: Sequence[str] | str | None = None) -> Path:
    """Inspect the exports (one per wave, in order) and write a draft codebook that validates.

    When ``output`` is ``config/codebook.yaml`` of a study made by ``surveykit init``, the other
    blank files of that study are drafted too (never a file you have edited): the waves and the
    screening rules in surveykit.yaml, config/report.yaml (see :func:`draft_report`) and
    config/sites.csv (when a site question is found). ``report``/``sites`` give other paths for
    those, or ``False`` to skip. The blank codebook written by ``init`` is replaced without ``force``.
    ``sheet`` names the sheet holding the answers in the workbook exports: ``FILE=SHEET`` for one
    export, a plain name for every workbook having that sheet (:func:`.sheets.choose_sheets`; default:
    the first shown, or the only sheet that looks like respondent data when the first is a cover sheet).
    """
    from surveykit.io import read_export

    output = Path(output)
    if output.exists() and not force and not _is_template(output, "codebook.yaml"):
        raise ConfigError(f"{output} exists already. Use --force to overwrite it, or -o to write elsewhere.")
    if not exports:
        raise ConfigError("codebook draft: give at least one export file (one per wave).")
    _check_arguments(exports, output)
    sheets, sheet_notes = choose_sheets(exports, sheet)
    registry = Registry()
    scans, notes, raws = [], list(sheet_notes), {}
    read = []
    for path, chosen in zip(exports, sheets, strict=True):
        raw = read_export(path, sheet=chosen) if chosen is not None else read_export(path)
        dropped = []
        for key, (reason, what) in NOT_RESPONDENTS.items():  # a total line, a repeated header
            rows = raw.meta.get(key) or []
            if rows:  # no respondent: its numbers would widen every range, its texts be answers
                raw = dataclasses.replace(raw, data=raw.data.drop(index=[r for r, _ in rows]))
                dropped.append((reason, what, rows))
        read.append((Path(path), raw, dropped, field_date(raw, Path(path))))
    order = sorted(range(len(read)), key=lambda i: read[i][3][0])  # stable: the given order among equal dates
    if order != list(range(len(read))):
        notes.append("REVIEW: the exports were given in another order than their field dates; the waves are "
                     "listed earliest first: " + ", ".join(f"wave {k}: {read[i][0].name} ({read[i][3][0]})"
                                                            for k, i in enumerate(order, start=1)))
    read = [read[i] for i in order]
    exports = [r[0] for r in read]
    days = [r[3] for r in read]
    for w, (path, (day, why)) in enumerate(zip(exports, days, strict=True), start=1):
        if why and "not when it was fielded" in why:  # no date in the answers, the file's name or its folder
            log.warning(f"wave {w}: {path.name}: no time stamps and no year in its name or folder: its field_date "
                        f"{day} is the file's date; set the field date and the label in surveykit.yaml")
    for w, (path, raw, dropped, _day) in enumerate(read, start=1):
        wave = str(w)
        for reason, what, rows in dropped:
            shown = ", ".join(f"row {r}: {t!r}" for r, t in rows[:10])
            notes.append(f"REVIEW: wave {wave}: {Path(path).name}: left out {len(rows)} row(s) that are "
                         f"{what}, not a respondent ({shown}); the build rejects them too (reason {reason!r} "
                         "in rejects.csv)")
        summary = shares_table(raw.data)
        if summary is not None:  # every row drafted as a respondent: 175 "respondents" of a table's lines
            raise DataError(f"{Path(path).name}: it is a summary table of results, not one row per respondent: "
                            f"{summary}, as the shares of a crosstab by group do. Export the answers themselves "
                            "(one row per respondent: the tool's raw data or 'all responses' export) and draft again.")
        raws[wave] = raw
        keep, rejected = kept_rows(raw)
        if keep is not None:  # a preview's age of 2147483647 widens no `valid:` range
            notes.append(f"wave {wave}: the questions' kinds, levels and `valid:` ranges are drafted from the "
                         f"{int(keep.sum())} of {raw.n_rows} rows the drafted screening keeps; left out of them: "
                         + "; ".join(rejected) + " (if you switch a rule off, draft again or check those rows' "
                         "answers against `valid:`)")
        columns, wave_notes = scan(raw, wave, keep)
        notes.append(f"wave {wave}: {Path(path).name} read as {raw.format}, {raw.n_rows} rows, "
                     f"{len(raw.data.columns)} columns")
        hint = results_table_hint(raw.data)
        if hint is not None:
            notes.append(f"REVIEW: wave {wave}: {Path(path).name}: {hint}")
            log.warning(f"wave {wave}: {Path(path).name}: {hint.split(';')[0]}; see the REVIEW note "
                        "at the top of the drafted codebook")
        notes += wave_notes
        scans.append((wave, columns))
    variables = harmonise(scans, registry)
    empty_sources(variables, raws)
    site = choose_site(variables)
    if site is not None:
        site.type = "site"
    distinct_labels(variables)
    root = output.parent.parent if output.parent.name == "config" else None
    columns, groupings = _site_names(root)
    name_variables(variables, site, [*columns, *groupings])
    language, language_note = language_of(_texts(variables))
    if language_note:
        log.warning(f"language: {language_note} (surveykit.yaml, `study.language`)")
    labels = wave_labels([d for d, _ in days])
    waves = {w: WaveConfig(w, {"nb": labels[i]}, Path(exports[i]), days[i][0], sheet=raws[w].sheet)
             for i, w in enumerate(raws)}
    rules = _proposals(raws, variables)
    checked = None
    for _ in range(4):
        typed_texts(variables)   # the texts typed in to a multi-select's "Other" box, kept as free text
        scales = _scales(registry, variables)
        sites_table = site_rows(site, raws) if site is not None and site.type == "site" else []
        text = render(scales, variables, notes, exports, language)
        try:
            checked = validate_draft(text, raws, waves, rules, sites_table)
        except ConfigError as exc:  # the draft broke its own rules: never written, never blamed on the user
            raise ConfigError(draft_fault(str(exc), variables, exports)) from None
        commas = {w: list(raw.meta.get("decimal_comma_columns") or []) for w, raw in raws.items()}
        if not any(t is not None and not t.empty for t in checked.failures.values()) or not repair(
                variables, checked, commas):
            break
    weighting, design = weighting_block(variables)   # an agency's replicate weights: the design, no questions
    output.parent.mkdir(parents=True, exist_ok=True)
    unlinked(output).write_text(text, encoding="utf-8")
    filled = False
    if root is not None and (root / "surveykit.yaml").exists():
        wave_rows = [{"id": w, "label": labels[i], "field_date": days[i][0], "guessed": days[i][1],
                      "sheet": raws[w].sheet if raws[w].format in ("xlsx", "msforms", "googleforms") and raws[w].sheet
                      else None} for i, w in enumerate(raws)]
        filled = fill_study_yaml(root / "surveykit.yaml", exports, wave_rows, language,
                        screening_block(rules, checked.counts if checked else {}, list(raws),
                                        [f"wave {w}: {note}" for w, raw in raws.items()
                                         if (note := unread_status(raw)) is not None]), weighting,
                                        language_note=language_note)
        report = root / "config" / "report.yaml" if report is None else report
        sites = root / "config" / "sites.csv" if sites is None else sites
    if weighting is not None and not filled:  # no blank surveykit.yaml to write it in: said, never lost
        what = "replicate weights" if "replicates:" in weighting else "its own survey weights"
        log.warning(f"the export has {what} (see the codebook's header); surveykit.yaml was not "
                    "drafted, so write this `weighting:` block in it yourself, filling in what it marks "
                    "REVIEW:\n" + weighting.rstrip("\n"))
    if report and (_is_template(Path(report), "report.yaml") or force):
        kept = sum(checked.kept.values()) if checked else None
        n_sites = len(site_rows(site, raws)) if site is not None and site.type == "site" else None
        text = draft_report(loads(output.read_text(encoding="utf-8")), groupings=groupings, sites=n_sites,
                            families={s.name: s.family for s in scales}, design=design,
                            left_out=typed_like(variables, raws),
                            unreported=one_option_blank(variables) | one_answer_only(variables))
        if kept is not None and kept < 2:
            text = _empty_report(kept)
        unlinked(report).write_text(text, encoding="utf-8")
    if sites and site is not None and site.type == "site" and (_is_template(Path(sites), "sites.csv") or force):
        rows = site_rows(site, raws)
        pd.DataFrame(rows, columns=site_columns(rows)).to_csv(unlinked(sites), index=False, lineterminator="\n")
    return output


def empty_sources(variables: list[Var], raws: dict[str, Any]) -> None:
    """A question's column that another wave's export has but nobody answered there (left out of
    that wave's scan as empty) is the question's source in that wave too, with a REVIEW note: the
    report then says n = 0 for the wave, not that the question was not asked in it."""
    used = {(w, x) for v in variables for w, c in v.sources.items() for x in [c.column, *(c.columns or {}).values()]}
    for var in variables:
        if var.role or var.weight or var.typed or var.type == "id":
            continue
        last = list(var.sources.values())[-1]
        cols = list((last.columns or {}).values()) or [last.column]
        for wave, raw in raws.items():
            if wave in var.sources or last.occurrence or any((wave, c) in used for c in cols):
                continue
            if all(c in raw.data.columns and present(raw.data[c]).empty for c in cols):
                var.sources[wave] = dataclasses.replace(last, wave=wave, review=[])
                var.sources = dict(sorted(var.sources.items(), key=lambda kv: list(raws).index(kv[0])))
                var.review.append(f"wave {wave}: its column is in the export but empty (nobody answered it there): "
                                  "kept as its source, so the report says n = 0 for the wave; if the question was "
                                  "not asked in that wave, delete this source (the report then says so)")


def typed_like(variables: list[Var], raws: dict[str, Any]) -> dict[str, str]:
    """The single choices whose answers in some wave are mostly each given by one respondent (three
    or more, and half of its distinct answers or more), as the texts typed in to a box are: name ->
    why. The drafted report leaves them out, so that no one's own words are printed as answer
    labels (the codebook keeps them, with their notes). A scale with the file's codes (value
    labels, numbered answers: "4. Being hosted for free") is a form's options, chosen, however rarely."""
    out = {}
    for var in variables:
        if var.type != "single" or var.pool is None or var.pool.ordered or var.pool.fixed or not var.name:
            continue
        for wave, col in var.sources.items():
            data = raws[wave].data if wave in raws else None
            if data is None or col.columns or col.column not in data.columns:
                continue
            counts = present(data[col.column]).astype(str).map(norm).value_counts()
            # a short whole number ("2", "7" of a 1-7 rating) given once is a point of a scale, not typed in
            digit = pd.Series([bool(re.fullmatch(r"-?\d{1,3}", str(k).strip())) for k in counts.index], index=counts.index)
            once = int(((counts == 1) & ~digit).sum())
            if once >= 3 and 2 * once >= len(counts):
                out[var.name] = (f"{once} of its {len(counts)} different answers in wave {wave} were each given by "
                                 "one respondent, as texts typed in are: each would be printed as an answer label")
                break
    return out


def one_option_blank(variables: list[Var]) -> dict[str, str]:
    """The multi-selects of one option whose export leaves an unticked box empty (blank = skipped or
    not ticked: `blank: missing`): name -> why. Their share among those who answered is always 100 %,
    so the drafted report leaves them out (the codebook keeps them, with a REVIEW note)."""
    return {var.name: "a check box of one option whose empty cell cannot tell 'not ticked' from 'skipped': its "
            "share among those who answered is always 100 %. Only if everyone was shown it, add `blank: none` "
            "to it in config/codebook.yaml and add it here (kind: multi)"
            for var in variables if var.type == "multi" and var.name and len(var.options) == 1
            and any(ONE_OPTION_BLANK in c.review for c in var.sources.values())}


def one_answer_only(variables: list[Var]) -> dict[str, str]:
    """The single choices whose scale has one answer (a check box's column drafted from its data alone:
    'Inklusjon_1' holding its option's text or nothing): name -> why. Its share is 100 % of those who
    answered whatever was asked, so the drafted report leaves it out (the codebook keeps it, with the
    scale's REVIEW note on mapping it as a multi-select)."""
    return {var.name: "its only answer is " + repr(resolve(var.scale).levels[0].labels[0]) + ", so its share is 100 % of "
            "those who answered whatever they were asked; map it as the codebook's REVIEW note says (a multi-select "
            "with this one option and, only if everyone was shown it, `blank: none`) before adding it here"
            for var in variables if var.type in ("single", "likert") and var.name and var.scale is not None
            and len(resolve(var.scale).levels) == 1}


def _utf8_name(path: Path) -> None:
    """Refuse an export whose file name is not UTF-8 text (bytes of an old Latin-1 'ø' on Linux):
    the draft writes its name into surveykit.yaml and the codebook, which are UTF-8."""
    import os

    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path.name)
        shown = raw.decode("utf-8", errors="backslashreplace")
        guess = raw.decode("latin-1")
        raise ConfigError(f"{shown}: the file name is not UTF-8 text (bytes written by an older system, perhaps "
                          f"{guess!r} in Latin-1), and surveykit.yaml and the codebook, which name it, are UTF-8. "
                          f"Rename the file (e.g. to {guess!r}) and run again.") from None


def _check_arguments(exports: Sequence[Path], output: Path) -> None:
    """Refuse what would give a draft that does not validate, before reading anything: an
    export that is not there, one given twice (two waves reading one file), one outside the
    study whose surveykit.yaml gets the waves (validate refuses a path leading out), the
    default output outside any study (--sheet: :func:`.sheets.choose_sheets`)."""
    import os

    where = "given to `surveykit codebook draft`"
    for path in exports:
        if not Path(path).exists():
            raise ConfigError(f"{path}: no such file ({where}; a relative path is taken from the current folder, "
                              f"{Path.cwd()}). Check the path on the command line.")
    for path in exports:
        _utf8_name(Path(path))
    seen: dict[Path, Path] = {}
    for path in exports:
        real = Path(path).resolve()
        if real in seen:
            also = f" (also as {str(seen[real])!r})" if str(seen[real]) != str(path) else ""
            raise ConfigError(f"{path}: the same file is given twice to `surveykit codebook draft`{also}: every file "
                              "is one wave, and two waves cannot read one file. Give each wave's export once.")
        seen[real] = Path(path)
    root = output.parent.parent if output.parent.name == "config" else None
    if root is not None and not (root / "surveykit.yaml").exists() and not output.is_absolute() \
            and output.as_posix() == "config/codebook.yaml":
        raise ConfigError(f"no surveykit.yaml in {Path.cwd()}: this folder is not a study, so the draft has nowhere "
                          "to go. Run `surveykit init <folder>` first, copy the export to <folder>/data/raw/, and "
                          "run `surveykit codebook draft data/raw/<export>` in that folder (or give -o to write the "
                          "codebook elsewhere).")
    if root is not None and (root / "surveykit.yaml").exists() and os.environ.get("SURVEYKIT_ALLOW_OUTSIDE") != "1":
        study = root.resolve()
        for path in exports:
            if not Path(path).resolve().is_relative_to(study):
                raise ConfigError(
                    f"{path}: is outside the study folder {study} ({where}), and surveykit.yaml may only name "
                    "files inside it (validate refuses any other). Copy it into the study's data/raw/ folder and "
                    f"draft from there: `surveykit codebook draft data/raw/{Path(path).name}` in {study}.")


def draft_fault(message: str, variables: list[Var], exports: Sequence[Path]) -> str:
    """The message for a drafted codebook that its own validation refused: the draft's fault,
    named by the exports' columns it concerns (not by the temporary file it was checked in),
    with what the user can do."""
    detail = re.sub(r"\S*?[/\\](codebook\.yaml|sites\.csv)\b", r"drafted \1", message)
    scales = set(re.findall(r"scales\.([A-Za-z0-9_]+)", message))
    named = set(re.findall(r"[`'\"]([a-z][a-z0-9_]*)[`'\"]", message))
    files = {str(i + 1): Path(p).name for i, p in enumerate(exports)}
    columns = [f"column {c.column!r} of {files.get(w, w)}" for v in variables
               if (v.pool is not None and v.pool.name in scales) or v.name in named
               for w, c in v.sources.items()]
    where = f" It concerns {', '.join(dict.fromkeys(columns))}." if columns else ""
    names = ", ".join(files.values())
    return (f"the codebook drafted from {names} does not pass its own validation; this is a fault of the draft, "
            f"not of your export, and nothing was written: {detail}{where} Please report it with this message. "
            "To go on, draft from a copy of the export without that column (SPSS: DELETE VARIABLES), then add "
            "its question to config/codebook.yaml by hand.")


def _site_names(root: Path | None) -> tuple[list[str], list[str]]:
    """The site attributes (columns of config/sites.csv and under `sites.columns`) and the
    groupings (`sites.groupings`) the study configures: none in a blank one."""
    from surveykit.config.sites import RESERVED

    if root is None:
        return [], []
    columns: list[str] = []
    table = root / "config" / "sites.csv"
    if table.exists():
        header = table.read_text(encoding="utf-8-sig").partition("\n")[0]
        columns += [c.strip() for c in header.split(",") if c.strip() and c.strip() not in RESERVED]
    path = root / "surveykit.yaml"
    try:
        study = loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except yaml.YAMLError:  # an unreadable surveykit.yaml is `surveykit validate`'s to report
        study = None
    sites = study.get("sites") if isinstance(study, dict) else None
    sites = sites if isinstance(sites, dict) else {}
    named = [sites.get(k) if isinstance(sites.get(k), dict) else {} for k in ("columns", "groupings")]
    return list(dict.fromkeys([*columns, *map(str, named[0])])), [str(g) for g in named[1]]


def _scales(registry: Registry, variables: list[Var]) -> list:
    used = [s for s in registry.live() if any(v.pool is s and v.type in ("likert", "single", "site")
                                               for v in variables)]
    for s in used:
        s.finish()
    name_scales(used, variables)
    return used


def _empty_report(kept: int) -> str:
    return ("# The report: figures and tables built by `surveykit build` (drafted by `surveykit codebook draft`).\n"
            f"# REVIEW: the export holds {kept} usable answer(s) after screening: nothing can be estimated from that,\n"
            "# so no figures or tables were drafted. Draft again (`surveykit codebook draft --force ...`) with the\n"
            "# full export, or list figures and tables here (kinds: docs/config.md).\n"
            "figures: []\ntables: []\n")
