"""The public view of the register: search and the published fields of an entry.

Only what this module returns ever leaves the register to the public (pages, API,
exports, partner API). IIN, birth date, addresses and internal notes are not here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from adaldyq import names
from adaldyq.core.multilingual import localized_fields
from adaldyq.core.regions import region_name
from adaldyq.register import rules
from adaldyq.register.labels import label
from adaldyq.register.models import Article, Conviction, NameKey, Person

PAGE_SIZE = 20
MAX_NAME_MATCHES = 5000  # above this many people, let the database join instead


@dataclass(frozen=True)
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
            year=int(year) if year.isdigit() else None,
        )


def public_entries(today: dt.date | None = None) -> QuerySet[Conviction]:
    return (
        Conviction.objects.public_on(today or timezone.localdate())
        .select_related("person")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("code")))
    )


def search(filters: Filters, today: dt.date | None = None) -> QuerySet[Conviction]:
    qs = public_entries(today)
    keys = names.query_keys(filters.q)
    exact = list(dict.fromkeys(k.key for k in keys if not k.initial))
    if exact:
        qs = qs.filter(person_id__in=_people_with_keys(exact))  # type: ignore[misc]
    for key in (k for k in keys if k.initial):
        # Checked per candidate: a one-letter prefix matches too many keys to list first.
        qs = qs.filter(Exists(NameKey.objects.filter(person_id=OuterRef("person_id"), key__startswith=key.key)))
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
    return qs.order_by("person__surname", "person__given_name", "pk")


def _people_with_keys(keys: list[str]) -> list[int] | QuerySet[Person, Any]:
    """Ids of the people holding every key, narrowed from the rarest key up.

    Neither database knows which name is rare (SQLite keeps no per-value statistics),
    so we ask the index how many people hold each key and intersect from the smallest
    set. A query made only of very common keys falls back to a subquery.
    """
    counts = dict(NameKey.objects.filter(key__in=keys).values("key").annotate(n=Count("*")).values_list("key", "n"))
    if len(counts) < len(keys):
        return []
    order = sorted(keys, key=lambda k: counts[k])
    if counts[order[0]] > MAX_NAME_MATCHES:
        holders = Person.objects.all()
        for key in order:
            holders = holders.filter(name_keys__key=key)
        return holders.values("pk")
    ids = list(NameKey.objects.filter(key=order[0]).values_list("person_id", flat=True))
    for key in order[1:]:
        if not ids:
            break
        ids = list(NameKey.objects.filter(key=key, person_id__in=ids).values_list("person_id", flat=True))
    return ids


def page_of(qs: QuerySet[Conviction], number: Any) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(number)


def entry_json(conviction: Conviction, lang: str = "en") -> dict[str, Any]:
    person = conviction.person
    articles = list(conviction.articles.all())
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


def lookup(pk: int, today: dt.date | None = None) -> tuple[str, Conviction | None]:
    """("public", entry), ("removed", entry) or ("missing", None)."""
    conviction = Conviction.objects.select_related("person").filter(pk=pk).first()
    if conviction is None:
        return "missing", None
    today = today or timezone.localdate()
    window = conviction.window()
    if window.is_public_on(today):
        return "public", conviction
    if window.ever_public and window.end is not None and window.end <= today:
        return "removed", conviction
    return "missing", None
