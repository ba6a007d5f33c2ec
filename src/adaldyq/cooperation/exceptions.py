"""Errors of international cooperation. Each message is fit to show an officer as is:
commands print it and exit non-zero, views show it next to the form."""

from __future__ import annotations

from adaldyq.core.refusals import Refusal


class CooperationError(Refusal):
    """Base class: something the officer asked for cannot be done, and why."""


class WorkflowError(CooperationError):
    """A request cannot move to the asked status (wrong step, missing document,
    the maker trying to approve their own request)."""


class PackageRefused(CooperationError):
    """A data package failed a check; nothing was imported."""


class ExchangeKeyError(CooperationError):
    """The agency's signing key is missing or unreadable, or a partner key is malformed."""


class ScopeNotAllowed(CooperationError):
    """A token scope was asked for that the partner's agreement does not cover."""


class ExportError(CooperationError):
    """A package cannot be written (no such partner, nothing to send, no key)."""
