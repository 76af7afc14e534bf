"""Turn raw answers into typed columns, one small function per variable type.

Each ``code_*`` function takes the raw values of one variable and returns the typed columns
plus a list of failures (row, column, check, value, expected); nothing is dropped silently.

Example:
    >>> import pandas as pd
    >>> from surveykit.config.codebook import Level, Scale
    >>> scale = Scale("yn", (Level(1, {"nb": "Nei"}), Level(2, {"nb": "Ja"})),
    ...               (Level(9, {"nb": "Vet ikke"}),))
    >>> cols, fails = code_scaled(pd.Series(["Ja", "vet ikke", None]), "q", scale, "nb")
    >>> list(cols["q"].astype(object)), list(cols["q__dk"])
    (['Ja', nan, nan], [False, True, False])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from surveykit.config.codebook import Scale, Variable, normalise_label
from surveykit.errors import ConfigError

__all__ = [
    "cell_failures",
    "code_date",
    "code_levels",
    "code_multi",
    "code_numeric",
    "code_scaled",
    "code_text",
    "derive_bins",
    "is_blank",
    "map_labels",
]

_DONT_KNOW = "\x00nonsubstantive"  # marker: never a real label
_FALSEY = {"", "0", "0.0", "nei", "no", "nej", "false", "ikke valgt", "not selected"}


def _distinct(values: pd.Series) -> tuple[np.ndarray, Any, np.ndarray]:
    """(codes, distinct values, blank per distinct value); code -1 for a missing cell."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        blank = np.zeros(len(uniques), dtype=bool)
    else:
        blank = pd.Series(uniques).astype("string").str.strip().eq("").fillna(True).to_numpy(dtype=bool)
    return codes, uniques, blank


def _looked_up(values: pd.Series, mapping: dict[str, Any]) -> tuple[np.ndarray, list, np.ndarray]:
    """(codes, ``mapping`` of each distinct value's normalised form or None, blank per distinct value)."""
    codes, uniques, blank = _distinct(values)
    looked = [None if b else mapping.get(normalise_label(u)) for u, b in zip(uniques, blank, strict=True)]
    return codes, looked, blank


def is_blank(values: pd.Series) -> pd.Series:
    """True where a raw cell is empty: missing or only white space (judged once per distinct value)."""
    codes, _, blank = _distinct(values)
    return pd.Series(np.append(blank, True)[codes], index=values.index)


def cell_failures(rows: pd.Index, column: str, check: str, values: pd.Series, expected: str) -> list[dict]:
    return [
        {"row": int(r), "column": column, "check": check, "value": v, "expected": expected}
        for r, v in zip(rows, values, strict=True)
    ]


