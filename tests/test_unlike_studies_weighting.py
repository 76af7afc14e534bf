"""Studies unlike the demo: the weighting does not depend on the report's language, and a
question missing from a wave is "not asked", not a privacy-suppressed cell.

The studies are written and built the way the report tests do (tests/test_report_studies.py,
tests/test_report_method_texts.py); what a reader gets is read back from the built files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.errors import ConfigError, DataError
from surveykit.study import load_study
from tests.test_report_method_texts import built, write_study

# the gender scale of the one-wave study, with Swedish labels besides English and bokmål
SV_GENDER = ("      - {code: 1, label: {en: Man, nb: Mann}}\n      - {code: 2, label: {en: Woman, nb: Kvinne}}\n",
             "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n"
             "      - {code: 2, label: {en: Woman, nb: Kvinne, sv: Kvinna}}\n")


def weighted_study(root: Path, language: str, cells: tuple[str, str]) -> Path:
    """The one-wave study in ``language``, raked by gender to population.csv whose gender
    cells (man, woman) are written as ``cells``."""
    write_study(root, language, weighted=True)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert SV_GENDER[0] in text
    codebook.write_text(text.replace(*SV_GENDER), encoding="utf-8")
    man, woman = cells
    (root / "config" / "population.csv").write_text(f"gender,population\n{man},5200\n{woman},4800\n", encoding="utf-8")
    return root


WRITINGS = {"nb": ("Mann", "Kvinne"), "en": ("Man", "Woman"), "sv": ("Man", "Kvinna"), "codes": ("1", "2"),
            "case": (" mann ", "KVINNA")}


@pytest.mark.parametrize("language", ["nb", "en", "sv", "da"])
@pytest.mark.parametrize("writing", list(WRITINGS))
def test_weights_do_not_depend_on_the_language_or_how_population_names_its_levels(tmp_path, language, writing):
    reference = load_study(weighted_study(tmp_path / "ref", "nb", WRITINGS["nb"])).design().weights
    study = load_study(weighted_study(tmp_path / "s", language, WRITINGS[writing]))
    weights = study.design().weights
    np.testing.assert_allclose(weights, reference, rtol=1e-12)
    # the population as the study holds it speaks the responses' language
    labels = {"nb": ["Mann", "Kvinne"], "en": ["Man", "Woman"], "sv": ["Man", "Kvinna"], "da": ["Mann", "Kvinne"]}
    assert study.population["gender"].tolist() == labels[language]
    # raked to the population: 5200 men and 4800 women, whatever the labels
    women = study.responses["gender"].cat.codes.to_numpy() == 1
    assert weights[women].sum() == pytest.approx(4800)
    assert weights[~women].sum() == pytest.approx(5200)


def test_a_swedish_report_of_a_population_written_in_bokmal_has_the_bokmal_reports_numbers(tmp_path):
    nb, _ = built(weighted_study(tmp_path / "nb", "nb", WRITINGS["nb"]))
    sv, _ = built(weighted_study(tmp_path / "sv", "sv", WRITINGS["nb"]))
    en, _ = built(weighted_study(tmp_path / "en", "en", WRITINGS["codes"]))
    frames = [pd.read_csv(root / "reports" / "tables" / "agree.csv") for root in (nb, sv, en)]
    assert frames[0]["estimate"].notna().all()
    for frame in frames[1:]:
        np.testing.assert_allclose(frame["estimate"].to_numpy(), frames[0]["estimate"].to_numpy(), rtol=1e-12)
        assert frame["n"].tolist() == frames[0]["n"].tolist()
    assert set(frames[1]["gender"]) == {"Man", "Kvinna"}


def test_a_population_value_of_no_level_is_named_with_its_row_column_and_the_levels(tmp_path):
    root = weighted_study(tmp_path, "sv", ("Man", "Kvinnor"))
    with pytest.raises(ConfigError) as caught:
        load_study(root)
    message = str(caught.value)
    for part in ("population.csv", "row 3", 'column "gender"', "'Kvinnor'", "matches no level", "1 = 'Man'",
                 "2 = 'Kvinna'", "any language"):
        assert part in message, message


def test_one_level_written_twice_in_population_is_refused(tmp_path):
    root = weighted_study(tmp_path, "en", ("Man", "Woman"))
    (root / "config" / "population.csv").write_text("gender,population\nMan,5200\nKvinne,2400\n2,2400\n",
                                                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rows \[3, 4\] are all the cell 'Woman'.*row 3: Kvinne, row 4: 2"):
        load_study(root)


def test_a_population_value_that_is_one_levels_code_and_anothers_label_follows_the_column(tmp_path):
    # a scale whose labels are numbers: "1" is the label of code 2 and the code of "0"
    root = weighted_study(tmp_path, "en", ("Man", "Woman"))
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(
        "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n      - {code: 2, label: {en: Woman, nb: Kvinne, sv: Kvinna}}\n",
        "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n      - {code: 2, label: {en: Woman, nb: Kvinne, sv: '1'}}\n"),
        encoding="utf-8")
    # "1" and "2" are codes here (2 is no label): "1" is the man's code, not the Swedish label of a woman
    (root / "config" / "population.csv").write_text("gender,population\n1,5200\n2,4800\n", encoding="utf-8")
    assert load_study(root).population["gender"].tolist() == ["Man", "Woman"]
    (root / "config" / "population.csv").write_text("gender,population\n1,5200\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"row 2, column \"gender\": '1' is the code of one level .* the label of another"):
        load_study(root)


# --- a question not asked in one wave -----------------------------------------------------------

THREE_WAVES = """\
study: {name: "Panel South", language: en, source: "Panel South"}
waves:
  - {id: a, label: "2022", file: data/raw/a.csv, field_date: 2022-03-15}
  - {id: b, label: "2023", file: data/raw/b.csv, field_date: 2023-03-15}
  - {id: c, label: "2024", file: data/raw/c.csv, field_date: 2024-03-15}
