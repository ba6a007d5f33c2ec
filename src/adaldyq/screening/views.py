"""The staff screening page: screen one name, or upload a CSV and download the results.

Results are computed per request and never stored; only the screening log is
(names until the retention period ends). Responses with names say `no-store`.
The JSON twin (`?format=json`, GET or POST) is built from the same data.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from adaldyq.core import roles, spreadsheet
from adaldyq.core.http import render_with_twin
from adaldyq.core.roles import role_required
from adaldyq.screening import queries, services
from adaldyq.screening.engine import Result
from adaldyq.screening.exceptions import InvalidFile, InvalidQuery, ScreeningError
from adaldyq.screening.forms import OneNameForm, UploadForm
from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD
from adaldyq.screening.models import Screening

STAFF = (roles.SCREENING_OFFICER, roles.REGISTRAR, roles.ADMINISTRATOR)
UPLOAD_LIMIT = 10_000  # rows; larger files go through `adaldyq screen`
CSV_COLUMNS = ["query_id", "match_id", "match_name", "list", "score", "band", "explanation"]


def _result_json(r: Result) -> dict[str, Any]:
    return {"match_id": r.match_id, "match_name": r.match_name, "matched_name": r.matched_name, "list": r.list,
            "url": r.url, "score": r.score, "band": r.band, "explanation": list(r.features)}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, one: OneNameForm, upload: UploadForm, *, results: list[Result] | None = None,
          errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    recent = Screening.objects.filter(user_id=request.user.pk or 0).order_by("-at")[:10]
    data = {"match_threshold": MATCH_THRESHOLD, "review_threshold": REVIEW_THRESHOLD,
            "lists": [c[0] for c in one.fields["lists"].choices]}  # type: ignore[attr-defined]
    if results is not None:
        data["results"] = [_result_json(r) for r in results]
    if errors:
        data["errors"] = errors
    if request.GET.get("format") == "json":
        return _no_store(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))
    response = render_with_twin(request, "screening/screen.html", {
        "one": one, "upload": upload, "results": results, "errors": errors or [], "recent": recent,
        "match_threshold": MATCH_THRESHOLD, "review_threshold": REVIEW_THRESHOLD,
    }, f"{request.path}?format=json", status=status)
    return _no_store(response) if results is not None else response


@role_required(*STAFF)
def screen(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, OneNameForm(), UploadForm())
    form = OneNameForm(request.POST)
    if not form.is_valid():
        return _page(request, form, UploadForm(), status=400)
    data = form.cleaned_data
    try:
        asked = queries.from_mappings([{"id": "1", "name": data["name"], "iin": data["iin"],
                                        "birth_date": data["birth_date"].isoformat() if data["birth_date"] else "",
                                        "schema": data["schema"]}])
        outcome = services.screen(asked, data["lists"], data["threshold"], channel="staff",
                                  who=request.user.get_username(), user_id=request.user.pk)
    except (InvalidQuery, ScreeningError, ValueError) as exc:
        return _page(request, form, UploadForm(), errors=[str(exc)], status=400)
    return _page(request, form, UploadForm(), results=outcome.results)


@require_POST
@role_required(*STAFF)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, OneNameForm(), form, status=400)
    data = form.cleaned_data
    handle = io.TextIOWrapper(data["file"].file, encoding="utf-8-sig", newline="")
    try:
        asked = queries.read_csv_text(handle, data["file"].name, limit=UPLOAD_LIMIT)
        outcome = services.screen(asked, data["lists"], data["threshold"], channel="staff",
                                  who=request.user.get_username(), user_id=request.user.pk)
    except InvalidFile as exc:
        return _page(request, OneNameForm(), form, errors=[f"{exc.source}: {e}" for e in exc.errors[:50]], status=400)
    except (ScreeningError, ValueError) as exc:
        return _page(request, OneNameForm(), form, errors=[str(exc)], status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="screening-{stamp}.csv"'
    writer = spreadsheet.csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in outcome.results:
        writer.writerow([r.query_id, r.match_id, r.match_name, r.list, f"{r.score:.4f}", r.band, r.explanation()])
    return _no_store(response)
