"""`surveykit build`: raw exports -> processed data, figures, tables, workbook, index.html.

The recipe's entries are checked against the study before anything is computed or drawn (a
ConfigError naming the entry and the fix, never a traceback); then every figure's and table's
result value is computed by its kind (:mod:`surveykit.report.figures`), all of them pass the
disclosure gate together (:func:`surveykit.report.disclosure.protect`: small cells and the
cells that would give them away by subtraction hidden the same way everywhere), and only
then is anything drawn or written: each figure unless its cache key (:mod:`report.cache`:
the protected result, the recipe entry, the presentation, the package source) is unchanged.
``force=True`` redraws everything. Every output is written atomically.

Example:
    >>> outputs = build(".")      # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.config.study import find_config
from surveykit.config.translations import study_texts, warn_untranslated
from surveykit.errors import SurveykitError, SurveykitWarning
from surveykit.lock import study_lock
from surveykit.outputs import atomic_path, check_target, read_cache, staged_dirs, write_json
from surveykit.presentation import Presentation
from surveykit.report.cache import figure_key
from surveykit.report.disclosure import protect
from surveykit.report.edges import widen_edges
from surveykit.report.explorer import write_explorers
from surveykit.report.figures import FIGURES, TABLES
from surveykit.report.figures._base import estimation_error
from surveykit.report.figures.adjusted import AdjustedResult
from surveykit.report.figures.weights import published_weights, wave_weights
from surveykit.report.html import Section, render_html, report_date
from surveykit.report.items import analysis_design
from surveykit.report.notes import is_weighted, method_frame, method_notes, method_sheets
from surveykit.report.render import JOBS_VARIABLE, FigureJob, Renderer, default_jobs, usable_cores
from surveykit.report.spec import Recipe, Spec, check_dpi, load_recipe, warning_in_recipe_terms
from surveykit.report.tables import CI_LEVEL, write_tables, write_workbook
from surveykit.study import Study, load_study

__all__ = ["build", "check_recipe"]


def check_recipe(recipe: Recipe, study: Study) -> None:
    """Check every figure and table of the recipe against the study (before anything is computed)."""
    p = study.presentation()
    for spec in recipe.figures:
        FIGURES[spec.kind].check(spec, study)
        _distinct_labels(spec, p)
    for spec in recipe.tables:
        TABLES[spec.kind].check(spec, study)
        _distinct_labels(spec, p)


def _distinct_labels(spec: Spec, p: Presentation) -> None:
    """Refuse an entry whose items share a label: its rows are made and matched by label, so two
    questions of one label became one row of the page (a real export's "pidWeThey" and
    "pidWeTheyb", both "Do you think of yourself as ...": one of them was missing from the page,
    or the build crashed)."""
    seen: dict[str, list[str]] = {}
    for item in dict.fromkeys(spec.items):
        seen.setdefault(p.name(item), []).append(item)
    twins = [(label, items) for label, items in seen.items() if len(items) > 1]
    if twins:
        label, items = twins[0]
        raise spec.fail(
            f"the items {' and '.join(map(repr, items))} have the same label {label!r} in the report's language "
            f"({p.language}), so they would be one row of its tables and figures. Give each its own `label:` in "
            "config/codebook.yaml (say what tells them apart), or list only one of them in `items:`."
        )


def build(path: str | Path | None = None, *, progress: Callable[[str], None] | None = None,
          force: bool = False, formats: tuple[str, ...] | None = None, language: str | None = None,
          jobs: int | None = None, dpi: int | None = None) -> dict:
    """Rebuild everything from the raw exports; returns {"figures": [...], "tables": [...], ...}.

    ``formats`` (figure files, of png/svg/pdf) defaults to config/report.yaml's
    ``output: {formats: [...]}``, else PNG and SVG; ``dpi`` (the figures' resolution) to its
    ``output: {dpi: N}``, else 200; ``language`` to the study's language.
    ``jobs`` worker processes draw the figures once all numbers have passed the disclosure gate
    (1 draws in this process; default: the environment variable ``SURVEYKIT_JOBS``, a number or
    ``auto``, one per core, else 2 on a machine with 2 or more cores); the files are the same.
    """
    say = progress or (lambda _msg: None)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise SurveykitError(f"build(jobs={jobs!r}): give the number of processes drawing figures, a whole number of 1 "
                             "or more (1: draw in this process), or leave it out for the default")
    asked = "jobs" if jobs is not None else f"{JOBS_VARIABLE}={os.environ.get(JOBS_VARIABLE, '').strip()}"
    jobs = jobs if jobs is not None else default_jobs()
    cores = usable_cores()
    if jobs > cores:   # more processes than cores only compete for them
        say(f"{asked}: {jobs} asked for, this machine has {cores} core{'s' if cores != 1 else ''}: at most {cores} "
            "drawing process(es)")
        jobs = cores
    with study_lock(find_config(path).parent), Renderer(jobs) as renderer:
        if force:
            renderer.start()  # the drawing processes start up while the exports are read
        say("loading and cleaning the exports")
        study = load_study(path, progress=say)
        if language and language != study.language:  # its answers labelled in the report's language, from their codes
            study.design()  # weighted first as written: a weighting error names cells as population.csv does
            study = study.in_language(language)
        cfg = study.config
        if not (cfg.reports_dir / ".cache.json").exists():
            renderer.start()
        # everything is written into staging copies of data/processed and reports, swapped in at
        # the end: a build that fails or is interrupted leaves the previous outputs as they were
        with staged_dirs(cfg.processed_dir, cfg.reports_dir) as stage:
            try:
                out = _build(study, *stage.dirs, say=say, force=force, formats=formats, renderer=renderer, dpi=dpi)
            except BaseException:
                renderer.stop()  # before the staging folders are removed: no drawing process writes there any more
                raise
    return stage.final(out)


def _published(spec: Spec, result) -> dict[str, pd.DataFrame]:
    """The tables of a (protected) result under their file names: ``<id>`` or ``<id>_<part>``."""
    return {spec.id if not part else f"{spec.id}_{part}": frame for part, frame in result.tables().items()}


def _distinct_tables(entries: list) -> None:
    """Every published table has its own file: an id that is another entry's ``<id>_<part>``
    (a table ``w_summary`` beside a weights figure ``w``) would overwrite its table, also where
    file names ignore case (Windows, macOS)."""
    owner: dict[str, str] = {}
    for spec, result in entries:
        for name in _published(spec, result):
            other = owner.setdefault(name.casefold(), spec.id)
            if other != spec.id:
                raise spec.fail(f"its table {name!r} and a table of {other!r} would both be written to "
                                f"reports/tables/{name}.csv. Rename one of the two ids.")


def _computed(study: Study, design, spec: Spec, kind, said: dict[str, list[Spec]]):
    """One entry's result value; an estimation error names the entry and what to change in the recipe.
    The estimators' warnings are gathered in ``said`` (message -> the entries that met it), to be
    told once in the terms of the recipe (:func:`_tell`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = kind.compute(study, design, spec)
        except SurveykitError as exc:
            raise estimation_error(kind, spec, exc) from exc
    for warning in caught:
        if issubclass(warning.category, SurveykitWarning):
            said.setdefault(str(warning.message), []).append(spec)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return result


def _tell(said: dict[str, list[Spec]]) -> None:
    """Each estimator warning once, naming the entries of config/report.yaml that met it and
    what to change in the configuration (not the estimators' Python advice)."""
    for message, specs in said.items():
        unique = list({id(s): s for s in specs}.values())
        warnings.warn(warning_in_recipe_terms(message, unique), SurveykitWarning, stacklevel=2)


def _option_variables(study: Study) -> frozenset[str]:
    """The variables ``<item>__<option>`` of the multi-select questions: the multi kind and the
    explorer publish a share per option under that name, without an answer in ``level``."""
    return frozenset(f"{v.name}__{key}" for v in study.codebook.variables if v.type == "multi"
                     for key in (v.options or {}))


def _protected(study: Study, design, recipe: Recipe, summary: pd.DataFrame,
               say: Callable[[str], None]) -> tuple[list, int]:
    """Every entry's result value, computed, then protected together: nothing a build publishes
    is drawn or written before the disclosure gate has seen all of it. Shares of 0 % and 100 %
    then get the exact binomial interval for their n (:mod:`surveykit.report.edges`), also a
    multi-select option's share (the multi kind's and the explorer's rows of its options); the
    number of such rows comes back too, for the method notes."""
    entries = [(spec, FIGURES[spec.kind]) for spec in recipe.figures] + [(spec, TABLES[spec.kind]) for spec in recipe.tables]
    say(f"computing {len(entries)} figures and tables")
    said: dict[str, list[Spec]] = {}
    results = {str(k): _computed(study, design, spec, kind, said) for k, (spec, kind) in enumerate(entries)}
    _tell(said)
    _distinct_tables([(spec, results[str(k)]) for k, (spec, _) in enumerate(entries)])
    # what figure footers and the method notes print as they are: the overall n and the n per wave
    fixed = {"footer": pd.DataFrame({"n": [len(study.responses)]}), "waves": summary}
    safe = protect(results, study.responses, study.config.min_cell, fixed=fixed)
    options = _option_variables(study)   # a multi-select option's share has no level: named here
    shares = {str(k): options for k, (spec, _) in enumerate(entries) if spec.kind in ("multi", "explorer")}
    safe, edges = widen_edges(safe, CI_LEVEL / 100, shares)
    return [(spec, kind, safe[str(k)]) for k, (spec, kind) in enumerate(entries)], edges


def _weighting_line(study: Study, design) -> str:
    w = study.config.weighting
    rep = design.replicates
    replicates = (f"the {rep.count} replicate weights ({rep.type}) of weighting.replicates give the standard errors"
                  if rep is not None else "")
    if w.method == "none":
        if rep is not None:
            return f"weighted by the full-sample weights {w.replicates['weights']}; {replicates}"
        if w.weights is not None:
            return f"weighted by the data's weights {w.weights} (weighting.weights), as they are"
        return "no weighting (weighting.method: none): every answer counts the same"
    margins = "; ".join(" × ".join(m) for m in w.margins)
    line = f"weighting ({w.method} to the population margins {margins})"
    if w.weights is not None:
        line += f" from the data's weights {w.weights} (weighting.weights)"
    if rep is not None:
        line += (f" of the full-sample weights {w.replicates['weights']} and of every replicate alike; {replicates}")
    return line


MANIFEST = ".surveykit-manifest.json"   # in reports/: the files of figures/, tables/ and the explorer pages a build wrote
_SWEPT = re.compile(r"(?:figures|tables)/[^/\\]+|explorer(?:_[A-Za-z0-9_-]+)?\.html")


def _sweep(reports: Path, written: list[Path]) -> list[str]:
    """Remove the files an earlier build wrote (its manifest) and this one did not; record this
    build's files. Only names in the manifest are touched, and only plain files in figures/,
    tables/ or an explorer page: a file a user put into reports/ is never removed. A study built
    before the manifest existed has none: nothing is removed then. Returns what was removed."""
    now = sorted({x.relative_to(reports).as_posix() for x in written})
    if not (reports / MANIFEST).is_file():   # built by an older surveykit, or the first build
        write_json({"files": now}, reports / MANIFEST)
        return []
    before = read_cache(reports / MANIFEST).get("files", [])
    removed = []
    for name in sorted(set(before) - set(now)) if isinstance(before, list) else []:
        path = reports / name
        if isinstance(name, str) and _SWEPT.fullmatch(name) and ".." not in name.split("/") \
                and path.is_file() and not path.is_symlink():
            check_target(path).unlink()
            removed.append(name)
    write_json({"files": now}, reports / MANIFEST)
    return removed


def _entry_waves(study: Study, spec: Spec, kind, result) -> list[str]:
    """The waves an entry's numbers rest on: those its kind compares (a change or a did: two),
    and of them those where one of its items was asked."""
    ids = [w.id for w in study.config.waves]
    waves = [str(w) for w in kind.waves(result)] if kind.waves else ids
    r = study.responses
    columns = [c for c in r.columns if any(c == item or (c.startswith(f"{item}__") and not c.endswith("__dk"))
                                           for item in spec.items)]
    if columns:
        answered = r[columns].notna().any(axis=1).groupby(r["wave"].astype(str)).any()
        waves = [w for w in waves if bool(answered.get(w, False))] or waves
    return waves


def _footed(study: Study, spec: Spec, kind, result, p: Presentation, notes: tuple[str, ...] = ()) -> Presentation:
    """``p`` with the footer of the waves the entry's numbers rest on (:func:`_entry_waves`).
    The footer's n is that of the estimates the figure shows (``kind.shown``: a model fitted on
    842 of 1,020 respondents says 842, estimates of groups "n = 120–310 per estimate"), from the
    protected result, so it is n the published tables give already; a figure of no such
    estimates (the weights) counts the respondents of those waves (the n per wave is published
    in the method notes, so the footer gives nothing more away). ``notes`` (a question worded
    differently in those waves) follow the footer, so the figure says so wherever it is shown."""
    ids = [w.id for w in study.config.waves]
    waves = _entry_waves(study, spec, kind, result)
    shown = kind.shown(result) if kind.shown else None
    footed = p if shown is None and waves == ids else \
        p.replace(footer=study.footer(None if waves == ids else waves, base=shown))
    return footed.replace(footer="\n".join([footed.footer, *notes])) if notes else footed   # each note its own paragraph


def _wording(study: Study, spec: Spec, kind, result, p: Presentation) -> tuple[str, ...]:
    """A note per item of the entry asked in different words, or on other levels (the codebook's
    ``offered:``), in the waves its numbers rest on."""
    return p.wave_notes(spec.items, _entry_waves(study, spec, kind, result)) if p.wording or p.offered else ()


# what a figure (or a table of the same kind) shows, named in its default title
_TITLE_WORDS = {"likert": "title_likert", "shares": "title_likert", "means": "mean", "change": "change", "did": "did",
                "heatmap": "title_heatmap", "multi": "title_multi", "adjusted": "title_adjusted"}


def _titled(spec: Spec, p: Presentation) -> Spec:
    """An entry without ``title`` headed by what it shows and its items' labels (the question;
    the first three of more): "Fordeling av svar etter Kjønn × Runde: <question>", so
    that untitled figures of the same questions are told apart in their headings, captions and
    alt texts; a weights figure by the word for weighting, rather than by its id."""
    if spec.title != {"*": spec.id}:
        return spec
    if spec.kind == "weights":
        return replace(spec, title={"*": p.text("weighting")})
    names = [p.name(item) for item in spec.items]
    if not names:
        return spec
    items = "; ".join(names[:3]) + ("; …" if len(names) > 3 else "")
    word = _TITLE_WORDS.get(spec.kind)
    if word is None:   # a publication table: its caption says what its cells are
        return replace(spec, title={"*": items})
    by = [b for b in spec.by if not (spec.kind == "change" and b == "wave")]
    what = p.text(word) + (" " + p.text("by_groups", groups=" × ".join(p.name(b) for b in by)) if by else "")
    return replace(spec, title={"*": p.text("title_items", what=what, items=items)})


def _warn_if_nothing_shown(spec: Spec, published: dict[str, pd.DataFrame], min_cell: int) -> None:
    """Warn when a figure has no number to show: every estimate of its tables suppressed or
    missing (groups smaller than ``min_cell``), so it is drawn without data."""
    frames = [f for f in published.values() if "estimate" in f and len(f)]
    if not frames:
        return
    for frame in frames:
        hidden = frame["suppressed"].fillna(False).astype(bool) if "suppressed" in frame else False
        shown = pd.to_numeric(frame["estimate"], errors="coerce").notna() & ~hidden
        if shown.any():
            return
    by = f" by {list(spec.by)}" if spec.by else ""
    import warnings

    from surveykit.errors import SurveykitWarning

    warnings.warn(f"config/report.yaml: figure {spec.id!r} has no number to show: every estimate{by} rests on "
                  f"fewer than {min_cell} answers (privacy.min_cell) or on none, so it is suppressed and the figure "
                  "is drawn without data. Group by fewer or larger groups, or leave the figure out.",
                  SurveykitWarning, stacklevel=2)


def _build(study: Study, processed: Path, reports: Path, *, say: Callable[[str], None], force: bool,
           formats: tuple[str, ...] | None, renderer: Renderer, dpi: int | None = None) -> dict:
    """The body of :func:`build`, writing into ``processed`` and ``reports``."""
    out = {"processed": study.save(processed)}
    cfg = study.config
    say(f"wrote data/processed ({len(study.responses)} responses, {len(study.rejects)} rejects)")
    recipe = load_recipe(cfg.report_path, known_variables=set(study.codebook.names()))
    # the study's own texts without an entry in the report's language: said once, not shown in bokmål unnoticed
    warn_untranslated(study_texts(cfg, study.codebook) + recipe.texts(), study.language)
    design = None  # unweighted, no figure or table: no design (a one-answer export has no variance to estimate)
    if recipe.figures or recipe.tables or cfg.weighting.method != "none" or cfg.weighting.replicates \
            or cfg.weighting.weights is not None:
        design = analysis_design(study)
        say(_weighting_line(study, design))
    check_recipe(recipe, study)  # every entry against the study, before anything is drawn
    formats = tuple(formats or recipe.formats or ("png", "svg"))
    dpi = check_dpi(dpi, "dpi") if dpi is not None else (recipe.dpi or 200)
    p = study.presentation().replace(protected=True)  # every number passes the disclosure gate
    recipe = replace(recipe, figures=tuple(_titled(spec, p) for spec in recipe.figures),
                     tables=tuple(spec if spec.kind == "topbox" else _titled(spec, p) for spec in recipe.tables))
    cache_file = reports / ".cache.json"
    cache = read_cache(cache_file) if not force else {}
    tables: dict[str, pd.DataFrame] = {}
    sections, figures, new_cache = [], [], {}
    total = len(recipe.figures) + len(recipe.tables)
    number = {spec.id: i for i, spec in enumerate(recipe.figures, start=1)}

    def drawn(job: FigureJob, _paths: list[Path]) -> None:
        say(f"[{number[job.spec.id]}/{total}] figure {job.spec.id} ({job.spec.kind}) drawn")

    summary = wave_weights(study, design.weights if design is not None else np.ones(len(study.responses)))
    entries, edges = _protected(study, design, recipe, summary, say)
    plans = []   # per figure: its presentation, cache key, files, and whether it is drawn (else kept)
    reworded_of = {}   # per figure: the notes of its questions asked in other words in its waves
    for spec, kind, result in entries[:len(recipe.figures)]:
        reworded_of[spec.id] = _wording(study, spec, kind, result, p)
        footed = _footed(study, spec, kind, result, p, reworded_of[spec.id])
        key = figure_key(result, spec, footed, formats, dpi=dpi)
        stem = reports / "figures" / spec.id
        paths = [stem.with_suffix(f".{fmt}") for fmt in formats]
        plans.append((footed, key, stem, paths, not (cache.get(spec.id) == key and all(x.exists() for x in paths))))
    # the progress says what happens: only the figures that are drawn are announced as drawn
    redraw = sum(plan[-1] for plan in plans)
    workers = f" ({min(renderer.jobs, redraw)} drawing processes)" if renderer.jobs > 1 and redraw > 1 else ""
    if redraw:
        kept = len(plans) - redraw
        say(f"drawing {redraw} figure{'s' if redraw != 1 else ''}{workers}"
            + (f"; {kept} unchanged since the last build, kept" if kept else ""))
    elif plans:
        say(f"checking {len(plans)} figures: all unchanged since the last build, kept")
    for i, ((spec, kind, result), (footed, key, stem, paths, draw)) in enumerate(
            zip(entries[:len(recipe.figures)], plans, strict=True), start=1):
        published = _published(spec, result)
        tables.update(published)
        _warn_if_nothing_shown(spec, published, study.config.min_cell)
        if not draw:
            say(f"[{i}/{total}] figure {spec.id}: unchanged, kept")
        else:
            renderer.submit(FigureJob(spec, result, footed, stem, formats, dpi=dpi), drawn)
        new_cache[spec.id] = key
        figures.extend(paths)
        page = kind.page(result, spec, p) if kind.page else None
        sections.append(Section(spec.text(p.language), stem.with_suffix(".png"), caption=spec.caption_text(p.language),
                                table=page.frame if page else None, table_caption=page.caption if page else "",
                                notes=(*(page.notes if page else ()), *reworded_of[spec.id]),
                                tables=tuple(f"tables/{name}.csv" for name in published),
                                files=tuple(f"figures/{x.name}" for x in sorted(paths, key=lambda x: x.suffix != ".png"))))
    if renderer.pending:
        say(f"waiting for {renderer.pending} figure(s) to be drawn")
    renderer.finish()
    results = {}   # the tables' protected result values (the explorer pages are written from them)
    for j, (spec, kind, result) in enumerate(entries[len(recipe.figures):], start=len(recipe.figures) + 1):
        results[spec.id] = result
        published = _published(spec, result)
        tables.update(published)
        page = kind.page(result, spec, p) if kind.page else None
        if page is not None:
            titled = spec.title and spec.title != {"*": spec.id}
            sections.append(Section(spec.text(p.language) if titled else p.text("top_box") if spec.kind == "topbox"
                                    else spec.id, None,
                                    table=page.frame, table_caption=page.caption,
                                    notes=(*page.notes, *_wording(study, spec, kind, result, p)),
                                    tables=tuple(f"tables/{name}.csv" for name in published)))
        say(f"[{j}/{total}] table {spec.id}")
    out["tables"] = write_tables(tables, reports / "tables")
    # the explorer pages, from the published tables as written (after the build's suppression)
    weighting = ("replicates" if cfg.weighting.replicates is not None else
                 "weighted" if is_weighted(study) else "unweighted")
    out["explorer"], on_pages = write_explorers(recipe, results, tables, p, reports, title=cfg.name,
                                                weighting=weighting,
                                                banner=p.text("synthetic_banner") if cfg.synthetic else None,
                                                footers={w.id: study.footer([w.id]) for w in cfg.waves})
    shown = published_weights(study, summary)   # a small weighting cell's size is not given away
    sheets = {k: v for k, v in tables.items() if k not in on_pages}
    for spec, _kind, result in entries:   # a regression's sheet names each term's reference category
        if isinstance(result, AdjustedResult) and spec.id in sheets:
            sheets[spec.id] = result.sheet(sheets[spec.id], p)
    out["workbook"] = write_workbook({**method_sheets(study, shown, p.language), **sheets},
                                     method_frame(study, shown, recipe.notes, p, edges=edges), reports / "tables.xlsx",
                                     presentation=p, percent={s.id for s in recipe.figures if s.kind == "multi"})
    inputs = [cfg.file, cfg.root / "config", *(w.file for w in cfg.waves), *filter(None, [cfg.weighting.population])]
    page = render_html(cfg.name, sections, method_notes(study, shown, recipe.notes, p, edges=edges),
                       banner=p.text("synthetic_banner") if cfg.synthetic else None, language=p.language,
                       date=report_date(inputs), workbook="tables.xlsx",
                       tables=[f"tables/{x.name}" for x in out["tables"]], explorers=[x.name for x in out["explorer"]],
                       one_wave=all(len(results[s.id].waves) < 2 for s in recipe.tables if s.kind == "explorer"))
    html_path = reports / "index.html"
    with atomic_path(html_path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    out["html"] = html_path
    out["figures"] = figures
    write_json(new_cache, cache_file)
    first = not (reports / MANIFEST).is_file()
    removed = _sweep(reports, [*figures, *out["tables"], *out["explorer"]])
    others = sorted(x.relative_to(reports).as_posix() for folder in ("figures", "tables")
                    for x in (reports / folder).glob("*") if x.is_file() and x not in {*figures, *out["tables"]})
    if first and others:   # no record of which of them an earlier build wrote: none is removed, and the user is told
        say(f"{len(others)} file(s) in {cfg.reports_dir} that this build did not write are kept "
            f"({', '.join(others[:5])}{' …' if len(others) > 5 else ''}): there is no record of which an earlier "
            "build wrote. Delete the ones that are out of date; from now on a build removes those it wrote and no "
            "longer writes.")
    say(f"wrote {len(figures)} figure files, {len(out['tables'])} tables, tables.xlsx and index.html to {cfg.reports_dir}")
    if removed:
        shown = ", ".join(removed[:8]) + (f" and {len(removed) - 8} more" if len(removed) > 8 else "")
        say(f"removed {len(removed)} file(s) that earlier builds wrote and this build does not: {shown}")
    out["removed"] = [reports / name for name in removed]
    return out
