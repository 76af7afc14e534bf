"""plot_estimates, plot_multi, plot_coefficients: points are estimates, whiskers the CI."""

from __future__ import annotations

import re

import numpy as np
import pytest

from surveykit.errors import DataError
from surveykit.plots import plot_coefficients, plot_estimates, plot_multi
from tests.test_plots_common import (  # noqa: F401
    TERM_NAMES,
    _close_figures,
    make_coefficients,
    make_likert,
    make_means,
    make_multi,
    presentation,
)


def _by_gid(ax, prefix):
    return {c.get_gid().split("|", 1)[1]: c for c in ax.collections if (c.get_gid() or "").startswith(prefix)}


def _check_points_and_whiskers(ax, frame, group, rows):
    points, whiskers = _by_gid(ax, "points|"), _by_gid(ax, "ci|")
    for tag, coll in points.items():
        key = tuple(tag.split("|")) if group else ()
        mask = np.ones(len(frame), dtype=bool)
        for g, v in zip(group, key, strict=True):
            mask &= (frame[g] == v).to_numpy()
        part = frame[mask].set_index("variable").loc[[r for r in rows if r in set(frame[mask].variable)]]
        part = part[~part["suppressed"]]
        offsets = coll.get_offsets()
        np.testing.assert_allclose(offsets[:, 0], part["estimate"], atol=1e-12)
        segments = whiskers[tag].get_segments()
        np.testing.assert_allclose([s[0][0] for s in segments], part["conf_low"], atol=1e-12)
        np.testing.assert_allclose([s[1][0] for s in segments], part["conf_high"], atol=1e-12)
        np.testing.assert_allclose([s[0][1] for s in segments], offsets[:, 1], atol=1e-12)


def test_estimates_points_and_whisker_ends():
    means = make_means()
    ax = plot_estimates(means, group=["site_type", "wave"], presentation=presentation())
    assert len(_by_gid(ax, "points|")) == 4
    _check_points_and_whiskers(ax, means, ["site_type", "wave"], list(dict.fromkeys(means.variable)))
    assert ax.get_yticklabels()[0].get_text() == "Jeg føler meg velkommen"
    assert ax.get_xlabel() == "Gjennomsnitt"
    # the whiskers are named in the legend
    assert ax.get_legend().get_texts()[-1].get_text() == "95 % KI"


@pytest.mark.parametrize(("language", "first", "xlabel"), [("nb", "Samlokalisert · År 1", "Gjennomsnitt"),
                                                          ("en", "Co-located · Year 1", "Mean"),
                                                          ("sv", "Samlokaliserad · År 1", "Medelvärde")])
def test_estimates_language(language, first, xlabel):
    ax = plot_estimates(make_means(), group=["site_type", "wave"], presentation=presentation(language))
    assert ax.get_legend().get_texts()[0].get_text() == first
    assert ax.get_xlabel() == xlabel
    assert ax.get_legend().get_texts()[-1].get_text() == ("95% CI" if language == "en" else "95 % KI")


def test_estimates_whiskers_named_for_another_level():
    ax = plot_estimates(make_means(items=("help",)), group=["site_type", "wave"], ci_level=90)
    assert ax.get_legend().get_texts()[-1].get_text() == "90 % KI"


