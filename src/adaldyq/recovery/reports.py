"""The period report as CSV and XLSX: the dashboard's figures, row by row.

Both formats come from `report_rows`, which reads the same `queries.summary` as the
dashboard, so a report can never disagree with the page it was downloaded from. The
codes (section, key, measure) and amounts are for machines and stay as they are; the
`label` column, and in the spreadsheet the title and header row, are for people and
are written in the reader's language.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from adaldyq.core import formatting, spreadsheet

from . import queries

HEADER = ["section", "key", "label", "measure", "amount_kzt", "count"]


def _people_header() -> list[str]:
    return [_("Section"), _("Code"), _("What"), _("Measure (code)"), _("Amount, KZT"), _("Number of assets")]


def _fund_labels() -> dict[str, str]:
    return {"received_kzt": _("Received"), "allocated_kzt": _("Allocated"), "disbursed_kzt": _("Paid out"),
            "balance_kzt": _("Not yet allocated"), "cash_kzt": _("On the fund's account")}


def report_rows(summary: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    ovc = summary["ordered_vs_collected"]
    rows.append(["total", "returned", _("Returned to the state"), "returned", summary["returned"]["amount_kzt"],
                 summary["returned"]["count"]])
    rows.append(["total", "pending", _("Identified, pending"), "pending", summary["pending"]["amount_kzt"],
                 summary["pending"]["count"]])
    rows.append(["total", "ordered", _("Ordered (verdict or agreement)"), "ordered", ovc["ordered_kzt"],
                 ovc["count"]])
    rows.append(["total", "collected", _("Collected against those orders"), "collected", ovc["collected_kzt"], ""])
    rows.append(["total", "not_collected", _("Ordered but not collected"), "not_collected",
                 ovc["not_collected_kzt"], ""])
    for row in summary["by_kind"]:
        for measure in ("returned", "pending"):
            rows.append(["by_kind", row["kind"], row["label"], measure, row[f"{measure}_kzt"],
                         row[f"{measure}_count"]])
        rows.append(["by_kind", row["kind"], row["label"], "ordered", row["ordered_kzt"], ""])
        rows.append(["by_kind", row["kind"], row["label"], "collected", row["collected_kzt"], ""])
    places = {"domestic": _("In Kazakhstan"), "abroad": _("Abroad")}
    for where, values in summary["domestic_vs_abroad"].items():
        for measure in ("returned", "pending"):
            rows.append(["location", where, places.get(where, where), measure, values[f"{measure}_kzt"],
                         values[f"{measure}_count"]])
    for row in summary["by_region"]:
        for measure in ("returned", "pending"):
            rows.append(["by_region", row["region"], row["label"], measure, row[f"{measure}_kzt"],
                         row[f"{measure}_count"]])
    for row in summary["by_country"]:
        for measure in ("returned", "pending"):
            rows.append(["by_country", row["country"], row["country"], measure, row[f"{measure}_kzt"],
                         row[f"{measure}_count"]])
    fund_labels = _fund_labels()
    for key, value in summary["fund"].items():
        if key != "currency":
            rows.append(["fund", key, fund_labels.get(key, key), key, value, ""])
    return rows


def as_csv(period: queries.Period) -> str:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(["period_from", "period_to", *HEADER])
    summary = queries.summary(period)
    for row in report_rows(summary):
        writer.writerow([period.start.isoformat(), period.end.isoformat(), *row])
    return out.getvalue()


def as_xlsx(period: queries.Period) -> bytes:
    from openpyxl import Workbook

    summary = queries.summary(period)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Report")[:31]
    sheet.append([_("Asset recovery report"),
                  f"{formatting.day(period.start)} – {formatting.day(period.end)}", _("Amounts in tenge")])
    sheet.append(_people_header())
    for row in report_rows(summary):
        sheet.append(spreadsheet.row(row))
    for cells in sheet.iter_rows(min_row=3, min_col=5, max_col=5):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
