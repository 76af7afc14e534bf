"""Variable names from headers written in camelCase (a tester's Carpentries instructor-training
survey): 'KnowledgeFormativeAssessmentPost', one word longer than a name may be, gave `var`, and
the next ones `var_2` ... `var_5`. Now such a header gives a name from its words."""

from __future__ import annotations

import yaml

from surveykit import cli
from surveykit.scaffold.init import slug

HEADERS = ["KnowledgeFormativeAssessmentPost", "KnowledgeMotivationStrategiesPost", "MotivationFormativeAssessmentPost",
           "LearningObjectivesPostAbility", "KnowledgeFeedbackPost"]
LEVELS = ["Little or no knowledge of topic", "Some knowledge of topic", "Extensive knowledge of topic"]


def test_a_camel_case_word_too_long_for_a_name_is_split_into_its_words():
    assert slug("KnowledgeFormativeAssessmentPost", 28) == "knowledge_formative"
    assert slug("KnowledgeFeedbackPost", 28) == "knowledgefeedbackpost"   # short enough: as before
    assert slug("Supercalifragilisticexpialidociousness", 20) == "supercalifragilisti"


def _names(tmp_path, rows: list[str]) -> dict[str, str]:
    """The drafted variable names (column -> name) of a CSV of ``rows``."""
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    path = root / "data" / "raw" / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.main(["-q", "codebook", "draft", str(path), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    return {v["sources"]["1"]["column"]: v["name"] for v in cb["variables"]}


def test_drafted_names_come_from_the_headers_words(tmp_path):
    rows = [",".join(["Date", *HEADERS])]
    rows += [",".join([f"2018-03-{1 + i % 28:02d}", *(LEVELS[(i + k) % 3] for k in range(len(HEADERS)))])
             for i in range(40)]
    names = _names(tmp_path, rows)
    assert names["KnowledgeFormativeAssessmentPost"] == "knowledge_formative"
    assert names["KnowledgeMotivationStrategiesPost"] == "knowledge_motivation"
    assert names["MotivationFormativeAssessmentPost"] == "motivation_formative"
    assert names["LearningObjectivesPostAbility"] == "learning_objectives_post"
    assert not any(n == "var" or n.startswith("var_") for n in names.values())


def test_a_name_cut_to_another_questions_name_takes_more_of_its_words(tmp_path):
    # Kobo: 'agricultural_production_other' cut at 28 characters was 'agricultural_production', so it became
    # 'agricultural_production_2' beside the question 'agricultural_production'
    rows = ["today,agricultural_production,agricultural_production_other"]
    rows += [f"2018-07-{1 + i % 28:02d},{['Yes', 'No'][i % 2]},{'Olives' if i % 3 else 'Dates'}" for i in range(40)]
    names = _names(tmp_path, rows)
    assert names["agricultural_production"] == "agricultural_production"
    assert names["agricultural_production_other"] == "agricultural_production_other"
