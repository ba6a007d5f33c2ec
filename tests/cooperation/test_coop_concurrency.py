"""Concurrent imports of one package on PostgreSQL: the partner row lock lets exactly
one through. (Its own module: the module-level django_db mark of the other exchange
tests would set up the database before `threads_db` and break its teardown order.)"""

from __future__ import annotations

from typing import Any

import pytest

from adaldyq.cooperation import exchange
from adaldyq.cooperation.models import ExchangePackage, Partner

from .test_coop_exchange import incoming


@pytest.mark.postgres
def test_concurrent_imports_of_one_package_accept_it_once(threads_db: Any, agency_key: Any, vietnam: Partner,
                                                          partner_keys: dict) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    data = incoming(partner_keys["VN-GI"])
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        try:
            exchange.import_package(data)
            outcomes.append("ok")
        except Exception as exc:  # a lost race is PackageRefused (or, at worst, a unique violation)
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert ExchangePackage.objects.count() == 1
