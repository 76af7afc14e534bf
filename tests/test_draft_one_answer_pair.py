"""A column whose every answer is 'NO' (a country code column: Norway) beside a real yes/no question.
The file is written here by hand.

Was: the one answer matched the known ("No", "Yes") scale, so the country column was drafted as a
yes/no question, and it shared the yes/no scale of "Do you use the library?", whose level was then
labelled "NO" (the merge kept the more frequent spelling). Now one distinct answer concludes no
two-answer scale: the column gets a scale of its one answer under a REVIEW note saying why, and the
real yes/no question keeps its own scale, labelled as its answers are."""

from __future__ import annotations

from tests.test_scaffold_layouts import codebook, levels, run_study, variable
from tests.test_scaffold_more_tools import _write_csv


def _study(tmp_path, only):
    rows = [[str(i + 1), only, "Ja" if i % 3 else "Nei", "Yes" if i % 3 else "No"] for i in range(40)]
    export = _write_csv(tmp_path / "export.csv", ["id", "Land", "Bruker du biblioteket?", "Do you use the library?"],
                        rows)
    return run_study(tmp_path, export, build=False)


def test_a_country_code_no_is_no_yes_no_question(tmp_path):
    study = _study(tmp_path, "NO")
    cb = codebook(study)
    land = variable(cb, "Land")
    assert levels(cb, land) == ["NO"]
    used = variable(cb, "Do you use the library?")
    assert used["scale"] != land["scale"] and levels(cb, used) == ["No", "Yes"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "its only answer is 'NO', one of the answers" in text
    assert "it may be a code: 'NO' is Norway's country code" in text


def test_one_norwegian_answer_alone_is_no_yes_no_question_either(tmp_path):
    cb = codebook(_study(tmp_path, "Nei"))
    land = variable(cb, "Land")
    assert levels(cb, land) == ["Nei"]
    assert levels(cb, variable(cb, "Bruker du biblioteket?")) == ["Nei", "Ja"]
    assert land["scale"] != variable(cb, "Bruker du biblioteket?")["scale"]
