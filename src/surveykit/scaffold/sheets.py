"""Which sheet of each workbook export holds the answers, for `surveykit codebook draft`.

``--sheet`` is given once or more: ``FILE=SHEET`` for one export (its file name or its path),
or a plain ``SHEET`` for every workbook that has a sheet of that name. A workbook with no
``--sheet`` of its own is read from its first shown sheet, unless that sheet is no respondent
data (a cover or info sheet: a title and a few lines) and exactly one other sheet is (a header
row and rows of answers): then that sheet is taken, with a note for the draft. When several
could be, a :class:`ConfigError` names the sheets and the ``--sheet FILE=SHEET`` form; when none
looks like answers, the reader says what it finds (and names --sheet).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

from surveykit.errors import ConfigError

__all__ = ["WORKBOOK", "choose_sheets"]

WORKBOOK = (".xlsx", ".xlsm")
_LOOKED_AT = 60      # rows of a sheet read to judge it
_MIN_COLUMNS = 3     # respondent data: a header row of at least this many filled cells (below any title)
_MIN_ROWS = 3        # ... and at least this many rows of two filled cells or more below it


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", str(name)).casefold()


def _sheets(path: Path) -> list[tuple[str, bool, bool]]:
    """(name, shown, looks like respondent data) of each sheet of a workbook; [] when unreadable
    (the reader then says why)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes()), read_only=True, data_only=True)
    except Exception:
        return []
    try:
        out = []
        for ws in wb.worksheets:
            filled = []
            for i, values in enumerate(ws.iter_rows(values_only=True)):
                if i >= _LOOKED_AT:
                    break
                n = sum(v is not None and str(v).strip() != "" for v in values)
                if n:
                    filled.append(n)
            head = next((k for k, n in enumerate(filled) if n >= _MIN_COLUMNS), None)
            data = head is not None and sum(n >= 2 for n in filled[head + 1:]) >= _MIN_ROWS
            out.append((ws.title, getattr(ws, "sheet_state", "visible") == "visible", data))
        return out
    finally:
        wb.close()


def _parse(given: Sequence[str] | str | None, exports: Sequence[Path]) -> tuple[dict[int, str], list[str]]:
    """--sheet values as {export index: sheet} (FILE=SHEET) and plain sheet names."""
    if given is None:
        return {}, []
    values = [given] if isinstance(given, str) else list(given)
    per_file: dict[int, str] = {}
    plain: list[str] = []
    for value in values:
        file, eq, sheet = str(value).partition("=")
        hits = _named(file.strip(), exports) if eq and file.strip() else []
        if eq and not hits and Path(file.strip()).suffix.lower() in (*WORKBOOK, ".csv", ".sav", ".txt", ".xls"):
            names = ", ".join(Path(p).name for p in exports)
            raise ConfigError(f"--sheet {value!r}: {file.strip()!r} is none of the exports given ({names}). Write "
                              "--sheet FILE=SHEET with the file as given on the command line (or its name).")
        if hits:
            for i in hits:
                if i in per_file and per_file[i] != sheet.strip():
                    raise ConfigError(f"--sheet names two sheets for {Path(exports[i]).name}: {per_file[i]!r} and "
                                      f"{sheet.strip()!r}. Give one --sheet FILE=SHEET per workbook.")
                per_file[i] = sheet.strip()
        else:
            plain.append(str(value).strip())
    return per_file, plain


def _named(file: str, exports: Sequence[Path]) -> list[int]:
    """The exports ``file`` of --sheet FILE=SHEET names: the one given with that path, else those of
    that file name; a name shared by exports in different folders is refused (it would set the sheet
    of each of them)."""
    exact = [i for i, p in enumerate(exports) if Path(file) == Path(p)]
    if exact:
        return exact
    named = [i for i, p in enumerate(exports) if file == Path(p).name]
    if len(named) > 1:
        paths = ", ".join(str(exports[i]) for i in named)
        raise ConfigError(f"--sheet {file}=...: {len(named)} exports are named {file} ({paths}). Write the "
                          "export's path as given on the command line: --sheet PATH=SHEET.")
    return named


