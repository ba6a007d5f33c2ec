"""Public search: any script, any order, with or without patronymic or initials; filters;
and the OpenAPI document that describes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.register.conftest import FeedFile, person_row


@pytest.fixture
def register(db: Any, feed_file: FeedFile) -> None:
    rows = [
        person_row("Q-1", "Мұқаев", "Қасен-Жомарт", "Қуанышұлы", serial=31, region="astana", articles="366-4",
                   name_ru="Мукаев Касен-Жомарт Куанышевич", name_latin="MUKAYEV Kassen-Jomart"),
        person_row("Q-2", "Мукаев", "Асхат", "Маратович", serial=32, region="almaty-city", articles="367-3",
                   verdict_date="2021-05-05", legal_effect_date="2021-06-01"),
        person_row("Q-3", "Сейтов", "Нурлан", "Болатович", serial=33, region="astana", articles="189-3-2",
                   organization="Управление образования"),
    ]
    call_command("register", "import", str(feed_file(rows)))


def _names(client: Client, **params: str) -> set[str]:
    return {r["names"]["as_recorded"] for r in client.get("/api/v1/register", params).json()["results"]}


MUKAYEV = "Мұқаев Қасен-Жомарт Қуанышұлы"


@pytest.mark.parametrize(
    "query",
    [
        "Мұқаев Қасен-Жомарт Қуанышұлы", "Мукаев Касен-Жомарт Куанышевич", "MUKAYEV Kassen-Jomart",
        "Kassen-Jomart Mukayev", "мукаев касен-жомарт", "Мукаев К.-Ж. К.", "Mukaev Kasenzhomart",
    ],
)
def test_one_person_in_every_script_and_order(register: None, client: Client, query: str) -> None:
    assert MUKAYEV in _names(client, q=query)


def test_initials_put_the_people_they_fit_first(register: None, client: Client) -> None:
    results = client.get("/api/v1/register", {"q": "Мукаев А."}).json()["results"]
    assert [r["names"]["as_recorded"] for r in results] == ["Мукаев Асхат Маратович", MUKAYEV]
    assert _names(client, q="Мукаев") == {MUKAYEV, "Мукаев Асхат Маратович"}



def test_a_year_no_verdict_can_have_is_named_and_ignored(register: None, client: Client) -> None:
    page = client.get("/ru/register/", {"year": "18291"}).content.decode()
    assert "«18291» — не год приговора, поэтому поиск его не учитывает." in page
    assert "<script>" not in client.get("/en/register/", {"year": "<script>"}).content.decode().split("<main", 1)[1]
    listed = client.get("/ru/register/", {"year": "18291", "region": "astana"}).content.decode()
    assert "Сейтов" in listed and "Мукаев Асхат" not in listed  # the other filters still apply, the year does not
    assert "не год приговора" not in client.get("/ru/register/", {"year": "2021"}).content.decode()

def test_filters(register: None, client: Client) -> None:
    assert _names(client, region="astana") == {MUKAYEV, "Сейтов Нурлан Болатович"}
    assert _names(client, article="367") == {"Мукаев Асхат Маратович"}
    assert _names(client, article="189-3-2") == {"Сейтов Нурлан Болатович"}
    assert _names(client, organization="образования") == {"Сейтов Нурлан Болатович"}
    assert _names(client, year="2021") == {"Мукаев Асхат Маратович"}
    assert _names(client, q="Мукаев", region="astana") == {MUKAYEV}


def test_html_search_links_its_json_twin(register: None, client: Client) -> None:
    response = client.get("/kk/register/", {"q": "Mukayev"})
    assert response.status_code == 200
    assert 'rel="alternate"' in response["Link"] and "/api/v1/register?q=Mukayev" in response["Link"]
    assert "Мұқаев" in response.content.decode()


def test_openapi_describes_the_register(client: Client, db: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/register", "/api/v1/register/{entry_id}", "/api/v1/register/changes"):
        assert path in document["paths"], path
    entry = document["components"]["schemas"]["EntryOut"]["properties"]
    assert "iin" not in entry and "birth_date" not in entry
