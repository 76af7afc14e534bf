"""Hostile or mistaken configuration (issue 14): strict types, YAML bombs, paths outside the
study, malformed reader options, weighting and screening settings, CSV tables that are not
what they should be. Every case is a message naming the file and key, never a traceback."""

from __future__ import annotations

import os
import time

import pytest

from surveykit.config.study import load_config
from surveykit.config.yamlfile import read_yaml
from surveykit.errors import ConfigError, LimitError, SurveykitError
from surveykit.study import load_study
from tests.study_fixture import POPULATION_CSV, SITES_CSV, SURVEYKIT_YAML, write_mini_study


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _yaml(tmp_path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- strict types -----------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "match"), [
    ("min_cell: 3", "min_cell: true", r"`privacy.min_cell` must be a whole number, got True"),
    ("min_cell: 3", "min_cell: 0", r"`privacy.min_cell`: must be 1 or more, got 0"),
    ("min_cell: 3", "min_cell: 3.5", r"`privacy.min_cell` must be a whole number, got 3.5"),
    ("min_cell: 3", "min_cell: '5'", r"`privacy.min_cell` must be a whole number, got '5'"),
    ("synthetic: true", "synthetic: 1", r"`study.synthetic` must be true or false, got 1"),
    ('id: "1"', "id: true", r"`waves\[0\].id` must be text or a whole number, got True"),
    ("file: data/raw/w1.csv,", "file: data/raw/w1.csv, sheet: true,", r"`waves\[0\].sheet` must be text or a whole"),
    ("strata: [wave, municipality]", "strata: [wave, [municipality]]", r"`weighting.strata`: list names"),
    ("margins: [[wave, municipality, gender]]", "margins: [[wave, {a: 1}]]", r"`weighting.margins`: each margin"),
    ("language: nb", "language: [nb]", r"`study.language` must be text"),
])
def test_wrongly_typed_values_are_refused(tmp_path, old, new, match):
    assert old in SURVEYKIT_YAML
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace(old, new)})
    with pytest.raises(ConfigError, match=match):
        load_config(tmp_path)


def test_waves_listed_out_of_time_order_are_refused(tmp_path):
    # a change is the later wave minus the earlier in the list's order: listed backwards, its
    # sign flipped without a word
    yaml = SURVEYKIT_YAML.replace("field_date: 2022-01-15", "field_date: 2024-01-15")
    assert yaml != SURVEYKIT_YAML
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml})
    with pytest.raises(ConfigError, match=r"`waves`: wave '2' \(field_date 2023-01-20\) is listed after '1' "
                                          r"\(field_date 2024-01-15\)\. List the waves earliest first"):
        load_config(tmp_path)


def test_key_env_cannot_name_an_ordinary_variable(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("min_cell: 3", "min_cell: 3, key_env: HOME")})
    with pytest.raises(ConfigError, match=r"`privacy.key_env`: 'HOME' is not allowed: .*SURVEYKIT_<NAME>"):
        load_config(tmp_path)


# --- YAML that attacks the reader ----------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))


def test_alias_bomb_is_refused_fast_without_printing_its_value(tmp_path):
    started = time.perf_counter()
    with pytest.raises(LimitError, match=r"expands to more than 1,000,000 values .*limits.yaml_nodes") as info:
        read_yaml(_yaml(tmp_path, BOMB))
    assert time.perf_counter() - started < 5
    assert len(str(info.value)) < 600 and "x, x" not in str(info.value)


def test_alias_bomb_in_surveykit_yaml_through_the_cli(tmp_path, capsys):
    from surveykit.cli import main

    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML + "\nlimits: {}\n" + BOMB.replace("a:", "x_a:")})
    assert main(["-q", "validate", "--study", str(tmp_path), "--no-write"]) == 2
    err = capsys.readouterr().err
    assert "alias bomb" in err and "Traceback" not in err and len(err) < 1000


