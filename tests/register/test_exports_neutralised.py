"""register.csv: text fields that look like formulas are neutralised (issue 10); the
JSON twin, for machine readers, carries them unchanged."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.test import Client

from adaldyq.register import imports
from tests.register.conftest import person_row

POSITION = "@SUM(1+1)*cmd|' /C calc'!A0"
ORGANIZATION = "=HYPERLINK(\"http://evil.example\",\"Akimat\")"


def test_register_csv_cells_cannot_run(db: Any, client: Client, feed_file: Any) -> None:
    imports.import_records(feed_file([person_row("R-1", "Omarov", "Erlan", position=POSITION,
                                                 organization=ORGANIZATION)]))
    body = b"".join(client.get("/exports/register.csv").streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert (row["position"], row["organization"]) == ("'" + POSITION, "'" + ORGANIZATION)
    twin = json.loads(b"".join(client.get("/exports/register.json").streaming_content))
    (entry,) = twin["results"] if isinstance(twin, dict) else twin
    assert (entry["position"], entry["organization"]) == (POSITION, ORGANIZATION)
