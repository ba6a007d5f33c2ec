"""Reads for display: the period summary, the itemized list, the fund and its projects.

Every public page, its JSON twin, the API and the reports are built from these
functions, so the figures always agree. An asset is counted in a period by the date
of the step that makes it count:
- returned: transferred to the state in the period (value returned; the sale price once sold);
- identified and pending: identified in the period and not yet with the state;
- ordered vs collected: ordered (verdict or agreement) in the period, and what has been
  collected against those orders so far. The gap is always shown, even when large.
Nothing here returns a private person's name, IIN, birth date or address.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from adaldyq.core.languages import columns
from adaldyq.core.multilingual import localized, localized_fields
from adaldyq.core.regions import region_name

from . import lifecycle
from . import settings as recovery_settings
from .models import (
    Allocation,
    AllocationSource,
    AllocationStatus,
    Asset,
    AssetKind,
    AssetStatus,
    Fund,
    MonthlyFigure,
    PartyKind,
    Project,
    ProjectKind,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
MEASURES = ("all", "returned", "pending", "ordered")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def default_period(today: dt.date) -> Period:
    """The last N months (default 11) up to today, starting on the first of a month, as the agency reports."""
    months = recovery_settings.default_months()
    index = today.year * 12 + today.month - 1 - (months - 1)
    return Period(dt.date(index // 12, index % 12 + 1, 1), today)


def parse_period(start: str | dt.date | None, end: str | dt.date | None, today: dt.date) -> Period:
    """Read ?from=&to=; missing parts fall back to the default period; swapped dates are put in order."""
    default = default_period(today)
    first = _date(start) or default.start
    last = _date(end) or default.end
    if first > last:
        first, last = last, first
    return Period(first, last)


def _date(value: str | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


# --- the summary -------------------------------------------------------------------------

GROUP = ("kind", "abroad", "region", "country")


def split_months(period: Period) -> tuple[list[Period], tuple[dt.date, dt.date] | None]:
    """Split a period into whole calendar months (read from the monthly figures) and the
    days at either edge (read from the assets). Returns (edges, (first month, last month))."""
    start, end = period.start, period.end
    first = start if start.day == 1 else _next_month(start)
    after_last = _next_month(end) if _next_month(end) - dt.timedelta(days=1) == end else end.replace(day=1)
    if first >= after_last:
        return [period], None
    edges = []
    if start < first:
        edges.append(Period(start, first - dt.timedelta(days=1)))
    if after_last <= end:
        edges.append(Period(after_last, end))
    last_month = (after_last - dt.timedelta(days=1)).replace(day=1)
    return edges, (first, last_month)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _figure_rows(measure: str, months: tuple[dt.date, dt.date]) -> QuerySet[MonthlyFigure]:
    return MonthlyFigure.objects.filter(measure=measure, month__range=months)


def _grouped(period: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Returned, pending and ordered rows, grouped by type and place, for a period."""
    edges, months = split_months(period)
    returned: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    ordered: list[dict[str, Any]] = []
    if months is not None:
        returned += [dict(r) for r in _figure_rows("returned", months).values(*GROUP)
                     .annotate(total=Sum("amount_kzt"), n=Sum("count")).order_by()]
        pending += [dict(r) for r in _figure_rows("pending", months).values(*GROUP)
                    .annotate(total=Sum("amount_kzt"), n=Sum("count")).order_by()]
        ordered += [dict(r) for r in _figure_rows("ordered", months).values("kind", "abroad")
                    .annotate(ordered=Sum("amount_kzt"), collected=Sum("second_kzt"), n=Sum("count")).order_by()]
    for edge in edges:
        start, end = edge.start, edge.end
        returned += _rows(Asset.objects.filter(transferred_on__range=(start, end)), "returned_kzt")
        pending += _rows(Asset.objects.filter(identified_on__range=(start, end),
                                              status__in=sorted(lifecycle.PENDING_STATES)), "valuation_kzt")
        ordered += [dict(r) for r in Asset.objects.filter(ordered_on__range=(start, end)).values("kind", "abroad")
                    .annotate(ordered=Sum("ordered_kzt"), collected=Sum("collected_kzt"), n=Count("id")).order_by()]
    return returned, pending, ordered


def _rows(qs: QuerySet[Asset], field: str) -> list[dict[str, Any]]:
    return [dict(r) for r in qs.values(*GROUP).annotate(total=Sum(field), n=Count("id")).order_by()]


