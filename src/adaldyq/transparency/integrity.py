"""`adaldyq log check`: the agency's own audit of its log against its history.

Recomputes every leaf from its stored entry, checks the hash tiles and the latest
checkpoint's root against them, reopens every commitment, checks that each leaf still
says what the event it came from says, and that every event of a logged stream is in
the log or waiting for it. A rewrite of either the history or the log shows here.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from adaldyq.core.models import HistoryEvent
from adaldyq.tlog import entry as entries
from adaldyq.tlog import merkle
from adaldyq.tlog.tiles import TILE_WIDTH
from adaldyq.transparency import checkpoints, sequencer, streams, tiles_db
from adaldyq.transparency.models import LogEntry, LogHead


@dataclass
class Report:
    leaves: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_leaf(row: LogEntry, event: HistoryEvent, report: Report) -> None:
    public, personal = streams.policy(event.stream).split(event)
    committed = None
    if row.salt is not None:
        committed = entries.commitment(bytes(row.salt), personal)
        if entries.canonical(personal).decode() != row.personal:
            report.problems.append(f"leaf {row.index}: the stored personal part differs from event {event.pk}")
    if entries.leaf_entry(public, committed).decode() != row.entry:
        report.problems.append(f"leaf {row.index}: does not match history event {event.pk} any more")


def check(limit_problems: int = 50) -> Report:
    sequencer.integrate()
    report = Report()
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    builder = merkle.RootBuilder()
    level0: list[bytes] = []
    rows = LogEntry.objects.select_related("event").order_by("index").iterator(chunk_size=2000)
    for row in rows:
        if row.index != report.leaves:
            report.problems.append(f"leaf {report.leaves} is missing")
            break
        leaf = merkle.leaf_hash(row.entry.encode())
        builder.add(leaf)
        level0.append(leaf)
        if len(level0) == TILE_WIDTH or report.leaves + 1 == size:
            stored = tiles_db.hash_tile(0, report.leaves // TILE_WIDTH, len(level0))
            if stored != b"".join(level0):
                report.problems.append(f"hash tile 0/{report.leaves // TILE_WIDTH} does not match the entries")
            level0 = []
        _check_leaf(row, row.event, report)
        report.leaves += 1
        if len(report.problems) >= limit_problems:
            return report
    if report.leaves != size:
        report.problems.append(f"the log head says {size} leaves, {report.leaves} are stored")
    if size and tiles_db.root(size) != builder.root():
        report.problems.append("the hash tiles' root differs from the entries' root")
    latest = checkpoints.latest()
    if latest is not None and (latest.size > size or
                               (latest.size == size and base64.b64decode(latest.root) != builder.root())):
        report.problems.append(f"the latest checkpoint (size {latest.size}) does not match the log")
    logged = HistoryEvent.objects.filter(stream__in=streams.logged())
    missing = logged.filter(log_entry__isnull=True, log_pending__isnull=True).count()
    if missing:
        report.problems.append(f"{missing} events of logged streams are neither in the log nor pending")
    return report
