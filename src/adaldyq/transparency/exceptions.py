"""Errors of the transparency log that commands and views turn into one clear message."""

from adaldyq.tlog.exceptions import LogError


class NoLogKey(LogError):
    """The log has no signing key yet."""


class KeyRefused(LogError):
    """A key operation that would break the log (another origin, the last key retired...)."""


class WitnessConfigError(LogError):
    """The witnesses file has a line that is not `<verifier key> <URL>`."""
