"""Helpers for views: every HTML page links its JSON twin."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_with_twin(request: HttpRequest, template: str, context: dict[str, Any], json_url: str, *,
                     status: int = 200) -> HttpResponse:
    """Render a page that has a JSON twin: a visible link and a `Link: rel=alternate` header."""
    response = render(request, template, {**context, "json_url": json_url}, status=status)
    response["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response
