"""A study unlike the demo gets none of the demo's words: `surveykit init` and `surveykit codebook
draft` write no co-location vocabulary, no Norwegian study name for another language, no library
wording; the language of a Danish export is Danish; waves without time stamps are dated from
their file names (earliest first), and every guessed date or label says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.config.sites import RESERVED
from surveykit.config.study import load_config
from surveykit.scaffold.study import guess_language

DEMO_WORDS = ("co_located", "site_type", "colocation", "Samlokal", "Co-located", "Separate", "Separat",
              "Innbygger", "innbyggertorg", "bibliotek", "library", "Organisering", "Site type")

TEXTS = {
    "en": {"scale": ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
                     "Strongly agree", "Don't know"],
           "gender": ["Male", "Female"],
           "head": ["Respondent ID", "Gender", "Age", "The staff were helpful", "The opening hours suit me",
                    "I feel safe in the park", "How did you travel?"],
           "travel": ["Bus", "Car", "Bicycle", "Walking"]},
    "nb": {"scale": ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig", "Vet ikke"],
           "gender": ["Mann", "Kvinne"],
           "head": ["Respondent-ID", "Kjønn", "Alder", "Personalet var hjelpsomme", "Åpningstidene passer meg",
                    "Jeg føler meg trygg i parken", "Hvordan reiste du?"],
           "travel": ["Buss", "Bil", "Sykkel", "Til fots"]},
    "nn": {"scale": ["Heilt ueinig", "Litt ueinig", "Verken einig eller ueinig", "Litt einig", "Heilt einig",
                     "Veit ikkje"],
           "gender": ["Mann", "Kvinne"],
           "head": ["Respondent-ID", "Kjønn", "Alder", "Dei tilsette var hjelpsame", "Opningstidene passar meg",
                    "Eg kjenner meg trygg i parken", "Korleis reiste du?"],
           "travel": ["Buss", "Bil", "Sykkel", "Til fots"]},
    "sv": {"scale": ["Instämmer inte alls", "Instämmer delvis inte", "Varken eller", "Instämmer delvis",
                     "Instämmer helt", "Vet inte"],
           "gender": ["Man", "Kvinna"],
           "head": ["Respondent-ID", "Kön", "Ålder", "Personalen var hjälpsam", "Öppettiderna passar mig",
                    "Jag känner mig trygg i parken", "Hur reste du?"],
           "travel": ["Buss", "Bil", "Cykel", "Till fots"]},
    "da": {"scale": ["Helt uenig", "Delvist uenig", "Hverken enig eller uenig", "Delvist enig", "Helt enig",
                     "Ved ikke"],
           "gender": ["Mand", "Kvinde"],
           "head": ["Respondent-ID", "Køn", "Alder", "Personalet var hjælpsomt", "Åbningstiderne passer mig",
                    "Jeg føler mig tryg i parken", "Hvordan rejste du?"],
           "travel": ["Bus", "Bil", "Cykel", "Til fods"]},
}
SITES = ["Hilltop Centre", "Lakeside Hall", "North Park Arena", "Riverside Pool"]


def write_export(path: Path, language: str = "en", *, site: str | None = None, n: int = 120, seed: int = 1) -> Path:
    """A CSV export without time stamps: id, gender, age, three agreement items, a single choice
    and, with ``site``, a question (headed ``site``) answered by one of four facilities."""
    rng = random.Random(seed)
    t = TEXTS[language]
    head = [*t["head"], *([site] if site else [])]
    rows = []
    for i in range(n):
        row = [f"R{i + 1:04d}", rng.choice(t["gender"]), rng.randint(18, 85),
               *(rng.choices(t["scale"], weights=[1, 2, 3, 5, 5, 1])[0] for _ in range(3)),
               rng.choice(t["travel"])]
        rows.append([*row, *([rng.choice(SITES)] if site else [])])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(head)
        writer.writerows(rows)
    return path


def new_study(tmp_path: Path, exports: list[Path]) -> Path:
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    raws = []
    for export in exports:
        shutil.copy(export, study / "data" / "raw" / export.name)
        raws.append(str(study / "data" / "raw" / export.name))
    assert cli.main(["-q", "codebook", "draft", *raws, "-o", str(study / "config" / "codebook.yaml")]) == 0
    return study


def configured_study(study: Path, export: Path) -> Path:
    """A new study whose surveykit.yaml has init's commented `sites:` example switched on
    (the attribute `renovated`, the grouping `site_group`), drafted from ``export``."""
    assert cli.main(["-q", "init", str(study)]) == 0
    cfg = study / "surveykit.yaml"
    text = cfg.read_text(encoding="utf-8")
    head, example = text[:text.index("# sites:")], text[text.index("# sites:"):]
    cfg.write_text(head + "\n".join(line[2:] for line in example.splitlines()) + "\n", encoding="utf-8")
    shutil.copy(export, study / "data" / "raw" / export.name)
    assert cli.main(["-q", "codebook", "draft", str(study / "data" / "raw" / export.name),
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    return study


def build(study: Path) -> str:
    assert cli.main(["-q", "build", "--study", str(study), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    return (study / "reports" / "index.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------- 1. no co-location
def test_blank_init_carries_no_demo_vocabulary(tmp_path):
    study = tmp_path / "blank"
    assert cli.main(["-q", "init", str(study)]) == 0
    for name in ("surveykit.yaml", "config/sites.csv", "config/report.yaml", "config/codebook.yaml"):
        text = (study / name).read_text(encoding="utf-8")
        assert not [w for w in DEMO_WORDS if w in text], name
    assert (study / "config" / "sites.csv").read_text(encoding="utf-8") == ",".join(RESERVED) + "\n"
    cfg_text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^sites:", cfg_text) is None    # the site section is an example, commented out
    # ... and that example is valid once its '#' are removed (with its column in sites.csv)
    example = "\n".join(line[2:] for line in cfg_text[cfg_text.index("# sites:"):].splitlines())
    parsed = yaml.safe_load(example)["sites"]
    assert list(parsed["columns"]) == ["renovated"] and parsed["groupings"]["site_group"]["from"] == "renovated"
    assert set(parsed["groupings"]["site_group"]["label"]) == {"nb", "nn", "en", "sv", "da"}


def test_draft_of_a_site_study_groups_by_site_not_by_co_location(tmp_path):
    export = write_export(tmp_path / "in" / "facilities.csv", "en", site="Which site do you use most?")
    study = new_study(tmp_path, [export])
    sites = (study / "config" / "sites.csv").read_text(encoding="utf-8").splitlines()
    assert sites[0] == ",".join(RESERVED) and len(sites) == 1 + len(SITES)
    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    assert {tuple(e["by"]) for e in recipe["figures"] + recipe["tables"]} == {("site", "wave")}
    for name in ("surveykit.yaml", "config/sites.csv", "config/report.yaml", "config/codebook.yaml"):
        text = (study / name).read_text(encoding="utf-8")
        assert not [w for w in DEMO_WORDS if w in text], name
    html = build(study)
    assert "Riverside Pool" in html
    assert not [w for w in ("Separate", "Site type", "Co-located") if w in html]
    for table in (study / "reports" / "tables").glob("*.csv"):
        columns = pd.read_csv(table, nrows=0).columns
        assert "site_type" not in columns and "co_located" not in columns, table.name


def test_draft_groups_by_a_grouping_the_study_configures(tmp_path):
    export = write_export(tmp_path / "in" / "facilities.csv", "en", site="Which site do you use most?")
    study = configured_study(tmp_path / "study", export)
    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    assert {tuple(e["by"]) for e in recipe["figures"] + recipe["tables"]} == {("site_group", "wave")}


# ------------------------------------------------------------------------- 2. the site example's wording
@pytest.mark.parametrize(("language", "example"), [("en", "Which site do you use most?"),
                                                   ("sv", "Vilket ställe använder du mest?"),
                                                   ("nb", "Hvilket sted bruker du mest?"),
                                                   ("da", "Hvilket sted bruger du mest?")])
def test_site_example_is_generic_and_in_the_study_language(tmp_path, language, example):
    site = {"en": "Which sports facility do you use most?", "sv": "Vilken idrottsanläggning använder du mest?",
            "nb": "Hvilket idrettsanlegg bruker du mest?", "da": "Hvilket idrætsanlæg bruger du mest?"}[language]
    study = new_study(tmp_path, [write_export(tmp_path / "in" / "sport.csv", language, site=site)])
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "\n    type: site" not in codebook   # not detected: the comment tells how to make it the site
    assert f'#   label: "{example}"' in codebook
    assert "bibliotek" not in codebook.casefold() and "library" not in codebook.casefold()


# ------------------------------------------------------------------------- 3. the study's name
@pytest.mark.parametrize(("language", "name"), [("en", "Survey"), ("sv", "Undersökning"), ("da", "Undersøgelse"),
                                                ("nn", "Undersøking"), ("nb", "Undersøkelse")])
def test_study_name_is_neutral_and_in_the_study_language(tmp_path, language, name):
    study = new_study(tmp_path, [write_export(tmp_path / "in" / "export.csv", language)])
    cfg = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert f"language: {language}" in cfg
    assert re.search(rf'(?m)^  name: "{name}" .*# the report title; REVIEW', cfg)
    assert "Innbygger" not in cfg
    if language == "en":
        html = build(study)
        assert re.search(r"<title>[^<]*Survey", html) and "Innbygger" not in html


# ------------------------------------------------------------------------- 4. the language
HEADERS_AND_ANSWERS = {lang: [*t["head"], *t["scale"], *t["gender"], *t["travel"]] for lang, t in TEXTS.items()}
ANSWERS_ONLY = {lang: [*t["scale"], *t["gender"]] for lang, t in TEXTS.items()}
QUESTIONS = {
    "nb": ["Hvor fornøyd er du med biblioteket?", "Hvor ofte besøker du stedet?", "Fikk du hjelp?"],
    "nn": ["Kor nøgd er du med biblioteket?", "Kor ofte besøkjer du staden?", "Fekk du hjelp?"],
    "da": ["Hvor tilfreds er du med biblioteket?", "Hvor ofte besøger du stedet?", "Fik du hjælp?"],
    "sv": ["Hur nöjd är du med biblioteket?", "Hur ofta besöker du platsen?", "Fick du hjälp?"],
    "en": ["How satisfied are you with the library?", "How often do you visit?", "Did you get help?"],
}


@pytest.mark.parametrize("language", list(TEXTS))
@pytest.mark.parametrize("texts", [HEADERS_AND_ANSWERS, ANSWERS_ONLY, QUESTIONS], ids=["all", "answers", "questions"])
def test_language_of_realistic_texts(language, texts):
    assert guess_language(texts[language]) == language


def test_danish_export_gives_a_danish_study_and_report(tmp_path):
    study = new_study(tmp_path, [write_export(tmp_path / "in" / "borgere.csv", "da")])
    assert load_config(study).language == "da"
    html = build(study)
    assert 'lang="da"' in html and "Svarfordeling" in html


# ------------------------------------------------------------------------- 5. waves without time stamps
def test_waves_without_time_stamps_take_the_year_of_the_file_name_earliest_first(tmp_path):
    exports = [write_export(tmp_path / "in" / f"survey_{year}.csv", "en", seed=year) for year in (2023, 2019, 2021)]
    study = new_study(tmp_path, exports)
    cfg = load_config(study)   # loads: the waves are in field-date order
    assert [w.file.name for w in cfg.waves] == ["survey_2019.csv", "survey_2021.csv", "survey_2023.csv"]
    assert [str(w.field_date) for w in cfg.waves] == ["2019-07-01", "2021-07-01", "2023-07-01"]
    assert [w.text("en") for w in cfg.waves] == ["2019", "2021", "2023"]
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    label_lines = [line for line in text.splitlines() if line.strip().startswith("label: \"20")]
    date_lines = [line for line in text.splitlines() if line.strip().startswith("field_date:")]
    assert len(label_lines) == len(date_lines) == 3
    assert all("REVIEW" in line for line in label_lines + date_lines)
    assert all("year" in line and "file name" in line for line in date_lines)
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: the exports were given in another order than their field dates" in codebook
    assert str(dt.date.today()) not in text


def test_wave_without_time_stamps_or_year_is_marked_on_label_and_date(tmp_path):
    study = new_study(tmp_path, [write_export(tmp_path / "in" / "export.csv", "en")])
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    [label] = [line for line in text.splitlines() if line.strip().startswith("label: ")]
    [date] = [line for line in text.splitlines() if line.strip().startswith("field_date:")]
    assert "REVIEW" in label and "REVIEW" in date and "last changed" in date


# ------------------------------------------------------------------------- names the study reserves
def _with_question(path: Path, header: str, answers: list[str]) -> Path:
    frame = pd.read_csv(path, dtype=str)
    frame[header] = [answers[i % len(answers)] for i in range(len(frame))]
    frame.to_csv(path, index=False)
    return path


def test_only_the_site_names_a_study_configures_are_kept_from_variables(tmp_path):
    export = _with_question(write_export(tmp_path / "in" / "a.csv", "en", site="Which site do you use most?"),
                            "Site type", ["Indoor", "Outdoor"])
    plain = new_study(tmp_path / "plain", [export])   # a blank study: site_type is just a question's name
    assert "\n  - name: site_type\n" in (plain / "config" / "codebook.yaml").read_text(encoding="utf-8")
    # a study that configures the grouping site_group (from the attribute renovated) keeps those names
    export = _with_question(export, "Site group", ["A", "B"])
    export = _with_question(export, "Renovated", ["Yes", "No"])
    study = configured_study(tmp_path / "configured" / "study", export)
    names = [v["name"] for v in yaml.safe_load((study / "config" / "codebook.yaml").read_text("utf-8"))["variables"]]
    assert {"site_group_answer", "renovated_answer", "site_type"} <= set(names)
    assert "site_group" not in names and "renovated" not in names
