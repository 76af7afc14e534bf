"""Loading the study configuration: valid files load, every kind of mistake names file, key and fix."""

from __future__ import annotations

import datetime as dt

import pytest

from surveykit.config import load_codebook, load_config, load_population, load_sites
from surveykit.errors import ConfigError
from tests.study_fixture import (
    CODEBOOK_YAML,
    SURVEYKIT_SITES_YAML,
    SURVEYKIT_YAML,
    write_mini_study,
)


def test_mini_study_loads(tmp_path):
    write_mini_study(tmp_path)
    cfg = load_config(tmp_path)
    assert [w.id for w in cfg.waves] == ["1", "2"]
    assert cfg.waves[1].field_date == dt.date(2023, 1, 20)
    assert cfg.weighting.margins == (("wave", "municipality", "gender"),)
    assert cfg.min_cell == 3
    cb = load_codebook(cfg.codebook_path, ["1", "2"])
    assert cb.variable("help").scale == "agree3"
    assert cb.scales["agree3"].labels("en") == ["Disagree", "Neutral", "Agree"]
    assert cb.variable("knows").sources.keys() == {"2"}


def test_config_found_from_a_subfolder(tmp_path):
    write_mini_study(tmp_path)
    assert load_config(tmp_path / "data" / "raw").root == tmp_path


def test_no_config_says_how_to_start(tmp_path):
    with pytest.raises(ConfigError, match=r"No surveykit.yaml .*`surveykit init DIR`"):
        load_config(tmp_path)


def test_yaml_syntax_error_names_line(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "weighting: [oops\n"})
    with pytest.raises(ConfigError, match=r"surveykit.yaml, line \d+, column \d+: YAML syntax error"):
        load_config(tmp_path)


def test_unknown_scale_lists_known_ones(tmp_path):
    bad = CODEBOOK_YAML.replace("scale: agree3\n    label: {nb: Lett", "scale: agree7\n    label: {nb: Lett")
    write_mini_study(tmp_path, **{"config/codebook.yaml": bad})
    with pytest.raises(ConfigError, match=r"variables.help.scale`: unknown scale 'agree7'.*agree3, gender"):
        load_codebook(tmp_path / "config" / "codebook.yaml")


def test_unknown_key_is_a_typo(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "privcy: {}\n"})
    with pytest.raises(ConfigError, match=r"unknown key\(s\) 'privcy'. Allowed: .*privacy"):
        load_config(tmp_path)


def test_source_for_unknown_wave(tmp_path):
    write_mini_study(tmp_path)
    bad = CODEBOOK_YAML.replace('sources: {"2": {column: q9}}', 'sources: {"3": {column: q9}}')
    (tmp_path / "config" / "codebook.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"wave\(s\) \['3'\] are not waves of the study"):
        load_codebook(tmp_path / "config" / "codebook.yaml", ["1", "2"])


def test_bad_wave_date(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("2023-01-20", "20.01.2023")})
    with pytest.raises(ConfigError, match=r"waves\[1\].field_date`: '20.01.2023' is not a date. Write it as YYYY-MM-DD"):
        load_config(tmp_path)


def test_sites_bad_flag_names_row(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_SITES_YAML})
    path = tmp_path / "config" / "sites.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",true,,\n", ",kanskje,,\n", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r'sites.csv, row 2, column "co_located": \'kanskje\' is not true/false'):
        load_sites(path, load_config(tmp_path).sites)


def test_site_periods(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_SITES_YAML})
    sites = load_sites(tmp_path / "config" / "sites.csv", load_config(tmp_path).sites)
    assert not sites.at("2022-01-15").loc["m", "co_located"]
    assert sites.at("2023-01-20").loc["m", "co_located"]
    assert sites.alias_map()["mjøndalen bibliotek"] == "m"


def test_population_missing_margin_column(tmp_path):
    write_mini_study(tmp_path)
    with pytest.raises(ConfigError, match=r"`weighting.margins` in surveykit.yaml uses column\(s\) \['age_group'\]"):
        load_population(tmp_path / "config" / "population.csv", columns=["wave", "age_group"])


def test_population_negative_count(tmp_path):
    write_mini_study(tmp_path, **{"config/population.csv": "wave,gender,population\n1,Mann,-5\n"})
    with pytest.raises(ConfigError, match=r'row 2, column "population": \'-5\' is not a non-negative number'):
        load_population(tmp_path / "config" / "population.csv")


@pytest.mark.parametrize(("counts", "want"), [
    (['"12,345"', '"1,234.5"'], [12345.0, 1234.5]),   # a decimal point elsewhere: thousands commas
    (['"12,5"', '"7,25"'], [12.5, 7.25]),             # decimal commas
    (['"12 345"', "800"], [12345.0, 800.0]),          # a space between thousands
    (["12.345", '"1,5"'], [12345.0, 1.5]),            # Nordic: a dot groups thousands beside a decimal comma
])
def test_population_counts_with_separators(tmp_path, counts, want):
    rows = "".join(f"1,{g},{c}\n" for g, c in zip(["Mann", "Kvinne"], counts, strict=True))
    write_mini_study(tmp_path, **{"config/population.csv": "wave,gender,population\n" + rows})
    assert load_population(tmp_path / "config" / "population.csv")["population"].tolist() == want


def test_population_count_with_a_thousands_comma_alone_is_refused_not_read_as_a_decimal(tmp_path):
    # "12,345" people was read as 12.345: that cell's weights a thousand times too small
    rows = '1,Mann,"12,345"\n1,Kvinne,"13,001"\n'
    write_mini_study(tmp_path, **{"config/population.csv": "wave,gender,population\n" + rows})
    with pytest.raises(ConfigError, match=r'row 2, column "population": \'12,345\' is a decimal or a whole number '
                                          r"by the decimal mark.*plain digits"):
        load_population(tmp_path / "config" / "population.csv")


def test_site_configuration_errors_name_the_key(tmp_path):
    bad = SURVEYKIT_SITES_YAML.replace("columns: {co_located: {type: boolean}}", "columns: {co_located: {type: flag}}")
    write_mini_study(tmp_path, **{"surveykit.yaml": bad})
    with pytest.raises(ConfigError, match=r"`sites.columns.co_located.type`: unknown type 'flag'. Allowed: text, boolean"):
        load_config(tmp_path)
    bad = SURVEYKIT_SITES_YAML.replace("from: site_type", "from: kind_of_site")
    write_mini_study(tmp_path, **{"surveykit.yaml": bad})
    with pytest.raises(ConfigError, match=r"`sites.groupings.colocation_path.from` names 'kind_of_site'"):
        load_sites(tmp_path / "config" / "sites.csv", load_config(tmp_path).sites)
    bad = SURVEYKIT_SITES_YAML.replace("columns: {co_located: {type: boolean}}", "columns: {opened: {type: boolean}}")
    write_mini_study(tmp_path, **{"surveykit.yaml": bad})
    with pytest.raises(ConfigError, match=r"`sites.columns` declares \['opened'\], which .*sites.csv lacks"):
        load_sites(tmp_path / "config" / "sites.csv", load_config(tmp_path).sites)
