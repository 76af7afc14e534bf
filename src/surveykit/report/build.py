"""`surveykit build`: raw exports -> processed data, figures, tables, workbook, index.html.

Figures whose numbers, recipe and drawing code have not changed are not redrawn (a cache
keyed on all three); ``force=True`` redraws everything. Every output is written atomically.

Example:
    >>> outputs = build(".")      # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from surveykit import __version__
from surveykit.config.study import find_config
from surveykit.labels import footer_text, text
from surveykit.lock import study_lock
from surveykit.outputs import read_cache, staged_dirs, write_json
from surveykit.report.compute import analysis_design, compute
from surveykit.report.context import DrawContext
from surveykit.report.html import Section, did_table, render_html, topbox_table
from surveykit.report.notes import method_frame, method_notes, method_sheets
from surveykit.report.render import FigureJob, Renderer, default_jobs
from surveykit.report.spec import load_recipe
from surveykit.report.tables import protect, write_tables, write_workbook
from surveykit.study import Study, load_study

__all__ = ["build", "draw_context"]

_CODE = [*(Path(__file__).parent / f for f in ("context.py", "draw.py", "render.py")), *sorted((Path(__file__).parent.parent / "plots").glob("*.py"))]


def _hash_results(results: dict[str, pd.DataFrame]) -> str:
    h = hashlib.sha256()
    for name in sorted(results):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(results[name].astype(str), index=False).to_numpy().tobytes())
    return h.hexdigest()


def _code_hash() -> str:
    h = hashlib.sha256(__version__.encode())
    for path in _CODE:
        h.update(path.read_bytes())
    return h.hexdigest()


def context_key(ctx: DrawContext) -> str:
    """A text for the figure cache that is the same in every process (sets sorted, keys ordered)."""
    def plain(value):
        if isinstance(value, (set, frozenset)):
            return sorted(plain(v) for v in value)
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return json.dumps(plain(dataclasses.asdict(ctx)), sort_keys=True, ensure_ascii=False, default=str)


def draw_context(study: Study, language: str | None = None) -> DrawContext:
    """Labels and scale orders for the figures, from the codebook and site table."""
    lang = language or study.language
    labels = dict(study.labels(lang))
    labels.update(dict(zip(study.sites.table["site_id"], study.sites.table["label"], strict=True)))
    labels.update({"became_co_located": text("treated", lang), "always_separate": text("control", lang)})
    for var in study.codebook.variables:
        for key, opt in (var.options or {}).items():
            labels[f"{var.name}__{key}"] = opt.get(lang) or opt.get("nb") or next(iter(opt.values()))
    order, neutral, nonsub = {}, {}, {}
    for var in study.codebook.variables:
        if not var.scale:
            continue
        scale = study.codebook.scales[var.scale]
        # the results carry answer labels in the study's language (compute.item_columns);
        # order by those and show them translated through the labels mapping
        subst = scale.labels(study.language)
        ns = [lv.text(study.language) for lv in scale.nonsubstantive]
        for source, shown in zip([*subst, *ns], [*scale.labels(lang), *(lv.text(lang) for lv in scale.nonsubstantive)],
                                 strict=True):
            if source != shown:
                labels.setdefault(source, shown)
        order[var.name] = subst + ns
        neutral[var.name] = subst[len(subst) // 2] if scale.ordered and len(subst) % 2 == 1 else None
        nonsub[var.name] = ns
    table = study.sites.table
    sites = table.sort_values(["municipality", "label"], kind="stable")["site_id"]
    return DrawContext(lang, labels, study.config.min_cell, order, neutral, nonsub, tuple(dict.fromkeys(sites)),
                       site_short=site_short_labels(table), site_group=dict(zip(table["site_id"], table["municipality"],
                                                                                strict=True)),
                       co_located=_co_located_cells(study))


def site_short_labels(table: pd.DataFrame) -> dict[str, str]:
    """Place names for narrow columns: the site label without its kind ("Askim innbyggertorg og
    bibliotek" of kind "innbyggertorg og bibliotek" -> "Askim"); the label when that fails."""
    out: dict[str, str] = {}
    kinds = table["kind"] if "kind" in table else pd.Series("", index=table.index)
    for site, label, kind in zip(table["site_id"], table["label"], kinds.fillna(""), strict=True):
        label, kind = str(label), str(kind).strip()
        short = label[: -len(kind)].strip() if kind and label.lower().endswith(" " + kind.lower()) else label
        out.setdefault(str(site), short or label)
    return out


def _co_located_cells(study: Study) -> frozenset[tuple[str, str]]:
    """(site id, wave) pairs where the site was co-located at the wave's field date."""
    r = study.responses
    if not {"site", "wave", "co_located"} <= set(r.columns):
        return frozenset()
    flags = r.groupby([r["site"].astype(str), r["wave"].astype(str)], observed=True)["co_located"].agg(
        lambda x: bool(x.astype("boolean").fillna(False).any()))
    return frozenset(key for key, flag in flags.items() if flag)


def build(path: str | Path | None = None, *, progress: Callable[[str], None] | None = None,
          force: bool = False, formats: tuple[str, ...] | None = None, language: str | None = None,
          jobs: int | None = None) -> dict:
    """Rebuild everything from the raw exports; returns {"figures": [...], "tables": [...], ...}.

    ``formats`` (figure files, of png/svg/pdf) defaults to config/report.yaml's
    ``output: {formats: [...]}``, else PNG and SVG; ``language`` to the study's language.
    ``jobs`` worker processes draw the figures while the next ones are computed (default 2 on
    a machine with 2 or more cores; 1 draws in this process); the files are the same.
    """
    say = progress or (lambda _msg: None)
    with study_lock(find_config(path).parent), Renderer(jobs or default_jobs()) as renderer:
        if force:
            renderer.start()  # the drawing processes start up while the exports are read
        say("loading and cleaning the exports")
        study = load_study(path, progress=say)
        cfg = study.config
        if not (cfg.reports_dir / ".cache.json").exists():
            renderer.start()
        # everything is written into staging copies of data/processed and reports, swapped in at
        # the end: a build that fails or is interrupted leaves the previous outputs as they were
        with staged_dirs(cfg.processed_dir, cfg.reports_dir) as stage:
            out = _build(study, *stage.dirs, say=say, force=force, formats=formats, language=language,
                         renderer=renderer)
    return stage.final(out)


def _build(study: Study, processed: Path, reports: Path, *, say: Callable[[str], None], force: bool,
           formats: tuple[str, ...] | None, language: str | None, renderer: Renderer) -> dict:
    """The body of :func:`build`, writing into ``processed`` and ``reports``."""
    out = {"processed": study.save(processed)}
    cfg = study.config
    say(f"wrote data/processed ({len(study.responses)} responses, {len(study.rejects)} rejects)")
    recipe = load_recipe(cfg.report_path, known_variables=set(study.codebook.names()))
    say("weighting (raking each wave to the population margins)")
    design = analysis_design(study)
    formats = tuple(formats or recipe.formats or ("png", "svg"))
    ctx = draw_context(study, language)
    cache_file = reports / ".cache.json"
    cache = read_cache(cache_file) if not force else {}
    code = _code_hash()
    footer = footer_text(ctx.language, source=cfg.source_text(ctx.language) or None, waves=[w.id for w in cfg.waves],
                         n=len(study.responses), synthetic=cfg.synthetic)
    tables: dict[str, pd.DataFrame] = {}
    sections, figures, new_cache = [], [], {}
    total = len(recipe.figures) + len(recipe.tables)
    number = {spec.id: i for i, spec in enumerate(recipe.figures, start=1)}

    def drawn(job: FigureJob, _paths: list[Path]) -> None:
        say(f"[{number[job.spec.id]}/{total}] figure {job.spec.id} ({job.spec.kind}) drawn")

    workers = f" ({renderer.jobs} drawing processes)" if renderer.jobs > 1 else ""
    say(f"computing and drawing {len(recipe.figures)} figures{workers}")
    for i, spec in enumerate(recipe.figures, start=1):
        results = {name: protect(frame) for name, frame in compute(study, design, spec).items()}
        tables.update({name: frame for name, frame in results.items() if not name.startswith("_")})
        key = hashlib.sha256(
            f"{_hash_results(results)}|{spec!r}|{context_key(ctx)}|{code}|{formats}".encode()).hexdigest()
        stem = reports / "figures" / spec.id
        paths = [stem.with_suffix(f".{fmt}") for fmt in formats]
        if cache.get(spec.id) == key and all(p.exists() for p in paths):
            say(f"[{i}/{total}] figure {spec.id}: unchanged, kept")
        else:
            renderer.submit(FigureJob(spec, results, ctx, footer, stem, formats), drawn)
        new_cache[spec.id] = key
        figures.extend(paths)
        sections.append(Section(spec.text(ctx.language), stem.with_suffix(".png")))
    if renderer.pending:
        say(f"waiting for {renderer.pending} figure(s) to be drawn")
    renderer.finish()
    for j, spec in enumerate(recipe.tables, start=len(recipe.figures) + 1):
        tables.update({name: protect(frame) for name, frame in compute(study, design, spec).items()})
        say(f"[{j}/{total}] table {spec.id}")
    summary = next((t for name, t in tables.items() if name.endswith("_summary")), None)
    out["tables"] = write_tables(tables, reports / "tables")
    out["workbook"] = write_workbook({**method_sheets(study, summary), **tables},
                                     method_frame(study, summary, ctx.language), reports / "tables.xlsx")
    sections = _key_tables(recipe, tables, sections, ctx)
    page = render_html(cfg.name, sections, method_notes(study, summary, ctx.language),
                       banner=text("synthetic_banner", ctx.language) if cfg.synthetic else None,
                       language=ctx.language)
    html_path = reports / "index.html"
    from surveykit.outputs import atomic_path

    with atomic_path(html_path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    out["html"] = html_path
    out["figures"] = figures
    write_json(new_cache, cache_file)
    say(f"wrote {len(figures)} figure files, {len(out['tables'])} tables, tables.xlsx and index.html to {cfg.reports_dir}")
    return out


def _key_tables(recipe, tables: dict[str, pd.DataFrame], sections: list, ctx: DrawContext) -> list:
    """The page's key tables, formatted for reading: each DiD figure gets its estimates under it,
    and each top-box table becomes a section of its own (after the figures)."""
    from dataclasses import replace

    out = []
    for spec, sec in zip(recipe.figures, sections, strict=True):
        did = tables.get(f"{spec.id}_did")
        if spec.kind == "did" and did is not None:
            sec = replace(sec, table=did_table(did, ctx.language, ctx.labels),
                          table_caption=text("did_table", ctx.language))
        out.append(sec)
    for spec in recipe.tables:
        frame = tables.get(spec.id)
        if spec.kind == "topbox" and frame is not None:
            titled = spec.title and spec.title != {"*": spec.id}
            out.append(Section(spec.text(ctx.language) if titled else text("top_box", ctx.language), None,
                               table=topbox_table(frame, list(spec.by), ctx.language, ctx.labels),
                               table_caption=text("topbox_table", ctx.language, level=95)))
    return out
