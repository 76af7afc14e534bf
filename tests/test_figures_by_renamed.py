"""A ``by=`` column named as a column of every result (``level``) comes back as ``by_level``
(surveykit.estimate.schema.by_names). The plots find those groups whether the user passes
``group="level"`` (the column they grouped by; it used to be taken as the answer-level column
and refused as "several rows") or ``group="by_level"``, and label them as the presentation
labels ``level``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

LEVELS = ["Uenig", "Nøytral", "Enig"]
P = Presentation("nb", names={"level": "Utdanning", "q": "Lett å få hjelp"},
                 values={"level": {"grunn": "Grunnskole", "hoy": "Høyere utdanning"},
                         "wave": {"1": "År 1", "2": "År 2"}})
GROUPS = ["Grunnskole", "Høyere utdanning"]


@pytest.fixture(scope="module")
def design() -> sk.Design:
    rng = np.random.default_rng(5)
    n = 600
    frame = pd.DataFrame({
        "q": pd.Categorical(rng.choice(LEVELS, n), LEVELS, ordered=True),
        "level": rng.choice(["grunn", "hoy"], n),        # an education level: a column of the user's data
        "wave": pd.Categorical(np.repeat(["1", "2"], n // 2), ["1", "2"], ordered=True),
        "w": rng.uniform(0.5, 2.0, n),
    })
    return sk.Design(frame, weights="w")


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.mark.parametrize("name", ["level", "by_level"])
def test_means_and_heatmap_find_the_renamed_groups(design, name):
    scores = _quiet(sk.score, design, ["q"], by=["level", "wave"])
    assert "by_level" in scores
    ax = sk.plot_estimates(scores, group=[name, "wave"], presentation=P)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:4] == [f"{g} · {w}" for g in GROUPS for w in ("År 1", "År 2")]
    heat = sk.plot_heatmap(scores, row=name, col="wave", presentation=P)
    assert [t.get_text() for t in heat.get_yticklabels()] == GROUPS
    assert sorted(t.get_text() for t in heat.texts if t.get_gid() == "value") == sorted(
        P.number(x, 1) for x in scores["estimate"])


@pytest.mark.parametrize("name", ["level", "by_level"])
def test_likert_change_and_did_find_the_renamed_groups(design, name):
    shares = _quiet(sk.proportion, design, "q", by=["level"])
    ax = sk.plot_likert(shares, order=LEVELS, neutral="Nøytral", group=name, presentation=P)
    assert [t.get_text() for t in ax.get_yticklabels()] == GROUPS
    scores = _quiet(sk.score, design, ["q"], by=["level", "wave"])
    change = _quiet(sk.change, design, ["q"], by="level")
    ax = sk.plot_change(scores, change, group=name, presentation=P)
    assert [t.get_text() for t in ax.get_yticklabels()] == GROUPS
    written = [t.get_text() for t in ax.texts if t.get_gid() == "change"]
    assert len(written) == 2 and all(t[0] in "+−" for t in written)
    ax = sk.plot_did(scores, group=name, treated="hoy", presentation=P)
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == GROUPS[::-1]
