"""A question asked on other levels in two waves (a 5-point satisfaction question in 2023, the
same question without its middle level in 2024), mapped by hand onto one 5-level scale.

Before, nothing said so: `surveykit validate` passed, and the change figure, `sk.change` and
`sk.did` compared the two waves' means as if the same question had been asked. Now the codebook
says which levels a wave offered (`offered:` of its source); an answer of a level not offered is
an error; a change or did of such waves is refused (a clear message naming the variable, the waves
and the level) unless meant (`options: {levels_differ: allow}` in config/report.yaml,
`levels_differ="allow"` in Python); and where the codebook does not say, a level no answer of a
wave has while the other wave's answers choose it often is a REVIEW note of validate (never a
refusal: it may be empty by chance), not given when the level is empty by chance in a small wave.

The exports are small CSV files written here (labels in wave 1, codes in wave 2, as an Excel and
an SPSS-converted export hold them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit import cli
from surveykit.errors import ConfigError, DataError, ValidationError
from surveykit.study import load_study
from tests.test_codebook_missing_codes import SAT, _study

W1 = SAT * 40                                          # 200 answers, 40 of each level
W2 = [1, 2, 4, 5] * 45 + [1] * 10                       # 190 answers, no 3: it was not offered
GROUP = ["a", "b"] * 100


def _variable(offered: str = "") -> str:
    return f"""  - name: q1
    type: likert
    scale: sat5
    sources: {{"1": {{column: q1}}, "2": {{column: q1{offered}}}}}
  - {{name: gruppe, type: single, levels: [a, b], sources: {{"1": {{column: gruppe}}, "2": {{column: gruppe}}}}}}
"""


def _frames(w2: list = W2) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (pd.DataFrame({"q1": W1, "gruppe": GROUP}),
            pd.DataFrame({"q1": w2, "gruppe": (GROUP * 2)[:len(w2)]}))


REPORT = """figures:
  - {{id: endring, kind: change, items: [q1]{options}}}
  - {{id: did_figur, kind: did, items: [q1], options: {{group: gruppe, groups: [a, b]{more}}}}}
