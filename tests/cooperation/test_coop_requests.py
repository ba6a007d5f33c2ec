"""Requests through their workflow against the database: numbering, documents,
the second officer, history, overdue reminders, and an asset abroad listing the
requests that concern it."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from adaldyq.cooperation import review, services
from adaldyq.cooperation.exceptions import CooperationError, WorkflowError
from adaldyq.cooperation.models import CooperationRequest, Partner
from adaldyq.core import history
from adaldyq.core.models import HistoryEvent

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def letter(title: str = "Letter") -> services.NewDocument:
    return services.NewDocument(title, TODAY, "L-1")


def new(partner: Partner, officer: Any, kind: str = "information", direction: str = "outgoing",
        **kw: Any) -> CooperationRequest:
    return services.create_request(direction=direction, kind=kind, partner=partner, legal_basis="MoU art. 3",
                                   actor_id=officer.pk, opened_on=TODAY, **kw)


def test_references_are_numbered_per_direction_and_year(vietnam: Partner, officer: Any) -> None:
    assert new(vietnam, officer).reference == "OUT-2026-0001"
    assert new(vietnam, officer).reference == "OUT-2026-0002"
    assert new(vietnam, officer, direction="incoming").reference == "IN-2026-0001"
    with pytest.raises(CooperationError, match="legal basis"):
        services.create_request(direction="outgoing", kind="mla", partner=vietnam, legal_basis=" ", actor_id=1)


def test_full_outgoing_freezing_request_needs_a_second_officer(vietnam: Partner, officer: Any,
                                                               second_officer: Any) -> None:
    request = new(vietnam, officer, kind="freezing", due_on=TODAY + dt.timedelta(days=60))
    assert request.status == "draft"
    with pytest.raises(WorkflowError, match="second officer"):
        services.move(request, "sent", actor_id=officer.pk, document=letter())
    services.move(request, "awaiting_approval", actor_id=officer.pk)
    with pytest.raises(WorkflowError, match="cannot also send"):
        services.move(request, "sent", actor_id=officer.pk, document=letter())
    with pytest.raises(WorkflowError, match="needs the document"):
        services.move(request, "sent", actor_id=second_officer.pk)
    with pytest.raises(WorkflowError, match="look at it again"):
        services.move(request, "sent", actor_id=second_officer.pk, document=letter(), on=TODAY, reviewed="0" * 64)
    request.refresh_from_db()  # as the second officer opens the page
    shown = review.approval_review(request)["digest"]
    request = services.move(request, "sent", actor_id=second_officer.pk, document=letter(), on=TODAY, reviewed=shown)
    request = services.move(request, "in_progress", actor_id=officer.pk)
    request = services.move(request, "answered", actor_id=officer.pk, document=letter("Answer: frozen"))
    request = services.move(request, "closed", actor_id=officer.pk)
    assert request.status == "closed" and request.closed_on is not None
    steps = list(request.changes.values_list("from_status", "to_status"))
    assert steps == [("", "draft"), ("draft", "awaiting_approval"), ("awaiting_approval", "sent"),
                     ("sent", "in_progress"), ("in_progress", "answered"), ("answered", "closed")]
    assert request.documents.count() == 2
    events = HistoryEvent.objects.filter(stream="cooperation", subject_id=request.reference)
    assert [e.action for e in events] == ["create", "move", "move", "move", "move", "move"]
    sent = events.get(public__to="sent")
    assert (sent.actor_id, sent.approver_id) == (second_officer.pk, second_officer.pk)
    assert history.verify("cooperation").ok


def test_refused_move_changes_nothing(vietnam: Partner, officer: Any) -> None:
    request = new(vietnam, officer, direction="incoming")
    before = HistoryEvent.objects.count()
    with pytest.raises(WorkflowError):
        services.move(request, "closed", actor_id=officer.pk)
    request.refresh_from_db()
    assert request.status == "received" and HistoryEvent.objects.count() == before


def test_asset_abroad_lists_its_requests(vietnam: Partner, officer: Any, make_recovery_asset: Any) -> None:
    asset = make_recovery_asset("AE")
    first = new(vietnam, officer, kind="asset_tracing")
    second = new(vietnam, officer, kind="freezing")
    for request in (first, second):
        services.add_subject(request, kind="asset", name="Villa", asset_id=asset.pk, actor_id=officer.pk)
    links = list(asset.request_links.all())
    assert sorted(link.request.reference for link in links) == [first.reference, second.reference]
    for link in links:
        assert link.request.status == "draft"
        with translation.override("kk"):  # whatever language an earlier test's request left active
            assert link.request.get_absolute_url() == f"/kk/staff/cooperation/requests/{link.request.reference}/"


def test_subject_linked_to_a_register_entry(vietnam: Partner, officer: Any, public_entry: Any) -> None:
    entry = public_entry("Ospanov Marat")
    request = new(vietnam, officer)
    subject = services.add_subject(request, kind="person", name="Ospanov Marat", actor_id=officer.pk,
                                   person_id=entry.person_id, conviction_id=entry.pk)
    assert subject.conviction == entry and subject.person == entry.person


def test_remind_mails_each_officer_their_overdue_requests(vietnam: Partner, make_officer: Any) -> None:
    alice = make_officer("alice", "cooperation_officer")
    alice.email = "alice@agency.example"
    alice.save()
    late = new(vietnam, alice, due_on=TODAY - dt.timedelta(days=10))
    new(vietnam, alice, due_on=TODAY + dt.timedelta(days=10))
    done = new(vietnam, alice, direction="incoming", due_on=TODAY - dt.timedelta(days=50))
    services.move(done, "refused", actor_id=alice.pk, document=letter("Refusal"))
    out = StringIO()
    call_command("cooperation", "remind", "--on", TODAY.isoformat(), stdout=out)
    assert f"{late.reference}" in out.getvalue() and "10 days overdue" in out.getvalue()
    assert done.reference not in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@agency.example"]
    out = StringIO()
    call_command("cooperation", "remind", "--on", TODAY.isoformat(), stdout=out)
    assert "No overdue requests." in out.getvalue() and len(mail.outbox) == 1
