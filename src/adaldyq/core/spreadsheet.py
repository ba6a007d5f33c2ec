"""Cells for CSV and XLSX files that a spreadsheet will not run as formulas.

Spreadsheet programs run a cell that begins with `=`, `+`, `-` or `@` (and, in some,
after a tab or carriage return) as a formula, so a name, a description or a note
written by someone else could call out to the network or run a command on the
reader's computer when an officer or a journalist opens an export ("CSV injection").
Every CSV and XLSX that Adaldyq writes passes its cells through `cell`: CSV files
with `csv_writer(handle)`, XLSX sheets with `sheet.append(row(values))`.

* a **text** cell that begins with one of `FORMULA_PREFIXES` gets a leading apostrophe
  (`'=1+1`), which spreadsheets show as text and never evaluate (so does text that
  begins with apostrophes before such a character, so that `restore` is exact);
* **numbers** (int, float, Decimal) are left alone, so a negative amount stays a
  number, and so is text that is just a plain number such as `-5` or `-1250.50`,
  which no spreadsheet can run;
* everything else (dates, empty cells) is unchanged.

The apostrophe is the only change, so a machine reader can undo it (`restore`), or
better, read the JSON twin of the same export, which carries the values unchanged.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value: Any) -> Any:
    """The value to write in a spreadsheet cell (see the module doc)."""
    if (isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]


def restore(value: str) -> str:
    """Undo `cell` for text read back from one of our CSV files."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


class _SafeWriter:
    """csv.writer whose rows pass through `row`."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(handle: Any, **options: Any) -> _SafeWriter:
    """`csv.writer(handle, **options)` for exports: every cell neutralised."""
    return _SafeWriter(handle, **options)
