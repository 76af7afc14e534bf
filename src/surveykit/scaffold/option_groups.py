"""The scanner's detectors of questions spread over several columns: multi-select groups (one
column per option, as KoboToolbox, REDCap, Typeform, SurveyMonkey and coded exports write them),
check-box grids and grids of one scale, and a header repeated for the same question asked twice.

:class:`OptionGroups` is mixed into :class:`surveykit.scaffold.scan._Scanner`, whose state
(``data``, ``raw``, ``done``, ``notes``, ``out``) and adders (``multi_group``, ``matrix``, ``add``,
``q``) it uses.
"""

from __future__ import annotations

import re

import pandas as pd

from surveykit.scaffold.answers import is_number_text, short_answers
from surveykit.scaffold.column import Column, grid_parts
from surveykit.scaffold.multi import (
    SUSO_CODE,
    checkbox_groups,
    echo_groups,
    joined_misread,
    marker_column,
    numbered_joined,
    option_columns,
    option_first_runs,
    option_text,
    select_multiple_groups,
    ticks,
    zero_one_groups,
)
from surveykit.scaffold.scales import present
from surveykit.scaffold.tool_columns import is_tool
from surveykit.scaffold.words import FILE_NAME, OTHER_TEXT

__all__ = ["OptionGroups"]

UNCHOSEN_WORDS = {"not selected", "not checked", "unchecked", "ikke valgt", "ikkje valt", "inte vald", "ej vald"}




FREE_TEXT_HEADER = re.compile(
    r"begründ|erläuter|erklär|kommentar|anmerkung|warum|\bwhy\b|explain|comment|reason|\(optional\)|"
    r"please specify|describe|begrunn|forklar|kommenta|varför|hvorfor|motiv", re.I)


def essay_member(values: pd.Series, header: str, others: pd.Series) -> bool:
    """A member of a shared-stem group whose answers are free text typed by respondents ("Geld - 10.
    Begründen Sie ihre Entscheidungen. (optional)" after nine 1-7 ratings): mostly distinct and
    sentence-like (three words or more, or long), or, under a header asking for reasons or comments,
    not a few repeated answers and one of four words or more; and never when half its answers are
    answers the other members give too (options of their scale). Such a column is no row of the grid's scale: it is drafted on
    its own (as text, never published), and the scale is built from the other members."""
    answers = present(values).astype(str).str.strip()
    answers = answers[answers.ne("")]
    if answers.empty or bool(is_number_text(answers).all()):
        return False
    seen = {" ".join(a.split()).casefold() for a in others.astype(str)}
    if answers.map(lambda a: " ".join(a.split()).casefold() in seen).mean() >= 0.5:
        return False   # answers the other rows give too: options of the grid's scale
    words = answers.str.split().str.len()
    wordy = (words >= 3) | (answers.str.len() >= 30)
    if FREE_TEXT_HEADER.search(str(header)) and bool((words >= 4).any()) and not short_answers(answers):
        return True
    return (len(answers) >= 3 and answers.nunique() >= 0.8 * len(answers) and float(wordy.mean()) >= 0.6
            and float(words.median()) >= 3)


_COLON_ROW = re.compile(r"^(?P<stem>[^:]*[^:\s]):\s+(?P<row>[^:]*\S)$")


def colon_rows(columns: list[str], question) -> dict[str, tuple[str, str]]:
    """(stem, row) of neighbouring columns headed "<question>: <row>" for one question, as EUSurvey heads
    a matrix's rows ("Your opinion: The staff were helpful"): only runs of two or more, so a single
    question whose text holds a colon stays whole."""
    parts = {c: _COLON_ROW.match(" ".join(str(question(c)).split())) for c in columns}
    out: dict[str, tuple[str, str]] = {}
    for i, c in enumerate(columns):
        m = parts[c]
        if m is None:
            continue
        near = [columns[j] for j in (i - 1, i + 1) if 0 <= j < len(columns)]
        if any(parts[n] is not None and parts[n].group("stem") == m.group("stem") for n in near):
            out[c] = (m.group("stem"), m.group("row"))
    return out


