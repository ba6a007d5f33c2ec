"""The life of a recommendation: statuses, who may move it where, and when it is overdue.

Pure rules with no Django import, so the law of the workflow can be read and tested on
its own. Services call `decide()` before changing anything; the dashboards build their
SQL from the same constants (`OPEN`, `CLOSED_OK`...), so a page and a rule never disagree.

Who acts:
- the body (its officer) answers an issued recommendation (accept or dispute), starts
  work and reports it implemented, with a document as proof;
- the agency (an analyst) verifies a report or returns it for rework, records that a
  recommendation was not implemented, and decides disputes: a dispute dismissed sends
  the recommendation back to the body as accepted; a dispute upheld withdraws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum

from adaldyq.core.refusals import Label, Refusal, gettext_noop


class Status(StrEnum):
    ISSUED = "issued"
    ACCEPTED = "accepted"
    DISPUTED = "disputed"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"  # reported implemented by the body, awaiting the agency
    VERIFIED = "verified"  # the agency confirmed the implementation
    NOT_IMPLEMENTED = "not_implemented"
    WITHDRAWN = "withdrawn"  # the agency upheld the body's dispute


class Actor(StrEnum):
    BODY = "body"
    AGENCY = "agency"


class Action(StrEnum):
    ACCEPT = "accept"
    DISPUTE = "dispute"
    START = "start"
    REPORT = "report"
    VERIFY = "verify"
    RETURN = "return"
    MARK_NOT_IMPLEMENTED = "mark_not_implemented"
    DISMISS_DISPUTE = "dismiss_dispute"
    UPHOLD_DISPUTE = "uphold_dispute"


# English names in messages: the same words as models.STATUS_LABELS and forms.ACTION_LABELS
# (with the same gettext context), so one translation serves page and message (a test checks).
STATUS_CONTEXT = "recommendation status"
STATUS_NAMES = {
    Status.ISSUED: "Issued", Status.ACCEPTED: "Accepted", Status.DISPUTED: "Disputed",
    Status.IN_PROGRESS: "In progress", Status.REPORTED: "Reported implemented", Status.VERIFIED: "Verified",
    Status.NOT_IMPLEMENTED: "Not implemented", Status.WITHDRAWN: "Withdrawn after dispute",
}
ACTION_NAMES = {
    Action.ACCEPT: "Accept the recommendation", Action.DISPUTE: "Dispute the recommendation",
    Action.START: "Start implementation", Action.REPORT: "Report implemented",
    Action.VERIFY: "Verify implementation", Action.RETURN: "Return the report for rework",
    Action.MARK_NOT_IMPLEMENTED: "Record as not implemented",
    Action.DISMISS_DISPUTE: "Dismiss the dispute (the body must implement)",
    Action.UPHOLD_DISPUTE: "Uphold the dispute (withdraw the recommendation)",
}

# The body still owes work on these: the deadline runs. A dispute does not stop the
# clock, so disputing cannot be used to hide a late recommendation; the agency sees
# disputes waiting for its decision as a list of their own.
OPEN = frozenset({Status.ISSUED, Status.ACCEPTED, Status.DISPUTED, Status.IN_PROGRESS})
# The body has done its part (a report) or the matter is closed.
CLOSED = frozenset({Status.VERIFIED, Status.NOT_IMPLEMENTED, Status.WITHDRAWN})
# Withdrawn recommendations are not counted when measuring implementation.
COUNTED = frozenset(Status) - {Status.WITHDRAWN}


@dataclass(frozen=True)
class Transition:
    action: Action
    actor: Actor
    sources: frozenset[Status]
    target: Status
    _: KW_ONLY
    needs_comment: bool = False
    needs_document: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.ACCEPT, Actor.BODY, frozenset({Status.ISSUED}), Status.ACCEPTED),
    Transition(Action.DISPUTE, Actor.BODY, frozenset({Status.ISSUED}), Status.DISPUTED, needs_comment=True),
    Transition(Action.START, Actor.BODY, frozenset({Status.ACCEPTED}), Status.IN_PROGRESS),
    Transition(Action.REPORT, Actor.BODY, frozenset({Status.ACCEPTED, Status.IN_PROGRESS}), Status.REPORTED,
               needs_comment=True, needs_document=True),
    Transition(Action.VERIFY, Actor.AGENCY, frozenset({Status.REPORTED}), Status.VERIFIED),
    Transition(Action.RETURN, Actor.AGENCY, frozenset({Status.REPORTED}), Status.IN_PROGRESS, needs_comment=True),
    Transition(Action.MARK_NOT_IMPLEMENTED, Actor.AGENCY,
               frozenset({Status.ISSUED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REPORTED}),
               Status.NOT_IMPLEMENTED, needs_comment=True),
    Transition(Action.DISMISS_DISPUTE, Actor.AGENCY, frozenset({Status.DISPUTED}), Status.ACCEPTED,
               needs_comment=True),
    Transition(Action.UPHOLD_DISPUTE, Actor.AGENCY, frozenset({Status.DISPUTED}), Status.WITHDRAWN,
               needs_comment=True),
)
_BY_ACTION = {t.action: t for t in TRANSITIONS}


class TransitionRefused(Refusal):
    """The action is not allowed now, for this actor, or lacks its comment or proof."""


def allowed_actions(status: Status | str, actor: Actor | None) -> list[Action]:
    """The actions `actor` may take on a recommendation in `status`, in table order."""
    if actor is None:
        return []
    current = Status(status)
    return [t.action for t in TRANSITIONS if t.actor == actor and current in t.sources]


def decide(status: Status | str, action: Action | str, actor: Actor, *, comment: str = "",
           documents: int = 0) -> Status:
    """The status after `actor` takes `action`, or TransitionRefused saying why not."""
    try:
        current, wanted = Status(status), Action(action)
    except ValueError as exc:
        raise TransitionRefused(gettext_noop("Unknown status or action: %(error)s"), error=str(exc)) from None
    rule = _BY_ACTION[wanted]
    name = Label(ACTION_NAMES[wanted])
    if rule.actor != actor:
        raise TransitionRefused(gettext_noop("Only the agency may take the action “%(action)s”.")
                                if rule.actor == Actor.AGENCY else
                                gettext_noop("Only the responsible body may take the action “%(action)s”."),
                                action=name)
    if current not in rule.sources:
        raise TransitionRefused(gettext_noop("The action “%(action)s” is not allowed from the status “%(status)s”."),
                                action=name, status=Label(STATUS_NAMES[current], STATUS_CONTEXT))
    if rule.needs_comment and not comment.strip():
        raise TransitionRefused(gettext_noop("The action “%(action)s” needs a comment."), action=name)
    if rule.needs_document and documents < 1:
        raise TransitionRefused(gettext_noop("The action “%(action)s” needs at least one document as proof."),
                                action=name)
    return rule.target


def is_overdue(deadline: dt.date | None, status: Status | str, today: dt.date) -> bool:
    """Overdue = the body still owes work (status is open) and the deadline has passed.

    The deadline day itself is not late. A report filed after the deadline stops the
    recommendation being overdue: from then on the agency, not the body, holds it.
    """
    return deadline is not None and Status(status) in OPEN and deadline < today


def is_due_soon(deadline: dt.date | None, status: Status | str, today: dt.date, days: int) -> bool:
    """Open, not yet overdue, and due within `days` days (today included)."""
    return (deadline is not None and Status(status) in OPEN
            and today <= deadline <= today + dt.timedelta(days=days))
