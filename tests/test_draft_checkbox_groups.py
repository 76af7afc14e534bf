"""Check-box questions ("select all that apply") as each survey tool writes them: one multi-select
question with its options named when the export says so, a REVIEW note where it cannot.

Findings fixed here (a helper's round over /work/shared/samples and files written like each tool's):

* Nettskjema's file-upload question ``attachment_1``, ``attachment_2`` (each cell the name of a file
  a respondent uploaded, "sølvi.png") was drafted as a multi-select whose options were the file
  names (and, once not joined, each a single choice printing the file's name as an answer label); any
  two columns sharing a code and holding one text each were joined with no note.
* LimeSurvey's export with question-code headings (``Q5[SQ001]`` ... holding ``Y`` or nothing) was one
  multi-select whose options were named "SQ001" ... with no note that the texts are not in the file.
* SurveyXact's dataset.csv drafted without its labels.csv and structure.csv: the check-box question's
  0/1 columns ``v_1_1`` ... ``v_1_16`` were sixteen numeric questions ("few whole numbers").
* Qualtrics' export with multi-value fields split into columns (``Q5_1`` ... headed "Which do you use? -
  Selected Choice - Books") was one question labelled "Which do you use? - Selected Choice".
* Google Forms' check-box grid ("Which days do you visit? [Library]" holding "Monday, Tuesday") drafted
  each row twice: as a multi-select and as a row of a single-choice grid whose levels were the
  combinations ("Monday, Tuesday, Saturday"), and the draft then took that grid for the site.
* Nettskjema's old web export with its codebook: a check box of one option (``Inklusjon_1``, "Jeg har
  lest om prosjektet og oppfyller inklusjonskriteriene") was cut at its last word into a question
  "Jeg har lest om prosjektet og oppfyller" and an option "inklusjonskriteriene".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from surveykit import cli
from tests.test_scaffold_layouts import variable

SAMPLES = Path(__file__).parent / "data" / "samples"


def _draft(root: Path, files: dict[str, bytes | str | Path], exports: list[str] | None = None) -> tuple[dict, str]:
    """Draft a study at ``root`` from ``files`` (name -> content, or a path to copy) put in data/raw;
    ``exports`` the names drafted (default: all)."""
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    for name, content in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    names = exports if exports is not None else list(files)
    out = root / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", "--no-report", "--no-sites", *(str(raw / n) for n in names),
                     "-o", str(out), "--force"]) == 0
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def test_nettskjema_uploaded_files_are_no_options_and_its_checkboxes_are_one_question(tmp_path):
    folder = SAMPLES / "nettskjema" / "nettskjemar-api-v3-2025"
    name = "data-123823-2025-08-19-2249.txt"   # without its .sps: no question texts
    cb, text = _draft(tmp_path / "study", {name: folder / name})
    for col in ("attachment_1", "attachment_2"):   # never a level printed in a table either
        assert variable(cb, col)["type"] == "text", variable(cb, col)
    assert "REVIEW: every answer is a file's name (e.g. 'sølvi.png')" in text
    box = variable(cb, "checkbox.questionnaires")
    assert box["type"] == "multi"
    assert sorted(box["sources"]["1"]["columns"].values()) == ["checkbox.events", "checkbox.logs",
                                                               "checkbox.questionnaires"]
    assert box["name"] != variable(cb, "checkbox_matrix.1.IT")["name"]


def test_two_coded_columns_of_one_text_each_are_joined_with_a_review_note(tmp_path):
    rows = [("Bus", ""), ("", "Car"), ("Bus", "Car"), ("", ""), ("Bus", "")] * 6
    csv = "id,q7_1,q7_2\n" + "".join(f"{i},{a},{b}\n" for i, (a, b) in enumerate(rows, 1))
    cb, text = _draft(tmp_path / "study", {"export.csv": csv})
    q7 = variable(cb, "q7_1")
    assert q7["type"] == "multi" and sorted(q7["sources"]["1"]["columns"].values()) == ["q7_1", "q7_2"]
    assert sorted(q7["options"].values()) == ["Bus", "Car"]
    assert "two columns are little to go by" in text


def test_limesurvey_code_headings_are_one_question_whose_coded_options_get_a_review_note(tmp_path):
    ticks = [("Y", "", "Y"), ("", "Y", ""), ("Y", "Y", ""), ("", "", "Y"), ("Y", "", "")] * 6
    lines = ["id,submitdate,lastpage,startlanguage,Q5[SQ001],Q5[SQ002],Q5[SQ003],Q5[other],Q6"]
    lines += [f"{i},2024-05-01 10:00:00,2,en,{a},{b},{c},,{'Yes' if i % 2 else 'No'}"
              for i, (a, b, c) in enumerate(ticks, 1)]
    cb, text = _draft(tmp_path / "study", {"results-survey123.csv": "\n".join(lines) + "\n"})
    q5 = variable(cb, "Q5[SQ001]")
    assert q5["type"] == "multi"
    assert list(q5["sources"]["1"]["columns"].values()) == ["Q5[SQ001]", "Q5[SQ002]", "Q5[SQ003]"]
    assert "REVIEW: the options are named by LimeSurvey's sub-question codes (SQ001, SQ002, SQ003)" in text


def _surveyxact_dataset(rows: int = 40) -> str:
    """A dataset.csv as SurveyXact writes it (semicolons), without its labels.csv and structure.csv."""
    lines = ["v_1_1;v_1_2;v_1_3;v_1_4;s_2;p_01;p_02;p_03;k_1;k_2"]
    for i in range(rows):
        ticks = [int(i % 2 == 0), int(i % 3 == 0), int(i % 5 == 0), int(i % 2 == 1 and i % 3 != 0)]
        lines.append(";".join(map(str, [*ticks, 1 + i % 3, 1 + i % 5, 1 + (i + 1) % 5, 1 + (i + 2) % 5,
                                        int(i % 4 == 0), int(i % 4 == 1)])))
    return "\r\n".join(lines) + "\r\n"


def test_surveyxact_dataset_without_its_labels_joins_its_zero_one_columns_with_review_notes(tmp_path):
    cb, text = _draft(tmp_path / "study", {"dataset.csv": _surveyxact_dataset().encode("cp1252")})
    v1 = variable(cb, "v_1_1")
    assert v1["type"] == "multi"
    assert list(v1["sources"]["1"]["columns"].values()) == ["v_1_1", "v_1_2", "v_1_3", "v_1_4"]
    assert list(v1["options"].values()) == ["v_1_1", "v_1_2", "v_1_3", "v_1_4"]
    assert "REVIEW: read as one multi-select question: 4 neighbouring columns named v_1_<n>" in text
    assert "labels.csv and structure.csv" in text
    k = variable(cb, "k_1")   # two columns: joined, and said to be little to go by
    assert k["type"] == "multi" and "only two columns: little to tell" in text
    for col in ("s_2", "p_01", "p_02", "p_03"):   # codes 1..5 are no ticks: each its own question
        assert variable(cb, col)["type"] != "multi", col


def _qualtrics(cells) -> str:
    """A Qualtrics CSV (2020+ layout: export tags, question texts, ImportIds) of one multi-answer
    question split into one column per choice; ``cells(option, row)`` writes a chosen option's cell."""
    options = ["Books", "Films", "Podcasts", "Music"]
    tags = ["StartDate", "EndDate", "Finished", "ResponseId", *(f"Q5_{j}" for j in range(1, 5))]
    texts = ["Start Date", "End Date", "Finished", "Response ID",
             *(f"Which do you use? - Selected Choice - {o}" for o in options)]
    ids = ['{""ImportId"":""startDate""}', '{""ImportId"":""endDate""}', '{""ImportId"":""finished""}',
           '{""ImportId"":""_recordId""}', *(f'{{""ImportId"":""QID5"",""choiceId"":""{j}""}}' for j in range(1, 5))]
    lines = [",".join(f'"{x}"' for x in row) for row in (tags, texts, ids)]
    for i in range(30):
        chosen = [o for k, o in enumerate(options) if (i + k) % (k + 2) == 0]
        lines.append(",".join(f'"{x}"' for x in [f"2024-05-01 10:{i:02d}:00", f"2024-05-01 10:{i:02d}:40", "True",
                                                  f"R_{i:05d}", *(cells(o) if o in chosen else "" for o in options)]))
    return "\r\n".join(lines) + "\r\n"


