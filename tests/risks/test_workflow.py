"""The workflow rules, without a database: who may move a recommendation where, with what proof,
and when it is overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adaldyq.risks.workflow import (
    CLOSED,
    OPEN,
    TRANSITIONS,
    Action,
    Actor,
    Status,
    TransitionRefused,
    allowed_actions,
    decide,
    is_due_soon,
    is_overdue,
)

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(("status", "action", "actor", "target"), [
    (Status.ISSUED, Action.ACCEPT, Actor.BODY, Status.ACCEPTED),
    (Status.ISSUED, Action.DISPUTE, Actor.BODY, Status.DISPUTED),
    (Status.ACCEPTED, Action.START, Actor.BODY, Status.IN_PROGRESS),
    (Status.ACCEPTED, Action.REPORT, Actor.BODY, Status.REPORTED),
    (Status.IN_PROGRESS, Action.REPORT, Actor.BODY, Status.REPORTED),
    (Status.REPORTED, Action.VERIFY, Actor.AGENCY, Status.VERIFIED),
    (Status.REPORTED, Action.RETURN, Actor.AGENCY, Status.IN_PROGRESS),
    (Status.REPORTED, Action.MARK_NOT_IMPLEMENTED, Actor.AGENCY, Status.NOT_IMPLEMENTED),
    (Status.IN_PROGRESS, Action.MARK_NOT_IMPLEMENTED, Actor.AGENCY, Status.NOT_IMPLEMENTED),
    (Status.DISPUTED, Action.DISMISS_DISPUTE, Actor.AGENCY, Status.ACCEPTED),
    (Status.DISPUTED, Action.UPHOLD_DISPUTE, Actor.AGENCY, Status.WITHDRAWN),
])
def test_allowed_transitions(status: Status, action: Action, actor: Actor, target: Status) -> None:
    assert decide(status, action, actor, comment="because", documents=1) == target


@pytest.mark.parametrize(("status", "action", "actor", "reason"), [
    (Status.ISSUED, Action.VERIFY, Actor.AGENCY, "not allowed from the status “Issued”"),
    (Status.ISSUED, Action.REPORT, Actor.BODY, "not allowed from the status “Issued”"),
    (Status.VERIFIED, Action.REPORT, Actor.BODY, "not allowed from the status “Verified”"),
    (Status.WITHDRAWN, Action.ACCEPT, Actor.BODY, "not allowed"),
    (Status.DISPUTED, Action.ACCEPT, Actor.BODY, "not allowed"),  # only the agency ends a dispute
    (Status.REPORTED, Action.VERIFY, Actor.BODY, "Only the agency"),  # a body cannot verify itself
    (Status.DISPUTED, Action.UPHOLD_DISPUTE, Actor.BODY, "Only the agency"),
    (Status.ISSUED, Action.ACCEPT, Actor.AGENCY, "Only the responsible body"),
    (Status.IN_PROGRESS, Action.REPORT, Actor.AGENCY, "Only the responsible body"),
])
def test_refused_transitions(status: Status, action: Action, actor: Actor, reason: str) -> None:
    with pytest.raises(TransitionRefused, match=reason):
        decide(status, action, actor, comment="because", documents=1)


def test_report_needs_a_document_and_a_comment() -> None:
    with pytest.raises(TransitionRefused, match="document"):
        decide(Status.IN_PROGRESS, Action.REPORT, Actor.BODY, comment="done", documents=0)
    with pytest.raises(TransitionRefused, match="comment"):
        decide(Status.IN_PROGRESS, Action.REPORT, Actor.BODY, comment="  ", documents=1)


@pytest.mark.parametrize("action", [Action.DISPUTE, Action.RETURN, Action.MARK_NOT_IMPLEMENTED,
                                    Action.DISMISS_DISPUTE, Action.UPHOLD_DISPUTE])
def test_refusals_and_decisions_need_a_comment(action: Action) -> None:
    rule = next(t for t in TRANSITIONS if t.action == action)
    source = next(iter(rule.sources))
    with pytest.raises(TransitionRefused, match="comment"):
        decide(source, action, rule.actor, comment="", documents=1)


def test_accept_and_verify_need_no_comment() -> None:
    assert decide(Status.ISSUED, Action.ACCEPT, Actor.BODY) == Status.ACCEPTED
    assert decide(Status.REPORTED, Action.VERIFY, Actor.AGENCY) == Status.VERIFIED


def test_unknown_action_is_refused_not_crashing() -> None:
    with pytest.raises(TransitionRefused, match="Unknown"):
        decide("issued", "approve-everything", Actor.AGENCY)


def test_allowed_actions_split_by_actor() -> None:
    assert allowed_actions(Status.ISSUED, Actor.BODY) == [Action.ACCEPT, Action.DISPUTE]
    assert allowed_actions(Status.ISSUED, Actor.AGENCY) == [Action.MARK_NOT_IMPLEMENTED]
    assert allowed_actions(Status.REPORTED, Actor.BODY) == []
    assert allowed_actions(Status.REPORTED, Actor.AGENCY) == [Action.VERIFY, Action.RETURN,
                                                             Action.MARK_NOT_IMPLEMENTED]
    assert allowed_actions(Status.ISSUED, None) == []
    for closed in CLOSED:
        assert allowed_actions(closed, Actor.BODY) == allowed_actions(closed, Actor.AGENCY) == []


@given(status=st.sampled_from(list(Status)), action=st.sampled_from(list(Action)),
       actor=st.sampled_from(list(Actor)))
def test_decide_agrees_with_allowed_actions(status: Status, action: Action, actor: Actor) -> None:
    allowed = action in allowed_actions(status, actor)
    try:
        decide(status, action, actor, comment="c", documents=1)
    except TransitionRefused:
        assert not allowed
    else:
        assert allowed


def test_overdue_is_derived_from_deadline_and_status() -> None:
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    assert is_overdue(yesterday, Status.IN_PROGRESS, TODAY)
    assert is_overdue(yesterday, Status.ISSUED, TODAY)
    assert is_overdue(yesterday, Status.DISPUTED, TODAY)  # a dispute does not stop the clock
    assert not is_overdue(TODAY, Status.IN_PROGRESS, TODAY)  # the deadline day is not late
    assert not is_overdue(tomorrow, Status.ACCEPTED, TODAY)
    assert not is_overdue(yesterday, Status.REPORTED, TODAY)  # the agency holds it now
    assert not is_overdue(yesterday, Status.VERIFIED, TODAY)
    assert not is_overdue(yesterday, Status.NOT_IMPLEMENTED, TODAY)
    assert not is_overdue(None, Status.ISSUED, TODAY)


@given(deadline=st.dates(), today=st.dates(), status=st.sampled_from(list(Status)))
def test_overdue_only_for_open_and_past(deadline: dt.date, today: dt.date, status: Status) -> None:
    assert is_overdue(deadline, status, today) == (status in OPEN and deadline < today)
    if is_overdue(deadline, status, today):
        assert not is_due_soon(deadline, status, today, 30)


def test_due_soon_window() -> None:
    assert is_due_soon(TODAY, Status.ACCEPTED, TODAY, 14)
    assert is_due_soon(TODAY + dt.timedelta(days=14), Status.ACCEPTED, TODAY, 14)
    assert not is_due_soon(TODAY + dt.timedelta(days=15), Status.ACCEPTED, TODAY, 14)
    assert not is_due_soon(TODAY, Status.REPORTED, TODAY, 14)
