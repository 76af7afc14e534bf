"""A label with characters the figures' font cannot draw (an emoji in a school's name) is said
once, by surveykit, naming the label and the characters; matplotlib's "Glyph 127803 (SUNFLOWER)
missing from font(s) DejaVu Sans" reached the console for every drawing, with source paths, and
named neither the label nor the figure."""

from __future__ import annotations

import warnings

from surveykit.cli import main
from surveykit.errors import SurveykitWarning
from surveykit.plots.theme import undrawable
from surveykit.report.build import check_recipe
from surveykit.report.spec import load_recipe
from surveykit.study import load_study
from tests.test_report_studies import write_one_wave_study


def test_undrawable_names_what_the_font_lacks():
    assert undrawable("🌻 Solsikke skole 🏫") == ["🌻", "🏫"]
    assert undrawable("Åse – Ελλάδα · Москва ≥ 5 €") == []


def _study(tmp_path):
    root = write_one_wave_study(tmp_path)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("label: {en: Woman, nb: Kvinne}", "label: {en: Woman 🌻, nb: Kvinne}"),
                        encoding="utf-8")
    frame = root / "data" / "raw" / "export.csv"
    frame.write_text(frame.read_text(encoding="utf-8").replace("Woman", "Woman 🌻"), encoding="utf-8")
    return root


def test_validate_says_it_once_naming_the_label_and_the_characters(tmp_path):
    root = _study(tmp_path)
    study = load_study(root)
    recipe = load_recipe(root / "config" / "report.yaml", known_variables=set(study.codebook.names()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_recipe(recipe, study)
    said = {str(w.message) for w in caught if issubclass(w.category, SurveykitWarning) and "font" in str(w.message)}
    assert said == {"figures: 'Woman 🌻' has character(s) the figures' font (DejaVu Sans) cannot draw, '🌻' (SUNFLOWER): "
                    "each is drawn as an empty box (the page and the tables show them). Configure the label without "
                    "them to keep them out of the figures."}


def test_build_prints_no_matplotlib_glyph_warning(tmp_path, capfd):
    root = _study(tmp_path)
    assert main(["build", "--study", str(root), "--jobs", "2"]) == 0
    err = capfd.readouterr().err
    assert "Glyph" not in err and "UserWarning" not in err
    assert err.count("surveykit: warning: figures: 'Woman 🌻'") == 1
