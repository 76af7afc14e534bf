"""The own columns of tools whose exports the readers take as plain spreadsheets: KoboToolbox
(``_id``, ``_uuid``, ``_submission_time``, ``__version__``, ``start``, ``end``, ...) and REDCap
(``redcap_survey_identifier``, ``<instrument>_timestamp``, ``<instrument>_complete``), and
locations (a geopoint: "lat lon alt precision" in one cell, or ``_<name>_latitude`` ...; a
column of coordinates headed ``latitude``, ``lon``, ``lng``, ``breddegrad`` ...).

:func:`tool_columns` says which columns are the tool's (left out of the questions, some given a
role by :mod:`surveykit.scaffold.vendor`) and which hold personal data (left out, with why).

Example:
    >>> import pandas as pd
    >>> from surveykit.io.raw import RawExport
    >>> raw = RawExport(pd.DataFrame({"_uuid": ["a"], "_submission_time": ["2025-11-24 14:52:27"],
    ...                               "_submitted_by": ["enumerator1"], "Q1": ["Yes"]}), "k.xlsx", "xlsx")
    >>> found = tool_columns(raw)
    >>> found.system, sorted(found.personal)
    (['_uuid', '_submission_time'], ['_submitted_by'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from surveykit.io.surveysolutions import SYSTEM as SUSO_SYSTEM
from surveykit.io.surveysolutions import status_note as suso_status_note

__all__ = ["KOBO_NOT_APPROVED", "SIGNATURES", "ToolColumns", "coordinate_columns", "geopoint_columns", "is_tool", "kobo_not_approved", "redcap_stamp",
           "redcap_status", "redcap_status_columns", "tool_columns"]

# KoboToolbox's metadata and submission columns (labels and XML-values exports alike)
KOBO_SYSTEM = {"_id", "_uuid", "_index", "_status", "_version", "__version__", "_validation_status", "_notes",
               "_tags", "_submission_time", "_parent_index", "_parent_table_name", "_submission__id",
               "_submission__uuid", "_submission__submission_time", "_submission__validation_status",
               "_submission__notes", "_submission__status", "_submission__submitted_by", "_submission__tags",
               "_xform_id_string", "_attachments", "_media_count", "_total_media", "_media_all_received",
               "_geolocation", "_bamboo_dataset_id", "start", "end", "today", "audit", "audit_URL",
               "meta/instanceID", "meta/instanceName", "meta/rootUuid", "meta/deprecatedID", "meta/audit",
               "formhub/uuid", "instanceID", "instanceName", "rootUuid", "deprecatedID"}
# who submitted, and the device's own numbers: personal data
KOBO_PERSONAL = {"_submitted_by": "the account name of whoever submitted the form (KoboToolbox)",
                 "_submission__submitted_by": "the account name of whoever submitted the form (KoboToolbox)",
                 "username": "the device user's name (KoboToolbox/ODK metadata)",
                 "deviceid": "the device's id (IMEI; KoboToolbox/ODK metadata)",
                 "phonenumber": "the device's phone number (KoboToolbox/ODK metadata)",
                 "subscriberid": "the SIM's subscriber id (IMSI; KoboToolbox/ODK metadata)",
                 "simserial": "the SIM's serial number (KoboToolbox/ODK metadata)",
                 "_geolocation": "a location (latitude and longitude)"}
_KOBO_SIGNS = ({"_uuid", "_submission_time"}, {"_id", "_submission_time", "_index"}, {"__version__", "_uuid"})
_GEO_PART = re.compile(r"^_(?P<base>.+)_(?P<part>latitude|longitude|altitude|precision)$")
# "0.5814025 31.3923132 1335.8 68.4": latitude and longitude with decimals (codes "1 3" of a joined
# select_multiple are no location), then altitude and precision; a geotrace/geoshape joins points by ";"
_POINT = r"-?\d{1,2}\.\d+ -?\d{1,3}\.\d+(?: -?\d+(?:\.\d+)?){0,2}"
_GEOPOINT = re.compile(rf"^{_POINT}(?:\s*;\s*{_POINT})*;?$")
# raw export: <instrument>_complete, <instrument>_timestamp; labels export: "Complete?", "Survey Timestamp"
# (repeated per instrument: "Complete?.1" ...), with the labels Incomplete / Unverified / Complete
_REDCAP_STATUS = re.compile(r"^(?:(?P<form>\w+)_complete|Complete\?(?:\.\d+)?)$")
_REDCAP_STAMP = re.compile(r"^(?:\w+_timestamp|Survey Timestamp(?:\.\d+)?)$")
_REDCAP_LABELS = {"Incomplete", "Unverified", "Complete"}
_REDCAP_WHO = ("redcap_survey_identifier", "Survey Identifier")
REDCAP_DONE = (2, "Complete")   # 0 Incomplete, 1 Unverified, 2 Complete (raw codes, and the labels export)
# Kobo's validation status a reviewer gave a submission: the labels export, and the XML values export
KOBO_NOT_APPROVED = ("Not Approved", "validation_status_not_approved")
GEO_REASON = "a location (geopoint: latitude, longitude, altitude, precision): personal data"
# a header naming one coordinate of a location, read as lower-case words ("GPS_Latitude", "lng", "Breddegrad")
_COORDINATE = re.compile(r"(?:(?:gps|geo|location|loc|position|posisjon|koordinat|coordinate|home|device)\s?)?"
                         r"(?:latitude|longitude|lat|lon|lng|breddegrad|lengdegrad|længdegrad|latitud|longitud)"
                         r"(?:\s?\d+)?")
# UmfrageOnline's own columns before the questions ("ID", "Gestartet am", "Zuletzt aktualisiert am", "Status",
# "Collector", "Sprache", "IP-Adresse", "Gerät"; in English "Started on", "Language", "Device" ...): the
# link the answer came by, the survey's language and the device are the tool's, not questions
_UMFRAGEONLINE_SIGNS = {"collector", "sprache", "language", "gerät", "gerat", "device", "ip-adresse", "ip address",
                        "gestartet am", "zuletzt aktualisiert am", "started on", "last updated on", "status"}
_UMFRAGEONLINE_TOOL = {"collector", "sprache", "language", "gerät", "gerat", "device"}
# SurveyCTO's own columns (its CSV, and the Stata/SPSS files made from it, lower-cased): the form's version
# (a number such as 1710051010, no answer), the submission's key and instance name, its times and duration
_SURVEYCTO_SIGNS = {"formdef_version", "submissiondate", "key", "instancename", "instanceid", "caseid", "starttime",
                    "endtime", "duration", "devicephonenum"}
_SURVEYCTO_TOOL = {"formdef_version", "instancename", "instanceid", "review_status", "review_comments",
                   "review_corrections", "review_quality", "caseid"}
COORDINATE_REASON = "the coordinates of a location (by its header and answers): personal data"
# SurveyGizmo/Alchemer's own columns before the questions ("Response ID", "Time Started", "Date Submitted",
# "Status", "Contact ID", "Legacy Comments", "Comments", "Language", "Referer", "SessionID", "User Agent",
# "Tags", "IP Address", "Longitude", "Latitude", "Country", "City", "State/Region", "Postal"): the tool's
# notes, tags and the page the respondent came from are no questions; the place it looked up from the
# respondent's IP address (city, region, postal code) is personal data
_ALCHEMER_SIGNS = {"response id", "time started", "date submitted", "status", "contact id", "legacy comments",
                   "referer", "sessionid", "user agent", "ip address", "state/region", "postal"}
_ALCHEMER_TOOL = {"contact id", "legacy comments", "comments", "language", "referer", "extended referer", "tags",
                  "extended user agent", "country"}
_ALCHEMER_PLACE = {"city", "state/region", "postal"}
# EUSurvey's own columns after the questions ("Invitation Number", "Contribution Id", "User Name", "Creation
# Date", "Last Update", "Languages", a quiz's "Total Score"; src/main/java/com/ec/survey/tools/export/
# CommonExcelExportCreator.java of EUSurvey/EUSURVEY): an anonymous survey writes "Anonymous" in the first three
_EUSURVEY_SIGNS = {"invitation number", "contribution id", "user name", "creation date", "last update", "languages"}
_EUSURVEY_TOOL = {"invitation number", "languages", "total score"}
# QuestionPro's own columns before the questions ("Response ID", "Response Status", "IP Address", "Timestamp
# (mm/dd/yyyy)", "Duplicate", "Time Taken to Complete (Seconds)", "Seq. Number", "External Reference",
# "Custom Variable 1" ..., "Respondent Email", "Email List", "Country Code", "Region"): the time taken and
# the row's sequence number are no questions (no means of them), "Region" the place looked up from the IP
_QUESTIONPRO_SIGNS = {"response id", "response status", "ip address", "timestamp (mm/dd/yyyy)", "duplicate",
                      "time taken to complete (seconds)", "seq. number", "external reference", "respondent email",
                      "email list", "country code", "region"}
_QUESTIONPRO_TOOL = {"time taken to complete (seconds)", "seq. number", "external reference", "email list",
                     "country code", "duplicate", "country"}
# the geo codes it looks up from the respondent's IP with "Advanced Analysis Tools" ("Country, Region, City,
# DMA Code and Area Code": questionpro.com/help/122-inline.html): below the country, the place is personal data
_QUESTIONPRO_PLACE = {"region", "city", "dma code", "area code"}


# Typeform's own columns: "#" (the response's token, first), then after the questions "Response Type"
# (completed / partial), "Start Date (UTC)", "Stage Date (UTC)" (a partial's last step), "Submit Date (UTC)",
# "Network ID" (a hash of the respondent's network: responses from one Wi-Fi or office share it, so it is
# no respondent id), "Tags" and "Ending" (the ending screen shown): Typeform CSVs quoted in public code, and
# typeform.com/developers/responses/reference/retrieve-responses (response_type, metadata.network_id)
_TYPEFORM_SIGNS = {"response type", "start date (utc)", "stage date (utc)", "submit date (utc)", "tags", "ending"}
_TYPEFORM_TOOL = {"network id", "stage date (utc)", "tags", "ending"}


# Formbricks' download (CSV or Excel): "No." (the row's number), "Response ID", "Timestamp", "Finished" (Yes / No),
# "Quotas", "Survey ID", "Formbricks ID (internal)" and "User ID" (the contact's ids: who answered), "Notes" (the
# team's notes, each "<member's name>: <text>"), "Tags", then the response's metadata ("source", "url", "action",
# "country", "userAgent - browser" / "- os" / "- device"), the questions, and "Verified Email" (formbricks/
# formbricks, apps/web/lib/response/service.ts getResponseDownloadFile and utils.ts getResponsesJson)
_FORMBRICKS_SIGNS = {"no.", "response id", "timestamp", "finished", "quotas", "survey id", "formbricks id (internal)",
                     "user id", "notes", "tags"}
_FORMBRICKS_TOOL = {"no.", "survey id", "quotas", "notes", "tags", "source", "url", "action", "country",
                    "useragent - browser", "useragent - os", "useragent - device"}
_FORMBRICKS_WHO = {"formbricks id (internal)", "user id"}

# ODK Central's (and ODK Briefcase's) CSV: "SubmissionDate" first, group paths joined by "-" ("g1-q2"), a split
# select_multiple "q/option", then "KEY" (the submission's instance id), "SubmitterID", "SubmitterName" (the
# web or app user who sent it), "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState"
# (approved / hasIssues / rejected / edited), "DeviceID", "Edits", "FormVersion" (getodk/central-backend,
# test/integration/other/select-many.js and test/integration/api/submissions.js)
_ODK_SIGNS = {"meta-instanceid", "submitterid", "submittername", "attachmentspresent", "attachmentsexpected", "status",
              "reviewstate", "deviceid", "edits", "formversion"}
_ODK_TOOL = _ODK_SIGNS - {"submittername", "deviceid"}


@dataclass
class ToolColumns:
    """The tool's own columns (left out of the questions) and the personal ones (left out, with why)."""

    system: list[str] = field(default_factory=list)
    personal: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)   # REVIEW notes on them
    id_column: str | None = None   # the tool's own id of a response (Typeform's "#")


