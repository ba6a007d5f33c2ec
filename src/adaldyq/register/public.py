"""The public view of the register: search and the published fields of an entry.

Only what this module returns ever leaves the register to the public (pages, API,
exports, partner API). IIN, birth date, addresses and internal notes are not here,
except in `matching_entries`, which screening compares names against and never shows.

It is also the register's seam: the one module other apps may import (the import
contract in pyproject.toml). The last section holds what only they call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adaldyq.core.languages import columns
from adaldyq.core.multilingual import localized_fields
from adaldyq.core.regions import region_name
from adaldyq.core.sql import any_of
from adaldyq.register import freshness, rules, search_index, search_keys
from adaldyq.register.labels import label
from adaldyq.register.models import Article, Conviction, Person
from adaldyq.register.publication import SUBJECT
from adaldyq.transparency import public as transparency_log

PAGE_SIZE = 20
COUNT_SECONDS = 600
TOO_SHORT = _("The query is too short: type at least two letters of a surname or given name. "
              "Initials alone would list most of the register.")


@dataclass(frozen=True, kw_only=True)
class Filters:
    q: str = ""
    region: str = ""
    article: str = ""
    organization: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        year = str(params.get("year") or "").strip()
        return cls(
            q=str(params.get("q") or "").strip()[:200], region=str(params.get("region") or "").strip(),
            article=str(params.get("article") or "").strip(), organization=str(params.get("organization") or "").strip()[:200],
            year=int(year) if year.isdigit() and 1 <= int(year) <= 9999 else None,  # no date has another year
        )

    @functools.cached_property
    def query(self) -> search_keys.SearchQuery:
        """The name query as the search reads it; `too_short` when it has no real word
        (parsed once: the page asks for it twice)."""
        return search_keys.read_query(self.q)


# What public output reads. Nothing else (IIN, birth date, notes, the feed's ids) is even
# loaded, which also saves a third of the cost of turning rows into objects.
PUBLIC_FIELDS = (
    "person_id", *columns("position"), *columns("organization"), "region", "court", "case_number", "verdict_date", "legal_effect_date",
    "gravity", "punishment", "punishment_term_months", "lifetime_ban", "public_start", "public_end",
    "public_end_ground", "person__surname", "person__given_name", "person__patronymic", "person__name_kk",
    "person__name_ru", "person__name_latin",
)


def _with_public_fields(qs: QuerySet[Conviction]) -> QuerySet[Conviction]:
    return (qs.select_related("person").only(*PUBLIC_FIELDS)
            .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("code"))))


def _page_entries(ids: list[int]) -> list[Conviction]:
    """A page's entries, in the order of `ids`, with their articles: two statements of
    fixed text, the rows turned into model objects directly. Building the same two
    queries with the ORM cost more than running them, and a page of search results is
    what a burst of readers asks for."""
    if not ids:
        return []
    conviction_sql, link_sql = _page_sql(connection.vendor)
    db = connection.alias
    condition, params = any_of("c.id", ids)
    with connection.cursor() as cursor:
        cursor.execute(conviction_sql + condition, params)
        rows = cursor.fetchall()
        condition, params = any_of("ca.conviction_id", ids)
        cursor.execute(link_sql + condition, params)
        links = cursor.fetchall()
    found: dict[int, Conviction] = {}
    split = len(_CONVICTION_COLUMNS)
    for row in rows:
        conviction = Conviction.from_db(db, _CONVICTION_COLUMNS, row[:split])
        conviction.person = Person.from_db(db, _PERSON_COLUMNS, row[split:])
        conviction.listed_articles = []  # type: ignore[attr-defined]
        found[conviction.pk] = conviction
    articles: dict[int, Article] = {}
    for conviction_id, *article_row in links:
        if conviction_id not in found:
            continue  # the entry went between the two statements (they are not one transaction)
        article = articles.get(article_row[0]) or Article.from_db(db, _ARTICLE_COLUMNS, article_row)
        articles[article.pk] = article
        found[conviction_id].listed_articles.append(article)  # type: ignore[attr-defined]
    for conviction in found.values():
        conviction.listed_articles.sort(key=lambda a: a.code)  # type: ignore[attr-defined]
    return [found[pk] for pk in ids if pk in found]


def _in_model_order(model: type[Model], wanted: set[str]) -> tuple[str, ...]:
    """Attribute names in the order of the model's columns, as `Model.from_db` reads values."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in wanted or f.name in wanted)


_CONVICTION_COLUMNS = _in_model_order(Conviction, {"id", *(f for f in PUBLIC_FIELDS if not f.startswith("person__"))})
_PERSON_COLUMNS = _in_model_order(Person, {"id", *(f.removeprefix("person__") for f in PUBLIC_FIELDS
                                                     if f.startswith("person__"))})
