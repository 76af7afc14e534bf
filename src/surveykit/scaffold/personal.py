"""The scanner's respondent id and personal data: the tool's own columns, the columns holding
direct identifiers (names, e-mail, phone, IP, panel ids, locations), each left out with why, and
the column drafted as the respondent id (pseudonymised by the cleaning).

:class:`PersonalColumns` is mixed into :class:`surveykit.scaffold.scan._Scanner`, whose state
(``raw``, ``wave``, ``data``, ``notes``, ``panel_ids``) and adder (``add``) it uses.
"""

from __future__ import annotations

import re

import pandas as pd

from surveykit.clean.identifiers import WHAT, column_identifier, opaque_tokens
from surveykit.clean.name_answers import name_answers
from surveykit.clean.privacy import find_identifiers
from surveykit.io._vendor import _header_words, asks_for_identifier
from surveykit.io.qualtrics import PANEL_IDS
from surveykit.scaffold.answers import find_id
from surveykit.scaffold.column import Column
from surveykit.scaffold.scales import present
from surveykit.scaffold.tool_columns import is_tool, tool_columns
from surveykit.scaffold.words import TOOL_COLUMN

__all__ = [
    "ID_NUMBER_REASON",
    "PersonalColumns",
    "id_codes",
    "numbered_ids",
    "personal_among",
    "uuids",
]


# a header naming the device a form was filled in on (ODK's deviceid, Kobo's device_id, an IMEI, the
# SIM) or the interviewer who filled it in (enumerator_id, Interviewer, surveyor name), read as words
_DEVICE = re.compile(r"(?:(?:device|handset|phone|tablet|mobile)\s?(?:id|imei|serial(?:\s?(?:number|no))?)|"
                     r"imei\s?\d*|imsi|meid|sim\s?(?:serial|id|number)|subscriber\s?id|android\s?id|mac\s?address)")
_INTERVIEWER = re.compile(r"(?:enumerator|interviewer|surveyor|data\s?collector|intervjuer|intervjuar|intervjuare)"
                          r"(?:\s?(?:id|name|code|number|no|nr|navn|namn))?")
# an IMEI (15 digits; Excel writes 3.52405E+14) or an Android id (16 hex digits)
_IMEI = re.compile(r"\d{14,16}(?:\.0)?|\d(?:\.\d+)?[Ee]\+1[345]")
_ANDROID = re.compile(r"[0-9a-f]{16}")
DEVICE_REASON = "the id of the device the form was filled in on (IMEI, Android id): it names the phone, not an answer"
INTERVIEWER_REASON = "who interviewed (the enumerator's id or name): the interviewer's personal data, not an answer"


def device_or_interviewer(values: pd.Series, header: str) -> str | None:
    """Why a column holds no answer but the device or the interviewer of a form (ODK, KoboToolbox,
    CAPI exports), or None: its header names one (``device_id``, ``deviceid``, ``imei``,
    ``enumerator_id``, ``Interviewer``), or its answers are device ids (IMEIs, also as Excel writes
    them, 3.52405E+14, and Android ids), at least 9 of 10 of the distinct ones.

    >>> device_or_interviewer(pd.Series(["3.52405E+14", "b6c14be8440fde51"]), "device_id") == DEVICE_REASON
    True
    >>> device_or_interviewer(pd.Series(["bass_02"]), "enumerator_id") == INTERVIEWER_REASON
    True
    >>> device_or_interviewer(pd.Series(["Phone", "Tablet"]), "Which device did you use?") is None
    True
    """
    words = _header_words(header)
    if _DEVICE.fullmatch(words):
        return DEVICE_REASON
    if _INTERVIEWER.fullmatch(words):
        return INTERVIEWER_REASON
    given = pd.Series(present(values).astype(str).unique()[:2000])
    if len(given) >= 2 and (given.str.fullmatch(_IMEI) | given.str.fullmatch(_ANDROID)).mean() >= 0.9:
        return DEVICE_REASON
    return None


