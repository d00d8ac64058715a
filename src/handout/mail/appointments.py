"""A day's intake list: ``appointments.csv`` → one ``Row`` per patient, and the rows that are wrong.

Columns (in any order, any case): ``email`` and ``name``, and optionally ``guides`` (guide ids
separated by spaces, commas or semicolons), ``format`` (``handout``, ``booklet``,
``large-print``, likewise) and ``language`` (``en``, ``es``, or the language's name in English or
in itself: ``Spanish``, ``español``). Other columns, such as an appointment time, are left alone unless
their name looks like a misspelling of ours. A row that is wrong becomes a ``Problem`` at its
line (the row number a spreadsheet shows) and is skipped; a file that cannot be read, or lacks a
column, is an error for the whole file. The file is UTF-8 (a byte-order mark, as Excel writes,
is fine); commas, semicolons or tabs separate the cells.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from handout.errors import HandoutError, Location, Problem
from handout.languages.tags import code_of
from handout.languages.tags import name as name_of
from handout.mail.address import AddressError, Person, address, name
from handout.model.email import FORMATS

REQUIRED = ("email", "name")
OPTIONAL = ("guides", "format", "language")
MAX_BYTES = 10_000_000


class BatchFileError(HandoutError):
    """The CSV file as a whole cannot be used."""


@dataclass(frozen=True)
class Row:
    line: int
    to: Person
    guides: tuple[str, ...] | None  # None: the clinic's default
    formats: tuple[str, ...] | None
    language: str | None = None  # None: the command's --lang


def _ids(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in re.split(r"[\s,;]+", cell.strip()) if x))


def read(path: Path, shown: Path, guide_ids: list[str], need_name: bool,
         languages: tuple[str, ...] = ("en",)) -> tuple[list[Row], list[Problem]]:
    """The good rows and a problem for each bad one; raises ``BatchFileError``. ``languages``:
    the codes the language column may name (every language a guide is in)."""
    try:
        raw = path.read_bytes()[:MAX_BYTES + 1]
    except OSError as exc:
        raise BatchFileError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise BatchFileError(f"{shown}: expected a list of at most {MAX_BYTES // 1_000_000} MB, "
                             f"got a larger file")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise BatchFileError(f"{shown}:{line}: expected UTF-8 text, got the byte "
                             f"0x{raw[exc.start]:02X} (in a spreadsheet, save as \"CSV UTF-8\")"
                             ) from None
    first = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise BatchFileError(f"{shown}:1: expected a header row, got {exc}") from None
    if not header or not any(h.strip() for h in header):
        raise BatchFileError(f"{shown}: expected a header row with the columns email and name, "
                             f"got an empty file")
    columns = [h.strip().lower() for h in header]
    _check_header(columns, shown)
    at = {c: columns.index(c) for c in (*REQUIRED, *OPTIONAL) if c in columns}
    rows: list[Row] = []
    problems: list[Problem] = []
    previous = reader.line_num
    while True:
        start = previous + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            problems.append(Problem(Location(shown, start), "", "a row of cells", str(exc)))
            break  # the reader cannot find its way after a broken quote
        previous = reader.line_num
        if cells is None:
            break
        if not any(c.strip() for c in cells):
            continue
        row, found = _row(cells, at, len(columns), start, shown, guide_ids, need_name,
                          languages)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems


def _check_header(columns: list[str], shown: Path) -> None:
    known = (*REQUIRED, *OPTIONAL)
    problems = []
    for c in columns:
        if c and c not in known:
            close = difflib.get_close_matches(c, known, n=1, cutoff=0.75)
            if close:
                problems.append(f"{shown}:1: {c}: expected a column of ours, got {c!r} "
                                f"(did you mean '{close[0]}'?)")
    for c in REQUIRED:
        if c not in columns:
            problems.append(f"{shown}:1: expected a column '{c}', got the columns "
                            f"{', '.join(repr(x) for x in columns)}")
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        problems.append(f"{shown}:1: expected each column once, got {', '.join(dupes)} twice")
    if problems:
        raise BatchFileError("\n".join(problems))


def _row(cells: list[str], at: dict[str, int], width: int, line: int, shown: Path,
         guide_ids: list[str], need_name: bool, languages: tuple[str, ...]
         ) -> tuple[Row | None, list[Problem]]:
    where = Location(shown, line)
    problems = []

    def cell(column: str) -> str:
        i = at.get(column)
        return cells[i] if i is not None and i < len(cells) else ""

    if len(cells) > width and any(c.strip() for c in cells[width:]):
        problems.append(Problem(where, "", f"{width} cells, as the header has",
                                f"{len(cells)} (a comma inside a name needs quotes)"))
    to_address = to_name = None
    try:
        to_address = address(cell("email"))
    except AddressError as exc:
        problems.append(Problem(where, "email", exc.expected, exc.found, exc.hint))
    try:
        to_name = name(cell("name"))
        if to_name is None and need_name:
            problems.append(Problem(where, "name", "the patient's name (the message greets "
                                    "them by {patient.name})", "nothing"))
    except AddressError as exc:
        problems.append(Problem(where, "name", exc.expected, exc.found, exc.hint))
    guides = _ids(cell("guides")) or None
    for gid in guides or ():
        if gid not in guide_ids:
            close = difflib.get_close_matches(gid, guide_ids, n=1)
            problems.append(Problem(where, "guides", f"a guide id ({', '.join(guide_ids)})",
                                    repr(gid), f"did you mean '{close[0]}'?" if close else None))
    formats = _ids(cell("format")) or None
    for fmt in formats or ():
        if fmt not in FORMATS:
            problems.append(Problem(where, "format", f"one of {', '.join(FORMATS)}", repr(fmt),
                                    "the booklet's print sheets are never attached"
                                    if "print" in fmt and fmt != "large-print" else None))
    language = None
    if cell("language").strip():
        language = code_of(cell("language"), languages)
        if language is None:
            problems.append(Problem(where, "language", "a language a guide is in ("
                                    + ", ".join(f"{c} or {name_of(c)}" for c in languages) + ")",
                                    repr(cell("language").strip())))
    if problems or to_address is None:
        return None, problems
    return Row(line, Person(to_name, to_address), guides, formats, language), []
