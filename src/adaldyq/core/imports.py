"""One way to import a file: read it, check its header, parse every row, apply all or nothing.

Every file import in Adaldyq (the register feed and its events, assets and exchange
rates, risk recommendations, screening lists) takes the same four steps, so an operator
gets the same kind of answer everywhere:

1. **Read** (`open_table`): a CSV (UTF-8, comma, semicolon or tab), XLSX or JSON-lines
   file as numbered rows. A row number is the one the operator sees: in CSV and XLSX the
   header is row 1 and the first data row is row 2, as a spreadsheet shows them; in JSON
   lines a row is a line, numbered from 1.
2. **Check the header** (`header_errors`): missing columns, unknown ones where the
   format is closed, columns named twice, each reported as a header problem, not as a row.
3. **Parse every row** (`parse_rows`) with a pure function over a snapshot of the
   reference data it needs (article catalogue, known cases, exchange rates...), loaded
   once before the loop, never a database query per row. `Cells` converts one cell at a
   time within what the database can store (lengths, number ranges, dates) and records a
   `RowError` for each problem. Every problem of the file is collected before anything
   is decided.
4. **Apply all or nothing** (`apply_all_or_nothing`): one transaction; a dry run does the
   same work and rolls it back, so its report says exactly what would change.

A file with any problem raises `ImportRejected`, listing every `RowError` as
"row N, column C: reason"; nothing from it is applied.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from adaldyq.core import languages

T = TypeVar("T")
R = TypeVar("R")

FIRST_DATA_ROW = 2  # CSV and XLSX: the header is row 1
# Dates a feed may carry. The database could store years 1 to 9999, but a date outside
# these bounds is a typing error (0203 for 2023), and the rules add years to dates
# (expungement periods) that must not overflow.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
INT_MAX = 2_147_483_647  # a 32-bit integer column (PostgreSQL's integer)
TRUE = frozenset({"1", "true", "yes", "y", "да", "иә"})
FALSE = frozenset({"", "0", "false", "no", "n", "нет", "жоқ"})
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD", "%d.%m.%Y": "DD.MM.YYYY"}
JSON_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".ftm"})
# Control characters a database or a terminal should never receive (PostgreSQL refuses
# NUL in text); tab and line breaks are ordinary text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of an imported file: a row and column, or the header, or the whole file."""

    row: int | None  # None: the header (with a column) or the file as a whole (without)
    column: str
    reason: str

    @classmethod
    def header(cls, column: str, reason: str) -> RowError:
        return cls(None, column, reason)

    @classmethod
    def file(cls, reason: str) -> RowError:
        return cls(None, "", reason)

    @property
    def about_file(self) -> bool:
        return self.row is None and not self.column

    def __str__(self) -> str:
        if self.row is None:
            return f"header, column {self.column}: {self.reason}" if self.column else f"file: {self.reason}"
        if not self.column:
            return f"row {self.row}: {self.reason}"
        return f"row {self.row}, column {self.column}: {self.reason}"


def _order(error: RowError) -> int:
    return -1 if error.row is None else error.row


class ImportRejected(Exception):
    """A file with problems; nothing from it was applied. `errors` lists every one, in file order."""

    def __init__(self, source: str, errors: Iterable[RowError]) -> None:
        self.source = source
        self.errors = sorted(errors, key=_order)
        super().__init__(f"{source}: {len(self.errors)} problem(s); nothing was imported")


def reject_if_any(source: str, errors: Sequence[RowError]) -> None:
    if errors:
        raise ImportRejected(source, errors)


# --- 1. reading -----------------------------------------------------------------------------

@dataclass
class Table:
    """A file as rows of cells. `rows` is read lazily: iterate it inside `open_table`."""

    source: str  # the file's name, for messages and the history's `source`
    header: list[str] | None  # stripped, lower-case column names; None for JSON lines
    rows: Iterator[tuple[int, dict[str, Any]]]
    errors: list[RowError] = field(default_factory=list)  # rows that could not be read at all


def file_format(path: Path) -> str:
    """'jsonl', 'xlsx' or 'csv': by the file's suffix, else by its first character."""
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "jsonl"
    if suffix in {".xlsx", ".csv", ".tsv"}:
        return suffix[1:].replace("tsv", "csv")
    with path.open("rb") as handle:
        return "jsonl" if handle.read(8).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" else "csv"


