"""The truth: population values implied by the generator's parameters, and what the files hold.

Population values are exact expectations over the SSB population (20+) and the site shares,
not sample estimates: ``E[score] = 1 + Σ_k Φ(mu − τ_k)`` per cell, averaged with population
weights. "Expected unweighted" values average the same cells with the *sample* composition
(the response propensities), so the direction of the weighting effect is known.

Example:
    >>> t = population_truth()
    >>> round(t["items"]["help_ease"]["co_located_minus_separate"]["1"], 2)
    0.4
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtr

from surveykit.synth.answers import (
    AWARENESS,
    ITEMS,
    KNOWS_COLOCATION,
    NEWLY,
    SEPARATE,
    TRUST,
    expected_score,
    latent_mean,
)
from surveykit.synth.comments import PLANTED
from surveykit.synth.population import AGE_GROUPS, population_cells
from surveykit.synth.respondents import PROPENSITY
from surveykit.synth.sites import MUNICIPALITIES, WAVES, SiteLayout, site_layout

__all__ = ["cell_grid", "file_truth", "population_truth"]


def cell_grid(wave: str, layout: SiteLayout | None = None) -> pd.DataFrame:
    """Cells municipality × site × gender × age group with population and expected-sample weights."""
    from surveykit.synth.generate import site_status

    layout = layout or site_layout()
    pop = population_cells()
    pop = pop[pop["wave"] == wave]
    rows = []
    for muni, shares in layout.shares.items():
        p = pop[pop["municipality"] == muni]
        prop = np.array([PROPENSITY[(g, a)] for g, a in zip(p["gender"], p["age_group"], strict=True)])
        sample = p["population"].to_numpy() * prop
        for site, share in shares.items():
            rows.append(p.assign(site=site, pop_w=p["population"] * share, sample_w=sample / sample.sum() * share))
    g = pd.concat(rows, ignore_index=True)
    g["status"] = site_status(wave, g["site"], layout)
    g["site_type"] = np.where(g["status"] == SEPARATE, "separate", "co_located")
    return g


def _wmean(g: pd.DataFrame, value: np.ndarray, weight: str, by: str | None = None) -> Any:
    v = pd.Series(value, index=g.index) * g[weight]
    if by is None:
        return float(v.sum() / g[weight].sum())
    return {k: float(x) for k, x in (v.groupby(g[by]).sum() / g[weight].groupby(g[by]).sum()).items()}


def population_truth(layout: SiteLayout | None = None) -> dict[str, Any]:
    """Per item and wave: population means / shares by site type, site and municipality; DiD.

    With branches (``layout``) only the by-site parts and the list of switched sites change.
    """
    layout = layout or site_layout()
    grids = {w: cell_grid(w, layout) for w in WAVES}
    comparison = _comparison(grids, layout.switched())
    out: dict[str, Any] = {"items": {}}
    for name, item in ITEMS.items():
        res: dict[str, Any] = {"scale_points": "1-5", "dont_know_share": item.dont_know}
        for key in ("mean", "top_box", "agree_share_incl_dont_know", "mean_by_site", "mean_by_municipality",
                    "expected_unweighted_mean"):
            res[key] = {}
        for w, g in grids.items():
            mu = latent_mean(item, g["status"].to_numpy(), (g["municipality"] == "Indre Østfold").to_numpy(float),
                             pd.Categorical(g["age_group"], categories=list(AGE_GROUPS)).codes.astype(int),
                             (g["gender"] == "Mann").to_numpy(float))
            e, top = expected_score(mu), ndtr(mu - 3.5)
            res["mean"][w] = {**_wmean(g, e, "pop_w", "site_type"), "all": _wmean(g, e, "pop_w")}
            res["top_box"][w] = {**_wmean(g, top, "pop_w", "site_type"), "all": _wmean(g, top, "pop_w")}
            res["agree_share_incl_dont_know"][w] = {k: v * (1 - item.dont_know) for k, v in res["top_box"][w].items()}
            res["mean_by_site"][w] = _wmean(g, e, "pop_w", "site")
            res["mean_by_municipality"][w] = _wmean(g, e, "pop_w", "municipality")
            res["expected_unweighted_mean"][w] = {**_wmean(g, e, "sample_w", "site_type"), "all": _wmean(g, e, "sample_w")}
        res["co_located_minus_separate"] = {w: res["mean"][w]["co_located"] - res["mean"][w]["separate"] for w in WAVES}
        res["did"] = _did(res["mean_by_site"], comparison)
        out["items"][name] = res
    out["shared_desk_trust"] = {"codes": {1: "Mindre tillit", 2: "Like stor tillit", 3: "Mer tillit", 9: "Vet ikke"},
                                "share": dict(TRUST), "note": "same at every site and wave"}
    out["knows_colocation"] = {"wave": "2", "asked": "only where the site is co-located at wave 2",
                               "share": {"co_located_before_wave_1": KNOWS_COLOCATION[1],
                                         "co_located_since_wave_1": KNOWS_COLOCATION[NEWLY]}}
    out["services_aware"] = {k: {"separate": v[0], "co_located": v[1]} for k, v in AWARENESS.items()}
    out["weighting"] = _weighting(grids)
    return out


def _did(by_site: dict[str, dict[str, float]], comparison: dict[str, Any]) -> dict[str, float]:
    """(switched w2 − w1) − (comparison w2 − w1), comparison sites pooled with population weights."""
    def change(group: str) -> float:
        """Wave-2 minus wave-1 mean of the group's sites pooled with population weights."""
        a, b = (comparison["weights"][w, group] for w in WAVES)
        return (float(sum(by_site[WAVES[1]][s] * x for s, x in b.items()) / b.sum())
                - float(sum(by_site[WAVES[0]][s] * x for s, x in a.items()) / a.sum()))

    change_sw = change("switched")
    return {
        "switched_sites": ", ".join(comparison["switched"]),
        "change_switched": change_sw,
        "change_always_separate": change("always_separate"),
        "switched_vs_always_separate": change_sw - change("always_separate"),
        "switched_vs_all_other_sites": change_sw - change("never"),
    }


