"""Asset and rate imports through `core.imports`: one snapshot read (no query per row), a
dry run that changes nothing, values the database could not store refused by row and
column, and header problems named as such."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from adaldyq.core import languages
from adaldyq.core.imports import ImportRejected
from adaldyq.core.models import HistoryEvent
from adaldyq.recovery import imports, services
from adaldyq.recovery.models import Asset, CaseParty, ExchangeRate, RecoveryCase

COLUMNS = [*imports.ASSET_COLUMNS, "owner_kind", "owner_name"]


def row(n: int, **changes: str) -> dict[str, str]:
    values = {"case_reference": f"CC-{n % 3}", "case_kind": "criminal", "case_title": f"Case {n % 3}",
              "case_opened_on": "2025-12-01", "asset_reference": f"A-{n}", "kind": "vehicle",
              "description": "Car", "country": "KZ", "region": "almaty", "valuation_amount": "1000000",
              "currency": "KZT", "valuation_date": "2026-01-15", "identified_on": "2026-01-15",
              "owner_kind": "", "owner_name": ""}
    return {**values, **changes}


def write(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    lines = [",".join(columns)] + [",".join(r.get(c, "") for c in columns) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        imports.import_assets(path)
    return [str(e) for e in caught.value.errors]


def test_the_limits_are_the_models_limits() -> None:
    fields = {"case_reference": (RecoveryCase, "reference"), "case_title": (RecoveryCase, "title"),
              "asset_reference": (Asset, "reference"), "description": (Asset, "description"),
              "owner_name": (CaseParty, "name"), "owner_role": (CaseParty, "role"),
              "owner_iin_bin": (CaseParty, "iin_bin"), "document": (HistoryEvent, "document")}
    assert set(fields) == set(imports.MAX_LENGTH)
    for column, (model, name) in fields.items():
        # a text kept in three languages has the same limit in each of its columns
        stored = languages.columns(name) if column in imports.TEXT_COLUMNS else [name]
        for each in stored:
            assert imports.MAX_LENGTH[column] == model._meta.get_field(each).max_length, (column, each)


def test_checking_reads_the_database_the_same_number_of_times_for_any_number_of_rows(db: Any,
                                                                                     tmp_path: Path) -> None:
    services.load_rates([(dt.date(2026, 1, 10), "USD", Decimal("505.50"))], source="test")
    counts = []
    for size in (2, 40):
        path = write(tmp_path / f"{size}.csv", [row(n, currency="USD" if n % 2 else "KZT") for n in range(size)])
        with CaptureQueriesContext(connection) as queries:
            assert len(imports.check_assets(path)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3


def test_dry_run_counts_and_changes_nothing(db: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [row(n) for n in range(4)])
    assert imports.import_assets(path, dry_run=True) == 4
    assert not Asset.objects.exists() and not RecoveryCase.objects.exists() and not HistoryEvent.objects.exists()
    assert imports.import_assets(path) == 4
    assert Asset.objects.count() == 4 and RecoveryCase.objects.count() == 3


def test_rates_dry_run(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("date,currency,rate\n2026-01-10,USD,505.5\n", encoding="utf-8")
    assert imports.load_rates(path, dry_run=True) == 1
    assert not ExchangeRate.objects.exists()


def test_header_problems_are_named_as_such(db: Any, tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c != "kind"]
    assert problems(write(tmp_path / "h.csv", [row(1)], columns)) == ["header, column kind: is missing (a required column)"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"description": "d" * 301}, "row 2, column description: is longer than 300 characters"),
    ({"asset_reference": "A" * 41}, "row 2, column asset_reference: is longer than 40 characters"),
    ({"case_reference": "NEW-1", "case_title": "t" * 201}, "row 2, column case_title: is longer than 200"),
    ({"valuation_amount": "9" * 19}, "row 2, column valuation_amount: is worth more than"),
    ({"valuation_date": "9999-01-01"}, "row 2, column valuation_date: 9999-01-01 is outside the accepted dates"),
    ({"owner_kind": "person", "owner_name": "n" * 201}, "row 2, column owner_name: is longer than 200"),
    ({"description": "Car\x00"}, "row 2, column description: contains a control character"),
])
def test_values_the_database_cannot_store_are_refused(db: Any, tmp_path: Path, changes: dict[str, str],
                                                      expected: str) -> None:
    found = problems(write(tmp_path / "bad.csv", [row(1, **changes)]))
    assert any(p.startswith(expected) for p in found), found
    assert not Asset.objects.exists()


def test_a_spreadsheet_is_read_like_a_csv(db: Any, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    sheet.append([row(1)[c] for c in COLUMNS])
    sheet.append([row(2, kind="spaceship")[c] for c in COLUMNS])
    book.save(tmp_path / "assets.xlsx")
    assert problems(tmp_path / "assets.xlsx") == [
        "row 3, column kind: 'spaceship' is not one of real_estate, vehicle, bank_funds, securities, "
        "company_stake, crypto, other"]
