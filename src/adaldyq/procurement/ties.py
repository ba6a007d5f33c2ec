"""TIE Supplier tied to a listed person: persons tied to suppliers, screened against lists.

Persons tied to a supplier (director, owner, beneficial owner) come from three places:

* the OCDS data itself, where parties carry them: ``parties/details/director(s)``,
  ``parties/details/owners``, ``parties/details/beneficialOwners`` or the beneficial
  owners extension's ``parties/beneficialOwners`` (read in DuckDB, see ``OCDS_SQL``);
* a CSV file ``supplier_id,supplier_name,person_name,role[,birth_date,iin]``;
* a Beneficial Ownership Data Standard (BODS) file: ownership-or-control statements
  linking person statements to entity statements (BODS 0.2/0.3, and 0.4 records).

Each person is screened with the screening engine against the register's public
entries and every loaded list; the supplier's own name is screened against the lists'
companies. A match at or above the threshold is a tie. Each entry is compared as a
whole (all its spellings: a patronymic on any of them that disagrees keeps the pair
out of the ties). IINs and birth dates of the ties file are read and checked but do
not count: ties are shown beyond the screening officer (pages, API), and a tie that
depended on them would reveal a register person's IIN or birth date (the no-oracle
rule, docs/screening-matching.md).

This module reads and resolves (pure, no Django); ``procurement/services.py`` screens
the resolved persons through screening's seam (``adaldyq.screening.public``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from adaldyq.names.iin import clean_number, validate_iin
from adaldyq.screening.matching.explanation import explanation_text

from .exceptions import ProcurementError

CODE = "TIE"
TITLE = "Supplier tied to a listed person"
CSV_COLUMNS = ("supplier_id", "supplier_name", "person_name", "role")
CSV_OPTIONAL = ("birth_date", "iin")


class TiesFileError(ProcurementError):
    """The ties file cannot be used; ``problems`` lists every bad row."""

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__(f"{path}: " + ("; ".join(problems[:20]) + (f" (and {len(problems) - 20} more)"
                                                                      if len(problems) > 20 else "")))
        self.problems = problems


@dataclass(frozen=True, kw_only=True)
class TiedPerson:
    """A person tied to a supplier. ``supplier_ref`` is an OCDS party id or a BIN."""

    supplier_ref: str
    supplier_name: str
    person_name: str
    role: str
    source: str
    birth_date: dt.date | None = None
    iin: str = ""


@dataclass(frozen=True, kw_only=True)
class Tie:
    """One finding: a supplier's tied person (or the supplier) matched a list entry."""

    supplier_id: str
    supplier_name: str
    person_name: str
    role: str
    source: str
    list_name: str
    match_id: str
    match_name: str
    match_url: str
    score: float
    band: str
    features: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def explanation(self) -> str:
        return explanation_text(self.features)


# ---------------------------------------------------------------- reading

# Person-valued paths of a party, with the role they imply.
OCDS_PATHS = (
    ("$.details.director", "director", False), ("$.details.directors[*]", "director", True),
    ("$.details.owners[*]", "owner", True), ("$.details.beneficialOwners[*]", "beneficial owner", True),
    ("$.beneficialOwners[*]", "beneficial owner", True),
)


def ocds_sql(json_table: str) -> str:
    """Persons named in the parties of ``json_table`` (a JSON column ``parties``), one row each."""
    parts = []
    for path, role, many in OCDS_PATHS:
        value = f"UNNEST(json_extract(p, '{path}'))" if many else f"json_extract(p, '{path}')"
        parts.append(f"""
            SELECT supplier, supplier_name, coalesce(v->>'$.role', {_quote(role)}) AS role,
                CASE WHEN json_type(v) = 'VARCHAR' THEN v->>'$' ELSE coalesce(v->>'$.name', v->>'$.fullName') END
                    AS person
            FROM (SELECT p->>'$.id' AS supplier, p->>'$.name' AS supplier_name, {value} AS v
                  FROM (SELECT UNNEST(json_extract(parties, '$[*]')) AS p FROM {json_table})
                  WHERE json_type(p) = 'OBJECT')
        """)
    return (f"SELECT DISTINCT supplier, supplier_name, person, role FROM ({' UNION ALL '.join(parts)}) "
            "WHERE supplier IS NOT NULL AND person IS NOT NULL AND trim(person) <> '' "
            "ORDER BY supplier, person, role")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def from_ocds(con: duckdb.DuckDBPyConnection, json_table: str) -> list[TiedPerson]:
    return [TiedPerson(supplier_ref=supplier, supplier_name=supplier_name or "", person_name=" ".join(person.split()),
                       role=role, source="ocds")
            for supplier, supplier_name, person, role in con.execute(ocds_sql(json_table)).fetchall()]


def read_file(path: Path) -> list[TiedPerson]:
    """A CSV file (by its ``.csv`` suffix) or a BODS JSON file, checked whole."""
    if not path.is_file():
        raise TiesFileError(str(path), ["no such file"])
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_bods(path)


def read_csv(path: Path) -> list[TiedPerson]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except UnicodeDecodeError as error:
        raise TiesFileError(str(path), [f"not UTF-8 ({error.reason})"]) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise TiesFileError(str(path), [f"missing column(s): {', '.join(missing)}"] if rows else ["no rows"])
    people: list[TiedPerson] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        person, row_problems = _csv_row(row)
        problems += [f"row {number}, {column}: {reason}" for column, reason in row_problems]
        if person is not None:
            people.append(person)
    if problems:
        raise TiesFileError(str(path), problems)
    return people


