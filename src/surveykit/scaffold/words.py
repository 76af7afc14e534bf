"""Words a draft looks for: question roles (id, age, gender, site, free text, "other"), the
"don't know" answers that may also be a scale's middle, and the order of answers built from a
head word and an intensity ("Not at all useful" < "Slightly useful" < "Very useful").

Example:
    >>> word_order(["Very useful", "Not at all useful", "Slightly useful"])
    ['Not at all useful', 'Slightly useful', 'Very useful']
    >>> word_order(["Strongly disagree", "Agree", "Apples"]) is None
    True
"""

from __future__ import annotations

import re

from surveykit.scaffold.lexicon import norm

__all__ = ["AGE", "AMBIGUOUS_MIDDLE", "DEGREE_WORDS", "FILE_NAME", "FREE_TEXT", "GENDER", "GENDER_QUESTION", "ID_NAME", "MULTI_HINT", "OTHER_TEXT",
           "POSTAL_CODE", "SITE_QUESTION",
           "SITE_WORDS", "TOOL_COLUMN", "balance_order", "frequency_order", "gender_answers", "is_ambiguous_middle",
           "missing_mirrors", "moderate_ends", "quantity_order", "relative_frequency", "times_per_year", "word_family",
           "word_order", "word_ranks"]

ID_NAME = re.compile(
    r"^(?:\$?submission_id|id|nr|response[ _-]?id|respondent[ _-]?id|resp_?id|svars[ _-]?id|"
    r"respondent_id|respondent|resp|respnr|intervju ?id|intervjuid|lopenr|løpenr|lnr|løpenummer|lopenummer|"
    r"caseid|case_?id|serial|"
    r"_?uuid|svar[ _-]?id|_recordid|record[ _]?id|study[ _]?id|participant[ _]?id|subject[ _]?id|_id)$",
    re.IGNORECASE)  # REDCap: record_id, study_id, participant_id; KoboToolbox: _id, _uuid
# a survey tool's own column that is no question: Qualtrics' fraud and quality scores (Q_RecaptchaScore,
# Q_RelevantIDFraudScore ...), its browser meta data question, a randomiser's display order (FL_12_DO)
TOOL_COLUMN = re.compile(
    r"^(?:Q_(?:RecaptchaScore|RelevantID\w*|BallotBoxStuffing|PopulateResponse|TotalDuration|URL|"
    r"DataPolicyViolations|CHL|Language|TerminateFlag|Duplicate\w*|Fraud\w*|Straightlining\w*|Unanswered\w*|"
    r"ProtestCount|AmbiguousTextPresent|AmbiguousTextQuestions|UnansweredPercentage|BadText\w*)|"
    r"Q\d+_(?:Browser|Version|Operating System|Resolution)|LocationAccuracy|FL_\d+_DO\w*)$")
# a question or header naming a postal code: its answers are codes whatever their digits
# an uploaded file's name ("sølvi.png", "CV 2024.pdf"): what a file-upload question's columns hold
FILE_NAME = re.compile(r"^[^/\\\n]{1,200}\.(?:png|jpe?g|gif|bmp|tiff?|heic|webp|svg|pdf|docx?|odt|rtf|txt|xlsx?|ods|csv|"
                       r"pptx?|zip|mp3|wav|m4a|mp4|mov|avi)$", re.IGNORECASE)
POSTAL_CODE = re.compile(r"(?<![^\W_])(?:zip|zip[ _-]?code|postal[ _-]?code|post[ _-]?code|postnummer\w*|postnr|"
                         r"post[ _.-]?nr|postnumre\w*|postinumero)(?![^\W_])", re.IGNORECASE)
AGE = re.compile(r"^(alder|ålder|age|your age|respondent['’]?s age|age of respondent|hvor gammel er du|hur gammal är du|hvor gammel er du\?|how old are you|"
                 r"kva er alderen din|hvad er din alder|what is your age|ange din ålder|oppgi alderen din|"
                 r"oppgi alder|angiv din alder|please enter your age|enter your age)\W*$", re.IGNORECASE)
GENDER = re.compile(r"\b(kjønn|kjonn|kön|køn|gender|sex|geslacht|sexo|género|genero)\b", re.IGNORECASE)
# the answers of a gender question (as norm() folds them), in the five languages and a few more: the
# draft names a question `gender` only when its answers are these (a consent text that mentions
# "gender, age ..." answered "I consent" is no gender question)
_FEMALE = {"female", "woman", "women", "girl", "f", "kvinne", "kvinna", "kvinde", "kvinnor", "kvinder", "jente",
           "flicka", "pige", "hokjønn", "hunkjønn", "kvinnlig", "kvindelig", "kvinneleg", "kvinnelig", "k",
           "vrouw", "v", "mujer", "femenino", "weiblich", "frau"}
