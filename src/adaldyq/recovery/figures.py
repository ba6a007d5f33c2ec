"""What one asset adds to the dashboard's monthly figures, as a pure function.

The dashboard counts an asset in a period by the date of the step that makes it count
(see `queries`). Summing a million-event history for a long period is too slow, so the
figures are also kept per month, per asset type and place: each change to an asset
subtracts what it used to add and adds what it adds now. `contributions` says what an
asset adds; `delta` the difference a change makes. Rebuilding from the assets gives
the same table (a test checks it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from decimal import Decimal

from . import lifecycle

RETURNED = "returned"
PENDING = "pending"
ORDERED = "ordered"
ZERO = Decimal(0)


@dataclass(frozen=True, kw_only=True)
class AssetFacts:
    kind: str
    abroad: bool
    region: str
    country: str
    status: str
    valuation_kzt: Decimal
    ordered_kzt: Decimal
    collected_kzt: Decimal
    returned_kzt: Decimal
    identified_on: dt.date
    ordered_on: dt.date | None
    transferred_on: dt.date | None


@dataclass(frozen=True, order=True)
class Key:
    measure: str
    month: dt.date
    _: KW_ONLY  # the place, by name
    kind: str
    abroad: bool
    region: str
    country: str


Amounts = tuple[Decimal, Decimal, int]  # amount, second amount (collected, for "ordered"), count


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def contributions(facts: AssetFacts | None) -> dict[Key, Amounts]:
    if facts is None:
        return {}

    def key(measure: str, day: dt.date) -> Key:
        return Key(measure, month_of(day), kind=facts.kind, abroad=facts.abroad, region=facts.region,
                   country=facts.country)

    out: dict[Key, Amounts] = {}
    if facts.transferred_on is not None:
        out[key(RETURNED, facts.transferred_on)] = (facts.returned_kzt, ZERO, 1)
    if facts.status in lifecycle.PENDING_STATES:
        out[key(PENDING, facts.identified_on)] = (facts.valuation_kzt, ZERO, 1)
    if facts.ordered_on is not None:
        out[key(ORDERED, facts.ordered_on)] = (facts.ordered_kzt, facts.collected_kzt, 1)
    return out


def delta(before: AssetFacts | None, after: AssetFacts | None) -> dict[Key, Amounts]:
    """What to add to each monthly figure (negative to take away); unchanged figures left out."""
    change: dict[Key, list[Decimal | int]] = defaultdict(lambda: [ZERO, ZERO, 0])
    for sign, facts in ((-1, before), (1, after)):
        for key, (amount, second, count) in contributions(facts).items():
            row = change[key]
            row[0] += sign * amount
            row[1] += sign * second
            row[2] += sign * count
    return {key: (Decimal(a), Decimal(b), int(c)) for key, (a, b, c) in sorted(change.items())
            if a or b or c}


def total(all_facts: Iterable[AssetFacts]) -> dict[Key, Amounts]:
    """The whole table, computed from scratch (rebuilds and checks)."""
    sums: dict[Key, list[Decimal | int]] = defaultdict(lambda: [ZERO, ZERO, 0])
    for facts in all_facts:
        for key, (amount, second, count) in contributions(facts).items():
            row = sums[key]
            row[0] += amount
            row[1] += second
            row[2] += count
    return {key: (Decimal(a), Decimal(b), int(c)) for key, (a, b, c) in sorted(sums.items())}


FACT_FIELDS = ("kind", "abroad", "region", "country", "status", "valuation_kzt", "ordered_kzt", "collected_kzt",
               "returned_kzt", "identified_on", "ordered_on", "transferred_on")


def facts_of_row(row: Sequence[object]) -> AssetFacts:
    """`AssetFacts` from a row of `Asset.objects.values_list(*FACT_FIELDS)`."""
    return AssetFacts(**dict(zip(FACT_FIELDS, row, strict=True)))  # type: ignore[arg-type]