screening:
  duplicate: {variable: respondent_id}
weighting: {method: none}
privacy: {min_cell: 10}
"""

THREE_WAVE_REPORT = """\
figures:
  - {id: answers, kind: likert, items: [help, welcome], by: [gender, wave], title: {en: Answers}}
  - {id: means, kind: means, items: [help, welcome], by: [gender, wave], title: {en: Means}}
  - {id: change_gender, kind: change, items: [help, welcome], by: [gender], title: {en: Change}}
tables:
  - {id: topbox, kind: topbox, items: [help, welcome], by: [gender, wave]}
  - {id: chg, kind: change, items: [help, welcome], by: [gender]}
  - {id: explorer, kind: explorer, items: [help, welcome], by: [gender]}
  - {id: tab, kind: table, items: [welcome], by: [gender], options: {panel: wave}}
"""


def unasked_study(root: Path) -> Path:
    """Three waves, no sites, unweighted; ``welcome`` was not asked in the first wave (no
    column in its export, no source for it in the codebook): the tester's study sv3c."""
    from tests.test_report_studies import CODEBOOK, _export

    (root / "config").mkdir(parents=True)
    (root / "data" / "raw").mkdir(parents=True)
    (root / "surveykit.yaml").write_text(THREE_WAVES, encoding="utf-8")
    every = ", ".join(f'"{w}": {{column: {{key}}}}' for w in "abc")
    fields = {k: every.replace("{key}", "id" if k == "ids" else k) for k in ("ids", "gender", "help", "visits")}
    fields["welcome"] = ", ".join(f'"{w}": {{column: welcome}}' for w in "bc")
    (root / "config" / "codebook.yaml").write_text(CODEBOOK % {**fields, "site": ""}, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(THREE_WAVE_REPORT, encoding="utf-8")
    rng = np.random.default_rng(3)
    for wave, n in zip("abc", (420, 380, 450), strict=True):
        frame = _export(rng, n, None)
        (frame.drop(columns="welcome") if wave == "a" else frame).to_csv(root / "data" / "raw" / f"{wave}.csv",
                                                                         index=False)
    return root


@pytest.fixture(scope="module")
def unasked(tmp_path_factory) -> Path:
    root, _ = built(unasked_study(tmp_path_factory.mktemp("unasked") / "study"))
    return root


def _table(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "reports" / "tables" / f"{name}.csv", keep_default_na=True)


def test_a_question_not_asked_in_a_wave_rests_on_no_one_and_hides_nothing(unasked):
    top = _table(unasked, "topbox")
    welcome = top[top["variable"] == "welcome"]
    first = welcome[welcome["wave"] == "a"]
    assert len(first) == 4 and (first["n"] == 0).all() and first["estimate"].isna().all()
    assert not first["suppressed"].any()                  # not asked is no privacy matter
    later = welcome[welcome["wave"] != "a"]
    assert (later["n"] >= 10).all() and later["estimate"].notna().all() and not later["suppressed"].any()
    assert not top["suppressed"].any()                    # every group has 160+ answers: nothing hidden
    # the change: the later means, and no change where the earlier wave did not ask
    means, change = _table(unasked, "chg_means"), _table(unasked, "chg_change")
    assert not means["suppressed"].any() and not change["suppressed"].any()
    assert change.loc[change["variable"] == "welcome", "estimate"].isna().all()
    assert change.loc[change["variable"] == "help", "estimate"].notna().all()
    # the explorer's numbers: 2023 by gender shown as "all answers · 2023" is
    by_gender, overall = _table(unasked, "explorer_gender"), _table(unasked, "explorer")
    for frame in (by_gender, overall):
        asked = frame[(frame["variable"] == "welcome") & (frame["wave"] != "a")]
        assert len(asked) and asked["estimate"].notna().all() and not asked["suppressed"].any()
        assert not frame["suppressed"].any()


def _page_text(root: Path, page: str = "index.html") -> str:
    import html
    import re

    text = (root / "reports" / page).read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", text, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def test_the_page_marks_a_question_not_asked_as_such_not_as_suppressed(unasked):
    text = _page_text(unasked)
    row = text[text.index("I feel welcome", text.index("Easy to get help")):]
    row = row[:row.index("Not asked: the question was not part of that wave")]
    # Man · 2022 and Woman · 2022, each with its don't-know share: "not asked", then numbers for 2023
    assert row.count("not asked") == 4, row
    assert "–" not in row and "nan" not in row and "Suppressed" not in row, row


def test_the_figures_say_not_asked_with_its_own_legend(unasked):
    for figure in ("change_gender", "answers", "means"):
        svg = (unasked / "reports" / "figures" / f"{figure}.svg").read_text(encoding="utf-8")
        assert "not asked" in svg and "Not asked: the question was not part of that wave" in svg, figure
        assert "Suppressed" not in svg and "suppressed" not in svg, figure


def test_the_explorer_and_workbook_say_not_asked(unasked):
    import json
    import re

    page = (unasked / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="sk-data">(.*?)</script>', page, re.S).group(1))
    assert {q["id"]: q["na"] for q in data["q"]} == {"help": [], "welcome": [0]}
    assert data["t"]["not_asked"] == "not asked"
    assert "Not asked: the question was not part of that wave" in _page_text(unasked, "explorer.html")
    from openpyxl import load_workbook

    sheet = load_workbook(unasked / "reports" / "tables.xlsx", read_only=True)["topbox"]
    rows = [row for row in sheet.iter_rows(values_only=True) if "I feel welcome" in row and "2022" in row]
    assert len(rows) == 4
    assert all(row[-1] == "Not asked: the question was not part of that wave" for row in rows), rows
    book = load_workbook(unasked / "reports" / "tables.xlsx", read_only=True)
    change = [row for row in book["chg_change"].iter_rows(values_only=True) if "I feel welcome" in row]
    # the earlier wave did not ask it: the note says so, as the page and the figure do
    assert len(change) == 2 and all(row[-1] == "Not asked: the question was not part of that wave"
                                    for row in change), change
    tests = [row for row in book["tab_tests"].iter_rows(values_only=True)][1:]
    assert tests and not any("No difference" in str(v) for row in tests for v in row)


def test_an_empty_cell_is_not_suppressed_by_the_estimators_and_a_small_one_still_is():
    import surveykit as sk

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"wave": np.repeat(["a", "b"], [60, 66]), "y": rng.normal(3, 1, 126)})
    frame.loc[frame["wave"] == "a", "y"] = np.nan          # not asked in wave a
    frame.loc[120:, "wave"] = "c"                          # 6 answers in wave c: too few
    design = sk.Design(frame.assign(w=1.0), weights="w", min_cell=10)
    means = sk.mean(design, ["y"], by=["wave"]).set_index("wave")
    assert means.loc["a", "n"] == 0 and not means.loc["a", "suppressed"] and np.isnan(means.loc["a", "df"])
    assert means.loc["c", "suppressed"] and means.loc["c", "n"] == 6
    assert not means.loc["b", "suppressed"] and means.loc["b", "n"] == 60
    asked_once = design.subset(frame["wave"].isin(["a", "b"]).to_numpy())
    with pytest.raises(DataError, match="no answer to 'y' in wave == 'a'"):   # no silent row of NaN
        sk.change(asked_once, ["y"], wave="wave", levels=("a", "b"))
    change = sk.change(asked_once, ["y"], wave="wave", levels=("a", "b"), no_answers="keep")   # as a report asks
    assert not change["suppressed"].any() and change["estimate"].isna().all()
    small = sk.change(design.subset(frame["wave"].isin(["b", "c"]).to_numpy()), ["y"], wave="wave",
                      levels=("b", "c"))
    assert small["suppressed"].all()