@dataclass(frozen=True)
class _Signature:
    """How a tool's export shows itself: among the columns in ``window`` (compared case-folded unless
    ``exact``), every column of one of the ``required`` sets, and at least ``least`` of ``signs``."""

    window: slice
    required: tuple[frozenset[str], ...]
    signs: frozenset[str] = frozenset()
    least: int = 0
    exact: bool = False


_ALL = slice(None)
SIGNATURES = {
    # KoboToolbox: its submission columns anywhere, as written
    "kobo": _Signature(_ALL, tuple(map(frozenset, _KOBO_SIGNS)), exact=True),
    # UmfrageOnline: "Collector", "Sprache"/"Language", "Gerät"/"Device", "Gestartet am" ... among the first
    "umfrageonline": _Signature(slice(None, 12), (frozenset({"collector"}),), frozenset(_UMFRAGEONLINE_SIGNS), 4),
    # SurveyGizmo/Alchemer: "Time Started" and "Date Submitted" with four more of its own among the first
    "alchemer": _Signature(slice(None, 25), (frozenset({"time started", "date submitted"}),),
                           frozenset(_ALCHEMER_SIGNS), 6),
    # EUSurvey: "Contribution Id" with three more of its own among the last columns
    "eusurvey": _Signature(slice(-8, None), (frozenset({"contribution id"}),), frozenset(_EUSURVEY_SIGNS), 4),
    # QuestionPro: "Time Taken to Complete (Seconds)" with four more of its own among the first
    "questionpro": _Signature(slice(None, 30), (frozenset({"time taken to complete (seconds)"}),),
                              frozenset(_QUESTIONPRO_SIGNS), 5),
    # Typeform: "#" and "Network ID" with one more of its own anywhere
    "typeform": _Signature(_ALL, (frozenset({"#", "network id"}),), frozenset(_TYPEFORM_SIGNS), 1),
    # ODK Central / Briefcase: "SubmissionDate" and "KEY" with two more of its own
    "odkcentral": _Signature(_ALL, (frozenset({"submissiondate", "key"}),), frozenset(_ODK_SIGNS), 2),
    # Survey Solutions (its SPSS file, or its tab file read otherwise): ``interview__id`` with two more of its own
    "surveysolutions": _Signature(_ALL, (frozenset({"interview__id"}),), frozenset(SUSO_SYSTEM), 2),
    # Formbricks: "Formbricks ID (internal)" with three more of its own among the first
    "formbricks": _Signature(slice(None, 12), (frozenset({"formbricks id (internal)"}),), frozenset(_FORMBRICKS_SIGNS), 4),
    # SurveyCTO: ``formdef_version`` with ``KEY`` or ``SubmissionDate`` anywhere
    "surveycto": _Signature(_ALL, (frozenset({"formdef_version"}),), frozenset(_SURVEYCTO_SIGNS), 3),
}


