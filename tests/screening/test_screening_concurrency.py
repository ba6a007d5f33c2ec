"""Simultaneous loads of one list on PostgreSQL, with real threads: one creates it,
the others see an equal list (unchanged) and nothing is loaded twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from tests.concurrency import at_once

from adaldyq.screening import services
from adaldyq.screening.models import ListEntry, ScreeningList

THREADS = 6


@pytest.mark.postgres
def test_simultaneous_loads_of_a_new_list(transactional_db: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes every writer anyway")
    path = tmp_path / "l.csv"
    path.write_text("id,name\n" + "".join(f"e{n},Name{n} Surname{n}\n" for n in range(500)), encoding="utf-8")
    statuses = at_once(lambda: services.load_list("race", path).status, THREADS)
    assert sorted(statuses) == ["created"] + ["unchanged"] * (THREADS - 1)
    assert ScreeningList.objects.get().entry_count == 500 and ListEntry.objects.count() == 500
