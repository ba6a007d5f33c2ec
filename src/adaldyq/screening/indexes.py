"""The lists screening reads, as `engine.ListIndex`es built once per process.

* ``register``: built from the entries public today (`register.public.matching_entries`),
  never from a copy. The index is cached under the register's history sequence
  number and today's date, so a change to the register (every change appends a
  history event) or an entry leaving on its expungement date is seen by the next
  screening, while screenings in between reuse the index.
* Loaded lists: cached under the list's id and `loaded_at`; re-loading a list
  replaces it.
* A file path (command line only): read and checked, used once, not stored.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils import timezone

from adaldyq.core.models import ChainHead
from adaldyq.register import public as register
from adaldyq.screening import lists
from adaldyq.screening.engine import IndexedEntry, ListIndex
from adaldyq.screening.exceptions import UnknownList
from adaldyq.screening.matching.bulk import collector_paused
from adaldyq.screening.models import ListEntry, ScreeningList
from adaldyq.screening.queries import PERSON

REGISTER = "register"
_lock = threading.Lock()
_cache: dict[str, tuple[object, ListIndex]] = {}


def _cached(name: str, version: object) -> ListIndex | None:
    found = _cache.get(name)
    if found is not None and found[0] == version:
        return found[1]
    return None


def _build(name: str, entries: Iterable[IndexedEntry]) -> ListIndex:
    with collector_paused():  # millions of objects, none of them garbage
        return ListIndex(name, entries)


def register_version() -> tuple[int, str]:
    seq = ChainHead.objects.filter(stream=REGISTER).values_list("seq", flat=True).first() or 0
    return seq, timezone.localdate().isoformat()


def _register_entries() -> Iterator[IndexedEntry]:
    for conviction in register.matching_entries().iterator(chunk_size=2000):
        person = conviction.person
        spellings = tuple(dict.fromkeys(
            n for n in (person.full_name, person.name_kk, person.name_ru, person.name_latin) if n.strip()))
        yield IndexedEntry(str(conviction.pk), PERSON, person.full_name, spellings, birth_date=person.birth_date,
                           id_number=person.iin or "", url=f"/en/register/{conviction.pk}/")


def register_index() -> ListIndex:
    version = register_version()
    with _lock:
        index = _cached(REGISTER, version)
        if index is None:
            index = _build(REGISTER, _register_entries())
            _cache[REGISTER] = (version, index)
    return index


def _list_entries(row: ScreeningList) -> Iterator[IndexedEntry]:
    fields = ("entry_id", "schema", "name", "aliases", "birth_date", "id_number")
    for entry_id, schema, name, aliases, birth_date, id_number in (
        ListEntry.objects.filter(screening_list=row).order_by("pk").values_list(*fields).iterator(chunk_size=5000)
    ):
        yield IndexedEntry(entry_id, schema, name, (name, *aliases), birth_date=birth_date, id_number=id_number)


def list_index(row: ScreeningList) -> ListIndex:
    version = (row.pk, row.loaded_at)
    with _lock:
        index = _cached(row.name, version)
        if index is None:
            index = _build(row.name, _list_entries(row))
            _cache[row.name] = (version, index)
    return index


def file_index(path: Path) -> ListIndex:
    report = lists.read_file(path)
    return _build(f"file:{path.name}", (
        IndexedEntry(e.entry_id, e.schema, e.name, (e.name, *e.aliases), birth_date=e.birth_date,
                     id_number=e.id_number)
        for e in report.entries
    ))


def available() -> list[str]:
    return [REGISTER, *ScreeningList.objects.order_by("name").values_list("name", flat=True)]


def resolve(names: list[str], *, allow_files: bool = False) -> list[ListIndex]:
    """Indexes for list names (and, for the command line, file paths). Unknown names
    raise UnknownList naming every one, before anything is screened."""
    wanted = list(dict.fromkeys(names)) or [REGISTER]
    others = [n for n in wanted if n != REGISTER]
    rows = {r.name: r for r in ScreeningList.objects.filter(name__in=others)} if others else {}
    unknown = [n for n in wanted if n != REGISTER and n not in rows and not (allow_files and Path(n).is_file())]
    if unknown:
        raise UnknownList(unknown)
    indexes = []
    for name in wanted:
        if name == REGISTER:
            indexes.append(register_index())
        elif name in rows:
            indexes.append(list_index(rows[name]))
        else:
            indexes.append(file_index(Path(name)))
    return indexes


def forget() -> None:
    """Drop every cached index (tests; a process that wants its memory back)."""
    with _lock:
        _cache.clear()
