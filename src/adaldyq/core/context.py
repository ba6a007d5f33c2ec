"""Template context every page gets: demo mode, language links, the JSON twin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from adaldyq.core import flags


def site(request: HttpRequest) -> dict[str, Any]:
    path = request.get_full_path()
    return {
        "demo_mode": flags.demo_mode(),
        "language_links": [(code, name, language_url(path, code)) for code, name in settings.LANGUAGES],
    }


def language_url(path: str, code: str) -> str:
    """The same page in language `code`. Pages live under /<lang>/ with the same words
    in every language, so swapping the prefix is enough (and costs nothing, where
    Django's translate_url resolves and reverses the path, three times a page)."""
    _empty, first, rest = (path.split("/", 2) + ["", ""])[:3]
    if first in {c for c, _name in settings.LANGUAGES} and path.startswith(f"/{first}/"):
        return f"/{code}/{rest}"
    return translate_url(path, code)
