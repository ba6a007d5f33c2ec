"""One import that covers each rule, checked through the JSON API, the HTML pages and
every export: exactly the right people are public, and nobody's private data is."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from followthemoney import model

from adaldyq.register.models import Conviction, Person
from tests.register.conftest import FeedFile, person_row

ROWS = [
    person_row("R-PUBLIC", "Жақсыбеков", "Ерлан", "Болатұлы", serial=1, name_latin="ZHAKSYBEKOV Yerlan"),
    person_row("R-NOT-IN-FORCE", "Омаров", "Талгат", "Маратович", serial=2, legal_effect_date=""),
    person_row("R-ACQUITTED", "Сеитов", "Нурлан", "Канатович", serial=3),
    person_row("R-RETRIAL", "Искаков", "Серик", "Болатович", serial=4),
    person_row("R-EXPUNGED-TIME", "Тулеуов", "Кайрат", "Ержанович", serial=5, verdict_date="2015-02-01",
               legal_effect_date="2015-03-01", articles="189-3", sentence_end_date="2016-01-01"),
    person_row("R-NOT-CORRUPTION", "Амиров", "Мурат", "Бакытович", serial=6, articles="188-2", gravity="grave"),
    person_row("R-EXPUNGED-EVENT", "Ермеков", "Арман", "Маратович", serial=7, articles="367-3"),
]
EVENTS = [
    ("R-ACQUITTED", "acquitted", "2024-01-10", "Appeal ruling 1"),
    ("R-RETRIAL", "retrial", "2024-02-10", "Cassation ruling 2"),
    ("R-EXPUNGED-EVENT", "expunged", "2024-03-10", "Court notice 3"),
]
PUBLIC = {"R-PUBLIC"}
REMOVED = {"R-ACQUITTED", "R-RETRIAL", "R-EXPUNGED-TIME", "R-EXPUNGED-EVENT"}
NEVER = {"R-NOT-IN-FORCE", "R-NOT-CORRUPTION"}


@pytest.fixture
def imported(db: Any, feed_file: FeedFile, tmp_path: Path) -> dict[str, Conviction]:
    call_command("register", "import", str(feed_file(ROWS)))
    events = tmp_path / "events.csv"
    with events.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "event", "date", "document"])
        writer.writerows(EVENTS)
    call_command("register", "import-events", str(events))
    return {c.record_id: c for c in Conviction.objects.all()}


def _body(response: Any) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_exactly_the_right_entries_are_public(imported: dict[str, Conviction], client: Client) -> None:
    api = client.get("/api/v1/register?lang=en").json()
    assert {r["id"] for r in api["results"]} == {imported[r].pk for r in PUBLIC}

    for record_id, conviction in imported.items():
        api_status = client.get(f"/api/v1/register/{conviction.pk}").status_code
        html_status = client.get(f"/en/register/{conviction.pk}/").status_code
        expected = 200 if record_id in PUBLIC else 410 if record_id in REMOVED else 404
        assert (record_id, api_status, html_status) == (record_id, expected, expected)

    html = client.get("/ru/register/").content.decode()
    assert "Жақсыбеков" in html or "ZHAKSYBEKOV" in html
    for record_id in REMOVED | NEVER:
        assert imported[record_id].person.surname not in html

    exported_csv = list(csv.DictReader(io.StringIO(_body(client.get("/exports/register.csv")))))
    assert {int(r["id"]) for r in exported_csv} == {imported[r].pk for r in PUBLIC}
    exported_json = json.loads(_body(client.get("/exports/register.json")))
    assert {e["id"] for e in exported_json} == {imported[r].pk for r in PUBLIC}
    ftm = [json.loads(line) for line in _body(client.get("/exports/register.ftm.json")).splitlines()]
    people = [e for e in ftm if e["schema"] == "Person"]
    assert len(people) == len(PUBLIC)


def test_removed_entry_says_when_and_why_without_personal_data(imported: dict[str, Conviction], client: Client) -> None:
    conviction = imported["R-ACQUITTED"]
    response = client.get(f"/api/v1/register/{conviction.pk}")
    assert response.status_code == 410
    assert response.json() == {"id": conviction.pk, "status": "removed", "removed_on": "2024-01-10", "ground": "acquitted", "ground_label": "acquitted"}
    html = client.get(f"/kk/register/{conviction.pk}/").content.decode()
    assert "2024 ж. 10 қаңтар" in html and conviction.person.surname not in html

    expired = imported["R-EXPUNGED-TIME"]
    assert client.get(f"/api/v1/register/{expired.pk}").json()["removed_on"] == "2022-01-01"


def test_entry_becomes_public_when_its_verdict_takes_effect(imported: dict[str, Conviction], client: Client, tmp_path: Path) -> None:
    pending = imported["R-NOT-IN-FORCE"]
    events = tmp_path / "effect.csv"
    events.write_text(f"record_id,event,date,document\nR-NOT-IN-FORCE,legal_effect,{dt.date.today():%Y-%m-%d},Appeal period ended\n")
    call_command("register", "import-events", str(events))
    assert client.get(f"/api/v1/register/{pending.pk}").status_code == 200


def test_ftm_export_is_valid_against_the_model(imported: dict[str, Conviction], client: Client) -> None:
    for line in _body(client.get("/exports/register.ftm.json")).splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.schema.name in {"Person", "Sanction", "CourtCase", "CourtCaseParty"}
        for prop, values in data["properties"].items():
            assert proxy.schema.get(prop) is not None, f"{proxy.schema.name} has no property {prop}"
            for value in values:
                assert proxy.schema.get(prop).type.clean(value) is not None, (prop, value)


def test_no_public_output_contains_private_data(imported: dict[str, Conviction], client: Client) -> None:
    Person.objects.update(internal_notes="INTERNAL-NOTE-SECRET")
    Conviction.objects.update(internal_notes="INTERNAL-NOTE-SECRET")
    secrets = ["INTERNAL-NOTE-SECRET"]
    for person in Person.objects.all():
        assert person.birth_date is not None and person.iin
        secrets += [person.iin, person.birth_date.isoformat(), person.birth_date.strftime("%d.%m.%Y")]
    urls = ["/api/v1/register", "/api/v1/register/changes", "/exports/register.csv", "/exports/register.json",
            "/exports/register.ftm.json", "/api/v1/openapi.json"]
    for lang in ("kk", "ru", "en"):
        urls += [f"/{lang}/", f"/{lang}/register/", f"/{lang}/register/?q=Жаксыбеков"]
    for conviction in imported.values():
        urls += [f"/api/v1/register/{conviction.pk}", f"/en/register/{conviction.pk}/"]
    for url in urls:
        body = _body(client.get(url))
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret}"
