"""The second officer sees what a formal request says before sending it, the sender
cannot send their own, and the agreement drop-down says whose each agreement is."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from adaldyq.cooperation import services
from adaldyq.cooperation.models import CooperationRequest, Partner


def _awaiting(partner: Partner, officer: Any) -> CooperationRequest:
    request = services.create_request(direction="outgoing", kind="freezing", partner=partner,
                                      agreement=partner.agreements.get(), legal_basis="UNCAC art. 54",
                                      summary="Freeze the villa", actor_id=officer.pk,
                                      due_on=dt.date(2027, 3, 1))
    services.add_subject(request, kind="person", name="Synthetic Subject One", country="VN", actor_id=officer.pk)
    services.add_document(request, services.NewDocument("Draft request", dt.date(2026, 2, 1), "D-7"), officer.pk)
    return services.move(request, "awaiting_approval", actor_id=officer.pk)


def _send(client: Client, request: CooperationRequest, reviewed: str) -> Any:
    return client.post(f"/en/staff/cooperation/requests/{request.reference}/move/", {
        "move-target": "sent", "move-doc_title": "Signed letter", "move-doc_dated": "2026-02-03",
        "move-reviewed": reviewed,
    })


def test_the_second_officer_sees_what_is_sent_and_sends_it(client: Client, vietnam: Partner, officer: Any,
                                                            second_officer: Any) -> None:
    request = _awaiting(vietnam, officer)
    client.force_login(second_officer)
    page = client.get(f"/en/staff/cooperation/requests/{request.reference}/").content.decode()
    panel = page[page.index("For the second officer"):page.index('<h2>Subjects</h2>')]
    for text in ("Demo agency VN-GI", "Memorandum with VN-GI", "UNCAC art. 54", "2027-03-01",
                 "Synthetic Subject One", "Draft request", "D-7", "aigerim"):
        assert text in panel, text
    reviewed = re.search(r'name="move-reviewed" value="([0-9a-f]{64})"', page)
    assert reviewed is not None
    services.add_subject(request, kind="company", name="Added Later LLP", actor_id=officer.pk)
    stale = _send(client, request, reviewed[1])
    assert stale.status_code == 400 and "changed since you opened it" in stale.content.decode()
    assert "Added Later LLP" in stale.content.decode()
    assert CooperationRequest.objects.get(pk=request.pk).status == "awaiting_approval"
    fresh = re.search(r'name="move-reviewed" value="([0-9a-f]{64})"', stale.content.decode())
    assert fresh is not None and fresh[1] != reviewed[1]
    assert _send(client, request, fresh[1]).status_code == 302
    assert CooperationRequest.objects.get(pk=request.pk).status == "sent"


def test_the_submitter_is_told_and_refused(client: Client, vietnam: Partner, officer: Any) -> None:
    request = _awaiting(vietnam, officer)
    client.force_login(officer)
    page = client.get(f"/en/staff/cooperation/requests/{request.reference}/").content.decode()
    assert "another officer must send it" in page
    reviewed = re.search(r'name="move-reviewed" value="([0-9a-f]{64})"', page)
    assert reviewed is not None
    refused = _send(client, request, reviewed[1])
    assert refused.status_code == 400 and "cannot also send" in refused.content.decode()
    assert CooperationRequest.objects.get(pk=request.pk).status == "awaiting_approval"


def test_the_agreement_drop_down_names_the_partner(client: Client, vietnam: Partner, turkey: Partner,
                                                   officer: Any) -> None:
    client.force_login(officer)
    page = client.get("/en/staff/cooperation/requests/new/").content.decode()
    select = page[page.index('name="agreement"'):]
    select = select[:select.index("</select>")]
    assert "Demo agency VN-GI — Memorandum with VN-GI" in select
    assert "Demo agency TR-MASAK — Memorandum with TR-MASAK" in select
