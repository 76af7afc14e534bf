"""data/processed/responses.parquet: the answers stored as codes with their scale, labels
applied when the data are opened (surveykit.processed, surveykit.clean.answers)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

import surveykit as sk
from surveykit.clean.answers import label_answers
from surveykit.config.codebook import Level, Scale
from surveykit.errors import DataError
from surveykit.processed import write_responses
from surveykit.report.build import build
from surveykit.study import load_study
from tests.study_fixture import CODEBOOK_YAML, POPULATION_CSV, SURVEYKIT_YAML, write_mini_study

# a count whose labels are numbers, none of them its code: label "1" is code 2, code 1 is "0"
KIDS = Scale("kids", (Level(1, {"nb": "0", "en": "0"}), Level(2, {"nb": "1", "en": "1"}),
                      Level(3, {"nb": "2", "en": "2"}), Level(4, {"nb": "3", "en": "3"}),
                      Level(5, {"nb": "4 eller flere", "en": "4 or more"})))
AGREE = Scale("agree", (Level(10, {"nb": "Uenig", "en": "Disagree"}), Level(20, {"nb": "Nøytral", "en": "Neutral"}),
                        Level(30, {"nb": "Enig", "en": "Agree"})),
              nonsubstantive=(Level(99, {"nb": "Vet ikke", "en": "Don't know"}),), top_box=(30,))
YESNO = Scale("yesno", (Level(1, {"nb": "Ja", "en": "Yes"}), Level(2, {"nb": "Nei", "en": "No"})), ordered=False)
SCALES = {"kids": KIDS, "agree": AGREE, "yesno": YESNO}


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "kids": pd.Categorical(["1", "0", None, "4 eller flere", "1"], categories=KIDS.labels("nb"), ordered=True),
        # "Nøytral" is chosen by nobody: an empty level
        "agree": pd.Categorical(["Enig", None, "Uenig", "Enig", "Uenig"], categories=AGREE.labels("nb"), ordered=True),
        "yesno": pd.Categorical(["Nei", "Ja", "Ja", None, "Nei"], categories=YESNO.labels("nb")),
        "agree__dk": pd.array([False, True, False, False, False], dtype="boolean"),
        "site_type": pd.Categorical(["a", "a", "a", "a", "a"], categories=["a", "b"]),  # not a scale
        "age": [34.0, 51.0, 70.0, None, 29.0],
    })


def test_stored_as_codes_with_the_scales_in_the_metadata(tmp_path):
    path = write_responses(_frame(), SCALES, tmp_path / "responses.parquet")
    table = pq.read_table(path)
    stored = table.to_pandas()
    assert str(stored["kids"].dtype) == "Int64" and str(stored["agree"].dtype) == "Int64"
    assert stored["kids"].tolist() == [2, 1, pd.NA, 5, 2]  # codes, not the labels "1", "0", "4 eller flere"
    assert stored["agree"].tolist() == [30, pd.NA, 10, 30, 10]
    assert stored["yesno"].tolist() == [2, 1, 1, pd.NA, 2]
    meta = json.loads(table.schema.metadata[b"surveykit"])
    kids = meta["scales"]["kids"]
    assert [lv["code"] for lv in kids["levels"]] == [1, 2, 3, 4, 5] and kids["ordered"] is True
    assert kids["levels"][4]["label"] == {"nb": "4 eller flere", "en": "4 or more"}
    assert meta["scales"]["yesno"]["ordered"] is False
    assert meta["scales"]["agree"]["nonsubstantive"] == [{"code": 99, "label": {"nb": "Vet ikke", "en": "Don't know"}}]
    assert set(meta["scales"]) == {"kids", "agree", "yesno"}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_reading_back_rebuilds_the_categoricals_in_the_language_asked(tmp_path, language):
    frame = _frame()
    path = write_responses(frame, SCALES, tmp_path / "responses.parquet")
    back = sk.read_responses(path, language=language)
    expected = label_answers(frame, SCALES, language)
    for column in ("kids", "agree", "yesno"):
        assert back[column].cat.categories.tolist() == SCALES[column].labels(language)  # order and empty levels
        assert back[column].cat.ordered == SCALES[column].ordered
        pd.testing.assert_series_equal(back[column], expected[column])
    assert back["agree"].cat.categories.tolist()[1] == ("Nøytral" if language == "nb" else "Neutral")  # nobody's
    assert back["kids"].tolist()[:2] == ["1", "0"] and back["kids"].cat.codes.tolist() == [1, 0, -1, 4, 1]
    pd.testing.assert_series_equal(back["site_type"], frame["site_type"])  # other columns as they were
    pd.testing.assert_series_equal(back["agree__dk"], frame["agree__dk"])
    pd.testing.assert_series_equal(back["age"], frame["age"])


def test_a_code_the_scale_lacks_and_a_foreign_file_are_errors(tmp_path):
    path = tmp_path / "responses.parquet"
    write_responses(_frame(), SCALES, path)
    table = pq.read_table(path)
    broken = table.to_pandas().assign(kids=pd.array([2, 7, None, 5, 2], dtype="Int64"))
    import pyarrow as pa

    pq.write_table(pa.Table.from_pandas(broken, preserve_index=False).replace_schema_metadata(table.schema.metadata),
                   tmp_path / "broken.parquet")
    with pytest.raises(DataError, match=r"broken.parquet: column 'kids' holds the code 7, which scale `kids` does not have"):
        sk.read_responses(tmp_path / "broken.parquet", language="nb")
    _frame().to_parquet(tmp_path / "plain.parquet")
    with pytest.raises(DataError, match=r"plain.parquet: not a surveykit processed data file"):
        sk.read_responses(tmp_path / "plain.parquet", language="nb")


def test_labels_are_taken_from_the_level_never_from_the_old_label():
    # nb labels "1" and "0" are levels 2 and 1: relabelled by position, "1" stays level 2's label
    en = label_answers(_frame(), SCALES, "en")
    assert en["kids"].cat.codes.tolist() == [1, 0, -1, 4, 1]
    assert [en["kids"].iloc[i] for i in (0, 1, 3)] == ["1", "0", "4 or more"]
    assert en["agree"].tolist()[0] == "Agree" and en["agree"].cat.categories.tolist() == ["Disagree", "Neutral", "Agree"]


# --- a study: the stored file does not depend on its language ---------------------------------------

@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The mini study twice, once with study.language nb and once en (the same exports)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    roots = {}
    for language in ("nb", "en"):
        root = tmp_path_factory.mktemp(f"mini_{language}")
        write_mini_study(root, **{"surveykit.yaml": SURVEYKIT_YAML.replace("language: nb", f"language: {language}")})
        study = load_study(root)
        study.save()
        roots[language] = (root, study)
    yield roots
    mp.undo()


def test_the_processed_file_is_the_same_in_every_language(twins):
    (nb_root, nb), (en_root, en) = twins["nb"], twins["en"]
    assert nb.language == "nb" and en.language == "en"
    assert nb.responses["help"].cat.categories.tolist() == ["Uenig", "Nøytral", "Enig"]
    assert en.responses["help"].cat.categories.tolist() == ["Disagree", "Neutral", "Agree"]
    files = [r / "data" / "processed" / "responses.parquet" for r in (nb_root, en_root)]
    assert files[0].read_bytes() == files[1].read_bytes()
    stored = pq.read_table(files[0]).to_pandas()
    assert stored["help"].dropna().isin([1, 2, 3]).all() and str(stored["help"].dtype) == "Int64"


def test_switching_the_language_needs_no_cleaning(twins):
    (nb_root, nb), (_, en) = twins["nb"], twins["en"]
    switched = nb.in_language("en")
    for column in ("help", "knows", "gender"):
        pd.testing.assert_series_equal(switched.responses[column], en.responses[column])
    path = nb_root / "data" / "processed" / "responses.parquet"
    opened = sk.read_responses(path, language="en")
    pd.testing.assert_series_equal(opened["help"], en.responses["help"])
    # the same answers, the same scores: the numbers come from the codes
    scores = {s.language: sk.score(s.design(), ["help"], by="wave")["estimate"].tolist() for s in (nb, switched)}
    assert scores["nb"] == scores["en"]


def test_a_report_in_another_language_labels_the_answers_from_the_codes(twins, tmp_path):
    root, _ = twins["nb"]
    (root / "config" / "report.yaml").write_text(
        "figures: []\ntables:\n  - {id: t, kind: table, items: [help], by: [gender]}\n", encoding="utf-8")
    build(root, jobs=1, language="en")
    table = pd.read_csv(root / "reports" / "tables" / "t.csv")
    assert {"Disagree", "Agree"} <= set(table["level"].dropna())
    assert not {"Uenig", "Enig"} & set(table["level"].dropna())
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Agree" in page and ">Enig<" not in page
    # the processed file the English build wrote is the one the study's own language writes
    assert (root / "data" / "processed" / "responses.parquet").read_bytes() == \
        (twins["en"][0] / "data" / "processed" / "responses.parquet").read_bytes()


def test_the_population_margins_follow_the_language_the_study_is_opened_in(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    codebook = CODEBOOK_YAML.replace("{nb: Mann}", "{nb: Mann, en: Man}").replace("{nb: Kvinne}", "{nb: Kvinne, en: Woman}")
    study = load_study(write_mini_study(tmp_path, **{"config/codebook.yaml": codebook}))
    english = study.in_language("en")
    assert set(english.population["gender"]) == {"Man", "Woman"}  # config/population.csv says Mann, Kvinne
    assert english.responses["gender"].cat.categories.tolist() == ["Man", "Woman"]
    # the same respondents in the same cells: the same weights
    assert english.design().weights.tolist() == pytest.approx(study.design().weights.tolist(), rel=1e-12)
    assert study.in_language("nb") is study
    with pytest.raises(sk.ConfigError, match="xx"):
        study.in_language("xx")


def test_a_weighting_error_of_a_build_in_another_language_names_the_cells_as_population_csv_does(tmp_path,
                                                                                                  monkeypatch):
    """config/population.csv is written in the study's language: an English build that cannot
    weight must name the missing cell as the file writes it ("Kvinne"), not in English."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    codebook = CODEBOOK_YAML.replace("{nb: Mann}", "{nb: Mann, en: Man}").replace("{nb: Kvinne}", "{nb: Kvinne, en: Woman}")
    # no woman in wave 2 at all: a level the file lacks there, which the weighting names
    population = POPULATION_CSV.replace("2,Indre Østfold,Kvinne,210\n", "").replace("2,Drammen,Kvinne,490\n", "")
    root = write_mini_study(tmp_path, **{"config/codebook.yaml": codebook, "config/population.csv": population,
                                         "config/report.yaml": "figures: [{id: m, kind: means, items: [help], by: [wave]}]\n"})
    for language in ("en", "nb"):
        with pytest.raises(sk.SurveykitError, match=r"population\.csv: no population count for "
                                                    r"'2 × (Drammen|Indre Østfold) × Kvinne'") as info:
            build(root, language=language, jobs=1)
        assert "Woman" not in str(info.value)


def test_a_presentation_in_another_language_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    study = load_study(write_mini_study(tmp_path))
    assert study.presentation("nb").language == "nb"
    with pytest.raises(ValueError, match=r"study.in_language\('en'\), then .design\(\) and .presentation\(\)"):
        study.presentation("en")
    assert study.in_language("en").presentation().language == "en"
