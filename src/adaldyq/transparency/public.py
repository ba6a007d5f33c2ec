"""What other apps may call of the transparency log: its seam (the import contract in
pyproject.toml). `log_refs` (the log indexes of one subject's events, for its public
page), `stream_leaves` (a stream's events in log order, for public change feeds) and
`recorded_at` (the timestamp as leaves show it, for a stream's policy module).

`core.history.append` does not call in: it sends `history.appended`, which this app
connects to `sequencer.enqueue` when it is ready (`apps.py`), so core stays below the apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from adaldyq.core.models import HistoryEvent
from adaldyq.transparency import sequencer
from adaldyq.transparency.models import LogEntry
from adaldyq.transparency.streams import recorded_at

__all__ = ["log_refs", "recorded_at", "stream_leaves"]


def log_refs(subject_type: str, subject_id: object) -> list[dict[str, Any]]:
    """Each logged event of a subject: its leaf index and where to check it."""
    sequencer.integrate()
    rows = (LogEntry.objects.filter(event__subject_type=subject_type, event__subject_id=str(subject_id))
            .order_by("index").values_list("index", "event__action", "event__recorded_at", "salt"))
    return [
        {
            "index": index,
            "event": action,
            "recorded_at": recorded.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "entry_url": f"/api/v1/log/entries/{index}",
            "proof_url": f"/api/v1/log/proof/inclusion?index={index}",
            "personal_url": f"/api/v1/log/personal/{index}" if salt is not None else None,
        }
        for index, action, recorded, salt in rows
    ]


def stream_leaves(stream: str, *, start: int = 0, on_or_after: dt.date | None = None,
                  limit: int = 500) -> list[tuple[int, HistoryEvent]]:
    """(leaf index, event) of a stream's events from leaf `start` on, in log order."""
    sequencer.integrate()
    rows = LogEntry.objects.filter(event__stream=stream, index__gte=start).select_related("event").order_by("index")
    if on_or_after is not None:
        rows = rows.filter(event__recorded_at__date__gte=on_or_after)
    return [(row.index, row.event) for row in rows[:limit]]
