"""Write the corpus of bad inputs (tests/data/bad/<case>/...) and its README table.

Each case is a study folder *difference*: the files that replace those of a base study,
by path relative to the study folder. The base is the mini study of ``tests/study_fixture.py``
(two CSV waves, with :data:`MINI_REPORT` as config/report.yaml) or the synthetic study
(``surveykit.synth.write_study(root, scale=0.05)``: an .xlsx and a .sav wave).
``tests/test_bad_inputs.py`` assembles each case in a temporary folder and checks its outcome
through the API and through the CLI.

Run from the repository root to regenerate (deterministic):

    python tests/data/bad/make_corpus.py
"""

from __future__ import annotations

import datetime
import io
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for tests.study_fixture

from tests.study_fixture import (  # noqa: E402
    CODEBOOK_YAML,
    POPULATION_CSV,
    SURVEYKIT_YAML,
    W1_CSV,
    W2_CSV,
)

MINI_REPORT = """\
figures:
  - id: likert_help
    kind: likert
    items: [help]
    by: [municipality, wave]
  - id: means_by_site
    kind: heatmap
    items: [help]
    by: [site, wave]
  - id: weights
    kind: weights
tables:
  - id: topbox_help
    kind: topbox
    items: [help]
    by: [municipality, wave]
"""

W1 = textwrap.dedent(W1_CSV)
W2 = textwrap.dedent(W2_CSV)
SYNTH_W1 = "data/raw/wave1_opinion_2022.xlsx"
SYNTH_W2 = "data/raw/wave2_opinion_2023.sav"


@dataclass(frozen=True)
class Case:
    """One bad input and what surveykit must answer."""

    name: str
    base: str                       # "mini" or "synth"
    what: str                       # the problem, for the README
    files: Callable[[Path], dict[str, bytes]]  # base study folder -> {relative path: bytes}
    error: str | None               # the SurveykitError subclass raised, or None (tolerated)
    match: str                      # regex the error message (or a quality.json warning) matches
    command: str = "validate"       # the CLI command showing it ("build" for weighting and report)
    outcome: str = ""               # the expected outcome, for the README


def _text(rel: str, text: str, encoding: str = "utf-8") -> Callable[[Path], dict[str, bytes]]:
    return lambda _base: {rel: text.encode(encoding)}


def _w1(text: str, encoding: str = "utf-8") -> Callable[[Path], dict[str, bytes]]:
    return _text("data/raw/w1.csv", text, encoding)


def _yaml(new: str) -> Callable[[Path], dict[str, bytes]]:
    return _text("surveykit.yaml", new)


def _with_encoding(enc: str) -> str:
    return SURVEYKIT_YAML.replace("file: data/raw/w1.csv,", f"file: data/raw/w1.csv, options: {{encoding: {enc}}},")


def _mixed_delimiters() -> str:
    lines = W1.splitlines()
    body = [line.replace(";", ",") if i == 1 else line for i, line in enumerate(lines[1:])]
    return "\n".join([lines[0], *body]) + "\n"


def _dates() -> dict[str, str]:
    codebook = CODEBOOK_YAML.rstrip("\n") + "\n  - name: visit_date\n    type: date\n    sources: {\"1\": {column: Besøksdato}}\n"
    dates = ["2022-01-10", "11.01.2022", "12/01/2022", "2022-01-13", "14.01.2022", "15/01/2022",
             "2022-01-16", "17.01.2022", "18/01/2022"]
    lines = W1.splitlines()
    out = [lines[0] + ";Besøksdato"] + [f"{line};{d}" for line, d in zip(lines[1:], dates, strict=True)]
    return {"config/codebook.yaml": codebook, "data/raw/w1.csv": "\n".join(out) + "\n"}


def _enormous() -> str:
    long = "Ring meg på 912 34 567. " + ("Jeg har mye på hjertet. " * 9_000) + "Ring meg på 912 34 567."
    return W1.replace("Fint sted. Hilsen Kari Nordmann", long)


def _xlsx_variant(change: str) -> Callable[[Path], dict[str, bytes]]:
    def make(base: Path) -> dict[str, bytes]:
        import openpyxl

        wb = openpyxl.load_workbook(base / SYNTH_W1)
        if change == "rename":
            wb["Data"].title = "Svar"
        else:
            wb.create_sheet("Forside", 0)
        wb.properties.created = wb.properties.modified = datetime.datetime(2020, 1, 1)  # stable bytes
        buf = io.BytesIO()
        wb.save(buf)
        return {SYNTH_W1: buf.getvalue()}
    return make