def is_tool(tool: str, columns) -> bool:
    """Whether the columns show ``tool``'s export (a key of :data:`SIGNATURES`).

    >>> is_tool("kobo", ["_uuid", "_submission_time", "Q1"]), is_tool("surveycto", ["Q1"])
    (True, False)
    """
    sign = SIGNATURES[tool]
    window = {str(c) if sign.exact else str(c).strip().casefold() for c in list(columns)[sign.window]}
    return any(need <= window for need in sign.required) and len(window & sign.signs) >= sign.least


def geopoint_columns(data: pd.DataFrame) -> list[str]:
    """Columns holding a location: Kobo's ``_<name>_latitude`` / ``_longitude`` / ``_altitude`` /
    ``_precision`` (and ``<name>`` itself), and any column whose answers are all geopoints,
    "lat lon [alt [precision]]" (also geotraces and geoshapes, points joined by ";")."""
    cols = [str(c) for c in data.columns]
    out: list[str] = []
    for c in cols:
        m = _GEO_PART.match(c)
        if m:
            out += [x for x in (m.group("base"), c) if x in cols and x not in out]
    for c in cols:
        if c in out:
            continue
        given = data[c].dropna()
        if given.empty or not (pd.api.types.is_string_dtype(given) or given.dtype == object):
            continue
        text = given.astype(str).str.strip()
        text = text[text != ""]
        if len(text) and text.str.contains(" ", regex=False).all() and text.str.fullmatch(_GEOPOINT).all():
            out.append(c)
    return out


