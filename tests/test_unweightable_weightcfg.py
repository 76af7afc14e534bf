"""Respondents the weighting cannot place in a cell ("Annat/vill inte uppge" on gender, no
gender at all): by default an error naming them and `weighting.unweightable`; with
`unweightable: drop` rejected with reason 'unweightable', counted in quality.json and said in
the method notes, the rest raked as R's rake() rakes the same rows (it refuses rows with NA).

`screening.complete.required` counts a non-substantive answer as an answer (the interview is
complete): such a row is kept by the screening and is the weighting's to place or reject.

The study is a small Swedish one-wave study written as a user writes it: an export, a
codebook with a gender scale whose "Annat/vill inte uppge" is non-substantive, an age derived
into age groups, population counts by gender × age group.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.cli import main
from surveykit.errors import ConfigError, DesignError
from surveykit.study import load_study

CODEBOOK = """\
scales:
  gender:
    ordered: false
    levels:
      - {code: 1, label: {sv: Kvinna, nb: Kvinne, en: Woman}}
      - {code: 2, label: {sv: Man, nb: Mann, en: Man}}
    nonsubstantive:
      - {code: 9, label: {sv: "Annat/vill inte uppge", nb: "Annet/vil ikke oppgi", en: "Other/prefer not to say"}}
  nojd5:
    levels:
      - {code: 1, label: {sv: Mycket missnöjd, nb: Svært misfornøyd, en: Very dissatisfied}}
      - {code: 2, label: {sv: Ganska missnöjd, nb: Ganske misfornøyd, en: Dissatisfied}}
      - {code: 3, label: {sv: Varken eller, nb: Verken eller, en: Neither}}
      - {code: 4, label: {sv: Ganska nöjd, nb: Ganske fornøyd, en: Satisfied}}
      - {code: 5, label: {sv: Mycket nöjd, nb: Svært fornøyd, en: Very satisfied}}
    nonsubstantive:
      - {code: 9, label: {sv: Vet inte, nb: Vet ikke, en: Don't know}}
    top_box: [4, 5]
variables:
  - {name: respondent_id, type: id, label: {sv: ID, nb: ID, en: ID}, sources: {"1": {column: ID}}}
  - {name: gender, type: single, scale: gender, label: {sv: Kön, nb: Kjønn, en: Gender}, sources: {"1": {column: Kön}}}
  - {name: age, type: numeric, label: {sv: Ålder, nb: Alder, en: Age}, valid: [16, 99], sources: {"1": {column: Ålder}}}
  - name: age_group
    type: single
    label: {sv: Åldersgrupp, nb: Aldersgruppe, en: Age group}
    derive: {from: age, breaks: [16, 50], labels: ["16-49", "50+"]}
  - {name: nojd, type: likert, scale: nojd5, label: {sv: Nöjd med kommunen, nb: Fornøyd med kommunen, en: Satisfied},
     sources: {"1": {column: Nöjd}}}
"""

POPULATION = "wave,gender,age_group,population\n" + "".join(
    f"1,{g},{a},{n}\n" for (g, a), n in {("Kvinna", "16-49"): 3000, ("Kvinna", "50+"): 2600,
                                         ("Man", "16-49"): 3200, ("Man", "50+"): 2200}.items())


def export(others: int = 7, blank: int = 3) -> pd.DataFrame:
    """120 respondents: Kvinna and Man of both age groups, ``others`` answering "Annat/vill
    inte uppge" and ``blank`` leaving gender unanswered (after the first 20 rows)."""
    rows = []
    for i in range(120):
        gender = "Kvinna" if i % 3 == 0 else "Man"   # women under-represented: the weights differ
        age = 20 + (i * 7) % 60
        rows.append({"ID": f"r{i:03d}", "Kön": gender, "Ålder": age, "Nöjd": ["Ganska nöjd", "Mycket nöjd",
                     "Varken eller", "Ganska missnöjd", "Vet inte"][i % 5]})
    frame = pd.DataFrame(rows)
    frame.loc[20:20 + others - 1, "Kön"] = "Annat/vill inte uppge"
    frame.loc[20 + others:20 + others + blank - 1, "Kön"] = ""
    return frame


def write_study(root: Path, *, unweightable: str | None = None, required: bool = True, others: int = 7,
                blank: int = 3, language: str = "sv", report: str | None = None) -> Path:
    """The Swedish study in ``root``; ``unweightable`` as written under ``weighting:`` (None: absent)."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "data" / "raw").mkdir(parents=True, exist_ok=True)
    choice = f"\n          unweightable: {unweightable}" if unweightable else ""
    screening = "\n        screening:\n          complete: {required: [gender, age]}" if required else ""
    (root / "surveykit.yaml").write_text(textwrap.dedent(f"""\
        study: {{name: "Medborgarundersökning", language: {language}, source: "Enkät 2024"}}
        waves:
          - {{id: "1", label: "2024", file: data/raw/svar.csv, field_date: 2024-09-11}}{screening}
        weighting:
          method: rake
          population: config/population.csv
          strata: [wave]{choice}
          margins:
            - [wave, gender]
            - [wave, age_group]
        privacy: {{min_cell: 5}}
        """), encoding="utf-8")
    (root / "config" / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "config" / "population.csv").write_text(POPULATION, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(report or textwrap.dedent("""\
        figures:
          - {id: vikter, kind: weights}
        tables:
          - {id: andel, kind: topbox, items: [nojd], by: [gender]}
        """), encoding="utf-8")
    export(others, blank).to_csv(root / "data" / "raw" / "svar.csv", index=False)
    return root


def test_by_default_respondents_without_a_weighting_cell_stop_with_the_option_named(tmp_path):
    study = load_study(write_study(tmp_path))
    # `required: [gender]` keeps "Annat/vill inte uppge" (an answer) and rejects the unanswered ones
    assert study.quality["1"]["reasons"]["incomplete"] == 3
    assert len(study.responses) == 117
    with pytest.raises(DesignError) as caught:
        study.design()
    message = str(caught.value)
    for part in ("surveykit.yaml", "7 respondent(s) cannot be weighted", "gender: 7 with a non-substantive answer",
                 "`unweightable: drop` under `weighting:`", "reason 'unweightable'", "screening.complete.required",
                 "recode those answers in config/codebook.yaml"):
        assert part in message, message
    assert "<missing>" not in message and "Add the cell" not in message


def test_unanswered_gender_without_required_is_named_with_its_first_row(tmp_path):
    study = load_study(write_study(tmp_path, required=False, others=0, blank=4))
    with pytest.raises(DesignError) as caught:
        study.design()
    message = str(caught.value)
    assert "4 respondent(s) cannot be weighted" in message and "gender: 4 without an answer (first: wave 1, row 22)" \
        in message, message
    assert "non-substantive" not in message


def test_the_cli_says_it_without_a_traceback(tmp_path, capsys):
    root = write_study(tmp_path)
    assert main(["validate", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "unweightable: drop" in err and "Traceback" not in err


def test_drop_rejects_them_with_their_own_reason_and_rakes_the_rest(tmp_path):
    root = write_study(tmp_path, unweightable="drop", required=False)
    study = load_study(root)
    q = study.quality["1"]
    assert (q["raw_rows"], q["responses"], q["rejected"]) == (120, 110, 10)
    assert q["reasons"]["unweightable"] == 10 and q["reasons"]["incomplete"] == 0
    # the answers per item count the kept respondents only
    assert q["items"]["gender"] == {"answered": 110, "nonsubstantive": 0, "missing": 0}
    assert any("10 respondent(s) rejected with reason 'unweightable'" in w and "7 with a non-substantive answer" in w
               and "3 without an answer" in w for w in q["warnings"]), q["warnings"]
    rejected = study.rejects
    assert rejected["reason"].tolist() == ["unweightable"] * 10
    assert rejected["row"].tolist() == list(range(22, 32))    # the export's rows 22..31 (header = row 1)
    assert rejected["respondent_id"].notna().all()
    weights = study.design().weights
    gender, age = study.responses["gender"].astype(str), study.responses["age_group"].astype(str)
    assert weights.sum() == pytest.approx(11000)
    assert weights[(gender == "Kvinna").to_numpy()].sum() == pytest.approx(5600)
    assert weights[(age == "50+").to_numpy()].sum() == pytest.approx(4800)
    # as R (survey 4.x): svydesign(ids=~1, weights=~bw) with bw = 11000/110 on the 110 kept rows, then
    # rake(des, list(~gender, ~age_group), list(<Kvinna 5600, Man 5400>, <16-49 6200, 50+ 4800>),
    # control = list(maxit = 100, epsilon = 1e-12)); R's rake() refuses the 10 rows (na.fail)
    r_weights = {("Kvinna", "16-49"): 174.3518335194, ("Man", "16-49"): 85.0463054625,
                 ("Kvinna", "50+"): 129.5614208764, ("Man", "50+"): 63.1981892797}
    for (g, a), expected in r_weights.items():
        cell = ((gender == g) & (age == a)).to_numpy()
        np.testing.assert_allclose(weights[cell], expected, rtol=1e-8)
    # processed files: the rejects with the reason, and the row accounting holds
    study.save()
    rejects = pd.read_csv(root / "data" / "processed" / "rejects.csv")
    assert (rejects["reason"] == "unweightable").sum() == 10
    stored = json.loads((root / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert stored["study"] == {"name": "Medborgarundersökning", "synthetic": False, "responses": 110, "rejected": 10}
    text = (root / "data" / "processed" / "quality.json").read_text(encoding="utf-8")
    assert str(root) not in text   # paths relative to the study (a tester found the population file's absolute)


def test_drop_with_required_rejects_the_unanswered_as_incomplete_and_the_others_as_unweightable(tmp_path):
    study = load_study(write_study(tmp_path, unweightable="drop"))
    assert study.quality["1"]["reasons"] == {"test": 0, "duplicate": 0, "incomplete": 3, "unweightable": 7}
    assert len(study.responses) == 110


SUBSTANTIVE_OTHER = ("    nonsubstantive:\n      - {code: 9, label: {sv: \"Annat/vill inte uppge\"",
                     "      - {code: 9, label: {sv: \"Annat/vill inte uppge\"")


@pytest.mark.parametrize("choice", [None, "drop"])
def test_a_level_the_population_has_no_count_for(tmp_path, choice):
    """"Annat/vill inte uppge" as a level of the gender scale: population.csv has no cell for it."""
    root = write_study(tmp_path, unweightable=choice, blank=0)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert SUBSTANTIVE_OTHER[0] in text
    codebook.write_text(text.replace(*SUBSTANTIVE_OTHER), encoding="utf-8")
    study = load_study(root)
    if choice is None:
        with pytest.raises(DesignError) as caught:
            study.design()
        message = str(caught.value)
        for part in ("7 respondent(s) cannot be weighted", "population.csv: no population count for "
                     "'1 × Annat/vill inte uppge' (7 respondents) of margin wave × gender", "`unweightable: drop`",
                     "add the missing cell(s) with their counts to"):
            assert part in message, message
        assert "non-substantive" not in message
    else:
        assert study.quality["1"]["reasons"]["unweightable"] == 7
        assert "Annat/vill inte uppge" not in set(study.responses["gender"].astype(str))
        assert study.design().weights.sum() == pytest.approx(11000)
        warning = next(w for w in study.quality["1"]["warnings"] if "no population count" in w)
        assert "config/population.csv: no population count" in warning
        assert str(tmp_path) not in warning   # quality.json's paths are relative to the study


def test_method_notes_say_how_many_were_left_out(tmp_path):
    from surveykit.report.build import build
    from tests.test_report_method_texts import method_section

    root = write_study(tmp_path, unweightable="drop", required=False)
    build(root, jobs=1)
    section = method_section(root)
    assert ("10 svar utan värde eller utan befolkningstal på en viktningsvariabel (Kön, Åldersgrupp) har tagits "
            "bort och ingår inte i några siffror.") in section, section


def test_an_unknown_choice_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"unweightable.*'skip' is not a choice. Write `error`"):
        load_study(write_study(tmp_path, unweightable="skip"))


def test_a_missing_code_is_no_answer_to_required_as_it_is_no_value_to_the_weighting(tmp_path):
    """An age "N/a" (under `missing:` of the age) was an answer to `required: [age]`, kept, and
    then a respondent without an age group the weighting could not place."""
    root = write_study(tmp_path, others=0, blank=0)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("valid: [16, 99],", "valid: [16, 99], "
                                                                      "missing: [\"N/a\"],"), encoding="utf-8")
    frame = pd.read_csv(root / "data" / "raw" / "svar.csv", dtype=str)
    frame.loc[[40, 41], "Ålder"] = "N/a"
    frame.to_csv(root / "data" / "raw" / "svar.csv", index=False)
    study = load_study(root)
    assert study.quality["1"]["reasons"]["incomplete"] == 2
    assert study.rejects["row"].tolist() == [42, 43]
    assert study.design().weights.sum() == pytest.approx(11000)


def test_a_small_number_left_out_is_not_published(tmp_path):
    from surveykit.report.build import build
    from tests.test_report_method_texts import method_section

    root = write_study(tmp_path, unweightable="drop", required=False, others=2, blank=1, language="en")
    build(root, jobs=1)
    section = method_section(root)
    assert ("Fewer than 5 answers without a value, or without a population count, on a weighting variable "
            "(Gender, Age group) were left out of every number.") in section, section
    assert "3 answers without" not in section


NEVER_CHOSEN = ("      - {code: 2, label: {sv: Man, nb: Mann, en: Man}}\n",
                "      - {code: 2, label: {sv: Man, nb: Mann, en: Man}}\n"
                "      - {code: 3, label: {sv: Ickebinär, nb: Ikkebinær, en: Non-binary}}\n")
EMPTIED = ("gender=Annat/vill inte uppge: no respondent left after dropping the unweightable; the level is left out "
           "of the tables")


def test_a_level_only_the_dropped_had_is_left_out_of_the_tables_and_said_once(tmp_path):
    """"Annat/vill inte uppge", a level of the gender scale without a population count: its 7
    respondents dropped, it is no level of the tables (no 0 % row, no by= warning per table);
    "Ickebinär", which nobody chose, is asked and stays a level with 0 %."""
    import warnings

    import surveykit as sk
    from surveykit.processed import read_responses

    root = write_study(tmp_path, unweightable="drop", blank=0)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert SUBSTANTIVE_OTHER[0] in text and NEVER_CHOSEN[0] in text
    codebook.write_text(text.replace(*SUBSTANTIVE_OTHER).replace(*NEVER_CHOSEN), encoding="utf-8")
    said: list[str] = []
    study = load_study(root, progress=said.append)
    assert study.quality["1"]["reasons"]["unweightable"] == 7 and len(study.responses) == 113
    assert sum(EMPTIED in line for line in said) == 1, said
    assert sum(EMPTIED in w for w in study.quality["1"]["warnings"]) == 1, study.quality["1"]["warnings"]
    assert list(study.responses["gender"].cat.categories) == ["Kvinna", "Man", "Ickebinär"]
    design = study.design()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shares = sk.mean(design, "gender")
        by_gender = sk.mean(design, "age", by="gender")
    assert shares["level"].tolist() == ["Kvinna", "Man", "Ickebinär"]   # no 0 % row of "Annat/vill inte uppge"
    assert shares["estimate"].round(6).tolist() == [round(5600 / 11000, 6), round(5400 / 11000, 6), 0.0]
    assert sorted(by_gender["gender"].astype(str)) == ["Kvinna", "Man"]
    messages = [str(w.message) for w in caught]
    assert not any("Annat" in m for m in messages), messages
    assert any("no row of the data has gender = 'Ickebinär'" in m for m in messages), messages
    # the narrowed scale goes with the data: another language, and the processed file read back
    assert list(study.in_language("en").responses["gender"].cat.categories) == ["Woman", "Man", "Non-binary"]
    study.save()
    back = read_responses(root / "data" / "processed" / "responses.parquet", language="sv")
    assert list(back["gender"].cat.categories) == ["Kvinna", "Man", "Ickebinär"]
    assert back["gender"].astype(str).tolist() == study.responses["gender"].astype(str).tolist()


def test_the_build_says_the_left_out_level_once_and_warns_of_it_at_no_table(tmp_path, capsys):
    root = write_study(tmp_path, unweightable="drop", blank=0)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(*SUBSTANTIVE_OTHER), encoding="utf-8")
    assert main(["build", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    assert err.count(EMPTIED) == 1, err
    assert "no row of the data has gender" not in err, err


def test_a_scale_other_variables_share_is_narrowed_for_the_emptied_variable_only():
    from surveykit.clean.answers import scaled_columns
    from surveykit.clean.study import CleanResult
    from surveykit.config.codebook import Codebook, Level, Scale, Variable
    from surveykit.study import _without_levels

    scale = Scale("yn", (Level(1, {"sv": "Ja"}), Level(2, {"sv": "Nej"}), Level(3, {"sv": "Vet ej"})), top_box=(1, 3))
    codebook = Codebook({"yn": scale}, (Variable("a", "single", {}, {}, scale="yn"),
                                        Variable("b", "single", {}, {}, scale="yn")))
    frame = pd.DataFrame({v: pd.Categorical(answers, categories=["Ja", "Nej", "Vet ej"])
                          for v, answers in {"a": ["Vet ej", "Nej"], "b": ["Nej", "Ja"]}.items()})
    result, narrowed = _without_levels(CleanResult(frame, pd.DataFrame(), {}), codebook, {"a": ["Ja"]})
    assert list(result.responses["a"].cat.categories) == ["Nej", "Vet ej"]
    assert result.responses["a"].astype(str).tolist() == ["Vet ej", "Nej"]
    assert result.responses["b"].astype(str).tolist() == ["Nej", "Ja"]
    assert list(result.responses["b"].cat.categories) == ["Ja", "Nej", "Vet ej"]
    scales = scaled_columns(narrowed)
    assert [lv.code for lv in scales["a"].levels] == [2, 3] and scales["a"].top_box == (3,)
    assert scales["b"] is scale and narrowed.variable("a").scale == "yn (a)"
