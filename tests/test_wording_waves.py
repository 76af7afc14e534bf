"""A question reworded between waves and held in one variable: the codebook keeps each wave's
words (`question:` of each source), and every output that shows the question across those
waves says, in the report's language, that the wording differed, quoting each wave's words
(the page under the figure or table, the figure's footer, the explorer with its CSV download,
the method notes and the workbook's method sheet, quality.json). A question asked in the same
words in every wave gets no note, and its outputs are as without `question:`.

The study is made as a user makes one: `surveykit init`, two exports (2023 as CSV, 2024 as
.xlsx, whose satisfaction question opens with "Alt i alt, ..."), `surveykit codebook draft`,
then the draft's REVIEW note followed ("maybe the same question as ...: move this source there").
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.config.codebook import load_codebook
from surveykit.errors import ConfigError
from surveykit.report.build import build
from surveykit.study import load_study
from tests.browser import DESKTOP, Browser

OLD = "Kor nøgd er du med tilbodet i kommunen?"
NEW = "Alt i alt, kor nøgd er du med tenestetilbodet i kommunen?"
SAME = "Eg kjenner meg velkomen på rådhuset"
SATISFIED = ["Svært misnøgd", "Nokså misnøgd", "Verken nøgd eller misnøgd", "Nokså nøgd", "Svært nøgd", "Veit ikkje"]
AGREE = ["Heilt ueinig", "Litt ueinig", "Verken einig eller ueinig", "Litt einig", "Heilt einig", "Veit ikkje"]
NOTE_START = "Spørsmålet «"   # the nynorsk note: 'Spørsmålet «...» vart stilt med ulik ordlyd i rundane: ...'

REPORT = """figures:
  - id: endring
    kind: change
    items: [{nogd}, {velkomen}]
    by: [kommunedel]
  - id: snitt
    kind: means
    items: [{nogd}]
    by: [wave]
  - id: velkomen_snitt
    kind: means
    items: [{velkomen}]
    by: [wave]
tables:
  - id: snitt_tabell
    kind: table
    items: [{nogd}, {velkomen}]
    by: [wave]
    options: {{stat: mean}}
  - id: explorer
    kind: explorer
    items: [{nogd}, {velkomen}]
    by: [kommunedel]