_ARTICLE_COLUMNS = tuple(f.attname for f in Article._meta.concrete_fields)


@functools.lru_cache(maxsize=4)
def _page_sql(vendor: str) -> tuple[str, str]:
    """The two statements of `_page_entries` up to their WHERE condition, from the models'
    metadata (per database vendor: quoting differs)."""
    quote = connection.ops.quote_name

    def qualified(alias: str, model: type[Model], wanted: tuple[str, ...]) -> list[str]:
        return [f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields if f.attname in wanted]

    selected = ", ".join([*qualified("c", Conviction, _CONVICTION_COLUMNS), *qualified("p", Person, _PERSON_COLUMNS)])
    conviction_sql = (f"SELECT {selected} FROM {quote(Conviction._meta.db_table)} c "  # noqa: S608 - names from metadata
                      f"JOIN {quote(Person._meta.db_table)} p ON p.id = c.person_id WHERE ")
    link = Conviction.articles.through._meta.db_table
    article_columns = ", ".join(qualified("a", Article, _ARTICLE_COLUMNS))
    link_sql = (f"SELECT ca.conviction_id, {article_columns} FROM {quote(link)} ca "  # noqa: S608
                f"JOIN {quote(Article._meta.db_table)} a ON a.id = ca.article_id WHERE ")
    return conviction_sql, link_sql


def _articles_of(conviction: Conviction) -> list[Article]:
    """Attached by `_page_entries`, or prefetched by `_with_public_fields` (listings read
    with `iterator`, which only Django's prefetch follows chunk by chunk)."""
    attached = getattr(conviction, "listed_articles", None)
    return list(conviction.articles.all()) if attached is None else attached


def public_entries(today: dt.date | None = None) -> QuerySet[Conviction]:
    return _with_public_fields(Conviction.objects.public_on(today or timezone.localdate()))


def search(filters: Filters, today: dt.date | None = None) -> QuerySet[Conviction] | RankedEntries:
    """Public entries matching the filters: best name match first when a name is asked
    (see `search_keys`), otherwise the most recently listed first."""
    today = today or timezone.localdate()
    if filters.query.too_short:
        return RankedEntries([])
    if filters.query.words:
        unnamed = dataclasses.replace(filters, q="")
        return RankedEntries(search_index.ranked_ids(_candidates(connection.vendor, unnamed, today), filters.query))
    return _filtered(filters, today).order_by("-public_start", "-pk")


def _filtered(filters: Filters, today: dt.date) -> QuerySet[Conviction]:
    """The public entries of `today` that the filters other than the name allow."""
    qs = public_entries(today)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.article:
        wanted = {"article__code": filters.article} if "-" in filters.article else {"article__article": filters.article}
        qs = qs.filter(pk__in=Conviction.articles.through.objects.filter(**wanted).values("conviction_id"))
    if filters.organization:
        text = filters.organization
        qs = qs.filter(Q(organization_kk__icontains=text) | Q(organization_ru__icontains=text)
                       | Q(organization_en__icontains=text))
    if filters.year:
        qs = qs.filter(verdict_date__year=filters.year)
    return qs


@functools.lru_cache(maxsize=256)
def _candidates(vendor: str, filters: Filters, today: dt.date) -> tuple[str, tuple[Any, ...]]:
    """`_filtered` as SQL, compiled once per day and filters rather than on every search:
    building it with the ORM cost more than a page's two fetches, and nearly every search of a
    burst has no filter but the name (per vendor: the SQL differs)."""
    return search_index.candidates_sql(_filtered(filters, today))


