"""Traps of a hand-written codebook's scales and recodes that gave plausible wrong numbers:

- a scale listed high -> low (codes 5, 4, 3, 2, 1): the answers' order (and so sk.score and
  sk.change on the study's design, which score by position) followed the list, the report's
  means the codes: the Python mean of a wave was 6 minus the report's, and a change had the
  opposite sign. Now refused at load, saying to list the codes rising;
- a reversed scale written for its ends only (`recode: {1: 5, 5: 1}`, 2 and 4 left as they
  are): half a reversal, no error. Now refused, with the whole reversal to write;
- a recode mapping two answers onto one level (a merge, also the one a reversal of one end gives:
  `recode: {5: 1}` beside a 1 read as itself): allowed, since written, but now listed as a
  warning (`merged_answers`) in validate's output and quality.json, with each answer's count.

The exports are small CSV files written here (codes, as an SPSS-converted export holds them).
"""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.test_codebook_missing_codes import _study

W = pd.DataFrame({"q1": [1] * 10 + [2] * 20 + [3] * 30 + [4] * 25 + [5] * 15})


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)


def _variable(source2: str = "{column: q1}") -> str:
    return f"""  - name: q1
    type: likert
    scale: sat5
    sources: {{"1": {{column: q1}}, "2": {source2}}}
"""


def test_a_scale_listed_high_to_low_is_refused(tmp_path):
    root = _study(tmp_path / "s", _variable(), W, W)
    book = root / "config" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    head, rest = text.split("    levels:\n", 1)
    levels, tail = rest.split("    nonsubstantive:", 1)
    book.write_text(head + "    levels:\n" + "".join(reversed(levels.splitlines(keepends=True)))
                    + "    nonsubstantive:" + tail, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`scales.sat5.levels`: an ordered scale lists its levels from low to high "
                                          r"with their codes rising, got 5 = 'Svært fornøyd', 4 = 'Fornøyd'"):
        load_study(root)


def test_half_a_reversal_is_refused_with_the_whole_one(tmp_path):
    root = _study(tmp_path / "s", _variable("{column: q1, recode: {1: 5, 5: 1}}"), W, W)
    with pytest.raises(ConfigError, match=r"`recode` of 'q1' reverses codes 1, 5 of scale `sat5` and leaves 2, 4 as "
                                          r"they are: .*\(\{1: 5, 2: 4, 4: 2, 5: 1\}\)"):
        load_study(root)


def test_a_whole_reversal_reads_the_scale_the_other_way(tmp_path):
    root = _study(tmp_path / "s", _variable("{column: q1, recode: {1: 5, 2: 4, 4: 2, 5: 1}}"), W, W)
    study = load_study(root)
    second = study.responses[study.responses["wave"].astype(str) == "2"]["q1"].value_counts()
    assert second["Svært fornøyd"] == 10 and second["Svært misfornøyd"] == 15 and second["Fornøyd"] == 20
    assert not [w for w in study.quality["2"]["warnings"] if "merged_answers" in w]


def test_merges_are_listed_with_their_counts(tmp_path, caplog):
    # {5: 1} alone: raw 1 read as itself and raw 5 recoded both become 1
    root = _study(tmp_path / "s", _variable("{column: q1, recode: {5: 1, 4: 3}}"), W, W)
    study = load_study(root)
    merged = [w for w in study.quality["2"]["warnings"] if "merged_answers" in w]
    assert len(merged) == 2
    assert "'1' ×10 (read as itself) and '5' ×15 (recode) all become 1 = 'Svært misfornøyd'" in merged[0] + merged[1]
    assert "'3' ×30 (read as itself) and '4' ×25 (recode) all become 3 = 'Verken eller'" in merged[0] + merged[1]
    assert not [w for w in study.quality["1"]["warnings"] if "merged_answers" in w]
    counts = study.responses[study.responses["wave"].astype(str) == "2"]["q1"].value_counts()
    assert counts["Svært misfornøyd"] == 25 and counts["Verken eller"] == 55   # allowed: it was written


FREQUENCY = """scales:
  freq:
    levels:
      - {code: 0, label: "Aldri"}
      - {code: 1, label: "Sjelden"}
      - {code: 2, label: "Av og til"}
      - {code: 3, label: "Ofte"}
      - {code: 4, label: "Daglig"}
variables:
  - {name: respondent_id, type: id, sources: {"1": {column: id}, "2": {column: id}}}
  - {name: bruk, type: likert, scale: freq, sources: {"1": {column: q1}, "2": {column: q1}}}
"""


