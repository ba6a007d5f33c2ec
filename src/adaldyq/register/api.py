"""Register JSON API: /api/v1/register, /api/v1/register/{id}, /api/v1/register/changes.

The change feed follows the transparency log (adaldyq.transparency) and shows nothing
about entries that were never public; see docs/register.md.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import translation
from django.views.decorators.http import condition
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import BaseModel

from adaldyq.core.models import HistoryEvent
from adaldyq.core.multilingual import LANG_NOTE
from adaldyq.register import freshness, public, rules
from adaldyq.register.publication import STREAM, SUBJECT
from adaldyq.transparency import public as transparency_log

router = Router(tags=["register"])

# The entries' output schemas are plain pydantic models, not ninja's Schema: they are
# filled from dicts (public.entry_json), and Schema wraps every nested value to read a
# Django object's attributes, which made checking a page of twenty entries several
# times dearer than the rest of pydantic's work. The OpenAPI document is the same.


class RegionOut(BaseModel):
    code: str
    name: str


class ArticleOut(BaseModel):
    code: str
    title: str
    gravity: str
    corruption: bool
    bribery_form: str | None
    bribery_form_label: str | None


class NamesOut(BaseModel):
    kk: str | None
    ru: str | None
    latin: str | None
    as_recorded: str


class EntryOut(BaseModel):
    id: int
    url: str
    name: str
    names: NamesOut
    position: str
    position_lang: str | None = Field(None, description=LANG_NOTE)
    organization: str
    organization_lang: str | None = Field(None, description=LANG_NOTE)
    region: RegionOut | None
    court: str
    case_number: str
    verdict_date: dt.date
    legal_effect_date: dt.date | None
    articles: list[ArticleOut]
    gravity: str | None
    gravity_label: str | None
    punishment: str
    punishment_label: str
    punishment_term_months: int | None
    lifetime_ban_on_public_office: bool
    listed_from: dt.date | None
    listed_until: dt.date | None = Field(None, description="Expungement date when known: the entry leaves the register then.")


class SearchOut(BaseModel):
    count: int
    page: int
    pages: int
    results: list[EntryOut]
    next: str | None
    previous: str | None


class RemovedOut(Schema):
    id: int
    status: str
    removed_on: dt.date | None
    ground: str
    ground_label: str | None


class SearchParams(Schema):
    q: str = Field("", description="A name in any script or spelling, any order, with or without patronymic or initials")
    region: str = Field("", description="Region code, e.g. astana, karaganda")
    article: str = Field("", description="Article (366) or article-part (366-4)")
    organization: str = ""
    year: int | None = Field(None, description="Year of the verdict (1 to 9999)")
    page: int = 1
    lang: str = Field("en", pattern="^(kk|ru|en)$")


def _page_link(request: HttpRequest, number: int | None) -> str | None:
    if number is None:
        return None
    params = request.GET.copy()
    params["page"] = str(number)
    return f"{request.path}?{params.urlencode()}"


class QueryTooShort(Schema):
    detail: str = Field(description="Why the query was refused, in the language asked for")


@router.get("", response={200: SearchOut, 400: QueryTooShort}, summary="Search the public register")
@decorate_view(condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified))
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    if params.year is not None and not 1 <= params.year <= 9999:
        raise HttpError(400, "year must be between 1 and 9999")
    filters = public.Filters.from_params(params.dict())
    if filters.query.too_short:
        with translation.override(params.lang):
            raise HttpError(400, str(public.TOO_SHORT))
    page = public.page_of(public.search(filters), params.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [public.entry_json(c, params.lang) for c in page.object_list],
        "next": _page_link(request, page.next_page_number() if page.has_next() else None),
        "previous": _page_link(request, page.previous_page_number() if page.has_previous() else None),
    }


class LogRefOut(Schema):
    index: int = Field(description="leaf index in the transparency log")
    event: str
    recorded_at: str
    entry_url: str
    proof_url: str = Field(description="inclusion proof in the latest checkpoint")
    personal_url: str | None = Field(description="the salted personal part behind the leaf's commitment")


class EntryDetailOut(EntryOut):
    log: list[LogRefOut] = Field(description="where each event of this entry is in the transparency log")


class ChangeOut(Schema):
    log_index: int = Field(description="leaf index in the transparency log (/log/, /api/v1/log/)")
    seq: int
    entry_id: int
    event: str
    date: dt.date | None
    recorded_at: str = Field(description="UTC, ISO 8601 with microseconds")
    withdrawn: bool = Field(description="the entry has left the register: only the removal is shown")
    ground: str | None
    document: str | None
    source: str | None
    public: dict[str, object] | None
    personal_url: str | None
    proof_url: str


class ChangesOut(Schema):
    stream: str
    results: list[ChangeOut]
    next_since: int | None = Field(None, description="Pass as ?since= to get the following changes")
    verification: str


REMOVALS = {r.value for r in rules.Removal}


def _change(index: int, event: HistoryEvent, state: str) -> dict[str, object] | None:
    """One event as the feed shows it: whole while the entry is public, only the removal
    itself once it has left, nothing at all for an entry that was never public."""
    if state == "missing" or (state == "removed" and event.action not in REMOVALS):
        return None
    shown = state == "public"
    return {
        "log_index": index, "seq": event.seq, "entry_id": int(event.subject_id), "event": event.action,
        "date": event.occurred_on, "recorded_at": event.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "withdrawn": not shown, "ground": event.ground if shown else None, "document": event.document if shown else None,
        "source": event.source if shown else None, "public": event.public if shown else None,
        "personal_url": f"/api/v1/log/personal/{index}" if shown else None,
        "proof_url": f"/api/v1/log/proof/inclusion?index={index}",
    }


@router.get("/changes", response=ChangesOut, summary="Changes to the public register, in transparency-log order")
def changes(request: HttpRequest, since: str = "0", limit: int = 500) -> dict[str, object]:
    """Changes from leaf `since` of the transparency log on (or recorded on or after a date
    YYYY-MM-DD), oldest first. Entries that were never public never appear; an entry that
    left the register shows only its removal."""
    start, day = 0, None
    if since.isdigit():
        start = min(int(since), 2**62)  # beyond any log; keeps the database's integers in range
    else:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise HttpError(400, "since must be a log index or a date (YYYY-MM-DD)") from exc
    limit = max(1, min(limit, 5000))
    leaves = transparency_log.stream_leaves(STREAM, start=start, on_or_after=day, limit=limit)
    state_of = public.states({int(e.subject_id) for _, e in leaves if e.subject_type == SUBJECT})
    results = [c for i, e in leaves if e.subject_type == SUBJECT
               and (c := _change(i, e, state_of[int(e.subject_id)])) is not None]
    return {
        "stream": STREAM,
        "results": results,
        "next_since": leaves[-1][0] + 1 if len(leaves) == limit else None,
        "verification": "Each change is a leaf of the transparency log: its personal part (GET personal_url) "
                        "is committed to by the leaf; check the leaf with proof_url against the signed "
                        "checkpoint at /log/checkpoint, or the whole log with adaldyq-verify. See docs/transparency.md.",
    }


@router.get("/{entry_id}", response={200: EntryDetailOut, 410: RemovedOut}, summary="One register entry")
@decorate_view(condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified))
def entry(request: HttpRequest, entry_id: int, lang: str = "en") -> Status:
    state, conviction = public.lookup(entry_id)
    if conviction is None:
        raise HttpError(404, "No such entry on the public register.")
    if state == "removed":
        return Status(410, public.removed_json(conviction, lang if lang in ("kk", "ru", "en") else "en"))
    return Status(200, public.entry_detail_json(conviction, lang if lang in ("kk", "ru", "en") else "en"))
