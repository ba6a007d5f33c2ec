"""The register's name index: writing people's search keys, and ranking entries by them.

The rules of what matches are in `search_keys` (pure); this module stores keys in
`NameKey` and typo variants in `NameKeyVariant`, and turns a `SearchQuery` into one
ranked SQL query over the public entries. The query starts from the holders of the
rarest word (index `NameKey (key, person)`) and checks the other words person by
person (index `(person, key, role)`), so its cost follows how many people share the
query's rarest word, not the size of the register.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache, caches
from django.db import connection
from django.db.models import F, QuerySet

from adaldyq.core.sql import any_of
from adaldyq.register import freshness, search_keys
from adaldyq.register.models import Conviction, NameKey, NameKeyVariant, Person
from adaldyq.register.search_keys import SearchQuery, SearchWord

EXACT, PREFIX, TYPO = 0, 1, 2
ESTIMATE_CAP = 2000  # enough to tell a rare word from a common one
BROAD_ANSWER_SECONDS = 600
KeyPairs = Iterable[tuple[str, str]]


# --- writing ----------------------------------------------------------------------------

def index_people(keys_by_person: Iterable[tuple[int, KeyPairs]]) -> None:
    """Store (key, role) pairs of newly created people, and the typo variants of new keys."""
    rows = [(person_id, key, role) for person_id, pairs in keys_by_person for key, role in pairs]
    _insert(NameKey._meta.db_table, ("person_id", "key", "role"), rows)
    add_variants({key for _, key, _ in rows})


def replace_person_keys(person_id: int, pairs: KeyPairs) -> None:
    """A person's names changed: their keys are replaced whole."""
    NameKey.objects.filter(person_id=person_id).delete()
    index_people([(person_id, pairs)])


def add_variants(keys: Iterable[str]) -> None:
    """Typo variants of the keys not indexed before (a key is its own variant, so the
    row (key, key) says it is)."""
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start:start + 5000]
        known = set(NameKeyVariant.objects.filter(variant__in=chunk, key=F("variant")).values_list("key", flat=True))
        rows = [NameKeyVariant(variant=v, key=k) for k in chunk if k not in known
                for v in search_keys.deletion_variants(k)]
        NameKeyVariant.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple[int, str, str]]) -> None:
    """Plain executemany: at a 100,000-person import the ORM's bulk_create costs more
    than the database does, and these rows have nothing to prepare."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - names from model metadata
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start:start + 10_000])


# --- reading ----------------------------------------------------------------------------
#
# Each statement's text depends only on the query's shape (how many words, which may match
# as a prefix, how many initials, which filters), never on how many typo keys were found:
# lists travel as one array parameter on PostgreSQL (`core.sql.any_of`). psycopg then prepares each
# shape once per connection: it is parsed once, and PostgreSQL keeps one plan for it
# where the values do not change the best plan (the typo look-up) and plans afresh where
# they do (the estimates and the ranking, whose best plan depends on how common a word is).

def typo_keys(words: tuple[SearchWord, ...]) -> list[list[str]]:
    """For each word, the stored keys one edit away from it (neither the word itself nor
    a key it begins), from one look-up of all the words' deletion variants."""
    variants = {word.key: search_keys.deletion_variants(word.key) for word in words if word.typo}
    wanted = sorted(set().union(*variants.values())) if variants else []
    found: set[str] = set()
    if wanted:
        table = connection.ops.quote_name(NameKeyVariant._meta.db_table)
        condition, params = any_of("variant", wanted)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT key FROM {table} WHERE {condition}", params)  # noqa: S608 - no user text in SQL
            found = {row[0] for row in cursor.fetchall()}
    return [sorted(k for k in found if word.key in variants and k != word.key
                   and not (word.prefix and k.startswith(word.key)) and search_keys.within_one_edit(word.key, k))
            for word in words]


