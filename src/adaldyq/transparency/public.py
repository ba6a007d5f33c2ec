"""What the other parts of Adaldyq call: `enqueue` (from `core.history.append`) and
`log_refs` (the log indexes of one subject's events, for its public page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from adaldyq.transparency import sequencer
from adaldyq.transparency.models import LogEntry
from adaldyq.transparency.sequencer import enqueue

__all__ = ["enqueue", "log_refs"]


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
