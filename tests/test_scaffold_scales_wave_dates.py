"""A wave's year from the folder holding its export (data/raw/2022/dataset.csv, as SurveyXact names
every export `dataset.csv`): three waves were labelled "2026-12", "2026-12 (2)", "2026-12 (3)" with
the day the files were copied as their field date. Without any year the draft says the date is
today's, loudly (REVIEW and a warning), never silently."""

from __future__ import annotations

import datetime as dt

from tests.test_scaffold_scales_status import draft, settings, surveyxact_trio


def test_the_year_of_the_folder_names_the_wave_and_gives_its_field_date(tmp_path):
    exports = [surveyxact_trio(tmp_path / "raw" / year, seed=k)[0] for k, year in enumerate(["2022", "2023", "2024"])]
    study = draft(tmp_path, *exports)
    waves = settings(study)["waves"]
    assert [w["label"] for w in waves] == ["2022", "2023", "2024"]
    assert [w["file"] for w in waves] == [f"data/raw/{y}/dataset.csv" for y in ("2022", "2023", "2024")]
    assert [w["field_date"] for w in waves] == [dt.date(y, 7, 1) for y in (2022, 2023, 2024)]
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    field_lines = [line for line in text.splitlines() if line.strip().startswith("field_date:")]
    assert all("REVIEW" in line and "of its folder" in line for line in field_lines)


def test_a_year_month_folder_gives_the_month(tmp_path):
    export, _ = surveyxact_trio(tmp_path / "raw" / "runde_2023-10")
    wave = settings(draft(tmp_path, export))["waves"][0]
    assert wave["field_date"] == dt.date(2023, 10, 15) and wave["label"] == "2023"


def test_without_a_year_the_file_date_is_said_to_be_today(tmp_path, capsys):
    export, _ = surveyxact_trio(tmp_path / "raw" / "export")
    before = dt.date.today()
    study = draft(tmp_path, export, quiet=False)
    after = dt.date.today()   # a run across midnight: either day
    wave = settings(study)["waves"][0]
    assert wave["field_date"] in (before, after)
    line = next(x for x in (study / "surveykit.yaml").read_text(encoding="utf-8").splitlines()
                if x.strip().startswith("field_date:"))
    assert "REVIEW" in line and "today" in line
    assert "no year in its name or folder" in capsys.readouterr().err