@pytest.mark.parametrize(("text", "match"), [
    ("a: &a [1, *a]\n", r"line 1: an alias refers to a value containing itself"),
    ("a: 1\nb: 2\na: 3\n", r"line 3: key 'a' is given twice in one mapping \(also on line 1\)"),
    ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", r"nested too deeply"),
    ("a: " + "9" * 6000 + "\n", r"a value cannot be read \(Exceeds the limit"),
    ("a: 2022-02-30\n", r"a value cannot be read \(day is out of range for month\)"),
    ("a: !!python/object:os.system {}\n", r"YAML syntax error"),
    ("a: [1, 2\n", r"line \d+, column \d+: YAML syntax error"),
])
def test_malicious_or_broken_yaml_is_a_config_error(tmp_path, text, match):
    with pytest.raises(ConfigError, match=match):
        read_yaml(_yaml(tmp_path, text))


def test_config_file_size_is_bounded_and_the_limit_can_be_raised(tmp_path, monkeypatch):
    path = _yaml(tmp_path, "a: '" + "x" * 5_000_000 + "'\n")
    with pytest.raises(LimitError, match=r"over the limit of 4.0 MiB \(`limits.config_bytes`\).*"
                                         r"SURVEYKIT_LIMIT_CONFIG_BYTES="):
        read_yaml(path)
    monkeypatch.setenv("SURVEYKIT_LIMIT_CONFIG_BYTES", "8M")
    assert len(read_yaml(path)["a"]) == 5_000_000


def test_config_that_is_a_fifo_fails_at_once(tmp_path):
    os.mkfifo(tmp_path / "surveykit.yaml")
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=r"is a named pipe, not a file"):
        load_config(tmp_path)
    assert time.perf_counter() - started < 5


# --- wave reader options, weighting, screening -------------------------------------------------

@pytest.mark.parametrize(("options", "match"), [
    ("{format: csv}", r"unknown reader option\(s\) 'format'.*`format` is a key of the wave itself"),
    ("{delimiter: ';;'}", r"`waves\[0\].options.delimiter`: ';;' is not a supported delimiter"),
    ("{delimiter: 5}", r"`waves\[0\].options.delimiter`: must be text, got 5"),
    ("{encoding: klingon}", r"'klingon' is not an encoding Python knows"),
    ("{decimal: ';'}", r"`waves\[0\].options.decimal`: must be ',' or '.'"),
    ("{1: x}", r"unknown reader option\(s\) 1"),
    ("{qsf: ../../etc/passwd}", r"`waves\[0\].options.qsf`: '../../etc/passwd' is outside the study folder"),
])
def test_malformed_reader_options(tmp_path, options, match):
    yaml_text = SURVEYKIT_YAML.replace("file: data/raw/w1.csv,", f"file: data/raw/w1.csv, options: {options},")
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml_text})
    with pytest.raises(ConfigError, match=match):
        load_config(tmp_path)


@pytest.mark.parametrize("trim", ["5", "[a, 3]", "[3]", "[3, 1]", "[-1, 3]", "[0.3, .inf]", "[true, 3]"])
def test_malformed_trim(tmp_path, trim):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("privacy:", f"  trim: {trim}\nprivacy:")})
    with pytest.raises(ConfigError, match=r"`weighting.trim`"):
        load_config(tmp_path)


def test_poststratify_to_two_margins_is_refused(tmp_path):
    # it matched the first margin only while the report named both (the weighted age shares
    # were off the population by up to 35 %); R's postStratify takes one set of cells too
    yaml_text = SURVEYKIT_YAML.replace("method: rake", "method: poststratify").replace(
        "margins: [[wave, municipality, gender]]", "margins: [[wave, gender], [wave, municipality]]")
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml_text})
    with pytest.raises(ConfigError, match=r"`weighting.margins`: post-stratification weights to the cells of one "
                                          r"margin, and 2 are given \(\[wave, gender\]; \[wave, municipality\]\).*"
                                          r"`method: rake`.*one margin \[wave, gender, municipality\]"):
        load_config(tmp_path)
    one = yaml_text.replace("margins: [[wave, gender], [wave, municipality]]",
                            "margins: [[wave, gender, municipality]]")
    write_mini_study(tmp_path, **{"surveykit.yaml": one})
    assert load_config(tmp_path).weighting.margins == (("wave", "gender", "municipality"),)


