"""Staff API for the register's second officer, under /api/v1/register/proposals/.

Reading a review takes a staff session or a personal token with the `approve` scope;
deciding takes a personal token, whose owner (an approver who did not prepare the
proposal) is recorded as the approver in the register's history.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from adaldyq.core import roles
from adaldyq.core.approvals import APPROVE_SCOPE, Error, Invalid, PersonalToken, acting_user
from adaldyq.register import proposals, review
from adaldyq.register.exceptions import ApprovalRefused, RegisterError, ReviewOutdated
from adaldyq.register.models import Proposal

router = Router(tags=["register approvals (staff)"])
READ_AUTH = [django_auth, PersonalToken(APPROVE_SCOPE)]
DECIDE_AUTH = PersonalToken(APPROVE_SCOPE)
LANGS = ("kk", "ru", "en")


class ReviewRow(Schema):
    field: str
    label: str
    public: bool
    before: str
    after: str
    changed: bool


class EntryRef(Schema):
    id: int
    record_id: str


class RemovalFacts(Schema):
    ground: str
    ground_label: str | None
    date: str


class ProposalReview(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    entry: EntryRef | None
    record_id: str
    reason: str
    document: str
    prepared_by: str
    prepared_at: str
    decided_by: str | None
    removal: RemovalFacts | None
    rows: list[ReviewRow]
    changed: list[str]
    digest: str


class ProposalApproveIn(Schema):
    reviewed: str
    note: str = ""


class ProposalRejectIn(Schema):
    note: str


def _staff(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not roles.has_role(user, roles.REGISTRAR, roles.APPROVER, roles.ADMINISTRATOR):
        raise HttpError(403, "Only register staff can see proposals.")
    return user


def _proposal(pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("created_by", "decided_by", "conviction__person"), pk=pk)


def _review(pk: int, lang: str) -> dict[str, Any]:
    return review.proposal_review(_proposal(pk), lang if lang in LANGS else "en")


@router.get("/proposals/{proposal_id}", auth=READ_AUTH, response={200: ProposalReview, 401: Error, 403: Error, 404: Error},
            summary="A proposal with every field before and after, as the approver sees it")
def proposal(request: HttpRequest, proposal_id: int, lang: str = "en") -> dict[str, Any]:
    _staff(request)
    return _review(proposal_id, lang)


def _decide(request: HttpRequest, proposal_id: int, decide: Any) -> dict[str, Any]:
    user = _staff(request)
    found = _proposal(proposal_id)
    try:
        decide(found, user)
    except ReviewOutdated as error:
        raise HttpError(409, str(error)) from None
    except ApprovalRefused as error:
        raise HttpError(403, str(error)) from None
    except RegisterError as error:
        raise HttpError(400, str(error)) from None
    return _review(proposal_id, "en")


@router.post("/proposals/{proposal_id}/approve", auth=DECIDE_AUTH,
             response={200: ProposalReview, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Invalid},
             summary="Approve a proposal as the token's owner (not its author)")
def approve(request: HttpRequest, proposal_id: int, body: ProposalApproveIn) -> dict[str, Any]:
    return _decide(request, proposal_id,
                   lambda found, user: proposals.approve(found, user, body.note, reviewed=body.reviewed))


@router.post("/proposals/{proposal_id}/reject", auth=DECIDE_AUTH,
             response={200: ProposalReview, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Invalid},
             summary="Reject a proposal as the token's owner, saying why")
def reject(request: HttpRequest, proposal_id: int, body: ProposalRejectIn) -> dict[str, Any]:
    return _decide(request, proposal_id, lambda found, user: proposals.reject(found, user, body.note))
