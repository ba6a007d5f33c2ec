"""Small pieces of hand-written SQL shared by the hot read paths (the public search)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def any_of(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQL condition: `column` equals one of `values` (none: false). On PostgreSQL the
    values are one array parameter, so the statement's text, and so what psycopg
    prepares, does not change with their number; SQLite takes them one by one (an empty
    IN is allowed)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
