"""Errors the register raises; commands and views turn them into one clear message."""

from __future__ import annotations


class RegisterError(Exception):
    """A request the register's rules refuse."""


class RemovalNotAllowed(RegisterError):
    pass


class ApprovalRefused(RegisterError):
    pass


class ReviewOutdated(ApprovalRefused):
    """What the approver was shown is no longer what would be applied."""
