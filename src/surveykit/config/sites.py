"""The site table: each site's label, municipality, aliases and co-location per period.

Example:
    >>> table = load_sites("config/sites.csv")                 # doctest: +SKIP
    >>> table.at("2023-01-20").loc["mjondalen", "co_located"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from surveykit.config._table import read_table
from surveykit.config.codebook import normalise_label
from surveykit.errors import ConfigError

__all__ = ["SITE_COLUMNS", "SiteTable", "load_sites"]

SITE_COLUMNS = ["site_id", "label", "municipality", "co_located"]
_OPTIONAL = ["kind", "aliases", "valid_from", "valid_to"]


@dataclass(frozen=True)
class SiteTable:
    """Sites with one row per site and period (``valid_from``/``valid_to`` inclusive, NaT = open)."""

    table: pd.DataFrame
    file: str = "config/sites.csv"

    def at(self, date: str | pd.Timestamp) -> pd.DataFrame:
        """The site rows in force at ``date``, indexed by site_id (one per site)."""
        day = pd.Timestamp(date)
        t = self.table
        valid = (t["valid_from"].isna() | (t["valid_from"] <= day)) & (t["valid_to"].isna() | (t["valid_to"] >= day))
        rows = t[valid]
        dup = rows["site_id"][rows["site_id"].duplicated()]
        if len(dup):
            raise ConfigError(
                f"{self.file}: site(s) {sorted(set(dup))} have overlapping periods at {day.date()}. "
                "Make valid_from/valid_to of each site's rows not overlap."
            )
        return rows.set_index("site_id")

    def alias_map(self) -> dict[str, str]:
        """Normalised site id, label or alias -> site_id."""
        out: dict[str, str] = {}
        for row in self.table.itertuples(index=False):
            keys = [row.site_id, row.label, *[a for a in str(row.aliases).split("|") if a]]
            for key in keys:
                out[normalise_label(key)] = row.site_id
        return out


def load_sites(path: str | Path) -> SiteTable:
    """Load and validate ``config/sites.csv``."""
    path = Path(path)
    table = read_table(path, f"file not found. Create it with columns {', '.join(SITE_COLUMNS + _OPTIONAL)}.")
    missing = [c for c in SITE_COLUMNS if c not in table.columns]
    if missing:
        raise ConfigError(
            f"{path}: missing column(s) {missing}. Found {list(table.columns)}; "
            f"required {SITE_COLUMNS}, optional {_OPTIONAL}."
        )
    for col in _OPTIONAL:
        if col not in table:
            table[col] = ""
    flags = table["co_located"].str.strip().str.lower()
    truth = {"true": True, "yes": True, "ja": True, "1": True, "false": False, "no": False, "nei": False, "0": False}
    bad = table.loc[~flags.isin(list(truth)), "co_located"]
    if len(bad):
        row = int(bad.index[0]) + 2
        raise ConfigError(
            f"{path}, row {row}, column \"co_located\": {bad.iloc[0]!r} is not true/false. Write true or false."
        )
    table["co_located"] = flags.map(truth).astype(bool)
    for col in ("valid_from", "valid_to"):
        parsed = pd.to_datetime(table[col].replace("", None), format="ISO8601", errors="coerce")
        bad = table[col].ne("") & parsed.isna()
        if bad.any():
            row = int(bad.idxmax()) + 2
            raise ConfigError(f"{path}, row {row}, column \"{col}\": {table.at[bad.idxmax(), col]!r} is not a date. Use YYYY-MM-DD.")
        table[col] = parsed
    empty_id = table["site_id"].str.strip().eq("")
    if empty_id.any():
        raise ConfigError(f"{path}, row {int(empty_id.idxmax()) + 2}: empty site_id. Give every row a site_id.")
    return SiteTable(table.reset_index(drop=True), str(path))
