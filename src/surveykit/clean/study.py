"""Clean every wave of a study and stack them into one tidy dataset.

Example:
    >>> result = clean_study(config, codebook, sites)        # doctest: +SKIP
    >>> result.responses["wave"].cat.categories.tolist()     # doctest: +SKIP
    ['1', '2']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from surveykit.clean.mapping import resolve_column
from surveykit.clean.privacy import load_key, mask_text
from surveykit.clean.wave import clean_wave
from surveykit.config.codebook import Codebook, normalise_label
from surveykit.config.sites import SiteTable
from surveykit.config.study import WAVE_COLUMN, StudyConfig, WaveConfig
from surveykit.errors import ConfigError, DataError
from surveykit.io._progress import reporting
from surveykit.io.raw import RawExport

__all__ = ["CleanResult", "check_accounting", "clean_study", "harmonise_types", "reject_rows"]

@dataclass(frozen=True)
class CleanResult:
    responses: pd.DataFrame
    rejects: pd.DataFrame
    quality: dict[str, Any]


def _read(wave: WaveConfig) -> RawExport:
    from surveykit.io import read_export

    options = dict(wave.options)
    if wave.sheet is not None:
        options["sheet"] = wave.sheet
    return read_export(wave.file, format=wave.format, **options)


def _relative(path: str, root) -> str:
    """``path`` relative to the study folder, with forward slashes (as written in surveykit.yaml)."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(path).name


def harmonise_types(frame: pd.DataFrame, codebook: Codebook, language: str, waves: list[str]) -> pd.DataFrame:
    """Give every codebook variable its type across stacked waves (absent in a wave = missing)."""
    out = frame.copy()
    out[WAVE_COLUMN] = pd.Categorical(out[WAVE_COLUMN].astype(str), categories=waves, ordered=True)
    for var in codebook.variables:
        if var.type == "multi":
            for key in var.options or {}:
                col = f"{var.name}__{key}"
                out[col] = out[col].astype("boolean") if col in out else pd.array([pd.NA] * len(out), dtype="boolean")
            continue
        if var.name not in out:
            out[var.name] = pd.NA
        if var.scale:
            scale = codebook.scales[var.scale]
            out[var.name] = pd.Categorical(out[var.name], categories=scale.labels(language), ordered=scale.ordered)
            dk = f"{var.name}__dk"
            out[dk] = out[dk].astype("boolean") if dk in out else pd.array([pd.NA] * len(out), dtype="boolean")
        elif var.levels is not None or var.derive:
            cats = list(var.levels or var.derive["labels"])
            out[var.name] = pd.Categorical(out[var.name], categories=cats, ordered=bool(var.derive))
        elif var.type == "numeric":
            out[var.name] = pd.to_numeric(out[var.name]).astype("float64")
        elif var.type in ("text", "id"):
            out[var.name] = out[var.name].astype("string")
    return out


def check_accounting(quality: dict[str, dict[str, Any]]) -> None:
    """Every raw row must be a response or a reject; a mismatch is an error, never a warning."""
    for wave_id, q in quality.items():
        if q["raw_rows"] != q["responses"] + q["rejected"]:
            raise DataError(
                f"{q['file']} (wave {wave_id}): row accounting broken: {q['raw_rows']} raw rows but "
                f"{q['responses']} responses + {q['rejected']} rejects. This is a surveykit bug; please report it."
            )


_ASKED = ("likert", "single", "multi", "numeric")


def _exported_questions(raw: RawExport, codebook: Codebook, wave_id: str, skip: set) -> dict[str, str]:
    """Variable -> the question text the export gives its column (the header, an SPSS variable
    label, a tool's question wording), for the questions whose codebook entry gives no words
    (not those named in ``skip``)."""
    out = {}
    for var in codebook.variables:
        source = var.sources.get(wave_id)
        if (var.type not in _ASKED or var.name in skip or source is None or source.columns is not None or var.question is not None
                or any(s.question is not None for s in var.sources.values())):
            continue
        try:
            column = resolve_column(raw.data.columns, raw.questions, source)
        except Exception:   # a column not found is the cleaning's own error, said there
            continue
        out[var.name] = str(raw.questions.get(column) or column)
    return out


