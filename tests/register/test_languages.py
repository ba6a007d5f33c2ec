"""Position and organization at the time, in the reader's language: per-language feed
columns, older single-column feeds (same fingerprints, marked fallbacks), search,
open data and the staff form."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.core.imports import Cells
from adaldyq.core.models import HistoryEvent
from adaldyq.register import feed, proposals, review
from adaldyq.register.catalogue import Catalogue
from adaldyq.register.models import Conviction
from tests.register.conftest import FeedFile, person_row

POSITION = {"kk": "аудан әкімінің орынбасары", "ru": "заместитель акима района", "en": "deputy akim of a district"}
ORGANIZATION = {"kk": "Аудан әкімінің аппараты", "ru": "Аппарат акима района", "en": "Office of the district akim"}


def _three(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("position"), row.pop("organization")
    return {**row, **{f"position_{c}": t for c, t in POSITION.items()},
            **{f"organization_{c}": t for c, t in ORGANIZATION.items()}}


@pytest.fixture
def entries(db: Any, feed_file: FeedFile) -> dict[str, Conviction]:
    rows = [_three(person_row("L-3", "Сапаров", "Нурлан", serial=41)),
            person_row("L-1", "Омаров", "Асет", serial=42, position="главный специалист",
                       organization="Управление образования")]
    call_command("register", "import", str(feed_file(rows)))
    return {c.record_id: c for c in Conviction.objects.all()}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_entry_shows_position_and_organization_in_the_readers_language(
        entries: dict[str, Conviction], client: Client, lang: str) -> None:
    pk = entries["L-3"].pk
    html = client.get(f"/{lang}/register/{pk}/").content.decode()
    assert f"<dd>{POSITION[lang]}</dd>" in html and f"<dd>{ORGANIZATION[lang]}</dd>" in html
    assert not [t for c, t in POSITION.items() if c != lang and t in html]
    twin = client.get(f"/api/v1/register/{pk}?lang={lang}").json()
    assert (twin["position"], twin["position_lang"], twin["organization_lang"]) == (POSITION[lang], lang, lang)
    search = client.get(f"/{lang}/register/", {"q": "Сапаров"}).content.decode()
    assert POSITION[lang] in search


def test_an_older_single_column_feed_is_shown_in_its_language_and_marked(
        entries: dict[str, Conviction], client: Client) -> None:
    entry = entries["L-1"]
    assert (entry.position_ru, entry.position_kk, entry.position_en) == ("главный специалист", "", "")
    html = client.get(f"/en/register/{entry.pk}/").content.decode()
    assert '<span lang="ru">главный специалист</span> <small class="lang-fallback">(in Russian)</small>' in html
    twin = client.get(f"/api/v1/register/{entry.pk}?lang=en").json()
    assert (twin["position"], twin["position_lang"]) == ("главный специалист", "ru")


def test_an_older_feed_keeps_its_fingerprints_so_a_reimport_changes_nothing(
        db: Any, feed_file: FeedFile, capsys: pytest.CaptureFixture[str]) -> None:
    row = person_row("F-1", "Омаров", "Асет", serial=43, position="главный специалист", organization="Акимат")
    record = feed.parse_record(Cells(2, {k: str(v) for k, v in row.items()}, []), Catalogue.from_db())
    assert record is not None
    before_languages = [row["position"] if n == "position" else row["organization"] if n == "organization"
                        else getattr(record, n) for n in feed.FINGERPRINT_FIELDS]
    legacy = hashlib.sha256(json.dumps(before_languages, default=str, ensure_ascii=False).encode()).hexdigest()
    assert record.fingerprint() == legacy  # as fingerprints were computed before three languages
    path = feed_file([row])
    call_command("register", "import", str(path))
    call_command("register", "import", str(path))
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out.splitlines()[-1]


def test_a_translation_added_later_is_a_recorded_correction(
        entries: dict[str, Conviction], feed_file: FeedFile) -> None:
    row = person_row("L-1", "Омаров", "Асет", serial=42, position="главный специалист",
                     organization="Управление образования", position_en="chief specialist")
    call_command("register", "import", str(feed_file([row], "translated.csv")))
    entry = Conviction.objects.get(record_id="L-1")
    assert (entry.position_ru, entry.position_en) == ("главный специалист", "chief specialist")
    assert HistoryEvent.objects.filter(subject_id=str(entry.pk), action="corrected").count() == 1


def test_search_by_organization_in_any_language(entries: dict[str, Conviction], client: Client) -> None:
    for text in ("district akim", "акима района", "әкімінің"):
        found = client.get("/api/v1/register", {"organization": text}).json()["results"]
        assert [r["id"] for r in found] == [entries["L-3"].pk], text


def test_open_data_carries_every_language(entries: dict[str, Conviction], client: Client) -> None:
    body = b"".join(client.get("/exports/register.csv").streaming_content).decode()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(body))}
    row = rows[str(entries["L-3"].pk)]
    assert (row["position"], row["position_kk"], row["organization_ru"]) == (
        POSITION["en"], POSITION["kk"], ORGANIZATION["ru"])
    assert rows[str(entries["L-1"].pk)]["position_en"] == ""


def test_the_staff_form_takes_the_three_languages(db: Any, make_officer: Any, client: Client) -> None:
    maker, checker = make_officer("maker", "registrar"), make_officer("checker", "approver")
    record = _three(person_row("", "Жумабаев", "Даурен", serial=44))
    record.pop("record_id")
    client.force_login(maker)
    form = client.get("/en/staff/register/entries/new/").content.decode()
    assert 'name="position_kk"' in form and 'lang="kk"' in form and "Position at the time (in Kazakh)" in form
    response = client.post("/en/staff/register/entries/new/", {**record, "reason": "verdict", "document": "letter"})
    assert response.status_code == 302
    from adaldyq.register.models import Proposal

    proposal = Proposal.objects.get()
    shown = review.proposal_review(proposal, "en")
    assert {r["field"]: r["after"] for r in shown["rows"]}["organization_en"] == ORGANIZATION["en"]
    conviction = proposals.approve(proposal, checker, reviewed=shown["digest"])
    assert (conviction.position_kk, conviction.organization_en) == (POSITION["kk"], ORGANIZATION["en"])
