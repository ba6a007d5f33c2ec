"""The one import framework (`adaldyq.core.imports`): reading real files, numbering rows as a
spreadsheet shows them, header problems, cell conversions within the database's limits,
every problem collected, and all-or-nothing application with a dry run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from openpyxl import Workbook

from adaldyq.core import imports
from adaldyq.core.imports import Cells, ImportRejected, RowError


def read(path: Path, **options: Any) -> tuple[list[str] | None, list[tuple[int, dict[str, Any]]], list[str]]:
    with imports.open_table(path, **options) as table:
        rows = list(table.rows)
    return table.header, rows, [str(e) for e in table.errors]


def rejected(path: Path, **options: Any) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read(path, **options)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "f.csv"
    text = "\ufeffId| Name |Note\n1|Ерлан|\n\n2|\"Two, with; both\"|x\n".replace("|", delimiter)
    path.write_text(text, encoding="utf-8")
    header, rows, errors = read(path)
    assert header == ["id", "name", "note"] and errors == []
    assert rows == [(2, {"id": "1", "name": "Ерлан", "note": ""}), (4, {"id": "2", "name": "Two, with; both", "note": "x"})]


def test_short_rows_have_empty_cells_and_long_rows_lose_the_extra(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text("a,b\n1\n2,3,4\n", encoding="utf-8")
    assert read(tmp_path / "f.csv")[1] == [(2, {"a": "1", "b": ""}), (3, {"a": "2", "b": "3"})]


def test_xlsx_cells_become_text_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Amount", "Name"])
    sheet.append([dt.datetime(2026, 1, 15), 1200.0, " Ерлан "])
    sheet.append([None, None, None])
    sheet.append([dt.date(2026, 2, 1), 12.5, None])
    book.save(tmp_path / "f.xlsx")
    header, rows, _ = read(tmp_path / "f.xlsx", formats=("xlsx",))
    assert header == ["date", "amount", "name"]
    assert rows == [(2, {"date": "2026-01-15", "amount": "1200", "name": "Ерлан"}),
                    (4, {"date": "2026-02-01", "amount": "12.5", "name": ""})]


def test_json_lines_are_numbered_by_line_and_bad_lines_collected(tmp_path: Path) -> None:
    (tmp_path / "f.jsonl").write_text('{"id": 1}\n\n{nope\n[1]\n{"id": "x", "n": null}\n', encoding="utf-8")
    header, rows, errors = read(tmp_path / "f.jsonl")
    assert header is None
    assert rows == [(1, {"id": 1}), (5, {"id": "x", "n": None})]
    assert errors == ["row 3: is not valid JSON (Expecting property name enclosed in double quotes)",
                      "row 4: is not a JSON object"]


def test_a_file_without_a_known_suffix_is_recognised_by_its_first_character(tmp_path: Path) -> None:
    (tmp_path / "feed.txt").write_text('{"id": "a"}\n', encoding="utf-8")
    assert imports.file_format(tmp_path / "feed.txt") == "jsonl"
    (tmp_path / "list.dat").write_text("id,name\n", encoding="utf-8")
    assert imports.file_format(tmp_path / "list.dat") == "csv"


def test_whole_file_problems(tmp_path: Path) -> None:
    assert rejected(tmp_path / "missing.csv") == ["file: no such file"]
    (tmp_path / "f.json").write_text("[]")
    assert rejected(tmp_path / "f.json", formats=("csv", "xlsx")) == [
        "file: unsupported file type '.json': use .csv or .xlsx"]
    (tmp_path / "latin1.csv").write_bytes(b"id,name\n1,\xe9\xff\n")
    assert rejected(tmp_path / "latin1.csv")[0].startswith("file: is not UTF-8 text")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    assert rejected(tmp_path / "fake.xlsx", formats=("xlsx",))[0].startswith("file: is not a readable .xlsx file")


def test_header_problems_are_reported_as_header_problems() -> None:
    errors = imports.header_errors(["id", "nmae", "id"], required=["id", "name"], known=["id", "name", "note"])
    assert [str(e) for e in errors] == ["header, column name: is missing (a required column)",
                                        "header, column nmae: unknown column", "header, column id: appears twice"]
    assert imports.header_errors(None, required=["id"]) == []


def test_row_error_wording_and_order() -> None:
    errors = [RowError(7, "b", "bad"), RowError.file("empty"), RowError(3, "", "not JSON"), RowError.header("c", "x")]
    assert [str(e) for e in ImportRejected("f.csv", errors).errors] == [
        "file: empty", "header, column c: x", "row 3: not JSON", "row 7, column b: bad"]
    assert str(ImportRejected("f.csv", errors)) == "f.csv: 4 problem(s); nothing was imported"
    assert RowError.file("x").about_file and not RowError.header("c", "x").about_file


def cells(**values: Any) -> tuple[Cells, list[RowError]]:
    errors: list[RowError] = []
    return Cells(5, values, errors), errors


def test_text_within_the_database_limits() -> None:
    c, errors = cells(name="  Ерлан  ", long="x" * 11, nul="a\x00b", tab="a\tb\nc", empty="")
    assert c.text("name", max_length=5) == "Ерлан"
    c.text("long", max_length=10)
    c.text("nul")
    assert c.text("tab") == "a\tb\nc"
    c.text("empty", required=True)
    c.text("absent", required=True)
    assert [str(e) for e in errors] == ["row 5, column long: is longer than 10 characters (11)",
                                        "row 5, column nul: contains a control character",
                                        "row 5, column empty: is required", "row 5, column absent: is required"]
    assert not c.ok


def test_dates_numbers_choices_and_booleans() -> None:
    c, errors = cells(iso="2023-03-01", dotted="01.03.2023", bad="2023-02-30", far="9999-12-31", old="0203-01-01",
                      n="12", big="99999999999999", neg="-1", word="x1", kind="Grave", yes="Иә", maybe="perhaps")
    assert c.date("iso") == dt.date(2023, 3, 1)
    assert c.date("dotted", formats=("%Y-%m-%d", "%d.%m.%Y")) == dt.date(2023, 3, 1)
    assert c.ok
    assert c.date("dotted") is None and c.date("bad") is None
    assert c.date("far") is None and c.date("old") is None
    assert c.integer("n", maximum=100) == 12
    assert c.integer("big") is None and c.integer("neg") is None and c.integer("word") is None
    assert c.choice("kind", ["grave", "minor"]) == "grave"
    assert c.boolean("yes") is True and c.boolean("absent") is False and c.boolean("maybe") is False
    assert [str(e) for e in errors] == [
        "row 5, column dotted: '01.03.2023' is not a date (YYYY-MM-DD)",
        "row 5, column bad: '2023-02-30' is not a date (YYYY-MM-DD)",
        "row 5, column far: 9999-12-31 is outside the accepted dates (1900-01-01 to 2199-12-31)",
        "row 5, column old: 0203-01-01 is outside the accepted dates (1900-01-01 to 2199-12-31)",
        "row 5, column big: '99999999999999' is not a whole number",
        "row 5, column neg: -1 is outside 0 to 2147483647",
        "row 5, column word: 'x1' is not a whole number",
        "row 5, column maybe: 'perhaps' is not yes/no"]


def test_parsed_turns_a_value_error_into_the_reason() -> None:
    c, errors = cells(code="A/1", empty="")

    def code(text: str) -> str:
        if "/" in text:
            raise ValueError("has a slash")
        return text

    assert c.parsed("code", code) is None and c.parsed("empty", code) == ""
    assert c.parsed("empty", code, required=True) is None
    assert [str(e) for e in errors] == ["row 5, column code: has a slash", "row 5, column empty: is required"]


def test_parse_rows_keeps_good_rows_and_collects_every_problem() -> None:
    rows = [(2, {"id": "a", "n": "1"}), (3, {"id": "b", "n": "x"}), (4, {"id": "a", "n": "2"}), (5, {"id": "c"})]
    errors: list[RowError] = []
    seen: list[int] = []
    parsed = imports.parse_rows(rows, lambda c: (c.raw("id"), c.integer("n", required=True)), errors=errors,
                                unique="id", progress=seen.append)
    assert parsed == [("a", 1)]
    assert [str(e) for e in errors] == ["row 3, column n: 'x' is not a whole number",
                                        "row 4, column id: 'a' is also on row 2", "row 5, column n: is required"]
    assert seen == [1, 1, 1, 1]


def test_apply_all_or_nothing_and_the_dry_run(db: Any) -> None:
    def work() -> int:
        Group.objects.create(name="imported")
        return Group.objects.filter(name="imported").count()

    assert imports.apply_all_or_nothing(work, dry_run=True) == 1
    assert not Group.objects.filter(name="imported").exists()

    def fails() -> None:
        Group.objects.create(name="half")
        raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        imports.apply_all_or_nothing(fails)
    assert not Group.objects.filter(name="half").exists()
    assert imports.apply_all_or_nothing(work) == 1
    assert Group.objects.filter(name="imported").exists()
