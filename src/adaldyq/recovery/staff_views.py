"""Staff pages: cases, assets and each step of their life; the fund, projects,
allocations (with a second officer above the threshold) and disbursements.

Views parse forms, call a service and turn a `RecoveryError` into a message; the rules
are in the services and the pure modules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adaldyq.core import documents, history, roles
from adaldyq.core.formatting import message
from adaldyq.core.http import render_with_twin
from adaldyq.core.languages import LANGS, columns
from adaldyq.core.multilingual import cleaned_texts, with_texts
from adaldyq.core.roles import role_required

from . import queries, review, services
from . import settings as recovery_settings
from .exceptions import RecoveryError
from .forms import (
    ACTION_LABELS,
    ActionForm,
    AllocationForm,
    AssetForm,
    CaseForm,
    DecisionForm,
    DisbursementForm,
    DocumentForm,
    PartyForm,
    ProjectForm,
    ProjectTextsForm,
    TextsForm,
)
from .models import (
    Allocation,
    AllocationStatus,
    Asset,
    AssetDocument,
    Project,
    Receipt,
    RecoveryCase,
)

RECOVERY_ROLES = (roles.RECOVERY_OFFICER, roles.ADMINISTRATOR)
FUND_ROLES = (roles.FUND_OFFICER, roles.ADMINISTRATOR)


def _refused(request: HttpRequest, error: RecoveryError) -> None:
    messages.error(request, message(error))


@role_required(*RECOVERY_ROLES, roles.FUND_OFFICER)
def cases(request: HttpRequest) -> HttpResponse:
    can_edit = roles.has_role(request.user, *RECOVERY_ROLES)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            case = services.open_case(actor=request.user, **with_texts(form.cleaned_data, "title"))
        except RecoveryError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect(case)
    search = request.GET.get("q", "").strip()
    rows = RecoveryCase.objects.all()
    if search:
        rows = rows.filter(Q(reference__icontains=search) | Q(title_kk__icontains=search)
                           | Q(title_ru__icontains=search) | Q(title_en__icontains=search))
    return render(request, "recovery/staff/cases.html", {
        "cases": rows.order_by("-opened_on")[:200], "form": form if can_edit else None, "q": search,
        "fund_officer": roles.has_role(request.user, *FUND_ROLES),
    })


@role_required(*RECOVERY_ROLES)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(RecoveryCase, pk=pk)
    owners = [(p.pk, f"{p.name} ({p.get_kind_display()})") for p in row.parties.all()]
    party_form = PartyForm(request.POST if request.POST.get("form") == "party" else None, prefix="party")
    asset_form = AssetForm(request.POST if request.POST.get("form") == "asset" else None, prefix="asset",
                           owners=owners)
    texts_form = _texts_form(request, row, "title", _("Public title (no private person's name)"))
    if request.method == "POST":
        try:
            if request.POST.get("form") == "texts" and texts_form.is_valid():
                services.set_texts(row, "title", texts_form.texts(), actor=request.user)
                messages.success(request, _("The texts are saved."))
                return redirect(row)
            if request.POST.get("form") == "party" and party_form.is_valid():
                services.add_party(row, actor=request.user, **party_form.cleaned_data)
                return redirect(row)
            if request.POST.get("form") == "asset" and asset_form.is_valid():
                data = with_texts(asset_form.cleaned_data, "description")
                owner_id = data.pop("owner")
                owner = row.parties.filter(pk=owner_id).first() if owner_id else None
                asset = services.identify_asset(case=row, owner=owner, actor=request.user, **data)
                return redirect(asset)
        except RecoveryError as error:
            _refused(request, error)
    return render(request, "recovery/staff/case.html", {
        "case": row, "parties": row.parties.all(), "assets": row.assets.order_by("reference"),
        "party_form": party_form, "asset_form": asset_form, "texts_form": texts_form,
        "events": history.events_for("recovery.case", row.pk),
    })


def request_links(asset: Asset) -> list[Any]:
    """Mutual legal assistance requests about this asset, if the cooperation part is installed."""
    manager = getattr(asset, "request_links", None)
    return list(manager.select_related("request").all()) if manager is not None else []


@role_required(*RECOVERY_ROLES)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """An asset document's file, as an attachment that cannot run (core.documents)."""
    document = get_object_or_404(AssetDocument, pk=pk)
    if not document.file:
        raise Http404("This document has no file")
    return documents.serve(document.file)


