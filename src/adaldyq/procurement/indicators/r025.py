"""R025 Excessive unsuccessful bids: a frequent bidder that almost never wins."""

from __future__ import annotations

from .. import stats
from ..indicator_config import Kind
from .common import (
    TENDERER,
    Context,
    Output,
    any_bid,
    ensure_bid_rows,
    gt,
    meta_values,
    quartiles,
    sql_float,
)

CODE = "R025"
TITLE = "Excessive unsuccessful bids"
LEVEL = "organisation"
SETTINGS: dict[str, Kind] = {"percentile": "int", "threshold": "float"}

VALID_SINGLE = "b.status = 'valid' AND len(b.tenderers) = 1 AND b.tenderers[1] IS NOT NULL"


def eligible(ctx: Context) -> str:
    return f"winner IS NOT NULL AND {any_bid(VALID_SINGLE)}"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "awards (one active award, one supplier)": "winner IS NOT NULL",
        "bids/details/tenderers/id (valid bids)": any_bid(VALID_SINGLE),
    }


def run(ctx: Context) -> Output:
    ensure_bid_rows(ctx)
    # Each tenderer counts once per process, however many valid bids it made there.
    ctx.create("r025", """
        SELECT tenderer, count(*) FILTER (WHERE tenderer = winner) AS wins, count(*) AS processes
        FROM (
            SELECT DISTINCT line, winner, first_tenderer AS tenderer FROM bid_rows
            WHERE winner IS NOT NULL AND status = 'valid' AND n_tenderers = 1 AND first_tenderer IS NOT NULL
        )
        GROUP BY tenderer
    """)
    percentile = int(ctx.setting(CODE, "percentile", 75))
    counts = [float(v) for (v,) in ctx.rows("SELECT processes FROM r025 ORDER BY processes")]
    top = stats.quantile(counts, percentile / 100)
    ratios = [float(v) for (v,) in ctx.rows("SELECT wins / processes AS r FROM r025 ORDER BY r")]
    threshold = ctx.setting(CODE, "threshold")
    if threshold is None:
        q1, q3 = quartiles(ratios)
        fence = stats.lower_fence(q1, q3)
        out = Output(meta=meta_values({"q1": q1, "q3": q3, "upper_fence": top, "lower_fence": fence}))
    else:
        q1, fence = 1.0, float(threshold)
        out = Output(meta=meta_values({"upper_fence": top, "lower_fence": fence}))
    if gt(q1, 0.0) and gt(fence, 0.0) and top == top:
        for tenderer, ratio in ctx.rows(
            f"SELECT tenderer, wins / processes FROM r025 WHERE processes >= {sql_float(top)} "
            f"AND wins / processes <= {sql_float(fence)} ORDER BY tenderer"
        ):
            out.rows.append((TENDERER, tenderer, ratio))
    return out
