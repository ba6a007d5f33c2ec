"""Reads for staff pages and their JSON twins: each function returns plain JSON-able
data, and the HTML page renders exactly that, so the two never disagree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse

from adaldyq.cooperation import settings as coop_settings
from adaldyq.cooperation import workflow
from adaldyq.cooperation.models import (
    CooperationRequest,
    ExchangePackage,
    Kind,
    Partner,
    RequestSubject,
    Status,
    country_name,
)
from adaldyq.core.models import ApiCall, ApiToken

KIND_LABELS = dict(Kind.choices)
STATUS_LABELS = dict(Status.choices)


def _d(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def request_row(r: CooperationRequest, today: dt.date) -> dict[str, Any]:
    return {
        "reference": r.reference,
        "url": r.get_absolute_url(),
        "direction": r.direction,
        "kind": r.kind,
        "kind_label": str(KIND_LABELS.get(r.kind, r.kind)),
        "status": r.status,
        "status_label": str(STATUS_LABELS.get(r.status, r.status)),
        "partner": r.partner.code,
        "partner_name": r.partner.name,
        "country": r.partner.country,
        "country_name": country_name(r.partner.country),
        "opened_on": _d(r.opened_on),
        "due_on": _d(r.due_on),
        "days_overdue": r.days_overdue(today),
        "overdue": r.is_overdue(today),
        "due_soon": workflow.is_due_soon(r.status, r.due_on, today, coop_settings.due_soon_days()),
        "age_days": (today - r.opened_on).days,
    }


def dashboard(today: dt.date) -> dict[str, Any]:
    """Requests by country, kind, status and age, and what is overdue."""
    rows = list(CooperationRequest.objects.select_related("partner").order_by("reference"))
    open_rows = [r for r in rows if workflow.is_open(r.status)]
    by_country: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_country.setdefault(r.partner.country, {
            "country": r.partner.country, "country_name": country_name(r.partner.country),
            "total": 0, "open": 0, "overdue": 0, "outgoing": 0, "incoming": 0})
        entry["total"] += 1
        entry[r.direction] += 1
        entry["open"] += workflow.is_open(r.status)
        entry["overdue"] += r.is_overdue(today)
    kinds = Counter(r.kind for r in rows)
    kinds_open = Counter(r.kind for r in open_rows)
    statuses = Counter(r.status for r in rows)
    ages = Counter(workflow.age_bucket(r.opened_on, today) for r in open_rows)
    overdue = sorted((r for r in open_rows if r.is_overdue(today)), key=lambda r: (-r.days_overdue(today), r.reference))
    due_soon = [r for r in open_rows if workflow.is_due_soon(r.status, r.due_on, today, coop_settings.due_soon_days())]
    return {
        "today": today.isoformat(),
        "totals": {"requests": len(rows), "open": len(open_rows), "overdue": len(overdue),
                   "due_soon": len(due_soon), "partners": Partner.objects.filter(active=True).count(),
                   "packages": ExchangePackage.objects.count()},
        "by_country": sorted(by_country.values(), key=lambda e: (-e["total"], e["country"])),
        "by_kind": [{"kind": k, "label": str(KIND_LABELS[k]), "total": kinds[k], "open": kinds_open[k]}
                    for k in workflow.KINDS],
        "by_status": [{"status": s, "label": str(STATUS_LABELS[s]), "total": statuses[s]}
                      for s in workflow.STATUSES if statuses[s]],
        "by_age": [{"bucket": label, "open": ages[label]} for label, _ in workflow.AGE_BUCKETS],
        "overdue": [request_row(r, today) for r in overdue],
        "due_soon": [request_row(r, today) for r in sorted(due_soon, key=lambda r: (r.due_on, r.reference))],
        "assets_waiting": assets_waiting(today),
    }


def assets_waiting(today: dt.date, limit: int = 100) -> list[dict[str, Any]]:
    """Assets abroad and the open requests they wait on, longest-waiting first."""
    links = (RequestSubject.objects.filter(asset__isnull=False, request__status__in=workflow.OPEN_STATUSES)
             .select_related("asset", "request", "request__partner").order_by("request__opened_on", "asset_id"))
    by_asset: dict[int, dict[str, Any]] = {}
    for link in links:
        asset = link.asset
        assert asset is not None
        entry = by_asset.setdefault(asset.pk, {
            "asset": asset.reference, "url": asset.get_absolute_url(), "country": asset.country,
            "country_name": country_name(asset.country), "asset_status": asset.status, "requests": []})
        entry["requests"].append({"reference": link.request.reference, "url": link.request.get_absolute_url(),
                                  "status": link.request.status,
                                  "status_label": str(STATUS_LABELS.get(link.request.status, "")),
                                  "overdue": link.request.is_overdue(today)})
        if len(by_asset) >= limit:
            break
    return list(by_asset.values())


FILTERS = ("direction", "kind", "status", "country", "partner", "overdue", "q")


def request_list(params: Any, today: dt.date) -> dict[str, Any]:
    qs: QuerySet[CooperationRequest] = CooperationRequest.objects.select_related("partner")
    chosen = {name: str(params.get(name) or "").strip() for name in FILTERS}
    if chosen["direction"]:
        qs = qs.filter(direction=chosen["direction"])
    if chosen["kind"]:
        qs = qs.filter(kind=chosen["kind"])
    if chosen["status"] == "open":
        qs = qs.filter(status__in=workflow.OPEN_STATUSES)
    elif chosen["status"]:
        qs = qs.filter(status=chosen["status"])
    if chosen["country"]:
        qs = qs.filter(partner__country=chosen["country"].upper())
    if chosen["partner"]:
        qs = qs.filter(partner__code=chosen["partner"])
    if chosen["overdue"]:
        qs = qs.filter(status__in=workflow.OPEN_STATUSES, due_on__lt=today)
    if chosen["q"]:
        qs = qs.filter(reference__icontains=chosen["q"]) | qs.filter(partner_reference__icontains=chosen["q"])
    rows = [request_row(r, today) for r in qs.order_by("-opened_on", "reference")[:500]]
    return {"filters": chosen, "count": len(rows), "results": rows}


def request_detail(r: CooperationRequest, today: dt.date) -> dict[str, Any]:
    subjects = []
    for s in r.subjects.select_related("asset", "conviction").all():
        subjects.append({
            "id": s.pk, "kind": s.kind, "name": s.name, "country": s.country, "note": s.note,
            "asset": {"reference": s.asset.reference, "url": s.asset.get_absolute_url(),
                      "country": s.asset.country, "status": s.asset.status} if s.asset else None,
            "register_entry": {"id": s.conviction_id, "url": s.conviction.get_absolute_url()} if s.conviction else None,
            "register_person_id": s.person_id,
        })
    return {
        **request_row(r, today),
        "partner_reference": r.partner_reference,
        "partner_url": r.partner.get_absolute_url(),
        "agreement": r.agreement.title if r.agreement else None,
        "legal_basis": r.legal_basis,
        "summary": r.summary,
        "recovery_case": {"reference": r.recovery_case.reference, "url": r.recovery_case.get_absolute_url()}
        if r.recovery_case else None,
        "closed_on": _d(r.closed_on),
        "officer": r.officer.get_username() if r.officer else None,
        "submitted_by": r.submitted_by.get_username() if r.submitted_by else None,
        "next_statuses": [{"status": s, "label": str(STATUS_LABELS[s]),
                           "needs_document": s in workflow.DOCUMENT_REQUIRED}
                          for s in workflow.next_statuses(r.direction, r.status)],
        "subjects": subjects,
        "documents": [{"id": d.pk, "title": d.title, "number": d.number, "dated": _d(d.dated),
                       "sha256": d.sha256,
                       "file": reverse("staff_cooperation:request_document_file", args=[r.reference, d.pk])
                       if d.file else None}
                      for d in r.documents.all()],
        "history": [{"from": c.from_status, "to": c.to_status, "on": _d(c.on), "note": c.note,
                     "by": c.actor.get_username() if c.actor else None,
                     "document": str(c.document) if c.document else None}
                    for c in r.changes.select_related("actor", "document").all()],
        "packages": [package_row(p) for p in r.packages.select_related("partner").all()],
    }


def partner_row(p: Partner, today: dt.date) -> dict[str, Any]:
    agreement = p.agreement_in_force(today)
    return {
        "code": p.code, "name": p.name, "url": p.get_absolute_url(), "country": p.country,
        "country_name": country_name(p.country), "active": p.active,
        "agreement": agreement.title if agreement else None,
        "api_scopes": sorted(p.api_scopes(today)),
        "key_fingerprint": p.key_fingerprint or None,
        "requests": getattr(p, "n_requests", None),
    }


def partner_list(today: dt.date) -> dict[str, Any]:
    partners = Partner.objects.prefetch_related("agreements").annotate(n_requests=Count("requests"))
    return {"results": [partner_row(p, today) for p in partners]}


def partner_detail(p: Partner, today: dt.date) -> dict[str, Any]:
    tokens = ApiToken.objects.filter(partner_id=p.pk).order_by("-created_at")
    calls = ApiCall.objects.filter(token__partner_id=p.pk).select_related("token").order_by("-at")[:50]
    return {
        **partner_row(p, today),
        "public_key": p.public_key or None,
        "key_registered_on": _d(p.key_registered_on),
        "last_received_sequence": p.last_received_sequence,
        "last_sent_sequence": p.last_sent_sequence,
        "agreements": [{"title": a.title, "kind": a.kind, "kind_label": a.get_kind_display(), "network": a.network,
                        "scope": a.scope, "api_scopes": a.api_scopes, "signed_on": _d(a.signed_on),
                        "valid_from": _d(a.valid_from), "valid_until": _d(a.valid_until),
                        "in_force": a.in_force(today)} for a in p.agreements.all()],
        "contacts": [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone,
                      "languages": c.languages} for c in p.contacts.all()],
        "tokens": [{"id": t.pk, "name": t.name, "prefix": t.prefix, "scopes": t.scopes,
                    "rate_per_minute": t.rate_per_minute, "active": t.active, "created_at": _d(t.created_at)}
                   for t in tokens],
        "api_calls": [{"at": _d(c.at), "token": c.token.prefix, "method": c.method, "path": c.path,
                       "scope": c.scope, "status": c.status, "returned": c.returned} for c in calls],
        "requests": [request_row(r, today) for r in p.requests.select_related("partner").order_by("-opened_on")[:100]],
        "packages": [package_row(x) for x in p.packages.select_related("partner")[:50]],
    }


def package_row(p: ExchangePackage) -> dict[str, Any]:
    return {"package_id": p.package_id, "url": p.get_absolute_url(), "partner": p.partner.code,
            "direction": p.direction, "sequence": p.sequence, "entities": p.entity_count, "sha256": p.sha256,
            "created_at": p.manifest.get("created_at"), "recorded_at": _d(p.recorded_at)}


def package_list() -> dict[str, Any]:
    return {"results": [package_row(p) for p in ExchangePackage.objects.select_related("partner")[:500]]}


def package_detail(p: ExchangePackage, limit: int = 500) -> dict[str, Any]:
    entities = p.entities.order_by("id")[:limit]
    return {**package_row(p), "manifest": p.manifest,
            "request": p.request.reference if p.request else None,
            "entities": [{"id": e.entity_id, "schema": e.schema, "caption": e.caption,
                          "properties": e.data.get("properties", {})} for e in entities]}
