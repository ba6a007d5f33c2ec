"""`make test-browser` without Chromium: a newcomer is told how to get it (and the run
goes on); under CI the missing browser fails the run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _make(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    if ci:
        env["CI"] = "true"
    return subprocess.run(["make", "--no-print-directory", "-o", "install", "test-browser",
                           "CHROMIUM=/nonexistent/chromium"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_without_chromium_make_says_how_to_get_it() -> None:
    newcomer = _make(ci=False)
    assert newcomer.returncode == 0, newcomer.stdout + newcomer.stderr
    assert "no Chromium at /nonexistent/chromium" in newcomer.stdout
    assert "apt-get install chromium" in newcomer.stdout
    ci = _make(ci=True)
    assert ci.returncode != 0 and "CI is set" in ci.stdout
