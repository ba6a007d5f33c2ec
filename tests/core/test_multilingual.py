"""Content in three languages: the reader's language or a marked fallback, file columns
old and new (the migration that split each single column into three is tested in
tests/recovery/test_languages.py, which has the fixture PostgreSQL's flush needs)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from adaldyq.core import languages
from adaldyq.core.multilingual import localized, localized_fields

ROW = {"name_kk": "", "name_ru": "Школа", "name_en": "School"}


def test_the_readers_language_or_the_nearest_one_marked() -> None:
    assert localized(ROW, "name", "en") == "School" and not localized(ROW, "name", "en").fell_back
    kazakh = localized(ROW, "name", "kk")
    assert kazakh == "Школа" and kazakh.lang == "ru" and kazakh.fell_back
    assert localized({"name_en": "Only English"}, "name", "ru").lang == "en"
    assert localized({}, "name", "ru") == "" and not localized({}, "name", "ru").fell_back
    assert localized_fields(ROW, "name", lang="kk") == {"name": "Школа", "name_lang": "ru"}


def test_a_fallback_is_marked_on_the_page_and_escaped() -> None:
    template = Template("<p>{{ name }}</p><title>{{ name|plain }}</title>")
    with translation.override("kk"):
        html = template.render(Context({"name": localized({"name_ru": "<Школа>"}, "name")}))
    assert '<span lang="ru">&lt;Школа&gt;</span> <small class="lang-fallback">(орысша)</small>' in html
    assert "<title>&lt;Школа&gt;</title>" in html
    with translation.override("en"):
        html = template.render(Context({"name": localized(ROW, "name")}))
    assert html == "<p>School</p><title>School</title>"


@pytest.mark.parametrize(("text", "lang"), [
    ("Қызылтөбе мектебі", "kk"), ("Школа в Кызылтобе", "ru"), ("School", "en"), ("ГКП «Су арнасы»", "ru"),
])
def test_one_column_goes_to_the_language_its_letters_show(text: str, lang: str) -> None:
    assert languages.guess_language(text) == lang
    assert languages.texts(text) == {lang: text}


def test_file_rows_old_and_new() -> None:
    assert languages.from_row({"position": "аким района"}, "position") == {"ru": "аким района"}
    both = {"position": "аким", "position_kk": "аудан әкімі", "position_en": "district akim"}
    assert languages.from_row(both, "position") == {"kk": "аудан әкімі", "en": "district akim", "ru": "аким"}
    assert languages.from_row({"position_ru": " ", "position": ""}, "position") == {}


def test_fingerprint_of_an_old_single_column_row_is_unchanged() -> None:
    assert languages.fingerprint_value({"ru": "аким района"}) == "аким района"
    assert languages.fingerprint_value({}) == ""
    assert languages.fingerprint_value({"ru": "аким", "en": "akim"}) == {"ru": "аким", "en": "akim"}
    assert languages.fingerprint_value({"kk": "akim"}) == {"kk": "akim"}  # not where its letters would put it
