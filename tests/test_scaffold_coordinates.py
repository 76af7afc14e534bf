"""A location's coordinates in their own columns (`latitude`/`longitude`, `lat`/`lng`, ODK's
`location-Latitude`, Norwegian `Breddegrad`/`Lengdegrad` with decimal commas) were drafted as
numeric questions, so every respondent's position reached data/processed and the means table.
They are personal data: the draft leaves them out as it does the other personal data (named in
the header with the reason, and a REVIEW note). The exports are written as the tools write them:
ODK Central's CSV (a geopoint split into `<name>-Latitude` ...), a spreadsheet exported with
`,`, and a Norwegian one with `;` and decimal commas. Free text beside them holding e-mail
addresses and phone numbers reaches data/processed masked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from tests.test_identifiers_asked import _key  # noqa: F401 - a pseudonymisation key for every test
from tests.test_scaffold_layouts import codebook, responses, run_study

COMMENTS = ["Kontakt meg på ola.nordmann@example.no", "Ring meg: 912 34 567", "Bra tilbud", "+47 415 22 333 etter kl 16",
            "kari.berg@firma.com eller 22 33 44 55", "Ingen kommentar"]


def _write(path: Path, rows: list[list], delimiter: str) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def odk_central(folder: Path, n: int = 40) -> tuple[Path, list[str]]:
    """ODK Central's CSV export: SubmissionDate, a geopoint `location` split into four columns, KEY."""
    rng = np.random.default_rng(5)
    header = ["SubmissionDate", "start", "end", "location-Latitude", "location-Longitude", "location-Altitude",
              "location-Accuracy", "satisfied", "comment", "meta-instanceID", "KEY", "ReviewState"]
    rows = [header]
    for i in range(n):
        uuid = f"uuid:1b7ad7ca-4d5b-4a6e-9a4b-{i:012d}"
        rows.append([f"2024-05-{1 + i % 20:02d}T10:11:12.000Z", f"2024-05-{1 + i % 20:02d}T10:01:00.000+02:00",
                     f"2024-05-{1 + i % 20:02d}T10:09:00.000+02:00", f"{59.9 + rng.random() / 10:.7f}",
                     f"{10.7 + rng.random() / 10:.7f}", f"{20 + 30 * rng.random():.1f}", f"{3 + 10 * rng.random():.1f}",
                     str(rng.choice(["Very satisfied", "Satisfied", "Dissatisfied"])), COMMENTS[i % len(COMMENTS)],
                     uuid, uuid, ""])
    return _write(folder / "library_survey.csv", rows, ","), ["location-Latitude", "location-Longitude"]


def spreadsheet(folder: Path, lat: str, lon: str, n: int = 40, nordic: bool = False) -> tuple[Path, list[str]]:
    """A spreadsheet saved as CSV: `,` and decimal points, or (Norwegian Excel) `;` and decimal commas."""
    rng = np.random.default_rng(7)
    rows = [["Respondent", "Kommentar" if nordic else "Comment", lat, lon,
             "Hvor fornøyd er du?" if nordic else "How satisfied are you?"]]
    for i in range(n):
        y, x = f"{59.5 + rng.random():.6f}", f"{10.2 + rng.random():.6f}"
        if nordic:
            y, x = y.replace(".", ","), x.replace(".", ",")
        rows.append([str(1000 + i), COMMENTS[i % len(COMMENTS)], y, x, str(rng.integers(1, 6))])
    return _write(folder / "answers.csv", rows, ";" if nordic else ","), [lat, lon]


@pytest.mark.parametrize("make", [
    odk_central,
    lambda folder: spreadsheet(folder, "latitude", "longitude"),
    lambda folder: spreadsheet(folder, "lat", "lng"),
    lambda folder: spreadsheet(folder, "Breddegrad", "Lengdegrad", nordic=True),
], ids=["odk-central", "latitude-longitude", "lat-lng", "breddegrad-lengdegrad"])
def test_coordinates_are_left_out_as_personal_data(tmp_path, make):
    export, coordinates = make(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    sources = {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert not set(coordinates) & sources
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    head = text.split("\nscales:")[0]
    for col in coordinates:
        assert f"#   {col!r} holds the coordinates of a location (by its header and answers): personal data" in head
    assert f"REVIEW: wave 1: {coordinates} hold the coordinates of a location (latitude/longitude), personal data" \
           in " ".join(head.replace("#", " ").split())
    processed = responses(study)
    raw = export.read_text(encoding="utf-8")
    first = raw.splitlines()[1].split(";" if ";" in raw.splitlines()[0] else ",")
    header = raw.splitlines()[0].split(";" if ";" in raw.splitlines()[0] else ",")
    for col in coordinates:
        value = first[header.index(col)]
        assert value not in processed.astype(str).to_csv(), (col, value)
    # the free text beside them: e-mail addresses and phone numbers masked, the rest kept
    comment = next(v["name"] for v in cb["variables"] if v["type"] == "text"
                   and v["sources"]["1"].get("column") in ("comment", "Kommentar", "Comment"))
    texts = set(processed[comment].dropna())
    assert {"Kontakt meg på [e-post]", "Ring meg: [telefon]", "[telefon] etter kl 16",
            "[e-post] eller [telefon]", "Bra tilbud"} <= texts
    assert not any("@" in t or "912 34 567" in t for t in texts)


def test_coordinates_as_text_or_beyond_180_are_no_location(tmp_path):
    """A header alone does not make a location: a column headed 'lat' holding words, or numbers
    beyond any coordinate, stays a question."""
    rows = [["Respondent", "lat", "lon", "How satisfied are you?"]]
    rows += [[str(i), ["yes", "no"][i % 2], str(1000 + 37 * i), str(1 + i % 5)] for i in range(30)]
    export = _write(tmp_path / "answers.csv", rows, ",")
    study = run_study(tmp_path, export, build=False)
    sources = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert {"lat", "lon"} <= sources
