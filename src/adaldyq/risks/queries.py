"""Read-side queries for the dashboards, the public page and their JSON twins.

Every figure is a GROUP BY in the database; overdue is the SQL form of
`workflow.is_overdue`, so the pages and the rule cannot disagree. Each function returns
plain dicts and lists, ready for a template or for JSON.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from adaldyq.core.multilingual import localized_fields
from adaldyq.risks.models import Analysis, Body, Recommendation, Sector
from adaldyq.risks.workflow import COUNTED, OPEN, Status

_OPEN = [s.value for s in OPEN]
_COUNTED = [s.value for s in COUNTED]


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """`workflow.is_overdue` as a filter: open status and the deadline before today."""
    return Q(**{f"{prefix}status__in": _OPEN, f"{prefix}deadline__lt": today})


def due_soon_q(today: dt.date, days: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": _OPEN, f"{prefix}deadline__gte": today,
                f"{prefix}deadline__lte": today + dt.timedelta(days=days)})


def _counts(today: dt.date) -> dict[str, Count]:
    return {
        "total": Count("pk", filter=Q(status__in=_COUNTED)),
        "verified": Count("pk", filter=Q(status=Status.VERIFIED.value)),
        "reported": Count("pk", filter=Q(status=Status.REPORTED.value)),
        "in_progress": Count("pk", filter=Q(status__in=[Status.ACCEPTED.value, Status.IN_PROGRESS.value])),
        "issued": Count("pk", filter=Q(status=Status.ISSUED.value)),
        "disputed": Count("pk", filter=Q(status=Status.DISPUTED.value)),
        "not_implemented": Count("pk", filter=Q(status=Status.NOT_IMPLEMENTED.value)),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN.value)),
        "overdue": Count("pk", filter=overdue_q(today)),
    }


def _with_rate(row: dict[str, Any]) -> dict[str, Any]:
    """Implementation rate = verified / counted (withdrawn ones are not counted), in %."""
    total = row.get("total") or 0
    row["rate"] = round(100 * row["verified"] / total, 1) if total else 0.0
    return row


def totals(recs: QuerySet[Recommendation], today: dt.date) -> dict[str, Any]:
    return _with_rate(dict(recs.aggregate(**_counts(today))))


def _grouped(recs: QuerySet[Recommendation], key: str, today: dt.date) -> dict[Any, dict[str, Any]]:
    rows = recs.order_by().values(key).annotate(**_counts(today))
    return {row.pop(key): _with_rate(row) for row in rows}


def by_sector(recs: QuerySet[Recommendation], today: dt.date) -> list[dict[str, Any]]:
    counts = _grouped(recs, "finding__analysis__sector", today)
    return [{"code": s.code, "name": s.name, **counts[s.pk]} for s in Sector.objects.all() if s.pk in counts]


def by_body(recs: QuerySet[Recommendation], today: dt.date) -> list[dict[str, Any]]:
    counts = _grouped(recs, "body", today)
    bodies = Body.objects.filter(pk__in=counts.keys()).select_related("sector")
    rows = [{"code": b.code, "name": b.name, "sector": b.sector.code if b.sector else None, **counts[b.pk]}
            for b in bodies]
    return sorted(rows, key=lambda r: (r["sector"] or "", r["code"]))


def by_analysis(recs: QuerySet[Recommendation], today: dt.date) -> list[dict[str, Any]]:
    counts = _grouped(recs, "finding__analysis", today)
    analyses = Analysis.objects.filter(pk__in=counts.keys()).select_related("sector", "body")
    return [analysis_row(a) | counts[a.pk] for a in analyses]


def analysis_row(a: Analysis) -> dict[str, Any]:
    """What anyone may see about an analysis (not its team)."""
    return {
        "code": a.code, "kind": a.kind, **localized_fields(a, "title"), "sector": a.sector.code,
        "sector_name": a.sector.name,
        "body": a.body.code if a.body else None, "body_name": a.body.name if a.body else None,
        "period_start": a.period_start, "period_end": a.period_end,
        "scope_regulations": a.scope_regulations, "scope_management": a.scope_management,
        "report_published": a.report_published and bool(a.report), "published_on": a.published_on,
    }


def overdue_list(recs: QuerySet[Recommendation], today: dt.date, limit: int = 50
                 ) -> tuple[int, list[dict[str, Any]]]:
    """How many are overdue, and the `limit` most late of them."""
    late = recs.filter(overdue_q(today))
    rows = [{"code": r.code, "body": r.body.code, "body_name": r.body.name, "deadline": r.deadline,
             "days_late": (today - r.deadline).days, "status": r.status, "status_label": r.status_label}
            for r in late.select_related("body").order_by("deadline", "code")[:limit]]
    return late.count(), rows


def time_to_implement(recs: QuerySet[Recommendation]) -> dict[str, Any]:
    """Days from issue to the body's report, for verified recommendations: median per sector.

    The median is taken in Python over one two-column query of verified rows: SQL has no
    portable median, and a few thousand dates are nothing to carry.
    """
    rows = (recs.filter(status=Status.VERIFIED.value, reported_on__isnull=False)
            .values_list("finding__analysis__sector__code", "issued_on", "reported_on", "deadline"))
    per_sector: dict[str, list[int]] = defaultdict(list)
    on_time = 0
    all_days: list[int] = []
    for sector, issued, reported, deadline in rows:
        assert reported is not None
        days = (reported - issued).days
        per_sector[sector].append(days)
        all_days.append(days)
        on_time += reported <= deadline
    names = {s.code: s.name for s in Sector.objects.filter(code__in=per_sector)}
    return {
        "verified": len(all_days),
        "median_days": statistics.median(all_days) if all_days else None,
        "on_time_rate": round(100 * on_time / len(all_days), 1) if all_days else None,
        "by_sector": [{"code": code, "name": names.get(code, code), "verified": len(days),
                       "median_days": statistics.median(days)} for code, days in sorted(per_sector.items())],
    }


def dashboard(recs: QuerySet[Recommendation], today: dt.date) -> dict[str, Any]:
    """Everything the staff dashboard shows, for the recommendations the user may see."""
    overdue_count, overdue_rows = overdue_list(recs, today)
    return {
        "today": today,
        "totals": totals(recs, today),
        "by_sector": by_sector(recs, today),
        "by_body": by_body(recs, today),
        "by_analysis": by_analysis(recs, today),
        "overdue_count": overdue_count,
        "overdue": overdue_rows,
        "time_to_implement": time_to_implement(recs),
    }


def public_summary(today: dt.date) -> dict[str, Any]:
    """The public page: aggregate progress by sector and body, and the analyses."""
    recs = Recommendation.objects.all()
    analyses = Analysis.objects.select_related("sector", "body").order_by("sector__position", "-period_end", "code")
    counts = _grouped(recs, "finding__analysis", today)
    empty = {"total": 0, "verified": 0, "overdue": 0, "rate": 0.0}
    return {
        "today": today,
        "totals": totals(recs, today),
        "by_sector": by_sector(recs, today),
        "by_body": by_body(recs, today),
        "analyses": [analysis_row(a) | {k: counts.get(a.pk, empty)[k] for k in empty} for a in analyses],
    }


def filtered(recs: QuerySet[Recommendation], today: dt.date, *, sector: str = "", body: str = "",
             analysis: str = "", status: str = "", overdue: bool = False, q: str = "") -> QuerySet[Recommendation]:
    """The list's filters, shared by the staff page and GET /api/v1/recommendations."""
    if sector:
        recs = recs.filter(finding__analysis__sector__code=sector)
    if body:
        recs = recs.filter(body__code=body)
    if analysis:
        recs = recs.filter(finding__analysis__code=analysis)
    if status:
        recs = recs.filter(status=status)
    if overdue:
        recs = recs.filter(overdue_q(today))
    if q:
        recs = recs.filter(Q(code__icontains=q) | Q(text__icontains=q))
    return (recs.select_related("body", "finding__analysis__sector")
            .annotate(is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False),
                                      output_field=BooleanField()))
            .order_by("deadline", "code"))


def recommendation_row(rec: Recommendation, today: dt.date) -> dict[str, Any]:
    """One recommendation as JSON (the list and the detail share it)."""
    a = rec.finding.analysis
    return {
        "code": rec.code, "text": rec.text, "status": rec.status, "status_label": rec.status_label,
        "overdue": rec.overdue_on(today), "deadline": rec.deadline, "issued_on": rec.issued_on,
        "status_changed_on": rec.status_changed_on, "reported_on": rec.reported_on, "closed_on": rec.closed_on,
        "indicator": rec.indicator, "body": rec.body.code, "body_name": rec.body.name,
        "finding": rec.finding.code, "analysis": a.code, "sector": a.sector.code,
    }
