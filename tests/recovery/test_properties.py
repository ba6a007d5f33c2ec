"""Property-based tests: random sequences of asset steps, receipts, allocations and
disbursements, and after every operation the invariants of the fund and the dashboard.

A refused operation must leave everything as it was; an accepted one must keep:
no negative balance, no tenge allocated twice, disbursements within allocations,
every project tenge traceable to a case, dashboard totals equal to the itemized list,
and ordered vs collected always reported (the gap may be large, it is never hidden).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from adaldyq.recovery import lifecycle, queries, services
from adaldyq.recovery.exceptions import RecoveryError
from adaldyq.recovery.models import (
    Allocation,
    AllocationSource,
    AllocationStatus,
    Asset,
    Disbursement,
    Fund,
    Project,
    Receipt,
)

from .conftest import DAY, approve_as

ZERO = Decimal(0)
KINDS = ["real_estate", "vehicle", "bank_funds", "securities", "company_stake", "crypto", "other"]
ACTIONS = list(lifecycle.ACTIONS)
WIDE = queries.Period(DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=400))

amounts = st.integers(min_value=-500, max_value=50_000_000).map(lambda n: Decimal(n) / 100)
operations = st.lists(st.one_of(
    st.tuples(st.just("identify"), st.sampled_from(KINDS), st.booleans(), amounts.filter(lambda a: a >= 0)),
    st.tuples(st.just("act"), st.integers(0, 12), st.integers(0, 40), st.one_of(st.none(), amounts),
              st.integers(0, 300), st.booleans()),
    st.tuples(st.just("act"), st.integers(0, 12), st.integers(0, 40), st.one_of(st.none(), amounts),
              st.integers(0, 300), st.booleans()),
    st.tuples(st.just("receive"), amounts.filter(lambda a: a > 0), st.integers(0, 300)),
    st.tuples(st.just("receive"), amounts.filter(lambda a: a > 0), st.integers(0, 300)),
    st.tuples(st.just("project"), st.sampled_from(["school", "hospital", "water", "sport"])),
    st.tuples(st.just("allocate"), st.integers(0, 4), amounts, st.booleans()),
    st.tuples(st.just("allocate_share"), st.integers(0, 4), st.integers(-5, 130), st.booleans()),
    st.tuples(st.just("allocate_share"), st.integers(0, 4), st.integers(-5, 130), st.booleans()),
    st.tuples(st.just("approve"), st.integers(0, 8)),
    st.tuples(st.just("disburse"), st.integers(0, 8), amounts),
    st.tuples(st.just("disburse_share"), st.integers(0, 8), st.integers(-5, 130)),
    st.tuples(st.just("disburse_share"), st.integers(0, 8), st.integers(-5, 130)),
    st.tuples(st.just("complete"), st.integers(0, 4)),
), min_size=5, max_size=40)


def snapshot() -> tuple[Any, ...]:
    fund = Fund.objects.filter(pk=1).first()
    return (
        (fund.received_kzt, fund.allocated_kzt, fund.disbursed_kzt) if fund else None,
        list(Asset.objects.order_by("pk").values_list("status", "ordered_kzt", "collected_kzt", "returned_kzt")),
        list(Receipt.objects.order_by("pk").values_list("amount_kzt", "remaining_kzt")),
        list(Allocation.objects.order_by("pk").values_list("status", "amount_kzt", "disbursed_kzt")),
        Disbursement.objects.count(), AllocationSource.objects.count(),
        list(Project.objects.order_by("pk").values_list("status", "allocated_kzt", "disbursed_kzt")),
    )


def run(op: tuple[Any, ...], world: Any, counter: list[int]) -> None:
    kind = op[0]
    assets = list(Asset.objects.order_by("pk"))
    projects = list(Project.objects.order_by("pk"))
    allocations = list(Allocation.objects.order_by("pk"))
    if kind == "identify":
        counter[0] += 1
        services.identify_asset(case=world.case, reference=f"P-{counter[0]}", kind=op[1], description="x",
                                country="CH" if op[2] else "KZ", region="" if op[2] else "almaty",
                                valuation_amount=op[3], valuation_date=DAY, identified_on=DAY)
    elif kind == "act":
        asset = assets[op[1] % len(assets)]
        allowed = lifecycle.allowed_actions(asset.status)
        choices = allowed + ACTIONS
        action = choices[op[2] % len(choices)]
        services.take_action(asset.pk, action, on=DAY + dt.timedelta(days=op[4]), amount=op[3],
                             ground="Court decision" if op[5] else "")
    elif kind == "receive":  # money collected on a new asset, credited to the fund
        counter[0] += 1
        on = DAY + dt.timedelta(days=op[2])
        asset = services.identify_asset(case=world.case, reference=f"R-{counter[0]}", kind="bank_funds",
                                        description="x", region="astana", valuation_amount=op[1],
                                        valuation_date=DAY, identified_on=DAY)
        services.take_action(asset.pk, "agree_return", on=on, amount=op[1] * 2)
        services.take_action(asset.pk, "collect", on=on, amount=op[1])
    elif kind == "project":
        services.create_project(name=f"{op[1]} {len(projects)}", kind=op[1], region="turkistan", approved_on=DAY,
                                budget_kzt=Decimal(10**9))
    elif kind == "allocate" and projects:
        made = services.propose_allocation(projects[op[1] % len(projects)].pk, op[2], officer=world.maker, on=DAY)
        if op[3] and made.status == "proposed":
            approve_as(world.checker, made.pk)
    elif kind == "allocate_share" and projects:  # a share (percent) of what is unallocated; above 100 must fail
        amount = (services.totals().unallocated * op[2] / 100).quantize(Decimal("0.01"))
        made = services.propose_allocation(projects[op[1] % len(projects)].pk, amount, officer=world.maker, on=DAY)
        if op[3] and made.status == "proposed":
            approve_as(world.checker, made.pk)
    elif kind == "disburse_share" and allocations:  # a share of what is left of the allocation
        allocation = allocations[op[1] % len(allocations)]
        amount = (allocation.remaining_kzt * op[2] / 100).quantize(Decimal("0.01"))
        services.disburse(allocation.pk, amount, milestone="m", paid_on=DAY, officer=world.maker)
    elif kind == "approve" and allocations:
        approve_as(world.checker, allocations[op[1] % len(allocations)].pk)
    elif kind == "disburse" and allocations:
        services.disburse(allocations[op[1] % len(allocations)].pk, op[2], milestone="m", paid_on=DAY,
                          officer=world.maker)
    elif kind == "complete" and projects:
        services.complete_project(projects[op[1] % len(projects)].pk, on=DAY)


def total(qs: Any, field: str = "amount_kzt") -> Decimal:
    return qs.aggregate(s=Sum(field))["s"] or ZERO


def check_invariants() -> None:
    fund = Fund.objects.filter(pk=1).first() or Fund()
    # The fund's running totals are the sums of its parts, and never negative.
    assert fund.received_kzt == total(Receipt.objects.all())
    assert fund.allocated_kzt == total(Allocation.objects.filter(status=AllocationStatus.EFFECTIVE))
    assert fund.disbursed_kzt == total(Disbursement.objects.all())
    assert fund.received_kzt >= fund.allocated_kzt >= fund.disbursed_kzt >= 0
    assert queries.fund_summary()["balance_kzt"] >= 0
    # No tenge allocated twice: each receipt is consumed at most once in total.
    for receipt in Receipt.objects.all():
        used = total(AllocationSource.objects.filter(receipt=receipt))
        assert receipt.remaining_kzt >= 0 and used == receipt.amount_kzt - receipt.remaining_kzt
    for allocation in Allocation.objects.all():
        sources = total(AllocationSource.objects.filter(allocation=allocation))
        if allocation.status == AllocationStatus.EFFECTIVE:
            assert sources == allocation.amount_kzt
        else:
            assert sources == 0 and allocation.disbursed_kzt == 0
        assert allocation.disbursed_kzt == total(Disbursement.objects.filter(allocation=allocation))
        assert allocation.disbursed_kzt <= allocation.amount_kzt
    # Every tenge of a project traces back to cases.
    for project in Project.objects.all():
        assert project.allocated_kzt == sum((s["amount_kzt"] for s in queries.project_sources(project)), ZERO)
        assert project.disbursed_kzt <= project.allocated_kzt
    # Each asset's collected amount is exactly what it paid into the fund.
    for asset in Asset.objects.all():
        assert asset.collected_kzt == total(Receipt.objects.filter(asset=asset))
    # The monthly figures the dashboard reads are exactly what the assets add up to.
    assert services.figures_drift() == []
    # The dashboard equals the itemized list, and the gap between ordered and collected is shown.
    summary = queries.summary(WIDE)
    returned = queries.list_totals(queries.asset_queryset(WIDE, "returned"))
    pending = queries.list_totals(queries.asset_queryset(WIDE, "pending"))
    ordered = queries.list_totals(queries.asset_queryset(WIDE, "ordered"))
    assert summary["returned"] == {"amount_kzt": returned["returned_kzt"], "count": returned["count"]}
    assert summary["pending"] == {"amount_kzt": pending["valuation_kzt"], "count": pending["count"]}
    ovc = summary["ordered_vs_collected"]
    assert (ovc["ordered_kzt"], ovc["collected_kzt"]) == (ordered["ordered_kzt"], ordered["collected_kzt"])
    assert ovc["not_collected_kzt"] == ovc["ordered_kzt"] - ovc["collected_kzt"]
    if ovc["ordered_kzt"]:
        assert ovc["collected_share"] is not None
    assert sum((r["returned_kzt"] for r in summary["by_kind"]), ZERO) == summary["returned"]["amount_kzt"]
    where = summary["domestic_vs_abroad"]
    assert where["domestic"]["pending_kzt"] + where["abroad"]["pending_kzt"] == summary["pending"]["amount_kzt"]
    assert sum((r["returned_kzt"] for r in summary["by_region"]), ZERO) == where["domestic"]["returned_kzt"]
    for asset in queries.asset_queryset(WIDE, "ordered"):
        item = queries.public_asset(asset)
        assert item["not_collected_kzt"] == item["ordered_kzt"] - item["collected_kzt"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(ops=operations)
def test_random_operations_keep_the_invariants(world: Any, monkeypatch: Any, ops: list[tuple[Any, ...]]) -> None:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "200000")
    counter = [0]
    prelude: list[tuple[Any, ...]] = [("project", "school"), ("receive", Decimal("1000.00"), 0)]
    with transaction.atomic():
        for op in prelude + ops:
            before = snapshot()
            try:
                run(op, world, counter)
            except RecoveryError:
                assert snapshot() == before, f"refused {op} but something changed"
            else:
                if snapshot() != before:
                    event(f"accepted {op[0]}")
            check_invariants()
        transaction.set_rollback(True)
