"""What survey tools mark in their exports: time stamps, previews, tests, spam and unfinished
answers, and the screening rules a draft proposes for them.

Each tool's columns get a *role* (``started``, ``submitted``, ``status``, ``finished``,
``progress``, ``completed``); :func:`roles` finds them, :func:`proposals` turns them into
screening rules for surveykit.yaml (test / complete / duplicate / window).

Example:
    >>> import pandas as pd
    >>> from surveykit.io.raw import RawExport
    >>> raw = RawExport(pd.DataFrame({"Status": ["IP Address", "Survey Preview"], "Finished": ["True", "False"]}),
    ...                 "q.csv", "qualtrics", meta={"system_columns": ["Status", "Finished"]})
    >>> sorted(roles(raw).items())
    [('finished', 'Finished'), ('status', 'Status')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from surveykit.io.soscisurvey import TEST_MODES as SOSCI_TEST_MODES
from surveykit.scaffold.tool_columns import (
    KOBO_NOT_APPROVED,
    REDCAP_DONE,
    is_tool,
    kobo_not_approved,
    redcap_stamp,
    redcap_status,
)

__all__ = ["Proposal", "kept_rows", "proposals", "roles", "timestamps", "unread_status"]

# role -> column names, per tool (first found wins)
_ROLE_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "qualtrics": {"status": ("Status",), "finished": ("Finished",), "progress": ("Progress",),
                  "started": ("StartDate", "Start Date"), "submitted": ("RecordedDate", "EndDate", "End Date"),
                  "channel": ("DistributionChannel", "Distribution Channel")},
    "surveymonkey": {"started": ("Start Date", "StartDate"), "submitted": ("End Date", "EndDate")},
    "limesurvey": {"submitted": ("submitdate", "Date submitted"), "started": ("startdate", "Date started"),
                   "lastpage": ("lastpage", "Last page")},
    "nettskjema": {"started": ("$created", "Opprettet"), "submitted": ("$modified", "Endret")},
    "msforms": {"started": ("Starttidspunkt", "Start time", "Starttid"),
                "submitted": ("Fullføringstidspunkt", "Completion time", "Tid för slutförande", "Sluttid",
                              "Fuldførelsestidspunkt")},
    "googleforms": {"submitted": ("Timestamp", "Tidsmerke", "Tidsstempel", "Tidstämpel", "Marca temporal",
                                  "Zeitstempel", "Horodateur", "Carimbo de data/hora", "Informazioni cronologiche")},
    "soscisurvey": {"started": ("STARTED",), "submitted": ("LASTDATA",), "finished": ("FINISHED",),
                    "mode": ("MODE",)},
}
_GENERIC_TIME = re.compile(r"^(start ?date|end ?date|started|submitted|created|timestamp|tidsstempel|tidsmerke|"
                           r"opprettet|innsendt|date submitted|recorded ?date|completion time|starttidspunkt|"
                           r"fullføringstidspunkt|submitdate|datestamp|startdate|"
                           r"inskickad|inskickat|skickad|slutdatum|startdatum|besvarad|indsendt|oprettet|"
                           r"innsendt dato|tidspunkt for innsending|besvarelsesdato|besvarelsestidspunkt|"
                           r"svardato|svarsdatum|"
                           r"zuletzt aktualisiert am|zuletzt aktualisiert|beendet am|abgeschlossen am|eingereicht am|"
                           r"last updated|last updated on|last updated at|last modified|completed at|completed on|"
                           r"finished at|finished on|submitted at|submitted on|submission date|submission time|submission timestamp)$",
                           re.IGNORECASE)  # sv, da, nb, de, en; Jotform's "Submission Date"
# a plain export's start time (UmfrageOnline's "Gestartet am"; "Started on"): the answer's start
_GENERIC_START = re.compile(r"^(gestartet am|begonnen am|started at|started on)$",
                            re.IGNORECASE)
_STATUS_NAME = re.compile(r"^(status|intervjustatus|svarstatus|response ?status|completion ?status|survey ?status|"
                          r"respondent ?status|svarsstatus|besvarelsesstatus|statut|statut de la réponse|estado de la respuesta|"
                          r"bearbeitungsstatus|teilnahmestatus)$", re.IGNORECASE)
# the one list of status answers meaning "completed" (nb, nn, sv, da, en), for a SurveyXact status option
# ("Gennemført") and a status column's values alike; the whole answer, so "Partially completed" is none
_DONE = re.compile(r"^(fullført|fullfort|gjennomført|gjennomfort|ferdig|complete|completed|finished|fuldført|fuldfort|"
                   r"besvaret|besvart|genomförd|genomford|klar|full|avsluttet|avslutta|slutförd|slutford|fullständig|"
                   r"fullstandig|fullfört|besvarad|gennemført|gennemfort|afsluttet|komplet|"
                   r"abgeschlossen|beendet|vollständig|vollstandig|fertig|komplett|ausgefüllt|"   # de (UmfrageOnline)
                   r"terminé|termine|complété|complet|achevé|"                           # fr
                   r"completado|completada|completo|terminado|terminada|finalizado|finalizada)$",  # es
                   re.IGNORECASE)
_TEST_ID = re.compile(r"^\s*test", re.IGNORECASE)

# Qualtrics Status: 0 IP Address (a respondent), 1 Survey Preview, 2 Survey Test, 4 Imported, 8 Spam,
# 9 Preview Spam, 12 Imported Spam, 16 Offline, 17 Offline Survey Preview
QUALTRICS_NOT_REAL = (1, 2, 8, 9, 12, 17, "Survey Preview", "Survey Test", "Spam", "Preview Spam", "Imported Spam",
                      "Offline Survey Preview")
_TRUE = (1, "True")   # matched after case folding: 1, 1.0, "1", "True", "TRUE", "true"
SOSCI_FINISHED = (1, "T", "True")   # SoSci Survey's FINISHED: 1/0, or T/F as its R import reads it


def _done_values(raw, col: str) -> list:
    """The values of a status column that mean "completed": the texts, and the codes labelled so."""
    labels = raw.value_labels.get(col) or {}
    texts = sorted({str(v).strip() for v in raw.data[col].dropna().unique() if _DONE.match(str(v).strip())})
    codes = sorted(c for c, lab in labels.items() if _DONE.match(str(lab).strip()))
    return [*texts, *codes, *[str(labels[c]) for c in codes if str(labels[c]) not in texts]]


def roles(raw) -> dict[str, str]:
    """Role -> column of the tool's own columns in ``raw`` (time stamps, status, finished...)."""
    cols = list(raw.data.columns)
    out: dict[str, str] = {}
    for role, names in _ROLE_NAMES.get(raw.format, {}).items():
        hit = next((c for c in names if c in cols), None)
        if hit is not None:
            out[role] = hit
    if raw.format == "limesurvey":  # its own columns under headings in the survey's language ("Datum verzonden")
        named = raw.meta.get("limesurvey_columns") or {}
        for role, code in (("submitted", "submitdate"), ("started", "startdate"), ("lastpage", "lastpage")):
            if role not in out and named.get(code) in cols:
                out[role] = named[code]
    if raw.format == "surveyxact":
        status = raw.meta.get("status") or {}
        for col, option in zip(status.get("columns", []), status.get("options", []), strict=False):
            if _DONE.match(str(option).strip()) and col in cols:
                out["completed"] = col
    if raw.format != "qualtrics" and "completed" not in out:
        for col in cols:
            if _STATUS_NAME.match(str(raw.questions.get(col, col)).strip()) or _STATUS_NAME.match(str(col).strip()):
                values = set(_done_values(raw, col)) | {str(v).strip() for v in raw.data[col].dropna().unique()}
                if any(_DONE.match(str(v)) for v in values) and raw.data[col].nunique() <= 6:
                    out["completion"] = col
                    break
    out |= _plain_tool_roles(raw, out)
    if raw.format not in ("qualtrics", "soscisurvey") and not out.keys() & _DONE_ROLES:
        flag = finished_flag(raw.data, raw.questions)
        if flag is not None:
            out["finished"] = flag
    if "started" not in out and "submitted" not in out:
        times = [c for c in cols if _GENERIC_TIME.match(str(c).strip())]
        ends = [c for c in times if not re.match(r"start", str(c).strip(), re.IGNORECASE)]  # the answer's end first
        if times:
            out["submitted"] = (ends or times)[0]
        starts = [c for c in cols if _GENERIC_START.match(str(c).strip()) and c not in out.values()]
        if starts:   # "Gestartet am" beside "Zuletzt aktualisiert am" (UmfrageOnline)
            out["started"] = starts[0]
    return out


