"""`{{ code|code_label }}`: a register code (gravity, punishment, removal ground) in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from adaldyq.register.labels import label

register = template.Library()


@register.filter
def code_label(code: str | None) -> str:
    return label(code, get_language() or "en") or ""
