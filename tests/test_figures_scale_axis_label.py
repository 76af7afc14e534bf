"""A means panel of a 0-10 item whose end labels carry their codes ("0 - Svært lite
sannsynleg", as the draft codebook writes them) was named "Gjennomsnitt (0 = 0 - Svært lite
sannsynleg, 10 = 10 - Svært sannsynleg)", and the name ran off the figure's right edge."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import surveykit as sk
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

TEN = ["0 - Svært lite sannsynleg", *map(str, range(1, 10)), "10 - Svært sannsynleg"]
P = Presentation("nn", names={"tilra": "Kor sannsynleg er det at du vil tilrå kommunen som stad å bu?"},
                 scales={"tilra": (0, 10, TEN[0], TEN[-1])})


def test_a_scale_s_name_says_each_code_once_and_stays_on_the_figure():
    rng = np.random.default_rng(2)
    n = 300
    design = sk.Design(pd.DataFrame({"tilra": pd.Categorical(rng.choice(TEN, n), TEN, ordered=True),
                                     "kommunedel": rng.choice(["Nord", "Sør", "Vest"], n), "w": 1.0}), weights="w")
    means = sk.score(design, ["tilra"], by=["kommunedel"], codes={label: k for k, label in enumerate(TEN)})
    ax = plt.figure(figsize=(6.7, 3.0), layout="constrained").add_subplot()   # the report's width
    ax = sk.plot_estimates(means, group="kommunedel", presentation=P, ax=ax)
    assert ax.get_xlabel().replace("\n", " ") == "Gjennomsnitt (0 = Svært lite sannsynleg, 10 = Svært sannsynleg)"
    fig = ax.figure
    fig.canvas.draw()
    label = ax.xaxis.label.get_window_extent(fig.canvas.get_renderer())
    assert label.x0 >= 0 and label.x1 <= fig.bbox.x1


def test_an_end_label_led_by_its_code_and_a_space_says_the_code_once():
    """'0 Svært dårleg' (the code and a space, as SPSS value labels often read) was named
    '0 = 0 Svært dårleg'; an end that reads on from its number ('5 or more') keeps it."""
    from surveykit.plots.estimates import _mean_label

    p = Presentation("nn")
    assert _mean_label((0, 10, "0 Svært dårleg", "10 Svært godt"), p) == "Gjennomsnitt (0 = Svært dårleg, 10 = Svært godt)"
    assert _mean_label((1, 5, "1 time", "5 or more"), p) == "Gjennomsnitt (1 = 1 time, 5 = 5 or more)"