_DONE_ROLES = {"finished", "progress", "completed", "completion", "form_complete"}
# a column saying whether the respondent finished, by its header ("Finished": Formbricks, and plain exports)
_FINISHED_NAME = re.compile(r"^(finished|is finished|completed|is completed|complete|fullført|fullfort|ferdig|"
                            r"gjennomført|gjennomfort|genomförd|genomford|slutförd|fuldført|gennemført)\??$", re.IGNORECASE)
_YES = {"yes", "true", "1", "1.0", "ja", "y", "j"}
_NO = {"no", "false", "0", "0.0", "nei", "nej", "n"}


def finished_flag(data: pd.DataFrame, questions: Mapping[Any, Any] | None = None) -> str | None:
    """The column saying yes or no to "did the respondent finish?" (headed ``Finished``, ``Completed``,
    ``Fullført`` ...; every answer yes / no, true / false or 1 / 0, some of them yes), or None. A
    column whose question (an SPSS or Stata variable label) says more than that is a question
    ("Have you completed upper secondary school?"), not the flag.

    >>> finished_flag(pd.DataFrame({"Finished": ["Yes", "No", "Yes"], "Q1": ["a", "b", "c"]}))
    'Finished'
    >>> finished_flag(pd.DataFrame({"Completed": ["Often", "Never"]})) is None
    True
    >>> finished_flag(pd.DataFrame({"completed": [1, 0]}), {"completed": "Have you completed school?"}) is None
    True
    """
    for col in data.columns:
        asked = str((questions or {}).get(col) or col).strip()
        if not (_FINISHED_NAME.match(str(col).strip()) and _FINISHED_NAME.match(asked)):
            continue
        given = {str(v).strip().casefold() for v in data[col].dropna().unique()} - {""}
        if given and given <= _YES | _NO and given & _YES:
            return col
    return None


