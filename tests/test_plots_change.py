"""plot_change and plot_did: the waves' estimates, and the change / DiD from the contrast."""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.errors import DataError
from surveykit.plots import plot_change, plot_did
from tests.test_plots_common import (  # noqa: F401
    _close_figures,
    make_change,
    make_did,
    make_likert,
    make_means,
    presentation,
)


def _points(ax, wave):
    return next(c for c in ax.collections if c.get_gid() == f"wave|{wave}").get_offsets()


def test_change_points_are_the_wave_estimates():
    means = make_means(items=("help",))
    ax = plot_change(means, group="site_type", presentation=presentation())
    for wave in ("1", "2"):
        expected = means[means.wave == wave].sort_values("site_type").estimate
        np.testing.assert_allclose(_points(ax, wave)[:, 0], expected, atol=1e-12)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Samlokalisert", "Separat"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["År 1", "År 2"]
    assert not [t for t in ax.texts if t.get_gid() == "change"]  # nothing computed by the plot


def test_change_annotated_from_the_contrast():
    means = make_means(items=("help", "welcome"))
    change = make_change(means)
    ax = plot_change(means, change, group="site_type", presentation=presentation())
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "change"]
    assert len(notes) == 4
    row = change[(change.variable == "help") & (change.site_type == "co_located")].iloc[0]
    first = notes[0]
    assert first.startswith(("+", "\u2212"))
    from surveykit.labels import format_number

    assert first == (f"{format_number(row.estimate, 'nb', 2, sign=True)} "
                     f"[{format_number(row.conf_low, 'nb', 2)}; {format_number(row.conf_high, 'nb', 2)}]")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    headers = [t.get_text() for t in ax.texts if t.get_gid() == "item_header"]
    assert headers[0] == "Det er lett å få hjelp" and labels[0] == "Samlokalisert"  # header runs across


def test_change_shares_in_percentage_points_english():
    shares = make_likert(items=("help",))
    ax = plot_change(shares, group="site_type", level="Helt enig", presentation=presentation("en"))
    assert ax.get_xlabel() == "Share"
    assert ax.get_yticklabels()[0].get_text() == "Co-located"


def test_change_suppressed_wave_is_marked_not_drawn():
    means = make_means(items=("help",))
    hide = (means.site_type == "separate") & (means.wave == "1")
    means.loc[hide, ["estimate", "conf_low", "conf_high"]] = np.nan
    means.loc[hide, "suppressed"] = True
    ax = plot_change(means, group="site_type", presentation=presentation(min_cell=30))
    assert len(_points(ax, "1")) == 1 and len(_points(ax, "2")) == 2
    assert [t.get_text() for t in ax.texts if t.get_gid() == "suppressed"] == ["–"]


def test_change_needs_two_waves():
    means = make_means(items=("help",))
    with pytest.raises(DataError, match=r"need two waves or more in column 'wave'; got \['1'\]"):
        plot_change(means[means.wave == "1"], group="site_type")


def test_change_without_labels_shows_the_values_themselves():
    """No wave words are invented: a wave without a configured label is shown as its id."""
    means = make_means(items=("help",))
    ax = plot_change(means, group="site_type")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["co_located", "separate"]


def test_did_lines_whiskers_and_annotation():
    means, did = make_did()
    ax = plot_did(means, did, group="switched", treated=True, presentation=presentation())
    lines = {line.get_gid(): line for line in ax.lines}
    np.testing.assert_allclose(lines["line|True"].get_ydata(), [3.62, 3.95])
    np.testing.assert_allclose(lines["line|False"].get_ydata(), [3.71, 3.78])
    ci = [c for c in ax.collections if c.get_gid() == "ci|True"]
    lows = sorted(seg[0][1] for c in ci for seg in c.get_segments())
    np.testing.assert_allclose(lows, means[means.switched].conf_low.sort_values(), atol=1e-12)
    note = next(t for t in ax.texts if t.get_gid() == "did").get_text()
    assert note.startswith("Forskjell i endring:") and "+0,26 [0,02; 0,50]" in note
    assert [t.get_text() for t in ax.get_xticklabels()] == ["År 1", "År 2"]


def test_did_groups_are_named_by_the_presentation():
    """Issue 13: the control group is labelled from configuration, never "Ikke endret"."""
    means, did = make_did()
    p = presentation("en", values={"switched": {True: "Became co-located", False: "Co-located in both years"}})
    ax = plot_did(means, did, group="switched", treated=True, presentation=p)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Became co-located", "Co-located in both years"]
    plain = plot_did(means, did, group="switched", treated=True)
    assert [t.get_text() for t in plain.get_legend().get_texts()] == ["True", "False"]
    assert "Difference in differences" in next(t for t in ax.texts if t.get_gid() == "did").get_text()


def test_did_errors():
    means, did = make_did()
    with pytest.raises(DataError, match=r"no column\(s\) \['became'\]"):
        plot_did(means, group="became")
    with pytest.raises(DataError, match=r"item='welcome' is not in the result; it has \['help'\]"):
        plot_did(means, group="switched", item="welcome")
    with pytest.raises(DataError, match=r"did= must hold exactly one row for item 'help'; found 0"):
        plot_did(means, did.assign(variable="other"), group="switched")
    with pytest.raises(TypeError, match="group"):
        plot_did(means, did)  # no default grouping: the study says which groups it compares


def test_a_change_of_other_variables_is_refused_not_shown_as_dashes():
    # topbox() names the item, change() of with_topbox's column names item_top: every change cell
    # was "–", which looks like suppression
    import pandas as pd

    means = pd.DataFrame({"wave": ["1", "2"], "variable": "help", "level": "Enig / Helt enig",
                          "estimate": [0.4, 0.5], "conf_low": [0.35, 0.45], "conf_high": [0.45, 0.55]})
    change = pd.DataFrame({"variable": ["help_top"], "estimate": [0.1], "conf_low": [0.03], "conf_high": [0.17]})
    with pytest.raises(DataError, match=r"plot_change: the change result has no row for \['help'\] \(its "
                                        r"variables are \['help_top'\]\)"):
        plot_change(means, change)


def test_a_did_line_breaks_at_a_suppressed_wave():
    # the line ran straight across a hidden middle wave, drawing a trend through it
    import pandas as pd

    rows = []
    for g in ("a", "b"):
        for w, est in (("1", 0.3), ("2", 0.4), ("3", 0.5)):
            rows.append({"wave": w, "grp": g, "variable": "q", "estimate": est, "conf_low": est - 0.05,
                         "conf_high": est + 0.05, "suppressed": g == "b" and w == "2"})
    ax = plot_did(pd.DataFrame(rows), group="grp", treated="b")
    line = next(ln for ln in ax.get_lines() if ln.get_gid() == "line|b")
    ys = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(ys[1]) and not np.isnan(ys[[0, 2]]).any()  # drawn as two points, no segment across
