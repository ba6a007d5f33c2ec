"""File imports: assets from CSV, official exchange rates from CSV.

The whole file is checked first; if any row is bad nothing is applied and every
problem is reported with its row number, column and reason (`ImportRejected`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from adaldyq.core import languages
from adaldyq.core.formatting import message
from adaldyq.core.regions import resolve_region

from . import money, services
from .exceptions import ImportRejected, RecoveryError
from .models import Asset, AssetKind, CaseKind, CaseParty, PartyKind, RecoveryCase

ASSET_COLUMNS = ["case_reference", "case_kind", "case_title", "case_opened_on", "asset_reference", "kind",
                 "description", "country", "region", "valuation_amount", "currency", "valuation_date",
                 "identified_on"]
# Public texts: one column (its language guessed) or one per language, e.g. description_kk,
# description_ru, description_en (core.languages.from_row); either satisfies the header.
TEXT_COLUMNS = ("case_title", "description")
OPTIONAL_ASSET_COLUMNS = ["owner_kind", "owner_name", "owner_iin_bin", "owner_role", "document", "internal_notes",
                          *(c for field in TEXT_COLUMNS for c in languages.columns(field))]
RATE_COLUMNS = ["date", "currency", "rate"]


@dataclass
class AssetRow:
    line: int
    values: dict[str, Any]


def _rows(handle: TextIO, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(handle)
    header = set(reader.fieldnames or [])
    missing = [c for c in required if c not in header
               and not (c in TEXT_COLUMNS and header & set(languages.columns(c)))]
    if missing:
        raise ImportRejected([f"header: missing column(s) {', '.join(missing)}"])
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k}


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def check_assets(handle: TextIO) -> list[AssetRow]:
    """Parse and check every row; raise `ImportRejected` listing all problems."""
    problems: list[str] = []
    parsed: list[AssetRow] = []
    seen: set[str] = set()
    cases: dict[str, tuple[str, str]] = {}  # case reference: (kind, titles) as first described
    kinds = {k for k, _ in AssetKind.choices}
    case_kinds = {k for k, _ in CaseKind.choices}
    for line, row in _rows(handle, ASSET_COLUMNS):
        def bad(column: str, reason: str, line: int = line) -> None:
            problems.append(f"row {line}, column {column}: {reason}")

        values: dict[str, Any] = {}
        for column in ("valuation_date", "identified_on", "case_opened_on"):
            try:
                values[column] = _date(row[column])
            except ValueError:
                bad(column, f"{row[column]!r} is not a date (YYYY-MM-DD)")
        try:
            values["valuation_amount"] = money.parse_amount(row["valuation_amount"])
        except RecoveryError as error:
            bad("valuation_amount", message(error))
        if row["kind"] not in kinds:
            bad("kind", f"{row['kind']!r} is not one of {', '.join(sorted(kinds))}")
        ref = row["asset_reference"]
        if not ref:
            bad("asset_reference", "empty")
        elif ref in seen:
            bad("asset_reference", f"{ref} appears twice in the file")
        elif Asset.objects.filter(reference=ref).exists():
            bad("asset_reference", f"{ref} is already recorded")
        seen.add(ref)
        values["description"] = languages.from_row(row, "description")
        if not values["description"]:
            bad("description", "empty")
        country = (row["country"] or "KZ").upper()
        values["country"] = country
        if len(country) != 2 or not country.isalpha():
            bad("country", f"{row['country']!r} is not a two-letter country code")
        if country == "KZ":
            region = resolve_region(row["region"])
            if region is None:
                bad("region", f"{row['region']!r} is not a region of Kazakhstan")
            values["region"] = region or ""
        else:
            values["region"] = ""
        currency = (row["currency"] or "KZT").upper()
        values["currency"] = currency
        if "valuation_date" in values and currency != money.KZT \
                and services.rate_on(currency, values["valuation_date"]) is None:
            bad("currency", f"no exchange rate for {currency} on or before {values['valuation_date']}")
        case_ref = row["case_reference"]
        if not case_ref:
            bad("case_reference", "empty")
        existing = RecoveryCase.objects.filter(reference=case_ref).first() if case_ref else None
        if existing is None:
            if row["case_kind"] not in case_kinds:
                bad("case_kind", f"{row['case_kind']!r} is not one of {', '.join(sorted(case_kinds))}")
            values["case_title"] = languages.from_row(row, "case_title")
            if not values["case_title"]:
                bad("case_title", "empty for a new case")
            described = (row["case_kind"], str(sorted(values["case_title"].items())))
            first = cases.setdefault(case_ref, described)
            if first != described:
                bad("case_title", f"case {case_ref} is described differently on an earlier row")
        owner_kind = row.get("owner_kind", "")
        if owner_kind and owner_kind not in (PartyKind.PERSON, PartyKind.ORGANIZATION):
            bad("owner_kind", "must be person or organization")
        if owner_kind and not row.get("owner_name"):
            bad("owner_name", "empty while owner_kind is given")
        parsed.append(AssetRow(line, {**row, **values}))
    if problems:
        raise ImportRejected(problems)
    return parsed


def import_assets(path: Path, actor: Any = None, progress: Callable[[Iterable[AssetRow]], Iterable[AssetRow]]
                  | None = None) -> int:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = check_assets(handle)
    with transaction.atomic():
        for row in (progress(rows) if progress else rows):
            v = row.values
            case = RecoveryCase.objects.filter(reference=v["case_reference"]).first()
            if case is None:
                case = services.open_case(reference=v["case_reference"], kind=v["case_kind"], title=v["case_title"],
                                          opened_on=v["case_opened_on"], region=v["region"], actor=actor)
            owner: CaseParty | None = None
            if v.get("owner_kind"):
                owner = case.parties.filter(kind=v["owner_kind"], name=v["owner_name"]).first() or services.add_party(
                    case, kind=v["owner_kind"], role=v.get("owner_role") or "owner", name=v["owner_name"],
                    iin_bin=v.get("owner_iin_bin", ""), actor=actor)
            services.identify_asset(
                case=case, reference=v["asset_reference"], kind=v["kind"], description=v["description"],
                country=v["country"], region=v["region"], valuation_amount=v["valuation_amount"],
                currency=v["currency"], valuation_date=v["valuation_date"], identified_on=v["identified_on"],
                owner=owner, internal_notes=v.get("internal_notes", ""), document=v.get("document", ""), actor=actor,
            )
    return len(rows)


def check_rates(handle: TextIO) -> list[tuple[dt.date, str, Decimal]]:
    problems: list[str] = []
    parsed: list[tuple[dt.date, str, Decimal]] = []
    seen: set[tuple[dt.date, str]] = set()
    for line, row in _rows(handle, RATE_COLUMNS):
        try:
            on = _date(row["date"])
        except ValueError:
            problems.append(f"row {line}, column date: {row['date']!r} is not a date (YYYY-MM-DD)")
            continue
        currency = row["currency"].upper()
        if len(currency) != 3 or not currency.isalpha() or currency == money.KZT:
            problems.append(f"row {line}, column currency: {row['currency']!r} is not a foreign currency code")
            continue
        try:
            rate = money.rate_per_unit(row["rate"], row.get("units") or 1)
        except (RecoveryError, ArithmeticError, ValueError):
            problems.append(f"row {line}, column rate: {row['rate']!r} is not a positive rate")
            continue
        if (on, currency) in seen:
            problems.append(f"row {line}: {currency} on {on} appears twice")
        seen.add((on, currency))
        parsed.append((on, currency, rate))
    if problems:
        raise ImportRejected(problems)
    return parsed


def load_rates(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = check_rates(handle)
    return services.load_rates(rows, source=path.name)
