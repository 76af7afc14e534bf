"""A free-text question among the rows of a grid ("Geld - 10. Begründen Sie ihre Entscheidungen.
(optional)" after "Geld - 1. …" … "Geld - 9. …", nine 1-7 ratings) is no row of the grid's scale:
it is drafted as `type: text` and never published, and the ratings keep a numbered scale with means.
Bare whole numbers written as text ("2", "3", "7") are the points of a rating scale, never answers
"typed in" left out of the report.

Laid out like a real export: FlorianZierer/Impact-of-topic-on-credibility, ai_labelled.csv (comma)
and human_labelled.csv (semicolon), a German Google Forms export used as two waves (topic blocks
Geld, Gesundheit, ... of nine 1-7 ratings and one optional free-text item each). The files here are
made up; no real answer is copied."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from surveykit import cli
from surveykit.scaffold.scales import from_text

ITEMS = ["Wie viel Vorwissen haben sie zu dem Thema des Textes?", "Wie glaubwürdig fanden Sie den Text ?",
         "Wie klar und verständlich war der Text?", "Wie interessant fanden Sie den Text?",
         "Wie viel Vertrauen haben Sie in den Inhalt des Textes?", "Wie sachlich fanden sie den Text?",
         "Haben Sie den Eindruck, dass der Autor Fachkompetenz besitzt?",
         "Wie sehr vertrauen Sie den im Text präsentierten Informationen?",
         "Wie wahrscheinlich ist es, dass der Text missverstanden werden könnte?"]
WHY = "10. Begründen Sie ihre Entscheidungen. (optional)"
ESSAYS = ["Der Zitronenfalter im dritten Absatz hat mich sehr misstrauisch gemacht.",
          "Ohne Quellenangaben kann ich dem Text nicht wirklich vertrauen, auch wenn er gut klingt.",
          "Komplizierter Text mit vielen Fachwörtern",
          "Die Zahlen wirkten erfunden und der Aufbau war etwas chaotisch, aber lesbar.",
          "Ich kenne mich mit dem Thema kaum aus und kann es deshalb schlecht beurteilen.",
          "Wirkt nicht wie von einer KI geschrieben",
          "Der Autor scheint sich auszukennen, die Argumente waren schlüssig und sachlich."]
PHRASE = "Zitronenfalter"


def _wave(n: int, seed: int, essays: int) -> pd.DataFrame:
    frame = {"Zeitstempel": [f"{20 + i % 8:02d}.02.2025 1{i % 10}:0{i % 6}:00" for i in range(n)]}
    for t, topic in enumerate(["Geld", "Gesundheit"]):
        for k, item in enumerate(ITEMS):
            frame[f"{topic} - {k + 1}. {item}"] = [1 + (i * (k + 3) + seed + t) % 7 for i in range(n)]
        texts = ESSAYS[t:t + essays] if topic == "Geld" else ESSAYS[::-1][:essays]
        frame[f"{topic} - {WHY}"] = texts + [""] * (n - len(texts))
    frame["Geben Sie ihr Geschlecht an."] = ["männlich", "weiblich"][:1] * (n // 2) + ["weiblich"] * (n - n // 2)
    return pd.DataFrame(frame)


def _study(tmp_path: Path) -> tuple[Path, dict]:
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    _wave(19, 0, 5).to_csv(raw / "ai_labelled.csv", index=False)
    _wave(17, 2, 6).to_csv(raw / "human_labelled.csv", index=False, sep=";")
    assert cli.main(["-q", "codebook", "draft", str(raw / "ai_labelled.csv"), str(raw / "human_labelled.csv"),
                     "-o", str(root / "config" / "codebook.yaml")]) == 0
    return root, yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))


def _var(cb: dict, column: str) -> dict:
    found = [v for v in cb["variables"] if any(s.get("column") == column for s in v["sources"].values())]
    assert len(found) == 1, column
    return found[0]


def test_a_free_text_item_after_a_block_of_ratings_is_text_and_the_ratings_keep_their_numbers(tmp_path):
    root, cb = _study(tmp_path)
    for topic in ["Geld", "Gesundheit"]:
        essay = _var(cb, f"{topic} - {WHY}")
        assert essay["type"] == "text" and "scale" not in essay
        for k, item in enumerate(ITEMS):
            rating = _var(cb, f"{topic} - {k + 1}. {item}")
            assert set(rating["sources"]) == {"1", "2"}
            if rating["type"] != "numeric":   # a numbered scale 1-7, ordered, with means
                assert rating["type"] == "likert"
                scale = cb["scales"][rating["scale"]]
                assert [lv["label"] for lv in scale["levels"]] == [str(i) for i in range(1, 8)]
    for scale in (cb.get("scales") or {}).values():   # no essay became a level of any scale
        assert not any(PHRASE in str(lv["label"]) or len(str(lv["label"])) > 30 for lv in scale["levels"])
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert PHRASE not in text.split("variables:")[0]
    report = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "typed in" not in report and "given by one respondent" not in report


def test_the_drafted_study_validates_and_builds_with_means_and_no_essay_in_any_published_file(tmp_path):
    root, cb = _study(tmp_path)
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    assert cli.main(["-q", "build", "--study", str(root), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    reports = root / "reports"
    for path in reports.rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".html", ".json", ".md", ".txt", ".svg"}:
            assert PHRASE not in path.read_text(encoding="utf-8", errors="replace"), path
    rating = _var(cb, f"Geld - 2. {ITEMS[1]}")["name"]
    means = [pd.read_csv(p) for p in (reports / "tables").glob("*.csv")]
    rows = pd.concat(means, ignore_index=True)
    mine = rows[rows["variable"].eq(rating)]
    assert len(mine) and mine["level"].isna().all()   # one mean per wave, no 0 % rows of answer levels
    assert not rows["level"].astype(str).str.contains(PHRASE).any()


def test_bare_whole_numbers_as_text_are_a_numbered_rating_scale_with_means():
    scale = from_text(pd.Series(["2", "3", "7", "5", "5", "6", "4", "1"]))
    assert scale.ordered and scale.likert and scale.family == "numbered"
    assert [lv.code for lv in scale.levels] == list(range(1, 8))
    gaps = from_text(pd.Series(["1", "3", "7", "5"]))   # nobody chose 2, 4 or 6: the points between are levels
    assert gaps.likert and [lv.code for lv in gaps.levels] == list(range(1, 8))
    assert not from_text(pd.Series(["12", "30", "45"])).likert   # numbers beyond a rating's points: not one


def test_digits_given_once_beside_rare_options_are_not_taken_for_answers_typed_in(tmp_path):
    # a single choice answered "2", "3", "7" by one respondent each beside repeated words: the
    # digits are points of a rating, nobody's own words; the question stays in the report
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw" / "form.csv"
    answers = ["gar nicht"] * 8 + ["sehr"] * 8 + ["2", "3", "7"]
    pd.DataFrame({"Zeitstempel": [f"2{i % 8}.02.2025 10:00:00" for i in range(19)],
                  "Wie sehr hat das Thema Ihre Bewertung beeinflusst?": answers,
                  "Geben Sie ihr Geschlecht an.": ["männlich", "weiblich"] * 9 + ["weiblich"]}).to_csv(raw, index=False)
    assert cli.main(["-q", "codebook", "draft", str(raw), "-o", str(root / "config" / "codebook.yaml")]) == 0
    report = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "were each given by one respondent" not in report
