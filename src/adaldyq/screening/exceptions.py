"""Errors screening raises; commands, views and the API turn them into one clear message."""

from __future__ import annotations

from adaldyq.core.imports import RowError


class ScreeningError(Exception):
    """A screening request or list load that cannot be done as asked."""


class UnknownList(ScreeningError):
    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(f"Unknown screening list(s): {', '.join(names)}. See `adaldyq lists show`.")


class ListExists(ScreeningError):
    pass


class InvalidFile(ScreeningError):
    """A list or query file with bad rows. Nothing from it was used or stored."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:3]) + (" …" if len(errors) > 3 else "")
        super().__init__(f"{source}: {len(errors)} invalid row(s), nothing was done: {shown}")

    @property
    def whole_file(self) -> bool:
        """The file as a whole is unusable (missing, unreadable, no rows)."""
        # Query files (queries.py) still mark a whole-file problem as row 0, column "-".
        return all(e.about_file or (e.row == 0 and e.column == "-") for e in self.errors)

    def summary(self, nothing: str) -> str:
        """One line for a command: the file-level reason, or how many rows were bad."""
        if self.whole_file:
            return f"{self.source}: {'; '.join(e.reason for e in self.errors)}; {nothing}"
        return f"{self.source}: {len(self.errors)} invalid row(s); {nothing}"


class InvalidQuery(ScreeningError):
    """A query of an API or staff request that cannot be screened (names the query)."""

    def __init__(self, query_id: str, field: str, reason: str) -> None:
        self.query_id = query_id
        self.field = field
        self.reason = reason
        super().__init__(f"query {query_id!r}, {field}: {reason}")