def _words(header: str) -> str:
    """A header as lower-case words: camelCase, '_', '-', '/' and punctuation split ("GPS_Latitude" -> "gps latitude")."""
    text = re.sub(r"(?<=[a-zæøå])(?=[A-ZÆØÅ])", " ", str(header))
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def coordinate_columns(data: pd.DataFrame, skip=()) -> list[str]:
    """Columns headed as a coordinate (``latitude``, ``longitude``, ``lat``, ``lon``, ``lng``,
    ``breddegrad``, ``lengdegrad`` ..., also "GPS latitude") whose answers are all numbers
    between -180 and 180 (a decimal comma too): a location, whatever tool wrote it."""
    out = []
    for c in data.columns:
        if c in skip or not _COORDINATE.fullmatch(_words(c)):
            continue
        given = data[c].dropna()
        text = given.astype(str).str.strip().str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text[text != ""], errors="coerce")
        if len(numbers) and numbers.notna().all() and numbers.abs().le(180).all():
            out.append(str(c))
    return out


# the other parts of a device's location reading beside its latitude and longitude (SurveyCTO's
# gpslatitude, gpslongitude, gpsaltitude, gpsaccuracy; "GPS_Altitude", "_gps_precision"; Survey Solutions'
# gps__Accuracy, gps__Altitude, gps__Timestamp: when the reading was taken)
_SIBLING = re.compile(r"(?P<prefix>.*?)\s?(?:altitude|accuracy|precision|timestamp|alt|acc)")


