"""Open-data CSV of assets: a description that looks like a formula is neutralised
(issue 10), amounts stay plain numbers, and the JSON twin keeps the text as entered."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client

HOSTILE = "-2+3+cmd|' /C calc'!A0"


def test_asset_description_is_not_a_formula(client: Client, world: Any) -> None:
    world.home.description_en = HOSTILE
    world.home.save()
    body = b"".join(client.get("/exports/recovery/assets.csv").streaming_content).decode()
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows["T-HOME"]["description"] == rows["T-HOME"]["description_en"] == "'" + HOSTILE
    assert rows["T-HOME"]["valuation_kzt"].replace(".", "").isdigit()
