"""Reading and validating legal-statistics feed files (CSV or JSON lines).

Validation runs over the whole file before anything is applied, collecting every
bad row with its number, column and reason, so an operator fixes the file once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from adaldyq.core import languages
from adaldyq.names.iin import validate_iin
from adaldyq.register import rules
from adaldyq.register.catalogue import Catalogue
from adaldyq.register.exceptions import RowError

RECORD_COLUMNS = [
    "record_id", "iin", "surname", "given_name", "patronymic", "birth_date", "position", "organization",
    "region", "court", "case_number", "verdict_date", "legal_effect_date", "articles", "gravity",
    "punishment", "lifetime_ban", "sentence_end_date",
]
REQUIRED = ["record_id", "surname", "given_name", "court", "case_number", "verdict_date", "articles", "punishment"]
# position and organization may instead come per language (position_kk, _ru, _en ...);
# a single column goes to the language its letters show (core.languages.from_row).
TEXT_FIELDS = ("position", "organization")
OPTIONAL_COLUMNS = ["punishment_term_months", "name_kk", "name_ru", "name_latin",
                    *(c for f in TEXT_FIELDS for c in languages.columns(f))]
EVENT_COLUMNS = ["record_id", "event", "date", "document"]
EVENTS = ["legal_effect", "acquitted", "retrial", "expunged", "record_removed_by_court"]
TRUE = {"1", "true", "yes", "y", "да", "иә"}
FALSE = {"", "0", "false", "no", "n", "нет", "жоқ"}


@dataclass(frozen=True)
class FeedRecord:
    row: int
    record_id: str
    iin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: dt.date | None
    position: languages.Texts
    organization: languages.Texts
    region: str
    court: str
    case_number: str
    verdict_date: dt.date
    legal_effect_date: dt.date | None
    article_codes: tuple[str, ...]
    article_ids: tuple[int, ...]
    gravity: str
    punishment: str
    punishment_term_months: int | None
    lifetime_ban: bool
    sentence_end_date: dt.date | None
    name_kk: str = ""
    name_ru: str = ""
    name_latin: str = ""

    def fingerprint(self) -> str:
        """Hash of every fact but the row number: equal fingerprints, nothing to update."""
        facts = [languages.fingerprint_value(getattr(self, name)) if name in TEXT_FIELDS else getattr(self, name)
                 for name in FINGERPRINT_FIELDS]
        return hashlib.sha256(json.dumps(facts, default=str, ensure_ascii=False).encode()).hexdigest()


FINGERPRINT_FIELDS = [f.name for f in fields(FeedRecord) if f.name != "row"]


@dataclass(frozen=True)
class FeedEvent:
    row: int
    record_id: str
    event: str
    date: dt.date
    document: str


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, row) from a CSV file with a header, or from JSON lines."""
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, {"__error__": f"not valid JSON ({exc.msg})"}
                    continue
                yield number, value if isinstance(value, dict) else {"__error__": "not a JSON object"}
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from read_csv(handle)


def read_csv(handle: io.TextIOBase | Any) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(csv.DictReader(handle), start=1)


def missing_columns(path: Path, expected: list[str]) -> list[str]:
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    return [c for c in expected if c not in {h.strip() for h in header}]


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


class _Row:
    """Collects the errors of one row while its fields are converted."""

    def __init__(self, number: int, row: dict[str, Any], errors: list[RowError]) -> None:
        self.number, self.row, self.errors = number, row, errors

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))

    def text(self, column: str, required: bool = False) -> str:
        value = _text(self.row, column)
        if required and not value:
            self.fail(column, "is required")
        return value

    def texts(self, field: str, limit: int = 300) -> languages.Texts:
        found = languages.from_row(self.row, field)
        for code, text in found.items():
            if len(text) > limit:
                self.fail(f"{field}_{code}" if self.row.get(f"{field}_{code}") else field,
                          f"is longer than {limit} characters")
        return found

    def date(self, column: str, required: bool = False) -> dt.date | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"'{value}' is not a date (YYYY-MM-DD)")
            return None

    def choice(self, column: str, allowed: list[str], required: bool = False) -> str:
        value = self.text(column, required)
        if value and value not in allowed:
            self.fail(column, f"'{value}' is not one of {', '.join(allowed)}")
        return value

    def boolean(self, column: str) -> bool:
        value = _text(self.row, column).lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.fail(column, f"'{value}' is not yes/no")
        return False


def parse_record(number: int, raw: dict[str, Any], catalogue: Catalogue, errors: list[RowError]) -> FeedRecord | None:
    if "__error__" in raw:
        errors.append(RowError(number, "-", raw["__error__"]))
        return None
    before = len(errors)
    r = _Row(number, raw, errors)
    record_id = r.text("record_id", required=True)
    iin = r.text("iin")
    if iin and not validate_iin(iin):
        r.fail("iin", f"'{iin}' is not a valid IIN (12 digits with a correct check digit)")
    verdict = r.date("verdict_date", required=True)
    legal_effect = r.date("legal_effect_date")
    if verdict and legal_effect and legal_effect < verdict:
        r.fail("legal_effect_date", "is before the verdict date")
    codes = tuple(c.strip() for c in r.text("articles", required=True).split(";") if c.strip())
    ids: list[int] = []
    for code in codes:
        if not catalogue.knows(code):
            r.fail("articles", f"unknown article '{code}'")
        elif verdict is not None:
            pk = catalogue.in_force(code, verdict)
            if pk is None:
                r.fail("articles", f"article '{code}' was not in force on {verdict}")
            else:
                ids.append(pk)
    gravity = r.choice("gravity", [g.value for g in rules.Gravity])
    punishment = r.choice("punishment", [p.value for p in rules.Punishment], required=True)
    term_text = r.text("punishment_term_months")
    term: int | None = None
    if term_text:
        if term_text.isdigit():
            term = int(term_text)
        else:
            r.fail("punishment_term_months", f"'{term_text}' is not a whole number")
    record = FeedRecord(
        row=number, record_id=record_id, iin=iin, surname=r.text("surname", required=True),
        given_name=r.text("given_name", required=True), patronymic=r.text("patronymic"),
        birth_date=r.date("birth_date"), position=r.texts("position"), organization=r.texts("organization"),
        region=r.text("region"), court=r.text("court", required=True),
        case_number=r.text("case_number", required=True), verdict_date=verdict or dt.date.min,
        legal_effect_date=legal_effect, article_codes=codes, article_ids=tuple(ids), gravity=gravity,
        punishment=punishment, punishment_term_months=term, lifetime_ban=r.boolean("lifetime_ban"),
        sentence_end_date=r.date("sentence_end_date"), name_kk=r.text("name_kk"), name_ru=r.text("name_ru"),
        name_latin=r.text("name_latin"),
    )
    return record if len(errors) == before else None


def parse_event(number: int, raw: dict[str, Any], errors: list[RowError]) -> FeedEvent | None:
    if "__error__" in raw:
        errors.append(RowError(number, "-", raw["__error__"]))
        return None
    before = len(errors)
    r = _Row(number, raw, errors)
    record_id = r.text("record_id", required=True)
    event = r.choice("event", EVENTS, required=True)
    day = r.date("date", required=True)
    document = r.text("document")
    if len(errors) > before or day is None:
        return None
    return FeedEvent(number, record_id, event, day, document)