_MALE = {"male", "man", "men", "boy", "m", "mann", "mand", "män", "mænd", "gutt", "pojke", "dreng", "hankjønn",
         "manlig", "mandlig", "mannleg", "mannlig", "hombre", "masculino", "männlich"}
_OTHER_GENDER = {"non binary", "nonbinary", "non binary third gender", "third gender", "ikke binær", "ikkje binær",
                 "icke binär", "genderqueer", "gender fluid", "genderfluid", "transgender", "trans",
                 "agender", "intersex", "other", "others", "annet", "anna", "annat", "andet", "andre", "other gender",
                 "annet kjønn", "anna kjønn", "annat kön", "andet køn", "another gender", "self describe",
                 "prefer to self describe", "i prefer to self describe", "prefer to describe", "diverse", "x",
                 "otro", "other please specify", "annet vennligst spesifiser", "ønsker ikke å oppgi",
                 "prefer not to say", "prefer not to answer", "rather not say", "i prefer not to say",
                 "i d rather not say", "id rather not say", "not disclosed", "do not wish to answer",
                 "dont want to answer", "vil ikke svare", "vil ikkje svare", "ønsker ikke å svare",
                 "ønskjer ikkje å svare", "vil helst ikke svare", "vil ikke oppgi", "vill inte svara",
                 "vill ej svara", "vill inte uppge", "vill ej uppge", "ej uppgett", "vil ikke opgive",
                 "ønsker ikke at oplyse", "ønsker ikke at opgive", "vil ikke oplyse", "ønsker ikke at svare", "vil ikke oplyse det", "ikke oppgitt",
                 "uoppgitt", "ej angivet", "vet ikke", "don t know", "dont know", "vet inte", "ved ikke", "no answer",
                 "ubesvart"}
GENDER_QUESTION = re.compile(r"^\W*(?:\w+\W+){0,3}(?:kjønn|kjonn|kön|køn|gender|sex|geslacht|sexo|género|genero|"
                             r"gender identity|kjønnsidentitet|könsidentitet|kønsidentitet)\b", re.IGNORECASE)


def _other_gender(key: str) -> bool:
    """A gender answer (as norm() folds it) that is neither female nor male: a third gender, "other"
    or a refusal ("Vill inte uppge", "Ønsker ikke å oppgi", "Vil ikke oplyse")."""
    return key in _OTHER_GENDER or bool(re.match(
        r"^(?:prefer not|rather not|i prefer not|vil ikke|vil ikkje|vill inte|vill ej|ønsker ikke|ønskjer ikkje|"
        r"do not want|don t want|dont want|not say)", key))


def gender_answers(labels: list[str]) -> bool:
    """True when ``labels`` (the answers of one question, its "don't know"s too) are the answers of
    a gender question: a female and a male answer, every other one a third gender, "other" or "prefer
    not to say" ("Non-binary / third gender" too: each part one of these).

    >>> gender_answers(["Female", "Male", "Non-binary / third gender", "Prefer not to say"])
    True
    >>> gender_answers(["I consent to participate.", "I do not consent to participate."])
    False
    >>> gender_answers(["Kvinna", "Man", "Annat/vill inte uppge"])
    True
    """
    def kinds(label: str) -> set[str]:
        key = norm(label)
        parts = [key, *(norm(p) for p in re.split(r"[/,;]| or | eller ", str(label)) if norm(p))]
        for part in parts:
            if part in _FEMALE:
                return {"f"}
            if part in _MALE:
                return {"m"}
        if _other_gender(key) or all(_other_gender(p) for p in parts[1:] or [key]):
            return {"o"}
        return set()

    found = [kinds(x) for x in labels if norm(x)]
    seen = set().union(*found) if found else set()
    return bool(found) and all(found) and {"f", "m"} <= seen
SITE_WORDS = re.compile(
    r"bibliotek|innbyggertorg|servicetorg|servicesenter|servicekontor|medborgarkontor|medborgarcenter|"
    r"borgerservice|kundesenter|library|libraries|branch|filial|avdeling|kontor|\bsted\b|\bstad\b|\bsite\b|"
    r"\benhet|\benhed|which office|hvilket kontor", re.IGNORECASE)
SITE_QUESTION = re.compile(r"\b(hvilket|hvilken|hvilke|kva|vilket|vilken|which|where|hvor|var)\b", re.IGNORECASE)
# words of a question asking for typed-in text. Not "Ange ..." (Swedish "state ...": "Ange hur nöjd du är")
# nor "Which of the following best describe(s) ...", "Hvilket utsagn beskriver ...": closed questions
FREE_TEXT = re.compile(r"kommentar|comment|fritekst|free text|\bbeskriv(?:e|a)?\b|(?<!best )\bdescribe\b|utdyp|elaborate|"
                       r"synspunkt|forslag|suggestion|förslag|spesifiser|specify|please explain|explain why|why\?|"
                       r"hvorfor|varför|open-ended|anything else|noe annet du vil|annet du ønsker|"
                       r"synpunkt|nämligen|namligen|nemlig|fritext|bemærkning|bemerkning|anmärkning|uddyb|"
                       r"något annat du vill|noget andet du vil|övriga kommentarer|øvrige kommentarer|"
                       r"tilleggsinfo|tilleggsopplysning|tilleggsinformasjon|informere oss om|tilläggsinformation|"
                       r"yderligere information|additional information|anything to add",
                       re.IGNORECASE)