def test_invalid_screening_regex(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace('"^TEST"', '"^(TEST"')})
    with pytest.raises(ConfigError, match=r"`screening.test.pattern`: '\^\(TEST' is not a valid regular expression"):
        load_config(tmp_path)


def test_weights_figure_without_weighting_is_a_config_error(tmp_path):
    from surveykit.report import build

    yaml_text = SURVEYKIT_YAML.split("weighting:")[0] + "weighting: {method: none}\nprivacy: {min_cell: 3}\n"
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml_text,
                                  "config/report.yaml": "figures:\n  - {id: w, kind: weights}\n"})
    with pytest.raises(ConfigError, match=r"'w'\): a weights figure shows how the weighting changed the sample, and "
                                          r"this study is not weighted"):
        build(tmp_path, jobs=1)


# --- paths outside the study ---------------------------------------------------------------------

@pytest.mark.parametrize("target", ["../outside.csv", "{abs}", "data/../../outside.csv", "~/outside.csv"])
def test_wave_files_outside_the_study_are_refused(tmp_path, target):
    study = tmp_path / "study"
    (tmp_path / "outside.csv").write_text("ID;Sted\nx;y\n", encoding="utf-8")
    target = target.format(abs=tmp_path / "outside.csv")
    write_mini_study(study, **{"surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w1.csv", target)})
    with pytest.raises(ConfigError, match=r"`waves\[0\].file`: .* is outside the study folder .*"
                                          r"SURVEYKIT_ALLOW_OUTSIDE=1"):
        load_config(study)


def test_a_link_out_of_the_study_is_refused_unless_allowed(tmp_path, monkeypatch):
    study = write_mini_study(tmp_path / "study")
    secret = tmp_path / "secret.csv"
    (study / "data" / "raw" / "w1.csv").rename(secret)
    (study / "data" / "raw" / "w1.csv").symlink_to(secret)
    with pytest.raises(ConfigError, match=r"'data/raw/w1.csv' \(a link to .*secret.csv\) is outside the study"):
        load_config(study)
    (study / "config" / "sites.csv").rename(tmp_path / "sites.csv")
    (study / "config" / "sites.csv").symlink_to(tmp_path / "sites.csv")
    monkeypatch.setenv("SURVEYKIT_ALLOW_OUTSIDE", "1")
    assert load_study(study).quality["1"]["raw_rows"] == 9
    monkeypatch.delenv("SURVEYKIT_ALLOW_OUTSIDE")
    (study / "data" / "raw" / "w1.csv").unlink()
    secret.rename(study / "data" / "raw" / "w1.csv")
    with pytest.raises(ConfigError, match=r"config/sites.csv.*is outside the study folder"):
        load_study(study)


# --- the CSV tables of the configuration ----------------------------------------------------------

def test_sites_and_population_in_cp1252_read_as_utf8(tmp_path):
    good = load_study(write_mini_study(tmp_path / "good")).responses
    root = write_mini_study(tmp_path / "cp1252")
    (root / "config" / "sites.csv").write_bytes(SITES_CSV.replace("\n", "\r\n").encode("cp1252"))
    (root / "config" / "population.csv").write_bytes(POPULATION_CSV.replace(",", ";").encode("cp1252"))
    bad = load_study(root).responses
    assert list(bad["site_label"]) == list(good["site_label"]) and "Mjøndalen" in set(bad["site_label"].dropna())


