"""The fund's projects in the reader's language, figures as each language writes them,
charts legible on a phone, and refusals said in Russian with Russian figures."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from openpyxl import load_workbook

from adaldyq.recovery import services
from adaldyq.recovery.models import Project

from .conftest import DAY

NBSP = "\xa0"
PERIOD = "from=2026-01-01&to=2026-12-31"
SCHOOL = {"kk": "Қызылтөбе ауылындағы мектеп", "ru": "Школа в селе Кызылтобе", "en": "School in Kyzyltobe"}


@pytest.fixture
def school(world: Any, funded: Any) -> Project:
    funded(Decimal("95727672172.02"))
    project = services.create_project(
        name=SCHOOL, kind="school", region="mangystau", approved_on=DAY, budget_kzt=Decimal("240000000"),
        locality={"kk": "Қызылтөбе", "ru": "Кызылтобе", "en": "Kyzyltobe"},
        description={"en": "A rural school left unfinished."})
    # below the second-officer threshold: it takes effect at once
    allocation = services.propose_allocation(project.pk, Decimal("60000000"), officer=world.maker, on=DAY)
    assert allocation.status == "effective"
    services.disburse(allocation.pk, Decimal("20000000"), milestone={"kk": "Қабырғалар", "ru": "Стены"},
                      paid_on=DAY, officer=world.maker)
    return project


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_project_page_speaks_the_readers_language(school: Project, client: Client, lang: str) -> None:
    html = client.get(f"/{lang}/assets/fund/{school.pk}/").content.decode()
    assert f"<h1>{SCHOOL[lang]}</h1>" in html
    others = [name for code, name in SCHOOL.items() if code != lang]
    assert not any(name in html for name in others)
    twin = client.get(f"/api/v1/fund/projects/{school.pk}?lang={lang}").json()
    assert (twin["name"], twin["name_lang"]) == (SCHOOL[lang], lang)


def test_a_missing_translation_is_shown_in_another_language_and_marked(school: Project, client: Client) -> None:
    html = client.get(f"/ru/assets/fund/{school.pk}/").content.decode()
    assert ('<span lang="en">A rural school left unfinished.</span> <small class="lang-fallback">(на английском)'
            '</small>') in html
    assert "<td>Стены</td>" in html
    english = client.get(f"/en/assets/fund/{school.pk}/").content.decode()
    assert '<span lang="ru">Стены</span> <small class="lang-fallback">(in Russian)</small>' in english
    twin = client.get(f"/api/v1/fund/projects/{school.pk}?lang=kk").json()
    assert (twin["description"], twin["description_lang"]) == ("A rural school left unfinished.", "en")
    assert twin["disbursements"][0]["milestone_lang"] == "kk"


def test_the_page_links_its_twin_in_its_own_language(school: Project, client: Client) -> None:
    response = client.get(f"/kk/assets/fund/{school.pk}/")
    assert response["Link"].startswith(f"</api/v1/fund/projects/{school.pk}?lang=kk>")
    assert client.get("/api/v1/fund/projects", HTTP_ACCEPT_LANGUAGE="ru").json()[0]["name"] == SCHOOL["ru"]


@pytest.mark.parametrize(("lang", "figure", "period"), [
    ("ru", f"95{NBSP}727{NBSP}672{NBSP}172,02", "С 1 января 2026 по 31 декабря 2026."),
    ("kk", f"95{NBSP}727{NBSP}672{NBSP}172,02", "2026 ж. 1 қаңтар күннен бастап 2026 ж. 31 желтоқсан күнге дейін."),
    ("en", "95,727,672,172.02", "From 1 January 2026 to 31 December 2026."),
])
def test_headline_figures_and_dates_as_each_language_writes_them(
        school: Project, client: Client, lang: str, figure: str, period: str) -> None:
    html = client.get(f"/{lang}/assets/?{PERIOD}").content.decode()
    kpis = html[html.index('<div class="kpis">'):html.index("</h2>", html.index('<div class="kpis">'))]
    values = re.findall(r'<div class="value">([^<]*)</div>', kpis)
    assert figure in values
    assert all(re.fullmatch(r"[\d\xa0,.]+", v) for v in values), values  # nothing but the number in the box
    assert period in html and "г.." not in html and "e+" not in html


def test_charts_are_drawn_for_a_phone_with_the_readers_numbers(school: Project, client: Client) -> None:
    html = client.get(f"/ru/assets/?{PERIOD}").content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
        assert width <= 340  # shown at its own size on a 390 px screen, not shrunk
        sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)}
        assert sizes and min(sizes) >= 12
    axis = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", " ".join(svgs)))
    assert "млрд тенге" in axis and not re.search(r"\d\.\d", axis) and "e+" not in axis


def test_staff_edit_the_three_languages_and_the_edit_is_recorded(school: Project, world: Any) -> None:
    client = Client()
    client.force_login(world.maker)
    payment = school.disbursements.get()
    url = f"/en/staff/assets/fund/project/{school.pk}/"
    form = client.get(url).content.decode()
    assert 'name="texts-name_kk"' in form and f'name="texts-milestone_{payment.pk}_en"' in form
    response = client.post(url, {"form": "texts", "texts-name_kk": "Жаңа атау", "texts-name_ru": "", "texts-name_en": "",
                                 f"texts-milestone_{payment.pk}_en": "Walls"})
    assert response.status_code == 302
    school.refresh_from_db()
    payment.refresh_from_db()
    assert (school.name_kk, school.name_ru, school.name_en) == ("Жаңа атау", "", "")
    assert (payment.milestone_kk, payment.milestone_en) == ("", "Walls")
    from adaldyq.core.models import HistoryEvent

    event = HistoryEvent.objects.filter(stream="fund", action="translate").get()
    assert event.public["name"] == {"kk": "Жаңа атау"} and event.actor == world.maker
    refused = client.post(url, {"form": "texts", "texts-name_kk": "", "texts-name_ru": "", "texts-name_en": ""})
    assert refused.status_code == 200 and "at least one language" in refused.content.decode()


def test_a_refusal_is_said_in_russian_with_russian_figures(school: Project, world: Any) -> None:
    client = Client()
    client.force_login(world.maker)
    allocation = school.allocations.get()
    response = client.post(f"/ru/staff/assets/fund/project/{school.pk}/",
                           {"form": "disburse", "pay-allocation": str(allocation.pk), "pay-amount": "900000000",
                            "pay-milestone_ru": "Кровля", "pay-paid_on": "2026-03-01"}, follow=True)
    html = response.content.decode()
    assert (f"Выплата 900{NBSP}000{NBSP}000,00 тенге превышает остаток этого выделения — "
            f"40{NBSP}000{NBSP}000,00 тенге") in html


def test_the_report_spreadsheet_is_for_people_in_their_language(school: Project, client: Client) -> None:
    sheet = load_workbook(io.BytesIO(client.get(f"/ru/assets/report.xlsx?{PERIOD}").content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Отчёт о возврате активов", "1 января 2026 – 31 декабря 2026", "Суммы в тенге"]
    assert rows[1][:3] == ["Раздел", "Код", "Наименование показателя"]
    assert ["total", "returned", "Возвращено государству", "returned"] in [r[:4] for r in rows]
    csv_text = client.get(f"/ru/assets/report.csv?{PERIOD}").content.decode()
    assert csv_text.startswith("period_from,period_to,section,key,label,measure,amount_kzt,count")
    assert "2026-01-01,2026-12-31" in csv_text  # machine files keep ISO dates and plain numbers


def test_assets_and_cases_in_the_readers_language(world: Any, client: Client, tmp_path: Any) -> None:
    from django.core.management import call_command

    path = tmp_path / "assets.csv"
    path.write_text(
        "case_reference,case_kind,case_title_kk,case_title_ru,case_title_en,case_opened_on,asset_reference,kind,"
        "description_kk,description_ru,description,country,region,valuation_amount,currency,valuation_date,"
        "identified_on\n"
        "CC-L-1,criminal,Жер бөлу кезіндегі парақорлық,Взяточничество при выделении земли,Bribery in land allocation,"
        "2026-01-02,A-L-1,vehicle,Жүк көлігі,Грузовик,Truck,KZ,astana,5000000,KZT,2026-01-05,2026-01-05\n",
        encoding="utf-8")
    call_command("assets", "import", str(path))
    for lang, title, description in (("ru", "Взяточничество при выделении земли", "Грузовик"),
                                     ("kk", "Жер бөлу кезіндегі парақорлық", "Жүк көлігі"),
                                     ("en", "Bribery in land allocation", "Truck")):
        html = client.get(f"/{lang}/assets/list/?{PERIOD}&measure=all").content.decode()
        assert f"<small>{title}</small>" in html and f"<br>{description}" in html
        item = client.get(f"/api/v1/assets?{PERIOD}&lang={lang}").json()["items"]
        assert [(i["description"], i["case_title_lang"]) for i in item if i["reference"] == "A-L-1"] == [
            (description, lang)]


def test_a_case_title_translation_added_by_staff_is_recorded(world: Any, make_officer: Any) -> None:
    from adaldyq.core.models import HistoryEvent

    client = Client()
    officer = make_officer("rec", "recovery_officer")
    client.force_login(officer)
    response = client.post(f"/en/staff/assets/case/{world.case.pk}/",
                           {"form": "texts", "texts-title_ru": "Хищение в тестовом акимате",
                            "texts-title_en": "Embezzlement in a test akimat"})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert (world.case.title_ru, world.case.title_kk) == ("Хищение в тестовом акимате", "")
    assert HistoryEvent.objects.get(subject_type="recovery.case", action="translate").actor == officer


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_migration_moves_each_text_to_its_language_and_loses_nothing(threads_db: Any) -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate([("recovery", "0004_documents_allow_list"), ("risks", "0003_documents_allow_list")])
    try:
        Project = old.get_model("recovery", "Project")
        Project.objects.create(name="Школа в Кызылтобе", kind="school", region="mangystau", approved_on="2026-01-01",
                               description="Qyzyltobe school", locality="Қызылтөбе")
        Case = old.get_model("recovery", "RecoveryCase")
        Case.objects.create(reference="CC-1", kind="criminal", title="Жер бөлу кезіндегі парақорлық",
                            opened_on="2025-01-01")
        Sector = old.get_model("risks", "Sector")
        Analysis = old.get_model("risks", "Analysis")
        sector = Sector.objects.create(code="migration-test", name_kk="Сала", name_ru="Сфера", name_en="Sector")
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
