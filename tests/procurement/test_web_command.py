"""`adaldyq-cardinal` prints exactly the engine's JSON without Django; `adaldyq procurement`
points there; load and runs store and list; the demo fires the tie flag; tie pages never
show IIN or birth dates."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from adaldyq.procurement.indicator_config import to_ini
from adaldyq.procurement.models import ProcurementRun, SupplierTie
from tests.procurement.support import CARDINAL_FIXTURES, settings_for

ADALDYQ = Path(sys.executable).with_name("adaldyq")
CARDINAL = Path(sys.executable).with_name("adaldyq-cardinal")


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "ADALDYQ_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}


@pytest.mark.parametrize("extra", [[], ["--no-meta", "--map"], ["--count"]], ids=["plain", "no-meta-map", "count"])
def test_console_script_prints_exactly_what_the_engine_prints(tmp_path: Path, extra: list[str]) -> None:
    fixture = CARDINAL_FIXTURES / "R024.jsonl"
    ini = tmp_path / "s.ini"
    ini.write_text(to_ini(settings_for("R024")))
    args = ["indicators", str(fixture), "--settings", str(ini), *extra]
    ours = subprocess.run([str(CARDINAL), *args], capture_output=True, text=True, env=_env(tmp_path), check=False)
    engine = subprocess.run([sys.executable, "-m", "adaldyq.procurement", *args], capture_output=True, text=True,
                            check=False)
    assert ours.returncode == engine.returncode == 0, ours.stderr
    assert ours.stdout == engine.stdout and ours.stdout.startswith("{")
    assert ours.stderr == engine.stderr


def test_console_script_imports_no_django(tmp_path: Path) -> None:
    fixture = CARDINAL_FIXTURES / "R024.jsonl"
    ini = tmp_path / "s.ini"
    ini.write_text(to_ini(settings_for("R024")))
    code = ("import sys\nfrom adaldyq.procurement.cardinal_cli import main\n"
            f"status = main(['indicators', {str(fixture)!r}, '--settings', {str(ini)!r}])\n"
            "assert status == 0\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_console_script_errors_exit_with_one_line(tmp_path: Path) -> None:
    ours = subprocess.run([str(CARDINAL), "indicators", str(tmp_path / "missing.jsonl")],
                          capture_output=True, text=True, env=_env(tmp_path), check=False)
    assert ours.returncode == 2 and ours.stdout == "" and ours.stderr.startswith("error: ")


def test_the_old_command_points_to_the_console_script(tmp_path: Path) -> None:
    fixture = str(CARDINAL_FIXTURES / "R024.jsonl")
    moved = subprocess.run([str(ADALDYQ), "procurement", "indicators", fixture, "-s", "s.ini"],
                           capture_output=True, text=True, env=_env(tmp_path), check=False)
    assert moved.returncode == 2 and moved.stdout == ""
    assert f"adaldyq-cardinal indicators {fixture} -s s.ini" in moved.stderr
    # Django reads --settings itself: a file name there gets one clear line, not a traceback.
    slip = subprocess.run([str(ADALDYQ), "procurement", "indicators", fixture, "--settings", "s.ini"],
                          capture_output=True, text=True, env=_env(tmp_path), check=False)
    assert slip.returncode == 2 and "Traceback" not in slip.stderr
    assert slip.stderr.startswith("error: --settings 's.ini'") and "adaldyq-cardinal" in slip.stderr


def test_load_and_runs(db: Any, generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("procurement", "load", str(generated), "--no-progress", "--no-screening")
    out = capsys.readouterr().out
    run = ProcurementRun.objects.get()
    assert out.startswith(f"run {run.pk} ") and f"{run.processes} processes" in out
    call_command("procurement", "runs")
    listed = capsys.readouterr().out
    assert listed.startswith(f"run {run.pk} ")
    # The time pages show: Almaty's, not UTC.
    almaty = run.started_at.astimezone(ZoneInfo("Asia/Almaty"))
    assert f"run {run.pk} {almaty:%Y-%m-%d %H:%M} {almaty:%Z} " in listed
    call_command("procurement", "runs", "--delete", str(run.pk))
    assert not ProcurementRun.objects.exists()


def test_load_reports_ties_file_problems(db: Any, generated: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "ties.csv"
    bad.write_text("supplier_id,supplier_name,person_name,role\n,,x,director\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("procurement", "load", str(generated), "--ties", str(bad), "--no-progress")
    assert "row 2, supplier_id: empty" in capsys.readouterr().err
    assert not ProcurementRun.objects.exists()
    with pytest.raises(CommandError, match="No such file"):
        call_command("procurement", "load", str(tmp_path / "none.jsonl"))


def test_demo_ties_suppliers_to_register_persons_without_showing_private_data(db: Any, make_officer: Any) -> None:
    from adaldyq.procurement import demo
    from adaldyq.register import demo as register_demo
    from adaldyq.register.models import Person
    from adaldyq.screening import indexes

    indexes.forget()
    register_demo.load(seed=7, count=60)
    summary = demo.load(seed=7)
    run = ProcurementRun.objects.get()
    assert run.tied_suppliers >= 3 and f"{run.tied_suppliers} tied" in summary
    assert SupplierTie.objects.filter(run=run, list_name="register", source="ocds").exists()
    client = Client()
    client.force_login(make_officer("ana", "procurement_analyst"))
    pages = client.get("/en/staff/procurement/ties/").content.decode()
    pages += client.get("/api/v1/procurement/ties?per_page=500").content.decode("unicode_escape")
    tied = SupplierTie.objects.filter(run=run).values_list("match_id", flat=True)
    from adaldyq.register.models import Conviction

    people = Person.objects.filter(pk__in=Conviction.objects.filter(pk__in=[int(t) for t in tied])
                                   .values("person_id"))
    assert people
    for person in people:
        assert person.iin not in pages
        assert isinstance(person.birth_date, dt.date) and person.birth_date.isoformat() not in pages
    indexes.forget()