@pytest.mark.parametrize(("file", "text", "match"), [
    ("config/population.csv", POPULATION_CSV.replace("1,Drammen,Mann,500", "1,Drammen,Mann,5,00"),
     r"population.csv, line 2: 5 cells but the header has 4 .*A stray comma"),
    ("config/sites.csv", SITES_CSV.replace("a,Askim,Indre Østfold", "a,Askim,Indre, Østfold"),
     r"sites.csv, line 2: 9 cells but the header has 8"),
    ("config/population.csv", "", r"population.csv: the file is empty \(no header row\)"),
    ("config/sites.csv", "", r"sites.csv: the file is empty \(no header row\)"),
    ("config/population.csv", "wave,municipality,gender,population\n",
     r"population.csv: no rows: the file has a header but no population counts"),
    ("config/sites.csv", "site_id,,label\n", r"sites.csv, line 1: column 2 of the header has no name"),
    ("config/sites.csv", SITES_CSV.replace("label,", "site_id,", 1), r"column\(s\) \['site_id'\] appear twice"),
    ("config/sites.csv", '"unclosed\n' + SITES_CSV, r"sites.csv"),
])
def test_broken_config_tables(tmp_path, file, text, match):
    write_mini_study(tmp_path, **{file: text})
    with pytest.raises(SurveykitError, match=match):
        load_study(tmp_path)


def test_respondents_in_a_cell_the_population_lacks_are_named_with_the_file(tmp_path, monkeypatch):
    # the rake's own message named neither the file nor the cell's respondents
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    cut = POPULATION_CSV.replace("1,Indre Østfold,Kvinne,200\n", "")
    assert cut != POPULATION_CSV
    write_mini_study(tmp_path, **{"config/population.csv": cut})
    with pytest.raises(SurveykitError, match=r"population\.csv: no row for the cell wave=1, municipality=Indre "
                                             r"Østfold, gender=Kvinne \(1 missing\).* \d+ respondents? (is|are) in it"):
        load_study(tmp_path).design()


def test_a_missing_row_is_refused_even_when_unweightable_respondents_are_dropped(tmp_path, monkeypatch):
    # A Swedish tester's study (poststratified to wave × gender × age group, `unweightable: drop`
    # for "Annat/vill inte uppge") lost every man 75+ of one wave to one deleted line of
    # population.csv: the build passed, the method note only counted "dropped" answers.
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    cut = POPULATION_CSV.replace("2,Drammen,Mann,510\n", "")
    yaml = SURVEYKIT_YAML.replace("  method: rake\n", "  method: poststratify\n  unweightable: drop\n")
    assert cut != POPULATION_CSV and yaml != SURVEYKIT_YAML
    write_mini_study(tmp_path, **{"config/population.csv": cut, "surveykit.yaml": yaml})
    with pytest.raises(SurveykitError, match=r"no row for the cell wave=2, municipality=Drammen, gender=Mann "
                                             r"\(1 missing\).*unweightable: drop` does not leave"):
        load_study(tmp_path)
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml})   # the whole file: the study weights
    assert load_study(tmp_path).design().n > 0


# --- unknown option keys in report.yaml ----------------------------------------------------------

@pytest.mark.parametrize("kind", ["means", "multi"])   # likert reads `diverging`: test_scaffold_scales_frequency
def test_typos_in_report_options_are_reported(tmp_path, kind):
    from surveykit.report.spec import load_recipe

    path = tmp_path / "report.yaml"
    path.write_text(f"figures:\n  - {{id: m, kind: {kind}, items: [help], options: {{colour: red}}}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"`figures\[0\].options`: a {kind} figure/table takes no options, got "
                                          r"'colour'"):
        load_recipe(path)


def test_typos_in_the_options_of_a_kind_that_reads_some(tmp_path):
    from surveykit.report import build

    write_mini_study(tmp_path, **{"config/report.yaml": "figures:\n  - {id: c, kind: change, items: [help], "
                                                        "by: [municipality], options: {wave: ['1', '2']}}\n"})
    with pytest.raises(ConfigError, match=r"unknown option\(s\) \['wave'\]"):
        build(tmp_path, jobs=1)


