"""Multi-select questions in every layout a tool writes.

* one column, answers joined by ``;`` or ``,`` (Microsoft Forms, Google Forms, Qualtrics
  choice text): :func:`joined` finds the separator and the options (from a survey definition
  when there is one, else from the answers: options holding the separator stay whole, parts
  chosen by few are typed-in "other" text, and a column whose parts never recombine is no
  multi-select at all, see :func:`recombined`);
* one column per option, the cell holding the option text, 1/0, "Selected"/blank, Y/N or
  "Valgt"/"Ikke valgt": :func:`option_columns` finds such groups by their headers
  ("Question - Option", "Question: Option", "Question [Option]");
* KoboToolbox's select_multiple, 0/1 columns headed "question/option" after the question's
  column of the chosen options joined by spaces: :func:`select_multiple_groups`;
* REDCap's checkboxes, 0/1 columns named "field___code" (raw export) or headed
  "Question (choice=Option)" with "Checked"/"Unchecked" (labels export): :func:`checkbox_groups`;
* Typeform's checkboxes, neighbouring columns each headed by its option's text and holding it or
  nothing (the question's own text is not in the export): :func:`echo_groups`.

Example:
    >>> s = pd.Series(["Books;Films;", "Films;", "Books;Podcasts, talks;", "Podcasts, talks;", None] * 4)
    >>> j = joined(s, "Which do you use?")
    >>> j.separator, j.options
    (';', ['Books', 'Films', 'Podcasts, talks'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from surveykit.clean.coding import _multi_key, split_known
from surveykit.io.multi import infer_options
from surveykit.scaffold.answers import month_dates
from surveykit.scaffold.scales import present
from surveykit.scaffold.words import MULTI_HINT

__all__ = ["SUSO_CODE", "Joined", "checkbox_groups", "dated_cells", "echo_groups", "excel_zero_one", "joined", "joined_misread",
           "kobo_labels", "marker_column", "numbered_joined", "option_columns", "option_first_groups",
           "option_first_runs", "option_text",
           "recombined", "recurs", "select_multiple_groups", "ticks", "unify_option_labels", "zero_one_groups"]

_MARKERS = {"1", "1.0", "0", "0.0", "y", "n", "x", "selected", "not selected",
            "checked", "unchecked", "valgt", "ikke valgt", "ikkje valt", "vald", "inte vald", "ej vald", "true",
            "false", "✓", "✔"}


@dataclass
class Joined:
    """A joined multi-select column: its separator, options, and the typed-in answers seen.

    ``weak`` is set when the parts never recombine across answers (no part chosen alone and with
    others, no two combinations sharing their parts): a single choice whose answers hold the
    separator ("honest, kind, and loyal."), not options joined; the scanner then drafts a single choice.
    """

    separator: str
    options: list[str]
    other: list[str] = field(default_factory=list)   # rare parts taken as typed-in "other" answers
    inferred: bool = True
    several: float = 0.0   # share of answers with two or more options
    weak: bool = False
    evidence: int = 0   # see :func:`recombined`
    typed: dict[str, int] = field(default_factory=dict)   # typed-in rest of an answer -> rows


def joined(values: pd.Series, question: str, known: Sequence[str] | None = None,
           inferred: Sequence[str] | None = None, chosen_only: bool = False) -> Joined | None:
    """The separator and options when ``values`` are multi-select answers joined in one cell.

    ``known`` are the form's options (exact); ``inferred`` the options a reader inferred from the
    answers (Google Forms), checked here as if inferred from them: the rare ones become typed-in text.
    ``chosen_only``: the cells hold chosen options only (Qualtrics' "Selected Choice" column, whose
    "Other" box has a ``_TEXT`` column of its own): a part chosen once is an option, nothing is typed in.
    """
    text = present(values).astype(str)
    if text.empty or month_dates(text):
        return None   # dates written "Mar 01, 2024 10:00 am": their comma joins no options
    hint = bool(MULTI_HINT.search(question or ""))
    best: Joined | None = None
    # one option per line of the cell (Jotform): only when the lines recombine, never lines of free text
    for sep in (";", ",", "\n"):
        has = text.str.contains(sep, regex=False)
        if not has.any():
            continue
        found = _known(text, sep, known) if known else _inferred(text, sep, hint, inferred, chosen_only)
        if sep == "\n" and found is not None and found.weak:
            continue
        # the true separator splits more answers into several options, into fewer distinct ones
        if found is not None and (best is None or (not found.weak, found.several, -len(found.options)) >
                                  (not best.weak, best.several, -len(best.options))):
            best = found
    return best


def _split(text: pd.Series, sep: str, options: Sequence[str]) -> tuple[list[list[str]], list[list[str]]]:
    """Options found and parts left over, per answer; each distinct answer is split once."""
    table = {_multi_key(o): o for o in options}
    done = {value: split_known(value, sep, table) for value in dict.fromkeys(text)}
    return [done[v][0] for v in text], [done[v][1] for v in text]


def _typed(rest: list[list[str]], sep: str) -> dict[str, int]:
    """The typed-in rest of each answer (its parts that are no option, joined again) -> rows."""
    out: dict[str, int] = {}
    for parts in rest:
        if parts:
            typed = f"{sep.strip()} ".join(parts)
            out[typed] = out.get(typed, 0) + 1
    return out


def _known(text: pd.Series, sep: str, known: Sequence[str]) -> Joined | None:
    picks, rest = _split(text, sep, known)
    answered = [bool(p) for p in picks]
    if sum(answered) < 0.8 * len(text):
        return None
    others = sorted({u for r in rest for u in r})
    return Joined(sep, list(known), others, inferred=False, several=sum(len(p) > 1 for p in picks) / len(text),
                  typed=_typed(rest, sep))


def _free_text(text: pd.Series, sep: str) -> bool:
    """Parts that hardly ever repeat: sentences holding commas, not options."""
    parts = text.str.split(sep, regex=False).explode().str.strip()
    parts = parts[parts != ""]
    return len(parts) >= 50 and parts.nunique() > 0.5 * len(parts)


def recombined(picks: Sequence[Sequence[str]]) -> int:
    """The evidence of options joined in one cell: how many distinct combinations of two or more
    options are made of options each also chosen in another combination, plus how many options
    are chosen both alone (a whole answer) and with others. Parts that only ever come together
    ("...honest", "kind, and loyal.") are the parts of one answer and count nothing.

    >>> recombined([["A"], ["A", "B"], ["B", "C"], ["C"]]), recombined([["honest", "kind"], ["honest", "loyal"]])
    (4, 0)
    """
    combos = {frozenset(p) for p in picks if p}
    seen: dict[str, int] = {}
    for combo in combos:
        for o in combo:
            seen[o] = seen.get(o, 0) + 1
    alone = {o for c in combos if len(c) == 1 for o in c}
    together = {o for c in combos if len(c) > 1 for o in c}
    return sum(len(c) > 1 and all(seen[o] > 1 for o in c) for c in combos) + len(alone & together)


def recurs(n: int) -> int:
    """How many respondents make a part an option rather than a typed-in "other" answer: 2, and
    1 in 400 answers in large files (a text typed by 2 of 1,800 is no option of the form)."""
    return max(2, round(n / 400))


def _inferred(text: pd.Series, sep: str, hint: bool, candidates: Sequence[str] | None = None,
              chosen_only: bool = False) -> Joined | None:
    if not hint and _free_text(text, sep):
        return None
    # one option per text as the cleaning matches it: "Panic Disorder" and "Panic disorder" are one (named
    # by its most written spelling, the first seen of equals), never two of which one is never counted
    written = text.str.split(sep, regex=False).explode().str.strip().value_counts()
    spellings: dict[str, list[str]] = {}
    for o in candidates if candidates else infer_options(text, sep):
        if o:
            spellings.setdefault(_multi_key(o), []).append(o)
    options = [max(alike, key=lambda o: written.get(o, 0)) for alike in spellings.values()]
    picks, _ = _split(text, sep, options)
    n = len(text)
    several = sum(len(p) > 1 for p in picks) / n
    if several < (0.0 if hint else 0.05) or not any(len(p) > 1 for p in picks):
        return None
    counts = pd.Series([o for p in picks for o in p]).value_counts()
    small = n < 20
    common = [o for o in options if counts.get(o, 0) >= recurs(n) or small]
    rare = [o for o in options if o not in common]
    covered = sum(counts.get(o, 0) for o in common) / max(1, counts.sum())
    if not common or (covered < 0.8 and not hint) or len(common) > max(30, n // 5):
        return None
    if not hint and max(len(o) for o in common) > 120:
        return None  # free text with commas
    if chosen_only:   # decided as a multi-select on its common parts; each rare part is an option too
        common, rare = [o for o in options if counts.get(o, 0)], []
    picks, rest = _split(text, sep, common)
    evidence = recombined(picks)
    return Joined(sep, common, rare, several=several, weak=evidence == 0, evidence=evidence, typed=_typed(rest, sep))


_UNSELECTED = {"0", "0.0", "n", "false", "not selected", "not checked", "unchecked", "ikke valgt", "ikkje valt",
               "inte vald", "ej vald"}


def option_text(values: pd.Series) -> str | None:
    """The option a per-option column holds: its one text besides blanks and unselected marks
    ("Not selected"); "" when nothing was chosen; None when the column holds other answers.

    >>> option_text(pd.Series(["Not selected", "Every situation is different", None, "Not selected"]))
    'Every situation is different'
    >>> option_text(pd.Series(["Yes", "No"])) is None
    True
    """
    text = present(values).astype(str).str.strip()
    chosen = set(text[~text.str.casefold().isin(_UNSELECTED)])
    if len(chosen) > 1:
        return None
    return chosen.pop() if chosen else ""


def marker_column(values: pd.Series) -> str | None:
    """'option' when every answer is one and the same text (the option's), 'binary' for 1/0,
    Y/N, "Selected"/blank and the like (not Yes/No: a grid of yes/no items); None otherwise."""
    text = present(values).astype(str).str.strip()
    if text.empty:
        return "option"
    folded = set(text.str.casefold())
    if folded <= _MARKERS:
        return "binary"
    if text.nunique() == 1:
        return "option"
    return None


_STEM = re.compile(r"^(?P<stem>.+?)\s*(?:\s[-–—]\s|:\s|\[)(?P<option>[^\[\]]+?)\]?\s*$")


def option_columns(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """Groups of neighbouring columns that are one multi-select question, one column per option.

    Their headers share a stem ("Which services? - Books", "... [Books]") and every column holds
    one marker (the option's text, 1/0, "Selected"...). A last column with free text under an
    "Other" header is the group's typed-in answer.
    """
    out: list[dict] = []
    cols = list(columns)
    parsed = {c: _STEM.match(questions.get(c) or str(c)) for c in cols}
    i = 0
    while i < len(cols):
        m = parsed[cols[i]]
        j = i
        while m and j + 1 < len(cols) and parsed[cols[j + 1]] and parsed[cols[j + 1]].group("stem") == m.group("stem"):
            j += 1
        group = cols[i:j + 1]
        if m and len(group) >= 2:
            kinds = [marker_column(data[c]) for c in group]
            other = None
            if kinds[-1] is None and re.search(r"\b(other|annet|annat|andet)\b", parsed[group[-1]].group("option"),
                                               re.IGNORECASE):
                other, group, kinds = group[-1], group[:-1], kinds[:-1]
            if len(group) >= 2 and all(kinds):
                options = [parsed[c].group("option").strip() for c in group]
                out.append({"columns": list(group), "options": options, "question": m.group("stem").strip(" :-–"),
                            "other": other})
        i = j + 1
    return out


_ZERO_ONE = {"0", "1", "0.0", "1.0", "true", "false", "checked", "unchecked"}
_TICKED = {"1", "1.0", "true", "checked"}
# Excel's rendering of 1 and 0 in a cell formatted as a date: 1 is day 1 of January 1900 ("1/1/1900",
# "01.01.1900", "1900-01-01"), 0 the day before it, January 0 ("1/0/1900" month first, "0/1/1900" day
# first, "00.01.1900", "1900-01-00"); with or without a time of midnight
_EXCEL_DAY = re.compile(r"^(?:(?P<a>0?[01])[/.-](?P<b>0?[01])[/.-]1900|1900-0?1-(?P<d>0?[01]))"
                        r"(?:[ T]0?0:00(?::00(?:\.0+)?)?)?$")


def excel_zero_one(text: str) -> int | None:
    """The 0 or 1 Excel shows as a date when a 0/1 cell is formatted as one, else None: 1/1/1900 is 1,
    January 0 (1/0/1900, 0/1/1900, 1900-01-00) is 0.

    >>> [excel_zero_one(t) for t in ("1/1/1900", "1/0/1900", "0/1/1900", "1900-01-00", "2/1/1900", "1")]
    [1, 0, 0, 0, None, None]
    """
    m = _EXCEL_DAY.match(str(text).strip())
    if m is None:
        return None
    days = [int(m.group("d"))] if m.group("d") is not None else [int(m.group("a")), int(m.group("b"))]
    if m.group("d") is None and 0 in days and days.count(0) > 1:
        return None   # 0/0/1900 is no day Excel shows
    return int(0 not in days)


def _marks(values: pd.Series) -> pd.Series:
    """Answers of a 0/1 column as written (stripped, case folded), blanks as ""."""
    return values.astype(str).where(values.notna(), "").str.strip().str.casefold()


def _zero_one(data: pd.DataFrame, cols: Sequence[str], dated: bool = False) -> bool:
    """Every answer of ``cols`` is 0/1 (or "Checked"/"Unchecked"; with ``dated`` also Excel's date
    rendering of 0 and 1, see :func:`excel_zero_one`), and some column holds one."""
    texts = [present(data[c]).astype(str).str.strip().str.casefold() for c in cols]
    if not any(len(t) for t in texts):
        return False
    return all(all(v in _ZERO_ONE or (dated and excel_zero_one(v) is not None) for v in set(t)) for t in texts)


def ticks(frame: pd.DataFrame) -> pd.DataFrame:
    """Which options each row chose (True/False) in 0/1 columns, Excel's dates read as the 0 or 1 they show."""
    def chosen(values: pd.Series) -> pd.Series:
        marks = _marks(values)
        return marks.isin(_TICKED) | marks.map(lambda v: excel_zero_one(v) == 1)
    return frame.apply(chosen).astype(bool)


def dated_cells(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Column -> {Excel date shown: how many cells} of the 0/1 columns holding Excel's date rendering."""
    out: dict[str, dict[str, int]] = {}
    for c in frame.columns:
        text = present(frame[c]).astype(str).str.strip()
        found = text[text.map(lambda v: excel_zero_one(v) is not None)]
        if len(found):
            out[str(c)] = {str(v): int(k) for v, k in found.value_counts().items()}
    return out


_KOBO_SLASH = re.compile(r"(?<=\S)/(?=\S)")  # "question/option"; "Library/ Book store" is one header


def select_multiple_groups(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """KoboToolbox's select_multiple questions: a run of 0/1 columns headed "<question>/<option>"
    ("group/question/option_name" in the xml-names export), one per option.

    Kobo writes the question's own column right before them, the chosen options joined by spaces
    (an option's label may hold spaces and commas, so it is never split at a comma): when it is
    there, its header is the stem and the group's ``joined`` column. Its options are the headers'
    (XML names, or labels); when the joined column holds labels, each option's label is learned
    from the rows (:func:`kobo_labels`) and is the option's text (``labels``: name -> label), and
    ``disagree`` counts the rows where it does not hold exactly the options the 0/1 columns chose.
    Without it the stem is the header up to its last "/" between two non-blanks, ``joined`` is None,
    and the group must hold a 1 and rows that answered all its columns or none.

    0/1 cells Excel formatted as dates ("1/1/1900" for 1, "1/0/1900" for 0) are read as the number
    they show here and listed in ``dated`` (column -> {text: cells}): the cleaning would count
    "1/0/1900" as chosen, so the scanner must not draft the group from those columns.
    """
    cols = list(columns)
    header = {c: str(questions.get(c) or c) for c in cols}
    out: list[dict] = []
    i = 0
    while i < len(cols):
        before = cols[i - 1] if i else None
        if before is not None and header[cols[i]].startswith(header[before] + "/"):
            stem, joined_col = header[before], before
        else:
            cuts = list(_KOBO_SLASH.finditer(header[cols[i]]))
            stem, joined_col = (header[cols[i]][:cuts[-1].start()] if cuts else None), None
        j = i
        while stem and j < len(cols) and header[cols[j]].startswith(stem + "/") and len(header[cols[j]]) > len(stem) + 1:
            j += 1
        group = cols[i:j]
        # without the joined column, only a group that looks chosen: a 1 somewhere, and every row
        # either answered all its columns or none (counts of 0 under "Caregivers/Qualified - Male" are no options)
        if _zero_one(data, group, dated=True) and (joined_col is not None or (len(group) >= 2 and _chosen_group(data[group]))):
            names = [header[c][len(stem) + 1:].strip() for c in group]
            chosen = ticks(data[group])
            labels = kobo_labels(data[joined_col], chosen, names) if joined_col else {}
            options = [labels.get(n, n) for n in names]
            disagree = _disagree(data[joined_col], chosen, options) if joined_col else 0
            out.append({"columns": group, "options": options, "question": stem, "joined": joined_col,
                        "disagree": disagree, "names": names, "labels": labels,
                        "dated": dated_cells(data[group])})
            i = j
        else:
            i += 1
    return out


def _chosen_group(frame: pd.DataFrame) -> bool:
    blank = frame.isna() | frame.astype(str).apply(lambda s: s.str.strip().eq(""))
    return bool(ticks(frame).any(axis=None)) and bool((blank.all(axis=1) | ~blank.any(axis=1)).all())


def _joined_texts(values: pd.Series) -> pd.Series:
    return values.map(lambda v: " ".join(str(v).split()), na_action="ignore").fillna("")


def _combos(joined_values: pd.Series, chosen: pd.DataFrame) -> pd.Series:
    """How many rows hold each (ticks..., joined text): each distinct answer once, not each row."""
    texts = _joined_texts(joined_values)
    return pd.concat([chosen.reset_index(drop=True), texts.rename("_joined").reset_index(drop=True)],
                     axis=1).value_counts(dropna=False)


def kobo_labels(joined_values: pd.Series, chosen: pd.DataFrame, names: list[str]) -> dict[str, str]:
    """Option name -> label of a Kobo select_multiple whose joined column holds the chosen options'
    labels (the 0/1 columns are headed by XML names). Kobo joins the labels by spaces in the order of
    the choices (the 0/1 columns' order), so each row's words are its options' labels one after the
    other: how many words each label has follows from all rows at once (each row's word count is the
    sum over the options it chose), and each row then cuts into its options' labels. An option chosen
    alone is the row's text; one chosen with others whose labels are known is what the text holds
    between theirs. The most written text wins; options never chosen, and those no row tells apart
    (always chosen together), get no label; :func:`_disagree` counts the rows the labels miss.

    >>> frame = pd.DataFrame({"a": [1, 0, 1, 0], "b": [0, 1, 1, 1], "c": [0, 0, 1, 1]}).astype(bool)
    >>> texts = ["1. Own food", "2. Market, cash", "1. Own food 2. Market, cash 3. Zakat", "2. Market, cash 3. Zakat"]
    >>> kobo_labels(pd.Series(texts), frame, ["a", "b", "c"])
    {'a': '1. Own food', 'b': '2. Market, cash', 'c': '3. Zakat'}
    """
    rows = [([n for n, hit in zip(names, ticks_, strict=True) if hit], text, int(count))
            for (*ticks_, text), count in _combos(joined_values, chosen.set_axis(names, axis=1)).items()]
    rows = [(picked, text, count) for picked, text, count in rows if picked and text]
    found: dict[str, dict[str, int]] = {}
    lengths = _label_lengths(rows, names)
    for picked, text, count in rows:
        words = text.split()
        if all(n in lengths for n in picked) and sum(lengths[n] for n in picked) == len(words):
            at = 0
            for n in picked:
                found.setdefault(n, {}).setdefault(" ".join(words[at:at + lengths[n]]), 0)
                found[n][" ".join(words[at:at + lengths[n]])] += count
                at += lengths[n]
    labels = {n: max(texts, key=lambda t: texts[t]) for n, texts in found.items()}   # ties: the first seen
    while True:   # the rest: what a text holds besides the known labels
        more: dict[str, dict[str, int]] = {}
        for picked, text, count in rows:
            unknown = [k for k, n in enumerate(picked) if n not in labels]
            if len(unknown) != 1:
                continue
            k = unknown[0]
            head, tail = " ".join(labels[n] for n in picked[:k]), " ".join(labels[n] for n in picked[k + 1:])
            if (head and not text.startswith(head + " ")) or (tail and not text.endswith(" " + tail)):
                continue
            middle = text[len(head) + bool(head): len(text) - len(tail) - bool(tail)].strip()
            if middle:
                more.setdefault(picked[k], {}).setdefault(middle, 0)
                more[picked[k]][middle] += count
        if not more:
            break
        labels |= {n: max(texts, key=lambda t: texts[t]) for n, texts in more.items()}
    return labels | _numbered_labels(rows, labels)


_NUMBERED = re.compile(r"^(\d+)\. \S")


def _numbered_labels(rows: list[tuple[list[str], str, int]], labels: dict[str, str]) -> dict[str, str]:
    """Labels the rows leave untold, where every known label is numbered ("4. Market (purchased with
    cash)"): a row cut before each "N. " whose numbers rise, into as many pieces as it chose options."""
    if not labels or not all(_NUMBERED.match(t) for t in labels.values()):
        return {}
    found: dict[str, dict[str, int]] = {}
    for picked, text, count in rows:
        if all(n in labels for n in picked):
            continue
        pieces = re.split(r" (?=\d+\. \S)", text)
        numbers = [int(_NUMBERED.match(p).group(1)) for p in pieces if _NUMBERED.match(p)]
        if len(pieces) != len(picked) or len(numbers) != len(pieces) or numbers != sorted(set(numbers)):
            continue
        if any(labels.get(n, piece) != piece for n, piece in zip(picked, pieces, strict=True)):
            continue   # the known labels must be where the cut puts them
        for n, piece in zip(picked, pieces, strict=True):
            if n not in labels:
                found.setdefault(n, {}).setdefault(piece, 0)
                found[n][piece] += count
    return {n: max(texts, key=lambda t: texts[t]) for n, texts in found.items()}


def _label_lengths(rows: list[tuple[list[str], str, int]], names: list[str]) -> dict[str, int]:
    """Words per label, from each row's word count being the sum of its options' (least squares over
    the distinct answers, weighted by rows): only options the rows tell apart, a whole number of words."""
    import numpy as np

    chosen = [n for n in names if any(n in picked for picked, _, _ in rows)]
    if not chosen:
        return {}
    matrix = np.array([[n in picked for n in chosen] for picked, _, _ in rows], dtype=float)
    words = np.array([len(text.split()) for _, text, _ in rows], dtype=float)
    weight = np.sqrt(np.array([count for _, _, count in rows], dtype=float))[:, None]
    solved, _, rank, _ = np.linalg.lstsq(matrix * weight, words * weight[:, 0], rcond=None)
    # an option the rows tell apart: its unit vector lies in the rows' span (no null vector touches it)
    null = np.linalg.svd(matrix)[2][rank:]
    told = np.abs(null).max(axis=0) < 1e-9 if len(null) else np.ones(len(chosen), dtype=bool)
    words_of = [float(x) for x in solved]
    return {n: round(x) for n, x, ok in zip(chosen, words_of, told, strict=True)
            if ok and abs(x - round(x)) < 0.25 and round(x) >= 1}


def _disagree(joined_values: pd.Series, chosen: pd.DataFrame, options: list[str]) -> int:
    """Rows whose joined answer is not exactly the options their 0/1 columns chose."""
    bad = 0
    for key, count in _combos(joined_values, chosen).items():
        *hits, value = key
        rest = f" {value} "
        for option in sorted((o for o, hit in zip(options, hits, strict=True) if hit), key=len, reverse=True):
            needle = f" {' '.join(option.split())} "
            if needle not in rest:
                bad += count
                break
            rest = rest.replace(needle, " ", 1)
        else:
            bad += count * bool(rest.strip())
    return bad


def joined_misread(joined_values: pd.Series, chosen: pd.DataFrame, options: list[str]) -> int:
    """Rows whose joined answer the cleaning, splitting it at ``options``' texts (separator " ",
    :func:`surveykit.clean.coding.split_known`), reads as other options than the 0/1 columns chose,
    or with parts that are no option."""
    table = {_multi_key(o): o for o in options}
    bad = 0
    for key, count in _combos(joined_values, chosen).items():
        *hits, value = key
        found, unknown = split_known(value, " ", table) if value else ([], [])
        if unknown or sorted(found) != sorted(o for o, hit in zip(options, hits, strict=True) if hit):
            bad += count
    return bad


def numbered_joined(values: pd.Series) -> list[str] | None:
    """The options of a KoboToolbox select_multiple written as one column of its chosen options'
    numbered labels joined by spaces ("1. Own production 4. Market (purchased with cash)"), without
    its 0/1 columns: every answer cuts before each "N. " into labels whose numbers rise, one number is
    always one label, some answers hold two or more that also come apart (:func:`recombined`). None
    otherwise (a numbered single choice, free text).

    >>> numbered_joined(pd.Series(["1. Own food", "2. Market, cash", "1. Own food 2. Market, cash"] * 3))
    ['1. Own food', '2. Market, cash']
    """
    text = present(values).astype(str).map(lambda v: " ".join(v.split()))
    if text.empty:
        return None
    by_number: dict[int, str] = {}
    picks: dict[str, list[str]] = {}
    for answer in dict.fromkeys(text):
        pieces = re.split(r" (?=\d+\. \S)", answer)
        numbers = [int(m.group(1)) for p in pieces if (m := _NUMBERED.match(p))]
        if len(numbers) != len(pieces) or numbers != sorted(set(numbers)):
            return None
        for n, piece in zip(numbers, pieces, strict=True):
            if by_number.setdefault(n, piece) != piece:
                return None
        picks[answer] = pieces
    several = text.map(lambda a: len(picks[a]) > 1)
    if several.mean() < 0.05 or not recombined(list(picks.values())):
        return None
    return [by_number[n] for n in sorted(by_number)]


def unify_option_labels(var) -> None:
    """A multi-select's options (``var``: a drafted variable, its ``options`` and ``sources``, the
    scanned columns with ``option_names``: option text -> the tool's name), each by its label where
    some wave's export tells it: a Kobo option no one chose in a wave keeps its XML name there
    ("other") while another wave labels it ("11. Other (please specify)"); one option, not two. The
    sources' ``columns`` and ``options`` are renamed alike; options no wave labels get a REVIEW note."""
    sources = list(var.sources.values())
    names: dict[str, str] = {}
    for col in sources:
        names.update(col.option_names)
    label: dict[str, str] = {}
    for text, name in names.items():
        if text != name:
            label.setdefault(name, text)
    if not label:
        return

    def relabel(option: str) -> str:
        return label[option] if names.get(option) == option and option in label else option

    for col in sources:
        if col.columns:
            col.columns = {relabel(k): v for k, v in col.columns.items()}
        col.options = list(dict.fromkeys(relabel(o) for o in col.options))
        col.option_names = {relabel(t): n for t, n in col.option_names.items()}
    var.options = list(dict.fromkeys(relabel(o) for o in var.options))
    unnamed = [o for o in var.options if names.get(o) == o]
    if unnamed:
        where = "no export holds" if len(sources) > 1 else "the export holds no"
        var.review.append(f"the options {unnamed} were chosen by no one, so {where} label for them: they keep "
                          "their XML names; write in their labels from the form")


_CODED = re.compile(r"^(?P<stem>.*?[A-Za-z].*?)_(?P<n>\d+)$")


def zero_one_groups(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """Runs of neighbouring columns named by one code and a number (``v_1_1``, ``v_1_2`` ...; SurveyXact's
    dataset.csv, any coded export) without a question text of their own, each holding 0/1 (or nothing)
    and some a 1: the options of one check-box question, named by their columns (the texts are not in
    the export). Two columns or more; the caller says how sure that is.

    >>> frame = pd.DataFrame({"v_1_1": [1, 0, 1], "v_1_2": [0, 1, 1], "v_1_3": [0, 0, None], "age": [3, 4, 5]})
    >>> [g["columns"] for g in zero_one_groups(frame, {}, list(frame))]
    [['v_1_1', 'v_1_2', 'v_1_3']]
    """
    out: list[dict] = []
    run: list[str] = []
    stem = None

    def close() -> None:
        if len(run) >= 2 and _zero_one(data, run) and bool(ticks(data[run]).any(axis=None)):
            out.append({"columns": list(run), "question": stem})
        run.clear()

    for c in columns:
        m = _CODED.match(str(c))
        coded = m is not None and str(questions.get(c) or c).strip() == str(c)
        if not coded or m.group("stem") != stem:
            close()
        stem = m.group("stem") if coded else None
        if coded:
            run.append(c)
    close()
    return out


_REDCAP_CODE = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z0-9_]*?)___(?P<option>[A-Za-z0-9_.-]+)$")
_REDCAP_LABEL = re.compile(r"^(?P<stem>.+?)\s*\(choice=(?P<option>.*)\)\s*$", re.DOTALL)
# Survey Solutions' multi-select: "question__code", 0/1 (n before the digits of a negative code, unverified: allowed)
SUSO_CODE = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z0-9_]*?[A-Za-z0-9])__(?P<option>n?\d+)$")


def checkbox_groups(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str],
                    patterns: Sequence[re.Pattern] = (_REDCAP_CODE, _REDCAP_LABEL)) -> list[dict]:
    """REDCap's checkbox fields: neighbouring columns "field___code" (raw export: 0/1; the options
    are named by code, their labels are in the data dictionary) or "Question (choice=Label)"
    (labels export: "Checked"/"Unchecked"), one per option; ``coded`` tells which. Other
    ``patterns`` (:data:`SUSO_CODE`) find other tools' such columns."""
    cols = list(columns)
    out: list[dict] = []
    i = 0
    while i < len(cols):
        found = None
        for pattern in patterns:
            m = pattern.match(str(questions.get(cols[i]) or cols[i]))
            if m:
                found = pattern, m.group("stem")
                break
        if found is None:
            i += 1
            continue
        pattern, stem = found
        parts = []
        for c in cols[i:]:
            m = pattern.match(str(questions.get(c) or c))
            if not m or m.group("stem") != stem:
                break
            parts.append((c, m.group("option").strip()))
        group = [c for c, _ in parts]
        if _zero_one(data, group):
            out.append({"columns": group, "options": [o for _, o in parts], "question": stem,
                        "coded": pattern is not _REDCAP_LABEL})
        i += len(parts)
    return out


