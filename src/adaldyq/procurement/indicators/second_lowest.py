"""The shared second-lowest-bid ratio (INDICATORS.md 4.3) and the main currency (1.5).

R024 and R058 read the same ratio: how far the lowest losing price lies above the winning
price, in processes where one supplier won and the lowest valid bid won.
"""

from __future__ import annotations

from .common import Context, ensure_bid_rows, sql_str

PRICED_SINGLE = (
    "status = 'valid' AND amount IS NOT NULL AND currency IS NOT NULL "
    "AND n_tenderers = 1 AND first_tenderer IS NOT NULL"
)


def main_currency(ctx: Context) -> str | None:
    """The ``currency`` setting, or the currency of the first bid to reach a currency check.

    Within a line the ratio step runs before R036, as in Cardinal, so a step number breaks
    ties between bids of the same line.
    """
    if ctx.settings.currency is not None:
        return ctx.settings.currency
    if "main_currency" in ctx.cache:
        return ctx.cache["main_currency"]  # type: ignore[no-any-return]
    ensure_bid_rows(ctx)
    parts = []
    if ctx.settings.enabled("R024") or ctx.settings.enabled("R058"):
        parts.append(
            "SELECT line, 0 AS step, i, currency FROM bid_rows "
            f"WHERE price_ok AND winner IS NOT NULL AND {PRICED_SINGLE}"
        )
    if ctx.settings.enabled("R036"):
        parts.append(
            "SELECT line, 1 AS step, i, currency FROM bid_rows "
            "WHERE price_ok AND n_active > 0 AND submitted AND amount IS NOT NULL AND currency IS NOT NULL"
        )
    currency = None
    if parts:
        (currency,) = ctx.one(
            "SELECT arg_min(currency, struct_pack(l := line, s := step, i := i)) FROM ("
            + " UNION ALL ".join(parts) + ")"
        )
    ctx.cache["main_currency"] = currency
    return currency  # type: ignore[no-any-return]


def ensure_ratios(ctx: Context) -> None:
    """Create the temp table ``ratios(line, ocid, winner, loser, ratio)`` once per run."""
    if ctx.cache.get("ratios"):
        return
    ensure_bid_rows(ctx)
    currency = main_currency(ctx)
    currency_test = "false" if currency is None else f"currency = {sql_str(currency)}"
    ctx.create("ratios", f"""
        WITH priced AS (
            SELECT line, ocid, winner, i, amount, first_tenderer AS tenderer
            FROM bid_rows
            WHERE price_ok AND winner IS NOT NULL AND {PRICED_SINGLE} AND {currency_test}
        ), per_process AS (
            SELECT line, any_value(ocid) AS ocid, any_value(winner) AS winner,
                min(amount) FILTER (WHERE tenderer = winner) AS won,
                arg_min(struct_pack(a := amount, t := tenderer), struct_pack(a := amount, i := i))
                    FILTER (WHERE tenderer <> winner) AS lost
            FROM priced GROUP BY line
        )
        SELECT line, ocid, winner, lost.t AS loser, (lost.a - won) / won AS ratio
        FROM per_process
        WHERE won IS NOT NULL AND lost IS NOT NULL AND lost.a >= won
        QUALIFY row_number() OVER (PARTITION BY ocid ORDER BY line DESC) = 1
    """)
    ctx.cache["ratios"] = True


ELIGIBLE = "price_ok AND winner IS NOT NULL"
