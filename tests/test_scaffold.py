"""`surveykit init` and `surveykit codebook draft`: drafts load unchanged for every reader's sample."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from surveykit import cli
from surveykit.config import load_codebook
from surveykit.config.study import load_config
from surveykit.scaffold import draft_codebook, draft_report, init_study

SAMPLES = Path(__file__).parent / "data" / "samples"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"  # ../shared beside the checkout
EXPORTS = [
    SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.txt",
    SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.xlsx",
    SAMPLES / "nettskjema/nettskjemar-web-export-2018/data-82087-2018-09-03-1550-utf.txt",
    SAMPLES / "google-forms/rstudio-r-community-survey/2019 Spanish R Community Survey Responses.csv",
    SAMPLES / "google-forms/rstudio-r-community-survey/2019 Spanish R Community Survey Responses.xlsx",
    SAMPLES / "qualtrics/ropensci-qualtRics/sample.csv",
    SAMPLES / "qualtrics/QualtricsTools/No_Basis_for_Evaluation (Legacy).csv",
    SAMPLES / "qualtrics/QualtricsTools/Multiple_Answer_Matrix_Questions.csv",
    SAMPLES / "surveymonkey/fivethirtyeight/StarWars.csv",
    SAMPLES / "surveymonkey/fivethirtyeight/steak-risk-survey.csv",
    SAMPLES / "surveyxact/readSX/ex_survey2.xlsx",
    SAMPLES / "surveyxact/readSX/ex_survey2_tab_utf16/dataset.csv",
]
SHARED_EXPORTS = [
    SHARED / "microsoft-forms/norway-yv-fritidsbruk-av-skjerm/data.xlsx",
    SHARED / "limesurvey/limonaid/survey_100001_R_data_file.csv",
]


def _draft(paths: list[Path], out: Path) -> tuple[str, object]:
    draft_codebook(paths, out)
    return out.read_text(encoding="utf-8"), load_codebook(out, [str(i + 1) for i in range(len(paths))])


# Every sample is drafted, validated and built with no edit in tests/test_scaffold_samples.py.


def test_nettskjema_draft_types(tmp_path):
    _, cb = _draft([EXPORTS[0]], tmp_path / "cb.yaml")
    types = {v.name: v.type for v in cb.variables}
    assert "respondent_id" in types and types["respondent_id"] == "id"
    multi = [v for v in cb.variables if v.type == "multi"]
    assert any(v.sources["1"].columns and len(v.sources["1"].columns) == 3 for v in multi)
    # matrix rows share one scale; "not applicable" is non-substantive
    rows = [v for v in cb.variables if v.sources.get("1") and (v.sources["1"].column or "").startswith("radio_matrix")]
    assert len(rows) == 3 and len({v.scale for v in rows}) == 1
    scale = cb.scales[rows[0].scale]
    assert [lv.text() for lv in scale.nonsubstantive] == ["not applicable"]
    # the tool's time stamp is kept as a date (for the field date and a window rule), not as a question
    created = [v for v in cb.variables if v.sources["1"].column == "$created"]
    assert [v.type for v in created] == ["date"] and created[0].name == "started"


def test_starwars_matrix_is_one_favourable_likert_scale(tmp_path):
    _, cb = _draft([SAMPLES / "surveymonkey/fivethirtyeight/StarWars.csv"], tmp_path / "cb.yaml")
    likert = [v for v in cb.variables if v.type == "likert"]
    assert len(likert) == 14 and len({v.scale for v in likert}) == 1
    scale = cb.scales[likert[0].scale]
    assert scale.levels[0].text() == "Very unfavorably" and scale.levels[-1].text() == "Very favorably"
    assert any("Unfamiliar" in lv.text() for lv in scale.nonsubstantive)


def test_synthetic_two_waves_pool_scales_and_match_questions(tmp_path):
    root = Path(__file__).parents[1] / "data" / "raw"
    paths = [root / "wave1_opinion_2022.xlsx", root / "wave2_opinion_2023.sav"]
    if not all(p.exists() for p in paths):
        pytest.skip("synthetic exports not generated")
    text, cb = _draft(paths, tmp_path / "cb.yaml")
    # wave 2 (SPSS codes) is the known five-point scale, "Hverken" spelling and all
    scale = cb.scales["agree5"]
    assert [lv.text() for lv in scale.levels] == ["Helt uenig", "Litt uenig", "Hverken enig eller uenig",
                                                  "Litt enig", "Helt enig"] or [
        lv.text() for lv in scale.levels] == ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig",
                                              "Helt enig"]
    assert [lv.code for lv in scale.nonsubstantive][:1] == [9]
    # wave 1 writes "Svært enig" next to "Helt enig": two texts, never merged into one level; the
    # draft leaves that scale unordered and says how to join them
    wave1 = [v for v in cb.variables if v.type == "single" and v.scale and
             {"Helt enig", "Svært enig"} <= {lv.text() for lv in cb.scales[v.scale].levels}]
    assert wave1 and not cb.scales[wave1[0].scale].ordered
    assert "'Helt enig' and 'Svært enig' stand at the same place" in text
    # questions asked in both waves with the same scale are one variable
    both = [v.name for v in cb.variables if set(v.sources) == {"1", "2"}]
    assert {"respondent_id", "site", "gender", "age"} <= set(both)
    assert any(v.type == "likert" and set(v.sources) == {"1", "2"} for v in cb.variables)
    # SPSS codes of wave 2 are kept: 1 = Mann; wave 1's "K"/"M" stay their own answers, flagged
    assert cb.scales["gender"].levels[0].text() == "Mann" and cb.scales["gender"].levels[0].code == 1
    assert "'K' may be a short form of 'Kvinne'" in text
    assert "REVIEW" in text


def test_init_then_draft_fills_the_blank_study(tmp_path):
    study = tmp_path / "s"
    assert cli.main(["-q", "init", str(study)]) == 0
    for name in ("surveykit.yaml", "config/codebook.yaml", "config/report.yaml", "config/sites.csv"):
        assert (study / name).is_file()
    blank = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert blank.count("#") > 20  # every key explained
    export = EXPORTS[0]
    for f in export.parent.iterdir():
        (study / "data" / "raw" / f.name).write_bytes(f.read_bytes())
    draft_codebook([study / "data" / "raw" / export.name], study / "config" / "codebook.yaml")
    cfg = load_config(study)
    assert cfg.waves[0].file.name == export.name and str(cfg.waves[0].field_date) == "2023-06-01"
    assert cfg.language == "en"
    recipe = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    assert {t["kind"] for t in recipe["tables"]} <= {"topbox", "shares", "means"}
    assert {f["kind"] for f in recipe["figures"]} <= {"likert", "means", "multi"}
    # a second draft does not overwrite the (now drafted) codebook without --force
    with pytest.raises(Exception, match="exists already"):
        draft_codebook([study / "data" / "raw" / export.name], study / "config" / "codebook.yaml")


def test_init_refuses_to_overwrite(tmp_path):
    init_study(tmp_path / "s")
    with pytest.raises(Exception, match="exists already"):
        init_study(tmp_path / "s")


def test_draft_report_without_site_groups_by_wave():
    text = draft_report({"variables": [{"name": "a", "type": "likert", "scale": "s"}], "scales": {"s": {}}})
    recipe = yaml.safe_load(text)
    assert recipe["figures"][0]["by"] == ["wave"] and recipe["tables"] == []


def test_draft_report_covers_every_kind_of_question():
    cb = {"scales": {"agree5": {"top_box": [4, 5], "levels": [{"code": 1}]},
                     "yn": {"levels": [{"code": 1}, {"code": 2}]}},
          "variables": [{"name": "site", "type": "site"},
                        *[{"name": f"q{i}", "type": "likert", "scale": "agree5"} for i in range(14)],
                        {"name": "used", "type": "single", "scale": "yn"}, {"name": "age", "type": "numeric"},
                        {"name": "services", "type": "multi"}, {"name": "comment", "type": "text"}]}
    recipe = yaml.safe_load(draft_report(cb))
    kinds = [(f["kind"], len(f["items"])) for f in recipe["figures"]]
    assert kinds == [("likert", 12), ("means", 12), ("likert", 2), ("means", 2), ("multi", 1)]
    assert [(t["kind"], t["items"]) for t in recipe["tables"]] == [
        ("topbox", [f"q{i}" for i in range(14)]), ("shares", ["used"]), ("means", ["age"])]
    # by the site (no grouping of sites is configured in a new study), or by a configured grouping
    assert all(f["by"] == ["site", "wave"] for f in recipe["figures"])
    grouped = yaml.safe_load(draft_report(cb, groupings=["region", "other"]))
    assert all(e["by"] == ["region", "wave"] for e in grouped["figures"] + grouped["tables"])
    many = draft_report(cb, sites=40)
    assert all(e["by"] == ["wave"] for e in yaml.safe_load(many)["figures"]) and "REVIEW: by wave only: 40" in many


def test_nettskjema_2018_additional_information_is_free_text(tmp_path):
    """'Har du noe tilleggsinformasjon du ønsker informere oss om?' (TilleggsInfo, 3 typed answers
    such as 'Swedish-American film actress') was a single choice whose levels were the typed texts."""
    _, cb = _draft([EXPORTS[2]], tmp_path / "cb.yaml")
    info = [v for v in cb.variables if v.sources["1"].column == "TilleggsInfo"]
    assert [v.type for v in info] == ["text"]
    labels = [lv.text() for s in cb.scales.values() for lv in s.levels]
    assert not any("actress" in lab for lab in labels)


def test_surveyxact_other_box_of_a_check_box_question_is_free_text(tmp_path):
    """SurveyXact's s_1 '<question> - Annet, hvilke(t):' (the typed text of the check box 'Annet',
    two respondents: 'skating', 'Vanlig fager') was a single choice whose levels, the typed texts,
    were printed as answer labels in the report's table."""
    _, cb = _draft([EXPORTS[10]], tmp_path / "cb.yaml")
    other = [v for v in cb.variables if v.sources["1"].column == "s_1"]
    assert [v.type for v in other] == ["text"]
    labels = [lv.text() for s in cb.scales.values() for lv in s.levels]
    assert "skating" not in labels and "Vanlig fager" not in labels


