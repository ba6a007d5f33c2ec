"""Things a first-day visitor notices: the search example, error pages in the
reader's language and the site layout (JSON under /api/), and a favicon."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import translate_url

import adaldyq
from adaldyq.core import context

PACKAGE = Path(adaldyq.__file__).parent
# The sitting President's surname in the scripts a visitor might type it in.
PRESIDENT = re.compile(r"т[оө][кқ]а[её]в|to[kq]a[iy]?ev", re.IGNORECASE)
LANGS = {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_example_is_no_real_person(client: Client, db: Any, lang: str) -> None:
    page = client.get(f"/{lang}/register/").content.decode()
    placeholder = re.search(r'id="q"[^>]*placeholder="([^"]+)"', page)
    assert placeholder is not None
    assert not PRESIDENT.search(placeholder[1])
    assert re.search(r"Surname|Фамилия|Тегі", placeholder[1]), placeholder[1]  # a pattern, obviously not a person


def test_no_template_or_translation_uses_the_presidents_name() -> None:
    files = [*PACKAGE.glob("*/templates/**/*.html"), *PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po")]
    assert files
    assert [str(f) for f in files if PRESIDENT.search(f.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize("lang", LANGS)
def test_404_is_localized_in_the_site_layout(client: Client, db: Any, lang: str) -> None:
    response = client.get(f"/{lang}/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page and LANGS[lang] in page
    assert 'class="site-header"' in page and 'href="/favicon.ico"' in page
    assert page.count("<h1") == 1


def test_register_entry_404_and_staff_403_are_localized(client: Client, db: Any, make_officer: Any) -> None:
    missing = client.get("/ru/register/999999/")
    assert missing.status_code == 404 and '<html lang="ru">' in missing.content.decode()
    client.force_login(make_officer("outsider"))
    response = client.get("/ru/staff/register/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode() and 'class="site-header"' in response.content.decode()
    kk = client.get("/kk/staff/register/")
    assert kk.status_code == 403 and "Кіруге тыйым салынған" in kk.content.decode()


def test_csrf_refusal_is_the_site_403(db: Any, make_officer: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_officer("registrar", "registrar"))
    response = client.post("/en/staff/register/entries/new/", {"surname": "x"})
    assert response.status_code == 403 and "Access denied" in response.content.decode()
    assert "reload the page" in response.content.decode()


def test_api_errors_are_json(client: Client, db: Any) -> None:
    for path in ("/api/v1/no-such-endpoint", "/api/v1/register/999999"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json"), path
        assert "detail" in response.json()


@override_settings(DEBUG=False)
def test_500_is_localized_and_json_under_the_api(db: Any, settings: Any) -> None:
    from django.urls import path

    from adaldyq import urls

    def broken(request: Any) -> Any:
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("BrokenUrls", (), {
        "urlpatterns": [path("api/v1/broken", broken), *urls.urlpatterns],
        "handler500": urls.handler500,
    })
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/broken")
    assert api.status_code == 500 and api.json()["status"] == 500
    settings.ROOT_URLCONF = type("BrokenPage", (), {
        "urlpatterns": [path("ru/broken/", broken), *urls.urlpatterns],
        "handler500": urls.handler500,
    })
    page = client.get("/ru/broken/", HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 500 and "Что-то пошло не так" in page.content.decode()


def test_favicon(client: Client, db: Any) -> None:
    ico = client.get("/favicon.ico")
    body = b"".join(ico.streaming_content)  # type: ignore[attr-defined]
    assert ico.status_code == 200 and ico["Content-Type"] == "image/x-icon"
    assert body[:4] == b"\x00\x00\x01\x00" and b"PNG" in body[:40]
    svg = client.get("/static/core/favicon.svg")
    assert svg.status_code == 200
    home = client.get("/en/").content.decode()
    assert 'rel="icon" href="/static/core/favicon.svg"' in home


def test_every_page_links_itself_in_the_other_languages(client: Client, db: Any) -> None:
    page = client.get("/ru/register/", {"q": "Абилов", "page": "2"}).content.decode()
    for code in ("kk", "ru", "en"):
        assert f'href="/{code}/register/?q=%D0%90%D0%B1%D0%B8%D0%BB%D0%BE%D0%B2&amp;page=2" hreflang="{code}"' in page
    assert context.language_url("/api/v1/register?q=x", "kk") == "/api/v1/register?q=x"  # not a page: unchanged
    assert context.language_url("/kk", "en") == translate_url("/kk", "en")