def test_the_gate_takes_a_cell_without_respondents_for_no_hidden_cell():
    from surveykit.report.disclosure import protect

    data = pd.DataFrame({"wave": np.repeat(["a", "b", "c"], [60, 40, 45]), "g": "x"})
    # an estimator that still flags an empty cell: its unit (the don't-know share beside it,
    # 60 answers) stays shown, and nothing becomes a complement of it
    rows = pd.DataFrame({"wave": ["a", "a", "b", "c"], "variable": "q", "level": ["top", "dk", "top", "top"],
                         "estimate": [np.nan, 1.0, 0.4, 0.5], "n": [0, 60, 40, 45],
                         "suppressed": [True, False, False, False]})
    total = pd.DataFrame({"variable": ["q"], "level": ["top"], "estimate": [0.45], "n": [85], "suppressed": [False]})
    out = protect({"rows": rows, "total": total}, data, min_cell=10)
    assert out["rows"]["suppressed"].tolist() == [True, False, False, False]
    assert out["rows"]["estimate"].notna().tolist() == [False, True, True, True]
    assert not out["total"]["suppressed"].any()


def test_the_change_table_on_the_page_says_not_asked_where_the_figure_does(unasked):
    import re

    page = (unasked / "reports" / "index.html").read_text(encoding="utf-8")
    table = next(t for t in re.findall(r"<table>.*?</table>", page, flags=re.S)
                 if "Change (2024 − 2022)" in t and "I feel welcome" in t)
    rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in re.findall(r"<tr>.*?</tr>", table, flags=re.S)]
    welcome = [r for r in rows if "I feel welcome" in r]
    assert len(welcome) == 2   # Man, Woman
    for row in welcome:   # question, gender, 2022, 2023, change, CI, p
        assert row[2] == "not asked" and row[4] == "not asked" and re.match(r"\d", row[3]), row
    after = page[page.index(table):][:2000]
    assert "Not asked: the question was not part of that wave" in after
    assert "no answers" not in table and "Not computed" not in after and "No difference" not in after


