"""Services against a real database: the asset's life, receipts, allocations and
disbursements, the second officer, traceability and the history chains."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from adaldyq.core import history
from adaldyq.recovery import queries, services
from adaldyq.recovery.exceptions import (
    AllocationExceeded,
    InsufficientBalance,
    MissingRate,
    ProjectClosed,
    RecoveryError,
    SecondOfficerRequired,
    TransitionNotAllowed,
)
from adaldyq.recovery.models import (
    AllocationStatus,
    Asset,
    AssetEvent,
    Fund,
    Receipt,
)

from .conftest import DAY, approve_as

D = Decimal


def project(name: str = "School", kind: str = "school") -> Any:
    return services.create_project(name=name, kind=kind, region="mangystau", approved_on=DAY,
                                   budget_kzt=D("240000000"))


def test_foreign_valuation_is_converted_and_the_rate_is_stored(world: Any) -> None:
    asset = Asset.objects.get(pk=world.abroad.pk)
    assert asset.abroad and asset.country == "AE" and asset.region == ""
    assert asset.valuation_rate == D("505.5") and asset.valuation_rate_date == dt.date(2026, 1, 10)
    assert asset.valuation_kzt == D("505500000.00")


def test_no_rate_no_asset(world: Any) -> None:
    with pytest.raises(MissingRate):
        services.identify_asset(case=world.case, reference="X", kind="vehicle", description="Car", country="GE",
                                valuation_amount=D(5), currency="GEL", valuation_date=DAY, identified_on=DAY)
    assert not Asset.objects.filter(reference="X").exists()


def test_life_of_an_asset_with_a_step_back(world: Any) -> None:
    pk = world.home.pk
    services.take_action(pk, "freeze", on=DAY)
    services.take_action(pk, "lift_arrest", on=DAY + dt.timedelta(days=3), ground="Court order 5")
    asset = Asset.objects.get(pk=pk)
    assert asset.status == "identified" and asset.frozen_on is None
    services.take_action(pk, "freeze", on=DAY + dt.timedelta(days=4))
    services.take_action(pk, "confiscate", on=DAY + dt.timedelta(days=30), amount=D("90000000"))
    services.take_action(pk, "transfer", on=DAY + dt.timedelta(days=40))
    services.take_action(pk, "sell", on=DAY + dt.timedelta(days=60), amount=D("70000000"))
    services.take_action(pk, "credit", on=DAY + dt.timedelta(days=61), amount=D("70000000"))
    asset.refresh_from_db()
    assert asset.status == "credited" and asset.ordered_kzt == D(90000000) and asset.collected_kzt == D(70000000)
    assert asset.shortfall_kzt == D(20000000)
    actions = list(AssetEvent.objects.filter(asset=asset).values_list("action", "backward"))
    assert actions[2] == ("lift_arrest", True)
    receipt = Receipt.objects.get(asset=asset)
    assert receipt.kind == "sale" and receipt.amount_kzt == D(70000000) and receipt.case == world.case
    assert Fund.objects.get(pk=1).received_kzt == D(70000000)
    assert history.verify("recovery").ok and history.verify("fund").ok


def test_refused_step_changes_nothing(world: Any) -> None:
    with pytest.raises(TransitionNotAllowed):
        services.take_action(world.home.pk, "sell", on=DAY, amount=D(5))
    with pytest.raises(TransitionNotAllowed):
        services.take_action(world.home.pk, "freeze", on=DAY - dt.timedelta(days=1))
    assert AssetEvent.objects.filter(asset=world.home).count() == 1
    assert Asset.objects.get(pk=world.home.pk).status == "identified"


def test_foreign_currency_collection_is_converted(world: Any) -> None:
    pk = world.abroad.pk
    services.take_action(pk, "confiscate", on=DAY, amount=D(1000000), currency="USD")
    event = services.take_action(pk, "collect", on=DAY, amount=D("1000.10"), currency="USD")
    assert event.rate == D("505.5") and event.amount_kzt == D("505550.55")
    assert Asset.objects.get(pk=pk).ordered_kzt == D("505500000.00")


def test_asset_events_cannot_be_edited(world: Any) -> None:
    from django.db import DatabaseError, transaction

    event = AssetEvent.objects.filter(asset=world.home).first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AssetEvent.objects.filter(pk=event.pk).update(action="tampered")


def test_allocation_traces_money_to_cases_fifo(world: Any, funded: Any) -> None:
    first = funded(D(100), DAY)
    second = funded(D(50), DAY + dt.timedelta(days=1))
    school = project()
    alloc = services.propose_allocation(school.pk, D(120), officer=world.maker, on=DAY)
    assert alloc.status == AllocationStatus.EFFECTIVE
    sources = {s.receipt.asset_id: s.amount_kzt for s in alloc.sources.select_related("receipt")}
    assert sources == {first.pk: D(100), second.pk: D(20)}
    assert queries.project_sources(school)[0]["case"] == "CC-T-1"
    assert services.totals().unallocated == D(30)
    with pytest.raises(InsufficientBalance):
        services.propose_allocation(school.pk, D("30.01"), officer=world.maker, on=DAY)
    assert services.totals().allocated == D(120)


def test_disbursements_against_milestones_and_completion(world: Any, funded: Any) -> None:
    funded(D(1000))
    school = project()
    alloc = services.propose_allocation(school.pk, D(600), officer=world.maker, on=DAY)
    services.disburse(alloc.pk, D(400), milestone="Walls", paid_on=DAY, officer=world.maker)
    with pytest.raises(AllocationExceeded):
        services.disburse(alloc.pk, D("200.01"), milestone="Roof", paid_on=DAY, officer=world.maker)
    services.disburse(alloc.pk, D(200), milestone="Roof", paid_on=DAY, officer=world.maker)
    services.complete_project(school.pk, on=DAY, officer=world.maker)
    with pytest.raises(ProjectClosed):
        services.propose_allocation(school.pk, D(1), officer=world.maker, on=DAY)
    summary = queries.fund_summary()
    assert (summary["received_kzt"], summary["allocated_kzt"], summary["disbursed_kzt"], summary["balance_kzt"]) == (
        D(1000), D(600), D(600), D(400))


def test_large_allocations_wait_for_a_second_officer(world: Any, funded: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "500")
    funded(D(2000))
    school = project()
    alloc = services.propose_allocation(school.pk, D(800), officer=world.maker, on=DAY)
    assert alloc.status == AllocationStatus.PROPOSED and services.totals().allocated == 0
    with pytest.raises(SecondOfficerRequired):
        approve_as(world.maker, alloc.pk)
    approved = approve_as(world.checker, alloc.pk)
    assert approved.status == AllocationStatus.EFFECTIVE and approved.approved_by == world.checker
    with pytest.raises(RecoveryError):
        approve_as(world.checker, alloc.pk)
    assert services.totals().allocated == D(800)


def test_approval_rechecks_the_balance(world: Any, funded: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "100")
    funded(D(1000))
    school = project()
    first = services.propose_allocation(school.pk, D(700), officer=world.maker, on=DAY)
    second = services.propose_allocation(school.pk, D(700), officer=world.maker, on=DAY)
    approve_as(world.checker, first.pk)
    with pytest.raises(InsufficientBalance):
        approve_as(world.checker, second.pk)
    services.reject_allocation(second.pk, approver=world.checker, on=DAY, ground="No money left")
    assert services.totals().allocated == D(700)


def test_history_records_without_personal_data_in_public_fields(world: Any) -> None:
    from adaldyq.core.models import HistoryEvent

    public = str(list(HistoryEvent.objects.values_list("public", flat=True)))
    assert world.person.name not in public and world.person.iin_bin not in public
    assert "Test Stroy LLP" in public
    assert history.verify("recovery").ok
