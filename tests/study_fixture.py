"""A tiny hand-written study (two waves as CSV) for the config and cleaning tests."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SURVEYKIT_YAML = """\
study: {name: Mini, synthetic: true, language: nb}
waves:
  - {id: "1", label: "År 1", file: data/raw/w1.csv, field_date: 2022-01-15}
  - {id: "2", label: "År 2", file: data/raw/w2.csv, field_date: 2023-01-20}
screening:
  test: {variable: respondent_id, pattern: "^TEST"}
  duplicate: {variable: respondent_id}
  complete: {required: [site, gender]}
weighting:
  method: rake
  population: config/population.csv
  strata: [wave, municipality]
  margins: [[wave, municipality, gender]]
privacy: {min_cell: 3}
"""

# the site configuration of the mini study: co-location per period, site type, path over the waves
SITES_BLOCK = """\
sites:
  columns: {co_located: {type: boolean}}
  groupings:
    site_type:
      from: co_located
      levels: {co_located: {when: true}, separate: {when: false}}
    colocation_path:
      from: site_type
      levels:
        became_co_located: {path: [separate, co_located]}
        always_separate: {path: [separate, separate]}
        always_co_located: {path: [co_located, co_located]}
"""
SURVEYKIT_SITES_YAML = SURVEYKIT_YAML + SITES_BLOCK

CODEBOOK_YAML = """\
scales:
  agree3:
    levels:
      - {code: 1, label: {nb: Uenig, en: Disagree}}
      - {code: 2, label: {nb: Nøytral, en: Neutral}, aliases: ["Hverken eller"]}
      - {code: 3, label: {nb: Enig, en: Agree}}
    nonsubstantive:
      - {code: 9, label: {nb: Vet ikke, en: Don't know}}
    top_box: [3]
  gender:
    ordered: false
    levels:
      - {code: 1, label: {nb: Mann}, aliases: [M]}
      - {code: 2, label: {nb: Kvinne}, aliases: [K]}
variables:
  - name: respondent_id
    type: id
    sources: {"1": {column: ID}, "2": {column: id}}
  - name: site
    type: site
    sources: {"1": {column: Sted}, "2": {column: sted}}
  - name: gender
    type: single
    scale: gender
    sources: {"1": {column: Kjønn}, "2": {column: kjonn}}
  - name: age
    type: numeric
    valid: [15, 110]
    sources: {"1": {column: Alder}, "2": {column: alder}}
  - name: age_group
    type: single
    derive: {from: age, breaks: [15, 50], labels: ["15-49", "50+"]}
  - name: help
    type: likert
    scale: agree3
    label: {nb: Lett å få hjelp, en: Easy to get help}
    sources: {"1": {column: "Hvor lett er det å få hjelp?"}, "2": {pattern: "^q7"}}
  - name: knows
    type: likert
    scale: agree3
    sources: {"2": {column: q9}}
  - name: aware
    type: multi
    options: {nav: {nb: NAV}, tax: {nb: Skatt}}
    sources:
      "1": {columns: {nav: "Kjenner: NAV", tax: "Kjenner: Skatt"}}
      "2": {column: q10, separator: ";"}
  - name: comment
    type: text
    sources: {"1": {column: Kommentar}, "2": {column: kommentar}}
"""

SITES_CSV = """\
site_id,label,municipality,kind,aliases,co_located,valid_from,valid_to
a,Askim,Indre Østfold,bibliotek og innbyggertorg,Askim bibliotek,true,,
m,Mjøndalen,Drammen,bibliotek,Mjøndalen bibliotek,false,,2022-08-31
m,Mjøndalen,Drammen,bibliotek og innbyggertorg,Mjøndalen bibliotek,true,2022-09-01,
"""

POPULATION_CSV = """\
wave,municipality,gender,population
1,Drammen,Mann,500
1,Drammen,Kvinne,500
1,Indre Østfold,Mann,300
1,Indre Østfold,Kvinne,200
2,Drammen,Mann,510
2,Drammen,Kvinne,490
2,Indre Østfold,Mann,310
2,Indre Østfold,Kvinne,210
"""

W1_CSV = """\
ID;Sted;Kjønn;Alder;Hvor lett er det å få hjelp?;Kjenner: NAV;Kjenner: Skatt;Kommentar
r1;Askim;Mann;34;Enig;Ja;;Fint sted. Hilsen Kari Nordmann
r2;Askim bibliotek;K;51;Vet ikke;;Ja;
r3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;ring 912 34 567
r3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;ring 912 34 567
TEST9;Askim;Mann;40;Enig;;;test
r4;Mjøndalen;Mann;29;Nøytral;;;skriv til ola@example.no
r5;;Kvinne;44;Enig;;;
r6;Askim;Kvinne;66;Enig;;;
r7;Mjøndalen;M;38;Hverken eller;Ja;;
"""

W2_CSV = """\
id;sted;kjonn;alder;q7 lett å få hjelp;q9;q10;kommentar
s1;Askim;1;33;3;3;NAV;
s2;Mjøndalen;2;58;9;1;"NAV;Skatt";
s3;Mjøndalen;2;41;2;9;;
s4;Askim;1;25;3;2;Skatt;
s5;Mjøndalen;1;62;3;3;;fnr 01019012345
s6;Askim;2;47;1;1;;
"""


def write_mini_study(root: Path, **overrides: str) -> Path:
    """Write the mini study to ``root``; ``overrides`` replace files by relative path."""
    files = {
        "surveykit.yaml": SURVEYKIT_YAML,
        "config/codebook.yaml": CODEBOOK_YAML,
        "config/sites.csv": SITES_CSV,
        "config/population.csv": POPULATION_CSV,
        "data/raw/w1.csv": W1_CSV,
        "data/raw/w2.csv": W2_CSV,
    }
    files.update(overrides)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root



@contextmanager
def built_mini_study(root: Path, report: str) -> Iterator[Path]:
    """The mini study with sites and ``report`` as config/report.yaml, built once (a module
    fixture's study: a fixed key and report date while it lives)."""
    import pytest

    from surveykit.report.build import build

    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    try:
        write_mini_study(root, **{"config/report.yaml": report, "surveykit.yaml": SURVEYKIT_SITES_YAML})
        build(root, jobs=1)
        yield root
    finally:
        mp.undo()
