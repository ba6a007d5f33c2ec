"""Register JSON API: /api/v1/register, /api/v1/register/{id}, /api/v1/register/changes."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import translation
from django.views.decorators.http import condition
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from adaldyq.core.models import HistoryEvent
from adaldyq.core.multilingual import LANG_NOTE
from adaldyq.register import freshness, public
from adaldyq.register.publication import STREAM, SUBJECT

router = Router(tags=["register"])


class RegionOut(Schema):
    code: str
    name: str


class ArticleOut(Schema):
    code: str
    title: str
    gravity: str
    corruption: bool
    bribery_form: str | None
    bribery_form_label: str | None


class NamesOut(Schema):
    kk: str | None
    ru: str | None
    latin: str | None
    as_recorded: str


class EntryOut(Schema):
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


class SearchOut(Schema):
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
    year: int | None = Field(None, description="Year of the verdict")
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


class ChangeOut(Schema):
    seq: int
    entry_id: int
    event: str
    date: dt.date | None
    recorded_at: str = Field(description="UTC, ISO 8601 with microseconds, exactly as hashed")
    ground: str
    document: str
    source: str
    public: dict[str, object]
    private_digest: str
    prev_hash: str
    hash: str


class ChangesOut(Schema):
    stream: str
    results: list[ChangeOut]
    next_since: int | None = Field(None, description="Pass as ?since= to get the following events")
    verification: str


@router.get("/changes", response=ChangesOut, summary="The public, hash-chained history of the register")
def changes(request: HttpRequest, since: str = "0", limit: int = 500) -> dict[str, object]:
    """Events after `since` (a sequence number, or a date YYYY-MM-DD), oldest first."""
    qs = HistoryEvent.objects.filter(stream=STREAM, subject_type=SUBJECT).order_by("seq")
    if since.isdigit():
        qs = qs.filter(seq__gt=int(since))
    else:
        try:
            qs = qs.filter(recorded_at__date__gte=dt.date.fromisoformat(since))
        except ValueError as exc:
            raise HttpError(400, "since must be a sequence number or a date (YYYY-MM-DD)") from exc
    limit = max(1, min(limit, 5000))
    rows = list(qs[:limit])
    return {
        "stream": STREAM,
        "results": [
            {"seq": e.seq, "entry_id": int(e.subject_id), "event": e.action, "date": e.occurred_on,
             "recorded_at": e.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds"), "ground": e.ground, "document": e.document, "source": e.source,
             "public": e.public, "private_digest": e.private_digest, "prev_hash": e.prev_hash, "hash": e.hash}
            for e in rows
        ],
        "next_since": rows[-1].seq if len(rows) == limit else None,
        "verification": "hash = sha256(canonical JSON of {stream, seq, subject_type, subject_id, action, "
                        "occurred_on, recorded_at (UTC ISO, microseconds), ground, document, source, public, "
                        "private_digest, prev_hash}); see docs/register.md",
    }


@router.get("/{entry_id}", response={200: EntryOut, 410: RemovedOut}, summary="One register entry")
@decorate_view(condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified))
def entry(request: HttpRequest, entry_id: int, lang: str = "en") -> Status:
    state, conviction = public.lookup(entry_id)
    if conviction is None:
        raise HttpError(404, "No such entry on the public register.")
    if state == "removed":
        return Status(410, public.removed_json(conviction, lang if lang in ("kk", "ru", "en") else "en"))
    return Status(200, public.entry_json(conviction, lang if lang in ("kk", "ru", "en") else "en"))
