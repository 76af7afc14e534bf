"""Issue 13 item 3 / issue 14 item 3: no suppressed cell can be recovered by subtraction from
the other numbers one build publishes (CSV tables, tables.xlsx, the figures' texts, footers,
index.html), and a hidden cell is hidden everywhere.

A study of five sites in two waves, with one site (Fjell, wave 2) cut to 4 respondents
(min_cell 5), each of whom answered "Enig" (3) to every question, is built twice: raked to
the population and unweighted. Then every published number is read back and the audit's
attacks are tried: a site type's (or municipality's) total minus its other sites, the
footer's "n = ..." minus the figure's bar n's, and every linear combination of published
counts (the attacker knows which sites make up which site type: the rank test below).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from surveykit.labels import MISSING
from surveykit.labels import text as label_text
from surveykit.processed import read_responses
from surveykit.report import build
from tests.study_fixture import CODEBOOK_YAML, SURVEYKIT_SITES_YAML

MIN_CELL = 5
SITES = """\
site_id,label,municipality,kind,aliases,co_located,valid_from,valid_to
a,Askim,Indre Østfold,bibliotek og innbyggertorg,,true,,
b,Mysen,Indre Østfold,bibliotek og innbyggertorg,,true,,
m,Mjøndalen,Drammen,bibliotek,,false,,2022-08-31
m,Mjøndalen,Drammen,bibliotek og innbyggertorg,,true,2022-09-01,
d,Drammensbiblioteket,Drammen,bibliotek,,false,,
f,Fjell,Drammen,bibliotek,,false,,
"""
NAMES = {"a": "Askim", "b": "Mysen", "m": "Mjøndalen", "d": "Drammensbiblioteket", "f": "Fjell"}
SIZES = {"1": {"a": 30, "b": 26, "m": 28, "d": 34, "f": 22}, "2": {"a": 31, "b": 25, "m": 27, "d": 33, "f": 4}}
HIDDEN = {"site": "f", "wave": "2"}  # the site cut below min_cell
POPULATION = """\
wave,municipality,gender,population
1,Drammen,Mann,5000
1,Drammen,Kvinne,5200
1,Indre Østfold,Mann,3000
1,Indre Østfold,Kvinne,3100
2,Drammen,Mann,5100
2,Drammen,Kvinne,5150
2,Indre Østfold,Mann,3050
2,Indre Østfold,Kvinne,3080
"""
REPORT = """\
figures:
  - {id: likert_type, kind: likert, items: [help, knows], by: [site_type, wave]}
  - {id: likert_site, kind: likert, items: [help], by: [site, wave]}
  - {id: means_type, kind: means, items: [help, knows], by: [site_type, wave]}
  - {id: means_municipality, kind: means, items: [help], by: [municipality, wave]}
  - {id: heat_site, kind: heatmap, items: [help, knows], by: [site, wave], options: {columns_by: municipality, mark: co_located}}
  - {id: change_path, kind: change, items: [help], by: [colocation_path]}
  - {id: did_help, kind: did, items: [help], options: {group: colocation_path, groups: [always_separate, became_co_located]}}
  - {id: aware, kind: multi, items: [aware], by: [site_type, wave]}
  - {id: adjusted, kind: adjusted, items: [help], options: {effect: co_located, covariates: [gender, wave]}}
WEIGHTS
tables:
  - {id: topbox_type, kind: topbox, items: [help], by: [site_type, wave]}
  - {id: means_site, kind: means, items: [help], by: [site, wave]}
  - {id: topbox_site, kind: topbox, items: [help], by: [site, wave]}
  - {id: help_table, kind: table, items: [help], by: [site], options: {panel: wave}}
  - {id: explore, kind: explorer, items: [help, knows], by: [site, site_type, municipality, gender]}
