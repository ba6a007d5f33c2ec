"""R055 Split purchases: direct awards from one buyer to one supplier that together pass
the open-procedure threshold within a short window.

Beyond Cardinal (whose R055 branch is unfinished). Each award stays below the threshold,
so no open procedure was needed for it; together, within ``window_days``, they exceed it.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import SettingsError
from ..indicator_config import Kind, split_pipe
from .common import (
    BUYER,
    OCID,
    TENDERER,
    Context,
    Output,
    in_set,
    sql_float,
    sql_str,
    value_currency,
)

CODE = "R055"
TITLE = "Split purchases"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {"threshold": "float", "window_days": "uint", "procurement_methods": "pipe",
                             "minimum_awards": "uint"}
DEFAULT_METHODS = split_pipe("direct")


def _awards_sql(ctx: Context) -> str:
    currency = value_currency(ctx)
    same = "false" if currency is None else f"a.currency = {sql_str(currency)}"
    return f"""
        SELECT line, ocid, buyer_id, a.suppliers[1] AS supplier, a.amount AS amount,
            TRY_CAST(a.date AS TIMESTAMPTZ) AS moment
        FROM (SELECT line, ocid, buyer_id, UNNEST(awards) AS a FROM proc
              WHERE {eligible(ctx)})
        WHERE a.status = 'active' AND len(a.suppliers) = 1 AND a.suppliers[1] IS NOT NULL
            AND a.amount IS NOT NULL AND {same} AND TRY_CAST(a.date AS TIMESTAMPTZ) IS NOT NULL
    """


def eligible(ctx: Context) -> str:
    return f"{in_set('method', ctx.setting(CODE, 'procurement_methods', DEFAULT_METHODS))} AND buyer_id IS NOT NULL AND n_active > 0"


def fields(ctx: Context) -> dict[str, str]:
    return {
        "tender/procurementMethod": "method IS NOT NULL",
        "buyer/id": "buyer_id IS NOT NULL",
        "awards (active, one supplier, value, date)": (
            "coalesce(list_bool_or(list_transform(awards, lambda a: a.status = 'active' AND len(a.suppliers) = 1 "
            "AND a.amount IS NOT NULL AND TRY_CAST(a.date AS TIMESTAMPTZ) IS NOT NULL)), false)"),
    }


def run(ctx: Context) -> Output:
    threshold = ctx.setting(CODE, "threshold")
    if threshold is None:
        raise SettingsError(f"[{CODE}] threshold is required: the open-procedure threshold in the main currency")
    window = int(ctx.setting(CODE, "window_days", 30))
    minimum = max(2, int(ctx.setting(CODE, "minimum_awards", 2)))
    # A window ends at each award; it is a split when the pair's awards in it, each below
    # the threshold, add up to more than the threshold.
    limit = sql_float(float(threshold))
    series = ctx.rows(f"""
        WITH awards AS ({_awards_sql(ctx)}),
        small AS (SELECT * FROM awards WHERE amount < {limit}),
        windows AS (
            SELECT buyer_id, supplier, moment AS closes,
                sum(amount) OVER w AS total, count(*) OVER w AS n
            FROM small
            WINDOW w AS (PARTITION BY buyer_id, supplier ORDER BY moment
                         RANGE BETWEEN INTERVAL {window} DAYS PRECEDING AND CURRENT ROW)
        ),
        flagged AS (
            SELECT buyer_id, supplier, closes, max(total) AS total FROM windows
            WHERE total > {limit} AND n >= {minimum} GROUP BY ALL
        )
        SELECT f.buyer_id, f.supplier, f.closes, f.total,
            list_transform(list_sort(list(struct_pack(m := s.moment, l := s.line, o := s.ocid))), lambda x: x.o) AS ocids,
            min(s.moment) AS opens
        FROM flagged f JOIN small s ON s.buyer_id = f.buyer_id AND s.supplier = f.supplier
            AND s.moment BETWEEN f.closes - INTERVAL {window} DAYS AND f.closes
        GROUP BY ALL ORDER BY f.buyer_id, f.supplier, f.closes
    """)
    out = Output()
    by_ocid: dict[str, float] = {}
    by_buyer: dict[str, float] = {}
    by_supplier: dict[str, float] = {}
    found = merge_windows(series)
    for item in found:
        total, buyer, supplier = item["total"], item["buyer"], item["supplier"]
        for ocid in item["ocids"]:
            by_ocid[ocid] = max(by_ocid.get(ocid, 0.0), total)
        by_buyer[buyer] = max(by_buyer.get(buyer, 0.0), total)
        by_supplier[supplier] = max(by_supplier.get(supplier, 0.0), total)
    out.rows = ([(OCID, k, v) for k, v in by_ocid.items()] + [(BUYER, k, v) for k, v in by_buyer.items()]
                + [(TENDERER, k, v) for k, v in by_supplier.items()])
    out.details = {"threshold": float(threshold), "window_days": window, "currency": value_currency(ctx),
                   "series": found}
    return out


def merge_windows(windows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Merge overlapping flagged windows of one buyer-supplier pair into one series.

    ``windows`` rows are (buyer, supplier, closes, total, ocids, opens), sorted by buyer,
    supplier and closing time. A series keeps the largest window total and every ocid.
    """
    series: list[dict[str, Any]] = []
    for buyer, supplier, closes, total, ocids, opens in windows:
        last = series[-1] if series else None
        if last and last["buyer"] == buyer and last["supplier"] == supplier and opens <= last["_to"]:
            last["_to"] = max(last["_to"], closes)
            last["total"] = max(last["total"], total)
            last["ocids"] += [o for o in ocids if o not in last["ocids"]]
            continue
        series.append({"buyer": buyer, "supplier": supplier, "_from": opens, "_to": closes,
                       "total": total, "ocids": list(ocids)})
    for item in series:
        item["from"], item["to"] = item.pop("_from").isoformat(), item.pop("_to").isoformat()
    return series