# the words of category answers that the name masking can read as a person's (the given name
# "Christian" of "Orthodox Christian", "Evangelical Christian", "Christian Science"): religions and
# denominations, in en, nb, nn, sv and da
_CATEGORY_WORDS = frozenset(str.split("""
christian christians christianity orthodox catholic catholics protestant protestants evangelical evangelicals
reformed science scientist baptist baptists methodist lutheran anglican episcopal episcopalian presbyterian
pentecostal adventist apostolic coptic eastern western greek russian roman latin free church churches
congregation congregational denomination denominational nondenominational non other others another none
muslim jewish hindu buddhist sikh mormon atheist agnostic pagan unitarian quaker quakers religion religious
faith of the a and or no not any
kristen kristne kristendom katolsk katolske ortodoks ortodokse protestantisk evangelisk evangelisk-luthersk
frikirke frikirkelig statskirken kirke kyrkje kyrka kirken kyrkja annen annet anna annan andet andre ingen
muslimsk jødisk judisk buddhistisk hinduistisk humanetiker humanist livssyn trossamfunn religiøs
"""))
def personal_among(found: list[str]) -> list[str]:
    """Of ``found``, the answers of a column in which the masking finds a direct identifier
    (:func:`surveykit.scaffold.answers.personal_answers`), those holding a person's data: an
    answer whose identifiers are all names and whose every word is a word of categories (a
    religion: "Orthodox Christian", read as the given name Christian) is an option of the form,
    no one's name. A name given by many respondents is still a name (a form's list of its
    staff); e-mail addresses, phone and id numbers always count.

    >>> personal_among(["Orthodox Christian", "Other Christian", "Kari Nordmann"])
    ['Kari Nordmann']
    """
    personal: list[str] = []
    for answer in found:
        text = str(answer).strip()
        spans = find_identifiers(text)
        words = [w.casefold() for w in re.findall(r"[^\W\d_]+", text)]
        category = (spans and all(kind == "name" for _, _, kind in spans)
                    and words and len(words) <= 6 and all(w in _CATEGORY_WORDS for w in words))
        if not category:   # SurveyCTO's enumerators "John Wick" ... given by many: still names, masked
            personal.append(answer)
    return personal


# a header or question naming a person's id number in a register (a student's, customer's or employee's
# number, a national id), read as words: "Matrikelnummer", "Kundennummer", "student ID", "ID number",
# "personnummer", "fødselsnummer", "CPR": an identifier whatever its numbers look like
_ID_NUMBER = re.compile(
    r"(?<!\w)(?:matrikel\s?(?:nummer|nr|no)\w*|kunden?\s?(?:nummer|nr)\w*|mitarbeiter\s?(?:nummer|nr)\w*|"
    r"personal\s?(?:nummer|nr)\w*|sozialversicherungs\s?(?:nummer|nr)\w*|personal\s?ausweis\s?(?:nummer|nr)\w*|"
    r"(?:student|pupil|employee|customer|staff|member|patient)\s?(?:id|number|no|nr)|id\s?(?:number|no|nr|nummer)|"
    r"identification\s?number|person\s?(?:nummer|nr)\w*|fødsels\s?(?:nummer|nr)\w*|fodsels\s?(?:nummer|nr)\w*|"
    r"cpr(?:\s?(?:nummer|nr|no|number))?|henkilötunnus|henkilotunnus|studenten?\s?(?:nummer|nr)\w*|"
    r"studentnummer\w*|elevnummer\w*|kundenummer\w*|kundnummer\w*|ansattnummer\w*|anställningsnummer\w*)(?!\w)")
ID_NUMBER_REASON = "a person's id number in a register (a student, customer or national id number)"
# a header naming an id of a household, a person, a case or a record ("hhid", "HH_ID", "Please select HHID",
# "resp_id", "case id"); a running number ("nro", "nr", "lnr", "løpenr")
_ID_WORDS = re.compile(r"(?<!\w)(?:(?:hh|household|hous|resp|respondent|person|p|u|case|record|member|child|pupil|"
                       r"family|fam|ind|indiv|individual|participant|subject|sample|unique|row|obs|interview)?\s?id|"
                       r"ids|idno|id\s?no|nro|nr|lnr|løpenr|lopenr|løpenummer|lopenummer|juokseva\s?numero|"
                       r"serial|key)(?!\w)")
_UUID = re.compile(r"(?:uuid:)?[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}", re.IGNORECASE)


def numbered_ids(values: pd.Series, headers) -> str | None:
    """Why a column of whole numbers is an id, not a number to average, or None: a running number
    (1, 2, 3 ... n, one per row, in any order: Finnish "nro"), or distinct whole numbers (at most a
    few repeats) under a header naming an id ("hhid", "Please select HHID", "case id"). Twenty
    answers at least.

    >>> numbered_ids(pd.Series(range(1, 21)), ["nro"]), numbered_ids(pd.Series(range(10101, 10131)), ["hhid"])
    ('a running number (1 to 20, one per row)', "distinct whole numbers under a header naming an id ('hhid')")
    >>> numbered_ids(pd.Series(range(300, 330)), ["duration"]) is None
    True
    """
    given = values.dropna()
    if len(given) < 20:
        return None
    if not pd.api.types.is_numeric_dtype(given):
        text = given.astype(str).str.strip()
        text = text[text != ""]
        if len(text) < 20 or not text.str.fullmatch(r"\d{1,15}(?:\.0+)?").all():
            return None
        given = pd.to_numeric(text)
    numbers = given.astype("float64")
    if not (numbers == numbers.round()).all():
        return None
    lo, n = numbers.min(), len(numbers)
    if numbers.nunique() == n and lo in (0, 1) and numbers.max() == lo + n - 1:
        return f"a running number ({int(lo)} to {int(numbers.max())}, one per row)"
    named = next((str(h) for h in headers if h is not None and _ID_WORDS.search(_header_words(str(h)))), None)
    if named and numbers.nunique() >= 0.95 * n and numbers.min() >= 0:
        return f"distinct whole numbers under a header naming an id ({named!r})"
    return None


