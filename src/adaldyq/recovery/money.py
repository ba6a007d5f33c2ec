"""Money in tenge: exact decimals, and foreign amounts converted at a stored rate.

No Django here. A rate is "tenge for one unit of the currency" on a date, as the
National Bank publishes it; the rate actually used is returned with every conversion
so the caller can store it next to the converted amount and anyone can redo the sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from adaldyq.core.refusals import gettext_noop

from .exceptions import InvalidAmount, MissingRate

KZT = "KZT"
TIYN = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")
NO_RATE = gettext_noop("no exchange rate for %(currency)s on or before %(on)s; load official rates first")


def parse_amount(text: str | int | Decimal, *, allow_zero: bool = True) -> Decimal:
    """Read an amount written by a person or a file ("1 250 000,50" too); refuse floats' cousins."""
    if isinstance(text, float):
        raise InvalidAmount(gettext_noop("amounts must be exact decimals, not floating-point numbers"))
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidAmount(gettext_noop("%(text)s is not an amount"), text=repr(text)) from None
    if not value.is_finite():
        raise InvalidAmount(gettext_noop("%(text)s is not an amount"), text=repr(text))
    if value < 0 and allow_zero:
        raise InvalidAmount(gettext_noop("%(text)s: the amount must be zero or more"), text=repr(text))
    if value <= 0 and not allow_zero:
        raise InvalidAmount(gettext_noop("%(text)s: the amount must be more than zero"), text=repr(text))
    if value != value.quantize(TIYN):
        raise InvalidAmount(gettext_noop("%(text)s: at most two decimal places"), text=repr(text))
    return value.quantize(TIYN)


def tenge(value: Decimal | int | str) -> Decimal:
    """Round to the tiyn, half up, as accounting does."""
    return Decimal(value).quantize(TIYN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    currency: str
    on: dt.date
    kzt_per_unit: Decimal


@dataclass(frozen=True, kw_only=True)
class Conversion:
    amount: Decimal
    currency: str
    amount_kzt: Decimal
    rate: Decimal
    rate_date: dt.date | None


def pick_rate(rates: Sequence[Rate], currency: str, on: dt.date) -> Rate:
    """The latest official rate for `currency` on or before `on` (rates are published for working days)."""
    best: Rate | None = None
    for rate in rates:
        if rate.currency == currency and rate.on <= on and (best is None or rate.on > best.on):
            best = rate
    if best is None:
        raise MissingRate(NO_RATE, currency=currency, on=on)
    return best


def convert(amount: Decimal, currency: str, on: dt.date, rates: Sequence[Rate] | Mapping[str, Rate]) -> Conversion:
    """Convert to tenge. Tenge passes through with rate 1; anything else needs a rate."""
    currency = currency.strip().upper()
    if currency == KZT:
        return Conversion(amount=amount, currency=KZT, amount_kzt=tenge(amount), rate=Decimal(1), rate_date=None)
    if isinstance(rates, Mapping):
        found = rates.get(currency)
        if found is None or found.on > on:
            raise MissingRate(NO_RATE, currency=currency, on=on)
        rate = found
    else:
        rate = pick_rate(rates, currency, on)
    return Conversion(amount=amount, currency=currency, amount_kzt=tenge(amount * rate.kzt_per_unit),
                      rate=rate.kzt_per_unit, rate_date=rate.on)


def rate_per_unit(rate: str | Decimal, units: str | int = 1) -> Decimal:
    """Official tables give some currencies per 10 or 100 units; store tenge per one unit."""
    value = Decimal(str(rate).strip().replace(",", "."))
    count = Decimal(str(units).strip() or "1")
    if value <= 0 or count <= 0:
        raise InvalidAmount(gettext_noop("a rate and its units must be positive"))
    return (value / count).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
