"""Errors of the risks part; views and commands turn each into one clear message."""

from __future__ import annotations

from adaldyq.core.refusals import Refusal
from adaldyq.risks.workflow import TransitionRefused

__all__ = ["NotYourBody", "RisksError", "TransitionRefused"]


class RisksError(Refusal):
    """Base class: anything the user can fix by changing input."""


class NotYourBody(RisksError):
    """A body officer asked for a recommendation of another body (shown as 404)."""
