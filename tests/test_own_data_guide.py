"""End to end, literally as docs/own-data.md says: init, copy the export, draft, the minimal
edits of the guide, validate, build -> figures and tables with the right respondent count.

The exports are generated here in the layouts the tools write (a Nettskjema report with its
SPSS syntax file; a Swedish Microsoft Forms workbook), so the test needs no unlicensed sample.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import cli

SITES = ["Askim bibliotek", "Mysen bibliotek", "Spydeberg innbyggertorg og bibliotek"]
AGREE_NB = {1: "Helt uenig", 2: "Litt uenig", 3: "Verken enig eller uenig", 4: "Litt enig", 5: "Helt enig",
            9: "Vet ikke"}
ITEMS_NB = {"velkommen": "Jeg føler meg velkommen", "hjelp": "Det er lett å få hjelp",
            "moteplass": "Stedet er en god møteplass"}
SERVICES_NB = {"nav": "Hjelp med NAV", "skatt": "Skatt", "digital": "Digital hjelp"}


def write_nettskjema(folder: Path, n: int = 150, seed: int = 1) -> Path:
    """A Nettskjema CSV report (semicolon, quoted, `$` system columns, coded answers) + its .sps."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {
        "$submission_id": np.arange(30000000, 30000000 + n),
        "$created": [f"2024-02-{1 + i % 20:02d}T10:{i % 60:02d}:00+01:00" for i in range(n)],
        "bibliotek": rng.integers(1, len(SITES) + 1, n),
    }
    for key in ITEMS_NB:
        cols[f"enighet.{key}"] = rng.choice([1, 2, 3, 4, 5, 9], n, p=[.05, .1, .2, .3, .3, .05])
    for key in SERVICES_NB:
        cols[f"tjenester.{key}"] = rng.integers(0, 2, n)
    cols["kjonn"] = rng.integers(1, 3, n)
    cols["alder"] = rng.integers(16, 90, n)
    cols["kommentar"] = [("Fint sted, ring meg på 912 34 567" if i % 17 == 0 else "") for i in range(n)]
    cols["$answer_time_ms"] = rng.integers(30000, 400000, n)
    path = folder / "data-345678-2024-03-01-1200.txt"
    pd.DataFrame(cols).to_csv(path, sep=";", index=False, quoting=1, lineterminator="\n")
    sps = ["* Encoding: UTF-8.", "* Innbyggerundersøkelse (id 345678) - 2024-03-01-1200", ""]

    def var(name: str, text: str, labels: dict | None = None) -> None:
        sps.extend([f"*{name}.", f"VARIABLE LABELS {name} '{text}'."])
        if labels:
            sps.append(f"VALUE LABELS {name}")
            items = list(labels.items())
            sps.extend(f"  {c} '{lab}'" + ("." if i == len(items) - 1 else "") for i, (c, lab) in enumerate(items))
        sps.append("")

    var("bibliotek", "Hvilket bibliotek bruker du mest?", {i + 1: s for i, s in enumerate(SITES)})
    for key, text in ITEMS_NB.items():
        var(f"enighet.{key}", text, AGREE_NB)
    for key, text in SERVICES_NB.items():
        var(f"tjenester.{key}", f"Hvilke tjenester kjenner du til? {text}", {1: "Yes", 0: "No"})
    var("kjonn", "Kjønn", {1: "Mann", 2: "Kvinne"})
    var("alder", "Alder")
    var("kommentar", "Har du andre kommentarer?")
    path.with_suffix(".sps").write_text("\n".join(sps) + "\n", encoding="utf-8")
    return path


