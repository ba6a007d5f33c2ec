"""Partner API, at /api/v1/cooperation/. Every endpoint takes a partner's token.

A call passes three gates, all in `PartnerToken`: the token holds the endpoint's
`partner:` scope (403 otherwise, logged), the token belongs to an active partner whose
agreement in force today covers that scope (403, logged), and the per-token rate
limit (429, logged). Screening also counts against the token's daily quota of names
(`screening.quotas`; 429 with Retry-After, logged).
What a call returns is logged with the partner and the scope. A partner only ever
sees its own requests (another partner's reference is a 404, as if it did not exist)
and only the fields in `scopes.REQUEST_FIELDS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from adaldyq.cooperation import scopes, workflow
from adaldyq.cooperation.models import CooperationRequest, Partner
from adaldyq.cooperation.services import today
from adaldyq.core.models import ApiToken
from adaldyq.core.tokens import ScopedToken, is_partner_scope, log_call
from adaldyq.register import public
from adaldyq.register.api import EntryOut, RemovedOut
from adaldyq.screening.public import match_public_register, quotas

router = Router(tags=["cooperation"])


class RequestOut(Schema):
    reference: str
    partner_reference: str
    direction: str = Field(description="From our side: outgoing = we asked you; incoming = you asked us.")
    kind: str
    status: str
    opened_on: dt.date
    due_on: dt.date | None
    closed_on: dt.date | None
    status_changed_on: dt.date


class RequestsOut(Schema):
    partner: str
    count: int
    results: list[RequestOut]


class ScreenIn(Schema):
    names: list[str] = Field(min_length=1, max_length=100, description="Up to 100 names, any script.")


class FeatureOut(Schema):
    feature: str
    value: float | None
    effect: str
    detail: str


class MatchOut(Schema):
    id: int
    name: str
    url: str
    score: float = Field(description="In [0, 1]: the register entry compared as a whole (all its spellings)")
    band: str = Field(description="match, or review (a possible match: another patronymic, for example)")
    explanation: list[FeatureOut] = Field(description="What was compared; never an IIN or a birth date")
    explanation_text: str = Field(description="The same, as one line")


class ScreenResultOut(Schema):
    name: str
    matches: list[MatchOut]


class ScreenOut(Schema):
    partner: str
    results: list[ScreenResultOut]


class PartnerToken(ScopedToken):
    """Ninja auth for partner endpoints: a `partner:` scope, held by the token of an
    active partner whose agreement in force today covers it. `request.auth` is the
    (token, partner) pair."""

    def __init__(self, scope: str) -> None:
        if not is_partner_scope(scope):
            raise ValueError(f"'{scope}' is not a partner scope.")
        super().__init__(scope)

    def authorize(self, request: HttpRequest, token: ApiToken) -> tuple[ApiToken, Partner]:
        partner = (Partner.objects.filter(pk=token.partner_id, active=True).prefetch_related("agreements").first()
                   if token.partner_id else None)
        if partner is None:
            log_call(request, token, self.scope, 403, returned={"refused": "not a partner token"})
            raise HttpError(403, "This endpoint is for partner agencies' tokens.")
        if self.scope not in partner.api_scopes(today()):
            log_call(request, token, self.scope, 403, returned={"partner": partner.code, "refused": "agreement"})
            raise HttpError(403, f"No agreement in force with {partner.code} covers the '{self.scope}' scope.")
        return token, partner


def _partner(request: HttpRequest) -> tuple[ApiToken, Partner]:
    caller: tuple[ApiToken, Partner] = request.auth  # type: ignore[attr-defined]
    return caller


def visible_requests(partner: Partner) -> Any:
    """A partner's requests: all those it sent us, and ours to it once actually sent."""
    sent = CooperationRequest.objects.filter(partner=partner, direction=workflow.OUTGOING,
                                             changes__to_status=workflow.SENT)
    return (CooperationRequest.objects.filter(partner=partner)
            .filter(pk__in=sent.values("pk")) | CooperationRequest.objects.filter(
                partner=partner, direction=workflow.INCOMING)).distinct().order_by("-opened_on", "reference")


def request_fields(row: CooperationRequest) -> dict[str, Any]:
    return {name: getattr(row, name) for name in scopes.REQUEST_FIELDS}


