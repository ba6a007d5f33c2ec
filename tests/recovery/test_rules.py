"""The pure centre: money, the asset lifecycle and the fund's ledger, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from adaldyq.recovery import figures, ledger, lifecycle, money
from adaldyq.recovery.exceptions import (
    AllocationExceeded,
    InsufficientBalance,
    InvalidAmount,
    MissingRate,
    SecondOfficerRequired,
    TransitionNotAllowed,
)

D = Decimal
DAY = dt.date(2026, 3, 2)


# --- money ---

def test_amounts_are_exact_decimals_and_floats_are_refused() -> None:
    assert money.parse_amount("1 250 000,50") == D("1250000.50")
    with pytest.raises(InvalidAmount):
        money.parse_amount(0.1)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount):
        money.parse_amount("1.005")
    with pytest.raises(InvalidAmount):
        money.parse_amount("-5")
    with pytest.raises(InvalidAmount):
        money.parse_amount("0", allow_zero=False)
    with pytest.raises(InvalidAmount):
        money.parse_amount("NaN")


def test_conversion_uses_latest_rate_on_or_before_the_date_and_returns_it() -> None:
    rates = [money.Rate("USD", dt.date(2026, 2, 27), D("500.10")), money.Rate("USD", dt.date(2026, 3, 3), D("510"))]
    conv = money.convert(D("1000.33"), "usd", DAY, rates)
    assert conv.rate == D("500.10") and conv.rate_date == dt.date(2026, 2, 27)
    assert conv.amount_kzt == D("500265.03")  # 500265.033 rounded half up to the tiyn


def test_tenge_needs_no_rate_and_missing_rates_are_refused() -> None:
    assert money.convert(D("5"), "KZT", DAY, []).amount_kzt == D("5.00")
    with pytest.raises(MissingRate):
        money.convert(D("5"), "EUR", DAY, [money.Rate("EUR", dt.date(2026, 3, 3), D("560"))])


def test_rates_quoted_per_hundred_units_are_stored_per_unit() -> None:
    assert money.rate_per_unit("655,12", 100) == D("6.551200")
    with pytest.raises(InvalidAmount):
        money.rate_per_unit("0")


# --- lifecycle ---

def walk(*steps: tuple[str, Decimal | None]) -> lifecycle.AssetState:
    state = lifecycle.AssetState(lifecycle.IDENTIFIED, valuation_kzt=D(1000))
    for action, amount in steps:
        state = lifecycle.apply(state, action, DAY, amount, ground="court decision").state
    return state


def test_the_forward_path_to_the_fund() -> None:
    state = walk(("freeze", None), ("confiscate", D(1200)), ("transfer", None), ("sell", D(900)), ("credit", D(900)))
    assert state.status == lifecycle.CREDITED
    assert (state.ordered_kzt, state.collected_kzt, state.returned_kzt) == (D(1200), D(900), D(900))


def test_ordering_defaults_to_the_valuation_and_transfer_fixes_the_returned_value() -> None:
    state = walk(("agree_return", None), ("transfer", None))
    assert state.ordered_kzt == D(1000) and state.returned_kzt == D(1000)


def test_going_back_is_an_explicit_action_with_a_ground() -> None:
    frozen = lifecycle.apply(lifecycle.AssetState(lifecycle.IDENTIFIED), "freeze", DAY)
    with pytest.raises(TransitionNotAllowed, match="ground"):
        lifecycle.apply(frozen.state, "lift_arrest", DAY)
    lifted = lifecycle.apply(frozen.state, "lift_arrest", DAY, ground="Court lifted the arrest")
    assert lifted.after == lifecycle.IDENTIFIED and lifted.backward and "frozen_on" in lifted.clear_dates


def test_overturn_clears_the_order() -> None:
    state = walk(("confiscate", D(500)))
    step = lifecycle.apply(state, "overturn", DAY, ground="appeal")
    assert step.state.ordered_kzt == 0 and step.after == lifecycle.FROZEN


def test_no_skipping_and_no_editing_the_state() -> None:
    with pytest.raises(TransitionNotAllowed, match="allowed now"):
        lifecycle.apply(lifecycle.AssetState(lifecycle.IDENTIFIED), "sell", DAY, D(5))
    with pytest.raises(TransitionNotAllowed):
        lifecycle.apply(lifecycle.AssetState(lifecycle.CREDITED), "freeze", DAY)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.apply(lifecycle.AssetState(lifecycle.IDENTIFIED), "teleport", DAY)


def test_collections_add_up_and_are_receipts() -> None:
    state = walk(("confiscate", D(1000)))
    step = lifecycle.apply(state, "collect", DAY, D(30))
    assert step.receipt_kzt == D(30) and step.after == lifecycle.CONFISCATED
    step = lifecycle.apply(step.state, "collect", DAY, D(20))
    assert step.state.collected_kzt == D(50)
    assert lifecycle.shortfall(step.state.ordered_kzt, step.state.collected_kzt) == D(950)
    with pytest.raises(InvalidAmount):
        lifecycle.apply(step.state, "collect", DAY, D(0))


def test_every_state_is_reachable_and_every_action_has_a_source() -> None:
    reachable = {lifecycle.IDENTIFIED}
    for action in lifecycle.ACTIONS.values():
        assert action.sources
        if action.target:
            reachable.add(action.target)
    assert reachable == set(lifecycle.STATES)


# --- ledger ---

def test_allocation_consumes_receipts_oldest_first() -> None:
    receipts = [ledger.Open(1, D(100)), ledger.Open(2, D(50)), ledger.Open(3, D(70))]
    takes = ledger.plan_allocation(D(130), receipts, D(220))
    assert takes == [ledger.Take(1, D(100)), ledger.Take(2, D(30))]


def test_allocation_never_exceeds_the_unallocated_balance() -> None:
    with pytest.raises(InsufficientBalance):
        ledger.plan_allocation(D(221), [ledger.Open(1, D(220))], D(220))
    with pytest.raises(InsufficientBalance):
        ledger.plan_allocation(D(10), [ledger.Open(1, D(220))], D(5))
    with pytest.raises(InvalidAmount):
        ledger.plan_allocation(D(0), [ledger.Open(1, D(220))], D(220))


def test_disbursement_never_exceeds_its_allocation() -> None:
    assert ledger.check_disbursement(D(100), D(60), D(40)) == 0
    with pytest.raises(AllocationExceeded):
        ledger.check_disbursement(D(100), D(60), D("40.01"))


def test_second_officer_above_threshold_and_never_the_maker() -> None:
    ledger.check_officers(D(100), D(100), 1, None)
    with pytest.raises(SecondOfficerRequired):
        ledger.check_officers(D("100.01"), D(100), 1, None)
    with pytest.raises(SecondOfficerRequired):
        ledger.check_officers(D(500), D(100), 1, 1)
    ledger.check_officers(D(500), D(100), 1, 2)
    with pytest.raises(SecondOfficerRequired):
        ledger.check_officers(D(1), None, 1, None)


def test_trace_sums_by_case() -> None:
    lines = [ledger.SourceLine("C1", "A1", D(5)), ledger.SourceLine("C2", "A2", D(7)), ledger.SourceLine("C1", "A3", D(4))]
    assert ledger.trace(lines) == {"C1": D(9), "C2": D(7)}
    assert list(ledger.trace(lines)) == ["C1", "C2"]


def test_totals() -> None:
    totals = ledger.Totals(D(100), D(70), D(20))
    assert totals.unallocated == D(30) and totals.cash == D(80)


# --- monthly figures ---

def facts(**changes: object) -> figures.AssetFacts:
    base = {"kind": "vehicle", "abroad": False, "region": "astana", "country": "KZ", "status": "identified",
            "valuation_kzt": D(100), "ordered_kzt": D(0), "collected_kzt": D(0), "returned_kzt": D(0),
            "identified_on": dt.date(2026, 1, 15), "ordered_on": None, "transferred_on": None}
    return figures.AssetFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_a_change_moves_an_asset_between_monthly_figures() -> None:
    before = facts()
    after = facts(status="transferred", returned_kzt=D(90), ordered_kzt=D(120), collected_kzt=D(10),
                  ordered_on=dt.date(2026, 2, 3), transferred_on=dt.date(2026, 3, 9))
    change = figures.delta(before, after)
    place = {"kind": "vehicle", "abroad": False, "region": "astana", "country": "KZ"}
    assert change == {
        figures.Key("ordered", dt.date(2026, 2, 1), **place): (D(120), D(10), 1),
        figures.Key("pending", dt.date(2026, 1, 1), **place): (D(-100), D(0), -1),
        figures.Key("returned", dt.date(2026, 3, 1), **place): (D(90), D(0), 1),
    }
    assert figures.delta(after, after) == {}


def test_a_period_splits_into_whole_months_and_edges() -> None:
    from adaldyq.recovery.queries import Period, split_months

    edges, months = split_months(Period(dt.date(2026, 1, 15), dt.date(2026, 4, 10)))
    assert months == (dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    assert edges == [Period(dt.date(2026, 1, 15), dt.date(2026, 1, 31)), Period(dt.date(2026, 4, 1), dt.date(2026, 4, 10))]
    edges, months = split_months(Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))
    assert edges == [] and months == (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    edges, months = split_months(Period(dt.date(2026, 1, 2), dt.date(2026, 1, 30)))
    assert months is None and edges == [Period(dt.date(2026, 1, 2), dt.date(2026, 1, 30))]
    edges, months = split_months(Period(dt.date(2025, 12, 31), dt.date(2026, 1, 31)))
    assert edges == [Period(dt.date(2025, 12, 31), dt.date(2025, 12, 31))] and months == (dt.date(2026, 1, 1),) * 2
