"""The register's name index: writing people's search keys, and ranking entries by them.

The rules of what matches are in `search_keys` (pure); this module stores keys in
`NameKey` and typo variants in `NameKeyVariant`, and turns a `SearchQuery` into
queryset filters and a rank. Everything runs in the database, on one index
(`NameKey (key, person)`, with `(person, key, role)` for the per-entry rank), so the
cost of a query is bounded by how many people share its rarest word, not by the
size of the register.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from adaldyq.register import search_keys
from adaldyq.register.models import Conviction, NameKey, NameKeyVariant
from adaldyq.register.search_keys import SearchQuery, SearchWord

EXACT, PREFIX, TYPO = 0, 1, 2
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

def typo_keys(word: SearchWord) -> list[str]:
    """Stored keys one edit away from the word (neither the word itself nor a key it begins)."""
    if not word.typo:
        return []
    variants = search_keys.deletion_variants(word.key)
    found = NameKeyVariant.objects.filter(variant__in=variants).values_list("key", flat=True).distinct()
    return sorted(k for k in found if k != word.key and not (word.prefix and k.startswith(word.key))
                  and search_keys.within_one_edit(word.key, k))


def _word_condition(word: SearchWord, typos: list[str]) -> Q:
    if word.prefix:
        low, high = word.prefix_range()
        found = Q(key__gte=low, key__lt=high)
    else:
        found = Q(key=word.key)
    return found | Q(key__in=typos) if typos else found


def _word_tier(word: SearchWord) -> Case:
    tiers = [When(key=word.key, then=Value(EXACT))]
    if word.prefix:
        low, high = word.prefix_range()
        tiers.append(When(key__gte=low, key__lt=high, then=Value(PREFIX)))
    return Case(*tiers, default=Value(TYPO), output_field=IntegerField())


def ranked(qs: QuerySet[Conviction], query: SearchQuery) -> QuerySet[Conviction]:
    """Entries whose person has a key for every word, annotated with `search_rank`
    (how loosely the words matched, summed) and `initials_missed` (initials that do
    not fit the given name, then the patronymic)."""
    rank: Value | Coalesce = Value(0)
    for word in query.words:
        condition = _word_condition(word, typo_keys(word))
        qs = qs.filter(person_id__in=NameKey.objects.filter(condition).values("person_id"))
        tier = NameKey.objects.filter(condition, person_id=OuterRef("person_id")).annotate(
            tier=_word_tier(word)).order_by("tier").values("tier")[:1]
        rank = rank + Coalesce(Subquery(tier, output_field=IntegerField()), Value(TYPO))  # type: ignore[assignment]
    missed: Value | Case = Value(0)
    for role, initial in zip((search_keys.GIVEN, search_keys.PATRONYMIC), query.initials, strict=False):
        fits = Exists(NameKey.objects.filter(person_id=OuterRef("person_id"), role=role, key__startswith=initial))
        missed = missed + Case(When(fits, then=Value(0)), default=Value(1), output_field=IntegerField())  # type: ignore[assignment]
    return qs.annotate(search_rank=rank, initials_missed=missed)
