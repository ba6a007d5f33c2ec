"""Shared test fixtures.

- Tests that use the database get the `db` marker automatically, so `make test`
  can run them a second time on PostgreSQL (`pytest -m "db or postgres"`).
- `officers`: users holding each staff role, for permission tests.
- `english`: run the test in English, as the `adaldyq` command does (and `reverse()` gives /en/).
- Every test that uses the database starts with empty caches (the shared one and the
  process's `hints`) and no cached screening index (cached counts, search answers,
  word counts and indexes belong to one test's data).
- `tests/concurrency.py`: `at_once`, for race tests on PostgreSQL.
- Every test starts with an empty in-process cache of transparency-log tiles (a real
  log's full tiles never change, but each test's database starts afresh).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & DB_FIXTURES or item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.db)


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    used = [name for name in request.fixturenames if name in DB_FIXTURES]
    if not used:
        yield
        return
    request.getfixturevalue(used[0])  # the database first: the cache may live in it
    from django.core.cache import cache, caches

    from adaldyq.screening import indexes

    cache.clear()
    caches["hints"].clear()  # how common a name word was in another test's data
    indexes.forget()  # test databases roll back, so a cached index's version can repeat
    yield
    indexes.forget()


@pytest.fixture
def english() -> Any:
    """Run in English: `call_command` and `reverse()` otherwise use the default language
    (Kazakh), while the real CLI activates English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def make_officer(db: Any) -> Any:
    """Create a staff user holding the given roles: make_officer("alice", "registrar")."""
    from django.contrib.auth.models import Group, User

    def make(username: str, *roles: str) -> User:
        user = User.objects.create_user(username=username, password="correct horse battery")
        for role in roles:
            # get_or_create: a transactional test's flush also empties the groups the
            # migrations made, and later transactional tests still need them.
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture(autouse=True)
def _fresh_log_tile_cache() -> None:
    from adaldyq.transparency import tiles_db

    tiles_db.FULL.clear()