def test_qualtrics_split_choice_columns_are_one_question_without_selected_choice_in_its_label(tmp_path):
    for mode, cells in (("text", lambda o: o), ("numeric", lambda o: "1")):
        cb, _ = _draft(tmp_path / mode, {"qualtrics.csv": _qualtrics(cells)})
        q5 = variable(cb, "Q5_1")
        assert q5["type"] == "multi" and q5["label"] == "Which do you use?", (mode, q5)
        assert list(q5["sources"]["1"]["columns"].values()) == ["Q5_1", "Q5_2", "Q5_3", "Q5_4"]
        assert list(q5["options"].values()) == ["Books", "Films", "Podcasts", "Music"]


def test_google_forms_check_box_grid_rows_are_each_one_multi_select_and_no_site(tmp_path):
    days = ["Monday", "Tuesday", "Saturday"]
    rows = ["Library", "Pool", "Park"]
    lines = ['Timestamp,' + ",".join(f'"Which days do you visit? [{r}]"' for r in rows)
             + ',"How satisfied are you? [Library]","How satisfied are you? [Pool]"']
    sat = ["Satisfied", "Dissatisfied", "Very satisfied", "Very dissatisfied"]
    for i in range(40):
        cells = [", ".join(d for k, d in enumerate(days) if (i + k + j) % (k + 2) == 0) for j in range(3)]
        lines.append(f"12/13/2019 12:{i:02d}:32," + ",".join(f'"{c}"' for c in cells) + f",{sat[i % 4]},{sat[(i + 1) % 4]}")
    cb, _ = _draft(tmp_path / "study", {"Form Responses 1.csv": "\r\n".join(lines) + "\r\n"})
    for r in rows:
        column = f"Which days do you visit? [{r}]"
        reading = [v for v in cb["variables"] if v["sources"]["1"].get("column") == column]
        assert [v["type"] for v in reading] == ["multi"], reading
        assert sorted(reading[0]["options"].values()) == sorted(days)
        assert reading[0]["sources"]["1"]["separator"] == ","
    assert not [v for v in cb["variables"] if v["type"] == "site"]
    assert {v["type"] for v in cb["variables"] if "How satisfied" in v["sources"]["1"].get("column", "")} == {"likert"}


def test_nettskjema_old_one_option_check_box_keeps_its_whole_text_as_the_option(tmp_path):
    folder = SAMPLES / "nettskjema" / "nettskjemar-web-export-2018"
    data, book = "data-82087-2018-09-03-1550-utf.txt", "codebook-82087-2018-09-03.txt"
    cb, _ = _draft(tmp_path / "study", {data: folder / data, book: folder / book}, [data])
    box = variable(cb, "Inklusjon_1")
    assert box["type"] == "multi"
    assert list(box["options"].values()) == ["Jeg har lest om prosjektet og oppfyller inklusjonskriteriene"]
    assert list(variable(cb, "Nyrekruttert_1")["options"].values()) == ["Jeg har ikke vært med før"]
