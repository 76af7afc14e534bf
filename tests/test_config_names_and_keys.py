"""Configuration mistakes a municipality makes, refused with the file, the row or key, the value
and what to do (tester C's report): one name given to two sites, two waves of one label, an
impossible date, a stratum the population lacks, a screening variable the codebook or a wave
lacks, a title under a language code surveykit does not know."""

from __future__ import annotations

import pytest

from surveykit import cli
from surveykit.config import load_config, load_sites
from surveykit.config.yamlfile import text_map
from surveykit.errors import ConfigError
from tests.study_fixture import SITES_CSV, SURVEYKIT_YAML, write_mini_study


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _validate(root, capsys) -> tuple[int, str]:
    code = cli.main(["-q", "validate", "--no-write", "--study", str(root)])
    return code, capsys.readouterr().err


def _refused(root, capsys, old: str, new: str) -> str:
    """What validate says of the mini study with ``old`` replaced by ``new`` in its surveykit.yaml; it must refuse it."""
    assert old in SURVEYKIT_YAML
    write_mini_study(root, **{"surveykit.yaml": SURVEYKIT_YAML.replace(old, new)})
    code, err = _validate(root, capsys)
    assert code == 2 and "Traceback" not in err, err
    return err


# -- one name, two sites ------------------------------------------------------------------------

SITES_HEADER = "site_id,label,municipality,kind,aliases,co_located,valid_from,valid_to\n"


@pytest.mark.parametrize("rows, named", [
    # an alias of one site that is the label of another (tester C: every answer "Vårdcentralen Norr" moved)
    ("a,Askim,Indre Østfold,,,true,,\nb,Berg,Drammen,,Askim|Berg bibliotek,false,,\n",
     r"rows 2 and 3: 'Askim' is the label of site 'a' \(row 2\) and an alias of site 'b' \(row 3\)"),
    # the same alias on two sites, as answers are matched: case and spaces aside
    ("a,Askim,Indre Østfold,,Biblioteket,true,,\nb,Berg,Drammen,,  biblioteket ,false,,\n",
     r"rows 2 and 3: 'Biblioteket' is an alias of site 'a' \(row 2\) and an alias of site 'b' \(row 3, written "
     r"'  biblioteket '\)"),
    # an alias that is another site's id
    ("a,Askim,Indre Østfold,,,true,,\nb,Berg,Drammen,,A,false,,\n",
     r"'a' is the site_id of site 'a' \(row 2\) and an alias of site 'b' \(row 3, written 'A'\)"),
])
def test_a_name_of_two_sites_is_refused_naming_both_rows(tmp_path, rows, named):
    write_mini_study(tmp_path, **{"config/sites.csv": SITES_HEADER + rows})
    with pytest.raises(ConfigError, match=named) as err:
        load_sites(tmp_path / "config" / "sites.csv")
    assert "Remove it from the `aliases` of the site it does not name" in str(err.value)


def test_a_site_repeating_its_own_names_over_its_periods_is_fine(tmp_path):
    """The mini study's site m has two rows (periods) with the same label and alias, and site a
    has its label among its aliases in another case: one site, no collision."""
    csv = SITES_CSV + "a,Askim,Indre Østfold,bibliotek og innbyggertorg,ASKIM,true,,\n"
    write_mini_study(tmp_path, **{"config/sites.csv": csv.replace("a,Askim,Indre Østfold,bibliotek og innbyggertorg,"
                                                                  "Askim bibliotek,true,,\n", "", 1)})
    sites = load_sites(tmp_path / "config" / "sites.csv")
    assert sites.alias_map()["mjøndalen bibliotek"] == "m"


def test_the_cli_refuses_a_shared_alias_without_a_traceback(tmp_path, capsys):
    write_mini_study(tmp_path, **{"config/sites.csv": SITES_CSV.replace("Mjøndalen bibliotek,false",
                                                                        "Askim bibliotek,false", 1)})
    code, err = _validate(tmp_path, capsys)
    assert code == 2
    assert "sites.csv, rows 2 and 3: 'Askim bibliotek' is an alias of site 'a' (row 2) and an alias of site 'm'" in err
    assert "Traceback" not in err


