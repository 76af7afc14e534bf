"""Population of the synthetic study from SSB table 07459 (package data), ages 20+.

Example:
    >>> cells = population_cells()
    >>> list(cells.columns)
    ['wave', 'municipality', 'gender', 'age_group', 'population']
    >>> len(cells)
    40
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

__all__ = ["AGE_BREAKS", "AGE_GROUPS", "GENDERS", "WAVE_YEARS", "band_table", "population_cells", "ssb_table"]

AGE_GROUPS: tuple[str, ...] = ("20-29", "30-44", "45-59", "60-74", "75+")
AGE_BREAKS: tuple[int, ...] = (20, 30, 45, 60, 75)
GENDERS: tuple[str, ...] = ("Mann", "Kvinne")
WAVE_YEARS: dict[str, int] = {"1": 2022, "2": 2023}
OLDEST: int = 94  # synthetic: ages in the open band 85+ are drawn from 85..94

_SEX = {"male": "Mann", "female": "Kvinne"}


@cache
def ssb_table() -> pd.DataFrame:
    """The SSB 07459 extract as shipped: municipality, kommunenr, calyear_jan1, sex, age_band, pop."""
    path = resources.files("surveykit.synth") / "data" / "population_ssb_07459.csv"
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"kommunenr_2020_2023": str, "age_band": str})


@cache
def band_table() -> pd.DataFrame:
    """5-year bands aged 20+: wave, municipality, gender, age_group, lo, hi, population."""
    t = ssb_table()
    lo = t["age_band"].str.slice(0, 2).astype(int)
    hi = t["age_band"].str.slice(3, 5).replace("", str(OLDEST)).astype(int)
    years = {y: w for w, y in WAVE_YEARS.items()}
    out = pd.DataFrame({
        "wave": t["calyear_jan1"].map(years),
        "municipality": t["municipality"],
        "gender": t["sex"].map(_SEX),
        "age_group": pd.cut(lo, [*AGE_BREAKS, 200], right=False, labels=list(AGE_GROUPS)).astype(str),
        "lo": lo,
        "hi": hi,
        "population": t["pop"].astype("int64"),
    })
    return out[(lo >= AGE_BREAKS[0]) & out["wave"].notna()].reset_index(drop=True)


def population_cells() -> pd.DataFrame:
    """``config/population.csv``: population per wave × municipality × gender × age group."""
    b = band_table()
    keys = ["wave", "municipality", "gender", "age_group"]
    out = b.groupby(keys, sort=False, as_index=False)["population"].sum()
    order = {
        "gender": {g: i for i, g in enumerate(GENDERS)},
        "age_group": {a: i for i, a in enumerate(AGE_GROUPS)},
    }
    return out.sort_values(keys, key=lambda s: s.map(order[s.name]) if s.name in order else s, ignore_index=True)
