"""Uploaded documents: what may be stored, and how it is served back.

Officers upload evidence, recovery documents, cooperation letters and reports, and
other officers open them, so an upload must never run in the reader's session (issue
10: an HTML "evidence" file was served inline as text/html on the staff origin).
Three locks:

1. **Allow-list at upload.** `check(head, name)` decides a document's type from its
   actual bytes (the `filetype` library), never from the name or the browser's claim,
   and accepts only `ALLOWED` types whose extension agrees. HTML, SVG, XML, scripts and
   anything unknown are refused. Forms use `DocumentField`; models add
   `validate_document` so the admin applies it too.
2. **Attachment with no sniffing.** `serve(file)` answers with `Content-Disposition:
   attachment`, `X-Content-Type-Options: nosniff`, and the type found again from the
   stored bytes, or `application/octet-stream` if they are not on the list (files
   stored before the list existed).
3. **A sandbox.** The response carries `Content-Security-Policy: default-src 'none';
   sandbox`, so even a browser that renders it runs nothing and loads nothing.

Documents are read and written through Django's storage API only (local folder or an
S3-compatible bucket, see `deployment.document_storage`), never from a public URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]


ALLOWED: tuple[Kind, ...] = (
    Kind("application/pdf", (".pdf",)),
    Kind("image/png", (".png",)),
    Kind("image/jpeg", (".jpg", ".jpeg")),
    Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    Kind("application/vnd.oasis.opendocument.text", (".odt",)),
    Kind("application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    Kind("text/plain", (".txt",)),
    Kind("text/csv", (".csv",)),
)
EXTENSIONS = tuple(sorted(e for k in ALLOWED for e in k.extensions))
SNIFF_BYTES = 8192
# Markup a browser would render, looked for at the start of "text": refused.
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body", b"<iframe", b"<object")


class DocumentRefused(ValueError):
    """The upload is not a document type we store; the message says why."""


def _text_kind(head: bytes) -> bool:
    """Plain text: UTF-8 (a multi-byte character cut at the end of `head` is fine),
    no NUL or other binary control bytes, and not markup."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not any(start.startswith(m) or m in start[:1024] for m in _MARKUP)


def content_type(head: bytes, name: str) -> str | None:
    """The allowed type of a document from its first bytes and its name, or None."""
    extension = PurePath(name).suffix.lower()
    guessed = filetype.guess_mime(head) if head else None
    for kind in ALLOWED:
        if extension not in kind.extensions:
            continue
        if guessed == kind.content_type or (guessed is None and kind.content_type.startswith("text/")
                                            and _text_kind(head)):
            return kind.content_type
    return None


def check(head: bytes, name: str) -> str:
    """The document's type, or DocumentRefused saying what is accepted."""
    found = content_type(head, name)
    if found is None:
        raise DocumentRefused(
            f"'{PurePath(name).name}' is not an accepted document: send a file of one of these types, "
            f"with its usual extension: {', '.join(EXTENSIONS)}."
        )
    return found


def _head(file: Any) -> bytes:
    file.seek(0)
    head = bytes(file.read(SNIFF_BYTES))
    file.seek(0)
    return head


def validate_document(file: File[Any] | None) -> None:
    """Django validator (forms and model fields) applying `check` to an upload."""
    if not file:
        return
    name = file.name or ""
    if content_type(_head(file), name) is None:
        raise ValidationError(
            _("'%(name)s' is not an accepted document: send a file of one of these types, with its usual "
              "extension: %(types)s."), code="document_type",
            params={"name": PurePath(name).name, "types": ", ".join(EXTENSIONS)})



ALLOWED_HELP = _("Accepted: PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, plain text and CSV.")


class DocumentField(forms.FileField):
    """A file input that accepts only `ALLOWED` documents (checked on their bytes)."""

    default_validators = [validate_document]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", ALLOWED_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "accept": ",".join(EXTENSIONS)}


SANDBOX_POLICY = "default-src 'none'; sandbox"


def serve(file: File[Any], *, filename: str | None = None) -> FileResponse:
    """Stream a stored document as an attachment that cannot run (see module doc)."""
    name = filename or PurePath(file.name or "document").name
    handle = file.open("rb")
    found = content_type(_head(handle), name)
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=(f"{found}; charset=utf-8" if found and found.startswith("text/")
                                          else found or "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response