def summary(period: Period) -> dict[str, Any]:
    """Everything the dashboard shows for a period: whole months from the monthly
    figures, the days at the edges from the assets, rolled up by type, region, country."""
    returned, pending, ordered = _grouped(period)

    def total(rows: Iterable[dict[str, Any]], key: str = "total") -> Decimal:
        return sum((r[key] or ZERO for r in rows), ZERO).quantize(CENT)

    ordered_total, collected_total = total(ordered, "ordered"), total(ordered, "collected")
    by_kind: dict[str, dict[str, Any]] = {
        k: {"kind": k, "label": str(label), "returned_kzt": ZERO, "returned_count": 0, "pending_kzt": ZERO,
            "pending_count": 0, "ordered_kzt": ZERO, "collected_kzt": ZERO}
        for k, label in AssetKind.choices
    }
    by_region: dict[str, dict[str, Any]] = defaultdict(lambda: {"returned_kzt": ZERO, "returned_count": 0,
                                                                "pending_kzt": ZERO, "pending_count": 0})
    by_country: dict[str, dict[str, Any]] = defaultdict(lambda: {"returned_kzt": ZERO, "returned_count": 0,
                                                                 "pending_kzt": ZERO, "pending_count": 0})
    where = {"domestic": {"returned_kzt": ZERO, "returned_count": 0, "pending_kzt": ZERO, "pending_count": 0},
             "abroad": {"returned_kzt": ZERO, "returned_count": 0, "pending_kzt": ZERO, "pending_count": 0}}
    for measure, rows in (("returned", returned), ("pending", pending)):
        for row in rows:
            amount, n = (row["total"] or ZERO).quantize(CENT), row["n"]
            targets = [by_kind[row["kind"]], where["abroad" if row["abroad"] else "domestic"],
                       by_country[row["country"]] if row["abroad"] else by_region[row["region"] or "-"]]
            for target in targets:
                target[f"{measure}_kzt"] += amount
                target[f"{measure}_count"] += n
    for row in ordered:
        by_kind[row["kind"]]["ordered_kzt"] += (row["ordered"] or ZERO).quantize(CENT)
        by_kind[row["kind"]]["collected_kzt"] += (row["collected"] or ZERO).quantize(CENT)
    fund_row = Fund.objects.filter(pk=1).first() or Fund()
    return {
        "period": period.as_dict(),
        "currency": "KZT",
        "returned": {"amount_kzt": total(returned), "count": sum(r["n"] for r in returned)},
        "pending": {"amount_kzt": total(pending), "count": sum(r["n"] for r in pending)},
        "ordered_vs_collected": {
            "ordered_kzt": ordered_total, "collected_kzt": collected_total,
            "not_collected_kzt": ordered_total - collected_total,
            "collected_share": (collected_total / ordered_total).quantize(Decimal("0.0001"))
            if ordered_total else None,
            "count": sum(r["n"] for r in ordered),
        },
        "by_kind": [v for v in by_kind.values() if v["returned_count"] or v["pending_count"] or v["ordered_kzt"]],
        "by_region": sorted(({"region": code, "label": region_name(code) if code != "-" else "-", **v}
                             for code, v in by_region.items()), key=lambda r: -r["returned_kzt"] - r["pending_kzt"]),
        "by_country": sorted(({"country": code, **v} for code, v in by_country.items()),
                             key=lambda r: -r["returned_kzt"] - r["pending_kzt"]),
        "domestic_vs_abroad": where,
        "fund": fund_summary(fund_row),
    }


# --- the itemized list -------------------------------------------------------------------

def asset_queryset(period: Period, measure: str = "all", *, kind: str = "", region: str = "",
                   abroad: bool | None = None, status: str = "") -> QuerySet[Asset]:
    """The assets behind a dashboard figure: `measure` picks which figure."""
    start, end = period.start, period.end
    qs = Asset.objects.all()
    if measure == "returned":
        qs = qs.filter(transferred_on__range=(start, end))
    elif measure == "pending":
        qs = qs.filter(identified_on__range=(start, end), status__in=sorted(lifecycle.PENDING_STATES))
    elif measure == "ordered":
        qs = qs.filter(ordered_on__range=(start, end))
    else:
        from django.db.models import Q
        qs = qs.filter(Q(transferred_on__range=(start, end)) | Q(ordered_on__range=(start, end))
                       | Q(identified_on__range=(start, end)))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    if abroad is not None:
        qs = qs.filter(abroad=abroad)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("case", "owner").order_by("-identified_on", "reference")


def list_totals(qs: QuerySet[Asset]) -> dict[str, Any]:
    sums = qs.aggregate(valuation=Sum("valuation_kzt"), ordered=Sum("ordered_kzt"), collected=Sum("collected_kzt"),
                        returned=Sum("returned_kzt"), n=Count("id"))
    amounts = {key: (sums[key] or ZERO).quantize(CENT) for key in ("valuation", "ordered", "collected", "returned")}
    return {"count": sums["n"], "valuation_kzt": amounts["valuation"], "ordered_kzt": amounts["ordered"],
            "collected_kzt": amounts["collected"], "returned_kzt": amounts["returned"],
            "not_collected_kzt": amounts["ordered"] - amounts["collected"]}