def choose_sheets(exports: Sequence[Path], given: Sequence[str] | str | None) -> tuple[list[str | None], list[str]]:
    """The sheet to read of each export (None: the reader's default) and notes for the draft."""
    per_file, plain = _parse(given, exports)
    books = [i for i, p in enumerate(exports) if Path(p).suffix.lower() in WORKBOOK]
    if (per_file or plain) and not books:
        names = ", ".join(Path(p).name for p in exports)
        shown = given if isinstance(given, str) else " ".join(given or [])
        raise ConfigError(f"--sheet {shown!r}: names a sheet of an .xlsx export, and {names} has no sheets (not a "
                          "workbook). Leave --sheet out, or give the workbook export.")
    for i in per_file:
        if i not in books:
            raise ConfigError(f"--sheet {Path(exports[i]).name}={per_file[i]}: {Path(exports[i]).name} is no workbook "
                              "(it has no sheets). Leave that --sheet out.")
    chosen: list[str | None] = [None] * len(exports)
    notes: list[str] = []
    plain_found = {name: False for name in plain}
    for i in books:
        path = Path(exports[i])
        sheets = _sheets(path)
        if not sheets:
            chosen[i] = per_file.get(i) or (plain[0] if plain else None)
            continue
        names = [s[0] for s in sheets]
        listed = ", ".join(map(repr, names))
        form = f"--sheet {path.name}=SHEET"
        if i in per_file:
            match = [n for n in names if _key(n) == _key(per_file[i])]
            if not match:
                raise ConfigError(f"{path.name}: no sheet named {per_file[i]!r} (given as --sheet "
                                  f"{path.name}={per_file[i]}). The workbook has: {listed}. Give one of these: {form}.")
            chosen[i] = match[0]
            continue
        match = [n for name in plain for n in names if _key(n) == _key(name)]
        if match:
            chosen[i] = match[0]
            for name in plain:
                plain_found[name] = plain_found[name] or _key(name) == _key(match[0])
            continue
        shown = [s for s in sheets if s[1]]
        if not shown:
            raise ConfigError(f"{path.name}: every sheet of the workbook is hidden ({listed}). Name the one holding "
                              f"the answers: {form}.")
        if len(sheets) < 2 or shown[0][2]:
            if plain:   # a plain --sheet the workbook lacks, and its first sheet is data: say which was read
                notes.append(f"REVIEW: {path.name} has no sheet {plain[0]!r} (--sheet); its first sheet "
                             f"{shown[0][0]!r} is read (its sheets: {listed}); check that it holds the answers, or "
                             f"give {form}")
                chosen[i] = shown[0][0]
            continue   # the first shown sheet, as ever
        data = [s[0] for s in shown if s[2]]
        if len(data) == 1:
            others = [n for n in names if n != data[0]]
            chosen[i] = data[0]
            notes.append(f"REVIEW: {path.name}: the answers are read from its sheet {data[0]!r}, the only one that "
                         f"looks like respondent data (a header row and rows of answers; the other sheets "
                         f"{', '.join(map(repr, others))} look like a cover or info sheet); `sheet:` of its wave in "
                         "surveykit.yaml says so. Check it")
            continue
        if not data:
            continue   # no sheet looks like a table of answers: the reader says what it finds
        raise ConfigError(f"{path.name}: its first sheet {shown[0][0]!r} is no table of answers and several "
                          f"sheets look like respondent data ({', '.join(map(repr, data))}; the "
                          f"workbook has: {listed}), so the draft cannot tell which sheet holds the answers. Name it "
                          f"with {form} (one --sheet FILE=SHEET per workbook; a plain --sheet SHEET applies to every "
                          "workbook that has that sheet).")
    missing = [name for name, found in plain_found.items() if not found]
    if missing:
        listed = "; ".join(f"{Path(exports[i]).name}: {', '.join(repr(s[0]) for s in _sheets(Path(exports[i])))}"
                           for i in books)
        raise ConfigError(f"--sheet {missing[0]!r}: no workbook given has a sheet of that name ({listed}). Give a "
                          "sheet one of them has, or one per workbook: --sheet FILE=SHEET.")
    return chosen, notes
