"""Each question's don't-know share is labelled by its own answer, as the codebook words it.

A study whose two questions have differently worded don't-know answers ("Cannot say" and
"Not applicable/no opinion"): the page's top-box table heads their don't-know columns with a
neutral header and a note naming each question's answer (before, both were headed by the
catalogue's generic "Don't know / not applicable", which reads like one of the answers); a
publication table (`kind: table`, `dont_know: row`) names each question's don't-know row by its
own answer in the CSV, on the page and in its footnote (before, every row took the first
question's answer). Questions that share one answer are headed by it exactly as written."""

from __future__ import annotations

import html
import re

import pandas as pd

from surveykit.report import build
from tests.test_report_studies import CODEBOOK, write_one_wave_study

# the test study's agree4 scale again, as agree4b, with another don't-know answer
OTHER_SCALE = CODEBOOK[CODEBOOK.index("  agree4:"):CODEBOOK.index("  gender:")].replace("agree4:", "agree4b:").replace(
    "{en: Cannot say, nb: Vet ikke}", "{en: Not applicable/no opinion, nb: Ikke aktuelt/vet ikke}")

REPORT = """\
figures: []
tables:
  - {id: agree, kind: topbox, items: [help, welcome], by: [gender]}
  - {id: answers, kind: table, items: [help, welcome], by: [gender], options: {stat: share, dont_know: row}}
"""


def _study(tmp_path, *, differ: bool):
    root = write_one_wave_study(tmp_path)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    if differ:
        text = text.replace("  gender:\n", OTHER_SCALE + "  gender:\n", 1).replace(
            "name: welcome, type: likert, scale: agree4,", "name: welcome, type: likert, scale: agree4b,")
    else:   # one answer for both, with a slash the page must not re-space
        text = text.replace("{en: Cannot say, nb: Vet ikke}", "{en: Cannot say/not sure, nb: Vet ikke}")
    codebook.write_text(text, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    build(root, jobs=1)
    return root


def _tables(page: str) -> list[tuple[list[str], list[str]]]:
    """Per table on the page: its column headers and the footnotes under it."""
    out = []
    for m in re.finditer(r"<table>(.*?)</table></div>((?:\s*<p class=\"tnote\">.*?</p>)*)", page, re.S):
        heads = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<th scope="col">(.*?)</th>', m.group(1))]
        notes = [html.unescape(n) for n in re.findall(r'<p class="tnote">(.*?)</p>', m.group(2))]
        out.append((heads, notes))
    return out


def test_differently_worded_dont_know_answers_are_not_headed_by_one(tmp_path):
    root = _study(tmp_path, differ=True)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    (heads, notes), (_, table_notes) = _tables(page)
    assert heads == ["Question", "Man", "No position (see note) · Man", "Woman", "No position (see note) · Woman"]
    assert not any("Don't know / not applicable" in h or "Cannot say ·" in h for h in heads)
    assert notes[0] == ("“No position” is the answer “Cannot say” to “Easy to get help” and “Not applicable/no "
                        "opinion” to “I feel welcome”.")
    assert "Share of those who took a position; “No position”: share of all answers." in page
    # the publication table: each question's don't-know row by its own answer, in the CSV and on the page
    csv = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    dk = csv[~csv["level"].isin(["Disagree", "Rather disagree", "Rather agree", "Agree"])]
    assert sorted(set(zip(dk["variable"], dk["level"], strict=True))) == [
        ("help", "Cannot say"), ("welcome", "Not applicable/no opinion")]
    assert '<th scope="row">Not applicable/no opinion</th>' in page
    assert ("“Cannot say” is left out of the base and shown in a row of its own, as a share of all answers "
            "(Easy to get help).") in table_notes
    assert ("“Not applicable/no opinion” is left out of the base and shown in a row of its own, as a share of all "
            "answers (I feel welcome).") in table_notes


def test_one_shared_dont_know_answer_heads_its_columns_as_written(tmp_path):
    root = _study(tmp_path, differ=False)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    (heads, notes), (_, table_notes) = _tables(page)
    assert heads == ["Question", "Man", "Cannot say/not sure · Man", "Woman", "Cannot say/not sure · Woman"]
    assert not any("No position" in n for n in notes)
    assert "(without “Cannot say/not sure”); “Cannot say/not sure”: share of all answers." in page
    assert ("“Cannot say/not sure” is left out of the base and shown in a row of its own, as a share of all "
            "answers.") in table_notes


def test_the_likert_figure_names_each_questions_dont_know_answer(tmp_path):
    """The figure's note of its two bases, under its last panel, named the first panel's answer
    for every panel ("without “Cannot say”" under the panel whose answer is "Not applicable/no
    opinion"); it names each answer now, and one shared answer as before."""
    from surveykit.study import load_study
    from tests.test_report_studies import _figure_texts

    root = _study(tmp_path, differ=True)
    report = root / "config" / "report.yaml"
    report.write_text(REPORT.replace("figures: []", "figures:\n  - {id: answers_fig, kind: likert, items: [help, welcome], "
                                                    "by: [gender], title: Answers}"), encoding="utf-8")
    texts = _figure_texts(load_study(root))
    assert ("Share of those who took a position · “Cannot say” and “Not applicable/no opinion”: share of all "
            "answers") in texts
    assert "(without “Cannot say”)" not in texts
    root = _study(tmp_path / "same", differ=False)
    (root / "config" / "report.yaml").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    assert ("Share of those who took a position (without “Cannot say/not sure”) · “Cannot say/not sure”: share of all "
            "answers") in _figure_texts(load_study(root))