# -- two waves of one label ---------------------------------------------------------------------

def test_two_waves_of_one_label_are_refused_naming_both(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace('label: "År 2"', 'label: "År 1"')})
    with pytest.raises(ConfigError, match=r"`waves\[0\].label` and `waves\[1\].label`: waves '1' and '2' are both "
                                          r"labelled 'År 1'.*Give each wave its own label"):
        load_config(tmp_path)


def test_two_waves_of_one_label_in_one_language_are_refused(tmp_path):
    yaml = SURVEYKIT_YAML.replace('label: "År 1"', 'label: {nb: "Vår 2022", en: "2022"}').replace(
        'label: "År 2"', 'label: {nb: "Høst 2022", en: "2022"}')
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml})
    with pytest.raises(ConfigError, match=r"both labelled '2022' \(in en\)"):
        load_config(tmp_path)


# -- the key of a value that cannot be read -------------------------------------------------------

def test_an_impossible_date_names_its_key_and_line(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("2023-01-20", "2024-13-15")})
    with pytest.raises(ConfigError, match=r"surveykit.yaml, line 4: `waves\[1\].field_date`: a value cannot be read "
                                          r"\(month must be in 1..12\): '2024-13-15'. Write a date as YYYY-MM-DD"):
        load_config(tmp_path)


# -- a stratum the population table lacks -----------------------------------------------------

def test_a_stratum_the_population_lacks_is_said_as_the_strata(tmp_path, capsys):
    err = _refused(tmp_path, capsys, "strata: [wave, municipality]", "strata: [wave, kommune]")
    assert "population.csv: `weighting.strata` in surveykit.yaml uses column(s) ['kommune']" in err
    assert "change `weighting.strata`" in err and "weighting.margins" not in err


# -- the variable of a screening rule ---------------------------------------------------------------

def test_a_screening_variable_not_in_the_codebook_is_named_with_similar_names(tmp_path, capsys):
    err = _refused(tmp_path, capsys, "duplicate: {variable: respondent_id}", "duplicate: {variable: respondentid}")
    assert ("`screening.duplicate.variable`: 'respondentid' is not a variable of" in err
            and "Did you mean 'respondent_id'?" in err)
    assert "this wave" not in err


def test_a_screening_variable_without_a_source_in_a_wave_names_the_wave(tmp_path, capsys):
    err = _refused(tmp_path, capsys, "complete: {required: [site, gender]}", "complete: {required: [site, knows]}")
    assert "`screening.complete.required`: variable 'knows' has no source in wave '1'" in err
    assert "`waves: ['2']` under `screening.complete`" in err


# -- language codes of a text --------------------------------------------------------------------

@pytest.mark.parametrize("value, said", [
    ({False: "Effekt", "en": "Effect"}, r"the key `no:`/`off:` \(read by YAML as false\)"),
    ({"nb": "Effekt", "se": "Effekt"}, r"'se'"),
])
def test_a_text_under_an_unknown_language_code_is_refused(value, said):
    with pytest.raises(ConfigError, match=rf"report.yaml: `figures\[0\].title`: {said} is not a language code "
                                          r"surveykit knows. Use nb \(bokmål\), nn \(nynorsk\), sv, da or en"):
        text_map(value, "report.yaml: `figures[0].title`")


def test_a_title_written_no_is_refused_at_validate(tmp_path, capsys):
    report = 'figures:\n  - {id: f, kind: likert, items: [help], title: {no: "Hjelp", en: "Help"}}\n'
    write_mini_study(tmp_path, **{"config/report.yaml": report})
    code, err = _validate(tmp_path, capsys)
    assert code == 2
    assert "`figures[0].title`: the key `no:`/`off:` (read by YAML as false) is not a language code" in err
