"""Per-address rate limits on the public site: 429 with Retry-After, a localized page or a
JSON error, counted per address (IPv6 per /64, behind trusted proxies by X-Forwarded-For),
and never on staff pages. Counting is one atomic upsert into the database's RateCount."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client

from adaldyq.core import ratelimits
from adaldyq.core.models import RateCount
from tests.clock import inside_a_rate_window
from tests.concurrency import at_once

LIMITS = {"search": "3/m", "pages": "5/m", "exports": "2/h", "log": "4/m"}


@pytest.fixture
def limited(settings: Any, db: Any) -> Iterator[None]:
    settings.ADALDYQ_RATE_LIMITS = LIMITS
    inside_a_rate_window()
    cache.clear()
    yield
    cache.clear()


def _statuses(client: Client, path: str, n: int, **extra: Any) -> list[int]:
    return [client.get(path, **extra).status_code for _ in range(n)]


def test_searches_over_the_limit_get_429_with_retry_after(limited: None, client: Client) -> None:
    assert _statuses(client, "/api/v1/register", 3, data={"q": "Abilov"}) == [200] * 3
    refused = client.get("/api/v1/register", {"q": "Abilov", "lang": "ru"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("application/json")
    assert "Слишком много запросов" in refused.json()["detail"]
    assert refused["Cache-Control"] == "private, no-store"
    page = client.get("/kk/register/", {"q": "Abilov"})
    assert page.status_code == 429 and "Сұраулар тым көп" in page.content.decode()
    assert page["Content-Type"].startswith("text/html") and page["Retry-After"]


def test_buckets_are_separate(limited: None, client: Client) -> None:
    assert _statuses(client, "/api/v1/register", 4, data={"q": "Abilov"})[-1] == 429
    assert _statuses(client, "/en/register/", 5) == [200] * 5  # browsing still works after searching
    assert client.get("/en/").status_code == 429
    assert _statuses(client, "/exports/register.csv", 3) == [200, 200, 429]


def test_each_address_has_its_own_count(limited: None, client: Client) -> None:
    assert _statuses(client, "/en/", 6, REMOTE_ADDR="198.51.100.7")[-1] == 429
    assert client.get("/en/", REMOTE_ADDR="198.51.100.8").status_code == 200
    # One IPv6 /64 is one household or phone: counted together.
    assert _statuses(client, "/en/", 5, REMOTE_ADDR="2001:db8:1:2::10") == [200] * 5
    assert client.get("/en/", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert client.get("/en/", REMOTE_ADDR="2001:db8:1:3::10").status_code == 200


def test_forwarded_for_is_believed_only_from_trusted_proxies(limited: None, settings: Any, client: Client) -> None:
    # Without a trusted proxy, a client cannot dodge its limit with a made-up header.
    spoofed = [client.get("/en/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(6)]
    assert spoofed[-1] == 429
    settings.ADALDYQ_TRUSTED_PROXIES = 1
    # Behind one proxy, the address it appended is the visitor's; what the visitor wrote before it is not.
    assert _statuses(client, "/en/", 5, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50") == [200] * 5
    assert client.get("/en/", HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.50").status_code == 429
    assert client.get("/en/", HTTP_X_FORWARDED_FOR="203.0.113.51").status_code == 200


def test_staff_and_log_in_pages_are_not_counted(limited: None, client: Client, make_officer: Any) -> None:
    assert _statuses(client, "/en/login/", 8) == [200] * 8
    client.force_login(make_officer("registrar1", "registrar"))
    assert _statuses(client, "/en/staff/register/", 8) == [200] * 8


def test_a_limit_can_be_lifted(settings: Any, db: Any, client: Client) -> None:
    settings.ADALDYQ_RATE_LIMITS = {**LIMITS, "pages": ""}
    cache.clear()
    assert _statuses(client, "/en/", 8) == [200] * 8


def test_the_transparency_log_counts_in_its_own_bucket(limited: None, client: Client) -> None:
    """A verifier fetches thousands of tiles: /log/ has its own (larger) limit and does not
    use up the visitor's page limit."""
    from django.test import RequestFactory

    from adaldyq.core.ratelimits import LOG, bucket

    assert bucket(RequestFactory().get("/log/tile/0/000")) == LOG
    statuses = _statuses(client, "/log/checkpoint", 5)
    assert statuses[-1] == 429 and 429 not in statuses[:4]
    assert client.get("/en/register/").status_code == 200


def test_rates_are_read_or_refused_with_a_clear_message() -> None:
    assert ratelimits.parse_rate("300/m") == (300, 60)
    assert ratelimits.parse_rate("30/5m") == (30, 300)
    assert ratelimits.parse_rate("12000/d") == (12000, 86400)
    for wrong in ("300", "300/w", "0/m", "x/m", "10/0m"):
        with pytest.raises(ImproperlyConfigured, match="is not N/s"):
            ratelimits.parse_rate(wrong)


def test_a_new_window_starts_the_count_again(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000_000.0]  # a minute boundary: 16,666,666 minutes and 40 s
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert [ratelimits.count("search:192.0.2.1", 60)[0] for _ in range(3)] == [1, 2, 3]
    assert ratelimits.count("search:192.0.2.1", 60)[1] == 20  # seconds until the window closes
    assert ratelimits.count("pages:192.0.2.1", 60)[0] == 1  # another key, another count
    now[0] += 20
    assert ratelimits.count("search:192.0.2.1", 60) == (1, 60)
    assert RateCount.objects.count() == 2  # one row per key, reused
    long_key = "pages:" + "x" * 200  # what a proxy might pass on that is not an address
    assert [ratelimits.count(long_key, 60)[0] for _ in range(2)] == [1, 2]


THREADS = 8


@pytest.mark.postgres
def test_simultaneous_requests_each_get_their_own_count(transactional_db: Any) -> None:
    """Eight servers' threads counting the same address at once: no count is lost (a
    read-then-write counter, like Django's database cache's incr, loses some)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes every writer anyway")
    inside_a_rate_window()

    def ask() -> list[int]:
        return [ratelimits.count("search:198.51.100.1", 3600)[0] for _ in range(25)]

    counts = [n for outcome in at_once(ask, THREADS) for n in outcome]  # type: ignore[union-attr]
    assert sorted(counts) == list(range(1, THREADS * 25 + 1))


def test_a_mistyped_limit_stops_the_site_at_start_up(settings: Any) -> None:
    settings.ADALDYQ_RATE_LIMITS = {**LIMITS, "search": "300 per minute"}
    with pytest.raises(ImproperlyConfigured, match="'300 per minute' is not N/s"):
        ratelimits.PublicRateLimitMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
