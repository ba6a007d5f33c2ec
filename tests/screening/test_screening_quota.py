"""Daily quotas on names screened through `POST /api/v1/screen`: a request is charged
whole or refused whole (429 in the one JSON error shape, with Retry-After; nothing
screened, nothing counted), the day is Asia/Almaty's, the default comes from settings
and a token may have its own; simultaneous requests on PostgreSQL never overshoot."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from tests.concurrency import at_once

from adaldyq.core import tokens
from adaldyq.core.models import ApiCall, ApiToken
from adaldyq.screening import quotas
from adaldyq.screening.models import DailyNames, Screening

ALMATY = quotas.ALMATY



def post(token: str, count: int, *, first: int = 0) -> Any:
    body = {"queries": [{"id": str(first + n), "name": "Омаров Ерлан"} for n in range(count)]}
    return Client().post("/api/v1/screen", json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")


def counted(token: ApiToken) -> int:
    return quotas.used(token, quotas.day_of(timezone.now()))


def test_a_request_that_would_cross_the_quota_is_refused_whole(db: Any) -> None:
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=5)
    assert post(issued.plaintext, 3).status_code == 200
    assert counted(issued.token) == 3
    refused = post(issued.plaintext, 3, first=3)
    assert refused.status_code == 429
    assert refused.json() == {"status": 429, "detail": refused.json()["detail"]}
    assert "Daily quota of 5 names reached: 3 screened today, this request asks 3" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 24 * 3600
    assert counted(issued.token) == 3 and Screening.objects.count() == 1  # nothing counted, nothing screened
    assert post(issued.plaintext, 2, first=3).status_code == 200  # exactly up to the quota
    assert counted(issued.token) == 5
    assert post(issued.plaintext, 1, first=5).status_code == 429
    assert counted(issued.token) == 5 and Screening.objects.count() == 2
    logged = ApiCall.objects.filter(token=issued.token, status=429)
    assert [c.returned for c in logged] == [{"refused": "daily quota", "limit": 5}] * 2


def test_retry_after_is_the_time_to_almaty_midnight(db: Any) -> None:
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=1)
    post(issued.plaintext, 1)
    before = timezone.now()
    refused = post(issued.plaintext, 1)
    midnight = quotas.day_bounds(quotas.day_of(before))[1]
    assert abs(int(refused["Retry-After"]) - (midnight - before).total_seconds()) <= 5


def test_more_names_than_the_whole_quota_is_told_to_send_fewer(db: Any) -> None:
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=10)
    refused = post(issued.plaintext, 11)
    assert refused.status_code == 429 and "more than the token's daily quota of 10" in refused.json()["detail"]
    assert not DailyNames.objects.exists() and not Screening.objects.exists()


def test_the_default_quota_comes_from_settings(db: Any, settings: Any) -> None:
    settings.ADALDYQ_SCREEN_DAILY_QUOTA = 4
    default = tokens.issue("default", ["screen"], rate_per_minute=100)
    own = tokens.issue("own", ["screen"], rate_per_minute=100, daily_names=8)
    assert [post(default.plaintext, 2).status_code for _ in range(3)] == [200, 200, 429]
    assert [post(own.plaintext, 2).status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    assert (counted(default.token), counted(own.token)) == (4, 8)  # counted per token


def test_bad_input_is_not_counted(db: Any) -> None:
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=5)
    body = {"queries": [{"id": "1", "name": "Омаров Ерлан"}], "lists": ["no-such-list"]}
    response = Client().post("/api/v1/screen", json.dumps(body), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {issued.plaintext}")
    assert response.status_code == 400
    assert counted(issued.token) == 0


def test_the_day_rolls_over_at_almaty_midnight(db: Any) -> None:
    """Charged at 23:59:59 and 00:00:00 Almaty time (18:59:59 and 19:00:00 UTC): two days."""
    token = tokens.issue("bank", ["screen"], daily_names=3).token
    late = dt.datetime(2026, 3, 1, 23, 59, 59, tzinfo=ALMATY)
    with transaction.atomic():
        quotas.charge(token, 3, late)
    with pytest.raises(quotas.QuotaExceeded) as refused, transaction.atomic():
        quotas.charge(token, 1, late)
    assert refused.value.retry_after == 1
    with transaction.atomic():
        assert quotas.charge(token, 3, late + dt.timedelta(seconds=1)) == 3
    assert dict(DailyNames.objects.values_list("day", "names")) == {dt.date(2026, 3, 1): 3, dt.date(2026, 3, 2): 3}
    assert quotas.day_of(dt.datetime(2026, 3, 1, 18, 59, 59, tzinfo=dt.UTC)) == dt.date(2026, 3, 1)
    assert quotas.day_of(dt.datetime(2026, 3, 1, 19, 0, 0, tzinfo=dt.UTC)) == dt.date(2026, 3, 2)


def test_yesterdays_count_does_not_hold_today(db: Any) -> None:
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=2)
    assert [post(issued.plaintext, 2).status_code for _ in range(2)] == [200, 429]
    DailyNames.objects.filter(token=issued.token).update(day=quotas.day_of(timezone.now()) - dt.timedelta(days=1))
    assert post(issued.plaintext, 2).status_code == 200  # a new day: the full quota again
    assert sorted(DailyNames.objects.values_list("names", flat=True)) == [2, 2]


def test_the_openapi_document_describes_the_429(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    for path in ("/api/v1/screen", "/api/v1/cooperation/screen"):
        response = document["paths"][path]["post"]["responses"]["429"]
        assert "daily quota" in response["description"] and "Retry-After" in response["headers"]
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


THREADS = 8


@pytest.mark.postgres
def test_simultaneous_requests_never_overshoot_the_quota(transactional_db: Any) -> None:
    """Eight requests of 3 names at once against a quota of 10: exactly three pass."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes every writer anyway")
    issued = tokens.issue("bank", ["screen"], rate_per_minute=100, daily_names=10)
    statuses = at_once(lambda: post(issued.plaintext, 3).status_code, THREADS)
    assert sorted(statuses) == [200] * 3 + [429] * 5
    assert counted(issued.token) == 9 and Screening.objects.count() == 3