_OTHER_HEADER = re.compile(r"^\W*(other|others|annet|annat|andet|andre)\b", re.IGNORECASE)


def echo_groups(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """Runs of neighbouring columns each holding nothing but its own header's text ("Depression"
    under "Depression"): the options of one checkbox question, as Typeform writes one. Two of
    them at least hold answers; a header seen again starts another run (the next question with
    the same options); a last "Other" column of typed-in text is the group's ``other``.

    >>> frame = pd.DataFrame({"Books": ["Books", None], "Films": [None, "Films"], "Other": ["zines", None]})
    >>> [(g["options"], g["other"]) for g in echo_groups(frame, {}, list(frame))]
    [(['Books', 'Films'], 'Other')]
    """
    cols = list(columns)
    # a header written twice was told apart by the reader (or by pandas) with ".1", ".2"
    header = {c: re.sub(r"\.\d+$", "", " ".join(str(questions.get(c) or c).split())) for c in cols}
    out: list[dict] = []
    run: list[str] = []

    def close(other: str | None) -> None:
        if sum(echo[c] for c in run) >= 2:
            out.append({"columns": list(run), "options": [header[c] for c in run], "other": other})
        run.clear()

    echo: dict[str, bool] = {}
    for c in cols:
        text = present(data[c]).astype(str).map(lambda v: " ".join(v.split()))
        # its header's text (an option chosen) or nothing at all (an option nobody chose); a column
        # of 0s or of "Unchecked" holds no header text (REDCap's fields pmq1 ... *_complete, all 0 or empty)
        echo[c] = not text.empty and bool(text.str.casefold().eq(header[c].casefold()).all())
        if not echo[c] and not text.empty:  # not an option's column
            close(c if run and _OTHER_HEADER.match(header[c]) else None)
            continue
        if header[c].casefold() in {header[x].casefold() for x in run}:
            close(None)
        run.append(c)
    close(None)
    return out


# "Chrome:Which browsers do you use?": the option, a colon (no space after it), the question
_OPTION_FIRST = re.compile(r"^(?P<option>[^:]+?)\s*:(?P<question>\S.*)$", re.DOTALL)


def option_first_groups(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """Runs of neighbouring columns headed "<option>:<question>" for one question, each holding
    nothing but its option's text (SurveyGizmo/Alchemer's export of a checkbox question: "Chrome:Which
    browsers do you use?" holding "Chrome" or nothing): one multi-select question. Two of them at least
    hold answers; a column "Other - Write In:<question>" (any header of that question starting with
    "Other") of typed-in text right after them is the group's ``other``.

    >>> frame = pd.DataFrame({"Books:Which do you borrow?": ["Books", None], "Films:Which do you borrow?": [None, "Films"],
    ...                       "Other - Write In:Which do you borrow?": ["zines", None]})
    >>> [(g["question"], g["options"], g["other"]) for g in option_first_groups(frame, {}, list(frame))]
    [('Which do you borrow?', ['Books', 'Films'], 'Other - Write In:Which do you borrow?')]
    """
    return [g for g in option_first_runs(data, questions, columns) if g["echo"]]


def option_first_runs(data: pd.DataFrame, questions: dict[str, str], columns: Sequence[str]) -> list[dict]:
    """Runs of two or more neighbouring columns headed "<text>:<question>" for one question: with
    ``echo`` set, a checkbox question (see :func:`option_first_groups`); else the rows of a grid
    ("Staff:How would you rate the following?" holding "Good", "Fair" ...), ``options`` their texts."""
    cols = list(columns)
    parts = {}
    for c in cols:
        m = _OPTION_FIRST.match(" ".join(str(questions.get(c) or c).split()))
        if m:
            parts[c] = (m.group("option").strip(), m.group("question").strip())
    out: list[dict] = []
    i = 0
    while i < len(cols):
        if cols[i] not in parts:
            i += 1
            continue
        question = parts[cols[i]][1]
        run: list[str] = []
        j = i
        while j < len(cols) and cols[j] in parts and parts[cols[j]][1] == question:
            run.append(cols[j])
            j += 1
        echo = {}
        for c in run:
            text = present(data[c]).astype(str).map(lambda v: " ".join(v.split()))
            echo[c] = text.empty or bool(text.str.casefold().eq(parts[c][0].casefold()).all())
        other = run[-1] if len(run) > 2 and not echo[run[-1]] and _OTHER_HEADER.match(parts[run[-1]][0]) else None
        options = [c for c in run if c != other]
        filled = [c for c in options if not present(data[c]).empty]
        if all(echo[c] for c in options) and len(filled) >= 2:
            out.append({"columns": options, "options": [parts[c][0] for c in options], "question": question,
                        "other": other, "other_label": parts[other][0] if other else None, "echo": True})
        elif len(run) >= 2 and not any(echo[c] and not present(data[c]).empty for c in run):
            out.append({"columns": run, "options": [parts[c][0] for c in run], "question": question,
                        "other": None, "other_label": None, "echo": False})
        i = max(j, i + 1)
    return out
