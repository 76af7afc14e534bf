"""A second adversarial round on issue 14 (hostile input): each test is an attack that got
through the first round's defences, with the behaviour now expected."""

from __future__ import annotations

import csv
import io

import pytest

from surveykit.report import build
from tests.browser import DESKTOP, Browser
from tests.study_fixture import CODEBOOK_YAML, SITES_CSV, write_mini_study

FORMULA_SITE = "=HYPERLINK(\"http://evil\";\"x\")"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 32)


# --- the explorer's CSV download neutralises formulas, as the build's CSV files do -------------

def test_explorer_download_neutralises_formula_cells(tmp_path):
    sites = SITES_CSV.replace("a,Askim,", f'a,"{FORMULA_SITE.replace(chr(34), chr(34) * 2)}",', 1)
    sites = sites.replace(",Askim bibliotek,true", ",Askim bibliotek|Askim,true", 1)
    codebook = CODEBOOK_YAML.replace("label: {nb: Lett å få hjelp, en: Easy to get help}",
                                     "label: {nb: \"@SUM(1+1)\", en: x}")
    root = write_mini_study(tmp_path, **{
        "config/sites.csv": sites, "config/codebook.yaml": codebook,
        "config/report.yaml": "figures: []\ntables:\n  - {id: explorer, kind: explorer, by: [site]}\n"})
    build(root, jobs=1)
    page = root / "reports" / "explorer.html"
    with Browser() as browser, browser.tab(page, DESKTOP) as tab:
        tab.eval("document.getElementById('b').value = '1'; document.getElementById('b').dispatchEvent(new Event('change')); "
                 "document.getElementById('download').click(); 1")
        text = tab.eval("window.__skCsv")
    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for cell in row]  # nb: ";"
    assert any(cell == "'" + FORMULA_SITE for cell in cells), cells          # the site, neutralised
    assert any(cell.startswith("'@SUM(1+1)") for cell in cells), cells      # the question's label too
    risky = [c for c in cells if c[:1] and c[0] in "=+-@" and c not in ("-", "+")]
    assert all(c.lstrip("+-").replace(".", "", 1).replace(",", "", 1).isdigit() for c in risky), risky


# --- texts of the export that reach quality.json are masked like free text ---------------------

def test_identifier_in_an_unused_header_is_masked_in_quality_json(tmp_path):
    from tests.study_fixture import W1_CSV

    header = "Ring Ola Nordmann 912 34 567 ola@example.no fnr 01019012345"
    lines = W1_CSV.splitlines()
    w1 = "\n".join([lines[0] + ";" + header] + [line + ";x" for line in lines[1:]]) + "\n"
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": w1,
                                         "config/report.yaml": "figures: []\ntables: []\n"})
    build(root, jobs=1)
    for path in [*(root / "data" / "processed").rglob("*"), *(root / "reports").rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"ola@example.no", b"01019012345", b"912 34 567", b"Ola Nordmann"):
                assert secret not in data, (path, secret)
    quality = (root / "data" / "processed" / "quality.json").read_text(encoding="utf-8")
    assert "[e-post]" in quality and "[id-nummer]" in quality    # the column is still reported, masked


# --- two waves cannot read one export --------------------------------------------------------

@pytest.mark.parametrize("second", ["data/raw/w1.csv", "data/raw/./w1.csv", "data/raw/link.csv", "data/raw/hard.csv"])
def test_two_waves_reading_one_file_are_refused(tmp_path, second):
    from surveykit import load_study
    from surveykit.errors import ConfigError
    from tests.study_fixture import SURVEYKIT_YAML

    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w2.csv", second)})
    (root / "data" / "raw" / "link.csv").symlink_to("w1.csv")
    import os
    os.link(root / "data" / "raw" / "w1.csv", root / "data" / "raw" / "hard.csv")
    with pytest.raises(ConfigError, match=r"waves '1' and '2' read the same file \(w1.csv\)"):
        load_study(root)


# --- the weights' distribution gives no small weighting cell away --------------------------------

