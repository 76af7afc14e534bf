"""A check box of one option (Nettskjema 2018's 'Inklusjon_1': the option's text or blank) cannot
tell 'not ticked' from 'skipped': its share among those who answered is always 100 %. The drafted
report leaves it out, with a REVIEW note; the codebook keeps it, with a REVIEW note saying why. A
check box of several options is still drafted as a figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from surveykit import cli

SAMPLE = Path(__file__).parent / "data" / "samples" / "nettskjema" / "nettskjemar-web-export-2018"
DATA, BOOK = "data-82087-2018-09-03-1550-utf.txt", "codebook-82087-2018-09-03.txt"


def test_one_option_check_box_is_left_out_of_the_drafted_report(tmp_path: Path):
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    for name in (DATA, BOOK):
        shutil.copyfile(SAMPLE / name, raw / name)
    assert cli.main(["-q", "codebook", "draft", str(raw / DATA), "-o", str(root / "config" / "codebook.yaml")]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    cb = yaml.safe_load(text)
    boxes = [v for v in cb["variables"] if v["type"] == "multi"]
    assert {v["name"] for v in boxes} == {"inklusjon", "deltatt_tidligere", "nyrekruttert"}
    assert all(len(v["options"]) == 1 and "blank" not in v for v in boxes)   # no silent `blank: none`
    assert text.count("a check box of one option, and the export leaves its cell empty") == 3
    report = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(report)
    shown = {item for part in ("figures", "tables") for s in spec.get(part) or [] for item in s["items"]}
    assert not shown & {v["name"] for v in boxes}
    for v in boxes:
        assert f"# REVIEW: {v['name']} is left out: a check box of one option" in report


def test_check_box_of_two_options_stays_in_the_report(tmp_path: Path):
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    rows = ["NR\tFarger_1\tFarger_2"]
    rows += [f"{1000 + i}\t{'Rød' if i % 2 else ''}\t{'Blå' if i % 5 else ''}" for i in range(30)]
    export = root / "data" / "raw" / "data-1-2018-09-03-1550-utf.txt"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.main(["-q", "codebook", "draft", str(export), "-o", str(root / "config" / "codebook.yaml")]) == 0
    spec = yaml.safe_load((root / "config" / "report.yaml").read_text(encoding="utf-8"))
    assert [s["items"] for s in spec["figures"] if s["kind"] == "multi"] == [["farger"]]



def test_a_single_choice_of_one_answer_is_left_out_of_the_report(tmp_path: Path):
    # a column holding one answer or nothing ("I agree to take part"), drafted as a single choice of
    # that one answer: its 100 % of those who answered was drafted into the answers table
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    rows = ["Respondent;Do you agree to take part?;How satisfied are you?"]
    sat = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
    rows += [f"{1000 + i};{'I agree' if i % 4 else ''};{sat[i % 5]}" for i in range(40)]
    export = root / "data" / "raw" / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.main(["-q", "codebook", "draft", str(export), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    one = [v for v in cb["variables"] if v.get("scale") and len(cb["scales"][v["scale"]]["levels"]) == 1]
    assert [v["label"] for v in one] == ["Do you agree to take part?"]
    report = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(report)
    shown = {item for part in ("figures", "tables") for s in spec.get(part) or [] for item in s["items"]}
    assert one[0]["name"] not in shown and shown   # the satisfaction question is still drafted
    assert f"# REVIEW: {one[0]['name']} is left out: its only answer is 'I agree'" in report