def test_a_publication_table_marks_the_wave_that_did_not_ask(unasked):
    import re

    tab = _table(unasked, "tab")
    assert not tab["suppressed"].any()
    assert (tab.loc[tab["wave"] == "a", "n"] == 0).all() and tab.loc[tab["wave"] != "a", "estimate"].notna().all()
    page = (unasked / "reports" / "index.html").read_text(encoding="utf-8")
    table = next(t for t in re.findall(r"<table>.*?</table>", page, flags=re.S) if "2022 · Man" in t and "n = 0" in t)
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert cells.count("not asked") == 2 * 4        # Man and Woman in 2022, each of the four answers
    assert "–" not in cells
    assert "Not asked: the question was not part of that wave" in _page_text(unasked)


def test_the_explorer_footer_of_a_wave_that_did_not_ask_says_so(unasked):
    # the footer gives the wave's n (420 respondents of 2022): for a question that wave did not
    # ask, it says that the question was not asked, not only "n = 420"
    from tests.browser import DESKTOP, Browser

    def footer(tab, question: int, wave: int) -> str:
        return tab.eval(f"""(() => {{ const q = document.getElementById('q'), w = document.getElementById('w');
            q.value = '{question}'; w.value = '{wave}'; q.dispatchEvent(new Event('change'));
            const na = document.getElementById('na-note');   // the note on "not asked": only with such a cell
            return document.getElementById('footer').textContent + (na.hidden ? '' : ' | NOTE'); }})()""")

    page = (unasked / "reports" / "explorer.html").read_text(encoding="utf-8")
    import json
    import re

    data = json.loads(re.search(r'id="sk-data">(.*?)</script>', page, re.S).group(1))
    welcome = next(i for i, q in enumerate(data["q"]) if q["id"] == "welcome")
    help_ = next(i for i, q in enumerate(data["q"]) if q["id"] == "help")
    note = "Not asked: the question was not part of that wave"
    with Browser() as browser, browser.tab(unasked / "reports" / "explorer.html", DESKTOP) as tab:
        unasked_2022, asked_2023, help_2022 = footer(tab, welcome, 0), footer(tab, welcome, 1), footer(tab, help_, 0)
    assert "2022" in unasked_2022 and unasked_2022.endswith(note + " | NOTE"), unasked_2022
    assert note not in asked_2023 and "2023" in asked_2023 and not asked_2023.endswith("NOTE")
    assert note not in help_2022 and "2022" in help_2022 and not help_2022.endswith("NOTE")


