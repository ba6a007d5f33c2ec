"""The partner API: each scope refused without permission (403, logged), a partner
never sees another partner's requests (404) nor fields outside its scope, every
call is logged with partner, scope and what was returned, and rate limits hold."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from adaldyq.cooperation import scopes, services
from adaldyq.cooperation.exceptions import ScopeNotAllowed
from adaldyq.cooperation.models import Agreement, Partner
from adaldyq.core import tokens
from adaldyq.core.models import ApiCall
from adaldyq.screening import indexes
from tests.clock import inside_a_rate_window

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cooperation"


def call(client: Client, token: str, method: str, path: str, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "post":
        return client.post(BASE + path, data=json.dumps(body), content_type="application/json", **headers)
    return client.get(BASE + path, **headers)


ENDPOINTS = {
    scopes.REQUESTS_READ: ("get", "/requests", None),
    scopes.REGISTER_READ: ("get", "/register/1", None),
    scopes.SCREEN: ("post", "/screen", {"names": ["Ospanov Marat"]}),
}


def sent_request(partner: Partner, officer: Any, kind: str = "information") -> Any:
    request = services.create_request(direction="outgoing", kind=kind, partner=partner, legal_basis="MoU art. 2",
                                      actor_id=officer.pk, due_on=dt.date(2027, 1, 1), summary="internal summary")
    services.add_subject(request, kind="person", name="Secret Subject", actor_id=officer.pk)
    return services.move(request, "sent", actor_id=officer.pk,
                         document=services.NewDocument("Letter", dt.date.today(), "L-1"))


@pytest.mark.parametrize("scope", sorted(ENDPOINTS))
def test_each_scope_refused_without_it_and_logged(scope: str, client: Client, vietnam: Partner) -> None:
    others = [s for s in scopes.PARTNER_SCOPES if s != scope]
    issued = tokens.issue("vn without " + scope, others, partner_id=vietnam.pk)
    method, path, body = ENDPOINTS[scope]
    response = call(client, issued.plaintext, method, path, body)
    assert response.status_code == 403
    logged = ApiCall.objects.get(token=issued.token)
    assert (logged.scope, logged.status, logged.returned) == (scope, 403, {"refused": "scope"})


@pytest.mark.parametrize("scope", sorted(ENDPOINTS))
def test_scope_outside_the_agreement_in_force_is_refused(scope: str, client: Client, vietnam: Partner) -> None:
    """A token minted with a scope is still refused once no agreement covers it."""
    issued = tokens.issue("vn", list(scopes.PARTNER_SCOPES), partner_id=vietnam.pk)
    Agreement.objects.filter(partner=vietnam).update(valid_until=dt.date(2021, 1, 1))
    method, path, body = ENDPOINTS[scope]
    assert call(client, issued.plaintext, method, path, body).status_code == 403
    assert ApiCall.objects.get(token=issued.token).returned == {"partner": "VN-GI", "refused": "agreement"}


@pytest.mark.parametrize("scope", sorted(ENDPOINTS))
def test_agency_tokens_without_a_partner_are_refused(scope: str, client: Client, db: Any) -> None:
    issued = tokens.issue("internal", list(scopes.PARTNER_SCOPES))
    method, path, body = ENDPOINTS[scope]
    assert call(client, issued.plaintext, method, path, body).status_code == 403


def test_no_token_or_a_bad_one_is_401(client: Client, vietnam: Partner) -> None:
    assert client.get(BASE + "/requests").status_code == 401
    assert call(client, "abc.def", "get", "/requests").status_code == 401


def test_partner_sees_only_its_own_requests_and_only_status_fields(
        client: Client, vietnam: Partner, turkey: Partner, officer: Any) -> None:
    mine = sent_request(vietnam, officer)
    theirs = sent_request(turkey, officer)
    services.create_request(direction="outgoing", kind="information", partner=vietnam, legal_basis="MoU",
                            actor_id=officer.pk)  # a draft: not yet sent, so not shown
    incoming = services.create_request(direction="incoming", kind="asset_tracing", partner=vietnam,
                                       legal_basis="MoU art. 4", actor_id=officer.pk, partner_reference="VN/77")
    vn = tokens.issue("vn", [scopes.REQUESTS_READ], partner_id=vietnam.pk).plaintext
    listing = call(client, vn, "get", "/requests").json()
    assert {r["reference"] for r in listing["results"]} == {mine.reference, incoming.reference}
    for row in listing["results"]:
        assert set(row) == set(scopes.REQUEST_FIELDS)
    body = json.dumps(listing)
    assert "Secret Subject" not in body and "internal summary" not in body and "MoU" not in body
    assert call(client, vn, "get", f"/requests/{mine.reference}").json()["status"] == "sent"
    response = call(client, vn, "get", f"/requests/{theirs.reference}")
    assert response.status_code == 404
    tr = tokens.issue("tr", [scopes.REQUESTS_READ], partner_id=turkey.pk).plaintext
    assert [r["reference"] for r in call(client, tr, "get", "/requests").json()["results"]] == [theirs.reference]
    assert call(client, tr, "get", f"/requests/{mine.reference}").status_code == 404
    log = list(ApiCall.objects.filter(token__partner_id=vietnam.pk).order_by("id").values_list("status", "returned"))
    assert log[0] == (200, {"partner": "VN-GI", "references": [r["reference"] for r in listing["results"]]})
    assert log[-1] == (404, {"partner": "VN-GI", "refused": "not found"})


def test_register_read_returns_the_public_entry_only(client: Client, vietnam: Partner, public_entry: Any) -> None:
    entry = public_entry("Ospanov Marat")
    hidden = public_entry("Hidden Person", public=False, iin="750101300998")
    token = tokens.issue("vn", [scopes.REGISTER_READ], partner_id=vietnam.pk).plaintext
    response = call(client, token, "get", f"/register/{entry.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ospanov" in body
    assert "750101300999" not in body and "1975-01-01" not in body and "secret" not in body
    assert call(client, token, "get", f"/register/{hidden.pk}").status_code == 404
    log = ApiCall.objects.filter(token__prefix=token.split(".")[0]).order_by("id")
    assert [(c.scope, c.status, c.returned.get("entry")) for c in log] == [
        (scopes.REGISTER_READ, 200, entry.pk), (scopes.REGISTER_READ, 404, hidden.pk)]


def test_screen_matches_names_without_private_fields(client: Client, vietnam: Partner, public_entry: Any) -> None:
    indexes.forget()  # the register index is cached per history sequence, which these entries do not move
    entry = public_entry("Ospanov Marat")
    token = tokens.issue("vn", [scopes.SCREEN], partner_id=vietnam.pk).plaintext
    response = call(client, token, "post", "/screen", {"names": ["Оспанов Марат", "Nobody Here"]})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [m["id"] for m in results[0]["matches"]] == [entry.pk]
    assert results[1]["matches"] == []
    hit = results[0]["matches"][0]
    assert set(hit) == {"id", "name", "url", "score", "band", "explanation", "explanation_text"}
    assert hit["band"] == "match" and "surname" in hit["explanation_text"]
    body = response.content.decode()
    assert "750101300999" not in body and "1975-01-01" not in body and "750101" not in body
    logged = ApiCall.objects.get(token__prefix=token.split(".")[0])
    assert logged.returned == {"partner": "VN-GI", "names": 2, "matched_entries": [entry.pk]}
    assert "Nobody" not in json.dumps(logged.returned)


def test_screen_never_reports_a_namesake_with_another_patronymic(client: Client, vietnam: Partner) -> None:
    """Issue 12: the register entry is compared as a whole, its Latin alias without
    patronymic included, so another father's name is at most a possible match."""
    from adaldyq.register.models import Conviction, Person

    indexes.forget()
    for n, patronymic in enumerate(("Талгатович", "Болатович")):
        person = Person.objects.create(surname="Касымов", given_name="Талгат", patronymic=patronymic,
                                       name_latin="KASSYMOV Talgat", birth_date=dt.date(1975, 1, 1))
        Conviction.objects.create(
            record_id=f"ns-{n}", person=person, court="Demo district court", case_number=f"1-ns{n}/2024",
            verdict_date=dt.date(2024, 3, 1), legal_effect_date=dt.date(2024, 4, 1), article_codes="366-4",
            punishment="imprisonment", source="staff", fingerprint="x", public_start=dt.date(2024, 4, 1))
    token = tokens.issue("vn", [scopes.SCREEN], partner_id=vietnam.pk).plaintext
    names = ["Kasymov Talgat Bakytovich", "Қасымов Талғат Талғатұлы"]
    response = call(client, token, "post", "/screen", {"names": names})
    assert response.status_code == 200, response.content
    other, same = response.json()["results"]
    assert [m["band"] for m in other["matches"]] == ["review", "review"]
    assert all("another father's name" in m["explanation_text"] for m in other["matches"])
    assert [(m["name"], m["band"]) for m in same["matches"]] == [
        ("Касымов Талгат Талгатович", "match"), ("Касымов Талгат Болатович", "review")]


