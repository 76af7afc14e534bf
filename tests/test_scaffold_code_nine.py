"""A scale exported as numbers with 9 = "Vet ikke" (a tester's second wave: codes 1..5, nine for
don't know): the draft made it a number whose mean counted every "Vet ikke" as a 9 (Bragernes
3.00 where the answers give 3.92). Now 9 is declared missing with a REVIEW note."""

from __future__ import annotations

import numpy as np

from tests import tool_exports as tx
from tests.test_draft_valid_ranges import seen
from tests.test_identifiers_asked import _key  # noqa: F401 - a pseudonymisation key for every test
from tests.test_scaffold_layouts import codebook, run_study


def test_nine_after_codes_one_to_five_is_declared_missing(tmp_path):
    rng = np.random.default_rng(11)
    n = 120
    codes = rng.integers(1, 6, n).astype(str)
    codes[rng.random(n) < 0.12] = "9"
    rows = [["Løpenummer", "Hvor fornøyd er du med åpningstidene?", "Hvor mange ganger har du besøkt biblioteket?"]]
    visits = rng.integers(0, 40, n)
    rows += [[str(1000 + i), codes[i], str(visits[i])] for i in range(n)]
    path = tmp_path / "bibliotek_2024.csv"
    path.write_text(tx._csv(rows, delimiter=";"), encoding="utf-8")
    study = run_study(tmp_path, path, build=False)
    cb = codebook(study)
    item = next(v for v in cb["variables"] if v["sources"]["1"].get("column", "").startswith("Hvor fornøyd"))
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert item["type"] == "numeric" and item["missing"] == [9] and seen(text, item["sources"]["1"]["column"]) == [1, 5]
    assert "9 looks like a code for no answer" in text
    count = next(v for v in cb["variables"] if v["sources"]["1"].get("column", "").startswith("Hvor mange"))
    assert not count.get("missing")  # a count keeps its largest answers
    assert seen(text, count["sources"]["1"]["column"]) == [int(visits.min()), int(visits.max())]
