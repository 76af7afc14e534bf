"""The texts respondents type in to a multi-select's "Other" box, when the tool writes them into
the joined answer beside the options chosen (Google Forms' "Other:", Microsoft Forms' "Other"),
were counted under an `other` option and their texts dropped. The draft now keeps them as a
free-text variable after the question (`other_of:` it; the parts of each answer that are none of
its options), which the cleaning masks as all free text, and the REVIEW notes say so.

The exports: the real Google Forms download in tests/data/samples (see its PROVENANCE.md), and a
Microsoft Forms workbook written the way Forms writes it (`tests/tool_exports.msforms_nb`'s layout:
options joined by ';' with a trailing ';')."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from surveykit.config.codebook import load_codebook
from surveykit.errors import ConfigError
from tests.test_scaffold_layouts import codebook, responses, run_study

SAMPLES = Path(__file__).parent / "data" / "samples"
GOOGLE = SAMPLES / "google-forms" / "rstudio-r-community-survey" / "2019 Spanish R Community Survey Responses.csv"
TOOLS = "¿Qué herramientas utilizas con tus aplicaciones R? (por favor marca todas las que correspondan)"


def _typed_of(cb: dict, multi: dict) -> dict:
    return next(v for v in cb["variables"] if v.get("other_of") == multi["name"])


def test_google_forms_typed_other_answers_are_kept_as_free_text(tmp_path):
    study = run_study(tmp_path, GOOGLE, build=False)
    cb = codebook(study)
    multi = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == TOOLS)
    assert multi["type"] == "multi" and multi["other"] == "other"
    typed = _typed_of(cb, multi)
    assert typed["type"] == "text" and re.search(r"_other(_\d+)?$", typed["name"])
    assert typed["sources"]["1"] == {"column": TOOLS}
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "(their texts are kept in the free-text variable after it, `other_of` this question)" in text
    assert f"# REVIEW: the texts respondents typed in to {multi['label']!r}" in text
    assert "kept here as free text (`other_of`), so no answer is dropped" in text
    # every multi-select that counts typed-in answers under `other` keeps their texts
    for var in cb["variables"]:
        if var["type"] == "multi" and var.get("other"):
            assert _typed_of(cb, var)["type"] == "text"
    frame = responses(study)
    kept = frame[typed["name"]]
    assert {"Postgresql", "Sublime Text", "Azure", "shell commands"} <= set(kept.dropna())
    assert "ShinyPoxy, docker" in set(kept.dropna())   # two typed parts, joined again as written
    counted = frame[f"{multi['name']}__other"].fillna(False).astype(bool)
    assert kept.notna().sum() == 9 and (counted == kept.notna()).all()
    raw = pd.read_csv(GOOGLE, dtype=str)[TOOLS].dropna()
    for answer in kept.dropna():   # each kept text is what a respondent wrote in that question
        assert raw.str.contains(answer.split(", ")[0], regex=False).any(), answer


def msforms_with_other(folder: Path, n: int = 60, seed: int = 6) -> Path:
    """A Norwegian Microsoft Forms workbook (ID, Starttidspunkt, Fullføringstidspunkt, E-postadresse,
    Navn, questions); the multi-select's "Annet" box typed into the joined answer by a few."""
    rng = np.random.default_rng(seed)
    services = ["Utlån", "Arrangementer", "Hjelp med NAV"]
    typed = {5: "Lesesal for eksamen", 17: "Ring meg på 912 34 567", 33: "Kaffe; aviser", 48: "Språkkafé"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-postadresse", "Navn",
               "Hvor ofte bruker du biblioteket?", "Hvilke tjenester har du brukt?"])
    for i in range(n):
        picks = [s for s in services if rng.random() < 0.5] or [services[0]]
        start = dt.datetime(2023, 1, 16, 9, 0) + dt.timedelta(hours=5 * i)
        ws.append([i + 1, start, start + dt.timedelta(minutes=4), "anonymous", None,
                   str(rng.choice(["Aldri", "Sjelden", "Av og til", "Ofte", "Svært ofte"])),
                   "".join(p + ";" for p in picks) + (typed[i] + ";" if i in typed else "")])
    path = folder / "Innbyggerundersøkelse(1-60).xlsx"
    wb.save(path)
    return path


def test_microsoft_forms_typed_other_answers_are_kept_and_masked(tmp_path):
    export = msforms_with_other(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    multi = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == "Hvilke tjenester har du brukt?")
    assert set(multi["options"].values()) >= {"Utlån", "Arrangementer", "Hjelp med NAV"}
    assert not {"Lesesal for eksamen", "Språkkafé"} & set(multi["options"].values())   # no options of them
    typed = _typed_of(cb, multi)
    frame = responses(study)
    kept = frame[typed["name"]].dropna()
    assert sorted(kept) == sorted(["Lesesal for eksamen", "Ring meg på [telefon]", "Kaffe; aviser", "Språkkafé"])
    assert frame[f"{multi['name']}__{multi['other']}"].fillna(False).astype(bool).sum() == 4


def _load(tmp_path: Path, extra: str, typed_type: str = "text"):
    path = tmp_path / "codebook.yaml"
    path.write_text(f"""
variables:
  - name: tools
    type: multi
    label: Tools
    options: {{r: R, py: Python, other: Other}}
    other: other
    sources: {{"1": {{column: q1, separator: ","}}}}
  - name: tools_other
    type: {typed_type}
    label: Tools (other)
{extra}
""", encoding="utf-8")
    return load_codebook(path, ["1"])


def test_other_of_is_checked_when_the_codebook_is_read(tmp_path):

    ok = _load(tmp_path, '    other_of: tools\n    sources: {"1": {column: q1}}')
    assert ok.variable("tools_other").other_of == "tools"
    with pytest.raises(ConfigError, match="is no multi variable"):
        _load(tmp_path, '    other_of: nothing\n    sources: {"1": {column: q1}}')
    with pytest.raises(ConfigError, match="is not read from the column of 'tools_other'"):
        _load(tmp_path, '    other_of: tools\n    sources: {"1": {column: q2}}')
    with pytest.raises(ConfigError, match="Make it `type: text`"):
        _load(tmp_path, '    other_of: tools\n    sources: {"1": {column: q1}}', "numeric")
