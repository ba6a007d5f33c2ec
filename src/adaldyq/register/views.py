"""Public register pages; each has a JSON twin in api.py built from the same query."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import condition
from ninja.errors import HttpError

from adaldyq.core.http import render_with_twin
from adaldyq.core.regions import region_choices
from adaldyq.register import api, freshness, public
from adaldyq.register.labels import label


@condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified)
def search(request: HttpRequest) -> HttpResponse:
    filters = public.Filters.from_params(request.GET)
    page = public.page_of(public.search(filters), request.GET.get("page"))
    lang = get_language() or "en"
    params = {k: v for k, v in request.GET.items() if v and k != "page"}
    query = urlencode(params)
    articles = public.corruption_article_numbers()
    year_asked = request.GET.get("year", "").strip()[:20]
    return render_with_twin(
        request, "register/search.html",
        {"filters": filters, "page": page, "too_short": public.TOO_SHORT if filters.query.too_short else "", "entries": [public.entry_json(c, lang) for c in page.object_list],
         "regions": region_choices(), "articles": articles, "query": query, "searched": bool(params),
         "year_ignored": year_asked if year_asked and filters.year is None else ""},
        json_url=f"/api/v1/register?{urlencode({**params, 'lang': lang, 'page': page.number})}",
    )


@condition(etag_func=freshness.etag, last_modified_func=freshness.last_modified)
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    state, conviction = public.lookup(pk)
    lang = get_language() or "en"
    json_url = f"/api/v1/register/{pk}?lang={lang}"
    if conviction is None:
        return render(request, "register/missing.html", status=404)
    if state == "removed":
        return render_with_twin(request, "register/removed.html", {"entry": public.removed_json(conviction, lang)}, json_url, status=410)
    return render_with_twin(request, "register/entry.html", {"entry": public.entry_detail_json(conviction, lang)}, json_url)


CHANGES_PAGE = 50
CHANGES_DEFAULT_DAYS = 30


def changes(request: HttpRequest) -> HttpResponse:
    """The history of changes for people: the register's public change feed (the JSON
    twin, `api.changes`), one page at a time, in words. By default the last 30 days."""
    since = request.GET.get("since", "").strip()[:20] or (
        timezone.localdate() - dt.timedelta(days=CHANGES_DEFAULT_DAYS)).isoformat()
    lang = get_language() or "en"
    json_url = f"/api/v1/register/changes?{urlencode({'since': since, 'limit': CHANGES_PAGE})}"
    try:
        feed = api.changes(request, since=since, limit=CHANGES_PAGE)
    except HttpError as error:
        return render_with_twin(request, "register/changes.html", {"since": since, "error": str(error), "changes": []},
                                json_url, status=400)
    results = cast(list[dict[str, Any]], feed["results"])
    rows = [{**change, "event_label": label(change["event"], lang)} for change in results]
    return render_with_twin(request, "register/changes.html", {
        "since": since, "since_date": since if not since.isdigit() else "", "changes": rows,
        "next_since": feed["next_since"], "page_size": CHANGES_PAGE,
    }, json_url)