def unsaid_wordings(codebook: Codebook, exported: dict[str, dict[str, str]], file: str | None = None) -> list[str]:
    """A line per variable whose exports word its question differently from wave to wave while
    the codebook gives no wave its words: whether the question was reworded is for a person to
    say (``question:`` of each source), not to be passed over.

    Example:
        >>> unsaid_wordings(Codebook({}, (), file="config/codebook.yaml"), {"q": {"1": "A?", "2": "B?"}})[0][:70]
        'config/codebook.yaml: `variables.q` is read from questions the exports'
    """
    out = []
    for name, asked in exported.items():
        if len({normalise_label(t) for t in asked.values()}) < 2:
            continue
        words = "; ".join(f"wave {w}: {t!r}" for w, t in asked.items())
        out.append(f"{file or codebook.file}: `variables.{name}` is read from questions the exports word differently "
                   f"({words}). If the wording changed, give each source its words (`question:`, see docs/config.md): "
                   "the report then says so wherever it shows the question across the waves; if it is the same "
                   "question, give its words as the variable's `question:`.")
    return out


UNSEEN_EXPECTED = 10   # answers a level would have in a wave at the other wave's share, for a note on none


def unseen_levels(responses: pd.DataFrame, codebook: Codebook, language: str,
                  file: str | None = None) -> list[tuple[str, str]]:
    """(wave id, REVIEW line) per level of a scale that no answer of one wave has, while another
    wave's answers choose it so often that the first would have about :data:`UNSEEN_EXPECTED` or
    more at that share (no chance empty level of a small sample): perhaps that wave did not offer
    it (a 4-point question beside a 5-point one), which the codebook can say (``offered:`` of its
    source; a change or did of the waves is then refused unless meant). Waves whose source says
    what it offered are not judged: the codebook knows.

    Example:
        >>> from surveykit.config.codebook import Level, Scale, Source, Variable
        >>> s = Scale("s", (Level(1, {"*": "Lav"}), Level(2, {"*": "Midt"}), Level(3, {"*": "Høy"})))
        >>> v = Variable("q", "likert", {}, {"1": Source("x"), "2": Source("y")}, scale="s")
        >>> r = pd.DataFrame({"wave": ["1"] * 60 + ["2"] * 60,
        ...                   "q": pd.Categorical(["Lav", "Midt", "Høy"] * 20 + ["Lav", "Høy"] * 30, ["Lav", "Midt", "Høy"])})
        >>> [w for w, _ in unseen_levels(r, Codebook({"s": s}, (v,)), "nb")]
        ['2']
    """
    out = []
    waves = responses[WAVE_COLUMN].astype(str).to_numpy()
    for var in codebook.variables:
        if not var.scale or var.name not in responses or len(var.sources) < 2:
            continue
        scale = codebook.scales[var.scale]
        asked = [w for w in dict.fromkeys(waves) if w in var.sources]
        codes = responses[var.name].cat.codes.to_numpy()
        counts = {w: np.bincount(codes[(waves == w) & (codes >= 0)], minlength=len(scale.levels)) for w in asked}
        for w in (w for w in asked if var.sources[w].offered is None):
            n = counts[w].sum()
            for i, level in enumerate(scale.levels):
                if counts[w][i] or not n:
                    continue
                share, other = max(((counts[o][i] / counts[o].sum(), o) for o in asked if o != w and counts[o].sum()),
                                   default=(0.0, w))
                if n * share < UNSEEN_EXPECTED:
                    continue
                offered = [int(c) if float(c).is_integer() else c for c in
                           (lv.code for lv in scale.levels) if c != level.code]
                out.append((w, f"REVIEW: {file or codebook.file}: `variables.{var.name}`: no answer of wave {w!r} "
                               f"(of {n}) is level {level.code:g} = {level.text(language)!r}, which {share:.0%} of "
                               f"wave {other!r}'s answers chose. Did wave {w!r} offer it? If not, say which levels "
                               f"it offered (`offered: {offered}` in its source): a change or did of the waves is "
                               "then refused unless meant; if it did, write its `offered:` with every level "
                               "(this note then goes)."))
    return out