def finished_values(values: pd.Series) -> list[str]:
    """The answers of a finished flag that mean finished, as the export writes them ("Yes", "TRUE", 1)."""
    return sorted({str(v).strip() for v in values.dropna().unique() if str(v).strip().casefold() in _YES})


def unread_status(raw) -> str | None:
    """What a draft must say when the export has a status (SurveyXact's status question, or a column
    named as one) but none of its answers is known as "completed": no rule can then keep the
    completed answers only, and the draft must not claim the export marks none. None otherwise."""
    found = roles(raw)
    if raw.format == "qualtrics" or found.keys() & {"finished", "progress", "completed", "completion", "form_complete"}:
        return None
    status = raw.meta.get("status") or {}
    if raw.format == "surveyxact" and status.get("options"):
        shown = ", ".join(f"{c} = {str(o)!r}" for c, o in zip(status.get("columns", []), status["options"],
                                                             strict=False))
        return (f"the export has SurveyXact's status question ({status.get('question', 'statoverall')!r}: {shown}) "
                "but none of its options is known as completed, so unfinished questionnaires are kept: map the "
                "column of the completed option as a variable (`name: completed`, `type: text`, its `column:`) "
                "and add `complete: {variable: completed, values: [1]}` here")
    for col in raw.data.columns:
        if not (_STATUS_NAME.match(str(raw.questions.get(col, col)).strip()) or _STATUS_NAME.match(str(col).strip())):
            continue
        values = sorted({str(v).strip() for v in raw.data[col].dropna().unique()} - {""})
        if 1 < len(values) <= 6:
            return (f"the column {col!r} looks like a status ({', '.join(map(repr, values))}) but none of its answers "
                    "is known as completed, so unfinished answers are kept if it marks them: map it as a variable "
                    "(`type: text`) and add `complete: {variable: <its name>, values: [<the completed answer>]}` here")
    return None


def _plain_tool_roles(raw, found: dict[str, str]) -> dict[str, str]:
    """Roles of KoboToolbox's and REDCap's columns in a plain spreadsheet export: Kobo's ``start``
    and ``end`` (else ``_submission_time``), and its ``_validation_status`` when it marks a
    submission "Not Approved"; REDCap's instrument status ``<instrument>_complete`` (the first with
    a "Complete" answer) and that instrument's ``_timestamp``."""
    cols = [str(c) for c in raw.data.columns]
    out: dict[str, str] = {}
    if is_tool("kobo", cols) and "started" not in found and "submitted" not in found:
        if "start" in cols:
            out["started"] = "start"
        end = next((c for c in ("end", "_submission_time") if c in cols), None)
        if end:
            out["submitted"] = end
    if is_tool("typeform", cols) and "started" not in found and "submitted" not in found:
        named = {c.strip().casefold(): c for c in cols}
        out |= {role: named[name] for role, name in (("started", "start date (utc)"), ("submitted", "submit date (utc)"))
                if name in named}
        kind = named.get("response type")   # completed / partial
        if kind is not None and raw.data[kind].dropna().astype(str).str.strip().map(lambda v: bool(_DONE.match(v))).any():
            out["completion"] = kind
    if is_tool("odkcentral", cols) and "started" not in found and "submitted" not in found:
        # the form's own start/end metadata when it has them, else the server's time of receipt
        out |= {"started": "start"} if "start" in cols else {}
        out["submitted"] = "end" if "end" in cols else next(c for c in cols if c.strip().casefold() == "submissiondate")
    if is_tool("kobo", cols) and kobo_not_approved(raw.data):
        out["validation"] = "_validation_status"
    done = {str(v).casefold() for v in REDCAP_DONE} | {"2.0"}
    status = [c for c in redcap_status(raw.data)
              if raw.data[c].dropna().astype(str).str.strip().str.casefold().isin(done).any()]
    if status:
        out["form_complete"] = status[0]
        stamp = redcap_stamp(status[0], cols)
        if stamp and "submitted" not in found:
            out["submitted"] = stamp
    return out


