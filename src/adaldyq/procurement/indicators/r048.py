"""R048 Heterogeneous supplier: a supplier winning contracts for unusually varied goods."""

from __future__ import annotations

from .. import stats
from ..indicator_config import Kind
from .common import TENDERER, Context, Output, meta_values, quartiles, sql_float

CODE = "R048"
TITLE = "Heterogeneous supplier"
LEVEL = "organisation"
SETTINGS: dict[str, Kind] = {"digits": "uint", "threshold": "uint", "minimum_contracting_processes": "int"}

SINGLE_SUPPLIER = ("a.status = 'active' AND a.codes IS NOT NULL AND len(a.suppliers) = 1 "
                   "AND a.suppliers[1] IS NOT NULL")


def eligible(ctx: Context) -> str:
    return (f"len(list_filter(awards, lambda a: {SINGLE_SUPPLIER} "
            "AND len(list_filter(a.codes, lambda c: c IS NOT NULL)) > 0)) > 0")


def fields(ctx: Context) -> dict[str, str]:
    return {
        "awards (active, one supplier)": f"len(list_filter(awards, lambda a: {SINGLE_SUPPLIER})) > 0",
        "awards/items/classification/id": eligible(ctx),
    }


def run(ctx: Context) -> Output:
    digits = int(ctx.setting(CODE, "digits", 2))
    minimum = int(ctx.setting(CODE, "minimum_contracting_processes", 20))
    ctx.create("r048", f"""
        SELECT supplier, count(DISTINCT left(code, {digits})) AS variety, count(DISTINCT line) AS processes
        FROM (
            SELECT line, a.suppliers[1] AS supplier, UNNEST(a.codes) AS code
            FROM (SELECT line, UNNEST(awards) AS a FROM proc WHERE awards IS NOT NULL)
            WHERE {SINGLE_SUPPLIER}
        )
        WHERE code IS NOT NULL
        GROUP BY supplier HAVING count(DISTINCT line) >= {minimum}
    """)
    varieties = [float(v) for (v,) in ctx.rows("SELECT variety FROM r048 ORDER BY variety")]
    threshold = ctx.setting(CODE, "threshold")
    if threshold is None:
        q1, q3 = quartiles(varieties)
        fence = stats.upper_fence(q1, q3)
        out = Output(meta=meta_values({"q1": q1, "q3": q3, "upper_fence": fence}))
    else:
        fence = float(threshold)
        out = Output(meta=meta_values({"upper_fence": fence}))
    for supplier, variety in ctx.rows(f"SELECT supplier, variety FROM r048 WHERE variety >= {sql_float(fence)} "
                                      "ORDER BY supplier"):
        out.rows.append((TENDERER, supplier, float(variety)))
    return out
