"""What the indicators share: the run context, the output shape and SQL building blocks.

Every definition here follows INDICATORS.md section 1.4. Indicators read the ``proc``
view: the compiled releases that pass the global skips (1.2), with the derived columns
each shared definition needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from .. import stats
from ..settings import Settings

OCID, BUYER, PROCURING_ENTITY, TENDERER = "OCID", "Buyer", "ProcuringEntity", "Tenderer"


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(sql_str(v) for v in sorted(values)) + "]::VARCHAR[]"


def in_set(column: str, values: Iterable[str]) -> str:
    """``column`` is a string in ``values`` (false when the column is missing)."""
    return f"coalesce(list_contains({sql_list(values)}, {column}), false)"


def method_filter(methods: frozenset[str]) -> str:
    """The procurementMethod filter: empty set matches all, else a string in the set."""
    return "true" if not methods else in_set("method", methods)


def details_filter(allow: frozenset[str], deny: frozenset[str]) -> str:
    """procurementMethodDetails matching with an allow set and a deny set (1.4)."""
    if allow:
        return in_set("details", allow)
    if not deny:
        return "true"
    return f"(details IS NULL OR NOT {in_set('details', deny)})"


def proc_view_sql(settings: Settings) -> str:
    """The lines every indicator reads, with the shared derived columns."""
    keep = details_filter(frozenset(), settings.excluded_procurement_method_details)
    price = details_filter(settings.price_comparison_procurement_methods,
                           settings.no_price_comparison_procurement_methods)
    return f"""
    CREATE OR REPLACE TEMP VIEW proc AS
    SELECT *,
        CASE WHEN final_ok AND len(active_awards) = 1 AND len(active_awards[1].suppliers) = 1
             THEN active_awards[1].suppliers[1] END AS winner
    FROM (
        SELECT *,
            {price} AS price_ok,
            awards IS NOT NULL AND bids IS NOT NULL AND len(list_filter(awards, lambda a:
                a.status IS NOT NULL AND a.status NOT IN ('active', 'cancelled', 'unsuccessful'))) = 0
                AS final_ok,
            list_filter(awards, lambda a: a.status = 'active') AS active_awards
        FROM releases
        WHERE ocid IS NOT NULL AND tender_status IS DISTINCT FROM 'cancelled' AND {keep}
    )
    """


SUBMITTED = "b.status IS NOT NULL AND b.status NOT IN ('invited', 'withdrawn')"


@dataclass
class Context:
    """One run: the connection holding ``releases``/``proc``, the settings, shared state."""

    con: duckdb.DuckDBPyConnection
    settings: Settings
    main_currency: str | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def one(self, sql: str) -> tuple[Any, ...]:
        row = self.con.execute(sql).fetchone()
        assert row is not None
        return row

    def setting(self, code: str, key: str, default: Any = None) -> Any:
        return self.settings.get(code, key, default)


@dataclass
class Output:
    """What one indicator found: result rows, Meta statistics and Maps."""

    rows: list[tuple[str, str, float]] = field(default_factory=list)
    meta: dict[str, float | None] = field(default_factory=dict)
    maps: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def sorted_column(ctx: Context, sql: str) -> list[float]:
    """Fetch one numeric column as a Python list sorted for ``stats.quantile``."""
    return stats.sort_values([float(v) for (v,) in ctx.rows(sql)])


def quartiles(values: list[float]) -> tuple[float, float]:
    return stats.quantile(values, 0.25), stats.quantile(values, 0.75)


def meta_values(pairs: Mapping[str, float]) -> dict[str, float | None]:
    return {key: stats.meta_round(value) for key, value in pairs.items()}


def gt(a: float, b: float) -> bool:
    """``a > b`` as IEEE comparison (false with NaN), spelled out for readability."""
    return not math.isnan(a) and not math.isnan(b) and a > b
