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
    >>> is_nonsubstantive("Vet ej/går aldrig ut"), is_nonsubstantive("Annat/vill inte uppge")
    (True, False)
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
    "kjenner ikke til", "kjenner ikkje til", "onsker ikke a oppgi", "onskjer ikkje a oppgi",
    "vil ikke oppgi", "vil ikkje oppgi", "onsker ikke a opplyse", "husker ikke", "hugsar ikkje",
    "huskar ikkje", "ukjent", "kan ikke vurdere", "kan ikkje vurdere", "kan ikke ta stilling",
    "kan ikkje ta stilling", "ikke mulig a vurdere", "har ikke grunnlag for a vurdere",
    "har ikkje grunnlag for a vurdere", "uoppgitt",
    "ikke fatt karakter", "far ikke karakter", "ikkje fatt karakter", "far ikkje karakter",  # grades 1-6: no grade
    # sv
    "vet inte", "vet ej", "ej aktuellt", "inte aktuellt", "ej relevant", "inte relevant",
    "ingen asikt", "vill inte svara", "vill ej svara", "osaker", "kan inte svara",
    "ingen uppfattning", "har ingen uppfattning", "vill inte uppge", "vill ej uppge",
    "minns inte", "minns ej", "okant", "kan inte bedoma", "kan ej bedoma", "kan inte ta stallning",
    "har ingen grund att bedoma", "uppgift saknas",
    # da
    "ved ikke", "onsker ikke at svare", "vil ikke oplyse", "onsker ikke at oplyse",
    "ukendt",  # "kan ikke vurdere" (da) is with nb above
    "har ingen mening", "kan ikke bedomme", "kan ikke tage stilling", "uoplyst",
    "ikke oplyst",
    # en
    "dont know", "do not know", "not sure", "unsure", "not applicable", "n a", "na",
    "no opinion", "no basis for evaluation", "no basis to judge", "prefer not to say",
    "prefer not to answer", "rather not say", "refused", "cant say", "cannot say",
    "dont know not applicable", "neither applicable", "does not apply", "not relevant",
    "unfamiliar n a", "no answer", "never tried it", "did not participate",
    "i dont understand this question", "not answered", "prefer not to disclose",
    "prefer not to state", "would rather not say", "decline to answer", "declined to answer",
    "dont remember", "do not remember", "cant remember", "cannot remember", "unknown",
    "cannot assess", "cant assess", "unable to assess", "cannot judge", "cant judge", "unable to judge",
    "cannot evaluate", "cant evaluate", "unable to evaluate", "cannot rate", "cant rate",
    # de
    "weiss nicht", "weis nicht", "keine angabe", "nicht zutreffend", "trifft nicht zu",
    "keine ahnung", "kann ich nicht beurteilen", "mochte ich nicht sagen",
    "mochte nicht antworten", "keine meinung", "nicht beantwortet", "weiss nicht mehr",
    "unbekannt",
})

# the plain "don't know" of each language: first in a "/"-joined label, the label is one
_DONT_KNOW: frozenset[str] = frozenset({
    "vet ikke", "vet ikkje", "veit ikke", "veit ikkje", "vet inte", "vet ej", "ved ikke",
    "dont know", "do not know", "weiss nicht", "not sure", "usikker", "osaker",
})

# the reason a don't-know gives after it ("går aldrig ut", "har ikke brukt"): a negation, which
# an answer of the scale after a don't-know ("Vet ikke/enig") does not have
_NEGATION = re.compile(r"\b(?:ikke|ikkje|inte|ej|aldri|aldrig|never|not|no|nicht|nie|ingen|kein\w*)\b")

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
    # an option's name written as a form tool stores it ("prefer_not_to_say", Kobo/XLSForm)
    text = normalise_label(_ENUMERATOR.sub("", label).replace("_", " "))
    if not text:
        return False
    if text in known:
        return True
    text = _PRONOUN.sub("", text)  # "I don't know", "Jeg vet ikke", "Jag vet inte"
    if text in known:
        return True
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    if len(parts) > 1 and all(p in known for p in parts):
        return True
    # "Vet ej/går aldrig ut": a don't-know with the reason (a negation) it could not be answered;
    # "Annat/vill inte uppge" stays an answer (its first part is one), as does "Vet ikke/enig"
    return (len(parts) > 1 and "/" in text and _PRONOUN.sub("", parts[0]) in _DONT_KNOW
            and all(_NEGATION.search(p) for p in parts[1:]))
