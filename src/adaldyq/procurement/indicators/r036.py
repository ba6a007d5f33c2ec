"""R036 Lowest bid disqualified: the cheapest bid was disqualified and another won."""

from __future__ import annotations

from ..indicator_config import Kind
from .common import OCID, SUBMITTED, Context, Output, any_bid, ensure_bid_rows, sql_str
from .second_lowest import main_currency

CODE = "R036"
TITLE = "Lowest bid disqualified"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {}


def _same_currency(ctx: Context, prefix: str) -> str:
    currency = main_currency(ctx)
    return "false" if currency is None else f"{prefix}currency = {sql_str(currency)}"


def eligible(ctx: Context) -> str:
    return f"price_ok AND n_active > 0 AND {any_bid(f'{SUBMITTED} AND b.amount IS NOT NULL AND ' + _same_currency(ctx, 'b.'))}"


def fields(ctx: Context) -> dict[str, str]:
    used = any_bid(f"{SUBMITTED} AND b.amount IS NOT NULL AND " + _same_currency(ctx, "b."))
    return {"awards (an active award)": "n_active > 0", "bids/details/value": used}


def run(ctx: Context) -> Output:
    # On equal amounts the first bid in array order decides (strict "<" in Cardinal).
    ensure_bid_rows(ctx)
    flagged = ctx.rows(f"""
        SELECT ocid FROM (
            SELECT line, ocid, arg_min(status, struct_pack(a := amount, i := i)) AS lowest,
                bool_or(status = 'valid') AS any_valid
            FROM bid_rows
            WHERE price_ok AND n_active > 0 AND submitted AND amount IS NOT NULL AND {_same_currency(ctx, '')}
            GROUP BY line, ocid
        )
        WHERE any_valid AND lowest = 'disqualified'
        ORDER BY line
    """)
    return Output(rows=[(OCID, ocid, 1.0) for (ocid,) in flagged])
