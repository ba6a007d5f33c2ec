"""The legal-statistics feed: its columns, and the pure parsers of its rows.

`register.imports` reads a feed file through `adaldyq.core.imports` and parses every row
here, over a snapshot of the article catalogue, before anything is applied. Each field
is checked against what the database stores (`MAX_LENGTH`, the dates and numbers
`core.imports.Cells` accepts), so a value that passes here never fails in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, fields
from functools import lru_cache

from adaldyq.core import languages
from adaldyq.core.imports import Cells
from adaldyq.names import name_keys
from adaldyq.names.iin import validate_iin
from adaldyq.register import rules
from adaldyq.register.catalogue import Catalogue

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
EVENT_REQUIRED = ["record_id", "event", "date"]
EVENTS = ["legal_effect", "acquitted", "retrial", "expunged", "record_removed_by_court"]
# The lengths of the columns each field is stored in (register.models, core.models for
# the event's document; a text field's limit holds for each of its language columns);
# tests/register/test_feed_limits.py keeps the two in step.
MAX_LENGTH = {
    "record_id": 64, "surname": 100, "given_name": 100, "patronymic": 100, "name_kk": 300, "name_ru": 300,
    "name_latin": 300, "position": 300, "organization": 300, "region": 40, "court": 300, "case_number": 100,
    "articles": 200, "document": 300,
}
NAME_KEY_LENGTH = 40  # register.models.NameKey.key: one search key per word of a name
LONGEST_TERM_MONTHS = 1200  # a hundred years; anything longer is a typing error
GRAVITIES = [g.value for g in rules.Gravity]
PUNISHMENTS = [p.value for p in rules.Punishment]


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class FeedEvent:
    row: int
    record_id: str
    event: str
    date: dt.date
    document: str


def parse_record(cells: Cells, catalogue: Catalogue) -> FeedRecord | None:
    """One conviction row; None when the row has a problem (recorded in `cells`)."""
    record_id = _text(cells, "record_id", required=True)
    iin = cells.text("iin")
    if iin and not validate_iin(iin):
        cells.fail("iin", f"'{iin}' is not a valid IIN (12 digits with a correct check digit)")
    verdict = cells.date("verdict_date", required=True)
    legal_effect = cells.date("legal_effect_date")
    if verdict and legal_effect and legal_effect < verdict:
        cells.fail("legal_effect_date", "is before the verdict date")
    codes = tuple(c.strip() for c in _text(cells, "articles", required=True).split(";") if c.strip())
    record = FeedRecord(
        row=cells.number, record_id=record_id, iin=iin, surname=_name(cells, "surname", required=True),
        given_name=_name(cells, "given_name", required=True), patronymic=_name(cells, "patronymic"),
        birth_date=cells.date("birth_date"), position=_texts(cells, "position"),
        organization=_texts(cells, "organization"), region=_text(cells, "region"),
        court=_text(cells, "court", required=True), case_number=_text(cells, "case_number", required=True),
        verdict_date=verdict or dt.date.min, legal_effect_date=legal_effect, article_codes=codes,
        article_ids=_articles(cells, codes, verdict, catalogue),
        gravity=cells.choice("gravity", GRAVITIES),
        punishment=cells.choice("punishment", PUNISHMENTS, required=True),
        punishment_term_months=cells.integer("punishment_term_months", maximum=LONGEST_TERM_MONTHS),
        lifetime_ban=cells.boolean("lifetime_ban"), sentence_end_date=cells.date("sentence_end_date"),
        name_kk=_name(cells, "name_kk"), name_ru=_name(cells, "name_ru"), name_latin=_name(cells, "name_latin"),
    )
    return record if cells.ok else None


def _text(cells: Cells, column: str, *, required: bool = False) -> str:
    return cells.text(column, required=required, max_length=MAX_LENGTH[column])


def _texts(cells: Cells, field: str) -> languages.Texts:
    return cells.texts(field, max_length=MAX_LENGTH[field])


def _name(cells: Cells, column: str, *, required: bool = False) -> str:
    """A name, whose every word must also fit the search index (one key per word)."""
    value = _text(cells, column, required=required)
    for word in value.split():
        if len(word) > NAME_KEY_LENGTH // 4 and _longest_key(word) > NAME_KEY_LENGTH:
            # A letter becomes at most four in the key, so only long words need the check.
            cells.fail(column, f"the word '{word[:20]}…' is too long to be found by search")
    return value


@lru_cache(maxsize=65_536)
def _longest_key(word: str) -> int:
    return max((len(k) for k in name_keys(word)), default=0)


def _articles(cells: Cells, codes: tuple[str, ...], verdict: dt.date | None, catalogue: Catalogue) -> tuple[int, ...]:
    """The catalogue's article versions in force on the verdict date."""
    ids: list[int] = []
    for code in codes:
        if not catalogue.knows(code):
            cells.fail("articles", f"unknown article '{code}'")
        elif verdict is not None:
            pk = catalogue.in_force(code, verdict)
            if pk is None:
                cells.fail("articles", f"article '{code}' was not in force on {verdict}")
            else:
                ids.append(pk)
    return tuple(ids)


def parse_event(cells: Cells) -> FeedEvent | None:
    """One event row (legal effect, acquittal, retrial, expungement, removal by a court)."""
    record_id = _text(cells, "record_id", required=True)
    event = cells.choice("event", EVENTS, required=True)
    day = cells.date("date", required=True)
    document = _text(cells, "document")
    if not cells.ok or day is None:
        return None
    return FeedEvent(row=cells.number, record_id=record_id, event=event, date=day, document=document)