def location_siblings(data: pd.DataFrame, found: list[str], skip=()) -> list[str]:
    """The altitude and accuracy columns that share their prefix ("gps") with a coordinate found."""
    prefixes = set()
    for c in found:
        m = re.match(r"(?P<prefix>.*?)\s?(?:latitude|longitude|lat|lon|lng)", _words(c))
        if m and m.group("prefix").strip():
            prefixes.add(m.group("prefix").strip())
    out = []
    for c in data.columns:
        if c in skip or str(c) in found:
            continue
        m = _SIBLING.fullmatch(_words(c))
        if m and m.group("prefix").strip() in prefixes:
            out.append(str(c))
    return out


def redcap_status_columns(columns) -> list[str]:
    """REDCap's instrument status columns ``<instrument>_complete``, when the export is REDCap's
    (``record_id``, ``redcap_*`` or ``<instrument>_timestamp`` columns beside them)."""
    cols = [str(c) for c in columns]
    status = [c for c in cols if _REDCAP_STATUS.match(c)]
    redcap = any(c.startswith("redcap_") or _REDCAP_STAMP.match(c) or c in ("record_id", "Record ID", *_REDCAP_WHO)
                 for c in cols)
    return status if status and redcap else []


def redcap_status(data: pd.DataFrame) -> list[str]:
    """The status columns whose answers are REDCap's: 0/1/2, or their labels."""
    out = []
    for c in redcap_status_columns(data.columns):
        given = set(data[c].dropna().astype(str).str.strip()) - {""}
        if given <= {"0", "1", "2", "0.0", "1.0", "2.0"} or given <= _REDCAP_LABELS:
            out.append(c)
    return out


