"""R024 Price close to winning bid: the second-lowest bid is unusually close to the winner."""

from __future__ import annotations

from .. import stats
from ..indicator_config import Kind
from .common import (
    OCID,
    TENDERER,
    Context,
    Output,
    any_bid,
    gt,
    meta_values,
    sql_float,
    sql_quartiles,
)
from .second_lowest import ELIGIBLE, ensure_ratios

CODE = "R024"
TITLE = "Price close to winning bid"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {"threshold": "float"}


def eligible(ctx: Context) -> str:
    return ELIGIBLE


def fields(ctx: Context) -> dict[str, str]:
    return {
        "awards (one active award, one supplier)": "winner IS NOT NULL",
        "bids/details": "bids IS NOT NULL",
        "bids/details/value/amount": any_bid("b.amount IS NOT NULL"),
    }


def run(ctx: Context) -> Output:
    ensure_ratios(ctx)
    threshold = ctx.setting(CODE, "threshold")
    if threshold is None:
        q1, q3 = sql_quartiles(ctx, "SELECT ratio FROM ratios")
        fence = stats.lower_fence(q1, q3)
        out = Output(meta=meta_values({"q1": q1, "q3": q3, "lower_fence": fence}))
    else:
        q1, fence = 1.0, float(threshold)
        out = Output(meta=meta_values({"lower_fence": fence}))
    out.maps["ocid_tenderer_r024"] = {}
    if gt(q1, 0.0) and gt(fence, 0.0):
        for ocid, winner, loser, ratio in ctx.rows(
            f"SELECT ocid, winner, loser, ratio FROM ratios WHERE ratio <= {sql_float(fence)} ORDER BY line"
        ):
            out.rows += [(OCID, ocid, ratio), (TENDERER, winner, 0.0), (TENDERER, loser, 0.0)]
            out.maps["ocid_tenderer_r024"][ocid] = [winner, loser]
    return out
