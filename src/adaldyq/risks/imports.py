"""`adaldyq risks import`: analyses, findings and recommendations from CSV or XLSX.

One row per recommendation, the way agencies keep them in spreadsheets today: the
analysis and finding columns repeat on every row of the same analysis or finding.
The file goes through `adaldyq.core.imports`: every row is parsed first, over one
snapshot of the sectors and bodies, and every problem is reported (row, column,
reason); only a file with no problem is applied, in one transaction, with one
`imported` history event per recommendation (a dry run applies and rolls back).
The columns are documented in docs/risks.md; a sample is in risks/data/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from adaldyq.core import history, imports, languages
from adaldyq.core.imports import EARLIEST, LATEST, Cells, RowError
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
TITLE = "analysis_title"
TITLE_COLUMNS = languages.columns(TITLE)
COLUMNS = REQUIRED[:2] + TITLE_COLUMNS + REQUIRED[2:] + OPTIONAL
ACCEPTED = [*COLUMNS, TITLE]
# Written by the export for people to read, ignored when the file comes back.
EXPORT_ONLY = ["overdue", "status_changed_on", "closed_on"]

SEVERITY_WORDS = {"low": 1, "medium": 2, "high": 3, "critical": 4}
SCOPES = {"both": (True, True), "regulations": (True, False), "management": (False, True)}
ANALYSIS_FIELDS = ("analysis_kind", "analysis_title", "sector", "analysed_body", "period_start", "period_end",
                   "scope", "team")
FINDING_FIELDS = ("finding_category", "finding_subject", "finding_severity", "finding_subject_kind",
                  "finding_description")


@dataclass(frozen=True, kw_only=True)
class Row:
    number: int
    values: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    analyses: int
    findings: int
    recommendations: int
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (f"{verb} {self.recommendations} recommendation(s), {self.findings} new finding(s), "
                f"{self.analyses} new analysis(es).")


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Codes of sectors and bodies, read once before the rows."""

    sectors: dict[str, int]
    bodies: dict[str, int]

    @classmethod
    def load(cls) -> Catalogue:
        return cls(sectors=dict(Sector.objects.values_list("code", "pk")),
                   bodies=dict(Body.objects.values_list("code", "pk")))

    def sector(self, code: str) -> int:
        if code not in self.sectors:
            raise ValueError(f"unknown sector '{code}'")
        return self.sectors[code]

    def body(self, code: str) -> int:
        if code not in self.bodies:
            raise ValueError(f"unknown body '{code}' (add it in the administration first)")
        return self.bodies[code]


def parse_row(cells: Cells, cat: Catalogue, today: dt.date) -> Row | None:
    """One recommendation row with its analysis and finding columns; pure over `cat`."""
    out: dict[str, Any] = {}

    def check(column: str, parse: Callable[[str], Any]) -> None:
        out[column] = cells.parsed(column, parse, required=column in REQUIRED)

    check("analysis_code", _code(r"[-a-zA-Z0-9_]+", "Latin letters, digits, - and _", 60))
    check("analysis_kind", lambda t: _choice(t, Analysis.Kind.values))
    out[TITLE] = cells.texts(TITLE, required=True, max_length=400)
    check("sector", cat.sector)
    check("analysed_body", lambda t: cat.body(t) if t else None)
    check("period_start", _date)
    check("period_end", _date)
    check("scope", lambda t: SCOPES[_choice(t or "both", SCOPES)])
    check("team", str)
    check("finding_code", _at_most(60))
    check("finding_category", lambda t: _choice(t, Finding.Category.values))
    check("finding_subject", _at_most(400))
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
    if cells.ok:
        _check_together(cells, out)
    return Row(number=cells.number, values=out) if cells.ok else None


def _check_together(cells: Cells, out: dict[str, Any]) -> None:
    """The rules between columns of one row (every column already parsed)."""
    if out["period_end"] < out["period_start"]:
        cells.fail("period_end", "is before period_start")
    if out["deadline"] < out["issued_on"]:
        cells.fail("deadline", "is before issued_on")
    if out["status"] in (Status.REPORTED, Status.VERIFIED) and out["reported_on"] is None:
        cells.fail("reported_on", f"is needed when status is {out['status'].value}")
    if out["reported_on"] and out["reported_on"] < out["issued_on"]:
        cells.fail("reported_on", "is before issued_on")
    if out["responsible_body"] in out["co_implementers"]:
        cells.fail("co_implementers", "lists the responsible body itself")


