"""The answer scales a draft recognises: default wordings of the common survey tools and of
ordinary survey practice in English, bokmål, nynorsk, Swedish and Danish, low to high.

A scale is a *family* (agree, safe, important, satisfied, frequency, likely, quality, ease, trust,
extent, favourable, change, amount, proficiency, duration, doneness, education, yes_no, ...) and its levels in order. Answer texts are
compared after :func:`norm` (case, white space, punctuation and a leading code such as "1:"
folded), so "5: Strongly agree", "strongly  agree" and "Strongly agree." are one level, and
nothing else is. :func:`known_order` finds the scales that hold every answer of a question.

Example:
    >>> m = known_order(["Very important", "Not at all important", "Slightly important"])
    >>> m.family, m.levels[0], len(m.levels)
    ('important', 'Not at all important', 5)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["KNOWN_SCALES", "Known", "family_of", "known_order", "leading_code", "lettered", "norm", "scale_answer"]

# family -> scales, each "lowest | ... | highest". Listed low -> high whatever order a tool shows.
_SCALES: dict[str, list[str]] = {
    "agree": [
        # en (Qualtrics, SurveyMonkey, Google/MS Forms, LimeSurvey defaults and common practice)
        "Strongly disagree | Disagree | Neither agree nor disagree | Agree | Strongly agree",
        "Strongly disagree | Somewhat disagree | Neither agree nor disagree | Somewhat agree | Strongly agree",
        "Strongly disagree | Disagree | Somewhat disagree | Neither agree nor disagree | Somewhat agree | Agree"
        " | Strongly agree",
        "Strongly disagree | Disagree | Neutral | Agree | Strongly agree",
        "Strongly disagree | Disagree | Undecided | Agree | Strongly agree",
        "Strongly disagree | Disagree | Agree | Strongly agree",
        "Strongly disagree | Somewhat disagree | Somewhat agree | Strongly agree",
        "Strongly disagree | Moderately disagree | Slightly disagree | Slightly agree | Moderately agree"
        " | Strongly agree",
        "Strongly disagree | Disagree | Slightly disagree | Slightly agree | Agree | Strongly agree",
        "Strongly disagree | Moderately disagree | Slightly disagree | Neither agree nor disagree | Slightly agree"
        " | Moderately agree | Strongly agree",
        "Completely disagree | Mostly disagree | Slightly disagree | Neither agree nor disagree | Slightly agree"
        " | Mostly agree | Completely agree",
        "Completely disagree | Somewhat disagree | Neither agree nor disagree | Somewhat agree | Completely agree",
        "Totally disagree | Disagree | Neither agree nor disagree | Agree | Totally agree",
        "Disagree strongly | Disagree somewhat | Neither agree nor disagree | Agree somewhat | Agree strongly",
        "Disagree strongly | Disagree a little | Neither agree nor disagree | Agree a little | Agree strongly",
        "Disagree | Neither agree nor disagree | Agree",
        "Disagree | Neutral | Agree",
        "Disagree | Agree",
        # nb
        "Helt uenig | Litt uenig | Verken enig eller uenig | Litt enig | Helt enig",
        "Helt uenig | Delvis uenig | Verken enig eller uenig | Delvis enig | Helt enig",
        "Helt uenig | Ganske uenig | Verken enig eller uenig | Ganske enig | Helt enig",
        "Helt uenig | Uenig | Verken enig eller uenig | Enig | Helt enig",
        "Svært uenig | Uenig | Verken enig eller uenig | Enig | Svært enig",
        "Svært uenig | Litt uenig | Verken enig eller uenig | Litt enig | Svært enig",
        "Sterkt uenig | Uenig | Verken enig eller uenig | Enig | Sterkt enig",
        "Sterkt uenig | Uenig | Nøytral | Enig | Sterkt enig",
        "Helt uenig | Uenig | Litt uenig | Verken enig eller uenig | Litt enig | Enig | Helt enig",
        "Veldig uenig | Uenig | Verken enig eller uenig | Enig | Veldig enig",
        "Veldig uenig | Litt uenig | Verken enig eller uenig | Litt enig | Veldig enig",
        "Helt uenig | Delvis uenig | Delvis enig | Helt enig",
        "Helt uenig | Litt uenig | Litt enig | Helt enig",
        "Helt uenig | Uenig | Enig | Helt enig",
        "Helt uenig | Enig i liten grad | Enig i noen grad | Enig i stor grad | Helt enig",
        "Helt uenig | Litt uenig | Enig i stor grad | Helt enig",
        "Uenig | Enig i liten grad | Enig i noen grad | Enig i stor grad | Helt enig",
        "Uenig | Verken enig eller uenig | Enig",
        "Uenig | Enig",
        "Stemmer ikke i det hele tatt | Stemmer dårlig | Stemmer delvis | Stemmer godt | Stemmer helt",
        "Stemmer ikke i det hele tatt | Stemmer i liten grad | Stemmer i noen grad | Stemmer i stor grad"
        " | Stemmer helt",
        "Stemmer ikke i det hele tatt | Stemmer ganske dårlig | Stemmer ganske godt | Stemmer helt",
        "Stemmer svært dårlig | Stemmer ganske dårlig | Stemmer ganske godt | Stemmer svært godt",
        "Stemmer ikke | Stemmer delvis | Stemmer helt",
        "Passer ikke i det hele tatt | Passer dårlig | Passer delvis | Passer godt | Passer helt",
        "Passer ikke i det hele tatt | Passer delvis | Passer helt",
        # nn
        "Heilt ueinig | Litt ueinig | Verken einig eller ueinig | Litt einig | Heilt einig",
        "Heilt ueinig | Delvis ueinig | Verken einig eller ueinig | Delvis einig | Heilt einig",
        "Heilt ueinig | Litt ueinig | Korkje einig eller ueinig | Litt einig | Heilt einig",
        "Heilt ueinig | Delvis ueinig | Korkje einig eller ueinig | Delvis einig | Heilt einig",
        "Heilt usamd | Litt usamd | Verken samd eller usamd | Litt samd | Heilt samd",
        "Heilt usamd | Delvis usamd | Verken samd eller usamd | Delvis samd | Heilt samd",
        "Heilt usamd | Litt usamd | Korkje samd eller usamd | Litt samd | Heilt samd",
        "Heilt usamd | Delvis usamd | Korkje samd eller usamd | Delvis samd | Heilt samd",
        "Heilt ueinig | Delvis ueinig | Delvis einig | Heilt einig",
        "Heilt usamd | Delvis usamd | Delvis samd | Heilt samd",
        # sv
        "Tar helt avstånd | Tar delvis avstånd | Varken instämmer eller tar avstånd | Instämmer delvis"
        " | Instämmer helt",
        "Tar helt avstånd | Tar delvis avstånd | Instämmer delvis | Instämmer helt",
        "Tar helt avstånd | Tar avstånd | Varken eller | Instämmer | Instämmer helt",
        "Instämmer inte alls | Instämmer i liten grad | Instämmer delvis | Instämmer i stor grad | Instämmer helt",
        "Instämmer inte alls | Instämmer till viss del | Instämmer till stor del | Instämmer helt",
        "Instämmer inte alls | Instämmer delvis | Instämmer helt",
        "Instämmer inte alls | Instämmer delvis | Instämmer till stor del | Instämmer helt",
        "Instämmer inte alls | Instämmer i liten grad | Instämmer delvis | Instämmer till stor del | Instämmer helt",
        "Instämmer inte alls | Instämmer i liten grad | Instämmer i stor grad | Instämmer helt",
        "Håller inte alls med | Håller inte med | Varken håller med eller inte | Håller med | Håller helt med",
        "Håller inte alls med | Håller delvis med | Håller helt med",
        "Helt oenig | Delvis oenig | Varken enig eller oenig | Delvis enig | Helt enig",
        "Mycket oenig | Oenig | Varken enig eller oenig | Enig | Mycket enig",
        "Helt oenig | Ganska oenig | Ganska enig | Helt enig",
        "Stämmer inte alls | Stämmer ganska dåligt | Stämmer ganska bra | Stämmer helt",
        "Stämmer inte alls | Stämmer ganska dåligt | Stämmer ganska bra | Stämmer mycket bra",
        "Stämmer inte alls | Stämmer dåligt | Stämmer delvis | Stämmer bra | Stämmer helt",
        "Stämmer inte alls | Stämmer delvis | Stämmer helt",
        "Stämmer inte alls | Stämmer ganska dåligt | Stämmer delvis | Stämmer ganska bra | Stämmer helt",
        "Stämmer inte alls | Stämmer ganska dåligt | Stämmer delvis | Stämmer ganska bra | Stämmer precis",
        "Stämmer inte alls | Stämmer ganska dåligt | Stämmer ganska bra | Stämmer precis",
        "Stämmer inte alls | Stämmer dåligt | Stämmer delvis | Stämmer bra | Stämmer precis",
        "Stämmer inte alls | Stämmer till viss del | Stämmer till stor del | Stämmer helt och hållet",
        "Stämmer mycket dåligt | Stämmer ganska dåligt | Stämmer ganska bra | Stämmer mycket bra",
        # da
        "Helt uenig | Delvist uenig | Hverken enig eller uenig | Delvist enig | Helt enig",
        "Helt uenig | Overvejende uenig | Hverken enig eller uenig | Overvejende enig | Helt enig",
        "Meget uenig | Uenig | Hverken enig eller uenig | Enig | Meget enig",
        "Helt uenig | Uenig | Hverken enig eller uenig | Enig | Helt enig",
        "Helt uenig | Delvist uenig | Delvist enig | Helt enig",
        "Helt uenig | Enig i mindre grad | Enig i nogen grad | Enig i høj grad | Helt enig",
        "Uenig | Hverken enig eller uenig | Enig",
        "Passer slet ikke | Passer dårligt | Passer delvist | Passer godt | Passer helt",
        "Passer slet ikke | Passer i mindre grad | Passer i nogen grad | Passer i høj grad | Passer helt",
        "Passer slet ikke | Passer mindre godt | Passer nogenlunde | Passer godt | Passer helt",
        "Passer slet ikke | Passer delvist | Passer helt",
        "Stemmer slet ikke | Stemmer dårligt | Stemmer delvist | Stemmer godt | Stemmer helt",
    ],
    "safe": [  # how safe one feels (in one's neighbourhood, out alone at night ...)
        "Very unsafe | Unsafe | Neither safe nor unsafe | Safe | Very safe",
        "Very unsafe | Fairly unsafe | Neither safe nor unsafe | Fairly safe | Very safe",
        "Very unsafe | Somewhat unsafe | Neither safe nor unsafe | Somewhat safe | Very safe",
        "Very unsafe | Unsafe | Safe | Very safe",
        "Very unsafe | Fairly unsafe | Fairly safe | Very safe",
        # nb / nn
        "Svært utrygg | Nokså utrygg | Verken trygg eller utrygg | Nokså trygg | Svært trygg",
        "Svært utrygg | Ganske utrygg | Verken trygg eller utrygg | Ganske trygg | Svært trygg",
        "Svært utrygg | Litt utrygg | Verken trygg eller utrygg | Litt trygg | Svært trygg",
        "Svært utrygg | Utrygg | Verken trygg eller utrygg | Trygg | Svært trygg",
        "Svært utrygg | Nokså utrygg | Korkje trygg eller utrygg | Nokså trygg | Svært trygg",
        "Svært utrygg | Ganske utrygg | Korkje trygg eller utrygg | Ganske trygg | Svært trygg",
        "Svært utrygg | Nokså utrygg | Nokså trygg | Svært trygg",
        "Svært utrygg | Ganske utrygg | Ganske trygg | Svært trygg",
        "Svært utrygg | Utrygg | Trygg | Svært trygg",
        # sv
        "Mycket otrygg | Ganska otrygg | Varken trygg eller otrygg | Ganska trygg | Mycket trygg",
        "Mycket otrygg | Otrygg | Varken trygg eller otrygg | Trygg | Mycket trygg",
        "Mycket otrygg | Ganska otrygg | Ganska trygg | Mycket trygg",
        # da
        "Meget utryg | Utryg | Hverken tryg eller utryg | Tryg | Meget tryg",
        "Meget utryg | Noget utryg | Hverken tryg eller utryg | Noget tryg | Meget tryg",
        "Meget utryg | Lidt utryg | Hverken tryg eller utryg | Lidt tryg | Meget tryg",
        "Meget utryg | Overvejende utryg | Hverken tryg eller utryg | Overvejende tryg | Meget tryg",
        "Meget utryg | Utryg | Tryg | Meget tryg",
    ],
    "important": [
        "Not at all important | Slightly important | Moderately important | Very important | Extremely important",
        "Not at all important | Low importance | Slightly important | Neutral | Moderately important"
        " | Very important | Extremely important",
        "Not important | Slightly important | Moderately important | Important | Very important",
        "Not at all important | Not very important | Somewhat important | Very important | Extremely important",
        "Not at all important | Not very important | Somewhat important | Very important",
        "Not at all important | Somewhat important | Very important",
        "Not important | Somewhat important | Important | Very important",
        "Not important | Somewhat important | Very important",
        "Not important at all | Of little importance | Of average importance | Very important"
        " | Absolutely essential",
        "Unimportant | Of little importance | Moderately important | Important | Very important",
        "Very unimportant | Unimportant | Neither important nor unimportant | Important | Very important",
        "Very unimportant | Somewhat unimportant | Neither important nor unimportant | Somewhat important"
        " | Very important",
        # nb / nn
        "Ikke viktig | Litt viktig | Ganske viktig | Svært viktig",
        "Ikke viktig | Litt viktig | Ganske viktig | Veldig viktig",
        "Ikke viktig i det hele tatt | Lite viktig | Verken viktig eller uviktig | Viktig | Veldig viktig",
        "Ikke viktig | Lite viktig | Ganske viktig | Svært viktig",
        "Ikke viktig i det hele tatt | Lite viktig | Middels viktig | Viktig | Svært viktig",
        "Helt uviktig | Lite viktig | Verken viktig eller uviktig | Viktig | Svært viktig",
        "Svært uviktig | Uviktig | Verken viktig eller uviktig | Viktig | Svært viktig",
        "Svært uviktig | Ganske uviktig | Verken viktig eller uviktig | Ganske viktig | Svært viktig",
        "Uviktig | Litt viktig | Viktig | Svært viktig",
        "Ikkje viktig | Litt viktig | Ganske viktig | Svært viktig",
        "Heilt uviktig | Lite viktig | Verken viktig eller uviktig | Viktig | Svært viktig",
        # sv
        "Inte alls viktigt | Inte särskilt viktigt | Ganska viktigt | Mycket viktigt",
        "Helt oviktigt | Ganska oviktigt | Varken viktigt eller oviktigt | Ganska viktigt | Mycket viktigt",
        "Mycket oviktigt | Oviktigt | Varken viktigt eller oviktigt | Viktigt | Mycket viktigt",
        "Oviktigt | Ganska oviktigt | Ganska viktigt | Mycket viktigt",
        "Inte viktigt | Ganska viktigt | Mycket viktigt",
        # da
        "Slet ikke vigtigt | Ikke særlig vigtigt | Noget vigtigt | Meget vigtigt",
        "Uvigtigt | Mindre vigtigt | Hverken vigtigt eller uvigtigt | Vigtigt | Meget vigtigt",
        "Meget uvigtigt | Uvigtigt | Hverken vigtigt eller uvigtigt | Vigtigt | Meget vigtigt",
        "Ikke vigtigt | Lidt vigtigt | Vigtigt | Meget vigtigt",
        "Slet ikke vigtigt | Lidt vigtigt | Vigtigt | Meget vigtigt",
        "Slet ikke vigtigt | Mindre vigtigt | Vigtigt | Meget vigtigt | Særdeles vigtigt",
    ],
    "satisfied": [
        "Very dissatisfied | Dissatisfied | Neither satisfied nor dissatisfied | Satisfied | Very satisfied",
        "Extremely dissatisfied | Somewhat dissatisfied | Neither satisfied nor dissatisfied | Somewhat satisfied"
        " | Extremely satisfied",
        "Very dissatisfied | Somewhat dissatisfied | Neither satisfied nor dissatisfied | Somewhat satisfied"
        " | Very satisfied",
        "Very dissatisfied | Somewhat dissatisfied | Neutral | Somewhat satisfied | Very satisfied",
        "Very dissatisfied | Dissatisfied | Neutral | Satisfied | Very satisfied",
        "Extremely dissatisfied | Moderately dissatisfied | Slightly dissatisfied | Neither satisfied nor"
        " dissatisfied | Slightly satisfied | Moderately satisfied | Extremely satisfied",
        "Very dissatisfied | Dissatisfied | Somewhat dissatisfied | Neither satisfied nor dissatisfied"
        " | Somewhat satisfied | Satisfied | Very satisfied",
        "Very unsatisfied | Unsatisfied | Neutral | Satisfied | Very satisfied",
        "Very unsatisfied | Unsatisfied | Neither satisfied nor unsatisfied | Satisfied | Very satisfied",
        "Not at all satisfied | Slightly satisfied | Moderately satisfied | Very satisfied | Extremely satisfied",
        "Not at all satisfied | Not very satisfied | Somewhat satisfied | Very satisfied",
        "Very dissatisfied | Dissatisfied | Satisfied | Very satisfied",
        "Dissatisfied | Neutral | Satisfied",
        "Very unhappy | Unhappy | Neutral | Happy | Very happy",
        # nb
        "Svært misfornøyd | Misfornøyd | Verken fornøyd eller misfornøyd | Fornøyd | Svært fornøyd",
        "Svært misfornøyd | Ganske misfornøyd | Verken fornøyd eller misfornøyd | Ganske fornøyd | Svært fornøyd",
        "Svært misfornøyd | Litt misfornøyd | Verken fornøyd eller misfornøyd | Litt fornøyd | Svært fornøyd",
        "Meget misfornøyd | Misfornøyd | Verken fornøyd eller misfornøyd | Fornøyd | Meget fornøyd",
        "Meget misfornøyd | Litt misfornøyd | Verken fornøyd eller misfornøyd | Litt fornøyd | Meget fornøyd",
        "Helt misfornøyd | Misfornøyd | Verken fornøyd eller misfornøyd | Fornøyd | Helt fornøyd",
        "Svært misfornøyd | Misfornøyd | Fornøyd | Svært fornøyd",
        "Veldig misfornøyd | Misfornøyd | Verken fornøyd eller misfornøyd | Fornøyd | Veldig fornøyd",
        "Veldig misfornøyd | Litt misfornøyd | Verken fornøyd eller misfornøyd | Litt fornøyd | Veldig fornøyd",
        "Ikke fornøyd | Litt fornøyd | Ganske fornøyd | Svært fornøyd",
        "Lite fornøyd | Ganske fornøyd | Svært fornøyd",
        # nn
        "Svært misnøgd | Misnøgd | Verken nøgd eller misnøgd | Nøgd | Svært nøgd",
        "Svært misnøgd | Misnøgd | Korkje nøgd eller misnøgd | Nøgd | Svært nøgd",
        "Svært misnøgd | Litt misnøgd | Verken nøgd eller misnøgd | Litt nøgd | Svært nøgd",
        "Svært misnøgd | Ganske misnøgd | Verken nøgd eller misnøgd | Ganske nøgd | Svært nøgd",
        "Svært misnøgd | Misnøgd | Nøgd | Svært nøgd",
        "Svært misnøgd | Litt misnøgd | Korkje nøgd eller misnøgd | Litt nøgd | Svært nøgd",
        "Svært misnøgd | Nokså misnøgd | Korkje nøgd eller misnøgd | Nokså nøgd | Svært nøgd",
        "Svært misnøgd | Ganske misnøgd | Korkje nøgd eller misnøgd | Ganske nøgd | Svært nøgd",
        "Ikkje nøgd | Litt nøgd | Ganske nøgd | Svært nøgd",
        # sv
        "Mycket missnöjd | Ganska missnöjd | Varken nöjd eller missnöjd | Ganska nöjd | Mycket nöjd",
        "Mycket missnöjd | Missnöjd | Varken nöjd eller missnöjd | Nöjd | Mycket nöjd",
        "Mycket missnöjd | Ganska missnöjd | Ganska nöjd | Mycket nöjd",
        "Inte alls nöjd | Inte särskilt nöjd | Ganska nöjd | Mycket nöjd",
        "Missnöjd | Varken nöjd eller missnöjd | Nöjd",
        # da
        "Meget utilfreds | Utilfreds | Hverken tilfreds eller utilfreds | Tilfreds | Meget tilfreds",
        "Meget utilfreds | Lidt utilfreds | Hverken tilfreds eller utilfreds | Lidt tilfreds | Meget tilfreds",
        "Meget utilfreds | Overvejende utilfreds | Hverken tilfreds eller utilfreds | Overvejende tilfreds"
        " | Meget tilfreds",
        "Meget utilfreds | Utilfreds | Tilfreds | Meget tilfreds",
    ],
    "frequency": [
        "Never | Rarely | Sometimes | Often | Always",
        "Never | Rarely | Sometimes | Very often | Always",
        "Never | Rarely | Sometimes | Often | Very often",
        "Never | Seldom | Sometimes | Often | Always",
        "Never | Rarely | Occasionally | Frequently | Very frequently",
        "Never | Rarely | Occasionally | Often | Always",
        "Never | Almost never | Sometimes | Almost always | Always",
        "Never | Sometimes | About half the time | Most of the time | Always",
        "Never | Less than once a month | Once a month | 2-3 times a month | Once a week | 2-3 times a week | Daily",
        "Never | Less than once a year | Once a year | Several times a year | Once a month | Several times a month"
        " | Once a week | Several times a week | Daily",
        "Never | Rarely | Monthly | Weekly | Daily",
        "Never | Once a year or less | Several times a year | Monthly | Weekly | Daily",
        "Never | Sometimes | Often | Always",
        "Never | Sometimes | Always",
        "Never | Rarely | Sometimes | Often",
        # SurveyMonkey, Kubernetes contributor survey 2019: attending a weekly meeting live
        "Never | Rarely, but I frequently watch the video and/or read the notes | Few times a year | Once a month"
        " | Try to make it to all of them (3-4 a month)",
        # nb / nn
        "Aldri | Sjelden | Av og til | Ofte | Svært ofte",
        "Aldri | Sjelden | Av og til | Ofte | Alltid",
        "Aldri | Sjelden | Noen ganger | Ofte | Alltid",
        "Aldri | Sjelden | Iblant | Ofte | Alltid",
        "Aldri | Sjelden | Av og til | Ofte",
        "Aldri | Sjeldnere enn en gang i måneden | En gang i måneden | Flere ganger i måneden | En gang i uken"
        " | Flere ganger i uken | Daglig",
        "Aldri | Sjeldnere enn en gang i året | En gang i året | Flere ganger i året | En gang i måneden"
        " | Flere ganger i måneden | En gang i uka | Flere ganger i uka | Daglig",
        "Aldri | Sjeldnere | Månedlig | Ukentlig | Daglig",
        "Aldri | Sjelden | Månedlig | Ukentlig | Daglig",
        "Aldri | Sjelden | Ukentlig | Daglig",
        "Aldri | Sjelden | Hver måned | Hver uke | Hver dag",
        "Aldri | Sjelden | Hver uke | Hver dag",
        "Aldri | Noen ganger i året | Noen ganger i måneden | Hver uke | Hver dag",
        "Aldri | Sjeldnere enn en gang i året | Noen ganger i året | En gang i måneden | Noen ganger i måneden"
        " | Hver uke | Flere ganger i uken | Hver dag",
        "Aldri | Sjeldan | Av og til | Ofte | Alltid",
        "Aldri | Sjeldan | Av og til | Ofte | Svært ofte",
        "Aldri | Sjeldan | Nokre gonger | Ofte | Alltid",
        # sv
        "Aldrig | Sällan | Ibland | Ofta | Alltid",
        "Aldrig | Sällan | Ibland | Ofta | Mycket ofta",
        "Aldrig | Sällan | Ibland | Ofta",
        "Aldrig | Någon gång per år | Någon gång per månad | Någon gång per vecka | Dagligen",
        "Aldrig | Mer sällan | Varje månad | Varje vecka | Varje dag",
        "Aldrig | Någon gång per år | Någon gång per månad | Varje vecka | Varje dag",
        "Aldrig | Någon gång per år | Någon gång per månad | Någon gång per vecka | Varje dag",
        "Aldrig | Sällan | Varje månad | Varje vecka | Varje dag",
        "Aldrig | Sällan | Någon gång i månaden | Någon gång i veckan | Dagligen",
        "Aldrig | Mer sällan än en gång per år | Någon gång per år | Några gånger per år | Någon gång i månaden"
        " | Några gånger i månaden | Varje vecka | Flera gånger i veckan | Varje dag",
        # da
        "Aldrig | Sjældent | Nogle gange | Ofte | Altid",
        "Aldrig | Sjældent | Af og til | Ofte | Meget ofte",
        "Aldrig | Sjældent | Af og til | Ofte | Altid",
        "Aldrig | Sjældnere | Månedligt | Ugentligt | Dagligt",
        "Aldrig | Sjældent | Månedligt | Ugentligt | Dagligt",
        "Aldrig | Sjældent | Ugentligt | Dagligt",
        "Aldrig | Sjældent | Hver måned | Hver uge | Hver dag",
        "Aldrig | Sjældent | Hver uge | Hver dag",
        "Aldrig | Sjældnere end en gang om året | En gang om året | Et par gange om året | En gang om måneden"
        " | Et par gange om måneden | Hver uge | Flere gange om ugen | Hver dag",
    ],
    "likely": [
        "Very unlikely | Unlikely | Neither likely nor unlikely | Likely | Very likely",
        "Extremely unlikely | Somewhat unlikely | Neither likely nor unlikely | Somewhat likely | Extremely likely",
        "Very unlikely | Somewhat unlikely | Neither likely nor unlikely | Somewhat likely | Very likely",
        "Very unlikely | Unlikely | Neutral | Likely | Very likely",
        "Extremely unlikely | Moderately unlikely | Slightly unlikely | Neither likely nor unlikely"
        " | Slightly likely | Moderately likely | Extremely likely",
        "Not at all likely | Slightly likely | Moderately likely | Very likely | Extremely likely",
        "Not at all likely | Not very likely | Somewhat likely | Very likely",
        "Not likely | Somewhat likely | Very likely",
        "Very unlikely | Unlikely | Likely | Very likely",
        "Definitely will not | Probably will not | Might or might not | Probably will | Definitely will",
        "Definitely not | Probably not | Might or might not | Probably yes | Definitely yes",
        "Definitely not | Probably not | Not sure | Probably | Definitely",
        # nb / nn
        "Svært usannsynlig | Usannsynlig | Verken sannsynlig eller usannsynlig | Sannsynlig | Svært sannsynlig",
        "Svært usannsynlig | Ganske usannsynlig | Verken sannsynlig eller usannsynlig | Ganske sannsynlig"
        " | Svært sannsynlig",
        "Svært lite sannsynlig | Lite sannsynlig | Verken sannsynlig eller usannsynlig | Sannsynlig"
        " | Svært sannsynlig",
        "Helt sikkert ikke | Sannsynligvis ikke | Kanskje | Sannsynligvis | Helt sikkert",
        "Svært usannsynleg | Usannsynleg | Verken sannsynleg eller usannsynleg | Sannsynleg | Svært sannsynleg",
        # sv
        "Mycket osannolikt | Ganska osannolikt | Varken sannolikt eller osannolikt | Ganska sannolikt"
        " | Mycket sannolikt",
        "Mycket osannolikt | Osannolikt | Varken sannolikt eller osannolikt | Sannolikt | Mycket sannolikt",
        "Absolut inte | Troligen inte | Kanske | Troligen | Absolut",
        # da
        "Meget usandsynligt | Usandsynligt | Hverken sandsynligt eller usandsynligt | Sandsynligt"
        " | Meget sandsynligt",
        "Helt sikkert ikke | Sandsynligvis ikke | Måske | Sandsynligvis | Helt sikkert",
    ],
    "quality": [
        "Very poor | Poor | Fair | Good | Very good",
        "Awful | In the middle | Great",  # Qualtrics (shows "Great" first)
        "Poor | Quite poor | Adequate | Quite good | Good",
        "Very poor | Quite poor | Neither good nor poor | Quite good | Very good",
        "Poor | Fairly poor | Fair | Fairly good | Good",
        "Very poor | Poor | Fair | Good | Excellent",
        "Poor | Fair | Good | Very good | Excellent",
        "Poor | Fair | Good | Excellent",
        "Terrible | Poor | Average | Good | Excellent",
        "Very poor | Poor | Average | Good | Excellent",
        "Very poor | Poor | Acceptable | Good | Very good",
        "Very bad | Bad | Neither good nor bad | Good | Very good",
        "Very bad | Bad | Average | Good | Very good",
        "Very bad | Bad | Good | Very good",
        "Poor | Average | Good",
        "Bad | Neutral | Good",
        # nb / nn
        "Svært dårlig | Dårlig | Verken god eller dårlig | God | Svært god",
        "Svært dårlig | Dårlig | Verken godt eller dårlig | Godt | Svært godt",
        "Svært dårlig | Ganske dårlig | Verken bra eller dårlig | Ganske bra | Svært bra",
        "Svært dårlig | Ganske dårlig | Verken god eller dårlig | Ganske god | Svært god",
        "Svært dårlig | Dårlig | Middels | God | Svært god",
        "Svært dårlig | Dårlig | Middels | Godt | Svært godt",
        "Meget dårlig | Dårlig | Middels | God | Meget god",
        "Meget dårlig | Ganske dårlig | Middels | Ganske god | Meget god",
        "Svært dårlig | Dårlig | Bra | Svært bra",
        "Veldig dårlig | Dårlig | Verken bra eller dårlig | Bra | Veldig bra",
        "Veldig dårlig | Dårlig | Middels | Bra | Veldig bra",
        "Veldig dårlig | Ganske dårlig | Ganske bra | Veldig bra",
        "Dårlig | Middels | God | Svært god",
        "Dårlig | Middels | Bra | Svært bra",
        "Svært dårleg | Dårleg | Verken god eller dårleg | God | Svært god",
        "Svært dårleg | Ganske dårleg | Verken bra eller dårleg | Ganske bra | Svært bra",
        # sv
        "Mycket dåligt | Ganska dåligt | Varken bra eller dåligt | Ganska bra | Mycket bra",
        "Mycket dåligt | Dåligt | Varken bra eller dåligt | Bra | Mycket bra",
        "Mycket dålig | Dålig | Varken bra eller dålig | Bra | Mycket bra",
        "Mycket dålig | Ganska dålig | Varken bra eller dålig | Ganska bra | Mycket bra",
        "Mycket dåligt | Ganska dåligt | Ganska bra | Mycket bra",
        "Mycket dålig | Ganska dålig | Ganska bra | Mycket bra",
        "Dåligt | Varken bra eller dåligt | Bra",
        # da
        "Meget dårlig | Dårlig | Hverken god eller dårlig | God | Meget god",
        "Meget dårligt | Dårligt | Hverken godt eller dårligt | Godt | Meget godt",
        "Meget dårlig | Dårlig | Middel | God | Meget god",
        "Meget dårlig | Dårlig | God | Meget god",
        "Meget ringe | Ringe | Middel | God | Meget god",
        "Meget ringe | Ringe | Hverken god eller ringe | God | Meget god",
    ],
    "ease": [
        "Very difficult | Difficult | Neither easy nor difficult | Easy | Very easy",
        "Extremely difficult | Somewhat difficult | Neither easy nor difficult | Somewhat easy | Extremely easy",
        "Very difficult | Somewhat difficult | Neither easy nor difficult | Somewhat easy | Very easy",
        "Very difficult | Difficult | Neutral | Easy | Very easy",
        "Very hard | Hard | Neither easy nor hard | Easy | Very easy",
        "Very difficult | Difficult | Easy | Very easy",
        # nb / nn
        "Svært vanskelig | Vanskelig | Verken lett eller vanskelig | Lett | Svært lett",
        "Svært vanskelig | Ganske vanskelig | Verken lett eller vanskelig | Ganske lett | Svært lett",
        "Svært vanskelig | Ganske vanskelig | Verken enkelt eller vanskelig | Ganske enkelt | Svært enkelt",
        "Svært vanskelig | Vanskelig | Verken enkelt eller vanskelig | Enkelt | Svært enkelt",
        "Meget vanskelig | Vanskelig | Verken lett eller vanskelig | Lett | Meget lett",
        "Svært vanskelig | Ganske vanskelig | Ganske lett | Svært lett",
        "Svært vanskeleg | Vanskeleg | Verken lett eller vanskeleg | Lett | Svært lett",
        "Svært vanskeleg | Ganske vanskeleg | Verken lett eller vanskeleg | Ganske lett | Svært lett",
        # sv
        "Mycket svårt | Ganska svårt | Varken lätt eller svårt | Ganska lätt | Mycket lätt",
        "Mycket svårt | Svårt | Varken lätt eller svårt | Lätt | Mycket lätt",
        "Mycket svårt | Ganska svårt | Ganska lätt | Mycket lätt",
        # da
        "Meget svært | Svært | Hverken let eller svært | Let | Meget let",
        "Meget vanskeligt | Vanskeligt | Hverken let eller vanskeligt | Let | Meget let",
        "Meget svært | Svært | Hverken nemt eller svært | Nemt | Meget nemt",
        "Meget svært | Ret svært | Hverken nemt eller svært | Ret nemt | Meget nemt",
        "Meget vanskeligt | Vanskeligt | Hverken nemt eller vanskeligt | Nemt | Meget nemt",
        "Meget svært | Ret svært | Ret nemt | Meget nemt",
    ],
    "trust": [
        "No trust at all | Little trust | Some trust | A lot of trust | Complete trust",
        "Very low trust | Low trust | Neither high nor low trust | High trust | Very high trust",
        "Distrust completely | Distrust somewhat | Neither trust nor distrust | Trust somewhat | Trust completely",
        "Do not trust at all | Trust a little | Trust somewhat | Trust a lot | Trust completely",
        "No confidence at all | Not very much confidence | Quite a lot of confidence | A great deal of confidence",
        "None at all | Not very much | Quite a lot | A great deal",
        # nb / nn
        "Svært lav tillit | Ganske lav tillit | Verken høy eller lav tillit | Ganske høy tillit | Svært høy tillit",
        "Svært liten tillit | Ganske liten tillit | Verken stor eller liten tillit | Ganske stor tillit"
        " | Svært stor tillit",
        "Ingen tillit | Liten tillit | Noe tillit | Stor tillit | Svært stor tillit",
        "Ingen tillit | Lite tillit | Noe tillit | Stor tillit | Svært stor tillit",
        "Svært liten tillit | Liten tillit | Stor tillit | Svært stor tillit",
        "Svært låg tillit | Ganske låg tillit | Verken høg eller låg tillit | Ganske høg tillit | Svært høg tillit",
        "Inga tillit | Lita tillit | Noko tillit | Stor tillit | Svært stor tillit",
        # sv
        "Mycket litet förtroende | Ganska litet förtroende | Varken stort eller litet förtroende"
        " | Ganska stort förtroende | Mycket stort förtroende",
        "Inget förtroende alls | Ganska litet förtroende | Ganska stort förtroende | Mycket stort förtroende",
        "Mycket lågt förtroende | Ganska lågt förtroende | Varken högt eller lågt förtroende"
        " | Ganska högt förtroende | Mycket högt förtroende",
        # da
        "Meget lav tillid | Lav tillid | Hverken høj eller lav tillid | Høj tillid | Meget høj tillid",
        "Ingen tillid | Lille tillid | Nogen tillid | Stor tillid | Meget stor tillid",
        "Meget lille tillid | Lille tillid | Hverken stor eller lille tillid | Stor tillid | Meget stor tillid",
    ],
    "extent": [
        "Not at all | To a small extent | To some extent | To a large extent | To a very large extent",
        "To a very small extent | To a small extent | To some extent | To a large extent | To a very large extent",
        "Not at all | To a small extent | To a moderate extent | To a great extent | To a very great extent",
        "Not at all | To a little extent | To some extent | To a great extent",
        "Not at all | Very little | Somewhat | Quite a bit | Very much",
        "Not at all | A little | Moderately | Quite a bit | Extremely",
        "Not at all | A little | Somewhat | A lot",
        "Not at all | A little | A lot",
        "Not at all | Not much | Some | A lot",
        "Not at all | Slightly | Moderately | Very | Extremely",
        # nb / nn
        "I svært liten grad | I liten grad | I noen grad | I stor grad | I svært stor grad",
        "Ikke i det hele tatt | I liten grad | I noen grad | I stor grad | I svært stor grad",
        "I svært liten grad | I ganske liten grad | I ganske stor grad | I svært stor grad",
        "I svært liten grad | I liten grad | I stor grad | I svært stor grad",
        "I meget liten grad | I liten grad | I noen grad | I stor grad | I meget stor grad",
        "Ikke i det hele tatt | I liten grad | I noen grad | I stor grad",
        "I liten grad | I noen grad | I stor grad",
        "I liten grad | I noen grad | I stor grad | I svært stor grad",
        "Ikke i det hele tatt | I liten grad | I stor grad | I svært stor grad",
        "I ingen grad | I liten grad | I noen grad | I stor grad | I svært stor grad",
        "I svært liten grad | I liten grad | I nokon grad | I stor grad | I svært stor grad",
        "Ikkje i det heile | I liten grad | I nokon grad | I stor grad | I svært stor grad",
        "I liten grad | I nokon grad | I stor grad",
        # sv
        "Inte alls | I liten grad | I viss mån | I hög grad | I mycket hög grad",
        "Inte alls | I liten utsträckning | I viss utsträckning | I stor utsträckning | I mycket stor utsträckning",
        "I mycket liten utsträckning | I ganska liten utsträckning | I ganska stor utsträckning"
        " | I mycket stor utsträckning",
        "I mycket liten grad | I ganska liten grad | I ganska hög grad | I mycket hög grad",
        "I mycket låg grad | I låg grad | I viss grad | I hög grad | I mycket hög grad",
        "Inte alls | I liten grad | I ganska hög grad | I mycket hög grad",
        "Inte alls | I låg grad | I viss grad | I hög grad",
        "I mycket låg grad | I ganska låg grad | I ganska hög grad | I mycket hög grad",
        "I mycket låg grad | I ganska låg grad | Varken hög eller låg grad | I ganska hög grad | I mycket hög grad",
        "I mycket liten grad | I liten grad | I viss grad | I hög grad | I mycket hög grad",
        "Inte alls | I liten grad | I viss grad | I hög grad | I mycket hög grad",
        # da
        "I meget lav grad | I lav grad | I nogen grad | I høj grad | I meget høj grad",
        "Slet ikke | I mindre grad | I nogen grad | I høj grad | I meget høj grad",
        "Slet ikke | I ringe grad | I nogen grad | I høj grad | I meget høj grad",
        "I meget ringe grad | I ringe grad | I nogen grad | I høj grad | I meget høj grad",
        "Slet ikke | I mindre grad | I nogen grad | I høj grad",
        "I ringe grad | I nogen grad | I høj grad",
        "I ringe grad | I nogen grad | I høj grad | I meget høj grad",
        "I meget lav grad | I lav grad | I høj grad | I meget høj grad",
    ],
    "favourable": [
        "Very unfavorable | Somewhat unfavorable | Neither favorable nor unfavorable | Somewhat favorable"
        " | Very favorable",
        "Very unfavorably | Somewhat unfavorably | Neither favorably nor unfavorably (neutral) | Somewhat favorably"
        " | Very favorably",
        "Very unfavorably | Somewhat unfavorably | Neither favorably nor unfavorably | Somewhat favorably"
        " | Very favorably",
        "Very unfavourable | Somewhat unfavourable | Neither favourable nor unfavourable | Somewhat favourable"
        " | Very favourable",
        "Very negative | Somewhat negative | Neither positive nor negative | Somewhat positive | Very positive",
        "Very negative | Negative | Neutral | Positive | Very positive",
        "Negative | Neutral | Positive",
        "Svært negativ | Ganske negativ | Verken positiv eller negativ | Ganske positiv | Svært positiv",
        "Svært negativ | Negativ | Nøytral | Positiv | Svært positiv",
        "Svært negativ | Litt negativ | Verken positiv eller negativ | Litt positiv | Svært positiv",
        "Mycket negativ | Ganska negativ | Varken positiv eller negativ | Ganska positiv | Mycket positiv",
        "Meget negativ | Negativ | Hverken positiv eller negativ | Positiv | Meget positiv",
    ],
    "change": [
        "Much worse | Somewhat worse | About the same | Somewhat better | Much better",
        "Much worse | Worse | About the same | Better | Much better",
        "Much worse | Slightly worse | No change | Slightly better | Much better",
        "Worse | About the same | Better",
        "Worse | The same | Better",
        "Mye dårligere | Litt dårligere | Omtrent det samme | Litt bedre | Mye bedre",
        "Mye dårligere | Dårligere | Uendret | Bedre | Mye bedre",
        "Mye verre | Litt verre | Omtrent som før | Litt bedre | Mye bedre",
        "Dårligere | Uendret | Bedre",
        "Dårligere | Som før | Bedre",
        "Mykje dårlegare | Litt dårlegare | Omtrent det same | Litt betre | Mykje betre",
        "Mycket sämre | Något sämre | Oförändrat | Något bättre | Mycket bättre",
        "Mycket sämre | Sämre | Oförändrat | Bättre | Mycket bättre",
        "Sämre | Oförändrat | Bättre",
        "Meget værre | Lidt værre | Uændret | Lidt bedre | Meget bedre",
        "Meget dårligere | Lidt dårligere | Uændret | Lidt bedre | Meget bedre",
        "Dårligere | Uændret | Bedre",
    ],
    "amount": [
        "Much less | Less | About the same | More | Much more",
        "Much less | Somewhat less | About the same | Somewhat more | Much more",
        "Less | The same | More",
        "Less | About the same | More",
        "Mye mindre | Mindre | Like mye | Mer | Mye mer",
        "Mye mindre | Litt mindre | Omtrent like mye | Litt mer | Mye mer",
        "Mindre | Like mye | Mer",
        "Mindre | Samme | Mer",
        "Mykje mindre | Mindre | Like mykje | Meir | Mykje meir",
        "Mindre | Like mykje | Meir",
        "Mycket mindre | Mindre | Lika mycket | Mer | Mycket mer",
        "Mindre | Lika mycket | Mer",
        "Meget mindre | Mindre | Lige så meget | Mere | Meget mere",
        "Mindre | Lige så meget | Mere",
    ],
    "proficiency": [
        "None | Beginner | Intermediate | Advanced | Expert",
        "None | Beginner | Intermediate | Expert",
        "Beginner | Intermediate | Advanced | Expert",
        "Novice | Intermediate | Advanced | Expert",
        "Beginner | Intermediate | Advanced",
        "Ingen | Nybegynner | Middels | Viderekommen | Ekspert",
        "Nybörjare | Medel | Avancerad | Expert",
        "Begynder | Øvet | Avanceret | Ekspert",
        "No experience | Beginner | Intermediate | Expert",
        "None | Basic | Intermediate | Advanced",
        "Sin experiencia | Inicial | Intermedio | Experto",
        "Sin experiencia | Principiante | Intermedio | Avanzado | Experto",
        "Ninguna | Básico | Intermedio | Avanzado",
        "Ninguno | Básico | Intermedio | Avanzado",
        "Principiante | Intermedio | Avanzado | Experto",
        "Básico | Intermedio | Avanzado",
    ],
    "duration": [
        "Days | Weeks | Months | Years",
        "Minutes | Hours | Days | Weeks | Months | Years",
        "Dager | Uker | Måneder | År",
        "Dagar | Veckor | Månader | År",
        "Dage | Uger | Måneder | År",
        "Días | Semanas | Meses | Años",
        "Minutos | Horas | Días | Semanas | Meses | Años",
    ],
    "education": [  # US wording (SurveyMonkey, FiveThirtyEight steak survey); shares only, no means
        "Less than high school degree | High school degree | Some college or Associate degree | Bachelor degree"
        " | Graduate degree",
    ],
    "doneness": [  # how a steak is cooked (SurveyMonkey, FiveThirtyEight steak survey)
        "Rare | Medium rare | Medium | Medium well | Well done",
        "Rare | Medium rare | Medium | Medium well | Well",
        "Blue | Rare | Medium rare | Medium | Medium well | Well done",
    ],
    "yes_no": [
        "No | Yes", "No | Maybe | Yes", "No | Partly | Yes", "Definitely not | Probably not | Probably yes"
        " | Definitely yes",
        "Nei | Ja", "Nei | Kanskje | Ja", "Nei | Delvis | Ja", "Nei, absolutt ikke | Nei, neppe | Ja, kanskje"
        " | Ja, absolutt",
        "Nej | Ja", "Nej | Kanske | Ja", "Nej | Delvis | Ja", "Nej | Måske | Ja",
        "Nei | Jo",
    ],
}

# spelling variants of whole scales: "Hverken" is as good bokmål as "Verken", "Veldig" as "Svært"
_VARIANTS = [("Verken ", "Hverken "), ("Hverken ", "Verken "), ("Svært ", "Veldig "), ("Svært ", "Meget "),
             ("Helt ", "Heilt ")]


# a middle "Verken enig eller uenig" written without its words, as the tools' Nordic templates often have it
_BARE_MIDDLE = re.compile(r"^(?P<word>Verken|Varken|Hverken) \S.* eller \S.*$")


def _with_variants(texts: list[str]) -> list[str]:
    out = list(texts)
    for text in texts:
        for old, new in _VARIANTS:
            if old in text and new not in text:
                variant = re.sub(rf"\b{old}", new, text)
                variant = re.sub(rf"\b{old.lower()}", new.lower(), variant)
                if variant not in out:
                    out.append(variant)
    for text in list(out):
        levels = [x.strip() for x in text.split(" | ")]
        middles = [i for i, x in enumerate(levels) if _BARE_MIDDLE.match(x)]
        if len(levels) % 2 and middles == [len(levels) // 2]:   # "Varken instämmer eller tar avstånd" -> "Varken eller"
            levels[middles[0]] = f"{_BARE_MIDDLE.match(levels[middles[0]]).group('word')} eller"
            variant = " | ".join(levels)
            if variant not in out:
                out.append(variant)
    return out


KNOWN_SCALES: dict[str, list[str]] = {
    f"{family}_{i + 1}": [x.strip() for x in text.split(" | ")]
    for family, texts in _SCALES.items() for i, text in enumerate(_with_variants(texts))
}

# a code before an answer's words ("5: Strongly agree", "2 - Disagree"), or before a number of it
# after a full stop, colon or bracket and a space ("4.  1 - 2 hours"; not "1-2 hours", a range)
_LEADING = re.compile(r"^\s*(-?\d{1,3})\s*(?:[:=).\-–—]\s*(?=[^\W\d_])|[:.)]\s+(?=\d))(.*\S)\s*$")
_APOSTROPHES = re.compile(r"[’‘´`ʼ′]")  # "Don’t", "Don´t", "Don`t" are "Don't"
# a letter that numbers an answer ("a) Apartment", "B. Agree", "(c) Other")
_LETTER = re.compile(r"^\s*(?:\(?[A-Za-z]\)|[A-Za-z]\.)\s+(?=\S)")
_DATE_WORD = re.compile(r"^\s*\d{1,2}[-./ ]?[^\W\d_]{3,9}\.?[-./ ]?\d{2,4}\b")  # "23-OCT-2016": a date, no code


def leading_code(label: Any) -> tuple[int | None, str]:
    """(code, rest) of an answer that starts with a code ("1: never", "5 - Strongly agree",
    "10 = Extremely likely"); (None, label) otherwise. "1-2 times", "2 or more" keep their number.

    >>> leading_code("5: Strongly agree"), leading_code("1-2 times a week"), leading_code("2 or more")
    ((5, 'Strongly agree'), (None, '1-2 times a week'), (None, '2 or more'))
    >>> leading_code("01-AUG-2016")
    (None, '01-AUG-2016')
    >>> leading_code("4.  1 - 2 hours")
    (4, '1 - 2 hours')
    """
    text = str(label)
    m = _LEADING.match(text)
    if not m or _DATE_WORD.match(text):
        return None, text.strip()
    return int(m.group(1)), m.group(2).strip()


def lettered(labels: list[str]) -> dict[str, str] | None:
    """Answers each numbered by a letter of its own ("a) Apartment", "b) House"; "A. Agree"), as
    {answer without its letter: answer}; None when some answer has none or two share one (a letter
    before one answer alone is no numbering: "J. Smith").

    >>> lettered(["a) Strongly agree", "b) Agree", "(c) Disagree"])
    {'Strongly agree': 'a) Strongly agree', 'Agree': 'b) Agree', 'Disagree': '(c) Disagree'}
    >>> lettered(["J. Smith", "Jones"]) is None
    True
    """
    found = [_LETTER.match(str(x)) for x in labels]
    letters = [m.group(0).strip(" ().").casefold() for m in found if m]
    if len(labels) < 2 or len(letters) != len(labels) or len(set(letters)) != len(letters):
        return None
    out = {str(x)[m.end():].strip(): x for x, m in zip(labels, found, strict=True) if m}
    return out if len(out) == len(labels) else None


def norm(label: Any) -> str:
    """An answer as compared for merging: case, white space, punctuation and a leading code
    folded. Different words stay different.

    >>> norm("5: Strongly  agree."), norm("Neither agree nor disagree (neutral)"), norm("Don’t know")
    ('strongly agree', 'neither agree nor disagree neutral', 'dont know')
    >>> norm("Vet ikke"), norm("Veit ikkje") == norm("Vet ikke")
    ('vet ikke', False)
    """
    if isinstance(label, float) and label.is_integer():
        label = int(label)
    _, rest = leading_code(label)
    text = _APOSTROPHES.sub("'", unicodedata.normalize("NFC", rest).casefold())
    text = re.sub(r"[^\w']+", " ", text).replace("'", "")
    return " ".join(text.split())


def _index() -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for name, levels in KNOWN_SCALES.items():
        for i, lab in enumerate(levels):
            out.setdefault(norm(lab), []).append((name, i))
    return out


_INDEX = _index()


def scale_answer(label: Any) -> bool:
    """``label`` is an answer of a known scale ("Svært fornøyd", "Helt enig"), not a name."""
    return norm(label) in _INDEX


def family_of(scale_name: str) -> str:
    """The family of a :data:`KNOWN_SCALES` name ("agree_3" -> "agree")."""
    return scale_name.rsplit("_", 1)[0]


@dataclass(frozen=True)
class Known:
    """A known scale that holds every answer of a question.

    ``levels``: the whole scale low -> high (the lexicon's wording for levels nobody chose);
    ``position``: answer key -> its index in ``levels``; ``exact``: every level was seen;
    ``ambiguous``: several known scales fit equally well (then ``levels`` holds only the
    answers seen, in their common order, and codes cannot be taken from the lexicon).
    """

    family: str
    levels: tuple[str, ...]
    position: dict[str, int]
    exact: bool
    ambiguous: bool = False


def known_order(labels: list[str]) -> Known | None:
    """The known scale that holds all ``labels`` (substantive answers), or None.

    Among the scales holding them all, the one with fewest levels nobody chose wins; a tie
    between scales of different lengths or wordings is ``ambiguous``. Scales of different
    families never match together. Answers written as names with underscores (KoboToolbox's
    XML values: "very_satisfied", "strongly_agree") match as the words they join, and are
    kept as written.

    >>> known_order(["very_satisfied", "neutral", "satisfied"]).levels
    ('neutral', 'satisfied', 'very_satisfied')
    """
    found = _known_order(labels)
    if found is not None or not any("_" in str(x) for x in labels):
        return found
    spaced = {str(x).replace("_", " "): x for x in labels}
    found = _known_order(list(spaced))
    if found is None:
        return None
    back = {norm(s): norm(x) for s, x in spaced.items()}
    return Known(found.family, tuple(spaced.get(lv, lv) for lv in found.levels),
                 {back.get(k, k): i for k, i in found.position.items()}, found.exact, found.ambiguous)


def _known_order(labels: list[str]) -> Known | None:
    keys = list(dict.fromkeys(norm(x) for x in labels))
    if not keys or not all(k in _INDEX for k in keys):
        return None
    names = set.intersection(*({n for n, _ in _INDEX[k]} for k in keys))
    if not names or (len(keys) < 2 and not any(len(KNOWN_SCALES[n]) <= 2 for n in names)):
        return None
    best = min(len(KNOWN_SCALES[n]) for n in names)
    top = sorted(n for n in names if len(KNOWN_SCALES[n]) == best)
    family = family_of(top[0])
    pos = {n: {k: next(i for nn, i in _INDEX[k] if nn == n) for k in keys} for n in top}
    order = sorted(keys, key=lambda k: pos[top[0]][k])
    if any(sorted(keys, key=lambda k, n=n: pos[n][k]) != order for n in top) or len({family_of(n) for n in top}) > 1:
        return None  # the known scales disagree on the order
    distinct = {tuple(norm(x) for x in KNOWN_SCALES[n]) for n in top}
    if len(distinct) > 1 and best > len(keys):
        by_key = {norm(x): x for x in labels}
        return Known(family, tuple(by_key[k] for k in order), {k: i for i, k in enumerate(order)}, False, True)
    levels = list(KNOWN_SCALES[top[0]])
    seen = {norm(x): x for x in labels}
    levels = [seen.get(norm(x), x) for x in levels]
    return Known(family, tuple(levels), pos[top[0]], best == len(keys))
