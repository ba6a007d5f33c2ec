"""Daily quotas on the number of names an API token screens.

The per-minute rate limit counts calls, and one call holds up to 1,000 names, so it
does not bound how many candidates a caller can try (issue 10). A token may screen
`ApiToken.daily_names` names per Asia/Almaty calendar day, or
`settings.ADALDYQ_SCREEN_DAILY_QUOTA` when that field is empty.

A request is charged whole or refused whole. `check` refuses early, before any
matching; `charge` is the one that holds: it runs inside the transaction that logs
the screening and adds the request's names with one conditional UPDATE
(`names <= limit - asked`), so two simultaneous requests cannot both take the last
names (PostgreSQL re-evaluates the condition on the row the other one committed;
SQLite serialises writers). A refused request leaves the count as it was.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from adaldyq.core.errors import api_json
from adaldyq.core.models import ApiToken
from adaldyq.core.tokens import log_call
from adaldyq.screening.models import DailyNames

ALMATY = ZoneInfo("Asia/Almaty")
# The 429 of the endpoints that screen names, in their OpenAPI description.
OPENAPI_429 = {"description": "The token's per-minute rate limit is reached, or its daily quota of names would be "
                              "exceeded: nothing was screened or counted; Retry-After gives the seconds to wait",
               "headers": {"Retry-After": {"schema": {"type": "integer"},
                                           "description": "For the daily quota: seconds until midnight, Asia/Almaty"}}}


class QuotaExceeded(Exception):
    """The request would take the token past its daily quota; nothing was screened or counted."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def day_of(now: dt.datetime) -> dt.date:
    """The Asia/Almaty calendar day of an aware moment."""
    return now.astimezone(ALMATY).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of an Asia/Almaty day and of the next one."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=ALMATY)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=ALMATY)


def seconds_to_next_day(now: dt.datetime) -> int:
    """Whole seconds (at least 1) until the quota renews at the next Almaty midnight."""
    _, end = day_bounds(day_of(now))
    return max(1, math.ceil((end - now).total_seconds()))


def limit_of(token: ApiToken) -> int:
    return token.daily_names if token.daily_names is not None else settings.ADALDYQ_SCREEN_DAILY_QUOTA


def used(token: ApiToken, day: dt.date) -> int:
    return DailyNames.objects.filter(token=token, day=day).values_list("names", flat=True).first() or 0


def _refusal(token: ApiToken, asked: int, now: dt.datetime) -> QuotaExceeded:
    limit = limit_of(token)
    if asked > limit:
        message = (f"This request asks {asked} names, more than the token's daily quota of {limit}; "
                   "send fewer names per request.")
    else:
        message = (f"Daily quota of {limit} names reached: {used(token, day_of(now))} screened today, "
                   f"this request asks {asked}. The quota renews at midnight, Asia/Almaty time.")
    return QuotaExceeded(message, seconds_to_next_day(now))


def check(token: ApiToken, asked: int, now: dt.datetime | None = None) -> None:
    """Refuse early (QuotaExceeded) a request that cannot fit today; changes nothing."""
    now = now or timezone.now()
    if used(token, day_of(now)) + asked > limit_of(token):
        raise _refusal(token, asked, now)


def charge(token: ApiToken, asked: int, now: dt.datetime | None = None) -> int:
    """Add `asked` names to today's count, inside the caller's transaction; returns
    the new count. Raises QuotaExceeded (the count unchanged) when they do not fit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("quotas.charge must run inside the screening's transaction")
    now = now or timezone.now()
    day, limit = day_of(now), limit_of(token)
    if asked > limit:
        raise _refusal(token, asked, now)
    DailyNames.objects.bulk_create([DailyNames(token=token, day=day)], ignore_conflicts=True)
    fits = DailyNames.objects.filter(token=token, day=day, names__lte=limit - asked)
    if not fits.update(names=F("names") + asked):
        raise _refusal(token, asked, now)
    return used(token, day)


def too_many(request: HttpRequest, token: ApiToken, scope: str, exc: QuotaExceeded) -> JsonResponse:
    """The API's answer to a request the quota refused: 429 in the one JSON error
    shape, with Retry-After; the refusal is in the token's call log."""
    log_call(request, token, scope, 429, returned={"refused": "daily quota", "limit": limit_of(token)})
    response = api_json(429, str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response
