"""Recognise non-substantive answers ("Vet ikke", "Don't know", "Ikke aktuelt", ...) by label.

Labels are compared after normalising case, accents on quotes/apostrophes (’ ‘ ´ ` as well
as '), punctuation and whitespace, and without a code or letter that numbers the answer
("6. Don’t know", "9) Prefer not to answer", "b) Vet ikke"); "/"-, "," - and " or "-combined
forms count when every part is non-substantive ("Vet ikke/ikke aktuelt", "Ikke relevant/ vet ikke").
Languages: Norwegian bokmål and nynorsk, Swedish, Danish, English, German (and a few
vendor phrasings such as Qualtrics' "No basis for evaluation").

Example:
    >>> is_nonsubstantive("Vet ikke / ikke aktuelt"), is_nonsubstantive("Enig")
    (True, False)
    >>> is_nonsubstantive("Kan ikke svare", extra=["kan ikke svare"])
    True
    >>> is_nonsubstantive("6. Don’t know"), is_nonsubstantive("Don´t know"), is_nonsubstantive("6. Apartment")
    (True, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["NONSUBSTANTIVE_LABELS", "is_nonsubstantive", "normalise_label"]

NONSUBSTANTIVE_LABELS: frozenset[str] = frozenset({
    # nb / nn
    "vet ikke", "vet ikkje", "veit ikke", "veit ikkje", "vet ikke sikkert", "usikker",
    "ikke aktuelt", "ikkje aktuelt", "ikke relevant", "ikkje relevant", "ikke aktuell",
    "ikke sikker", "ikkje sikker", "har ikke grunnlag for a svare", "ingen formening",
    "har ingen formening", "ingen mening", "har ikke grunnlag", "har ikkje grunnlag",
    "vil ikke svare", "vil ikkje svare", "onsker ikke a svare", "onskjer ikkje a svare",
    "onsker ikke svare", "ikke besvart", "kan ikke svare", "kan ikkje svare",
    "ikke brukt", "har ikke brukt", "har ikkje brukt", "vet ikke kjenner ikke til",
    "kjenner ikke til", "kjenner ikkje til",
    # sv
    "vet inte", "vet ej", "ej aktuellt", "inte aktuellt", "ej relevant", "inte relevant",
    "ingen asikt", "vill inte svara", "vill ej svara", "osaker", "kan inte svara",
    "ingen uppfattning", "har ingen uppfattning",
    # da
    "ved ikke", "onsker ikke at svare",
    "har ingen mening",
    # en
    "dont know", "do not know", "not sure", "unsure", "not applicable", "n a", "na",
    "no opinion", "no basis for evaluation", "no basis to judge", "prefer not to say",
    "prefer not to answer", "rather not say", "refused", "cant say", "cannot say",
    "dont know not applicable", "neither applicable", "does not apply", "not relevant",
    "unfamiliar n a", "no answer", "never tried it", "did not participate",
    "i dont understand this question", "not answered",
    # de
    "weiss nicht", "weis nicht", "keine angabe", "nicht zutreffend", "trifft nicht zu",
    "keine ahnung", "kann ich nicht beurteilen", "mochte ich nicht sagen",
    "mochte nicht antworten", "keine meinung", "nicht beantwortet",
})

# a code or letter numbering an answer, before its words: "6. ", "9) ", "-9: ", "10 = ", "b) ", "A. ", "(c) "
_ENUMERATOR = re.compile(r"^\s*(?:\(?-?\d{1,3}\s*[.):=\-–—]\s*|\(?[A-Za-z]\)\s*|[A-Za-z]\.\s+)(?=[^\W\d_])")
_APOSTROPHES = re.compile(r"['’‘`´ʼ′]")
_PRONOUN = re.compile(r"^(?:i|jeg|eg|jag|ich) (?=\w)")
_SPLIT = re.compile(r"\s*(?:/|\||;| eller | or | oder | og | and )\s*")


def normalise_label(label: str) -> str:
    """Lower case, accents and apostrophes folded, punctuation to spaces, spaces squashed.

    Example:
        >>> normalise_label("  Don’t know! ")
        'dont know'
    """
    text = _APOSTROPHES.sub("", str(label).casefold())   # before NFKD: it makes ´ a space and an accent
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("ø", "o").replace("æ", "ae").replace("ß", "ss")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\bn\s*/\s*a\b", "n a", text)  # "N/A" is one word, not a combination
    text = re.sub(r"[^\w/|;]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def is_nonsubstantive(label: object, extra: Iterable[str] = ()) -> bool:
    """True when ``label`` is a "don't know / not applicable / no answer" label.

    ``extra`` adds labels (any spelling; they are normalised too), e.g. from the codebook.
    Numbers and empty labels are never non-substantive by themselves (codes such as 9 or
    99 are declared in the codebook, not guessed here).
    """
    if label is None or not isinstance(label, str):
        return False
    known = NONSUBSTANTIVE_LABELS | {normalise_label(e) for e in extra}
    text = normalise_label(_ENUMERATOR.sub("", label))
    if not text:
        return False
    if text in known:
        return True
    text = _PRONOUN.sub("", text)  # "I don't know", "Jeg vet ikke", "Jag vet inte"
    if text in known:
        return True
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    return len(parts) > 1 and all(p in known for p in parts)