class RankedEntries:
    """Entries in the order the name search ranked them. Counting costs nothing and a
    slice (a page) fetches only its own entries, so the Paginator can page it."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, item: slice) -> list[Conviction]:
        # By id alone: the search already applied the public window and the filters, and
        # repeating them lets SQLite pick the window index over the twenty ids.
        return _page_entries(self.ids[item])


def corruption_article_numbers() -> list[str]:
    """The article numbers a visitor can filter by (one plain query: every search page asks)."""
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT article FROM {table} WHERE is_corruption ORDER BY article")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


class CountedEntries:
    """A listing without a name (the register's first page, or filters alone). Counting
    it reads tens of thousands of index entries, so the count is kept in the shared cache
    for as long as the register, the day and the filters stay the same."""

    def __init__(self, entries: QuerySet[Conviction]) -> None:
        self.entries = entries

    def count(self) -> int:
        seq, _recorded, stamp = freshness.last_change()
        sql = str(self.entries.order_by().query)  # the filters and today's date, as SQL
        key = "register-count:" + hashlib.sha256(repr((seq, stamp, sql)).encode()).hexdigest()
        found = cache.get(key)
        if found is None:
            found = self.entries.count()
            cache.set(key, found, COUNT_SECONDS)
        return int(found)

    def __getitem__(self, item: slice) -> list[Conviction]:
        return _page_entries(list(self.entries[item].values_list("pk", flat=True)))


def page_of(qs: QuerySet[Conviction] | RankedEntries, number: Any) -> Page:
    listing = CountedEntries(qs) if isinstance(qs, QuerySet) else qs
    return Paginator(listing, PAGE_SIZE).get_page(number)  # type: ignore[arg-type]  # pages like a list


def entry_json(conviction: Conviction, lang: str = "en") -> dict[str, Any]:
    person = conviction.person
    articles = _articles_of(conviction)
    gravity = conviction.gravity or rules.gravest(rules.Gravity(a.gravity) for a in articles)
    return {
        "id": conviction.pk,
        "url": f"/{lang}/register/{conviction.pk}/",
        "name": person.display_name(lang),
        "names": {"kk": person.name_kk or None, "ru": person.name_ru or None, "latin": person.name_latin or None,
                  "as_recorded": person.full_name},
        **localized_fields(conviction, "position", "organization", lang=lang),
        "region": {"code": conviction.region, "name": region_name(conviction.region, lang)} if conviction.region else None,
        "court": conviction.court,
        "case_number": conviction.case_number,
        "verdict_date": conviction.verdict_date.isoformat(),
        "legal_effect_date": conviction.legal_effect_date.isoformat() if conviction.legal_effect_date else None,
        "articles": [
            {"code": a.code, "title": a.title(lang), "gravity": a.gravity, "corruption": a.is_corruption,
             "bribery_form": a.bribery_form or None, "bribery_form_label": label(a.bribery_form, lang)}
            for a in articles
        ],
        "gravity": gravity or None,
        "gravity_label": label(gravity, lang),
        "punishment": conviction.punishment,
        "punishment_label": label(conviction.punishment, lang),
        "punishment_term_months": conviction.punishment_term_months,
        "lifetime_ban_on_public_office": conviction.lifetime_ban,
        "listed_from": conviction.public_start.isoformat() if conviction.public_start else None,
        "listed_until": conviction.public_end.isoformat() if conviction.public_end else None,
    }


def removed_json(conviction: Conviction, lang: str = "en") -> dict[str, Any]:
    """What a removed entry still says: when and why it left. No personal data."""
    return {
        "id": conviction.pk,
        "status": "removed",
        "removed_on": conviction.public_end.isoformat() if conviction.public_end else None,
        "ground": conviction.public_end_ground,
        "ground_label": label(conviction.public_end_ground, lang),
    }


def _state(window: rules.Window, today: dt.date) -> str:
    if window.is_public_on(today):
        return "public"
    if window.ever_public and window.end is not None and window.end <= today:
        return "removed"
    return "missing"  # never public: answered exactly like an id that does not exist


def lookup(pk: int, today: dt.date | None = None) -> tuple[str, Conviction | None]:
    """("public", entry), ("removed", entry) or ("missing", None)."""
    conviction = Conviction.objects.select_related("person").filter(pk=pk).first()
    if conviction is None:
        return "missing", None
    state = _state(conviction.window(), today or timezone.localdate())
    return state, conviction if state != "missing" else None


def states(pks: Iterable[int], today: dt.date | None = None) -> dict[int, str]:
    """"public", "removed" or "missing" for each of these entry ids, as `lookup` says."""
    today = today or timezone.localdate()
    found = {pk: _state(c.window(), today) for pk, c in Conviction.objects.in_bulk(list(pks)).items()}
    return {pk: found.get(pk, "missing") for pk in pks}


def entry_detail_json(conviction: Conviction, lang: str = "en") -> dict[str, Any]:
    """An entry's page: its published fields and where each of its events is in the transparency log."""
    return {**entry_json(conviction, lang), "log": transparency_log.log_refs(SUBJECT, conviction.pk)}


# For other apps -------------------------------------------------------------------------


def person_of_entry(pk: int) -> int | None:
    """The register person of an entry, public or not (an id only, for staff links), or None."""
    return Conviction.objects.filter(pk=pk).values_list("person_id", flat=True).first()


def entry_ids_of_person(person_id: int) -> list[int]:
    """Every entry of a register person, public or not: `lookup` says which may be shown."""
    return list(Conviction.objects.filter(person_id=person_id).order_by("pk").values_list("pk", flat=True))


def matching_entries() -> QuerySet[Conviction]:
    """The entries public today with what screening compares: every spelling of the name,
    the birth date and the IIN. Screening reports a match by entry id and published name;
    the birth date and IIN only weigh the score and never leave (docs/screening.md)."""
    return (Conviction.objects.public().select_related("person").order_by("pk")
            .only("pk", "person__surname", "person__given_name", "person__patronymic", "person__name_kk",
                  "person__name_ru", "person__name_latin", "person__iin", "person__birth_date"))
