"""What is screened: queries read from a CSV file or an API body, validated whole.

A query is an id, a name, and optionally a birth date, an IIN (a BIN for a
company) and a schema. Pure Python: no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import TextIO

from adaldyq.names.iin import clean_number, validate_iin
from adaldyq.screening.exceptions import InvalidFile, InvalidQuery, RowError
from adaldyq.screening.matching.company import has_legal_form

PERSON = "Person"
COMPANY = "Company"
SCHEMAS = (PERSON, COMPANY)
REQUIRED_COLUMNS = ("id", "name")
OPTIONAL_COLUMNS = ("birth_date", "iin", "schema")
MAX_NAME_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Query:
    id: str
    name: str
    _: KW_ONLY
    birth_date: dt.date | None = None
    iin: str = ""  # cleaned 12 digits, or empty
    schema: str = PERSON


def guess_schema(name: str) -> str:
    """A name with a legal form (ТОО, АО, LLP...) is a company's; any other a person's."""
    return COMPANY if has_legal_form(name) else PERSON


def check_fields(raw: Mapping[str, object]) -> tuple[Query | None, list[tuple[str, str]]]:
    """Validate one query given as a mapping; returns it, or the (field, reason) problems."""
    problems: list[tuple[str, str]] = []
    query_id = str(raw.get("id") or "").strip()
    name = " ".join(str(raw.get("name") or "").split())
    if not query_id:
        problems.append(("id", "empty id"))
    elif len(query_id) > 200:
        problems.append(("id", "longer than 200 characters"))
    if not name:
        problems.append(("name", "empty name"))
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(("name", f"longer than {MAX_NAME_LENGTH} characters"))
    birth_date = None
    birth_text = str(raw.get("birth_date") or "").strip()
    if birth_text:
        try:
            birth_date = dt.date.fromisoformat(birth_text)
        except ValueError:
            problems.append(("birth_date", f"{birth_text!r} is not a date (YYYY-MM-DD)"))
    iin_text = str(raw.get("iin") or "").strip()
    iin = ""
    if iin_text:
        if validate_iin(iin_text):
            iin = clean_number(iin_text)
        else:
            problems.append(("iin", f"{iin_text!r} is not a valid IIN/BIN (12 digits with a correct check digit)"))
    schema = str(raw.get("schema") or "").strip()
    if schema and schema not in SCHEMAS:
        problems.append(("schema", f"{schema!r} is not one of {', '.join(SCHEMAS)}"))
    if problems:
        return None, problems
    return Query(query_id, name, birth_date=birth_date, iin=iin, schema=schema or guess_schema(name)), []


def from_mappings(rows: Iterable[Mapping[str, object]]) -> list[Query]:
    """Queries of an API or staff request; the first bad one raises InvalidQuery naming it."""
    queries: list[Query] = []
    seen: set[str] = set()
    for number, raw in enumerate(rows, start=1):
        query, problems = check_fields(raw)
        label = str(raw.get("id") or "").strip() or f"#{number}"
        if problems:
            field, reason = problems[0]
            raise InvalidQuery(label, field, reason)
        assert query is not None
        if query.id in seen:
            raise InvalidQuery(label, "id", "the same id is used by an earlier query")
        seen.add(query.id)
        queries.append(query)
    return queries


def read_csv(path: Path) -> list[Query]:
    """Every query of a CSV file with columns id,name[,birth_date,iin,schema].

    The whole file is checked first; any bad row raises InvalidFile listing each row,
    column and reason, so nothing is screened from a half-valid file.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return read_csv_text(handle, str(path))


def read_csv_text(handle: TextIO, source: str, *, limit: int | None = None) -> list[Query]:
    """`read_csv` for an open text stream (an upload); `limit` caps the number of rows."""
    errors: list[RowError] = []
    queries: list[Query] = []
    seen: dict[str, int] = {}
    try:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            found = ", ".join(header) or "no header"
            raise InvalidFile(source, [RowError(0, c, f"missing column (found: {found})") for c in missing])
        reader.fieldnames = header
        for number, row in enumerate(reader, start=1):
            if limit is not None and number > limit:
                raise InvalidFile(source, [RowError(number, "-", f"more than {limit} rows; use `adaldyq screen` for large files")])
            query, problems = check_fields(row)
            errors.extend(RowError(number, field, reason) for field, reason in problems)
            if query is None:
                continue
            if query.id in seen:
                errors.append(RowError(number, "id", f"{query.id!r} already used on row {seen[query.id]}"))
                continue
            seen[query.id] = number
            queries.append(query)
    except UnicodeDecodeError as exc:
        raise InvalidFile(source, [RowError(0, "-", f"not UTF-8 text ({exc.reason})")]) from exc
    except csv.Error as exc:
        raise InvalidFile(source, [RowError(0, "-", f"not a readable CSV file ({exc})")]) from exc
    if errors:
        raise InvalidFile(source, errors)
    if not queries:
        raise InvalidFile(source, [RowError(0, "-", "no queries in the file")])
    return queries
