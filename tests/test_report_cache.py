"""The figure cache cannot go stale: its key is derived from everything that shapes a figure.

Each input is changed in turn — the numbers, the recipe entry, the presentation (footer text
and labels), the package source — and the figure is redrawn; an unchanged build keeps all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from surveykit.errors import ConfigError
from surveykit.presentation import Presentation
from surveykit.report import build
from surveykit.report.cache import figure_key, fingerprint, source_digest
from surveykit.report.figures.means import MeansResult
from surveykit.report.spec import Spec
from tests.test_report_studies import write_one_wave_study

FRAME = pd.DataFrame({"variable": ["q"], "estimate": [3.5], "conf_low": [3.2], "conf_high": [3.8]})


def _key(result=None, spec=None, p=None, formats=("png",), source="src") -> str:
    return figure_key(result or MeansResult(FRAME, (), ("q",)), spec or Spec("f", "means", ("q",)),
                      p or Presentation(footer="Kilde: A"), formats, source=source)


def test_every_input_changes_the_key():
    base = _key()
    assert _key() == base  # the same inputs, the same key (also in another process: no id() or hash())
    assert _key(result=MeansResult(FRAME.assign(estimate=3.6), (), ("q",))) != base
    assert _key(result=MeansResult(FRAME, ("wave",), ("q",))) != base
    assert _key(spec=Spec("f", "means", ("q",), title={"nb": "Ny tittel"})) != base
    assert _key(spec=Spec("f", "means", ("q",), options={"waves": ["1", "2"]})) != base
    assert _key(p=Presentation(footer="Kilde: B")) != base
    assert _key(p=Presentation(footer="Kilde: A", names={"q": "Spørsmål"})) != base
    assert _key(p=Presentation(footer="Kilde: A", values={"wave": {"1": "2024"}})) != base
    assert _key(p=Presentation(footer="Kilde: A", min_cell=5)) != base
    assert _key(p=Presentation("en", footer="Kilde: A")) != base
    assert _key(formats=("png", "svg")) != base
    assert _key(source="other") != base


def test_fingerprint_sees_dtypes_and_nested_values():
    assert fingerprint(FRAME) != fingerprint(FRAME.astype({"estimate": "float32"}))
    assert fingerprint({"a": frozenset({("x", "1")})}) != fingerprint({"a": frozenset({("x", "2")})})
    assert fingerprint({"b": 1, "a": 2}) == fingerprint({"a": 2, "b": 1})


def test_the_package_source_is_part_of_the_key(tmp_path):
    import surveykit

    package = Path(surveykit.__file__).resolve().parent
    copy = tmp_path / "surveykit"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(copy)
    assert before == source_digest(package)  # every .py file, nothing else
    theme = copy / "plots" / "theme.py"
    theme.write_text(theme.read_text(encoding="utf-8") + "\n# a change to the drawing code\n", encoding="utf-8")
    source_digest.cache_clear()
    assert source_digest(copy) != before
    (copy / "report" / "new_kind.py").write_text("X = 1\n", encoding="utf-8")
    source_digest.cache_clear()
    assert len({before, source_digest(copy)}) == 2


def _drawn(messages: list[str]) -> set[str]:
    return {m.split(" figure ")[1].split(" ")[0] for m in messages if m.endswith(" drawn")}


def _kept(messages: list[str]) -> set[str]:
    return {m.split(" figure ")[1].split(":")[0] for m in messages if "unchanged, kept" in m}


def test_a_rebuild_redraws_exactly_what_changed(tmp_path):
    root = write_one_wave_study(tmp_path)
    figures = {"answers", "means", "grid"}

    def rebuild() -> list[str]:
        messages: list[str] = []
        build(root, progress=messages.append, jobs=1)
        return messages

    assert _drawn(rebuild()) == figures
    assert _kept(rebuild()) == figures  # nothing changed: nothing drawn
    # the footer's source text (surveykit.yaml): every figure
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Citizen panel North 2024", "Panel 2024"),
                      encoding="utf-8")
    assert _drawn(rebuild()) == figures
    # a label of one variable (the codebook): the figures that show it
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("Visits last year", "Visits in 2023"),
                        encoding="utf-8")
    assert _drawn(rebuild()) == figures  # the label is in the one presentation every figure gets
    # the recipe entry of one figure: that figure
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("title: {en: Means}", "title: {en: Averages}"),
                      encoding="utf-8")
    messages = rebuild()
    assert _drawn(messages) == {"means"} and _kept(messages) == {"answers", "grid"}
    # the numbers: one answer more in the export
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame.loc[0, "visits"] = frame.loc[0, "visits"] + 7
    frame.to_csv(export, index=False)
    messages = rebuild()
    assert _drawn(messages) == {"means", "grid"} and _kept(messages) == {"answers"}  # visits is not in answers


def test_the_resolution_is_part_of_the_key_and_sets_the_png_size(tmp_path, capsys):
    from PIL import Image

    from surveykit.cli import main

    assert _key() != figure_key(MeansResult(FRAME, (), ("q",)), Spec("f", "means", ("q",)),
                                Presentation(footer="Kilde: A"), ("png",), source="src", dpi=100)
    root = write_one_wave_study(tmp_path)
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1, formats=("png",))
    sharp = Image.open(root / "reports" / "figures" / "means.png").size
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "output: {dpi: 100}\n", encoding="utf-8")
    messages = []
    build(root, progress=messages.append, jobs=1, formats=("png",))
    assert _drawn(messages) == {"answers", "means", "grid"}  # a new resolution redraws every figure
    web = Image.open(root / "reports" / "figures" / "means.png").size
    assert all(abs(w * 2 - s) <= 2 for w, s in zip(web, sharp, strict=True)), (web, sharp)  # half the pixels a side
    assert Image.open(root / "reports" / "figures" / "means.png").info["dpi"][0] == pytest.approx(100, abs=0.01)
    # the command line overrides the recipe; out of range is refused with the range
    assert main(["-q", "build", "--study", str(root), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    assert Image.open(root / "reports" / "figures" / "means.png").info["dpi"][0] == pytest.approx(72, abs=0.01)
    assert main(["build", "--study", str(root), "--dpi", "5000"]) == 2
    assert "--dpi 5000: the resolution of the figures must be a whole number of dots per inch from 50 to 600" \
        in capsys.readouterr().err
    for bad in ("10", "true", "high"):
        report.write_text(report.read_text(encoding="utf-8").rsplit("output:", 1)[0] + f"output: {{dpi: {bad}}}\n",
                          encoding="utf-8")
        with pytest.raises(ConfigError, match=r"`output.dpi`.*whole number of dots per inch from 50 to 600|"
                                              r"`output.dpi`.*must be"):
            build(root, jobs=1)


def test_a_moved_study_keeps_its_figures(tmp_path):
    root = write_one_wave_study(tmp_path / "here")
    build(root, progress=lambda _m: None, jobs=1)
    moved = tmp_path / "elsewhere" / "study"
    shutil.copytree(root, moved)
    messages: list[str] = []
    build(moved, progress=messages.append, jobs=1)
    assert _kept(messages) == {"answers", "means", "grid"} and not _drawn(messages)
    # the place of an entry is for messages only; its content is in the key
    from surveykit.report.spec import Spec

    a = Spec("m", "means", ("q",), where="/a/config/report.yaml: `figures[0]`")
    b = Spec("m", "means", ("q",), where="/b/config/report.yaml: `figures[2]`")
    assert a == b and fingerprint(a) == fingerprint(b) != fingerprint(Spec("m", "means", ("r",)))
