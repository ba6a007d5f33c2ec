"""Helpers for views: every HTML page links its JSON twin."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language


def twin_url(json_url: str) -> str:
    """The twin in the page's language: ``?lang=`` is added unless the URL says it already."""
    lang = (get_language() or "")[:2]
    if not lang or "lang" in parse_qs(urlsplit(json_url).query):
        return json_url
    return f"{json_url}{'&' if '?' in json_url else '?'}lang={lang}"


def render_with_twin(request: HttpRequest, template: str, context: dict[str, Any], json_url: str, *,
                     status: int = 200) -> HttpResponse:
    """Render a page that has a JSON twin: a visible link and a `Link: rel=alternate` header."""
    json_url = twin_url(json_url)
    response = render(request, template, {**context, "json_url": json_url}, status=status)
    response["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response
