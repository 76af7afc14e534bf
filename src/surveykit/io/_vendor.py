"""Helpers shared by the vendor dialects: identifiers, groups of columns, question texts.

Example:
    >>> common_stem(["Q3-Squash", "Q3-Zucchini"])
    'Q3-'
    >>> is_binary(pd.Series(["1", None, "0"]))
    True
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "common_stem",
    "first_rows_text",
    "header_kind",
    "identifier_columns",
    "identifier_header",
    "is_binary",
    "question_text",
    "split_groups",
]

# a header naming a direct identifier, read as lower-case words ("first_name", "FirstName",
# "Name (first)" -> "first name"): who it belongs to (optional), then what it is, then a number
_WHOSE = (r"(?:(?:home|work|private|privat|contact|kontakt|emergency|ec|primary|alt|alternative|next of kin|kin|nok|"
          r"patient|participant|respondent|recipient|parent|guardian|caregiver|mother|father|spouse|"
          r"your|ditt|din|dit|pasientens|deltakerens|foresattes)\s?)*")
_HEADER_KINDS = (
    ("email", r"(?:email|epost)(?:\s?(?:address|adresse|adressa|adress))?"),
    ("ip", r"ip(?:\s?(?:address|addr|adresse|adress))?"),
    ("phone", r"(?:tele)?phone(?:\s?(?:number|no|nr|num))?|(?:mobile|cell)\s?(?:phone|number|no|nr)|"
              r"(?:telefon|tlf|mobil)(?:\s?(?:nummer|nr))?|mobiltelefon|(?:contact|kontakt)\s?(?:number|nummer|nr|no)|"
              r"fax"),
    ("national_id", r"fødselsnummer|personnummer|person\s?nr|cpr(?:\s?(?:nr|nummer|number))?|ssn|"
                    r"social security number|national id(?:entity)?(?: number)?"),
    ("address", r"(?:(?:postal|post|street|mailing|residential|bosteds|hjemme|gate)\s?)?"
                r"(?:address|adresse|adress)(?:\s?line)?"),
    ("name", r"(?:first|last|middle|given|family|sur|full|maiden|nick|user|fore|christian)\s?name|"
             r"name(?:\s(?:first|last|middle|given|family|full))?|navn|namn|"
             r"(?:for|etter|efter|mellom|mellem|mellan|slekts|familie|bruker|bruger|användar|kalle|pike|fullt|hele)"
             r"\s?(?:navn|namn)(?:et)?|förnamn|vorname|nachname"),
    ("birth_date", r"bursdag|fødselsdato|fødselsdag|födelsedatum|date of birth|birth\s?date|birthday|dob"),
    ("location", r"location (?:latitude|longitude)"),
)
# the same in the languages a Nordic municipality's residents write (fi, is, pl, lt, tr, ru, uk, es,
# fr, pt, nl, id, ar): each word as translators put "Name", "First name", "Last name", "Full name",
# "Phone number", "Home phone", "E-mail address", "Address", "Birthday" in Debian's gettext
# catalogues (shadow, gnupg2, PackageKit, gtk30, avahi, coreutils: /usr/share/locale/<lang>/) and in
# Thunderbird's address book (mozilla-l10n/firefox-l10n, <lang>/mail/messenger/addressbook/vcard.ftl);
# Indonesian "Nama PIC", "Nama Perwakilan", "Nama Contact Person", "Nomor HP/WA" as Jotform exports head them
# (ikanx101/Marketing-Jotform); words that also name things (pl "nazwa", tr "ad", ar "العنوان" also
# "title") are left out
_HEADER_KINDS_OTHER = (
    ("email", r"sähköposti(?:osoite)?|tölvupóstfang|adres\s?email|adres poczty elektronicznej|eposta(?:\s?adresi)?|"
              r"(?:dirección de )?correo electrónico|courriel|adresse électronique|(?:endereço de )?correio eletrónico|"
              r"emailadres|alamat\s?email|(?:адрес )?электронной почты|адреса ел пошти"),
    ("phone", r"puhelin(?:numero)?|koti\s?puhelin|työ\s?puhelin|símanúmer|numer telefonu|telefon numarası|"
              r"(?:ev|iş) telefonu|(?:número de )?teléfono|(?:numéro de )?téléphone|telefone|telefoon(?:nummer)?|"
              r"(?:nomor\s)?(?:telepon|telp)|(?:nomor|no)\s?(?:hp|wa|whatsapp)(?:\s(?:hp|wa|whatsapp))*|"
              r"(?:номер )?телефона?|(?:домашний|рабочий) телефон|номер телефону|(?:домашній|робочий) телефон"),
    ("address", r"(?:katu)?osoite|póstfang|heimilisfang|adres|dirección(?: postal)?|endereço|alamat|адрес|адреса"),
    ("name", r"nimi|etunimi|sukunimi|koko nimi|kutsumanimi|nafn|skírnarnafn|eftirnafn|millinafn|"
             r"imię|nazwisko|imię i nazwisko|drugie imię|vardas|tikrasis vardas|"
             r"isim|tam isim|soyadı?|ad soyadı?|adı soyadı|adınız ve soyadınız|"
             r"имя|фамилия|отчество|полное имя|ім я|ім я повністю|прізвище|"
             r"nombre|apellidos?|nombre completo|nombre y apellidos|segundo nombre|"
             r"nom|prénom|nom de famille|deuxième prénom|nome|nome completo|"
             r"naam|voornaam|achternaam|volledige naam|tweede naam|"
             r"nama(?:\s(?:lengkap|pic|perwakilan|contact person))?|اسم|الاسم"),
    ("birth_date", r"syntymäpäivä|fæðingardagur|data urodzenia|urodziny|doğum günü|день рождения|дата народження|"
                   r"cumpleaños|verjaardag|tanggal lahir|tempat tanggal lahir"),
)
_HEADER_RES = [(kind, re.compile(rf"{_WHOSE}(?:{heads})(?:\s?\d+)?")) for kind, heads in _HEADER_KINDS + _HEADER_KINDS_OTHER]
_OPTIONAL = re.compile(r"\((?:optional|valgfritt|valgfri|frivillig|frivilligt|valfritt|valfri|if any)\)\s*$",
                       re.IGNORECASE)
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
# the same in RE2 (pyarrow): Python's \s on text, spelled out; \p{Nd} is a superset of \d
_NOT_AT_OR_SPACE = (r"[^@\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
                    r"\x{2029}\x{202f}\x{205f}\x{3000}]")
_EMAIL_RE2 = rf"^{_NOT_AT_OR_SPACE}+@{_NOT_AT_OR_SPACE}+\.[A-Za-z]{{2,}}$"
_IPV4_RE2 = r"^\p{Nd}{1,3}(?:\.\p{Nd}{1,3}){3}$"


def question_text(text: Any) -> str:
    """Header text as a readable question: HTML entities and line breaks resolved."""
    if text is None:
        return ""
    return re.sub(r"\s+", " ", html.unescape(str(text)).replace("<br>", " ")).strip()


def _header_words(header: str) -> str:
    """A header as lower-case words: camelCase, '_', '-' and punctuation split; "e mail" joined."""
    text = _OPTIONAL.sub("", question_text(header))
    text = re.sub(r"(?<=[a-zæøåäö])(?=[A-ZÆØÅÄÖ])|(?<=[A-ZÆØÅÄÖ])(?=[A-ZÆØÅÄÖ][a-zæøåäö])", " ", text)
    words = re.sub(r"[\W_]+", " ", text.casefold()).split()
    return re.sub(r"\be (mail|post)", r"e\1", " ".join(words))


def header_kind(header: str) -> str | None:
    """The kind of direct identifier a column header names ("email", "ip", "phone",
    "national_id", "address", "name", "birth_date", "location"), or None. The
    whole header must name it, optionally with whose it is and a number ("contact_phone_2"):
    "first_name", "NameLast", "Etternavn", "username" do; "company_name", "Navn på bibliotek" do not.

    Example:
        >>> header_kind("name_first"), header_kind("E-post"), header_kind("site_name")
        ('name', 'email', None)
    """
    words = _header_words(header)
    return next((kind for kind, rx in _HEADER_RES if rx.fullmatch(words)), None)


def identifier_header(header: str) -> bool:
    """Whether a column header names a direct identifier (:func:`header_kind`).

    Example:
        >>> identifier_header("E-post"), identifier_header("Hvor fornøyd er du?")
        (True, False)
    """
    return header_kind(header) is not None


# a question (or header) that asks the respondent for a direct identifier, in English and the
# Nordic languages: "What is your name?", "Question: what is your phone number?", "E-postadresse
# (valgfritt)", "Skriv inn telefonnummeret ditt", "Ditt namn"; the kinds of _ASKS are tried in order
_YOUR = r"(?:your|ditt|din|dit|dine|deres|er)"
_ASKS = (
    ("email", r"\be-?(?:post|mail)[- ]?(?:adresse\w*|adressa|adress\w*|address(?:es)?)\b|"
              rf"\b{_YOUR}\s+e-?(?:post|mail)\w*|\be-?(?:post|mail)\w*\s+(?:din|ditt|dit)\b"),
    ("phone", r"\b(?:tele)?phone[- ]?numbers?\b|\bmobile[- ]?numbers?\b|\bcell[- ]?phone\b|"
              rf"\b{_YOUR}\s+(?:tele|cell[- ]?|mobile[- ]?)?phone\b|"
              r"\b(?:telefon|mobil|tlf)\.?[- ]?(?:nummer|nr)\w*|\b(?:telefon|mobil)\w*\s+(?:din|ditt|dit)\b"),
    ("national_id", r"\bsocial[- ]security[- ]number\b|\bnational[- ]id(?:entity)?[- ]number\b|"
                    r"\b(?:fødsels|person|cpr[- ]?)(?:nummer|nr)\w*"),
    ("address", rf"\b{_YOUR}\s+(?:home\s+|postal\s+|street\s+)?address\b|\b(?:home|postal|street)\s+address\b|"
                r"\b(?:post|bo|hjemme|gate)adress\w*|"
                rf"\b{_YOUR}\s+(?:post|bo|hjemme)?adress\w*|\b\w*adress\w*\s+(?:din|ditt|dit)\b"),
    ("name", rf"\b{_YOUR}\s+(?:(?:full|first|last|given|family|whole)\s+)?name\b|\b(?:full|first|last)\s+name\b|"
             rf"\b{_YOUR}\s+(?:fulle\s+|hele\s+)?(?:navn|namn)\b|\b\w*(?:navnet|namnet)\s+(?:ditt|dit)\b|"
             r"\b(?:fornavn|etternavn|efternavn|förnamn|efternamn)\w*|\bfullt\s+(?:navn|namn)\b|"
             # German, French, Spanish: "Geben Sie Ihren Vor- & Nachnamen an", "votre nom", "su nombre"
             r"\b(?:vor|nach|familien|zu)namen?s?\b|\bvor-\s*(?:&|und|/)\s*nachnamen?s?\b|"
             r"\b(?:ihr|ihre|ihren|dein|deine|deinen)\s+(?:vollständigen\s+)?namen?s?\b|\bvotre\s+(?:nom|prénom)\b|\bprénom\b|"
             r"\bsu\s+nombre\b|\bnombre\s+y\s+apellidos?\b|"
             r"^(?:navn|namn|name)\b"),
)
_ASKS_RE = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _ASKS]


def asks_for_identifier(text: Any) -> str | None:
    """The kind of direct identifier a question (or a column header) asks for: "email",
    "phone", "national_id", "address" or "name"; None when it asks for none. A question can
    mention one without asking for it ("Can we reach you by phone?"): callers also look at the
    answers.

    Example:
        >>> asks_for_identifier("Question: what is your phone number?"), asks_for_identifier("Navn (valgfritt)")
        ('phone', 'name')
        >>> asks_for_identifier("Hva er navnet på biblioteket du bruker?") is None
        True
        >>> asks_for_identifier("Geben Sie Ihren Vor- & Nachnamen an"), asks_for_identifier("Votre prénom")
        ('name', 'name')
    """
    q = question_text(text)
    return next((kind for kind, rx in _ASKS_RE if rx.search(q)), None)


def identifier_columns(frame: pd.DataFrame, candidates: Iterable[str] | None = None) -> list[str]:
    """Columns holding direct identifiers: by name (e-mail, name, IP, phone, address,
    location) or because most of their values are e-mail or IP addresses."""
    out = []
    for col in frame.columns if candidates is None else candidates:
        if col not in frame.columns:
            continue
        if identifier_header(col):
            out.append(col)
            continue
        values = frame[col].dropna()
        if values.empty or not pd.api.types.is_string_dtype(values):
            continue
        if _mostly_addresses(values.astype(str).str.strip()):
            out.append(col)
    return out


def _mostly_addresses(values: pd.Series) -> bool:
    """At least half of ``values`` (non-empty text) are whole e-mail or IPv4 addresses.

    Vectorised with pyarrow (RE2); the few non-ASCII IPv4 candidates are checked with ``re``,
    so the result is that of Python's ``str.fullmatch``.
    """
    arr = pa.array(values, type=pa.large_string())
    marked = pc.or_(pc.match_substring(arr, "@"), pc.match_substring(arr, "."))
    if pc.sum(marked).as_py() < 0.5 * len(arr):  # no address without '@' or '.'
        return False
    email = pc.match_substring_regex(arr, _EMAIL_RE2)
    ipv4 = pc.match_substring_regex(arr, _IPV4_RE2)
    unsure = pc.and_(ipv4, pc.invert(pc.string_is_ascii(arr)))
    hits = int(pc.sum(pc.or_(email, ipv4)).as_py() or 0)
    if pc.any(unsure).as_py():
        hits -= sum(not (re.fullmatch(_EMAIL, v) or re.fullmatch(_IPV4, v))
                    for v in pc.filter(arr, unsure).to_pylist())
    return hits >= 0.5 * len(arr)


def is_binary(series: pd.Series, values: Sequence[Any] = (0, 1)) -> bool:
    """True when every non-missing value is one of ``values`` (numbers or their text)."""
    filled = series.dropna()
    allowed = {str(v) for v in values} | {f"{float(v)}" for v in values if isinstance(v, int)}
    return bool(filled.astype(str).str.strip().isin(allowed).all())


def common_stem(texts: Sequence[str]) -> str:
    """The longest common prefix of ``texts``."""
    return os.path.commonprefix(list(texts))  # noqa: RUF071 - character prefix intended


def split_groups(names: Sequence[str], key_of) -> dict[str, list[str]]:
    """Group ``names`` (order kept) by ``key_of(name)``; names whose key is None are left out."""
    groups: dict[str, list[str]] = {}
    for name in names:
        key = key_of(name)
        if key is not None:
            groups.setdefault(key, []).append(name)
    return groups


def first_rows_text(rows: Sequence[Sequence[Any]], n: int = 3) -> list[list[str]]:
    """The first ``n`` rows as stripped text, for dialect sniffing."""
    out = []
    for row in rows[:n]:
        out.append(["" if c is None else str(c).strip().lstrip("\ufeff") for c in row])
    return out