def public_asset(asset: Asset) -> dict[str, Any]:
    """An asset as the public sees it: organizations named, private individuals withheld."""
    owner = None
    if asset.owner is not None:
        owner = asset.owner.name if asset.owner.kind == PartyKind.ORGANIZATION else _("Private individual (withheld)")
    return {
        "reference": asset.reference,
        "case": asset.case.reference,
        "case_kind": asset.case.kind,
        "case_title": localized(asset.case, "title"),
        "case_title_lang": localized(asset.case, "title").lang or None,
        "kind": asset.kind,
        "kind_label": str(asset.get_kind_display()),
        **localized_fields(asset, "description"),
        "owner": str(owner) if owner is not None else None,
        "owner_kind": asset.owner.kind if asset.owner is not None else None,
        "abroad": asset.abroad,
        "country": asset.country,
        "region": asset.region or None,
        "location": asset.location_label,
        "status": asset.status,
        "status_label": str(AssetStatus(asset.status).label),
        "valuation": {"amount": asset.valuation_amount, "currency": asset.valuation_currency,
                      "on": asset.valuation_date, "rate": asset.valuation_rate,
                      "rate_date": asset.valuation_rate_date, "amount_kzt": asset.valuation_kzt},
        "ordered_kzt": asset.ordered_kzt,
        "collected_kzt": asset.collected_kzt,
        "not_collected_kzt": asset.shortfall_kzt,
        "returned_kzt": asset.returned_kzt,
        "identified_on": asset.identified_on,
        "frozen_on": asset.frozen_on,
        "ordered_on": asset.ordered_on,
        "transferred_on": asset.transferred_on,
        "sold_on": asset.sold_on,
        "credited_on": asset.credited_on,
    }


# --- the fund ----------------------------------------------------------------------------

def fund_summary(row: Fund | None = None) -> dict[str, Any]:
    if row is None:
        row = Fund.objects.filter(pk=1).first() or Fund()
    return {"currency": "KZT", "received_kzt": row.received_kzt, "allocated_kzt": row.allocated_kzt,
            "disbursed_kzt": row.disbursed_kzt, "balance_kzt": row.received_kzt - row.allocated_kzt,
            "cash_kzt": row.received_kzt - row.disbursed_kzt}


def project_sources(project: Project) -> list[dict[str, Any]]:
    """Where a project's money came from, by case (and asset), from effective allocations."""
    rows = (AllocationSource.objects.filter(allocation__project=project, allocation__status=AllocationStatus.EFFECTIVE)
            .values("receipt__case__reference", *(f"receipt__case__{c}" for c in columns("title")),
                    "receipt__asset__reference",
                    "receipt__asset__kind").annotate(amount=Sum("amount_kzt")).order_by("-amount"))
    return [{"case": r["receipt__case__reference"], "case_title": localized(r, "receipt__case__title"),
             "case_title_lang": localized(r, "receipt__case__title").lang or None,
             "asset": r["receipt__asset__reference"], "asset_kind": r["receipt__asset__kind"],
             "amount_kzt": (r["amount"] or ZERO).quantize(CENT)} for r in rows]


def public_project(project: Project, with_sources: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": project.pk, **localized_fields(project, "name", "locality", "description"), "kind": project.kind,
        "kind_label": str(ProjectKind(project.kind).label), "region": project.region, "region_label": project.region_label,
        "status": project.status,
        "status_label": str(project.get_status_display()), "budget_kzt": project.budget_kzt,
        "allocated_kzt": project.allocated_kzt, "disbursed_kzt": project.disbursed_kzt,
        "approved_on": project.approved_on, "completed_on": project.completed_on,
    }
    if with_sources:
        data["sources"] = project_sources(project)
        data["disbursements"] = [
            {**localized_fields(d, "milestone"), "amount_kzt": d.amount_kzt, "paid_on": d.paid_on}
            for d in project.disbursements.order_by("paid_on", "id")
        ]
        data["allocations"] = [
            {"amount_kzt": a.amount_kzt, "decided_on": a.decided_on, "disbursed_kzt": a.disbursed_kzt}
            for a in Allocation.objects.filter(project=project, status=AllocationStatus.EFFECTIVE)
        ]
    return data


def projects(kind: str = "", region: str = "", status: str = "") -> QuerySet[Project]:
    qs = Project.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-approved_on", "pk")
