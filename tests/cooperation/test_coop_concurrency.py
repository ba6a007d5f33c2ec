"""Concurrent imports of one package on PostgreSQL: the partner row lock lets exactly
one through. (Its own module: the module-level django_db mark of the other exchange
tests would set up the database before `threads_db` and break its teardown order.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from adaldyq.cooperation import exchange
from adaldyq.cooperation.models import ExchangePackage, Partner
from tests.concurrency import at_once

from .test_coop_exchange import incoming


@pytest.mark.postgres
def test_concurrent_imports_of_one_package_accept_it_once(threads_db: Any, agency_key: Any, vietnam: Partner,
                                                          partner_keys: dict) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    data = incoming(partner_keys["VN-GI"])

    def accept() -> str:
        exchange.import_package(data)
        return "ok"

    # A lost race is PackageRefused (or, at worst, a unique violation).
    outcomes = [o if isinstance(o, str) else type(o).__name__ for o in at_once(accept, 4)]
    assert outcomes.count("ok") == 1
    assert ExchangePackage.objects.count() == 1
