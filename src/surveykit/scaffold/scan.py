"""One wave's export described column by column for the draft: what each question is (likert,
single or multiple choice, number, date, text, the respondent id, a tool column), its scale,
its short label, and the typed-in "other" answers that belong to it.

Types are decided on all values of a column, never a sample. What the reader learned about
the tool (system columns, grids, multi-select groups, value labels from a survey definition)
is used first; plain spreadsheets get the same analysis from their headers and answers.

The scanner is put together from one module per concern: :mod:`.personal` (the respondent id
and personal data), :mod:`.column_kinds` and :mod:`.number_columns` (what one column is),
:mod:`.reader_groups` and :mod:`.option_groups` (questions over several columns) and
:mod:`.layout_notes` (what the reader found in the layout).

Example:
    >>> raw = read_export("data/raw/export.csv")       # doctest: +SKIP
    >>> columns, notes = scan(raw, "1")                 # doctest: +SKIP
"""

from __future__ import annotations

import re

from surveykit.clean.coding import UNCHOSEN, one_of
from surveykit.scaffold.answers import is_number_text, repeated_answers, short_answers
from surveykit.scaffold.column import Column, grid_parts, other_text, plain_text, short_label
from surveykit.scaffold.column_kinds import ColumnKinds, date_order_notes
from surveykit.scaffold.layout_notes import layout_notes
from surveykit.scaffold.number_columns import NumberColumns
from surveykit.scaffold.option_groups import OptionGroups
from surveykit.scaffold.personal import PersonalColumns
from surveykit.scaffold.reader_groups import ReaderGroups
from surveykit.scaffold.replicate_weights import replicate_blocks, weight_columns
from surveykit.scaffold.scales import present
from surveykit.scaffold.vendor import roles
from surveykit.scaffold.words import OTHER_TEXT

__all__ = ["scan"]


BLANK_MULTI = ("a respondent who chose no option counts as not answering: the export leaves the cells empty "
               "both for 'saw the question and chose none' and for 'skipped it', so the shares are of those who "
               "chose at least one. If everyone was shown the question and choosing none means none, add "
               "`blank: none` (then the shares are of everyone who got the question)")
ONE_OPTION_BLANK = ("a check box of one option, and the export leaves its cell empty when it was not ticked: among "
                    "those who answered, its share is always 100 %, so the drafted report (config/report.yaml) leaves "
                    "it out. Only if everyone was shown it and an empty cell means 'not ticked', add `blank: none` "
                    "(its share is then of everyone who got the question) and add it to the report")