def test_weight_distribution_of_a_small_weighting_cell_is_withheld(tmp_path):
    """After post-stratification a weight is its cell's population over its respondents: the
    largest weight (300, Indre Østfold men in wave 1, whose composition cell is suppressed)
    gave that cell's n = 300 / 300 = 1 back, in w_summary.csv and the workbook's method sheets."""
    import openpyxl
    import pandas as pd

    from surveykit import load_study
    from surveykit.report.figures.weights import withheld_waves

    root = write_mini_study(tmp_path, **{"config/report.yaml": "figures:\n  - {id: w, kind: weights}\ntables: []\n"})
    study = load_study(root)
    counts = study.responses.groupby(["wave", "municipality", "gender"], observed=True).size()
    assert counts.min() < study.config.min_cell and withheld_waves(study) == {"1", "2"}
    build(root, jobs=1)
    summary = pd.read_csv(root / "reports" / "tables" / "w_summary.csv")
    assert summary[["min", "max", "n_eff", "deff_weights"]].isna().all().all()
    assert summary["n"].tolist() == [6, 6]
    book = openpyxl.load_workbook(root / "reports" / "tables.xlsx")
    rows = list(book["metode_feilmarginer"].iter_rows(values_only=True))[1:]
    assert [row[1] for row in rows] == [6, 6] and all(v is None for row in rows for v in row[2:])
    numbers = [v for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, float)]
    assert 300.0 not in numbers
    text = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "300,00" not in text and "300.00" not in text and "Effektivt utvalg på om lag" not in page


def test_weight_distribution_is_published_when_every_weighting_cell_is_large(tmp_path):
    import pandas as pd

    from tests.study_fixture import SURVEYKIT_YAML

    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("min_cell: 3", "min_cell: 1"),
                                         "config/report.yaml": "figures:\n  - {id: w, kind: weights}\ntables: []\n"})
    build(root, jobs=1)
    summary = pd.read_csv(root / "reports" / "tables" / "w_summary.csv")
    assert summary[["min", "max", "n_eff"]].notna().all().all()


# --- codebook and population values that made no sense were taken ------------------------------

@pytest.mark.parametrize(("file", "change", "match"), [
    ("config/codebook.yaml", ("{code: 2, label: {nb: Nøytral, en: Neutral}", "{code: 2, label: {nb: Uenig, en: Neutral}"),
     r"two levels are labelled 'Uenig' \(in language 'nb'\); labels must be unique"),
    ("config/codebook.yaml", ("{code: 2, label", "{code: .nan, label"),
     r"levels\[1\]\.code`: nan is not a code; give a finite number"),
    ("config/codebook.yaml", ("{code: 2, label", "{code: -.inf, label"), r"-inf is not a code"),
    ("config/codebook.yaml", ("{code: 9, label: {nb: Vet ikke", "{code: 3, label: {nb: Vet ikke"),
     r"codes must be unique within a scale; \[3\] given more than once"),
    ("config/population.csv", ("1,Drammen,Mann,500", "1,Drammen,Mann,1e308"),
     r"row 2, column \"population\": '1e308' is more than 1e\+12"),
    ("config/population.csv", ("2,Drammen,Mann,510\n", "2,Drammen,Mann,510\n2,Drammen,Mann,510\n"),
     r"the cell '2 × Drammen × Mann' is given on more than one row \(rows \[6, 7\]\)"),
])
def test_scales_and_population_counts_that_cannot_be_right_are_refused(tmp_path, file, change, match):
    from surveykit import load_study
    from surveykit.errors import ConfigError
    from tests.study_fixture import POPULATION_CSV

    original = {"config/codebook.yaml": CODEBOOK_YAML, "config/population.csv": POPULATION_CSV}[file]
    root = write_mini_study(tmp_path, **{file: original.replace(*change)})
    with pytest.raises(ConfigError, match=match):
        load_study(root).design()


# --- xlsx: the sheet a user sees, and a sheet name spelled another way --------------------------

def _w1_book(path, title="Data", hidden_first=False):
    import openpyxl

    from tests.study_fixture import W1_CSV

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for line in W1_CSV.splitlines():
        ws.append([int(x) if x.isdigit() else x for x in line.split(";")])
    if hidden_first:
        secret = wb.create_sheet("Gammel", 0)
        secret.append(["ID", "Sted"])
        secret.append(["x1", "Askim"])
        secret.sheet_state = "hidden"
    wb.save(path)


@pytest.mark.parametrize(("title", "sheet", "hidden_first"), [
    ("Data", None, True),                      # a hidden first sheet was read instead of the one shown
    ("Data", "data", False),                   # Excel's sheet names ignore case
    ("Sp\u00f8rsm\u00e5l", "Sp\u00f8rsma\u030al", False),   # the same name in NFD ('no sheet named 'Spørsmål'')
])
def test_xlsx_sheet_is_the_one_the_user_means(tmp_path, title, sheet, hidden_first):
    from surveykit import load_study
    from tests.study_fixture import SURVEYKIT_YAML

    option = f", sheet: \"{sheet}\"" if sheet else ""
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace(
        "file: data/raw/w1.csv", f"file: data/raw/w1.xlsx{option}")})
    _w1_book(root / "data" / "raw" / "w1.xlsx", title, hidden_first)
    responses = load_study(root).responses
    assert (responses["wave"] == "1").sum() == 6


