"""Errors of the risks part; views and commands turn each into one clear message."""

from __future__ import annotations

from dataclasses import dataclass

from adaldyq.core.refusals import Refusal
from adaldyq.risks.workflow import TransitionRefused

__all__ = ["ImportRejected", "NotYourBody", "RisksError", "RowError", "TransitionRefused"]


class RisksError(Refusal):
    """Base class: anything the user can fix by changing input."""


class NotYourBody(RisksError):
    """A body officer asked for a recommendation of another body (shown as 404)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class ImportRejected(RisksError):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) found; nothing was imported.")
        self.errors = errors
