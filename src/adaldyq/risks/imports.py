"""`adaldyq risks import`: analyses, findings and recommendations from CSV or XLSX.

One row per recommendation, the way agencies keep them in spreadsheets today: the
analysis and finding columns repeat on every row of the same analysis or finding.
Every row is checked first (row number, column, reason); only a file with no problem is
applied, in one transaction, with one `imported` history event per recommendation.
The columns are documented in docs/risks.md; a sample is in risks/data/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from adaldyq.core import history, languages
from adaldyq.risks.exceptions import ImportRejected, RowError
from adaldyq.risks.models import Analysis, Body, Finding, Recommendation, Sector
from adaldyq.risks.workflow import CLOSED, Status

REQUIRED = [
    "analysis_code", "analysis_kind", "sector", "period_start", "period_end",
    "finding_code", "finding_category", "finding_subject", "finding_severity",
    "recommendation_code", "recommendation_text", "responsible_body", "deadline", "indicator",
]
OPTIONAL = [
    "analysed_body", "scope", "team", "finding_subject_kind", "finding_description",
    "co_implementers", "issued_on", "status", "reported_on",
]
# The title in three languages (core.multilingual); older files give one "analysis_title"
# column instead, whose language is guessed. One of the four is required.
TITLE_COLUMNS = languages.columns("analysis_title")
COLUMNS = REQUIRED[:2] + TITLE_COLUMNS + REQUIRED[2:] + OPTIONAL
ACCEPTED = [*COLUMNS, "analysis_title"]
# Written by the export for people to read, ignored when the file comes back.
EXPORT_ONLY = ["overdue", "status_changed_on", "closed_on"]

SEVERITY_WORDS = {"low": 1, "medium": 2, "high": 3, "critical": 4}
SCOPES = {"both": (True, True), "regulations": (True, False), "management": (False, True)}
ANALYSIS_FIELDS = ("analysis_kind", "analysis_title", "sector", "analysed_body", "period_start", "period_end",
                   "scope", "team")
FINDING_FIELDS = ("finding_category", "finding_subject", "finding_severity", "finding_subject_kind",
                  "finding_description")


@dataclass
class Row:
    number: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    analyses: int
    findings: int
    recommendations: int

    def __str__(self) -> str:
        return (f"Imported {self.recommendations} recommendation(s), {self.findings} new finding(s), "
                f"{self.analyses} new analysis(es).")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header and data rows of a .csv (UTF-8, comma or semicolon) or .xlsx file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise ImportRejected([RowError(0, "file", f"not a readable .xlsx file: {exc}")]) from exc
        try:
            cells = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
        rows = iter(cells)
    elif suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRejected([RowError(0, "file", "is not UTF-8 text: save the CSV as UTF-8")]) from exc
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;")
        except csv.Error:
            dialect = csv.excel
        rows = ([c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect))
    else:
        raise ImportRejected([RowError(0, "file", f"unsupported file type '{suffix}': use .csv or .xlsx")])
    header = next(rows, [])
    return [h.strip().lower() for h in header], rows


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def _choice(text: str, allowed: Iterable[str]) -> str:
    value = text.lower()
    options = list(allowed)
    if value not in options:
        raise ValueError(f"'{text}' is not one of: {', '.join(options)}")
    return value


class _Catalogue:
    """Codes of sectors and bodies, read once."""

    def __init__(self) -> None:
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.bodies = dict(Body.objects.values_list("code", "pk"))

    def body(self, code: str) -> int:
        if code not in self.bodies:
            raise ValueError(f"unknown body '{code}' (add it in the administration first)")
        return self.bodies[code]


def _parse(row: Row, cat: _Catalogue, today: dt.date, errors: list[RowError]) -> None:
    raw, out = row.raw, row.values

    def check(column: str, parse: Any) -> None:
        text = raw.get(column, "")
        if column in REQUIRED and not text:
            errors.append(RowError(row.number, column, "is empty"))
            return
        try:
            out[column] = parse(text)
        except ValueError as exc:
            errors.append(RowError(row.number, column, str(exc)))

    def text_max(n: int) -> Any:
        def parse(text: str) -> str:
            if len(text) > n:
                raise ValueError(f"is longer than {n} characters")
            return text
        return parse

    check("analysis_code", _code(r"[-a-zA-Z0-9_]+", "Latin letters, digits, - and _", 60))
    check("analysis_kind", lambda t: _choice(t, Analysis.Kind.values))
    title = languages.from_row(raw, "analysis_title")
    if not title:
        errors.append(RowError(row.number, "analysis_title", "is empty in every language"))
    for code, text in title.items():
        if len(text) > 400:
            errors.append(RowError(row.number, f"analysis_title_{code}", "is longer than 400 characters"))
    out["analysis_title"] = title
    check("sector", lambda t: cat.sectors[t] if t in cat.sectors else _raise(f"unknown sector '{t}'"))
    check("analysed_body", lambda t: cat.body(t) if t else None)
    check("period_start", _date)
    check("period_end", _date)
    check("scope", lambda t: SCOPES[_choice(t or "both", SCOPES)])
    check("team", str)
    check("finding_code", text_max(60))
    check("finding_category", lambda t: _choice(t, Finding.Category.values))
    check("finding_subject", text_max(400))
    check("finding_subject_kind", lambda t: _choice(t or "process", Finding.SubjectKind.values))
    check("finding_description", str)
    check("finding_severity", _severity)
    check("recommendation_code", _code(r"[\w.-]+", "letters, digits, '.', '-' and '_'", 60))
    check("recommendation_text", str)
    check("responsible_body", cat.body)
    check("co_implementers", lambda t: [cat.body(c.strip()) for c in t.replace(",", ";").split(";") if c.strip()])
    check("deadline", _date)
    check("indicator", str)
    check("issued_on", lambda t: _date(t) if t else today)
    check("status", lambda t: Status(_choice(t or "issued", [s.value for s in Status])))
    check("reported_on", lambda t: _date(t) if t else None)
    n = row.number
    if {"period_start", "period_end"} <= out.keys() and out["period_end"] < out["period_start"]:
        errors.append(RowError(n, "period_end", "is before period_start"))
    if {"issued_on", "deadline"} <= out.keys() and out["deadline"] < out["issued_on"]:
        errors.append(RowError(n, "deadline", "is before issued_on"))
    if out.get("status") in (Status.REPORTED, Status.VERIFIED) and out.get("reported_on") is None \
            and "reported_on" in out:
        errors.append(RowError(n, "reported_on", f"is needed when status is {out['status'].value}"))
    if out.get("reported_on") and out.get("issued_on") and out["reported_on"] < out["issued_on"]:
        errors.append(RowError(n, "reported_on", "is before issued_on"))
    if out.get("responsible_body") is not None and out.get("responsible_body") in out.get("co_implementers", []):
        errors.append(RowError(n, "co_implementers", "lists the responsible body itself"))


def _code(pattern: str, what: str, limit: int) -> Any:
    """Codes appear in URLs: refuse slashes, spaces and, for slugs, anything but a-z 0-9 - _."""
    compiled = re.compile(pattern)

    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is longer than {limit} characters")
        if not compiled.fullmatch(text):
            raise ValueError(f"'{text}' is not a valid code: use {what}")
        return text
    return parse


def _raise(message: str) -> Any:
    raise ValueError(message)


def _severity(text: str) -> int:
    if text.lower() in SEVERITY_WORDS:
        return SEVERITY_WORDS[text.lower()]
    if text in {"1", "2", "3", "4"}:
        return int(text)
    raise ValueError(f"'{text}' is not a severity (low, medium, high, critical or 1-4)")


def validate(header: list[str], data: Iterable[list[str]], today: dt.date) -> tuple[list[Row], list[RowError]]:
    """Check the whole file; return the parsed rows and every problem found."""
    errors: list[RowError] = []
    known = set(ACCEPTED) | set(EXPORT_ONLY)
    for column in header:
        if column and column not in known:
            errors.append(RowError(1, column, "unknown column"))
    for column in REQUIRED:
        if column not in header:
            errors.append(RowError(1, column, "required column is missing"))
    if not {"analysis_title", *TITLE_COLUMNS} & set(header):
        errors.append(RowError(1, "analysis_title", "required column is missing (or analysis_title_kk, _ru, _en)"))
    if errors:
        return [], errors
    cat = _Catalogue()
    rows: list[Row] = []
    for index, cells in enumerate(data, start=2):
        if not any(cells):
            continue
        row = Row(index, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
        _parse(row, cat, today, errors)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "file", "no data rows"))
    _check_consistency(rows, errors)
    return rows, errors


def _check_consistency(rows: list[Row], errors: list[RowError]) -> None:
    """Repeated analyses and findings must agree; recommendation codes must be new."""
    first_analysis: dict[str, Row] = {}
    first_finding: dict[tuple[str, str], Row] = {}
    seen_codes: dict[str, int] = {}
    for row in rows:
        v = row.values
        a_code, f_code, r_code = v.get("analysis_code"), v.get("finding_code"), v.get("recommendation_code")
        if a_code:
            first = first_analysis.setdefault(a_code, row)
            for col in ANALYSIS_FIELDS:
                if first is not row and col in v and col in first.values and first.values[col] != v[col]:
                    errors.append(RowError(row.number, col, f"differs from row {first.number} of the same analysis"))
        if a_code and f_code:
            first = first_finding.setdefault((a_code, f_code), row)
            for col in FINDING_FIELDS:
                if first is not row and col in v and col in first.values and first.values[col] != v[col]:
                    errors.append(RowError(row.number, col, f"differs from row {first.number} of the same finding"))
        if r_code:
            if r_code in seen_codes:
                errors.append(RowError(row.number, "recommendation_code",
                                       f"'{r_code}' is also on row {seen_codes[r_code]}"))
            seen_codes.setdefault(r_code, row.number)
    existing = set(Recommendation.objects.filter(code__in=seen_codes).values_list("code", flat=True))
    for code in sorted(existing):
        errors.append(RowError(seen_codes[code], "recommendation_code", f"'{code}' already exists"))
    stored = {a.code: a for a in Analysis.objects.filter(code__in=first_analysis)}
    for code, row in first_analysis.items():
        a = stored.get(code)
        if a is not None and (a.kind != row.values.get("analysis_kind") or a.sector_id != row.values.get("sector")):
            errors.append(RowError(row.number, "analysis_code",
                                   f"'{code}' already exists with another kind or sector"))


@transaction.atomic
def apply(rows: list[Row], source: str, today: dt.date) -> ImportResult:
    """Create what the validated rows describe, with one history event per recommendation."""
    analyses = {a.code: a for a in Analysis.objects.filter(code__in={r.values["analysis_code"] for r in rows})}
    new_analyses = 0
    for row in rows:
        v = row.values
        if v["analysis_code"] not in analyses:
            regs, mgmt = v["scope"]
            analyses[v["analysis_code"]] = Analysis.objects.create(
                code=v["analysis_code"], kind=v["analysis_kind"], sector_id=v["sector"],
                **languages.as_columns("title", v["analysis_title"]),
                body_id=v["analysed_body"], period_start=v["period_start"], period_end=v["period_end"],
                scope_regulations=regs, scope_management=mgmt, team=v["team"])
            new_analyses += 1
    findings = {(f.analysis.code, f.code): f for f in
                Finding.objects.filter(analysis__in=analyses.values()).select_related("analysis")}
    new_findings = 0
    for row in rows:
        v = row.values
        key = (v["analysis_code"], v["finding_code"])
        if key not in findings:
            findings[key] = Finding.objects.create(
                analysis=analyses[v["analysis_code"]], code=v["finding_code"], category=v["finding_category"],
                subject_kind=v["finding_subject_kind"], subject=v["finding_subject"],
                description=v["finding_description"], severity=v["finding_severity"])
            new_findings += 1
    recs = []
    for row in rows:
        v = row.values
        status: Status = v["status"]
        changed = v["reported_on"] if status in (Status.REPORTED, Status.VERIFIED) else v["issued_on"]
        recs.append(Recommendation(
            finding=findings[(v["analysis_code"], v["finding_code"])], code=v["recommendation_code"],
            text=v["recommendation_text"], body_id=v["responsible_body"], deadline=v["deadline"],
            indicator=v["indicator"], status=status.value, issued_on=v["issued_on"], status_changed_on=changed,
            reported_on=v["reported_on"], closed_on=changed if status in CLOSED else None))
    Recommendation.objects.bulk_create(recs, batch_size=1000)
    saved = dict(Recommendation.objects.filter(code__in=[r.code for r in recs]).values_list("code", "pk"))
    through = Recommendation.co_implementers.through
    through.objects.bulk_create([
        through(recommendation_id=saved[row.values["recommendation_code"]], body_id=body_id)
        for row in rows for body_id in row.values["co_implementers"]
    ], batch_size=1000)
    body_codes = {pk: code for code, pk in Body.objects.values_list("code", "pk")}
    history.append("risks", (
        history.NewEvent(subject_type="recommendation", subject_id=rec.code, action="imported",
                         occurred_on=rec.issued_on, source=source[:200],
                         public={"code": rec.code, "to": rec.status, "body": body_codes[rec.body_id],
                                 "deadline": rec.deadline.isoformat()})
        for rec in recs
    ))
    return ImportResult(new_analyses, new_findings, len(recs))


def import_file(path: Path, today: dt.date | None = None, progress: Any = None) -> ImportResult:
    """Validate the whole file, then apply it; ImportRejected lists every problem."""
    today = today or timezone.localdate()
    header, data = read_rows(path)
    if progress is not None:
        data = progress(data)
    rows, errors = validate(header, data, today)
    if errors:
        raise ImportRejected(errors)
    return apply(rows, f"import:{path.name}", today)
