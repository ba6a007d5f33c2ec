"""Asset documents: checked on their bytes at upload, served as attachments that
cannot run, only to recovery officers (before issue 10 they linked to /media/...)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adaldyq.recovery.models import AssetDocument
from tests.core.test_documents import PNG, SVG, assert_cannot_run


def test_asset_documents_are_checked_and_served_safely(client: Client, world: Any, make_officer: Any,
                                                       settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    url = world.home.get_absolute_url().replace("/kk/", "/en/", 1)
    client.force_login(make_officer("ruslan", "recovery_officer"))
    form = {"form": "document", "doc-kind": "other", "doc-number": "7", "doc-dated": "2026-01-20"}
    refused = client.post(url, {**form, "doc-file": SimpleUploadedFile("x.svg", SVG)})
    assert refused.status_code == 200 and b"not an accepted document" in refused.content
    assert not AssetDocument.objects.exists()
    assert client.post(url, {**form, "doc-file": SimpleUploadedFile("act.png", PNG)}).status_code == 302
    document = AssetDocument.objects.get()
    download = f"/en/staff/assets/document/{document.pk}/file"
    assert download in client.get(url).content.decode()
    assert_cannot_run(client.get(download), "image/png")
    client.force_login(make_officer("outsider", "registrar"))
    assert client.get(download).status_code == 403
