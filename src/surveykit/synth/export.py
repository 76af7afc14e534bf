"""Write the two exports as the survey agency delivered them (wave 1 Excel, wave 2 SPSS).

Column names and answer labels come from the study's codebook (package data), so the files
and ``config/codebook.yaml`` cannot drift apart. Every writer is byte-deterministic: the xlsx
gets fixed document properties and zip timestamps, the sav a fixed header date. For studies
too large for Excel, wave 1 can be written as CSV (:func:`write_csv`) or Parquet
(:func:`write_parquet`) with the same columns and texts, vectorised over rows.

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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyreadstat
import yaml

from surveykit.synth.sites import SiteLayout, site_layout, spss_label

__all__ = [
    "EXCEL_MAX_ROWS", "WAVE2_LABELS", "codebook", "wave1_frame", "wave2_frame", "write_csv", "write_parquet",
    "write_sav", "write_xlsx",
]

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


def _uniform(rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
    """One uniform per row, equal for rows of the same group (a duplicate stays an exact repeat).

    ``groups`` are :func:`_id_groups` codes; each group takes the draw of its first row.
    """
    u = rng.random(len(groups))
    first = np.empty(groups.max() + 1 if len(groups) else 0, dtype=np.int64)
    first[groups[::-1]] = np.arange(len(groups) - 1, -1, -1)
    return u[first[groups]]


def _id_groups(rows: pd.DataFrame) -> np.ndarray:
    """Rows with the same respondent id share a code (0, 1, … in order of first appearance)."""
    return pd.factorize(rows["respondent_id"].to_numpy(dtype=object))[0]


def _labelled(index: np.ndarray, texts: list[str]) -> pd.Categorical:
    """A column of label texts from positions into ``texts`` (-1 = empty)."""
    return pd.Categorical.from_codes(index, categories=texts)


def _code_index(codes: np.ndarray, keys: list[int]) -> np.ndarray:
    """Position of each float code in ``keys`` (-1 for NaN or a code not in keys)."""
    out = np.full(len(codes), -1, dtype=np.int64)
    for i, key in enumerate(keys):  # a handful of codes, vectorised over rows
        out[codes == key] = i
    return out


def _with_variant(index: np.ndarray, texts: list[str], hit: np.ndarray, alt: str) -> np.ndarray:
    """Rewrite the rows ``hit`` to the variant text ``alt`` (added to ``texts`` if new)."""
    if alt not in texts:
        texts.append(alt)
    return np.where(hit, texts.index(alt), index)


def wave1_frame(rng: np.random.Generator, rows: pd.DataFrame,
                layout: SiteLayout | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Wave 1 as exported: question texts as headers, label texts, ``Ja``/empty multi columns.

    Label and text columns are categoricals of the exported texts (missing = empty cell),
    ``Alder`` is ``Int64``, ``IntervjuID`` holds numbers, and text for test interviews (as
    in the Excel file). Returns the frame and the number of label variants written, by
    variant text. Vectorised over rows.
    """
    layout = layout or site_layout()
    out: dict[str, Any] = {}
    variants: dict[str, int] = {}
    groups = _id_groups(rows)
    ids = rows["respondent_id"]
    numeric_id = ids.str.fullmatch(r"\d+").to_numpy(dtype=bool)
    id_col = ids.to_numpy(dtype=object)
    id_col[numeric_id] = ids[numeric_id].astype("int64").to_numpy().astype(object)
    out["IntervjuID"] = id_col
    out["Status"] = _labelled(np.where(rows["file_status"].eq(1), 0, 1), ["Fullført", "Avbrutt"])
    out["Intervjuer"] = pd.Categorical(rows["interviewer"])
    out["Kommune"] = pd.Categorical(rows["municipality"])
    labels1 = layout.at("1")["label"]
    for var in codebook()["variables"]:
        src = var.get("sources", {}).get("1")
        if src is None or var["name"] in ("respondent_id", "status"):
            continue
        name = var["name"]
        if var["type"] == "multi":
            for key, col in src["columns"].items():
                v = rows[f"{name}__{key}"]
                out[col] = _labelled(np.where(v.eq(True).to_numpy(dtype=bool), 0, -1), ["Ja"])
        elif var["type"] == "site":
            site = pd.Categorical(rows["site"], categories=layout.site_ids)
            texts = labels1.reindex(layout.site_ids).tolist()
            index = site.codes.astype(np.int64)
            for parent, (alt, share) in _WAVE1_SITE_VARIANTS.items():
                main = layout.site_ids.index(layout.main_site(parent))
                hit = (index == main) & (_uniform(rng, groups) < share)
                index = _with_variant(index, texts, hit, alt)
                variants[alt] = int(hit.sum())
            out[src["column"]] = _labelled(index, texts)
        elif var.get("scale"):
            codes = _codes(rows, name, var["scale"])
            labels = _labels(var["scale"])
            texts = list(labels.values())
            index = _code_index(codes, list(labels))
            for scale, code, alt, share in _WAVE1_VARIANTS:
                if scale == var["scale"]:
                    hit = (codes == code) & (_uniform(rng, groups) < share)
                    index = _with_variant(index, texts, hit, alt)
                    variants[alt] = variants.get(alt, 0) + int(hit.sum())
            out[src["column"]] = _labelled(index, texts)
        elif var["type"] == "numeric":
            out[src["column"]] = pd.array(_codes(rows, name), dtype="Int64")
        else:  # text
            out[src["column"]] = pd.Categorical(rows[name])
    return pd.DataFrame(out), variants


