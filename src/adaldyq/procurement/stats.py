"""Cardinal's statistics, reproduced bit for bit (INDICATORS.md section 3).

Quartiles follow statrs 0.16 (Hyndman and Fan definition 8), fences use a fused
multiply-add, and Meta values round halves away from zero. Each differs from the obvious
Python spelling in the last bits often enough to move a flag across a fence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

THIRD = 1.0 / 3.0


def positions(n: int, tau: float) -> list[int]:
    """The 1-based order statistics that ``quantile`` needs for n values (empty: NaN)."""
    if n == 0 or not (0.0 <= tau <= 1.0):
        return []
    j = int((n + THIRD) * tau + THIRD)
    if j <= 0 or tau == 0.0:
        return [1]
    if j >= n or tau == 1.0:
        return [n]
    return [j, j + 1]


def quantile_at(n: int, tau: float, kth: Mapping[int, float]) -> float:
    """statrs ``Data::quantile`` from the order statistics ``kth`` (1-based) it needs.

    This form lets a database sort the values and return only two of them.
    """
    needed = positions(n, tau)
    if not needed or any(math.isnan(kth[k]) for k in needed):
        return math.nan
    if len(needed) == 1:
        return kth[needed[0]]
    h = (n + THIRD) * tau + THIRD
    j = needed[0]
    low, high = kth[j], kth[j + 1]
    return low + (h - j) * (high - low)


def quantile(ordered: Sequence[float], tau: float) -> float:
    """statrs ``Data::quantile`` over values already sorted ascending."""
    n = len(ordered)
    if n and (math.isnan(ordered[0]) or math.isnan(ordered[-1])):
        return math.nan
    return quantile_at(n, tau, {k: ordered[k - 1] for k in positions(n, tau)})


def fma(x: float, y: float, z: float) -> float:
    """x * y + z with a single rounding, as Rust's ``f64::mul_add``."""
    if math.isfinite(x) and math.isfinite(y) and math.isfinite(z):
        return float(Fraction(x) * Fraction(y) + Fraction(z))
    return x * y + z


def lower_fence(q1: float, q3: float) -> float:
    return fma(q3 - q1, -1.5, q1)


def upper_fence(q1: float, q3: float) -> float:
    return fma(q3 - q1, 1.5, q3)


def meta_round(value: float) -> float | None:
    """Round to 4 decimals, halves away from zero; non-finite becomes None (JSON null)."""
    if not math.isfinite(value):
        return None
    return float(Decimal(value * 10000.0).to_integral_value(rounding=ROUND_HALF_UP)) / 10000.0


def sort_values(values: Sequence[float]) -> list[float]:
    """Sort with NaN first, so that ``quantile`` sees it at an end and returns NaN like statrs."""
    return sorted(values, key=lambda v: (not math.isnan(v), v if not math.isnan(v) else 0.0))
