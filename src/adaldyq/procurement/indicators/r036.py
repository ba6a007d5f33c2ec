"""R036 Lowest bid disqualified: the cheapest bid was disqualified and another won."""

from __future__ import annotations

from ..settings import Kind
from .common import OCID, SUBMITTED, Context, Output, sql_str
from .second_lowest import main_currency

CODE = "R036"
TITLE = "Lowest bid disqualified"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {}


def _used(ctx: Context) -> str:
    currency = main_currency(ctx)
    same = "false" if currency is None else f"b.currency = {sql_str(currency)}"
    return f"{SUBMITTED} AND b.amount IS NOT NULL AND {same}"


def eligible(ctx: Context) -> str:
    return f"price_ok AND len(active_awards) > 0 AND len(list_filter(bids, lambda b: {_used(ctx)})) > 0"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "awards (an active award)": "len(active_awards) > 0",
        "bids/details/value": f"len(list_filter(bids, lambda b: {_used(ctx)})) > 0",
    }


def run(ctx: Context) -> Output:
    # On equal amounts the first bid in array order decides (strict "<" in Cardinal).
    flagged = ctx.rows(f"""
        SELECT ocid FROM (
            SELECT line, ocid, arg_min(b.status, struct_pack(a := b.amount, i := i)) AS lowest,
                bool_or(b.status = 'valid') AS any_valid
            FROM (SELECT line, ocid, UNNEST(bids) AS b, generate_subscripts(bids, 1) AS i
                  FROM proc WHERE price_ok AND len(active_awards) > 0)
            WHERE {_used(ctx)}
            GROUP BY line, ocid
        )
        WHERE any_valid AND lowest = 'disqualified'
        ORDER BY line
    """)
    return Output(rows=[(OCID, ocid, 1.0) for (ocid,) in flagged])
