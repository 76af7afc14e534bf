"""The clean synthetic waves (the truth frames) and the extra respondents junk rows are made of.

Example:
    >>> waves = generate_waves(n_per_municipality=20)
    >>> {w: len(f) for w, f in waves.items()}
    {'1': 40, '2': 40}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.synth.answers import ESTABLISHED, NEWLY, SEPARATE, draw_answers
from surveykit.synth.comments import draw_comments
from surveykit.synth.respondents import draw_respondents
from surveykit.synth.sites import WAVES, SiteLayout, site_layout

__all__ = ["DEFAULT_SEED", "JUNK", "format_id", "generate_waves", "junk_counts", "site_status"]

DEFAULT_SEED = 20220115

# Junk rows per wave at 600 interviews per municipality (scaled with n): test interviews,
# exact duplicate rows, interviews broken off ("Avbrutt"), and "Fullført" rows without age.
JUNK: dict[str, dict[str, int]] = {
    "1": {"test": 3, "duplicate": 5, "abandoned": 12, "missing_core": 2},
    "2": {"test": 2, "duplicate": 4, "abandoned": 9, "missing_core": 3},
}


def junk_counts(wave: str, n_per_municipality: int) -> dict[str, int]:
    """Junk rows of each kind for a wave of ``n_per_municipality`` interviews per municipality."""
    f = n_per_municipality / 600
    return {k: max(1, round(v * f)) if n_per_municipality else 0 for k, v in JUNK[wave].items()}


def format_id(wave: str, position: np.ndarray) -> np.ndarray:
    """Interview ids by position in the fieldwork: wave 1 ``100001…``, wave 2 ``23-00001…``."""
    if wave == "1":
        return (100001 + position).astype(str).astype(object)
    return np.char.add("23-", np.char.zfill((position + 1).astype(str), 5)).astype(object)


def site_status(wave: str, site: pd.Series, layout: SiteLayout | None = None) -> np.ndarray:
    """0 separate, 1 co-located since before wave 1, 2 co-located since (switched) — per row."""
    layout = layout or site_layout()
    now = layout.at(wave)["co_located"]
    first = layout.at(WAVES[0])["co_located"]
    code = pd.Series(np.where(now, np.where(first, ESTABLISHED, NEWLY), SEPARATE), index=now.index)
    site = pd.Series(site)
    if isinstance(site.dtype, pd.CategoricalDtype):
        return code.reindex(site.cat.categories).to_numpy()[site.cat.codes.to_numpy()]
    return code.reindex(site).to_numpy()


def _people(rng: np.random.Generator, wave: str, n_per_municipality: int, layout: SiteLayout) -> pd.DataFrame:
    people = draw_respondents(rng, wave, n_per_municipality, layout)
    people["status"] = site_status(wave, people["site"], layout)
    people["co_located"] = people["status"] != SEPARATE
    people["site_type"] = pd.Categorical.from_codes(people["co_located"].astype(int), ["separate", "co_located"])
    return people


def generate_wave(seed: int, wave: str, n_per_municipality: int,
                  layout: SiteLayout | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One wave: (clean frame of complete interviews, extra respondents for junk rows).

    Both have the same columns; ids are positions in the fieldwork shared by both, so the
    export (sorted by id) interleaves them as a real fieldwork would. ``layout``: the sites
    (default the 9 real ones; see :func:`surveykit.synth.sites.site_layout`).
    """
    layout = layout or site_layout()
    w = WAVES.index(wave)
    junk = junk_counts(wave, n_per_municipality)
    n_extra = junk["abandoned"] + junk["missing_core"]
    people = _people(np.random.default_rng([seed, w, 0]), wave, n_per_municipality, layout)
    extra_n = -(-n_extra // 2)  # per municipality, trimmed below
    extra = _people(np.random.default_rng([seed, w, 10]), wave, extra_n, layout).iloc[:n_extra]
    frames = []
    for k, p in enumerate((people, extra)):
        rng = np.random.default_rng([seed, w, 1 + 10 * k])
        answers = draw_answers(rng, p)
        comment, _ = draw_comments(np.random.default_rng([seed, w, 2 + 10 * k]), wave if k == 0 else "none", len(p))
        frames.append(pd.concat([p.drop(columns="status"), answers], axis=1).assign(comment=comment.to_numpy()))
    positions = np.random.default_rng([seed, w, 3]).permutation(len(people) + n_extra)
    clean, extra = frames
    clean.insert(0, "respondent_id", format_id(wave, positions[: len(people)]))
    clean.insert(0, "wave", wave)
    extra.insert(0, "respondent_id", format_id(wave, positions[len(people):]))
    extra.insert(0, "wave", wave)
    if wave == WAVES[0]:
        clean, extra = clean.drop(columns="knows_colocation"), extra.drop(columns="knows_colocation")
    order = np.argsort(positions[: len(people)], kind="stable")
    clean = clean.iloc[order].reset_index(drop=True)
    return clean, extra.reset_index(drop=True)


def generate_waves(seed: int = DEFAULT_SEED, n_per_municipality: int = 600,
                   waves: tuple[str, ...] = WAVES, sites: int | None = None) -> dict[str, pd.DataFrame]:
    """The clean truth frames (complete, unique, real interviews) per wave, before export mess.

    Columns: wave, respondent_id, municipality, site, gender, age, age_group, education (1-4),
    recency (1-6), co_located, site_type, the items as codes (9 = "Vet ikke"),
    shared_desk_trust, knows_colocation (wave 2), services_aware__<option>, comment.
    ``sites``: split the 9 real sites into this many branches (see ``site_layout``).

    Example:
        >>> generate_waves(n_per_municipality=20, sites=30)["1"]["site"].cat.categories.size
        30
    """
    layout = site_layout(sites)
    return {w: generate_wave(seed, w, n_per_municipality, layout)[0] for w in waves}