def test_xlsx_with_every_sheet_hidden_is_refused(tmp_path):
    import re
    import zipfile

    from surveykit import load_study
    from surveykit.errors import ReadError
    from tests.study_fixture import SURVEYKIT_YAML

    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace(
        "file: data/raw/w1.csv", "file: data/raw/w1.xlsx")})
    path = root / "data" / "raw" / "w1.xlsx"
    _w1_book(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":   # every sheet hidden (openpyxl will not write that)
                data = re.sub(rb'state="visible"', b'state="hidden"', data)
            out.writestr(item, data)
    with pytest.raises(ReadError, match=r"every sheet of the workbook is hidden \('Data'\)"):
        load_study(root)


# --- one file per published table -------------------------------------------------------------

@pytest.mark.parametrize(("report", "match"), [
    ("figures:\n  - {id: w, kind: weights}\ntables:\n  - {id: w_summary, kind: topbox, items: [help], by: [site]}\n",
     r"\('w_summary'\): its table 'w_summary' and a table of 'w' would both be written to reports/tables/w_summary.csv"),
    ("figures:\n  - {id: W, kind: weights}\ntables:\n  - {id: w_Summary, kind: topbox, items: [help], by: [site]}\n",
     r"its table 'w_Summary' and a table of 'W' would both be written"),
    ("figures: []\ntables:\n  - {id: explorer, kind: explorer, by: [site]}\n"
     "  - {id: explorer_site, kind: topbox, items: [help], by: [municipality]}\n",   # an internal error (KeyError)
     r"its table 'explorer_site' and a table of 'explorer' would both be written"),
])
def test_a_table_id_that_is_another_entrys_table_name_is_refused(tmp_path, report, match):
    from surveykit.errors import ConfigError

    root = write_mini_study(tmp_path, **{"config/report.yaml": report})
    with pytest.raises(ConfigError, match=match):
        build(root, jobs=1)
    assert not (root / "reports").exists()


# --- .sav value labels: checked for a column found by a pattern, listed briefly ----------------

def _sav_study(tmp_path, labels):
    import pandas as pd
    import pyreadstat

    from tests.study_fixture import SURVEYKIT_YAML, W2_CSV

    rows = [line.split(";") for line in W2_CSV.splitlines()]
    frame = pd.DataFrame([r[:6] for r in rows[1:]], columns=["id", "sted", "kjonn", "alder", "q7", "q9"])
    for col in ("kjonn", "alder", "q7", "q9"):
        frame[col] = pd.to_numeric(frame[col])
    frame["q10"], frame["kommentar"] = "", ""
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("w2.csv", "w2.sav")})
    pyreadstat.write_sav(frame, str(root / "data" / "raw" / "w2.sav"), variable_value_labels=labels)
    return root


def test_sav_value_labels_of_a_pattern_source_are_checked(tmp_path):
    """`help` is found by `pattern: "^q7"` in wave 2: its value labels were not compared with the
    scale (code 1 labelled '=HYPERLINK(...)', read as 'Uenig', exit 0)."""
    from surveykit import load_study
    from surveykit.errors import ValidationError

    root = _sav_study(tmp_path, {"q7": {1: "=HYPERLINK(\"x\")", 2: "Nøytral", 3: "Enig", 9: "Vet ikke"}})
    with pytest.raises(ValidationError, match=r"column \"q7\": value_label_mismatch: 1.0 = '=HYPERLINK\(\"x\"\)'"):
        load_study(root)


def test_many_value_label_mismatches_are_listed_briefly(tmp_path):
    from surveykit import load_study
    from surveykit.errors import ValidationError

    root = _sav_study(tmp_path, {"q9": {float(i): f"L{i}" for i in range(10_000)}})
    with pytest.raises(ValidationError) as caught:
        load_study(root)
    message = str(caught.value)
    assert "'L4' and 9995 more" in message and "'L5'" not in message and len(message) < 2000


# --- commands that write a study's files never write through a planted link ---------------------

def _victim(tmp_path):
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("the user's own file\n", encoding="utf-8")
    return victim


