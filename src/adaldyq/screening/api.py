"""`POST /api/v1/screen`: screen up to 1,000 names against the register and loaded lists.

The schemas are plain pydantic models: ninja's `Schema` adds a Django-object getter
to every nested object, which cost about a millisecond a response here, and these
schemas only ever hold dicts.

Token-authenticated (scope `screen`, per-token rate limit, per-token daily quota of
names: `quotas.py`). Every call is logged twice: as a screening (who, when, which
lists, how many names; the names until the retention period ends) and as an API call
(counts only, never names). The quota charge, the enumeration flags
(`enumeration.py`) and both logs commit together, or not at all.
"""

from __future__ import annotations

import builtins
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from adaldyq.core.models import ApiToken
from adaldyq.core.tokens import ScopedToken, log_call
from adaldyq.screening import enumeration, queries, quotas, services
from adaldyq.screening.engine import Result
from adaldyq.screening.exceptions import InvalidQuery, UnknownList
from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD
from adaldyq.screening.models import Screening

router = Router(tags=["screening"])
SCOPE = "screen"
MAX_QUERIES = 1000


class ScreeningQuery(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | int = Field(description="Your id for this name; results refer to it")
    name: str = Field(description="A person's or company's name, any script, any order")
    birth_date: str | None = Field(None, description="YYYY-MM-DD, for a person; checked and logged, but it never "
                                   "changes a result here (no oracle for private data: only the staff page uses it)")
    iin: str | None = Field(None, description="BIN of a company (12 digits), used to match companies. A person's IIN "
                            "is checked and logged, but never changes a result here (as birth_date)")
    schema_: str | None = Field(None, alias="schema", description="Person or Company; guessed from legal-form words when absent")


class ScreeningRequest(BaseModel):
    queries: list[ScreeningQuery] = Field(description=f"1 to {MAX_QUERIES} names")
    lists: list[str] = Field(["register"], description="'register' (the live public register) and/or loaded list names")
    threshold: float | None = Field(
        None, description=f"Lowest score of a match (default {MATCH_THRESHOLD}, at least {REVIEW_THRESHOLD})")
    include_review: bool = Field(True, description=f"Also return possible matches (scores from {REVIEW_THRESHOLD})")


class MatchFeature(BaseModel):
    feature: str = Field(description="What was compared: surname, given_name, patronymic, initial, iin, birth_date, company_name ...")
    value: float | None = Field(description="Its similarity in [0, 1], or null for evidence that only adjusts the score")
    effect: str
    detail: str = Field(description="The compared words; never an IIN, BIN or birth date")


class ScreeningMatch(BaseModel):
    match_id: str = Field(description="Entry id on the list (for the register, the public entry id)")
    match_name: str
    matched_name: str = Field(description="The spelling or alias of the entry that matched")
    list: str
    url: str = Field(description="Public page of a register entry; empty for other lists")
    score: float
    band: str = Field(description="match (at or above the threshold) or review (a possible match)")
    explanation: builtins.list[MatchFeature]


class ScreeningQueryResult(BaseModel):
    id: str = Field(description="The query's id, as a string")
    matches: list[ScreeningMatch]


class ScreeningResponse(BaseModel):
    screening_id: int = Field(description="The log entry of this screening")
    lists: list[str]
    threshold: float
    review_threshold: float
    results: list[ScreeningQueryResult] = Field(description="One per query, in the order given")


def _refuse(request: HttpRequest, token: ApiToken, message: str) -> HttpError:
    log_call(request, token, SCOPE, 400, returned={"refused": message[:300]})
    return HttpError(400, message)


@router.post("/screen", auth=ScopedToken(SCOPE), response=ScreeningResponse, summary="Screen names against lists",
             openapi_extra={"responses": {
                 400: {"description": "Too many queries, a bad query (named), an unknown list (named) or a bad threshold"},
                 429: quotas.OPENAPI_429}})
def screen(request: HttpRequest, body: ScreeningRequest) -> dict[str, Any] | JsonResponse:
    """Scores are in [0, 1]; each match carries the features that produced it.

    Errors are 400 with a message naming the problem: more than 1,000 queries, a
    query with an empty name, malformed IIN or birth date (naming its id), an
    unknown list (naming it), or a threshold outside [review threshold, 1]; 429 when
    the names would take the token past its daily quota (the whole request refused).
    """
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not body.queries:
        raise _refuse(request, token, "No queries: send 1 to 1000 names in 'queries'.")
    if len(body.queries) > MAX_QUERIES:
        raise _refuse(request, token, f"Too many queries: {len(body.queries)}; at most {MAX_QUERIES} per request.")

    def log(row: Screening, results: list[Result]) -> None:
        quotas.charge(token, row.query_count, row.at)
        flags = enumeration.record(row, asked)
        log_call(request, token, SCOPE, 200, returned={
            "screening": row.pk, "names": row.query_count, "lists": row.lists, "matches": row.match_count,
            "possible_matches": row.review_count, "enumeration_flags": [f.pk for f in flags]})

    try:
        asked = queries.from_mappings(q.model_dump(by_alias=True) for q in body.queries)
        quotas.check(token, len(asked))
        outcome = services.screen(asked, body.lists, body.threshold, channel="api", who=f"token {token.prefix}",
                                  token_id=token.pk, include_review=body.include_review, log_with=log)
    except quotas.QuotaExceeded as exc:
        return quotas.too_many(request, token, SCOPE, exc)
    except (InvalidQuery, UnknownList, ValueError) as exc:
        raise _refuse(request, token, str(exc)) from exc
    by_query: dict[str, list[dict[str, Any]]] = {q.id: [] for q in asked}
    for r in outcome.results:
        by_query[r.query_id].append({
            "match_id": r.match_id, "match_name": r.match_name, "matched_name": r.matched_name, "list": r.list,
            "url": r.url, "score": r.score, "band": r.band, "explanation": list(r.features),
        })
    row = outcome.screening
    return {"screening_id": row.pk, "lists": outcome.lists, "threshold": row.threshold,
            "review_threshold": REVIEW_THRESHOLD,
            "results": [{"id": q.id, "matches": by_query[q.id]} for q in asked]}