def test_the_option_check_takes_the_allowed_keys_per_kind():
    from surveykit.config.yamlfile import Node
    from surveykit.report.spec import check_options

    allowed = {"new_kind": {"x"}, "bare": set()}
    assert check_options(Node({"x": 1}, "r.yaml", "o"), "new_kind", allowed) == {"x": 1}
    with pytest.raises(ConfigError, match=r"`o`: unknown key\(s\) 'y'. Allowed: x"):
        check_options(Node({"y": 1}, "r.yaml", "o"), "new_kind", allowed)
    with pytest.raises(ConfigError, match=r"a bare figure/table takes no options"):
        check_options(Node({"y": 1}, "r.yaml", "o"), "bare", allowed)
    assert check_options(Node({"y": 1}, "r.yaml", "o"), "other", allowed) == {"y": 1}  # left to its kind


@pytest.mark.parametrize("count", ["inf", "1e400", "nan", "-5"])
def test_population_counts_must_be_finite(tmp_path, count):
    write_mini_study(tmp_path, **{"config/population.csv": POPULATION_CSV.replace("1,Drammen,Mann,500",
                                                                                  f"1,Drammen,Mann,{count}")})
    with pytest.raises(ConfigError, match=rf"population.csv, row 2, column \"population\": '{count}' is not a "
                                          r"non-negative number"):
        load_study(tmp_path)


@pytest.mark.parametrize(("written", "match"), [
    ("file:///home/me/w1.csv", r"is a URL; give the file's path relative to surveykit.yaml"),
    ("$HOME/w1.csv", r"holds an environment variable, which surveykit does not expand"),
    ("${DATA}/w1.csv", r"holds an environment variable"),
    ("%USERPROFILE%/w1.csv", r"holds an environment variable"),
    ("data\\raw\\w1.csv", r"has backslashes, which are part of a file name on this system.*forward slashes"),
])
def test_a_path_written_as_a_url_a_variable_or_with_backslashes_says_so(tmp_path, written, match):
    root = write_mini_study(tmp_path)
    (root / "surveykit.yaml").write_text(SURVEYKIT_YAML.replace("data/raw/w1.csv", f"'{written}'"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`waves\[0\]\.file`: .*" + match):
        load_config(root)


def test_a_file_whose_name_holds_a_dollar_or_a_backslash_is_read_when_it_exists(tmp_path):
    root = write_mini_study(tmp_path)
    (root / "data" / "raw" / "w1.csv").rename(root / "data" / "raw" / "w$1\\a.csv")
    (root / "surveykit.yaml").write_text(SURVEYKIT_YAML.replace("data/raw/w1.csv", "'data/raw/w$1\\a.csv'"),
                                         encoding="utf-8")
    assert load_config(root).waves[0].file.name == "w$1\\a.csv"


def test_population_waves_written_as_years_are_named_with_the_ids_to_use(tmp_path, monkeypatch):
    # a Swedish tester wrote 2023/2024 in population.csv's wave column: "no population for
    # sampling stratum '1'" did not say that the column holds wave ids
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    years = POPULATION_CSV.replace("\n1,", "\n2022,").replace("\n2,", "\n2023,")
    assert "2022,Drammen" in years and "\n1," not in years
    write_mini_study(tmp_path, **{"config/population.csv": years})
    with pytest.raises(SurveykitError, match=r"column 'wave' holds '2022', '2023', the responses '1', '2' \(the "
                                             r"wave column holds the ids of `waves:`"):
        load_study(tmp_path).design()


def test_a_yaml_saved_in_windows_1252_names_its_line_and_the_character(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_bytes("variables:\n  - name: gender\n    label: {nb: Kjønn}\n".encode("cp1252"))
    with pytest.raises(ConfigError) as err:
        read_yaml(path)
    said = str(err.value)
    assert f"{path}, line 3: not UTF-8 text (byte f8 at byte 46:" in said and "it would be 'ø'" in said
    assert "Save the file as UTF-8" in said


def test_a_yaml_saved_as_utf16_is_named_so(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_bytes("variables: []\n".encode("utf-16"))
    with pytest.raises(ConfigError, match=r"saved as UTF-16 \(it starts with a UTF-16 byte order mark"):
        read_yaml(path)
