"""`adaldyq tokens issue|list|revoke`: the token is printed once and works at once;
partner tokens only with partner scopes their agreement covers; revocation stops a
token on its next call; every change is in the history."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from adaldyq.cooperation import scopes
from adaldyq.cooperation.models import Agreement, Partner
from adaldyq.core.models import ApiToken, HistoryEvent

pytestmark = pytest.mark.django_db


def tokens(*args: str) -> str:
    out = io.StringIO()
    call_command("tokens", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_issue_an_internal_token_use_it_list_it_revoke_it(client: Client, make_officer: Any) -> None:
    make_officer("analyst", "procurement_analyst")
    plaintext = tokens("issue", "Dashboards", "--scope", "procurement:read", "--user", "analyst", "--rate", "5",
                       "--daily-names", "250").strip()
    prefix = plaintext.split(".")[0]
    token = ApiToken.objects.get(prefix=prefix)
    assert (token.scopes, token.rate_per_minute, token.daily_names, token.owner.username, token.partner_id) == (
        ["procurement:read"], 5, 250, "analyst", None)
    assert plaintext not in token.secret_hash
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get("/api/v1/procurement/runs", **auth).status_code == 200
    listing = tokens("list")
    assert f"{prefix}\tactive\tinternal, analyst\tprocurement:read\t5/min\t250 names/day\tDashboards" in listing
    assert plaintext.split(".")[1] not in listing
    assert tokens("revoke", prefix).strip() == f"Revoked {prefix}."
    assert client.get("/api/v1/procurement/runs", **auth).status_code == 401
    assert list(HistoryEvent.objects.filter(stream="tokens", subject_id=prefix).values_list("action", flat=True)) == [
        "issue", "revoke"]
    with pytest.raises(CommandError, match="already revoked"):
        tokens("revoke", prefix)


def test_partner_tokens_need_a_partner_and_its_agreement() -> None:
    partner = Partner.objects.create(code="VN-GI", name="Demo agency", country="VN")
    Agreement.objects.create(partner=partner, kind="memorandum", title="MoU", api_scopes=[scopes.REQUESTS_READ],
                             valid_from=dt.date(2020, 1, 1))
    with pytest.raises(CommandError, match="need --partner"):
        tokens("issue", "VN", "--scope", scopes.REQUESTS_READ)
    with pytest.raises(CommandError, match="Unknown scope"):
        tokens("issue", "VN", "--scope", "screen", "--partner", "VN-GI")
    with pytest.raises(CommandError, match="No agreement in force"):
        tokens("issue", "VN", "--scope", scopes.SCREEN, "--partner", "VN-GI")
    plaintext = tokens("issue", "VN", "--scope", scopes.REQUESTS_READ, "--partner", "VN-GI").strip()
    token = ApiToken.objects.get(prefix=plaintext.split(".")[0])
    assert token.partner_id == partner.pk and token.scopes == [scopes.REQUESTS_READ]
    assert token.daily_names is None  # the default, ADALDYQ_SCREEN_DAILY_QUOTA
    assert f"partner VN-GI\t{scopes.REQUESTS_READ}\t60/min\t10000 names/day" in tokens("list")
    with pytest.raises(CommandError, match="at least 1 name"):
        tokens("issue", "VN", "--scope", scopes.REQUESTS_READ, "--partner", "VN-GI", "--daily-names", "0")
    assert ApiToken.objects.count() == 1
    tokens("revoke", token.prefix)
    token.refresh_from_db()
    assert not token.active
    assert HistoryEvent.objects.filter(stream="cooperation", action="revoke_token").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["issue", "X"], "at least one scope"),
    (["issue", "X", "--scope", "admin"], "Unknown internal scope"),
    (["issue", "X", "--scope", "screen", "--user", "nobody"], "No user nobody"),
    (["issue", "X", "--scope", "screen", "--partner", "XX"], "No partner with code XX"),
    (["issue", "X", "--scope", "screen", "--rate", "0"], "at least 1 call"),
    (["issue", "X", "--scope", "screen", "--daily-names", "0"], "at least 1 name"),
    (["revoke", "deadbeef"], "No token with prefix"),
])
def test_bad_requests_are_refused_and_change_nothing(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        tokens(*args)
    assert not ApiToken.objects.exists()



def test_the_admin_issues_internal_tokens_only(client: Client, django_user_model: Any) -> None:
    admin = django_user_model.objects.create_superuser("root", password="correct horse battery")
    client.force_login(admin)
    refused = client.post("/admin/core/apitoken/add/", {"name": "P", "scopes": '["partner:screen"]',
                                                         "rate_per_minute": 60})
    assert refused.status_code == 200 and b"internal scopes only" in refused.content
    assert not ApiToken.objects.exists()
    issued = client.post("/admin/core/apitoken/add/", {"name": "Bank", "scopes": '["screen"]', "rate_per_minute": 60})
    assert issued.status_code == 302
    token = ApiToken.objects.get()
    assert token.scopes == ["screen"] and token.partner_id is None
    assert HistoryEvent.objects.filter(stream="tokens", subject_id=token.prefix, action="issue").exists()