def map_labels(values: pd.Series, mapping: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """Map raw values through ``mapping`` on their normalised form, one lookup per distinct value.

    Returns (mapped values, ``None`` where blank or not in ``mapping``; blank cells).
    """
    codes, looked, blank = _looked_up(values, mapping)
    mapped = np.empty(len(looked) + 1, dtype=object)
    mapped[:-1] = looked
    return (pd.Series(mapped[codes], index=values.index),
            pd.Series(np.append(blank, True)[codes], index=values.index))


def _category_codes(values: pd.Series, mapping: dict[str, Any], categories: list[Any],
                    marker: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the code of its mapped value in ``categories`` (-1 if none), whether it mapped
    to ``marker``, and whether it is unknown (not blank, not in ``mapping``); one lookup per
    distinct value, then integer indexing."""
    codes, looked, blank = _looked_up(values, mapping)
    position = {c: i for i, c in enumerate(categories)}
    category = np.array([position.get(x, -1) if x is not None else -1 for x in looked] + [-1], dtype=np.int64)
    is_marker = np.array([marker is not None and x == marker for x in looked] + [False])
    unknown = np.array([x is None and not b for x, b in zip(looked, blank, strict=True)] + [False])
    return category[codes], is_marker[codes], unknown[codes]


def code_scaled(
    raw: pd.Series, name: str, scale: Scale, language: str, recode: dict[str, Any] | None = None,
    *, source_column: str | None = None,
) -> tuple[dict[str, pd.Series], list[dict]]:
    """Labels or codes -> a Categorical of the scale's substantive levels, plus ``<name>__dk``.

    Non-substantive answers ("Vet ikke") become missing in the item and True in ``__dk``;
    an empty cell is missing in both (it is not a "don't know").
    """
    table = scale.lookup()
    for raw_value, code in (recode or {}).items():
        hit = table.get(normalise_label(code))
        if hit is None:
            raise ConfigError(
                f"config/codebook.yaml: `recode` of {source_column or name!r} maps {raw_value!r} to {code!r}, "
                f"which is not a code of scale `{scale.name}` ({scale.allowed_text(language)}). Use one of its codes."
            )
        table[normalise_label(raw_value)] = hit
    # normalised label -> the level's text, or a marker for a non-substantive answer;
    # looked up once per distinct raw value (map_labels), never per row
    texts = {key: (_DONT_KNOW if nonsub else level.text(language)) for key, (level, nonsub) in table.items()}
    labels = scale.labels(language)
    codes, dk, unknown = _category_codes(raw, texts, labels, marker=_DONT_KNOW)
    failures = cell_failures(
        raw.index[unknown], source_column or name, "unknown_label", raw[unknown],
        f"a label or code of scale `{scale.name}` ({scale.allowed_text(language)}); "
        f"add it to the aliases of scale `{scale.name}` in config/codebook.yaml",
    )
    item = pd.Categorical.from_codes(codes, categories=labels, ordered=scale.ordered)
    return {name: pd.Series(item, index=raw.index), f"{name}__dk": pd.Series(dk, index=raw.index)}, failures


def code_levels(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """A single-choice variable given as a plain list of labels -> unordered Categorical."""
    levels = list(var.levels or ())
    table = {normalise_label(lv): lv for lv in levels}
    codes, _, unknown = _category_codes(raw, table, levels)
    failures = cell_failures(
        raw.index[unknown], source_column or var.name, "unknown_label", raw[unknown],
        f"one of {levels}; add it to `variables.{var.name}.levels` in config/codebook.yaml",
    )
    return {var.name: pd.Series(pd.Categorical.from_codes(codes, categories=levels), index=raw.index)}, failures


def code_numeric(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Numbers (decimal comma allowed) -> float64; text and out-of-range values are failures."""
    column = source_column or var.name
    blank = is_blank(raw)
    if pd.api.types.is_numeric_dtype(raw):
        numbers = raw.astype("float64")
    else:
        text = raw.astype("string").str.strip().str.replace(",", ".", regex=False).str.replace(" ", "", regex=False)
        numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    bad = numbers.isna() & ~blank
    failures = cell_failures(raw.index[bad], column, "not_numeric", raw[bad],
                        f"a number for {var.name!r} (decimal comma allowed); correct the cell in the export, "
                        f"or change `variables.{var.name}.type` in config/codebook.yaml if it is not numeric")
    if var.valid is not None:
        lo, hi = var.valid
        out = numbers.notna() & ((numbers < lo) | (numbers > hi))
        failures += cell_failures(
            raw.index[out], column, "out_of_range", raw[out],
            f"a value from {lo:g} to {hi:g} (`variables.{var.name}.valid` in config/codebook.yaml)",
        )
        numbers = numbers.mask(out)
    return {var.name: numbers}, failures


def code_multi(raw: pd.Series | pd.DataFrame, var: Variable, language: str, separator: str | None = None,
               *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Multi-select -> one boolean column per option, ``<name>__<option>``.

    From one column per option: chosen = non-empty and not 0/"Nei". From one column of joined
    labels: each part must be an option's label (or key). A row with no answer at all stays missing.
    """
    options = var.options or {}
    out: dict[str, pd.Series] = {}
    failures: list[dict] = []
    if isinstance(raw, pd.DataFrame):
        answered = ~raw.apply(is_blank).all(axis=1)
        for key in options:
            if key in raw:  # chosen: not empty, not 0 / "Nei" (judged per distinct value)
                codes, uniques, blank = _distinct(raw[key])
                falsey = [b or str(u).strip().casefold() in _FALSEY for u, b in zip(uniques, blank, strict=True)]
                chosen = pd.Series(~np.array([*falsey, True])[codes], index=raw.index)
            else:
                chosen = pd.Series(False, index=raw.index)
            out[f"{var.name}__{key}"] = chosen.astype("boolean").where(answered, pd.NA)
        return out, failures
    table = {normalise_label(k): k for k in options}
    for key, label in options.items():
        for text in label.values():
            table[normalise_label(text)] = key
    # each distinct joined text is split and looked up once
    codes, uniques, ublank = _distinct(raw)
    blank = np.append(ublank, True)[codes]
    chosen_keys, unknown_parts = [], []
    for u, b in zip(uniques, ublank, strict=True):
        parts = [] if b else [p.strip() for p in str(u).split(separator or ";") if p.strip()]
        found = [table.get(normalise_label(p)) for p in parts]
        chosen_keys.append({k for k in found if k is not None})
        unknown_parts.append([p for p, k in zip(parts, found, strict=True) if k is None])
    has_unknown = np.array([bool(p) for p in unknown_parts] + [False])[codes]
    rows = np.flatnonzero(has_unknown)
    failures = [
        {"row": int(raw.index[r]), "column": source_column or var.name, "check": "unknown_option", "value": part,
         "expected": f"one of the options of {var.name!r} ({', '.join(options)}); "
                     f"add it under `variables.{var.name}.options`"}
        for r in rows for part in unknown_parts[codes[r]]
    ]
    for key in options:
        hit = np.array([key in keys for keys in chosen_keys] + [False])[codes]
        out[f"{var.name}__{key}"] = pd.Series(hit, index=raw.index).astype("boolean").where(~blank, pd.NA)
    return out, failures


MAX_TEXT = 32_000  # below Excel's 32 767 characters per cell


def code_text(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Free text as string (masking happens in :mod:`surveykit.clean.privacy`).

    A cell longer than :data:`MAX_TEXT` characters is cut there (ending in "…") and reported
    as a warning (check ``text_truncated``): the raw file keeps the whole text.
    """
    text = raw.astype("string").str.strip()
    long = text.str.len().gt(MAX_TEXT).fillna(False).astype(bool)
    warnings = []
    if long.any():
        lengths = text[long].str.len().map(lambda n: f"{n} characters")
        warnings = cell_failures(raw.index[long], source_column or var.name, "text_truncated", lengths,
                            f"at most {MAX_TEXT} characters; the text was cut to that length (the raw file keeps it)")
        for w in warnings:
            w["severity"] = "warning"
        text = text.where(~long, text.str.slice(0, MAX_TEXT - 1) + "…")
    return {var.name: text.mask(text.eq(""))}, warnings


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M")
_FORMAT_NAMES = {"%Y-%m-%d": "2023-01-20", "%d.%m.%Y": "20.01.2023", "%d/%m/%Y": "20/01/2023",
                 "%m/%d/%Y": "01/20/2023", "%Y-%m-%d %H:%M:%S": "2023-01-20 13:45:00",
                 "%d.%m.%Y %H:%M": "20.01.2023 13:45"}


def code_date(raw: pd.Series, var: Variable, *, source_column: str | None = None) -> tuple[dict[str, pd.Series], list[dict]]:
    """Dates in ISO, Norwegian (31.12.2022) or slashed forms -> datetime64; others are failures.

    Slashed dates are read day first (20/01/2023) unless a value only fits month first
    (01/20/2023); a column using more than one form is parsed and gets a warning
    (check ``mixed_date_formats``) saying which forms and how many of each.
    """
    if pd.api.types.is_datetime64_any_dtype(raw):
        return {var.name: raw}, []
    column = source_column or var.name
    text = raw.astype("string").str.strip()
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    slashed = text.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}").fillna(False).astype(bool)
    month_first = slashed & text.str.split("/").str[1].astype("Float64").gt(12).fillna(False).astype(bool)
    formats = [f for f in _DATE_FORMATS if f != "%d/%m/%Y" or not month_first.any()]
    used: dict[str, int] = {}
    for fmt in formats:
        todo = parsed.isna() & text.notna()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hits = int((parsed.notna() & todo).sum())
        if hits:
            used[_FORMAT_NAMES[fmt]] = hits
    bad = parsed.isna() & ~is_blank(raw)
    failures = cell_failures(raw.index[bad], column, "not_a_date", raw[bad],
                        "a date like 2023-01-20 or 20.01.2023; correct the cell in the export")
    if len(used) > 1:
        forms = ", ".join(f"like {k} ×{n}" for k, n in used.items())
        failures.append({"row": int(raw.index[text.notna()][0]), "column": column, "check": "mixed_date_formats",
                         "value": forms, "expected": "one date format; all were read as dates "
                         "(slashed dates day first unless only month first fits)", "severity": "warning"})
    return {var.name: parsed}, failures


def derive_bins(values: pd.Series, var: Variable) -> pd.Series:
    """A derived grouping: left-closed bins of a numeric variable; values below the first break are missing."""
    spec = var.derive or {}
    edges = [*spec["breaks"], np.inf]
    return pd.cut(values, bins=edges, right=False, labels=spec["labels"])