OTHER_TEXT = re.compile(r"\b(other|others|annet|annat|anna|andet|andre|otro|otra|sonstige)\b.*"
                        r"(specify|spesifiser|ange|angiv|beskriv|text|tekst|skriv|write|please)|"
                        r"(_TEXT|\[other\]|\[comment\]|- text)$|^(other|annet|annat|andet)\s*[:(]", re.IGNORECASE)
MULTI_HINT = re.compile(
    r"todas las|todo lo que|check all|select all|all that apply|choose all|mark all|tick all|flere svar|"
    r"flere kryss|alle som passer|velg alle|du kan velge flere|fleire svar|kryss av for alle|markera alla|"
    r"flera svar|välj alla|flere muligheder|alle der passer|sæt gerne flere|mehrere antworten|"
    r"alle zutreffenden|selected choice", re.IGNORECASE)

# "Usikker", "Unsure": a "don't know" on some scales, the middle of others
AMBIGUOUS_MIDDLE = frozenset({"usikker", "unsure", "not sure", "ikke sikker", "ikkje sikker", "osäker", "uncertain",
                              "undecided", "uvis", "usikker på", "tveksam", "i tvil", "i tvivl", "kanskje", "maybe",
                              "kanske", "måske"})


def is_ambiguous_middle(label: str) -> bool:
    """True for an answer that may be a "don't know" or a scale's middle ("Usikker", "Unsure")."""
    return norm(label) in AMBIGUOUS_MIDDLE


_LOWEST = r"not at all|ikke i det hele tatt|ikkje i det heile|slet ikke|inte alls|ikke i det heile tatt|ikke alls"
_INTENSITY: list[tuple[str, float]] = [
    (_LOWEST, 0.0),
    (r"not very|not so|not too|not particularly|ikke særlig|ikkje særleg|inte särskilt|ikke spesielt", 0.5),
    (r"extremely|ekstremt|særdeles|ytterst|utomordentligt", 4.0),
    (r"very|strongly|completely|totally|fully|highly|svært|særs|veldig|meget|helt|heilt|sterkt|mycket|väldigt|"
     r"veldig|kjempe|utrolig|"
     r"fullstendig|fullständigt", 3.0),
    (r"quite|fairly|moderately|mostly|rather|ganske|nokså|temmelig|ganska|overvejende|hovedsakelig|stort sett", 2.0),
    (r"somewhat|slightly|a little|partly|mildly|a bit|litt|delvis|delvist|noe|noko|lidt|något|noget|lite|lita", 1.0),
    (r"not|ikke|ikkje|inte|ej", 0.25),
]
_INTENSITY_RE = [(re.compile(rf"^(?:{p})\b\s*|\s*\b(?:{p})$"), v) for p, v in _INTENSITY]
# the one-word degrees of _INTENSITY (very, somewhat, litt, ganska ...; not the plain negations)
DEGREE_WORDS = frozenset(w for p, v in _INTENSITY if v > 0.0 and v != 0.25 for w in p.split("|") if " " not in w)
_PLAIN = 2.5
_NEUTRAL = re.compile(r"^(?:neither .+ nor .+|verken .+ eller .+|hverken .+ eller .+|varken .+ eller .+|"
                      r"korkje .+ eller .+|neutral|nøytral|nøytralt|middels|neither|in between|midt imellom|"
                      r"both|undecided|no change|uendret|oförändrat|uændret|about the same|the same|omtrent det samme)$")
_ANTONYM_PREFIXES = ("un", "dis", "in", "im", "ir", "u", "o", "mis", "miss")
_ANTONYMS = {"difficult": "easy", "hard": "easy", "poor": "good", "bad": "good", "worse": "better", "less": "more",
             "vanskelig": "lett", "vanskeleg": "lett", "dårlig": "god", "dårleg": "god", "dårligt": "godt",
             "dåligt": "bra", "dålig": "bra", "svårt": "lätt", "svår": "lätt", "negativ": "positiv",
             "negative": "positive", "dårligere": "bedre", "dårlegare": "betre", "sämre": "bättre", "værre": "bedre",
             "verre": "bedre", "mindre": "mer", "low": "high", "lav": "høy", "låg": "høg", "låg tillit": "høg tillit",
             "tar avstånd": "instämmer", "never": "always", "aldri": "alltid", "aldrig": "alltid", "sjelden": "ofte",
             "sällan": "ofta", "sjældent": "ofte", "rarely": "often", "unhappy": "happy"}


