"""Per-address rate limits on the public site: pages, the public API and open-data exports.

A citizen is never asked to log in, so the only handle on a flood is the address it
comes from. Each request of the public site counts against one bucket of its address:

* ``search``: a request with a name query (``?q=``), the costliest thing a citizen can ask;
* ``exports``: the open-data files under ``/exports/`` (each is the whole register);
* ``log``: the transparency log's checkpoint and tiles under ``/log/`` (a verifier of
  a large log fetches thousands of small, cacheable tiles in one run);
* ``pages``: every other public page and API call.

Over the limit the answer is 429 with ``Retry-After``: a short page in the visitor's
language, or a JSON error under ``/api/``. Staff pages, the admin, log-in and static
files are not counted (staff are authenticated; log-ins have their own lockout).

The limits are generous on purpose: many citizens share one address behind a mobile
operator's or an office's NAT. They are set by environment variables (see
``settings.py`` and docs/deployment.md) as ``N/s|m|h|d`` (or ``N/5m``: N in five
minutes); an empty value or ``off`` lifts a limit.

Counting is one atomic upsert into `RateCount` in the database, so every application
server shares the same counters and concurrent requests never lose a count. (Django's
database cache, used before through django-ratelimit, is neither: its ``incr`` is a read
then a write, and it culls entries beyond a few hundred, erasing counters in a burst.)
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from adaldyq.core.models import RateCount

SEARCH, EXPORTS, LOG, PAGES = "search", "exports", "log", "pages"
# Not counted: authenticated staff areas, log-in (django-axes locks it), static files, health.
EXEMPT_PARTS = frozenset({"staff", "admin", "login", "logout", "static", "health", "i18n", "favicon.ico"})
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
STALE_SECONDS = 86400  # rows of addresses not seen for a day are deleted, now and then
KEY_LENGTH = RateCount._meta.get_field("key").max_length or 80


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
    if parts and parts[0] == "log":
        return LOG
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


@functools.lru_cache(maxsize=64)
def parse_rate(rate: str) -> tuple[int, int]:
    """"300/m" -> (300 requests, 60 seconds); "30/5m" -> (30, 300)."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", rate)
    if not found or int(found[1]) < 1 or found[2] == "0":
        raise ImproperlyConfigured(f"Rate limit {rate!r} is not N/s, N/m, N/h or N/d (for example 300/m), or off.")
    return int(found[1]), int(found[2] or 1) * UNIT_SECONDS[found[3]]


def count(key: str, period: int) -> tuple[int, int]:
    """Count one request under `key` in the current fixed window of `period` seconds:
    (requests in this window so far, seconds until it closes). One statement, so
    concurrent requests on any server each get their own number."""
    key = key[:KEY_LENGTH]  # an address a proxy passed on that is not an IP can be any length
    now = time.time()
    window_ends = (int(now) // period + 1) * period
    table = connection.ops.quote_name(RateCount._meta.db_table)
    k, ends, n = (connection.ops.quote_name(c) for c in ("key", "window_ends", "count"))
    new_window = f"r.{ends} < excluded.{ends}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS r ({k}, {ends}, {n}) VALUES (%s, %s, 1) ON CONFLICT ({k}) DO UPDATE SET "  # noqa: S608
            f"{n} = CASE WHEN {new_window} THEN 1 ELSE r.{n} + 1 END, "
            f"{ends} = CASE WHEN {new_window} THEN excluded.{ends} ELSE r.{ends} END RETURNING {n}, {ends}",
            [key, window_ends])
        counted, closes = cursor.fetchone()
        if counted == 1 and secrets.randbelow(1000) == 0:
            # Now and then, on a new window: forget addresses that have gone quiet.
            cursor.execute(f"DELETE FROM {table} WHERE {ends} < %s", [int(now) - STALE_SECONDS])  # noqa: S608
    return int(counted), max(1, int(closes - now))


class PublicRateLimitMiddleware:
    """Counts each public request against its address's bucket; 429 when over."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        for rate in settings.ADALDYQ_RATE_LIMITS.values():
            if rate:
                parse_rate(rate)  # a mistyped limit stops the site at start-up, named

    def __call__(self, request: HttpRequest) -> HttpResponse:
        group = bucket(request)
        rate = settings.ADALDYQ_RATE_LIMITS.get(group) if group else None
        if group and rate:
            limit, period = parse_rate(rate)
            counted, seconds_left = count(f"{group}:{client_address(request)}", period)
            if counted > limit:
                return too_many(request, seconds_left)
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
