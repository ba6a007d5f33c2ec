"""What the transparency log shows of a register event (see adaldyq.transparency.streams).

Every register event is about one person's conviction, so everything that could point
to the entry (its id, the dates, the case number in `document`, the free-text ground,
the feed's file name, the listing window) is the personal part: committed to in the
leaf, served only while the entry is on the public register, withdrawn (410) once it
leaves, and never served for an entry that was never public. The leaf itself says only
that a register event of some kind was recorded at some time.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils import timezone

from adaldyq.core.models import HistoryEvent
from adaldyq.register.models import Conviction
from adaldyq.transparency.public import recorded_at


def split(event: HistoryEvent) -> tuple[dict[str, Any], dict[str, Any] | None]:
    public = {"stream": event.stream, "seq": event.seq, "subject_type": event.subject_type,
              "action": event.action, "recorded_at": recorded_at(event)}
    personal = {
        "entry_id": int(event.subject_id),
        "occurred_on": event.occurred_on.isoformat() if event.occurred_on else None,
        "ground": event.ground,
        "document": event.document,
        "source": event.source,
        "public": event.public,
    }
    return public, personal


def shown(subject_ids: Collection[str]) -> set[str]:
    """The entries among these that are on the public register today."""
    ids = [int(i) for i in subject_ids if str(i).isdigit()]
    public = Conviction.objects.public_on(timezone.localdate()).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk) for pk in public}
