"""Staff pages of international cooperation. Thin: parse, call a service or a query,
render the page and its JSON twin from the same data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adaldyq.cooperation import exchange, package, queries, review, services
from adaldyq.cooperation.exceptions import CooperationError
from adaldyq.cooperation.forms import (
    DocumentForm,
    MoveForm,
    PackageUploadForm,
    RequestForm,
    SubjectForm,
    TokenForm,
)
from adaldyq.cooperation.models import CooperationRequest, ExchangePackage, Partner, RequestDocument
from adaldyq.core import documents, roles
from adaldyq.core.formatting import message
from adaldyq.core.http import render_with_twin
from adaldyq.core.models import ApiToken
from adaldyq.recovery import public as recovery
from adaldyq.register import public as register

STAFF = (roles.COOPERATION_OFFICER, roles.ADMINISTRATOR)
staff_only = roles.role_required(*STAFF)
admin_only = roles.role_required(roles.ADMINISTRATOR)


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# Dashboard ----------------------------------------------------------------------------

@staff_only
def home(request: HttpRequest) -> HttpResponse:
    data = queries.dashboard(services.today())
    return render_with_twin(request, "cooperation/home.html", {"data": data},
                            reverse("staff_cooperation:home_json"))


@staff_only
def home_json(request: HttpRequest) -> JsonResponse:
    return _json(queries.dashboard(services.today()))


# Requests -----------------------------------------------------------------------------

@staff_only
def request_list(request: HttpRequest) -> HttpResponse:
    data = queries.request_list(request.GET, services.today())
    query = request.GET.urlencode()
    json_url = reverse("staff_cooperation:requests_json") + (f"?{query}" if query else "")
    context = {"data": data, "partners": Partner.objects.all(), "kinds": queries.KIND_LABELS.items(),
               "statuses": queries.STATUS_LABELS.items()}
    return render_with_twin(request, "cooperation/requests.html", context, json_url)


@staff_only
def request_list_json(request: HttpRequest) -> JsonResponse:
    return _json(queries.request_list(request.GET, services.today()))


@staff_only
def request_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case_id = None
        if data["recovery_case"]:
            case_id = recovery.case_id(data["recovery_case"])
            if case_id is None:
                form.add_error("recovery_case", "No recovery case with that reference.")
        if not form.errors:
            try:
                created = services.create_request(
                    direction=data["direction"], kind=data["kind"], partner=data["partner"],
                    agreement=data["agreement"], legal_basis=data["legal_basis"], summary=data["summary"],
                    due_on=data["due_on"], opened_on=data["opened_on"], recovery_case_id=case_id,
                    partner_reference=data["partner_reference"], actor_id=request.user.pk,
                )
            except CooperationError as exc:
                form.add_error(None, message(exc))
            else:
                messages.success(request, f"Request {created.reference} created.")
                return redirect(created.get_absolute_url())
    return render_with_twin(request, "cooperation/request_form.html", {"form": form},
                            reverse("staff_cooperation:requests_json"), status=400 if form.errors else 200)


def _request(reference: str) -> CooperationRequest:
    return get_object_or_404(CooperationRequest.objects.select_related("partner", "agreement", "recovery_case",
                                                                       "officer", "submitted_by"),
                             reference=reference)


@staff_only
def request_document_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A request's document file, as an attachment that cannot run (core.documents)."""
    document = get_object_or_404(RequestDocument, pk=pk, request__reference=reference)
    if not document.file:
        raise Http404("This document has no file")
    return documents.serve(document.file)


