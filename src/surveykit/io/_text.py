"""Decoding and splitting delimited text exports (shared by the csv and vendor readers).

Example:
    >>> text, enc = decode_bytes("Kjønn;Alder\\r\\nKvinne;34\\r\\n".encode("cp1252"), "w.csv")
    >>> enc, detect_delimiter(text)
    ('cp1252', ';')
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np

from surveykit import limits
from surveykit.errors import ReadError

SUPPORTED = (
    "Supported: .xlsx (Excel 2007+), .csv/.txt/.tsv (comma, semicolon or tab; UTF-8, UTF-16 "
    "or cp1252), .sav (SPSS), .parquet, and the exports of Nettskjema, Microsoft Forms, "
    "Google Forms, SurveyXact, Qualtrics, SurveyMonkey and LimeSurvey in those formats."
)

__all__ = ["DELIMITERS", "SUPPORTED", "check_delimiter", "check_header_width", "check_lines", "decode_bytes",
           "detect_delimiter", "encoding_check", "parse_records"]

DELIMITERS = (",", ";", "\t")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def encoding_check(texts: Iterable[str], limit: int = 8) -> str:
    """What to check in a file whose encoding was guessed: the characters outside ASCII in
    ``texts`` (strings), the most frequent first, at most ``limit`` of them.

    >>> encoding_check(["Don’t know", "Café", "naïve café"])
    'its characters outside ASCII (é, ’, ï) look right'
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(ch for ch in str(text) if ord(ch) > 127 and not ch.isspace())
    shown = ", ".join(ch for ch, _ in counts.most_common(limit))
    return f"its characters outside ASCII ({shown}) look right" if shown else "its text looks right"