def check_screening(config: StudyConfig, codebook: Codebook) -> None:
    """Every variable a screening rule reads is a codebook variable with a source in each wave
    the rule applies to (its ``waves:``, else every wave): checked for all waves at once, once
    the first export is read, not at the first wave that lacks one (which named no wave)."""
    import difflib

    names = [v.name for v in codebook.variables]
    order = [w.id for w in config.waves]
    for rule in config.screening:
        key = {"incomplete": "complete", "outside_window": "window"}.get(rule.reason, rule.reason)
        if not rule.variable and rule.reason in ("test", "duplicate"):
            raise ConfigError(f"{config.file}: `screening.{key}` needs `variable:`, the codebook variable it reads "
                              f"(e.g. `{key}: {{variable: respondent_id}}`).")
        for role, name in [*((("variable", rule.variable),) if rule.variable else ()),
                           *(("required", r) for r in rule.required)]:
            where = f"{config.file}: `screening.{key}.{role}`"
            var = codebook.variable(name) if name in names else None
            if var is None:
                close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
                hint = f"Did you mean {' or '.join(map(repr, close))}? " if close else ""
                raise ConfigError(
                    f"{where}: {name!r} is not a variable of {codebook.file or 'config/codebook.yaml'}. {hint}A rule "
                    "reads a variable of the codebook (its `name:`, not the export's column); its variables: "
                    f"{', '.join(names)}.")
            if var.derive and role == "required" and var.derive["from"] in names:
                var = codebook.variable(var.derive["from"])   # age_group: a row has one when it has an age
            waves = [w for w in order if not rule.waves or w in rule.waves]
            absent = [w for w in waves if w not in var.sources]
            having = [w for w in order if w in var.sources]
            if absent:
                said = "wave" if len(absent) == 1 else "waves"
                raise ConfigError(
                    f"{where}: variable {name!r} has no source in {said} {', '.join(map(repr, absent))} "
                    f"(config/codebook.yaml gives it in {'waves ' + ', '.join(map(repr, having)) if having else 'none'}), "
                    f"so the rule cannot be applied there. Give it a source for that {said} in config/codebook.yaml"
                    + (f", or limit the rule to the waves that have it: `waves: {having}` under `screening.{key}`."
                       if having else "."))