"""
WEIGHTS_FIGURE = "  - {id: weights, kind: weights}"
HELP = {1: "Uenig", 2: "Nøytral", 3: "Enig"}
UNWEIGHTED = """weighting:
  method: rake
  population: config/population.csv
  strata: [wave, municipality]
  margins: [[wave, municipality, gender]]"""


def write_attack_study(root: Path, *, weighted: bool, seed: int = 7) -> Path:
    """Five sites, two waves; Fjell has 4 respondents in wave 2, each answering 3 ("Enig").

    ``help`` has no don't-know answers, so a bar's n is its group's size (the audit's footer
    attack is exact); ``knows`` (wave 2) has some.
    """
    rng = np.random.default_rng(seed)
    yaml = SURVEYKIT_SITES_YAML.replace("min_cell: 3", f"min_cell: {MIN_CELL}").replace(
        "sites:\n  columns: {co_located: {type: boolean}}",
        "sites:\n  columns: {municipality: {}, co_located: {type: boolean}}")
    if not weighted:
        assert UNWEIGHTED in yaml
        yaml = yaml.replace(UNWEIGHTED, "weighting: {method: none}")
    w1 = ["ID;Sted;Kjønn;Alder;Hvor lett er det å få hjelp?;Kjenner: NAV;Kjenner: Skatt;Kommentar"]
    w2 = ["id;sted;kjonn;alder;q7 lett å få hjelp;q9;q10;kommentar"]
    for wave, lines in (("1", w1), ("2", w2)):
        for site, size in SIZES[wave].items():
            planted = wave == HIDDEN["wave"] and site == HIDDEN["site"]
            for k in range(size):
                help_ = 3 if planted else int(rng.choice([1, 2, 3], p=[0.3, 0.45, 0.25]))
                knows = 3 if planted else int(rng.choice([1, 2, 3, 9], p=[0.3, 0.3, 0.3, 0.1]))
                male = k % 2 == 0
                age = int(rng.integers(18, 85))
                nav, tax = rng.random() < 0.5, rng.random() < 0.4
                if wave == "1":
                    lines.append(";".join([f"r{wave}{site}{k}", NAMES[site], "Mann" if male else "Kvinne", str(age),
                                           HELP[help_], "Ja" if nav else "", "Ja" if tax else "", ""]))
                else:
                    aware = ";".join(x for x, on in (("NAV", nav), ("Skatt", tax)) if on)
                    lines.append(";".join([f"s{wave}{site}{k}", NAMES[site], "1" if male else "2", str(age),
                                           str(help_), str(knows), aware, ""]))
    files = {
        "surveykit.yaml": yaml,
        "config/codebook.yaml": CODEBOOK_YAML,
        "config/sites.csv": SITES,
        "config/population.csv": POPULATION,
        "config/report.yaml": REPORT.replace("WEIGHTS", WEIGHTS_FIGURE if weighted else ""),
        "data/raw/w1.csv": "\n".join(w1) + "\n",
        "data/raw/w2.csv": "\n".join(w2) + "\n",
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["raked", "unweighted"])
def built(request, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_attack_study(tmp_path_factory.mktemp(request.param), weighted=request.param == "raked")
    build(root, formats=("svg",), jobs=1)
    yield request.param, root
    mp.undo()


# --- what the build published, read back --------------------------------------------------------

def _responses(root: Path) -> pd.DataFrame:
    r = read_responses(root / "data" / "processed" / "responses.parquet", language="nb")
    return r.assign(**{c: r[c].astype("string") for c in ("wave", "site", "site_type", "colocation_path",
                                                               "municipality", "gender")})


def _csvs(root: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""])
            for p in sorted((root / "reports" / "tables").glob("*.csv"))}


def _hidden(t: pd.DataFrame) -> pd.Series:
    return t["suppressed"].eq("True") if "suppressed" in t else pd.Series(False, index=t.index)


def _svg_texts(path: Path) -> list[str]:
    return [t.replace("&lt;", "<") for t in re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))]


def _footer_n(root: Path) -> int:
    """The overall n the build prints (the explorer's footer; a figure's footer gives the n of its
    own estimates, numbers of its published table, each of them checked here to be one)."""
    number = r"[\d\s\xa0\u202f]+?"
    published = {int(float(x)) for t in _csvs(root).values() if "n" in t
                 for x in pd.to_numeric(t["n"], errors="coerce").dropna()}
    for svg in (root / "reports" / "figures").glob("*.svg"):
        for t in _svg_texts(svg):
            m = re.search(rf"n = ({number})(?:–({number}) per estimat)? · Syntetiske data", t)
            if m:
                ns = {int(re.sub(r"\D", "", g)) for g in m.groups() if g}
                assert ns <= published, (svg.name, t)
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    footer = re.search(r'<p class="note" id="footer">(.*?)</p>', page)[1]
    return int(re.sub(r"\D", "", re.search(rf"n = ({number}) ·", footer)[1]))


def _truth(root: Path) -> pd.DataFrame:
    """The hidden site's true n and mean per item (computed without the rule)."""
    from surveykit.estimate.means import mean
    from surveykit.report.items import analysis_design
    from surveykit.study import load_study

    design = analysis_design(load_study(root)).with_min_cell(0)
    out = mean(design, ["help__score", "knows__score"], by=["site", "wave"])
    out["variable"] = out["variable"].str.removesuffix("__score")
    return out