@role_required(*RECOVERY_ROLES)
def asset(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Asset.objects.select_related("case", "owner"), pk=pk)
    action_form = ActionForm(request.POST if request.POST.get("form") == "action" else None, status=row.status,
                             prefix="step", initial={"on": timezone.localdate()})
    document_form = DocumentForm(request.POST if request.POST.get("form") == "document" else None,
                                 request.FILES or None, prefix="doc")
    texts_form = _texts_form(request, row, "description", _("Public description (no personal data)"))
    if request.method == "POST":
        try:
            if request.POST.get("form") == "texts" and texts_form.is_valid():
                services.set_texts(row, "description", texts_form.texts(), actor=request.user)
                messages.success(request, _("The texts are saved."))
                return redirect(row)
            if request.POST.get("form") == "action" and action_form.is_valid():
                data = action_form.cleaned_data
                services.take_action(row.pk, data["action"], on=data["on"], amount=data["amount"],
                                     currency=data["currency"] or "KZT", ground=data["ground"],
                                     document=data["document"], actor=request.user)
                messages.success(request, _("Step recorded: %(action)s.") % {"action": ACTION_LABELS.get(data["action"], data["action"])})
                return redirect(row)
            if request.POST.get("form") == "document" and document_form.is_valid():
                services.attach_document(row, actor=request.user, **document_form.cleaned_data)
                return redirect(row)
        except RecoveryError as error:
            _refused(request, error)
    return render(request, "recovery/staff/asset.html", {
        "asset": row, "events": row.events.select_related("actor").order_by("occurred_on", "id"),
        "documents": row.documents.all(), "receipts": row.receipts.all(), "action_form": action_form,
        "texts_form": texts_form,
        "document_form": document_form, "request_links": request_links(row),
        "history": history.events_for("recovery.asset", row.pk), "public": queries.public_asset(row),
    })


