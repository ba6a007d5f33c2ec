"""Public register pages; each has a JSON twin in api.py built from the same query."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from adaldyq.core.http import render_with_twin
from adaldyq.core.regions import region_choices
from adaldyq.register import public
from adaldyq.register.models import Article


def search(request: HttpRequest) -> HttpResponse:
    filters = public.Filters.from_params(request.GET)
    page = public.page_of(public.search(filters), request.GET.get("page"))
    lang = get_language() or "en"
    params = {k: v for k, v in request.GET.items() if v and k != "page"}
    query = urlencode(params)
    articles = Article.objects.filter(is_corruption=True).values_list("article", flat=True).distinct().order_by("article")
    return render_with_twin(
        request, "register/search.html",
        {"filters": filters, "page": page, "entries": [public.entry_json(c, lang) for c in page.object_list],
         "regions": region_choices(), "articles": articles, "query": query, "searched": bool(params)},
        json_url=f"/api/v1/register?{urlencode({**params, 'lang': lang, 'page': page.number})}",
    )


def entry(request: HttpRequest, pk: int) -> HttpResponse:
    state, conviction = public.lookup(pk)
    lang = get_language() or "en"
    json_url = f"/api/v1/register/{pk}?lang={lang}"
    if conviction is None:
        return render(request, "register/missing.html", status=404)
    if state == "removed":
        return render_with_twin(request, "register/removed.html", {"entry": public.removed_json(conviction, lang)}, json_url, status=410)
    return render_with_twin(request, "register/entry.html", {"entry": public.entry_detail_json(conviction, lang)}, json_url)