def _parse(key: str) -> tuple[str, float] | None:
    """(head, signed rank) of one answer key, or None when no head word is left."""
    if _NEUTRAL.match(key):
        return "", 0.0
    key = re.sub(r"^(not|ikke|ikkje|inte) (.+) (at all|i det hele tatt|i det heile|alls)$", r"\1 \3 \2", key)
    intensity, text = _PLAIN, key
    for pattern, value in _INTENSITY_RE:
        m = pattern.search(text)
        if m:
            intensity, text = value, (text[:m.start()] + " " + text[m.end():]).strip()
            break
    if not text or len(text.split()) > 3:
        return None
    return text, intensity


def _polar(head: str, heads: set[str]) -> tuple[str, int]:
    """(positive head, -1/+1) for ``head`` given the other heads of the question."""
    if head in _ANTONYMS and _ANTONYMS[head] in heads | {_ANTONYMS[head]}:
        return _ANTONYMS[head], -1
    for prefix in _ANTONYM_PREFIXES:  # each one: "unyttig" is u + nyttig, not un + yttig
        rest = head[len(prefix):]
        if head.startswith(prefix) and len(rest) >= 3 and rest in heads:
            return rest, -1
    return head, 1


def word_ranks(labels: list[str]) -> dict[str, float] | None:
    """Each answer's place on its scale from its words (a head word, its opposite, an intensity),
    when all answers are about one head word; None otherwise. Two answers may share a place."""
    keys = {lab: norm(lab) for lab in labels}
    parsed = {lab: _parse(k) for lab, k in keys.items()}
    if len(labels) < 2 or any(p is None for p in parsed.values()):
        return None
    heads = {p[0] for p in parsed.values() if p and p[0]}
    bipolar = any(_polar(h, heads)[1] < 0 for h in heads) or any(not p[0] for p in parsed.values() if p)
    ranks: dict[str, float] = {}
    bases = set()
    for lab, (head, intensity) in ((lab, p) for lab, p in parsed.items() if p is not None):
        if not head:
            ranks[lab] = 0.0
            continue
        base, sign = _polar(head, heads)
        bases.add(base)
        ranks[lab] = sign * intensity if bipolar else intensity
    return ranks if len(bases) == 1 else None


def word_order(labels: list[str]) -> list[str] | None:
    """``labels`` low -> high when each is a head word with an intensity or its opposite
    ("Not at all X" ... "Extremely X"; "Very unX" ... "Very X"), all about one head and with
    distinct ranks; None otherwise."""
    ranks = word_ranks(labels)
    if ranks is None or len(set(ranks.values())) != len(ranks):
        return None
    return sorted(labels, key=lambda lab: ranks[lab])


def _head_swapped(label: str, head: str, other: str, other_label: str) -> str | None:
    """``label`` with its head word ``head`` replaced by ``other`` as ``other_label`` writes it."""
    mine = re.search(rf"(?i)(?<!\w){re.escape(head)}(?!\w)", label)
    theirs = re.search(rf"(?i)(?<!\w){re.escape(other)}(?!\w)", other_label)
    if mine is None or theirs is None:
        return None
    word = theirs.group(0)
    word = word[:1].upper() + word[1:] if mine.group(0)[:1].isupper() else word[:1].lower() + word[1:]
    return label[:mine.start()] + word + label[mine.end():]


def missing_mirrors(labels: list[str]) -> list[tuple[float, str]]:
    """The levels a two-sided scale's words show it has but nobody chose: a degree seen on one side
    only ("Nokså utrygg" and "Svært trygg" seen, "Svært utrygg" not). Each as (its rank in
    :func:`word_ranks`, its label: the seen level of that degree with the other side's head word).

    >>> missing_mirrors(["Nokså utrygg", "Verken trygg eller utrygg", "Nokså trygg", "Svært trygg"])
    [(-3.0, 'Svært utrygg')]
    >>> missing_mirrors(["Very unhelpful", "Unhelpful", "Helpful", "Very helpful"])
    []
    """
    ranks = word_ranks(labels)
    if ranks is None or len(set(ranks.values())) != len(ranks):
        return []
    sides = {lab: _parse(norm(lab)) for lab, r in ranks.items() if r}
    if not any(r < 0 for r in ranks.values()) or not any(r > 0 for r in ranks.values()):
        return []
    out = []
    for lab, rank in ranks.items():
        if not rank or -rank in ranks.values():
            continue
        other = next(x for x, r in ranks.items() if r * rank < 0)
        made = _head_swapped(lab, sides[lab][0], sides[other][0], other)
        if made is not None and norm(made) not in {norm(x) for x in labels}:
            out.append((-rank, made))
    return sorted(out)


