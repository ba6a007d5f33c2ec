"""The API's bad input is a 400 with a JSON body, never a 500 nor an HTML page
(issue 10). Run on SQLite and PostgreSQL (NUL bytes failed only on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/api/v1/register?year=99999999999999999999",
    "/api/v1/register?year=18291",  # an int, but no date has that year (found by schemathesis)
    "/api/v1/assets/summary?from=9999-12-31",
    "/api/v1/assets/summary?from=9999-12-31&to=9999-12-31",
    "/api/v1/register?organization=%00",
    "/api/v1/register?q=Omarov%00",
    "/api/v1/register/changes?since=%00",
])
def test_out_of_range_and_nul_input_is_a_json_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json") and response.json()["detail"]


def test_nul_in_a_json_body_is_a_400(client: Client) -> None:
    response = client.post("/api/v1/cooperation/screen", '{"names": ["a\\u0000b"]}', content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/api/v1/no-such-endpoint", 404),
    ("delete", "/api/v1/register", 405),
])
def test_other_api_errors_are_json_too(client: Client, method: str, url: str, status: int) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_search_page_ignores_a_year_no_date_can_have(client: Client) -> None:
    response = client.get("/en/register/?year=18291")
    assert response.status_code == 200 and b'value="18291"' not in response.content