def test_on_a_phone_table_captions_stay_in_view_and_headers_break_between_their_parts(unasked):
    # at 390 px a caption as wide as its table ran past the screen inside the scroll box, and a
    # header "not asked · 2022"-like broke inside its parts
    from tests.browser import PHONE, Browser

    with Browser() as browser, browser.tab(unasked / "reports" / "index.html", PHONE) as tab:
        found = tab.eval("""(() => [...document.querySelectorAll('.scroll')].map((box) => {
            const cap = box.querySelector('caption').getBoundingClientRect(), b = box.getBoundingClientRect();
            const spans = [...box.querySelectorAll('thead .nw')].map((s) => s.getClientRects().length);
            return {wide: box.scrollWidth > box.clientWidth + 1, left: cap.left - b.left, right: b.right - cap.right,
                    spans: spans};
        }))()""")
    wide = [t for t in found if t["wide"]]
    assert wide, found   # some table is wider than the phone: the case at hand
    for table in found:
        assert table["left"] >= -1 and table["right"] >= -1, table   # the caption inside the visible box
    spans = [n for t in found for n in t["spans"]]
    assert spans and all(n == 1 for n in spans), found   # each part of a header on one line


def test_on_a_phone_the_explorer_caption_stays_in_view(unasked):
    from tests.browser import PHONE, Browser

    with Browser() as browser, browser.tab(unasked / "reports" / "explorer.html", PHONE) as tab:
        found = tab.eval("""(() => { const ci = document.getElementById('ci'); ci.checked = true;
            ci.dispatchEvent(new Event('change'));
            const box = document.querySelector('.scroll'), cap = document.getElementById('caption').getBoundingClientRect();
            const b = box.getBoundingClientRect();
            return {wide: box.scrollWidth > box.clientWidth + 1, right: b.right - cap.right, left: cap.left - b.left}; })()""")
    assert found["wide"], found   # with the intervals shown the table is wider than the phone
    assert found["left"] >= -1 and found["right"] >= -1, found
