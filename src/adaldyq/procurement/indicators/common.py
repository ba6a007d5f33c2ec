"""What the indicators share: the run context, the output shape and SQL building blocks.

Every definition here follows INDICATORS.md section 1.4. Indicators read the ``proc``
view: the compiled releases that pass the global skips (1.2), with the derived columns
each shared definition needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from .. import stats
from ..indicator_config import Settings

if TYPE_CHECKING:
    from ..backends import Backend

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


def derived_sql(settings: Settings) -> str:
    """Wrap the cleaned projection (``{clean}``) with the shared columns, computed at load.

    ``keep`` applies the global skips (1.2), ``price_ok`` the price-comparison filter,
    ``final_ok`` the final-awards check, ``n_active`` counts active awards and ``winner``
    is the single-winner supplier id (1.4).
    """
    keep = details_filter(frozenset(), settings.excluded_procurement_method_details)
    price = details_filter(settings.price_comparison_procurement_methods,
                           settings.no_price_comparison_procurement_methods)
    # No SELECT * EXCLUDE: Spark has none; ``statuses`` and ``first_active`` stay as columns.
    return f"""
    SELECT *,
        CASE WHEN final_ok AND n_active = 1 AND len(awards[first_active].suppliers) = 1
             THEN awards[first_active].suppliers[1] END AS winner
    FROM (
        SELECT *,
            ocid IS NOT NULL AND tender_status IS DISTINCT FROM 'cancelled' AND {keep} AS keep,
            {price} AS price_ok,
            awards IS NOT NULL AND bids IS NOT NULL
                AND len(list_filter(statuses, lambda s: s NOT IN ('active', 'cancelled', 'unsuccessful'))) = 0
                AS final_ok,
            coalesce(len(list_filter(statuses, lambda s: s = 'active')), 0) AS n_active,
            list_position(statuses, 'active') AS first_active
        FROM (SELECT *, list_transform(awards, lambda a: a.status) AS statuses FROM ({{clean}}))
    )
    """


SUBMITTED = "b.status IS NOT NULL AND b.status NOT IN ('invited', 'withdrawn')"


def any_bid(predicate: str) -> str:
    """Some bid of the process satisfies ``predicate`` (over ``b``); false without bids."""
    return f"coalesce(list_bool_or(list_transform(bids, lambda b: coalesce({predicate}, false))), false)"


def ensure_bid_rows(ctx: Context) -> None:
    """One row per bid of a kept process, with the process columns bid-level indicators need.

    ``i`` orders the bids of a process as in ``bids/details`` (from 1 on DuckDB, from 0 on
    Spark: only its order is used); ``submitted`` applies 1.4.
    """
    if ctx.cache.get("bid_rows"):
        return
    ctx.create("bid_rows", f"""
        SELECT line, ocid, winner, price_ok, n_active, buyer_id, procuring_entity_id, i,
            b.status AS status, b.amount AS amount, b.currency AS currency, b.tenderers AS tenderers,
            len(b.tenderers) AS n_tenderers, b.tenderers[1] AS first_tenderer,
            coalesce({SUBMITTED}, false) AS submitted
        FROM (SELECT line, ocid, winner, price_ok, n_active, buyer_id, procuring_entity_id,
                     UNNEST(bids) AS b, generate_subscripts(bids, 1) AS i
              FROM proc WHERE len(bids) > 0)
    """)
    ctx.cache["bid_rows"] = True


def sql_float(value: float) -> str:
    """A double as SQL, exactly: parsed from its shortest repr by every engine (not a DECIMAL literal)."""
    text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else repr(float(value))
    return f"CAST('{text}' AS DOUBLE)"


@dataclass
class Context:
    """One run: the backend holding ``releases``/``proc``, the settings, shared state.

    Indicators talk to the backend only through ``rows``, ``one`` and ``create``, in
    DuckDB's SQL dialect, so the same text runs on DuckDB and (transpiled) on Spark.
    """

    db: Backend
    settings: Settings
    _: KW_ONLY
    main_currency: str | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    maps: bool = False  # build the maps that cover every process (Cardinal's --map)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the steps that run on DuckDB only (composite, web attributes)."""
        return self.db.con  # type: ignore[attr-defined, no-any-return]

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.db.rows(sql)

    def one(self, sql: str) -> tuple[Any, ...]:
        return self.db.rows(sql)[0]

    def create(self, name: str, sql: str) -> None:
        """Materialise ``sql`` as the table ``name`` for the rest of the run."""
        self.db.create(name, sql)

    def setting(self, code: str, key: str, default: Any = None) -> Any:
        return self.settings.get(code, key, default)


@dataclass
class Output:
    """What one indicator found: result rows, Meta statistics and Maps."""

    rows: list[tuple[str, str, float]] = field(default_factory=list)
    meta: dict[str, float | None] = field(default_factory=dict)
    maps: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # Beyond Cardinal's shape: the evidence behind each flag, for reviewers and storage.
    details: dict[str, Any] = field(default_factory=dict)


def value_currency(ctx: Context) -> str | None:
    """The currency for award and tender values: the setting, else the first one seen."""
    if ctx.settings.currency is not None:
        return ctx.settings.currency
    if "value_currency" not in ctx.cache:
        (ctx.cache["value_currency"],) = ctx.one("""
            SELECT arg_min(c, struct_pack(l := line, k := k)) FROM (
                SELECT line, 0 AS k, tender_currency AS c FROM proc WHERE tender_amount IS NOT NULL
                UNION ALL
                SELECT line, 1, a.currency FROM (SELECT line, UNNEST(awards) AS a FROM proc WHERE n_active > 0)
                WHERE a.status = 'active' AND a.amount IS NOT NULL
            ) WHERE c IS NOT NULL
        """)
    return ctx.cache["value_currency"]  # type: ignore[no-any-return]


def sql_quartiles(ctx: Context, sql: str) -> tuple[float, float]:
    """q1 and q3 of a one-column query, sorting in DuckDB and fetching only four values.

    For per-process data whose size grows with the file. Any NaN makes both NaN, as the
    quartiles of data with NaN are not reproducible in Cardinal either.
    """
    n, nans = ctx.one(f"SELECT count(v), count(v) FILTER (WHERE isnan(v)) FROM ({sql}) AS t(v)")
    if nans:
        return math.nan, math.nan
    needed = sorted(set(stats.positions(n, 0.25) + stats.positions(n, 0.75)))
    kth: dict[int, float] = {}
    if needed:
        wanted = ", ".join(str(k) for k in needed)
        kth = dict(ctx.rows(f"SELECT k, v FROM (SELECT v, row_number() OVER (ORDER BY v) AS k "
                            f"FROM ({sql}) AS t(v) WHERE v IS NOT NULL) WHERE k IN ({wanted})"))
    return stats.quantile_at(n, 0.25, kth), stats.quantile_at(n, 0.75, kth)


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
