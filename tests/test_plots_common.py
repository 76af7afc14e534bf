"""Seeded fixture results shared by the plot tests, the close-all fixture, and a gallery.

The builders return tidy results in the estimator schema (surveykit.estimate.schema), with
realistic sites, items and sizes. ``python -m tests.test_plots_common OUT`` renders every
figure kind to OUT/*.png for looking at.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from surveykit.estimate.schema import result_frame
from surveykit.presentation import Presentation

SCALE = ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
DONT_KNOW = "Vet ikke"
ITEMS = {
    "welcome": "Jeg føler meg velkommen",
    "help": "Det er lett å få hjelp",
    "digital": "Jeg får hjelp med digitale tjenester",
    "discretion": "Jeg kan snakke med de ansatte uten at andre hører det",
    "independent": "Biblioteket er en uavhengig møteplass",
}
SITES = {
    "drammensbiblioteket": "Drammensbiblioteket",
    "bragernes": "Bragernes innbyggertorg",
    "stromso": "Strømsø knutepunkt",
    "mjondalen": "Mjøndalen bibliotek",
    "svelvik": "Svelvik bibliotek",
    "fjell": "Fjell knutepunkt",
    "askim": "Askim innbyggertorg og bibliotek",
    "mysen": "Mysen innbyggertorg og bibliotek",
    "skjonhaug": "Skjønhaug innbyggertorg og bibliotek",
    "spydeberg": "Spydeberg innbyggertorg og bibliotek",
    "tomter": "Tomter innbyggertorg og bibliotek",
}
LABELS = {**ITEMS, **SITES}
SITE_TYPES = {"nb": {"co_located": "Samlokalisert", "separate": "Separat"},
              "en": {"co_located": "Co-located", "separate": "Separate"},
              "sv": {"co_located": "Samlokaliserad", "separate": "Separat"}}
WAVES = {"nb": {"1": "År 1", "2": "År 2"}, "en": {"1": "Year 1", "2": "Year 2"}, "sv": {"1": "År 1", "2": "År 2"}}
GROUPS = [("co_located", "1"), ("co_located", "2"), ("separate", "1"), ("separate", "2")]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def presentation(language: str = "nb", *, min_cell: int | None = None, names: dict | None = None,
                 values: dict | None = None) -> Presentation:
    """What a study's presentation would hold for the fixtures: item, site-type, wave and site labels."""
    return Presentation(language, names={**ITEMS, "site_type": "Organisering", **(names or {})},
                        values={"site_type": SITE_TYPES[language], "wave": WAVES[language], "site": SITES,
                                **(values or {})}, min_cell=min_cell)


