"""Rules of the fund, as pure functions over plain values.

Money enters as receipts (each from one asset of one case). An allocation to a social
project consumes receipts first-in first-out, and remembers which receipt each tenge
came from; so a project can always be traced back to the cases that paid for it.
A disbursement is paid against one allocation and never exceeds what is left of it.
No Django here: the service feeds these functions what it read under a lock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from adaldyq.core.refusals import Money, gettext_noop

from .exceptions import (
    AllocationExceeded,
    BudgetExceeded,
    InsufficientBalance,
    InvalidAmount,
    SecondOfficerRequired,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class Open:
    """A receipt with money not yet allocated."""

    receipt_id: int
    remaining: Decimal


@dataclass(frozen=True)
class Take:
    receipt_id: int
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    received: Decimal
    allocated: Decimal
    disbursed: Decimal

    @property
    def unallocated(self) -> Decimal:
        """What may still be allocated."""
        return self.received - self.allocated

    @property
    def cash(self) -> Decimal:
        """What is still on the fund's account (allocated but unpaid money included)."""
        return self.received - self.disbursed


def plan_allocation(amount: Decimal, open_receipts: Sequence[Open], unallocated: Decimal) -> list[Take]:
    """Which receipts an allocation of `amount` consumes, oldest first; refuse overspending."""
    if amount <= 0:
        raise InvalidAmount(gettext_noop("an allocation must be more than zero"))
    available = sum((r.remaining for r in open_receipts), ZERO)
    if amount > unallocated or amount > available:
        raise InsufficientBalance(
            gettext_noop("allocation of %(amount)s KZT exceeds the fund's unallocated balance of %(balance)s KZT"),
            amount=Money(amount), balance=Money(min(unallocated, available)))
    takes: list[Take] = []
    left = amount
    for receipt in open_receipts:
        if left == 0:
            break
        if receipt.remaining <= 0:
            continue
        take = min(left, receipt.remaining)
        takes.append(Take(receipt.receipt_id, take))
        left -= take
    return takes


def check_budget(budget: Decimal, allocated: Decimal, amount: Decimal) -> None:
    """Refuse an allocation that would take a project past its approved budget: more
    money for a project needs its budget changed first, not an allocation above it."""
    if allocated + amount > budget:
        raise BudgetExceeded(gettext_noop("allocation of %(amount)s KZT would take the project to %(total)s KZT, "
                                          "above its budget of %(budget)s KZT (%(left)s KZT left)"),
                             amount=Money(amount), total=Money(allocated + amount), budget=Money(budget),
                             left=Money(budget - allocated))


def check_disbursement(allocated: Decimal, disbursed_so_far: Decimal, amount: Decimal) -> Decimal:
    """Refuse a disbursement above what is left of its allocation; return what is left after it."""
    if amount <= 0:
        raise InvalidAmount(gettext_noop("a disbursement must be more than zero"))
    left = allocated - disbursed_so_far
    if amount > left:
        raise AllocationExceeded(gettext_noop("disbursement of %(amount)s KZT exceeds the %(left)s KZT left of this "
                                              "allocation"), amount=Money(amount), left=Money(left))
    return left - amount


def needs_second_officer(amount: Decimal, threshold: Decimal | None) -> bool:
    """Allocations above `threshold` need a second officer; None means every allocation does."""
    return threshold is None or amount > threshold


def check_officers(amount: Decimal, threshold: Decimal | None, maker_id: int | None, approver_id: int | None) -> None:
    if not needs_second_officer(amount, threshold):
        return
    if approver_id is None:
        if threshold is None:
            raise SecondOfficerRequired(gettext_noop("an allocation of %(amount)s KZT needs approval by a second "
                                                     "fund officer"), amount=Money(amount))
        raise SecondOfficerRequired(gettext_noop("an allocation of %(amount)s KZT needs approval by a second fund "
                                                 "officer (threshold %(threshold)s KZT)"),
                                    amount=Money(amount), threshold=Money(threshold))
    if maker_id is not None and approver_id == maker_id:
        raise SecondOfficerRequired(gettext_noop("the officer who proposed an allocation cannot approve it"))


@dataclass(frozen=True)
class AllocationEffect:
    """What approving an allocation does to the fund and to its project."""

    amount: Decimal
    unallocated_before: Decimal
    project_budget: Decimal
    project_allocated_before: Decimal

    @property
    def unallocated_after(self) -> Decimal:
        return self.unallocated_before - self.amount

    @property
    def project_allocated_after(self) -> Decimal:
        return self.project_allocated_before + self.amount

    @property
    def covered(self) -> bool:
        """The fund has the money."""
        return self.amount <= self.unallocated_before

    @property
    def within_budget(self) -> bool:
        return self.project_allocated_after <= self.project_budget

    def budget_used(self, allocated: Decimal) -> Decimal | None:
        """Percent of the project budget allocated, to 0.1; None for a project without a budget."""
        if self.project_budget <= 0:
            return None
        return (allocated * 100 / self.project_budget).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class SourceLine:
    """One piece of an allocation: how much came from which receipt (hence case and asset)."""

    case: str
    asset: str
    amount: Decimal


def trace(lines: Iterable[SourceLine]) -> dict[str, Decimal]:
    """Total per case of everything a project received."""
    per_case: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        per_case[line.case] += line.amount
    return dict(sorted(per_case.items(), key=lambda kv: (-kv[1], kv[0])))
