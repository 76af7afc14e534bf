"""How-often scales ("Aldrig" ... "Dagligt") were drafted as agreement: `top_box: [4, 5]`, a top-box
table titled "Andel enige" (share agreeing) and bars diverging around "Månedligt" as if it were
a neutral answer. Now a frequency scale has no top box, its answers are drawn stacked from 0
(`options: {diverging: false}` of the likert figure), a top-box table is titled by what its top
answers say ("Andel tilfredse"), and every drafted figure's title says which question it shows
(three figures were all "Svarfordeling", three "Gennemsnit").

The export is a SurveyXact trio as the tool writes it (see test_scaffold_scales_status)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from surveykit import cli, plots
from tests.test_scaffold_scales_status import draft, surveyxact_trio

FREQ_DA = {1: "Dagligt", 2: "Ugentligt", 3: "Månedligt", 4: "Sjældnere", 5: "Aldrig"}   # high -> low, as exported
SATIS_DA = {1: "Meget utilfreds", 2: "Utilfreds", 3: "Hverken tilfreds eller utilfreds", 4: "Tilfreds",
            5: "Meget tilfreds", 6: "Ved ikke"}
FREQ_Q = "Hvor ofte besøger du kommunens hjemmeside?"
SATIS_Q = "Hvor tilfreds er du alt i alt med kommunens service?"


def _study(tmp_path, n=150):
    rng = np.random.default_rng(4)
    extra = [("s_7", FREQ_Q, FREQ_DA, [int(x) for x in rng.integers(1, 6, n)]),
             ("s_4", SATIS_Q, SATIS_DA, [int(x) for x in rng.integers(1, 7, n)])]
    export, _ = surveyxact_trio(tmp_path / "raw" / "2024", n=n, extra=extra)
    study = draft(tmp_path, export)
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    return study, cb, recipe


def _var(cb, column):
    return next(v for v in cb["variables"] if v["sources"]["1"].get("column") == column)


def test_frequency_scale_is_drafted_one_sided_without_a_top_box(tmp_path):
    study, cb, recipe = _study(tmp_path)
    freq = _var(cb, "s_7")
    scale = cb["scales"][freq["scale"]]
    assert freq["type"] == "likert"
    assert [lv["label"] for lv in scale["levels"]] == ["Aldrig", "Sjældnere", "Månedligt", "Ugentligt", "Dagligt"]
    assert "top_box" not in scale
    figures = {f["id"]: f for f in recipe["figures"]}
    likert = next(f for f in figures.values() if f["kind"] == "likert" and f["items"] == [freq["name"]])
    assert likert["options"] == {"diverging": False}
    others = [f for f in figures.values() if f["kind"] == "likert" and f is not likert]
    assert others and all("options" not in f for f in others)     # two-sided scales stay centred
    tables = recipe["tables"]
    assert not [t for t in tables if t["kind"] == "topbox" and freq["name"] in t["items"]]
    satis = _var(cb, "s_4")
    [top] = [t for t in tables if t["kind"] == "topbox" and satis["name"] in t["items"]]
    assert top["title"]["da"] == f"Andel tilfredse: {SATIS_Q}" and top["title"]["en"].startswith("Share satisfied")
    # each figure says what it shows: no two drafted figures share a title
    titles = [f["title"]["da"] for f in recipe["figures"] if "title" in f]
    assert len(set(titles)) == len(titles)
    assert f"Svarfordeling: {FREQ_Q}" in titles and f"Gennemsnit: {FREQ_Q}" in titles
    # and the study builds with it, the one-sided figure drawn
    assert cli.main(["-q", "build", "--study", str(study), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    assert (study / "reports" / "figures" / f"{likert['id']}.png").exists()


def test_one_sided_bars_are_stacked_from_zero():
    levels = ["Aldrig", "Sjældnere", "Månedligt", "Ugentligt", "Dagligt"]
    shares = pd.DataFrame({"variable": "q", "level": levels, "estimate": [0.1, 0.2, 0.3, 0.25, 0.15],
                           "n": 200, "suppressed": False})
    ax = plots.plot_likert(shares, order=levels, diverging=False)
    lefts = [round(float(p.get_x()), 6) for p in ax.patches]
    assert lefts == [0.0, 0.1, 0.3, 0.6, 0.85]
    assert len({p.get_facecolor() for p in ax.patches}) == 5 and ax.get_xlim()[0] > -0.1
    centred = plots.plot_likert(shares, order=levels, neutral="Månedligt")
    assert round(float(centred.patches[0].get_x()), 6) == -0.45     # the default stays diverging


def test_the_likert_figure_reads_diverging_and_refuses_other_options(tmp_path):
    from surveykit.errors import ConfigError
    from surveykit.report.spec import load_recipe

    path = tmp_path / "report.yaml"
    path.write_text("figures:\n  - {id: f, kind: likert, items: [q], options: {diverging: false}}\n", encoding="utf-8")
    assert load_recipe(path).figures[0].options == {"diverging": False}
    path.write_text("figures:\n  - {id: f, kind: likert, items: [q], options: {colour: red}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`figures\[0\].options`: unknown key\(s\) 'colour'. Allowed: diverging"):
        load_recipe(path)


def test_importance_from_none_is_one_sided_and_a_two_poled_one_stays_centred(tmp_path):
    # "Slet ikke vigtigt" ... "Meget vigtigt" has no middle to centre on; "Meget uvigtigt" ...
    # "Hverken ..." ... "Meget vigtigt" has one
    rng = np.random.default_rng(5)
    n = 150
    from_none = {1: "Slet ikke vigtigt", 2: "Ikke særlig vigtigt", 3: "Noget vigtigt", 4: "Meget vigtigt"}
    poles = {1: "Meget uvigtigt", 2: "Uvigtigt", 3: "Hverken vigtigt eller uvigtigt", 4: "Vigtigt", 5: "Meget vigtigt"}
    extra = [("s_8", "Hvor vigtigt er biblioteket for dig?", from_none, [int(x) for x in rng.integers(1, 5, n)]),
             ("s_9", "Hvor vigtigt er borgerservice for dig?", poles, [int(x) for x in rng.integers(1, 6, n)])]
    export, _ = surveyxact_trio(tmp_path / "raw" / "2024", n=n, extra=extra)
    study = draft(tmp_path, export)
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    likert = {name: next(f for f in recipe["figures"] if f["kind"] == "likert" and name in f["items"])
              for name in (_var(cb, "s_8")["name"], _var(cb, "s_9")["name"])}
    one, two = likert.values()
    assert one["options"] == {"diverging": False}
    assert "options" not in two
