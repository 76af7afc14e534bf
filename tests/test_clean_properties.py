"""Property tests of reading and cleaning: any cell content gives a result or a SurveykitError,
every raw row is accounted for, and cleaning its own output changes nothing."""

from __future__ import annotations

import csv
import io
import textwrap

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveykit.clean.coding import code_numeric, code_scaled
from surveykit.clean.privacy import mask_text
from surveykit.config.codebook import Level, Scale, Variable
from surveykit.errors import SurveykitError
from surveykit.study import load_study
from tests.study_fixture import W1_CSV, write_mini_study

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER = next(csv.reader(io.StringIO(textwrap.dedent(W1_CSV)), delimiter=";"))
cell = st.one_of(st.text(max_size=30), st.sampled_from(["Enig", "Askim", "34", "Mann", "", "Vet ikke", "r1", "TEST1"]))


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue()


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=8))
def test_any_cells_give_a_result_or_a_surveykit_error(rows, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_mini_study(tmp_path_factory.mktemp("p"))
    (root / "data" / "raw" / "w1.csv").write_text(_csv(rows), encoding="utf-8")
    try:
        study = load_study(root)
    except SurveykitError:
        return
    for q in (study.quality["1"], study.quality["2"]):
        assert q["raw_rows"] == q["responses"] + q["rejected"]
    assert len(study.responses) + len(study.rejects) == sum(study.quality[w]["raw_rows"] for w in ("1", "2"))


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_reader(raw, tmp_path_factory):
    from surveykit.io import read_export

    path = tmp_path_factory.mktemp("b") / "export.csv"
    path.write_bytes(raw)
    try:
        export = read_export(path)
    except SurveykitError:
        return
    assert export.data.index.is_unique


SCALE = Scale("agree3", (Level(1, {"nb": "Uenig"}), Level(2, {"nb": "Nøytral"}, ("Hverken eller",)),
                         Level(3, {"nb": "Enig"})), (Level(9, {"nb": "Vet ikke"}),))
answers = st.lists(st.sampled_from(["Uenig", "nøytral", " ENIG ", "Hverken eller", "1", "2", 3, 9, "Vet ikke", None, ""]),
                   max_size=20)


@given(values=answers)
def test_coding_a_scale_is_idempotent(values):
    once, fails = code_scaled(pd.Series(values, dtype=object), "q", SCALE, "nb")
    assert not fails
    labels = once["q"].astype(object).where(~once["q__dk"], "Vet ikke")
    twice, _ = code_scaled(labels, "q", SCALE, "nb")
    pd.testing.assert_series_equal(once["q"], twice["q"])
    pd.testing.assert_series_equal(once["q__dk"], twice["q__dk"])


@given(values=st.lists(st.one_of(st.integers(15, 110), st.floats(15, 110).map(lambda x: f"{x:.1f}".replace(".", ",")),
                                 st.none()), max_size=20))
def test_coding_numbers_is_idempotent(values):
    var = Variable("age", "numeric", {}, {}, valid=(15.0, 110.0))
    once, fails = code_numeric(pd.Series(values, dtype=object), var)
    assert not fails
    twice, _ = code_numeric(once["age"], var)
    pd.testing.assert_series_equal(once["age"], twice["age"])


@given(text=st.text(alphabet=st.sampled_from(list("0123456789 +-.@()abcæøå\n")), max_size=80))
def test_masking_is_idempotent_and_total(text):
    once = mask_text(text)
    assert mask_text(once) == once


def test_cleaning_the_cleaned_study_again_gives_the_same_frame(tmp_path, monkeypatch):
    """Write wave 1's cleaned labels back as an export and clean it again."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_mini_study(tmp_path / "a")
    first = load_study(root).responses
    w1 = first[first["wave"] == "1"]
    back = pd.DataFrame({
        "ID": [f"id{i}" for i in range(len(w1))], "Sted": w1["site_label"].astype(object),
        "Kjønn": w1["gender"].astype(object), "Alder": w1["age"].map(lambda v: f"{v:g}"),
        "Hvor lett er det å få hjelp?": w1["help"].astype(object).where(~w1["help__dk"].astype(bool), "Vet ikke"),
        "Kjenner: NAV": w1["aware__nav"].map({True: "Ja", False: ""}),
        "Kjenner: Skatt": w1["aware__tax"].map({True: "Ja", False: ""}),
        "Kommentar": w1["comment"].astype(object),
    })
    again_root = write_mini_study(tmp_path / "b", **{"data/raw/w1.csv": back.to_csv(sep=";", index=False)})
    second = load_study(again_root).responses
    cols = ["site", "gender", "age", "age_group", "help", "help__dk", "aware__nav", "aware__tax", "comment"]
    pd.testing.assert_frame_equal(first[first["wave"] == "1"][cols].reset_index(drop=True),
                                  second[second["wave"] == "1"][cols].reset_index(drop=True))


@pytest.mark.parametrize("text", ["[telefon]", "[e-post] og [id-nummer]", "Hilsen [navn]"])
def test_placeholders_survive_masking(text):
    assert mask_text(text) == text
