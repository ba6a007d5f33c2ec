"""Moving committed events into the log.

Why not append to the tree inside the event's own transaction: the log is one tree, so
appending needs one lock; taken in the middle of every writing transaction and held to
its commit, it would deadlock against the row locks those transactions already take in
other orders (an asset, then the fund; the fund, then ...). Instead `enqueue` adds a
`LogPending` row in the event's transaction (no lock), and `integrate` moves pending
events into the tree in its own short transaction that takes the log's lock and nothing
else. Every committed event is therefore either pending or in the log, and
`checkpoints.current()` integrates before it signs: a checkpoint covers every event
committed before it was made. `integrate` runs after each commit that enqueued events,
and again whenever the log is read.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from adaldyq.core.models import HistoryEvent
from adaldyq.tlog import entry as entries
from adaldyq.tlog import merkle
from adaldyq.tlog.tiles import TileWriter
from adaldyq.transparency import streams, tiles_db
from adaldyq.transparency.models import LogEntry, LogHead, LogPending

BATCH = 20_000


def enqueue(stream: str, rows: Sequence[HistoryEvent]) -> None:
    """Inside the caller's transaction: mark new events of a logged stream for the log."""
    if not rows or stream not in streams.logged():
        return
    LogPending.objects.bulk_create([LogPending(event_id=row.pk) for row in rows], batch_size=2000)
    connection = transaction.get_connection()
    if not any(getattr(item[1], "__name__", "") == "_integrate_after_commit" for item in connection.run_on_commit):
        transaction.on_commit(_integrate_after_commit, robust=True)


def _integrate_after_commit() -> None:
    integrate()


def locked_head() -> LogHead:
    LogHead.objects.get_or_create(pk=1)
    return LogHead.objects.select_for_update().get(pk=1)


def integrate(batch: int = BATCH) -> int:
    """Append every pending event to the log, oldest first; how many were appended."""
    total = 0
    while LogPending.objects.exists():
        with transaction.atomic():
            head = locked_head()
            events = list(HistoryEvent.objects.filter(log_pending__isnull=False).order_by("id")[:batch])
            if not events:
                break
            _append(head, events)
        total += len(events)
    return total


def _append(head: LogHead, events: list[HistoryEvent]) -> None:
    rows, leaves = [], []
    for offset, event in enumerate(events):
        public, personal = streams.policy(event.stream).split(event)
        salt = entries.new_salt() if personal is not None else None
        committed = entries.commitment(salt, personal) if salt is not None else None
        entry = entries.leaf_entry(public, committed)
        rows.append(LogEntry(index=head.size + offset, event_id=event.pk, entry=entry.decode(), salt=salt,
                             personal=entries.canonical(personal).decode() if personal is not None else ""))
        leaves.append(merkle.leaf_hash(entry))
    partial = tiles_db.read(set(TileWriter.partial_keys(head.size)))
    writer = TileWriter(head.size, {level: data for (level, _), data in partial.items()})
    changed = writer.append(leaves)
    LogEntry.objects.bulk_create(rows, batch_size=2000)
    tiles_db.write(changed, existing=set(partial))
    ids = [e.pk for e in events]
    for start in range(0, len(ids), 2000):
        LogPending.objects.filter(pk__in=ids[start:start + 2000]).delete()
    head.size = writer.size
    head.save(update_fields=["size"])
