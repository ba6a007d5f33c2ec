"""Language of requests outside the language-prefixed pages.

Pages live under /kk/, /ru/ and /en/. The API and the open-data files do not, and
read the language from ``?lang=kk|ru|en`` (every page's JSON twin link carries it,
see `core.http.render_with_twin`), else from the Accept-Language header as Django's
LocaleMiddleware, which runs before this one, already did.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from adaldyq.core.multilingual import LANGS


class QueryLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.GET.get("lang", "")
        prefixed = request.path_info[1:3] in LANGS and request.path_info[3:4] == "/"
        if lang in LANGS and not prefixed:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if lang in LANGS and not prefixed:
            response.headers.setdefault("Content-Language", lang)
        return response
