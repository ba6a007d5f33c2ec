"""Publication state of entries: the policy in force, the facts the rules need, and
the cached window. Every write path (imports, approvals, admin edits) goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from adaldyq.register import rules
from adaldyq.register.models import Article, Conviction, ExpungementPeriod, RegisterPolicy

STREAM = "register"
SUBJECT = "register.entry"
BATCH = 2000


def current_policy() -> rules.Policy:
    row = RegisterPolicy.objects.first() or RegisterPolicy()
    gravities = {
        rules.Gravity.MINOR: row.publish_minor, rules.Gravity.MEDIUM: row.publish_medium,
        rules.Gravity.GRAVE: row.publish_grave, rules.Gravity.ESPECIALLY_GRAVE: row.publish_especially_grave,
    }
    periods = dict(rules.DEFAULT_PERIODS_YEARS)
    periods.update(dict(ExpungementPeriod.objects.values_list("rule", "years")))
    return rules.Policy(
        publish_gravities=frozenset(g for g, on in gravities.items() if on),
        publish_all_bribery=row.publish_all_bribery, periods_years=periods,
    )


def article_facts_by_id() -> dict[int, rules.ArticleFacts]:
    return {a.pk: a.facts() for a in Article.objects.all()}


def facts_of(conviction: Conviction, article_ids: Iterable[int], articles: dict[int, rules.ArticleFacts]) -> rules.ConvictionFacts:
    return rules.ConvictionFacts(
        articles=tuple(articles[i] for i in article_ids),
        gravity=rules.Gravity(conviction.gravity) if conviction.gravity else None,
        punishment=rules.Punishment(conviction.punishment),
        legal_effect_date=conviction.legal_effect_date,
        sentence_end_date=conviction.sentence_end_date,
        removals=conviction.removal_dates(),
    )


def apply_window(conviction: Conviction, window: rules.Window) -> None:
    conviction.public_start = window.start if window.ever_public else None
    conviction.public_end = window.end if window.ever_public else None
    conviction.public_end_ground = window.end_ground.value if window.ever_public and window.end_ground else ""
    conviction.excluded_because = window.excluded_because


def window_public(conviction: Conviction) -> dict[str, Any]:
    """The public part of a history event: the entry's listing window after it."""
    return {
        "listed_from": conviction.public_start.isoformat() if conviction.public_start else None,
        "listed_until": conviction.public_end.isoformat() if conviction.public_end else None,
        "until_ground": conviction.public_end_ground or None,
    }


def recompute_all() -> int:
    """Recompute every entry's window (after a policy, period or catalogue change)."""
    policy, articles = current_policy(), article_facts_by_id()
    links: dict[int, list[int]] = {}
    for conviction_id, article_id in Conviction.articles.through.objects.values_list("conviction_id", "article_id"):
        links.setdefault(conviction_id, []).append(article_id)
    changed: list[Conviction] = []
    fields = ["public_start", "public_end", "public_end_ground", "excluded_because"]
    with transaction.atomic():
        for conviction in Conviction.objects.all().iterator(chunk_size=BATCH):
            before = tuple(getattr(conviction, f) for f in fields)
            apply_window(conviction, rules.publication_window(facts_of(conviction, links.get(conviction.pk, []), articles), policy))
            if tuple(getattr(conviction, f) for f in fields) != before:
                changed.append(conviction)
        Conviction.objects.bulk_update(changed, fields, batch_size=BATCH)
    return len(changed)


