"""R018 Single bid received: an open or selective tender with one tenderer."""

from __future__ import annotations

from ..indicator_config import Kind, split_pipe
from .common import OCID, Context, Output, method_filter

CODE = "R018"
TITLE = "Single bid received"
LEVEL = "process"
SETTINGS: dict[str, Kind] = {"procurement_methods": "pipe"}
DEFAULT_METHODS = split_pipe("open|selective")

# numberOfTenderers is kept as its JSON text: only the integer literal 1 counts.
IS_NUMBER = "regexp_matches(number_of_tenderers, '^-?[0-9]')"


def eligible(ctx: Context) -> str:
    return f"{method_filter(ctx.setting(CODE, 'procurement_methods', DEFAULT_METHODS))} AND {IS_NUMBER}"


def fields(ctx: Context) -> dict[str, str]:
    found = {"tender/numberOfTenderers": IS_NUMBER}
    if ctx.setting(CODE, "procurement_methods", DEFAULT_METHODS):
        found["tender/procurementMethod"] = "method IS NOT NULL"
    return found


def run(ctx: Context) -> Output:
    methods = ctx.setting(CODE, "procurement_methods", DEFAULT_METHODS)
    flagged = ctx.rows(f"SELECT ocid FROM proc WHERE {method_filter(methods)} AND number_of_tenderers = '1' ORDER BY line")
    return Output(rows=[(OCID, ocid, 1.0) for (ocid,) in flagged])
