"""Reports of studies unlike the demo: unweighted, one wave, without sites, in other languages,
with scales that have no "don't know" answer. What a reader sees (the explorer page, the
index page, the workbook) is read back from the built files.

The studies are the one-wave study of tests/test_report_method_texts.py (``write_study``),
with a question on a scale without a non-substantive answer added (``rating``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_report_method_texts import add_replicates, built, write_study

RATING_SCALE = """\
  rate4:
    levels:
      - {code: 1, label: {en: Poor, nb: Dårlig, sv: Dålig, da: Dårlig, nn: Dårleg}}
      - {code: 2, label: {en: Fair, nb: Middels, sv: Medel, da: Middel, nn: Middels}}
      - {code: 3, label: {en: Good, nb: God, sv: Bra, da: God, nn: God}}
      - {code: 4, label: {en: Very good, nb: Svært god, sv: Mycket bra, da: Meget god, nn: Svært god}}
    top_box: [3, 4]
"""
RATING = ("  - {name: rating, type: likert, scale: rate4, label: {en: Rating of the service, nb: Vurdering av "
          "tjenesten}, sources: {v24: {column: rating}}}\n")


def with_rating(root: Path) -> Path:
    """Add ``rating``: a question on a four-point scale with no "don't know" answer."""
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace("scales:\n", "scales:\n" + RATING_SCALE, 1)
    codebook.write_text(text + RATING, encoding="utf-8")
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["rating"] = np.random.default_rng(3).choice([1, 2, 3, 4], len(frame), p=[0.1, 0.2, 0.4, 0.3])
    frame.to_csv(export, index=False)
    return root


def page_text(path: Path) -> str:
    """The visible text of a built page (scripts and styles left out)."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


EXPLORER = "tables:\n  - {id: explorer, kind: explorer, items: [help, welcome], by: [gender]}\n"
INTRO = {  # what the explorer's introduction says the numbers are
    ("sv", "unweighted"): "oviktade andelar och medelvärden (varje svar räknas lika) med 95 % konfidensintervall",
    ("en", "unweighted"): "unweighted shares and means (every answer counts the same) with 95% confidence intervals",
    ("nb", "weighted"): "vektede andeler og gjennomsnitt med 95 % konfidensintervall.",
    ("da", "replicates"): "vægtede andele og gennemsnit med 95 % konfidensintervaller beregnet ud fra replikatvægtene",
}


@pytest.mark.parametrize(("language", "weighting"), list(INTRO))
def test_explorer_says_how_its_numbers_are_weighted(tmp_path, language, weighting):
    """The explorer said "viktade andelar" / "weighted shares" in an unweighted study (the index
    page said unweighted); it says what is true of the study."""
    root = write_study(tmp_path, language, weighted=weighting == "weighted", report=EXPLORER)
    if weighting == "replicates":
        add_replicates(root)
    built(root)
    text = page_text(root / "reports" / "explorer.html")
    assert INTRO[language, weighting] in text, text[:600]
    if weighting == "unweighted":
        assert not re.search(r"(?<![a-zæøå])(viktade|weighted)", text), text[:600]