def clean_study(config: StudyConfig, codebook: Codebook, sites: SiteTable, *,
                read: Callable[[WaveConfig], RawExport] = _read,
                progress: Callable[[str], None] | None = None) -> CleanResult:
    """Read and clean each wave, stack them, check the row accounting."""
    key = load_key(config.root, config.key_env)
    frames, rejects, quality = [], [], {}
    exported: dict[str, dict[str, str]] = {}   # variable -> wave -> its question as the export words it
    screened = {r.variable for r in config.screening}   # the tool's own columns (a status) ask nothing
    for wave in config.waves:
        if progress:
            progress(f"reading wave {wave.id}: {wave.file.name}")
        with reporting(progress):
            raw = read(wave)
        if not frames:   # once an export is read (a blank study's first error is its export, not its rules)
            check_screening(config, codebook)
        result = clean_wave(raw, wave, codebook, sites, config.screening, key=key, language=config.language)
        for name, asked in _exported_questions(raw, codebook, wave.id, screened).items():
            exported.setdefault(name, {})[wave.id] = asked
        frames.append(result.responses)
        rejects.append(result.rejects)
        # the file relative to the study, so quality.json is the same wherever the study lies; an
        # export's name can hold a name or an e-mail address (a sender's), masked as free text is
        quality[wave.id] = {**result.quality, "file": mask_text(_relative(result.quality["file"], config.root))}
        if progress:
            q = result.quality
            progress(f"wave {wave.id}: {q['raw_rows']} rows -> {q['responses']} responses, {q['rejected']} rejected")
    check_accounting(quality)
    if progress:
        for line in unsaid_wordings(codebook, exported, _relative(codebook.file, config.root)):
            progress(line)
    stacked = pd.concat(frames, ignore_index=True)
    responses = harmonise_types(stacked, codebook, config.language, [w.id for w in config.waves])
    for wave_id, line in unseen_levels(responses, codebook, config.language, _relative(codebook.file, config.root)):
        quality[wave_id]["warnings"] = [*quality[wave_id].get("warnings", []), line]
        if progress:
            progress(line)
    if "site" in responses:
        # the sites in the order of config/sites.csv (figures and tables list them so, not by id)
        order = [str(s) for s in dict.fromkeys(sites.table["site_id"].astype(str))]
        present = set(responses["site"].dropna().astype(str))
        responses["site"] = pd.Categorical(responses["site"].astype(object).where(responses["site"].notna()),
                                           categories=[s for s in order if s in present])
        for name, path in sites.paths([w.field_date for w in config.waves]).items():  # one value per site
            responses[name] = responses["site"].astype(object).map(path)
        for g in sites.config.groupings:  # the levels that occur, in the configured order (no empty groups)
            present = set(responses[g.name].dropna().astype(str))
            responses[g.name] = pd.Categorical(responses[g.name].astype(object).where(responses[g.name].notna()),
                                               categories=[v for v in g.values() if v in present])
    reject_frame = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame()
    return CleanResult(responses, reject_frame, quality)


def reject_rows(result: CleanResult, rows: np.ndarray, reason: str, codebook: Codebook, note: str) -> CleanResult:
    """``result`` with the responses at ``rows`` (one boolean per response) moved to the
    rejects with ``reason``: counted per wave in quality.json (responses, rejected, reasons,
    the answers per item), ``note`` among the wave's warnings; the row accounting checked again.

    Example:
        >>> result = reject_rows(result, bad.rows, "unweightable", codebook, "gender: 2 without an answer")  # doctest: +SKIP
    """
    rows = np.asarray(rows, dtype=bool)
    responses = result.responses
    gone = responses[rows]
    ids = [v.name for v in codebook.variables if v.type == "id" and not v.keep and v.name in responses]
    extra = pd.DataFrame({"wave": gone["wave"].astype(str).to_numpy(), "row": gone["row"].to_numpy(dtype=np.int64),
                          "reason": reason})
    if ids and "respondent_id" in result.rejects:
        extra["respondent_id"] = gone[ids[0]].astype(object).to_numpy()
    order = {w: i for i, w in enumerate(result.quality)}
    rejects = pd.concat([result.rejects, extra], ignore_index=True) if len(result.rejects) else extra
    rejects = rejects.sort_values(["wave", "row"], key=lambda c: c.map(order) if c.name == "wave" else c,
                                  kind="stable").reset_index(drop=True)
    kept = responses[~rows].reset_index(drop=True)
    quality = {}
    for wave_id, q in result.quality.items():
        k = int((gone["wave"].astype(str) == wave_id).sum())
        q = {**q, "responses": q["responses"] - k, "rejected": q["rejected"] + k,
             "reasons": {**q["reasons"], reason: k}}
        if k:
            mine = kept[kept["wave"].astype(str) == wave_id]
            items = {}
            for name in q.get("items", {}):
                dk = mine[f"{name}__dk"].fillna(False).astype(bool) if f"{name}__dk" in mine else pd.Series(False, index=mine.index)
                items[name] = {"answered": int(mine[name].notna().sum()), "nonsubstantive": int(dk.sum()),
                               "missing": int(mine[name].isna().sum() - dk.sum())}
            q["items"] = items
            q["warnings"] = [*q.get("warnings", []), f"{k} respondent(s) rejected with reason {reason!r}: {note}"]
        quality[wave_id] = q
    check_accounting(quality)
    return CleanResult(kept, rejects, quality)