@contextlib.contextmanager
def open_table(path: Path, *, formats: Collection[str] = ("csv", "jsonl")) -> Iterator[Table]:
    """The file as a `Table`; `ImportRejected` for a missing, unreadable or unsupported file."""
    source = path.name
    if not path.is_file():
        raise ImportRejected(source, [RowError.file("no such file")])
    kind = file_format(path)
    if kind not in formats:
        shown = " or ".join(f".{f}" for f in formats)
        raise ImportRejected(source, [RowError.file(f"unsupported file type '{path.suffix}': use {shown}")])
    try:
        if kind == "xlsx":
            yield _xlsx(path)
            return
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield _json_lines(source, handle) if kind == "jsonl" else _csv(source, handle)
    except UnicodeDecodeError as exc:
        raise ImportRejected(source, [RowError.file(f"is not UTF-8 text ({exc.reason}): save it as UTF-8")]) from exc
    except csv.Error as exc:
        raise ImportRejected(source, [RowError.file(f"is not a readable CSV file ({exc})")]) from exc


def _csv(source: str, handle: io.TextIOBase | Any) -> Table:
    first = handle.readline()
    delimiter = max(",;\t", key=first.count)  # a header never contains its own delimiter
    reader = csv.reader(io.StringIO(first), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    rows = ([cell.strip() for cell in cells] for cells in csv.reader(handle, delimiter=delimiter))
    return Table(source, header, _cells_by_name(header, rows))


def _cells_by_name(header: list[str], rows: Iterable[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    named = [(i, name) for i, name in enumerate(header) if name]
    for number, texts in enumerate(rows, start=FIRST_DATA_ROW):
        if any(texts):  # blank lines and the empty rows a spreadsheet leaves at the end
            width = len(texts)
            yield number, {name: texts[i] if i < width else "" for i, name in named}


def _text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole floats without '.0' (spreadsheets store numbers)."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # a heavy import, needed only for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook  # noqa: BLE001
        raise ImportRejected(path.name, [RowError.file(f"is not a readable .xlsx file: {exc}")]) from exc
    try:
        cells = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    header = [_text(h).lower() for h in (cells[0] if cells else [])]
    return Table(path.name, header, _cells_by_name(header, ([_text(c) for c in row] for row in cells[1:])))


def _json_lines(source: str, handle: io.TextIOBase | Any) -> Table:
    table = Table(source, None, iter(()))

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                table.errors.append(RowError(number, "", f"is not valid JSON ({exc.msg})"))
                continue
            if not isinstance(value, dict):
                table.errors.append(RowError(number, "", "is not a JSON object"))
                continue
            yield number, value

    table.rows = rows()
    return table


# --- 2. the header ----------------------------------------------------------------------------

def header_errors(header: Sequence[str] | None, *, required: Iterable[str],
                  known: Iterable[str] | None = None, texts: Iterable[str] = ()) -> list[RowError]:
    """Missing required columns; with `known`, columns the format does not have; repeats.

    A field in `texts` is kept in three languages (`Cells.texts`): its single column or
    any of its language columns (``title_kk``, ``title_ru``, ``title_en``) is enough."""
    if header is None:  # JSON lines: each object names its own fields
        return []
    present = set(header)
    texts = tuple(texts)
    present.update(f for f in texts if present & set(languages.columns(f)))
    errors = [RowError.header(c, "is missing (a required column)") for c in required if c not in present]
    if known is not None:
        allowed = set(known) | {c for f in texts for c in languages.columns(f)}
        errors += [RowError.header(c, "unknown column") for c in dict.fromkeys(header) if c and c not in allowed]
    errors += [RowError.header(c, "appears twice") for c in dict.fromkeys(header) if c and header.count(c) > 1]
    return errors


# --- 3. rows ------------------------------------------------------------------------------------

class Cells:
    """One row's cells, converted one at a time; each problem becomes a `RowError` of the row."""

    __slots__ = ("_start", "errors", "number", "values")

    def __init__(self, number: int, values: Mapping[str, Any], errors: list[RowError]) -> None:
        self.number, self.values, self.errors = number, values, errors
        self._start = len(errors)

    @property
    def ok(self) -> bool:
        """No problem recorded for this row so far."""
        return len(self.errors) == self._start

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))

    def raw(self, column: str) -> str:
        """The cell as stripped text, unchecked ('' when absent)."""
        value = self.values.get(column, "")
        return value.strip() if type(value) is str else _text(value)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw(column)
        if not value:
            if required:
                self.fail(column, "is required")
            return ""
        if max_length is not None and len(value) > max_length:
            self.fail(column, f"is longer than {max_length} characters ({len(value)})")
        if not value.isprintable() and _CONTROL.search(value):  # isprintable: the fast common case
            self.fail(column, "contains a control character")
        return value

    def texts(self, field: str, *, required: bool = False, max_length: int | None = None) -> languages.Texts:
        """A text kept in three languages: the columns ``field_kk``, ``field_ru`` and
        ``field_en``, and the single ``field`` column of older files, whose language its
        letters show (`core.languages.from_row`). Each given column is checked as `text`."""
        for column in (field, *languages.columns(field)):
            self.text(column, max_length=max_length)
        found = languages.from_row(self.values, field)
        if required and not found:
            self.fail(field, "is empty in every language")
        return found

    def date(self, column: str, *, required: bool = False, formats: Sequence[str] = ("%Y-%m-%d",),
             earliest: dt.date = EARLIEST, latest: dt.date = LATEST) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        day = _date(value, formats)
        if day is None:
            self.fail(column, f"'{value}' is not a date ({' or '.join(DATE_FORMATS.get(f, f) for f in formats)})")
        elif not earliest <= day <= latest:
            self.fail(column, f"{day} is outside the accepted dates ({earliest} to {latest})")
            return None
        return day

    def integer(self, column: str, *, required: bool = False, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        if not re.fullmatch(r"[-+]?\d{1,12}", value):
            self.fail(column, f"'{value}' is not a whole number")
            return None
        number = int(value)
        if not minimum <= number <= maximum:
            self.fail(column, f"{number} is outside {minimum} to {maximum}")
            return None
        return number

    def choice(self, column: str, allowed: Collection[str], *, required: bool = False, default: str = "") -> str:
        value = self.text(column, required=required).lower() or default
        if value and value not in allowed:
            self.fail(column, f"'{value}' is not one of {', '.join(allowed)}")
        return value

    def boolean(self, column: str) -> bool:
        value = self.raw(column).lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.fail(column, f"'{value}' is not yes/no")
        return False

    def parsed(self, column: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        """Any other conversion: `parse` gets the text and raises ValueError with the reason."""
        value = self.text(column, required=required)
        if not value and required:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(column, str(exc))
            return None


def _date(value: str, formats: Sequence[str]) -> dt.date | None:
    for fmt in formats:
        if fmt == "%Y-%m-%d":  # the common case, without strptime's cost on 100,000-row feeds
            if _ISO_DATE.fullmatch(value):
                with contextlib.suppress(ValueError):
                    return dt.date.fromisoformat(value)
            continue
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
    return None


def parse_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], parse: Callable[[Cells], T | None], *,
               errors: list[RowError], unique: str = "",
               progress: Callable[[int], None] | None = None) -> list[T]:
    """`parse` over every row, collecting every problem in `errors`.

    `parse` is pure: it reads the row's `Cells` and whatever snapshot it closes over, and
    returns the parsed item (or None); an item is kept only when its row had no problem.
    `unique` names a column whose value may appear on one row only."""
    parsed: list[T] = []
    first: dict[str, int] = {}
    for number, values in rows:
        cells = Cells(number, values, errors)
        item = parse(cells)
        key = cells.raw(unique) if unique else ""
        if key:
            if key in first:
                cells.fail(unique, f"'{key}' is also on row {first[key]}")
            else:
                first[key] = number
        if item is not None and cells.ok:
            parsed.append(item)
        if progress is not None:
            progress(1)
    return parsed


# --- 4. applying --------------------------------------------------------------------------------

class _RolledBack(Exception):
    def __init__(self, result: Any) -> None:
        self.result = result


def apply_all_or_nothing(apply: Callable[[], R], *, dry_run: bool = False) -> R:
    """`apply()` in one transaction. A dry run does the same work and rolls it back, so the
    result it returns (counts, changes) is exactly what a real run would report."""
    # Imported here, not at the top: the row parsers (register.feed) are pure rule
    # modules that use this module without Django (tests/core/test_formatting.py).
    from django.db import transaction

    try:
        with transaction.atomic():
            result = apply()
            if dry_run:
                raise _RolledBack(result)
    except _RolledBack as rolled_back:
        return rolled_back.result  # type: ignore[no-any-return]
    return result
