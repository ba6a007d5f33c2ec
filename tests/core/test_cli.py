"""The `adaldyq` console command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CARDINAL_FIXTURES = Path(__file__).resolve().parents[1] / "procurement" / "fixtures" / "cardinal"


def _adaldyq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adaldyq", *args], capture_output=True, text=True, timeout=300)


def test_django_commands_are_there() -> None:
    out = _adaldyq("help").stdout
    for command in ("migrate", "createsuperuser", "serve", "demo", "register", "screen", "lists", "assets",
                    "rates", "fund", "procurement", "risks", "exchange", "history", "tokens"):
        assert command in out, command


def test_cardinal_settings_option_reaches_the_procurement_command(tmp_path: Path) -> None:
    """Django takes --settings for itself; Cardinal's long option must still work."""
    ini = tmp_path / "settings.ini"
    ini.write_text("[R003]\nthreshold = 10\n")
    fixture = CARDINAL_FIXTURES / "R003-threshold-10"
    result = _adaldyq("procurement", "indicators", f"{fixture}.jsonl", "--settings", str(ini), "--no-meta")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(fixture.with_suffix(".expected").read_text())


def test_a_truncated_package_document_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "package.json"
    broken.write_text('{\n "releases": [ {"ocid": "x",\n')
    result = _adaldyq("procurement", "indicators", str(broken))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "not valid JSON" in result.stderr
