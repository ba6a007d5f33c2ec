"""R003 Short submission period: fewer days to bid than the threshold."""

from __future__ import annotations

from ..indicator_config import Kind
from .common import OCID, Context, Output, method_filter, sql_str

CODE = "R003"
TITLE = "Short submission period"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {"threshold": "int", "procurement_methods": "pipe",
                             "procurement_method_details": "int_map"}

# chrono's parse_from_rfc3339: date, T/t/space, time, optional fraction, Z/z or +hh:mm.
RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]\d{2}:[0-5]\d)$"


def _instant(column: str) -> str:
    return (f"CASE WHEN regexp_matches({column}, '{RFC3339}') "
            f"THEN epoch_us(TRY_CAST(upper({column}) AS TIMESTAMPTZ)) END")


def eligible(ctx: Context) -> str:
    methods = ctx.setting(CODE, "procurement_methods", frozenset())
    return (f"{method_filter(methods)} AND {_instant('start_date')} IS NOT NULL "
            f"AND {_instant('end_date')} IS NOT NULL")


def fields(ctx: Context) -> dict[str, str]:
    found = {
        "tender/tenderPeriod/startDate": f"{_instant('start_date')} IS NOT NULL",
        "tender/tenderPeriod/endDate": f"{_instant('end_date')} IS NOT NULL",
    }
    if ctx.setting(CODE, "procurement_methods", frozenset()):
        found["tender/procurementMethod"] = "method IS NOT NULL"
    return found


def threshold_sql(ctx: Context) -> str:
    default = int(ctx.setting(CODE, "threshold", 15))
    by_details: dict[str, int] = ctx.setting(CODE, "procurement_method_details", {})
    if not by_details:
        return str(default)
    cases = " ".join(f"WHEN {sql_str(k)} THEN {int(v)}" for k, v in by_details.items())
    return f"CASE details {cases} ELSE {default} END"


def run(ctx: Context) -> Output:
    flagged = ctx.rows(f"""
        SELECT ocid FROM (
            SELECT ocid, line, {_instant('end_date')} - {_instant('start_date')} AS micros, {threshold_sql(ctx)} AS threshold
            FROM proc WHERE {eligible(ctx)}
        )
        WHERE sign(micros) * (abs(micros) // 86400000000) < threshold
        ORDER BY line
    """)
    return Output(rows=[(OCID, ocid, 1.0) for (ocid,) in flagged])
