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

from django.core.cache import cache
from django.db import connection
from django.db.models import F, QuerySet

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

def typo_keys(words: tuple[SearchWord, ...]) -> list[list[str]]:
    """For each word, the stored keys one edit away from it (neither the word itself nor
    a key it begins), from one look-up of all the words' deletion variants."""
    variants = {word.key: search_keys.deletion_variants(word.key) for word in words if word.typo}
    wanted = sorted(set().union(*variants.values())) if variants else []
    found: set[str] = set()
    if wanted:
        table = connection.ops.quote_name(NameKeyVariant._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT key FROM {table} WHERE variant IN ({', '.join(['%s'] * len(wanted))})",  # noqa: S608
                           wanted)
            found = {row[0] for row in cursor.fetchall()}
    return [sorted(k for k in found if word.key in variants and k != word.key
                   and not (word.prefix and k.startswith(word.key)) and search_keys.within_one_edit(word.key, k))
            for word in words]


def _word_condition(word: SearchWord, typos: list[str]) -> tuple[str, list[str]]:
    """WHERE condition on NameKey: the keys the word matches."""
    if word.prefix:
        found, params = "(key >= %s AND key < %s)", list(word.prefix_range())
    else:
        found, params = "key = %s", [word.key]
    if typos:
        found = f"({found} OR key IN ({', '.join(['%s'] * len(typos))}))"
        params = [*params, *typos]
    return found, params


def _estimates(words: tuple[SearchWord, ...], typos: list[list[str]]) -> list[int]:
    """How many key rows each word matches, counted no further than ESTIMATE_CAP; one query.
    Each part is read in key order, which keeps PostgreSQL on the index: with a LIMIT it
    would otherwise scan the table until it has found ESTIMATE_CAP rows of a common word."""
    table = connection.ops.quote_name(NameKey._meta.db_table)
    parts: list[str] = []
    params: list[str] = []
    for word, near in zip(words, typos, strict=True):
        found = ["key >= %s AND key < %s" if word.prefix else "key = %s"]
        params += list(word.prefix_range()) if word.prefix else [word.key]
        if near:
            found.append(f"key IN ({', '.join(['%s'] * len(near))})")
            params += near
        counts = [f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {condition} "  # noqa: S608 - no user text in SQL
                  f"ORDER BY key LIMIT {ESTIMATE_CAP}) t{len(parts)}_{n})" for n, condition in enumerate(found)]
        parts.append(" + ".join(counts))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return [min(int(n), ESTIMATE_CAP) for n in cursor.fetchone()]


def _word_table(word: SearchWord, condition: tuple[str, list[str]], previous: str) -> tuple[str, list[str]]:
    """SELECT of (person_id, tier): the people holding a key the word matches, with the
    best tier (EXACT, PREFIX, TYPO) of their keys added to the tiers of `previous` (the
    table of the query's rarer words, which it is driven from: one index probe per
    person already matched, never a scan of a common word's keys)."""
    if word.prefix:
        low, high = word.prefix_range()
        tier = f"CASE WHEN key = %s THEN {EXACT} WHEN key >= %s AND key < %s THEN {PREFIX} ELSE {TYPO} END"
        tier_params: list[str] = [word.key, low, high]
    else:
        tier, tier_params = f"CASE WHEN key = %s THEN {EXACT} ELSE {TYPO} END", [word.key]
    found, found_params = condition
    table = connection.ops.quote_name(NameKey._meta.db_table)
    if not previous:
        sql = f"SELECT person_id, MIN({tier}) AS tier FROM {table} WHERE {found} GROUP BY person_id"  # noqa: S608 - no user text in SQL
    else:
        # CROSS JOIN keeps SQLite from reordering the join; PostgreSQL plans it freely.
        sql = (f"SELECT w.person_id, w.tier + MIN({tier}) AS tier FROM {previous} w CROSS JOIN {table} n "  # noqa: S608
               f"WHERE n.person_id = w.person_id AND {found} GROUP BY w.person_id, w.tier")
    return sql, [*tier_params, *found_params]


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


def ranked_ids(entries: QuerySet[Conviction], query: SearchQuery) -> list[int]:
    """Ids of `entries` whose person holds a key for every word of the query, best first:
    by how loosely the words matched (summed tiers), then by initials that do not fit,
    then by name. One query; its cost grows with the people sharing the query's words."""
    inner, inner_params = entries.order_by().values("id", "person_id").query.sql_with_params()
    typos = typo_keys(query.words)
    conditions = [_word_condition(word, near) for word, near in zip(query.words, typos, strict=True)]
    estimates = _estimates(query.words, typos)
    order = sorted(range(len(conditions)), key=lambda n: estimates[n])
    tables: list[str] = []
    params: list[str] = []
    for i, n in enumerate(order):
        sql, word_params = _word_table(query.words[n], conditions[n], f"w{order[i - 1]}" if i else "")
        tables.append(f"w{n} AS ({sql})")
        params += word_params
    missed, missed_params = _initials_missed(query)
    person = connection.ops.quote_name(Person._meta.db_table)
    sql = (f"WITH {', '.join(tables)} SELECT c.id FROM w{order[-1]} m CROSS JOIN ({inner}) c "  # noqa: S608
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
