"""Log-in lockout: per (user name, address) as before, and now also per address, so
that spraying a few guesses over many user names from one address is stopped
(issue 10: the lockout was per (user name, address) only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/en/login/"


def attempt(client: Client, username: str, address: str, password: str = "wrong password") -> int:  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code


def test_spraying_user_names_from_one_address_is_locked_out(client: Client, make_officer: Any) -> None:
    make_officer("alice", "registrar")
    statuses = [attempt(client, f"user{i}", "203.0.113.7") for i in range(20)]
    assert statuses[:19] == [200] * 19 and statuses[19] == 429
    # Locked for every name from there, even with the right password...
    assert attempt(client, "alice", "203.0.113.7", "correct horse battery") == 429
    # ...but not from another address.
    assert attempt(client, "alice", "198.51.100.4", "correct horse battery") == 302


def test_one_name_is_still_locked_after_five_failures(client: Client, make_officer: Any) -> None:
    make_officer("bob", "registrar")
    assert [attempt(client, "bob", "203.0.113.8") for _ in range(5)] == [200, 200, 200, 200, 429]
    assert attempt(client, "bob", "203.0.113.8", "correct horse battery") == 429
    # A colleague behind the same address is not locked out by bob's typos.
    make_officer("carol", "registrar")
    assert attempt(client, "carol", "203.0.113.8", "correct horse battery") == 302
