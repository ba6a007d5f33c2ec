"""Content in three languages: the reader's language or a marked fallback, file columns
old and new, and the migration that split each single column into three."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
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


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_text_to_its_language_and_loses_nothing() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate([("recovery", "0003_monthly_figures_and_covering_indexes"), ("risks", "0002_six_sectors")])
    try:
        Project = old.get_model("recovery", "Project")
        Project.objects.create(name="Школа в Кызылтобе", kind="school", region="mangystau", approved_on="2026-01-01",
                               description="Qyzyltobe school", locality="Қызылтөбе")
        Case = old.get_model("recovery", "RecoveryCase")
        Case.objects.create(reference="CC-1", kind="criminal", title="Жер бөлу кезіндегі парақорлық",
                            opened_on="2025-01-01")
        Sector = old.get_model("risks", "Sector")
        Analysis = old.get_model("risks", "Analysis")
        sector = Sector.objects.get(code="transport_control")
        Analysis.objects.create(code="a-1", kind="external", title="Внешний анализ", sector=sector,
                                period_start="2025-01-01", period_end="2025-12-31")
        new = _migrate(latest)
        project = new.get_model("recovery", "Project").objects.get()
        assert (project.name_kk, project.name_ru, project.name_en) == ("", "Школа в Кызылтобе", "")
        assert (project.description_en, project.locality_kk) == ("Qyzyltobe school", "Қызылтөбе")
        assert new.get_model("risks", "Analysis").objects.get().title_ru == "Внешний анализ"
        assert new.get_model("recovery", "RecoveryCase").objects.get().title_kk == "Жер бөлу кезіндегі парақорлық"
    finally:
        _migrate(latest)
