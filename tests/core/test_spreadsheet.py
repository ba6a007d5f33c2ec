"""Spreadsheet cells that cannot run as formulas (issue 10: CSV exports and the
screening results file wrote cells starting with =, +, -, @ as formulas). The rule
here; each export is checked in its part's tests (test_exports_neutralised.py)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adaldyq.core import spreadsheet


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+7 701 000 0000", "'+7 701 000 0000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("'=1", "''=1"),
    ("Ospanov Marat", "Ospanov Marat"),
    ("-5", "-5"),                       # a plain number is harmless text
    ("-1250.50", "-1250.50"),
    (-5, -5),                           # numbers stay numbers
    (Decimal("-1250.50"), Decimal("-1250.50")),
    (None, None),
])
def test_cells(value: object, written: object) -> None:
    assert spreadsheet.cell(value) == written


@given(st.text())
def test_restore_undoes_cell_exactly(text: str) -> None:
    assert spreadsheet.restore(spreadsheet.cell(text)) == text
    assert not str(spreadsheet.cell(text)).startswith(spreadsheet.FORMULA_PREFIXES) or (
        spreadsheet.cell(text) == text and text.lstrip("-").replace(".", "", 1).isdigit())


def test_csv_writer_neutralises_every_cell() -> None:
    out = io.StringIO()
    spreadsheet.csv_writer(out).writerows([["=1+1", -3, "@x"]])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "-3", "'@x"]
