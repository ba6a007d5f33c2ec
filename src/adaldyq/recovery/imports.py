"""File imports: assets from CSV, official exchange rates from CSV.

Both go through `adaldyq.core.imports`: the whole file is parsed first, by pure
functions over a snapshot read once (the cases and assets the file names, the exchange
rates); if any row is bad nothing is applied and every problem is reported as
"row N, column C: reason" (`ImportRejected`). A dry run applies and rolls back.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from adaldyq.core import imports, languages
from adaldyq.core.formatting import message
from adaldyq.core.imports import Cells
from adaldyq.core.multilingual import translations
from adaldyq.core.regions import resolve_region

from . import money, services
from .exceptions import RecoveryError
from .models import Asset, AssetKind, CaseKind, CaseParty, ExchangeRate, PartyKind, RecoveryCase

ASSET_COLUMNS = ["case_reference", "case_kind", "case_title", "case_opened_on", "asset_reference", "kind",
                 "description", "country", "region", "valuation_amount", "currency", "valuation_date",
                 "identified_on"]
# Public texts: one column (its language guessed) or one per language, e.g. description_kk,
# description_ru, description_en (core.imports.Cells.texts); either satisfies the header.
TEXT_COLUMNS = ("case_title", "description")
OPTIONAL_ASSET_COLUMNS = ["owner_kind", "owner_name", "owner_iin_bin", "owner_role", "document", "internal_notes",
                          *(c for field in TEXT_COLUMNS for c in languages.columns(field))]
RATE_COLUMNS = ["date", "currency", "rate"]
# What the database stores (recovery.models; a text's limit holds for each of its language
# columns); tests/recovery/test_imports.py keeps them in step.
MAX_LENGTH = {"case_reference": 40, "case_title": 200, "asset_reference": 40, "description": 300,
              "owner_name": 200, "owner_role": 60, "owner_iin_bin": 12, "document": 300}
# A valuation in tenge above a quadrillion is a typing error; the cap also keeps the sums
# of the monthly figures far inside the 20 digits their columns hold.
MAX_KZT = Decimal(10) ** 15
MAX_RATE = Decimal(10) ** 11  # tenge per unit, stored with 18 digits of which 6 after the point


@dataclass(frozen=True, kw_only=True)
class AssetRow:
    """One checked row: what `services.open_case`, `add_party` and `identify_asset` need."""

    line: int
    values: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class AssetSnapshot:
    """What asset rows are checked against, read once before the rows (never a query per row)."""

    cases: Mapping[str, tuple[str, languages.Texts]]  # stored cases the file names: reference -> (kind, titles)
    assets: frozenset[str]  # asset references of the file that are already recorded
    rates: Mapping[str, Sequence[tuple[dt.date, Decimal]]] = field(default_factory=dict)  # by currency, by date

    @classmethod
    def load(cls, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> AssetSnapshot:
        cases = {r.get("case_reference", "").strip() for _, r in rows} - {""}
        refs = {r.get("asset_reference", "").strip() for _, r in rows} - {""}
        rates: dict[str, list[tuple[dt.date, Decimal]]] = {}
        for currency, on, rate in ExchangeRate.objects.order_by("currency", "on").values_list(
                "currency", "on", "kzt_per_unit"):
            rates.setdefault(currency, []).append((on, rate))
        return cls(
            cases={c.reference: (c.kind, translations(c, "title"))
                   for c in RecoveryCase.objects.filter(reference__in=cases)},
            assets=frozenset(Asset.objects.filter(reference__in=refs).values_list("reference", flat=True)),
            rates=rates)

    def rate_on(self, currency: str, day: dt.date) -> Decimal | None:
        """The official rate on `day` or the last one before it (as `services.rate_on`)."""
        found = self.rates.get(currency, ())
        at = bisect.bisect_right(found, (day, Decimal("Infinity")))
        return found[at - 1][1] if at else None


def parse_asset(cells: Cells, snapshot: AssetSnapshot,
                earlier: dict[str, tuple[str, languages.Texts]]) -> AssetRow | None:
    """One asset row. `earlier` holds the new cases described by the rows before this one."""
    values: dict[str, Any] = {column: cells.raw(column) for column in (*ASSET_COLUMNS, *OPTIONAL_ASSET_COLUMNS)}
    values.update({column: _text(cells, column) for column in ("owner_name", "owner_role", "owner_iin_bin",
                                                              "document", "internal_notes")})
    ref = values["asset_reference"] = _text(cells, "asset_reference", required=True)
    if ref in snapshot.assets:
        cells.fail("asset_reference", f"{ref} is already recorded")
    values["description"] = cells.texts("description", required=True, max_length=MAX_LENGTH["description"])
    values["kind"] = cells.choice("kind", AssetKind.values, required=True)
    for column in ("valuation_date", "identified_on", "case_opened_on"):
        values[column] = cells.date(column, required=True)
    values["valuation_amount"] = cells.parsed("valuation_amount", _amount, required=True)
    values["country"], values["region"] = _place(cells)
    values["currency"] = _currency(cells, snapshot, values)
    values["case_title"] = _case(cells, snapshot, earlier)
    if cells.choice("owner_kind", [PartyKind.PERSON, PartyKind.ORGANIZATION]) and not values["owner_name"]:
        cells.fail("owner_name", "is required when owner_kind is given")
    return AssetRow(line=cells.number, values=values) if cells.ok else None


def _text(cells: Cells, column: str, *, required: bool = False) -> str:
    return cells.text(column, required=required, max_length=MAX_LENGTH.get(column))


def _amount(text: str) -> Decimal:
    try:
        return money.parse_amount(text)
    except RecoveryError as exc:
        raise ValueError(message(exc)) from None


def _place(cells: Cells) -> tuple[str, str]:
    country = (cells.raw("country") or "KZ").upper()
    if len(country) != 2 or not country.isalpha():
        cells.fail("country", f"'{cells.raw('country')}' is not a two-letter country code")
    if country != "KZ":
        return country, ""
    region = resolve_region(cells.raw("region"))
    if region is None:
        cells.fail("region", f"'{cells.raw('region')}' is not a region of Kazakhstan")
    return country, region or ""


def _currency(cells: Cells, snapshot: AssetSnapshot, values: dict[str, Any]) -> str:
    currency = (cells.raw("currency") or money.KZT).upper()
    amount, day = values["valuation_amount"], values["valuation_date"]
    if amount is None or day is None:
        return currency
    rate = Decimal(1) if currency == money.KZT else snapshot.rate_on(currency, day)
    if rate is None:
        cells.fail("currency", f"no exchange rate for {currency} on or before {day}")
    elif amount * rate > MAX_KZT:
        cells.fail("valuation_amount", f"is worth more than {MAX_KZT:,.0f} tenge: check the amount and currency")
    return currency


def _case(cells: Cells, snapshot: AssetSnapshot,
          earlier: dict[str, tuple[str, languages.Texts]]) -> languages.Texts:
    """A new case must be described, and the same way on every row that names it; its titles."""
    case_ref = _text(cells, "case_reference", required=True)
    if not case_ref or case_ref in snapshot.cases:
        return {}
    described = (cells.choice("case_kind", CaseKind.values, required=True),
                 cells.texts("case_title", max_length=MAX_LENGTH["case_title"]))
    if not described[1]:
        cells.fail("case_title", "is required for a new case")
    if earlier.setdefault(case_ref, described) != described:
        cells.fail("case_title", f"case {case_ref} is described differently on an earlier row")
    return described[1]


def check_assets(path: Path, progress: Callable[[int], None] | None = None) -> list[AssetRow]:
    """Every row of an asset file, checked; `ImportRejected` lists every problem."""
    with imports.open_table(path, formats=("csv", "xlsx")) as table:
        errors = imports.header_errors(table.header, required=ASSET_COLUMNS, texts=TEXT_COLUMNS)
        imports.reject_if_any(table.source, errors)
        rows = list(table.rows)
    snapshot = AssetSnapshot.load(rows)
    new_cases: dict[str, tuple[str, languages.Texts]] = {}
    parsed = imports.parse_rows(rows, lambda cells: parse_asset(cells, snapshot, new_cases), errors=errors,
                                unique="asset_reference", progress=progress)
    imports.reject_if_any(table.source, errors)
    return parsed


def import_assets(path: Path, *, actor: Any = None, dry_run: bool = False,
                  progress: Callable[[int], None] | None = None) -> int:
    """Record every asset of the file (and its new cases and owners), all or none."""
    rows = check_assets(path, progress)
    return imports.apply_all_or_nothing(lambda: _apply_assets(rows, actor), dry_run=dry_run)


def _apply_assets(rows: list[AssetRow], actor: Any) -> int:
    cases = {c.reference: c for c in RecoveryCase.objects.filter(
        reference__in={r.values["case_reference"] for r in rows})}
    for row in rows:
        v = row.values
        case = cases.get(v["case_reference"])
        if case is None:
            case = cases[v["case_reference"]] = services.open_case(
                reference=v["case_reference"], kind=v["case_kind"], title=v["case_title"],
                opened_on=v["case_opened_on"], region=v["region"], actor=actor)
        owner: CaseParty | None = None
        if v["owner_kind"]:
            owner = case.parties.filter(kind=v["owner_kind"], name=v["owner_name"]).first() or services.add_party(
                case, kind=v["owner_kind"], role=v["owner_role"] or "owner", name=v["owner_name"],
                iin_bin=v["owner_iin_bin"], actor=actor)
        services.identify_asset(
            case=case, reference=v["asset_reference"], kind=v["kind"], description=v["description"],
            country=v["country"], region=v["region"], valuation_amount=v["valuation_amount"],
            currency=v["currency"], valuation_date=v["valuation_date"], identified_on=v["identified_on"],
            owner=owner, internal_notes=v["internal_notes"], document=v["document"], actor=actor)
    return len(rows)


# --- exchange rates -----------------------------------------------------------------------------

def parse_rate(cells: Cells) -> tuple[dt.date, str, Decimal] | None:
    """One official rate: date, currency, tenge per `units` (default 1) of the currency."""
    on = cells.date("date", required=True)
    currency = cells.text("currency", required=True).upper()
    if currency and (len(currency) != 3 or not currency.isalpha() or currency == money.KZT):
        cells.fail("currency", f"'{cells.raw('currency')}' is not a foreign currency code")
    rate = cells.parsed("rate", lambda text: _rate(text, cells.raw("units") or "1"), required=True)
    if not cells.ok or on is None or rate is None:
        return None
    return on, currency, rate


def _rate(text: str, units: str) -> Decimal:
    try:
        rate = money.rate_per_unit(text, units)
    except (RecoveryError, ArithmeticError, InvalidOperation, ValueError):
        raise ValueError(f"'{text}' is not a positive rate") from None
    if rate >= MAX_RATE:
        raise ValueError(f"'{text}' is larger than any rate the database stores")
    return rate


def check_rates(path: Path) -> list[tuple[dt.date, str, Decimal]]:
    with imports.open_table(path, formats=("csv", "xlsx")) as table:
        errors = imports.header_errors(table.header, required=RATE_COLUMNS)
        imports.reject_if_any(table.source, errors)
        first: dict[tuple[dt.date, str], int] = {}

        def parse(cells: Cells) -> tuple[dt.date, str, Decimal] | None:
            rate = parse_rate(cells)
            if rate is not None:
                if rate[:2] in first:
                    cells.fail("date", f"{rate[1]} on {rate[0]} is also on row {first[rate[:2]]}")
                first.setdefault(rate[:2], cells.number)
            return rate

        parsed = imports.parse_rows(table.rows, parse, errors=errors)
    imports.reject_if_any(table.source, errors)
    return parsed


def load_rates(path: Path, *, dry_run: bool = False) -> int:
    rows = check_rates(path)
    return imports.apply_all_or_nothing(lambda: services.load_rates(rows, source=path.name[:200]), dry_run=dry_run)
