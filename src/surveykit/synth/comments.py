"""Open comments in Norwegian, some carrying planted identifiers (e-mail, phone, id numbers, names).

Every identifier is synthetic: e-mail domains are reserved example domains, national id numbers
are *synthetic* fødselsnummer (month + 80, as in Norway's test registers, with valid mod-11
check digits), names are the standard placeholder kind. :data:`PLANTED` lists them per wave.

Example:
    >>> synthetic_fnr(15, 8, 70, 123)
    '15887012366'
    >>> sorted({p["kind"] for p in PLANTED["1"]})
    ['email', 'name', 'national_id', 'phone']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["BANK", "COMMENT_RATE", "PLANTED", "draw_comments", "synthetic_fnr"]

COMMENT_RATE = 0.25  # synthetic: share of respondents leaving a comment

BANK: tuple[str, ...] = (
    "Biblioteket bør være et uavhengig fristed.",
    "Blandingen av bibliotek og servicetorg kan bli uklar.",
    "Veldig hyggelige og hjelpsomme ansatte.",
    "Skulle gjerne hatt lengre åpningstid i helgene.",
    "Fikk god hjelp med BankID og Altinn.",
    "For mye støy, vanskelig å lese i fred.",
    "Savner flere arrangementer for barn.",
    "Det er fint å kunne ordne alt på ett sted.",
    "Vanskelig å vite hvem man skal spørre om hva.",
    "Jeg bruker mest e-bøker nå.",
    "Parkeringen er et problem.",
    "Flott nytt lokale!",
    "Ved skranken hører alle hva man snakker om.",
    "Meråpent bibliotek er supert.",
    "Ingen kommentarer.",
    "Nei.",
    "Bra tilbud, fortsett sånn.",
    "Bibliotekarene kan mye om mer enn bøker.",
    "Kommunen burde informere bedre om hva innbyggertorget kan hjelpe med.",
    "Litt trangt når det er mange der.",
    "Åpent til 20 hver dag hadde vært fint.",
    "Har vært låner i 30 år, aldri vært bedre.",
    "- Mer bøker på polsk og arabisk",
    "+ fine lokaler",
    "=)",
    "@kommunen: svar på e-post tar for lang tid.",
)


def synthetic_fnr(day: int, month: int, yy: int, individual: int) -> str:
    """A synthetic Norwegian national id (month + 80) with valid mod-11 check digits."""
    digits = [int(c) for c in f"{day:02d}{month + 80:02d}{yy:02d}{individual:03d}"]
    k1 = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    digits.append(k1)
    k2 = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if 10 in (k1, k2):
        raise ValueError("no valid check digits; choose another individual number")
    return "".join(map(str, digits)) + str(k2)


_FNR1 = synthetic_fnr(15, 8, 70, 123)
_FNR2 = synthetic_fnr(3, 2, 85, 456)

# (comment text, [(kind, value), ...]) per wave; every value occurs verbatim in its comment.
_PLANTED: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {
    "1": [
        ("Send gjerne svar til kari.nordmann@eksempel.no. Hilsen Kari Nordmann",
         [("email", "kari.nordmann@eksempel.no"), ("name", "Kari Nordmann")]),
        ("Fikk ikke svar på e-post. Ring meg på +47 912 34 567.", [("phone", "+47 912 34 567")]),
        ("Bibliotekaren hjalp meg med NAV-søknaden. Kan nås på 48123456 om dere lurer på noe.",
         [("phone", "48123456")]),
        ("Savner lengre åpningstid, mitt nummer er 32 21 09 87 hvis dere vil høre mer.",
         [("phone", "32 21 09 87")]),
        (f"Ved skranken ble fødselsnummeret mitt {_FNR1} lest opp høyt, ikke greit!",
         [("national_id", _FNR1)]),
        ("Flott sted. Mvh Ola Hansen (ola.hansen@example.com)",
         [("name", "Ola Hansen"), ("email", "ola.hansen@example.com")]),
    ],
    "2": [
        ("Kontakt meg på per.olsen70@eksempel.no om nye arrangementer.", [("email", "per.olsen70@eksempel.no")]),
        ("Fin hjelp med skjema. Tlf +47 934 56 789", [("phone", "+47 934 56 789")]),
        ("Ring 41234567 hvis dere trenger frivillige.", [("phone", "41234567")]),
        ("Jeg har ringt 69 12 34 56 mange ganger uten svar.", [("phone", "69 12 34 56")]),
        (f"Måtte oppgi personnummer {_FNR2} foran alle i køen.", [("national_id", _FNR2)]),
        ("Takk for god hjelp med BankID! Hilsen Ingrid Johansen", [("name", "Ingrid Johansen")]),
    ],
}

PLANTED: dict[str, list[dict[str, str]]] = {
    wave: [{"kind": k, "value": v, "comment": text} for text, ids in items for k, v in ids]
    for wave, items in _PLANTED.items()
}


def draw_comments(rng: np.random.Generator, wave: str, n: int) -> tuple[pd.Series, np.ndarray]:
    """Comments for ``n`` respondents (missing where none) and the row positions of the planted ones."""
    has = rng.random(n) < COMMENT_RATE
    code = np.where(has, rng.integers(0, len(BANK), n), -1)
    planted = _PLANTED.get(wave, [])
    rows = rng.choice(n, size=min(len(planted), n), replace=False)
    code[rows] = len(BANK) + np.arange(len(rows))
    texts = [*BANK, *(t for t, _ in planted[: len(rows)])]
    return pd.Series(pd.Categorical.from_codes(code, categories=texts)), rows
