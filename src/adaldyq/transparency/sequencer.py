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
from typing import Any

from django.db import connection, models, transaction

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
    _insert(LogPending, ["event_id"], [(row.pk,) for row in rows])
    queued = transaction.get_connection().run_on_commit
    if not any(getattr(item[1], "__name__", "") == "_integrate_after_commit" for item in queued):
        transaction.on_commit(_integrate_after_commit, robust=True)


def on_appended(*, stream: str, rows: Sequence[HistoryEvent], **_: Any) -> None:
    """The receiver of `core.history.appended`: enqueue in the appending transaction."""
    enqueue(stream, rows)


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain executemany: the ORM's bulk_create costs more than the database does here,
    and these rows have nothing to prepare (bytes, text and integers)."""
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start:start + 5000])


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
    rows: list[tuple[Any, ...]] = []
    leaves = []
    for offset, event in enumerate(events):
        public, personal = streams.policy(event.stream).split(event)
        salt = entries.new_salt() if personal is not None else None
        committed = entries.commitment(salt, personal) if salt is not None else None
        entry = entries.leaf_entry(public, committed)
        rows.append((head.size + offset, event.pk, entry.decode(), salt,
                     entries.canonical(personal).decode() if personal is not None else ""))
        leaves.append(merkle.leaf_hash(entry))
    partial = tiles_db.read(tiles_db.partial_needs(head.size), cached=False)
    writer = TileWriter(head.size, {level: data for (level, _), data in partial.items()})
    changed = writer.append(leaves)
    _insert(LogEntry, ["index", "event_id", "entry", "salt", "personal"], rows)
    tiles_db.write(changed, existing=set(partial))
    ids = [e.pk for e in events]
    for start in range(0, len(ids), 2000):
        LogPending.objects.filter(pk__in=ids[start:start + 2000]).delete()
    head.size = writer.size
    head.save(update_fields=["size"])