def test_python_scores_a_study_scale_by_its_codes_as_the_report_does(tmp_path):
    """A scale coded 0-4 (a frequency, "Aldri" = 0): the report's means score the codes, and
    sk.score / sk.change on the study's design scored positions 1-5, a mean one higher (2.65 for
    the report's 1.65): now the design carries the codebook's codes, and both give the codes' mean."""
    import surveykit as sk
    from surveykit import cli

    w1 = pd.DataFrame({"q1": ["Aldri"] * 10 + ["Sjelden"] * 40 + ["Av og til"] * 30 + ["Ofte"] * 15 + ["Daglig"] * 5})
    w2 = pd.DataFrame({"q1": ["Aldri"] * 20 + ["Sjelden"] * 20 + ["Av og til"] * 20 + ["Ofte"] * 20 + ["Daglig"] * 20})
    root = _study(tmp_path / "s", "", w1, w2)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    (root / "config" / "report.yaml").write_text("figures:\n  - {id: snitt, kind: means, items: [bruk], by: [wave]}\n"
                                                 "tables: []\n", encoding="utf-8")
    first = (0 * 10 + 1 * 40 + 2 * 30 + 3 * 15 + 4 * 5) / 100      # 1.65, the codes' mean
    second = 2.0
    study = load_study(root)
    design = study.design()
    got = sk.score(design, "bruk", by="wave")
    assert got["estimate"].tolist() == pytest.approx([first, second])
    assert sk.change(design, "bruk")["estimate"].iloc[0] == pytest.approx(second - first)
    assert sk.score(design, "bruk", to_100=True, scale_min=0)["estimate"].iloc[0] == pytest.approx(
        (first * 100 + second * 100) / 200 / 4 * 100)
    assert len(sk.olr(design, "bruk ~ C(wave)"))             # an ordinal model: the order, as before
    assert cli.main(["-q", "build", "--study", str(root)]) == 0
    report = pd.read_csv(root / "reports" / "tables" / "snitt.csv", dtype={"wave": str})
    assert report.sort_values("wave")["estimate"].tolist() == pytest.approx([first, second])


def test_the_codes_survive_every_way_a_user_changes_the_studys_design(tmp_path):
    """The codebook's codes travel on the design's data (``data.attrs``): with_columns adding a
    column (pd.concat keeps attrs only when every frame has them) lost them, so
    ``sk.score(sk.with_scores(design, "bruk"), "bruk")`` or a design given an age group scored the
    0-4 scale by position (2.825 for the codes' 1.825). Every path keeps the codes' mean."""
    import surveykit as sk

    w1 = pd.DataFrame({"q1": ["Aldri"] * 10 + ["Sjelden"] * 40 + ["Av og til"] * 30 + ["Ofte"] * 15 + ["Daglig"] * 5})
    w2 = pd.DataFrame({"q1": ["Aldri"] * 20 + ["Sjelden"] * 20 + ["Av og til"] * 20 + ["Ofte"] * 20 + ["Daglig"] * 20})
    root = _study(tmp_path / "s", "", w1, w2)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    design = load_study(root).design(weighted=False)
    both = (1.65 + 2.0) / 2                                        # the codes' mean over the 200 answers
    paths = {
        "with_columns": design.with_columns(one=1.0),
        "with_scores": sk.with_scores(design, "bruk"),
        "with_topbox": sk.with_topbox(design, "bruk", top=["Daglig"]),
        "to_replicate": design.to_replicate("bootstrap", replicates=10, seed=1),
        "with_columns, subset": design.with_columns(one=1.0).subset(lambda d: d["one"] == 1.0),
    }
    for path, changed in paths.items():
        assert sk.score(changed, "bruk")["estimate"].iloc[0] == pytest.approx(both), path
    table = sk.table(design.with_columns(one=1.0), "bruk", stat="mean")
    assert table.estimates["estimate"].iloc[0] == pytest.approx(both)


def test_a_changed_item_column_is_not_scored_by_the_codebooks_codes_silently(tmp_path):
    """A user reversing the study's 0-4 item (its levels reordered) kept the codebook's codes, so
    the reversal was ignored (1.825, the unreversed mean); relabelled (the labels translated), it
    fell back to positions 1-5 (2.825, one above the report's). Both are refused, saying how to
    give the scores; with codes= the reversed item has the reversed codes' mean, 4 - 1.825."""
    import surveykit as sk
    from surveykit.errors import DataError

    w = pd.DataFrame({"q1": ["Aldri"] * 10 + ["Sjelden"] * 40 + ["Av og til"] * 30 + ["Ofte"] * 15 + ["Daglig"] * 5})
    root = _study(tmp_path / "s", "", w, w)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    design = load_study(root).design(weighted=False)
    item = design.data["bruk"]
    reversed_ = design.with_columns(bruk=item.cat.reorder_categories(list(item.cat.categories)[::-1]))
    with pytest.raises(DataError, match=r"'bruk' is an item of the study's codebook \('Aldri' = 0, .*'Daglig' = 4\), "
                                        r"but its levels are in another order than the codebook's codes"):
        sk.score(reversed_, "bruk")
    with pytest.raises(DataError, match=r"but its levels are in another order"):
        sk.with_scores(reversed_, "bruk")
    relabelled = design.with_columns(bruk=item.cat.rename_categories(["Never", "Rarely", "Sometimes", "Often", "Daily"]))
    with pytest.raises(DataError, match=r"but its level\(s\) 'Never', 'Rarely', 'Sometimes', 'Often', 'Daily' are not "
                                        r"the codebook's"):
        sk.score(relabelled, "bruk")
    codes = {"Daglig": 0, "Ofte": 1, "Av og til": 2, "Sjelden": 3, "Aldri": 4}
    assert sk.score(reversed_, "bruk", codes=codes)["estimate"].iloc[0] == pytest.approx(4 - 1.65)
    dropped = design.with_columns(bruk=item.cat.remove_categories(["Daglig"]))    # a subset of the levels: codes
    assert sk.score(dropped, "bruk")["estimate"].iloc[0] == pytest.approx((40 + 60 + 45) / 95)


