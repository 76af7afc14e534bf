"""Synthetic Likert survey frame for the benchmarks (R survey README section 6 shape).

20 five-level Likert items ``q01..q20`` (3-15 % missing each), ``municipality`` (4 strata),
``gender`` (2), ``agegroup`` (4), ``group`` (2, e.g. site type), ``site`` (12), ``age``
(numeric), and a weight ``w`` (population / sample size per municipality times a
non-response factor by gender x age group, so raking matters). Seeded: the same N gives
byte-identical data. Written once to parquet and CSV so every tool reads the same rows.

    python benchmarks/data.py 100000 1000000      # -> benchmarks/data/likert_<N>.{parquet,csv}
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
ITEMS = [f"q{i:02d}" for i in range(1, 21)]
POP_MUNI = np.array([1_200_000.0, 800_000.0, 500_000.0, 300_000.0])
GENDER_SHARE = np.array([0.5, 0.5])
AGE_SHARE = np.array([0.25, 0.3, 0.25, 0.2])


def make_frame(n: int, seed: int = 20240607) -> pd.DataFrame:
    """The benchmark frame of ``n`` respondents (numeric item scores 1..5, NaN = missing)."""
    rng = np.random.default_rng([seed, n])
    muni = rng.choice(4, size=n, p=[0.4, 0.3, 0.2, 0.1])
    gender = rng.choice(2, size=n, p=[0.42, 0.58])           # women over-represented
    age = rng.choice(4, size=n, p=[0.15, 0.25, 0.3, 0.3])    # the young under-represented
    site = muni * 3 + rng.integers(0, 3, size=n)             # 12 sites, 3 per municipality
    group = (site % 3 == 0).astype(np.int64)                  # co-located or not
    latent = rng.normal(size=n)[:, None] * 0.8 + 0.15 * group[:, None] + 0.1 * (age[:, None] - 1.5)
    cut = np.array([-1.5, -0.6, 0.3, 1.2])
    noise = rng.normal(size=(n, len(ITEMS))) + latent + np.linspace(-0.4, 0.4, len(ITEMS))
    scores = (noise[:, :, None] > cut).sum(axis=2).astype(float) + 1.0
    na_rate = np.linspace(0.03, 0.15, len(ITEMS))
    scores[rng.random((n, len(ITEMS))) < na_rate] = np.nan
    n_muni = np.bincount(muni, minlength=4)
    w = (POP_MUNI / np.maximum(n_muni, 1))[muni]
    w = w * rng.uniform(0.8, 1.25, size=n)                    # a little non-constant base weight
    frame = pd.DataFrame({
        "id": np.arange(n, dtype=np.int64),
        "municipality": muni.astype(np.int64) + 1,
        "gender": np.where(gender == 0, "m", "f"),
        "agegroup": np.array(["18-34", "35-49", "50-66", "67+"])[age],
        "group": group,
        "site": site.astype(np.int64) + 1,
        "age": 18 + age * 15 + rng.integers(0, 15, size=n),
        "w": w,
    })
    for j, name in enumerate(ITEMS):
        frame[name] = scores[:, j]
    return frame


def population_margins(three: bool = False) -> dict[str, dict]:
    """Population totals for gender and age group, summing to the municipalities' total;
    with ``three`` also per municipality (the third margin of the ``rake3`` stage)."""
    total = POP_MUNI.sum()
    if three:
        return {"municipality": dict(zip(range(1, 5), POP_MUNI.tolist(), strict=True)),
                **population_margins()}
    return {
        "gender": {"m": total * GENDER_SHARE[0], "f": total * GENDER_SHARE[1]},
        "agegroup": dict(zip(["18-34", "35-49", "50-66", "67+"], (total * AGE_SHARE).tolist(), strict=True)),
    }


def paths(n: int) -> tuple[Path, Path]:
    return DATA / f"likert_{n}.parquet", DATA / f"likert_{n}.csv"


def ensure(n: int) -> tuple[Path, Path]:
    """Write the frame of size n (parquet and CSV) unless it is there already."""
    pq, csv = paths(n)
    if not (pq.exists() and csv.exists()):
        DATA.mkdir(parents=True, exist_ok=True)
        frame = make_frame(n)
        frame.to_parquet(pq, index=False)
        frame.to_csv(csv, index=False, na_rep="NA")
    return pq, csv


def load(n: int) -> pd.DataFrame:
    """The frame of size n as surveykit reads it: scores numeric, text columns categorical."""
    pq, _ = ensure(n)
    frame = pd.read_parquet(pq)
    for c in ("gender", "agegroup"):
        frame[c] = frame[c].astype("category")
    return frame


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["100000"]:
        print(*ensure(int(arg)))