def _ci(est: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return est - 1.96 * se, est + 1.96 * se


def make_likert(seed: int = 1, items=("welcome", "help", "independent"), suppress=None):
    """Shares per site_type × wave × item × level (5 levels + "Vet ikke")."""
    rng = np.random.default_rng(seed)
    rows = []
    for item in items:
        for site_type, wave in GROUPS:
            shares = rng.dirichlet([1, 1.5, 2.5, 5, 6, 0.8])
            n = int(rng.integers(250, 360))
            for level, share in zip([*SCALE, DONT_KNOW], shares, strict=True):
                rows.append((site_type, wave, item, level, share, n))
    f = pd.DataFrame(rows, columns=["site_type", "wave", "variable", "level", "estimate", "n"])
    se = np.sqrt(f["estimate"] * (1 - f["estimate"]) / f["n"])
    lo, hi = _ci(f["estimate"].to_numpy(), se.to_numpy())
    f = result_frame({**{k: f[k].to_numpy() for k in f}, "std_error": se.to_numpy(),
                      "conf_low": lo, "conf_high": hi, "df": np.full(len(f), 400.0),
                      "n_eff": f["n"].to_numpy() * 0.8, "deff": np.full(len(f), 1.25)},
                     by=["site_type", "wave"])
    if suppress is not None:
        mask = (f["variable"] == suppress[0]) & (f["site_type"] == suppress[1]) & (f["wave"] == suppress[2])
        f.loc[mask, ["estimate", "std_error", "conf_low", "conf_high", "n_eff", "deff"]] = np.nan
        f.loc[mask, "suppressed"] = True
    return f


def make_means(seed: int = 2, items=tuple(ITEMS), by=("site_type", "wave")):
    """Item means (1–5) by site type × wave."""
    rng = np.random.default_rng(seed)
    rows = []
    keys = GROUPS if list(by) == ["site_type", "wave"] else [(v,) for v in ("co_located", "separate")]
    for item in items:
        for key in keys:
            rows.append((*key, item, rng.uniform(3.3, 4.4), rng.uniform(0.04, 0.09), int(rng.integers(240, 360))))
    f = pd.DataFrame(rows, columns=[*by, "variable", "estimate", "std_error", "n"])
    lo, hi = _ci(f["estimate"].to_numpy(), f["std_error"].to_numpy())
    return result_frame({**{k: f[k].to_numpy() for k in f}, "level": [None] * len(f),
                         "conf_low": lo, "conf_high": hi}, by=list(by))


def make_change(means: pd.DataFrame, seed: int = 3):
    """A wave contrast (2 − 1) per site type × item, consistent with ``means``."""
    rng = np.random.default_rng(seed)
    wide = means.pivot_table(index=["site_type", "variable"], columns="wave", values="estimate")
    est = (wide["2"] - wide["1"]).to_numpy()
    se = rng.uniform(0.06, 0.11, len(wide))
    lo, hi = _ci(est, se)
    keys = wide.index.to_frame(index=False)
    return result_frame({"site_type": keys["site_type"].to_numpy(), "variable": keys["variable"].to_numpy(),
                         "estimate": est, "std_error": se, "conf_low": lo, "conf_high": hi,
                         "contrast": ["2 − 1"] * len(keys), "p_value": rng.uniform(0, 1, len(keys))},
                        by=["site_type"], contrast=True)


def make_did():
    """Means by switched × wave for one item, and the DiD contrast."""
    est = np.array([3.62, 3.95, 3.71, 3.78])
    se = np.array([0.08, 0.07, 0.05, 0.05])
    lo, hi = _ci(est, se)
    means = result_frame({"switched": [True, True, False, False], "wave": ["1", "2", "1", "2"],
                          "variable": ["help"] * 4, "estimate": est, "std_error": se,
                          "conf_low": lo, "conf_high": hi, "n": [180, 190, 820, 800]},
                         by=["switched", "wave"])
    did = result_frame({"variable": ["help"], "estimate": [0.26], "std_error": [0.12],
                        "conf_low": [0.02], "conf_high": [0.50], "contrast": ["DiD"],
                        "p_value": [0.03]}, contrast=True)
    return means, did


def make_heatmap(seed: int = 4, suppressed=(("fjell", "1"), ("svelvik", "2"))):
    """Mean of one item by site × wave; a few cells suppressed."""
    rng = np.random.default_rng(seed)
    rows = [(s, w, rng.uniform(3.2, 4.5)) for s in SITES for w in ("1", "2")]
    f = pd.DataFrame(rows, columns=["site", "wave", "estimate"])
    se = np.full(len(f), 0.1)
    lo, hi = _ci(f["estimate"].to_numpy(), se)
    f = result_frame({"site": f["site"].to_numpy(), "wave": f["wave"].to_numpy(),
                      "variable": ["help"] * len(f), "estimate": f["estimate"].to_numpy(),
                      "std_error": se, "conf_low": lo, "conf_high": hi,
                      "n": rng.integers(12, 140, len(f))}, by=["site", "wave"])
    for site, wave in suppressed:
        mask = (f["site"] == site) & (f["wave"] == wave)
        f.loc[mask, ["estimate", "std_error", "conf_low", "conf_high"]] = np.nan
        f.loc[mask, ["suppressed", "n"]] = [True, 6]
    return f


def make_composition(seed: int = 5):
    """Municipality × gender × age group shares for sample, weighted and population."""
    rng = np.random.default_rng(seed)
    ages = ["16–29", "30–44", "45–59", "60–74", "75+"]
    cells = [(m, g, a) for m in ("Drammen", "Indre Østfold") for g in ("Kvinne", "Mann") for a in ages]
    pop = rng.dirichlet(np.full(len(cells), 8.0))
    sample = rng.dirichlet(pop * 60 * np.array([0.5 if (c[1] == "Mann" and c[2] == "16–29") else 1 for c in cells]))
    weighted = pop * rng.normal(1, 0.02, len(cells))
    rows = []
    for source, shares in (("sample", sample), ("weighted", weighted / weighted.sum()), ("population", pop)):
        rows += [(*cell, source, s) for cell, s in zip(cells, shares, strict=True)]
    return pd.DataFrame(rows, columns=["municipality", "gender", "age_group", "source", "share"])


def make_multi(seed: int = 6):
    """Awareness of services (multi-select, one 0/1 variable per option) by site type."""
    rng = np.random.default_rng(seed)
    options = {"aware_nav": "NAV-veiledning", "aware_passport": "Pass og ID-kort",
               "aware_digital": "Hjelp med digitale tjenester", "aware_building": "Byggesak",
               "aware_tax": "Skatt", "aware_none": "Ingen av disse"}
    rows = [(st, o, rng.uniform(0.08, 0.7), rng.uniform(0.015, 0.03)) for o in options for st in ("co_located", "separate")]
    f = pd.DataFrame(rows, columns=["site_type", "variable", "estimate", "std_error"])
    lo, hi = _ci(f["estimate"].to_numpy(), f["std_error"].to_numpy())
    return result_frame({**{k: f[k].to_numpy() for k in f}, "level": [None] * len(f),
                         "conf_low": lo, "conf_high": hi, "n": [600] * len(f)},
                        by=["site_type"]), options


def make_coefficients():
    """A regression result: one row per term."""
    terms = ["Intercept", "site_type[T.co_located]", "wave[T.2]", "gender[T.Mann]",
             "age_group[T.30–44]", "age_group[T.45–59]", "age_group[T.60+]", "use[T.weekly]"]
    est = np.array([3.7, 0.21, 0.05, -0.12, 0.03, 0.08, 0.15, 0.18])
    se = np.array([0.06, 0.06, 0.05, 0.05, 0.07, 0.07, 0.07, 0.06])
    lo, hi = _ci(est, se)
    return result_frame({"variable": terms, "estimate": est, "std_error": se, "conf_low": lo,
                         "conf_high": hi, "df": [400.0] * len(terms)})


TERM_NAMES = {"wave": "Undersøkelse", "gender": "Kjønn", "age_group": "Aldersgruppe", "use": "Bruk"}


def render_gallery(out: Path, language: str = "nb") -> list[Path]:
    """Render every figure kind under the report theme; return the PNG paths."""
    from surveykit.labels import footer_text
    from surveykit.plots import (
        add_footer,
        plot_change,
        plot_coefficients,
        plot_composition,
        plot_did,
        plot_estimates,
        plot_heatmap,
        plot_likert,
        plot_multi,
        plot_weights,
        report_theme,
        save_figure,
    )

    foot = footer_text(language, source="Innbyggerundersøkelsen (syntetisk)", waves=["År 1", "År 2"], n=2400,
                       synthetic=True)
    p = presentation(language if language in SITE_TYPES else "nb")
    p30 = p.replace(min_cell=30)
    means = make_means()
    multi, options = make_multi()
    did_means, did = make_did()
    weights = np.random.default_rng(7).lognormal(0, 0.35, 1200)
    jobs = {
        "likert": lambda: plot_likert(make_likert(suppress=("independent", "separate", "1")), order=SCALE,
                                      neutral=SCALE[2], nonsubstantive=[DONT_KNOW],
                                      group=["site_type", "wave"], presentation=p30),
        "estimates": lambda: plot_estimates(means, group=["site_type", "wave"], presentation=p),
        "change": lambda: plot_change(means, make_change(means), group="site_type", presentation=p,
                                      items=["welcome", "help", "discretion"]),
        "did": lambda: plot_did(did_means, did, group="switched", treated=True, presentation=p),
        "heatmap": lambda: plot_heatmap(make_heatmap(), presentation=p30),
        "composition": lambda: plot_composition(make_composition(), presentation=p),
        "weights": lambda: plot_weights(weights, n_eff=1020.4, presentation=p),
        "multi": lambda: plot_multi(multi, group="site_type", presentation=p.with_labels(options)),
        "coefficients": lambda: plot_coefficients(make_coefficients(), presentation=p, highlight="site_type"),
    }
    paths = []
    with report_theme():
        for name, job in jobs.items():
            ax = job()
            add_footer(ax.figure, foot)
            paths += save_figure(ax.figure, out / f"{name}_{language}", formats=("png",))
            plt.close(ax.figure)
    return paths


def test_gallery_renders_every_figure_kind(tmp_path):
    paths = render_gallery(tmp_path)
    assert len(paths) == 9
    assert all(p.stat().st_size > 10_000 for p in paths)


if __name__ == "__main__":
    for path in render_gallery(Path(sys.argv[1]), *(sys.argv[2:3] or ["nb"])):
        print(path)
