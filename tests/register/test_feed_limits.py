"""Feed values are checked against what the database stores (issue 10): a value that passes
validation is stored on SQLite and PostgreSQL alike, and one that the database could not
store is refused with its row and column, before anything is applied."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from adaldyq.core import languages
from adaldyq.core.models import HistoryEvent
from adaldyq.register import feed
from adaldyq.register.models import Conviction, NameKey, Person
from tests.register.conftest import FeedFile, person_row

GOOD = person_row("L-1", "Касымов", "Ерлан", "Болатович", serial=21)
EVENT_MODEL_FIELDS = {"document": HistoryEvent}
MODEL_FIELDS = {
    "record_id": Conviction, "surname": Person, "given_name": Person, "patronymic": Person, "name_kk": Person,
    "name_ru": Person, "name_latin": Person, "position": Conviction, "organization": Conviction,
    "region": Conviction, "court": Conviction, "case_number": Conviction, "articles": Conviction,
}


def test_the_limits_are_the_models_limits() -> None:
    for column, model in {**MODEL_FIELDS, **EVENT_MODEL_FIELDS}.items():
        name = "article_codes" if column == "articles" else column
        # position and organization: the same limit for each language's column
        for each in languages.columns(name) if column in feed.TEXT_FIELDS else [name]:
            assert feed.MAX_LENGTH[column] == model._meta.get_field(each).max_length, (column, each)
    assert set(feed.MAX_LENGTH) == set(MODEL_FIELDS) | set(EVENT_MODEL_FIELDS)
    assert NameKey._meta.get_field("key").max_length == feed.NAME_KEY_LENGTH


@pytest.mark.parametrize(("override", "column", "reason"), [
    ({"surname": "Қ" * 101}, "surname", "longer than 100 characters"),
    ({"record_id": "R" * 65}, "record_id", "longer than 64 characters"),
    ({"court": "c" * 301}, "court", "longer than 300 characters"),
    ({"position": "p" * 301}, "position", "longer than 300 characters"),
    ({"organization_ru": "о" * 301}, "organization_ru", "longer than 300 characters"),
    ({"case_number": "№" * 101}, "case_number", "longer than 100 characters"),
    ({"region": "r" * 41}, "region", "longer than 40 characters"),
    ({"given_name": "Ерлан\x00"}, "given_name", "control character"),
    ({"verdict_date": "9999-12-31", "legal_effect_date": ""}, "verdict_date", "outside the accepted dates"),
    ({"sentence_end_date": "0203-01-01"}, "sentence_end_date", "outside the accepted dates"),
    ({"punishment_term_months": "99999999999"}, "punishment_term_months", "outside 0 to 1200"),
    ({"punishment_term_months": "-3"}, "punishment_term_months", "outside 0 to 1200"),
    ({"surname": "Щербаковскийжолдасбековичбайтұрсынұлыкөшкінбаев" * 2}, "surname", "too long to be found"),
])
def test_values_the_database_cannot_store_are_refused(db: Any, feed_file: FeedFile,
                                                      capsys: pytest.CaptureFixture[str],
                                                      override: dict[str, str], column: str, reason: str) -> None:
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("register", "import", str(feed_file([GOOD, {**GOOD, "record_id": "L-2", **override}])))
    err = capsys.readouterr().err
    assert f"row 3, column {column}:" in err and reason in err, err
    assert not Conviction.objects.exists() and not Person.objects.exists()


def test_values_at_the_limits_are_stored(db: Any, feed_file: FeedFile) -> None:
    """The longest values the checks let through are stored, on PostgreSQL too."""
    row = {**GOOD, "record_id": "R" * 64, "surname": "Қ" * 100, "court": "c" * 300, "case_number": "№" * 100,
           "position": "p" * 300, "organization": "o" * 300, "region": "r" * 40, "name_kk": "Ә" * 300,
           "verdict_date": "2023-03-01", "sentence_end_date": "2199-12-31", "punishment_term_months": "1200"}
    call_command("register", "import", str(feed_file([row])))
    stored = Conviction.objects.get()
    assert (stored.record_id, stored.court, stored.punishment_term_months) == ("R" * 64, "c" * 300, 1200)
    assert stored.person.surname == "Қ" * 100


def test_event_documents_and_dates_are_checked(db: Any, feed_file: FeedFile, tmp_path: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    call_command("register", "import", str(feed_file([GOOD])))
    events = tmp_path / "events.csv"
    events.write_text(f"record_id,event,date,document\nL-1,acquitted,2024-01-01,{'d' * 301}\n"
                      "L-1,retrial,12024-01-01,x\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("register", "import-events", str(events))
    err = capsys.readouterr().err
    assert "row 2, column document: is longer than 300 characters" in err
    assert "row 3, column date: '12024-01-01' is not a date" in err
    assert Conviction.objects.get().removals == {}
