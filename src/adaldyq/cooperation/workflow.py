"""The life of a cooperation request, as plain rules (no Django, no database).

A request goes one way (outgoing: we ask a foreign agency; incoming: they ask us)
through a small set of statuses. The rules here say which moves are allowed, which
moves must carry a document (the letter that was sent, the answer, the refusal), when
a second officer is needed, and when a request is overdue. Services call them inside
a transaction; views and the API only display their outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from adaldyq.cooperation.exceptions import WorkflowError
from adaldyq.core.refusals import Label, gettext_noop

OUTGOING = "outgoing"
INCOMING = "incoming"
DIRECTIONS = (OUTGOING, INCOMING)

# Kinds of request, from the lightest (contact point to contact point) to the
# heaviest (coercive measures that a court abroad has to order).
INFORMATION = "information"
ASSET_TRACING = "asset_tracing"
MLA = "mla"
FREEZING = "freezing"
CONFISCATION = "confiscation"
RETURN = "return"
KINDS = (INFORMATION, ASSET_TRACING, MLA, FREEZING, CONFISCATION, RETURN)
KIND_LABELS = {
    INFORMATION: "Information request",
    ASSET_TRACING: "Asset tracing",
    MLA: "Mutual legal assistance",
    FREEZING: "Freezing request",
    CONFISCATION: "Confiscation request",
    RETURN: "Return of assets",
}
# Formal or coercive outgoing requests engage the State: a second officer sends them.
SECOND_OFFICER_KINDS = frozenset({MLA, FREEZING, CONFISCATION, RETURN})

DRAFT = "draft"
AWAITING_APPROVAL = "awaiting_approval"
SENT = "sent"
RECEIVED = "received"
IN_PROGRESS = "in_progress"
MORE_INFO = "more_info_needed"
ANSWERED = "answered"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
CLOSED = "closed"
STATUSES = (DRAFT, AWAITING_APPROVAL, SENT, RECEIVED, IN_PROGRESS, MORE_INFO, ANSWERED, REFUSED,
            WITHDRAWN, CLOSED)
# The same words and context as models.Status, so one translation serves both (a test checks).
STATUS_CONTEXT = "request status"
STATUS_LABELS = {
    DRAFT: "Draft",
    AWAITING_APPROVAL: "Awaiting a second officer",
    SENT: "Sent",
    RECEIVED: "Received",
    IN_PROGRESS: "In progress",
    MORE_INFO: "More information needed",
    ANSWERED: "Answered",
    REFUSED: "Refused",
    WITHDRAWN: "Withdrawn",
    CLOSED: "Closed",
}
# While a request is in one of these, its deadline runs and it can be overdue.
OPEN_STATUSES = frozenset({DRAFT, AWAITING_APPROVAL, SENT, RECEIVED, IN_PROGRESS, MORE_INFO})
# Moving into these needs a document: the letter sent, the answer, the refusal.
DOCUMENT_REQUIRED = frozenset({SENT, ANSWERED, REFUSED})

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    OUTGOING: {
        DRAFT: frozenset({AWAITING_APPROVAL, SENT, WITHDRAWN}),
        AWAITING_APPROVAL: frozenset({SENT, DRAFT, WITHDRAWN}),
        SENT: frozenset({IN_PROGRESS, MORE_INFO, ANSWERED, REFUSED, WITHDRAWN}),
        IN_PROGRESS: frozenset({MORE_INFO, ANSWERED, REFUSED, WITHDRAWN}),
        MORE_INFO: frozenset({IN_PROGRESS, WITHDRAWN}),
        ANSWERED: frozenset({IN_PROGRESS, CLOSED}),
        REFUSED: frozenset({CLOSED}),
        WITHDRAWN: frozenset({CLOSED}),
        CLOSED: frozenset(),
    },
    INCOMING: {
        RECEIVED: frozenset({IN_PROGRESS, MORE_INFO, REFUSED}),
        IN_PROGRESS: frozenset({MORE_INFO, ANSWERED, REFUSED}),
        MORE_INFO: frozenset({IN_PROGRESS, REFUSED, WITHDRAWN}),
        ANSWERED: frozenset({IN_PROGRESS, CLOSED}),
        REFUSED: frozenset({CLOSED}),
        WITHDRAWN: frozenset({CLOSED}),
        CLOSED: frozenset(),
    },
}

AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("under 30 days", 30),
    ("30–89 days", 90),
    ("90–179 days", 180),
    ("180–364 days", 365),
    ("a year or more", None),
)


def initial_status(direction: str) -> str:
    if direction == OUTGOING:
        return DRAFT
    if direction == INCOMING:
        return RECEIVED
    raise WorkflowError(gettext_noop("Unknown direction “%(direction)s”: use outgoing or incoming."),
                        direction=direction)


def next_statuses(direction: str, current: str) -> list[str]:
    """The statuses a request may move to now, in the order of STATUSES."""
    allowed = TRANSITIONS.get(direction, {}).get(current, frozenset())
    return [s for s in STATUSES if s in allowed]


@dataclass(frozen=True, kw_only=True)
class Move:
    """One asked-for change of status and the facts the rules need to judge it."""

    direction: str
    kind: str
    current: str
    target: str
    actor_id: int | None
    submitted_by_id: int | None = None  # who put it up for approval
    has_document: bool = False


def check_move(move: Move) -> None:
    """Raise WorkflowError with the reason if the move is not allowed."""
    if move.kind not in KINDS:
        raise WorkflowError(gettext_noop("Unknown kind of request “%(kind)s”."), kind=move.kind)
    if move.target not in TRANSITIONS.get(move.direction, {}).get(move.current, frozenset()):
        raise WorkflowError(gettext_noop("A request that is “%(current)s” cannot become “%(target)s”."),
                            current=_status(move.current), target=_status(move.target))
    if move.target in DOCUMENT_REQUIRED and not move.has_document:
        raise WorkflowError(gettext_noop("Moving to “%(target)s” needs the document: attach the letter or answer."),
                            target=_status(move.target))
    if move.direction == OUTGOING and move.target == SENT and move.kind in SECOND_OFFICER_KINDS:
        if move.current != AWAITING_APPROVAL:
            raise WorkflowError(gettext_noop("A request of the kind “%(kind)s” is sent by a second officer: "
                                             "put it up for approval first."), kind=Label(KIND_LABELS[move.kind]))
        if move.actor_id is None or move.actor_id == move.submitted_by_id:
            raise WorkflowError(gettext_noop("The officer who put a request up for approval cannot also send it."))


def _status(code: str) -> Label | str:
    """A status as a message shows it: its label, translated with the models' context."""
    return Label(STATUS_LABELS[code], STATUS_CONTEXT) if code in STATUS_LABELS else code


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and is_open(status) and due_on < today


def days_overdue(status: str, due_on: dt.date | None, today: dt.date) -> int:
    if due_on is None or not is_overdue(status, due_on, today):
        return 0
    return (today - due_on).days


def is_due_soon(status: str, due_on: dt.date | None, today: dt.date, within_days: int) -> bool:
    return (due_on is not None and is_open(status) and today <= due_on
            and (due_on - today).days <= within_days)


def age_bucket(opened_on: dt.date, today: dt.date) -> str:
    days = max((today - opened_on).days, 0)
    for label, below in AGE_BUCKETS:
        if below is None or days < below:
            return label
    return AGE_BUCKETS[-1][0]


@dataclass(frozen=True)
class Overdue:
    reference: str
    due_on: dt.date
    days: int


def overdue(items: Iterable[tuple[str, str, dt.date | None]], today: dt.date) -> list[Overdue]:
    """From (reference, status, due_on) triples, the overdue ones, longest overdue first."""
    found = [
        Overdue(ref, due, (today - due).days)
        for ref, status, due in items
        if due is not None and is_overdue(status, due, today)
    ]
    return sorted(found, key=lambda o: (-o.days, o.reference))
