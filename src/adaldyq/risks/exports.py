"""Export recommendations to XLSX with the import's columns, so a file can go back in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook

from adaldyq.core import languages, spreadsheet
from adaldyq.risks.imports import COLUMNS, EXPORT_ONLY
from adaldyq.risks.models import Finding, Recommendation

_SEVERITY = {v: k for k, v in {"low": 1, "medium": 2, "high": 3, "critical": 4}.items()}


def _scope(regs: bool, mgmt: bool) -> str:
    return "both" if regs and mgmt else ("regulations" if regs else "management")


def rows(recs: QuerySet[Recommendation], today: dt.date) -> Iterator[list[Any]]:
    co: dict[int, list[str]] = {}
    through = Recommendation.co_implementers.through
    for rec_id, code in through.objects.filter(recommendation__in=recs).values_list("recommendation_id",
                                                                                    "body__code"):
        co.setdefault(rec_id, []).append(code)
    query = recs.select_related("body", "finding__analysis__sector", "finding__analysis__body").order_by("code")
    for rec in query.iterator(chunk_size=2000):
        f: Finding = rec.finding
        a = f.analysis
        values = {
            "analysis_code": a.code, "analysis_kind": a.kind, "sector": a.sector.code,
            **{f"analysis_{column}": getattr(a, column) for column in languages.columns("title")},
            "period_start": a.period_start, "period_end": a.period_end, "finding_code": f.code,
            "finding_category": f.category, "finding_subject": f.subject,
            "finding_severity": _SEVERITY[f.severity], "recommendation_code": rec.code,
            "recommendation_text": rec.text, "responsible_body": rec.body.code, "deadline": rec.deadline,
            "indicator": rec.indicator, "analysed_body": a.body.code if a.body else "",
            "scope": _scope(a.scope_regulations, a.scope_management), "team": a.team,
            "finding_subject_kind": f.subject_kind, "finding_description": f.description,
            "co_implementers": ";".join(sorted(co.get(rec.pk, []))), "issued_on": rec.issued_on,
            "status": rec.status, "reported_on": rec.reported_on or "",
            "overdue": "yes" if rec.overdue_on(today) else "", "status_changed_on": rec.status_changed_on,
            "closed_on": rec.closed_on or "",
        }
        yield [values[c] for c in COLUMNS + EXPORT_ONLY]


def write_xlsx(recs: QuerySet[Recommendation], out: IO[bytes], today: dt.date) -> int:
    """Write one sheet (write-only mode, so memory stays flat); return the row count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("recommendations")
    sheet.append(COLUMNS + EXPORT_ONLY)
    count = 0
    for row in rows(recs, today):
        sheet.append(spreadsheet.row(row))
        count += 1
    book.save(out)
    return count
