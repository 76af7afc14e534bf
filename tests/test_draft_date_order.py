"""Slashed dates that fit both orders (01/02/2024: 1 February or 2 January; no day above 12 in
either place, no AM/PM). The files are written here by hand.

Was: the draft typed the column as a date with no word, while the cleaning (and the field date)
silently took the reading whose dates lie closer together. Now the draft says so under REVIEW:
which reading is taken, an example, and what each reading spans. Dates one order only fits
(a 13 in the first place) get no note."""

from __future__ import annotations

import pandas as pd
import yaml

from surveykit.clean.coding import parse_dates
from tests.test_scaffold_layouts import run_study
from tests.test_scaffold_more_tools import _write_csv


def _study(tmp_path, stamp, header="Submitted"):
    rows = [[str(i + 1), stamp(i), "Yes" if i % 3 else "No"] for i in range(40)]
    return run_study(tmp_path, _write_csv(tmp_path / "export.csv", ["id", header, "Do you use the library?"], rows),
                     build=False)


def test_dates_fitting_both_orders_get_a_review_note(tmp_path):
    stamp = lambda i: f"{1 + i % 9:02d}/{2 + i % 3:02d}/2024 10:{i:02d}"   # noqa: E731
    study = _study(tmp_path, stamp)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("REVIEW: dates written with slashes that fit both orders (day/month and month/day): the cleaning read "
            "day first (01/02/2024 10:00 = 2024-02-01), as that puts the answers closer together: 2024-02-01 to "
            "2024-04-09; month first they would run 2024-01-02 to 2024-09-04") in text
    parsed, _ = parse_dates(pd.Series([stamp(i) for i in range(40)]))
    assert f"{parsed.min():%Y-%m-%d}" == "2024-02-01" and f"{parsed.max():%Y-%m-%d}" == "2024-04-09"
    waves = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))["waves"]
    assert str(waves[0]["field_date"]) == f"{parsed.sort_values().iloc[20]:%Y-%m-%d}"


def test_a_question_of_dates_fitting_both_orders_too(tmp_path):
    study = _study(tmp_path, lambda i: f"{2 + i % 3}/{1 + i % 9}/2024", header="When did you last visit?")
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "the cleaning read month first (2/1/2024 = 2024-02-01), as that puts the answers closer together" in text


def test_dates_one_order_fits_get_no_note(tmp_path):
    study = _study(tmp_path, lambda i: f"{1 + i % 20:02d}/{2 + i % 3:02d}/2024 10:{i:02d}")
    assert "fit both orders" not in (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
