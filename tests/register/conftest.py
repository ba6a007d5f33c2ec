"""Register test helpers: write real feed files and import them through the CLI.

- `feed_file(rows, name)`: a CSV file in tmp_path with the feed's columns.
- `person_row(record_id, surname, ...)`: one feed row with a valid synthetic IIN.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adaldyq.register.demo import synthetic_iin
from adaldyq.register.feed import RECORD_COLUMNS

FeedFile = Callable[..., Path]


@pytest.fixture
def feed_file(tmp_path: Path) -> FeedFile:
    def write(rows: list[dict[str, Any]], name: str = "feed.csv", columns: list[str] | None = None) -> Path:
        path = tmp_path / name
        cols = columns or list(dict.fromkeys([*RECORD_COLUMNS, *(k for r in rows for k in r)]))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=cols, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


def person_row(record_id: str, surname: str, given: str, patronymic: str = "", *, serial: int = 1,
               birth: dt.date = dt.date(1975, 4, 12), **overrides: Any) -> dict[str, Any]:
    row = {
        "record_id": record_id, "iin": synthetic_iin(birth, False, serial), "surname": surname, "given_name": given,
        "patronymic": patronymic, "birth_date": birth.isoformat(), "position": "head of department",
        "organization": "Regional akimat", "region": "karaganda", "court": "Specialized inter-district criminal court",
        "case_number": f"CASE-{record_id}", "verdict_date": "2023-03-01", "legal_effect_date": "2023-04-01",
        "articles": "366-4", "gravity": "", "punishment": "imprisonment", "lifetime_ban": "yes",
        "sentence_end_date": "2030-01-01",
    }
    row.update(overrides)
    return row
