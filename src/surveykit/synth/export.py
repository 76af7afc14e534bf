"""Write the two exports as the survey agency delivered them (wave 1 Excel, wave 2 SPSS).

Column names and answer labels come from the study's codebook (package data), so the files
and ``config/codebook.yaml`` cannot drift apart. Both writers are byte-deterministic:
the xlsx gets fixed document properties and zip timestamps, the sav a fixed header date.

Example:
    >>> from surveykit.synth.generate import generate_wave
    >>> from surveykit.synth.junk import file_rows
    >>> clean, extra = generate_wave(1, "1", 30)
    >>> df, variants = wave1_frame(np.random.default_rng(0), file_rows(np.random.default_rng(0), "1", clean, extra))
    >>> df.columns[0], df.columns[1]
    ('IntervjuID', 'Status')
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat
import yaml
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from surveykit.synth.sites import sites_at

__all__ = ["WAVE2_LABELS", "codebook", "wave1_frame", "wave2_frame", "write_sav", "write_xlsx"]

EXCEL_MAX_ROWS = 1_048_575
_FIXED_TIME = datetime(2022, 2, 1, 8, 0, 0)
_SAV_DATE, _SAV_TIME = b"20 Feb 23", b"08:00:00"

# Wave 2: SPSS variable labels; some reworded relative to the wave-1 question texts.
WAVE2_LABELS: dict[str, str] = {
    "resp_id": "Respondent-ID", "status": "Intervjustatus", "intervjuer": "Intervjuer", "kommune": "Kommune",
    "q1": "Hvilket bibliotek eller innbyggertorg bruker du mest, eller har nærmest?",
    "q2": "Når var du sist på biblioteket eller innbyggertorget?",
    "q3": "Vet du at biblioteket og innbyggertorget er samlokalisert?",
    "q4": "Hvor enig er du i at du føler deg velkommen på stedet?",
    "q5": "Hvor enig eller uenig er du i at det er enkelt å få hjelp der?",
    "q6": "Hvor enig er du i at stedet gir deg god tilgang til kommunens tjenester?",
    "q7": "Hvor enig er du i at du får god hjelp med digitale tjenester der?",
    "q8": "Hvor enig eller uenig er du i at du kan snakke om personlige saker uten at andre hører det?",
    "q9": "Hvor enig er du i at biblioteket er en uavhengig møteplass?",
    "q10": "Hvor enig er du i at samlokaliseringen med innbyggertorget utfordrer bibliotekets uavhengighet?",
    "q11": "Dersom bibliotekarer og innbyggertorget deler skranke, får du da mer, like stor eller mindre tillit til svarene?",
    "q12": "Hvor enig er du i at stedet gjør nærmiljøet til et bedre sted å bo?",
    "q13": "Alt i alt, hvor fornøyd er du med biblioteket/innbyggertorget?",
    "kjonn": "Kjønn", "alder": "Alder", "utdanning": "Høyeste fullførte utdanning",
    "q15": "Har du noen andre kommentarer?",
}
# Wave 2 value-label texts differing from the codebook's nb labels (scale -> code -> text).
_WAVE2_VARIANTS = {
    "agree5": {3: "Hverken enig eller uenig"},
    "satisfied5": {3: "Hverken fornøyd eller misfornøyd"},
    "trust3": {2: "Samme tillit"},
}
# Wave 1 label variants: (scale, code, variant text, share of that code's answers).
_WAVE1_VARIANTS = [
    ("agree5", 9, "Vet ikke/ikke aktuelt", 0.10),
    ("agree5", 5, "Svært enig", 0.03),
    ("gender", 2, "K", 0.02),
    ("gender", 1, "M", 0.02),
    ("education", 2, "Videregående", 0.10),
]
_WAVE1_SITE_VARIANTS = {"drammensbiblioteket": ("Hovedbiblioteket i Drammen", 0.15), "askim": ("Askim bibliotek", 0.10)}


@cache
def codebook() -> dict[str, Any]:
    """The study codebook (package data) as plain YAML data."""
    path = resources.files("surveykit.synth") / "study" / "codebook.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _labels(scale: str) -> dict[int, str]:
    s = codebook()["scales"][scale]
    return {lv["code"]: lv["label"]["nb"] for lv in [*s["levels"], *s.get("nonsubstantive", [])]}


def _codes(rows: pd.DataFrame, name: str, scale: str | None = None) -> np.ndarray:
    """A variable as float codes (NaN = not answered); label texts are coded through ``scale``."""
    values = rows[name]
    if scale and not pd.api.types.is_numeric_dtype(values):
        values = values.map({text: code for code, text in _labels(scale).items()})
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _uniform(rng: np.random.Generator, rows: pd.DataFrame) -> np.ndarray:
    """One uniform per row, equal for rows with the same id (a duplicate stays an exact repeat)."""
    u = pd.Series(rng.random(len(rows)), index=rows.index)
    return u.groupby(rows["respondent_id"].to_numpy()).transform("first").to_numpy()


def wave1_frame(rng: np.random.Generator, rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Wave 1 as exported: question texts as headers, label texts, ``Ja``/empty multi columns.

    Returns the frame and the number of label variants written, by variant text.
    """
    out: dict[str, Any] = {}
    variants: dict[str, int] = {}
    numeric_id = rows["respondent_id"].str.fullmatch(r"\d+")
    out["IntervjuID"] = [int(i) if num else i for i, num in zip(rows["respondent_id"], numeric_id, strict=True)]
    out["Status"] = np.where(rows["file_status"].eq(1), "Fullført", "Avbrutt").astype(object)
    out["Intervjuer"] = rows["interviewer"].to_numpy(dtype=object)
    out["Kommune"] = rows["municipality"].to_numpy(dtype=object)
    labels1 = sites_at("1")["label"]
    for var in codebook()["variables"]:
        src = var.get("sources", {}).get("1")
        if src is None or var["name"] in ("respondent_id", "status"):
            continue
        name = var["name"]
        if var["type"] == "multi":
            for key, col in src["columns"].items():
                v = rows[f"{name}__{key}"]
                out[col] = np.where(v.eq(True), "Ja", None).astype(object)
        elif var["type"] == "site":
            text = labels1.reindex(rows["site"]).to_numpy(dtype=object)
            for site, (alt, share) in _WAVE1_SITE_VARIANTS.items():
                hit = (rows["site"].eq(site).to_numpy()) & (_uniform(rng, rows) < share)
                text = np.where(hit, alt, text)
                variants[alt] = int(hit.sum())
            out[src["column"]] = np.where(rows["site"].isna(), None, text).astype(object)
        elif var.get("scale"):
            codes = _codes(rows, name, var["scale"])
            col = pd.Series(codes).map(_labels(var["scale"])).astype(object).to_numpy()
            for scale, code, alt, share in _WAVE1_VARIANTS:
                if scale == var["scale"]:
                    hit = (codes == code) & (_uniform(rng, rows) < share)
                    col = np.where(hit, alt, col)
                    variants[alt] = variants.get(alt, 0) + int(hit.sum())
            out[src["column"]] = np.where(pd.isna(col), None, col)
        elif var["type"] == "numeric":
            v = _codes(rows, name)
            out[src["column"]] = np.array([None if np.isnan(x) else int(x) for x in v], dtype=object)
        else:  # text
            out[src["column"]] = rows[name].astype(object).where(rows[name].notna(), None).to_numpy()
    return pd.DataFrame(out), variants