def decode_bytes(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text export strictly; return ``(text, encoding used)``.

    Order: a given ``encoding``; a BOM (UTF-8, UTF-16); UTF-16 without BOM (NUL pattern);
    strict UTF-8; cp1252 (Windows "ANSI", what Excel and SurveyXact write). Nothing is ever
    replaced: bytes no candidate can decode raise :class:`ReadError`.
    """
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError, TypeError) as exc:
            raise ReadError(
                f"{name}: cannot decode the file as {encoding!r} ({exc}). "
                "Leave `encoding` unset to detect it, or give the encoding the tool used."
            ) from None
        _check_mojibake(raw, text, name, encoding)
        return text, encoding
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} "
                    f"at byte {exc.start}. The file looks truncated or corrupt; export it again."
                ) from None
    head = raw[:4000]
    if head and head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        first, count = raw.index(b"\x00"), raw.count(b"\x00")
        controls = sum(raw.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
        if count <= 10 and len(raw) > 100 * controls:  # a text file with a stray control character
            line = raw.count(b"\n", 0, first) + 1
            raise ReadError(
                f"{name}, line {line}: holds {count} NUL byte(s) (the first at byte "
                f"{first}), which no text export has: a cell holds a control character, or the file is "
                "damaged. Remove it (an editor shows it as ^@ or \\0) or export the file again."
            )
        raise ReadError(
            f"{name}: contains NUL bytes, so it is binary, not a text export. Check the file "
            f"and its extension. {SUPPORTED}"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: is neither UTF-8 nor cp1252 (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}). Name the encoding the tool used: `options: {{encoding: ...}}` on "
            "the wave in surveykit.yaml (Python: encoding=), e.g. utf-16 or mac_roman."
        ) from None
    if _MOJIBAKE.search(text):
        _refuse_mixed(raw, name)
    _refuse_mac_roman(raw, text, name)
    return text, "cp1252"


# Mac Roman's æ ø å Æ Ø read as cp1252 (¾ ¿ Œ ® ¯), inside a word (its ä ö, read as Š š, are
# left out: cp1252 has a true š, in names such as Dušan)
_MAC_NORDIC = re.compile(rb"[A-Za-z][\xbe\xbf\x8c\xae\xaf]+[a-z]")
# cp1252's own æ ø å Æ Ø Å ä ö Ä Ö
_CP1252_NORDIC = re.compile(rb"[\xe6\xf8\xe5\xc6\xd8\xc5\xe4\xf6\xc4\xd6]")


def _refuse_mac_roman(raw: bytes, text: str, name: str) -> None:
    """A file that is not UTF-8 and holds no cp1252 æøåäö, but words with ¾ ¿ Œ ® ¯ inside
    ("Dr¿bak", "pŒ") is most likely Mac Roman (old Mac Excel's "CSV"): read as cp1252, every
    æøå would be another character, in labels, site names and a drafted codebook. Refused,
    saying how to read it; a rare true cp1252 case says ``encoding: cp1252``."""
    hits = list(_MAC_NORDIC.finditer(raw))
    if len(hits) < 2 or _CP1252_NORDIC.search(raw):
        return
    word = hits[0]
    line = raw.count(b"\n", 0, word.start()) + 1
    shown = raw[max(word.start() - 12, raw.rfind(b"\n", 0, word.start()) + 1):word.end() + 12].split(b"\n")[0]
    raise ReadError(
        f"{name}: looks like Mac Roman, not cp1252: {len(hits)} word(s) such as {shown.decode('cp1252')!r} "
        f"(line {line}), which Mac Roman reads as {shown.decode('mac_roman')!r}. Save the file as UTF-8 "
        "(or for a wave set `options: {encoding: mac_roman}` in surveykit.yaml); if it really is cp1252, "
        "set `options: {encoding: cp1252}`."
    )


def _refuse_mixed(raw: bytes, name: str) -> None:
    """Some lines UTF-8 (their æøå read as cp1252 would be 'Ã¦Ã¸Ã¥'), others not: two exports
    pasted together, or a file edited in two programs. No single encoding reads it right."""
    utf8 = other = None
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            other = other or (number, line[exc.start])
        else:
            if utf8 is None and not decoded.isascii():
                utf8 = (number, next(c for c in decoded if not c.isascii()))
        if utf8 and other:
            break
    if utf8 and other:
        raise ReadError(
            f"{name}: mixes two encodings: line {utf8[0]} is UTF-8 (with {utf8[1]!r}), line {other[0]} is not "
            f"(byte 0x{other[1]:02x}, {bytes([other[1]]).decode('cp1252', 'replace')!r} in cp1252). Read as one "
            "encoding, one of the two parts would come out garbled. Open the file in a text editor, fix the "
            "garbled part and save it as UTF-8, or export it again from the survey tool."
        )


_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _check_mojibake(raw: bytes, text: str, name: str, encoding: str) -> None:
    """A given single-byte encoding applied to a UTF-8 file turns æøå into 'Ã¦Ã¸Ã¥': refuse it."""
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    hit = _MOJIBAKE.search(text)
    if hit:
        line = text.count("\n", 0, hit.start()) + 1
        snippet = text[max(0, hit.start() - 10): hit.end() + 10].replace("\n", " ")
        raise ReadError(
            f"{name}, line {line}: `encoding: {encoding}` was given, but the file is UTF-8: "
            f"read as {encoding} its letters æøå come out as 'Ã¦Ã¸Ã¥' (got {snippet!r}). "
            "Remove `encoding` from the wave's options in surveykit.yaml (it is detected) or set it to utf-8."
        )


ALLOWED_DELIMITERS = (",", ";", "\t", "|")
_WINDOW = 64 << 20


def check_delimiter(delimiter: object, name: str) -> None:
    """A given delimiter must be one of ``, ; TAB |`` (one character).

    Example:
        >>> check_delimiter(";;", "w.csv")
        Traceback (most recent call last):
        surveykit.errors.ReadError: w.csv: delimiter ';;' is not supported; use one of ',', ';', '\\t', '|' (one character), or leave it unset to detect it.
    """
    if delimiter is not None and delimiter not in ALLOWED_DELIMITERS:
        raise ReadError(f"{name}: delimiter {str(delimiter)[:20]!r} is not supported; use one of "
                        f"{', '.join(map(repr, ALLOWED_DELIMITERS))} (one character), or leave it unset to detect it.")


def check_lines(raw: bytes, name: str) -> None:
    """Refuse a text file with a line longer than the limit ``line_bytes`` (scanned in windows
    with numpy: no copy of the file, no Python loop per line).

    Example:
        >>> with limits.using({"line_bytes": 4}):
        ...     check_lines(b"ab\\nabcdef\\n", "w.csv")
        Traceback (most recent call last):
        surveykit.errors.LimitError: w.csv, line 2: the line has 7 bytes, over the limit of 4 bytes (`limits.line_bytes`). If the file is genuine, raise the limit: `limits: {line_bytes: 8}` in surveykit.yaml, or the environment variable SURVEYKIT_LIMIT_LINE_BYTES=8.
    """
    bound = limits.current().line_bytes
    if len(raw) <= bound:
        return
    end = 10 if raw.find(b"\n") != -1 else 13  # old Mac files end lines with CR only
    data = np.frombuffer(raw, np.uint8)
    start, lines = 0, 0  # the offset where the current line starts, lines ended before it
    for offset in range(0, len(data), _WINDOW):
        ends = np.flatnonzero(data[offset:offset + _WINDOW] == end) + offset
        if len(ends):
            gaps = np.diff(ends, prepend=start - 1)
            worst = int(np.argmax(gaps))
            if gaps[worst] > bound:
                limits.check("line_bytes", int(gaps[worst]), f"{name}, line {lines + worst + 1}", "the line")
            start, lines = int(ends[-1]) + 1, lines + len(ends)
        elif offset + _WINDOW - start > bound:
            limits.check("line_bytes", min(len(data), offset + _WINDOW) - start, f"{name}, line {lines + 1}",
                         "the line")
    if len(data) - start > bound:
        limits.check("line_bytes", len(data) - start, f"{name}, line {lines + 1}", "the line")


def check_header_width(text: str, delimiter: str, name: str) -> None:
    """Refuse a header with more fields than the limit ``columns`` before splitting the file
    (a first line without quotes: its delimiters are counted)."""
    first = text[: text.find("\n")] if "\n" in text[:1 << 26] else text[:1 << 26]
    if '"' not in first:
        limits.check("columns", first.count(delimiter) + 1, f"{name}, line 1", "the header", unit="columns")


@contextmanager
def field_limit(limit: int = 2**31 - 1):
    """Let the csv module read very large cells (an enormous comment), restoring its limit after."""
    old = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _field_counts(text: str, delimiter: str, max_lines: int = 30) -> list[int]:
    sample = io.StringIO(text[:200_000], newline="")
    reader = csv.reader(sample, delimiter=delimiter)
    counts = []
    try:
        for row in reader:
            if row:
                counts.append(len(row))
            if len(counts) >= max_lines:
                break
    except csv.Error:
        pass
    if len(text) > 200_000 and counts:
        counts = counts[:-1] or counts  # the last sampled record may be cut
    return counts


def detect_delimiter(text: str) -> str:
    """The delimiter among ``, ; TAB`` giving the most consistent multi-column records.

    Example:
        >>> detect_delimiter('a\\tb\\n"1,5"\\t2\\n')
        '\\t'
        >>> detect_delimiter('Survey Name Library\\n\\nID,Age\\n1,40\\n2,51\\n')   # a title line above the header
        ','
        >>> detect_delimiter('Comments\\nGood, kind\\nSlow\\nFine\\n')   # one column, a comma in an answer
        ';'
    """
    best, best_score = ",", (False, -1.0, 0)
    every = {delim: _field_counts(text, delim) for delim in DELIMITERS}
    # title lines above the header ("Data Export Generated on ...", "Survey Name ..."): leading lines no
    # delimiter splits, at most five, judged out when the records below them are as wide as the header
    # (a one-column file whose answers hold an unquoted comma stays one column)
    lead = 0
    while lead < 5 and all(len(c) > lead + 1 and c[lead] == 1 for c in every.values()):
        lead += 1
    for delim in DELIMITERS:
        counts = every[delim]
        if not counts:
            continue
        below = counts[lead:]
        if lead and below[0] >= 2 and sum(c == below[0] for c in below) >= 0.8 * len(below):
            counts = below
        agree = sum(c == counts[0] for c in counts) / len(counts)
        # multi-column headers first; a one-column file keeps the delimiter that splits no row
        score = (counts[0] >= 2, agree, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def parse_records(text: str, delimiter: str, name: str) -> tuple[list[list[str]], list[int]]:
    """Split text into records; return them with the 1-based line on which each one starts.

    Blank lines are skipped (they hold no record). Quoted fields may span lines; the line
    number is then the line where the record starts, as a text editor shows it.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[list[str]] = []
    starts: list[int] = []
    previous_end = 0
    bound = limits.current()
    with field_limit(bound.cell_chars + 1):
        try:
            for row in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if not row or (all(cell == "" for cell in row) and len(row) == 1):
                    continue
                if len(row) > bound.columns:
                    limits.check("columns", len(row), f"{name}, line {start}", "the record", unit="fields")
                records.append(row)
                starts.append(start)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                limits.check("cell_chars", None, f"{name}, line {reader.line_num}", "a cell", unit="characters")
            raise ReadError(
                f"{name}, line {reader.line_num}: cannot split the text into fields ({exc}). "
                "Check the quoting around that line, or name the delimiter: `options: "
                "{delimiter: \";\"}` on the wave in surveykit.yaml (Python: delimiter=\";\")."
            ) from None
    return records, starts


def most_common_width(records: list[list[str]]) -> int:
    """The most frequent record width (for messages about ragged files)."""
    return Counter(len(r) for r in records).most_common(1)[0][0] if records else 0