class OptionGroups:
    """Questions spread over several columns (see the module)."""

    def multi_matrix(self, key: str, spec: dict) -> None:
        """A grid with check boxes (Qualtrics multi-answer matrix): one multi-select question per row."""
        cols = [c for c in spec.get("columns", []) if c in self.data.columns]
        rows: dict[str, list[tuple[str, str]]] = {}
        for c, label in zip(cols, spec.get("rows", cols), strict=False):
            row, _, option = str(label).rpartition("-")
            rows.setdefault(row or str(label), []).append((option or str(label), c))
        question = str(spec.get("question") or key)
        for row, pairs in rows.items():
            if all(present(self.data[c]).empty for _, c in pairs):
                continue
            self.add(Column(self.wave, pairs[0][1], f"{question} [{row}]", "multi", label=row,
                            columns=dict(pairs), group=key), [c for _, c in pairs])
        self.done |= set(cols)

    def generic_groups(self, rest: list[str]) -> None:
        """Per-option multi-select groups and grids of plain spreadsheets (headers share a stem)."""
        self.tool_option_groups(rest)
        rest = [c for c in rest if c not in self.done]
        self.yes_no_repeats(rest)
        rest = [c for c in rest if c not in self.done]
        for g in option_first_runs(self.data, {c: self.q(c) for c in rest}, rest):
            if g["echo"]:   # SurveyGizmo/Alchemer's checkbox: "Chrome:Which browsers do you use?" holding "Chrome"
                self.multi_group(g["question"], {"columns": g["columns"], "options": g["options"], "question":
                                                 g["question"], "other": [g["other"]] if g["other"] else [],
                                                 "other_label": g["other_label"], "keep_options": True})
                continue
            stacked = pd.concat([present(self.data[c]) for c in g["columns"]], ignore_index=True)
            if stacked.astype(str).nunique() <= 15 or bool(is_number_text(stacked).all()):
                # its grid: "Staff:How would you rate the following?" holding the scale's answers
                self.matrix(g["question"], {"columns": g["columns"], "rows": g["options"], "question": g["question"]})
        rest = [c for c in rest if c not in self.done]
        for g in option_columns(self.data, {c: self.q(c) for c in rest}, rest):
            self.multi_group(g["question"], {"columns": g["columns"], "options": g["options"], "question":
                                             g["question"], "other": [g["other"]] if g["other"] else []})
        rest = [c for c in rest if c not in self.done]
        self.blank_header_groups(rest)
        rest = [c for c in rest if c not in self.done]
        self.coded_option_groups(rest)
        rest = [c for c in rest if c not in self.done]
        self.zero_one_option_groups(rest)
        rest = [c for c in rest if c not in self.done]
        self.echo_option_groups(rest)
        rest = [c for c in rest if c not in self.done]
        grids: dict[str, list[tuple[str, str]]] = {}
        colon = colon_rows(rest, self.q)
        for c in rest:
            parts = grid_parts(self.q(c)) or colon.get(c)
            if parts is not None:
                grids.setdefault(parts[0], []).append((c, parts[1]))
        for stem, members in grids.items():
            cols = [c for c, _ in members]
            if len(members) < 2 or any(pd.api.types.is_datetime64_any_dtype(self.data[c]) for c in cols):
                continue
            essays = [c for c in cols if essay_member(self.data[c], self.q(c), pd.concat(
                [present(self.data[o]) for o in cols if o != c], ignore_index=True))]
            if essays and len(cols) - len(essays) >= 2:   # a text box among ratings: no row of their scale
                members = [(c, r) for c, r in members if c not in essays]
                cols = [c for c, _ in members]
            stacked = pd.concat([present(self.data[c]) for c in cols], ignore_index=True)
            if stacked.astype(str).nunique() > 15 and not bool(is_number_text(stacked).all()):
                continue  # text answers, not a grid of one scale
            # a text box: "Other (please specify)", or a column Qualtrics names Q4_20_TEXT headed "... - Text"
            typed = [c for c, row in members if OTHER_TEXT.search(row) or (re.search(r"\bother\b", row, re.I)
                     and not short_answers(self.data[c])) or re.search(r"_TEXT$", str(c))
                     or re.search(r"\s[-–—]\s*text$", self.q(c), re.I)]
            rows = [(c, r) for c, r in members if c not in typed]
            if len(rows) < 2:
                continue
            self.matrix(stem, {"columns": [c for c, _ in rows], "rows": [r for _, r in rows], "question": stem,
                               "other": typed})

    def yes_no_repeats(self, rest: list[str]) -> None:
        """Columns right after a column of answers joined by ";", each headed by one of its options and
        holding only Yes/No (EUSurvey's "split multiple choice" export writes both): they repeat the
        joined column, which is drafted as the question; left out, with a note."""
        cols = list(self.data.columns)
        for i, c in enumerate(cols):
            if c not in rest:
                continue
            joined_text = present(self.data[c]).astype(str)
            if joined_text.empty or not joined_text.str.contains(";", regex=False).any():
                continue
            parts = {p.strip().casefold() for v in joined_text for p in v.split(";") if p.strip()}
            run = []
            for n in cols[i + 1:]:
                marks = set(present(self.data[n]).astype(str).str.strip().str.casefold())
                named = str(self.q(n)).strip().casefold() in parts or (marks <= {"no"} and bool(run))
                if n not in rest or not named:   # an option nobody chose: "No" in every row
                    break
                if not marks or not marks <= {"yes", "no", "ja", "nei", "nej"}:
                    break
                run.append(n)
            if len(run) >= 2:
                self.done |= set(run)
                self.notes.append(f"wave {self.wave}: left out {run}: each repeats one option of {c!r} (the "
                                  "options chosen, joined by ';') as Yes/No; the joined column is drafted")

    def tool_option_groups(self, rest: list[str]) -> None:
        """KoboToolbox's select_multiple and REDCap's checkboxes: one 0/1 column per option."""
        questions = {c: self.q(c) for c in rest}
        for g in select_multiple_groups(self.data, questions, rest):
            if g["dated"]:
                self.kobo_dated_group(g)
                continue
            review = [] if g["joined"] else [
                f"read as one multi-select question: {len(g['columns'])} columns of 0/1 headed "
                f"'{g['question']}/<option>' (KoboToolbox's select_multiple); if they are separate yes/no "
                "questions, make each its own variable"]
            if g["joined"]:
                self.done.add(g["joined"])
                mismatch = (f"; REVIEW: in {g['disagree']} row(s) it does not hold the options the 0/1 columns "
                            "chose: check the export" if g["disagree"] else "; it holds the same answers")
                named = {n: lab for n, lab in g["labels"].items() if lab != n}
                labelled = (f"; its labels name the options (the 0/1 columns are headed by their XML names, "
                            f"e.g. {next(iter(named))!r} = {next(iter(named.values()))!r})" if named else "")
                self.notes.append(f"wave {self.wave}: left out {g['joined']!r}: the options chosen, joined by "
                                  f"spaces, of the multi-select whose 0/1 columns follow it (KoboToolbox writes both; "
                                  f"the 0/1 columns are used){labelled}{mismatch}")
            self.multi_group(g["question"], {"columns": g["columns"], "options": g["options"], "names": g["names"],
                                             "question": g["question"], "review": review})
        rest = [c for c in rest if c not in self.done]
        if is_tool("kobo", self.data.columns):
            self.kobo_numbered_joined(rest)
            rest = [c for c in rest if c not in self.done]
        for g in checkbox_groups(self.data, questions, rest):
            review = ["REDCap writes 0 (\"Unchecked\") for every option not checked, also when the field was not "
                      "shown: a row with none checked counts as choosing none"]
            if g["coded"]:
                review.insert(0, f"the options are named by their codes ({', '.join(g['options'])}): their labels "
                                 f"are in the REDCap data dictionary (field {g['question']!r}, column 'Choices'); "
                                 "write them in as the options' labels")
            self.multi_group(g["question"], {"columns": g["columns"], "options": g["options"],
                                             "question": g["question"], "review": review})
        if self.raw.format == "surveysolutions":
            left = [c for c in rest if c not in self.done]
            for g in checkbox_groups(self.data, {c: str(c) for c in left}, left, (SUSO_CODE,)):
                review = [f"read as one multi-select: {len(g['columns'])} columns of 0/1 headed "
                          f"'{g['question']}__<code>' (Survey Solutions' multi-select); the options are named by "
                          f"their codes ({', '.join(g['options'])}): their labels are in the .do (Stata) or SPSS "
                          "file of the same export; write them in as the options' labels"]
                self.multi_group(g["question"], {"columns": g["columns"], "options": g["options"],
                                                 "question": g["question"], "review": review})

    def kobo_numbered_joined(self, rest: list[str]) -> None:
        """A KoboToolbox select_multiple exported without its 0/1 columns: one column of the chosen
        options' labels joined by spaces, the labels numbered ("1. Own production 4. Market (purchased
        with cash)"): split at its numbered labels (:func:`surveykit.scaffold.multi.numbered_joined`),
        never at a comma inside one."""
        for col in rest:
            options = numbered_joined(self.data[col])
            if options is None:
                continue
            self.add(Column(self.wave, col, self.q(col), "multi", separator=" ", options=options, review=[
                "read as a multi-select: KoboToolbox joins the labels of the options chosen by spaces, and these "
                f"answers are runs of numbered labels ('{options[0][:40]}' ...), split before each number (never at "
                "a comma inside a label). Its options are those chosen here: compare them with the form"]), [col])

    def kobo_dated_group(self, g: dict) -> None:
        """A Kobo select_multiple some of whose 0/1 cells Excel shows as dates ("1/1/1900" for 1,
        "1/0/1900" for 0): the cleaning would count "1/0/1900" as chosen, so the 0/1 columns are left
        out. The joined column of the chosen labels is drafted instead, split at the options' labels,
        when it reads as the 0/1 columns (their dates taken as the 0 or 1 shown) in every row; else it
        is kept as text (or, without one, the question is left out), with a REVIEW note."""
        cols, joined_col, question = g["columns"], g["joined"], g["question"]
        shown = "; ".join(f"{c!r}: " + ", ".join(f"{t!r} x{k}" for t, k in texts.items())
                          for c, texts in list(g["dated"].items())[:3]) + (" ..." if len(g["dated"]) > 3 else "")
        why = (f"{len(g['dated'])} of its {len(cols)} 0/1 columns hold dates ({shown}): Excel's display of 1 "
               "(1/1/1900) and 0 (1/0/1900, the day before) in cells formatted as dates, as when the export is "
               "opened and saved again in Excel. The cleaning would count '1/0/1900' as chosen")
        self.done |= set(cols)
        if joined_col is None:
            self.notes.append(f"REVIEW: wave {self.wave}: the multi-select {question!r} (0/1 columns {cols[:4]}"
                              f"{' ...' if len(cols) > 4 else ''}) is left out: {why}, and the export has no column "
                              "of its chosen options to read instead. Export the data again from KoboToolbox (or "
                              "format those cells as numbers in Excel) and draft again")
            return
        self.done.add(joined_col)
        chosen = ticks(self.data[cols])
        named = [n for n in g["names"] if chosen[cols[g["names"].index(n)]].any()]
        labels = [g["labels"].get(n, n) for n in g["names"]]
        misread = joined_misread(self.data[joined_col], chosen, labels) if all(
            n in g["labels"] for n in named) else None
        if misread == 0:
            self.add(Column(self.wave, joined_col, question, "multi", separator=" ", options=labels, review=[
                f"{why}, so the options are read from {joined_col!r} instead, KoboToolbox's column of the chosen "
                "options' labels joined by spaces, split at the labels (never at a comma inside one): it reads as "
                "the 0/1 columns, their dates taken as the 0 or 1 shown, in every row. Export the data from "
                "KoboToolbox again without opening it in Excel for the next wave"],
                option_names=dict(zip(labels, g["names"], strict=True))), [joined_col])
            return
        lacking = [n for n in named if n not in g["labels"]]
        because = (f"no row tells the label of {lacking[:4]}" if lacking else
                   f"in {misread} row(s) it does not read as the 0/1 columns (their dates taken as the 0 or 1 shown)")
        self.add(Column(self.wave, joined_col, question, "text", review=[
            f"{why}; {joined_col!r} (the chosen options' labels joined by spaces) cannot be split for sure: "
            f"{because}. Kept as text (not counted in any table). Export the data again from KoboToolbox (or format "
            "the 0/1 cells as numbers in Excel) and draft again"]), [joined_col])

    def echo_option_groups(self, rest: list[str]) -> None:
        """Neighbouring columns each holding its own header's text or nothing (Typeform's checkboxes,
        whose question text is not in the export): one multi-select question, named by its options."""
        cols = list(self.data.columns)
        groups = echo_groups(self.data, {c: self.q(c) for c in rest}, rest)
        grouped = {c for g in groups for c in [*g["columns"], g["other"]]}
        for g in groups:
            # the question they follow: the nearest column before them with answers, of no such group
            asked = [c for c in cols[:cols.index(g["columns"][0])] if c not in grouped and not present(self.data[c]).empty]
            before = f" (they follow the question {self.q(asked[-1])!r})" if asked else ""
            question = "Options: " + "; ".join(g["options"])
            review = [f"these {len(g['columns'])} neighbouring columns each hold their own header's text or nothing: "
                      "the options of one checkbox question (Typeform writes one column per option and leaves the "
                      f"question's text out), drafted as one multi-select; write its question and label{before}"]
            self.multi_group(question, {"columns": g["columns"], "options": g["options"], "question": question,
                                        "other": [g["other"]] if g["other"] else [], "review": review,
                                        "keep_options": True})

    def coded_option_groups(self, rest: list[str]) -> None:
        """Columns named by code and number (q0020_0001, q0020_0002, ...), each holding its option's
        text or "Not selected" (or blank): one multi-select question, the texts its options."""
        groups: dict[str, list[str]] = {}
        for c in rest:
            m = re.match(r"^(.*?[A-Za-z].*?)[_.](\d+)$", str(c))
            if m and self.q(c).strip() in ("", str(c)):   # a code, no question text
                groups.setdefault(m.group(1), []).append(c)
        for stem, cols in groups.items():
            texts = [option_text(self.data[c]) for c in cols]
            chosen = [t for t in texts if t]
            if len(cols) < 2 or None in texts or len(chosen) < 2 or len(set(chosen)) < len(chosen):
                continue
            marked = any(present(self.data[c]).astype(str).str.strip().str.casefold().isin(UNCHOSEN_WORDS).any()
                         for c in cols)
            if not marked and any(present(self.data[c]).nunique() > 1 for c in cols):
                continue
            if all(FILE_NAME.match(t) for t in chosen):
                continue   # the names of uploaded files (Nettskjema's attachment_1, attachment_2): no options
            review = [] if marked or len(cols) > 2 else [
                f"read as one multi-select question of two options, {chosen[0]!r} and {chosen[1]!r}: the columns "
                f"{cols[0]!r} and {cols[1]!r} share a code and each holds one text or nothing, but nothing marks an "
                "option not chosen and two columns are little to go by; if they are separate questions, make each "
                "its own variable"]
            self.multi_group(stem, {"columns": cols, "options": [t or c for t, c in zip(texts, cols, strict=True)],
                                    "question": stem, "review": review})

    def zero_one_option_groups(self, rest: list[str]) -> None:
        """Neighbouring 0/1 columns named by one code and a number, without question texts (SurveyXact's
        dataset.csv drafted without its labels.csv and structure.csv): one multi-select question whose
        options are named by their columns, with a REVIEW note (the texts, and whether they are one
        question, are not in the export)."""
        for g in zero_one_groups(self.data, {c: self.q(c) for c in rest}, rest):
            cols = g["columns"]
            review = [f"read as one multi-select question: {len(cols)} neighbouring columns named {g['question']}_<n> "
                      f"({cols[0]!r} ... {cols[-1]!r}) hold only 0/1 and the export gives no question text, so the "
                      "options are named by their columns: write in the question and each option's text (SurveyXact "
                      "gives them in labels.csv and structure.csv next to dataset.csv: draft from that folder). If "
                      "they are separate yes/no questions, make each its own variable"]
            if len(cols) == 2:
                review.append("only two columns: little to tell one check-box question from two yes/no questions")
            self.multi_group(g["question"], {"columns": cols, "options": cols, "question": g["question"],
                                             "review": review})

    def blank_header_groups(self, rest: list[str]) -> None:
        """Columns without a header after a question (flattened SurveyMonkey): one option each."""
        cols = list(self.data.columns)
        i = 0
        while i < len(cols):
            c = cols[i]
            run = [c]
            while i + len(run) < len(cols) and not self.q(cols[i + len(run)]) and cols[i + len(run)] in rest:
                run.append(cols[i + len(run)])
            if c in rest and len(run) >= 2 and self.q(c):
                kinds = [marker_column(self.data[x]) for x in run]
                filled = [x for x in run if not present(self.data[x]).empty]
                if len(filled) >= 2 and all(k == "option" for k in kinds[:-1]) and kinds[-1] is not None:
                    options = [str(present(self.data[x]).iloc[0]) if not present(self.data[x]).empty else x
                               for x in run]
                    self.multi_group(c, {"columns": run, "options": options, "question": self.q(c)})
            i += len(run)

    def number_twins(self) -> None:
        """Columns of one header repeated (the same question asked twice): the header and `occurrence`
        (1 = the first such column) name each, as a spreadsheet user sees them."""
        names = {c: str(self.raw.questions.get(c, c)) for c in self.data.columns}
        for c in self.out:
            twins = [x for x in self.data.columns if names[x] == names.get(c.column)]
            if len(twins) > 1 and c.columns is None and c.column in twins and names[c.column] in self.data.columns:
                c.header, c.occurrence = names[c.column], twins.index(c.column) + 1