def id_codes(values: pd.Series, header: str) -> str | None:
    """Why a column of whole numbers that repeat is the code of a group, not an amount, or None: its
    header ends in "id" ("a_kg_id", "a_team_id", "district id": a SurveyCTO form's ids of the school,
    the team, the district picked from a list), and no answer is negative or has decimals.

    >>> id_codes(pd.Series([139, 216, 139, 237]), "a_kg_id")[:53]
    "whole numbers under a header naming an id ('a_kg_id')"
    >>> id_codes(pd.Series([1, 2, 2]), "paid") is None, id_codes(pd.Series([5, 6, 7]), "team_id") is None
    (True, True)
    """
    if not re.search(r"(?:^|\s)id$", _header_words(str(header))):
        return None
    given = values.dropna()
    if given.empty:
        return None
    if not pd.api.types.is_numeric_dtype(given):
        text = given.astype(str).str.strip()
        text = text[text != ""]
        if text.empty or not text.str.fullmatch(r"\d{1,15}(?:\.0+)?").all():
            return None
        given = pd.to_numeric(text)
    numbers = given.astype("float64")
    if not (numbers == numbers.round()).all() or numbers.min() < 0 or numbers.nunique() == len(numbers):
        return None
    return (f"whole numbers under a header naming an id ({str(header)!r}), {numbers.nunique()} distinct, repeated: "
            "the codes of a group")


def uuids(values: pd.Series) -> bool:
    """Whether every answer is a uuid (SurveyCTO's and ODK's submission key "uuid:4f2b...-..."), each once."""
    text = present(values).astype(str).str.strip()
    return len(text) >= 2 and bool(text.str.fullmatch(_UUID).all()) and text.nunique() == len(text)


_ASKED = {"email": "an e-mail address", "phone": "a phone number", "national_id": "a national id number",
          "address": "an address", "name": "a name"}


