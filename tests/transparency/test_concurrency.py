"""Concurrent writers on PostgreSQL: every committed event enters the log exactly once,
in each stream's order, and the log adds no lock to the writers' transactions.

The writers follow the recovery part's two shapes: an asset step (recovery event, then
the fund row's lock, then a fund event) and a fund operation (the fund row's lock, then a
fund event). A log lock taken inside the first append and held to commit would deadlock
them (asset writer: log, then fund row; fund writer: fund row, then log)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from adaldyq.core import history
from adaldyq.core.models import ChainHead, HistoryEvent
from adaldyq.transparency import checkpoints, integrity
from adaldyq.transparency.models import LogEntry


def _writer(number: int, errors: list[BaseException]) -> None:
    try:
        for i in range(15):
            with transaction.atomic():
                event = history.NewEvent("fund.receipt", f"{number}-{i}", "receive", public={"writer": number, "i": i})
                if number % 2:
                    history.append("recovery", [event])
                ChainHead.objects.select_for_update().get(stream="fund-row")  # stands for the fund's row lock
                history.append("fund", [event])
                if i % 5 == 4:
                    history.append("cooperation", [history.NewEvent("cooperation.request", "x", "sent")])
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_reach_the_log(log_key: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent transactions")
    ChainHead.objects.create(stream="fund-row")
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_writer, args=(n, errors)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    checkpoint = checkpoints.current()
    logged = HistoryEvent.objects.filter(stream__in=["fund", "recovery"])
    assert checkpoint.size == logged.count() == 6 * 15 + 3 * 15
    assert LogEntry.objects.values("event_id").distinct().count() == checkpoint.size
    for stream, count in (("fund", 90), ("recovery", 45)):
        seqs = list(LogEntry.objects.filter(event__stream=stream).order_by("index").values_list("event__seq", flat=True))
        assert seqs == list(range(1, count + 1))
    assert integrity.check().ok
