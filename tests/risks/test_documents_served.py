"""Evidence and published reports cannot run in a reader's session (issue 10: an HTML
file uploaded as evidence was served inline as text/html on the staff origin)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adaldyq.risks.models import Evidence, Recommendation
from tests.core.test_documents import HTML, PDF, assert_cannot_run

STAFF = "/en/staff/risks/"


def _report(client: Client, upload: SimpleUploadedFile) -> Any:
    return client.post(STAFF + "recommendations/A2/act/", {
        "action": "report", "comment": "done", "document_reference": "Order 5", "document_file": upload})


def test_html_evidence_is_refused_and_nothing_changes(client: Client, world: Any, media: Any) -> None:
    client.force_login(world.officer_a)
    response = _report(client, SimpleUploadedFile("evidence.html", HTML, content_type="application/pdf"))
    assert response.status_code == 302
    assert "not an accepted document" in client.get(response["Location"]).content.decode()
    assert Recommendation.objects.get(code="A2").status == "in_progress"
    assert not Evidence.objects.exists()


def test_evidence_is_served_as_an_attachment_that_cannot_run(client: Client, world: Any, media: Any) -> None:
    client.force_login(world.officer_a)
    assert _report(client, SimpleUploadedFile("order.pdf", PDF)).status_code == 302
    good = Evidence.objects.get()
    # A file stored before the allow-list existed, with HTML inside: still cannot run.
    legacy = Evidence(recommendation=world.a2, history_seq=good.history_seq, reference="Old upload")
    legacy.file.save("old.html", ContentFile(HTML), save=True)
    client.force_login(world.analyst)
    pdf = client.get(f"{STAFF}evidence/{good.pk}/")
    assert_cannot_run(pdf, "application/pdf")
    assert b"".join(pdf.streaming_content) == PDF
    assert_cannot_run(client.get(f"{STAFF}evidence/{legacy.pk}/"), "application/octet-stream")


def test_published_report_is_an_attachment(client: Client, world: Any, media: Any) -> None:
    world.analysis.report.save("ea-1.pdf", ContentFile(PDF), save=False)
    world.analysis.report_published = True
    world.analysis.save()
    assert_cannot_run(client.get("/en/risks/reports/ea-1/"), "application/pdf")