def _detail_context(obj: CooperationRequest, user: Any, **forms: Any) -> dict[str, Any]:
    data = queries.request_detail(obj, services.today())
    choices = [(s["status"], s["label"]) for s in data["next_statuses"]]
    approval = review.approval_review(obj) if review.needs_review(obj) else None
    initial = {"reviewed": approval["digest"]} if approval else {}
    return {
        "data": data, "obj": obj, "approval": approval,
        "is_submitter": approval is not None and obj.submitted_by_id == user.pk,
        "move_form": forms.get("move_form") or MoveForm(request_obj=obj, choices=choices, prefix="move",
                                                        initial=initial),
        "subject_form": forms.get("subject_form") or SubjectForm(prefix="subject"),
        "document_form": forms.get("document_form") or DocumentForm(prefix="doc"),
    }


def _render_detail(request: HttpRequest, obj: CooperationRequest, status: int = 200, **forms: Any) -> HttpResponse:
    return render_with_twin(request, "cooperation/request_detail.html", _detail_context(obj, request.user, **forms),
                            reverse("staff_cooperation:request_json", args=[obj.reference]), status=status)


@staff_only
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_detail(request, _request(reference))


@staff_only
def request_detail_json(request: HttpRequest, reference: str) -> JsonResponse:
    return _json(queries.request_detail(_request(reference), services.today()))


def _document(data: dict[str, Any]) -> services.NewDocument | None:
    if not data.get("doc_title"):
        return None
    return services.NewDocument(data["doc_title"], data["doc_dated"], data.get("doc_number") or "",
                                data.get("doc_file"))


@require_POST
@staff_only
def request_move(request: HttpRequest, reference: str) -> HttpResponse:
    obj = _request(reference)
    choices = [(s, s) for s in queries.STATUS_LABELS]  # the service judges the move
    form = MoveForm(request.POST, request.FILES, request_obj=obj, choices=choices, prefix="move")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move(obj, data["target"], actor_id=request.user.pk, document=_document(data),
                          note=data["note"], due_on=data["due_on"], reviewed=data["reviewed"])
        except CooperationError as exc:
            form.add_error(None, message(exc))
        else:
            messages.success(request, f"{obj.reference}: status changed.")
            return redirect(obj.get_absolute_url())
    if review.needs_review(obj):  # the page below shows the request as it is now; so does the form
        data = request.POST.copy()
        data["move-reviewed"] = review.approval_review(obj)["digest"]
        form.data = data
    return _render_detail(request, obj, status=400, move_form=form)


@require_POST
@staff_only
def request_add_subject(request: HttpRequest, reference: str) -> HttpResponse:
    obj = _request(reference)
    form = SubjectForm(request.POST, prefix="subject")
    if form.is_valid():
        data = form.cleaned_data
        links: dict[str, Any] = {}
        if data["asset"]:
            asset_id = recovery.asset_id(data["asset"])
            if asset_id is None:
                form.add_error("asset", "No asset with that reference.")
            else:
                links["asset_id"] = asset_id
        if data["register_entry"]:
            person_id = register.person_of_entry(data["register_entry"])
            if person_id is None:
                form.add_error("register_entry", "No register entry with that number.")
            else:
                links.update(conviction_id=data["register_entry"], person_id=person_id)
        if not form.errors:
            try:
                services.add_subject(obj, kind=data["kind"], name=data["name"], country=data["country"],
                                     note=data["note"], actor_id=request.user.pk, **links)
            except CooperationError as exc:
                form.add_error(None, message(exc))
            else:
                messages.success(request, "Subject added.")
                return redirect(obj.get_absolute_url())
    return _render_detail(request, obj, status=400, subject_form=form)


@require_POST
@staff_only
def request_add_document(request: HttpRequest, reference: str) -> HttpResponse:
    obj = _request(reference)
    form = DocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        document = _document(form.cleaned_data)
        assert document is not None
        try:
            services.add_document(obj, document, request.user.pk)
        except CooperationError as exc:
            form.add_error(None, message(exc))
        else:
            messages.success(request, "Document added.")
            return redirect(obj.get_absolute_url())
    return _render_detail(request, obj, status=400, document_form=form)


# Partners -----------------------------------------------------------------------------