def test_rate_limit_per_token(client: Client, vietnam: Partner) -> None:
    token = tokens.issue("vn", [scopes.REQUESTS_READ], partner_id=vietnam.pk, rate_per_minute=2).plaintext
    other = tokens.issue("vn2", [scopes.REQUESTS_READ], partner_id=vietnam.pk, rate_per_minute=2).plaintext
    inside_a_rate_window()
    statuses = [call(client, token, "get", "/requests").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert call(client, other, "get", "/requests").status_code == 200


def test_tokens_are_issued_only_within_the_agreement(turkey: Partner, officer: Any) -> None:
    issued = services.issue_partner_token(turkey, [scopes.REQUESTS_READ], actor_id=officer.pk)
    assert issued.token.partner_id == turkey.pk and issued.token.scopes == [scopes.REQUESTS_READ]
    with pytest.raises(ScopeNotAllowed, match="register:read"):
        services.issue_partner_token(turkey, [scopes.REQUESTS_READ, scopes.REGISTER_READ], actor_id=officer.pk)
    with pytest.raises(ScopeNotAllowed, match="Unknown"):
        services.issue_partner_token(turkey, ["admin"], actor_id=officer.pk)
    services.revoke_partner_token(turkey, issued.token.pk, actor_id=officer.pk)
    assert tokens.lookup(issued.plaintext) is None


def test_openapi_lists_the_partner_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/requests", "/requests/{reference}", "/register/{entry_id}", "/screen"):
        assert f"{BASE}{path}" in paths


def test_screen_counts_names_against_the_daily_quota(client: Client, vietnam: Partner) -> None:
    """Names, not calls: 100 names in one call take a quota of 150 most of the way."""
    from adaldyq.screening.models import DailyNames

    issued = tokens.issue("vn", [scopes.SCREEN], partner_id=vietnam.pk, daily_names=150)
    names = [f"Name {n}" for n in range(100)]
    assert call(client, issued.plaintext, "post", "/screen", {"names": names}).status_code == 200
    refused = call(client, issued.plaintext, "post", "/screen", {"names": names[:51]})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json() == {"status": 429, "detail": refused.json()["detail"]}
    assert "Daily quota of 150 names reached: 100 screened today" in refused.json()["detail"]
    assert DailyNames.objects.get(token=issued.token).names == 100
    assert call(client, issued.plaintext, "post", "/screen", {"names": names[:50]}).status_code == 200
    assert DailyNames.objects.get(token=issued.token).names == 150
    assert [c.status for c in ApiCall.objects.filter(token=issued.token).order_by("pk")] == [200, 429, 200]
