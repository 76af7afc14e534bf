"""Starting a study without writing Python: `surveykit init` and `surveykit codebook draft`.

Example:
    >>> init_study(Path("my-study"))                                           # doctest: +SKIP
    >>> draft_codebook([Path("my-study/data/raw/export.xlsx")], Path("my-study/config/codebook.yaml"))  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from surveykit.errors import ConfigError

__all__ = ["KNOWN_SCALES", "draft_codebook", "init_study", "slug"]

_TEMPLATES = ("surveykit.yaml", "config/codebook.yaml", "config/sites.csv", "config/population.csv",
              "config/report.yaml")

# Known answer scales, low to high, per language: used to order text labels in a draft.
KNOWN_SCALES: dict[str, list[str]] = {
    "agree5_nb": ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"],
    "agree5b_nb": ["Svært uenig", "Uenig", "Verken enig eller uenig", "Enig", "Svært enig"],
    "agree4_nb": ["Helt uenig", "Delvis uenig", "Delvis enig", "Helt enig"],
    "satisfied5_nb": ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"],
    "agree5_sv": ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer i stor grad",
                  "Instämmer helt"],
    "good4_sv": ["Mycket dåligt", "Ganska dåligt", "Ganska bra", "Mycket bra"],
    "agree5_da": ["Helt uenig", "Delvist uenig", "Hverken enig eller uenig", "Delvist enig", "Helt enig"],
    "agree5_en": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
    "satisfied5_en": ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                      "Very satisfied"],
    "frequency_nb": ["Aldri", "Sjelden", "Av og til", "Ofte", "Svært ofte"],
}


def slug(text: str, max_len: int = 32) -> str:
    """A snake_case variable name from a question text or column name.

    >>> slug("Hvor fornøyd er du med åpningstidene?")
    'hvor_fornoyd_er_du_med_apningstidene'
    """
    text = text.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > max_len:
            break
        out = f"{out}_{w}" if out else w
    out = out or "var"
    return out if out[0].isalpha() else f"v_{out}"


def init_study(folder: Path, *, example: bool = False, force: bool = False) -> list[Path]:
    """Create a study folder: a blank commented configuration, or (``example``) the synthetic demo study."""
    if example:
        from surveykit.synth import write_study

        if (folder / "surveykit.yaml").exists() and not force:
            raise ConfigError(f"{folder / 'surveykit.yaml'} exists already. Use --force to overwrite, or another folder.")
        write_study(folder)
        return sorted(p for p in folder.rglob("*") if p.is_file())
    written = []
    for rel in _TEMPLATES:
        target = folder / rel
        if target.exists() and not force:
            raise ConfigError(f"{target} exists already. Use --force to overwrite, or choose an empty folder.")
        source = resources.files("surveykit") / "templates" / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(target)
    for sub in ("data/raw", "data/processed", "reports"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return written


# -- codebook draft -------------------------------------------------------------------------

def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


_NEG = r"(uenig|oenig|disagree|misfornøyd|missnöjd|utilfreds|dissatisfied|dårlig|dåligt|bad|poor)"
_POS = r"(enig|agree|fornøyd|nöjd|tilfreds|satisfied|god|bra|good)"
_STRONG = r"(helt|svært|sterkt|fullstendig|strongly|completely|very|mycket|meget|veldig)"
_RANKS = [
    (re.compile(r"(verken|hverken|varken|neither|nøytral|neutral|midt)"), 3),
    (re.compile(rf"^{_STRONG}\s+{_NEG}"), 1),
    (re.compile(rf"{_NEG}"), 2),
    (re.compile(rf"^{_STRONG}\s+{_POS}"), 5),
    (re.compile(rf"{_POS}"), 4),
]


def _rank(label: str) -> int | None:
    text = _norm(label)
    for pattern, rank in _RANKS:
        if pattern.search(text):
            return rank
    return None


def _order_labels(labels: list[str]) -> tuple[list[tuple[str, list[str]]], str | None]:
    """Labels grouped into levels low -> high, with same-meaning variants as aliases.

    A known scale fixes the order; otherwise agreement/satisfaction wording is ranked
    (helt uenig < uenig < verken … < enig < helt enig; "Svært enig" and "Helt enig" become one level).
    Unrecognised labels keep the order first seen and come back unordered.
    """
    have = {_norm(x) for x in labels}
    for name, scale in KNOWN_SCALES.items():
        known = [_norm(x) for x in scale]
        if have <= set(known) and len(have) >= max(2, len(known) - 2):
            return [(x, []) for k in known for x in labels if _norm(x) == k], name
    ranks = {x: _rank(x) for x in labels}
    if labels and all(r is not None for r in ranks.values()) and len(set(ranks.values())) >= 3:
        levels = []
        for rank in sorted(set(ranks.values())):
            same = [x for x in labels if ranks[x] == rank]
            levels.append((same[0], same[1:]))
        return levels, "ranked"
    return [(x, []) for x in labels], None


def _scale_entry(levels: list[tuple[Any, str]], nonsub: list[tuple[Any, str]], ordered: bool,
                 aliases: list[list[str]] | None = None) -> dict:
    entry: dict[str, Any] = {"levels": [{"code": c, "label": {"nb": str(lab)}} for c, lab in levels]}
    for level, extra in zip(entry["levels"], aliases or [], strict=False):
        if extra:
            level["aliases"] = extra
    if nonsub:
        entry["nonsubstantive"] = [{"code": c, "label": {"nb": str(lab)}} for c, lab in nonsub]
    if not ordered:
        entry["ordered"] = False
    elif len(levels) >= 4:
        entry["top_box"] = [c for c, _ in levels[-2:]]
    return entry


def _describe_column(raw, col: str) -> dict[str, Any]:
    from surveykit.nonsubstantive import is_nonsubstantive

    values = raw.data[col]
    present = values.dropna()
    present = present[present.astype(str).str.strip() != ""]
    question = str(raw.questions.get(col, col))
    out: dict[str, Any] = {"column": col, "question": question}
    labels = raw.value_labels.get(col)
    if labels:
        subst = [(_num(c), str(lab)) for c, lab in sorted(labels.items(), key=lambda kv: float(kv[0]))
                 if not is_nonsubstantive(str(lab))]
        nonsub = [(_num(c), str(lab)) for c, lab in labels.items() if is_nonsubstantive(str(lab))]
        ordered = len(subst) >= 3
        out.update(type="likert" if len(subst) >= 4 else "single", scale=_scale_entry(subst, nonsub, ordered))
        return out
    if len(present) == 0:
        out["type"] = "text"
        return out
    numeric = pd.to_numeric(present.astype(str).str.replace(",", "."), errors="coerce")
    if numeric.notna().all():
        out["type"] = "numeric"
        out["valid"] = [float(numeric.min()), float(numeric.max())]
        return out
    distinct = list(dict.fromkeys(present.astype(str).str.strip()))
    if len(distinct) <= 12 and len(present) >= 2 * len(distinct):
        subst = [x for x in distinct if not is_nonsubstantive(x)]
        nonsub = [x for x in distinct if is_nonsubstantive(x)]
        grouped, known = _order_labels(subst)
        codes = list(range(1, len(grouped) + 1))
        out.update(
            type="likert" if known else "single",
            scale=_scale_entry(list(zip(codes, [g[0] for g in grouped], strict=True)),
                               [(9 + i * 10, x) for i, x in enumerate(nonsub)], ordered=bool(known),
                               aliases=[g[1] for g in grouped]),
            review=None if known else "order of levels unknown: put them low -> high, or keep as unordered",
        )
        return out
    out["type"] = "text"
    return out


def _num(code: Any) -> Any:
    value = float(code)
    return int(value) if value.is_integer() else value


def draft_codebook(exports: Sequence[Path], output: Path, *, force: bool = False) -> Path:
    """Inspect the exports (one per wave, in order) and write a draft codebook for review."""
    from surveykit.io import read_export

    if output.exists() and not force:
        raise ConfigError(f"{output} exists already. Use --force to overwrite it, or -o to write elsewhere.")
    scales: dict[str, dict] = {}
    variables: list[dict[str, Any]] = []
    notes: list[str] = []
    for w, path in enumerate(exports, start=1):
        raw = read_export(path)
        wave = str(w)
        skip = set(raw.meta.get("identifier_columns", [])) | set(raw.meta.get("system_columns", []))
        multi = raw.meta.get("multi", {}) or {}
        multi_cols = {c for spec in multi.values() for c in spec.get("columns", [])}
        notes.append(f"wave {wave}: {Path(path).name} ({raw.format}, {raw.n_rows} rows); "
                     f"skipped identifier/system columns: {sorted(skip) or 'none'}")
        for key, spec in multi.items():
            options = spec.get("options") or spec.get("columns") or []
            entry = {"options": {slug(str(o), 24): {"nb": str(o)} for o in options}}
            if spec.get("columns"):
                source = {"columns": {slug(str(o), 24): c for o, c in zip(options, spec["columns"], strict=False)}}
            else:
                source = {"column": key, "separator": spec.get("separator", ";")}
            _merge(variables, {"name": slug(str(raw.questions.get(key, key))), "type": "multi",
                               "label": {"nb": str(raw.questions.get(key, key))}, **entry,
                               "sources": {wave: source}}, str(raw.questions.get(key, key)))
        for col in raw.data.columns:
            if col in skip or col in multi_cols or col in multi:
                continue
            info = _describe_column(raw, col)
            var: dict[str, Any] = {"name": slug(info["question"]), "type": info["type"],
                                   "label": {"nb": info["question"]}, "sources": {wave: {"column": col}}}
            if "scale" in info:
                name = _scale_name(scales, info["scale"])
                var["scale"] = name
            if "valid" in info:
                var["valid"] = info["valid"]
            if info.get("review"):
                var["review"] = info["review"]
            _merge(variables, var, info["question"])
    used = set()
    for var in variables:
        base, k = var["name"], 2
        while var["name"] in used:
            var["name"], k = f"{base}_{k}", k + 1
        used.add(var["name"])
    text = _render(scales, variables, notes, exports)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return output


def _skeleton(entry: dict) -> list:
    return [(lv["code"], lv["label"]["nb"]) for lv in entry["levels"]]


def _scale_name(scales: dict[str, dict], entry: dict) -> str:
    """Reuse a scale with the same levels (joining their aliases), else add a new one."""
    for name, existing in scales.items():
        if _skeleton(existing) == _skeleton(entry) and existing.get("ordered", True) == entry.get("ordered", True):
            for old, new in zip(existing["levels"], entry["levels"], strict=True):
                extra = [a for a in new.get("aliases", []) if a not in old.get("aliases", [])]
                if extra:
                    old["aliases"] = [*old.get("aliases", []), *extra]
            known = {lv["label"]["nb"] for lv in existing.get("nonsubstantive", [])}
            for lv in entry.get("nonsubstantive", []):
                if lv["label"]["nb"] not in known:
                    existing.setdefault("nonsubstantive", []).append(lv)
            return name
    name = f"scale{len(scales) + 1}"
    scales[name] = entry
    return name


def _merge(variables: list[dict], var: dict, question: str) -> None:
    """Join a later wave's question to an earlier variable with (nearly) the same text and type."""
    for old in variables:
        if old["type"] != var["type"] or set(var["sources"]) & set(old["sources"]):
            continue
        ratio = difflib.SequenceMatcher(None, _norm(old["label"]["nb"]), _norm(question)).ratio()
        if ratio >= 0.85:
            old["sources"].update(var["sources"])
            if ratio < 1:
                old.setdefault("review", f"matched across waves by similar question text ({ratio:.0%}); check")
            return
    variables.append(var)


def _render(scales: dict, variables: list[dict], notes: list[str], exports: Sequence[Path]) -> str:
    head = ["# DRAFT codebook written by `surveykit codebook draft` from:",
            *[f"#   wave {i}: {Path(p).name}" for i, p in enumerate(exports, start=1)],
            *[f"# {n}" for n in notes],
            "# Review every entry before use: names, types, scale order (low -> high), top_box, and the",
            "# `review:` notes (delete them when done). Then add a `site` variable if you compare sites,",
            "# and run `surveykit validate`.", ""]
    body_vars = []
    for var in variables:
        review = var.pop("review", None)
        dumped = yaml.safe_dump([var], allow_unicode=True, sort_keys=False, width=100)
        if review:
            dumped = f"  # REVIEW: {review}\n" + dumped
        body_vars.append(dumped)
    scales_text = yaml.safe_dump({"scales": scales}, allow_unicode=True, sort_keys=False, width=100)
    indented = "".join("  " + line + "\n" if line else "\n" for v in body_vars for line in v.rstrip().split("\n"))
    return "\n".join(head) + scales_text + "\nvariables:\n" + indented
