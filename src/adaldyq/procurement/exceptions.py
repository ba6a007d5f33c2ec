"""Errors the procurement engine raises; entry points turn each into one clear message."""

from __future__ import annotations


class ProcurementError(Exception):
    """Base class: anything the user can fix by changing input or settings."""


class SettingsError(ProcurementError):
    """The settings file has an unknown key or a value of the wrong type."""


class InputFormatError(ProcurementError):
    """The input is neither compiled releases nor release or record packages."""


class MalformedLine(ProcurementError):
    """A line is not JSON, and the caller asked to reject the file rather than skip it."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: malformed line: {reason}")
        self.path = path
        self.line = line
        self.reason = reason