def _spelled(word: SearchWord) -> tuple[str, list[Any]]:
    """SQL condition on NameKey: the keys the word matches as typed (equal, or beginning with it)."""
    if word.prefix:
        return "key >= %s AND key < %s", list(word.prefix_range())
    return "key = %s", [word.key]


def _tier(word: SearchWord) -> tuple[str, list[Any]]:
    """SQL expression: how loosely a key matched the word (EXACT, PREFIX or TYPO)."""
    if word.prefix:
        low, high = word.prefix_range()
        return f"CASE WHEN key = %s THEN {EXACT} WHEN key >= %s AND key < %s THEN {PREFIX} ELSE {TYPO} END", [
            word.key, low, high]
    return f"CASE WHEN key = %s THEN {EXACT} ELSE {TYPO} END", [word.key]


def _estimates(words: tuple[SearchWord, ...], typos: list[list[str]]) -> list[int]:
    """How many key rows each word matches, counted no further than ESTIMATE_CAP.

    They only choose which word drives the ranking (and whether its answer is worth
    caching); the ranking's answer is the same whichever word drives it. So each word's
    count is remembered in this process for ten minutes (the `hints` cache): a burst
    asks the same names again and again, and counting is one of the larger statements of a
    search. The words not remembered are counted in one query."""
    hints = caches["hints"]
    keys = [_estimate_key(word, near) for word, near in zip(words, typos, strict=True)]
    known = hints.get_many(keys)
    missing = [n for n, key in enumerate(keys) if key not in known]
    if missing:
        counted = _count([words[n] for n in missing], [typos[n] for n in missing])
        fresh = {keys[n]: count for n, count in zip(missing, counted, strict=True)}
        hints.set_many(fresh)
        known.update(fresh)
    return [int(known[key]) for key in keys]


def _estimate_key(word: SearchWord, near: list[str]) -> str:
    shape = repr((connection.alias, word.key, word.prefix, near))
    return "estimate:" + hashlib.sha256(shape.encode()).hexdigest()


def _count(words: list[SearchWord], typos: list[list[str]]) -> list[int]:
    """`_estimates` from the database, one query for all the words. Each part is read in
    key order, which keeps PostgreSQL on the index: with a LIMIT it would otherwise scan
    the table until it has found ESTIMATE_CAP rows of a common word."""
    table = connection.ops.quote_name(NameKey._meta.db_table)
    parts: list[str] = []
    params: list[Any] = []
    for word, near in zip(words, typos, strict=True):
        counts: list[str] = []
        for condition, condition_params in (_spelled(word), any_of("key", near)):
            counts.append(f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {condition} "  # noqa: S608
                          f"ORDER BY key LIMIT {ESTIMATE_CAP}) t{len(parts)}_{len(counts)})")
            params += condition_params
        parts.append(" + ".join(counts))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return [min(int(n), ESTIMATE_CAP) for n in cursor.fetchone()]


def _driver(word: SearchWord, typos: list[str]) -> tuple[str, list[Any]]:
    """SELECT of (person_id, tier): the holders of the keys the query's rarest word
    matches, with their best tier. Spelled and typo keys are read apart, each as one
    range of the index (an OR of the two would make PostgreSQL visit the table)."""
    table = connection.ops.quote_name(NameKey._meta.db_table)
    spelled, spelled_params = _spelled(word)
    tier, tier_params = _tier(word)
    near, near_params = any_of("key", typos)
    sql = (f"SELECT person_id, MIN(tier) AS tier FROM (SELECT person_id, {tier} AS tier FROM {table} "  # noqa: S608
           f"WHERE {spelled} UNION ALL SELECT person_id, {TYPO} AS tier FROM {table} WHERE {near}) k "
           "GROUP BY person_id")
    return sql, [*tier_params, *spelled_params, *near_params]


