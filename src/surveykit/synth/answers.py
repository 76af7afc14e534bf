"""The answers and the planted effects (the truth): an ordered-probit model per item.

Each Likert item has a latent score ``mu + z`` (``z ~ N(0, 1)``, partly shared between items
through a person factor) cut at 1.5, 2.5, 3.5, 4.5 into the codes 1..5; "Vet ikke" (9) is
drawn independently with the item's rate. ``mu`` adds the planted effects: site status
(separate / co-located since before wave 1 / newly co-located), municipality, age, gender.
Because the model is explicit, :mod:`surveykit.synth.truth` computes the population values
exactly: ``E[score] = 1 + Σ_k Φ(mu − τ_k)``.

Example:
    >>> round(float(expected_score(np.array([3.55 + 0.45]))[0] - expected_score(np.array([3.55]))[0]), 2)
    0.4
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

from surveykit.synth.population import AGE_GROUPS
from surveykit.synth.respondents import categorical

__all__ = [
    "AWARENESS",
    "DONT_KNOW",
    "ESTABLISHED",
    "ITEMS",
    "KNOWS_COLOCATION",
    "NEWLY",
    "SEPARATE",
    "THRESHOLDS",
    "TRUST",
    "LikertItem",
    "draw_answers",
    "expected_score",
    "latent_mean",
]

THRESHOLDS = np.array([1.5, 2.5, 3.5, 4.5])
DONT_KNOW = 9
SEPARATE, ESTABLISHED, NEWLY = 0, 1, 2  # site status codes


@dataclass(frozen=True)
class LikertItem:
    """Latent-scale parameters of one 1–5 item (all synthetic design choices)."""

    base: float                 # latent mean at a separate site, reference person
    dont_know: float            # P("Vet ikke")
    colocated: float = 0.0      # shift at sites co-located in both waves (Indre Østfold)
    newly: float = 0.0          # shift at sites co-located since wave 1 (wave 2, switched sites)
    indre: float = 0.0          # municipality effect (Indre Østfold), independent of co-location
    age: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)   # by AGE_GROUPS
    men: float = 0.0            # shift for men
    loading: float = 0.5        # correlation of z with the person factor


# Latent shifts chosen so the observed mean differences are the round planted values
# (help_ease +0.40 co-located, +0.30 newly; discretion -0.15; municipal_access +0.35/+0.25;
# digital_help +0.20/+0.15). truth.yaml carries the exact population values.
ITEMS: dict[str, LikertItem] = {
    "welcome": LikertItem(base=4.25, dont_know=0.03, loading=0.6),
    "help_ease": LikertItem(base=3.55, dont_know=0.06, colocated=0.446, newly=0.331, loading=0.6),
    "municipal_access": LikertItem(base=3.30, dont_know=0.15, colocated=0.374, newly=0.265),
    "digital_help": LikertItem(base=3.40, dont_know=0.22, colocated=0.214, newly=0.160),
    "discretion": LikertItem(base=3.85, dont_know=0.28, colocated=-0.167, newly=-0.167, loading=0.4),
    "independent_place": LikertItem(base=3.90, dont_know=0.40),
    "colocation_challenges_independence": LikertItem(
        base=3.195, dont_know=0.40, colocated=0.23, newly=0.23, loading=-0.3
    ),
    "better_town": LikertItem(base=3.75, dont_know=0.08, indre=0.25),
    "satisfaction": LikertItem(
        base=4.05, dont_know=0.03, age=(-0.60, -0.30, 0.0, 0.10, 0.15), men=-0.15, loading=0.7
    ),
}

# shared_desk_trust: codes 1 less, 2 same, 3 more, 9 don't know (same everywhere).
TRUST: dict[int, float] = {1: 0.20, 2: 0.47, 3: 0.10, 9: 0.23}
# knows_colocation (wave 2, asked only where the site is co-located): 1 yes, 2 no, 9 don't know.
KNOWS_COLOCATION: dict[int, dict[int, float]] = {
    ESTABLISHED: {1: 0.78, 2: 0.17, 9: 0.05},
    NEWLY: {1: 0.52, 2: 0.40, 9: 0.08},
}
# services_aware: P(aware) at (separate, co-located) sites.
AWARENESS: dict[str, tuple[float, float]] = {
    "digital": (0.45, 0.60),
    "applications": (0.25, 0.50),
    "nav": (0.20, 0.35),
    "events": (0.55, 0.55),
    "rooms": (0.30, 0.30),
}


def latent_mean(item: LikertItem, status: np.ndarray, indre: np.ndarray, age_idx: np.ndarray,
                men: np.ndarray) -> np.ndarray:
    """Latent mean per row from site status (0/1/2), municipality, age group index, gender."""
    shift = np.array([0.0, item.colocated, item.newly])[status]
    return item.base + shift + item.indre * indre + np.asarray(item.age)[age_idx] + item.men * men


def expected_score(mu: np.ndarray) -> np.ndarray:
    """Expected 1–5 score given the latent mean (ordered probit, unit variance)."""
    return 1.0 + ndtr(np.subtract.outer(mu, THRESHOLDS)).sum(axis=-1)


def draw_answers(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """Answers for ``people`` (needs status, municipality, age_group, gender), one column per item.

    Codes: Likert 1..5 or 9; shared_desk_trust 1..3 or 9; knows_colocation 1, 2, 9 or <NA>;
    services_aware__<option> booleans.
    """
    n = len(people)
    status = people["status"].to_numpy()
    indre = (people["municipality"] == "Indre Østfold").to_numpy().astype(float)
    age_idx = pd.Categorical(people["age_group"], categories=list(AGE_GROUPS)).codes.astype(int)
    men = (people["gender"] == "Mann").to_numpy().astype(float)
    person = rng.standard_normal(n)
    out: dict[str, object] = {}
    for name, item in ITEMS.items():  # loop over items, vectorised over respondents
        z = item.loading * person + np.sqrt(1.0 - item.loading**2) * rng.standard_normal(n)
        code = 1 + (latent_mean(item, status, indre, age_idx, men)[:, None] + z[:, None] > THRESHOLDS).sum(axis=1)
        out[name] = np.where(rng.random(n) < item.dont_know, DONT_KNOW, code)
    codes = np.array(list(TRUST))
    out["shared_desk_trust"] = codes[categorical(rng, np.tile(list(TRUST.values()), (n, 1)))]
    knows = np.full(n, -1)
    for st, probs in KNOWS_COLOCATION.items():
        draw = np.array(list(probs))[categorical(rng, np.tile(list(probs.values()), (n, 1)))]
        knows = np.where(status == st, draw, knows)
    out["knows_colocation"] = pd.array(np.where(knows < 0, 0, knows), dtype="Int64")
    out["knows_colocation"][knows < 0] = pd.NA
    colo = (status != SEPARATE).astype(int)
    for key, probs in AWARENESS.items():
        out[f"services_aware__{key}"] = rng.random(n) < np.asarray(probs)[colo]
    return pd.DataFrame(out, index=people.index)
