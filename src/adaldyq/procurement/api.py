"""JSON API of procurement risk, mounted at /api/v1/procurement: the staff pages' twins.

- GET /runs: stored runs, newest first.
- GET /summary, /coverage: one run (``?run=ID``, default the latest finished one).
- GET /processes?region=&from=&to=&method=&sector=&tied=&buyer=&supplier=&sort=&page=
- GET /processes/{ocid}: one process with each flag explained.
- GET /buyers, /suppliers (same filters), /ties.

A logged-in session needs the procurement_analyst or administrator role; a Bearer token
needs the ``procurement:read`` scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from adaldyq.core import roles
from adaldyq.core.models import ApiToken
from adaldyq.core.tokens import ScopedToken

from . import queries
from .models import Organisation, Process, ProcurementRun, SupplierTie

router = Router(tags=["procurement"])
AUTH = [django_auth, ScopedToken("procurement:read")]
MAX_PER_PAGE = 500


class RunOut(Schema):
    id: int
    file_name: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    releases: int
    processes: int
    flagged_processes: int
    buyers: int
    suppliers: int
    tied_suppliers: int
    seconds: dict[str, float]
    settings: str
    error: str | None


class CodeName(Schema):
    code: str
    name: str


class Party(Schema):
    id: str
    name: str


class ProcessOut(Schema):
    ocid: str
    title: str
    buyer: Party
    suppliers: list[Party]
    method: str
    method_details: str
    value: str | None = Field(description="Decimal tenge as a string")
    currency: str
    region: CodeName | None
    sector: CodeName | None
    date: dt.date | None
    score: float | None
    computable: int
    indicators: int = Field(description="How many indicators the score could rest on: score on computable of indicators")
    rank_score: float | None = Field(description="Ranking key: flags over all indicators (composite.md)")
    flags: dict[str, float]
    contributions: dict[str, float]
    tied: bool


class OrganisationOut(Schema):
    id: str
    name: str
    kind: str
    region: CodeName | None
    score: float | None
    computable: int
    indicators: int = Field(description="How many components the score could rest on")
    rank_score: float | None = Field(description="Ranking key: components over all components (composite.md)")
    processes: int
    flagged_processes: int
    value: str | None
    flags: dict[str, float]
    contributions: dict[str, float]
    tied: bool
    matching_processes: int | None = None
    matching_mean_score: float | None = None


class Match(Schema):
    id: str
    name: str
    url: str | None


class TieOut(Schema):
    supplier: Party
    person: str
    role: str
    source: str
    list_name: str
    match: Match
    score: float
    band: str
    features: list[dict[str, Any]]


class Component(Schema):
    code: str
    title: str
    doc: str | None
    component: float | None
    state: str
    value: float | None
    contribution: float | None
    why: str


class ProcessDetail(Schema):
    run: int
    process: ProcessOut
    components: list[Component]
    buyer: OrganisationOut | None
    suppliers: list[OrganisationOut]
    ties: list[TieOut]
    split_series: list[dict[str, Any]]
    non_competitive_buyer: dict[str, Any] | None


class Page(Schema):
    run: int
    count: int
    page: int
    pages: int


class ProcessPage(Page):
    results: list[ProcessOut]


class OrganisationPage(Page):
    results: list[OrganisationOut]


class TiePage(Page):
    results: list[TieOut]


class ProcurementSummary(Schema):
    run: RunOut
    value: str | None
    mean_score: float | None
    flag_counts: dict[str, dict[str, int]]
    ties: int


class CoverageRow(Schema):
    code: str
    title: str
    level: str
    computable: int
    of: int
    share: float | None
    missing: dict[str, int]


class Coverage(Schema):
    run: int
    releases: int
    processes: int
    skipped: dict[str, int]
    indicators: list[CoverageRow]


class Filters(Schema):
    run: int | None = None
    region: str = ""
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    method: str = ""
    sector: str = ""
    tied: bool = False
    buyer: str = ""
    supplier: str = ""
    sort: str = "score"
    page: int = 1
    per_page: int = 100

    def query_filters(self) -> queries.Filters:
        return queries.Filters(region=self.region, date_from=self.from_, date_to=self.to, method=self.method,
                               sector=self.sector, tied=self.tied, sort=self.sort, buyer=self.buyer,
                               supplier=self.supplier)


def _check(request: HttpRequest) -> None:
    if isinstance(request.auth, ApiToken):  # type: ignore[attr-defined]
        return
    if not roles.has_role(request.user, roles.PROCUREMENT_ANALYST, roles.ADMINISTRATOR):
        raise HttpError(403, "This needs the procurement_analyst or administrator role.")


def _run(request: HttpRequest, run_id: int | None) -> ProcurementRun:
    _check(request)
    finished = ProcurementRun.objects.filter(status=ProcurementRun.Status.FINISHED)
    if run_id is not None:
        return get_object_or_404(finished, pk=run_id)
    run = finished.first()
    if run is None:
        raise HttpError(404, "No procurement analysis has been loaded yet.")
    return run


def _page(run: ProcurementRun, qs: Any, *, page: int, per_page: int, row: Any,
          prepare: Any = list) -> dict[str, Any]:
    paginator = Paginator(qs, max(1, min(per_page, MAX_PER_PAGE)))
    current = paginator.get_page(page)
    return {"run": run.pk, "count": paginator.count, "page": current.number, "pages": paginator.num_pages,
            "results": [row(item) for item in prepare(current)]}


@router.get("/runs", response=list[RunOut], auth=AUTH, summary="Stored analyses, newest first")
def runs(request: HttpRequest) -> list[dict[str, Any]]:
    _check(request)
    return [queries.run_row(run) for run in ProcurementRun.objects.all()[:200]]


@router.get("/summary", response=ProcurementSummary, auth=AUTH, summary="One run: counts, flags per indicator, ties")
def summary(request: HttpRequest, run: int | None = None) -> dict[str, Any]:
    return queries.summary(_run(request, run))


@router.get("/coverage", response=Coverage, auth=AUTH,
            summary="For each indicator: processes it could be computed for, and fields missing")
def coverage(request: HttpRequest, run: int | None = None) -> dict[str, Any]:
    return queries.coverage(_run(request, run))


@router.get("/processes", response=ProcessPage, auth=AUTH, summary="Processes ranked by risk, filtered")
def processes(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    chosen = _run(request, filters.run)
    return _page(chosen, queries.processes(chosen, filters.query_filters()), page=filters.page,
                 per_page=filters.per_page, row=queries.process_row)


@router.get("/processes/{path:ocid}", response=ProcessDetail, auth=AUTH,
            summary="One process: each indicator, its value, contribution and why it fired")
def process(request: HttpRequest, ocid: str, run: int | None = None) -> dict[str, Any]:
    chosen = _run(request, run)
    found = get_object_or_404(Process, run=chosen, ocid=ocid)
    return queries.process_detail(chosen, found)


def _organisations(request: HttpRequest, kind: str, filters: Filters) -> dict[str, Any]:
    chosen = _run(request, filters.run)
    wanted = filters.query_filters()
    return _page(chosen, queries.organisations(chosen, kind, wanted), page=filters.page,
                 per_page=filters.per_page, row=queries.organisation_row,
                 prepare=lambda rows: queries.with_matching(chosen, kind, wanted, rows))


@router.get("/buyers", response=OrganisationPage, auth=AUTH, summary="Buyers ranked by risk")
def buyers(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    return _organisations(request, Organisation.Kind.BUYER, filters)


@router.get("/suppliers", response=OrganisationPage, auth=AUTH, summary="Suppliers ranked by risk")
def suppliers(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    return _organisations(request, Organisation.Kind.SUPPLIER, filters)


@router.get("/ties", response=TiePage, auth=AUTH,
            summary="Suppliers, or persons tied to them, found on the register or a loaded list")
def ties(request: HttpRequest, run: int | None = None, page: int = 1, per_page: int = 100) -> dict[str, Any]:
    chosen = _run(request, run)
    return _page(chosen, SupplierTie.objects.filter(run=chosen), page=page, per_page=per_page, row=queries.tie_row)
