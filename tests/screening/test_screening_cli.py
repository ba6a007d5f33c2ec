"""`adaldyq screen`: results against the live register and list files, and the bad
inputs (missing column, empty name, malformed IIN, unknown list, bad threshold):
one clear message, a non-zero exit, and no output file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adaldyq.register import imports
from adaldyq.register.demo import generate, write_csv
from adaldyq.register.models import Conviction
from adaldyq.screening.models import ScreenedName, Screening

COLUMNS = ["query_id", "match_id", "match_name", "list", "score", "explanation"]



@pytest.fixture
def register(db: Any, tmp_path: Path) -> list[Conviction]:
    """Forty synthetic entries imported through the register's own import; the public ones."""
    path = tmp_path / "feed.csv"
    write_csv(generate(41, 40, dt.date.today()), path)
    imports.import_records(path)
    return list(Conviction.objects.public().select_related("person").order_by("pk"))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def screen(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_finds_a_register_entry_written_in_latin(register: list[Conviction], tmp_path: Path) -> None:
    entry = register[0]
    queries = write(tmp_path / "q.csv", f"id,name\nq1,{entry.person.name_latin}\nq2,Zzyzx Qwerty\n")
    out = tmp_path / "results.csv"
    call_command("screen", str(queries), "--list", "register", "--out", str(out), stderr=io.StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == COLUMNS
    hit = next(r for r in rows if r["match_id"] == str(entry.pk))
    assert hit["query_id"] == "q1" and hit["list"] == "register" and float(hit["score"]) >= 0.7
    assert "surname" in hit["explanation"] and "q2" not in {r["query_id"] for r in rows}


def test_results_never_show_iin_or_birth_date(register: list[Conviction], tmp_path: Path) -> None:
    person = register[0].person
    queries = write(tmp_path / "q.csv", f"id,name,birth_date,iin\nq1,{person.name_ru},{person.birth_date},{person.iin}\n")
    text = screen(str(queries))
    assert str(register[0].pk) in text
    assert person.iin not in text and str(person.birth_date) not in text
    # No oracle: the results file is the same without the IIN and the birth date.
    bare = write(tmp_path / "bare.csv", f"id,name,birth_date,iin\nq1,{person.name_ru},,\n")
    assert screen(str(bare)) == text


def test_list_file_is_used_directly_and_default_threshold_drops_the_review_band(db: Any, tmp_path: Path) -> None:
    listing = write(tmp_path / "debar.csv", "id,name\nd1,Омаров Ерлан Болатович\nd2,Омаров Ерлан Серикович\n")
    queries = write(tmp_path / "q.csv", "id,name\nq1,Omarov Yerlan Bolatovich\n")
    rows = list(csv.DictReader(io.StringIO(screen(str(queries), "--list", str(listing)))))
    assert [(r["match_id"], r["list"]) for r in rows] == [("d1", "file:debar.csv")]
    with_review = list(csv.DictReader(io.StringIO(screen(str(queries), "--list", str(listing), "--review"))))
    assert {r["match_id"]: r["band"] for r in with_review}.get("d1") == "match"
    assert all(r["band"] in ("match", "review") for r in with_review)


def test_screening_is_logged_with_its_names(register: list[Conviction], tmp_path: Path) -> None:
    queries = write(tmp_path / "q.csv", f"id,name\nq1,{register[0].person.name_latin}\nq2,Someone Else\n")
    screen(str(queries))
    row = Screening.objects.get()
    assert (row.channel, row.query_count, row.lists) == ("cli", 2, ["register"]) and row.match_count >= 1
    assert sorted(ScreenedName.objects.filter(screening=row).values_list("query_id", flat=True)) == ["q1", "q2"]


@pytest.mark.parametrize(("content", "message", "detail"), [
    ("id,fullname\nq1,Омаров Ерлан\n", "1 invalid row", "row 0, column name: missing column (found: id, fullname)"),
    ("id,name\nq1,Омаров Ерлан\nq2,\n", "1 invalid row", "row 2, column name: empty name"),
    ("id,name,iin\nq1,Омаров Ерлан,12345678901\n", "1 invalid row",
     "row 1, column iin: '12345678901' is not a valid IIN/BIN"),
    ("id,name,birth_date\nq1,Омаров Ерлан,01.02.1975\n", "1 invalid row", "row 1, column birth_date"),
    ("id,name\n", "no queries in the file", ""),
])
def test_bad_input_writes_nothing(db: Any, tmp_path: Path, content: str, message: str, detail: str,
                                  capsys: Any) -> None:
    queries = write(tmp_path / "q.csv", content)
    out = tmp_path / "results.csv"
    with pytest.raises(CommandError, match=message):
        call_command("screen", str(queries), "--out", str(out))
    assert detail in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == [queries]
    assert not Screening.objects.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--list", "no-such-list"], "Unknown screening list\\(s\\): no-such-list"),
    (["--threshold", "0.2"], "threshold must be between 0.55"),
    (["--threshold", "1.5"], "threshold must be between"),
])
def test_bad_options_write_nothing(db: Any, tmp_path: Path, args: list[str], message: str) -> None:
    queries = write(tmp_path / "q.csv", "id,name\nq1,Омаров Ерлан\n")
    out = tmp_path / "results.csv"
    with pytest.raises(CommandError, match=message):
        call_command("screen", str(queries), "--out", str(out), *args)
    assert not out.exists() and not Screening.objects.exists()


def test_missing_query_file(db: Any) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("screen", "/nonexistent/q.csv")


def test_large_input_goes_through_the_bulk_engine(db: Any, tmp_path: Path) -> None:
    listing = write(tmp_path / "l.csv", "id,name\nd1,Омаров Ерлан Болатович\nd2,Сейтова Айгуль Маратовна\n")
    lines = ["id,name"] + [f"q{n},Filler Name{n} Person" for n in range(2100)]
    lines += ["hit1,Omarov Yerlan Bolatovich", "hit2,Seitova Aigul Maratovna"]
    queries = write(tmp_path / "q.csv", "\n".join(lines) + "\n")
    rows = list(csv.DictReader(io.StringIO(screen(str(queries), "--list", str(listing), "--workers", "2"))))
    assert [(r["query_id"], r["match_id"]) for r in rows] == [("hit1", "d1"), ("hit2", "d2")]


def test_exit_status_through_the_console_command(tmp_path: Path) -> None:
    """The real `adaldyq` entry point: non-zero exit and one line on stderr."""
    queries = write(tmp_path / "q.csv", "id,name\nq1,\n")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "ADALDYQ_VAR_DIR": str(tmp_path / "var"),
           "PATH": "/usr/bin:/bin", "ADALDYQ_DEBUG": "1"}
    subprocess.run([sys.executable, "-m", "adaldyq", "migrate", "-v0"], env=env, check=True)
    done = subprocess.run([sys.executable, "-m", "adaldyq", "screen", str(queries), "--out", str(tmp_path / "r.csv")],
                          env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "row 1, column name: empty name" in done.stderr and not (tmp_path / "r.csv").exists()


def test_results_file_cells_cannot_run_as_formulas(register: list[Conviction], tmp_path: Path) -> None:
    """Issue 10: the caller's ids were written back as they came, formulas included."""
    entry = register[0]
    queries = write(tmp_path / "q.csv", f"id,name\n\"=HYPERLINK(\"\"http://evil.example\"\")\",{entry.person.name_latin}\n")
    out = tmp_path / "results.csv"
    call_command("screen", str(queries), "--list", "register", "--out", str(out), stderr=io.StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["query_id"] == "'=HYPERLINK(\"http://evil.example\")" for r in rows)
