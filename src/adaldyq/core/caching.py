"""Cache-Control and validators, so a reverse proxy or CDN can serve the public site's
repeat reads and can never store anything private.

`CachePolicyMiddleware` decides for every response:

* ``private, no-store`` for staff pages, the admin, log-in, anything answering a request
  that carries credentials (an ``Authorization`` header, a session cookie), any response
  that sets a cookie or used the CSRF token, every method but GET/HEAD, and every status
  but 200, 304, 404 and 410 (a 429 is one visitor's, a redirect may follow a cookie);
* ``public, max-age=ADALDYQ_PUBLIC_MAX_AGE`` (default 60 s) for everything else: public
  pages, the public API and the open-data exports, as seen by an anonymous visitor.

Public answers carry an ``ETag``: a view's own cheap validator when it declares one
(`django.views.decorators.http.condition`, as the register does from its last change),
else Django's `ConditionalGetMiddleware` hashes the body. A conditional GET whose
validator still matches gets 304 Not Modified.

A response whose view already set ``Cache-Control`` keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

PRIVATE_PARTS = frozenset({"staff", "admin", "login", "logout", "i18n"})
PUBLIC_STATUSES = frozenset({200, 304, 404, 410})


def is_public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """True when this answer is the same for every anonymous visitor and may be shared."""
    if request.method not in ("GET", "HEAD") or response.status_code not in PUBLIC_STATUSES:
        return False
    parts = [p for p in request.path_info.split("/") if p]
    if parts and parts[0] in {code for code, _name in settings.LANGUAGES}:
        parts = parts[1:]
    if parts and parts[0] in PRIVATE_PARTS:
        return False
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class CachePolicyMiddleware:
    """Sets Cache-Control on every response that has none (see the module docstring).

    Place it above SessionMiddleware and CsrfViewMiddleware, so that it sees the cookies
    they set, and above ConditionalGetMiddleware, so that a 304 gets the same policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.ADALDYQ_PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
