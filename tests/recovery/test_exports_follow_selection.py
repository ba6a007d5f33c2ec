"""The itemized list's CSV link exports the assets the list shows; the open-data file
without parameters still holds every asset."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

from django.test import Client


def _rows(client: Client, url: str) -> list[dict[str, str]]:
    body = b"".join(client.get(url).streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(body)))


def test_the_asset_export_follows_the_list(client: Client, world: Any) -> None:
    page = client.get("/en/assets/list/?from=2025-12-01&to=2026-02-01&abroad=1").content.decode()
    link = re.search(r'href="(/exports/recovery/assets\.csv\?[^"]+)"', page)
    assert link is not None and "abroad=1" in link[1]
    assert [r["reference"] for r in _rows(client, html.unescape(link[1]))] == ["T-ABROAD"]
    assert {r["reference"] for r in _rows(client, "/exports/recovery/assets.csv")} == {"T-HOME", "T-ABROAD"}
