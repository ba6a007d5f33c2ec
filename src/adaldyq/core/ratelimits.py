"""Per-address rate limits on the public site: pages, the public API and open-data exports.

A citizen is never asked to log in, so the only handle on a flood is the address it
comes from. Each request of the public site counts against one bucket of its address:

* ``search``: a request with a name query (``?q=``), the costliest thing a citizen can ask;
* ``exports``: the open-data files under ``/exports/`` (each is the whole register);
* ``pages``: every other public page and API call.

Over the limit the answer is 429 with ``Retry-After``: a short page in the visitor's
language, or a JSON error under ``/api/``. Staff pages, the admin, log-in and static
files are not counted (staff are authenticated; log-ins have their own lockout).

The limits are generous on purpose: many citizens share one address behind a mobile
operator's or an office's NAT. They are set by environment variables (see
``settings.py`` and docs/deployment.md) in django-ratelimit's notation ``N/s|m|h|d``;
an empty value or ``off`` lifts a limit. Counting uses django-ratelimit over Django's
default cache, so every application server shares the same counters.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

SEARCH, EXPORTS, PAGES = "search", "exports", "pages"
# Not counted: authenticated staff areas, log-in (django-axes locks it), static files, health.
EXEMPT_PARTS = frozenset({"staff", "admin", "login", "logout", "static", "health", "i18n", "favicon.ico"})


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def bucket(request: HttpRequest) -> str | None:
    """Which limit a request counts against, or None when it is not a public request."""
    parts = [p for p in request.path_info.split("/") if p]
    if parts and parts[0] in _languages():
        parts = parts[1:]
    if parts and parts[0] in EXEMPT_PARTS:
        return None
    if parts and parts[0] == "exports":
        return EXPORTS
    if request.GET.get("q", "").strip():
        return SEARCH
    return PAGES


def client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the address the nearest of our
    ADALDYQ_TRUSTED_PROXIES reverse proxies saw in X-Forwarded-For. An IPv6 visitor
    is counted by /64 network, since one household or phone holds a whole /64."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.ADALDYQ_TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _key(group: str, request: HttpRequest) -> str:
    return client_address(request)


class PublicRateLimitMiddleware:
    """Counts each public request against its address's bucket; 429 when over."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        group = bucket(request)
        rate = settings.ADALDYQ_RATE_LIMITS.get(group) if group else None
        if group and rate:
            usage = get_usage(request, group=f"public-{group}", key=_key, rate=rate, increment=True)
            if usage is not None and usage["should_limit"]:
                return too_many(request, max(1, int(usage["time_left"])))
        return self.get_response(request)


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with Retry-After: JSON under /api/, a page in the visitor's language elsewhere."""
    if request.path_info.startswith("/api/"):
        lang = request.GET.get("lang", "en")
        with translation.override(lang if lang in _languages() else "en"):
            body = {"detail": _("Too many requests from your address. Try again in %(seconds)d seconds.")
                    % {"seconds": retry_after}}
        response = HttpResponse(json.dumps(body, ensure_ascii=False), status=429,
                                content_type="application/json; charset=utf-8")
    else:
        response = render(request, "core/rate_limited.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"  # a shared cache must never serve one visitor's 429 to others
    return response