def test_limesurvey_file_upload_descriptions_are_free_text(tmp_path):
    """LimeSurvey's file-upload question writes a JSON list of the files ('[{ "title":"plaatje",
    "comment":"dus","size":"46.2392578125","name":"4examples.jpg","filename":"fu_mnw5nym9ua2mq34",
    "ext":"jpg" }]', survey_998192_R_data_file.csv): it was a single choice whose label was the JSON,
    file name included, printed in the report's answers table."""
    rows = ['"Response ID","Upload an image of your plant for example","How are you?"']
    for i in range(12):
        upload = ('[{ ""title"":""plaatje"",""comment"":""dus"",""size"":""46.2392578125"",""name"":""4examples.jpg"",'
                  '""filename"":""fu_mnw5nym9ua2mq34"",""ext"":""jpg"" }]') if i % 3 else ""
        rows.append(f'"{i + 1}","{upload}","{["good", "bad"][i % 2]}"')
    export = tmp_path / "results.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text, cb = _draft([export], tmp_path / "cb.yaml")
    upload = [v for v in cb.variables if v.sources["1"].column == "Upload an image of your plant for example"]
    assert [v.type for v in upload] == ["text"]
    assert "4examples.jpg" not in text.split("variables:")[0]   # no scale level holds it


def test_nettskjema_matrix_rows_take_their_texts_from_the_sps(tmp_path):
    """Nettskjema's radio_matrix.grants is 'written some grant applications' in the .sps beside the
    export: the row was labelled 'grants' (the key in its column's name), its question 'radio_matrix [grants]'."""
    _, cb = _draft([EXPORTS[0]], tmp_path / "cb.yaml")
    rows = {v.sources["1"].column: v for v in cb.variables
            if (v.sources["1"].column or "").startswith("radio_matrix.")}
    label = {c: v.label["*"] if isinstance(v.label, dict) else v.label for c, v in rows.items()}
    assert label["radio_matrix.grants"] == "written some grant applications"
    assert label["radio_matrix.email"] == "sent some e-mails"
    assert "[written some grant applications]" in str(rows["radio_matrix.grants"].question)
