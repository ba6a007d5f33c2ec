"""R030 Late bid won: a winner's valid bid is dated after the submission deadline."""

from __future__ import annotations

from ..indicator_config import Kind
from .common import OCID, TENDERER, Context, Output

CODE = "R030"
TITLE = "Late bid won"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {}

WINNERS = ("list_distinct(flatten(list_transform(list_filter(awards, lambda a: a.status = 'active' "
           "AND a.suppliers IS NOT NULL), lambda a: list_filter(a.suppliers, lambda s: s IS NOT NULL))))")


def eligible(ctx: Context) -> str:
    return "end_date IS NOT NULL AND awards IS NOT NULL AND bids IS NOT NULL"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "tender/tenderPeriod/endDate": "end_date IS NOT NULL",
        "awards": "awards IS NOT NULL",
        "bids/details": "bids IS NOT NULL",
    }


def run(ctx: Context) -> Output:
    # The deadline test is a plain string comparison, as in Cardinal.
    late = ctx.rows(f"""
        SELECT ocid, flagged FROM (
            SELECT line, ocid, list_sort(list_distinct(flatten(list_transform(
                list_filter(bids, lambda b: b.status = 'valid' AND b.date IS NOT NULL
                    AND b.tenderers IS NOT NULL AND b.date > end_date),
                lambda b: list_filter(b.tenderers, lambda t: list_contains(winners, t)))))) AS flagged
            FROM (SELECT *, {WINNERS} AS winners FROM proc WHERE {eligible(ctx)})
        )
        WHERE len(flagged) > 0
        ORDER BY line
    """)
    out = Output(maps={"ocid_tenderer_r030": {}})
    for ocid, ids in late:
        out.rows.append((OCID, ocid, 1.0))
        out.rows += [(TENDERER, tenderer, 1.0) for tenderer in ids]
        out.maps["ocid_tenderer_r030"][ocid] = list(ids)
    return out