def _comparison(grids: dict[str, pd.DataFrame], switched: list[str]) -> dict[str, Any]:
    """The site groups of the DiD and their population weights by site (computed once for all items)."""
    first = grids[WAVES[0]]
    never = [s for s in first["site"].unique() if s not in switched]
    separate = (first["status"] == SEPARATE).groupby(first["site"], sort=False).all()
    out: dict[str, Any] = {"switched": switched, "never": never, "always_separate": [s for s in never if separate[s]]}
    out["weights"] = {(w, group): g.loc[g["site"].isin(out[group]).to_numpy()].groupby("site")["pop_w"].sum()
                      for w, g in grids.items() for group in ("switched", "never", "always_separate")}
    return out


def _weighting(grids: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Expected post-stratification weights (relative to the municipality's mean weight)."""
    out: dict[str, Any] = {"expected_relative_weight": {}, "young_men_share": {}}
    for w, g in grids.items():
        cells = g.groupby(["municipality", "gender", "age_group"], sort=False)[["pop_w", "sample_w"]].sum()
        for muni in MUNICIPALITIES:
            c = cells.loc[muni]
            ratio = (c["pop_w"] / c["pop_w"].sum()) / (c["sample_w"] / c["sample_w"].sum())
            out["expected_relative_weight"].setdefault(w, {})[muni] = {
                f"{gen} {age}": round(float(v), 3) for (gen, age), v in ratio.items()}
            ym = ("Mann", "20-29")
            out["young_men_share"].setdefault(w, {})[muni] = {
                "population": float(c.loc[ym, "pop_w"] / c["pop_w"].sum()),
                "expected_sample": float(c.loc[ym, "sample_w"] / c["sample_w"].sum())}
    out["direction"] = {
        "satisfaction": "weighted mean < unweighted mean (young people and men are less satisfied and under-represented)",
        "young_men": "sample share of men 20-29 < population share; their weights ≈ 1.9-2.3 × the mean",
    }
    return out


def file_truth(clean: dict[str, pd.DataFrame], rows: dict[str, pd.DataFrame],
               variants: dict[str, dict[str, int]]) -> dict[str, Any]:
    """What the export files hold: junk counts and ids, label variants, planted identifiers."""
    junk: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    for w, r in rows.items():
        counts = r["junk"].value_counts()
        k = {kind: int(counts.get(kind, 0)) for kind in ("test", "duplicate", "abandoned", "missing_core")}
        junk[w] = {"raw_rows": len(r), "responses": int(counts.get("", 0)), **k,
                   "incomplete": k["abandoned"] + k["missing_core"]}
        ids[w] = {kind: r.loc[r["junk"] == kind, "respondent_id"].astype(str).tolist()
                  for kind in ("test", "duplicate", "abandoned", "missing_core")}
    planted = []
    for w, items in PLANTED.items():
        comments = clean[w]["comment"].astype(object).fillna("").astype(str)
        for p in items:
            hit = clean[w].loc[comments.str.contains(p["value"], regex=False), "respondent_id"]
            planted += [{"wave": w, "respondent_id": str(i), "kind": p["kind"], "value": p["value"]} for i in hit]
    return {"junk": junk, "junk_ids": ids, "label_variants": variants, "planted_identifiers": planted}
