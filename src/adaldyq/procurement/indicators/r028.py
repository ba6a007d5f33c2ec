"""R028 Identical bid prices: different tenderers bid exactly the same price."""

from __future__ import annotations

from ..indicator_config import Kind
from .common import OCID, SUBMITTED, TENDERER, Context, Output, ensure_bid_rows

CODE = "R028"
TITLE = "Identical bid prices"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {}

USED = (f"{SUBMITTED} AND b.amount IS NOT NULL AND b.currency IS NOT NULL "
        "AND list_aggregate(b.tenderers, 'count') > 0")


TWO_USED = f"coalesce(list_sum(list_transform(bids, lambda b: coalesce({USED}, false)::INTEGER)), 0) >= 2"


def eligible(ctx: Context) -> str:
    return f"price_ok AND {TWO_USED}"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "bids/details": "bids IS NOT NULL",
        "bids/details/value (two or more priced bids)": TWO_USED,
    }


def run(ctx: Context) -> Output:
    # Each used bid is compared with the most recent earlier bid at the same price.
    ensure_bid_rows(ctx)
    # Only prices that occur twice in a process can flag it; the id sets are built for those.
    pairs = ctx.rows("""
        WITH priced AS (
            SELECT line, ocid, i, amount, currency, tenderers FROM bid_rows
            WHERE price_ok AND submitted AND amount IS NOT NULL AND currency IS NOT NULL
                AND list_aggregate(tenderers, 'count') > 0
        ), repeated AS (
            SELECT line, amount, currency FROM priced GROUP BY ALL HAVING count(*) > 1
        ), used AS (
            SELECT line, ocid, i, amount, currency,
                list_sort(list_distinct(list_filter(tenderers, lambda t: t IS NOT NULL))) AS ids
            FROM priced SEMI JOIN repeated USING (line, amount, currency)
        ), compared AS (
            SELECT line, ocid, ids,
                lag(ids) OVER (PARTITION BY line, amount, currency ORDER BY i) AS previous
            FROM used
        )
        SELECT ocid, list_sort(list_distinct(flatten(list(list_concat(ids, previous)))))
        FROM compared WHERE previous IS NOT NULL AND previous <> ids
        GROUP BY line, ocid ORDER BY line
    """)
    out = Output(maps={"ocid_tenderer_r028": {}})
    for ocid, ids in pairs:
        out.rows.append((OCID, ocid, 1.0))
        out.rows += [(TENDERER, tenderer, 1.0) for tenderer in ids]
        out.maps["ocid_tenderer_r028"][ocid] = list(ids)
    return out