@staff_only
def partner_list(request: HttpRequest) -> HttpResponse:
    return render_with_twin(request, "cooperation/partners.html", {"data": queries.partner_list(services.today())},
                            reverse("staff_cooperation:partners_json"))


@staff_only
def partner_list_json(request: HttpRequest) -> JsonResponse:
    return _json(queries.partner_list(services.today()))


def _partner(code: str) -> Partner:
    return get_object_or_404(Partner.objects.prefetch_related("agreements", "contacts"), code=code)


def _render_partner(request: HttpRequest, partner: Partner, *, form: TokenForm | None = None,
                    issued: str | None = None, status: int = 200) -> HttpResponse:
    context = {"data": queries.partner_detail(partner, services.today()), "token_form": form or TokenForm(),
               "issued": issued, "can_issue": roles.has_role(request.user, roles.ADMINISTRATOR)}
    return render_with_twin(request, "cooperation/partner_detail.html", context,
                            reverse("staff_cooperation:partner_json", args=[partner.code]), status=status)


@staff_only
def partner_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_partner(request, _partner(code))


@staff_only
def partner_detail_json(request: HttpRequest, code: str) -> JsonResponse:
    return _json(queries.partner_detail(_partner(code), services.today()))


@require_POST
@admin_only
def partner_token_issue(request: HttpRequest, code: str) -> HttpResponse:
    partner = _partner(code)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            issued = services.issue_partner_token(partner, form.cleaned_data["scopes"], actor_id=request.user.pk,
                                                  rate_per_minute=form.cleaned_data["rate_per_minute"])
        except CooperationError as exc:
            form.add_error(None, message(exc))
        else:
            # Shown once on this response, never stored in plain text.
            response = _render_partner(request, partner, issued=issued.plaintext)
            response["Cache-Control"] = "no-store"
            return response
    return _render_partner(request, partner, form=form, status=400)


@require_POST
@admin_only
def partner_token_revoke(request: HttpRequest, code: str, token_id: int) -> HttpResponse:
    partner = _partner(code)
    try:
        services.revoke_partner_token(partner, token_id, actor_id=request.user.pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404("No such token for this partner.") from exc
    messages.success(request, "Token revoked.")
    return redirect(partner.get_absolute_url())


# Packages -----------------------------------------------------------------------------

@staff_only
def package_list(request: HttpRequest) -> HttpResponse:
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                package.refuse_size(form.cleaned_data["file"].size)
                data = form.cleaned_data["file"].read()
                if request.POST.get("action") == "import":
                    row = exchange.import_package(data, actor_id=request.user.pk,
                                                  request_reference=form.cleaned_data["request"],
                                                  source=form.cleaned_data["file"].name)
                    messages.success(request, f"Imported package {row.package_id}: {row.entity_count} entities.")
                    return redirect(row.get_absolute_url())
                verified = exchange.verify(data)
                messages.success(request, f"Package {verified.package_id} from {verified.sender} is valid: "
                                          f"{verified.entity_count} entities. Nothing was imported.")
                status = 200
            except CooperationError as exc:
                form.add_error(None, _("Refused: %(reason)s") % {"reason": message(exc)})
    return render_with_twin(request, "cooperation/packages.html", {"data": queries.package_list(), "form": form},
                            reverse("staff_cooperation:packages_json"), status=status)


@staff_only
def package_list_json(request: HttpRequest) -> JsonResponse:
    return _json(queries.package_list())


def _package(package_id: str) -> ExchangePackage:
    return get_object_or_404(ExchangePackage.objects.select_related("partner", "request"), package_id=package_id)


@staff_only
def package_detail(request: HttpRequest, package_id: str) -> HttpResponse:
    return render_with_twin(request, "cooperation/package_detail.html",
                            {"data": queries.package_detail(_package(package_id))},
                            reverse("staff_cooperation:package_json", args=[package_id]))


@staff_only
def package_detail_json(request: HttpRequest, package_id: str) -> JsonResponse:
    return _json(queries.package_detail(_package(package_id)))
