"""A study unlike the demo, written in English or Danish from scratch (no word of the demo's
Norwegian configuration): two waves named by dates ('2021', '2023-01'), sites whose names hold
'/', '&', quotes, an emoji and many words, a question with two levels, a 0-10 scale labelled only
at its ends, a multi-select question, weighting to a population by gender, and a recipe of every
figure and table kind. Used by tests/test_report_foreign_words.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# every text of the configuration, per language (a text given as plain text is meant for every language)
WORDS = {
    "en": {"agree": ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"], "dk": "Don't know",
           "yes": "Yes", "no": "No", "man": "Man", "woman": "Woman", "gender": "Gender",
           "help": "It is easy to get help", "welcome": "I feel welcome", "staff": "Did the staff greet you?",
           "rec": "How likely are you to recommend the service?", "rec_ends": ["Not at all likely", "Extremely likely"],
           "age": "Age", "use": "What did you use the service for?",
           "options": ["Borrow books", "Meet people", "Get help with forms", "Nothing of these"],
           "district": "District", "site": "Site", "building": "Building", "shared": "Shared", "own": "Own",
           "history": "Building over the waves", "always_own": "Own throughout", "moved": "Moved in",
           "always_shared": "Shared throughout", "title": "Service survey", "source": "Service survey 2021-2023"},
    "da": {"agree": ["Meget uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Meget enig"], "dk": "Ved ikke",
           "yes": "Ja", "no": "Nej", "man": "Mand", "woman": "Kvinde", "gender": "Køn",
           "help": "Det er let at få hjælp", "welcome": "Jeg føler mig velkommen", "staff": "Hilste personalet på dig?",
           "rec": "Hvor sandsynligt er det, at du vil anbefale servicen?",
           "rec_ends": ["Slet ikke sandsynligt", "Meget sandsynligt"], "age": "Alder",
           "use": "Hvad brugte du servicen til?",
           "options": ["Låne bøger", "Møde andre", "Få hjælp med blanketter", "Intet af dette"],
           "district": "Bydel", "site": "Sted", "building": "Bygning", "shared": "Fælles", "own": "Egen",
           "history": "Bygning over runderne", "always_own": "Egen hele vejen", "moved": "Flyttet ind",
           "always_shared": "Fælles hele vejen", "title": "Borgerundersøgelse",
           "source": "Borgerundersøgelse 2021-2023"},
}
# the sites as the exports name them: '/', '&', quotes, an emoji and a very long name
SITES = [("n", 'North/Øst "Hub" & Café', "East"),
         ("m", "Mill street 🏛️", "West"),
         ("s", "The very long name of the south corner branch library and citizen service centre", "West")]
WAVES = [("w21", "2021", "2021-11-15"), ("w23", "2023-01", "2023-01-20")]


def _label(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def write_foreign_study(root: Path, language: str, n: int = 220) -> Path:
    """The study in ``language`` (en or da): its codebook, sites, population, recipe and exports."""
    w = WORDS[language]
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "data" / "raw").mkdir(parents=True, exist_ok=True)
    waves = "".join(f"  - {{id: {i}, label: '{label}', file: data/raw/{i}.csv, field_date: {date}}}\n"
                    for i, label, date in WAVES)
    (root / "surveykit.yaml").write_text(
        f"study: {{name: {_label(w['title'])}, language: {language}, source: {_label(w['source'])}}}\n"
        f"waves:\n{waves}"
        "screening:\n  duplicate: {variable: respondent_id}\n"
        "weighting: {method: rake, population: config/population.csv, margins: [[gender]]}\n"
        "privacy: {min_cell: 5}\n"
        "sites:\n  columns:\n"
        f"    district: {{label: {_label(w['district'])}}}\n"
        f"    co_located: {{type: boolean, label: {_label(w['shared'])}}}\n"
        "  groupings:\n"
        f"    building:\n      from: co_located\n      label: {_label(w['building'])}\n      levels:\n"
        f"        shared: {{when: true, label: {_label(w['shared'])}}}\n"
        f"        own: {{when: false, label: {_label(w['own'])}}}\n"
        f"    history:\n      from: building\n      label: {_label(w['history'])}\n      levels:\n"
        f"        always_shared: {{path: [shared, shared], label: {_label(w['always_shared'])}}}\n"
        f"        always_own: {{path: [own, own], label: {_label(w['always_own'])}}}\n"
        f"        moved_in: {{path: [own, shared], label: {_label(w['moved'])}}}\n",
        encoding="utf-8")
    agree = "".join(f"      - {{code: {k + 1}, label: {_label(t)}}}\n" for k, t in enumerate(w["agree"]))
    ten = "".join(f"      - {{code: {k}, label: {_label(t)}}}\n"
                  for k, t in enumerate([w["rec_ends"][0], *map(str, range(1, 10)), w["rec_ends"][1]]))
    ids = {i: f'"{i}": {{column: {{}}}}' for i, _, _ in WAVES}

    def sources(column: str) -> str:
        return "{" + ", ".join(v.replace("{}", column) for v in ids.values()) + "}"

    options = ", ".join(f"o{k}: {_label(t)}" for k, t in enumerate(w["options"]))
    columns = ", ".join(f"o{k}: use_{k}" for k in range(len(w["options"])))
    multi = ", ".join(f'"{i}": {{columns: {{{columns}}}}}' for i, _, _ in WAVES)
    codebook = (
        "scales:\n  agree5:\n    levels:\n" + agree
        + f"    nonsubstantive:\n      - {{code: 9, label: {_label(w['dk'])}}}\n    top_box: [4, 5]\n"
        + "  ten:\n    levels:\n" + ten
        + "  yesno:\n    levels:\n"
        f"      - {{code: 1, label: {_label(w['yes'])}}}\n      - {{code: 2, label: {_label(w['no'])}}}\n"
        "    top_box: [1]\n"
        "  gender:\n    ordered: false\n    levels:\n"
        f"      - {{code: 1, label: {_label(w['man'])}}}\n      - {{code: 2, label: {_label(w['woman'])}}}\n"
        "variables:\n"
        f"  - {{name: respondent_id, type: id, sources: {sources('id')}}}\n"
        f"  - {{name: site, type: site, label: {_label(w['site'])}, sources: {sources('site')}}}\n"
        f"  - {{name: gender, type: single, scale: gender, label: {_label(w['gender'])}, sources: {sources('gender')}}}\n"
        f"  - {{name: age, type: numeric, label: {_label(w['age'])}, valid: [15, 110], sources: {sources('age')}}}\n"
        f"  - {{name: help, type: likert, scale: agree5, label: {_label(w['help'])}, sources: {sources('help')}}}\n"
        f"  - {{name: welcome, type: likert, scale: agree5, label: {_label(w['welcome'])}, "
        f"sources: {sources('welcome')}}}\n"
        f"  - {{name: staff, type: likert, scale: yesno, label: {_label(w['staff'])}, sources: {sources('staff')}}}\n"
        f"  - {{name: recommend, type: likert, scale: ten, label: {_label(w['rec'])}, "
        f"sources: {sources('recommend')}}}\n"
        f"  - {{name: use, type: multi, label: {_label(w['use'])}, options: {{{options}}}, sources: {{{multi}}}}}\n")
    (root / "config" / "codebook.yaml").write_text(codebook, encoding="utf-8")
    site_rows = "".join(f"{sid},{_csv(label)},{district},,{'true' if sid == 'n' else 'false'},,{until}\n"
                        for sid, label, district in SITES for until in (["2022-06-30"] if sid == "m" else [""]))
    site_rows += f"m,{_csv(SITES[1][1])},West,,true,2022-07-01,\n"
    (root / "config" / "sites.csv").write_text(
        "site_id,label,district,aliases,co_located,valid_from,valid_to\n" + site_rows, encoding="utf-8")
    (root / "config" / "population.csv").write_text(f"gender,population\n{w['man']},5100\n{w['woman']},4900\n",
                                                    encoding="utf-8")
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    rng = np.random.default_rng(21)
    for k, (wave, _, _) in enumerate(WAVES):
        frame = pd.DataFrame({
            "id": [f"{wave}_{i}" for i in range(n)],
            "site": rng.choice([s[1] for s in SITES], n),
            "gender": rng.choice([w["man"], w["woman"]], n, p=[0.4, 0.6]),
            "age": rng.integers(18, 85, n),
            "help": rng.choice([1, 2, 3, 4, 5, 9], n, p=[0.05, 0.1, 0.2, 0.35 - 0.05 * k, 0.22 + 0.05 * k, 0.08]),
            "welcome": rng.choice([1, 2, 3, 4, 5, 9], n, p=[0.04, 0.08, 0.2, 0.4, 0.25, 0.03]),
            "staff": rng.choice([1, 2], n, p=[0.7, 0.3]),
            "recommend": rng.choice(range(11), n),
        })
        for j, option in enumerate(w["options"]):
            frame[f"use_{j}"] = np.where(rng.random(n) < (0.5, 0.3, 0.2, 0.1)[j], option, "")
        frame.to_csv(root / "data" / "raw" / f"{wave}.csv", index=False)
    return root


def _csv(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


REPORT = """\
figures:
  - {id: answers, kind: likert, items: [help, welcome, staff], by: [building, wave]}
  - {id: means, kind: means, items: [help, welcome, recommend, age], by: [building, wave]}
  - {id: change, kind: change, items: [help, welcome], by: [history]}
  - {id: change10, kind: change, items: [recommend], by: [history]}
  - {id: moved, kind: did, items: [help, recommend], options: {group: history, groups: [always_own, moved_in]}}
  - {id: grid, kind: heatmap, items: [help, welcome, recommend], by: [site, wave],
     options: {columns_by: district, mark: co_located}}
  - {id: weights, kind: weights}
  - {id: use, kind: multi, items: [use], by: [building, wave]}
  - {id: adjusted, kind: adjusted, items: [help], options: {effect: co_located, covariates: [gender, wave]}}
tables:
  - {id: agree, kind: topbox, items: [help, welcome, staff], by: [building, wave]}
  - {id: avg, kind: means, items: [help, recommend], by: [site, wave]}
  - {id: shares, kind: shares, items: [help], by: [gender]}
  - {id: diff, kind: change, items: [help], by: [history]}
  - {id: pub, kind: table, items: [help, staff], by: [gender], options: {panel: wave, dont_know: row}}
  - {id: explorer, kind: explorer}
"""