# --- the attacker's view: published cells as sets of respondents' groups --------------------------

ATOM_COLUMNS = ["site", "wave", "gender"]   # every published group is a union of these
DERIVED = {"site_type", "colocation_path", "municipality", "co_located"}


def _atoms(responses: pd.DataFrame) -> pd.DataFrame:
    cols = [*ATOM_COLUMNS, *DERIVED]
    r = responses.assign(co_located=responses["co_located"].astype("string"))
    atoms = r.groupby(cols, observed=True, dropna=False).size().rename("_r").reset_index()
    assert not atoms.duplicated(ATOM_COLUMNS).any()   # the derived columns are functions of the atom
    return atoms


def _members(atoms: pd.DataFrame, condition: dict[str, set[str]]) -> np.ndarray:
    mask = np.ones(len(atoms), bool)
    for col, values in condition.items():
        mask &= atoms[col].astype(str).isin(values).to_numpy()
    return mask.astype(float)


def _cells(root: Path, atoms: pd.DataFrame) -> dict[tuple, dict[frozenset, bool]]:
    """Every published number that counts respondents, as measure -> {members: shown?}.

    Measures: an item's answers ((item, level), from the tables); a group's size
    ("respondents": the degrees of freedom of every shown row give it away, and the footer,
    the n per wave and the weighting cells print it). Contrasts count the groups they compare;
    a model counts everyone in it. A cell published hidden in one place and shown in another
    counts as shown.
    """
    out: dict = {}
    groups = set(atoms.columns) - {"_r"}

    def add(measure, cond: dict[str, set[str]], shown: bool) -> None:
        key = frozenset((c, frozenset(v)) for c, v in cond.items())
        cells = out.setdefault(measure, {})
        cells[key] = cells.get(key, False) or shown

    for t in _csvs(root).values():
        hidden = _hidden(t)
        gcols = [c for c in t.columns if c in groups]
        for i, row in t.iterrows():
            cond = {c: {row[c]} for c in gcols if isinstance(row[c], str)}
            shown = not hidden[i] and not pd.isna(row.get("n"))
            if "contrast" in t and "outcome" not in t:
                for col, value in re.findall(r"(\w+)=(\w+)", str(row["contrast"])):
                    cond.setdefault(col, set()).add(value)
            if "outcome" in t:
                measure = (row["outcome"], None)
            elif "variable" in t:
                measure = (row["variable"], row["level"] if isinstance(row.get("level"), str) else None)
            elif "source" in t and row["source"] != "sample":
                continue
            else:
                measure = "respondents"
            add(measure, cond, shown)
            add("respondents", cond, shown)
    add("respondents", {}, True)   # the footer's n
    return out


def _determined(published: np.ndarray, target: np.ndarray) -> bool:
    """Whether ``target`` (a hidden cell's members) is a linear combination of published cells."""
    if not len(published):
        return False
    base = np.linalg.matrix_rank(published)
    return np.linalg.matrix_rank(np.vstack([published, target])) == base


def test_no_hidden_count_or_mean_is_a_combination_of_published_ones(built):
    """Every hidden cell of every measure: its members are not a linear combination of
    published cells of the same measure (totals, parts, the footer, the n per wave, the
    weighting cells, contrasts, a model's n). Means follow: unweighted, a cell's sum of answers
    obeys the same equations as its n, so neither is determined. The attacker is told which
    atoms hold no answer to an item (e.g. a question asked in one wave only)."""
    _, root = built
    responses = _responses(root)
    atoms = _atoms(responses)
    answered = {item: responses.groupby(ATOM_COLUMNS, observed=True)[item].count().reindex(
        pd.MultiIndex.from_frame(atoms[ATOM_COLUMNS])).fillna(0).to_numpy() > 0 for item in ("help", "knows")}
    checked = 0
    for measure, cells in _cells(root, atoms).items():
        keep = answered.get(measure[0], np.ones(len(atoms), bool)) if measure != "respondents" else \
            np.ones(len(atoms), bool)
        matrix = {key: _members(atoms, {c: set(v) for c, v in key})[keep] for key in cells}
        shown = np.array([m for key, m in matrix.items() if cells[key]])
        for key, flag in cells.items():
            if flag or not matrix[key].any():
                continue
            assert not _determined(shown, matrix[key]), (measure, dict(key))
            checked += 1
    assert checked >= 8


