"""R035 All except winning bid disqualified: the winner was the only valid bidder."""

from __future__ import annotations

from ..indicator_config import Kind
from .common import OCID, TENDERER, Context, Output, any_bid

CODE = "R035"
TITLE = "All except winning bid disqualified"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {"threshold": "int"}


def _ids(status: str) -> str:
    return (f"list_sort(list_distinct(flatten(list_transform(list_filter(bids, lambda b: b.status = '{status}' "
            "AND b.tenderers IS NOT NULL), lambda b: list_filter(b.tenderers, lambda t: t IS NOT NULL)))))")


SUPPLIERS = ("list_sort(list_distinct(flatten(list_transform(list_filter(awards, lambda a: a.status = 'active' AND "
             "a.suppliers IS NOT NULL), lambda a: list_filter(a.suppliers, lambda s: s IS NOT NULL)))))")


DISQUALIFIED_WITH_ID = any_bid("b.status = 'disqualified' AND list_aggregate(b.tenderers, 'count') > 0")
VALID_WITH_ID = any_bid("b.status = 'valid' AND list_aggregate(b.tenderers, 'count') > 0")


def eligible(ctx: Context) -> str:
    return f"final_ok AND {VALID_WITH_ID}"


def fields(ctx: Context) -> dict[str, str]:
    return {"awards (all final)": "final_ok", "bids/details/tenderers (valid bids)": VALID_WITH_ID}


def run(ctx: Context) -> Output:
    threshold = max(1, int(ctx.setting(CODE, "threshold", 1)))
    found = ctx.rows(f"""
        SELECT ocid, winner, k FROM (
            SELECT line, ocid, valid[1] AS winner, len(list_filter(disq, lambda d: NOT list_contains(valid, d))) AS k,
                len(valid) = 1 AND valid = suppliers AS one_valid_winner
            FROM (SELECT line, ocid, {_ids('valid')} AS valid, {_ids('disqualified')} AS disq,
                         {SUPPLIERS} AS suppliers
                  FROM proc WHERE final_ok AND {DISQUALIFIED_WITH_ID})
        )
        WHERE one_valid_winner AND k >= {threshold}
        ORDER BY line
    """)
    out = Output(maps={"ocid_tenderer_r035": {}})
    for ocid, winner, k in found:
        out.rows += [(OCID, ocid, float(k)), (TENDERER, winner, 0.0)]
        out.maps["ocid_tenderer_r035"][ocid] = [winner]
    return out
