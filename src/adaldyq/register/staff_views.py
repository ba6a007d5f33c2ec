"""Staff pages: the approval queue, an entry's full record and history, proposals."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adaldyq.core import history, roles
from adaldyq.core.http import render_with_twin
from adaldyq.core.imports import ImportRejected
from adaldyq.core.languages import columns
from adaldyq.core.roles import role_required
from adaldyq.register import proposals, review
from adaldyq.register.exceptions import RegisterError
from adaldyq.register.forms import DecisionForm, RecordForm, RemovalForm
from adaldyq.register.models import Conviction, Proposal
from adaldyq.register.publication import SUBJECT

STAFF = (roles.REGISTRAR, roles.APPROVER, roles.ADMINISTRATOR)


@role_required(*STAFF)
def queue(request: HttpRequest) -> HttpResponse:
    pending = Proposal.objects.filter(status=Proposal.Status.PENDING).select_related("created_by", "conviction")
    decided = Proposal.objects.exclude(status=Proposal.Status.PENDING).select_related("created_by", "decided_by")[:30]
    q = request.GET.get("q", "").strip()
    entries = Conviction.objects.select_related("person").order_by("-pk")
    if q:
        entries = entries.filter(record_id__icontains=q) | entries.filter(person__surname__icontains=q) | entries.filter(case_number__icontains=q)
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return render(request, "register/staff/queue.html", {
        "pending": pending, "decided": decided, "page": page, "q": q, "decision_form": DecisionForm(),
        "can_approve": roles.has_role(request.user, roles.APPROVER),
        "can_propose": roles.has_role(request.user, roles.REGISTRAR),
    })


@role_required(*STAFF)
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    conviction = get_object_or_404(Conviction.objects.select_related("person"), pk=pk)
    return render(request, "register/staff/entry.html", {
        "conviction": conviction, "events": history.events_for(SUBJECT, pk),
        "proposals": conviction.proposals.select_related("created_by", "decided_by"),
        "removal_form": RemovalForm(), "can_propose": roles.has_role(request.user, roles.REGISTRAR),
    })


@role_required(roles.REGISTRAR)
def propose(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    conviction = get_object_or_404(Conviction, pk=pk) if pk else None
    initial = None
    if conviction is not None:
        person = conviction.person
        initial = {
            "record_id": conviction.record_id, "iin": person.iin or "", "surname": person.surname,
            "given_name": person.given_name, "patronymic": person.patronymic, "name_kk": person.name_kk,
            "name_ru": person.name_ru, "name_latin": person.name_latin, "birth_date": person.birth_date,
            **{c: getattr(conviction, c) for f in ("position", "organization") for c in columns(f)},
            "region": conviction.region,
            "court": conviction.court, "case_number": conviction.case_number, "verdict_date": conviction.verdict_date,
            "legal_effect_date": conviction.legal_effect_date, "articles": conviction.article_codes,
            "gravity": conviction.gravity, "punishment": conviction.punishment,
            "punishment_term_months": conviction.punishment_term_months, "lifetime_ban": conviction.lifetime_ban,
            "sentence_end_date": conviction.sentence_end_date,
        }
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        record = form.as_record()
        try:
            proposals.propose_record(request.user, record, reason=form.cleaned_data["reason"],
                                     document=form.cleaned_data["document"], conviction=conviction)
        except ImportRejected as exc:
            for error in exc.errors:
                form.add_error(None, f"{error.column}: {error.reason}")
        except RegisterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Proposal saved. It reaches the register once another officer approves it.")
            return redirect("staff_register:queue")
    return render(request, "register/staff/propose.html", {"form": form, "conviction": conviction})


@require_POST
@role_required(roles.REGISTRAR)
def propose_removal(request: HttpRequest, pk: int) -> HttpResponse:
    conviction = get_object_or_404(Conviction, pk=pk)
    form = RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Removal needs a legal ground, a date, a reason and a document reference.")
        return redirect("staff_register:entry", pk=pk)
    try:
        proposals.propose_removal(request.user, conviction, ground=form.cleaned_data["ground"],
                                  day=form.cleaned_data["date"], reason=form.cleaned_data["reason"],
                                  document=form.cleaned_data["document"])
    except RegisterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Removal proposed; it takes effect once another officer approves it.")
    return redirect("staff_register:entry", pk=pk)


@role_required(*STAFF)
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver's screen: every field before and after, then the decision."""
    found = get_object_or_404(Proposal.objects.select_related("created_by", "decided_by", "conviction__person"), pk=pk)
    shown = review.proposal_review(found, get_language() or "en")
    return render_with_twin(request, "register/staff/proposal.html", {
        "proposal": found, "review": shown, "is_author": found.created_by_id == request.user.pk,
        "can_approve": roles.has_role(request.user, roles.APPROVER),
    }, f"/api/v1/register/proposals/{pk}?lang={get_language() or 'en'}")


@require_POST
@role_required(roles.APPROVER)
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    found = get_object_or_404(Proposal, pk=pk)
    note = request.POST.get("note", "")
    try:
        if decision == "approve":
            proposals.approve(found, request.user, note, reviewed=request.POST.get("reviewed", ""))
            messages.success(request, _("Proposal #%(n)s approved and applied.") % {"n": pk})
        else:
            proposals.reject(found, request.user, note)
            messages.success(request, _("Proposal #%(n)s rejected.") % {"n": pk})
    except RegisterError as exc:
        messages.error(request, str(exc))
        return redirect("staff_register:proposal", pk=pk)
    return redirect("staff_register:queue")