def test_demo_does_not_overwrite_a_file_a_link_in_data_raw_leads_to(tmp_path, capsys):
    from surveykit.cli import main
    from surveykit.synth import write_study

    victim = _victim(tmp_path)
    root = write_study(tmp_path / "demo", scale=0.05)
    raw = root / "data" / "raw" / "wave1_opinion_2022.xlsx"
    raw.unlink()
    raw.symlink_to(victim)
    assert main(["-q", "demo", str(root)]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"


def test_demo_does_not_write_into_a_linked_raw_folder(tmp_path, capsys):
    import shutil

    from surveykit.cli import main
    from surveykit.synth import write_study

    root = write_study(tmp_path / "demo", scale=0.05)
    outside = tmp_path / "elsewhere"
    shutil.move(root / "data" / "raw", outside)
    (root / "data" / "raw").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    assert main(["-q", "demo", str(root)]) == 2
    assert "outside the study folder" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


@pytest.mark.parametrize("force", [False, True])
def test_codebook_draft_and_init_do_not_write_through_a_link(tmp_path, monkeypatch, capsys, force):
    from surveykit.cli import main

    victim = _victim(tmp_path)
    root = write_mini_study(tmp_path / "study")
    (root / "config" / "codebook.yaml").unlink()
    (root / "config" / "codebook.yaml").symlink_to(victim)
    monkeypatch.chdir(root)
    args = ["-q", "codebook", "draft", "data/raw/w1.csv", "data/raw/w2.csv"] + (["--force"] if force else [])
    assert main(args) == 2
    assert main(["-q", "init", "--force", str(root)]) == 2
    capsys.readouterr()
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"


def test_gitignore_hard_linked_elsewhere_keeps_the_other_file(tmp_path, monkeypatch):
    import os

    from surveykit.clean.privacy import load_key

    monkeypatch.delenv("SURVEYKIT_KEY")
    victim = _victim(tmp_path)
    root = tmp_path / "study"
    root.mkdir()
    os.link(victim, root / ".gitignore")
    load_key(root)
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"
    assert (root / ".gitignore").read_text(encoding="utf-8").startswith("the user's own file\n# the pseudonymisation key")


# --- a pseudonymisation key that can be guessed is refused --------------------------------------

@pytest.mark.parametrize("key", ["k", "short-key", "   x   "])
def test_a_short_key_in_the_environment_is_refused(tmp_path, monkeypatch, key):
    """With the key "k", a known id (r1) and its published pseudonym give the key away by trying
    every short string, and with it every other respondent's id."""
    from surveykit import load_study
    from surveykit.errors import ConfigError

    monkeypatch.setenv("SURVEYKIT_KEY", key)
    root = write_mini_study(tmp_path)
    with pytest.raises(ConfigError, match=r"SURVEYKIT_KEY holds a pseudonymisation key of \d character\(s\); it "
                                          r"needs at least 16"):
        load_study(root)


# --- one respondent id, however it is spelled invisibly -------------------------------------------

@pytest.mark.parametrize("twin", ["r3\u200b", "\ufeffr3", "r3\u200e", " r3 "])
def test_an_id_with_invisible_characters_is_the_same_respondent(tmp_path, twin):
    """'r3' and 'r3' followed by a zero-width space (or a BOM, a direction mark) were two
    respondents: the repeat escaped the duplicate screening and got its own pseudonym."""
    from surveykit import load_study
    from tests.study_fixture import W1_CSV

    repeat = "r3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;ring 912 34 567\n"
    w1 = W1_CSV.replace(repeat + repeat, repeat + twin + repeat[2:])
    assert w1 != W1_CSV
    study = load_study(write_mini_study(tmp_path, **{"data/raw/w1.csv": w1}))
    rejects = study.rejects[study.rejects["wave"] == "1"]
    assert rejects["reason"].tolist().count("duplicate") == 1
    assert rejects.loc[rejects["reason"] == "duplicate", "respondent_id"].iloc[0] in set(study.responses["respondent_id"])


def test_ids_in_two_unicode_forms_are_the_same_respondent(tmp_path):
    from surveykit import load_study
    from tests.study_fixture import W1_CSV

    w1 = W1_CSV.replace("\nr1;", "\n\u00f81x\u00f6;").replace("\nr2;", "\n\u00f81xo\u0308;")
    study = load_study(write_mini_study(tmp_path, **{"data/raw/w1.csv": w1}))
    assert study.rejects["reason"].tolist().count("duplicate") == 2


def test_an_identifier_in_an_export_file_name_is_masked_in_quality_json(tmp_path):
    from surveykit import load_study
    from tests.study_fixture import SURVEYKIT_YAML, W1_CSV

    name = "data/raw/svar fra ola.nordmann@kommune.no 01019012345.csv"
    root = write_mini_study(tmp_path, **{name: W1_CSV,
                                         "surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w1.csv", f'"{name}"')})
    study = load_study(root)
    study.save()
    quality = (root / "data" / "processed" / "quality.json").read_text(encoding="utf-8")
    assert "ola.nordmann" not in quality and "01019012345" not in quality
    assert '"file": "data/raw/svar fra [e-post] [id-nummer].csv"' in quality
    assert '"file": "data/raw/w2.csv"' in quality
