"""A single choice exported as one column per option (SurveyMonkey's expanded export): drafted as
a multi-select whose shares are right, with a REVIEW note that no respondent chose two options;
a real "select all that apply" gets no such note. Shape of fivethirtyeight's region survey."""

from __future__ import annotations

import numpy as np

from surveykit.scaffold.drafts import draft_codebook


def _export(path, n=60, seed=3):
    rng = np.random.default_rng(seed)
    top = ["RespondentID", "Where do you live?", "Gender", "",
           "Which of these do you use? Please select all that apply.", "", ""]
    sub = ["", "Response", "Male", "Female", "Library", "Service centre", "Swimming pool"]
    rows = [",".join(top), ",".join(sub)]
    for i in range(n):
        male = rng.random() < 0.5
        used = [x if rng.random() < 0.6 else "" for x in ("Library", "Service centre", "Swimming pool")]
        rows.append(",".join([str(1000 + i), ["Askim", "Mysen"][i % 2], "Male" if male else "",
                              "" if male else "Female", *used]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_single_choice_in_option_columns_gets_a_note_and_select_all_none(tmp_path):
    out = draft_codebook([_export(tmp_path / "export.csv")], tmp_path / "codebook.yaml")
    text = out.read_text(encoding="utf-8")
    blocks = text.split("\n  - name: ")
    gender = next(b for b in blocks if b.startswith("gender"))
    used = next(b for b in blocks if "select all that apply" in b)
    assert "type: multi" in gender and "no respondent chose more than one of these 2 options (60 chose one)" in gender
    assert "type: multi" in used and "no respondent chose more than one" not in used


def _as_single(study, both_row=None):
    """The drafted multi 'gender' made a single choice from its two columns, as the note says."""
    import yaml

    path = study / "config" / "codebook.yaml"
    cb = yaml.safe_load(path.read_text(encoding="utf-8"))
    var = next(v for v in cb["variables"] if v["name"] == "gender")
    cols = var["sources"]["1"]["columns"]
    var.update(type="single", scale="gender_scale",
               sources={"1": {"columns": {"Male": cols["male"], "Female": cols["female"]}}})
    del var["options"]
    cb["scales"] = {**(cb.get("scales") or {}), "gender_scale": {
        "levels": [{"code": 1, "label": "Male"}, {"code": 2, "label": "Female"}], "ordered": False}}
    path.write_text(yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = study / "config" / "report.yaml"  # its multi-select figure of gender goes, as build says
    rep = yaml.safe_load(report.read_text(encoding="utf-8"))
    rep["figures"] = [f for f in rep.get("figures") or [] if "gender" not in (f.get("items") or [])]
    report.write_text(yaml.safe_dump(rep, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_single_choice_read_from_one_column_per_option(tmp_path, capsys):
    import pandas as pd

    from surveykit import cli
    from tests.test_scaffold_layouts import run_study

    export = _export(tmp_path / "export.csv")
    study = run_study(tmp_path, export, build=False)
    _as_single(study)
    assert cli.main(["-q", "build", "--study", str(study), "--jobs", "1", "--formats", "png",
                     "--dpi", "72"]) == 0
    data = pd.read_parquet(next((study / "data" / "processed").glob("*.parquet")))
    raw = pd.read_csv(export, skiprows=[1], dtype=str)
    want = raw["Gender"].fillna(raw.iloc[:, 3])  # the one filled column of each row, as its code
    assert data["gender"].astype(str).tolist() == want.map({"Male": "1", "Female": "2"}).tolist()
    assert want.isin(["Male", "Female"]).all() and want.nunique() == 2
    # a row with both columns filled: validate names it, nothing is guessed
    lines = export.read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(",")
    cells[2], cells[3] = "Male", "Female"
    lines[5] = ",".join(cells)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (study / "data" / "raw" / export.name).write_text(export.read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["-q", "validate", "--study", str(study)]) != 0
    said = capsys.readouterr()
    text = said.out + said.err
    assert "several_answers: 'Male + Female'" in text and "(row " in text and "export.csv" in text


def test_one_column_per_option_is_refused_for_a_number(tmp_path):
    import pytest

    from surveykit.config import load_codebook
    from surveykit.errors import ConfigError

    path = tmp_path / "codebook.yaml"
    path.write_text(
        "variables:\n"
        "  - name: age\n"
        "    type: numeric\n"
        "    label: Age\n"
        "    sources:\n"
        '      "1": {columns: {a: "Age 1", b: "Age 2"}}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="one column per option is for `multi`, `single` and `likert`"):
        load_codebook(path, ["1"])
