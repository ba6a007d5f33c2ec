"""JSON API of this part, mounted under /api/v1/ by adaldyq.api.

- GET /risks/summary: public aggregate progress and the analyses (twin of the public page).
- GET /risks/dashboard, /recommendations, /recommendations/{code}: staff twins. A
  logged-in session sees what its pages show (a body officer: only its body); a
  Bearer token with the `risks:read` scope sees everything, read-only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from adaldyq.core.models import ApiToken
from adaldyq.core.multilingual import LANG_NOTE
from adaldyq.core.tokens import ScopedToken
from adaldyq.risks import queries, services

router = Router(tags=["risks"])
STAFF_AUTH = [django_auth, ScopedToken("risks:read")]


class Progress(Schema):
    total: int
    verified: int
    reported: int
    in_progress: int
    issued: int
    disputed: int
    not_implemented: int
    withdrawn: int
    overdue: int
    rate: float


class GroupProgress(Progress):
    code: str
    name: str


class BodyProgress(GroupProgress):
    sector: str | None


class AnalysisOut(Schema):
    code: str
    kind: str
    title: str
    title_lang: str | None = Field(None, description=LANG_NOTE)
    sector: str
    sector_name: str
    body: str | None
    body_name: str | None
    period_start: dt.date
    period_end: dt.date
    scope_regulations: bool
    scope_management: bool
    report_published: bool
    published_on: dt.date | None


class PublicAnalysis(AnalysisOut):
    total: int
    verified: int
    overdue: int
    rate: float
    report_url: str | None = None


class Summary(Schema):
    today: dt.date
    totals: Progress
    by_sector: list[GroupProgress]
    by_body: list[BodyProgress]
    analyses: list[PublicAnalysis]


class AnalysisProgress(AnalysisOut, Progress):
    pass


class OverdueOut(Schema):
    code: str
    body: str
    body_name: str
    deadline: dt.date
    days_late: int
    status: str
    status_label: str


class SectorTime(Schema):
    code: str
    name: str
    verified: int
    median_days: float


class TimeToImplement(Schema):
    verified: int
    median_days: float | None
    on_time_rate: float | None
    by_sector: list[SectorTime]


class Dashboard(Schema):
    today: dt.date
    body: str | None
    totals: Progress
    by_sector: list[GroupProgress]
    by_body: list[BodyProgress]
    by_analysis: list[AnalysisProgress]
    overdue_count: int
    overdue: list[OverdueOut]
    time_to_implement: TimeToImplement


class RecommendationOut(Schema):
    code: str
    text: str
    status: str
    status_label: str
    overdue: bool
    deadline: dt.date
    issued_on: dt.date
    status_changed_on: dt.date
    reported_on: dt.date | None
    closed_on: dt.date | None
    indicator: str
    body: str
    body_name: str
    finding: str
    analysis: str
    sector: str


class RecommendationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[RecommendationOut]


class EventOut(Schema):
    seq: int
    action: str
    occurred_on: dt.date | None
    actor: str
    status_from: str | None
    status_to: str | None
    comment: str
    evidence: list[str]


class RecommendationDetail(RecommendationOut):
    co_implementers: list[str]
    history: list[EventOut]


def _with_report_urls(analyses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from django.urls import reverse

    return [a | {"report_url": reverse("risks:report", args=[a["code"]]) if a["report_published"] else None}
            for a in analyses]


@router.get("/risks/summary", response=Summary, summary="Public progress of recommendations by sector and body")
def summary(request: HttpRequest) -> dict[str, Any]:
    data = queries.public_summary(timezone.localdate())
    data["analyses"] = _with_report_urls(data["analyses"])
    return data


def _viewer(request: HttpRequest) -> services.Viewer:
    if isinstance(request.auth, ApiToken):  # type: ignore[attr-defined]
        return services.Viewer(None, sees_all=True)
    viewer = services.viewer_for(request.user)
    if not viewer.sees_all and viewer.body_id is None:
        raise HttpError(403, "This account may not see recommendations.")
    return viewer


@router.get("/risks/dashboard", response=Dashboard, auth=STAFF_AUTH,
            summary="Staff dashboard: implementation by sector, body and analysis; overdue; time to implement")
def dashboard(request: HttpRequest) -> dict[str, Any]:
    viewer = _viewer(request)
    data = queries.dashboard(services.visible_recommendations(viewer), timezone.localdate())
    from adaldyq.risks.models import Body

    data["body"] = Body.objects.values_list("code", flat=True).get(pk=viewer.body_id) if viewer.body_id else None
    return data


@router.get("/recommendations", response=RecommendationPage, auth=STAFF_AUTH,
            summary="Recommendations the caller may see, filtered and paged")
def recommendations(request: HttpRequest, *, sector: str = "", body: str = "", analysis: str = "", status: str = "",
                    overdue: bool = False, q: str = "", page: int = 1, per_page: int = 100) -> dict[str, Any]:
    viewer = _viewer(request)
    today = timezone.localdate()
    recs = queries.filtered(services.visible_recommendations(viewer), today, sector=sector, body=body,
                            analysis=analysis, status=status, overdue=overdue, q=q)
    paginator = Paginator(recs, max(1, min(per_page, 500)))
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
            "results": [queries.recommendation_row(r, today) for r in current]}


@router.get("/recommendations/{code}", response=RecommendationDetail, auth=STAFF_AUTH,
            summary="One recommendation with its history and evidence")
def recommendation(request: HttpRequest, code: str) -> dict[str, Any]:
    viewer = _viewer(request)
    rec = (services.visible_recommendations(viewer).select_related("body", "finding__analysis__sector")
           .filter(code=code).first())
    if rec is None:
        raise Http404("No such recommendation")
    row = queries.recommendation_row(rec, timezone.localdate())
    row["co_implementers"] = list(rec.co_implementers.values_list("code", flat=True))
    row["history"] = [
        {"seq": e["seq"], "action": e["action"], "occurred_on": e["occurred_on"], "actor": e["actor"],
         "status_from": e["from"], "status_to": e["to"], "comment": e["comment"],
         "evidence": [d.reference for d in e["evidence"]]}
        for e in services.history_of(rec)
    ]
    return row