def redcap_stamp(status: str, columns) -> str | None:
    """The time stamp column of the instrument whose status column is ``status``: ``<instrument>_timestamp``
    (raw export), or the "Survey Timestamp" nearest before it (labels export)."""
    cols = [str(c) for c in columns]
    if status.endswith("_complete"):
        stamp = status[: -len("_complete")] + "_timestamp"
        return stamp if stamp in cols else None
    before = [c for c in cols[: cols.index(status)] if re.match(r"^Survey Timestamp(?:\.\d+)?$", c)]
    return before[-1] if before else None


def _validation_marks(data: pd.DataFrame) -> pd.Series:
    """The validation statuses Kobo's ``_validation_status`` gives (Approved / Not Approved / On Hold)."""
    if "_validation_status" not in data.columns:
        return pd.Series([], dtype=object)
    marks = data["_validation_status"].dropna().astype(str).str.strip()
    return marks[~marks.isin(["", "{}"])]


def kobo_not_approved(data: pd.DataFrame) -> int:
    """How many submissions Kobo's ``_validation_status`` marks "Not Approved"."""
    wanted = {v.casefold() for v in KOBO_NOT_APPROVED}
    return int(_validation_marks(data).str.casefold().isin(wanted).sum())


def _validation_note(data: pd.DataFrame) -> list[str]:
    """A REVIEW note when Kobo's ``_validation_status`` marks submissions (Approved / Not Approved / On Hold):
    the 'Not Approved' ones are screened out as not complete (``screening.complete``)."""
    marks = _validation_marks(data)
    if marks.empty:
        return []
    counts = ", ".join(f"{v!r} x{n}" for v, n in marks.value_counts().items())
    rejected = kobo_not_approved(data)
    what = (f"the {rejected} 'Not Approved' submission(s) are screened out as not complete (`screening.complete` "
            "in surveykit.yaml, on the variable validation_status: reason `incomplete` in rejects.csv); the others "
            "(approved, on hold, not validated) are kept. Remove the rule to keep them all"
            if rejected else "none is 'Not Approved', so the draft keeps every submission")
    return [f"KoboToolbox's '_validation_status' marks {len(marks)} submission(s) ({counts}): {what}"]


def _ip_place(tool: str) -> str:
    """Why a column of the place ``tool`` looked up from the respondent's IP address is left out."""
    return f"holds the place the survey tool looked up from the respondent's IP address ({tool}): personal data"


def _marks(values: pd.Series | None) -> tuple[int, int, str]:
    """How many cells hold a mark, how many distinct marks, and the marks counted ("'a' x3, 'b' x1")."""
    if values is None:
        return 0, 0, ""
    marks = values.dropna().astype(str).str.strip()
    counts = marks[marks != ""].value_counts()
    return int(counts.sum()), len(counts), ", ".join(f"{v!r} x{n}" for v, n in counts.items())


def _flag_note(values: pd.Series, column: str) -> list[str]:
    """A REVIEW note on QuestionPro's 'Duplicate' flag when it marks some responses otherwise than the rest:
    which mark is a duplicate is the tool's wording, so the draft drops none of them."""
    _, distinct, listed = _marks(values)
    if distinct < 2:
        return []
    return [f"QuestionPro's {column!r} column is its duplicate check, left out of the questions; it marks the responses "
            f"{listed}: every response is kept. If the duplicates are to be dropped, remove them from the export, or add "
            "the column to the codebook as a variable and name its duplicate mark under "
            "`screening.complete.incomplete` in surveykit.yaml (reason `incomplete` in rejects.csv; docs/config.md)"]