tables: []
"""


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)


def test_validate_says_review_where_a_wave_never_chose_a_frequent_level(tmp_path):
    root = _study(tmp_path / "s", _variable(), *_frames())
    said = []
    study = load_study(root, progress=said.append)
    notes = [line for line in said if line.startswith("REVIEW")]
    assert len(notes) == 1
    assert "`variables.q1`: no answer of wave '2' (of 190) is level 3 = 'Verken eller', which 20% of wave '1'" in notes[0]
    assert "`offered: [1, 2, 4, 5]`" in notes[0]
    assert notes[0] in study.quality["2"]["warnings"]
    # said, not refused: the data alone cannot know (the API compares, as before)
    assert len(sk.change(study.design(), "q1")) == 1


def test_a_level_empty_by_chance_in_a_small_wave_gets_no_note(tmp_path):
    # 20 answers in wave 2 and 5 % chose the middle in wave 1: about 1 expected, none is no sign
    w1 = SAT[:2] * 38 + ["Verken eller"] * 10 + SAT[3:] * 37
    root = _study(tmp_path / "s", _variable(), pd.DataFrame({"q1": w1, "gruppe": GROUP[:len(w1)]}),
                  pd.DataFrame({"q1": [1, 2, 4, 5] * 5, "gruppe": GROUP[:20]}))
    said = []
    load_study(root, progress=said.append)
    assert not [line for line in said if line.startswith("REVIEW")]


def test_declared_levels_refuse_the_change_and_did_unless_meant(tmp_path, capsys):
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    report = root / "config" / "report.yaml"
    report.write_text(REPORT.format(options="", more=""), encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert ("('endring'): 'q1' was asked on other levels in the waves it compares: wave '2' offered no "
            "3 = 'Verken eller' (`offered:` of its sources in config/codebook.yaml: wave '1' [1, 2, 3, 4, 5], "
            "wave '2' [1, 2, 4, 5])") in err
    assert "`options: {levels_differ: allow}`" in err
    report.write_text(REPORT.format(options=", options: {levels_differ: allow}", more=""), encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 2
    assert "('did_figur'): 'q1' was asked on other levels" in capsys.readouterr().err
    report.write_text(REPORT.format(options=", options: {levels_differ: allow}", more=", levels_differ: allow"),
                      encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 0
    said = capsys.readouterr().err
    assert "REVIEW" not in said    # the codebook says what wave 2 offered: no note


def test_the_api_refuses_and_allows_with_the_numbers_of_the_answers(tmp_path):
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    study = load_study(root)
    design = study.design()
    with pytest.raises(DataError, match=r"change: 'q1' was asked on other levels in waves '1' and '2': wave '2' "
                                        r"offered no 'Verken eller'"):
        sk.change(design, "q1")
    with pytest.raises(DataError, match=r"did: 'q1' was asked on other levels"):
        sk.did(design, "q1", group="gruppe", groups=("a", "b"))
    got = sk.change(design, "q1", levels_differ="allow")
    # the difference of the two waves' mean codes, from the answers written above
    assert got["estimate"].iloc[0] == pytest.approx(np.mean(W2) - 3.0)
    with pytest.raises(DataError, match=r"levels_differ='yes'"):
        sk.change(design, "q1", levels_differ="yes")


def test_an_answer_of_a_level_not_offered_is_an_error(tmp_path):
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames([*W2[:-2], 3, 3]))
    with pytest.raises(ValidationError, match=r"not_offered: 3 ×2 .*`variables.q1.sources.2.offered` lists \[1, 2, 4, 5\]"):
        load_study(root)


@pytest.mark.parametrize(("offered", "message"), [
    ("[1, 2, 4, 6]", r"\[6\] are none of them"),
    ("[1, 1, 2]", r"each once"),
    ("[9, 1]", r"\[9\] are none of them"),   # "Vet ikke" is no level offered
])
def test_offered_names_levels_of_the_scale(tmp_path, offered, message):
    root = _study(tmp_path / "s", _variable(f", offered: {offered}"), *_frames())
    with pytest.raises(ConfigError, match=r"`variables.q1.sources.2.offered`: .*" + message):
        load_study(root)


def test_the_refusal_follows_the_item_into_a_changed_design_and_its_score_columns(tmp_path):
    """The offered levels travel on the design's data (``data.attrs``): a design given a column
    (with_columns: pd.concat dropped the attrs) compared the waves again, and the score and top-box
    columns of with_scores / with_topbox (``q1_score``, ``q1_top``: the same answers) were never
    checked, so sk.change(sk.with_scores(design, "q1"), "q1_score") gave -0.105 without a word."""
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    design = load_study(root).design()
    refused = r"change: 'q1(_score|_top)?' was asked on other levels in waves '1' and '2': wave '2' offered no"
    with pytest.raises(DataError, match=refused):
        sk.change(design.with_columns(one=1.0), "q1")
    with pytest.raises(DataError, match=refused):
        sk.change(sk.with_scores(design, "q1"), "q1_score")
    with pytest.raises(DataError, match=refused):
        sk.change(sk.with_topbox(design, "q1", top=["Svært fornøyd"]), "q1_top")
    with pytest.raises(DataError, match=r"did: 'q1_score' was asked on other levels"):
        sk.did(sk.with_scores(design, "q1"), "q1_score", group="gruppe", groups=("a", "b"))
    allowed = sk.change(sk.with_scores(design, "q1"), "q1_score", levels_differ="allow")
    assert allowed["estimate"].iloc[0] == pytest.approx(np.mean(W2) - 3.0)


def test_compare_between_the_waves_is_refused_as_change_is(tmp_path):
    """sk.compare(design, "q1", between="wave") is sk.change's comparison (the later wave minus the
    earlier), and gave the difference of a 5-point and a 4-point question without a word."""
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    design = load_study(root).design()
    with pytest.raises(DataError, match=r"compare: 'q1' was asked on other levels in waves '1' and '2': wave '2' "
                                        r"offered no 'Verken eller'"):
        sk.compare(design, "q1", between="wave")
    allowed = sk.compare(design, "q1", between="wave", levels_differ="allow")
    assert allowed["estimate"].iloc[0] == pytest.approx(np.mean(W2) - 3.0)
    assert len(sk.compare(design, "q1", between="gruppe", by="wave")) == 2   # within each wave: one question


def test_a_table_tests_the_waves_only_when_they_offered_the_same_levels(tmp_path):
    """sk.table(design, "q1", by="wave", stat="mean") put a Wald test of the waves beside a 5-point
    and a 4-point question (p = 0.494) as if one question: the test of a change. It is refused as
    sk.change is; without the test, or with levels_differ="allow", the table is made (its test the
    design-based Wald F of the two waves' mean codes)."""
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    design = load_study(root).design()
    for stat in ("mean", "share"):
        with pytest.raises(DataError, match=r"table: 'q1' was asked on other levels in waves '1' and '2': wave '2' "
                                            r"offered no 'Verken eller'"):
            sk.table(design, "q1", by="wave", stat=stat)
    shown = sk.table(design, "q1", by="wave", stat="mean", test=False)
    means = shown.estimates.set_index("wave")["estimate"]
    assert means["1"] == pytest.approx(3.0) and means["2"] == pytest.approx(np.mean(W2))
    allowed = sk.table(design, "q1", by="wave", stat="mean", levels_differ="allow")
    assert len(allowed.tests) == 1 and 0 < allowed.tests["p_value"].iloc[0] < 1
    assert len(sk.table(design, "q1", by="gruppe", panel="wave", stat="mean").tests) == 2   # within each wave


def test_the_reports_table_of_the_waves_is_refused_unless_meant(tmp_path, capsys):
    root = _study(tmp_path / "s", _variable(", offered: [1, 2, 4, 5]"), *_frames())
    report = root / "config" / "report.yaml"
    entry = "figures: []\ntables:\n  - {{id: tabell, kind: table, items: [q1], by: [wave], options: {{stat: mean{more}}}}}\n"
    report.write_text(entry.format(more=""), encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "('tabell'): 'q1' was asked on other levels in the waves it compares: wave '2' offered no" in err, err
    assert "Traceback" not in err
    for more in (", test: false", ", levels_differ: allow"):
        report.write_text(entry.format(more=more), encoding="utf-8")
        assert cli.main(["validate", "--no-write", "--study", str(root)]) == 0, capsys.readouterr().err
