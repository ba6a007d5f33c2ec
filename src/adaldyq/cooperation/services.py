"""Changes to cooperation data. Each function opens its own transaction, checks the
rules in `workflow.py` / `scopes.py`, writes, and appends to the `cooperation`
history stream. Views and commands call these and show CooperationError messages.

Signed packages are in `exchange.py`; this module re-exports `package_entities` so
other parts (screening) have one place to import from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from adaldyq.cooperation import package, review, scopes, workflow
from adaldyq.cooperation.exceptions import CooperationError, ScopeNotAllowed, WorkflowError
from adaldyq.cooperation.models import (
    Agreement,
    CooperationRequest,
    ExchangePackage,
    PackageEntity,
    Partner,
    RequestDocument,
    RequestSubject,
    StatusChange,
    SubjectKind,
)
from adaldyq.core import approvals, history, tokens
from adaldyq.core.models import ApiToken
from adaldyq.core.refusals import gettext_noop

STREAM = "cooperation"


def today() -> dt.date:
    return timezone.localdate()


def _event(subject_type: str, subject_id: object, action: str, actor_id: int | None, *,
           public: dict[str, Any] | None = None, private: dict[str, Any] | None = None,
           occurred_on: dt.date | None = None, document: str = "", approver_id: int | None = None,
           source: str = "staff") -> None:
    history.record(STREAM, history.NewEvent(
        subject_type=subject_type, subject_id=str(subject_id), action=action, occurred_on=occurred_on,
        document=document[:300], source=source, actor_id=actor_id, approver_id=approver_id,
        public=public or {}, private=private or {},
    ))


# Requests ---------------------------------------------------------------------------

def _next_reference(direction: str, year: int) -> str:
    prefix = f"{'OUT' if direction == workflow.OUTGOING else 'IN'}-{year}-"
    last = (CooperationRequest.objects.filter(reference__startswith=prefix)
            .aggregate(m=Max("reference"))["m"])
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def create_request(*, direction: str, kind: str, partner: Partner, legal_basis: str, actor_id: int | None,
                   summary: str = "", due_on: dt.date | None = None, opened_on: dt.date | None = None,
                   agreement: Agreement | None = None, recovery_case_id: int | None = None,
                   partner_reference: str = "", officer_id: int | None = None) -> CooperationRequest:
    if kind not in workflow.KINDS:
        raise WorkflowError(f"Unknown kind of request '{kind}'.")
    if agreement is not None and agreement.partner_id != partner.pk:
        raise CooperationError("That agreement is with another partner.")
    if not legal_basis.strip():
        raise CooperationError("Give the legal basis: the treaty article, memorandum clause or network rules.")
    opened = opened_on or today()
    status = workflow.initial_status(direction)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                request = CooperationRequest.objects.create(
                    reference=_next_reference(direction, opened.year), direction=direction, kind=kind,
                    partner=partner, agreement=agreement, legal_basis=legal_basis.strip(), summary=summary,
                    recovery_case_id=recovery_case_id, status=status, opened_on=opened, due_on=due_on,
                    status_changed_on=opened, partner_reference=partner_reference,
                    officer_id=officer_id or actor_id, created_by_id=actor_id,
                )
                StatusChange.objects.create(request=request, to_status=status, on=opened, actor_id=actor_id,
                                            note="created")
                _event("request", request.reference, "create", actor_id, occurred_on=opened,
                       public={"direction": direction, "kind": kind, "partner": partner.code, "status": status},
                       private={"legal_basis": request.legal_basis, "summary": summary,
                                "due_on": due_on.isoformat() if due_on else None})
                return request
        except IntegrityError:
            continue  # another officer took the same number at the same moment
    raise CooperationError("Could not number the request; try again.")


def add_subject(request: CooperationRequest, *, kind: str, name: str, actor_id: int | None, country: str = "",
                asset_id: int | None = None, note: str = "", **links: Any) -> RequestSubject:
    """Add a person, company or asset the request concerns. `links` are optional
    register links (person_id, conviction_id) when the register part provides them."""
    if kind not in SubjectKind.values:
        raise CooperationError(f"Unknown kind of subject '{kind}'.")
    name = name.strip()
    if not name:
        raise CooperationError("Give the subject's name or a description of the asset.")
    allowed_links = {f.attname for f in RequestSubject._meta.concrete_fields} & {"person_id", "conviction_id"}
    extra = {k: v for k, v in links.items() if k in allowed_links and v is not None}
    with transaction.atomic():
        subject = RequestSubject.objects.create(request=request, kind=kind, name=name[:300],
                                                country=country.upper()[:2], asset_id=asset_id, note=note, **extra)
        _event("request", request.reference, "add_subject", actor_id,
               public={"subject_kind": kind, "asset_id": asset_id},
               private={"name": name, "country": country, "note": note, **extra})
    return subject


@dataclass(frozen=True)
class NewDocument:
    title: str
    dated: dt.date
    number: str = ""
    file: UploadedFile | None = None


def _store_document(request: CooperationRequest, doc: NewDocument, actor_id: int | None) -> RequestDocument:
    if not doc.title.strip():
        raise CooperationError("A document needs a title.")
    sha = ""
    if doc.file is not None:
        hasher = hashlib.sha256()
        for chunk in doc.file.chunks():
            hasher.update(chunk)
        sha = hasher.hexdigest()
        doc.file.seek(0)
    return RequestDocument.objects.create(request=request, title=doc.title.strip(), number=doc.number.strip(),
                                          dated=doc.dated, file=doc.file or "", sha256=sha, uploaded_by_id=actor_id)


def add_document(request: CooperationRequest, doc: NewDocument, actor_id: int | None) -> RequestDocument:
    with transaction.atomic():
        stored = _store_document(request, doc, actor_id)
        _event("request", request.reference, "add_document", actor_id, occurred_on=doc.dated,
               document=str(stored), private={"sha256": stored.sha256})
    return stored


def move(request: CooperationRequest, target: str, *, actor_id: int | None, document: NewDocument | None = None,
         note: str = "", on: dt.date | None = None, due_on: dt.date | None = None,
         reviewed: str = "") -> CooperationRequest:
    """Move a request to `target`, with the document that carries the step if needed.
    Sending a formal request awaiting a second officer needs `reviewed`, the
    fingerprint of the `review.approval_review` they were shown."""
    on = on or today()
    with transaction.atomic():
        locked = CooperationRequest.objects.select_for_update().get(pk=request.pk)
        workflow.check_move(workflow.Move(
            direction=locked.direction, kind=locked.kind, current=locked.status, target=target,
            actor_id=actor_id, submitted_by_id=locked.submitted_by_id, has_document=document is not None,
        ))
        if (target == workflow.SENT and review.needs_review(locked)
                and not approvals.same(reviewed, review.approval_review(locked)["digest"])):
            raise WorkflowError(gettext_noop("The request changed since you opened it (or was not reviewed): "
                                             "look at it again, then send it."))
        stored = _store_document(locked, document, actor_id) if document is not None else None
        previous = locked.status
        locked.status = target
        locked.status_changed_on = on
        if target == workflow.AWAITING_APPROVAL:
            locked.submitted_by_id = actor_id
        if target in (workflow.SENT, workflow.RECEIVED) and previous in (workflow.DRAFT, workflow.AWAITING_APPROVAL):
            locked.opened_on = on
        if due_on is not None:
            locked.due_on = due_on
        if target == workflow.CLOSED:
            locked.closed_on = on
        elif locked.closed_on is not None:
            locked.closed_on = None
        locked.reminded_on = None
        locked.save()
        StatusChange.objects.create(request=locked, from_status=previous, to_status=target, on=on, note=note[:500],
                                    document=stored, actor_id=actor_id)
        approver = actor_id if previous == workflow.AWAITING_APPROVAL and target == workflow.SENT else None
        _event("request", locked.reference, "move", actor_id, occurred_on=on,
               document=str(stored) if stored else "", approver_id=approver,
               public={"from": previous, "to": target},
               private={"note": note, "due_on": due_on.isoformat() if due_on else None,
                        "submitted_by": locked.submitted_by_id})
    return locked


def overdue_requests(on: dt.date | None = None) -> list[CooperationRequest]:
    on = on or today()
    return list(CooperationRequest.objects.filter(status__in=workflow.OPEN_STATUSES, due_on__lt=on)
                .select_related("partner", "officer").order_by("due_on", "reference"))


def mark_reminded(requests: list[CooperationRequest], on: dt.date) -> None:
    with transaction.atomic():
        CooperationRequest.objects.filter(pk__in=[r.pk for r in requests]).update(reminded_on=on)


# Partners, keys and tokens --------------------------------------------------------------

def register_partner_key(partner: Partner, key_text: str, *, actor_id: int | None) -> Partner:
    """Record the partner's Ed25519 public key (base64 raw or PEM); packages from them
    verify against it from now on."""
    key = package.parse_public_key(key_text)
    text = package.public_key_text(key)
    with transaction.atomic():
        partner.public_key = text
        partner.key_fingerprint = package.fingerprint(text)
        partner.key_registered_on = today()
        partner.save(update_fields=["public_key", "key_fingerprint", "key_registered_on"])
        _event("partner", partner.code, "register_key", actor_id,
               public={"fingerprint": partner.key_fingerprint}, private={"public_key": text})
    return partner


def issue_partner_token(partner: Partner, asked: list[str], *, actor_id: int | None,
                        rate_per_minute: int = 60, daily_names: int | None = None,
                        name: str = "") -> tokens.IssuedToken:
    """Issue an API token for a partner, only with scopes its agreement in force covers."""
    bad = scopes.unknown(asked)
    if bad:
        raise ScopeNotAllowed(f"Unknown scope(s): {', '.join(bad)}.")
    if not asked:
        raise ScopeNotAllowed("Choose at least one scope.")
    if not partner.active:
        raise ScopeNotAllowed(f"{partner.name} is not an active partner.")
    try:
        tokens.check_limits(rate_per_minute, daily_names)
    except tokens.TokenRefused as exc:
        raise ScopeNotAllowed(str(exc)) from exc
    outside = scopes.outside_agreement(asked, partner.api_scopes(today()))
    if outside:
        raise ScopeNotAllowed(
            f"No agreement in force with {partner.name} covers: {', '.join(outside)}."
        )
    with transaction.atomic():
        issued = tokens.issue(name or f"{partner.code} partner API", sorted(set(asked)),
                              rate_per_minute=rate_per_minute, daily_names=daily_names, partner_id=partner.pk,
                              created_by_id=actor_id)
        _event("partner", partner.code, "issue_token", actor_id,
               public={"prefix": issued.token.prefix, "scopes": issued.token.scopes,
                       "rate_per_minute": rate_per_minute, "daily_names": daily_names})
    return issued


def revoke_partner_token(partner: Partner, token_id: int, *, actor_id: int | None) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id, partner_id=partner.pk)
        token.active = False
        token.save(update_fields=["active"])
        _event("partner", partner.code, "revoke_token", actor_id, public={"prefix": token.prefix})


def package_entities(package_id: str) -> Iterator[dict[str, Any]]:
    """The FollowTheMoney entities of a received package, as received (for screening lists)."""
    found = ExchangePackage.objects.filter(package_id=package_id, direction="received").first()
    if found is None:
        raise CooperationError(f"No received package {package_id}.")
    for row in PackageEntity.objects.filter(package=found).order_by("id").iterator(chunk_size=1000):
        yield dict(row.data)
