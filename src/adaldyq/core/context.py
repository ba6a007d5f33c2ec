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
        "language_links": [(code, name, translate_url(path, code)) for code, name in settings.LANGUAGES],
    }
