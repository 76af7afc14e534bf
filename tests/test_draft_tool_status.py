"""A survey tool's status column, its time stamps and its own columns in a plain CSV export.

UmfrageOnline (Per-Starke/Models4Music-Paper-SurveyAnalysis,
`data/UmfrageOnline-Beantwortungen-1423358-2022-08-27.csv`): "ID", "Gestartet am", "Zuletzt
aktualisiert am", "Status" ("Abgeschlossen" 51, "Angefangen, aber noch nicht abgeschlossen" 22),
"Collector", "Sprache" (all "-"), "IP-Adresse", "Gerät", then the questions. The draft got no
screening rule (the status was drafted as a question), drafted Collector, Sprache and Gerät as
questions, and took the field date from the file name ("the export has no time stamps") although
it typed the two time stamps as dates. The files here are small synthetic ones laid out alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from surveykit.io import read_export
from surveykit.io.raw import RawExport
from surveykit.scaffold.scan import scan
from surveykit.scaffold.vendor import proposals, roles, timestamps

UNFINISHED = "Angefangen, aber noch nicht abgeschlossen"


def umfrageonline(folder: Path, n: int = 40) -> Path:
    header = ["ID", "Gestartet am", "Zuletzt aktualisiert am", "Status", "Collector", "Sprache", "IP-Adresse",
              "Gerät", "What is your gender?", "What is your age?", "Do you deal a lot with computers / IT?"]
    rows = [",".join(f'"{h}"' for h in header)]
    for i in range(n):
        done = i % 4 != 3
        day = 20 + i % 8
        rows.append(",".join(f'"{v}"' for v in [
            60000000 + i * 137, f"{day}.07.2022 1{i % 10}:05:06", f"{day}.07.2022 1{i % 10}:09:47",
            "Abgeschlossen" if done else UNFINISHED, "Survey Link 1", "-", "-",
            "Desktop" if i % 3 else "Mobile", "Male" if i % 2 else "Female", str(20 + i % 40),
            ("Yes" if i % 5 else "No") if done else ""]))
    path = folder / "UmfrageOnline-Beantwortungen-1423358-2022-08-27.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_umfrageonline_status_is_screened(tmp_path):
    raw = read_export(umfrageonline(tmp_path))
    found = roles(raw)
    assert found["completion"] == "Status"
    assert found["started"] == "Gestartet am" and found["submitted"] == "Zuletzt aktualisiert am"
    rule = next(p for p in proposals(raw, found, has_id=True, id_column="ID") if p.key == "complete")
    assert rule.rule == {"variable": "completion_status", "values": ["Abgeschlossen"]}
    assert "'Abgeschlossen' x30" in rule.review and f"{UNFINISHED!r} x10" in rule.review
    assert timestamps(raw) is not None


def test_umfrageonline_tool_columns_are_no_questions(tmp_path):
    raw = read_export(umfrageonline(tmp_path))
    columns, notes = scan(raw, "1")
    drafted = {c.column: c for c in columns}
    for col in ("Collector", "Sprache", "Gerät"):
        assert col not in drafted
    assert drafted["Status"].role == "completion"
    assert any("skipped tool columns" in n and "'Collector'" in n and "'Gerät'" in n for n in notes)


def test_umfrageonline_field_date_from_its_time_stamps(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    from tests.test_scaffold_layouts import run_study

    study = run_study(tmp_path, umfrageonline(tmp_path), build=False)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert "no time stamps" not in text
    assert 'complete: {variable: completion_status, values: ["Abgeschlossen"]}' in text
    assert "field_date: 2022-07-2" in text


# Norwegian, Swedish, Danish and English ("Fullført", "Slutförd", "Gennemført", "Complete") were known already
@pytest.mark.parametrize(("done", "other"), [
    ("Terminé", "Commencé"), ("Completado", "Parcial"), ("Abgeschlossen", "Angefangen"), ("Beendet", "Begonnen")])
def test_status_words_meaning_completed(done, other):
    raw = RawExport(pd.DataFrame({"Status": [done, done, other, done], "Q1": ["a", "b", "c", "d"]}), "x.csv", "csv")
    found = roles(raw)
    assert found.get("completion") == "Status"
    rule = next(p for p in proposals(raw, found, has_id=False) if p.key == "complete")
    assert rule.rule["values"] == [done]
