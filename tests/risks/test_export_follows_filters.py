"""The XLSX export next to the filtered list holds what the list shows, not everything."""

from __future__ import annotations

import html
import re
from io import BytesIO

from django.test import Client
from openpyxl import load_workbook

from .conftest import World


def test_the_export_link_carries_the_filters(client: Client, world: World) -> None:
    client.force_login(world.analyst)
    page = client.get("/en/staff/risks/recommendations/?body=trn-a&overdue=true").content.decode()
    link = re.search(r'href="([^"]*export\.xlsx[^"]*)"[^>]*>These recommendations as XLSX', page)
    assert link is not None
    sheet = load_workbook(BytesIO(client.get(html.unescape(link[1])).content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("recommendation_code")
    assert {row[column] for row in rows[1:]} == {"A2"}
    everything = load_workbook(BytesIO(client.get("/en/staff/risks/export.xlsx").content)).worksheets[0]
    assert len(list(everything.iter_rows(values_only=True))) == 4  # header and A1, A2, B1
