"""plot_likert: segment widths are the shares, centred on the neutral answer."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from surveykit.errors import DataError
from surveykit.plots import plot_likert
from tests.test_plots_common import DONT_KNOW, SCALE, _close_figures, make_likert, presentation  # noqa: F401

KW = {"order": SCALE, "neutral": SCALE[2], "nonsubstantive": [DONT_KNOW], "group": ["site_type", "wave"]}


def _segments(ax):
    """{(item, site_type, wave, level): patch} from the patch gids."""
    out = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("likert|"):
            _, item, site_type, wave, level = gid.split("|")
            out[(item, site_type, wave, level)] = patch
    return out


def test_widths_equal_shares_and_neutral_is_split_across_zero():
    shares = make_likert()
    ax = plot_likert(shares, **KW)
    seg = _segments(ax)
    assert len(seg) == len(shares)
    for row in shares.itertuples():
        patch = seg[(row.variable, row.site_type, row.wave, row.level)]
        assert patch.get_width() == pytest.approx(row.estimate, abs=1e-9)
    for (item, st, w, level), patch in seg.items():
        if level == SCALE[2]:
            assert patch.get_x() == pytest.approx(-patch.get_width() / 2, abs=1e-9)
        if level == SCALE[0]:
            part = shares[(shares.variable == item) & (shares.site_type == st) & (shares.wave == w)]
            share = dict(zip(part.level, part.estimate, strict=True))
            left = -(share[SCALE[0]] + share[SCALE[1]] + share[SCALE[2]] / 2)
            assert patch.get_x() == pytest.approx(left, abs=1e-9)


def test_segments_are_contiguous_in_scale_order():
    ax = plot_likert(make_likert(), **KW)
    seg = _segments(ax)
    for st, w in [("co_located", "1"), ("separate", "2")]:
        patches = [seg[("help", st, w, lv)] for lv in SCALE]
        for a, b in itertools.pairwise(patches):
            assert a.get_x() + a.get_width() == pytest.approx(b.get_x(), abs=1e-9)


def test_nonsubstantive_is_drawn_apart_to_the_right():
    ax = plot_likert(make_likert(), **KW)
    seg = _segments(ax)
    main_right = max(p.get_x() + p.get_width() for k, p in seg.items() if k[3] != DONT_KNOW)
    dk = [p for k, p in seg.items() if k[3] == DONT_KNOW]
    assert len({p.get_x() for p in dk}) == 1  # one column, aligned
    assert min(p.get_x() for p in dk) > main_right + 0.05
    assert "Vet ikke" in [t.get_text() for t in ax.get_xticklabels()]


def test_bars_ordered_by_item_then_group_and_labelled():
    ax = plot_likert(make_likert(), presentation=presentation(), **KW)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    headers = [t.get_text() for t in ax.texts if t.get_gid() == "item_header"]
    assert headers[0] == "Jeg føler meg velkommen"  # the item header runs across, left-aligned
    assert labels[:4] == ["Samlokalisert · År 1", "Samlokalisert · År 2", "Separat · År 1", "Separat · År 2"]
    seg = _segments(ax)
    ys = [seg[("welcome", st, w, SCALE[0])].get_y() for st, w in
          [("co_located", "1"), ("co_located", "2"), ("separate", "1"), ("separate", "2")]]
    assert ys == sorted(ys)  # rows top to bottom (the y axis is inverted)
    assert ax.yaxis_inverted()


def test_n_written_per_bar():
    shares = make_likert()
    ax = plot_likert(shares, **KW)
    n_texts = [t.get_text() for t in ax.texts if t.get_gid() == "n_label"]
    expected = shares.groupby(["variable", "site_type", "wave"], sort=False)["n"].first()
    assert len(n_texts) == len(expected)
    assert sorted(n_texts) == sorted(f"n = {n}" for n in expected)


def test_legend_lists_levels_in_scale_order():
    ax = plot_likert(make_likert(), **KW)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [*SCALE, DONT_KNOW]


def test_suppressed_bar_is_not_drawn_and_is_marked():
    shares = make_likert(suppress=("help", "separate", "1"))
    small = (shares["variable"] == "help") & (shares["site_type"] == "separate") & (shares["wave"] == "1")
    shares.loc[small, "n"] = 12
    ax = plot_likert(shares, presentation=presentation(min_cell=30), **KW)
    seg = _segments(ax)
    assert not [k for k in seg if k[:3] == ("help", "separate", "1")]
    marks = [t for t in ax.texts if t.get_gid() == "suppressed"]
    assert len(marks) == 1 and not re.search(r"\d", marks[0].get_text())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "–  Undertrykt (færre enn 30 svar)"
    assert "n < 30" in [t.get_text() for t in ax.texts if t.get_gid() == "n_label"]


def test_a_bar_hidden_by_a_reports_gate_says_nothing_about_its_n():
    """A row hidden to protect another group (no n, or n above min_cell) gets no "n < 30": it
    may rest on many answers; the legend says why in a word (the method notes say how)."""
    shares = make_likert(suppress=("help", "separate", "1"))
    ax = plot_likert(shares, presentation=presentation(min_cell=30).replace(protected=True), **KW)
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "n_label"]
    assert len(labels) == 11 and not [t for t in labels if "<" in t]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "suppressed"] == ["– undertrykt"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "–  Undertrykt (personvern)"


@pytest.mark.parametrize(("language", "expected"), [("en", "Co-located · Year 1"),
                                                     ("sv", "Samlokaliserad · År 1")])
def test_language(language, expected):
    ax = plot_likert(make_likert(items=("help",)), presentation=presentation(language), **KW)
    assert ax.get_yticklabels()[0].get_text() == expected


def test_even_scale_without_neutral():
    shares = make_likert(items=("help",))
    shares = shares[shares.level.isin([SCALE[0], SCALE[1], SCALE[3], SCALE[4]])]
    ax = plot_likert(shares, order=[SCALE[0], SCALE[1], SCALE[3], SCALE[4]], group=["site_type", "wave"])
    seg = _segments(ax)
    assert seg[("help", "co_located", "1", SCALE[3])].get_x() == pytest.approx(0.0, abs=1e-12)


def test_does_not_mutate_input():
    shares = make_likert()
    before = shares.copy()
    plot_likert(shares, **KW)
    assert shares.equals(before)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"order": SCALE[:4], "nonsubstantive": [DONT_KNOW]}, r"levels \['Helt enig'\] are neither in order"),
     ({"order": SCALE, "neutral": "Nøytral", "nonsubstantive": [DONT_KNOW]}, r"neutral='Nøytral' is not in order"),
     ({"order": SCALE, "nonsubstantive": [DONT_KNOW]}, r"5 levels and no neutral"),
     ({**KW, "group": ["site_type", "year"]}, r"no column\(s\) \['year'\]"),
     ({**KW, "group": ["site_type"]}, r"several rows per"),
     ({**KW, "colour": "red"}, r"unknown style option\(s\) \['colour'\]; allowed"),
     ({**KW, "items": ["nope"]}, r"items \['nope'\] are not in the result")],
)
def test_argument_errors_say_what_was_allowed(kwargs, message):
    with pytest.raises(DataError, match=message):
        plot_likert(make_likert(), **kwargs)


def test_draws_on_given_axes():
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots()
    assert plot_likert(make_likert(items=("help",)), ax=ax, **KW) is ax
    assert np.isclose(ax.get_xlim()[0], ax.get_xlim()[0])
