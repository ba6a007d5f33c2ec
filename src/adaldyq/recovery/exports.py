"""Open-data CSV files, streamed row by row: every asset (public fields only) and every
tenge of every project with the case and asset it came from. Texts kept in three
languages appear in English (or the nearest translation) and then once per language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse

from adaldyq.core import spreadsheet
from adaldyq.core.languages import columns
from adaldyq.core.multilingual import localized

from . import queries
from .api import selection_from
from .models import AllocationSource, AllocationStatus, Asset, PartyKind

SELECTION_PARAMS = ("from", "to", "measure", "kind", "region", "abroad", "status")

ASSET_COLUMNS = ["reference", "case", "case_kind", "kind", "description", "owner_kind", "owner_organization",
                 "abroad", "country", "region", "status", "valuation_amount", "valuation_currency", "valuation_date",
                 "valuation_rate", "valuation_rate_date", "valuation_kzt", "ordered_kzt", "collected_kzt",
                 "not_collected_kzt", "returned_kzt", "identified_on", "frozen_on", "ordered_on", "transferred_on",
                 "sold_on", "credited_on", "released_on", *columns("description")]
SOURCE_COLUMNS = ["project_id", "project", "project_kind", "project_region", "allocation_id", "decided_on",
                  "case", "asset", "receipt_id", "received_on", "amount_kzt", *(f"project_{c}" for c in columns("name"))]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stream(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = spreadsheet.csv_writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def _asset_rows(qs: QuerySet[Asset]) -> Iterator[list[Any]]:
    for a in qs.iterator(chunk_size=2000):
        owner_kind = a.owner.kind if a.owner else ""
        organization = a.owner.name if a.owner and a.owner.kind == PartyKind.ORGANIZATION else ""
        yield [a.reference, a.case.reference, a.case.kind, a.kind, localized(a, "description", "en"), owner_kind,
               organization,
               int(a.abroad), a.country, a.region, a.status, a.valuation_amount, a.valuation_currency,
               a.valuation_date, a.valuation_rate, a.valuation_rate_date or "", a.valuation_kzt, a.ordered_kzt,
               a.collected_kzt, a.shortfall_kzt, a.returned_kzt, a.identified_on, a.frozen_on or "",
               a.ordered_on or "", a.transferred_on or "", a.sold_on or "", a.credited_on or "",
               a.released_on or "", *(getattr(a, c) for c in columns("description"))]


def _source_rows() -> Iterator[list[Any]]:
    qs = (AllocationSource.objects.filter(allocation__status=AllocationStatus.EFFECTIVE)
          .select_related("allocation__project", "receipt__case", "receipt__asset").order_by("allocation_id", "id"))
    for s in qs.iterator(chunk_size=2000):
        project = s.allocation.project
        yield [project.pk, localized(project, "name", "en"), project.kind, project.region, s.allocation_id,
               s.allocation.decided_on or "", s.receipt.case.reference, s.receipt.asset.reference, s.receipt_id,
               s.receipt.received_on, s.amount_kzt, *(getattr(project, c) for c in columns("name"))]


def _response(name: str, header: list[str], rows: Iterator[list[Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_stream(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def assets_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every asset; or, with the itemized list's query string (period, figure, type,
    region, location, status), exactly the assets that list shows."""
    if not any(request.GET.get(k) for k in SELECTION_PARAMS):
        return _response("recovery-assets.csv", ASSET_COLUMNS,
                         _asset_rows(Asset.objects.select_related("case", "owner").order_by("reference")))
    period, filters = selection_from(request.GET)
    measure = filters.measure if filters.measure in queries.MEASURES else "all"
    qs = queries.asset_queryset(period, measure, kind=filters.kind, region=filters.region,
                                  abroad=filters.abroad, status=filters.status)
    return _response(f"recovery-assets-{period.start}-{period.end}.csv", ASSET_COLUMNS, _asset_rows(qs))


def project_sources_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _response("recovery-project-sources.csv", SOURCE_COLUMNS, _source_rows())
