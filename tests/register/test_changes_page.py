""""History of changes" is a page for people (paginated, in words, in kk/ru/en) built
on the register's public change feed, whose JSON is its twin; not a raw JSON dump."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.register import views
from tests.register.conftest import FeedFile, person_row

WORDS = {"en": "entered in the register", "ru": "внесено в реестр", "kk": "тізілімге енгізілді"}


@pytest.fixture
def many(db: Any, feed_file: FeedFile) -> None:
    rows = [person_row(f"H-{n}", f"Синтетов{n}", "Тест", serial=100 + n) for n in range(views.CHANGES_PAGE + 5)]
    call_command("register", "import", str(feed_file(rows)))


@pytest.mark.parametrize("lang", WORDS)
def test_the_history_page_is_readable_and_paginated(client: Client, many: None, lang: str) -> None:
    response = client.get(f"/{lang}/register/changes/")
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert page.count(WORDS[lang]) == views.CHANGES_PAGE
    assert '<a href="/api/v1/register/changes?since=' in page and 'rel="alternate"' in page
    assert "prev_hash" not in page and '"public"' not in page
    following = client.get(f"/{lang}/register/changes/?since=0")
    assert following.status_code == 200 and 'rel="next"' in following.content.decode()


def test_the_page_and_its_twin_show_the_same_changes(client: Client, many: None) -> None:
    page = client.get("/en/register/changes/?since=0")
    twin = client.get(page["Link"].split(">")[0].lstrip("<")).json()
    assert len(twin["results"]) == views.CHANGES_PAGE
    for change in twin["results"]:
        assert f'href="/en/register/{change["entry_id"]}/"' in page.content.decode()


def test_the_search_page_links_the_history_page(client: Client, db: Any) -> None:
    page = client.get("/ru/register/").content.decode()
    assert 'href="/ru/register/changes/"' in page and 'href="/api/v1/register/changes"' not in page


def test_a_bad_since_is_a_clear_400(client: Client, db: Any) -> None:
    response = client.get("/en/register/changes/?since=yesterday")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
