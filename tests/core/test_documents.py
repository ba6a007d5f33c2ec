"""Uploaded documents cannot run: an allow-list checked on the bytes at upload, and
every download an attachment with nosniff and a sandboxing CSP (issue 10: evidence
uploaded to a recommendation was served back inline as text/html on the staff origin).

The rules here; each part's upload and download through its pages are tested in
tests/risks/test_documents_served.py, tests/recovery/..., tests/cooperation/... .
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from adaldyq.core import documents

HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/recommendations')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
PDF = b"%PDF-1.4\n% evidence\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def _zip(*entries: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("order.pdf", PDF, "application/pdf"),
    ("photo.png", PNG, "image/png"),
    ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    ("letter.docx", _zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("table.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("letter.odt", _zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")),
     "application/vnd.oasis.opendocument.text"),
    ("note.txt", "Приказ № 5 от 1 марта".encode(), "text/plain"),
    ("rows.csv", b"id,amount\n1,-5\n", "text/csv"),
])
def test_allowed_documents_are_recognised_by_their_bytes(name: str, data: bytes, expected: str) -> None:
    assert documents.check(data, name) == expected


@pytest.mark.parametrize(("name", "data"), [
    ("evidence.html", HTML),
    ("evidence.txt", HTML),            # markup under a harmless name
    ("evidence.txt", b"\n  <svg onload=alert(1)>"),
    ("chart.svg", SVG),
    ("evidence.pdf", HTML),            # the name lies about the bytes
    ("photo.png", PDF),                # a real type, but not the one named
    ("archive.zip", _zip(("a.txt", "x"))),
    ("tool.exe", b"MZ\x90\x00\x03"),
    ("data.txt", b"binary\x00\x01\x02"),
    ("noextension", PDF),
])
def test_other_uploads_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(documents.DocumentRefused, match="not an accepted document"):
        documents.check(data, name)


def assert_cannot_run(response: Any, content_type: str) -> None:
    """A download that no browser will render or run (used by each part's tests)."""
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