def write_xlsx(df: pd.DataFrame, path: str | Path, sheet: str = "Data") -> None:
    """Write ``df`` to one sheet, header row first, byte-deterministically."""
    if len(df) > EXCEL_MAX_ROWS:
        raise ValueError(f"{path}: {len(df):,} rows do not fit an Excel sheet (max {EXCEL_MAX_ROWS:,}); use a smaller scale.")
    wb = Workbook(write_only=True)
    wb.properties.creator = "Opinion (synthetic, surveykit.synth)"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.create_sheet(sheet)
    ws.append(list(df.columns))
    for row in df.itertuples(index=False, name=None):
        ws.append([None if (isinstance(v, float) and np.isnan(v)) else v for v in row])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()  # not save_workbook: it stamps "modified" with now
    Path(path).write_bytes(_fix_zip_times(buf.getvalue()))


def _fix_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with every member dated 1980-01-01 (zip stores local write times)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def wave2_frame(rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[int, str]]]:
    """Wave 2 as exported: short names, numeric codes; returns (frame, variable labels, value labels)."""
    out: dict[str, Any] = {}
    value_labels: dict[str, dict[int, str]] = {}
    out["resp_id"] = rows["respondent_id"].astype(str).to_numpy()
    out["status"] = rows["file_status"].to_numpy(dtype=float)
    value_labels["status"] = _labels("status")
    out["intervjuer"] = rows["interviewer"].astype(str).to_numpy()
    out["kommune"] = np.where(rows["municipality"].eq("Drammen"), 1.0, 2.0)
    value_labels["kommune"] = {1: "Drammen", 2: "Indre Østfold"}
    site_codes = _site_codes()
    for var in codebook()["variables"]:
        src = var.get("sources", {}).get("2")
        if src is None or var["name"] in ("respondent_id", "status"):
            continue
        name = var["name"]
        if var["type"] == "multi":
            for key, col in src["columns"].items():
                v = rows[f"{name}__{key}"]
                out[col] = np.where(v.isna(), np.nan, v.eq(True).astype(float))
                value_labels[col] = {0: "Ikke valgt", 1: "Valgt"}
        elif var["type"] == "site":
            out[src["column"]] = rows["site"].map({s: c for c, (s, _) in site_codes.items()}).to_numpy(dtype=float)
            value_labels[src["column"]] = {c: text for c, (_, text) in site_codes.items()}
        elif var.get("scale"):
            out[src["column"]] = _codes(rows, name, var["scale"])
            value_labels[src["column"]] = {**_labels(var["scale"]), **_WAVE2_VARIANTS.get(var["scale"], {})}
        elif var["type"] == "numeric":
            out[src["column"]] = _codes(rows, name)
        else:
            out[src["column"]] = rows[name].astype(object).where(rows[name].notna(), "").astype(str).to_numpy()
    df = pd.DataFrame(out)
    labels = {c: WAVE2_LABELS.get(c, "") for c in df.columns}
    for var in codebook()["variables"]:
        if var["type"] == "multi" and "2" in var.get("sources", {}):
            for key, col in var["sources"]["2"]["columns"].items():
                labels[col] = "Kjenner til: " + var["options"][key]["nb"]
    return df, labels, value_labels


