"""Staff pages of procurement risk: the run's summary, ranked processes, buyers and
suppliers with filters, one page per process explaining its flags, supplier ties,
coverage, runs and exports. Each page has its JSON twin under /api/v1/procurement/.

Thin: read through ``queries``, render with ``render_with_twin``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import markdown
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from adaldyq.core import roles
from adaldyq.core.http import render_with_twin

from . import exports, queries
from .models import Organisation, Process, ProcurementRun, SupplierTie

STAFF_ROLES = (roles.PROCUREMENT_ANALYST, roles.ADMINISTRATOR)
PAGE_SIZE = 50
API = "/api/v1/procurement"


def _lang() -> str:
    return (get_language() or "en")[:2]


def chosen_run(request: HttpRequest) -> ProcurementRun | None:
    """The run asked for with ``?run=ID``, else the latest finished one (None if there is none)."""
    wanted = str(request.GET.get("run") or "").strip()
    finished = ProcurementRun.objects.filter(status=ProcurementRun.Status.FINISHED)
    if wanted:
        if not wanted.isdigit():
            raise Http404("No such run")
        return get_object_or_404(finished, pk=int(wanted))
    return finished.first()


def _no_run(request: HttpRequest) -> HttpResponse:
    return render(request, "procurement/no_run.html", {}, status=200)


def _query(request: HttpRequest, *drop: str) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", *drop) and v])


def _twin(path: str, request: HttpRequest) -> str:
    query = _query(request)
    return f"{API}{path}" + (f"?{query}" if query else "")


def _base(request: HttpRequest, run: ProcurementRun) -> dict[str, Any]:
    match = request.resolver_match
    return {"run": run, "ns": match.namespace if match and match.namespace else "staff_procurement",
            "run_query": "" if "run" not in request.GET else urlencode({"run": run.pk})}


@roles.role_required(*STAFF_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    context = {**queries.summary(run), **_base(request, run),
               "top": queries.processes(run, queries.Filters())[:10],
               "buyers": queries.organisations(run, Organisation.Kind.BUYER, queries.Filters())[:5],
               "suppliers": queries.organisations(run, Organisation.Kind.SUPPLIER, queries.Filters())[:5],
               "process_flags": sorted((run.flag_counts or {}).get("OCID", {}).items())}
    return render_with_twin(request, "procurement/home.html", context, _twin("/summary", request))


def _filters_context(request: HttpRequest, run: ProcurementRun) -> tuple[queries.Filters, dict[str, Any]]:
    filters = queries.Filters.from_params(request.GET)
    return filters, {**_base(request, run), **queries.choices(run), "filters": filters, "query": _query(request)}


@roles.role_required(*STAFF_ROLES)
def process_list(request: HttpRequest) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    filters, context = _filters_context(request, run)
    context["page"] = Paginator(queries.processes(run, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context["sort_options"] = list(queries.PROCESS_SORTS)
    return render_with_twin(request, "procurement/processes.html", context, _twin("/processes", request))


@roles.role_required(*STAFF_ROLES)
def organisation_list(request: HttpRequest, kind: str) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    filters, context = _filters_context(request, run)
    context["kind"] = kind
    page = Paginator(queries.organisations(run, kind, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    context["rows"] = queries.with_matching(run, kind, filters, page)
    context["sort_options"] = list(queries.ORG_SORTS)
    context["show_matching"] = filters.narrows_processes
    return render_with_twin(request, "procurement/organisations.html", context, _twin(f"/{kind}s", request))


@roles.role_required(*STAFF_ROLES)
def process_detail(request: HttpRequest, ocid: str) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    process = get_object_or_404(Process, run=run, ocid=ocid)
    # _base last: the JSON-shaped detail also has a "run" key (the id), the page needs the object.
    context = {**queries.process_detail(run, process, _lang()), **_base(request, run), "p": process}
    return render_with_twin(request, "procurement/process.html", context,
                            f"{API}/processes/{ocid}" + (f"?run={run.pk}" if "run" in request.GET else ""))


@roles.role_required(*STAFF_ROLES)
def tie_list(request: HttpRequest) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    page = Paginator(SupplierTie.objects.filter(run=run), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {**_base(request, run), "report": run.ties_report, "page": page,
               "rows": [queries.tie_row(t) for t in page], "query": _query(request)}
    return render_with_twin(request, "procurement/ties.html", context, _twin("/ties", request))


@roles.role_required(*STAFF_ROLES)
def coverage(request: HttpRequest) -> HttpResponse:
    run = chosen_run(request)
    if run is None:
        return _no_run(request)
    context = {**queries.coverage(run), **_base(request, run)}
    return render_with_twin(request, "procurement/coverage.html", context, _twin("/coverage", request))


@roles.role_required(*STAFF_ROLES)
def run_list(request: HttpRequest) -> HttpResponse:
    runs = ProcurementRun.objects.all()[:200]
    match = request.resolver_match
    context = {"runs": runs, "ns": match.namespace if match and match.namespace else "staff_procurement"}
    return render_with_twin(request, "procurement/runs.html", context, f"{API}/runs")


@roles.role_required(*STAFF_ROLES)
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """The indicator's documentation page (docs/procurement/*.md), rendered from Markdown.

    The text is ours, from the repository, so its HTML is trusted."""
    name = queries.doc_name(code)
    path = queries.DOCS / name
    if not code.replace("/", "").isalnum() or not path.is_file():
        raise Http404("No documentation for this indicator")
    match = request.resolver_match
    return render(request, "procurement/indicator.html",
                  {"ns": match.namespace if match and match.namespace else "staff_procurement", "code": code, "title": queries.indicator_title(code), "html": mark_safe(markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"]))})  # noqa: S308


# role_required is annotated for HttpResponse; streamed and file responses work the same.
@roles.role_required(*STAFF_ROLES)  # type: ignore[arg-type]
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    run = chosen_run(request)
    if run is None:
        raise Http404("No run loaded")
    filters = queries.Filters.from_params(request.GET)
    if kind == "processes":
        records = exports.process_records(queries.processes(run, filters))
        schema = exports.PROCESS_SCHEMA
    elif kind in ("buyers", "suppliers"):
        records = exports.organisation_records(queries.organisations(run, kind[:-1], filters),
                                               queries.matching_counts(run, kind[:-1], filters)
                                               if filters.narrows_processes else {})
        schema = exports.ORGANISATION_SCHEMA
    else:
        raise Http404("Unknown export")
    filename = f"procurement-run{run.pk}-{kind}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(records, schema, filename)
    if fmt == "parquet":
        return exports.parquet_response(records, schema, filename)
    raise Http404("Unknown format")
