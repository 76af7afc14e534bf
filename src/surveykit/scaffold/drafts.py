"""`surveykit codebook draft`: the draft codebook, report recipe, site table and waves of a blank study."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from surveykit.errors import ConfigError
from surveykit.scaffold.init import slug
from surveykit.scaffold.lexicon import _fold, _number
from surveykit.scaffold.pools import _present, _Registry, _resolve
from surveykit.scaffold.scan import _Column, _scan
from surveykit.scaffold.variables import (
    _choose_site,
    _name_pools,
    _name_variables,
    _q,
    _render,
    _variables,
)


def draft_report(codebook: Mapping[str, Any] | str | Path) -> str:
    """A minimal config/report.yaml for a codebook: likert and means figures of all likert items
    (by wave, and by site_type when there is a site variable), a top-box table, and a figure per
    multi-select question.

    ``codebook`` is a path to a codebook YAML or its parsed content.

    >>> cb = {"variables": [{"name": "welcome", "type": "likert", "scale": "agree5"},
    ...                     {"name": "site", "type": "site"}],
    ...       "scales": {"agree5": {"top_box": [4, 5]}}}
    >>> print(draft_report(cb).split("figures:")[1].split("\\n")[1:5])
    ['  - id: likert_items', '    kind: likert', '    items: [welcome]', '    by: [site_type, wave]']
    """
    if not isinstance(codebook, Mapping):
        codebook = yaml.safe_load(Path(codebook).read_text(encoding="utf-8")) or {}
    variables = codebook.get("variables") or []
    scales = codebook.get("scales") or {}
    likert = [v["name"] for v in variables if v.get("type") == "likert"]
    multi = [v["name"] for v in variables if v.get("type") == "multi"]
    topbox = [v["name"] for v in variables if v.get("type") == "likert" and (scales.get(v.get("scale")) or {}).get("top_box")]
    by = "[site_type, wave]" if any(v.get("type") == "site" for v in variables) else "[wave]"
    items = lambda names: "[" + ", ".join(names) + "]"  # noqa: E731
    lines = ["# The report: figures and tables built by `surveykit build` (drafted by `surveykit codebook draft`).",
             "# kind (figures): likert | means | change | did | heatmap | weights | multi | adjusted",
             "# kind (tables):  topbox | means | shares | change",
             "# items: variable names from config/codebook.yaml; by: grouping columns (wave, site_type, site,",
             "# municipality, or any single-choice variable); title: a text, or one per language {nb: ..., sv: ...}.",
             "# Build one figure per theme: split the item lists below into groups that belong together.",
             "figures:"]
    if likert:
        lines += ["  - id: likert_items", "    kind: likert", f"    items: {items(likert)}", f"    by: {by}",
                  "    title: {nb: \"Svarfordeling\", nn: \"Svarfordeling\", en: \"Answers\", sv: \"Svarsfördelning\", "
                  "da: \"Svarfordeling\"}",
                  "  - id: means_items", "    kind: means", f"    items: {items(likert)}", f"    by: {by}",
                  "    title: {nb: \"Gjennomsnitt\", nn: \"Gjennomsnitt\", en: \"Means\", sv: \"Medelvärden\", "
                  "da: \"Gennemsnit\"}"]
    for name in multi:
        lines += [f"  - id: {name}", "    kind: multi", f"    items: [{name}]", f"    by: {by}"]
    if len(lines) == 7:
        lines[-1] = "figures: []             # no likert items in the codebook: add figures here"
    lines.append("tables:")
    if topbox:
        lines += ["  - id: topbox_items", "    kind: topbox", f"    items: {items(topbox)}", f"    by: {by}",
                  "    title: {nb: \"Andel enig\", nn: \"Del som er einige\", en: \"Share agreeing\", "
                  "sv: \"Andel som instämmer\", da: \"Andel enige\"}"]
    else:
        lines[-1] = "tables: []"
    return "\n".join(lines) + "\n"


def _is_template(path: Path, name: str) -> bool:
    """True when ``path`` is missing or still the blank file `surveykit init` wrote."""
    if not path.exists():
        return True
    blank = (resources.files("surveykit") / "templates" / name).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8") == blank


_MUNICIPALITY = re.compile(r"^(kommune|kommun|municipality|bostedskommune|hjemkommune)\b", re.IGNORECASE)


def _site_rows(site: dict[str, Any], raws: dict[str, Any]) -> list[dict[str, str]]:
    """Draft rows of config/sites.csv from the answers of the site question (and a municipality column)."""
    pool = _resolve(site["pool"])
    labels: list[tuple[str, list[str]]] = []
    for lv in pool.levels.values():
        codes = [str(_number(lv["code"]))] if pool.fixed_codes and lv["code"] is not None else []
        labels.append((lv["labels"][0], [*lv["labels"][1:], *codes]))
    # a label that starts exactly one other label ("Fjell" / "Fjell bibliotek") is an alias of it
    rows: dict[str, dict[str, Any]] = {}
    for label, aliases in sorted(labels, key=lambda la: -len(la[0])):
        longer = [r for r in rows.values() if _fold(r["label"]).startswith(_fold(label) + " ")]
        if len(longer) == 1:
            longer[0]["aliases"] += [label, *aliases]
            continue
        rows[label] = {"label": label, "aliases": list(aliases)}
    municipality: dict[str, str] = {}
    for wave, col in site["sources"].items():
        raw = raws[wave]
        mcol = next((c for c in raw.data.columns if _MUNICIPALITY.match(str(raw.questions.get(c, c)))), None)
        if mcol is None:
            continue
        left = raw.data[col.column].astype("string")
        right = raw.data[mcol]
        vl = raw.value_labels.get(mcol) or {}
        right = right.map(lambda v, vl=vl: vl.get(v, v) if pd.notna(v) else v).astype("string")
        sl = raw.value_labels.get(col.column) or {}
        left = raw.data[col.column].map(lambda v, sl=sl: sl.get(v, v) if pd.notna(v) else v).astype("string")
        pairs = pd.DataFrame({"s": left, "m": right}).dropna()
        for value, group in pairs.groupby("s"):
            top = group["m"].value_counts()
            if len(top) and top.iloc[0] >= 0.9 * len(group):
                municipality.setdefault(_fold(value), str(top.index[0]))
    out = []
    used: set[str] = set()
    for row in sorted(rows.values(), key=lambda r: _fold(r["label"])):
        sid, k = slug(row["label"], 24), 2
        while sid in used:
            sid, k = f"{slug(row['label'], 24)}_{k}", k + 1
        used.add(sid)
        names = [row["label"], *row["aliases"]]
        muni = next((municipality[_fold(n)] for n in names if _fold(n) in municipality), "")
        out.append({"site_id": sid, "label": row["label"], "municipality": muni, "kind": "",
                    "aliases": "|".join(dict.fromkeys(row["aliases"])), "co_located": "false",
                    "valid_from": "", "valid_to": ""})
    return out


def _field_date(raw, path: Path) -> tuple[dt.date, bool]:
    """The median answer date from the tool's time stamps, else the file's date (guessed=True)."""
    for col in list(raw.meta.get("system_columns", []) or []) + list(raw.data.columns):
        if not re.search(r"created|start|time|dato|date|tidspunkt|timestamp|submitted|opprettet|tid",
                         str(col), re.IGNORECASE):
            continue
        values = raw.data[col]
        if not pd.api.types.is_datetime64_any_dtype(values):
            text = _present(values).astype(str).str.strip().str[:10]
            values = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            if values.isna().mean() > 0.1:
                values = pd.to_datetime(text, format="%d.%m.%Y", errors="coerce")
        values = pd.Series(values).dropna()
        if len(values) and len(values) >= 0.5 * max(1, len(raw.data)):
            stamp = values.sort_values().iloc[len(values) // 2]
            return stamp.date(), False
    return dt.date.fromtimestamp(path.stat().st_mtime), True


def _guess_language(texts: list[str]) -> str:
    words = re.findall(r"[a-zæøåäö]+", " ".join(texts).casefold())
    marks = {"nn": {"ikkje", "eg", "kva", "korleis", "kor", "nøgd", "noko", "berre"},
             "sv": {"och", "inte", "jag", "är", "vad", "hur", "nöjd", "mycket", "eller", "vilket"},
             "da": {"hvad", "jeg", "meget", "ikke", "tilfreds", "hvordan", "hvilket", "af", "jer"},
             "en": {"the", "and", "you", "how", "what", "your", "of", "is"},
             "nb": {"ikke", "jeg", "hva", "hvordan", "fornøyd", "og", "av", "hvilket", "hvor", "er"}}
    score = {lang: sum(w in marks[lang] for w in words) for lang in marks}
    score["da"] -= sum(w in {"ikke", "jeg", "hvilket"} for w in words)  # shared with nb
    best = max(score, key=lambda k: score[k])
    return best if score[best] > 0 else "nb"


def _fill_study_yaml(root: Path, exports: Sequence[Path], raws: dict[str, Any], has_id: bool, language: str) -> bool:
    path = root / "surveykit.yaml"
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    if "REPLACE_WITH_YOUR_EXPORT" not in text:
        return False
    lines = ["waves:                                # one entry per export; filled in by `surveykit codebook draft`"]
    for i, export in enumerate(exports, start=1):
        raw = raws[str(i)]
        day, guessed = _field_date(raw, Path(export))
        try:
            rel = Path(export).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = Path(export).resolve().as_posix()
        lines += [f"  - id: \"{i}\"",
                  f"    label: \"{day.year}\"                   # the wave's name in figures and tables",
                  f"    file: {_q(rel)}",
                  f"    field_date: {day.isoformat()}"
                  + ("                # REVIEW: when the survey was fielded (picks site status)" if guessed
                     else "                # median answer date in the export; picks each site's status")]
        if raw.sheet is not None and raw.format == "xlsx":
            lines.append(f"    sheet: {_q(raw.sheet)}")
    block = "\n".join(lines) + "\n\n"
    text = re.sub(r"(?ms)^waves:.*?(?=^screening:)", lambda _m: block, text)
    if not has_id:
        text = text.replace("  duplicate: {variable: respondent_id}",
                            "  # duplicate: {variable: respondent_id}   # no respondent id column was found")
    text = re.sub(r"(?m)^(  language: )nb(\s)", lambda m: f"{m.group(1)}{language}{m.group(2)}", text, count=1)
    path.write_text(text, encoding="utf-8")
    return True


def draft_codebook(exports: Sequence[Path], output: Path, *, force: bool = False,
                   report: Path | bool | None = None, sites: Path | bool | None = None) -> Path:
    """Inspect the exports (one per wave, in order) and write a draft codebook for review.

    When ``output`` is ``config/codebook.yaml`` of a study made by ``surveykit init``, the other
    blank files of that study are drafted too (never a file you have edited): the waves in
    surveykit.yaml, config/report.yaml (see :func:`draft_report`) and config/sites.csv (when a
    site question is found). ``report``/``sites`` give other paths for those, or ``False`` to skip.
    The blank codebook written by ``init`` is replaced without ``force``.
    """
    from surveykit.io import read_export

    output = Path(output)
    if output.exists() and not force and not _is_template(output, "codebook.yaml"):
        raise ConfigError(f"{output} exists already. Use --force to overwrite it, or -o to write elsewhere.")
    if not exports:
        raise ConfigError("codebook draft: give at least one export file (one per wave).")
    registry = _Registry()
    scans: list[tuple[str, list[_Column]]] = []
    notes: list[str] = []
    raws: dict[str, Any] = {}
    for w, path in enumerate(exports, start=1):
        raw = read_export(path)
        wave = str(w)
        raws[wave] = raw
        columns, wave_notes = _scan(raw, wave)
        notes.append(f"wave {wave}: {Path(path).name} read as {raw.format}, {raw.n_rows} rows, "
                     f"{len(raw.data.columns)} columns")
        notes += wave_notes
        scans.append((wave, columns))
    variables = _variables(scans, registry)
    site = _choose_site(variables)
    if site is not None:
        site["type"] = "site"
    pools = [p for p in registry.live()
             if any(_resolve(v["pool"]) is p and v["type"] in ("likert", "single") for v in variables)]
    for pool in pools:
        pool.finish()
    _name_variables(variables, site)
    _name_pools(pools, variables)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(_render(pools, variables, notes, exports), encoding="utf-8")
    root = output.parent.parent if output.parent.name == "config" else None
    if root is not None and (root / "surveykit.yaml").exists():
        questions = [v["question"] for v in variables]
        _fill_study_yaml(root, exports, raws, any(v["type"] == "id" for v in variables),
                         _guess_language(questions))
        report = root / "config" / "report.yaml" if report is None else report
        sites = root / "config" / "sites.csv" if sites is None else sites
    if report and (_is_template(Path(report), "report.yaml") or force):
        Path(report).write_text(draft_report(yaml.safe_load(output.read_text(encoding="utf-8"))), encoding="utf-8")
    if sites and site is not None and (_is_template(Path(sites), "sites.csv") or force):
        rows = pd.DataFrame(_site_rows(site, raws), columns=["site_id", "label", "municipality", "kind", "aliases",
                                                            "co_located", "valid_from", "valid_to"])
        rows.to_csv(sites, index=False, lineterminator="\n")
    return output
