"""Readers of screening lists: CSV files and FollowTheMoney JSON lines (or entities).

Both give `EntryData` rows, checked whole through `adaldyq.core.imports`: a bad row or
line is reported with its number, column and reason (CSV rows numbered as a spreadsheet
shows them, the header being row 1; JSON lines by line), and nothing is loaded.

CSV columns: ``id,name`` and optionally ``birth_date`` (YYYY-MM-DD), ``iin`` (IIN or
BIN), ``schema`` (Person/Company; guessed from legal-form words when absent),
``aliases`` and ``countries`` (both ``;``-separated).

FollowTheMoney: one entity a line. Persons (``Person``) and legal entities
(``Company``, ``Organization``, ``LegalEntity``, ``PublicBody``) become entries; other
schemas (ownerships, sanctions, addresses ...) are skipped and counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model

from adaldyq.core import imports
from adaldyq.core.imports import Cells, ImportRejected, RowError
from adaldyq.names.iin import clean_number, validate_iin
from adaldyq.screening.exceptions import InvalidFile
from adaldyq.screening.queries import COMPANY, PERSON, SCHEMAS, guess_schema

NAME_PROPS = ("name",)
ALIAS_PROPS = ("alias", "previousName", "weakAlias", "firstName")
PERSON_ID_PROPS = ("idNumber", "innCode", "taxNumber", "registrationNumber")
COMPANY_ID_PROPS = ("registrationNumber", "taxNumber", "innCode", "idNumber")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")
MAX_ID, MAX_NAME = 200, 500  # screening.models.ListEntry.entry_id and .name
# The list file formats, each with its section in docs/screening.md (tests/core/test_contributing.py).
FORMATS = {"csv": "CSV", "jsonl": "FollowTheMoney JSON lines"}
CSV_COLUMNS = ("id", "name", "birth_date", "iin", "schema", "aliases", "countries")


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryData:
    entry_id: str
    schema: str  # Person / Company
    name: str
    aliases: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    id_number: str = ""
    countries: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class ReadReport:
    entries: list[EntryData] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # row or line number of each entry
    skipped: int = 0  # entities of other schemas

    def add(self, entry: EntryData, row: int) -> None:
        self.entries.append(entry)
        self.rows.append(row)

    @property
    def kind(self) -> str:
        schemas = {e.schema for e in self.entries}
        if schemas == {PERSON}:
            return "person"
        if schemas == {COMPANY}:
            return "company"
        return "mixed"


def fingerprint(entries: Iterable[EntryData]) -> str:
    """Hash of what screening uses, so loading the same list again changes nothing."""
    digest = hashlib.sha256()
    for e in sorted(entries, key=lambda e: e.entry_id):
        digest.update(json.dumps([e.entry_id, e.schema, e.name, list(e.aliases), str(e.birth_date or ""),
                                  e.id_number, list(e.countries)], ensure_ascii=False).encode())
    return digest.hexdigest()


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (value or "").split(";") if p.strip()))


def _csv_row(cells: Cells) -> EntryData | None:
    entry_id = cells.text("id", required=True, max_length=MAX_ID)
    name = " ".join(cells.text("name", required=True, max_length=MAX_NAME).split())
    birth_date = cells.date("birth_date")
    id_number = ""
    if (text := cells.text("iin")):
        if validate_iin(text):
            id_number = clean_number(text)
        else:
            cells.fail("iin", f"'{text}' is not a valid IIN/BIN (12 digits with a correct check digit)")
    schema = cells.text("schema")
    if schema and schema not in SCHEMAS:
        cells.fail("schema", f"'{schema}' is not one of {', '.join(SCHEMAS)}")
    if not cells.ok:
        return None
    return EntryData(entry_id=entry_id, schema=schema or guess_schema(name), name=name,
                     aliases=_split(cells.raw("aliases")), birth_date=birth_date, id_number=id_number,
                     countries=_split(cells.raw("countries")), raw=dict(cells.values))


def _read_csv(table: imports.Table) -> ReadReport:
    errors = imports.header_errors(table.header, required=("id", "name"))
    if errors:
        raise InvalidFile(table.source, errors)
    report = ReadReport()
    for number, row in table.rows:
        entry = _csv_row(Cells(number, row, errors))
        if entry is not None:
            report.add(entry, number)
    return _checked(table.source, report, errors)


def _values(props: dict[str, Any], names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        value = props.get(name) or []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                out.append(" ".join(item.split()))
    return out


def _birth_date(values: list[str]) -> dt.date | None:
    """A full FtM date; partial dates (1970, 1970-05) say too little to compare."""
    for value in values:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def entity_entry(entity: Any, number: int) -> tuple[EntryData | None, list[RowError], bool]:
    """One FtM entity as an entry; (None, [], True) for a schema that is not screened."""
    if not isinstance(entity, dict):
        return None, [RowError(number, "", "is not a JSON object")], False
    entity_id = str(entity.get("id") or "").strip()
    schema = model.get(str(entity.get("schema") or ""))
    if schema is None:
        return None, [RowError(number, "schema", f"{entity.get('schema')!r} is not a FollowTheMoney schema")], False
    if not schema.is_a("LegalEntity"):
        return None, [], True
    props = entity.get("properties")
    errors = []
    if not entity_id:
        errors.append(RowError(number, "id", "is required"))
    if not isinstance(props, dict):
        return None, [*errors, RowError(number, "properties", "missing or not an object")], False
    names = _values(props, NAME_PROPS)
    if not names:
        errors.append(RowError(number, "name", "no name"))
    if errors:
        return None, errors, False
    is_person = schema.is_a("Person")
    id_props = PERSON_ID_PROPS if is_person else COMPANY_ID_PROPS
    numbers = [clean_number(v) for v in _values(props, id_props) if validate_iin(v)]
    aliases = [a for a in dict.fromkeys(names[1:] + _values(props, ALIAS_PROPS)) if a != names[0]]
    return EntryData(
        entry_id=entity_id[:MAX_ID], schema=PERSON if is_person else COMPANY, name=names[0][:MAX_NAME],
        aliases=tuple(aliases), birth_date=_birth_date(_values(props, ("birthDate",))) if is_person else None,
        id_number=numbers[0] if numbers else "", countries=tuple(dict.fromkeys(_values(props, COUNTRY_PROPS))),
        raw=entity,
    ), [], False


def from_entities(entities: Iterable[Any], source: str) -> ReadReport:
    return _read_entities(enumerate(entities, start=1), source, [])


def _read_entities(entities: Iterable[tuple[int, Any]], source: str, errors: list[RowError]) -> ReadReport:
    report = ReadReport()
    for number, entity in entities:
        entry, problems, skipped = entity_entry(entity, number)
        errors.extend(problems)
        report.skipped += skipped
        if entry is not None:
            report.add(entry, number)
    return _checked(source, report, errors)


def _checked(source: str, report: ReadReport, errors: list[RowError]) -> ReadReport:
    first_row: dict[str, int] = {}
    for number, entry in zip(report.rows, report.entries, strict=True):
        if entry.entry_id in first_row:
            errors.append(RowError(number, "id", f"'{entry.entry_id}' is also on row {first_row[entry.entry_id]}"))
        first_row.setdefault(entry.entry_id, number)
    if errors:
        raise InvalidFile(source, sorted(errors, key=lambda e: e.row or 0))
    if not report.entries:
        raise InvalidFile(source, [RowError.file("no person or company in the file")])
    return report


def read_file(path: Path) -> ReadReport:
    """Read and check a whole list file, CSV or FollowTheMoney JSON lines."""
    try:
        with imports.open_table(path, formats=tuple(FORMATS)) as table:
            if table.header is not None:
                return _read_csv(table)
            entities: list[tuple[int, Mapping[str, Any]]] = list(table.rows)
            return _read_entities(entities, str(path), table.errors)
    except ImportRejected as exc:
        raise InvalidFile(str(path), exc.errors) from exc