def test_a_0_100_score_of_a_study_scale_from_0_says_the_codebooks_codes(tmp_path):
    """sk.score(to_100=True) of the study's 0-4 item is refused (scale_min is 1 by default); the
    message said the scores came from `codes=`, which the call did not give: the codebook's codes."""
    import surveykit as sk
    from surveykit.errors import DataError

    w = pd.DataFrame({"q1": ["Aldri", "Sjelden", "Av og til", "Ofte", "Daglig"] * 10})
    root = _study(tmp_path / "s", "", w, w)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    design = load_study(root).design(weighted=False)
    with pytest.raises(DataError, match=r"the scores of 'bruk' run 0–4 \(the codebook's codes\), outside the scale "
                                        r"scale_min=1 .* Give scale_min=0"):
        sk.score(design, "bruk", to_100=True)
    assert sk.score(design, "bruk", to_100=True, scale_min=0)["estimate"].iloc[0] == pytest.approx(50.0)


def test_the_processed_file_read_back_scores_by_the_codes(tmp_path):
    """sk.read_responses (data/processed/responses.parquet, the codes and scales in its metadata)
    gave ordered categoricals without the codes: sk.Design on it scored the 0-4 scale by position,
    2.65 for the report's 1.65. The frame now carries the codes, as study.design() does."""
    import surveykit as sk
    from surveykit import cli

    w = pd.DataFrame({"q1": ["Aldri"] * 10 + ["Sjelden"] * 40 + ["Av og til"] * 30 + ["Ofte"] * 15 + ["Daglig"] * 5})
    root = _study(tmp_path / "s", "", w, w)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    responses = sk.read_responses(root / "data" / "processed" / "responses.parquet", language="nb")
    assert sk.score(sk.Design(responses), "bruk")["estimate"].iloc[0] == pytest.approx(1.65)


def test_a_merge_names_the_row_of_its_first_recoded_answer(tmp_path):
    """The merged_answers warning named the column's first row (row 2 of w2.csv, an answer 1) for
    every merge, also for '4' recoded to 3, whose first answer is in row 62 (W: 10 ones, 20 twos,
    30 threes, then the fours from the 61st answer; row 1 is the header)."""
    root = _study(tmp_path / "s", _variable("{column: q1, recode: {5: 1, 4: 3}}"), W, W)
    merged = [w for w in load_study(root).quality["2"]["warnings"] if "merged_answers" in w]
    assert any(w.startswith('w2.csv, row 62, column "q1": merged_answers: \'3\' ×30') for w in merged), merged
    assert any(w.startswith('w2.csv, row 87, column "q1": merged_answers: \'1\' ×10') for w in merged), merged


def test_a_design_built_on_the_studys_responses_scores_by_the_codes(tmp_path):
    """sk.Design(study.responses, ...) (the cleaned responses, not study.design()) scored the 0-4
    scale by position, 2.65 for the report's 1.65; the responses now carry the codes too (in the
    study's language and in another), and the processed file stays without them (language-neutral)."""
    import json

    import pyarrow.parquet as pq

    import surveykit as sk

    w = pd.DataFrame({"q1": ["Aldri"] * 10 + ["Sjelden"] * 40 + ["Av og til"] * 30 + ["Ofte"] * 15 + ["Daglig"] * 5})
    root = _study(tmp_path / "s", "", w, w)
    (root / "config" / "codebook.yaml").write_text(FREQUENCY, encoding="utf-8")
    study = load_study(root)
    assert sk.score(sk.Design(study.responses), "bruk")["estimate"].iloc[0] == pytest.approx(1.65)
    assert sk.score(sk.Design(study.in_language("en").responses), "bruk")["estimate"].iloc[0] == pytest.approx(1.65)
    study.save()
    stored = json.loads(pq.read_schema(root / "data" / "processed" / "responses.parquet").metadata[b"pandas"])
    assert stored["attributes"] == {}


def test_one_code_mirrored_one_way_is_a_merge_not_half_a_reversal(tmp_path):
    """`recode: {5: 1}` (raw 5 recoded to 1, raw 1 read as itself) merges two answers; it was refused
    as "reverses codes 5 and leaves 1, 2, 4", which it does not. It is allowed and listed."""
    root = _study(tmp_path / "s", _variable("{column: q1, recode: {5: 1}}"), W, W)
    study = load_study(root)
    merged = [w for w in study.quality["2"]["warnings"] if "merged_answers" in w]
    assert len(merged) == 1 and "'1' ×10 (read as itself) and '5' ×15 (recode) all become 1" in merged[0]
    counts = study.responses[study.responses["wave"].astype(str) == "2"]["q1"].value_counts()
    assert counts["Svært misfornøyd"] == 25 and counts["Svært fornøyd"] == 0