def _site_codes() -> dict[int, tuple[str, str]]:
    """Wave-2 site code -> (site_id, value label): the numeric alias and the first text alias."""
    out: dict[int, tuple[str, str]] = {}
    for site, row in sites_at("2").iterrows():
        aliases = row["aliases"].split("|")
        code = next(int(a) for a in aliases if a.isdigit())
        out[code] = (str(site), row["label"] if site == "drammensbiblioteket" else aliases[0])
    return dict(sorted(out.items()))


def write_sav(df: pd.DataFrame, path: str | Path, column_labels: dict[str, str],
              value_labels: dict[str, dict[int, str]]) -> None:
    """Write an SPSS .sav with labels; the header's creation date/time are fixed for determinism."""
    path = Path(path)
    pyreadstat.write_sav(df, str(path), file_label="Innbyggerundersøkelse 2023 (syntetiske data)",
                         column_labels=column_labels, variable_value_labels=value_labels)
    data = bytearray(path.read_bytes())
    # SAV header: "$FL2"(4) product(60) layout(4) ncases.. (4*4) bias(8) -> creation date at 84
    start = 4 + 60 + 4 + 4 + 4 + 4 + 4 + 8
    data[start:start + 9], data[start + 9:start + 17] = _SAV_DATE, _SAV_TIME
    path.write_bytes(bytes(data))
