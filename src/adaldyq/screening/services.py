"""Screening services: load lists, screen names (and log it), purge screened names.

Each function that writes opens its own transaction; commands, views and the API
call these and turn `ScreeningError`s into one clear message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from adaldyq.screening import enumeration, indexes, lists
from adaldyq.screening.engine import ListIndex, Result, check_threshold
from adaldyq.screening.exceptions import ListExists, ScreeningError
from adaldyq.screening.models import ListEntry, ScreenedName, Screening, ScreeningList
from adaldyq.screening.queries import Query

LIST_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# The one channel where IINs and birth dates count: an agency officer, audited.
STAFF_CHANNEL = "staff"


@dataclass(frozen=True)
class LoadOutcome:
    status: str  # created, replaced, unchanged
    list: ScreeningList
    skipped: int = 0

    def summary(self) -> str:
        extra = f"; {self.skipped} entit(ies) of other schemas skipped" if self.skipped else ""
        return f"list {self.list.name}: {self.status}, {self.list.entry_count} entries ({self.list.kind}){extra}"


def check_list_name(name: str) -> None:
    if name == indexes.REGISTER:
        raise ScreeningError("'register' is the live register itself; choose another name for a loaded list.")
    if not LIST_NAME.match(name):
        raise ScreeningError(f"List name {name!r}: use lower-case letters, digits, '-' and '_' (up to 60).")


def store_list(name: str, report: lists.ReadReport, source: str, *, replace: bool = False,
               by: str = "") -> LoadOutcome:
    """Create or replace a list with checked entries, in one transaction.

    Loading entries equal to the stored ones changes nothing (not even `loaded_at`),
    so re-running a load is harmless.
    """
    check_list_name(name)
    try:
        return _store(name, report, source, replace=replace, by=by)
    except IntegrityError:
        # Another load created the same name meanwhile; now that its row exists (and
        # is locked while it is written), the second try sees it like any re-load.
        return _store(name, report, source, replace=replace, by=by)


def _store(name: str, report: lists.ReadReport, source: str, *, replace: bool, by: str) -> LoadOutcome:
    print_ = lists.fingerprint(report.entries)
    with transaction.atomic():
        row = ScreeningList.objects.select_for_update().filter(name=name).first()
        if row is not None and row.fingerprint == print_:
            return LoadOutcome("unchanged", row, report.skipped)
        if row is not None and not replace:
            raise ListExists(f"List {name!r} already exists with other entries; add --replace to replace it.")
        status = "replaced" if row is not None else "created"
        if row is None:
            row = ScreeningList(name=name)
        row.kind, row.source, row.fingerprint = report.kind, source[:300], print_
        row.loaded_at, row.loaded_by, row.entry_count = timezone.now(), by[:150], len(report.entries)
        row.save()
        ListEntry.objects.filter(screening_list=row).delete()
        ListEntry.objects.bulk_create(
            (ListEntry(screening_list=row, entry_id=e.entry_id, schema=e.schema, name=e.name, aliases=list(e.aliases),
                       birth_date=e.birth_date, id_number=e.id_number, countries=list(e.countries), raw=e.raw)
             for e in report.entries),
            batch_size=2000,
        )
    return LoadOutcome(status, row, report.skipped)


def load_list(name: str, path: Path, *, replace: bool = False, by: str = "") -> LoadOutcome:
    """Load a CSV or FollowTheMoney JSON-lines file as list `name` (checked whole first)."""
    check_list_name(name)
    return store_list(name, lists.read_file(path), path.name, replace=replace, by=by)


def load_list_from_entities(name: str, entities: Iterable[dict[str, Any]], source: str, *,
                            replace: bool = False, by: str = "") -> LoadOutcome:
    """Load FollowTheMoney entities (for example an imported cooperation package) as a list."""
    check_list_name(name)
    return store_list(name, lists.from_entities(entities, source), source, replace=replace, by=by)


@dataclass(frozen=True)
class Outcome:
    screening: Screening
    results: list[Result]
    lists: list[str]


class _PerList:
    """Reports queries done over all lists, as numbers of queries (each counts once
    all lists have screened it, on average)."""

    def __init__(self, report: Callable[[int], object], lists: int) -> None:
        self.report, self.lists, self.done, self.reported = report, max(lists, 1), 0, 0

    def __call__(self, count: int) -> None:
        self.done += count
        now = self.done // self.lists
        if now > self.reported:
            self.report(now - self.reported)
            self.reported = now


def screen(queries: list[Query], list_names: list[str], threshold: float | None = None, *, channel: str,
           who: str, user_id: int | None = None, token_id: int | None = None, include_review: bool = True,
           allow_files: bool = False, workers: int = 1,
           progress: Callable[[int], object] | None = None,
           log_with: Callable[[Screening, list[Result]], object] | None = None) -> Outcome:
    """Screen queries against lists, and log the screening (the names until purged).

    Raises UnknownList (naming each unknown list) or ValueError (threshold) before
    anything is screened or logged. `log_with` records more about the screening in
    the same transaction as its log (the API's call log: one commit, not two).
    """
    threshold = check_threshold(threshold)
    chosen = indexes.resolve(list_names, allow_files=allow_files)
    results = match(queries, chosen, threshold, include_review=include_review, workers=workers,
                    private_facts=channel == STAFF_CHANNEL, progress=progress)
    match_count = sum(1 for r in results if r.band == "match")
    with transaction.atomic():
        row = Screening.objects.create(
            at=timezone.now(), channel=channel, who=who[:150], user_id=user_id, token_id=token_id,
            lists=[i.name for i in chosen], threshold=threshold, query_count=len(queries),
            match_count=match_count, review_count=len(results) - match_count,
        )
        ScreenedName.objects.bulk_create(
            (ScreenedName(screening=row, query_id=q.id, name=q.name, birth_date=q.birth_date, id_number=q.iin,
                          name_key=enumeration.name_key(q.name) if enumeration.carries_attribute(q) else "")
             for q in queries),
            batch_size=2000,
        )
        if log_with is not None:
            log_with(row, results)
    return Outcome(row, results, [i.name for i in chosen])


def match(queries: list[Query], chosen: list[ListIndex], threshold: float, *, include_review: bool = True,
          workers: int = 1, private_facts: bool = False,
          progress: Callable[[int], object] | None = None) -> list[Result]:
    """Results of queries against indexes, in query order; nothing is logged.

    `private_facts` (IINs and birth dates) is for the staff interface only, where an
    agency officer sees them and the screening is audited; through the API, files and
    partners a result never depends on them (no oracle, docs/screening-matching.md).
    """
    results: list[Result] = []
    # Each list screens every query in one go: its workers are forked once, not per chunk.
    per_list = _PerList(progress, len(chosen)) if progress is not None else None
    for index in chosen:
        results.extend(index.screen(queries, threshold, include_review=include_review, workers=workers,
                                    private_facts=private_facts, progress=per_list))
    order = {q.id: n for n, q in enumerate(queries)}
    results.sort(key=lambda r: (order[r.query_id], -r.score))
    return results


def match_public_register(names: list[str], *, limit: int = 10) -> list[list[Result]]:
    """For each name, the public register entries it matches or may match (best first, at
    most `limit`), by name alone: the partner API's screening. Nothing is logged here."""
    asked = [Query(str(n), " ".join(name.split())) for n, name in enumerate(names)]
    results = match([q for q in asked if q.name], [indexes.register_index()], check_threshold(None))
    by_query: dict[str, list[Result]] = {q.id: [] for q in asked}
    for r in results:
        if len(by_query[r.query_id]) < limit:
            by_query[r.query_id].append(r)
    return [by_query[q.id] for q in asked]


def purge(now: dt.datetime | None = None, days: int | None = None) -> tuple[int, int]:
    """Delete screened names older than the retention period; the log rows stay.

    Returns (screenings affected, names deleted).
    """
    now = now or timezone.now()
    days = settings.ADALDYQ_SCREENING_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = ScreenedName.objects.filter(screening__at__lt=cutoff).delete()
        affected = Screening.objects.filter(at__lt=cutoff, names_purged_at__isnull=True).update(names_purged_at=now)
    return affected, deleted