def moderate_ends(labels: list[str]) -> list[str]:
    """The ends of a scale ordered by its words that are a moderate degree ("Quite", "Somewhat",
    "Nokså"): a stronger answer beyond them may be missing because nobody chose it.

    >>> moderate_ends(["Nokså utrygg", "Verken trygg eller utrygg", "Nokså trygg"])
    ['Nokså utrygg', 'Nokså trygg']
    """
    ranks = word_ranks(labels)
    if ranks is None or len(ranks) < 2:
        return []
    low, high = min(ranks, key=ranks.__getitem__), max(ranks, key=ranks.__getitem__)
    ends = [low, high] if ranks[low] < 0 else [high]
    return [lab for lab in ends if abs(ranks[lab]) in (1.0, 2.0)]


_HEAD_FAMILY = {
    "agree": ("agree", "enig", "einig", "samd", "instämmer", "håller med", "stämmer"),
    "important": ("important", "viktig", "viktigt", "vigtig", "vigtigt"),
    "satisfied": ("satisfied", "happy", "fornøyd", "nøgd", "nöjd", "tilfreds", "content"),
    "likely": ("likely", "sannsynlig", "sannsynleg", "sannolikt", "sannolik", "sandsynligt", "sandsynlig"),
    "quality": ("good", "god", "godt", "bra", "gode", "dårlig"),
    "ease": ("easy", "lett", "enkelt", "enkel", "lätt", "let"),
    "trust": ("trust", "tillit", "tillid", "förtroende", "confidence"),
    "safe": ("safe", "trygg", "tryg", "secure"),
    "favourable": ("favorable", "favourable", "favorably", "favourably", "positive", "positiv"),
    "useful": ("useful", "nyttig", "nyttigt", "helpful"),
    "interested": ("interested", "interessert", "intresserad", "interesseret"),
    "familiar": ("familiar", "kjent", "bekant", "bekendt"),
    "concerned": ("concerned", "worried", "bekymret", "oroad", "bekymra"),
}


def word_family(labels: list[str]) -> str | None:
    """The family of the head word the answers of :func:`word_order` share ("viktig" -> important),
    or the head word itself, or None."""
    heads = set()
    for lab in labels:
        p = _parse(norm(lab))
        if p and p[0]:
            heads.add(p[0])
    bases = {_polar(h, heads)[0] for h in heads}
    if len(bases) != 1:
        return None
    head = bases.pop()
    return next((fam for fam, words in _HEAD_FAMILY.items() if head in words), head)


# how often, as times per year: "every day" > "several times a week" > "once a month" > "never"
_PER = [
    (r"(?:a|per|each|every|om|i|pr\.?|per|in a|in the|hver|kvar|varje)?\s*"
     r"(?:day|dag|dagen|døgn|døgnet|dygn|dygnet|night|natt|natten|nat|natta)", 365.0),
    (r"(?:a|per|each|every|om|i|pr\.?|in a|hver|kvar|varje)?\s*(?:week|uke|uka|uken|veke|veka|vecka|veckan|uge|ugen)",
     52.0),
    (r"(?:a|per|each|every|om|i|pr\.?|in a|hver|kvar|varje)?\s*(?:month|måned|måneden|månad|månaden|md|mnd)", 12.0),
    (r"(?:a|per|each|every|om|i|pr\.?|in a|hver|kvart|varje)?\s*(?:year|år|året|halvår|semester|term)", 1.0),
]
_HOW_MANY = [
    (r"several|a few|few|some|multiple|many|flere|fleire|noen|nokre|några|flera|nogle|flere", 3.0),
    (r"once|one time|en gang|ein gong|en gång|någon gång|nogen gang|én gang|1 gang|1 time", 1.0),
    (r"twice|two times|to ganger|två gånger|to gange|2 ganger|2 times", 2.0),
    (r"(\d+)\s*(?:-|–|to|til|till|\s)\s*(\d+)\s*(?:times|ganger|gonger|gånger|gange|x)", -1.0),
    (r"(\d+)\s*(?:times|ganger|gonger|gånger|gange|x)", -2.0),
]
_FREQ_WORDS = [
    (r"^(never|aldri|aldrig|not at all|ikke i det hele tatt|inte alls|slet ikke)$", 0.0),
    (r"^(daily|every day|everyday|each day|daglig|dagleg|dagligen|dagligt|hver dag|kvar dag|varje dag|"
     r"(almost|nearly|nesten|nästan|næsten) (every day|daily|daglig|dagleg|dagligen|hver dag|varje dag))$", 365.0),
    (r"^(weekly|every week|ukentlig|vekentleg|varje vecka|ugentligt|ugentlig|hver uke|kvar veke|hver uge)$", 52.0),
    (r"^(monthly|every month|månedlig|månadleg|varje månad|månedligt|hver måned|kvar månad)$", 12.0),
    (r"^(yearly|annually|every year|årlig|årleg|varje år|årligt|hvert år|kvart år)$", 1.0),
    (r"^(rarely|seldom|sjelden|sjeldan|sällan|sjældent|almost never|nesten aldri|nästan aldrig|næsten aldrig|"
     r"less often|sjeldnere|sjeldnare|sjældnere|mer sällan|mera sällan)$", 0.5),
]


