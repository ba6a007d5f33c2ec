"""Number formatting for tenge: exact amounts with spaces between thousands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def kzt(value: Any) -> str:
    """1234567.5 -> "1 234 567.50" (narrow no-break spaces, never rounded away)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    return f"{amount:,.2f}".replace(",", "\u202f")


@register.filter
def bn(value: Any) -> str:
    """Billions of tenge, as the agency's press releases write them (two decimals)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / Decimal(1_000_000_000):,.2f}".replace(",", "\u202f")


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.1f}%"