@role_required(*FUND_ROLES)
def fund(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(actor=request.user,
                                              **with_texts(form.cleaned_data, "name", "locality", "description"))
        except RecoveryError as error:
            _refused(request, error)
        else:
            return redirect("staff_recovery:project", pk=project.pk)
    return render(request, "recovery/staff/fund.html", {
        "fund": queries.fund_summary(), "form": form,
        "projects": Project.objects.order_by("-approved_on"),
        "proposed": Allocation.objects.filter(status=AllocationStatus.PROPOSED).select_related("project",
                                                                                               "proposed_by"),
        "receipts": Receipt.objects.select_related("case", "asset").order_by("-received_on", "-id")[:50],
        "threshold": recovery_settings.second_officer_above(),
    })


@role_required(*FUND_ROLES)
def project(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Project, pk=pk)
    effective = list(row.allocations.filter(status=AllocationStatus.EFFECTIVE))
    choices = [(a.pk, f"#{a.pk}: {a.remaining_kzt} KZT") for a in effective if a.remaining_kzt > 0]
    today = timezone.localdate()
    allocation_form = AllocationForm(request.POST if request.POST.get("form") == "allocate" else None,
                                     prefix="alloc", initial={"on": today})
    payment_form = DisbursementForm(request.POST if request.POST.get("form") == "disburse" else None,
                                    prefix="pay", allocations=choices, initial={"paid_on": today})
    texts_form = _project_texts_form(row, request.POST if request.POST.get("form") == "texts" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "allocate" and allocation_form.is_valid():
                data = allocation_form.cleaned_data
                made = services.propose_allocation(row.pk, data["amount"], officer=request.user, on=data["on"],
                                                   document=data["document"])
                messages.success(request, _("Allocation: %(status)s.") % {"status": made.get_status_display()})
                return redirect("staff_recovery:project", pk=row.pk)
            if request.POST.get("form") == "disburse" and payment_form.is_valid():
                data = payment_form.cleaned_data
                services.disburse(data["allocation"], data["amount"], milestone=cleaned_texts(data, "milestone"),
                                  paid_on=data["paid_on"], document=data["document"], officer=request.user)
                return redirect("staff_recovery:project", pk=row.pk)
            if request.POST.get("form") == "texts" and texts_form.is_valid():
                data = texts_form.cleaned_data
                services.translate_project(row.pk, names=cleaned_texts(data, "name"),
                                           localities=cleaned_texts(data, "locality"),
                                           descriptions=cleaned_texts(data, "description"),
                                           milestones=texts_form.milestones(), officer=request.user)
                messages.success(request, _("The texts are saved."))
                return redirect("staff_recovery:project", pk=row.pk)
            if request.POST.get("form") == "complete":
                services.complete_project(row.pk, on=today, officer=request.user)
                return redirect("staff_recovery:project", pk=row.pk)
        except RecoveryError as error:
            _refused(request, error)
    return render(request, "recovery/staff/project.html", {
        "project": row, "public": queries.public_project(row), "allocations": row.allocations.all(),
        "allocation_form": allocation_form, "payment_form": payment_form, "texts_form": texts_form,
        "history": history.events_for("fund.project", row.pk),
    })


def _texts_form(request: HttpRequest, row: RecoveryCase | Asset, field: str, label: str) -> TextsForm:
    """The form for one public text of a case or asset in three languages, bound on its POST."""
    data = request.POST if request.POST.get("form") == "texts" else None
    return TextsForm(data, prefix="texts", field=field, label=label,
                     initial={c: getattr(row, c) for c in columns(field)})


def _project_texts_form(row: Project, data: Any) -> ProjectTextsForm:
    payments = list(row.disbursements.order_by("paid_on", "id"))
    initial: dict[str, str] = {c: getattr(row, c) for f in ("name", "locality", "description") for c in columns(f)}
    for payment in payments:
        initial.update({f"milestone_{payment.pk}_{code}": getattr(payment, f"milestone_{code}") for code in LANGS})
    labels = [(p.pk, _("Milestone of payment #%(n)s") % {"n": p.pk}) for p in payments]
    return ProjectTextsForm(data, prefix="texts", milestones=labels, initial=initial)


def _allocation(pk: int) -> Allocation:
    return get_object_or_404(Allocation.objects.select_related("project", "proposed_by", "approved_by"), pk=pk)


@role_required(*FUND_ROLES)
def allocation(request: HttpRequest, pk: int) -> HttpResponse:
    """The second officer's screen: the allocation and its effect, then the decision."""
    row = _allocation(pk)
    shown = review.allocation_review(row)
    return render_with_twin(request, "recovery/staff/allocation.html", {
        "allocation": row, "review": shown, "is_maker": row.proposed_by_id == request.user.pk,
        "decision_form": DecisionForm(initial={"on": timezone.localdate(), "reviewed": shown["digest"]}),
    }, f"/api/v1/fund/allocations/{pk}")


@require_POST
@role_required(*FUND_ROLES)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the decision."))
        return redirect("staff_recovery:allocation", pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.approve_allocation(pk, approver=request.user, on=form.cleaned_data["on"],
                                        reviewed=form.cleaned_data["reviewed"])
            messages.success(request, _("Allocation approved."))
        else:
            services.reject_allocation(pk, approver=request.user, on=form.cleaned_data["on"],
                                       ground=form.cleaned_data["ground"])
            messages.success(request, _("Allocation rejected."))
    except RecoveryError as error:
        _refused(request, error)
    return redirect("staff_recovery:allocation", pk=pk)
