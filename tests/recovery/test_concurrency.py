"""Many simultaneous allocations against one balance, on PostgreSQL, with real threads.

Each thread has its own database connection and its own transaction; the fund row
lock must make them queue so that the sum allocated never exceeds what was received.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from adaldyq.recovery import services
from adaldyq.recovery.exceptions import InsufficientBalance
from adaldyq.recovery.models import Allocation, AllocationSource, AllocationStatus, Fund, Receipt

from .conftest import DAY, credit_to_fund

THREADS = 24
EACH = Decimal("100000.00")
RECEIVED = Decimal("1000000.00")  # room for exactly ten allocations


@pytest.mark.postgres
def test_simultaneous_allocations_never_overspend(threads_db: Any, make_officer: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes every writer anyway")
    case = services.open_case(reference="CC-RACE", kind="criminal", title="Race", opened_on=DAY, region="astana")
    for part in (Decimal("300000"), Decimal("450000"), Decimal("250000")):  # three receipts, FIFO across them
        credit_to_fund(case, part)
    school = services.create_project(name="School", kind="school", region="astana", approved_on=DAY,
                                     budget_kzt=Decimal(10**9))
    officer = make_officer("racer", "fund_officer")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def allocate() -> None:
        try:
            barrier.wait()
            services.propose_allocation(school.pk, EACH, officer=officer, on=dt.date(2026, 2, 1))
            result = "ok"
        except InsufficientBalance:
            result = "refused"
        except Exception as error:  # noqa: BLE001 - report anything else as a failure below
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=allocate) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["ok", "refused"], outcomes
    assert outcomes.count("ok") == 10 and outcomes.count("refused") == THREADS - 10
    fund = Fund.objects.get(pk=1)
    assert fund.received_kzt == RECEIVED and fund.allocated_kzt == RECEIVED
    effective = Allocation.objects.filter(status=AllocationStatus.EFFECTIVE)
    assert effective.count() == 10
    assert sum(a.amount_kzt for a in effective) == RECEIVED
    assert sum(s.amount_kzt for s in AllocationSource.objects.all()) == RECEIVED
    assert all(r.remaining_kzt == 0 for r in Receipt.objects.all())


@pytest.mark.postgres
def test_simultaneous_steps_keep_the_monthly_figures_exact(threads_db: Any) -> None:
    """Many assets ordered at once all add to the same monthly figure: no update is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    from adaldyq.recovery.models import MonthlyFigure

    case = services.open_case(reference="CC-RACE-2", kind="criminal", title="Race", opened_on=DAY, region="astana")
    assets = [services.identify_asset(case=case, reference=f"RACE-{i}", kind="vehicle", description="Car",
                                      region="astana", valuation_amount=Decimal(1000), valuation_date=DAY,
                                      identified_on=DAY) for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def order(asset_id: int) -> None:
        try:
            barrier.wait()
            services.take_action(asset_id, "confiscate", on=DAY, amount=Decimal(700))
        except Exception as error:  # noqa: BLE001 - collected and reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order, args=(a.pk,)) for a in assets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    ordered = MonthlyFigure.objects.get(measure="ordered", kind="vehicle", region="astana")
    assert ordered.count == THREADS and ordered.amount_kzt == Decimal(700) * THREADS
    assert services.figures_drift() == []
