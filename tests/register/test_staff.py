"""Staff changes: roles, maker-checker, legal grounds only, and a trace for each."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.core.models import HistoryEvent
from adaldyq.register import proposals, review
from adaldyq.register.exceptions import ApprovalRefused, RegisterError, RemovalNotAllowed
from adaldyq.register.models import Conviction, Proposal
from tests.register.conftest import FeedFile, person_row


@pytest.fixture
def entry(db: Any, feed_file: FeedFile) -> Conviction:
    call_command("register", "import", str(feed_file([person_row("S-1", "Нурланов", "Серик", serial=21)])))
    return Conviction.objects.get(record_id="S-1")


def test_manual_entry_is_public_only_after_a_second_officer_approves(db: Any, make_officer: Any, client: Client) -> None:
    maker, checker = make_officer("maker", "registrar"), make_officer("checker", "approver")
    record = person_row("", "Жумабаев", "Даурен", serial=22)
    record.pop("record_id")
    client.force_login(maker)
    response = client.post("/en/staff/register/entries/new/", {**record, "reason": "verdict received by post", "document": "letter 17"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert not Conviction.objects.exists()

    with pytest.raises(ApprovalRefused, match="Only an approver"):
        proposals.approve(proposal, maker, reviewed=review.facts_fingerprint(proposal))
    client.force_login(checker)
    page = client.get(f"/en/staff/register/proposals/{proposal.pk}/").content.decode()
    digest = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page)
    assert digest is not None
    client.post(f"/en/staff/register/proposals/{proposal.pk}/approve/", {"note": "checked", "reviewed": digest[1]})
    conviction = Conviction.objects.get()
    assert conviction.is_public_on(dt.date.today())
    event = HistoryEvent.objects.get(subject_id=str(conviction.pk), action="recorded")
    assert (event.actor_id, event.approver_id, event.source, event.document) == (maker.pk, checker.pk, "staff", "letter 17")


def test_an_officer_with_both_roles_cannot_approve_their_own_change(entry: Conviction, make_officer: Any) -> None:
    both = make_officer("both", "registrar", "approver")
    proposal = proposals.propose_removal(both, entry, ground="rectified", day=dt.date.today(), reason="entered in error", document="order 5")
    with pytest.raises(ApprovalRefused, match="different officer"):
        proposals.approve(proposal, both, reviewed=review.facts_fingerprint(proposal))
    assert Proposal.objects.get().status == "pending"


def test_removal_only_on_legal_grounds(entry: Conviction, make_officer: Any) -> None:
    registrar = make_officer("reg", "registrar")
    with pytest.raises(RemovalNotAllowed, match="not a legal ground"):
        proposals.propose_removal(registrar, entry, ground="paid_fee", day=dt.date.today(), reason="asked nicely", document="letter")
    assert not Proposal.objects.exists()


def test_approved_removal_is_410_with_trace(entry: Conviction, make_officer: Any, client: Client) -> None:
    maker, checker = make_officer("maker", "registrar"), make_officer("checker", "approver")
    proposal = proposals.propose_removal(maker, entry, ground="record_removed_by_court", day=dt.date.today(), reason="early removal", document="ruling 9")
    proposals.approve(proposal, checker, "ok", reviewed=review.facts_fingerprint(proposal))
    assert client.get(f"/api/v1/register/{entry.pk}").status_code == 410
    event = HistoryEvent.objects.get(action="record_removed_by_court")
    assert (event.actor_id, event.approver_id) == (maker.pk, checker.pk)


def test_roles_are_enforced(entry: Conviction, make_officer: Any, client: Client) -> None:
    assert client.get("/en/staff/register/").status_code == 302  # log in first
    client.force_login(make_officer("outsider"))
    assert client.get("/en/staff/register/").status_code == 403
    client.force_login(make_officer("checker", "approver"))
    assert client.get("/en/staff/register/").status_code == 200
    assert client.post(f"/en/staff/register/entries/{entry.pk}/remove/", {}).status_code == 403
    registrar = make_officer("reg", "registrar")
    proposal = proposals.propose_removal(registrar, entry, ground="acquitted", day=dt.date.today(), reason="r", document="d")
    client.force_login(registrar)
    assert client.post(f"/en/staff/register/proposals/{proposal.pk}/approve/").status_code == 403


def test_rejection_needs_a_reason_and_stays_as_a_trace(entry: Conviction, make_officer: Any) -> None:
    maker, checker = make_officer("maker", "registrar"), make_officer("checker", "approver")
    proposal = proposals.propose_removal(maker, entry, ground="acquitted", day=dt.date.today(), reason="r", document="d")
    proposals.reject(proposal, checker, "no ruling attached")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decided_by == checker
    assert entry.is_public_on(dt.date.today())


def test_failed_logins_are_rate_limited(db: Any, make_officer: Any, client: Client) -> None:
    make_officer("alice", "registrar")
    for _ in range(4):
        assert client.post("/en/login/", {"username": "alice", "password": "wrong"}).status_code == 200
    assert client.post("/en/login/", {"username": "alice", "password": "wrong"}).status_code == 429
    locked = client.post("/en/login/", {"username": "alice", "password": "correct horse battery"})
    assert locked.status_code == 429


def test_two_manual_entries_get_different_ids_and_a_pending_id_is_not_reused(db: Any, make_officer: Any) -> None:
    maker = make_officer("maker", "registrar")
    first = person_row("", "Жумабаев", "Даурен", serial=41)
    second = person_row("", "Омаров", "Ерлан", serial=42)
    a = proposals.propose_record(maker, first, reason="verdict by post", document="letter 1")
    b = proposals.propose_record(maker, second, reason="verdict by post", document="letter 2")
    assert a.payload["record_id"].startswith("manual-") and a.payload["record_id"] != b.payload["record_id"]
    with pytest.raises(RegisterError, match="already waiting"):
        proposals.propose_record(maker, {**second, "record_id": b.payload["record_id"]}, reason="again",
                                 document="letter 3")
