"""What the second officer sees before sending a formal outgoing request (mutual legal
assistance, freezing, confiscation, return): to whom it goes, on which agreement and
legal basis, about whom and what, with which documents. The request page shows it,
and the move to "sent" must carry its fingerprint, so a subject or document added
after the page was drawn makes the officer look again."""

from __future__ import annotations

from typing import Any

from adaldyq.cooperation import workflow
from adaldyq.cooperation.models import CooperationRequest
from adaldyq.core.approvals import fingerprint


def needs_review(request: CooperationRequest) -> bool:
    return (request.direction == workflow.OUTGOING and request.status == workflow.AWAITING_APPROVAL
            and request.kind in workflow.SECOND_OFFICER_KINDS)


def approval_review(r: CooperationRequest) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "reference": r.reference, "kind": r.kind, "status": r.status,
        "partner": {"code": r.partner.code, "name": r.partner.name, "country": r.partner.country},
        "agreement": ({"title": r.agreement.title, "partner": r.agreement.partner.name}
                      if r.agreement else None),
        "legal_basis": r.legal_basis, "summary": r.summary,
        "due_on": r.due_on.isoformat() if r.due_on else None,
        "recovery_case": r.recovery_case.reference if r.recovery_case else None,
        "submitted_by": r.submitted_by.get_username() if r.submitted_by else None,
        "subjects": [{"kind": s.kind, "name": s.name, "country": s.country, "note": s.note,
                      "asset": s.asset.reference if s.asset else None, "register_entry": s.conviction_id}
                     for s in r.subjects.select_related("asset").order_by("pk")],
        "documents": [{"title": d.title, "number": d.number, "dated": d.dated.isoformat(), "sha256": d.sha256}
                      for d in r.documents.order_by("pk")],
    }
    return {**facts, "digest": fingerprint(facts)}