def timestamps(raw) -> pd.Series | None:
    """The answers' time stamps (the tool's end or start time), as datetimes, or None."""
    from surveykit.clean.coding import parse_dates

    found = roles(raw)
    for role in ("submitted", "started"):
        col = found.get(role)
        if col is None:
            continue
        parsed, _ = parse_dates(raw.data[col])
        parsed = parsed.dropna()
        if len(parsed) and len(parsed) >= 0.5 * raw.n_rows and parsed.dt.year.between(1990, 2100).all():
            return parsed
    return None


@dataclass
class Proposal:
    """A screening rule for surveykit.yaml: its key, the rule (variables by role), and why."""

    key: str                       # test | complete | duplicate | window
    rule: dict[str, Any]
    why: str
    roles: list[str] = field(default_factory=list)   # role variables the rule needs
    review: str | None = None      # what a person should check (a REVIEW line above the rule)


def proposals(raw, found: dict[str, str], has_id: bool, id_column: str | None = None) -> list[Proposal]:
    """The screening rules the tool's own columns call for (one per key at most)."""
    out: list[Proposal] = []
    if "status" in found:
        out.append(Proposal("test", {"variable": "status", "values": list(QUALTRICS_NOT_REAL)},
                            "Qualtrics previews, tests and spam (column Status)", ["status"]))
    elif "channel" in found:
        out.append(Proposal("test", {"variable": "distribution_channel", "values": ["preview", "test"]},
                            "Qualtrics previews and tests (column DistributionChannel)", ["channel"]))
    elif "mode" in found:
        seen = raw.data[found["mode"]].dropna().astype(str).str.strip().value_counts()
        shown = ", ".join(f"{v!r} x{n}" for v, n in seen.items())
        out.append(Proposal("test", {"variable": "mode", "values": list(SOSCI_TEST_MODES)},
                            f"SoSci Survey's test interviews (column {found['mode']!r}: "
                            f"{', '.join(SOSCI_TEST_MODES)})", ["mode"],
                            review=f"rejects the interviews SoSci Survey ran from the project's administration "
                                   f"(MODE {', '.join(map(repr, SOSCI_TEST_MODES))}: tests and previews); the export "
                                   f"holds {shown}. Add a mode to `values` if it marks tests too"))
    if "finished" in found and raw.format == "soscisurvey":
        out.append(Proposal("complete", {"variable": "finished", "values": list(SOSCI_FINISHED)},
                            f"interviews the respondent did not finish (SoSci Survey column {found['finished']!r}: "
                            "1 or T finished, 0 or F not)", ["finished"]))
    elif "finished" in found and raw.format == "qualtrics":
        out.append(Proposal("complete", {"variable": "finished", "values": list(_TRUE)},
                            "answers the respondent did not finish (Qualtrics column Finished)", ["finished"]))
    elif "finished" in found:
        col = found["finished"]
        done = finished_values(raw.data[col])
        counts = raw.data[col].dropna().astype(str).str.strip().value_counts()
        shown = ", ".join(f"{v!r} x{n}" for v, n in counts.items())
        out.append(Proposal("complete", {"variable": "finished", "values": done},
                            f"answers the respondent did not finish (column {col!r}: {shown})", ["finished"],
                            review=f"keeps only the rows whose {col!r} is {' or '.join(map(repr, done))}; the others "
                                   "are rejected as `incomplete`. If unfinished answers are to be kept (the questions "
                                   "they answered count), remove the rule"))
    elif "progress" in found:
        out.append(Proposal("complete", {"variable": "progress", "values": [100]},
                            "answers below 100 % progress (Qualtrics column Progress)", ["progress"]))
    elif "completed" in found:
        out.append(Proposal("complete", {"variable": "completed", "values": [1]},
                            "questionnaires not completed (SurveyXact status)", ["completed"]))
    elif "completion" in found:
        col = found["completion"]
        done = _done_values(raw, col)
        seen = raw.data[col].dropna().astype(str).str.strip()
        counts = seen[seen != ""].value_counts()
        others = ", ".join(f"{v!r} x{n}" for v, n in counts.items() if not _DONE.match(str(v)))
        kept = ", ".join(f"{v!r} x{n}" for v, n in counts.items() if _DONE.match(str(v)))
        out.append(Proposal("complete", {"variable": "completion_status", "values": done},
                            f"answers not completed (column {col!r})", ["completion"],
                            review=f"keeps only the rows whose {col!r} says completed ({kept or done}); the others"
                                   + (f" ({others})" if others else "") + " are rejected as `incomplete`. If "
                                   "unfinished answers are to be kept (the questions they answered count), remove "
                                   "the rule; if another answer means completed too, add it to `values`"))
    elif "form_complete" in found:
        col = found["form_complete"]
        others = [c for c in redcap_status(raw.data) if c != col]
        also = (f"; the export has other instruments' status columns too ({', '.join(others)}): screen on the "
                "instrument that is your survey" if others else "")
        out.append(Proposal("complete", {"variable": "form_complete", "values": list(REDCAP_DONE)},
                            f"answers whose instrument is not marked Complete (REDCap column {col!r}: 0 Incomplete, "
                            "1 Unverified, 2 Complete)", ["form_complete"],
                            review=f"keeps only the rows whose {col!r} is 2 (Complete); 'Unverified' (1) answers "
                                   f"are rejected too: add 1 to `values` to keep them{also}"))
    elif raw.format == "limesurvey" and "submitted" in found:
        out.append(Proposal("complete", {"required": ["submitted"]},
                            f"answers never submitted (LimeSurvey: empty {found['submitted']!r})", ["submitted"]))
    elif "validation" in found:
        out.append(Proposal("complete", {"variable": "validation_status", "incomplete": list(KOBO_NOT_APPROVED)},
                            f"submissions marked Not Approved (KoboToolbox column {found['validation']!r})",
                            ["validation"],
                            review="rejects the submissions a reviewer marked 'Not Approved' in KoboToolbox; those "
                                   "approved, on hold or not validated are kept. Remove the rule to keep them all"))
    if has_id and id_column is not None and not any(p.key == "test" for p in out):
        ids = raw.data[id_column].dropna().astype(str)
        if ids.str.match(_TEST_ID).any():
            out.append(Proposal("test", {"variable": "respondent_id", "pattern": "(?i)^\\s*test"},
                                "test answers (their respondent id starts with 'test')"))
    if has_id:
        out.append(Proposal("duplicate", {"variable": "respondent_id"}, "later rows repeating a respondent id"))
    stamps = timestamps(raw)
    if stamps is not None:
        role = next(r for r in ("submitted", "started") if r in found)
        first, last = stamps.min().date(), stamps.max().date()
        out.append(Proposal("window", {"variable": role, "from": first.isoformat(), "to": last.isoformat()},
                            f"answers outside the field period (column {found[role]!r}; the export runs "
                            f"{first} to {last})", [role]))
    return out