_NTH = {"other": 2, "second": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "andre": 2, "anden": 2,
        "annan": 2, "to": 2, "tre": 3, "fire": 4, "två": 2, "fyra": 4}


def _every_nth(text: str) -> int:
    """n of "every n-th week" ("every two weeks", "every other month", "annenhver uke", "varannan
    vecka"), else 1."""
    m = re.search(r"\b(?:every|each|hver|hvert|kvar|varje)\s+(other|second|two|three|four|five|six|andre|anden|"
                  r"annan|to|tre|fire|två|fyra|\d+)\s+(?:day|week|month|year|dag|uke|veke|vecka|uge|måned|månad|år)",
                  text)
    if m:
        return int(m.group(1)) if m.group(1).isdigit() and int(m.group(1)) > 0 else _NTH.get(m.group(1), 1)
    return 2 if re.search(r"\b(?:annenhver|annakvar|annankvar|varannan|varanan|hveranden)\b", text) else 1


def times_per_year(label: str) -> float | None:
    """How often an answer means, as times per year ("2-3 times a week" -> 130), or None.

    >>> times_per_year("2-3 times a week"), times_per_year("Flere ganger i måneden"), times_per_year("Aldri")
    (130.0, 36.0, 0.0)

    A word with its explanation ("Weekly -- between once a day and once a week") is the word;
    "between A and B" is halfway; "less than weekly" / "weekly or more" qualify the word:

    >>> times_per_year("Weekly -- between once a day and once a week"), times_per_year("Every night")
    (52.0, 365.0)
    >>> times_per_year("Between once a day and once a week"), times_per_year("Less than weekly")
    (208.5, 39.0)
    >>> times_per_year("Once every two weeks"), times_per_year("Every 3 months"), times_per_year("Annenhver uke")
    (26.0, 4.0, 26.0)
    """
    parts = re.split(r"\s+(?:--|—|–)\s+", str(label), maxsplit=1)
    if len(parts) == 2:  # the word, else its explanation
        return next((r for r in map(times_per_year, parts) if r is not None), None)
    text = norm(label)
    between = re.match(r"^(?:between|mellom|mellan) (.+?) (?:and|og|och) (.+)$", text)
    if between:
        ends = [times_per_year(x) for x in between.groups()]
        if None not in ends:
            return (ends[0] + ends[1]) / 2
    less_word = re.match(r"^(?:less than|fewer than|sjeldnere enn|mer sällan än|sjældnere end) (\w+)$", text)
    word_more = re.match(r"^(\w+) (?:or more|eller mer|eller mere|eller oftere|eller oftare)$", text)
    for m, factor in ((less_word, 0.75), (word_more, 1.5)):
        base = next((v for pattern, v in _FREQ_WORDS if m and re.match(pattern, m.group(1))), None)
        if base:
            return base * factor
    for pattern, value in _FREQ_WORDS:
        if re.match(pattern, text):
            return value
    less = bool(re.match(r"^(less than|fewer than|sjeldnere enn|sjeldnare enn|mer sällan än|sjældnere end|"
                         r"less often than)\b", text))
    more = bool(re.search(r"\b(or more|more than|oftere enn|oftare än|oftere end|or more often)\b", text))
    less = less or bool(re.search(r"\b(or less|or less often|eller sjeldnere|eller sjeldnare|eller mer sällan|"
                                  r"eller sjældnere|eller mindre)\b", text))
    step = _every_nth(text)   # "once every two weeks": a week's rate halved
    if step > 1:
        text = re.sub(r"\b(day|week|month|year)s\b", r"\1", text)
    unit = next((v for p, v in _PER if re.search(rf"\b{p}\b", text)), None)
    if unit is None:
        return None
    unit /= step
    count = None
    for pattern, value in _HOW_MANY:
        m = re.search(rf"\b{pattern}\b", text)
        if m:
            if value == -1.0:
                count = (float(m.group(1)) + float(m.group(2))) / 2
            elif value == -2.0:
                count = float(m.group(1))
            else:
                count = value
            break
    if count is None:
        count = 1.0 if re.match(r"^(every|each|hver|hvert|kvar|kvart|varje|once|en gang|ein gong|en gång)\b",
                                text) or step > 1 else None
    if count is None:
        return None
    rate = count * unit
    return rate * (0.75 if less else 1.5 if more else 1.0)


