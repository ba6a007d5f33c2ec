"""R013 Non-competitive procedures: a buyer that often avoids open competition.

Beyond Cardinal. Each buyer's share of limited and direct procedures, by number and by
value, with the legal grounds the buyer gave (``procurementMethodRationale``).
"""

from __future__ import annotations

from typing import Any

from .. import stats
from ..indicator_config import Kind, split_pipe
from .common import (
    BUYER,
    Context,
    Output,
    gt,
    in_set,
    meta_values,
    quartiles,
    sql_float,
    sql_str,
    value_currency,
)

CODE = "R013"
TITLE = "Non-competitive procedures"
LEVEL = "organisation"
SETTINGS: dict[str, Kind] = {"threshold": "float", "minimum_contracting_processes": "int",
                             "procurement_methods": "pipe", "measure": "str", "reasons": "int"}
DEFAULT_METHODS = split_pipe("limited|direct")


def _methods(ctx: Context) -> frozenset[str]:
    return ctx.setting(CODE, "procurement_methods", DEFAULT_METHODS)  # type: ignore[no-any-return]


def process_flag(ctx: Context) -> str:
    """The per-process component used by the composite score: a non-competitive procedure."""
    return in_set("method", _methods(ctx))


def eligible(ctx: Context) -> str:
    return "method IS NOT NULL AND buyer_id IS NOT NULL"


def fields(ctx: Context) -> dict[str, str]:
    return {"tender/procurementMethod": "method IS NOT NULL", "buyer/id": "buyer_id IS NOT NULL",
            "value (awards/value or tender/value)": "tender_amount IS NOT NULL OR n_active > 0"}


def run(ctx: Context) -> Output:
    measure = ctx.setting(CODE, "measure", "value")
    if measure not in ("value", "count"):
        from ..exceptions import SettingsError

        raise SettingsError(f"[{CODE}] measure must be 'value' or 'count', not {measure!r}")
    currency = value_currency(ctx)
    same = "false" if currency is None else f"currency = {sql_str(currency)}"
    minimum = int(ctx.setting(CODE, "minimum_contracting_processes", 10))
    # A process's value: its active awards in the main currency, else its tender value.
    ctx.create("r013", f"""
        WITH processes AS (
            SELECT buyer_id, {process_flag(ctx)} AS limited, rationale,
                coalesce(
                    list_sum(list_transform(list_filter(awards, lambda a: a.status = 'active'
                        AND a.amount IS NOT NULL AND a.{same}), lambda a: a.amount)),
                    CASE WHEN tender_{same} THEN tender_amount END, 0) AS value
            FROM proc WHERE {eligible(ctx)}
        )
        SELECT buyer_id, count(*) AS processes, count(*) FILTER (WHERE limited) AS limited,
            sum(value) AS value, sum(value) FILTER (WHERE limited) AS limited_value,
            count(*) FILTER (WHERE limited AND rationale IS NULL) AS without_reason
        FROM processes GROUP BY buyer_id HAVING count(*) >= {minimum}
    """)
    share = ("coalesce(limited_value, 0) / nullif(value, 0)" if measure == "value"
             else "limited / processes")
    shares = stats.sort_values([float(v) for (v,) in ctx.rows(f"SELECT {share} FROM r013 WHERE {share} IS NOT NULL")])
    threshold = ctx.setting(CODE, "threshold")
    if threshold is None:
        q1, q3 = quartiles(shares)
        fence = stats.upper_fence(q1, q3)
        out = Output(meta=meta_values({"q1": q1, "q3": q3, "upper_fence": fence}))
    else:
        fence = float(threshold)
        out = Output(meta=meta_values({"upper_fence": fence}))
    flagged = ctx.rows(
        f"SELECT buyer_id, {share}, processes, limited, value, limited_value, without_reason FROM r013 "
        f"WHERE {share} >= {sql_float(fence)} ORDER BY buyer_id") if gt(fence, 0.0) else []
    top = int(ctx.setting(CODE, "reasons", 5))
    reasons = _reasons(ctx, [row[0] for row in flagged], top)
    buyers: dict[str, Any] = {}
    for buyer, value, processes, limited, total, limited_value, without_reason in flagged:
        out.rows.append((BUYER, buyer, float(value)))
        buyers[buyer] = {
            "processes": processes, "non_competitive": limited, "share_by_count": limited / processes,
            "value": total, "non_competitive_value": limited_value or 0.0,
            "share_by_value": (limited_value or 0.0) / total if total else None,
            "currency": currency, "without_reason": without_reason, "reasons": reasons.get(buyer, []),
        }
    out.details = {"measure": measure, "buyers": buyers}
    return out


def _reasons(ctx: Context, buyers: list[str], top: int) -> dict[str, list[dict[str, Any]]]:
    """The most frequent stated grounds for each flagged buyer's non-competitive procedures."""
    if not buyers:
        return {}
    rows = ctx.rows(f"""
        SELECT buyer_id, rationale, n FROM (
            SELECT buyer_id, rationale, count(*) AS n,
                row_number() OVER (PARTITION BY buyer_id ORDER BY count(*) DESC, rationale) AS rank
            FROM proc
            WHERE {process_flag(ctx)} AND rationale IS NOT NULL AND list_contains({_list(buyers)}, buyer_id)
            GROUP BY buyer_id, rationale
        ) WHERE rank <= {top} ORDER BY buyer_id, rank
    """)
    found: dict[str, list[dict[str, Any]]] = {}
    for buyer, rationale, n in rows:
        found.setdefault(buyer, []).append({"reason": rationale, "processes": n})
    return found


def _list(values: list[str]) -> str:
    return "[" + ", ".join(sql_str(v) for v in values) + "]::VARCHAR[]"
