"""Readers of screening lists: CSV files and FollowTheMoney JSON lines (or entities).

Both give `EntryData` rows, checked whole: a bad row or line is reported with its
number and reason, and nothing is loaded. Pure Python apart from the FollowTheMoney
schema model: no Django.

CSV columns: ``id,name`` and optionally ``birth_date`` (YYYY-MM-DD), ``iin`` (IIN or
BIN), ``schema`` (Person/Company; guessed from legal-form words when absent),
``aliases`` and ``countries`` (both ``;``-separated).

FollowTheMoney: one entity a line. Persons (``Person``) and legal entities
(``Company``, ``Organization``, ``LegalEntity``, ``PublicBody``) become entries; other
schemas (ownerships, sanctions, addresses ...) are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model

from adaldyq.names.iin import clean_number, validate_iin
from adaldyq.screening.exceptions import InvalidFile, RowError
from adaldyq.screening.queries import COMPANY, PERSON, SCHEMAS, guess_schema

NAME_PROPS = ("name",)
ALIAS_PROPS = ("alias", "previousName", "weakAlias", "firstName")
PERSON_ID_PROPS = ("idNumber", "innCode", "taxNumber", "registrationNumber")
COMPANY_ID_PROPS = ("registrationNumber", "taxNumber", "innCode", "idNumber")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")


@dataclass(frozen=True, slots=True)
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


def _csv_row(number: int, row: dict[str, str]) -> tuple[EntryData | None, list[RowError]]:
    errors: list[RowError] = []
    entry_id = (row.get("id") or "").strip()
    name = " ".join((row.get("name") or "").split())
    if not entry_id:
        errors.append(RowError(number, "id", "empty id"))
    if not name:
        errors.append(RowError(number, "name", "empty name"))
    birth_date = None
    if (text := (row.get("birth_date") or "").strip()):
        try:
            birth_date = dt.date.fromisoformat(text)
        except ValueError:
            errors.append(RowError(number, "birth_date", f"{text!r} is not a date (YYYY-MM-DD)"))
    id_number = ""
    if (text := (row.get("iin") or "").strip()):
        if validate_iin(text):
            id_number = clean_number(text)
        else:
            errors.append(RowError(number, "iin", f"{text!r} is not a valid IIN/BIN (12 digits with a correct check digit)"))
    schema = (row.get("schema") or "").strip()
    if schema and schema not in SCHEMAS:
        errors.append(RowError(number, "schema", f"{schema!r} is not one of {', '.join(SCHEMAS)}"))
    if errors:
        return None, errors
    return EntryData(entry_id, schema or guess_schema(name), name, _split(row.get("aliases")), birth_date,
                     id_number, _split(row.get("countries")), dict(row)), []


def read_csv(path: Path) -> ReadReport:
    errors: list[RowError] = []
    report = ReadReport()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in ("id", "name") if c not in header]
        if missing:
            found = ", ".join(header) or "no header"
            raise InvalidFile(str(path), [RowError(0, c, f"missing column (found: {found})") for c in missing])
        reader.fieldnames = header
        for number, row in enumerate(reader, start=1):
            entry, problems = _csv_row(number, row)
            errors.extend(problems)
            if entry is not None:
                report.add(entry, number)
    return _checked(str(path), report, errors)


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
        return None, [RowError(number, "-", "not a JSON object")], False
    entity_id = str(entity.get("id") or "").strip()
    schema = model.get(str(entity.get("schema") or ""))
    if schema is None:
        return None, [RowError(number, "schema", f"{entity.get('schema')!r} is not a FollowTheMoney schema")], False
    if not schema.is_a("LegalEntity"):
        return None, [], True
    props = entity.get("properties")
    errors = []
    if not entity_id:
        errors.append(RowError(number, "id", "empty id"))
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
        entity_id[:200], PERSON if is_person else COMPANY, names[0][:500], tuple(aliases),
        _birth_date(_values(props, ("birthDate",))) if is_person else None, numbers[0] if numbers else "",
        tuple(dict.fromkeys(_values(props, COUNTRY_PROPS))), entity,
    ), [], False


def from_entities(entities: Iterable[Any], source: str) -> ReadReport:
    errors: list[RowError] = []
    report = ReadReport()
    for number, entity in enumerate(entities, start=1):
        entry, problems, skipped = entity_entry(entity, number)
        errors.extend(problems)
        report.skipped += skipped
        if entry is not None:
            report.add(entry, number)
    return _checked(source, report, errors)


def _json_lines(path: Path, errors: list[RowError]) -> Iterator[Any]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                yield None
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(RowError(number, "-", f"not JSON ({exc.msg})"))
                yield None


def read_jsonl(path: Path) -> ReadReport:
    errors: list[RowError] = []
    report = ReadReport()
    for number, entity in enumerate(_json_lines(path, errors), start=1):
        if entity is None:
            continue
        entry, problems, skipped = entity_entry(entity, number)
        errors.extend(problems)
        report.skipped += skipped
        if entry is not None:
            report.add(entry, number)
    return _checked(str(path), report, errors)


def _checked(source: str, report: ReadReport, errors: list[RowError]) -> ReadReport:
    first_row: dict[str, int] = {}
    for number, entry in zip(report.rows, report.entries, strict=True):
        if entry.entry_id in first_row:
            errors.append(RowError(number, "id", f"{entry.entry_id!r} already on row {first_row[entry.entry_id]}"))
        first_row.setdefault(entry.entry_id, number)
    if errors:
        raise InvalidFile(source, sorted(errors, key=lambda e: e.row))
    if not report.entries:
        raise InvalidFile(source, [RowError(0, "-", "no person or company in the file")])
    return report


def is_jsonl(path: Path) -> bool:
    """FollowTheMoney JSON lines by extension, else by a first character of '{'."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json", ".ftm"):
        return True
    if path.suffix.lower() in (".csv", ".tsv"):
        return False
    with path.open(encoding="utf-8-sig") as handle:
        return handle.read(1) == "{"


def read_file(path: Path) -> ReadReport:
    """Read and check a whole list file, CSV or FollowTheMoney JSON lines."""
    if not path.is_file():
        raise InvalidFile(str(path), [RowError(0, "-", "no such file")])
    try:
        return read_jsonl(path) if is_jsonl(path) else read_csv(path)
    except UnicodeDecodeError as exc:
        raise InvalidFile(str(path), [RowError(0, "-", f"not UTF-8 text ({exc.reason})")]) from exc
    except csv.Error as exc:
        raise InvalidFile(str(path), [RowError(0, "-", f"not a readable CSV file ({exc})")]) from exc
