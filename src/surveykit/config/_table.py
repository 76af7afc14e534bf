"""Reading the study's small CSV tables (config/sites.csv, config/population.csv) strictly.

A table is a regular file within the limit ``config_bytes``; its encoding (UTF-8, UTF-16 or
cp1252, as a spreadsheet saves it) and delimiter (``,`` ``;`` or tab) are detected; a row
with more or fewer cells than the header (a stray comma), an empty file and a header with
blank or repeated names are errors naming the line.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sites.csv"
    >>> _ = path.write_bytes("site_id;label\\r\\nmysen;Mysen bibliotek\\r\\n".encode("cp1252"))
    >>> read_table(path).to_dict("records")
    [{'site_id': 'mysen', 'label': 'Mysen bibliotek'}]
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from surveykit.config.yamlfile import read_config_bytes, short
from surveykit.errors import ConfigError, ReadError
from surveykit.io._text import decode_bytes, detect_delimiter, encoding_check, parse_records

__all__ = ["read_table"]

log = logging.getLogger("surveykit.config")


def read_table(path: Path, missing: str | None = None) -> pd.DataFrame:
    """The table as text cells (no missing values: an empty cell is ``""``); ``missing`` is what
    to say when the file does not exist."""
    raw = read_config_bytes(path, missing)
    try:
        text, encoding = decode_bytes(raw, str(path))
        records, lines = parse_records(text.lstrip("\ufeff"), detect_delimiter(text.lstrip("\ufeff")), str(path))
    except ReadError as exc:
        raise ConfigError(str(exc)) from None
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        log.warning("%s: read as %s (not UTF-8); check that %s, or save it as UTF-8", path, encoding,
                    encoding_check([text]))
    if not records:
        raise ConfigError(f"{path}: the file is empty (no header row). Write the header and one row per entry "
                          "(see docs/config.md).")
    header = [h.strip() for h in records[0]]
    blank = [i + 1 for i, h in enumerate(header) if not h]
    if blank:
        raise ConfigError(f"{path}, line {lines[0]}: column {blank[0]} of the header has no name (a stray "
                          f"delimiter?). Header: {short(header)}.")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise ConfigError(f"{path}, line {lines[0]}: column(s) {twice} appear twice in the header.")
    for record, line in zip(records[1:], lines[1:], strict=True):
        if len(record) != len(header):
            raise ConfigError(
                f"{path}, line {line}: {len(record)} cells but the header has {len(header)} ({short(record)}). "
                "A stray comma or delimiter? Quote cells that hold one (\"Askim, sentrum\") or remove it.")
    rows = records[1:]
    return pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
