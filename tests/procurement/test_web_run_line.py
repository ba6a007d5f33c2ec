"""Every staff page names the run it shows: number, file and load time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from adaldyq.procurement import services
from adaldyq.procurement.generate import write_jsonl
from adaldyq.procurement.models import Process, ProcurementRun

STAFF = "/en/staff/procurement/"


@pytest.fixture
def run(db: Any, tmp_path: Path) -> ProcurementRun:
    path = write_jsonl(tmp_path / "runline.jsonl", 60, seed=9)
    return services.store_run(path, options=services.Options(progress=False, screen_ties=False))


def test_run_line_on_every_page(run: ProcurementRun, make_officer: Any) -> None:
    client = Client()
    client.force_login(make_officer("ana", "procurement_analyst"))
    ocid = Process.objects.filter(run=run).values_list("ocid", flat=True).first()
    expected = f"Run {run.pk}: {run.file_name}, loaded"
    for page in ("", "processes/", f"processes/{ocid}/", "coverage/", "ties/"):
        assert expected in client.get(f"{STAFF}{page}").content.decode(), page