def write_msforms_sv(folder: Path, n: int = 120, seed: int = 2) -> Path:
    """A Swedish Microsoft Forms download: fixed columns, labels as text, multi-select joined with ';'."""
    rng = np.random.default_rng(seed)
    agree = ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer i stor grad",
             "Instämmer helt", "Vet inte"]
    sites = ["Alingsås bibliotek", "Borås stadsbibliotek", "Ulricehamns medborgarkontor och bibliotek"]
    services = ["Hjälp med e-tjänster", "Skatteverket", "Lån av mötesrum"]
    start = pd.Timestamp("2024-03-04 09:00")
    frame = pd.DataFrame({
        "ID": np.arange(1, n + 1),
        "Starttid": [start + pd.Timedelta(minutes=7 * i) for i in range(n)],
        "Tid för slutförande": [start + pd.Timedelta(minutes=7 * i + 4) for i in range(n)],
        "E-post": "anonymous",
        "Namn": None,
        "Vilket bibliotek använder du mest?": rng.choice(sites, n),
        "Jag känner mig välkommen": rng.choice(agree, n, p=[.05, .1, .25, .3, .25, .05]),
        "Det är lätt att få hjälp": rng.choice(agree, n, p=[.05, .1, .25, .3, .25, .05]),
        "Vilka tjänster känner du till?": [";".join(rng.choice(services, rng.integers(1, 3), replace=False)) + ";"
                                           for _ in range(n)],
        "Kön": rng.choice(["Kvinna", "Man"], n),
        "Ålder": rng.integers(16, 90, n),
    })
    path = folder / "Medborgarundersökning 2024(1-120).xlsx"
    frame.to_excel(path, index=False, sheet_name="Sheet1")
    return path


# -- the guide's edits, exactly as docs/own-data.md shows them ------------------------------

AGE_GROUP = """
  - name: age_group
    type: single
    label: {nb: "Aldersgruppe", sv: "Åldersgrupp"}
    derive: {from: age, breaks: [16, 30, 45, 60, 75], labels: ["16-29", "30-44", "45-59", "60-74", "75+"]}
"""

WEIGHTING = """weighting:
  method: rake
  population: config/population.csv
  count: population
  strata: [wave]
  margins:
    - [wave, gender]
    - [wave, age_group]

"""


def _guide_section(name: str) -> str:
    """A fenced block of docs/own-data.md, by the comment on its first line."""
    guide = (Path(__file__).parents[1] / "docs" / "own-data.md").read_text(encoding="utf-8")
    for block in re.findall(r"```[a-z]*\n(.*?)```", guide, flags=re.S):
        if block.startswith(f"# {name}"):
            return block.split("\n", 1)[1]
    raise AssertionError(f"docs/own-data.md has no block starting with '# {name}'")