def _cut(rel: str, how: str) -> Callable[[Path], dict[str, bytes]]:
    def make(base: Path) -> dict[str, bytes]:
        raw = (base / rel).read_bytes()
        if how == "half":
            return {rel: raw[: len(raw) // 2]}
        if how == "crc":  # flip bytes inside the first compressed part
            return {rel: raw[:2000] + bytes(b ^ 0xFF for b in raw[2000:2400]) + raw[2400:]}
        return {rel: b"\x00" * 64 + raw[64:]}  # garbage header
    return make


def _no_sheet(base: Path) -> dict[str, bytes]:
    files = _xlsx_variant("cover")(base)
    files["surveykit.yaml"] = (base / "surveykit.yaml").read_text(encoding="utf-8").replace(
        "    sheet: Data\n", "").encode()
    return files


CASES: list[Case] = [
    Case("empty_file", "mini", "0-byte export", _w1(""), "ReadError",
         r"w1\.csv: the file is empty", outcome="error: empty file, export again"),
    Case("header_only", "mini", "a header line and no rows", _w1(W1.splitlines()[0] + "\n"), "ReadError",
         r"w1\.csv: has only a header .* no data rows", outcome="error: no data rows"),
    Case("wrong_sheet", "synth", "surveykit.yaml names sheet `Data`, the workbook has `Svar`",
         _xlsx_variant("rename"), "ReadError", r"no sheet named 'Data'\. The workbook has: 'Svar'\. Set `sheet:`",
         outcome="error: lists the sheets, set `sheet:`"),
    Case("missing_sheet", "synth", "no `sheet:` and the first sheet is an empty cover page", _no_sheet,
         "ReadError", r"sheet \"Forside\": is empty .* other sheets \('Data'\).*`sheet:` under the wave",
         outcome="error: names the empty sheet and the sheet the answers may be on"),
    Case("truncated_xlsx", "synth", "the .xlsx cut in half", _cut(SYNTH_W1, "half"), "ReadError",
         r"wave1_opinion_2022\.xlsx: is not a readable \.xlsx workbook .* save it again",
         outcome="error: not a readable workbook"),
    Case("corrupt_xlsx", "synth", "bytes flipped inside the .xlsx (bad CRC)", _cut(SYNTH_W1, "crc"), "ReadError",
         r"wave1_opinion_2022\.xlsx: is not a readable \.xlsx workbook", outcome="error: not a readable workbook"),
    Case("truncated_sav", "synth", "the .sav cut in half", _cut(SYNTH_W2, "half"), "ReadError",
         r"wave2_opinion_2023\.sav: the SPSS file is corrupt or truncated .* Save it again from SPSS",
         outcome="error: corrupt or truncated .sav"),
    Case("corrupt_sav", "synth", "the .sav header overwritten", _cut(SYNTH_W2, "header"), "ReadError",
         r"wave2_opinion_2023\.sav: .*(not an SPSS|corrupt)", outcome="error: not an SPSS file"),
    Case("cp1252_detected", "mini", "wave 1 saved as cp1252 (Windows), æøå in header and answers",
         _w1(W1, "cp1252"), None, r"w1\.csv: read as cp1252",
         outcome="tolerated: decoded as cp1252, warning in quality.json"),
    Case("utf8_read_as_cp1252", "mini", "a UTF-8 file with `encoding: cp1252` given",
         lambda b: {**_w1(W1)(b), **_yaml(_with_encoding("cp1252"))(b)}, "ReadError",
         r"w1\.csv, line 1: `encoding: cp1252` was given, but the file is UTF-8.*Remove `encoding`",
         outcome="error: mojibake refused, remove `encoding`"),
    Case("cp1252_read_as_utf8", "mini", "a cp1252 file with `encoding: utf-8` given",
         lambda b: {**_w1(W1, "cp1252")(b), **_yaml(_with_encoding("utf-8"))(b)}, "ReadError",
         r"w1\.csv: cannot decode the file as 'utf-8' .* Leave `encoding` unset",
         outcome="error: cannot decode, leave `encoding` unset"),
    Case("mixed_delimiters", "mini", "one line separated by commas in a semicolon file", _w1(_mixed_delimiters()),
         "ReadError", r"w1\.csv, line 3: has 1 field\(s\) split by ';' but 8 split by ','.*mixes delimiters",
         outcome="error: names the line and both delimiters"),
    Case("duplicate_columns", "mini", "two columns named `Kjønn` (the codebook's source)",
         _w1(W1.replace(";Kommentar", ";Kjønn", 1)), "ValidationError",
         r'column "Kjønn": duplicate_column: the header has 2 columns named \'Kjønn\'',
         outcome="error: which `Kjønn` is meant; rename or name `Kjønn.1`"),
    Case("required_column_missing", "mini", "the `Kjønn` column is absent",
         _w1("\n".join(";".join(f for i, f in enumerate(line.split(";")) if i != 2) for line in W1.splitlines()) + "\n"),
         "ValidationError", r"column \"Kjønn\": missing_column: no column named 'Kjønn'.*sources\.1",
         outcome="error: missing column, fix the codebook source"),
    Case("renamed_between_waves", "mini", "wave 2 renamed `kjonn` to `kjønn`, codebook not updated",
         _text("data/raw/w2.csv", W2.replace("kjonn", "kjønn", 1)), "ValidationError",
         r"no column named 'kjonn'.*Similar columns in the file: \['kjønn'\]",
         outcome="error: missing column, similar names offered"),
    Case("unknown_label", "mini", "answer `Enig?` not in scale agree3",
         _w1(W1.replace(";Enig;Ja;;Fint", ";Enig?;Ja;;Fint")), "ValidationError",
         r"unknown_label: 'Enig\?' ×1 \(row 2\).*add it to the aliases of scale `agree3`",
         outcome="error: value, row, scale and where to add the alias"),
    Case("out_of_range_code", "mini", "code 7 on a 1-3 (+9) scale in wave 2",
         _text("data/raw/w2.csv", W2.replace("s1;Askim;1;33;3", "s1;Askim;1;33;7")), "ValidationError",
         r'w2\.csv, column "help": unknown_label: 7 ×1 \(row 2\); expected a label or code of scale `agree3` \(1 = ',
         outcome="error: allowed codes listed"),
    Case("out_of_range_number", "mini", "age 200 (valid 15-110)", _w1(W1.replace(";34;", ";200;")),
         "ValidationError", r"out_of_range: 200 ×1 \(row 2\); expected a value from 15 to 110",
         outcome="error: range and where it is set"),
    Case("non_numeric", "mini", "`trettifire` in the numeric age column", _w1(W1.replace(";34;", ";trettifire;")),
         "ValidationError", r"not_numeric: 'trettifire' ×1 \(row 2\); expected a number for 'age'.*correct the cell",
         outcome="error: value, row, fix"),
    Case("duplicate_ids", "mini", "respondent id r2 used twice with different answers",
         _w1(W1.replace("r6;Askim;Kvinne;66", "r2;Askim;Kvinne;66")), None,
         r"2 row\(s\) rejected as repeats of an earlier respondent id",
         outcome="tolerated: later rows rejected as `duplicate` (rejects.csv), warning"),
    Case("unknown_site", "mini", "site `Oslo` not in config/sites.csv", _w1(W1.replace("r6;Askim;", "r6;Oslo;")),
         "ValidationError", r"unknown_site: 'Oslo' ×1 \(row 9\).*add it to the `aliases` of the right site",
         outcome="error: value, row, add an alias"),
    Case("margins_stacked", "mini", "population.csv stacks margins (blank gender in a row): totals differ",
         _text("config/population.csv", POPULATION_CSV.replace("1,Drammen,Mann,500", "1,Drammen,,500")),
         "ConfigError", r'population\.csv, row 2, column "gender": empty', command="build",
         outcome="error: blank margin cell, one row per full cell"),
    Case("population_cell_no_sample", "mini", "a population cell (gender `Annet`, no level of the scale)",
         _text("config/population.csv", POPULATION_CSV + "1,Drammen,Annet,50\n"), "ConfigError",
         r"population\.csv, row 10, column \"gender\": 'Annet' matches no level of scale `gender`.*could be: 1 = 'Mann'",
         command="build", outcome="error: value, row, the levels it could be"),
    Case("population_stratum_missing", "mini", "no population rows for wave 2 Indre Østfold",
         _text("config/population.csv", "".join(r + "\n" for r in POPULATION_CSV.splitlines() if "2,Indre" not in r)),
         "DesignError", r"no population for sampling stratum '2 × Indre Østfold'", command="build",
         outcome="error: add the stratum's rows"),
    Case("weights_zero", "mini", "population count 0 in a cell with respondents (weight 0)",
         _text("config/population.csv", POPULATION_CSV.replace("1,Indre Østfold,Mann,300", "1,Indre Østfold,Mann,0")),
         "DesignError", r"population count 0 for cell\(s\) '1 × Indre Østfold × Mann' \(1 respondents\) of margin "
         r"wave × municipality × gender \(row 4\)",
         command="build", outcome="error: respondents would silently drop out"),
    Case("weights_negative", "mini", "population count -5",
         _text("config/population.csv", POPULATION_CSV.replace("1,Drammen,Mann,500", "1,Drammen,Mann,-5")),
         "ConfigError", r'population\.csv, row 2, column "population": \'-5\' is not a non-negative number',
         command="build", outcome="error: row, column, value"),
    Case("weights_missing", "mini", "population count empty",
         _text("config/population.csv", POPULATION_CSV.replace("1,Indre Østfold,Mann,300", "1,Indre Østfold,Mann,")),
         "ConfigError", r'population\.csv, row 4, column "population": \'\' is not a non-negative number',
         command="build", outcome="error: row, column, value"),
    Case("codebook_yaml_syntax", "mini", "bad indentation in config/codebook.yaml",
         _text("config/codebook.yaml", CODEBOOK_YAML.replace("  agree3:\n", "  agree3\n   :")), "ConfigError",
         r"codebook\.yaml, line 3, column 4: YAML syntax error", outcome="error: line and column"),
    Case("codebook_unknown_scale", "mini", "variable `help` uses scale `agree7`",
         _text("config/codebook.yaml", CODEBOOK_YAML.replace("scale: agree3", "scale: agree7", 1)), "ConfigError",
         r"`variables\.help\.scale`: unknown scale 'agree7'\. Define it under `scales:` or use one of: agree3",
         outcome="error: lists the scales"),
    Case("codebook_unknown_variable", "mini", "an index lists the unknown variable `nope`",
         _text("config/codebook.yaml", CODEBOOK_YAML + "indices:\n  x: {items: [help, nope]}\n"), "ConfigError",
         r"`indices\.x\.items`: unknown variable\(s\) \['nope'\]", outcome="error: names it"),
    Case("report_unknown_variable", "mini", "config/report.yaml asks for the unknown item `helpp`",
         _text("config/report.yaml", MINI_REPORT.replace("items: [help]", "items: [helpp]", 1)), "ConfigError",
         r"report\.yaml.*helpp", command="build", outcome="error: names it"),
    Case("enormous_text", "mini", "a 216 kB comment (over the csv module's field limit) (with a phone number at its start and its end)", _w1(_enormous()), None,
         r'w1\.csv, row 2, column "Kommentar": text_truncated: 216047 characters',
         outcome="tolerated: cut to 32 000 characters (masked first), warning"),
    Case("dates_three_formats", "mini", "a date column in ISO, 31.12.2022 and 31/12/2022 forms", lambda _b: {
        k: v.encode() for k, v in _dates().items()}, None,
         r'column "Besøksdato": mixed_date_formats: like 2023-01-20 ×1, like 20\.01\.2023 ×2, like 20/01/2023 ×3',
         outcome="tolerated: all parsed (slashed day first), warning"),
]


def mini_base(root: Path) -> Path:
    """The mini study with a report recipe."""
    from tests.study_fixture import write_mini_study

    return write_mini_study(root, **{"config/report.yaml": MINI_REPORT})


def synth_base(root: Path) -> Path:
    """The synthetic study at 5 % size (an .xlsx and a .sav wave)."""
    from surveykit.synth import write_study

    return write_study(root, scale=0.05)


def case_files(case: Case, base: Path) -> dict[str, bytes]:
    """The files of ``case``, computed from its base study folder ``base``."""
    return case.files(base)


def write_corpus(folder: Path = HERE) -> None:
    """Write every case's files under ``folder/<case>/`` and the README table."""
    with tempfile.TemporaryDirectory() as tmp:
        bases = {"mini": mini_base(Path(tmp) / "mini"), "synth": synth_base(Path(tmp) / "synth")}
        for case in CASES:
            target = folder / case.name
            if target.exists():
                shutil.rmtree(target)
            for rel, data in case_files(case, bases[case.base]).items():
                path = target / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    (folder / "README.md").write_text(readme(), encoding="utf-8")


def readme() -> str:
    rows = "\n".join(
        f"| `{c.name}` | {c.base} | {c.what} | {c.error or 'tolerated'} | `{c.command}` | {c.outcome} |"
        for c in CASES
    )
    return f"""# Bad inputs: the corpus

Generated by `python tests/data/bad/make_corpus.py` (do not edit by hand). Each folder holds
the files that replace those of a base study: `mini` is `tests/study_fixture.py` (two CSV
waves) with the report recipe `MINI_REPORT`; `synth` is `surveykit.synth.write_study(root,
scale=0.05)` (wave 1 .xlsx, wave 2 .sav). `tests/test_bad_inputs.py` checks every case
through the API (`pytest.raises(..., match=)`, or the warning in quality.json for tolerated
cases) and through the CLI (`python -m surveykit <command> --study DIR`: exit code 2 and no
traceback for errors, exit code 0 for tolerated cases).

A tolerated case gives a correct result and a line in `quality.json` under
`<wave>.warnings`; an error is one `SurveykitError` naming the file, row, column and value
and saying what to do. Every raw row still ends in responses or rejects.

| case | base | problem | outcome | command | what the user is told |
|---|---|---|---|---|---|
{rows}

Not in this folder, tested in `tests/test_bad_inputs.py` through the API: margins that do
not sum to the same total (`rake`), design weights zero/negative/missing (`Design`).
"""


if __name__ == "__main__":
    write_corpus()
    print(f"wrote {len(CASES)} cases to {HERE}")
