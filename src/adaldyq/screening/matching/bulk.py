"""Screening engine: an index over a list of persons, and bulk screening of many queries.

The index parses every entry once and keeps an inverted index from block keys
(``blocking``) to entries, plus one from IIN to entries, because an equal IIN
decides a match whatever the names say.  A query is scored only against the
entries that share a key with it; scores are computed without explanations, and
only reported hits are re-scored with them.

``screen_bulk`` splits the queries into chunks over worker processes, this one
included.  The others are forked once per call, after the index is built, so they
share its pages (copy-on-write) instead of rebuilding or unpickling it; the cyclic
garbage collector is frozen before the fork, because its bookkeeping would
otherwise write to, and so copy, every page of the index in every worker.  Reference
counts still copy the pages a worker reads, so each extra process costs up to one
more copy of the index: hence this process screens too.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass
from datetime import date
from multiprocessing.pool import AsyncResult

from adaldyq.names.iin import clean_number, validate_iin
from adaldyq.screening.matching.blocking import (
    full_word_count,
    index_keys,
    lookup_groups,
    required_pairs,
)
from adaldyq.screening.matching.evidence import PersonFacts
from adaldyq.screening.matching.explanation import MatchResult
from adaldyq.screening.matching.person import hopeless, score_parsed
from adaldyq.screening.matching.roles import PersonName, person_name
from adaldyq.screening.matching.thresholds import DEFAULT_THRESHOLDS, Thresholds


@dataclass(frozen=True, slots=True)
class Person:
    """A person on a list or in a query."""

    id: str
    name: str
    iin: str | None = None
    birth_date: date | None = None
    _: KW_ONLY
    sex: str | None = None

    def facts(self) -> PersonFacts:
        return PersonFacts(self.iin, self.birth_date, self.sex)


@dataclass(frozen=True, slots=True)
class Hit:
    """A query matched to a list entry at or above the review threshold."""

    query_id: str
    entry_id: str
    score: float
    band: str
    _: KW_ONLY
    result: MatchResult | None = None  # the explanation, when asked for


class ScreeningIndex:
    """Entries of one list, indexed for candidate retrieval."""

    def __init__(self, entries: Iterable[Person], thresholds: Thresholds = DEFAULT_THRESHOLDS):
        self.thresholds = thresholds
        self._entries: list[Person] = []
        self._names: list[PersonName] = []
        self._facts: list[PersonFacts] = []
        no_facts = PersonFacts()
        postings: defaultdict[str, list[int]] = defaultdict(list)
        by_iin: dict[str, list[int]] = {}
        word_counts = array("b")
        self._has_initials = False
        sexes: list[str] = []
        has_facts: list[bool] = []
        for number, entry in enumerate(entries):
            name = person_name(entry.name)
            self._entries.append(entry)
            self._names.append(name)
            # One shared empty record for the many entries without identifiers.
            has_any = bool(entry.iin or entry.birth_date or entry.sex)
            self._facts.append(entry.facts() if has_any else no_facts)
            word_counts.append(full_word_count(name))
            self._has_initials = self._has_initials or any(t.initial for t in name.tokens)
            sexes.append(name.sex or "")
            has_facts.append(bool(entry.iin or entry.birth_date))
            for key in index_keys(name):
                postings[key].append(number)
            if entry.iin and validate_iin(entry.iin):
                by_iin.setdefault(clean_number(entry.iin), []).append(number)
        # Plain lists: converting a million posting lists to arrays would cost a
        # quarter of the build for a few tens of megabytes.
        self._postings: dict[str, list[int]] = postings  # looked up with .get only
        self._by_iin = by_iin
        self._sexes = sexes
        self._has_facts = has_facts
        self._short_entries: frozenset[int] = frozenset(
            n for n, words in enumerate(word_counts) if required_pairs(3, words) == 1
        )

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def key_count(self) -> int:
        return len(self._postings)

    def candidates(self, name: PersonName, iin: str | None = None) -> set[int]:
        """Positions of the entries worth scoring against a parsed query name."""
        found_by_group: list[set[int]] = []
        for group in lookup_groups(name, with_initial_entries=self._has_initials):
            found: set[int] = set()
            for key in group:
                posting = self._postings.get(key)
                if posting is not None:
                    found.update(posting)
            if found:
                found_by_group.append(found)
        selected: set[int] = set()
        if required_pairs(full_word_count(name), 3) == 1:
            for found in found_by_group:
                selected |= found
        else:
            # Entries of three or more words must agree on two pairs of words;
            # shorter entries on one.  Set operations keep this in C.
            for n, found in enumerate(found_by_group):
                selected |= found & self._short_entries
                for other in found_by_group[n + 1 :]:
                    selected |= found & other
        if iin and validate_iin(iin):
            selected.update(self._by_iin.get(clean_number(iin), ()))
        return selected

    def entry(self, position: int) -> Person:
        return self._entries[position]

    def parsed(self, position: int) -> PersonName:
        """The parsed name of an entry (the entity-level rules read every alias)."""
        return self._names[position]

    def search(self, query: Person, *, explain: bool = True, private_facts: bool = True) -> list[Hit]:
        """Entries matching one query at or above the review threshold, best first.

        With ``private_facts=False`` neither side's IIN, birth date or declared sex is
        read (not even to find candidates): the result is the same whatever facts the
        query carries, so it cannot be used to guess an entry's (the no-oracle rule).
        """
        name = person_name(query.name)
        facts = query.facts() if private_facts else _NO_FACTS
        hits: list[Hit] = []
        review = self.thresholds.review
        # Without dates or IINs, a sex conflict in the names keeps the score far
        # below the review band (x0.4), and so does a word that agrees with no
        # word of the other name: skip those candidates unscored.
        query_has_facts = private_facts and bool(query.iin or query.birth_date)
        skip_sex = None if query_has_facts else _other_sex(name.sex)
        for position in self.candidates(name, query.iin if private_facts else None):
            entry_facts = self._facts[position] if private_facts else _NO_FACTS
            if (
                not query_has_facts
                and not (private_facts and self._has_facts[position])
                and (self._sexes[position] == skip_sex or hopeless(name, self._names[position]))
            ):
                continue  # names alone decide, and they cannot reach the review band
            result = score_parsed(
                name,
                self._names[position],
                facts,
                entry_facts,
                thresholds=self.thresholds,
                explain=False,
            )
            if result.score < review:
                continue
            if explain:
                result = score_parsed(
                    name,
                    self._names[position],
                    facts,
                    entry_facts,
                    thresholds=self.thresholds,
                )
            hits.append(
                Hit(
                    query.id,
                    self._entries[position].id,
                    result.score,
                    result.band,
                    result=result if explain else None,
                )
            )
        hits.sort(key=lambda h: -h.score)
        return hits


_NO_FACTS = PersonFacts()


def _other_sex(sex: str | None) -> str | None:
    return {"M": "F", "F": "M"}.get(sex or "")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (and back on only if it was on).

    Building an index or reading a large file allocates millions of objects, none of
    them garbage; full collections would walk them all again and again (a quarter of
    the build time of a 100,000-entry index)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# The index a forked worker inherits from its parent (set just before forking).
_WORKER_INDEX: ScreeningIndex | None = None


def _screen_chunk(args: tuple[list[Person], bool, bool]) -> tuple[int, list[Hit]]:
    queries, explain, private_facts = args
    index = _WORKER_INDEX
    if index is None:  # pragma: no cover - only when not forked from screen_bulk
        raise RuntimeError("screening worker started without an index")
    hits: list[Hit] = []
    for query in queries:
        hits.extend(index.search(query, explain=explain, private_facts=private_facts))
    return len(queries), hits


def _chunks(queries: Iterable[Person], size: int) -> Iterator[list[Person]]:
    chunk: list[Person] = []
    for query in queries:
        chunk.append(query)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_bulk(
    index: ScreeningIndex,
    queries: Iterable[Person],
    *,
    workers: int = 2,
    chunk_size: int = 1000,
    explain: bool = False,
    private_facts: bool = True,
    progress: Callable[[int], object] | None = None,
) -> Iterator[Hit]:
    """Screen many queries against an index; yields hits as chunks finish.

    Queries are consumed lazily in chunks, so a large file can be streamed.  With
    ``workers=1`` (or where fork is unavailable) everything runs in this process.
    ``private_facts`` as in ``ScreeningIndex.search``. Hits of one query come together,
    best first; chunks may finish in any order. ``progress`` is called with the number of
    queries of each finished chunk.
    """
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in _chunks(queries, chunk_size):
            for query in chunk:
                yield from index.search(query, explain=explain, private_facts=private_facts)
            if progress is not None:
                progress(len(chunk))
        return
    yield from _screen_forked(index, queries, workers=workers, chunk_size=chunk_size, explain=explain,
                              private_facts=private_facts, progress=progress)


def _screen_forked(
    index: ScreeningIndex,
    queries: Iterable[Person],
    *,
    workers: int,
    chunk_size: int,
    explain: bool,
    private_facts: bool,
    progress: Callable[[int], object] | None,
) -> Iterator[Hit]:
    """This process is one of the ``workers``: it screens a chunk whenever the forked
    ones have enough queued, so ``workers`` processes hold the index, not one more."""
    global _WORKER_INDEX
    _WORKER_INDEX = index
    # Everything allocated so far (the index above all) moves to the permanent
    # generation: no collection in a worker walks it, so its pages stay shared.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers - 1, initializer=gc.enable) as pool:  # on, if the parent paused it
            queued: deque[AsyncResult[tuple[int, list[Hit]]]] = deque()
            for chunk in _chunks(queries, chunk_size):
                if len(queued) < 2 * (workers - 1):  # two chunks each: a worker never waits for the next
                    queued.append(pool.apply_async(_screen_chunk, ((chunk, explain, private_facts),)))
                    continue
                for query in chunk:
                    yield from index.search(query, explain=explain, private_facts=private_facts)
                if progress is not None:
                    progress(len(chunk))
                while queued and queued[0].ready():
                    yield from _finished(queued.popleft(), progress)
            while queued:
                yield from _finished(queued.popleft(), progress)
    finally:
        _WORKER_INDEX = None
        gc.unfreeze()


def _finished(task: AsyncResult[tuple[int, list[Hit]]], progress: Callable[[int], object] | None) -> list[Hit]:
    done, hits = task.get()
    if progress is not None:
        progress(done)
    return hits
