"""Population counts per weighting cell, read from ``config/population.csv``.

Example:
    >>> pop = load_population("config/population.csv", count="population")   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.config._table import read_table
from surveykit.errors import ConfigError
from surveykit.textnumbers import read_numbers

__all__ = ["MAX_COUNT", "load_population"]

MAX_COUNT = 1e12  # far above any population; a larger count is a typing or export error


def load_population(path: str | Path, *, count: str = "population", columns: list[str] | None = None) -> pd.DataFrame:
    """Read the population table; cell columns as text, the count as a positive number."""
    path = Path(path)
    table = read_table(path, f"file not found. It holds one row per weighting cell with a `{count}` column.")
    if table.empty:
        raise ConfigError(f"{path}: no rows: the file has a header but no population counts. Add one row per "
                          "weighting cell.")
    if count not in table:
        raise ConfigError(f"{path}: no column {count!r} with the counts. Found {list(table.columns)}.")
    if columns is not None:
        missing = [c for c in columns if c not in table]
        if missing:
            raise ConfigError(
                f"{path}: the weighting margins use column(s) {missing}, which the file lacks. "
                f"Found {list(table.columns)}. Add them, or change `weighting.margins` in surveykit.yaml."
            )
        for col in columns:
            blank = table[col].str.strip().eq("")
            if blank.any():
                i = int(blank.idxmax())
                raise ConfigError(
                    f"{path}, row {i + 2}, column \"{col}\": empty ({int(blank.sum())} row(s)). Every row needs a value "
                    f"in every margin column {columns}: one row per cell of the full cross-classification. "
                    "If you have separate tables per margin, give each margin column its own file, or fill in the cells."
                )
    values, ambiguous = read_numbers(table[count], None)
    if ambiguous.any():
        i = int(ambiguous.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is a decimal or a whole number by the "
            "decimal mark (12,345 and 12.345 are 12345 with a thousands separator), and no other count tells "
            "which. Write the counts as plain digits (12345) or with a space between thousands (12 345)."
        )
    bad = values.isna() | (values < 0) | ~np.isfinite(values.fillna(0))
    if bad.any():
        i = int(bad.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is not a non-negative number. "
            "Give the population count of that cell (0 if it has none)."
        )
    huge = values > MAX_COUNT
    if huge.any():
        i = int(huge.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is more than {MAX_COUNT:.0e}, not a "
            "population count. Check that cell (a stray exponent or digits?)."
        )
    keys = [c for c in table.columns if c != count]
    twice = table.duplicated(keys, keep=False) if keys else pd.Series(False, index=table.index)
    if twice.any():
        rows = [int(i) + 2 for i in np.flatnonzero(twice)]
        cell = " × ".join(str(table.at[rows[0] - 2, c]) for c in keys)
        raise ConfigError(
            f"{path}: the cell {cell!r} is given on more than one row (rows {rows[:10]}), so its count is unclear. "
            "Keep one row per cell (add the counts together if they are parts of it)."
        )
    table[count] = values.astype(float)
    return table
