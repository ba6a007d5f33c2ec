"""The append-only history: every change is an event chained to the one before it.

hash = SHA-256 of the canonical JSON of the event's public fields, the digest of its
private fields, and the previous hash. Anyone holding the public fields can recompute
the chain (`GET /api/v1/register/changes`), so a rewritten or deleted event breaks
every hash after it; internal details stay private but are still pinned by their
digest. Callers own the transaction: `append` must run inside `transaction.atomic()`.

`append` sends `appended` (stream, rows) in that transaction; the transparency log
listens (its `apps.py`), so core does not import the app that builds on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from adaldyq.core.models import ChainHead, HistoryEvent

GENESIS = "0" * 64

# Sent with `stream` and `rows` inside the appending transaction. Receivers run in it and
# their errors roll it back: the log must never miss an event that was committed.
appended = Signal()


def canonical(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def digest(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


@dataclass(frozen=True)
class NewEvent:
    subject_type: str
    subject_id: str
    action: str
    _: KW_ONLY  # the rest by name: eight optional facts in a row are easy to misplace
    occurred_on: dt.date | None = None
    ground: str = ""
    document: str = ""
    source: str = "staff"
    actor_id: int | None = None
    approver_id: int | None = None
    public: dict[str, Any] = field(default_factory=dict)
    private: dict[str, Any] = field(default_factory=dict)


def hashed_fields(stream: str, seq: int, recorded_at: dt.datetime, event: NewEvent | HistoryEvent, *,
                  private_digest: str, prev_hash: str) -> dict[str, Any]:
    """What the hash covers; also what `changes` feeds publish for verification."""
    occurred = event.occurred_on.isoformat() if event.occurred_on else None
    return {
        "stream": stream,
        "seq": seq,
        "subject_type": event.subject_type,
        "subject_id": str(event.subject_id),
        "action": event.action,
        "occurred_on": occurred,
        "recorded_at": recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "ground": event.ground,
        "document": event.document,
        "source": event.source,
        "public": event.public,
        "private_digest": private_digest,
        "prev_hash": prev_hash,
    }


def append(stream: str, events: Sequence[NewEvent] | Iterable[NewEvent]) -> list[HistoryEvent]:
    """Append events to a stream's chain, in order, inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history.append must run inside transaction.atomic()")
    ChainHead.objects.get_or_create(stream=stream)
    head = ChainHead.objects.select_for_update().get(stream=stream)
    now = timezone.now()
    rows: list[HistoryEvent] = []
    for event in events:
        seq = head.seq + 1
        private = dict(event.private)
        if event.actor_id is not None:
            private.setdefault("actor_id", event.actor_id)
        if event.approver_id is not None:
            private.setdefault("approver_id", event.approver_id)
        private_digest = digest(private)
        fields = hashed_fields(stream, seq, now, event, private_digest=private_digest, prev_hash=head.hash)
        row_hash = digest(fields)
        rows.append(
            HistoryEvent(
                stream=stream, seq=seq, subject_type=event.subject_type, subject_id=str(event.subject_id),
                action=event.action, occurred_on=event.occurred_on, recorded_at=now, ground=event.ground,
                document=event.document, source=event.source, actor_id=event.actor_id,
                approver_id=event.approver_id, public=event.public, private=private,
                private_digest=private_digest, prev_hash=head.hash, hash=row_hash,
            )
        )
        head.seq, head.hash = seq, row_hash
    HistoryEvent.objects.bulk_create(rows, batch_size=2000)
    head.save(update_fields=["seq", "hash"])
    appended.send(sender=append, stream=stream, rows=rows)
    return rows


def record(stream: str, event: NewEvent) -> HistoryEvent:
    return append(stream, [event])[0]


@dataclass(frozen=True)
class ChainReport:
    stream: str
    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(stream: str) -> ChainReport:
    """Recompute every hash of a stream; report the first event that does not fit."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in HistoryEvent.objects.filter(stream=stream).order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected_seq:
            return ChainReport(stream, checked, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev:
            return ChainReport(stream, checked, event.seq, "previous hash does not match")
        if digest(event.private) != event.private_digest:
            return ChainReport(stream, checked, event.seq, "internal fields were changed")
        fields = hashed_fields(stream, event.seq, event.recorded_at, event, private_digest=event.private_digest,
                               prev_hash=prev)
        if digest(fields) != event.hash:
            return ChainReport(stream, checked, event.seq, "event content was changed")
        prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = ChainHead.objects.filter(stream=stream).first()
    if head is not None and (head.seq != checked or head.hash != prev):
        return ChainReport(stream, checked, checked + 1, "events after the last one were deleted")
    return ChainReport(stream, checked, None)


def events_for(subject_type: str, subject_id: object) -> list[HistoryEvent]:
    return list(
        HistoryEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id))
        .select_related("actor", "approver")
        .order_by("stream", "seq")
    )
