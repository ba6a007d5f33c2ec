"""Every API endpoint × every kind of token: internal and partner scopes never cross.

The endpoints come from the NinjaAPI itself (every operation, documented or not),
checked against the OpenAPI document. Each operation's guard is classified (public,
internal scope, partner scope); an operation guarded any other way fails the test, so
a new endpoint cannot slip through unclassified. A partner whose agreement expired
is refused everywhere, including `POST /api/v1/screen`, which it could call before
scopes were split (issue 10).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.test import Client
from ninja.security import SessionAuth

from adaldyq.cooperation import scopes
from adaldyq.cooperation.api import PartnerToken
from adaldyq.cooperation.models import Agreement, Partner
from adaldyq.core import tokens
from adaldyq.core.models import ApiCall, ApiToken
from adaldyq.core.tokens import INTERNAL_SCOPES, ScopedToken

pytestmark = pytest.mark.django_db
PUBLIC, INTERNAL, PARTNER = "public", "internal", "partner"


def _operations() -> Iterator[tuple[str, str, list[Any]]]:
    from adaldyq.urls import api

    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                full = "/api/v1/" + "/".join(p.strip("/") for p in (bound.prefix, path) if p.strip("/"))
                full = re.sub(r"\{\w+:(\w+)\}", r"{\1}", full)  # {path:ocid} is {ocid} in OpenAPI
                for method in operation.methods:
                    yield method.lower(), full, list(operation.auth_callbacks)


def _guard(auth: list[Any]) -> tuple[str, str | None]:
    """(kind, scope) of an operation's guard; anything unknown fails loudly."""
    if not auth:
        return PUBLIC, None
    token_guards = [a for a in auth if isinstance(a, ScopedToken)]
    others = [a for a in auth if not isinstance(a, ScopedToken | SessionAuth)]
    assert len(token_guards) == 1 and not others, f"unclassified guard {auth!r}"
    guard = token_guards[0]
    return (PARTNER if isinstance(guard, PartnerToken) else INTERNAL), guard.scope


ENDPOINTS = sorted({(m, p, _guard(a)) for m, p, a in _operations()})


def test_the_enumeration_covers_the_openapi_document(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    # The log's plain /log/ views are described in the same document but are not NinjaAPI
    # operations (they are public by design); only the API's own paths are enumerated.
    documented = {(m, p) for p, ops in document["paths"].items() for m in ops if p.startswith("/api/v1/")}
    enumerated = {(m, p) for m, p, _ in ENDPOINTS}
    assert documented <= enumerated and len(enumerated) >= 20
    assert ("post", "/api/v1/screen", (INTERNAL, "screen")) in ENDPOINTS
    assert {s for _, _, (kind, s) in ENDPOINTS if kind == PARTNER} == set(scopes.PARTNER_SCOPES)
    assert {s for _, _, (kind, s) in ENDPOINTS if kind == INTERNAL} == set(INTERNAL_SCOPES)


def _partner(code: str, valid_until: dt.date | None) -> Partner:
    partner = Partner.objects.create(code=code, name=f"Demo agency {code}", country="TR")
    Agreement.objects.create(partner=partner, kind="memorandum", title="Memorandum (demo)",
                             api_scopes=list(scopes.PARTNER_SCOPES), valid_from=dt.date(2020, 1, 1),
                             valid_until=valid_until)
    return partner


@pytest.fixture
def kinds(db: Any) -> dict[str, tuple[str, ApiToken | None]]:
    """Token kind → (plaintext, token). Each partner token holds every partner scope;
    the 'stale' one also still carries the old internal name `screen`."""
    live = _partner("VN-DEMO", None)
    expired = _partner("TR-DEMO-MOJ", dt.date(2021, 10, 31))
    made: dict[str, tuple[str, ApiToken | None]] = {"none": ("", None)}
    for scope in INTERNAL_SCOPES:
        # A personal scope (approve) acts as one staff user, who holds the roles to decide.
        owner = User.objects.create_user(f"owner-{scope}") if scope in tokens.PERSONAL_SCOPES else None
        if owner:
            owner.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in ("approver", "fund_officer")))
        issued = tokens.issue(f"internal {scope}", [scope], rate_per_minute=10_000,
                              owner_id=owner.pk if owner else None)
        made[f"internal {scope}"] = (issued.plaintext, issued.token)
    for name, partner, extra in (("partner live", live, []), ("partner expired", expired, []),
                                 ("partner stale", expired, ["screen"])):
        issued = tokens.issue(name, [*scopes.PARTNER_SCOPES, *extra], rate_per_minute=10_000, partner_id=partner.pk)
        made[name] = (issued.plaintext, issued.token)
    return made


def expected_refusal(kind: str, guard: tuple[str, str | None]) -> int | None:
    """The status a token kind must get on an endpoint with this guard; None = let in."""
    guarded, scope = guard
    if guarded == PUBLIC:
        return None
    if kind == "none":
        return 401
    if guarded == INTERNAL:
        return None if kind == f"internal {scope}" else 403
    return None if kind == "partner live" else 403


def _call(client: Client, method: str, path: str, plaintext: str) -> Any:
    url = re.sub(r"\{\w+\}", "1", path)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"} if plaintext else {}
    if method == "get":
        return client.get(url, **headers)
    return client.generic(method.upper(), url, json.dumps({}), content_type="application/json", **headers)


def test_every_endpoint_for_every_kind_of_token(client: Client, kinds: dict[str, tuple[str, Any]]) -> None:
    wrong: list[str] = []
    for method, path, guard in ENDPOINTS:
        for kind, (plaintext, _token) in kinds.items():
            status = _call(client, method, path, plaintext).status_code
            refusal = expected_refusal(kind, guard)
            if status >= 500 or (refusal is None and status in (401, 403)) or (
                    refusal is not None and status != refusal):
                wrong.append(f"{method.upper()} {path} [{kind}]: {status}, expected "
                             f"{refusal or 'to be let in'}")
    assert not wrong, "\n".join(wrong)


def test_partner_tokens_on_internal_endpoints_are_logged(client: Client, kinds: dict[str, Any]) -> None:
    plaintext, token = kinds["partner stale"]
    response = _call(client, "post", "/api/v1/screen", plaintext)
    assert response.status_code == 403 and "partner" in response.json()["detail"]
    assert ApiCall.objects.get(token=token).returned == {"refused": "partner token"}


def test_partner_scopes_cannot_guard_internal_endpoints() -> None:
    with pytest.raises(ValueError, match="PartnerToken"):
        ScopedToken(scopes.SCREEN)
    with pytest.raises(ValueError, match="not a partner scope"):
        PartnerToken("screen")


def test_the_migration_renames_partner_scopes_only(db: Any) -> None:
    migration = importlib.import_module("adaldyq.cooperation.migrations.0002_partner_scopes_renamed")
    partner = Partner.objects.create(code="KG-DEMO", name="Demo agency", country="KG")
    agreement = Agreement.objects.create(partner=partner, kind="memorandum", title="MoU",
                                         api_scopes=["screen", "requests:read"], valid_from=dt.date(2020, 1, 1))
    theirs = tokens.issue("kg", ["screen", "register:read"], partner_id=partner.pk).token
    ours = tokens.issue("bank", ["screen"]).token
    migration.forwards(django_apps, None)
    agreement.refresh_from_db()
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert agreement.api_scopes == ["partner:requests:read", "partner:screen"]
    assert theirs.scopes == ["partner:register:read", "partner:screen"]
    assert ours.scopes == ["screen"]
    migration.backwards(django_apps, None)
    theirs.refresh_from_db()
    assert theirs.scopes == ["register:read", "screen"]
