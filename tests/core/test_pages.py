"""Every public page and its JSON twin answer on an empty database, in each language,
and say plainly when demo data is loaded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from adaldyq.core import flags

PUBLIC_PAGES = ["/", "/register/", "/register/changes/", "/assets/", "/assets/list/", "/assets/fund/", "/risks/"]
JSON_TWINS = [
    "/api/v1/register", "/api/v1/register/changes", "/api/v1/assets/summary", "/api/v1/assets",
    "/api/v1/fund/summary", "/api/v1/fund/projects", "/api/v1/risks/summary", "/api/v1/openapi.json",
]
EXPORTS = ["/exports/register.csv", "/exports/register.json", "/exports/register.ftm.json"]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_on_an_empty_database(db: Any, client: Client, lang: str, page: str) -> None:
    response = client.get(f"/{lang}{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and html.count("<h1") == 1


@pytest.mark.parametrize("url", JSON_TWINS + EXPORTS)
def test_json_and_exports_on_an_empty_database(db: Any, client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


def test_demo_mode_is_said_on_every_page(db: Any, client: Client) -> None:
    assert "synthetic" not in client.get("/en/register/").content.decode()
    flags.set_demo_mode(True)
    for page in PUBLIC_PAGES:
        assert "Demonstration data" in client.get(f"/en{page}").content.decode(), page
