"""The append-only history: triggers refuse edits; the chain catches what gets past them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from adaldyq.core import history
from adaldyq.core.history import NewEvent
from adaldyq.core.models import HistoryEvent


def _write(n: int = 3) -> None:
    with transaction.atomic():
        history.append("test", [NewEvent("thing", str(i), "made", public={"i": i}, private={"note": "x"}) for i in range(n)])


def _tamper(sql: str) -> None:
    """Edit the table behind the triggers' back, as a restored, hand-edited backup would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks, or ALTER TABLE refuses
            cursor.execute("ALTER TABLE core_historyevent DISABLE TRIGGER USER")
            cursor.execute(sql)
            cursor.execute("ALTER TABLE core_historyevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER history_no_update")
            cursor.execute("DROP TRIGGER history_no_delete")
            cursor.execute(sql)


def test_chain_verifies(db: Any) -> None:
    _write()
    report = history.verify("test")
    assert report.ok and report.checked == 3


@pytest.mark.parametrize("sql", ["UPDATE core_historyevent SET ground = 'x'", "DELETE FROM core_historyevent"])
def test_database_refuses_update_and_delete(db: Any, sql: str) -> None:
    _write()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert HistoryEvent.objects.count() == 3


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("UPDATE core_historyevent SET ground = 'rewritten' WHERE seq = 2", "content was changed"),
        ("UPDATE core_historyevent SET private = '{\"note\": \"y\"}' WHERE seq = 2", "internal fields"),
        ("DELETE FROM core_historyevent WHERE seq = 2", "missing"),
        ("DELETE FROM core_historyevent WHERE seq = 3", "deleted"),
    ],
)
def test_rewrite_is_detected(db: Any, sql: str, reason: str) -> None:
    _write()
    _tamper(sql)
    report = history.verify("test")
    assert not report.ok and reason in report.reason
    with pytest.raises(CommandError, match="altered"):
        call_command("history", "verify", "test")


def test_append_outside_a_transaction_is_refused(db: Any) -> None:
    with pytest.raises(RuntimeError, match="atomic"):
        connection.in_atomic_block = False  # pytest-django wraps tests in a transaction
        try:
            history.append("test", [NewEvent("thing", "1", "made")])
        finally:
            connection.in_atomic_block = True


def test_a_wiped_history_is_detected(db: Any) -> None:
    _write()
    _tamper("DELETE FROM core_historyevent")
    report = history.verify("test")
    assert not report.ok and "deleted" in report.reason
