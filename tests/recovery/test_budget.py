"""A project's budget cannot be over-allocated (issue 10: an allocation could exceed
its project's budget), neither at once nor by two proposals approved one by one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from adaldyq.core import formatting
from adaldyq.recovery import ledger, review, services
from adaldyq.recovery.exceptions import BudgetExceeded
from adaldyq.recovery.models import Allocation, AllocationStatus, Project

from .conftest import DAY

D = Decimal


def test_the_rule() -> None:
    ledger.check_budget(D(100), D(60), D(40))
    with pytest.raises(BudgetExceeded, match="above its budget of 100.00 KZT \\(40.00 KZT left\\)") as refused:
        ledger.check_budget(D(100), D(60), D("40.01"))
    with translation.override("ru"):  # the officer reads the refusal in their language
        said = formatting.message(refused.value)
    assert "100,00" in said and "40,00" in said and "above its budget" not in said


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
    services.approve_allocation(first.pk, approver=world.checker, on=DAY, reviewed=_shown(first.pk))
    with pytest.raises(BudgetExceeded):
        services.approve_allocation(second.pk, approver=world.checker, on=DAY, reviewed=_shown(second.pk))
    assert Project.objects.get(pk=school.pk).allocated_kzt == D(200)


def _shown(allocation_id: int) -> str:
    """The fingerprint of the review page the approving officer has open."""
    return review.allocation_review(Allocation.objects.select_related("project").get(pk=allocation_id))["digest"]
