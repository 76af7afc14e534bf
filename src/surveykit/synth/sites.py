"""Sites of the synthetic study: the site table (package data) and how respondents pick one.

Example:
    >>> sites_at("2").loc["mjondalen", "co_located"]
    np.True_
    >>> switched_sites()
    ['mjondalen', 'svelvik']
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

__all__ = [
    "FIELD_DATES",
    "MUNICIPALITIES",
    "SITE_SHARES",
    "WAVES",
    "site_table",
    "sites_at",
    "switched_sites",
]

WAVES: tuple[str, ...] = ("1", "2")
FIELD_DATES: dict[str, str] = {"1": "2022-01-15", "2": "2023-01-20"}
MUNICIPALITIES: tuple[str, ...] = ("Drammen", "Indre Østfold")

# Synthetic: share of each municipality's adults (20+) whose most-used (or local) site it is.
SITE_SHARES: dict[str, dict[str, float]] = {
    "Drammen": {"drammensbiblioteket": 0.40, "fjell": 0.15, "mjondalen": 0.25, "svelvik": 0.20},
    "Indre Østfold": {"askim": 0.30, "mysen": 0.28, "skjonhaug": 0.12, "spydeberg": 0.16, "tomter": 0.14},
}


@cache
def site_table() -> pd.DataFrame:
    """The study's ``config/sites.csv`` (one row per site and period), as strings."""
    path = resources.files("surveykit.synth") / "study" / "sites.csv"
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def sites_at(wave: str) -> pd.DataFrame:
    """Site rows in force at the wave's field date, indexed by site_id (``co_located`` bool)."""
    t = site_table()
    day = FIELD_DATES[wave]
    ok = ((t["valid_from"] == "") | (t["valid_from"] <= day)) & ((t["valid_to"] == "") | (t["valid_to"] >= day))
    out = t[ok].set_index("site_id")
    return out.assign(co_located=out["co_located"].eq("true"))


def switched_sites() -> list[str]:
    """Sites separate in wave 1 and co-located in wave 2 (the difference-in-differences group)."""
    w1, w2 = sites_at("1")["co_located"], sites_at("2")["co_located"]
    return sorted(w1.index[~w1 & w2.reindex(w1.index)])
