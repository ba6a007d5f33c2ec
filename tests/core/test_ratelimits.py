"""Per-address rate limits on the public site: 429 with Retry-After, a localized page or a
JSON error, counted per address (IPv6 per /64, behind trusted proxies by X-Forwarded-For),
and never on staff pages. Counting runs over the configured default cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

LIMITS = {"search": "3/m", "pages": "5/m", "exports": "2/h"}


@pytest.fixture
def limited(settings: Any, db: Any) -> Iterator[None]:
    settings.ADALDYQ_RATE_LIMITS = LIMITS
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
