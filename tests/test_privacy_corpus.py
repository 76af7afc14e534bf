"""Precision and recall of the free-text masking on a labelled corpus (tests/data/privacy).

Recall: an identifier counts as found when every character of it (but spaces and the
punctuation between digit groups) lies inside a masked span. Precision: a masked span
counts as right when it overlaps a labelled identifier. On the 235 entries (180 identifiers
in 163 texts, 72 texts holding none; nb, nn, sv, da, en) surveykit reaches recall 1.000 and
precision 1.000; the thresholds below leave room for a change that trades one for the
other, not for a regression. The second batch of the corpus was written after the detectors
were tuned on the first: before its one fix (``trine.lie (a) hotmail.com``) it scored recall
31/32, precision 32/32. The masking before issue 14 removed 93 of the 180 identifiers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from surveykit.clean.privacy import KINDS, find_identifiers, mask_text

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "privacy" / "corpus.yaml").read_text(encoding="utf-8"))
RECALL, PRECISION = 0.97, 0.97
LANGUAGES = ("nb", "nn", "sv", "da", "en")


def _labels(entry) -> list[tuple[int, int, str]]:
    out = []
    for kind, value in entry["ids"]:
        start = entry["text"].find(value)
        assert start >= 0 and kind in KINDS, (entry, value)
        out.append((start, start + len(value), kind))
    return out


def _found(text: str, label: tuple[int, int, str], spans) -> bool:
    start, end, _ = label
    return all(any(a <= i < b for a, b, _ in spans) for i in range(start, end)
               if not text[i].isspace() and text[i] not in ".,-()+/")


def measure(entries) -> tuple[float, float, list, list]:
    hits = total = right = spans_total = 0
    missed, wrong = [], []
    for entry in entries:
        text, labels = entry["text"], _labels(entry)
        spans = find_identifiers(text)
        for label in labels:
            total += 1
            if _found(text, label, spans):
                hits += 1
            else:
                missed.append((text, text[label[0]:label[1]]))
        for a, b, kind in spans:
            spans_total += 1
            if any(a < e and s < b for s, e, _ in labels):
                right += 1
            else:
                wrong.append((text, text[a:b], kind))
    return hits / max(total, 1), right / max(spans_total, 1), missed, wrong


def test_the_corpus_covers_every_kind_and_language():
    kinds = {kind for e in CORPUS for kind, _ in e["ids"]}
    assert kinds == set(KINDS)
    for lang in LANGUAGES:
        entries = [e for e in CORPUS if e["lang"] == lang]
        assert any(e["ids"] for e in entries) and any(not e["ids"] for e in entries), lang
    assert len(CORPUS) >= 230 and sum(len(e["ids"]) for e in CORPUS) >= 170


def test_precision_and_recall():
    recall, precision, missed, wrong = measure(CORPUS)
    print(f"recall {recall:.3f}, precision {precision:.3f}")  # shown with -s
    assert recall >= RECALL, missed
    assert precision >= PRECISION, wrong


@pytest.mark.parametrize("lang", LANGUAGES)
def test_precision_and_recall_per_language(lang):
    recall, precision, missed, wrong = measure([e for e in CORPUS if e["lang"] == lang])
    assert recall >= 0.9 and precision >= 0.9, (missed, wrong)


def test_texts_without_identifiers_come_out_unchanged():
    changed = [(e["text"], mask_text(e["text"])) for e in CORPUS if not e["ids"] and mask_text(e["text"]) != e["text"]]
    assert len(changed) <= 2, changed


def test_masked_text_keeps_no_digit_of_an_identifier():
    for entry in CORPUS:
        masked = mask_text(entry["text"])
        for kind, value in entry["ids"]:
            assert value not in masked, (entry["text"], masked)
            if kind in ("national_id", "phone", "ip"):
                digits = "".join(ch for ch in value if ch.isdigit())
                assert digits not in "".join(ch for ch in masked if ch.isdigit()), (entry["text"], masked)
