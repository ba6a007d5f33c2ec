"""R058 Heavily discounted bid: the winner bid far below the next-lowest bid."""

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

CODE = "R058"
TITLE = "Heavily discounted bid"
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
        fence = stats.upper_fence(q1, q3)
        out = Output(meta=meta_values({"q1": q1, "q3": q3, "upper_fence": fence}))
    else:
        fence = float(threshold)
        out = Output(meta=meta_values({"upper_fence": fence}))
    out.maps["ocid_tenderer_r058"] = {}
    if gt(fence, 0.0):
        for ocid, winner, ratio in ctx.rows(
            f"SELECT ocid, winner, ratio FROM ratios WHERE ratio >= {sql_float(fence)} ORDER BY line"
        ):
            out.rows += [(OCID, ocid, ratio), (TENDERER, winner, 0.0)]
            out.maps["ocid_tenderer_r058"][ocid] = [winner]
    return out
