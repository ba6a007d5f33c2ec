"""R038 Excessive disqualified bids: an organisation with an unusual share of disqualifications."""

from __future__ import annotations

from .. import stats
from ..indicator_config import Kind
from .common import (
    BUYER,
    PROCURING_ENTITY,
    SUBMITTED,
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

CODE = "R038"
TITLE = "Excessive disqualified bids"
LEVEL = "organisation"
SETTINGS: dict[str, Kind] = {"threshold": "float", "minimum_submitted_bids": "int",
                             "minimum_contracting_processes": "int"}

def eligible(ctx: Context) -> str:
    return any_bid(SUBMITTED)


def fields(ctx: Context) -> dict[str, str]:
    return {
        "bids/details/status (submitted bids)": any_bid(SUBMITTED),
        "buyer/id": "buyer_id IS NOT NULL",
        "tender/procuringEntity/id": "procuring_entity_id IS NOT NULL",
    }


def run(ctx: Context) -> Output:
    ensure_bid_rows(ctx)
    ctx.create("r038_processes", """
        SELECT line, any_value(ocid) AS ocid, any_value(buyer_id) AS buyer_id,
            any_value(procuring_entity_id) AS procuring_entity_id,
            count(*) FILTER (WHERE status = 'disqualified') AS dq, count(*) AS sub
        FROM bid_rows WHERE submitted GROUP BY line
    """)
    minimum_processes = int(ctx.setting(CODE, "minimum_contracting_processes", 2))
    minimum_bids = int(ctx.setting(CODE, "minimum_submitted_bids", 2))
    groups = {
        BUYER: ("SELECT buyer_id AS id, sum(dq) AS n, sum(sub) AS d FROM r038_processes "
                "WHERE buyer_id IS NOT NULL GROUP BY 1", minimum_processes),
        PROCURING_ENTITY: ("SELECT procuring_entity_id AS id, sum(dq) AS n, sum(sub) AS d FROM r038_processes "
                           "WHERE procuring_entity_id IS NOT NULL GROUP BY 1", minimum_processes),
        TENDERER: ("SELECT t AS id, count(*) FILTER (WHERE status = 'disqualified') AS n, count(*) AS d "
                   "FROM (SELECT status, UNNEST(tenderers) AS t FROM bid_rows WHERE submitted) "
                   "WHERE t IS NOT NULL GROUP BY 1", minimum_bids),
    }
    threshold = ctx.setting(CODE, "threshold")
    out = Output(maps={"ocid_buyer_r038": {}, "ocid_procuringentity_r038": {}})
    meta: dict[str, float] = {}
    for group, (sql, minimum) in groups.items():
        table = f"r038_{group.lower()}"
        ctx.create(table, f"SELECT id, n / d AS ratio FROM ({sql}) WHERE d >= {minimum}")
        ratios = [float(v) for (v,) in ctx.rows(f"SELECT ratio FROM {table} ORDER BY ratio")]
        if not ratios:
            continue
        if threshold is None:
            q1, q3 = quartiles(ratios)
            fence = stats.upper_fence(q1, q3)
            meta |= {f"{group}_q1": q1, f"{group}_q3": q3, f"{group}_upper_fence": fence}
        else:
            fence = float(threshold)
            meta[f"{group}_upper_fence"] = fence
        if gt(fence, 0.0):
            for org, ratio in ctx.rows(f"SELECT id, ratio FROM {table} WHERE ratio >= {sql_float(fence)} ORDER BY id"):
                out.rows.append((group, org, ratio))
    out.meta = meta_values(meta)
    rows = ctx.rows("SELECT ocid, buyer_id, procuring_entity_id FROM r038_processes WHERE dq > 0 ORDER BY line"
                    ) if ctx.maps else []
    for ocid, buyer, entity in rows:
        if buyer is not None:
            out.maps["ocid_buyer_r038"][ocid] = buyer
        if entity is not None:
            out.maps["ocid_procuringentity_r038"][ocid] = entity
    return out
