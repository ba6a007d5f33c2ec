"""R028 Identical bid prices: different tenderers bid exactly the same price."""

from __future__ import annotations

from ..settings import Kind
from .common import OCID, SUBMITTED, TENDERER, Context, Output

CODE = "R028"
TITLE = "Identical bid prices"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {}

USED = (f"{SUBMITTED} AND b.tenderers IS NOT NULL AND b.amount IS NOT NULL AND b.currency IS NOT NULL "
        "AND len(list_filter(b.tenderers, lambda t: t IS NOT NULL)) > 0")


def eligible(ctx: Context) -> str:
    return f"price_ok AND len(list_filter(bids, lambda b: {USED})) >= 2"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "bids/details": "bids IS NOT NULL",
        "bids/details/value (two or more priced bids)": f"len(list_filter(bids, lambda b: {USED})) >= 2",
    }


def run(ctx: Context) -> Output:
    # Each used bid is compared with the most recent earlier bid at the same price.
    pairs = ctx.rows(f"""
        WITH used AS (
            SELECT line, ocid, i, b.amount AS amount, b.currency AS currency,
                list_sort(list_distinct(list_filter(b.tenderers, lambda t: t IS NOT NULL))) AS ids
            FROM (SELECT line, ocid, UNNEST(bids) AS b, generate_subscripts(bids, 1) AS i
                  FROM proc WHERE price_ok AND len(bids) >= 2)
            WHERE {USED}
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