def kept_rows(raw) -> tuple[pd.Series | None, list[str]]:
    """The rows the drafted screening keeps by the tool's own marks (``test`` and ``complete``:
    Qualtrics' previews, tests, spam and unfinished answers, LimeSurvey's unsubmitted ones, SoSci
    Survey's test interviews, ...), as a mask over ``raw``'s rows, with what each rule rejects
    ("Qualtrics previews, tests and spam (column Status): 3 rows"); None when no rule rejects a row.
    A rule that would reject every row is left out, as the draft switches it off. The draft reads
    the answers' kinds, levels and `valid:` ranges from these rows only: an age of 2147483647 typed
    into a Survey Preview is no answer the build ever sees."""
    from surveykit.clean.screening import screen
    from surveykit.scaffold.check import rules_of

    found = roles(raw)
    data = raw.data
    keep = pd.Series(True, index=data.index)
    said: list[str] = []
    for p in proposals(raw, found, has_id=False):
        if p.key not in ("test", "complete"):
            continue
        names = [p.rule["variable"]] if p.rule.get("variable") else list(p.rule.get("required", []))
        if len(names) != len(p.roles) or any(found.get(r) not in data.columns for r in p.roles):
            continue
        values = {n: data[found[r]].where(data[found[r]].astype(str).str.strip() != "")
                  for n, r in zip(names, p.roles, strict=True)}
        hit = screen(values, rules_of({p.key: p}, {p.key}), data.index).notna()
        if not hit.any() or hit.all():
            continue
        keep &= ~hit
        said.append(f"{p.why}: {int(hit.sum())} row(s)")
    return (keep if said else None), said