def test_guide_installs_from_the_repository_as_the_readme_does():
    root = Path(__file__).parents[1]
    guide = (root / "docs" / "own-data.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"(?m)^python3 -m venv .*$", readme)
    assert len(commands) == 2 and all(c in guide for c in commands)
    assert "pip install surveykit" not in guide
    assert ".qsf" in guide and ".sps" in guide  # the sidecar files and what the draft reads from them


def test_guide_shows_the_edits_this_test_makes():
    assert _guide_section("add to the end of config/codebook.yaml").strip() == AGE_GROUP.strip()
    assert _guide_section("in surveykit.yaml, replace the weighting block").strip() == WEIGHTING.strip()


def _population(genders: list[str]) -> pd.DataFrame:
    groups = ["16-29", "30-44", "45-59", "60-74", "75+"]
    counts = [5200, 6100, 5900, 4800, 2100]
    rows = [{"wave": 1, "gender": g, "age_group": a, "population": c + 150 * i}
            for i, g in enumerate(genders) for a, c in zip(groups, counts, strict=True)]
    return pd.DataFrame(rows)


def _follow_guide(tmp_path: Path, export: Path, *, co_located: str, municipality: str, genders: list[str],
                  language: str | None = None) -> Path:
    study = tmp_path / "my-study"
    # 2. surveykit init my-study
    assert cli.main(["-q", "init", str(study)]) == 0
    # 3. copy the export (and, for Nettskjema, its .sps) to data/raw
    for f in export.parent.iterdir():
        shutil.copy(f, study / "data" / "raw" / f.name)
    # 4. surveykit codebook draft data/raw/<export>   (run inside the study folder)
    raw = Path("data") / "raw" / export.name
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(study)
        assert cli.main(["-q", "codebook", "draft", str(raw)]) == 0
        # 5a. sites: a municipality column, and co_located true for the co-located sites; what
        # co_located means and the site_type grouping go to the end of surveykit.yaml
        sites = pd.read_csv("config/sites.csv", dtype=str, keep_default_na=False)
        assert len(sites) == 3 and "co_located" not in sites  # the draft knows no co-location
        sites["municipality"] = municipality
        sites["co_located"] = np.where(sites["label"].str.contains(co_located), "true", "false")
        sites.to_csv("config/sites.csv", index=False)
        with open("surveykit.yaml", "a", encoding="utf-8") as fh:
            fh.write(_guide_section("add to the end of surveykit.yaml"))
        # 5d. group the figures and tables by the site type
        recipe = Path("config/report.yaml").read_text(encoding="utf-8")
        assert "by: [site, wave]" in recipe and "site_type" not in recipe
        Path("config/report.yaml").write_text(recipe.replace("by: [site, wave]", "by: [site_type, wave]"),
                                              encoding="utf-8")
        # 5b. age groups, population and weighting
        with open("config/codebook.yaml", "a", encoding="utf-8") as fh:
            fh.write(AGE_GROUP)
        _population(genders).to_csv("config/population.csv", index=False)
        cfg = Path("surveykit.yaml").read_text(encoding="utf-8")
        cfg = re.sub(r"(?ms)^weighting:.*?(?=^privacy:)", lambda _m: WEIGHTING, cfg)
        if language:
            cfg = re.sub(r"(?m)^(  language: )\w+", rf"\g<1>{language}", cfg)
        Path("surveykit.yaml").write_text(cfg, encoding="utf-8")
        # 6. surveykit validate, 7. surveykit build
        assert cli.main(["-q", "validate"]) == 0
        assert cli.main(["-q", "build"]) == 0
    return study


def _check_outputs(study: Path, n: int) -> None:
    quality = json.loads((study / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert quality["1"]["responses"] == n and quality["1"]["rejected"] == 0
    figures = study / "reports" / "figures"
    for kind in ("likert", "means"):  # one figure of each kind per scale (here: one agreement scale)
        [png] = figures.glob(f"{kind}_*.png")
        assert png.stat().st_size > 1000 and png.with_suffix(".svg").stat().st_size > 1000
    tables = study / "reports" / "tables"
    [topbox_csv] = tables.glob("topbox_*.csv")
    topbox = pd.read_csv(topbox_csv)
    # every respondent who answered an item is counted once across the site types
    first = topbox[(topbox["variable"] == topbox["variable"].iloc[0]) & (topbox["level"] == topbox["level"].iloc[0])]
    assert 0.85 * n <= first["n"].sum() <= n
    [likert_csv] = tables.glob("likert_*.csv")
    likert = pd.read_csv(likert_csv)
    assert set(likert["site_type"]) == {"co_located", "separate"}
    assert (study / "reports" / "tables.xlsx").is_file() and (study / "reports" / "index.html").is_file()


def test_nettskjema_export_to_report(tmp_path):
    source = tmp_path / "download"
    source.mkdir()
    export = write_nettskjema(source)
    study = _follow_guide(tmp_path, export, co_located="innbyggertorg", municipality="Indre Østfold",
                          genders=["Mann", "Kvinne"])
    _check_outputs(study, 150)
    cfg = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert "field_date: 2024-02-" in cfg and "data-345678-2024-03-01-1200.txt" in cfg
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert codebook.count("agree5:") == 1 and "type: multi" in codebook
    assert "Hjelp med NAV" in codebook
    # free text was masked, the id pseudonymised
    responses = pd.read_parquet(study / "data" / "processed" / "responses.parquet")
    assert not responses["har_du_andre_kommentarer"].dropna().str.contains("912 34 567").any()
    assert not responses["respondent_id"].astype(str).str.startswith("300000").any()
    html = (study / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Samlokalisert" in html or any((study / "reports" / "figures").glob("likert_*.png"))


def test_swedish_ms_forms_export_to_report(tmp_path):
    source = tmp_path / "download"
    source.mkdir()
    export = write_msforms_sv(source)
    study = _follow_guide(tmp_path, export, co_located="medborgarkontor", municipality="Västra Götaland",
                          genders=["Kvinna", "Man"], language=None)
    cfg = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert "language: sv" in cfg  # guessed from the questions
    _check_outputs(study, 120)
    [svg_path] = (study / "reports" / "figures").glob("likert_*.svg")
    svg = svg_path.read_text(encoding="utf-8")
    assert "Samlokaliserad" in svg or "Samlokaliserad" in (study / "reports" / "index.html").read_text("utf-8")
    codebook = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "Instämmer" in codebook and "Vet inte" in codebook


def test_swedish_report_has_no_norwegian_or_demo_texts(tmp_path):
    source = tmp_path / "download"
    source.mkdir()
    study = _follow_guide(tmp_path, write_msforms_sv(source), co_located="medborgarkontor",
                          municipality="Västra Götaland", genders=["Kvinna", "Man"])
    html = (study / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Indre Østfold" not in html and "Vekting" not in html
