"""Screening one list: an index over its entries (persons and companies), and results
that a reviewer can read. Pure Python, no Django: `indexes.py` builds these from the
database and caches them per process.

Persons go through the matching library's `ScreeningIndex` (blocking + person
scorer). The library has no company index, so `CompanyIndex` here is a small
adapter: candidates share a distinctive word (legal forms dropped) or the BIN, and
are scored with `score_company`.

Entries may have several names (the register's Kazakh, Russian and Latin spellings,
a list's aliases): each name is indexed, and a query's best score per entry counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from adaldyq.names import name_keys
from adaldyq.screening.matching import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    Feature,
    MatchResult,
    Thresholds,
)
from adaldyq.screening.matching.bulk import Person, ScreeningIndex, screen_bulk
from adaldyq.screening.matching.company import company_name, score_company
from adaldyq.screening.matching.entity import apply_entity
from adaldyq.screening.matching.explanation import explanation_text
from adaldyq.screening.matching.roles import PersonName, person_name
from adaldyq.screening.queries import COMPANY, Query

# Features whose details show an identifier or a birth date: the explanation keeps
# what they did to the score, never the values (a list's IIN, BIN and birth dates
# are internal; the query's are the asker's and are not echoed either).
_PRIVATE_FEATURES = {"iin", "bin", "birth_date"}
# A company word held by more entries than this is not used alone to find candidates.
COMMON_COMPANY_WORD = 2000


def thresholds_for(threshold: float) -> Thresholds:
    """Bands for a chosen match threshold; the review band always starts at REVIEW_THRESHOLD."""
    return Thresholds(match=threshold, review=REVIEW_THRESHOLD)


def check_threshold(value: float | None) -> float:
    if value is None:
        return MATCH_THRESHOLD
    if not REVIEW_THRESHOLD <= value <= 1.0:
        raise ValueError(
            f"threshold must be between {REVIEW_THRESHOLD} (the review band) and 1.0, not {value}"
        )
    return float(value)


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    """What an index knows of one entry. `names` are every spelling to match."""

    entry_id: str
    schema: str
    name: str
    names: tuple[str, ...]
    _: KW_ONLY
    birth_date: dt.date | None = None
    id_number: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    query_id: str
    list: str
    match_id: str
    match_name: str
    matched_name: str
    url: str
    score: float
    band: str
    features: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def explanation(self) -> str:
        return explanation_text(self.features)


def _private_detail(feature: Feature) -> str:
    if feature.name == "birth_date":
        return {1.0: "same date", 0.5: "same year, another day"}.get(feature.value or 0.0, "another year")
    return ""


def public_features(result: MatchResult) -> tuple[dict[str, Any], ...]:
    out = []
    for feature in result.features:
        item = feature.as_dict()
        if feature.name in _PRIVATE_FEATURES:
            item["detail"] = _private_detail(feature)
        elif "(from IIN)" in item["detail"]:
            item["detail"] = item["detail"].replace(" (from IIN)", "")
        out.append(item)
    return tuple(out)


class CompanyIndex:
    """Company names by distinctive word and by BIN (see the module docstring)."""

    def __init__(self) -> None:
        self._names: list[tuple[int, str, str]] = []  # (entry position, name, BIN)
        self._postings: dict[str, list[int]] = {}
        self._by_bin: dict[str, list[int]] = {}

    def add(self, position: int, name: str, bin_: str) -> None:
        number = len(self._names)
        self._names.append((position, name, bin_))
        parsed = company_name(name)
        for key in {*parsed.keys, parsed.glued}:
            if key:
                self._postings.setdefault(key, []).append(number)
        if bin_:
            self._by_bin.setdefault(bin_, []).append(number)

    def search(self, name: str, bin_: str, thresholds: Thresholds) -> Iterator[tuple[int, str, MatchResult]]:
        parsed = company_name(name)
        postings = [self._postings.get(k, []) for k in {*parsed.keys, parsed.glued} if k]
        rare = [p for p in postings if len(p) <= COMMON_COMPANY_WORD]
        candidates: set[int] = set()
        for posting in rare or postings:
            candidates.update(posting)
        if bin_:
            candidates.update(self._by_bin.get(bin_, ()))
        for number in candidates:
            position, entry_name, entry_bin = self._names[number]
            result = score_company(name, entry_name, bin_a=bin_ or None, bin_b=entry_bin or None,
                                   thresholds=thresholds)
            if result.score >= thresholds.review:
                yield position, entry_name, result


def _distinct_spellings(spellings: Iterable[str]) -> list[str]:
    """Spellings that differ once transliterated: the register's Kazakh and Russian
    Cyrillic forms usually give the same keys (Болатұлы and Болатович included), and
    indexing both would only score the same candidate twice."""
    if len(spellings := tuple(spellings)) < 2:
        return list(spellings)  # nothing to compare (most entries): no need to key the name
    seen: set[tuple[str, ...]] = set()
    out = []
    for spelling in spellings:
        keys = tuple(name_keys(spelling))
        if keys not in seen:
            seen.add(keys)
            out.append(spelling)
    return out


class ListIndex:
    """One list, indexed once and screened many times."""

    def __init__(self, name: str, entries: Iterable[IndexedEntry]) -> None:
        self.name = name
        self.entries: list[IndexedEntry] = []
        self._spellings: list[tuple[int, str]] = []  # (entry position, spelling) of each person name
        self._entity_spellings: dict[int, list[int]] = {}  # entry position -> its spelling numbers
        self.companies = CompanyIndex()
        people: list[Person] = []
        for position, entry in enumerate(entries):
            self.entries.append(entry)
            if entry.schema == COMPANY:
                for spelling in entry.names:
                    self.companies.add(position, spelling, entry.id_number)
                continue
            for spelling in _distinct_spellings(entry.names):
                self._entity_spellings.setdefault(position, []).append(len(self._spellings))
                people.append(Person(str(len(self._spellings)), spelling, entry.id_number or None, entry.birth_date))
                self._spellings.append((position, spelling))
        self.persons = ScreeningIndex(people)

    def __len__(self) -> int:
        return len(self.entries)

    def _result(self, query_id: str, position: int, spelling: str, result: MatchResult, *,
                thresholds: Thresholds) -> Result:
        entry = self.entries[position]
        return Result(query_id=query_id, list=self.name, match_id=entry.entry_id, match_name=entry.name,
                      matched_name=spelling, url=entry.url, score=round(result.score, 4),
                      band=thresholds.band(result.score), features=public_features(result))

    def screen(self, queries: Iterable[Query], threshold: float, *, include_review: bool = True,
               workers: int = 1, private_facts: bool = False,
               progress: Callable[[int], object] | None = None) -> list[Result]:
        """Results of every query at or above the threshold (and the review band if asked).

        One result per query and entry: the best of the entry's spellings, adjusted by
        what the entry's other names say (``matching.entity``). Ordered by query (as
        given), then score. IINs and birth dates count only with ``private_facts``
        (the staff interface): elsewhere the answer must not depend on them.
        ``progress`` is called with numbers of queries done.
        """
        thresholds = thresholds_for(threshold)
        floor = thresholds.review if include_review else thresholds.match
        best: dict[tuple[str, int], Result] = {}
        order: dict[str, int] = {}
        person_queries = []
        for query in queries:
            order[query.id] = len(order)
            if query.schema == COMPANY:
                for position, spelling, result in self.companies.search(query.name, query.iin, thresholds):
                    self._keep(best, query.id, position, self._result(query.id, position, spelling, result,
                                                                            thresholds=thresholds))
            else:
                person_queries.append(Person(query.id, query.name, query.iin or None, query.birth_date))
        if progress is not None and len(order) > len(person_queries):
            progress(len(order) - len(person_queries))  # the companies, done above
        names = {q.id: q.name for q in person_queries}
        parsed: dict[str, PersonName] = {}
        aliases = self._best_aliases(person_queries, workers=workers, private_facts=private_facts,
                                     progress=progress)
        for (query_id, position), (number, result) in aliases.items():
            asked = parsed.get(query_id) or parsed.setdefault(query_id, person_name(names[query_id]))
            result = apply_entity(result, asked, self.persons.parsed(number),
                                  [self.persons.parsed(n) for n in self._entity_spellings[position]],
                                  thresholds=thresholds)
            spelling = self._spellings[number][1]
            self._keep(best, query_id, position, self._result(query_id, position, spelling, result,
                                                                      thresholds=thresholds))
        results = [r for r in best.values() if r.score >= floor]
        results.sort(key=lambda r: (order[r.query_id], -r.score, r.match_id))
        return results
    def _best_aliases(self, person_queries: list[Person], *, workers: int, private_facts: bool,
                      progress: Callable[[int], object] | None) -> dict[tuple[str, int], tuple[int, MatchResult]]:
        """The best-scoring spelling of each entry per query: (spelling number, its result)."""
        hits = screen_bulk(self.persons, person_queries, workers=workers if len(person_queries) > 1 else 1,
                           chunk_size=250, explain=True, private_facts=private_facts, progress=progress)
        best: dict[tuple[str, int], tuple[int, MatchResult]] = {}
        for hit in hits:
            number = int(hit.entry_id)
            key = (hit.query_id, self._spellings[number][0])
            assert hit.result is not None
            if key not in best or hit.result.score > best[key][1].score:
                best[key] = (number, hit.result)
        return best

    @staticmethod
    def _keep(best: dict[tuple[str, int], Result], query_id: str, position: int, result: Result) -> None:
        key = (query_id, position)
        if key not in best or result.score > best[key].score:
            best[key] = result