"""


def _answers(rng: np.random.Generator, n: int, labels: list[str], shift: float) -> list[str]:
    p = np.array([0.08, 0.17, 0.3, 0.3, 0.1]) + np.array([-1, -1, 0, 1, 1]) * shift
    p = np.append(p / p.sum() * 0.94, 0.06)
    return list(rng.choice(labels, size=n, p=p))


def _exports(raw: Path) -> None:
    rng = np.random.default_rng(7)
    for year, n, question, shift in ((2023, 150, OLD, 0.0), (2024, 170, NEW, 0.06)):
        frame = pd.DataFrame({
            "Respondent": [f"R{year}{i:04d}" for i in range(n)],
            "Kommunedel": rng.choice(["Nord", "Sør"], size=n),
            question: _answers(rng, n, SATISFIED, shift),
            SAME: _answers(rng, n, AGREE, 0.0),
        })
        path = raw / f"innbyggarundersoking_{year}.{'csv' if year == 2023 else 'xlsx'}"
        frame.to_csv(path, index=False) if year == 2023 else frame.to_excel(path, index=False)


def _drafted(folder: Path) -> tuple[Path, dict[str, str]]:
    """A study folder as `surveykit init` and `codebook draft` leave it (in nynorsk), and the
    draft's names of the three questions: the 2023 and 2024 satisfaction questions, the other."""
    assert cli.main(["-q", "init", str(folder)]) == 0
    _exports(folder / "data" / "raw")
    exports = [str(folder / "data" / "raw" / name) for name in ("innbyggarundersoking_2023.csv",
                                                                 "innbyggarundersoking_2024.xlsx")]
    assert cli.main(["-q", "codebook", "draft", *exports, "-o", str(folder / "config" / "codebook.yaml"),
                     "--force", "--no-report"]) == 0
    config = folder / "surveykit.yaml"
    config.write_text(re.sub(r"(?m)^(\s*language:\s*)\w+", r"\1nn", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    variables = yaml.safe_load((folder / "config" / "codebook.yaml").read_text(encoding="utf-8"))["variables"]
    names = {key: next(v["name"] for v in variables if v["label"] == text)
             for key, text in (("old", OLD), ("new", NEW), ("same", SAME))}
    return folder, names


def _move_source(codebook: Path, names: dict[str, str]) -> None:
    """What the draft's REVIEW note says: move the later wave's source into the variable of the
    earlier wording (after its source of wave ``names["first"]``, default "1"), and delete the
    variable it was in."""
    lines = codebook.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - name: {names['new']}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - ") or lines[i].startswith("  #"))
    source = next(line for line in lines[start:end] if re.match(r'\s*"\d+": \{', line))
    del lines[start:end]
    at = lines.index(f"  - name: {names['old']}")
    first = next(i for i in range(at, len(lines)) if lines[i].strip().startswith(f'"{names.get("first", "1")}":'))
    lines.insert(first + 1, source)
    codebook.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _report(folder: Path, names: dict[str, str]) -> None:
    (folder / "config" / "report.yaml").write_text(REPORT.format(nogd=names["old"], velkomen=names["same"]),
                                                   encoding="utf-8")


@pytest.fixture(scope="module")
def reworded(tmp_path_factory):
    """The study with the two wordings in one variable, built."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 20)
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    try:
        folder, names = _drafted(tmp_path_factory.mktemp("reworded") / "study")
        _move_source(folder / "config" / "codebook.yaml", names)
        _report(folder, names)
        build(folder, jobs=1)
        yield folder, names
    finally:
        mp.undo()


def test_the_draft_gives_each_side_of_a_maybe_same_question_its_words(tmp_path):
    folder, names = _drafted(tmp_path / "study")
    book = load_codebook(folder / "config" / "codebook.yaml", ["1", "2"])
    # both sides of the REVIEW note say how their wave asked; the other question has no `question:` of a wave
    assert book.variable(names["old"]).sources["1"].question == {"*": OLD}
    assert book.variable(names["new"]).sources["2"].question == {"*": NEW}
    assert all(src.question is None for src in book.variable(names["same"]).sources.values())
    assert "move this source (with its `question:`" in (folder / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert book.reworded("nn") == {}   # two variables: nothing is reworded yet
    _move_source(folder / "config" / "codebook.yaml", names)
    moved = load_codebook(folder / "config" / "codebook.yaml", ["1", "2"])
    assert moved.reworded("nn") == {names["old"]: {"1": OLD, "2": NEW}}


def test_the_draft_gives_each_wave_its_words_where_one_column_name_holds_two_wordings(tmp_path):
    """Two SPSS files naming the question alike (q1) with other words in its variable label: one
    variable, each source with its wave's words, and a REVIEW note saying so."""
    import pyreadstat

    rng = np.random.default_rng(3)
    exports = []
    for year, label in ((2023, OLD), (2024, NEW)):
        frame = pd.DataFrame({"id": [f"R{year}{i:03d}" for i in range(60)],
                              "q1": rng.integers(1, 6, 60).astype(float), "q2": rng.integers(1, 6, 60).astype(float)})
        path = tmp_path / f"survey_{year}.sav"
        labels = dict(enumerate(SATISFIED[:5], start=1))
        pyreadstat.write_sav(frame, path, column_labels={"id": "Respondent", "q1": label, "q2": SAME},
                             variable_value_labels={"q1": labels, "q2": dict(enumerate(AGREE[:5], start=1))})
        exports.append(str(path))
    out = tmp_path / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", *exports, "-o", str(out), "--no-report", "--no-sites"]) == 0
    book = load_codebook(out, ["1", "2"])
    q1 = next(v for v in book.variables if v.sources.get("1") and v.sources["1"].column == "q1")
    assert set(q1.sources) == {"1", "2"}
    assert book.reworded("nn") == {q1.name: {"1": OLD, "2": NEW}}
    assert f"wave 2 asks it in other words: {NEW!r}" in out.read_text(encoding="utf-8")


def test_quality_json_lists_each_waves_words(reworded):
    folder, names = reworded
    quality = json.loads((folder / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert quality["study"]["reworded"] == {names["old"]: {"1": OLD, "2": NEW}}


def _sections(page: str) -> dict[str, str]:
    """The page's sections by their heading."""
    out = {}
    for body in re.findall(r"<section aria-labelledby=\"s\d+\">(.*?)</section>", page, re.S):
        out[re.search(r"<h2[^>]*>(.*?)</h2>", body).group(1)] = body
    return out


def test_the_page_notes_the_wording_under_every_figure_and_table_across_the_waves(reworded):
    folder, _ = reworded
    page = (folder / "reports" / "index.html").read_text(encoding="utf-8")
    note = (f"Spørsmålet «{OLD}» vart stilt med ulik ordlyd i rundane: 2023: «{OLD}»; 2024: «{NEW}». "
            "Ein skilnad mellom rundane kan kome av den nye ordlyden.")
    sections = _sections(page)
    noted = {title for title, body in sections.items() if f'<p class="tnote">{note}</p>' in body}
    # the change, the means by wave and the table of both waves; not the figure of the other question
    assert len(sections) == 4 and len(noted) == 3
    assert NOTE_START not in sections[f"Gjennomsnitt etter Runde: {SAME}"]
    assert f"Endring etter Kommunedel: {OLD}; {SAME}" in noted
    # the method notes list it too
    assert f"<h3>Endra ordlyd</h3><div class=\"note\"><p>{note}</p></div>" in page


def test_the_figures_say_it_in_their_footer(reworded):
    folder, _ = reworded
    figures = folder / "reports" / "figures"
    for stem in ("endring", "snitt"):
        svg = (figures / f"{stem}.svg").read_text(encoding="utf-8")
        # the footer's lines (each a comment over its glyphs), joined where they were wrapped
        footer = " ".join(re.findall(r"<!-- (.*?) -->", svg))
        assert f"2023: «{OLD}»; 2024: «{NEW}»" in footer and "ulik ordlyd" in footer, stem
    assert "ulik ordlyd" not in (figures / "velkomen_snitt.svg").read_text(encoding="utf-8")


def test_the_workbook_method_sheet_lists_both_wordings(reworded):
    folder, _ = reworded
    sheet = openpyxl.load_workbook(folder / "reports" / "tables.xlsx").worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Endra ordlyd"]
    assert len(rows) == 1 and f"2023: «{OLD}»" in rows[0][1] and f"2024: «{NEW}»" in rows[0][1]


def test_the_explorer_says_it_with_the_question_and_in_its_download(reworded):
    folder, names = reworded
    page = folder / "reports" / "explorer.html"
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sk-data">(.*?)</script>', text).group(1))
    wording = {q["id"]: q.get("wording") for q in data["q"]}
    assert NEW in wording[names["old"]] and wording[names["same"]] is None
    with Browser() as browser, browser.tab(page, DESKTOP, fragment=f"#q={names['old']}&b=&w=1") as tab:
        footer = tab.eval("document.getElementById('footer').textContent")
        n = tab.eval("document.querySelector('#view tbody td[data-key=n]').textContent")   # the answers shown
        assert footer.startswith(f"2023 · n = {n} · Spørsmålet «") and f"2024: «{NEW}»" in footer
        tab.eval("document.getElementById('download').click(); 1")
        assert f"2024: «{NEW}»" in tab.eval("window.__skCsv")
        tab.eval("var q = document.getElementById('q'); q.value = String([...q.options].findIndex("
                 f"(o) => o.textContent === {json.dumps(SAME)})); q.dispatchEvent(new Event('change')); 1")
        assert NEW not in tab.eval("document.getElementById('footer').textContent")


def test_unchanged_wording_gives_the_same_outputs_as_without_question(tmp_path, monkeypatch):
    """The draft as written (the two satisfaction questions kept apart, each source with its
    words): no note anywhere, and every output byte for byte as the same codebook without the
    `question:` of its sources."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder, names = _drafted(tmp_path / "a")
    _report(folder, names)
    plain = tmp_path / "b"
    shutil.copytree(folder, plain)
    codebook = plain / "config" / "codebook.yaml"
    stripped = re.sub(r', question: "[^"]*"', "", codebook.read_text(encoding="utf-8"))
    assert stripped != codebook.read_text(encoding="utf-8")
    codebook.write_text(stripped, encoding="utf-8")
    for study in (folder, plain):
        build(study, jobs=1)
    quality = json.loads((folder / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert "reworded" not in quality["study"]
    assert "ordlyd" not in (folder / "reports" / "index.html").read_text(encoding="utf-8")
    for path in sorted((folder / "reports").rglob("*")) + sorted((folder / "data" / "processed").rglob("*")):
        if path.is_file() and path.name != ".cache.json":
            twin = plain / path.relative_to(folder)
            assert path.read_bytes() == twin.read_bytes(), path.relative_to(folder)


# --- the codebook's checks ------------------------------------------------------------------------

CODEBOOK = """scales:
  s: {{levels: [{{code: 1, label: "Lite"}}, {{code: 2, label: "Mykje"}}]}}
variables:
  - name: nogd
    type: likert
    scale: s
    label: "Nøgd"
{extra}    sources:
{sources}"""


def _codebook(tmp_path: Path, sources: str, extra: str = "") -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK.format(sources=sources, extra=extra), encoding="utf-8")
    return path


def test_a_wave_not_in_the_study_is_an_error_naming_it(tmp_path):
    path = _codebook(tmp_path, f'      "1": {{column: a, question: "{OLD}"}}\n'
                               f'      "2024": {{column: b, question: "{NEW}"}}\n')
    with pytest.raises(ConfigError, match=r"variables\.nogd\.sources.*wave\(s\) \['2024'\] are not waves of the study"):
        load_codebook(path, ["1", "2"])


def test_a_wave_without_its_words_is_an_error_naming_it_unless_the_variable_gives_them(tmp_path):
    path = _codebook(tmp_path, '      "1": {column: a}\n' f'      "2": {{column: b, question: "{NEW}"}}\n')
    with pytest.raises(ConfigError, match=r"`variables\.nogd\.sources\.1`: wave '1' has no `question:`, while the "
                                          r"source of wave '2' gives the question as that wave asked it"):
        load_codebook(path, ["1", "2"])
    # the variable's question is the words of every wave that gives none of its own
    path = _codebook(tmp_path, '      "1": {column: a}\n' f'      "2": {{column: b, question: "{NEW}"}}\n',
                     extra=f'    question: "{OLD}"\n')
    assert load_codebook(path, ["1", "2"]).reworded("nn") == {"nogd": {"1": OLD, "2": NEW}}


def test_words_per_language_and_alike_but_for_spacing_and_case(tmp_path):
    path = _codebook(tmp_path, '      "1": {column: a, question: {nn: "Kor nøgd?", en: "How satisfied?"}}\n'
                               '      "2": {column: b, question: {nn: "KOR  nøgd?", en: "All in all, how satisfied?"}}\n')
    book = load_codebook(path, ["1", "2"])
    assert book.reworded("nn") == {}   # the same words but for case and spacing: no change of wording
    assert book.reworded("en") == {"nogd": {"1": "How satisfied?", "2": "All in all, how satisfied?"}}
    with pytest.raises(ConfigError, match=r"`variables\.nogd\.sources\.2\.question` must be text or a mapping"):
        load_codebook(_codebook(tmp_path, '      "1": {column: a, question: "Q"}\n      "2": {column: b, question: [1]}\n'),
                      ["1", "2"])


def test_the_study_opened_in_another_language_notes_in_it(reworded):
    folder, names = reworded
    study = load_study(folder).in_language("en")
    notes = study.presentation().wording_notes([names["old"]])
    assert notes == (f"The question “{OLD}” was worded differently in the waves: 2023: “{OLD}”; 2024: “{NEW}”. "
                     "A difference between the waves may come from the new wording.",)
    assert study.presentation().wording_notes([names["old"]], waves=["2"]) == ()


def test_a_change_between_two_waves_that_asked_alike_gets_no_note(tmp_path, monkeypatch):
    """Three waves, the question reworded in the last: the change from the first to the second
    says nothing of the wording, the change from the first to the last quotes both words."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = tmp_path / "study"
    assert cli.main(["-q", "init", str(folder)]) == 0
    rng = np.random.default_rng(11)
    exports = []
    for year, question in ((2022, OLD), (2023, OLD), (2024, NEW)):
        path = folder / "data" / "raw" / f"innbyggarundersoking_{year}.csv"
        pd.DataFrame({"Respondent": [f"R{year}{i:03d}" for i in range(80)], "Kommunedel": rng.choice(["Nord", "Sør"], 80),
                      question: _answers(rng, 80, SATISFIED, 0.0)}).to_csv(path, index=False)
        exports.append(str(path))
    codebook = folder / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", *exports, "-o", str(codebook), "--force", "--no-report"]) == 0
    variables = yaml.safe_load(codebook.read_text(encoding="utf-8"))["variables"]
    names = {"old": next(v["name"] for v in variables if v["label"] == OLD),
             "new": next(v["name"] for v in variables if v["label"] == NEW)}
    _move_source(codebook, {**names, "first": "2"})
    (folder / "config" / "report.yaml").write_text(
        "figures:\n"
        f"  - {{id: early, kind: change, items: [{names['old']}], by: [kommunedel], options: {{waves: ['1', '2']}}}}\n"
        f"  - {{id: late, kind: change, items: [{names['old']}], by: [kommunedel], options: {{waves: ['1', '3']}}}}\n",
        encoding="utf-8")
    build(folder, jobs=1)
    svg = {stem: " ".join(re.findall(r"<!-- (.*?) -->", (folder / "reports" / "figures" / f"{stem}.svg")
                                     .read_text(encoding="utf-8"))) for stem in ("early", "late")}
    assert "ordlyd" not in svg["early"] and NEW not in svg["early"]
    assert f": «{OLD}»; " in svg["late"] and f": «{NEW}»" in svg["late"]
    bodies = re.findall(r"<section aria-labelledby=\"s\d+\">(.*?)</section>",
                        (folder / "reports" / "index.html").read_text(encoding="utf-8"), re.S)
    assert [NEW in body for body in bodies] == [False, True]


def test_a_codebook_giving_no_words_is_told_when_the_exports_word_a_question_differently(tmp_path, monkeypatch):
    """A codebook drafted before each source held its words (the tester's: the 2024 source
    moved into the 2023 question's variable without them): loading says that the exports word
    the question differently and what to write; with the words written, nothing is said."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 20)
    folder, names = _drafted(tmp_path / "study")
    codebook = folder / "config" / "codebook.yaml"
    _move_source(codebook, names)
    worded = codebook.read_text(encoding="utf-8")
    codebook.write_text(re.sub(r', question: "[^"]*"', "", worded), encoding="utf-8")
    said: list[str] = []
    load_study(folder, progress=said.append)
    hints = [line for line in said if "word differently" in line]
    assert hints == [f"config/codebook.yaml: `variables.{names['old']}` is read from questions the exports word "
                     f"differently (wave 1: {OLD!r}; wave 2: {NEW!r}). If the wording changed, give each source its "
                     "words (`question:`, see docs/config.md): the report then says so wherever it shows the question "
                     "across the waves; if it is the same question, give its words as the variable's `question:`."]
    codebook.write_text(worded, encoding="utf-8")
    said.clear()
    load_study(folder, progress=said.append)
    assert not [line for line in said if "word differently" in line] and said