def _cells(column: pd.Series) -> np.ndarray:
    """A column as Python values for a spreadsheet cell, ``None`` where empty."""
    values = column.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = None
    return values


def write_xlsx(df: pd.DataFrame, path: str | Path, sheet: str = "Data") -> None:
    """Write ``df`` to one sheet, header row first, byte-deterministically (one Python call per row)."""
    if len(df) > EXCEL_MAX_ROWS:
        raise ValueError(f"{path}: {len(df):,} rows do not fit an Excel sheet (max {EXCEL_MAX_ROWS:,}); "
                         'use a smaller scale, or export="csv" or export="parquet".')
    from openpyxl import Workbook  # only the Excel export needs it (0.2 s to import)
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    wb.properties.creator = "Opinion (synthetic, surveykit.synth)"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.create_sheet(sheet)
    ws.append(list(df.columns))
    for row in zip(*(_cells(df[c]) for c in df.columns), strict=True):
        ws.append(list(row))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()  # not save_workbook: it stamps "modified" with now
    Path(path).write_bytes(_fix_zip_times(buf.getvalue()))


def _arrow_column(column: pd.Series, text: bool = False) -> pa.Array:
    """A frame column as an Arrow array (categoricals become plain strings); ``text``: as strings."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = pa.array(column.cat.categories.astype(str).to_numpy(dtype=object), pa.string())
        if text:
            categories = _csv_quote(categories)
        codes = column.cat.codes.to_numpy()
        return pc.take(categories, pa.array(codes, mask=codes < 0))
    if column.dtype == object:  # mixed numbers and text (IntervjuID): the text as written
        arr = pa.array(column.astype(str).where(column.notna(), None), pa.string(), from_pandas=True)
    else:
        arr = pa.array(column, from_pandas=True)
    if text:
        arr = pc.cast(arr, pa.string()) if not pa.types.is_string(arr.type) else arr
        return _csv_quote(arr)
    return arr


def _csv_quote(arr: pa.Array) -> pa.Array:
    """RFC 4180 quoting, only where needed (a comma, quote or line break in the value)."""
    needs = pc.match_substring_regex(arr, '[",\r\n]')
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, arr)


def write_csv(df: pd.DataFrame, path: str | Path, chunk_rows: int = 200_000) -> None:
    r"""Write ``df`` as UTF-8 CSV (comma, ``\n``, quotes only where needed, empty = missing).

    Vectorised with pyarrow compute (no Python loop per row), byte-deterministic.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "x.csv"
        >>> write_csv(pd.DataFrame({"a": pd.Categorical(["x, y", None]), "b": pd.array([1, None], "Int64")}), p)
        >>> p.read_text()
        'a,b\n"x, y",1\n,\n'
    """
    header = _csv_quote(pa.array([str(c) for c in df.columns], pa.string())).to_pylist()
    with Path(path).open("wb") as fh:
        fh.write((",".join(header) + "\n").encode("utf-8"))
        for start in range(0, len(df), chunk_rows):
            part = df.iloc[start:start + chunk_rows]
            cols = [pc.fill_null(_arrow_column(part[c], text=True), "") for c in part.columns]
            lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cols, ","), "", "\n")
            fh.write(_string_bytes(lines))


def _string_bytes(arr: pa.StringArray) -> pa.Buffer:
    """The values of a string array without nulls, concatenated (a slice of its data buffer)."""
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset:arr.offset + len(arr) + 1]
    return arr.buffers()[2][int(offsets[0]):int(offsets[-1])]


def write_parquet(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` as Parquet (label columns as strings, ``Alder`` int64, ``IntervjuID`` text).

    Deterministic for a given pyarrow version (no pandas metadata, fixed compression).
    """
    table = pa.table({str(c): _arrow_column(df[c]) for c in df.columns})
    with open(path, "wb") as fh:   # a file object: pyarrow cannot open a path that is not UTF-8
        pq.write_table(table, fh, compression="zstd")


def _fix_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with every member dated 1980-01-01 (zip stores local write times)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def wave2_frame(rows: pd.DataFrame, layout: SiteLayout | None = None
                ) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[int, str]]]:
    """Wave 2 as exported: short names, numeric codes; returns (frame, variable labels, value labels)."""
    out: dict[str, Any] = {}
    value_labels: dict[str, dict[int, str]] = {}
    out["resp_id"] = rows["respondent_id"].astype(str).to_numpy()
    out["status"] = rows["file_status"].to_numpy(dtype=float)
    value_labels["status"] = _labels("status")
    out["intervjuer"] = rows["interviewer"].astype(str).to_numpy()
    out["kommune"] = np.where(rows["municipality"].eq("Drammen"), 1.0, 2.0)
    value_labels["kommune"] = {1: "Drammen", 2: "Indre Østfold"}
    site_codes = _site_codes(layout or site_layout())
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


def _site_codes(layout: SiteLayout) -> dict[int, tuple[str, str]]:
    """Wave-2 site code -> (site_id, value label): the numeric alias and the first text alias."""
    out: dict[int, tuple[str, str]] = {}
    for site, row in layout.at("2").iterrows():
        code = next(int(a) for a in row["aliases"].split("|") if a.isdigit())
        out[code] = (str(site), spss_label(layout.parent[str(site)], row["label"], row["aliases"]))
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
