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
