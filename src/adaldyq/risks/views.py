"""Pages: the public progress page and the staff dashboard, list and recommendation.

Thin: each view asks `services.viewer_for` what the user may see, reads through
`queries`, and renders with its JSON twin. A body officer asking for another body's
recommendation gets 404, as if it did not exist.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adaldyq.core import documents, roles
from adaldyq.core.formatting import message
from adaldyq.core.http import render_with_twin
from adaldyq.core.imports import ImportRejected
from adaldyq.risks import exports, imports, queries, services
from adaldyq.risks.exceptions import NotYourBody, TransitionRefused
from adaldyq.risks.forms import ImportForm, StatusChangeForm
from adaldyq.risks.models import STATUS_CHOICES, Analysis, Body, Evidence, Recommendation, Sector
from adaldyq.risks.workflow import Actor, allowed_actions

STAFF_ROLES = (roles.RISK_ANALYST, roles.BODY_OFFICER, roles.ADMINISTRATOR)
PAGE_SIZE = 50


def public(request: HttpRequest) -> HttpResponse:
    context = queries.public_summary(timezone.localdate())
    return render_with_twin(request, "risks/public.html", context, "/api/v1/risks/summary")


def report(request: HttpRequest, code: str) -> FileResponse:
    analysis = get_object_or_404(Analysis, code=code, report_published=True)
    if not analysis.report:
        raise Http404("No report file")
    return documents.serve(analysis.report)


def _staff_namespace(request: HttpRequest) -> str:
    """The namespace these staff pages are mounted under, for links between them."""
    match = request.resolver_match
    return match.namespace if match and match.namespace else "staff_risks"


def _viewer(request: HttpRequest) -> services.Viewer:
    viewer = services.viewer_for(request.user)
    if not viewer.sees_all and viewer.body_id is None:
        raise PermissionDenied(_("Your account is not tied to a body. Ask an administrator."))
    return viewer


@roles.role_required(*STAFF_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    recs = services.visible_recommendations(viewer)
    context = queries.dashboard(recs, timezone.localdate())
    context["ns"] = _staff_namespace(request)
    context["can_import"] = viewer.actor == Actor.AGENCY
    context["body"] = Body.objects.filter(pk=viewer.body_id).first() if viewer.body_id else None
    return render_with_twin(request, "risks/staff_home.html", context, "/api/v1/risks/dashboard")


FILTERS = ("sector", "body", "analysis", "status", "q")


def _chosen(request: HttpRequest) -> tuple[dict[str, str], bool]:
    """The list's filters from the query string; the list, its JSON twin and its export share them."""
    return ({k: request.GET.get(k, "").strip() for k in FILTERS},
            request.GET.get("overdue") in ("1", "true", "on"))


@roles.role_required(*STAFF_ROLES)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    today = timezone.localdate()
    chosen, overdue = _chosen(request)
    recs = queries.filtered(services.visible_recommendations(viewer), today, overdue=overdue, **chosen)
    page = Paginator(recs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in chosen.items() if v} | ({"overdue": "true"} if overdue else {})
    context = {
        "ns": _staff_namespace(request), "page": page, "today": today, "chosen": chosen, "overdue": overdue, "query": urlencode(query),
        "sectors": Sector.objects.all(), "statuses": STATUS_CHOICES,
        "bodies": Body.objects.all() if viewer.sees_all else Body.objects.filter(id=viewer.body_id or 0),
    }
    json_url = "/api/v1/recommendations" + (f"?{urlencode(query)}" if query else "")
    return render_with_twin(request, "risks/staff_list.html", context, json_url)


def _get_visible(viewer: services.Viewer, code: str) -> Recommendation:
    recs = services.visible_recommendations(viewer).select_related("body", "finding__analysis__sector")
    return get_object_or_404(recs, code=code)


@roles.role_required(*STAFF_ROLES)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    viewer = _viewer(request)
    rec = _get_visible(viewer, code)
    actions = allowed_actions(rec.status, viewer.actor)
    context = {
        "ns": _staff_namespace(request), "rec": rec, "today": timezone.localdate(), "overdue": rec.overdue_on(timezone.localdate()),
        "co_implementers": rec.co_implementers.all(), "events": services.history_of(rec),
        "form": StatusChangeForm(actions=actions) if actions else None,
    }
    return render_with_twin(request, "risks/staff_detail.html", context, f"/api/v1/recommendations/{rec.code}")


@require_POST
@roles.role_required(*STAFF_ROLES)
def act(request: HttpRequest, code: str) -> HttpResponse:
    viewer = _viewer(request)
    rec = _get_visible(viewer, code)
    form = StatusChangeForm(request.POST, request.FILES, actions=allowed_actions(rec.status, viewer.actor))
    if not form.is_valid():
        messages.error(request, _("The action was not taken: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect(f"{_staff_namespace(request)}:detail", code=code)
    data = form.cleaned_data
    evidence = [services.Document(data["document_reference"], data["document_file"])]
    try:
        services.change_status(code, request.user, data["action"], comment=data["comment"], documents=evidence)
    except NotYourBody as exc:
        raise Http404("No such recommendation") from exc
    except TransitionRefused as exc:
        messages.error(request, message(exc))
        return redirect(f"{_staff_namespace(request)}:detail", code=code)
    messages.success(request, _("Status changed."))
    return redirect(f"{_staff_namespace(request)}:detail", code=code)


@roles.role_required(*STAFF_ROLES)
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    viewer = _viewer(request)
    item = get_object_or_404(Evidence.objects.filter(recommendation__in=services.visible_recommendations(viewer)),
                             pk=pk)
    if not item.file:
        raise Http404("This evidence is a reference only")
    return documents.serve(item.file)


@roles.role_required(roles.RISK_ANALYST)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Analysts upload the same CSV/XLSX as `adaldyq risks import`; bad rows are listed."""
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name or "").suffix.lower()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"{Path(upload.name or 'upload').stem}{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    result = imports.import_file(path)
                except ImportRejected as exc:
                    errors = [str(e) for e in exc.errors]
                else:
                    messages.success(request, str(result))
                    return redirect(f"{_staff_namespace(request)}:home")
    else:
        form = ImportForm()
    context = {"ns": _staff_namespace(request), "form": form, "errors": errors, "columns": imports.COLUMNS,
               "required": imports.REQUIRED}
    return render(request, "risks/staff_import.html", context, status=400 if errors else 200)


@roles.role_required(*STAFF_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    """What the viewer may see; with the list's filters in the query string, only what the list shows."""
    viewer = _viewer(request)
    today = timezone.localdate()
    chosen, overdue = _chosen(request)
    recs = queries.filtered(services.visible_recommendations(viewer), today, overdue=overdue, **chosen)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="recommendations-{today:%Y%m%d}.xlsx"'
    exports.write_xlsx(recs, response, today)  # type: ignore[arg-type]
    return response


