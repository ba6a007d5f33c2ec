"""Fixtures for the recovery tests.

- `world`: a case with a private person and a company, a domestic asset and one abroad
  (valued in US dollars at a loaded rate), and two fund officers `maker` and `checker`.
- `funded(amount)`: credits `amount` tenge to the fund through a real asset's life and
  returns the asset.
- `approve_as(officer, allocation_id)`: approves as a second officer would, with the
  fingerprint of the review they are shown at that moment.
- `threads_db`: `transactional_db` for tests whose threads commit history events on
  PostgreSQL. The history table refuses TRUNCATE, which is how the test database is
  flushed afterwards, so its triggers are switched off just for that flush and back on
  right after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

DAY = dt.date(2026, 1, 15)
PERSON_NAME = "Zhaksylykov-Secret Bolat"
PERSON_IIN = "870512300777"
PERSON_ADDRESS = "Secret street 12, Astana"


@dataclass
class World:
    case: Any
    person: Any
    company: Any
    home: Any
    abroad: Any
    maker: Any
    checker: Any


_counter = {"n": 0}


def credit_to_fund(case: Any, amount: Decimal, on: dt.date = DAY) -> Any:
    from adaldyq.recovery import services

    _counter["n"] += 1
    asset = services.identify_asset(case=case, reference=f"T-FUND-{_counter['n']}-{amount}", kind="bank_funds",
                                    description="Account funds", region="astana", valuation_amount=amount,
                                    valuation_date=on, identified_on=on)
    services.take_action(asset.pk, "confiscate", on=on, amount=amount)
    services.take_action(asset.pk, "transfer", on=on)
    services.take_action(asset.pk, "credit", on=on, amount=amount)
    return asset


def approve_as(officer: Any, allocation_id: int, on: dt.date = DAY) -> Any:
    from adaldyq.recovery import review, services
    from adaldyq.recovery.models import Allocation

    shown = review.allocation_review(Allocation.objects.select_related("project", "proposed_by").get(pk=allocation_id))
    return services.approve_allocation(allocation_id, approver=officer, on=on, reviewed=shown["digest"])


@pytest.fixture
def world(db: Any, make_officer: Any) -> World:
    from adaldyq.recovery import services

    services.load_rates([(dt.date(2026, 1, 10), "USD", Decimal("505.50"))], source="test")
    case = services.open_case(reference="CC-T-1", kind="criminal", title="Embezzlement in a test akimat",
                              opened_on=dt.date(2025, 12, 1), region="astana")
    person = services.add_party(case, kind="person", role="accused", name=PERSON_NAME, iin_bin=PERSON_IIN,
                                birth_date=dt.date(1987, 5, 12), address=PERSON_ADDRESS)
    company = services.add_party(case, kind="organization", role="nominee", name="Test Stroy LLP")
    home = services.identify_asset(case=case, reference="T-HOME", kind="real_estate", description="Apartment",
                                   region="astana", valuation_amount=Decimal("80000000"), valuation_date=DAY,
                                   identified_on=DAY, owner=person, internal_notes=f"Lives at {PERSON_ADDRESS}")
    abroad = services.identify_asset(case=case, reference="T-ABROAD", kind="real_estate", description="Villa",
                                     country="AE", valuation_amount=Decimal("1000000"), currency="USD",
                                     valuation_date=DAY, identified_on=DAY, owner=company)
    return World(case, person, company, home, abroad, make_officer("maker", "fund_officer"),
                 make_officer("checker", "fund_officer"))


@pytest.fixture
def funded(world: World) -> Any:
    def fund(amount: Decimal, on: dt.date = DAY) -> Any:
        return credit_to_fund(world.case, amount, on)

    return fund


HISTORY_TRIGGERS = "ALTER TABLE core_historyevent {} TRIGGER USER"


def _history_triggers(state: str) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(HISTORY_TRIGGERS.format(state))


@pytest.fixture
def _history_triggers_back_on(django_db_blocker: Any) -> Any:
    """Set up before `transactional_db`, so torn down after its flush."""
    yield
    with django_db_blocker.unblock():
        _history_triggers("ENABLE")


@pytest.fixture
def threads_db(_history_triggers_back_on: Any, transactional_db: Any) -> Any:
    yield
    _history_triggers("DISABLE")
