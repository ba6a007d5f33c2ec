"""What a second fund officer sees before approving an allocation: the allocation
itself and its effect, the fund's unallocated balance and the project's budget used,
before and after. The page, its JSON twin and the API are built from `allocation_review`,
and approving checks its fingerprint again under the fund lock."""

from __future__ import annotations

from typing import Any

from adaldyq.core.approvals import fingerprint
from adaldyq.core.multilingual import translations

from . import ledger
from . import settings as recovery_settings
from .models import Allocation, Fund


def allocation_review(allocation: Allocation, fund_row: Fund | None = None) -> dict[str, Any]:
    project = allocation.project
    row = fund_row or Fund.objects.filter(pk=1).first() or Fund()
    effect = ledger.AllocationEffect(
        amount=allocation.amount_kzt, unallocated_before=row.received_kzt - row.allocated_kzt,
        project_budget=project.budget_kzt, project_allocated_before=project.allocated_kzt,
    )
    threshold = recovery_settings.second_officer_above()
    facts: dict[str, Any] = {
        "id": allocation.pk,
        "status": allocation.status,
        "amount_kzt": allocation.amount_kzt,
        "document": allocation.document,
        "proposed_by": allocation.proposed_by.get_username() if allocation.proposed_by else None,
        "proposed_at": allocation.created_at.isoformat() if allocation.created_at else None,
        "needs_second_officer": ledger.needs_second_officer(allocation.amount_kzt, threshold),
        "threshold_kzt": threshold,
        # Every language of the name, so the fingerprint is the same whatever language the page is in.
        "project": {"id": project.pk, "name": translations(project, "name"), "kind": project.kind, "region": project.region,
                    "status": project.status, "budget_kzt": project.budget_kzt},
        "fund": {"unallocated_before_kzt": effect.unallocated_before, "unallocated_after_kzt": effect.unallocated_after,
                 "covered": effect.covered},
        "project_budget": {
            "allocated_before_kzt": effect.project_allocated_before,
            "allocated_after_kzt": effect.project_allocated_after,
            "used_before_percent": effect.budget_used(effect.project_allocated_before),
            "used_after_percent": effect.budget_used(effect.project_allocated_after),
            "within_budget": effect.within_budget,
        },
    }
    return {**facts, "digest": fingerprint(facts)}