def _narrowed(word: SearchWord, typos: list[str], previous: str) -> tuple[str, list[Any]]:
    """SELECT of (person_id, tier): the people of `previous` (the table of the query's
    rarer words) who also hold a key this word matches, their tiers added up. One index
    probe per person already matched, never a scan of a common word's keys."""
    table = connection.ops.quote_name(NameKey._meta.db_table)
    spelled, spelled_params = _spelled(word)
    tier, tier_params = _tier(word)
    near, near_params = any_of("key", typos)
    # CROSS JOIN keeps SQLite from reordering the join; PostgreSQL plans it freely.
    sql = (f"SELECT w.person_id, w.tier + MIN({tier}) AS tier FROM {previous} w CROSS JOIN {table} n "  # noqa: S608
           f"WHERE n.person_id = w.person_id AND (({spelled}) OR {near}) GROUP BY w.person_id, w.tier")
    return sql, [*tier_params, *spelled_params, *near_params]


def _initials_missed(query: SearchQuery) -> tuple[str, list[str]]:
    """How many initials do not fit: the first with a given name, the second with a patronymic."""
    table = connection.ops.quote_name(NameKey._meta.db_table)
    terms: list[str] = []
    params: list[str] = []
    for role, initial in zip((search_keys.GIVEN, search_keys.PATRONYMIC), query.initials, strict=False):
        terms.append(f"CASE WHEN EXISTS (SELECT 1 FROM {table} i WHERE i.person_id = c.person_id AND i.role = %s "  # noqa: S608
                     f"AND i.key >= %s AND i.key < %s) THEN 0 ELSE 1 END")
        params += [role, initial, initial[:-1] + chr(ord(initial[-1]) + 1)]
    return " + ".join(terms), params


def candidates_sql(entries: QuerySet[Conviction]) -> tuple[str, tuple[Any, ...]]:
    """The SELECT of (id, person_id) of `entries` that `ranked_ids` ranks within."""
    inner, params = entries.order_by().values("id", "person_id").query.sql_with_params()
    return inner, tuple(params)


def ranked_ids(candidates: tuple[str, tuple[Any, ...]], query: SearchQuery) -> list[int]:
    """Ids of the `candidates` (`candidates_sql`) whose person holds a key for every word
    of the query, best first: by how loosely the words matched (summed tiers), then by
    initials that do not fit, then by name. One query, driven from the rarest word (`w0`)
    and narrowed by the others in order of rarity; its cost grows with the people sharing
    the rarest word."""
    inner, inner_params = candidates
    typos = typo_keys(query.words)
    estimates = _estimates(query.words, typos)
    order = sorted(range(len(query.words)), key=lambda n: estimates[n])
    tables: list[str] = []
    params: list[Any] = []
    for i, n in enumerate(order):
        sql, word_params = (_narrowed(query.words[n], typos[n], f"w{i - 1}") if i
                            else _driver(query.words[n], typos[n]))
        tables.append(f"w{i} AS ({sql})")
        params += word_params
    missed, missed_params = _initials_missed(query)
    person = connection.ops.quote_name(Person._meta.db_table)
    sql = (f"WITH {', '.join(tables)} SELECT c.id FROM w{len(order) - 1} m CROSS JOIN ({inner}) c "  # noqa: S608
           f"CROSS JOIN {person} p WHERE c.person_id = m.person_id AND p.id = c.person_id "
           f"ORDER BY m.tier, {missed + ', ' if missed else ''}p.surname, p.given_name, c.id")
    all_params = (*params, *inner_params, *missed_params)
    if min(estimates) < ESTIMATE_CAP:
        return _run(sql, all_params)
    # Every word is a common one: the ranking sorts thousands of entries. Such queries
    # are few and asked again and again (a common given name, the first letters of a
    # common surname), so their answer is kept in the shared cache for as long as the
    # register, the day and the query stay the same.
    seq, _recorded, stamp = freshness.last_change()
    key = "register-search:" + hashlib.sha256(repr((seq, stamp, sql, all_params)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _run(sql, all_params)
        cache.set(key, found, BROAD_ANSWER_SECONDS)
    return list(found)


def _run(sql: str, params: tuple[Any, ...]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
