"""The command line: `adaldyq rates load`, `adaldyq assets import`, `adaldyq fund allocate`.
Each refuses a bad file or a broken rule with a clear message and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from adaldyq.core.models import HistoryEvent
from adaldyq.recovery import services
from adaldyq.recovery.models import Allocation, Asset, CaseParty, ExchangeRate, Fund, RecoveryCase

from .conftest import DAY

HEADER = ("case_reference,case_kind,case_title,case_opened_on,asset_reference,kind,description,country,region,"
          "valuation_amount,currency,valuation_date,identified_on,owner_kind,owner_name,owner_iin_bin\n")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rates_load_and_refuse_bad_files(db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "rates.csv", "date,currency,rate,units\n2026-01-10,USD,505.50,1\n2026-01-10,RUB,655.0,100\n")
    call_command("rates", "load", str(good))
    assert ExchangeRate.objects.get(currency="RUB").kzt_per_unit == Decimal("6.55")
    bad = write(tmp_path, "bad.csv", "date,currency,rate\n2026-01-11,EUR,560\n2026-13-01,USD,500\n2026-01-11,GBP,-3\n"
                "2026-01-11,EUR,561\n")
    with pytest.raises(CommandError, match="bad.csv: 3 problem"):
        call_command("rates", "load", str(bad))
    err = capsys.readouterr().err
    assert "row 3, column date" in err and "row 4, column rate" in err
    assert "row 5, column date: EUR on 2026-01-11 is also on row 2" in err
    assert not ExchangeRate.objects.filter(currency="EUR").exists()


def test_assets_import_all_rows(db: Any, tmp_path: Path) -> None:
    services.load_rates([(dt.date(2026, 1, 10), "USD", Decimal("505.50"))])
    path = write(tmp_path, "assets.csv", HEADER
                 + "CC-9,criminal,Test case,2025-12-01,A-1,real_estate,Flat,KZ,Astana,80000000,KZT,2026-01-15,2026-01-15,person,Secret Person,900101300123\n"
                 + "CC-9,criminal,Test case,2025-12-01,A-2,bank_funds,Account,AE,,1000,USD,2026-01-15,2026-01-15,,,\n")
    call_command("assets", "import", str(path))
    assert RecoveryCase.objects.get(reference="CC-9").assets.count() == 2
    assert Asset.objects.get(reference="A-1").region == "astana"
    assert Asset.objects.get(reference="A-2").valuation_kzt == Decimal("505500.00")
    assert CaseParty.objects.get(name="Secret Person").iin_bin == "900101300123"


def test_assets_import_refuses_the_whole_file_for_one_bad_row(db: Any, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "assets.csv", HEADER
                 + "CC-9,criminal,Test case,2025-12-01,A-1,real_estate,Flat,KZ,Astana,80000000,KZT,2026-01-15,2026-01-15,,,\n"
                 + "CC-9,criminal,Test case,2025-12-01,A-1,spaceship,Flat,KZ,Atlantis,1.234,EUR,2026-02-30,2026-01-15,,,\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("assets", "import", str(path))
    message = capsys.readouterr().err
    for expected in ("row 3, column kind", "row 3, column region", "row 3, column valuation_amount",
                     "row 3, column valuation_date", "row 3, column asset_reference"):
        assert expected in message
    assert not Asset.objects.exists() and not RecoveryCase.objects.exists()


def test_fund_allocate(world: Any, funded: Any, monkeypatch: Any, capsys: Any, english: None) -> None:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "1000")
    funded(Decimal(5000))
    school = services.create_project(name="School", kind="school", region="astana", approved_on=DAY,
                                     budget_kzt=Decimal(10**6))
    call_command("fund", "allocate", "--project", str(school.pk), "--amount", "800", "--officer", "maker")
    assert "balance now 4,200.00 KZT" in capsys.readouterr().out
    with pytest.raises(CommandError, match="exceeds the fund's unallocated balance"):
        call_command("fund", "allocate", "--project", str(school.pk), "--amount", "4200.01", "--officer", "maker")
    with pytest.raises(CommandError, match="not an amount"):
        call_command("fund", "allocate", "--project", str(school.pk), "--amount", "lots", "--officer", "maker")
    with pytest.raises(CommandError, match="no project"):
        call_command("fund", "allocate", "--project", "999", "--amount", "1", "--officer", "maker")
    assert Allocation.objects.count() == 1 and Fund.objects.get(pk=1).allocated_kzt == Decimal(800)


def test_the_command_line_cannot_approve_for_another_officer(world: Any, funded: Any, monkeypatch: Any,
                                                              capsys: Any) -> None:
    """The issue's case: `fund allocate ... --officer officer1 --approver officer2` moved money on
    one person's say-so. Now the option is refused and above the threshold the command only proposes."""
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "1000")
    funded(Decimal(5000))
    school = services.create_project(name="School", kind="school", region="astana", approved_on=DAY,
                                     budget_kzt=Decimal(10**6))
    with pytest.raises(CommandError, match="approvals are not recorded from the command line"):
        call_command("fund", "allocate", "--project", str(school.pk), "--amount", "2000", "--officer", "maker",
                     "--approver", "checker")
    assert not Allocation.objects.exists()
    call_command("fund", "allocate", "--project", str(school.pk), "--amount", "2000", "--officer", "maker")
    out = capsys.readouterr().out
    proposed = Allocation.objects.get()
    assert proposed.status == "proposed" and proposed.approved_by is None
    assert f"Proposed allocation {proposed.pk}" in out and f"/staff/assets/fund/allocation/{proposed.pk}/" in out
    assert Fund.objects.get(pk=1).allocated_kzt == 0
    assert HistoryEvent.objects.filter(stream="fund", action="allocate").count() == 0
    assert "--approver" not in _help_of("allocate")


def _help_of(subcommand: str) -> str:
    from adaldyq.recovery.management.commands.fund import Command

    parser = Command().create_parser("adaldyq", "fund")
    action = next(a for a in parser._subparsers._group_actions if a.dest == "subcommand")  # type: ignore[union-attr]
    return action.choices[subcommand].format_help()


def test_assets_figures_check_and_rebuild(world: Any, capsys: Any) -> None:
    from adaldyq.recovery.models import MonthlyFigure

    call_command("assets", "figures")
    assert "match" in capsys.readouterr().out
    MonthlyFigure.objects.update(amount_kzt=Decimal(1))
    with pytest.raises(CommandError, match="differ from the assets"):
        call_command("assets", "figures")
    call_command("assets", "figures", "--rebuild")
    call_command("assets", "figures")
