"""Template filters for content kept in three languages (`adaldyq.core.multilingual`).

A `Text` renders with its fallback marker by itself (``{{ project.name }}``); where
markup cannot go (``<title>``, attributes), ``{{ project.name|plain }}`` gives the bare
text. ``{{ row|localized:"title" }}`` reads a model or dict that has ``title_kk`` etc.
"""

from __future__ import annotations

from typing import Any

from django import template

from adaldyq.core import multilingual

register = template.Library()


@register.filter
def plain(value: Any) -> str:
    return "" if value is None else str(value)


@register.filter
def localized(obj: Any, field: str) -> multilingual.Text:
    return multilingual.localized(obj, field)
