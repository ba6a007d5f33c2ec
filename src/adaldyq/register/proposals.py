"""Staff changes with maker-checker: nothing a registrar prepares reaches the register
until an approver who is not its author approves it."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from adaldyq.core import approvals, history, roles
from adaldyq.core.history import NewEvent
from adaldyq.core.imports import Cells, ImportRejected, RowError
from adaldyq.register import feed, review, rules
from adaldyq.register.catalogue import Catalogue
from adaldyq.register.exceptions import (
    ApprovalRefused,
    RegisterError,
    RemovalNotAllowed,
    ReviewOutdated,
)
from adaldyq.register.imports import ImportReport, apply_records
from adaldyq.register.models import Conviction, Proposal
from adaldyq.register.publication import (
    STREAM,
    SUBJECT,
    apply_window,
    article_facts_by_id,
    current_policy,
    facts_of,
    window_public,
)

STAFF_REMOVAL_GROUNDS = [g.value for g in rules.Removal]


def propose_record(user: Any, raw: dict[str, Any], *, reason: str, document: str,
                   conviction: Conviction | None = None) -> Proposal:
    """A new entry (conviction None) or a correction, waiting for a second officer."""
    if not roles.has_role(user, roles.REGISTRAR):
        raise ApprovalRefused("Only a registrar can prepare entries and corrections.")
    _require_reason(reason, document)
    errors: list[RowError] = []
    # A manual entry gets an id no other officer can be handed at the same moment
    # (counting rows would give two simultaneous proposals the same one).
    record_id = raw.get("record_id") or (conviction.record_id if conviction else f"manual-{secrets.token_hex(5)}")
    record = feed.parse_record(Cells(1, {**raw, "record_id": record_id}, errors), Catalogue.from_db())
    if record is None:
        raise ImportRejected("proposal", errors)
    if conviction is None and Conviction.objects.filter(record_id=record.record_id).exists():
        raise RegisterError(f"Entry {record.record_id} already exists; propose a correction instead.")
    if conviction is None and Proposal.objects.filter(
        kind=Proposal.Kind.CREATE, status=Proposal.Status.PENDING, payload__record_id=record.record_id
    ).exists():
        raise RegisterError(f"A new entry {record.record_id} is already waiting for approval.")
    kind = Proposal.Kind.CORRECT if conviction else Proposal.Kind.CREATE
    return Proposal.objects.create(kind=kind, conviction=conviction, payload={**raw, "record_id": record.record_id},
                                   reason=reason, document=document, created_by=user)


def propose_removal(user: Any, conviction: Conviction, *, ground: str, day: dt.date, reason: str,
                    document: str) -> Proposal:
    if not roles.has_role(user, roles.REGISTRAR):
        raise ApprovalRefused("Only a registrar can prepare a removal.")
    if ground not in STAFF_REMOVAL_GROUNDS:
        raise RemovalNotAllowed(
            f"An entry can leave the register only on acquittal, retrial ordered, expungement, removal of the "
            f"record by a court, or rectification of an error; '{ground}' is not a legal ground."
        )
    _require_reason(reason, document)
    return Proposal.objects.create(kind=Proposal.Kind.REMOVE, conviction=conviction,
                                   payload={"ground": ground, "date": day.isoformat()}, reason=reason,
                                   document=document, created_by=user)


def _require_reason(reason: str, document: str) -> None:
    if not reason.strip() or not document.strip():
        raise RegisterError("Every change needs a reason and a document reference.")


def approve(proposal: Proposal, approver: Any, note: str = "", *, reviewed: str) -> Conviction:
    """Apply a proposal as `approver`, who was shown the review whose fingerprint is
    `reviewed` (review.proposal_review); refused if the proposal or the entry changed since."""
    if not roles.has_role(approver, roles.APPROVER):
        raise ApprovalRefused("Only an approver can approve changes to the register.")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update(of=("self",)).select_related("conviction__person").get(pk=proposal.pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ApprovalRefused(f"This proposal is already {proposal.status}.")
        if proposal.created_by_id == approver.pk:
            raise ApprovalRefused("A change must be approved by a different officer than its author.")
        if not approvals.same(reviewed, review.facts_fingerprint(proposal)):
            raise ReviewOutdated("The proposal or the entry changed since you opened it: review it again, then decide.")
        conviction = _apply_proposal(proposal, approver)
        proposal.status, proposal.decided_by, proposal.decided_at, proposal.decision_note = (
            Proposal.Status.APPROVED, approver, timezone.now(), note,
        )
        if proposal.conviction_id is None:
            proposal.conviction = conviction
        proposal.save()
    return conviction


def reject(proposal: Proposal, approver: Any, note: str) -> None:
    if not roles.has_role(approver, roles.APPROVER):
        raise ApprovalRefused("Only an approver can reject changes.")
    if not note.strip():
        raise RegisterError("Say why the proposal is rejected.")
    with transaction.atomic():
        updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.PENDING).update(
            status=Proposal.Status.REJECTED, decided_by=approver, decided_at=timezone.now(), decision_note=note,
        )
        if not updated:
            raise ApprovalRefused("This proposal is no longer pending.")


def _apply_proposal(proposal: Proposal, approver: Any) -> Conviction:
    maker = proposal.created_by_id
    if proposal.kind == Proposal.Kind.REMOVE:
        assert proposal.conviction_id is not None  # a removal always names its entry
        conviction = Conviction.objects.select_for_update().get(pk=proposal.conviction_id)
        ground = proposal.payload["ground"]
        conviction.removals = {**(conviction.removals or {}), ground: proposal.payload["date"]}
        policy, articles = current_policy(), article_facts_by_id()
        apply_window(conviction, rules.publication_window(
            facts_of(conviction, conviction.articles.values_list("pk", flat=True), articles), policy))
        conviction.save()
        history.record(STREAM, NewEvent(
            SUBJECT, str(conviction.pk), ground, occurred_on=dt.date.fromisoformat(proposal.payload["date"]),
            ground=proposal.reason[:200], document=proposal.document, source="staff", actor_id=maker,
            approver_id=approver.pk, public=window_public(conviction), private={"proposal": proposal.pk},
        ))
        return conviction
    errors: list[RowError] = []
    record = feed.parse_record(Cells(1, proposal.payload, errors), Catalogue.from_db())
    if record is None:  # the catalogue changed since it was proposed
        raise RegisterError("The proposal no longer passes the register's checks: "
                            + "; ".join(f"{e.column}: {e.reason}" for e in errors))
    trace = {"actor_id": maker, "approver_id": approver.pk, "ground": proposal.reason[:200],
             "document": proposal.document, "private": {"proposal": proposal.pk}}
    apply_records([record], "staff", ImportReport(), trace)
    return Conviction.objects.get(record_id=record.record_id)