def _redcap_repeats(data: pd.DataFrame) -> list[str]:
    """A REVIEW note on the rows of REDCap's repeating instruments: rows of their own beside each record's row."""
    n, _, counts = _marks(data.get("redcap_repeat_instrument"))
    if not n:
        return []
    return [f"{n} of the {len(data)} rows are instances of REDCap's repeating instrument(s) ({counts}; "
            "'redcap_repeat_instrument'), beside each record's own row: they are no respondents, and their fields "
            "are empty in the record's row. The drafted screening leaves them out only if a rule rejects them (a "
            "status column of the record's instrument, empty in those rows: reason `incomplete`; the repeated "
            "record_id: reason `duplicate`): check that rejects.csv holds every one of them. To analyse a repeating "
            "instrument, export it on its own (one row per instance)"]


def _odk_review_note(data: pd.DataFrame, cols: list[str]) -> list[str]:
    """A REVIEW note on ODK Central's ReviewState when it marks submissions (every one is kept)."""
    col = next((c for c in cols if c.strip().casefold() == "reviewstate"), None)
    n, _, counts = _marks(None if col is None else data[col])
    if not n:
        return []
    return [f"ODK Central's {col!r} marks {n} submission(s) as a reviewer judged them ({counts}): a tool "
            "column, left out of the questions, and every submission is kept. To drop the rejected ones, add it to "
            "the codebook as a variable and name the marks under `screening.complete.incomplete` (docs/config.md)"]


def _suso_codes(raw) -> list[str]:
    """REVIEW notes on Survey Solutions' interview status and its codes of a question asked but not answered
    (-999999999, ##N/A##) in an export its own reader did not read (which reads them as no answer)."""
    if raw.format == "surveysolutions":   # its reader read them, and noted its status
        return []
    status = next((c for c in raw.data.columns if str(c).strip().casefold() == "interview__status"), None)
    notes = [] if status is None else [suso_status_note(raw.data[status], str(status))]
    holding = [str(c) for c in raw.data.columns
               if raw.data[c].dropna().astype(str).str.strip().isin(["-999999999", "-999999999.0", "##N/A##"]).any()]
    if not holding:
        return notes
    listed = ", ".join(holding[:8]) + (f" and {len(holding) - 8} more" if len(holding) > 8 else "")
    return [*notes, f"Survey Solutions writes -999999999 (a number) or ##N/A## (a text) for a question asked but not answered; "
            f"{len(holding)} column(s) hold them here ({listed}), drafted as answers (a number in the mean, a level of "
            "its own). Export the tab-separated file instead (surveykit reads them there as no answer), or declare "
            "-999999999 under each numeric variable's `missing:`"]