def test_estimates_items_choose_and_order_rows():
    ax = plot_estimates(make_means(), group=["site_type", "wave"], items=["help", "welcome"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["help", "welcome"]


def test_estimates_top_box_share_with_level_in_percent():
    shares = make_likert(items=("help", "welcome"))
    ax = plot_estimates(shares, group=["site_type", "wave"], level="Helt enig")
    top = shares[shares.level == "Helt enig"]
    _check_points_and_whiskers(ax, top, ["site_type", "wave"], ["help", "welcome"])
    assert ax.get_xlabel() == "Andel"
    assert ax.xaxis.get_major_formatter()(0.4, None) == "40\u00a0%"


def test_estimates_suppressed_has_no_point_and_is_marked():
    means = make_means(items=("help", "welcome"))
    hide = (means.variable == "help") & (means.site_type == "separate") & (means.wave == "2")
    means.loc[hide, ["estimate", "conf_low", "conf_high"]] = np.nan
    means.loc[hide, "suppressed"] = True
    ax = plot_estimates(means, group=["site_type", "wave"], presentation=presentation(min_cell=30))
    assert len(_by_gid(ax, "points|")["separate|2"].get_offsets()) == 1
    marks = [t.get_text() for t in ax.texts if t.get_gid() == "suppressed"]
    assert marks == ["–"]
    assert "Undertrykt (færre enn 30 svar)" in ax.get_legend().get_texts()[-1].get_text()


def test_estimates_errors():
    shares = make_likert(items=("help",))
    with pytest.raises(DataError, match=r"several rows per .*pass level="):
        plot_estimates(shares, group=["site_type", "wave"])
    with pytest.raises(DataError, match=r"level='Enig' is not in the result; levels present: \['Helt uenig'"):
        plot_estimates(shares, group=["site_type", "wave"], level="Enig")
    with pytest.raises(DataError, match=r"scale must be one of \['auto', 'percent', 'number'\]; got 'pct'"):
        plot_estimates(make_means(), group=["site_type", "wave"], scale="pct")
    with pytest.raises(DataError, match=r"expected a tidy result \(pandas DataFrame\), got list"):
        plot_estimates([1, 2])


def test_multi_bar_widths_and_whiskers():
    shares, options = make_multi()
    ax = plot_multi(shares, group="site_type", presentation=presentation().with_labels(options))
    for site_type in ("co_located", "separate"):
        part = shares[shares.site_type == site_type]
        bars = [p for p in ax.patches if p.get_gid() == f"bar|{site_type}"]
        np.testing.assert_allclose([b.get_width() for b in bars], part.estimate, atol=1e-12)
        segments = _by_gid(ax, "ci|")[site_type].get_segments()
        np.testing.assert_allclose([s[0][0] for s in segments], part.conf_low, atol=1e-12)
        np.testing.assert_allclose([s[1][0] for s in segments], part.conf_high, atol=1e-12)
    assert ax.get_yticklabels()[0].get_text() == "NAV-veiledning"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Samlokalisert", "Separat"]


def test_multi_suppressed_share_gets_no_bar():
    shares, _ = make_multi()
    hide = (shares.variable == "aware_tax") & (shares.site_type == "separate")
    shares.loc[hide, ["estimate", "conf_low", "conf_high"]] = np.nan
    shares.loc[hide, "suppressed"] = True
    ax = plot_multi(shares, group="site_type", presentation=presentation("en"))
    bars = [p for p in ax.patches if p.get_gid() == "bar|separate"]
    assert len(bars) == 5
    values = [t.get_text() for t in ax.texts if t.get_gid() == "value"]
    assert len(values) == 11
    assert [t.get_text() for t in ax.texts if t.get_gid() == "suppressed"] == ["–"]
    assert ax.get_legend().get_texts()[0].get_text() == "Co-located"


def test_multi_option_argument_is_checked():
    shares, _ = make_multi()
    with pytest.raises(DataError, match=r"option must be one of \['variable', 'level'\]; got 'choice'"):
        plot_multi(shares, option="choice")


def test_coefficients_rows_reference_and_highlight():
    result = make_coefficients()
    ax = plot_coefficients(result, presentation=presentation(names=TERM_NAMES), highlight="site_type")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Organisering: Samlokalisert" and len(labels) == 7  # no intercept
    ref = [line for line in ax.lines if line.get_gid() == "reference"]
    assert ref and list(ref[0].get_xdata()) == [0, 0]
    assert ax.get_yticklabels()[0].get_fontweight() == "bold"
    _check_points_and_whiskers(ax, result.assign(suppressed=False)[result.variable != "Intercept"], [],
                               list(result.variable[1:]))
    colors = _by_gid(ax, "points|")[""].get_facecolors()
    assert not np.allclose(colors[0], colors[1])  # the highlighted term stands out


def test_coefficients_show_readable_term_names():
    """Issue 13: terms as "Aldersgruppe: 30–44", not C(age_group)[T.30–44]."""
    result = make_coefficients().assign(variable=lambda f: f["variable"].str.replace(
        r"^(\w+)\[", r"C(\1)[", regex=True))
    ax = plot_coefficients(result, presentation=presentation(names=TERM_NAMES))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Organisering: Samlokalisert", "Undersøkelse: År 2", "Kjønn: Mann", "Aldersgruppe: 30–44",
                      "Aldersgruppe: 45–59", "Aldersgruppe: 60+", "Bruk: weekly"]
    assert not any("[T." in label or "C(" in label for label in labels)
    # no highlight unless asked: generic code names no variable of one study
    assert all(t.get_fontweight() != "bold" for t in ax.get_yticklabels())


def test_coefficients_with_intercept_and_english():
    ax = plot_coefficients(make_coefficients(), intercept=True, presentation=presentation("en"))
    assert ax.get_yticklabels()[0].get_text() == "Intercept"
    assert ax.get_xlabel() == "Coefficient"
    assert not re.search(r"\d,\d", ax.xaxis.get_major_formatter()(0.25, None))
