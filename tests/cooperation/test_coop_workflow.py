"""The request workflow as plain rules: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from adaldyq.cooperation import workflow as wf
from adaldyq.cooperation.exceptions import WorkflowError

TODAY = dt.date(2026, 11, 27)


def move(**kw: object) -> wf.Move:
    base: dict[str, object] = {"direction": wf.OUTGOING, "kind": wf.INFORMATION, "current": wf.DRAFT,
                                   "target": wf.SENT, "actor_id": 1, "submitted_by_id": None, "has_document": True}
    base.update(kw)
    return wf.Move(**base)  # type: ignore[arg-type]


def test_information_request_can_be_sent_from_draft_with_its_letter() -> None:
    wf.check_move(move())


def test_sending_needs_the_letter() -> None:
    with pytest.raises(WorkflowError, match="needs the document"):
        wf.check_move(move(has_document=False))


@pytest.mark.parametrize("kind", sorted(wf.SECOND_OFFICER_KINDS))
def test_formal_requests_go_through_a_second_officer(kind: str) -> None:
    with pytest.raises(WorkflowError, match="second officer"):
        wf.check_move(move(kind=kind))
    wf.check_move(move(kind=kind, current=wf.DRAFT, target=wf.AWAITING_APPROVAL, has_document=False))
    with pytest.raises(WorkflowError, match="cannot also send"):
        wf.check_move(move(kind=kind, current=wf.AWAITING_APPROVAL, actor_id=7, submitted_by_id=7))
    wf.check_move(move(kind=kind, current=wf.AWAITING_APPROVAL, actor_id=8, submitted_by_id=7))


def test_incoming_requests_start_received_and_cannot_be_sent() -> None:
    assert wf.initial_status(wf.INCOMING) == wf.RECEIVED
    assert wf.initial_status(wf.OUTGOING) == wf.DRAFT
    with pytest.raises(WorkflowError, match="cannot become"):
        wf.check_move(move(direction=wf.INCOMING, current=wf.RECEIVED, target=wf.SENT))


def test_closed_is_final() -> None:
    for direction in wf.DIRECTIONS:
        assert wf.next_statuses(direction, wf.CLOSED) == []


def test_every_status_reachable_is_known_and_every_open_path_can_close() -> None:
    for direction, table in wf.TRANSITIONS.items():
        start = wf.initial_status(direction)
        seen, todo = {start}, [start]
        while todo:
            for nxt in table[todo.pop()]:
                assert nxt in wf.STATUSES
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert wf.CLOSED in seen
        assert set(table) == seen


def test_overdue_only_while_open() -> None:
    past = TODAY - dt.timedelta(days=3)
    assert wf.is_overdue(wf.SENT, past, TODAY)
    assert wf.days_overdue(wf.SENT, past, TODAY) == 3
    assert not wf.is_overdue(wf.ANSWERED, past, TODAY)
    assert not wf.is_overdue(wf.SENT, TODAY, TODAY)
    assert not wf.is_overdue(wf.SENT, None, TODAY)
    assert wf.is_due_soon(wf.RECEIVED, TODAY + dt.timedelta(days=5), TODAY, 14)
    assert not wf.is_due_soon(wf.RECEIVED, TODAY + dt.timedelta(days=30), TODAY, 14)


def test_overdue_list_longest_first() -> None:
    items = [("A", wf.SENT, TODAY - dt.timedelta(days=2)), ("B", wf.IN_PROGRESS, TODAY - dt.timedelta(days=40)),
             ("C", wf.CLOSED, TODAY - dt.timedelta(days=90)), ("D", wf.SENT, None)]
    assert [o.reference for o in wf.overdue(items, TODAY)] == ["B", "A"]


@pytest.mark.parametrize(("days", "bucket"), [(0, "under 30 days"), (29, "under 30 days"), (30, "30–89 days"),
                                              (200, "180–364 days"), (400, "a year or more")])
def test_age_buckets(days: int, bucket: str) -> None:
    assert wf.age_bucket(TODAY - dt.timedelta(days=days), TODAY) == bucket
