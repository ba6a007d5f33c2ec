"""Error pages: in the reader's language and the site's layout, and JSON under /api/.

Django calls these for 400, 403, 404 and 500 (`handler400` ... in urls.py) and for a
refused CSRF check. The language is the one the URL prefix chose (/kk/, /ru/, /en/).
The 500 page must render even when the database is what failed, so it falls back to
a page that needs no database.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The address or the form sent to the site could not be understood.")),
        403: (_("Access denied"), _("You do not have the right to see this page or to take this action. "
                                     "Staff pages need a log-in and the role for them.")),
        404: (_("Page not found"), _("There is no page at this address. It may have moved, or an entry may have "
                                     "left the register.")),
        500: (_("Something went wrong on our side"), _("The error has been logged. Please try again later.")),
    }


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_json(status: int, detail: str) -> JsonResponse:
    """The one shape of an error under /api/ that Django (not the API) answers."""
    return JsonResponse({"detail": detail, "status": status}, status=status)


def _render(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    title, text = _messages()[status]
    if _is_api(request):
        return api_json(status, detail or title)
    body = loader.render_to_string("core/error.html", {"status": status, "title": title, "text": text,
                                                       "detail": detail}, request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, 403, _("The form expired or was sent from another site: reload the page and try again."))


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _render(request, 500)
    except Exception:  # the layout needs the database (user, demo flag); it may be what failed
        logger.exception("the 500 page could not be rendered with the site layout")
        title, text = _messages()[500]
        if _is_api(request):
            return api_json(500, title)
        return HttpResponse(f"<!doctype html><meta charset=utf-8><title>{title}</title><h1>{title}</h1><p>{text}</p>",
                            status=500)