class _Scanner(PersonalColumns, ColumnKinds, NumberColumns, ReaderGroups, OptionGroups):
    def __init__(self, raw, wave: str, keep=None):
        self.raw, self.wave = raw, wave
        # the answers described: the rows the drafted screening keeps (the tool's own columns, ids and
        # layout are judged on the whole export, ``raw``)
        self.data = raw.data if keep is None else raw.data[keep]
        self.out: list[Column] = []
        self.done: set[str] = set()
        self.notes: list[str] = []
        self.marked: dict[str, None] = {}   # columns whose question text held markup, in order
        self.panel_ids: list[str] = []      # columns of a panel's participant or session ids

    def q(self, col: str) -> str:
        """The question text of ``col`` (its header when the export has no other), without markup."""
        text = str(self.raw.questions.get(col, "") or "")
        text = text if text else ("" if str(col).startswith("column_") else str(col))
        plain = plain_text(text)
        if plain != text:
            self.marked.setdefault(col, None)
        return plain

    def add(self, col: Column, used: list[str]) -> None:
        if col.kind == "multi" and not self._unchosen_written(col):
            col.review.append(BLANK_MULTI)
            if len(col.columns or {}) == 1 or (not col.columns and len(col.options) == 1):
                col.review.append(ONE_OPTION_BLANK)
        if col.kind == "multi":
            one = self._one_chosen(col)
            if one:
                col.review.append(
                    f"no respondent chose more than one of these {len(col.columns)} options ({one} chose one): it "
                    "may be a single choice exported as one column per option (SurveyMonkey does so). Its shares "
                    "are right either way; to use it as one answer (an ordered scale, a `by:` group, a weighting "
                    "margin), make it `type: single` with a scale of these answers (or `likert`), delete "
                    "`options`, and key its `columns:` by the answers as the scale writes them (`{columns: "
                    "{\"Male\": \"Gender\", \"Female\": \"column_3\"}}`); a row with two filled is then named "
                    "by `surveykit validate`")
        self.out.append(col)
        self.done |= set(used)

    def qualtrics_text(self, col: str, question: str) -> bool:
        """A Qualtrics text box (column ``<question id>_<choice>_TEXT`` or ``<question id>_TEXT``)
        drafted: the "other (please specify)" box of its own question (never of the column before it),
        as masked free text; a box holding numbers (the age typed in under "Please write your answer
        below:") as a number. False when ``col`` is no text box."""
        m = _QUALTRICS_TEXT.match(str(col))
        if m is None:
            return False
        owner = m.group("owner") if m.group("owner") in self.data.columns else None
        header = " ".join(question.split())
        choice = grid_parts(_stem(header))
        typed = choice[1] if choice else ""
        if owner is None:  # a text-entry question (QID12_TEXT): free text of its own
            c = self.describe(col, question or str(col))
            if c is not None:
                self.add(c, [col])
            return True
        owned = _stem(self.q(owner)) or owner
        c = self.describe(col, owned) if bool(is_number_text(present(self.data[col])).mean() >= 0.8) else None
        if c is not None and c.kind == "numeric":
            c.review.append(f"the number typed in under choice {m.group('choice') or ''} "
                            f"({typed or 'its text box'!r}) of {owner!r} ({owned!r}): drafted as a number "
                            f"(the export's header: {header!r}); {owner!r} says who chose to type it")
            self.add(c, [col])
            return True
        self.add(other_text(self.wave, col, _selected(self.q(owner)) or owner, owner), [col])
        return True

    def _one_chosen(self, col: Column) -> int:
        """How many respondents chose an option, when none chose two or more of a multi group
        of one column per option (20 at least, or 0)."""
        columns = [c for c in (col.columns or {}).values() if c in self.data.columns]
        if len(columns) < 2:
            return 0
        chosen = one_of(self.data[columns])[1].sum(axis=1)  # as the cleaning judges a chosen option
        return int((chosen == 1).sum()) if chosen.max() <= 1 and (chosen == 1).sum() >= 20 else 0

    def _unchosen_written(self, col: Column) -> bool:
        """Whether the export writes something for an option not chosen ("0", "Not selected"),
        so that a row with nothing at all is one that did not answer."""
        columns = [c for c in (col.columns or {}).values() if c in self.data.columns]
        return any(str(v).casefold() in UNCHOSEN for c in columns for v in present(self.data[c]).unique())


    # -- the whole export ------------------------------------------------------------------
    def run(self) -> tuple[list[Column], list[str]]:
        raw, data = self.raw, self.data
        system, reasons = self.respondent_columns()
        idents = list(reasons)
        for role, col in roles(raw).items():
            if col in self.done or col in idents or present(raw.data[col]).empty:
                continue
            kind = "date" if role in ("started", "submitted") else "text"
            review = date_order_notes(raw.data[col]) if kind == "date" else []
            self.add(Column(self.wave, col, str(col), kind, role=role, review=review), [col])
        skipped = [c for c in system if c not in self.done and c not in idents]
        if skipped:
            self.notes.append(f"wave {self.wave}: skipped tool columns: {skipped}")
        self.notes += layout_notes(raw, self.wave, self.done)
        self.identifier_notes(reasons)
        self.done |= set(system) | set(idents)
        self.replicate_weights()
        matrix = dict(raw.meta.get("matrix", {}) or {})
        multi = dict(raw.meta.get("multi", {}) or {})
        # a check-box grid (Google Forms: "Which days? [Library]" holding "Monday, Tuesday"): each row a
        # multi-select of its own (below), never also a row of a grid whose levels are the combinations
        joined_rows = {k for k, spec in multi.items() if k in data.columns and not spec.get("columns")}
        for key, spec in list(matrix.items()):
            cols = list(spec.get("columns", []))
            if spec.get("multi") is not True and any(c in joined_rows for c in cols):
                rows = list(spec.get("rows", cols))
                kept = [(c, r) for c, r in zip(cols, rows, strict=False) if c not in joined_rows]
                matrix[key] = {**spec, "columns": [c for c, _ in kept], "rows": [r for _, r in kept]}
        for key, spec in matrix.items():
            if spec.get("multi") is True:
                self.multi_matrix(key, spec)
            elif not spec.get("multi"):
                self.matrix(key, spec)
        for key, spec in multi.items():
            self.multi_group(key, spec)
        rest = [c for c in data.columns if c not in self.done]
        self.generic_groups(rest)
        self.questions()
        self.number_twins()
        order = {c: i for i, c in enumerate(data.columns)}
        self.out.sort(key=lambda c: min(order.get(x, 10**6) for x in [c.column, *(c.columns or {}).values()]))
        return self.out, self.notes

    def replicate_weights(self) -> None:
        """An agency's full-sample and replicate weights (:mod:`.replicate_weights`): numeric
        variables for `weighting.replicates`, no questions, named in the header with why."""
        rest = [c for c in self.data.columns if c not in self.done]
        misses: list[str] = []
        blocks = replicate_blocks(self.data[rest], misses)
        self.notes += [f"REVIEW: wave {self.wave}: {why}: drafted as questions. If they are the design's weights, "
                       "take them out of config/report.yaml and name them under `weighting.replicates` in "
                       "surveykit.yaml (docs/own-data.md)" for why in misses]
        for block in blocks:
            for col in [block.full, *block.replicates]:
                kind = "full" if col == block.full else "replicate"
                self.add(Column(self.wave, col, self.q(col) or str(col), "numeric", label=str(col), weight=kind,
                                block=block if kind == "full" else None), [col])
            reps = block.replicates
            self.notes.append(
                f"wave {self.wave}: {block.full!r} is the full-sample weight and {reps[0]!r} … {reps[-1]!r} "
                f"({len(reps)} columns) its replicate weights: the design of the data, not questions; left out of "
                "the questions and of config/report.yaml, used by `weighting.replicates` in surveykit.yaml")
            if block.others:
                self.notes.append(
                    f"REVIEW: wave {self.wave}: {block.others} may be the full-sample weight of {reps[0]!r} … "
                    f"{reps[-1]!r} too (named as weights, with their totals); {block.full!r} was taken: check it "
                    "against the data's documentation (`weighting.replicates.weights`)")
        if not blocks:   # replicate weights give the design, with their full-sample weight
            self.weight_column()

    def weight_column(self) -> None:
        """An export's own survey weight, one column (:func:`.replicate_weights.weight_columns`: named as a
        weight, a number above 0 in every row): a numeric variable for `weighting.weights`, no question.
        Two or more such columns: each kept as a number, none taken (``weight="maybe"``: the `weighting:`
        block's REVIEW note names them). One named as a weight but with empty cells, 0s or negative
        numbers: a question as before, with a REVIEW note saying why it was not taken."""
        rest = [c for c in self.data.columns if c not in self.done]
        found, refused = weight_columns(self.data[rest], {c: self.q(c) for c in rest})
        self.notes += [f"REVIEW: wave {self.wave}: {why}: not taken as the survey weight, drafted as a question. If it "
                       "is the weight, leave those rows out by a screening rule (`complete: {required: [<variable>]}`"
                       ", `complete: {variable: <variable>, incomplete: [0]}`) and name it under `weighting.weights` "
                       "in surveykit.yaml (docs/own-data.md)" for why in refused]
        kind = "data" if len(found) == 1 else "maybe"
        for w in found:
            self.add(Column(self.wave, w.column, self.q(w.column) or w.column, "numeric", label=w.column, weight=kind,
                            block=w), [w.column])
        if len(found) == 1:
            self.notes.append(f"wave {self.wave}: {found[0].column!r} is the survey weight (named as a weight, a "
                              f"positive number in every row: {found[0].values()}): no question; left out of "
                              "config/report.yaml, named by `weighting.weights` in surveykit.yaml (REVIEW there)")
        elif found:
            self.notes.append(f"REVIEW: wave {self.wave}: {[w.column for w in found]} each look like the survey "
                              "weight (named as a weight, a positive number in every row): none was taken; kept as "
                              "numbers, left out of config/report.yaml (see `weighting:` in surveykit.yaml)")

    def questions(self) -> None:
        """The columns no group took, one question each (an "other" box after its question: its
        typed-in text), then the notes on empty columns and on question texts with markup."""
        raw, data = self.raw, self.data
        typed_other = {o: q for q, others in (raw.meta.get("other") or {}).items() for o in others}
        empty: list[str] = []
        screened: list[str] = []   # answered only in rows the drafted screening rejects (previews, tests)
        previous: str | None = None
        for col in data.columns:
            if col in self.done:
                previous = col if col in data.columns else previous
                continue
            question = self.q(col)
            if present(data[col]).empty:
                (empty if data is raw.data or present(raw.data[col]).empty else screened).append(col)
                self.done.add(col)
                continue
            if raw.format == "qualtrics" and col not in typed_other:
                # Qualtrics names its text boxes by their question: Q4_4_TEXT is choice 4 of Q4; any other
                # column is a question of its own, whatever its words ("... such as other celebrities ...")
                if self.qualtrics_text(col, question):
                    continue
                c = self.describe(col, question or str(col))
                if c is not None:
                    self.add(_chosen(c), [col])
                previous = col
                continue
            marked = bool(OTHER_TEXT.search(question) or OTHER_TEXT.search(str(col)))
            owner = typed_other.get(col) or (previous if previous and (not question or marked) else None)
            if owner is not None and col not in typed_other and self.own_question(question, owner, col):
                owner = None   # "... elija 'Otro' y agregue su obstáculo en el texto": a question of its own
            if owner is not None and (marked or col in typed_other or not short_answers(data[col])):
                self.add(other_text(self.wave, col, self.q(owner) or owner, owner), [col])
                continue
            c = self.describe(col, question or f"{self.q(previous) if previous else col}")
            if c is not None:
                self.add(c, [col])
            previous = col
        if empty:
            self.notes.append(f"wave {self.wave}: left out {len(empty)} empty column(s): {empty[:8]}"
                              + (" ..." if len(empty) > 8 else ""))
        if screened:
            self.notes.append(f"REVIEW: wave {self.wave}: left out {len(screened)} column(s) answered only in rows the "
                              f"drafted screening rejects (tests, previews, unfinished answers): {screened[:8]}"
                              + (" ..." if len(screened) > 8 else "") + "; add one by hand if those rows are kept")
        drafted = {x for c in self.out for x in [c.column, *(c.columns or {}).values()]}
        shown = [c for c in self.marked if c in drafted]   # not a tool column left out ("__version__")
        if shown:
            self.notes.append(f"REVIEW: wave {self.wave}: the question text of {len(shown)} column(s) holds markup "
                              "(HTML tags such as <strong>, Markdown *emphasis*): removed from their labels, "
                              "questions and names; `column:` keeps the export's header: "
                              f"{shown[:8]}" + (" ..." if len(shown) > 8 else ""))

    def own_question(self, question: str, owner: str, col: str) -> bool:
        """A column after a question whose words mention an "Other" box, but which is a question of its
        own: its text is neither an "Other ..." label nor the previous question's, and many respondents
        gave the same answers (chosen options; an "Other" box holds typed texts, mostly each once).
        Google and Microsoft Forms write no column of their own for an "Other" box (the typed text is in
        the choice's own column): there a text of its own is enough."""
        if not question or _OTHER_LABEL.match(question):
            return False
        theirs = _stem(self.q(owner) or str(owner))
        mine = _stem(question)
        if not theirs or mine == theirs or mine.startswith(theirs):
            return False
        return self.raw.format in ("googleforms", "msforms") or repeated_answers(self.data[col])


