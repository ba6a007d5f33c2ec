"""A project's budget cannot be over-allocated (issue 10: an allocation could exceed
its project's budget), neither at once nor by two proposals approved one by one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adaldyq.recovery import ledger, services
from adaldyq.recovery.exceptions import BudgetExceeded
from adaldyq.recovery.models import AllocationStatus, Project

from .conftest import DAY

D = Decimal


def test_the_rule() -> None:
    ledger.check_budget(D(100), D(60), D(40))
    with pytest.raises(BudgetExceeded, match="above its budget of 100 KZT \\(40 KZT left\\)"):
        ledger.check_budget(D(100), D(60), D("40.01"))


def test_allocations_stop_at_the_budget(world: Any, funded: Any, settings: Any) -> None:
    funded(D(1000))
    school = services.create_project(name="School", kind="school", region="mangystau", approved_on=DAY,
                                     budget_kzt=D(300))
    services.propose_allocation(school.pk, D(200), officer=world.maker, on=DAY)
    with pytest.raises(BudgetExceeded):
        services.propose_allocation(school.pk, D(101), officer=world.maker, on=DAY)
    assert Project.objects.get(pk=school.pk).allocated_kzt == D(200)
    assert services.totals().allocated == D(200)


def test_two_proposals_within_budget_cannot_both_take_effect(world: Any, funded: Any, monkeypatch: Any) -> None:
    funded(D(1000))
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "0")
    school = services.create_project(name="School", kind="school", region="mangystau", approved_on=DAY,
                                     budget_kzt=D(300))
    first = services.propose_allocation(school.pk, D(200), officer=world.maker, on=DAY)
    second = services.propose_allocation(school.pk, D(200), officer=world.maker, on=DAY)
    assert first.status == second.status == AllocationStatus.PROPOSED
    services.approve_allocation(first.pk, approver=world.checker, on=DAY)
    with pytest.raises(BudgetExceeded):
        services.approve_allocation(second.pk, approver=world.checker, on=DAY)
    assert Project.objects.get(pk=school.pk).allocated_kzt == D(200)
