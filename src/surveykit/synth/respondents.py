"""Who answers: a stratified sample per municipality, skewed by response propensity.

Respondents are drawn from the SSB 5-year bands with probability ∝ population × propensity
(young men answer least), so unweighted estimates are biased towards older women.

Example:
    >>> import numpy as np
    >>> r = draw_respondents(np.random.default_rng(1), "1", 50)
    >>> r.groupby("municipality").size().tolist()
    [50, 50]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.synth.population import AGE_GROUPS, GENDERS, band_table
from surveykit.synth.sites import MUNICIPALITIES, SiteLayout, site_layout

__all__ = [
    "EDUCATION_PROBS",
    "PROPENSITY",
    "RECENCY_USED_12M",
    "categorical",
    "draw_respondents",
]

# Synthetic: relative response propensity by gender × age group (phone samples miss young men).
PROPENSITY: dict[tuple[str, str], float] = {
    ("Mann", "20-29"): 0.42, ("Kvinne", "20-29"): 0.62,
    ("Mann", "30-44"): 0.62, ("Kvinne", "30-44"): 0.82,
    ("Mann", "45-59"): 0.90, ("Kvinne", "45-59"): 1.00,
    ("Mann", "60-74"): 1.15, ("Kvinne", "60-74"): 1.25,
    ("Mann", "75+"): 1.00, ("Kvinne", "75+"): 0.95,
}

# Synthetic: education codes 1..4 (grunnskole, vgs, uni <=4 y, uni > 4 y) by age group.
EDUCATION_PROBS: dict[str, tuple[float, ...]] = {
    "20-29": (0.15, 0.45, 0.28, 0.12),
    "30-44": (0.12, 0.35, 0.30, 0.23),
    "45-59": (0.18, 0.42, 0.25, 0.15),
    "60-74": (0.25, 0.45, 0.20, 0.10),
    "75+": (0.40, 0.40, 0.13, 0.07),
}

# Synthetic: share who used the place in the last 12 months (women ~10 points more).
RECENCY_USED_12M: dict[str, float] = {"Mann": 0.40, "Kvinne": 0.50}
_RECENCY_AGE = {"20-29": -0.05, "30-44": 0.05, "45-59": 0.0, "60-74": 0.0, "75+": -0.08}
# Within users: codes 6 (last week), 5 (month), 4 (3 months), 3 (12 months);
# within non-users: 2 (more than 12 months ago), 1 (never).
_USER_SPLIT = np.array([0.25, 0.30, 0.30, 0.15])  # codes 3, 4, 5, 6
_NONUSER_SPLIT = np.array([0.40, 0.60])  # codes 1, 2


def categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one index per row of ``probs`` (rows sum to 1), vectorised."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def draw_respondents(rng: np.random.Generator, wave: str, n_per_municipality: int,
                     layout: SiteLayout | None = None) -> pd.DataFrame:
    """Background of ``n_per_municipality`` respondents per municipality for one wave.

    Columns: municipality, site, gender, age, age_group, education (1-4), recency (1-6).
    ``layout`` gives the sites and their shares (default: the 9 real sites).
    """
    layout = layout or site_layout()
    bands = band_table()
    sites = layout.site_ids
    parts = []
    for m, muni in enumerate(MUNICIPALITIES):
        b = bands[(bands["wave"] == wave) & (bands["municipality"] == muni)].reset_index(drop=True)
        prop = np.array([PROPENSITY[(g, a)] for g, a in zip(b["gender"], b["age_group"], strict=True)])
        p = b["population"].to_numpy() * prop
        idx = rng.choice(len(b), size=n_per_municipality, p=p / p.sum())
        lo, hi = b["lo"].to_numpy()[idx], b["hi"].to_numpy()[idx]
        age = lo + np.floor(rng.random(n_per_municipality) * (hi - lo + 1)).astype(int)
        shares = layout.shares[muni]
        site = rng.choice(len(shares), size=n_per_municipality, p=list(shares.values()))
        parts.append(np.stack([
            np.full(n_per_municipality, m),
            site + sites.index(next(iter(shares))),
            b["gender"].map({g: i for i, g in enumerate(GENDERS)}).to_numpy()[idx],
            age,
            b["age_group"].map({a: i for i, a in enumerate(AGE_GROUPS)}).to_numpy()[idx],
        ]))
    codes = np.concatenate(parts, axis=1)
    out = pd.DataFrame({
        "municipality": pd.Categorical.from_codes(codes[0], categories=list(MUNICIPALITIES)),
        "site": pd.Categorical.from_codes(codes[1], categories=sites),
        "gender": pd.Categorical.from_codes(codes[2], categories=list(GENDERS)),
        "age": codes[3],
        "age_group": pd.Categorical.from_codes(codes[4], categories=list(AGE_GROUPS)),
    })
    group = codes[4]
    edu_p = np.array([EDUCATION_PROBS[a] for a in AGE_GROUPS])[group]
    out["education"] = categorical(rng, edu_p) + 1
    used = np.array([RECENCY_USED_12M[g] for g in GENDERS])[codes[2]]
    used = used + np.array([_RECENCY_AGE[a] for a in AGE_GROUPS])[group]
    is_user = rng.random(len(out)) < used
    user_code = 3 + categorical(rng, np.tile(_USER_SPLIT, (len(out), 1)))
    non_code = 1 + categorical(rng, np.tile(_NONUSER_SPLIT, (len(out), 1)))
    out["recency"] = np.where(is_user, user_code, non_code)
    return out