def _at_most(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is longer than {limit} characters ({len(text)})")
        return text
    return parse


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
        if not EARLIEST <= day <= LATEST:
            raise ValueError(f"{day} is outside the accepted dates ({EARLIEST} to {LATEST})")
        return day
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def _choice(text: str, allowed: Iterable[str]) -> str:
    value = text.lower()
    options = list(allowed)
    if value not in options:
        raise ValueError(f"'{text}' is not one of: {', '.join(options)}")
    return value


def _code(pattern: str, what: str, limit: int) -> Callable[[str], str]:
    """Codes appear in URLs: refuse slashes, spaces and, for slugs, anything but a-z 0-9 - _."""
    compiled = re.compile(pattern)

    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is longer than {limit} characters ({len(text)})")
        if not compiled.fullmatch(text):
            raise ValueError(f"'{text}' is not a valid code: use {what}")
        return text
    return parse


def _severity(text: str) -> int:
    if text.lower() in SEVERITY_WORDS:
        return SEVERITY_WORDS[text.lower()]
    if text in {"1", "2", "3", "4"}:
        return int(text)
    raise ValueError(f"'{text}' is not a severity (low, medium, high, critical or 1-4)")


def validate(table: imports.Table, today: dt.date, progress: Callable[[int], None] | None = None) -> list[Row]:
    """Check the whole file; `ImportRejected` lists every problem."""
    errors = imports.header_errors(table.header, required=[*REQUIRED, TITLE], known=[*ACCEPTED, *EXPORT_ONLY],
                                   texts=[TITLE])
    imports.reject_if_any(table.source, errors)
    cat = Catalogue.load()
    rows = imports.parse_rows(table.rows, lambda cells: parse_row(cells, cat, today), errors=errors,
                              unique="recommendation_code", progress=progress)
    if not rows and not errors:
        errors.append(RowError.file("has no data rows"))
    _check_consistency(rows, errors)
    imports.reject_if_any(table.source, errors)
    return rows


def _check_consistency(rows: list[Row], errors: list[RowError]) -> None:
    """Repeated analyses and findings must agree; recommendation codes must be new."""
    first_analysis: dict[str, Row] = {}
    first_finding: dict[tuple[str, str], Row] = {}
    codes: dict[str, int] = {}
    for row in rows:
        v = row.values
        codes[v["recommendation_code"]] = row.number
        first = first_analysis.setdefault(v["analysis_code"], row)
        errors.extend(RowError(row.number, col, f"differs from row {first.number} of the same analysis")
                      for col in ANALYSIS_FIELDS if first.values[col] != v[col])
        first = first_finding.setdefault((v["analysis_code"], v["finding_code"]), row)
        errors.extend(RowError(row.number, col, f"differs from row {first.number} of the same finding")
                      for col in FINDING_FIELDS if first.values[col] != v[col])
    existing = set(Recommendation.objects.filter(code__in=codes).values_list("code", flat=True))
    errors.extend(RowError(codes[code], "recommendation_code", f"'{code}' already exists") for code in existing)
    stored = {a.code: a for a in Analysis.objects.filter(code__in=first_analysis)}
    for code, row in first_analysis.items():
        a = stored.get(code)
        if a is not None and (a.kind != row.values["analysis_kind"] or a.sector_id != row.values["sector"]):
            errors.append(RowError(row.number, "analysis_code",
                                   f"'{code}' already exists with another kind or sector"))


def apply(rows: list[Row], source: str) -> ImportResult:
    """Create what the validated rows describe, with one history event per recommendation."""
    analyses = {a.code: a for a in Analysis.objects.filter(code__in={r.values["analysis_code"] for r in rows})}
    new_analyses = 0
    for row in rows:
        v = row.values
        if v["analysis_code"] not in analyses:
            regs, mgmt = v["scope"]
            analyses[v["analysis_code"]] = Analysis.objects.create(
                code=v["analysis_code"], kind=v["analysis_kind"], sector_id=v["sector"],
                **languages.as_columns("title", v[TITLE]),
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
    recs = [_recommendation(row, findings) for row in rows]
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
    return ImportResult(analyses=new_analyses, findings=new_findings, recommendations=len(recs))


def _recommendation(row: Row, findings: dict[tuple[str, str], Finding]) -> Recommendation:
    v = row.values
    status: Status = v["status"]
    changed = v["reported_on"] if status in (Status.REPORTED, Status.VERIFIED) else v["issued_on"]
    return Recommendation(
        finding=findings[(v["analysis_code"], v["finding_code"])], code=v["recommendation_code"],
        text=v["recommendation_text"], body_id=v["responsible_body"], deadline=v["deadline"],
        indicator=v["indicator"], status=status.value, issued_on=v["issued_on"], status_changed_on=changed,
        reported_on=v["reported_on"], closed_on=changed if status in CLOSED else None)


def import_file(path: Path, *, today: dt.date | None = None, dry_run: bool = False,
                progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate the whole file, then apply it all or nothing; `ImportRejected` lists every problem."""
    today = today or timezone.localdate()
    with imports.open_table(path, formats=("csv", "xlsx")) as table:
        rows = validate(table, today, progress)
    result = imports.apply_all_or_nothing(lambda: apply(rows, f"import:{path.name}"), dry_run=dry_run)
    return dataclasses.replace(result, dry_run=dry_run)