def test_a_total_minus_its_other_groups_gives_no_hidden_number(built):
    """The audit's attack on the CSV tables and the workbook: a site type's (a municipality's,
    a wave's) n and mean minus the other sites' leaves the pooled hidden sites, at least
    min_cell respondents, never the small site's n, and its mean is not within 0.3 of the
    truth (3.0: everyone at Fjell in wave 2 answered "Enig"), weighted or not."""
    kind, root = built
    truth = _truth(root).set_index(["site", "wave", "variable"])
    small_n = int(truth.loc[("f", "2", "help"), "n"])
    assert small_n == 4 and truth.loc[("f", "2", "help"), "estimate"] == 3.0
    tables = _csvs(root)
    workbook = _sheets(root)
    n_header = label_text("column_n", "nb")
    by_site = tables["means_site"]
    attempts = 0
    for name, column in (("means_type", "site_type"), ("means_municipality", "municipality")):
        totals = tables[name]
        responses = _responses(root)
        members = responses[responses["wave"] == "2"].groupby(column, observed=True)["site"].unique()
        row = totals[(totals["wave"] == "2") & (totals["variable"] == "help")
                     & (totals[column] == str(responses.loc[(responses.site == "f") & (responses.wave == "2"),
                                                                column].iloc[0]))].iloc[0]
        others = by_site[(by_site["wave"] == "2") & by_site["site"].isin(members[row[column]]) & (by_site.site != "f")]
        shown = others[~_hidden(others)]
        n_t, m_t = float(row["n"]), float(row["estimate"])
        rest = n_t - pd.to_numeric(shown["n"]).sum()
        assert rest != small_n and rest >= MIN_CELL, (name, rest)
        pooled = (n_t * m_t - (pd.to_numeric(shown["n"]) * pd.to_numeric(shown["estimate"])).sum()) / rest
        assert abs(pooled - 3.0) > 0.3, (kind, name, pooled)
        # the workbook holds the same numbers: the same subtraction gives the same nothing
        sheet = workbook["means_site"]
        wb_shown = [r for r, (_, csv_row) in zip(sheet, by_site.iterrows(), strict=True)
                    if csv_row["wave"] == "2" and csv_row["site"] in set(shown["site"])]
        assert sum(r[n_header] for r in wb_shown) == n_t - rest
        attempts += 1
    assert attempts == 2


def test_the_footer_minus_the_bars_gives_no_hidden_n(built):
    """The audit's figure attack: the footer's "n = ..." minus the n printed at every bar of a
    by-site figure (an item nobody skipped: a bar's n is its group's size)."""
    _, root = built
    footer = _footer_n(root)
    texts = _svg_texts(root / "reports" / "figures" / "likert_site.svg")
    bars = [int(re.sub(r"\D", "", m)) for t in texts if "·" not in t for m in re.findall(r"^n = ([\d\s\xa0]+)$", t)]
    assert len(bars) >= 8
    rest = footer - sum(bars)
    assert rest >= MIN_CELL and rest != 4
    assert not [t for t in texts if t.startswith("n <")]   # a hidden bar says nothing about its n
    # and the same with the heatmap's, the tables' and the composition's numbers
    for name, t in _csvs(root).items():
        if "wave" in t and "variable" in t and (t["variable"] == "help").any() and "site" in t:
            part = t[(t["variable"] == "help") & ~_hidden(t)]
            assert footer - pd.to_numeric(part["n"]).sum() != 4, name


