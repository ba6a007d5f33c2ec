"""Open data, generated from the live register on every request (never a stale file).

Without parameters a file holds the whole public register; with the search page's
parameters (q, region, article, organization, year) it holds exactly what that search
found, so "export" after a search gives the search."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import condition
from followthemoney import model

from adaldyq.core import spreadsheet
from adaldyq.core.languages import columns
from adaldyq.register import freshness, public

# position and organization: English (or the nearest translation, see core.multilingual),
# then each language as recorded ("" where there is no translation).
TEXT_COLUMNS = [c for field in ("position", "organization") for c in columns(field)]
CSV_COLUMNS = [
    "id", "name", "name_kk", "name_ru", "name_latin", "position", "organization", "region", "court", "case_number",
    "verdict_date", "legal_effect_date", "articles", "gravity", "punishment", "punishment_term_months",
    "lifetime_ban_on_public_office", "listed_from", "listed_until", "url", *TEXT_COLUMNS,
]
NO_FILTERS = public.Filters()
AUTHORITY = "Anti-Corruption Agency of the Republic of Kazakhstan"
PROGRAM = "Register of persons convicted of corruption crimes"


def _entries(filters: public.Filters) -> Iterator[dict[str, Any]]:
    for _texts, entry in _entries_with_texts(filters):
        yield entry


def _entries_with_texts(filters: public.Filters) -> Iterator[tuple[list[str], dict[str, Any]]]:
    """The entries the search page shows for these filters: ranked by the name search
    when a name was asked, otherwise by entry id; read in chunks, never all at once.
    Each comes with its position and organization in every language (`TEXT_COLUMNS`)."""
    found = public.search(filters)
    if isinstance(found, public.RankedEntries):
        for start in range(0, len(found), 2000):
            for conviction in found[start:start + 2000]:
                yield [getattr(conviction, c) for c in TEXT_COLUMNS], public.entry_json(conviction, "en")
        return
    for conviction in found.order_by("pk").iterator(chunk_size=2000):
        yield [getattr(conviction, c) for c in TEXT_COLUMNS], public.entry_json(conviction, "en")


def csv_rows(filters: public.Filters = NO_FILTERS) -> Iterator[str]:
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for texts, e in _entries_with_texts(filters):
        writer.writerow([
            e["id"], e["name"], e["names"]["kk"] or "", e["names"]["ru"] or "", e["names"]["latin"] or "",
            e["position"], e["organization"], e["region"]["code"] if e["region"] else "", e["court"], e["case_number"],
            e["verdict_date"], e["legal_effect_date"] or "", ";".join(a["code"] for a in e["articles"]),
            e["gravity"] or "", e["punishment"], e["punishment_term_months"] or "",
            "yes" if e["lifetime_ban_on_public_office"] else "no", e["listed_from"] or "", e["listed_until"] or "", e["url"],
            *texts,
        ])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def json_lines(filters: public.Filters = NO_FILTERS) -> Iterator[str]:
    """A JSON array streamed one entry at a time."""
    yield "["
    first = True
    for e in _entries(filters):
        yield ("" if first else ",\n") + json.dumps(e, ensure_ascii=False)
        first = False
    yield "]\n"


def ftm_entities(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """FollowTheMoney Person, Sanction and CourtCase entities for one public entry."""
    person = model.make_entity("Person")
    person.make_id("adaldyq-register-person", entry["id"])
    person.add("name", entry["name"])
    for other in entry["names"].values():
        if other and other != entry["name"]:
            person.add("alias", other)
    person.add("position", entry["position"] or None)
    person.add("country", "kz")
    person.add("topics", "crime")
    person.add("sourceUrl", entry["url"])
    sanction = model.make_entity("Sanction")
    sanction.make_id("adaldyq-register-sanction", entry["id"])
    sanction.add("entity", person.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", PROGRAM)
    sanction.add("reason", "; ".join(f"{a['code']} {a['title']}" for a in entry["articles"]))
    sanction.add("startDate", entry["listed_from"])
    sanction.add("endDate", entry["listed_until"])
    sanction.add("country", "kz")
    case = model.make_entity("CourtCase")
    case.make_id("adaldyq-register-case", entry["id"])
    case.add("name", entry["case_number"])
    case.add("caseNumber", entry["case_number"])
    case.add("court", entry["court"])
    case.add("fileDate", entry["verdict_date"])
    case.add("country", "kz")
    party = model.make_entity("CourtCaseParty")
    party.make_id("adaldyq-register-party", entry["id"])
    party.add("party", person.id)
    party.add("case", case.id)
    party.add("role", "defendant")
    return [e.to_dict() for e in (person, sanction, case, party)]


def ftm_lines(filters: public.Filters = NO_FILTERS) -> Iterator[str]:
    for e in _entries(filters):
        for entity in ftm_entities(e):
            yield json.dumps(entity, ensure_ascii=False) + "\n"


def _stream(body: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Generated on every request, but revalidated for free: the validators come from the
# register's last change, not from the body (see freshness.py).
fresh = condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified)


@fresh
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(csv_rows(public.Filters.from_params(request.GET)), "text/csv; charset=utf-8", "register.csv")


@fresh
def register_json(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(json_lines(public.Filters.from_params(request.GET)), "application/json", "register.json")


@fresh
def register_ftm(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(ftm_lines(public.Filters.from_params(request.GET)), "application/x-ndjson", "register.ftm.json")

