"""JSON API of asset recovery and the fund, mounted under /api/v1/ by adaldyq.api.

Public and read-only: the same functions build the public pages, so page and API
always show the same figures. Amounts are decimal strings in tenge (exact, never floats).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from adaldyq.core.multilingual import LANG_NOTE

from . import queries
from .models import Project

router = Router(tags=["asset recovery and the fund"])
PAGE_SIZE = 100


class Figure(Schema):
    amount_kzt: Decimal
    count: int


class OrderedVsCollected(Schema):
    ordered_kzt: Decimal
    collected_kzt: Decimal
    not_collected_kzt: Decimal
    collected_share: Decimal | None
    count: int


class Split(Schema):
    returned_kzt: Decimal
    returned_count: int
    pending_kzt: Decimal
    pending_count: int


class KindRow(Split):
    kind: str
    label: str
    ordered_kzt: Decimal
    collected_kzt: Decimal


class RegionRow(Split):
    region: str
    label: str


class CountryRow(Split):
    country: str


class DomesticAbroad(Schema):
    domestic: Split
    abroad: Split


class FundOut(Schema):
    currency: str
    received_kzt: Decimal
    allocated_kzt: Decimal
    disbursed_kzt: Decimal
    balance_kzt: Decimal
    cash_kzt: Decimal


class SummaryOut(Schema):
    period: dict[str, str]
    currency: str
    returned: Figure
    pending: Figure
    ordered_vs_collected: OrderedVsCollected
    by_kind: list[KindRow]
    by_region: list[RegionRow]
    by_country: list[CountryRow]
    domestic_vs_abroad: DomesticAbroad
    fund: FundOut


class Valuation(Schema):
    amount: Decimal
    currency: str
    on: dt.date
    rate: Decimal
    rate_date: dt.date | None
    amount_kzt: Decimal


class AssetOut(Schema):
    reference: str
    case: str
    case_kind: str
    case_title: str
    case_title_lang: str | None = Field(None, description=LANG_NOTE)
    kind: str
    kind_label: str
    description: str
    description_lang: str | None = Field(None, description=LANG_NOTE)
    owner: str | None
    owner_kind: str | None
    abroad: bool
    country: str
    region: str | None
    location: str
    status: str
    status_label: str
    valuation: Valuation
    ordered_kzt: Decimal
    collected_kzt: Decimal
    not_collected_kzt: Decimal
    returned_kzt: Decimal
    identified_on: dt.date
    frozen_on: dt.date | None
    ordered_on: dt.date | None
    transferred_on: dt.date | None
    sold_on: dt.date | None
    credited_on: dt.date | None


class Totals(Schema):
    count: int
    valuation_kzt: Decimal
    ordered_kzt: Decimal
    collected_kzt: Decimal
    returned_kzt: Decimal
    not_collected_kzt: Decimal


class AssetListOut(Schema):
    period: dict[str, str]
    measure: str
    totals: Totals
    page: int
    pages: int
    items: list[AssetOut]


class SourceOut(Schema):
    case: str
    case_title: str
    case_title_lang: str | None = Field(None, description=LANG_NOTE)
    asset: str
    asset_kind: str
    amount_kzt: Decimal


class DisbursementOut(Schema):
    milestone: str
    milestone_lang: str | None = Field(None, description=LANG_NOTE)
    amount_kzt: Decimal
    paid_on: dt.date


class AllocationOut(Schema):
    amount_kzt: Decimal
    decided_on: dt.date | None
    disbursed_kzt: Decimal


class ProjectOut(Schema):
    id: int
    name: str
    name_lang: str | None = Field(None, description=LANG_NOTE)
    kind: str
    kind_label: str
    region: str
    region_label: str
    locality: str
    locality_lang: str | None = Field(None, description=LANG_NOTE)
    description: str
    description_lang: str | None = Field(None, description=LANG_NOTE)
    status: str
    status_label: str
    budget_kzt: Decimal
    allocated_kzt: Decimal
    disbursed_kzt: Decimal
    approved_on: dt.date
    completed_on: dt.date | None
    sources: list[SourceOut]
    allocations: list[AllocationOut]
    disbursements: list[DisbursementOut]


class AssetFilters(Schema):
    measure: str = "all"
    kind: str = ""
    region: str = ""
    abroad: bool | None = None
    status: str = ""
    page: int = 1


def today() -> dt.date:
    return timezone.localdate()


def selection_from(params: Any) -> tuple[queries.Period, AssetFilters]:
    """The period and filters of the itemized list from a page's query string, so the
    page, its JSON twin and its CSV export show the same assets."""
    page = str(params.get("page") or "1")
    filters = AssetFilters(
        measure=params.get("measure", "all") or "all", kind=params.get("kind", ""), region=params.get("region", ""),
        abroad={"1": True, "true": True, "0": False, "false": False}.get(params.get("abroad", "")),
        status=params.get("status", ""), page=int(page) if page.isdigit() else 1,
    )
    return queries.parse_period(params.get("from"), params.get("to"), today()), filters


def asset_page(period: queries.Period, filters: AssetFilters, size: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of the itemized list with the totals of the whole selection."""
    measure = filters.measure if filters.measure in queries.MEASURES else "all"
    qs = queries.asset_queryset(period, measure, kind=filters.kind, region=filters.region, abroad=filters.abroad,
                                status=filters.status)
    totals = queries.list_totals(qs)
    pages = max(1, -(-totals["count"] // size))
    page = min(max(1, filters.page), pages)
    items = [queries.public_asset(a) for a in qs[(page - 1) * size: page * size]]
    return {"period": period.as_dict(), "measure": measure, "totals": totals, "page": page, "pages": pages,
            "items": items}


@router.get("/assets/summary", response=SummaryOut, summary="Recovered and pending assets in a period")
def assets_summary(request: HttpRequest, start: str | None = Query(None, alias="from"),
                   end: str | None = Query(None, alias="to")) -> dict[str, Any]:
    """Returned, identified-and-pending, ordered vs collected, by type, region and country.
    Default period: the last 11 months, as in the agency's reports."""
    return queries.summary(queries.parse_period(start, end, today()))


@router.get("/assets", response=AssetListOut, summary="Itemized list of assets (no personal data)")
def assets_list(request: HttpRequest, filters: Query[AssetFilters],
                start: str | None = Query(None, alias="from"),
                end: str | None = Query(None, alias="to")) -> dict[str, Any]:
    """`measure` picks the dashboard figure the list itemizes: returned, pending, ordered or all."""
    return asset_page(queries.parse_period(start, end, today()), filters)


@router.get("/fund/summary", response=FundOut, summary="The fund: received, allocated, disbursed, balance")
def fund_summary(request: HttpRequest) -> dict[str, Any]:
    return queries.fund_summary()


@router.get("/fund/projects", response=list[ProjectOut], summary="Social projects financed by the fund")
def fund_projects(request: HttpRequest, kind: str = "", region: str = "", status: str = "") -> list[dict[str, Any]]:
    return [queries.public_project(p) for p in queries.projects(kind, region, status)]


@router.get("/fund/projects/{project_id}", response=ProjectOut, summary="One project and where its money came from")
def fund_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return queries.public_project(get_object_or_404(Project, pk=project_id))