# how often, relative to the occasions ("When you fly, do you ...?"): never < rarely < ... < always
_RELATIVE = [
    (r"never|aldri|aldrig|not at all|none of the time", 0.0),
    (r"a little of the time|a little bit of the time", 1.5),
    (r"almost never|hardly ever|nesten aldri|nästan aldrig|næsten aldrig|sjelden|sjeldan|sällan|sjældent|rarely|"
     r"seldom", 1.0),
    (r"once in a while|occasionally|now and then|av og til|iblant|innimellom|ibland|af og til|nu og da", 2.0),
    (r"sometimes|some of the time|noen ganger|nokre gonger|nogle gange|ibland", 2.5),
    (r"a good part of the time|a good bit of the time", 3.5),
    (r"about half the time|half the time|halvparten av gangene|halva tiden|halvdelen af gangene", 3.0),
    (r"often|frequently|ofte|ofta", 4.0),
    (r"usually|most of the time|mostly|vanligvis|som regel|oftast|for det meste|oftest|almost always|nesten alltid|"
     r"nästan alltid|næsten altid", 5.0),
    (r"always|all of the time|all the time|alltid|altid|every time|hver gang|varje gång|hver gang", 6.0),
]


def relative_frequency(label: str) -> float | None:
    """How often an answer says, relative to the occasions ("Never" 0 ... "Usually" 5, "Always" 6), or None.

    >>> relative_frequency("Occasionally"), relative_frequency("Apples")
    (2.0, None)
    """
    parts = re.split(r"\s+(?:--|—|–)\s+", str(label), maxsplit=1)
    if len(parts) == 2:  # "Rarely -- I know how to use it, but ..." is "Rarely"
        return relative_frequency(parts[0])
    text = norm(label)
    hits = [v for p, v in _RELATIVE if re.fullmatch(rf"(?:{p})", text)]
    return hits[-1] if hits else None


def frequency_order(labels: list[str]) -> list[str] | None:
    """``labels`` from least to most often when each says how often and no two say the same; else None."""
    relative = {lab: relative_frequency(lab) for lab in labels}
    if len(labels) >= 3 and all(r is not None for r in relative.values()) and len(set(relative.values())) == len(
            labels):
        return sorted(labels, key=lambda lab: relative[lab])
    rates = {lab: times_per_year(lab) for lab in labels}
    if len(labels) < 3 or any(r is None for r in rates.values()) or len(set(rates.values())) != len(rates):
        return None
    return sorted(labels, key=lambda lab: rates[lab])


# how much of something, as a word before it: "None of it" < "Some of it" < "About half of it" < "Most of it"
# < "All of it"; "Little or no knowledge of topic" < "Some knowledge of topic" < "Extensive knowledge of topic"
_QUANTITY = [
    (r"little or no|little to no|little or none|hardly any|almost none|nearly none|very little|nesten ingen|"
     r"nesten ingenting|nästan ingen|nästan inget|næsten ingen", 0.5),
    (r"none|no|nothing|not any|ingen|inga|inget|intet|ingenting|ikkje noko", 0.0),
    (r"a little|a few|little|few|limited|litt|lite|lidt|få", 1.0),
    (r"some|noe|noen|noko|nokre|något|några|noget|nogle", 2.0),
    (r"about half|around half|roughly half|half|omtrent halvparten|halvparten|ungefär hälften|hälften|"
     r"omkring halvdelen|halvdelen", 2.5),
    (r"a lot|a lot of|lots of|a great deal|much|many|extensive|considerable|substantial|mye|mykje|mange|"
     r"mycket|många|meget", 3.5),
    (r"almost all|nearly all|most|the majority|de fleste|dei fleste|det meste|mesteparten|de flesta|det mesta", 4.0),
    (r"all|everything|alle|alt|allt|alla", 5.0),
]
_QUANTITY_RE = [(re.compile(rf"^(?:{p})(?:\s+(.*))?$"), v) for p, v in _QUANTITY]


def _quantity(key: str) -> tuple[float, str] | None:
    for pattern, value in _QUANTITY_RE:
        m = pattern.match(key)
        if m:
            return value, m.group(1) or ""
    return None


def quantity_order(labels: list[str]) -> list[str] | None:
    """``labels`` from least to most when each is a word of how much ("None", "Some", "About half",
    "Most", "All"; "Little or no", "Extensive") before the same words, three or more and no two
    alike; else None.

    >>> quantity_order(["Most of it", "None of it", "All of it", "Some of it", "About half of it"])
    ['None of it', 'Some of it', 'About half of it', 'Most of it', 'All of it']
    >>> quantity_order(["Some knowledge of topic", "Extensive knowledge of topic", "Little or no knowledge of topic"])
    ['Little or no knowledge of topic', 'Some knowledge of topic', 'Extensive knowledge of topic']
    >>> quantity_order(["Some college", "No college", "Bachelor degree"]) is None
    True
    """
    parsed = {lab: _quantity(norm(lab)) for lab in labels}
    if len(labels) < 3 or any(p is None for p in parsed.values()):
        return None
    if len({p[1] for p in parsed.values() if p}) != 1 or len({p[0] for p in parsed.values() if p}) != len(labels):
        return None
    return sorted(labels, key=lambda lab: parsed[lab][0])  # type: ignore[index]