def _sheets(root: Path) -> dict[str, list[dict]]:
    wb = load_workbook(root / "reports" / "tables.xlsx", read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if rows:
            out[ws.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return out


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_a_hidden_cell_is_hidden_in_every_table_sheet_figure_and_page(built):
    _, root = built
    tables = _csvs(root)
    groups = {"site", "wave", "site_type", "colocation_path", "municipality", "gender"}
    hidden: set = set()
    for t in tables.values():
        if "variable" not in t:
            continue
        gcols = [c for c in t.columns if c in groups]
        for _, row in t[_hidden(t)].iterrows():
            hidden.add((tuple((c, row[c]) for c in gcols if isinstance(row[c], str)), row["variable"]))
    assert (( ("site", "f"), ("wave", "2")), "help") in hidden
    assert (( ("site", "d"), ("wave", "2")), "help") in hidden   # its complement
    for name, t in tables.items():
        if "variable" not in t:
            continue
        gcols = [c for c in t.columns if c in groups]
        for i, row in t.iterrows():
            key = (tuple((c, row[c]) for c in gcols if isinstance(row[c], str)), row["variable"])
            if key in hidden:
                assert _hidden(t)[i], (name, key)
                numbers = [c for c in ("estimate", "std_error", "conf_low", "conf_high", "df", "n", "n_eff", "deff")
                           if c in t]
                assert t.loc[i, numbers].isna().all(), (name, key)
    # the workbook: the same rows, an en dash in every number of a hidden row, a note saying why
    note = label_text("suppressed_protected", "nb", n=MIN_CELL)
    sheets = _sheets(root)
    for name, t in tables.items():
        if name.startswith("explore"):
            assert name[:31] not in sheets     # the explorer's tables are in the CSV files and its page only
            continue
        rows = sheets[name[:31]]
        assert len(rows) == len(t)
        for flag, row in zip(_hidden(t), rows, strict=True):
            if flag:
                assert not any(_number(v) for v in row.values()), (name, row)
                assert note in row.values()
    # the figures: no bar, point or printed value of a hidden group
    svg = (root / "reports" / "figures" / "likert_site.svg").read_text(encoding="utf-8")
    assert 'id="likert|help|a|2|' in svg
    for site in ("d", "f"):
        assert f'id="likert|help|{site}|2|' not in svg
    heat = tables["heat_site"]
    svg = (root / "reports" / "figures" / "heat_site.svg").read_text(encoding="utf-8")
    printed = re.findall(r'<g id="value">\s*<!-- (.*?) -->', svg)
    shown = heat[~_hidden(heat) & heat["estimate"].notna()]   # a cell without answers (n = 0) has no number
    assert sorted(printed) == sorted(f"{float(x):.1f}".replace(".", ",") for x in shown["estimate"])
    empty = heat[~_hidden(heat) & heat["estimate"].isna()]
    assert (pd.to_numeric(empty["n"]) == 0).all()              # ... and is no suppressed cell: said so
    assert len(re.findall(r'<g id="not_asked">', svg)) == len(empty)   # "knows" was not asked in wave 1
    marks = re.findall(r'<g id="suppressed">\s*<g id="patch_\d+">.*?</g>\s*<!-- (.*?) -->', svg, flags=re.S)
    assert marks == [MISSING] * int(_hidden(heat).sum())
    # the page: the by-site table shows a dash for both hidden sites, a share for the others;
    # and it says the rule
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    tables_on_page = [t for t in re.findall(r"<table>.*?</table>", page, flags=re.S) if "Fjell · År 2" in re.sub(r"<[^>]+>", "", t)]
    for table in tables_on_page:   # every table by site and wave (shares, means: n and estimate rows)
        heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)]
        for row in re.findall(r"<tbody>(.*?)</tbody>", table, flags=re.S)[0].split("</tr>")[:-1]:
            cells = dict(zip(heads, re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row), strict=True))
            for site in ("Fjell", "Drammensbiblioteket"):
                assert cells[f"{site} · År 2"] in (MISSING, f"n = {MISSING}"), (site, row)
    table = next(t for t in tables_on_page if "%" in re.search(r"<tbody>(.*?)</tbody>", t, flags=re.S)[1])  # shares
    heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", re.search(r"<tbody><tr>(.*?)</tr>", table)[1])
    shown = dict(zip(heads, cells, strict=True))
    for site in ("Fjell", "Drammensbiblioteket"):
        assert shown[f"{site} · År 2"] == MISSING
    assert "%" in shown["Fjell · År 1"] and "%" in shown["Askim · År 2"]
    assert "minste andre gruppen i samme sum" in page