def _csv_row(row: dict[str, Any]) -> tuple[TiedPerson | None, list[tuple[str, str]]]:
    def text(column: str) -> str:
        return " ".join(str(row.get(column) or "").split())

    problems = []
    if not text("supplier_id"):
        problems.append(("supplier_id", "empty"))
    if not text("person_name"):
        problems.append(("person_name", "empty"))
    birth: dt.date | None = None
    if text("birth_date"):
        try:
            birth = dt.date.fromisoformat(text("birth_date"))
        except ValueError:
            problems.append(("birth_date", "not a date (YYYY-MM-DD)"))
    iin = clean_number(text("iin")) if text("iin") else ""
    if text("iin") and not validate_iin(iin):
        problems.append(("iin", "not a valid IIN"))
    if problems:
        return None, problems
    return TiedPerson(supplier_ref=text("supplier_id"), supplier_name=text("supplier_name"),
                      person_name=text("person_name"), role=text("role"), source="csv", birth_date=birth, iin=iin), []


def _bods_statements(path: Path) -> Iterator[dict[str, Any]]:
    """Statements from a JSON array (streamed) or JSON lines."""
    with path.open("rb") as handle:
        head = handle.read(64).lstrip()
    if head.startswith(b"["):
        import ijson

        with path.open("rb") as handle:
            try:
                yield from ijson.items(handle, "item", use_float=True)
            except ijson.JSONError as error:
                raise TiesFileError(str(path), [f"not JSON ({error})"]) from None
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    value = json.loads(line)
                except ValueError as error:
                    raise TiesFileError(str(path), [f"line {number}: not JSON ({error})"]) from None
                yield from (value if isinstance(value, list) else [value])


def _bods_kind(statement: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(kind, id, details) of a BODS 0.2/0.3 statement or a 0.4 record statement."""
    if "recordType" in statement:  # BODS 0.4
        kind = {"entity": "entity", "person": "person", "relationship": "relationship"}.get(
            str(statement["recordType"]), "")
        return kind, str(statement.get("recordId") or ""), statement.get("recordDetails") or {}
    kind = {"entityStatement": "entity", "personStatement": "person",
            "ownershipOrControlStatement": "relationship"}.get(str(statement.get("statementType")), "")
    return kind, str(statement.get("statementID") or ""), statement


def _bods_name(details: dict[str, Any]) -> str:
    names = details.get("names") or []
    for name in names:
        if isinstance(name, dict) and name.get("fullName"):
            return " ".join(str(name["fullName"]).split())
    return " ".join(str(details.get("name") or "").split())


def _bods_ref(value: Any, *keys: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in keys:
            if value.get(key):
                return str(value[key])
    return ""


def _interest(details: dict[str, Any]) -> str:
    types = [str(i.get("type")) for i in details.get("interests") or [] if isinstance(i, dict) and i.get("type")]
    return ", ".join(dict.fromkeys(t.replace("-", " ") for t in types)) or "owner or controller"


def read_bods(path: Path) -> list[TiedPerson]:
    entities: dict[str, tuple[str, str]] = {}  # id -> (reference: BIN or first identifier, name)
    persons: dict[str, tuple[str, dt.date | None, str]] = {}
    links: list[tuple[str, str, str]] = []
    for statement in _bods_statements(path):
        if not isinstance(statement, dict):
            continue
        kind, ident, details = _bods_kind(statement)
        identifiers = [i for i in details.get("identifiers") or [] if isinstance(i, dict) and i.get("id")]
        if kind == "entity":
            bins = [str(i["id"]) for i in identifiers if "BIN" in str(i.get("scheme", "")).upper()]
            reference = (bins or [str(i["id"]) for i in identifiers] or [""])[0]
            entities[ident] = (reference, _bods_name(details))
        elif kind == "person":
            birth = None
            try:
                birth = dt.date.fromisoformat(str(details.get("birthDate") or ""))
            except ValueError:
                birth = None
            iins = [clean_number(str(i["id"])) for i in identifiers if "IIN" in str(i.get("scheme", "")).upper()]
            persons[ident] = (_bods_name(details), birth, next((i for i in iins if validate_iin(i)), ""))
        elif kind == "relationship":
            subject = _bods_ref(details.get("subject"), "describedByEntityStatement")
            party = _bods_ref(details.get("interestedParty"), "describedByPersonStatement")
            links.append((subject, party, _interest(details)))
    people = []
    for subject, party, role in links:
        if subject in entities and party in persons and persons[party][0]:
            (reference, supplier_name), (name, birth, iin) = entities[subject], persons[party]
            people.append(TiedPerson(supplier_ref=reference or supplier_name, supplier_name=supplier_name,
                                     person_name=name, role=role, source="bods", birth_date=birth, iin=iin))
    if links and not people:
        raise TiesFileError(str(path), ["no relationship links a known person to a known entity"])
    return people


# ---------------------------------------------------------------- resolving and matching

def resolve(people: Iterable[TiedPerson], suppliers: dict[str, str], bins: dict[str, str]) -> tuple[
        list[tuple[str, TiedPerson]], int]:
    """Attach each person to a supplier of the run by OCDS id, else by BIN.

    ``suppliers`` maps supplier id -> name; ``bins`` maps BIN -> supplier id. Returns the
    attached pairs and how many persons named a supplier the run does not have.
    """
    attached: list[tuple[str, TiedPerson]] = []
    unknown = 0
    seen: set[tuple[str, str, str, str]] = set()
    for person in people:
        ref = person.supplier_ref
        supplier = ref if ref in suppliers else bins.get(clean_number(ref)) if clean_number(ref) else None
        if supplier is None:
            unknown += 1
            continue
        key = (supplier, person.person_name, person.role, person.iin)
        if key not in seen:
            seen.add(key)
            attached.append((supplier, person))
    return attached, unknown
