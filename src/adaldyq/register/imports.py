"""Feed imports (convictions and events) and the daily expiry job.

Each public function validates first, then applies in one transaction and appends
to the `register` history chain, stamped with the source file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from adaldyq import names
from adaldyq.core import history, imports, languages
from adaldyq.core.history import NewEvent
from adaldyq.core.imports import RowError
from adaldyq.register import feed, rules, search_index, search_keys
from adaldyq.register.catalogue import Catalogue
from adaldyq.register.models import Conviction, NameKey, NameKeyVariant, Person
from adaldyq.register.publication import (
    BATCH,
    STREAM,
    SUBJECT,
    apply_window,
    article_facts_by_id,
    current_policy,
    facts_of,
    window_public,
)


@dataclass(kw_only=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged ({verb} applied)"


BULK_ROWS = 10_000  # an import creating more is a bulk load: fresh statistics, and VACUUM on PostgreSQL

def validate_records(path: Path, progress: Callable[[int], None] | None = None) -> list[feed.FeedRecord]:
    """Every conviction of the file, parsed over one snapshot of the catalogue; `ImportRejected`
    lists every problem (row, column, reason) when there is any."""
    catalogue = Catalogue.from_db()
    with imports.open_table(path) as table:
        errors = imports.header_errors(table.header, required=feed.REQUIRED)
        imports.reject_if_any(table.source, errors)
        records = imports.parse_rows(table.rows, lambda cells: feed.parse_record(cells, catalogue), errors=errors,
                                     unique="record_id", progress=progress)
    imports.reject_if_any(table.source, errors + table.errors)
    return records


def import_records(path: Path, *, dry_run: bool = False, progress: Callable[[int], None] | None = None) -> ImportReport:
    records = validate_records(path, progress)
    report = ImportReport(dry_run=dry_run)
    return imports.apply_all_or_nothing(lambda: apply_records(records, _source(path), report), dry_run=dry_run)


def _source(path: Path) -> str:
    return f"feed:{path.name}"[:200]  # the width of the history's and the conviction's `source`


def _person_keys(record: feed.FeedRecord) -> set[tuple[str, str]]:
    return search_keys.person_search_keys(surname=record.surname, given_name=record.given_name,
                                          patronymic=record.patronymic,
                                          spellings=(record.name_kk, record.name_ru, record.name_latin))


def _person_identity(record: feed.FeedRecord) -> str:
    if record.iin:
        return f"iin:{record.iin}"
    return f"name:{names.normalize(record.surname + ' ' + record.given_name + ' ' + record.patronymic)}|{record.birth_date}"


def apply_records(records: Sequence[feed.FeedRecord], source: str, report: ImportReport,
                  trace: dict[str, Any] | None = None) -> ImportReport:
    """Create or update convictions; `trace` adds maker/checker ids and a ground to each event."""
    trace = trace or {}
    extra = {k: trace[k] for k in ("actor_id", "approver_id") if k in trace}
    private_extra = trace.get("private", {})
    policy, articles = current_policy(), article_facts_by_id()
    existing = {c.record_id: c for c in Conviction.objects.filter(record_id__in=[r.record_id for r in records])} if len(records) < 5000 else {
        c.record_id: c for c in Conviction.objects.all().iterator(chunk_size=BATCH)
    }
    persons_by_iin = dict(Person.objects.exclude(iin=None).values_list("iin", "pk"))
    new_people: dict[str, Person] = {}
    new_people_keys: dict[str, set[tuple[str, str]]] = {}
    creations: list[tuple[feed.FeedRecord, str]] = []
    updates: list[tuple[feed.FeedRecord, Conviction]] = []
    for record in records:
        current = existing.get(record.record_id)
        if current is None:
            identity = _person_identity(record)
            if not (record.iin and record.iin in persons_by_iin) and identity not in new_people:
                new_people[identity] = _new_person(record)
                new_people_keys[identity] = _person_keys(record)
            creations.append((record, identity))
        elif current.fingerprint != record.fingerprint():
            updates.append((record, current))
        else:
            report.unchanged += 1
    Person.objects.bulk_create(list(new_people.values()), batch_size=BATCH)
    search_index.index_people((new_people[i].pk, keys) for i, keys in new_people_keys.items())
    convictions: list[Conviction] = []
    for record, identity in creations:
        person_id = persons_by_iin.get(record.iin) if record.iin else None
        conviction = Conviction(record_id=record.record_id, person_id=person_id or new_people[identity].pk, source=source)
        _fill(conviction, record)
        apply_window(conviction, rules.publication_window(facts_of(conviction, record.article_ids, articles), policy))
        convictions.append(conviction)
    Conviction.objects.bulk_create(convictions, batch_size=BATCH)
    _insert_pairs(Conviction.articles.through._meta.db_table, ("conviction_id", "article_id"),
                  [(c.pk, a) for c, (r, _) in zip(convictions, creations, strict=True) for a in set(r.article_ids)])
    events = [
        NewEvent(SUBJECT, str(c.pk), "recorded", occurred_on=r.verdict_date, ground=trace.get("ground", "verdict"),
                 document=trace.get("document", r.case_number), source=source, public=window_public(c),
                 private={"record_id": r.record_id, **private_extra}, **extra)
        for c, (r, _) in zip(convictions, creations, strict=True)
    ]
    report.created = len(convictions)
    report.changes.extend(f"create {r.record_id}" for r, _ in creations)
    events += _apply_updates(updates, source=source, trace=trace, policy=policy, articles=articles)
    report.changes.extend(f"update {record.record_id}" for record, _ in updates)
    report.updated = len(updates)
    history.append(STREAM, events)
    if len(convictions) > BULK_ROWS:
        _analyze()
        transaction.on_commit(_vacuum)
    return report


def _apply_updates(updates: Sequence[tuple[feed.FeedRecord, Conviction]], *, source: str, trace: dict[str, Any],
                   policy: rules.Policy, articles: dict[int, rules.ArticleFacts]) -> list[NewEvent]:
    """Correct changed convictions and their people; the `corrected` events to append."""
    extra = {k: trace[k] for k in ("actor_id", "approver_id") if k in trace}
    events = []
    for record, conviction in updates:
        _fill(conviction, record)
        apply_window(conviction, rules.publication_window(facts_of(conviction, record.article_ids, articles), policy))
        conviction.save()
        conviction.articles.set(set(record.article_ids))
        _update_person(conviction.person, record)
        events.append(NewEvent(SUBJECT, str(conviction.pk), "corrected", occurred_on=None,
                               ground=trace.get("ground", "feed correction"),
                               document=trace.get("document", record.case_number), source=source,
                               public=window_public(conviction),
                               private={"record_id": record.record_id, **trace.get("private", {})}, **extra))
    return events


def _analyze() -> None:
    """Fresh statistics after a bulk load, or the planner guesses (PostgreSQL until
    autovacuum runs; SQLite until someone runs ANALYZE)."""
    with connection.cursor() as cursor:
        for model in (Person, NameKey, NameKeyVariant, Conviction, Conviction.articles.through):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _vacuum() -> None:
    """PostgreSQL, after a bulk load commits: mark the new pages all-visible, so name
    searches read the name index alone (index-only scans) from the first request. An
    insert-only load may not wake autovacuum for a long time, and until then every
    search also reads the table. VACUUM cannot run inside a transaction, hence after the commit."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table)
                       for model in (Person, NameKey, NameKeyVariant, Conviction, Conviction.articles.through))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def _insert_pairs(table: str, columns: tuple[str, str], rows: list[tuple[Any, Any]]) -> None:
    """Plain executemany for two-column link tables: ORM bulk_create costs more than the
    database does at 100,000-row imports, and these rows have nothing to prepare."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(table)} ({quote(columns[0])}, {quote(columns[1])}) VALUES (%s, %s)"  # noqa: S608 - names from model metadata
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start:start + 10_000])


def _new_person(record: feed.FeedRecord) -> Person:
    return Person(
        surname=record.surname, given_name=record.given_name, patronymic=record.patronymic,
        iin=record.iin or None, birth_date=record.birth_date, name_kk=record.name_kk, name_ru=record.name_ru,
        name_latin=record.name_latin,
    )


def _update_person(person: Person, record: feed.FeedRecord) -> None:
    for attr in ("surname", "given_name", "patronymic", "birth_date", "name_kk", "name_ru", "name_latin"):
        setattr(person, attr, getattr(record, attr))
    person.iin = record.iin or person.iin
    person.save()
    search_index.replace_person_keys(person.pk, _person_keys(record))


def _fill(conviction: Conviction, record: feed.FeedRecord) -> None:
    for attr in ("court", "case_number", "verdict_date", "legal_effect_date", "gravity", "punishment",
                 "punishment_term_months", "lifetime_ban", "sentence_end_date", "region"):
        setattr(conviction, attr, getattr(record, attr))
    for name in feed.TEXT_FIELDS:
        for column, text in languages.as_columns(name, getattr(record, name)).items():
            setattr(conviction, column, text)
    conviction.article_codes = ";".join(record.article_codes)
    conviction.fingerprint = record.fingerprint()


def validate_events(path: Path) -> list[feed.FeedEvent]:
    with imports.open_table(path) as table:
        errors = imports.header_errors(table.header, required=feed.EVENT_REQUIRED)
        imports.reject_if_any(table.source, errors)
        events = imports.parse_rows(table.rows, feed.parse_event, errors=errors)
    known = set(Conviction.objects.filter(record_id__in={e.record_id for e in events}).values_list("record_id", flat=True))
    errors.extend(RowError(e.row, "record_id", f"unknown record '{e.record_id}'") for e in events if e.record_id not in known)
    imports.reject_if_any(table.source, errors + table.errors)
    return events


def import_events(path: Path, *, dry_run: bool = False) -> ImportReport:
    parsed = validate_events(path)
    report = ImportReport(dry_run=dry_run)
    return imports.apply_all_or_nothing(lambda: _apply_events(parsed, _source(path), report), dry_run=dry_run)


def _apply_events(parsed: Sequence[feed.FeedEvent], source: str, report: ImportReport) -> ImportReport:
    policy, articles = current_policy(), article_facts_by_id()
    by_record = {c.record_id: c for c in Conviction.objects.filter(record_id__in={e.record_id for e in parsed})}
    events: list[NewEvent] = []
    for item in parsed:
        conviction = by_record[item.record_id]
        if item.event == "legal_effect":
            if conviction.legal_effect_date == item.date:
                report.unchanged += 1
                continue
            conviction.legal_effect_date = item.date
        else:
            if (conviction.removals or {}).get(item.event) == item.date.isoformat():
                report.unchanged += 1
                continue
            conviction.removals = {**(conviction.removals or {}), item.event: item.date.isoformat()}
        ids = list(conviction.articles.values_list("pk", flat=True))
        apply_window(conviction, rules.publication_window(facts_of(conviction, ids, articles), policy))
        conviction.save()
        events.append(NewEvent(SUBJECT, str(conviction.pk), item.event, occurred_on=item.date, ground=item.event,
                               document=item.document, source=source, public=window_public(conviction),
                               private={"record_id": conviction.record_id}))
        report.updated += 1
        report.changes.append(f"{item.event} {item.record_id} on {item.date}")
    history.append(STREAM, events)
    return report


def record_expungements(today: dt.date | None = None) -> int:
    """Write an `expunged` event for entries whose expungement date has passed.

    The public register already hides them from that date (the stored window); this
    job leaves the trace in the history.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            Conviction.objects.select_for_update()
            .filter(public_end__lte=today, public_end_ground=rules.Removal.EXPUNGED.value)
            .exclude(removals__has_key=rules.Removal.EXPUNGED.value)
        )
        events = []
        for conviction in due:
            assert conviction.public_end is not None
            conviction.removals = {**(conviction.removals or {}), "expunged": conviction.public_end.isoformat()}
            conviction.save(update_fields=["removals"])
            events.append(NewEvent(SUBJECT, str(conviction.pk), "expunged", occurred_on=conviction.public_end,
                                   ground="expunged by time (Criminal Code art. 79)", source="scheduled",
                                   public=window_public(conviction), private={"record_id": conviction.record_id}))
        history.append(STREAM, events)
    return len(due)


