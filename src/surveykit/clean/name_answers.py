"""Whether a column's answers look like people's names, whatever the language of its header: the
check behind ``codebook draft`` leaving such a column out as personal data, and behind the
cleaning's warning on a single-choice variable whose answers look like names (each would be
printed as an answer label).

The test reads the answers' shape, not a list of names, so it holds for names of any culture:
most distinct answers are one to four capitalised words of letters only ("Siti Nurhaliza", "Zhang
Wei", "Abdirahman Mohamed Farah", "Małgorzata Kowalczyk", in capitals "ADI PRASETYO"; some may be
typed in lower case, "budi santoso"), or two to four characters of a script without case (王伟,
李娜); each answer given by few respondents (many distinct answers for the rows); no word shared
by many answers (the "bibliotek" of "Drammen bibliotek"); no answer holding a word of an answer
scale, a yes/no, an organisation or a place ("Kommune", "Universitas", "Strongly", "Ja"). Answers
of one word each ("HENDRAWAN", "LARAS") count only when nearly every answer is its respondent's
own.

Example:
    >>> names = pd.Series(["Siti Rahma", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Wati", "Budi Santoso"])
    >>> name_answers(names)[:50]
    '5 distinct answers of 6, 5 of them two to four cap'
    >>> name_answers(pd.Series(["Very Satisfied", "Satisfied", "Neutral", "Dissatisfied", "Not Applicable"])) is None
    True
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

__all__ = ["name_answers", "name_shape"]

# the small words inside a person's name (Arabic, Malay, Dutch, German, Spanish, Scandinavian)
_PARTICLES = frozenset(str.split("""
bin binti bint ibn bte bt al el abu ben van von der den de da das dos del della di du la le ter ten af av y e
"""))
# words of answer options, organisations and places, in en, nb, nn, sv, da, de, id, ms, so, pl, fr, es: an answer
# holding one is no person's name ("Strongly Agree", "Oslo Kommune", "Universitas Indonesia", "Haa", "Tak")
_NOT_NAME_WORDS = frozenset(str.split("""
yes no not none other others all any some very much more less most least strongly agree disagree agreed neutral
neither nor satisfied dissatisfied unsatisfied satisfactory unsatisfactory applicable know unsure sure maybe
somewhat slightly extremely quite fairly rather completely totally partly partially mostly always never often
sometimes rarely seldom good bad poor fair excellent average great better worse best worst likely unlikely
important unimportant useful easy difficult hard high low medium large small male female man woman men women
other prefer say answer don't dont didn't n/a na unknown daily weekly monthly yearly once twice times
library libraries school university college hospital clinic centre center office department municipality county
city town village district region province state council church shop store company group team club association
foundation institute bank market workshop event meeting academy education business training seminar
course talkshow webinar program programme project festival conference session class lesson competition street road north south east west central national international local
ja nei vet ikke litt helt enig uenig fornøyd misfornøyd verken eller svært meget ganske noe lite godt dårlig
bra mann kvinne annet annen kommune fylke bibliotek biblioteket skole skolen sentrum torg
tak nej inte vet ej nöjd missnöjd mycket lite ganska varken kommun bibliotek skola
enig uenig tilfreds utilfreds meget noget
ya tidak tdk bukan setuju sangat kurang cukup puas baik buruk kota kabupaten kecamatan desa provinsi sekolah
universitas kampus rumah sakit toko bank pt cv yayasan dinas kantor komunitas organisasi forum
haa maya waa
tak nie tak bardzo raczej zgadzam zadowolony
oui non très plutôt pas sí si muy nada poco
jeg du vi de det den er og i på
"""))
_READ = 2000   # distinct answers read at most
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_CASELESS = re.compile(r"[^\W\d_]{2,4}")


def _caseless(text: str) -> bool:
    """Letters of a script without case (Han, Arabic, Thai ...): neither upper nor lower."""
    return all(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in text)


def name_shape(answer: str, *, lower: bool = False) -> int:
    """How many name words ``answer`` has when it is shaped like a person's name, else 0: one to
    four words of letters (a hyphen, an apostrophe or an initial's dot inside), each capitalised
    or a particle ("bin", "van"), none a word of answer options or organisations; or two to four
    letters of a script without case, no space (王伟: 2); words of such a script only with a space
    between them (Arabic letters).

    With ``lower``, also an answer all in lower case ("budi santoso", typed so), never one mixing
    cases as a place does ("Drammen bibliotek").

    >>> name_shape("Abdirahman Mohamed Farah"), name_shape("Drammen bibliotek"), name_shape("李娜"), name_shape("Q7")
    (3, 0, 2, 0)
    >>> name_shape("budi santoso"), name_shape("budi santoso", lower=True), name_shape("drammen Bibliotek", lower=True)
    (0, 2, 0)
    """
    text = " ".join(str(answer).split())
    if not text:
        return 0
    if " " not in text and _CASELESS.fullmatch(text) and _caseless(text):
        return 2
    words = text.split(" ")
    if len(words) == 1 and _caseless(text.rstrip(".")):   # 非常满意的服务: a sentence, not a name
        return 0
    if len(words) > 5:
        return 0
    typed = lower and all(w.islower() for w in words)
    names = 0
    for word in words:
        if not _WORD.fullmatch(word):
            return 0
        low = word.casefold().rstrip(".")
        if low in _PARTICLES and names:
            continue
        if low in _NOT_NAME_WORDS or not (word[0].isupper() or typed or _caseless(word.rstrip("."))):
            return 0
        names += 1
    return names if names <= 4 else 0


def name_answers(answers: pd.Series) -> str | None:
    """Why the answers of a column look like people's names (see the module), or None. Needs five
    distinct answers at least; at most 2.5 answers per distinct one (1.5 when most are one word), none
    given by more than two in five respondents; four in five of the distinct answers (of the 2,000 most
    given) shaped as names, half of them capitalised (some may be typed in lower case: "budi santoso"),
    three in five of them two words or more (or nearly all of one word); no word
    in more than two in five of them (three at least: a family's name)."""
    text = answers.dropna().astype(str).map(lambda a: " ".join(a.split()))
    text = text[text != ""]
    counts = text.value_counts()
    n, distinct = len(text), len(counts)
    if distinct < 5 or counts.iloc[0] > max(2, 0.4 * n):
        return None
    seen = counts.index[:_READ]   # the most given first; a free-text column of 100,000 answers: a sample
    capitalised = pd.Series([name_shape(a) for a in seen], index=seen)
    shapes = capitalised.where(capitalised > 0, [name_shape(a, lower=True) for a in seen])
    shaped, full = int((shapes > 0).sum()), int((shapes >= 2).sum())
    if shaped < 0.8 * len(seen) or (capitalised > 0).sum() < 0.5 * len(seen):   # "long queues", "parking"
        return None
    if full >= 0.6 * len(seen):
        if n > 2.5 * distinct:
            return None
        what = f"{full} of them two to four capitalised words (or Han characters)"
    elif shaped >= 0.9 * len(seen) and n <= 1.5 * distinct:
        what = f"{shaped} of them one capitalised word each"
    else:
        return None
    words = Counter(w for a in seen[(shapes > 0).to_numpy()]
                    for w in {w.casefold() for w in a.split() if w.casefold() not in _PARTICLES})
    if words and words.most_common(1)[0][1] > max(3, 0.4 * len(seen)):
        return None
    return (f"{distinct} distinct answers of {n}, {what} of letters only, each given by at most "
            f"{int(counts.iloc[0])} respondent(s): they look like people's names")
