"""The search page's results table and filter options, which `register_search` writes in
Python rather than in the template: the same markup, every value escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.register.conftest import FeedFile, person_row

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def register(db: Any, feed_file: FeedFile) -> None:
    rows = [
        person_row("P-1", "Жанабаев", "Ерлан", "Серикович", serial=41, region="astana", articles="366-4;367-3",
                   position='начальник "отдела" & <b>служба</b>', organization=HOSTILE,
                   verdict_date="2022-04-04", legal_effect_date="2022-05-02"),
        person_row("P-2", "Жанабаева", "Айгуль", serial=42, region="", articles="189-3-2", organization=""),
    ]
    call_command("register", "import", str(feed_file(rows)))


def _tbody(client: Client, path: str, **params: str) -> str:
    page = client.get(path, params).content.decode()
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_rows_show_each_entry_with_its_values_escaped(register: None, client: Client) -> None:
    rows = re.findall(r"<tr>.*?</tr>", _tbody(client, "/ru/register/", q="Жанабаев Ерлан"), flags=re.S)
    first = rows[0]
    entry_id = client.get("/api/v1/register", {"q": "Жанабаев Ерлан"}).json()["results"][0]["id"]
    assert f'<a href="/ru/register/{entry_id}/">Жанабаев Ерлан Серикович</a>' in first
    assert "начальник &quot;отдела&quot; &amp; &lt;b&gt;служба&lt;/b&gt;" in first
    assert ", &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in first
    assert "<script>" not in first and "<b>" not in first
    assert "<br><small>Астана</small>" in first
    assert re.search(r'<span title="[^"<>]+">366-4</span>; <span title="[^"<>]+">367-3</span>', first)
    assert "<td>4 апреля 2022</td>" in first


def test_a_row_without_organization_or_region_leaves_them_out(register: None, client: Client) -> None:
    body = _tbody(client, "/en/register/", q="Жанабаева Айгуль")
    row = re.findall(r"<tr>.*?</tr>", body, flags=re.S)[0]
    assert "Жанабаева Айгуль" in row
    assert "<small>" not in row and "head of department," not in row
    assert "<td>1 March 2023</td>" in row


def test_filter_options_keep_the_choice_and_escape_what_was_asked(register: None, client: Client) -> None:
    page = client.get("/en/register/", {"region": "astana", "article": "366"}).content.decode()
    assert '<option value="astana" selected>Astana</option>' in page
    assert '<option value="366" selected>366</option>' in page
    assert page.count(" selected>") == 2
    hostile = client.get("/en/register/", {"region": HOSTILE, "article": HOSTILE}).content.decode()
    assert " selected>" not in hostile and "<script>alert" not in hostile
