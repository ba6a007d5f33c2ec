"""Template filters of the one formatting layer (`adaldyq.core.formatting`).

    {% load formatting %}
    {{ amount|money }} {{ count|number }} {{ score|number:2 }} {{ share|percent }} {{ rate|as_percent }}
    {{ amount|billions }} {{ date|day }} {{ timestamp|moment }}
"""

from __future__ import annotations

from typing import Any

from django import template

from adaldyq.core import formatting

register = template.Library()


@register.filter
def money(value: Any) -> str:
    return formatting.money(value)


@register.filter
def number(value: Any, places: Any = None) -> str:
    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter
def as_percent(value: Any, places: Any = 1) -> str:
    """A value already in per cent (36.1) written as a percentage: ``36,1 %``."""
    share = formatting.as_decimal(value)
    return formatting.percent(None if share is None else share / 100, int(places))


@register.filter
def billions(value: Any) -> str:
    return formatting.billions(value)


@register.filter
def percent(value: Any, places: Any = 1) -> str:
    return formatting.percent(value, int(places))


@register.filter
def day(value: Any) -> str:
    return formatting.day(value)


@register.filter
def moment(value: Any) -> str:
    return formatting.moment(value)
