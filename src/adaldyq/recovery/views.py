"""Public pages: the dashboard, the itemized list of assets, the fund and its projects,
and the period report files. Each page has a JSON twin in the API, built from the
same query function."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from adaldyq.core.http import render_with_twin
from adaldyq.core.regions import region_choices

from . import charts, queries, reports
from .api import asset_page, selection_from
from .models import AssetKind, AssetStatus, Project, ProjectKind, ProjectStatus

LIST_PAGE = 50


def _period(request: HttpRequest) -> queries.Period:
    return queries.parse_period(request.GET.get("from"), request.GET.get("to"), timezone.localdate())


def _charts(data: dict[str, Any]) -> dict[str, str]:
    bn = _("billion tenge")
    kinds = data["by_kind"]
    where = data["domestic_vs_abroad"]
    return {
        "returned_by_kind": charts.bars([(r["label"], r["returned_kzt"]) for r in kinds],
                                        _("Returned to the state, by asset type"), bn),
        "pending_by_kind": charts.bars([(r["label"], r["pending_kzt"]) for r in kinds],
                                       _("Identified and pending, by asset type"), bn, "#6b7280"),
        "ordered_vs_collected": charts.grouped(
            [(r["label"], series, r[key]) for r in kinds
             for series, key in ((_("Ordered"), "ordered_kzt"), (_("Collected"), "collected_kzt"))],
            _("Ordered vs collected, by asset type"), bn),
        "by_region": charts.bars([(r["label"], r["returned_kzt"]) for r in data["by_region"][:20]],
                                 _("Returned, by region"), bn),
        "where": charts.grouped(
            [(label, series, where[key][f"{m}_kzt"])
             for key, label in (("domestic", _("In Kazakhstan")), ("abroad", _("Abroad")))
             for series, m in ((_("Returned"), "returned"), (_("Pending"), "pending"))],
            _("In Kazakhstan and abroad"), bn),
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    data = queries.summary(period)
    query = urlencode(period.as_dict())
    return render_with_twin(request, "recovery/dashboard.html", {
        "data": data, "period": period, "charts": _charts(data), "query": query,
    }, f"/api/v1/assets/summary?{query}")


def asset_list(request: HttpRequest) -> HttpResponse:
    period, filters = selection_from(request.GET)
    abroad_raw = request.GET.get("abroad", "")
    page = asset_page(period, filters, size=LIST_PAGE)
    params = {**period.as_dict(), "measure": page["measure"], "kind": filters.kind, "region": filters.region,
              "status": filters.status}
    if filters.abroad is not None:
        params["abroad"] = "true" if filters.abroad else "false"
    api_query = urlencode({k: v for k, v in {**params, "page": page["page"]}.items() if v != ""})
    page_query = urlencode({k: v for k, v in {**params, "abroad": abroad_raw}.items() if v != ""})
    return render_with_twin(request, "recovery/assets.html", {
        "page": page, "period": period, "filters": filters, "abroad": abroad_raw, "page_query": page_query,
        "kinds": AssetKind.choices, "statuses": AssetStatus.choices, "regions": region_choices(),
        "measures": [("all", _("All touched in the period")), ("returned", _("Returned")),
                     ("pending", _("Identified, pending")), ("ordered", _("Ordered"))],
    }, f"/api/v1/assets?{api_query}")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def projects(request: HttpRequest) -> HttpResponse:
    kind, region, status = (request.GET.get(k, "") for k in ("kind", "region", "status"))
    rows = [queries.public_project(p) for p in queries.projects(kind, region, status)]
    query = urlencode({k: v for k, v in {"kind": kind, "region": region, "status": status}.items() if v})
    return render_with_twin(request, "recovery/projects.html", {
        "projects": rows, "fund": queries.fund_summary(), "kind": kind, "region": region, "status": status,
        "kinds": ProjectKind.choices, "regions": region_choices(), "statuses": ProjectStatus.choices,
    }, "/api/v1/fund/projects" + (f"?{query}" if query else ""))


def project(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Project, pk=pk)
    data = queries.public_project(row)
    return render_with_twin(request, "recovery/project.html", {"project": data},
                            f"/api/v1/fund/projects/{row.pk}")


def report_csv(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    response = HttpResponse(reports.as_csv(period), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asset-recovery-{period.start}-{period.end}.csv"'
    return response


def report_xlsx(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    response = HttpResponse(reports.as_xlsx(period),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="asset-recovery-{period.start}-{period.end}.xlsx"'
    return response
