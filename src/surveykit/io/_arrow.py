"""Delimited text parsed by pyarrow, record for record what the csv module gives.

:func:`arrow_records` splits a decoded text export into string columns with ``pyarrow.csv``
(C++, pieces of the file in parallel threads, no Python per row) and computes the 1-based
line where each record starts with numpy on the bytes. It returns exactly what
:func:`surveykit.io._text.parse_records` returns (same records, same cells, same line
numbers, blank lines left out) or ``None`` when it cannot be sure, and the caller then uses
the csv module: rows of differing widths (so the messages about too many fields and mixed
delimiters come from one place), NUL characters, a quoted field left open at the end, or
quote characters inside unquoted fields (or after a closing quote) in a file whose records
span lines.

pyarrow's quoting rules are the csv module's (``strict=False``): a quote opens a field only
at its start, ``""`` inside it is a quote, text after the closing quote continues the field.
Line numbers follow the csv module: ``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a line;
a record spanning lines (quoted line breaks) has the line where it starts. Two pyarrow
pitfalls are avoided: its block splitting can drop the ``\\n`` of a quoted ``\\r\\n`` that
straddles two blocks, and its threaded reader can abort the process on a parse error; so each
piece is cut between records here and read as a single block without pyarrow's threads.

Example:
    >>> text = 'a;b\\n\\n1;"x\\ny"\\n2;z\\n'
    >>> table, lines = arrow_records(text.encode(), text, "utf-8", ";")
    >>> table.column(1).to_pylist(), lines
    (['b', 'x\\ny', 'z'], [1, 3, 5])
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from surveykit.io._text import field_limit

__all__ = ["arrow_records"]

_BOM = b"\xef\xbb\xbf"
_LF, _CR, _QUOTE = 10, 13, 34
_PIECE = 8 << 20  # bytes a thread parses at least
_MAX_PIECE = 1 << 30  # and at most (a string column of a piece stays under 2 GiB)
_WINDOW = 16 << 20  # bytes scanned for quotes at a time (bounded memory)


def arrow_records(
    raw: bytes, text: str, encoding: str, delimiter: str
) -> tuple[pa.Table, list[int]] | None:
    """Records of a text export as string columns with their 1-based start lines, or None.

    Args:
        raw: the file's bytes; used as they are when ``encoding`` is UTF-8, else ``text`` is
            re-encoded as UTF-8 for pyarrow.
        text: the decoded text with leading byte-order marks removed (what the csv module
            would read).
        encoding: the encoding ``text`` was decoded with.
        delimiter: one character.

    Example:
        >>> arrow_records(b"a,b\\n1\\n", "a,b\\n1\\n", "utf-8", ",") is None  # ragged
        True
    """
    if _is_utf8(encoding):
        data, offset = raw, 0
        while data.startswith(_BOM, offset):
            offset += len(_BOM)
    else:
        try:
            data, offset = text.encode("utf-8"), 0
        except UnicodeEncodeError:  # a lone surrogate: the csv module keeps it, arrow cannot
            return None
    if data.find(b"\x00", offset) != -1:
        return None  # the csv module refuses NUL characters (a ReadError there)
    width = _first_width(text, delimiter)
    if width is None:
        return None
    body = _Body(data, offset, delimiter)
    cuts = body.cuts()
    if cuts is None:
        return None
    table = _parse(memoryview(data)[offset:], cuts, width, delimiter, body.quoted)
    if table is None:
        return None
    lines = body.record_lines(table.num_rows)
    if lines is None:
        return None
    if width == 1:  # a lone '""' is a blank record for the csv reader: left out
        keep = pc.not_equal(table.column(0), "").to_numpy(zero_copy_only=False)
        if not keep.all():
            table, lines = table.filter(pa.array(keep)), lines[keep]
    return table, lines.tolist()


def _parse(body: memoryview, cuts: list[int], width: int, delimiter: str,
           quoted: bool) -> pa.Table | None:
    """Parse each piece ``body[cuts[i]:cuts[i + 1]]`` (whole records) in a thread of its own.

    Each piece is one pyarrow block, read without pyarrow's own threads: its block splitting
    can cut a quoted ``\r\n`` in two, and its threaded reader may abort the process on a
    parse error.
    """
    names = [f"c{i}" for i in range(width)]
    parse = pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                               escape_char=False, newlines_in_values=quoted,
                               ignore_empty_lines=True)
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False,
                                   null_values=[], check_utf8=False)

    def read(piece: memoryview) -> pa.Table:
        options = pacsv.ReadOptions(column_names=names, block_size=len(piece) + 1,
                                    use_threads=False)
        return pacsv.read_csv(pa.BufferReader(pa.py_buffer(piece)), read_options=options,
                              parse_options=parse, convert_options=convert)

    pieces = [body[a:z] for a, z in itertools.pairwise(cuts)]
    try:
        if len(pieces) == 1:
            return read(pieces[0])
        with ThreadPoolExecutor(max_workers=min(len(pieces), os.cpu_count() or 1)) as pool:
            return pa.concat_tables(pool.map(read, pieces))
    except pa.ArrowException:  # rows of another width than the first
        return None


class _Body:
    """The bytes after the byte-order marks: line ends and quotes, found with numpy."""

    def __init__(self, data: bytes, offset: int, delimiter: str) -> None:
        self.data, self.offset, self.delimiter = data, offset, ord(delimiter)
        self.b = np.frombuffer(data, np.uint8, offset=offset)
        self.quoted = data.find(b'"', offset) != -1
        self._standard: bool | None = None

    @property
    def standard(self) -> bool:
        """Every quote opens a field, closes one (before a delimiter, a line end or a quote
        that doubles it) or is such a doubled quote: "inside quotes" is then "after an odd
        number of quote characters", for the csv module and pyarrow alike."""
        if self._standard is None:
            self._standard = not self.quoted or _standard_quotes(self.b, self.delimiter)
        return self._standard

    def cuts(self) -> list[int] | None:
        """Offsets into the body splitting it into pieces of whole records, for threads;
        None when a file over ``_MAX_PIECE`` cannot be cut safely (non-standard quotes)."""
        size = len(self.b)
        n = max(1, min(size // _PIECE, 4 * (os.cpu_count() or 1)), -(-size // _MAX_PIECE))
        if n == 1:
            return [0, size]
        if not self.standard:
            return [0, size] if size <= _MAX_PIECE else None
        data, offset = self.data, self.offset
        end = b"\n" if data.find(b"\n", offset) != -1 else b"\r"  # old Mac files: \r only
        cuts, counted, quotes = [0], offset, 0
        for i in range(1, n):
            at = max(offset + i * size // n, counted + 1)  # quotes are counted up to there
            while (hit := data.find(end, at)) != -1:
                quotes += data.count(b'"', counted, hit)
                counted = hit
                if quotes % 2 == 0:  # a line end outside quotes
                    break
                at = hit + 1
            else:
                break
            if cuts[-1] < hit + 1 - offset < size:
                cuts.append(hit + 1 - offset)
        return [*cuts, size]

    def record_lines(self, n_records: int) -> np.ndarray | None:
        """The 1-based line on which each of ``n_records`` records starts, or None if unsure.

        A record takes one line or more and blank lines hold none, so when pyarrow found as
        many records as the text has lines, record ``i`` is line ``i``. Else every record
        starts on a non-blank line outside quotes (with standard quotes only); when their
        count is the number of records, those are the records' lines.
        """
        data, offset, b = self.data, self.offset, self.b
        n_cr = data.count(b"\r", offset)
        n_ends = data.count(b"\n", offset) + n_cr - (data.count(b"\r\n", offset) if n_cr else 0)
        n_lines = n_ends + (0 if data.endswith((b"\n", b"\r")) else 1)
        if n_records == n_lines:
            return np.arange(1, n_lines + 1)  # one record a line: the common case
        if not self.standard:
            return None
        ends = np.flatnonzero(b == _LF)
        if n_cr:
            cr = np.flatnonzero(b == _CR)
            after = b[np.minimum(cr + 1, len(b) - 1)]
            ends = np.sort(np.concatenate([ends, cr[(cr + 1 == len(b)) | (after != _LF)]]))
        starts = np.concatenate([[0], ends + 1])
        if starts[-1] == len(b):
            starts = starts[:-1]
        first = b[starts]
        keep = (first != _LF) & (first != _CR)  # blank lines hold no record
        if self.quoted:
            keep &= _quotes_before(b, starts) % 2 == 0  # not inside a quoted field
        lines = np.flatnonzero(keep) + 1
        return lines if len(lines) == n_records else None


def _windows(b: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(start, positions of the quote characters) for each window of ``b``."""
    for start in range(0, len(b), _WINDOW):
        yield start, np.flatnonzero(b[start:start + _WINDOW] == _QUOTE) + start


def _quotes_before(b: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """How many quote characters stand before each of the (sorted) ``positions``."""
    out = np.empty(len(positions), dtype=np.int64)
    total = 0
    for start, quotes in _windows(b):
        lo, hi = np.searchsorted(positions, [start, start + _WINDOW])
        out[lo:hi] = total + np.searchsorted(quotes, positions[lo:hi])
        total += len(quotes)
    return out


def _standard_quotes(b: np.ndarray, delimiter: int) -> bool:
    """Each opening quote (even index) follows the start, a delimiter, a line end or a quote
    (the pair of a doubled one); each closing quote precedes the end or one of those."""
    allowed = np.zeros(256, dtype=bool)
    allowed[[delimiter, _LF, _CR, _QUOTE]] = True
    last, seen = len(b) - 1, 0
    for _, quotes in _windows(b):
        opening, closing = quotes[seen % 2::2], quotes[1 - seen % 2::2]
        seen += len(quotes)
        if len(opening) and opening[0] == 0:
            opening = opening[1:]
        if len(closing) and closing[-1] == last:
            closing = closing[:-1]
        if not (allowed[b[opening - 1]].all() and allowed[b[closing + 1]].all()):
            return False
    return seen % 2 == 0  # else a quoted field runs to the end of the file


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _first_width(text: str, delimiter: str) -> int | None:
    """Fields in the first non-blank record (what pyarrow takes as the width), or None."""
    size = 1 << 16
    while True:
        chunk = text[:size]
        reader = csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter, strict=False)
        try:
            with field_limit():
                first = next((row for row in reader if row), None)
                complete = size >= len(text) or next(reader, None) is not None
        except csv.Error:  # a field over the csv module's limit, or cut in a quote
            first, complete = None, size >= len(text)
        if complete:
            return len(first) if first else None
        size *= 4
