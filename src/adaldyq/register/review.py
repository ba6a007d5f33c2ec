"""What an approver sees before deciding on a register proposal.

Every field of the entry (the identity it is attached to, what will be published,
and the publication window the rules give it) as rows of before and after: a new
entry has only "after", a correction is a diff, a removal shows the entry as it
stands and the window it ends. The page, its JSON twin and the API are built from
`proposal_review`; approving checks `facts_fingerprint` again under the lock, so a
decision is always about what was on the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from adaldyq.core.approvals import fingerprint
from adaldyq.core.imports import Cells
from adaldyq.core.languages import LANGS
from adaldyq.core.multilingual import IN_LANGUAGE
from adaldyq.core.regions import region_name
from adaldyq.register import feed, rules
from adaldyq.register.catalogue import Catalogue
from adaldyq.register.labels import label
from adaldyq.register.models import Article, Conviction, Proposal
from adaldyq.register.publication import article_facts_by_id, current_policy, facts_of


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    public: bool  # False: kept by the agency, never published (identity checks only)


FIELDS = [
    Field("surname", _("Surname"), True),
    Field("given_name", _("Given name"), True),
    Field("patronymic", _("Patronymic"), True),
    Field("name_kk", _("Full name in Kazakh"), True),
    Field("name_ru", _("Full name in Russian"), True),
    Field("name_latin", _("Full name in Latin script"), True),
    Field("iin", _("IIN"), False),
    Field("birth_date", _("Birth date"), False),
    # Texts kept in three languages: one row per language, so a translation added or
    # changed shows as such, whatever language the approver reads in.
    *(Field(f"{field}_{code}", format_lazy("{} ({})", label, IN_LANGUAGE[code]), True)
      for field, label in (("position", _("Position at the time")), ("organization", _("Organization")))
      for code in LANGS),
    Field("region", _("Region"), True),
    Field("court", _("Court"), True),
    Field("case_number", _("Case number"), True),
    Field("verdict_date", _("Verdict date"), True),
    Field("legal_effect_date", _("Legal-effect date"), True),
    Field("articles", _("Articles"), True),
    Field("gravity", _("Gravity"), True),
    Field("punishment", _("Punishment"), True),
    Field("punishment_term_months", _("Term in months"), True),
    Field("lifetime_ban", _("Lifetime ban on public office"), True),
    Field("sentence_end_date", _("Sentence ended"), False),
    Field("removals", _("Removal grounds recorded"), False),
    Field("listed_from", _("On the public register from"), True),
    Field("listed_until", _("On the public register until"), True),
    Field("until_ground", _("Leaves the register because"), True),
    Field("excluded_because", _("Not published because"), False),
]


KIND_LABELS: dict[str, Any] = {Proposal.Kind.CREATE: _("new entry"), Proposal.Kind.CORRECT: _("correction"),
                              Proposal.Kind.REMOVE: _("removal")}


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _window_facts(window: rules.Window) -> dict[str, str]:
    public = window.ever_public
    return {
        "listed_from": _iso(window.start) if public else "",
        "listed_until": _iso(window.end) if public else "",
        "until_ground": window.end_ground.value if public and window.end_ground else "",
        "excluded_because": window.excluded_because,
    }


_TEXT_COLUMNS = [f"{field}_{code}" for field in feed.TEXT_FIELDS for code in LANGS]


def _texts(given: dict[str, str]) -> dict[str, str]:
    """Position and organization as one plain string per language ("" where missing)."""
    return {name: str(given.get(name) or "") for name in _TEXT_COLUMNS}


def _removals_text(removals: dict[str, str]) -> str:
    return "; ".join(f"{ground} {day}" for ground, day in sorted(removals.items()))


def entry_facts(conviction: Conviction) -> dict[str, str]:
    """The entry as it stands, every value a plain string (codes, ISO dates)."""
    person = conviction.person
    window = conviction.window()
    return {
        "surname": person.surname, "given_name": person.given_name, "patronymic": person.patronymic,
        "name_kk": person.name_kk, "name_ru": person.name_ru, "name_latin": person.name_latin,
        "iin": person.iin or "", "birth_date": _iso(person.birth_date),
        **_texts({name: getattr(conviction, name) for name in _TEXT_COLUMNS}), "region": conviction.region,
        "court": conviction.court, "case_number": conviction.case_number,
        "verdict_date": _iso(conviction.verdict_date), "legal_effect_date": _iso(conviction.legal_effect_date),
        "articles": conviction.article_codes, "gravity": conviction.gravity, "punishment": conviction.punishment,
        "punishment_term_months": str(conviction.punishment_term_months or ""),
        "lifetime_ban": "yes" if conviction.lifetime_ban else "no",
        "sentence_end_date": _iso(conviction.sentence_end_date),
        "removals": _removals_text(conviction.removals or {}),
        **_window_facts(window),
    }


def record_facts(record: feed.FeedRecord, conviction: Conviction | None) -> dict[str, str]:
    """The entry as the proposal would make it, with the window the rules would give."""
    removals = conviction.removal_dates() if conviction else {}
    facts = rules.ConvictionFacts(
        articles=tuple(article_facts_by_id()[i] for i in record.article_ids),
        gravity=rules.Gravity(record.gravity) if record.gravity else None,
        punishment=rules.Punishment(record.punishment), legal_effect_date=record.legal_effect_date,
        sentence_end_date=record.sentence_end_date, removals=removals,
    )
    return {
        "surname": record.surname, "given_name": record.given_name, "patronymic": record.patronymic,
        "name_kk": record.name_kk, "name_ru": record.name_ru, "name_latin": record.name_latin,
        # An empty IIN in a correction keeps the person's IIN (imports.py `_update_person`).
        "iin": record.iin or (conviction.person.iin or "" if conviction else ""),
        "birth_date": _iso(record.birth_date),
        **_texts({f"{field}_{code}": text for field in feed.TEXT_FIELDS
                  for code, text in getattr(record, field).items()}),
        "region": record.region, "court": record.court, "case_number": record.case_number,
        "verdict_date": _iso(record.verdict_date), "legal_effect_date": _iso(record.legal_effect_date),
        "articles": ";".join(record.article_codes), "gravity": record.gravity, "punishment": record.punishment,
        "punishment_term_months": str(record.punishment_term_months or ""),
        "lifetime_ban": "yes" if record.lifetime_ban else "no", "sentence_end_date": _iso(record.sentence_end_date),
        "removals": _removals_text(conviction.removals or {}) if conviction else "",
        **_window_facts(rules.publication_window(facts, current_policy())),
    }


def removal_facts(conviction: Conviction, ground: str, day: str) -> dict[str, str]:
    """The entry after a removal on `ground` from `day`: only the window moves."""
    removals = {**(conviction.removals or {}), ground: day}
    ids = list(conviction.articles.values_list("pk", flat=True))
    facts = facts_of(conviction, ids, article_facts_by_id())
    facts = rules.ConvictionFacts(
        articles=facts.articles, gravity=facts.gravity, punishment=facts.punishment,
        legal_effect_date=facts.legal_effect_date, sentence_end_date=facts.sentence_end_date,
        removals={rules.Removal(k): dt.date.fromisoformat(v) for k, v in removals.items()},
    )
    return {**entry_facts(conviction), "removals": _removals_text(removals),
            **_window_facts(rules.publication_window(facts, current_policy()))}


def before_and_after(proposal: Proposal) -> tuple[dict[str, str], dict[str, str]]:
    conviction = proposal.conviction
    before = entry_facts(conviction) if conviction else {}
    if proposal.kind == Proposal.Kind.REMOVE:
        assert conviction is not None  # a removal always names its entry
        return before, removal_facts(conviction, proposal.payload["ground"], proposal.payload["date"])
    record = feed.parse_record(Cells(1, proposal.payload, []), Catalogue.from_db())
    if record is None:  # the catalogue changed under a pending proposal; approving will say why
        return before, {f.name: "" for f in FIELDS}
    return before, record_facts(record, conviction)


def facts_fingerprint(proposal: Proposal, before_after: tuple[dict[str, str], dict[str, str]] | None = None) -> str:
    """Language-free fingerprint of everything the review shows."""
    before, after = before_after or before_and_after(proposal)
    return fingerprint({"kind": proposal.kind, "entry": proposal.conviction_id, "reason": proposal.reason,
                        "document": proposal.document, "payload": proposal.payload,
                        "before": before, "after": after})


def _article_titles(codes: list[str], lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for article in Article.objects.filter(code__in=codes).order_by("effective_from"):  # the latest version wins
        found[article.code] = f"{article.title(lang)} ({label(article.gravity, lang)})"
    return found


def display(field: str, raw: str, lang: str) -> str:
    """A fact as the approver reads it, in their language; "" when empty."""
    if not raw:
        return ""
    if field == "articles":
        codes = [c for c in raw.split(";") if c]
        titles = _article_titles(codes, lang)
        return "; ".join(f"{code} — {titles[code]}" if code in titles else code for code in codes)
    if field in ("gravity", "punishment", "until_ground"):
        return label(raw, lang) or raw
    if field == "region":
        return region_name(raw, lang) or raw
    if field == "lifetime_ban":
        with override(lang):
            return str(_("yes") if raw == "yes" else _("no"))
    if field == "removals":
        return "; ".join(f"{label(part.split(' ')[0], lang)} {part.split(' ', 1)[-1]}" for part in raw.split("; "))
    return raw


def proposal_review(proposal: Proposal, lang: str) -> dict[str, Any]:
    """The review page and its JSON twin: the proposal, and every field before and after."""
    before, after = before_and_after(proposal)
    rows = [{
        "field": f.name, "label": _in(lang, f.label), "public": f.public,
        "before": display(f.name, before.get(f.name, ""), lang), "after": display(f.name, after.get(f.name, ""), lang),
        "changed": bool(before) and before.get(f.name, "") != after.get(f.name, ""),
    } for f in FIELDS]
    conviction = proposal.conviction
    removal = None
    if proposal.kind == Proposal.Kind.REMOVE:
        removal = {"ground": proposal.payload["ground"], "ground_label": label(proposal.payload["ground"], lang),
                   "date": proposal.payload["date"]}
    return {
        "id": proposal.pk, "kind": proposal.kind, "kind_label": _in(lang, KIND_LABELS[proposal.kind]),
        "status": proposal.status,
        "entry": {"id": conviction.pk, "record_id": conviction.record_id} if conviction else None,
        "record_id": proposal.payload.get("record_id") or (conviction.record_id if conviction else ""),
        "reason": proposal.reason, "document": proposal.document,
        "prepared_by": proposal.created_by.get_username(), "prepared_at": proposal.created_at.isoformat(),
        "decided_by": proposal.decided_by.get_username() if proposal.decided_by else None,
        "removal": removal, "rows": rows, "changed": [r["field"] for r in rows if r["changed"]],
        "digest": facts_fingerprint(proposal, (before, after)),
    }


def _in(lang: str, text: Any) -> str:
    with override(lang):
        return str(text)
