"""Cardinal's statistics, reproduced bit for bit (INDICATORS.md section 3).

Quartiles follow statrs 0.16 (Hyndman and Fan definition 8), fences use a fused
multiply-add, and Meta values round halves away from zero. Each differs from the obvious
Python spelling in the last bits often enough to move a flag across a fence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

THIRD = 1.0 / 3.0


def quantile(ordered: Sequence[float], tau: float) -> float:
    """statrs ``Data::quantile`` over values already sorted ascending."""
    n = len(ordered)
    if n == 0 or not (0.0 <= tau <= 1.0):
        return math.nan
    if any(math.isnan(v) for v in (ordered[0], ordered[-1])):
        return math.nan
    h = (n + THIRD) * tau + THIRD
    j = int(h)
    if j <= 0 or tau == 0.0:
        return ordered[0]
    if j >= n or tau == 1.0:
        return ordered[-1]
    low, high = ordered[j - 1], ordered[j]
    return low + (h - j) * (high - low)


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
