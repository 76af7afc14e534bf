"""Display order of numeric groups and waves, many groups, math text, wrong and empty inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from surveykit.errors import DataError
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
)
from surveykit.plots.theme import text_width_pt
from surveykit.presentation import Presentation
from tests.test_plots_common import _close_figures  # noqa: F401

EN = Presentation("en")


def _result(groups: dict, estimate=None, level=None) -> pd.DataFrame:
    """A tidy result: the cross product of ``groups`` for one variable ``q``."""
    index = pd.MultiIndex.from_product(list(groups.values()), names=list(groups))
    frame = index.to_frame(index=False)
    frame["variable"] = "q"
    frame["level"] = level
    frame["estimate"] = np.linspace(3.0, 4.0, len(frame)) if estimate is None else estimate
    frame["conf_low"] = frame["estimate"] - 0.1
    frame["conf_high"] = frame["estimate"] + 0.1
    frame["n"] = 100
    frame["suppressed"] = False
    return frame


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# 1. numbers are ordered as numbers -------------------------------------------------------


@pytest.mark.parametrize("waves", [np.array([10, 9], dtype="int64"), ["10", "9"]])
def test_change_integer_waves_first_is_the_earlier(waves):
    means = _result({"wave": waves}, estimate=np.array([4.0, 3.0]))
    ax = plot_change(means, presentation=EN)
    assert _legend(ax) == ["9", "10"]
    # the hollow grey "first wave" point is wave 9's estimate, the filled one wave 10's
    first = next(c for c in ax.collections if c.get_gid() == "wave|" + str(waves[1]))
    last = next(c for c in ax.collections if c.get_gid() == "wave|" + str(waves[0]))
    assert first.get_offsets()[0][0] == pytest.approx(3.0)
    assert last.get_offsets()[0][0] == pytest.approx(4.0)
    assert tuple(first.get_facecolors()[0][:3]) == (1.0, 1.0, 1.0)


def test_did_integer_waves_left_to_right():
    result = _result({"g": ["a", "b"], "wave": np.array([9, 10], dtype="int64")})
    ax = plot_did(result, group="g", treated="a", presentation=EN)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["9", "10"]


def test_integer_and_numeric_text_groups_in_numeric_order():
    for sites in (np.arange(1, 13), [str(i) for i in range(1, 13)]):
        ax = plot_estimates(_result({"site": sites}), group="site", presentation=EN)
        assert _legend(ax)[:12] == [str(i) for i in range(1, 13)]
    ax = plot_heatmap(_result({"site": [f"Site {i}" for i in (10, 2, 1)], "wave": [1, 2]}), presentation=EN)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Site 1", "Site 2", "Site 10"]


def test_ordered_categorical_keeps_its_order():
    result = _result({"site": ["low", "mid", "high"]})
    result["site"] = pd.Categorical(result["site"], categories=["low", "mid", "high"], ordered=True)
    ax = plot_estimates(result, group="site", presentation=EN)
    assert _legend(ax)[:3] == ["low", "mid", "high"]
    text_sorted = _result({"site": ["2", "10", "1"]})
    text_sorted["site"] = text_sorted["site"].astype("category")  # pandas sorts "1", "10", "2"
    assert _legend(plot_estimates(text_sorted, group="site", presentation=EN))[:3] == ["1", "2", "10"]


# 2. groups beyond the palette stay distinguishable ------------------------------------------

NAMES = [f"Group {chr(65 + i)}" for i in range(12)]


def test_estimates_twelve_groups_have_twelve_distinct_marks():
    ax = plot_estimates(_result({"grp": NAMES}), group="grp", presentation=EN)
    handles = [h for h in ax.get_legend().legend_handles if h.get_label() in NAMES]
    marks = {(to_hex(h.get_color()), h.get_marker()) for h in handles}
    assert len(handles) == 12 and len(marks) == 12
    points = {(to_hex(col.get_edgecolors()[0]), str(col.get_paths()[0].vertices.round(3).tolist()))
              for col in ax.collections if str(col.get_gid()).startswith("points|")}
    assert len(points) == 12


def test_multi_twelve_groups_have_twelve_distinct_bars():
    shares = _result({"grp": NAMES}, estimate=np.linspace(0.1, 0.8, 12))
    ax = plot_multi(shares, group="grp", presentation=EN)
    looks = {(to_hex(b.get_facecolor()), b.get_hatch()) for b in ax.patches}
    assert len(ax.patches) == 12 and len(looks) == 12


def test_did_nine_groups_drawn_with_distinct_lines():
    result = _result({"g": NAMES[:9], "wave": ["1", "2"]})
    ax = plot_did(result, group="g", presentation=EN)
    lines = [line for line in ax.get_lines() if str(line.get_gid()).startswith("line|")]
    looks = {(to_hex(line.get_color()), line.get_linestyle(), line.get_marker()) for line in lines}
    assert len(lines) == 9 and len(looks) == 9


def test_did_more_groups_than_can_be_told_apart_is_refused():
    result = _result({"g": [f"g{i}" for i in range(40)], "wave": ["1", "2"]})
    with pytest.raises(DataError, match=r"plot_did: 40 groups of \['g'\] cannot be told apart.*at most 32.*Split"):
        plot_did(result, group="g", presentation=EN)


def test_estimates_more_groups_than_marks_is_refused():
    result = _result({"grp": [f"g{i}" for i in range(65)]})
    with pytest.raises(DataError, match=r"plot_estimates: 65 groups of \['grp'\] cannot be told apart.*at most 64"):
        plot_estimates(result, group="grp", presentation=EN)


# 3. a label with two dollars is text, not mathtext --------------------------------------------

DOLLARS = {"a": "Cost in $ per visit ($USD)", "b": "Price $5 – $10"}
DOLLAR_EN = Presentation("en", values={"grp": DOLLARS, "wave": {"1": "$1", "2": "$2"}},
                         names={"q": "Salary in $ of $x$", "grp": "Group $ ($)"})


def _dollar_plots():
    groups = list(DOLLARS)
    shares = _result({"grp": groups}, estimate=np.array([0.3, 0.6]), level="Yes")
    likert = pd.DataFrame({"grp": np.repeat(groups, 2), "variable": "q", "level": ["No $", "Yes $"] * 2,
                           "estimate": [0.4, 0.6] * 2, "n": 50, "suppressed": False})
    coefs = pd.DataFrame({"variable": ["C(grp)[T.a]", "C(grp)[T.b]"], "estimate": [0.1, 0.2],
                          "conf_low": [0.0, 0.1], "conf_high": [0.2, 0.3], "suppressed": False})
    yield plot_estimates(_result({"grp": groups}), group="grp", presentation=DOLLAR_EN, title="$ and $")
    yield plot_multi(shares, group="grp", presentation=DOLLAR_EN)
    yield plot_likert(likert, order=["No $", "Yes $"], group="grp", presentation=DOLLAR_EN)
    yield plot_heatmap(_result({"grp": groups, "wave": ["1", "2"]}), row="grp", presentation=DOLLAR_EN)
    yield plot_did(_result({"grp": groups, "wave": ["1", "2"]}), group="grp", presentation=DOLLAR_EN)
    yield plot_change(_result({"wave": ["1", "2"], "grp": groups}), group="grp", presentation=DOLLAR_EN)
    yield plot_coefficients(coefs, presentation=DOLLAR_EN)


def test_dollars_are_never_mathtext():
    for ax in _dollar_plots():
        texts = [t for t in ax.figure.findobj(lambda a: hasattr(a, "get_parse_math")) if "$" in t.get_text()]
        assert texts, ax
        assert [t.get_text() for t in texts if t.get_parse_math()] == []


def test_dollar_label_is_drawn_at_its_plain_text_width():
    ax = plot_estimates(_result({"grp": list(DOLLARS)}), group="grp", presentation=DOLLAR_EN)
    ax.figure.canvas.draw()
    label = next(t for t in ax.get_legend().get_texts() if t.get_text() == DOLLARS["a"])
    drawn_pt = label.get_window_extent().width * 72 / ax.figure.dpi
    assert drawn_pt == pytest.approx(text_width_pt(DOLLARS["a"], label.get_fontsize()), rel=0.05)


def test_footer_with_dollars_is_plain_text():
    fig = add_footer(plot_estimates(_result({"grp": ["a"]}), group="grp").figure, "Cost $ per visit ($USD)")
    footer = next(t for t in fig.texts if t.get_gid() == "footer")
    assert not footer.get_parse_math()


# 4. results that are not shares are refused by the share plots --------------------------------


def test_likert_refuses_a_mean_without_levels():
    mean = _result({"site_type": ["a", "b"]}, estimate=np.array([50.9, 49.4]))
    with pytest.raises(DataError, match=r"plot_likert: column 'level' is empty.*sk\.proportion"):
        plot_likert(mean, order=["a", "b"], group="site_type")


def test_likert_refuses_totals():
    totals = pd.DataFrame({"variable": "q", "level": ["No", "Maybe", "Yes"], "estimate": [300.0, 200.0, 500.0],
                           "n": 1000, "suppressed": False})
    with pytest.raises(DataError, match=r"plot_likert: column 'estimate' .*not shares.*300 \(variable 'q', "
                                        r"level 'No'\).*sk\.proportion"):
        plot_likert(totals, order=["No", "Maybe", "Yes"], neutral="Maybe")


def test_multi_refuses_a_numeric_mean():
    mean = _result({"site_type": ["a", "b"]}, estimate=np.array([50.9, 49.4]))
    with pytest.raises(DataError, match=r"plot_multi: column 'estimate' .*not shares.*50\.9.*0/1"):
        plot_multi(mean, group="site_type")


def test_percent_axes_refuse_a_share_above_one():
    share = _result({"g": ["a"]}, estimate=np.array([1.2]), level="Yes")
    with pytest.raises(DataError, match=r"plot_estimates: .*not shares.*1\.2.*scale='number'"):
        plot_estimates(share)
    # the quantile a user means as a number is drawn as one when asked
    ax = plot_estimates(share.assign(estimate=49.0, conf_low=48.0, conf_high=50.0), scale="number", presentation=EN)
    assert "%" not in "".join(t.get_text() for t in ax.get_xticklabels())
    with pytest.raises(DataError, match=r"plot_change: .*not shares.*level=None"):
        plot_change(_result({"wave": ["1", "2"]}, estimate=np.array([49.0, 50.0]), level="0.5"))
    with pytest.raises(DataError, match=r"plot_heatmap: .*not shares"):
        plot_heatmap(_result({"site": ["a"], "wave": ["1"]}, estimate=np.array([3.0]), level="Yes"))
    with pytest.raises(DataError, match=r"plot_did: .*not shares"):
        plot_did(_result({"g": ["a"], "wave": ["1", "2"]}, estimate=np.array([3.0, 4.0]), level="Yes"), group="g")
    percents = pd.DataFrame({"gender": ["F", "M"], "source": "sample", "share": [60.0, 40.0]})
    with pytest.raises(DataError, match=r"plot_composition: column 'share' .*not shares.*60"):
        plot_composition(percents)


def test_share_plots_still_draw_shares():
    ax = plot_multi(_result({"g": ["a", "b"]}, estimate=np.array([0.0, 1.0])), group="g")
    assert sorted(round(b.get_width(), 3) for b in ax.patches) == [0.0, 1.0]


# 5. nothing to draw is one clear error --------------------------------------------------------


def test_empty_results_are_refused_by_every_plot():
    empty = _result({"grp": ["a", "b"]}).iloc[0:0]
    calls = {
        "plot_estimates": lambda: plot_estimates(empty, group="grp"),
        "plot_likert": lambda: plot_likert(empty, order=["x", "y"], group="grp"),
        "plot_heatmap": lambda: plot_heatmap(empty.assign(site="s", wave="1")),
        "plot_multi": lambda: plot_multi(empty, group="grp"),
        "plot_change": lambda: plot_change(empty.assign(wave="1")),
        "plot_did": lambda: plot_did(empty.assign(wave="1"), group="grp"),
        "plot_coefficients": lambda: plot_coefficients(empty),
        "plot_composition": lambda: plot_composition(pd.DataFrame({"gender": [], "source": [], "share": []})),
    }
    for func, call in calls.items():
        with pytest.raises(DataError, match=rf"^{func}: the result has no rows to draw"):
            call()


def test_only_an_intercept_says_how_to_draw_it():
    intercept = pd.DataFrame({"variable": ["Intercept"], "estimate": [1.0], "conf_low": [0.9], "conf_high": [1.1]})
    with pytest.raises(DataError, match=r"no rows to draw; it holds no terms but the intercept; pass intercept=True"):
        plot_coefficients(intercept)


def test_composition_with_every_share_missing_is_refused():
    frame = pd.DataFrame({"gender": ["F", "M"] * 2, "source": ["sample"] * 2 + ["population"] * 2,
                          "share": np.nan})
    with pytest.raises(DataError, match=r"^plot_composition: every share is missing"):
        plot_composition(frame)


# 6. long labels are wrapped, never cut ---------------------------------------------------------

SITES = [f"s{i}" for i in range(30)]
LONG = Presentation("en", values={"site": {s: f"Site {i:02d} " + ("Kommunalt innbyggertorg og bibliotek med "
                                                                  "servicekontor " * 4)[:190]
                                           for i, s in enumerate(SITES)}})


def _lines(texts) -> list[str]:
    return [line for t in texts for line in t.get_text().split("\n")]


def test_long_site_labels_are_wrapped_and_stay_inside_the_figure():
    shares = pd.DataFrame({"site": np.repeat(SITES, 3), "variable": "q", "level": ["No", "Maybe", "Yes"] * 30,
                           "estimate": [0.3, 0.2, 0.5] * 30, "n": 50, "suppressed": False})
    ax = plot_likert(shares, order=["No", "Maybe", "Yes"], neutral="Maybe", group="site", presentation=LONG)
    ticks = ax.get_yticklabels()
    assert [t.get_text().split("\n")[0][:7] for t in ticks] == [f"Site {i:02d}" for i in range(30)]
    assert max(len(line) for line in _lines(ticks)) <= 40
    assert ax.figure.get_figheight() * 2.54 > 3.2 + 0.62 * 30 + 10  # grown for the extra lines
    ax.figure.canvas.draw()
    assert min(t.get_window_extent().x0 for t in ticks) >= 0  # no label runs off the left edge


def test_long_group_names_wrapped_in_legends_and_heatmap_rows():
    ax = plot_estimates(_result({"site": SITES[:12]}), group="site", presentation=LONG)
    entries = [t for t in ax.get_legend().get_texts() if t.get_text().startswith("Site")]
    assert len({t.get_text() for t in entries}) == 12
    assert max(len(line) for line in _lines(entries)) <= 60  # c.LEGEND_WRAP
    ax = plot_heatmap(_result({"site": SITES, "wave": ["1", "2"]}), presentation=LONG)
    rows = ax.get_yticklabels()
    assert len({t.get_text() for t in rows}) == 30 and max(len(line) for line in _lines(rows)) <= 40