# two-sided "too little ... too much" answers around a right middle ("Too slow", "Slightly slow", "Just right",
# "Slightly fast", "Too fast"; "Too much lecture" ... "Balanced (lecture/hands-on)" ... "Too much hands-on")
_BALANCED = re.compile(r"^(?:just right|about right|right|about the right \w+|the right \w+|right amount|balanced|"
                       r"akkurat passe|passe|passelig|lagom|lagom mycket|tilpas|passende|neutral)\b")
_TOO = re.compile(r"^(?:(slightly|somewhat|a little|a little bit|a bit|a tad|much|far|way|a lot|litt|noe|lite|"
                  r"något|lidt|noget|altfor|alt for|alldeles|mye|mycket|meget)\s+)?"
                  r"(?:(too|for|för|zu)\s+)?(.+)$")
_TOO_DEGREE = {"slightly": 1, "somewhat": 1, "a little": 1, "a little bit": 1, "a bit": 1, "a tad": 1, "litt": 1,
               "noe": 1, "lite": 1, "något": 1, "lidt": 1, "noget": 1, "much": 3, "far": 3, "way": 3, "a lot": 3,
               "altfor": 3, "alt for": 3, "alldeles": 3, "mye": 3, "mycket": 3, "meget": 3}
# the side of a two-sided scale that is "less" (too slow, too little), and its opposite
_LESS_SIDE = {"slow", "slowly", "short", "easy", "little", "few", "small", "low", "cheap", "early", "cold", "quiet",
              "simple", "basic", "sakte", "langsom", "langsomt", "långsamt", "långsam", "kort", "lett", "lätt", "let",
              "lite", "lita", "lidt", "få", "liten", "lav", "låg", "lavt", "billig", "tidlig", "tidligt", "tidigt",
              "enkel", "enkelt"}
_MORE_SIDE = {"fast", "quick", "quickly", "long", "difficult", "hard", "much", "many", "large", "big", "high",
              "expensive", "late", "hot", "loud", "complex", "complicated", "advanced", "rask", "raskt", "fort",
              "hurtig", "hurtigt", "snabbt", "snabb", "lang", "langt", "lång", "långt", "vanskelig", "vanskeleg",
              "svårt", "svår", "svært", "mye", "mykje", "mycket", "meget", "mange", "många", "stor", "høy", "høyt",
              "hög", "högt", "høj", "højt", "dyr", "dyrt", "sent", "seint", "komplisert", "avansert"}


def balance_order(labels: list[str]) -> tuple[list[str], bool] | None:
    """``labels`` from one end to the other of a two-sided "too ..." scale around one right
    middle ("Too slow" < "Slightly slow" < "Just right" < "Slightly fast" < "Too fast"), and
    whether the words say which end is low (slow/fast, little/much, short/long ...: the "less"
    end first); None when the answers are not such a scale. Without such words the ends are in
    the alphabetical order of their words (the same in every wave).

    >>> balance_order(["Just right", "Slightly fast", "Too slow", "Slightly slow", "Too fast"])
    (['Too slow', 'Slightly slow', 'Just right', 'Slightly fast', 'Too fast'], True)
    >>> balance_order(["Balanced (lecture/hands-on)", "Slightly too much lecture", "Too much hands-on",
    ...                "Too much lecture", "Slightly too much hands-on"])[1]
    False
    """
    keys = {lab: norm(lab) for lab in labels}
    middle = [lab for lab, k in keys.items() if _BALANCED.match(k)]
    if len(labels) < 3 or len(middle) != 1:
        return None
    sides: dict[str, dict[str, int]] = {}
    too = False
    for lab, key in keys.items():
        if lab in middle:
            continue
        m = _TOO.match(key)
        if m is None:
            return None
        degree = _TOO_DEGREE[m.group(1)] if m.group(1) else 2   # "Too slow" 2, "Slightly slow" 1, "Much too slow" 3
        too = too or bool(m.group(2))
        side = sides.setdefault(m.group(3), {})
        if degree in side.values():
            return None
        side[lab] = degree
    if not too or len(sides) != 2:
        return None
    names = sorted(sides)   # the same in every wave, whatever order its answers came in
    words = [set(n.split()) for n in names]
    certain = False
    if words[0] & _MORE_SIDE and words[1] & _LESS_SIDE and not words[0] & _LESS_SIDE and not words[1] & _MORE_SIDE:
        names, certain = names[::-1], True
    elif words[0] & _LESS_SIDE and words[1] & _MORE_SIDE and not words[0] & _MORE_SIDE and not words[1] & _LESS_SIDE:
        certain = True
    low, high = (sides[n] for n in names)
    return ([*sorted(low, key=low.__getitem__, reverse=True), middle[0], *sorted(high, key=high.__getitem__)],
            certain)