@router.get("/requests", auth=PartnerToken(scopes.REQUESTS_READ), response=RequestsOut,
            summary="Your agency's requests with us and their status")
def list_requests(request: HttpRequest) -> dict[str, Any]:
    token, partner = _partner(request)
    rows = [request_fields(r) for r in visible_requests(partner)]
    log_call(request, token, scopes.REQUESTS_READ, 200,
             returned={"partner": partner.code, "references": [r["reference"] for r in rows]})
    return {"partner": partner.code, "count": len(rows), "results": rows}


@router.get("/requests/{reference}", auth=PartnerToken(scopes.REQUESTS_READ), response=RequestOut,
            summary="The status of one of your requests")
def one_request(request: HttpRequest, reference: str) -> dict[str, Any]:
    token, partner = _partner(request)
    row = visible_requests(partner).filter(reference=reference).first()
    if row is None:
        log_call(request, token, scopes.REQUESTS_READ, 404, returned={"partner": partner.code, "refused": "not found"})
        raise HttpError(404, "No such request.")
    log_call(request, token, scopes.REQUESTS_READ, 200, returned={"partner": partner.code, "references": [reference]})
    return request_fields(row)


@router.get("/register/{entry_id}", auth=PartnerToken(scopes.REGISTER_READ),
            response={200: EntryOut, 410: RemovedOut}, summary="One public register entry")
def register_entry(request: HttpRequest, entry_id: int, lang: str = "en") -> Status[dict[str, Any]]:
    token, partner = _partner(request)
    state, conviction = public.lookup(entry_id)
    if conviction is None:
        log_call(request, token, scopes.REGISTER_READ, 404, returned={"partner": partner.code, "entry": entry_id})
        raise HttpError(404, "No such entry on the public register.")
    if state == "removed":
        log_call(request, token, scopes.REGISTER_READ, 410, returned={"partner": partner.code, "entry": entry_id,
                                                               "state": "removed"})
        return Status(410, public.removed_json(conviction))
    log_call(request, token, scopes.REGISTER_READ, 200, returned={"partner": partner.code, "entry": entry_id})
    return Status(200, public.entry_json(conviction, lang if lang in ("kk", "ru", "en") else "en"))


@router.post("/screen", auth=PartnerToken(scopes.SCREEN), response=ScreenOut,
             summary="Screen names against the public register", openapi_extra={"responses": {429: quotas.OPENAPI_429}})
def screen(request: HttpRequest, body: ScreenIn) -> dict[str, Any] | JsonResponse:
    """Each name is compared by the screening matcher with every public register entry
    as a whole (all its spellings, the patronymic included; never an IIN or a birth
    date, so nothing private can be guessed). Matches and possible matches carry the
    entry id, its published name, the score and its explanation; reading the entry
    needs `partner:register:read`. The names asked are not stored, only how many and
    what matched. The names count against the token's daily quota: 429 (nothing
    screened) past it."""
    token, partner = _partner(request)
    try:
        quotas.check(token, len(body.names))
        return _screen(request, token, partner, body.names)
    except quotas.QuotaExceeded as exc:
        return quotas.too_many(request, token, scopes.SCREEN, exc)


def _screen(request: HttpRequest, token: ApiToken, partner: Partner, names: list[str]) -> dict[str, Any]:
    found = match_public_register([name[:200] for name in names], limit=10)
    results: list[dict[str, Any]] = []
    matched: set[int] = set()
    for name, hits in zip(names, found, strict=True):
        matched.update(int(r.match_id) for r in hits)
        results.append({"name": name, "matches": [
            {"id": int(r.match_id), "name": r.match_name, "url": f"/api/v1/cooperation/register/{r.match_id}",
             "score": r.score, "band": r.band, "explanation": list(r.features), "explanation_text": r.explanation()}
            for r in hits
        ]})
    with transaction.atomic():  # the quota holds under concurrency: charged and logged together
        quotas.charge(token, len(names))
        log_call(request, token, scopes.SCREEN, 200, returned={
            "partner": partner.code, "names": len(names), "matched_entries": sorted(matched),
        })
    return {"partner": partner.code, "results": results}
