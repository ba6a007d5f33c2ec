"""`adaldyq screen` over worker processes writes exactly what one process writes.

The real command (the console script, its own SQLite database) on generated files of
3,000 names against 3,000 entries, enough for the bulk path (from 2,000 names): with
its default workers, with more workers than this machine has cores, and with one process.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.synthetic_names import write_screening_files

from adaldyq.screening.management.commands.screen import BULK_FROM

ADALDYQ = Path(sys.executable).with_name("adaldyq")
NAMES = 3000


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("bulk")
    listing, queries, _ = write_screening_files(folder, entries=NAMES, queries=NAMES, facts=True)
    env = {**os.environ, "ADALDYQ_VAR_DIR": str(folder / "var"), "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
           "ADALDYQ_DEBUG": "1"}
    subprocess.run([str(ADALDYQ), "migrate", "--noinput"], env=env, capture_output=True, check=True)
    return listing, queries, env


def screen(files: tuple[Path, Path, dict[str, str]], out: Path, *options: str) -> tuple[bytes, str]:
    listing, queries, env = files
    done = subprocess.run([str(ADALDYQ), "screen", str(queries), "--list", str(listing), "--out", str(out), *options],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out.read_bytes(), done.stderr


def test_parallel_output_is_byte_identical_to_one_process(files: tuple[Path, Path, dict[str, str]],
                                                          tmp_path: Path) -> None:
    assert NAMES >= BULK_FROM
    single, _ = screen(files, tmp_path / "one.csv", "--workers", "1")
    default, log = screen(files, tmp_path / "default.csv")
    assert default == single
    rows = list(csv.DictReader(single.decode("utf-8").splitlines()))
    assert len(rows) > NAMES // 20  # the planted variants (one query in twenty) are found
    assert any(r["match_name"].startswith("ТОО") for r in rows)  # the company path was taken too
    # Progress is reported on stderr when it is not a terminal, ending at the whole file.
    assert f"{NAMES} of {NAMES} names (100%)" in log and "worker process" in log


def test_more_workers_than_cores_and_the_review_band_change_nothing(files: tuple[Path, Path, dict[str, str]],
                                                                     tmp_path: Path) -> None:
    single, _ = screen(files, tmp_path / "one.csv", "--workers", "1", "--review")
    three, log = screen(files, tmp_path / "three.csv", "--workers", "3", "--review")
    assert three == single and "over 3 worker process(es)" in log
    assert {r["band"] for r in csv.DictReader(single.decode("utf-8").splitlines())} == {"match", "review"}
