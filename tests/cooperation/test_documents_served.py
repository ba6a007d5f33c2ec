"""Request documents: checked on their bytes at upload, served as attachments that
cannot run, only to cooperation staff (before issue 10 they linked to /media/...)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adaldyq.cooperation import services
from adaldyq.cooperation.models import RequestDocument
from tests.core.test_documents import HTML, assert_cannot_run


def test_request_documents_are_checked_and_served_safely(client: Client, officer: Any, vietnam: Any,
                                                         make_officer: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    request = services.create_request(direction="outgoing", kind="information", partner=vietnam,
                                      legal_basis="MoU", actor_id=officer.pk, due_on=dt.date(2027, 1, 1))
    client.force_login(officer)
    url = f"/en/staff/cooperation/requests/{request.reference}/documents/"
    form = {"doc-doc_title": "Letter", "doc-doc_number": "1", "doc-doc_dated": "2024-02-01"}
    refused = client.post(url, {**form, "doc-doc_file": SimpleUploadedFile("letter.html", HTML)})
    assert refused.status_code == 400 and b"not an accepted document" in refused.content
    assert not RequestDocument.objects.exists()
    sent = client.post(url, {**form, "doc-doc_file": SimpleUploadedFile("letter.txt", b"Dear colleagues")})
    assert sent.status_code == 302
    document = RequestDocument.objects.get()
    link = client.get(f"/en/staff/cooperation/requests/{request.reference}.json").json()["documents"][0]["file"]
    assert link.endswith(f"/documents/{document.pk}/file")
    assert_cannot_run(client.get(link), "text/plain; charset=utf-8")
    client.force_login(make_officer("outsider", "registrar"))
    assert client.get(link).status_code == 403