def tool_columns(raw) -> ToolColumns:
    """The KoboToolbox, REDCap, SurveyCTO, UmfrageOnline, SurveyGizmo/Alchemer, EUSurvey, QuestionPro and Typeform
    columns of ``raw`` and its location columns."""
    cols = [str(c) for c in raw.data.columns]
    found = ToolColumns()
    if is_tool("umfrageonline", cols):
        found.system += [c for c in cols[:12] if c.strip().casefold() in _UMFRAGEONLINE_TOOL]
    if is_tool("surveycto", cols):
        found.system += [c for c in cols if c.strip().casefold() in _SURVEYCTO_TOOL]
    if is_tool("eusurvey", cols):
        for c in cols[-8:]:
            name = c.strip().casefold()
            given = set(raw.data[c].dropna().astype(str).str.strip()) - {""}
            # an anonymous survey's "Anonymous" in every row: no answer and no id
            if name in _EUSURVEY_TOOL or (name in _EUSURVEY_SIGNS - {"creation date", "last update"}
                                          and given <= {"Anonymous"}):
                found.system.append(c)
    if is_tool("questionpro", cols):
        for c in cols[:30]:
            name = c.strip().casefold()
            if name in _QUESTIONPRO_TOOL or re.fullmatch(r"custom variable \d+", name):
                found.system.append(c)
            if name == "duplicate":
                found.notes += _flag_note(raw.data[c], c)
            elif name in _QUESTIONPRO_PLACE:
                found.personal[c] = _ip_place("QuestionPro")
    if is_tool("typeform", cols):
        found.system += [c for c in cols if c.strip().casefold() in _TYPEFORM_TOOL]
        found.id_column = next(c for c in cols if c.strip() == "#")
    if is_tool("odkcentral", cols):
        found.system += [c for c in cols if c.strip().casefold() in _ODK_TOOL]
        found.personal |= {c: "holds the name of the user who sent the submission (ODK Central's SubmitterName)"
                           for c in cols if c.strip().casefold() == "submittername"}
        found.id_column = next(c for c in cols if c.strip().casefold() == "key")
        found.notes += _odk_review_note(raw.data, cols)
    if is_tool("surveysolutions", cols):
        found.system += [c for c in cols if c.strip().casefold() in SUSO_SYSTEM]
        found.notes += _suso_codes(raw)
    if is_tool("alchemer", cols):
        found.system += [c for c in cols[:25] if c.strip().casefold() in _ALCHEMER_TOOL]
        found.personal |= {c: _ip_place("SurveyGizmo/Alchemer") for c in cols[:25]
                           if c.strip().casefold() in _ALCHEMER_PLACE}
    if is_tool("formbricks", cols):
        found.system += [c for c in cols if c.strip().casefold() in _FORMBRICKS_TOOL]
        found.personal |= {c: "holds the id of the contact who answered (Formbricks' contact id, or the user id the "
                              "survey's app gave it): it names a known person" for c in cols
                           if c.strip().casefold() in _FORMBRICKS_WHO and raw.data[c].notna().any()}
    if is_tool("kobo", cols):
        found.system += [c for c in cols if c in KOBO_SYSTEM]
        found.personal |= {c: f"holds {why}" for c, why in KOBO_PERSONAL.items() if c in cols}
        found.notes += _validation_note(raw.data)
    found.system += [c for c in ("redcap_repeat_instrument", "redcap_repeat_instance") if c in cols]
    found.notes += _redcap_repeats(raw.data)
    status = redcap_status(raw.data)
    if status:
        found.system += [c for c in cols if c in status or _REDCAP_STAMP.match(c)]
        found.personal |= {c: "holds the survey participant's identifier (REDCap's participant list: often a "
                              "name or e-mail address)" for c in _REDCAP_WHO if c in cols}
    found.personal |= {c: f"holds {GEO_REASON}" for c in geopoint_columns(raw.data) if c not in found.personal}
    named = set(raw.meta.get("identifier_columns", []) or [])   # a reader's (Qualtrics' LocationLatitude)
    coordinates = coordinate_columns(raw.data, skip=set(found.personal) | named)
    found.personal |= {c: f"holds {COORDINATE_REASON}" for c in coordinates}
    siblings = location_siblings(raw.data, coordinates, skip=set(found.personal) | named)
    found.personal |= {c: "holds the altitude, accuracy or time of the location reading whose coordinates are left "
                          "out (same prefix): part of that location, personal data" for c in siblings}
    if coordinates:
        found.notes.append(f"{coordinates} hold the coordinates of a location (latitude/longitude), personal data "
                           "(where a respondent lives, works or answered): left out of the codebook as the other "
                           "personal data are. If the analysis needs where, add an area (municipality, district) "
                           "to the export instead of the coordinates")
    found.system = [c for c in found.system if c not in found.personal]
    return found
