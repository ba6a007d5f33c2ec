"""Public pages, their JSON twins, the API and the report files: same figures
everywhere, and never a private person's data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from adaldyq.recovery import services

from .conftest import DAY, PERSON_ADDRESS, PERSON_IIN, PERSON_NAME

D = Decimal
PERIOD = "from=2026-01-01&to=2026-12-31"


@pytest.fixture
def busy(world: Any, funded: Any) -> Any:
    """The world, with the domestic asset sold and credited, the foreign one frozen, and a funded school."""
    services.take_action(world.home.pk, "freeze", on=DAY)
    services.take_action(world.home.pk, "confiscate", on=DAY + dt.timedelta(days=20), amount=D("90000000"))
    services.take_action(world.home.pk, "transfer", on=DAY + dt.timedelta(days=30))
    services.take_action(world.home.pk, "sell", on=DAY + dt.timedelta(days=40), amount=D("75000000"))
    services.take_action(world.home.pk, "credit", on=DAY + dt.timedelta(days=41), amount=D("75000000"))
    services.take_action(world.abroad.pk, "freeze", on=DAY + dt.timedelta(days=2))
    school = services.create_project(name="Rural school, Kyzyltobe", kind="school", region="mangystau",
                                     locality="Kyzyltobe", approved_on=DAY, budget_kzt=D("240000000"))
    allocation = services.propose_allocation(school.pk, D("60000000"), officer=world.maker, on=DAY)
    services.disburse(allocation.pk, D("20000000"), milestone="Walls", paid_on=DAY, officer=world.maker)
    world.school = school
    return world


def test_pages_in_three_languages_with_json_twins(busy: Any, client: Client) -> None:
    for lang in ("kk", "ru", "en"):
        for path in (f"/{lang}/assets/?{PERIOD}", f"/{lang}/assets/list/?{PERIOD}", f"/{lang}/assets/fund/",
                     f"/{lang}/assets/fund/{busy.school.pk}/"):
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert html.count("<h1") == 1, path
            twin = response["Link"].split(";")[0].strip("<>")
            assert twin.startswith("/api/v1/") and f'href="{twin.replace("&", "&amp;")}"' in html
            assert client.get(twin).status_code == 200, twin


def test_dashboard_shows_charts_and_the_same_figures_as_its_twin(busy: Any, client: Client) -> None:
    response = client.get(f"/en/assets/?{PERIOD}")
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "<svg" in main and "<script" not in main  # drawn on the server: no script needed
    data = client.get(f"/api/v1/assets/summary?{PERIOD}").json()
    assert data["returned"] == {"amount_kzt": "75000000.00", "count": 1}
    assert D(data["pending"]["amount_kzt"]) == D("505500000.00")
    assert data["ordered_vs_collected"]["ordered_kzt"] == "90000000.00"
    assert data["ordered_vs_collected"]["not_collected_kzt"] == "15000000.00"
    assert data["domestic_vs_abroad"]["abroad"]["pending_count"] == 1
    assert data["fund"] == {"currency": "KZT", "received_kzt": "75000000.00", "allocated_kzt": "60000000.00",
                            "disbursed_kzt": "20000000.00", "balance_kzt": "15000000.00", "cash_kzt": "55000000.00"}
    assert "75,000,000.00" in html and "15,000,000.00" in html  # exact, not rounded away
    ru = client.get(f"/ru/assets/?{PERIOD}").content.decode()
    assert "75\xa0000\xa0000,00" in ru and "75.000" not in ru


def test_dashboard_totals_equal_the_itemized_list(busy: Any, client: Client) -> None:
    summary = client.get(f"/api/v1/assets/summary?{PERIOD}").json()
    returned = client.get(f"/api/v1/assets?{PERIOD}&measure=returned").json()
    pending = client.get(f"/api/v1/assets?{PERIOD}&measure=pending").json()
    assert returned["totals"]["returned_kzt"] == summary["returned"]["amount_kzt"]
    assert sum(D(a["returned_kzt"]) for a in returned["items"]) == D(summary["returned"]["amount_kzt"])
    assert sum(D(a["valuation"]["amount_kzt"]) for a in pending["items"]) == D(summary["pending"]["amount_kzt"])
    abroad = client.get(f"/api/v1/assets?{PERIOD}&abroad=true").json()
    assert [a["reference"] for a in abroad["items"]] == ["T-ABROAD"]
    assert abroad["items"][0]["valuation"]["rate"] == "505.500000"


def test_default_period_is_the_last_eleven_months(db: Any, client: Client) -> None:
    data = client.get("/api/v1/assets/summary").json()
    start, end = (dt.date.fromisoformat(data["period"][k]) for k in ("from", "to"))
    assert start.day == 1 and (end.year * 12 + end.month) - (start.year * 12 + start.month) == 10


def test_projects_show_their_sources(busy: Any, client: Client) -> None:
    projects = client.get("/api/v1/fund/projects").json()
    assert projects[0]["sources"] == [{"case": "CC-T-1", "case_title": "Embezzlement in a test akimat", "case_title_lang": "en",
                                       "asset": "T-HOME", "asset_kind": "real_estate", "amount_kzt": "60000000.00"}]
    html = client.get(f"/en/assets/fund/{busy.school.pk}/").content.decode()
    assert "CC-T-1" in html and "Walls" in html
    assert "CC-T-1" in client.get("/en/assets/fund/").content.decode()


def test_report_files_carry_the_dashboard_figures(busy: Any, client: Client) -> None:
    response = client.get(f"/en/assets/report.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {(r["section"], r["key"], r["measure"]): r for r in rows}
    assert by_key[("total", "returned", "returned")]["amount_kzt"] == "75000000.00"
    assert by_key[("total", "not_collected", "not_collected")]["amount_kzt"] == "15000000.00"
    xlsx = client.get(f"/en/assets/report.xlsx?{PERIOD}")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert ["total", "returned", "Returned to the state", "returned", 75000000, 1] in values


def _public_outputs(client: Client, busy: Any) -> dict[str, bytes]:
    paths = [f"/{lang}/assets/?{PERIOD}" for lang in ("kk", "ru", "en")] + [
        f"/en/assets/list/?{PERIOD}", f"/en/assets/list/?{PERIOD}&measure=pending", "/en/assets/fund/",
        f"/en/assets/fund/{busy.school.pk}/", f"/api/v1/assets/summary?{PERIOD}", f"/api/v1/assets?{PERIOD}",
        "/api/v1/fund/summary", "/api/v1/fund/projects", f"/api/v1/fund/projects/{busy.school.pk}",
        f"/en/assets/report.csv?{PERIOD}", "/api/v1/openapi.json",
    ]
    outputs = {path: client.get(path).content for path in paths}
    for path in ("/exports/recovery/assets.csv", "/exports/recovery/project-sources.csv"):
        outputs[path] = b"".join(client.get(path).streaming_content)  # type: ignore[attr-defined]
    xlsx = client.get(f"/en/assets/report.xlsx?{PERIOD}").content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        outputs["report.xlsx"] = b"".join(archive.read(name) for name in archive.namelist())
    return outputs


def test_private_individuals_never_appear_in_public_outputs(busy: Any, client: Client) -> None:
    secrets = [PERSON_NAME, "Zhaksylykov", PERSON_IIN, PERSON_ADDRESS, "1987-05-12", "Secret street"]
    for path, body in _public_outputs(client, busy).items():
        text = body.decode("utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked in {path}"
    listing = client.get(f"/api/v1/assets?{PERIOD}", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    owners = {a["reference"]: (a["owner"], a["owner_kind"]) for a in listing}
    assert owners["T-HOME"] == ("Private individual (withheld)", "person")
    assert owners["T-ABROAD"] == ("Test Stroy LLP", "organization")


def test_the_openapi_document_lists_the_endpoints(db: Any, client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/assets/summary", "/api/v1/assets", "/api/v1/fund/summary", "/api/v1/fund/projects"):
        assert path in paths


def test_pages_are_translated(busy: Any, client: Client) -> None:
    assert "Мемлекетке қайтарылған активтер" in client.get(f"/kk/assets/?{PERIOD}").content.decode()
    assert "Активы, возвращённые государству" in client.get(f"/ru/assets/?{PERIOD}").content.decode()
    listing = client.get(f"/ru/assets/list/?{PERIOD}").content.decode()
    assert "Физическое лицо (данные скрыты)" in listing


def test_open_data_files(busy: Any, client: Client) -> None:
    assets = list(csv.DictReader(io.StringIO(b"".join(
        client.get("/exports/recovery/assets.csv").streaming_content).decode())))  # type: ignore[attr-defined]
    home = next(a for a in assets if a["reference"] == "T-HOME")
    assert home["owner_kind"] == "person" and home["owner_organization"] == ""
    assert (home["ordered_kzt"], home["collected_kzt"], home["not_collected_kzt"]) == (
        "90000000.00", "75000000.00", "15000000.00")
    sources = list(csv.DictReader(io.StringIO(b"".join(
        client.get("/exports/recovery/project-sources.csv").streaming_content).decode())))  # type: ignore[attr-defined]
    assert [(s["case"], s["asset"], s["amount_kzt"]) for s in sources] == [("CC-T-1", "T-HOME", "60000000.00")]