class PersonalColumns:
    """The respondent id and the columns of personal data (see the module)."""

    def identifiers(self, known: set) -> dict[str, str]:
        """Columns holding direct identifiers, each with why, by the test the cleaning refuses
        them with (:func:`surveykit.clean.identifiers.column_identifier`: the header names one,
        the question asks for one and is answered with such, or the answers are e-mail addresses,
        phone or id numbers whatever the question): left out as the reader's identifier columns
        are. A question that asks but is answered otherwise ("Yes"/"No") gets a note to check it."""
        found = {}
        for col in self.data.columns:
            if col in known:
                continue
            question = self.raw.questions.get(col)
            hit = column_identifier(self.data[col], [col, question])
            asked = asks_for_identifier(col) or asks_for_identifier(question)
            register = next((t for t in (col, question) if t and _ID_NUMBER.search(_header_words(str(t)))), None)
            if not hit and register is not None:   # Matrikelnummer: whatever its numbers look like
                found[col] = f"holds {ID_NUMBER_REASON} (by its " + (
                    "header)" if register == col else f"question {str(register)[:60]!r})")
            elif hit:
                found[col] = f"holds {WHAT[hit[0]]} ({hit[1]})"
                self.panel_ids += [col] if hit[0] == "panel_id" else []
            elif (named := self._names_by_answers(col)) is not None:
                found[col] = f"holds names (by its answers: {named})"
                self.notes.append(f"REVIEW: wave {self.wave}: {col!r} left out as personal data: its {named}, whatever "
                                  "its header says (as a single choice each name would be printed as an answer label). "
                                  "If they are not people's names (places, products, activities), add it to the "
                                  "codebook: `type: text` keeps them as free text (masked, never shown), `type: "
                                  "single` with a scale of them shows them in the report (`validate` then warns)")
            elif asked:
                self.notes.append(f"REVIEW: wave {self.wave}: {col!r} asks for {_ASKED[asked]} but its "
                                  "answers do not look like one; if it holds one, leave it out of "
                                  "the codebook (or map it as type text: its cells are then replaced)")
        return found

    def _names_by_answers(self, col) -> str | None:
        """Why a text column's answers look like people's names (:func:`surveykit.clean.name_answers.name_answers`)."""
        values = self.data[col]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            return None
        return name_answers(present(values))

    def respondent_columns(self) -> tuple[list[str], dict[str, str]]:
        """The tool's own columns and the columns of personal data (column -> why), after
        drafting the respondent id (a column named so, else a panel's participant id unique per
        row, else an id that repeats, with a REVIEW note)."""
        raw, data = self.raw, self.data
        system = list(raw.meta.get("system_columns", []) or [])
        system += [c for c in data.columns if c not in system and TOOL_COLUMN.match(str(c).strip())]
        idents = list(raw.meta.get("identifier_columns", []) or [])
        tool = tool_columns(raw)   # KoboToolbox's and REDCap's own columns, locations
        system += [c for c in tool.system if c not in system]
        named = raw.meta.get("id_column") or tool.id_column   # the tool's own (SoSci Survey's CASE, Typeform's #)
        id_col = named if named in data.columns else find_id(raw, set(idents) | set(tool.personal))
        # the respondent id is pseudonymised as such (its 11-digit numbers are no national ids)
        found = self.identifiers(set(system) | {id_col} | set(tool.personal))
        for col in data.columns:   # the device and the interviewer of a form filled in on a phone (ODK, Kobo)
            if col not in found and col not in system and col != id_col and col not in tool.personal:
                why = device_or_interviewer(data[col], str(col))
                if why:
                    found[col] = f"holds {why}"
        if id_col is None and is_tool("surveycto", data.columns):   # SurveyCTO's KEY, one per submission
            id_col = next((c for c in data.columns if str(c).strip().casefold() == "key" and c not in found
                           and uuids(data[c])), None)
            if id_col:
                self.notes.append(f"wave {self.wave}: {id_col!r} is SurveyCTO's submission key (a uuid per row): "
                                  "drafted as the respondent id, which the cleaning pseudonymises")
        if id_col is None:   # a running number 1..n or an id-named column of distinct whole numbers in every row
            for col in list(data.columns)[:10]:
                if col in found or col in system or col in tool.personal or col in idents or (
                        re.fullmatch(r"column_\d+", str(col)) and not raw.questions.get(col)):
                    continue   # a headerless row index (pandas' to_excel) is left out as such
                why = numbered_ids(data[col], [col, raw.questions.get(col)])
                if why and data[col].notna().all() and present(data[col]).astype(str).nunique() == len(data):
                    id_col = col
                    self.notes.append(f"REVIEW: wave {self.wave}: {col!r} holds {why}: drafted as the respondent "
                                      "id (pseudonymised by the cleaning, never averaged); if the rows are not one "
                                      "per respondent, make it `type: text`")
                    break
        if id_col is None:  # no id column by its name: a panel's participant id unique per row is the row's id
            panel = [*self.panel_ids, *(c for c in idents if c in PANEL_IDS and c in data)]
            id_col = next((c for c in panel if opaque_tokens(data[c])), None)
            if id_col:
                found.pop(id_col, None)
                idents = [c for c in idents if c != id_col]
                self.notes.append(f"REVIEW: wave {self.wave}: {id_col!r} holds a panel's or tool's participant ids, "
                                  "one per row: drafted as the respondent id, which the cleaning pseudonymises")
        told = raw.meta.get("identifier_reasons") or {}
        reasons = {c: found.pop(c, f"holds {told[c]}" if c in told else "named as one by the export's tool")
                   for c in idents} | found
        reasons |= {c: why for c, why in tool.personal.items() if c not in reasons}
        self.notes += [f"REVIEW: wave {self.wave}: {note}" for note in tool.notes]
        idents = list(reasons)
        repeats = None if id_col else find_id(raw, set(idents), repeated=True)
        if repeats:  # one row per respondent and event: every share would count rows, not people
            values = present(data[repeats]).astype(str)
            top = values.value_counts()
            self.notes.append(
                f"REVIEW: wave {self.wave}: {repeats!r} looks like the respondent id but repeats ({len(top)} distinct "
                f"over {len(values)} rows; {top.index[0]!r} ×{int(top.iloc[0])}): the export may hold one row per "
                "respondent and event or visit (a longitudinal export), and every estimate would count rows, not "
                "people. Keep one row per respondent (export one event per wave), or, if the repeats are "
                "duplicates, add `screening.duplicate` to surveykit.yaml. Drafted as the respondent id")
            id_col = repeats
        if id_col:
            self.notes.append(f"wave {self.wave}: {id_col!r} is the respondent id (variable respondent_id)")
            self.add(Column(self.wave, id_col, "Respondent ID", "id"), [id_col])
        return system, reasons

    def identifier_notes(self, reasons: dict[str, str]) -> None:
        """The header's list of the columns left out as direct identifiers, each with why."""
        if reasons:
            self.notes.append(f"wave {self.wave}: skipped columns with direct identifiers (names, e-mail, phone, IP, panel ids):"
                              f" {list(reasons)} - keep them out of the analysis")
            self.notes += [f"  {col!r} {why}" for col, why in reasons.items()]
