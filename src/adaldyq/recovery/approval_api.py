"""Staff API for the second fund officer, under /api/v1/fund/allocations/.

Reading a review takes a staff session or a personal token with the `approve` scope;
deciding takes a personal token (bound to one fund officer, who is recorded as the
approver). The maker can read but never decide on their own allocation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from adaldyq.core import roles
from adaldyq.core.approvals import APPROVE_SCOPE, Error, Invalid, PersonalToken, acting_user

from . import review, services
from .exceptions import RecoveryError, SecondOfficerRequired
from .models import Allocation

router = Router(tags=["fund approvals (staff)"])
READ_AUTH = [django_auth, PersonalToken(APPROVE_SCOPE)]
DECIDE_AUTH = PersonalToken(APPROVE_SCOPE)
FUND_ROLES = (roles.FUND_OFFICER, roles.ADMINISTRATOR)


class ProjectFacts(Schema):
    id: int
    name: dict[str, str] = Field(description="The project's name in each language it is kept in (kk, ru, en).")
    kind: str
    region: str
    status: str
    budget_kzt: Decimal


class FundEffect(Schema):
    unallocated_before_kzt: Decimal
    unallocated_after_kzt: Decimal
    covered: bool


class BudgetEffect(Schema):
    allocated_before_kzt: Decimal
    allocated_after_kzt: Decimal
    used_before_percent: Decimal | None
    used_after_percent: Decimal | None
    within_budget: bool


class AllocationReview(Schema):
    id: int
    status: str
    amount_kzt: Decimal
    document: str
    proposed_by: str | None
    proposed_at: str | None
    needs_second_officer: bool
    threshold_kzt: Decimal
    project: ProjectFacts
    fund: FundEffect
    project_budget: BudgetEffect
    digest: str


class AllocationApproveIn(Schema):
    reviewed: str
    on: dt.date | None = None


class AllocationRejectIn(Schema):
    ground: str
    on: dt.date | None = None


def _fund_officer(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not roles.has_role(user, *FUND_ROLES):
        raise HttpError(403, "Only a fund officer can see or decide on allocations.")
    return user


def _review(pk: int) -> dict[str, Any]:
    return review.allocation_review(get_object_or_404(Allocation.objects.select_related("project", "proposed_by"),
                                                      pk=pk))


@router.get("/fund/allocations/{allocation_id}", auth=READ_AUTH, response={200: AllocationReview, 401: Error, 403: Error, 404: Error},
            summary="An allocation and its effect, as the second officer sees it")
def allocation(request: HttpRequest, allocation_id: int) -> dict[str, Any]:
    _fund_officer(request)
    return _review(allocation_id)


@router.post("/fund/allocations/{allocation_id}/approve", auth=DECIDE_AUTH,
             response={200: AllocationReview, 401: Error, 403: Error, 404: Error, 409: Error, 422: Invalid},
             summary="Approve an allocation as the token's owner (a second fund officer)")
def approve(request: HttpRequest, allocation_id: int, body: AllocationApproveIn) -> dict[str, Any]:
    user = _fund_officer(request)
    _review(allocation_id)  # 404 before anything else
    try:
        services.approve_allocation(allocation_id, approver=user, on=body.on or timezone.localdate(),
                                    reviewed=body.reviewed)
    except SecondOfficerRequired as error:
        raise HttpError(403, str(error)) from None
    except RecoveryError as error:
        raise HttpError(409, str(error)) from None
    return _review(allocation_id)


@router.post("/fund/allocations/{allocation_id}/reject", auth=DECIDE_AUTH,
             response={200: AllocationReview, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Invalid},
             summary="Reject an allocation as the token's owner")
def reject(request: HttpRequest, allocation_id: int, body: AllocationRejectIn) -> dict[str, Any]:
    user = _fund_officer(request)
    _review(allocation_id)
    if not body.ground.strip():
        raise HttpError(400, "Say why the allocation is rejected.")
    try:
        services.reject_allocation(allocation_id, approver=user, on=body.on or timezone.localdate(),
                                   ground=body.ground)
    except SecondOfficerRequired as error:
        raise HttpError(403, str(error)) from None
    except RecoveryError as error:
        raise HttpError(409, str(error)) from None
    return _review(allocation_id)
