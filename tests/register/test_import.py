"""Feed imports: idempotent, dry-run, and bad input that changes nothing."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection

from adaldyq.core.models import HistoryEvent
from adaldyq.register import imports
from adaldyq.register.models import Conviction, NameKey, Person
from tests.register.conftest import FeedFile, person_row

GOOD = [person_row("G-1", "Касымов", "Ерлан", "Болатович", serial=11), person_row("G-2", "Байжанов", "Арман", serial=12)]


def _counts() -> tuple[int, int, int]:
    return Conviction.objects.count(), Person.objects.count(), HistoryEvent.objects.count()


def test_reimport_changes_nothing(db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = feed_file(GOOD)
    call_command("register", "import", str(path))
    before = _counts()
    call_command("register", "import", str(path))
    assert _counts() == before
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_changed_row_is_a_correction_event(db: Any, feed_file: FeedFile) -> None:
    call_command("register", "import", str(feed_file(GOOD)))
    changed = [GOOD[0], {**GOOD[1], "position": "deputy akim"}]
    call_command("register", "import", str(feed_file(changed, "changed.csv")))
    assert Conviction.objects.get(record_id="G-2").position == "deputy akim"
    assert HistoryEvent.objects.filter(action="corrected").count() == 1


def test_dry_run_reports_and_changes_nothing(db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("register", "import", str(feed_file(GOOD)), "--dry-run")
    assert _counts() == (0, 0, 0)
    out = capsys.readouterr().out
    assert "would create G-1" in out and "2 created" in out


def test_jsonl_input_is_accepted(db: Any, tmp_path: Path) -> None:
    import json

    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in GOOD) + "\n", encoding="utf-8")
    call_command("register", "import", str(path))
    assert Conviction.objects.count() == 2


@pytest.mark.parametrize(
    ("override", "column", "reason"),
    [
        ({"iin": "750412300012"}, "iin", "not a valid IIN"),
        ({"articles": "999-9"}, "articles", "unknown article '999-9'"),
        ({"verdict_date": "01.03.2023"}, "verdict_date", "not a date"),
        ({"punishment": "exile"}, "punishment", "not one of"),
        ({"surname": ""}, "surname", "is required"),
        ({"legal_effect_date": "2020-01-01"}, "legal_effect_date", "before the verdict"),
    ],
)
def test_bad_row_is_reported_and_nothing_applied(db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str],
                                                  override: dict[str, str], column: str, reason: str) -> None:
    rows = [GOOD[0], {**GOOD[1], **override}]
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("register", "import", str(feed_file(rows)))
    err = capsys.readouterr().err
    assert f"row 3, column {column}:" in err and reason in err  # the header is row 1
    assert _counts() == (0, 0, 0)


def test_every_bad_row_is_listed(db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{**GOOD[0], "articles": "1-1"}, GOOD[1], {**GOOD[1], "record_id": "G-3", "birth_date": "1975-13-01"}]
    with pytest.raises(CommandError):
        call_command("register", "import", str(feed_file(rows)))
    err = capsys.readouterr().err
    assert "row 2, column articles" in err and "row 4, column birth_date" in err


def test_missing_column_is_refused(db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str]) -> None:
    columns = [c for c in GOOD[0] if c != "court"]
    with pytest.raises(CommandError):
        call_command("register", "import", str(feed_file(GOOD, columns=columns)))
    assert "header, column court: is missing" in capsys.readouterr().err


def test_unknown_event_and_unknown_record_are_refused(db: Any, feed_file: FeedFile, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    call_command("register", "import", str(feed_file(GOOD)))
    before = _counts()
    events = tmp_path / "events.csv"
    events.write_text("record_id,event,date,document\nG-1,pardoned,2024-01-01,x\nG-9,acquitted,2024-01-01,x\nG-2,acquitted,2024-13-01,x\nG-1,acquitted,2024-02-01,ok\n")
    with pytest.raises(CommandError):
        call_command("register", "import-events", str(events))
    err = capsys.readouterr().err
    assert "row 2, column event: 'pardoned' is not one of" in err
    assert "row 3, column record_id: unknown record 'G-9'" in err
    assert "row 4, column date" in err
    assert _counts() == before
    assert Conviction.objects.get(record_id="G-1").removals == {}


def test_missing_file_is_a_clear_error(db: Any) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("register", "import", "/nonexistent/feed.csv")


def test_expiry_job_records_what_the_window_already_hides(db: Any, feed_file: FeedFile) -> None:
    old = person_row("E-1", "Тулеуов", "Кайрат", serial=13, verdict_date="2015-02-01", legal_effect_date="2015-03-01",
                     articles="189-3", sentence_end_date="2016-01-01")
    call_command("register", "import", str(feed_file([old])))
    assert not Conviction.objects.public().exists()  # hidden from 2022-01-01 with no job run
    call_command("register", "expire")
    call_command("register", "expire")
    assert HistoryEvent.objects.filter(action="expunged").count() == 1


@pytest.mark.postgres
def test_a_bulk_load_leaves_the_name_index_readable_alone(transactional_db: Any, feed_file: FeedFile,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """After a bulk import PostgreSQL's pages are marked all-visible (VACUUM after the
    commit), so a name search is an index-only scan from the first request."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    # An earlier transactional test's flush may have emptied the catalogue the migrations seeded.
    importlib.import_module("adaldyq.register.migrations.0002_seed_catalogue").seed(django_apps, None)
    monkeypatch.setattr(imports, "BULK_ROWS", 1)  # two rows count as a bulk load here
    call_command("register", "import", str(feed_file([person_row("R1", "Абилов", "Ерлан"),
                                                      person_row("R2", "Беков", "Нурлан", serial=2)])))
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [NameKey._meta.db_table])
        assert cursor.fetchone()[0] > 0
