"""Writes: who may see which recommendations, and status changes with their evidence.

Each change runs in one transaction: lock the recommendation, ask `workflow.decide`,
store the evidence, update the row and append the event to the `risks` history stream.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from adaldyq.core import history, roles
from adaldyq.risks.exceptions import NotYourBody, TransitionRefused
from adaldyq.risks.models import STATUS_LABELS, Body, BodyMembership, Evidence, Recommendation
from adaldyq.risks.workflow import CLOSED, Action, Actor, Status, decide

STREAM = "risks"
SUBJECT = "recommendation"


@dataclass(frozen=True)
class Viewer:
    """What a user is to this part: the agency, one body, or nobody."""

    actor: Actor | None
    body_id: int | None = None
    sees_all: bool = False


def viewer_for(user: Any) -> Viewer:
    """Analysts act for the agency; a body officer acts for the one body they belong to;
    an administrator may read everything but acts for no one."""
    if roles.has_role(user, roles.RISK_ANALYST):
        return Viewer(Actor.AGENCY, sees_all=True)
    if roles.has_role(user, roles.BODY_OFFICER):
        body_id = BodyMembership.objects.filter(user=user).values_list("body_id", flat=True).first()
        if body_id is not None:
            return Viewer(Actor.BODY, body_id=body_id)
    if roles.has_role(user, roles.ADMINISTRATOR):
        return Viewer(None, sees_all=True)
    return Viewer(None)


def visible_recommendations(viewer: Viewer) -> QuerySet[Recommendation]:
    recs = Recommendation.objects.all()
    if viewer.sees_all:
        return recs
    if viewer.body_id is not None:
        return recs.filter(body_id=viewer.body_id)
    return recs.none()


@dataclass(frozen=True)
class Document:
    """Proof given with a change: a reference (title, number, date) and maybe a file."""

    reference: str
    file: UploadedFile | None = None


def _sha256(upload: UploadedFile) -> str:
    h = hashlib.sha256()
    for chunk in upload.chunks():
        h.update(chunk)
    upload.seek(0)
    return h.hexdigest()


def change_status(code: str, user: Any, action: Action | str, *, comment: str = "",
                  documents: list[Document] | tuple[Document, ...] = (), today: dt.date | None = None
                  ) -> Recommendation:
    """Take `action` on recommendation `code` as `user`; refuse with a reason otherwise."""
    viewer = viewer_for(user)
    if viewer.actor is None:
        raise TransitionRefused("You may read recommendations but not change them.")
    today = today or timezone.localdate()
    documents = [d for d in documents if d.reference.strip() or d.file is not None]
    with transaction.atomic():
        rec = visible_recommendations(viewer).select_for_update().filter(code=code).first()
        if rec is None:
            raise NotYourBody(code)
        before = Status(rec.status)
        after = decide(before, action, viewer.actor, comment=comment, documents=len(documents))
        digests = [(d.reference.strip() or ((d.file.name or "") if d.file else ""),
                    _sha256(d.file) if d.file else "") for d in documents]
        event = history.record(STREAM, history.NewEvent(
            subject_type=SUBJECT, subject_id=rec.code, action=Action(action).value, occurred_on=today,
            actor_id=user.pk,  # evidence references stay private, like the comment
            public={"code": rec.code, "from": before.value, "to": after.value,
                    "body": Body.objects.values_list("code", flat=True).get(pk=rec.body_id),
                    "deadline": rec.deadline.isoformat()},
            private={"comment": comment.strip(),
                     "evidence": [{"reference": ref, "sha256": sha} for ref, sha in digests]},
        ))
        for doc, (ref, sha) in zip(documents, digests, strict=True):
            Evidence.objects.create(recommendation=rec, history_seq=event.seq, reference=ref[:300],
                                    file=doc.file or "", sha256=sha, uploaded_by=user)
        rec.status = after.value
        rec.status_changed_on = today
        if after == Status.REPORTED:
            rec.reported_on = today
        rec.closed_on = today if after in CLOSED else None
        rec.save(update_fields=["status", "status_changed_on", "reported_on", "closed_on"])
    return rec


def _label(status: str | None) -> str:
    try:
        return str(STATUS_LABELS[Status(status or "")])
    except ValueError:
        return status or ""


def history_of(rec: Recommendation) -> list[dict[str, Any]]:
    """The recommendation's events, newest last, with their comment and evidence."""
    evidence: dict[int, list[Evidence]] = {}
    for item in rec.evidence.all():
        evidence.setdefault(item.history_seq, []).append(item)
    rows = []
    for event in history.events_for(SUBJECT, rec.code):
        if event.stream != STREAM:
            continue
        rows.append({
            "seq": event.seq, "action": event.action, "occurred_on": event.occurred_on,
            "recorded_at": event.recorded_at, "actor": event.actor.get_username() if event.actor else event.source,
            "from": event.public.get("from"), "to": event.public.get("to"),
            "from_label": _label(event.public.get("from")), "to_label": _label(event.public.get("to")),
            "comment": event.private.get("comment", ""), "evidence": evidence.get(event.seq, []),
        })
    return rows
