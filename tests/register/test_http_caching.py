"""Cache-Control and validators: public pages, API answers and exports can be kept by a
shared cache and revalidated (304); nothing answering credentials, a session or a CSRF
token can be stored anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.register.models import Article
from tests.register.conftest import FeedFile, person_row


@pytest.fixture
def register(db: Any, feed_file: FeedFile) -> FeedFile:
    call_command("register", "import", str(feed_file([person_row("C-1", "Абилов", "Арман", "Серикович", serial=71)])))
    return feed_file


def _never_stored(response: Any) -> bool:
    policy = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= policy and "public" not in policy


PUBLIC = ["/en/register/", "/ru/register/?q=Abilov", "/api/v1/register?q=Abilov", "/exports/register.csv",
          "/exports/register.json", "/kk/", "/api/v1/register/changes"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_answers_are_shareable_and_revalidate_to_304(register: FeedFile, client: Client, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == etag and again["Cache-Control"] == "public, max-age=60"


def test_register_validators_change_when_the_register_does(register: FeedFile, client: Client) -> None:
    first = client.get("/exports/register.csv")
    assert first.has_header("Last-Modified") and first["ETag"].startswith('W/"')
    assert client.get("/exports/register.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    call_command("register", "import", str(register([person_row("C-2", "Омаров", "Болат", "", serial=72)], "more.csv")))
    changed = client.get("/exports/register.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Омаров" in b"".join(changed.streaming_content).decode()
    # A catalogue edit in the admin changes article titles on every page: it changes the validator too.
    etag = changed["ETag"]
    article = Article.objects.get(code="366-4", effective_to=None)
    article.title_en = "Taking a bribe (edited)"
    article.save()
    assert client.get("/exports/register.csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_each_language_and_query_has_its_own_validator(register: FeedFile, client: Client) -> None:
    tags = {client.get(p)["ETag"] for p in ("/en/register/", "/ru/register/", "/en/register/?q=Abilov")}
    assert len(tags) == 3


def test_staff_and_signed_in_answers_are_never_stored(register: FeedFile, client: Client, make_officer: Any) -> None:
    assert _never_stored(client.get("/en/login/"))  # a form with a CSRF token
    client.force_login(make_officer("approver1", "approver"))
    for path in ("/en/register/", "/api/v1/register?q=Abilov", "/en/staff/register/", "/exports/register.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _never_stored(response), path


def test_credentials_errors_and_writes_are_never_stored(register: FeedFile, client: Client) -> None:
    with_token = client.get("/api/v1/register?q=Abilov", HTTP_AUTHORIZATION="Bearer whatever")
    assert _never_stored(with_token)
    assert _never_stored(client.get("/api/v1/register?q=A"))  # 400
    assert _never_stored(client.post("/api/v1/screen", {}, content_type="application/json"))
    assert _never_stored(client.get("/register/"))  # a redirect chosen by language


def test_cached_counts_follow_the_register(register: FeedFile, client: Client) -> None:
    assert "1 entry found" in client.get("/en/register/").content.decode()
    call_command("register", "import", str(register([person_row("C-3", "Омаров", "Болат", "", serial=73)], "more.csv")))
    assert "2 entries found" in client.get("/en/register/").content.decode()
    assert client.get("/api/v1/register").json()["count"] == 2
