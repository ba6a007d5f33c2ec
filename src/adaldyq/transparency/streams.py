"""Which streams the log covers, and what of each event is public or personal.

Each stream in `settings.ADALDYQ_LOG_STREAMS` names a module with two functions:

- `split(event) -> (public, personal)`: the fields every reader may see forever (they
  go into the leaf as they are) and the personal part (names, case numbers, anything
  that identifies a person), which goes behind a salted commitment, or None.
- `shown(subject_ids) -> set`: the subjects whose personal parts may be served today.

This module is the policy of streams whose public fields name nobody (fund, assets,
recommendations): everything the event marks public goes into the leaf.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Collection
from types import ModuleType
from typing import Any

from adaldyq.core.models import HistoryEvent
from adaldyq.transparency import settings as log_settings


def recorded_at(event: HistoryEvent) -> str:
    return event.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def split(event: HistoryEvent) -> tuple[dict[str, Any], dict[str, Any] | None]:
    return {
        "stream": event.stream,
        "seq": event.seq,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "action": event.action,
        "occurred_on": event.occurred_on.isoformat() if event.occurred_on else None,
        "recorded_at": recorded_at(event),
        "ground": event.ground,
        "document": event.document,
        "source": event.source,
        "public": event.public,
    }, None


def shown(subject_ids: Collection[str]) -> set[str]:
    return set(subject_ids)


def logged() -> set[str]:
    return set(log_settings.streams())


def policy(stream: str) -> ModuleType:
    return importlib.import_module(log_settings.streams()[stream])
