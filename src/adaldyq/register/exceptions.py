"""Errors the register raises; commands and views turn them into one clear message."""

from __future__ import annotations

from dataclasses import dataclass


class RegisterError(Exception):
    """A request the register's rules refuse."""


class RemovalNotAllowed(RegisterError):
    pass


class ApprovalRefused(RegisterError):
    pass


class ReviewOutdated(ApprovalRefused):
    """What the approver was shown is no longer what would be applied."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row number (the header is row 0) or the line number for JSON lines
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class InvalidFile(RegisterError):
    """A feed file with bad rows. Nothing from it was applied."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid row(s); nothing was applied")