_OTHER_LABEL = re.compile(r"^\W*(other|others|annet|annat|anna|andet|andre|otro|otra|otros|otras|autre|autres|"
                          r"sonstige|sonstiges)\b", re.IGNORECASE)
_QUALTRICS_TEXT = re.compile(r"^(?P<owner>.+?)(?:_(?P<choice>-?\d+))?_TEXT$")


def _stem(text: str) -> str:
    """A Qualtrics question text without the part its column adds ("How old are you? - Selected
    Choice" -> "How old are you?")."""
    return re.sub(r"\s+-\s+(?:Selected Choice|Text)$", "", " ".join(text.split())).strip()


def _selected(text: str) -> str:
    """A Qualtrics choice column's question text without the " - Selected Choice" its export adds."""
    return re.sub(r"\s+-\s+Selected Choice$", "", text.rstrip())


def _chosen(c: Column) -> Column:
    """``c`` with its question text and its label (when drawn from it) without " - Selected Choice"."""
    plain = _selected(c.question)
    if plain != c.question:
        if c.label == short_label(c.question):
            c.label = short_label(plain)
        c.question = plain
    return c


def scan(raw, wave: str, keep=None) -> tuple[list[Column], list[str]]:
    """Describe every column of one export; returns the questions and comment lines on what was left out.
    ``keep`` (a mask over the rows, :func:`surveykit.scaffold.vendor.kept_rows`): the answers' kinds,
    levels and ranges are read from those rows only (a Survey Preview's age of 2147483647 is none);
    the tool's own columns, the respondent id and the layout from the whole export."""
    return _Scanner(raw, wave, keep).run()
