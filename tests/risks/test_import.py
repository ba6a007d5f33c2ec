"""`adaldyq risks import`: the sample file, CSV and XLSX alike, and every kind of bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from adaldyq.core import history
from adaldyq.core.imports import ImportRejected
from adaldyq.core.models import HistoryEvent
from adaldyq.risks import imports
from adaldyq.risks.models import Analysis, Body, Finding, Recommendation, Sector

SAMPLE = Path(imports.__file__).parent / "data" / "sample_import.csv"


@pytest.fixture
def bodies(db: None) -> None:
    for code, sector in (("trn-1", "transport_control"), ("trn-2", "transport_control"),
                         ("mig-1", "migration_services")):
        Body.objects.create(code=code, sector=Sector.objects.get(code=sector), name_kk=code, name_ru=code,
                            name_en=code)


def sample_rows() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def with_cell(header: list[str], rows: list[list[str]], index: int, column: str, value: str) -> list[list[str]]:
    changed = [list(r) for r in rows]
    changed[index][header.index(column)] = value
    return changed


def rejected(path: Path) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        imports.import_file(path)
    assert not Recommendation.objects.exists() and not Analysis.objects.exists()
    assert not HistoryEvent.objects.filter(stream="risks").exists()
    return [str(e) for e in caught.value.errors]


def test_sample_file_imports(bodies: None) -> None:
    result = imports.import_file(SAMPLE)
    assert (result.analyses, result.findings, result.recommendations) == (2, 3, 4)
    rec = Recommendation.objects.get(code="ea-2026-trn-7-F01-1")
    assert rec.body.code == "trn-1" and [b.code for b in rec.co_implementers.all()] == ["trn-2"]
    assert Recommendation.objects.get(code="ea-2026-trn-7-F02-1").status == "reported"
    analysis = Analysis.objects.get(code="ia-2026-mig-3")
    assert analysis.kind == "internal" and analysis.scope_management and not analysis.scope_regulations
    assert Finding.objects.get(analysis__code="ea-2026-trn-7", code="F01").severity == 3
    assert HistoryEvent.objects.filter(stream="risks", action="imported").count() == 4
    assert history.verify("risks").ok


def test_xlsx_with_the_same_columns(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "recs.xlsx")
    assert imports.import_file(tmp_path / "recs.xlsx").recommendations == 4


def test_semicolons_and_dotted_dates(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    rows = with_cell(header, rows, 0, "deadline", "30.09.2026")
    imports.import_file(write_csv(tmp_path / "semi.csv", header, rows, delimiter=";"))
    assert str(Recommendation.objects.get(code="ea-2026-trn-7-F01-1").deadline) == "2026-09-30"


def test_missing_and_unknown_columns(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    i = header.index("deadline")
    errors = rejected(write_csv(tmp_path / "cols.csv", [*header[:i], "deadlne", *header[i + 1:]], rows))
    assert "header, column deadlne: unknown column" in errors
    assert "header, column deadline: is missing (a required column)" in errors


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("deadline", "next spring", "is not a date"),
    ("deadline", "", "is required"),
    ("deadline", "31.12.2999", "is outside the accepted dates"),
    ("analysis_title_ru", "t" * 401, "is longer than 400 characters"),
    ("recommendation_text", "Fix it\x00", "contains a control character"),
    ("responsible_body", "nowhere-9", "unknown body 'nowhere-9'"),
    ("co_implementers", "trn-2;ghost", "unknown body 'ghost'"),
    ("co_implementers", "trn-1", "lists the responsible body itself"),
    ("sector", "space", "unknown sector"),
    ("finding_category", "bribery", "is not one of"),
    ("finding_severity", "7", "is not a severity"),
    ("analysis_kind", "audit", "is not one of"),
    ("status", "done", "is not one of"),
    ("period_end", "2024-01-01", "is before period_start"),
    ("deadline", "2026-01-01", "is before issued_on"),
    ("recommendation_code", "R 1/2", "is not a valid code"),
    ("analysis_code", "анализ-1", "is not a valid code"),
])
def test_bad_cells_name_row_and_column(bodies: None, tmp_path: Path, column: str, value: str, reason: str) -> None:
    header, rows = sample_rows()
    errors = rejected(write_csv(tmp_path / "bad.csv", header, with_cell(header, rows, 1, column, value)))
    assert any(e.startswith(f"row 3, column {column}:") and reason in e for e in errors), errors


def test_every_problem_is_reported_at_once(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    rows = with_cell(header, rows, 0, "deadline", "soon")
    rows = with_cell(header, rows, 3, "responsible_body", "nobody")
    errors = rejected(write_csv(tmp_path / "two.csv", header, rows))
    assert [e.split(":")[0] for e in errors] == ["row 2, column deadline", "row 5, column responsible_body"]


def test_reported_status_needs_its_date(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    errors = rejected(write_csv(tmp_path / "rep.csv", header, with_cell(header, rows, 2, "reported_on", "")))
    assert "row 4, column reported_on: is needed when status is reported" in errors


def test_duplicates_and_disagreements(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    rows = with_cell(header, rows, 1, "recommendation_code", "ea-2026-trn-7-F01-1")
    rows = with_cell(header, rows, 2, "analysis_title_en", "Another title")
    errors = rejected(write_csv(tmp_path / "dup.csv", header, rows))
    assert "row 3, column recommendation_code: 'ea-2026-trn-7-F01-1' is also on row 2" in errors
    assert "row 4, column analysis_title: differs from row 2 of the same analysis" in errors


def test_existing_codes_are_refused(bodies: None, tmp_path: Path) -> None:
    imports.import_file(SAMPLE)
    with pytest.raises(ImportRejected) as caught:
        imports.import_file(SAMPLE)
    assert "row 2, column recommendation_code: 'ea-2026-trn-7-F01-1' already exists" in map(str, caught.value.errors)
    assert Recommendation.objects.count() == 4


def test_empty_and_wrong_type_files(bodies: None, tmp_path: Path) -> None:
    header, _ = sample_rows()
    assert rejected(write_csv(tmp_path / "empty.csv", header, [])) == ["file: has no data rows"]
    (tmp_path / "recs.json").write_text("[]")
    assert "unsupported file type" in rejected(tmp_path / "recs.json")[0]
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    assert "not a readable .xlsx file" in rejected(tmp_path / "fake.xlsx")[0]
    (tmp_path / "latin1.csv").write_bytes(",".join(header).encode() + b"\n\xe9\xff\n")
    assert "is not UTF-8" in rejected(tmp_path / "latin1.csv")[0]


def test_command_prints_rows_and_fails(bodies: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rows = sample_rows()
    path = write_csv(tmp_path / "bad.csv", header, with_cell(header, rows, 0, "deadline", "never"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("risks", "import", str(path))
    assert "row 2, column deadline: 'never' is not a date" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No such file"):
        call_command("risks", "import", str(tmp_path / "missing.csv"))
    call_command("risks", "import", str(SAMPLE))
    assert "Imported 4 recommendation(s)" in capsys.readouterr().out


def test_export_goes_back_in(bodies: None, tmp_path: Path) -> None:
    imports.import_file(SAMPLE)
    call_command("risks", "export", str(tmp_path / "out.xlsx"))
    before = sorted(Recommendation.objects.values_list("code", "status", "deadline", "body__code", "reported_on"))
    Recommendation.objects.all().delete()
    Finding.objects.all().delete()
    Analysis.objects.all().delete()
    assert imports.import_file(tmp_path / "out.xlsx").recommendations == 4
    after = sorted(Recommendation.objects.values_list("code", "status", "deadline", "body__code", "reported_on"))
    assert after == before


def test_titles_come_in_three_languages(bodies: None) -> None:
    imports.import_file(SAMPLE)
    analysis = Analysis.objects.get(code="ea-2026-trn-7")
    assert analysis.title_ru == "Внешний анализ весового контроля на автодорогах (образец)"
    assert analysis.title_kk.startswith("Автомобиль жолдарындағы") and analysis.title_en.startswith("External")


def test_a_single_title_column_of_older_files_goes_to_the_language_its_letters_show(
        bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    keep = [i for i, h in enumerate(header) if h not in ("analysis_title_kk", "analysis_title_en")]
    old_header = ["analysis_title" if header[i] == "analysis_title_ru" else header[i] for i in keep]
    imports.import_file(write_csv(tmp_path / "old.csv", old_header, [[r[i] for i in keep] for r in rows]))
    analysis = Analysis.objects.get(code="ea-2026-trn-7")
    assert analysis.title_ru.startswith("Внешний анализ") and analysis.title_kk == analysis.title_en == ""


def test_a_title_empty_in_every_language_is_refused(bodies: None, tmp_path: Path) -> None:
    header, rows = sample_rows()
    for column in ("analysis_title_kk", "analysis_title_ru", "analysis_title_en"):
        rows = with_cell(header, rows, 0, column, "")
    errors = rejected(write_csv(tmp_path / "empty.csv", header, rows))
    assert "row 2, column analysis_title: is empty in every language" in errors


def test_dry_run_reports_what_would_be_imported_and_changes_nothing(bodies: None,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    events = HistoryEvent.objects.count()
    call_command("risks", "import", str(SAMPLE), "--dry-run")
    assert "Would import 4 recommendation(s)" in capsys.readouterr().out
    assert not Recommendation.objects.exists() and not Analysis.objects.exists()
    assert HistoryEvent.objects.count() == events
    assert imports.import_file(SAMPLE).recommendations == 4
