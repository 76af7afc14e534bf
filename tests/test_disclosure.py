"""The disclosure gate's rule on small frames (report/disclosure.py; docs/privacy.md).

Each test builds respondents (``data``: one row per respondent with the grouping columns) and
the tables a build would publish, runs ``protect`` and checks which rows come back hidden.
The property-based test at the end tries every subtraction on random hierarchies.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from surveykit.report.disclosure import blank, protect, published_frames

MIN = 5


def respondents(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """One row per respondent: ``{(site, kind): respondents}``."""
    rows = [(site, kind) for (site, kind), n in sizes.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["site", "kind"])


def means(groups: dict, n: dict, column: str = "site", item: str = "q", suppressed=None,
          min_cell: int = MIN) -> pd.DataFrame:
    """A means table by ``column``: one row per group with its n (suppressed below min_cell, as an estimator does)."""
    keys = list(groups)
    ns = [n[k] for k in keys]
    hidden = [x < min_cell for x in ns] if suppressed is None else suppressed
    return pd.DataFrame({column: keys, "variable": item, "level": None,
                         "estimate": [groups[k] if not h else np.nan for k, h in zip(keys, hidden, strict=True)],
                         "df": [x - 1.0 for x in ns], "n": ns, "suppressed": hidden})


def hidden(frame: pd.DataFrame, column: str = "site") -> list[str]:
    return sorted(frame.loc[frame["suppressed"], column].astype(str))


SIZES = {("a", "x"): 4, ("b", "x"): 30, ("c", "x"): 12, ("d", "y"): 40, ("e", "y"): 50}
DATA = respondents(SIZES)
N = {s: n for (s, _), n in SIZES.items()}
MEAN = {"a": 4.0, "b": 3.0, "c": 2.5, "d": 3.5, "e": 3.2}


def test_primary_rows_are_hidden_with_every_number_and_n():
    sites = means(MEAN, N, suppressed=[False] * 5)   # an estimator that forgot to flag
    out = protect({"sites": sites}, DATA, MIN)["sites"]
    assert out.loc[0, "suppressed"] and out.loc[0, ["estimate", "df", "n"]].isna().all()
    assert out.loc[0, "site"] == "a" and out.loc[0, "variable"] == "q"     # labels stay
    assert out["n"].dtype == "Int64" and out.loc[1:, "n"].tolist() == [30, 12, 40, 50]


def test_a_total_minus_the_other_groups_needs_a_second_hidden_group():
    """Sites a, b, c make kind x; a (4) is hidden; c (12, the smallest other) is hidden too."""
    sites = means(MEAN, N)
    kinds = means({"x": 3.0, "y": 3.3}, {"x": 46, "y": 90}, column="kind")
    out = protect({"sites": sites, "kinds": kinds}, DATA, MIN)
    assert hidden(out["sites"]) == ["a", "c"]
    assert not out["kinds"]["suppressed"].any()
    # without the kind table (and no other total), the sites need no complement
    alone = protect({"sites": sites}, DATA, MIN)["sites"]
    assert hidden(alone) == ["a"]


def test_the_overall_n_of_a_footer_is_a_total():
    sites = means(MEAN, N)
    out = protect({"sites": sites}, DATA, MIN, fixed={"footer": pd.DataFrame({"n": [len(DATA)]})})["sites"]
    assert hidden(out) == ["a", "c"]     # n = 136 minus the printed n's would give a away


def test_two_hidden_groups_with_enough_respondents_need_nothing_more():
    sizes = {("a", "x"): 4, ("c", "x"): 3, ("b", "x"): 30, ("d", "y"): 40}
    data = respondents(sizes)
    n = {s: k for (s, _), k in sizes.items()}
    sites = means(dict.fromkeys(n, 3.0), n)
    kinds = means({"x": 3.0, "y": 3.0}, {"x": 37, "y": 40}, column="kind")
    out = protect({"sites": sites, "kinds": kinds}, data, MIN)
    assert hidden(out["sites"]) == ["a", "c"]    # 4 + 3 >= 5: x minus b gives only their pool


def test_hidden_groups_resting_on_fewer_than_min_cell_together_get_a_third():
    sizes = {("a", "x"): 2, ("c", "x"): 2, ("b", "x"): 30, ("g", "x"): 20, ("d", "y"): 40}
    data = respondents(sizes)
    n = {s: k for (s, _), k in sizes.items()}
    sites = means(dict.fromkeys(n, 3.0), n)
    kinds = means({"x": 3.0, "y": 3.0}, {"x": 54, "y": 40}, column="kind")
    out = protect({"sites": sites, "kinds": kinds}, data, MIN)
    assert hidden(out["sites"]) == ["a", "c", "g"]    # 2 + 2 < 5: g (20 < 30) joins them


def test_the_complement_is_the_smallest_group_and_the_choice_is_deterministic():
    sizes = {("a", "x"): 3, ("b", "x"): 9, ("c", "x"): 9, ("d", "x"): 8}
    data = respondents(sizes)
    n = {s: k for (s, _), k in sizes.items()}
    kinds = means({"x": 3.0}, {"x": 29}, column="kind")
    first = protect({"sites": means(dict.fromkeys(n, 3.0), n), "kinds": kinds}, data, MIN)
    assert hidden(first["sites"]) == ["a", "d"]
    # ties on size go to the first group by its values, whatever the table's row order
    sizes = {("a", "x"): 3, ("c", "x"): 9, ("b", "x"): 9}
    n = {s: k for (s, _), k in sizes.items()}
    shuffled = means(dict.fromkeys(["c", "a", "b"], 3.0), n)
    out = protect({"sites": shuffled, "kinds": means({"x": 3.0}, {"x": 21}, column="kind")}, respondents(sizes), MIN)
    assert hidden(out["sites"]) == ["a", "b"]


def test_one_cell_one_fate_across_levels_items_and_tables():
    """A distribution is hidden as a whole (no level is 1 minus the others, nor its don't-know
    share's base minus its n); the same group × item hidden in every table."""
    shares = pd.DataFrame({"site": ["a"] * 3 + ["b"] * 3, "variable": "q",
                           "level": ["Uenig", "Enig", "Vet ikke"] * 2,
                           "estimate": [0.5, 0.5, 0.2, 0.4, 0.6, 0.1], "n": [4, 4, 6, 30, 30, 33],
                           "suppressed": [True, True, False, False, False, False]})
    sites = means({"a": 3.0, "b": 3.0}, {"a": 4, "b": 30}, suppressed=[False, False])
    other = means({"a": 3.0, "b": 3.0}, {"a": 6, "b": 30}, item="r")  # another item: its own fate
    data = respondents({("a", "x"): 6, ("b", "x"): 33})
    out = protect({"shares": shares, "sites": sites, "other": other}, data, MIN)
    assert out["shares"]["suppressed"].tolist() == [True] * 3 + [False] * 3
    assert hidden(out["sites"]) == ["a"] and hidden(out["other"]) == []


def test_a_row_hidden_for_another_reason_than_its_base_does_not_take_its_cell_along():
    """A quantile that is one person's value (the maximum) is hidden by its estimator though
    its group is large: the group's median, on the same 40 respondents, stays."""
    quantiles = pd.DataFrame({"site": ["b", "b"], "variable": "age", "level": ["0.5", "1"], "estimate": [44.0, np.nan],
                              "n": [40, 40], "suppressed": [False, True]})
    out = protect({"q": quantiles}, respondents({("b", "x"): 40}), MIN)["q"]
    assert out["suppressed"].tolist() == [False, True] and out.loc[0, "estimate"] == 44.0


def test_a_row_protected_before_keeps_its_fate_everywhere():
    """A table that passed the rule on its own (sk.table) comes with hidden rows whose n is
    gone: the build's gate hides that group × item in every other table too."""
    data = respondents({("a", "x"): 40, ("b", "x"): 30})
    before = means({"a": 3.0, "b": 3.0}, {"a": 40, "b": 30}, suppressed=[False, True])
    before = blank(before, ["site"])
    other = means({"a": 3.0, "b": 3.1}, {"a": 40, "b": 30})
    out = protect({"before": before, "other": other}, data, MIN)
    assert hidden(out["other"]) == ["b"] and hidden(out["before"]) == ["b"]


def test_a_single_part_is_its_total():
    data = respondents({("a", "x"): 3, ("d", "y"): 40})
    sites = means({"a": 3.0, "d": 3.0}, {"a": 3, "d": 40})
    kinds = means({"x": 3.0, "y": 3.0}, {"x": 3, "y": 40}, column="kind", suppressed=[False, False])
    out = protect({"sites": sites, "kinds": kinds}, data, MIN)
    assert hidden(out["kinds"], "kind") == ["x"]


def test_a_hidden_total_is_not_left_as_the_sum_of_shown_parts():
    """x is hidden (say by its estimator's own rule); its sites a and b, both shown, would add up
    to it: the smaller of them is hidden."""
    data = respondents({("a", "x"): 20, ("b", "x"): 30, ("d", "y"): 40})
    sites = means({"a": 3.0, "b": 3.0, "d": 3.0}, {"a": 20, "b": 30, "d": 40})
    kinds = means({"x": 3.0, "y": 3.0}, {"x": 50, "y": 40}, column="kind", suppressed=[True, False])
    out = protect({"sites": sites, "kinds": kinds}, data, MIN)
    assert hidden(out["sites"]) == ["a"]


def test_a_group_no_table_names_counts_as_a_hidden_part():
    """A total minus the sites a table shows isolates the site it leaves out: when that one is
    small, a shown site is hidden too; when it is large, nothing is."""
    data = respondents({("a", "x"): 3, ("b", "x"): 30, ("c", "x"): 12})
    shown = means({"b": 3.0, "c": 3.0}, {"b": 30, "c": 12})
    kinds = means({"x": 3.0}, {"x": 45}, column="kind")
    out = protect({"sites": shown, "kinds": kinds}, data, MIN)
    assert hidden(out["sites"]) == ["c"]
    large = respondents({("a", "x"): 300, ("b", "x"): 30, ("c", "x"): 12})
    assert hidden(protect({"sites": shown, "kinds": kinds}, large, MIN)["sites"]) == []


def test_an_empty_total_column_is_the_total_over_it():
    """The old test of `publishable`, folded in: a table with the sites and a total row (site
    empty). One hidden site beside the total: the other is hidden too; the total stays."""
    frame = pd.DataFrame({"site": ["a"] * 3 + ["b"] * 3 + [None] * 3, "variable": "q",
                          "level": ["Uenig", "Nøytral", "Enig"] * 3,
                          "estimate": [0.2, 0.3, 0.5, 0.1, 0.3, 0.6, 0.15, 0.3, 0.55],
                          "n": [4] * 3 + [40] * 3 + [44] * 3, "suppressed": [True, False, False] + [False] * 6})
    data = respondents({("a", "x"): 4, ("b", "x"): 40})
    out = protect({"t": frame}, data, MIN)["t"]
    assert out.loc[out["site"] == "a", ["estimate", "n"]].isna().all().all()   # the whole distribution
    assert out.loc[out["site"] == "b", "estimate"].isna().all()               # the complement
    assert out.loc[out["site"].isna(), "estimate"].notna().all()               # the total


def test_a_group_is_the_same_cell_whatever_the_order_of_its_columns():
    data = pd.DataFrame({"site": ["a"] * 24 + ["b"] * 60, "wave": ["1"] * 20 + ["2"] * 4 + ["1"] * 30 + ["2"] * 30})
    one = pd.DataFrame({"site": ["a", "a", "b", "b"], "wave": ["1", "2", "1", "2"], "variable": "q",
                        "estimate": 3.0, "n": [20, 4, 30, 30], "suppressed": [False, True, False, False]})
    other = one[["wave", "site", "variable", "estimate", "n"]].assign(suppressed=False)
    out = protect({"one": one, "other": other}, data, MIN)
    assert out["other"]["suppressed"].tolist() == [False, True, False, False]


def test_groups_that_do_not_nest_make_no_relation():
    """Kind and region cross each other: a region is not a sum of kinds, nothing is added."""
    data = pd.DataFrame({"kind": ["x"] * 30 + ["y"] * 4 + ["x"] * 20 + ["y"] * 40,
                         "region": ["n"] * 34 + ["s"] * 60})
    kinds = means({"x": 3.0, "y": 3.0}, {"x": 50, "y": 44}, column="kind")
    by_both = pd.DataFrame({"kind": ["x", "y", "x", "y"], "region": ["n", "n", "s", "s"], "variable": "q",
                            "estimate": [3.0, np.nan, 3.0, 3.0], "n": [30, 4, 20, 40],
                            "suppressed": [False, True, False, False]})
    out = protect({"kinds": kinds, "both": by_both}, data, MIN)
    # x·n, y·n within region n: y·n (4) is hidden; its region n has no published total, but the
    # kind y (44) is one: y·s is hidden with it (y·n + y·s = y)
    assert out["both"]["suppressed"].tolist() == [False, True, False, True]
    assert not out["kinds"]["suppressed"].any()


def test_group_sizes_are_an_item_of_their_own():
    """Every row's df gives its group's size away: a site hidden in every item is a hidden part
    of the sizes' relations, so a complement is hidden in every item too."""
    data = respondents({("a", "x"): 4, ("b", "x"): 30, ("c", "x"): 12, ("d", "y"): 40})
    n = {"a": 4, "b": 30, "c": 12, "d": 40}
    q = means(dict.fromkeys(n, 3.0), n)
    r = means(dict.fromkeys(n, 3.0), n, item="r")
    waves = pd.DataFrame({"kind": ["x", "y"], "n": [46, 40]})     # published sizes, as the method notes do
    out = protect({"q": q, "r": r}, data, MIN, fixed={"kinds": waves})
    assert hidden(out["q"]) == ["a", "c"] and hidden(out["r"]) == ["a", "c"]


@dataclasses.dataclass(frozen=True)
class ChangeLike:
    means: pd.DataFrame
    change: pd.DataFrame
    label: str = "kept"


def test_contrasts_are_hidden_with_the_cells_they_compare_and_results_keep_their_type():
    data = pd.DataFrame({"site": ["a"] * 24 + ["b"] * 60, "wave": ["1"] * 20 + ["2"] * 4 + ["1"] * 30 + ["2"] * 30})
    m = pd.DataFrame({"site": ["a", "a", "b", "b"], "wave": ["1", "2", "1", "2"], "variable": "q",
                      "estimate": [3.0, np.nan, 3.1, 3.3], "n": [20, 4, 30, 30], "suppressed": [False, True, False, False]})
    c = pd.DataFrame({"site": ["a", "b"], "variable": "q", "estimate": [0.1, 0.2], "n": [24, 60],
                      "suppressed": [False, False], "contrast": "wave: 2 - 1", "p_value": [0.5, 0.1]})
    result = ChangeLike(m, c)
    out = protect({"change": result}, data, MIN)["change"]
    assert isinstance(out, ChangeLike) and out.label == "kept"
    assert out.change["suppressed"].tolist() == [True, False]
    assert np.isnan(out.change.loc[0, "p_value"]) and out.change.loc[1, "p_value"] == 0.1
    assert out.means["suppressed"].tolist() == [False, True, False, False]
    assert published_frames(out) == {"means": out.means, "change": out.change}
    assert result.change["suppressed"].tolist() == [False, False]      # the input is not mutated
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.label = "x"


@dataclasses.dataclass(frozen=True)
class Parts:
    estimates: pd.DataFrame
    tests: pd.DataFrame


@dataclasses.dataclass(frozen=True)
class Nested:
    parts: Parts
    frames: tuple
    note: str = "kept"


def test_frames_inside_nested_values_are_protected_and_a_table_test_is_a_total():
    """A publication table's parts (a dataclass in a field) and an explorer's frames (a tuple of
    (name, frame)) pass the gate like fields. A chi-square test of the whole table keeps its
    statistic when a group is hidden; its n (the answers of all groups) is a total, so the
    smallest other group is hidden too."""
    data = respondents({("a", "x"): 40, ("b", "x"): 30, ("c", "x"): 3})
    est = pd.DataFrame({"site": ["a", "a", "b", "b", "c", "c"], "variable": "q", "level": ["Uenig", "Enig"] * 3,
                        "estimate": [0.4, 0.6, 0.5, 0.5, np.nan, np.nan], "n": [40, 40, 30, 30, 3, 3],
                        "suppressed": [False] * 4 + [True] * 2})
    test = pd.DataFrame({"variable": ["q"], "level": [None], "estimate": [np.nan], "n": [73], "suppressed": [False],
                         "contrast": ["q x site"], "statistic": [1.2], "p_value": [0.3]})
    explorer = means({"a": 3.0, "b": 3.0, "c": 3.0}, {"a": 40, "b": 30, "c": 3}, item="r")
    value = Nested(Parts(est, test), (("site", explorer),))
    out = protect({"v": value}, data, MIN)["v"]
    assert isinstance(out, Nested) and isinstance(out.parts, Parts) and out.note == "kept"
    assert out.parts.estimates["suppressed"].tolist() == [False, False, True, True, True, True]
    assert out.parts.tests["p_value"].tolist() == [0.3] and not out.parts.tests["suppressed"].any()
    # and in the explorer's frame, whose rows' df give the sites' sizes: c, and b with it
    assert out.frames[0][0] == "site" and hidden(out.frames[0][1]) == ["b", "c"]
    assert value.parts.estimates["suppressed"].sum() == 2        # the input is not mutated


def test_rows_without_n_are_never_hidden_and_fixed_frames_never_change():
    comp = pd.DataFrame({"kind": ["x", "y", "x", "y"], "source": ["sample", "sample", "population", "population"],
                         "share": [0.05, 0.95, 0.4, 0.6], "n": pd.array([3, 60, None, None], "Int64"),
                         "suppressed": [False] * 4})
    data = respondents({("a", "x"): 3, ("d", "y"): 60})
    footer = pd.DataFrame({"n": [63]})
    out = protect({"comp": comp}, data, MIN, fixed={"footer": footer})["comp"]
    # x (3) is hidden; y is its complement under the footer's total; population shares stay
    assert out["suppressed"].tolist() == [True, True, False, False]
    assert out["share"].isna().tolist() == [True, True, False, False]


def test_protect_is_idempotent_and_refuses_what_it_cannot_read():
    sites = means(MEAN, N)
    kinds = means({"x": 3.0, "y": 3.3}, {"x": 46, "y": 90}, column="kind")
    once = protect({"sites": sites, "kinds": kinds}, DATA, MIN)
    twice = protect(once, DATA, MIN)
    pd.testing.assert_frame_equal(once["sites"], twice["sites"])
    with pytest.raises(TypeError, match="dataclasses holding DataFrames"):
        protect({"x": [1, 2]}, DATA, MIN)


def test_blank_keeps_labels_and_empties_numbers():
    f = pd.DataFrame({"g": ["a", "b"], "level": ["Enig", "Enig"], "estimate": [0.5, 0.4], "n": [3, 9],
                      "contrast": ["x", "y"], "suppressed": [True, False]})
    out = blank(f, ["g"])
    assert out.loc[0, ["g", "level", "contrast"]].tolist() == ["a", "Enig", "x"]
    assert pd.isna(out.loc[0, "estimate"]) and pd.isna(out.loc[0, "n"]) and out.loc[1, "n"] == 9


# --- every subtraction, on random hierarchies -------------------------------------------------------

def _rank_determined(published: list[np.ndarray], target: np.ndarray) -> bool:
    if not published:
        return False
    a = np.array(published)
    return np.linalg.matrix_rank(np.vstack([a, target])) == np.linalg.matrix_rank(a)


SITE = st.tuples(st.integers(0, 14), st.sampled_from(["k0", "k1", "k2"]), st.sampled_from(["r0", "r1", "r2"]))


@settings(max_examples=80, deadline=None)
@given(st.lists(SITE, min_size=1, max_size=8), st.booleans(), st.booleans(), st.integers(3, 6))
def test_no_hidden_cell_follows_from_the_published_counts(sites, footer, crossed, min_cell):
    """Sites (n from 0 to 14) each in a kind and a region (which cross each other); published:
    the sites, the kinds, the regions, (or not) kind × region and (or not) a footer's overall n,
    which cannot be hidden. Whatever hides, no hidden cell with respondents is a linear
    combination of the shown ones, primary cells are hidden, and inside a shown kind the
    hidden sites are none, or two or more resting on min_cell together."""
    sizes = {(f"s{i}", kind, region): n for i, (n, kind, region) in enumerate(sites) if n > 0}
    data = pd.DataFrame([key for key, n in sizes.items() for _ in range(n)], columns=["site", "kind", "region"])
    assume(len(data) and (not footer or len(data) >= min_cell))   # a footer printing fewer than min_cell: nothing helps
    names = [s for s, _, _ in sizes]
    vector = {("site", s): np.array([float(x == s) for x in names]) for s in names}
    for col, k in (("kind", 1), ("region", 2)):
        for value in sorted({key[k] for key in sizes}):
            vector[(col, value)] = np.array([float(key[k] == value) for key in sizes])
    if crossed:
        for kind, region in sorted({(k, r) for _, k, r in sizes}):
            vector[("both", kind, region)] = np.array([float(key[1:] == (kind, region)) for key in sizes])
    n_of = {cell: float(v @ np.array(list(sizes.values()), float)) for cell, v in vector.items()}
    tables = {}
    for col in ("site", "kind", "region"):
        keys = [cell[1] for cell in vector if cell[0] == col]
        tables[col] = means(dict.fromkeys(keys, 3.0), {k: n_of[(col, k)] for k in keys}, column=col, min_cell=min_cell)
    if crossed:
        both = [cell for cell in vector if cell[0] == "both"]
        tables["both"] = pd.DataFrame({"kind": [c[1] for c in both], "region": [c[2] for c in both], "variable": "q",
                                       "estimate": 3.0, "n": [n_of[c] for c in both],
                                       "suppressed": [n_of[c] < min_cell for c in both]})
    fixed = {"footer": pd.DataFrame({"n": [len(data)]})} if footer else {}
    out = protect(tables, data, min_cell, fixed=fixed)
    hidden_cells = {}
    for col, t in out.items():
        for _, row in t.iterrows():
            cell = ("both", row["kind"], row["region"]) if col == "both" else (col, row[col])
            hidden_cells[cell] = bool(row["suppressed"])
    published = [vector[c] for c, h in hidden_cells.items() if not h] + ([np.ones(len(names))] if footer else [])
    for cell, h in hidden_cells.items():
        if h:
            assert not _rank_determined(published, vector[cell]), (sizes, cell, hidden_cells)
        assert h or n_of[cell] >= min_cell
    for kind in {k for _, k, _ in sizes}:
        if not hidden_cells[("kind", kind)]:
            gone = [sizes[key] for key in sizes if key[1] == kind and hidden_cells[("site", key[0])]]
            assert not gone or (len(gone) >= 2 and sum(gone) >= min_cell), (sizes, kind, gone)


def test_the_levels_of_an_item_share_one_factorisation(monkeypatch):
    """The exact audit factorises the matrix of shown cells once per distinct matrix: the levels
    of one item (here five) have the same cells and fates, so one factorisation serves them all
    (an explorer of 200 sites × 50 questions × 3 waves factorised a 628 × 1200 matrix per level and
    pass, most of its build on a shared machine). The cells hidden are those of one level."""
    data = pd.DataFrame({"kind": ["x"] * 30 + ["y"] * 4 + ["x"] * 20 + ["y"] * 40,
                         "region": ["n"] * 34 + ["s"] * 60})
    levels = ["L1", "L2", "L3", "L4", "L5"]
    kinds = pd.concat([means({"x": 0.2, "y": 0.2}, {"x": 50, "y": 44}, column="kind").assign(level=lv)
                       for lv in levels], ignore_index=True)
    by_both = pd.concat([pd.DataFrame({"kind": ["x", "y", "x", "y"], "region": ["n", "n", "s", "s"], "variable": "q",
                                       "level": lv, "estimate": [0.2, np.nan, 0.2, 0.2], "n": [30, 4, 20, 40],
                                       "suppressed": [False, True, False, False]}) for lv in levels],
                        ignore_index=True)
    calls = []
    svd = np.linalg.svd
    monkeypatch.setattr(np.linalg, "svd", lambda a, *args, **kw: calls.append(np.shape(a)) or svd(a, *args, **kw))
    out = protect({"kinds": kinds, "both": by_both}, data, MIN)
    assert out["both"]["suppressed"].tolist() == [False, True, False, True] * len(levels)
    assert not out["kinds"]["suppressed"].any()
    assert 0 < len(calls) <= 2, calls     # each level's matrix, and the group sizes': one each before
