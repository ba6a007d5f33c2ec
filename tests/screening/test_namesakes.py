"""Namesakes (issue 12): an entity known by a full Cyrillic name and a passport-style
Latin alias without patronymic is never a match for a query with another patronymic,
in either script, through every path that compares names: the matcher's entity rules,
`adaldyq screen` on real files, `POST /api/v1/screen`, the staff page (where birth
dates and IINs count) and supplier ties (the partner API: tests/cooperation/test_coop_api.py).

The register holds two synthetic namesakes, each with a Latin alias without
patronymic:

* Касымов Талгат Талгатович / KASSYMOV Talgat (born 1975-04-12)
* Касымов Талгат Болатович / KASSYMOV Talgat (born 1982-09-30)
"""

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
from tests.procurement.support import OWN_FIXTURES
from tests.register.conftest import person_row

from adaldyq.core import tokens
from adaldyq.procurement import services
from adaldyq.procurement.models import SupplierTie
from adaldyq.register import imports
from adaldyq.register.demo import write_csv
from adaldyq.register.models import Conviction
from adaldyq.screening.engine import IndexedEntry, ListIndex
from adaldyq.screening.queries import PERSON, Query

FIRST_BIRTH = dt.date(1975, 4, 12)
SECOND_BIRTH = dt.date(1982, 9, 30)
TALGATOVICH = "Касымов Талгат Талгатович"
BOLATOVICH = "Касымов Талгат Болатович"
# Queries for the first entity (same patronymic) in Russian and Kazakh Cyrillic and in Latin.
SAME = ["Касымов Талгат Талгатович", "Қасымов Талғат Талғатұлы", "Kasymov Talgat Talgatovich",
        "KASSYMOV Talgat Talgatuly"]
# Queries that share surname and given name with both entities, with a third father's name.
OTHER = ["Kasymov Talgat Bakytovich", "Касымов Талгат Бакытович", "Қасымов Талғат Бақытұлы",
         "Kassymov Talgat Bakytuly", "Kasymov T. S."]



@pytest.fixture
def namesakes(db: Any, tmp_path: Path) -> dict[str, Conviction]:
    rows = [
        person_row("N-1", "Касымов", "Талгат", "Талгатович", serial=1, birth=FIRST_BIRTH,
                   name_latin="KASSYMOV Talgat"),
        person_row("N-2", "Касымов", "Талгат", "Болатович", serial=2, birth=SECOND_BIRTH,
                   name_latin="KASSYMOV Talgat"),
    ]
    feed = tmp_path / "feed.csv"
    write_csv(rows, feed)
    imports.import_records(feed)
    found = {c.person.full_name: c for c in Conviction.objects.public().select_related("person")}
    assert set(found) == {TALGATOVICH, BOLATOVICH}
    return found


# ------------------------------------------------------------------ the matcher

def _entity_index() -> ListIndex:
    return ListIndex("t", [
        IndexedEntry("talgatovich", PERSON, TALGATOVICH, (TALGATOVICH, "KASSYMOV Talgat")),
        IndexedEntry("bolatovich", PERSON, BOLATOVICH, (BOLATOVICH, "KASSYMOV Talgat")),
    ])


@pytest.mark.parametrize("name", OTHER)
def test_another_patronymic_is_at_most_a_possible_match(name: str) -> None:
    results = _entity_index().screen([Query("q", name)], 0.7)
    assert {r.match_id for r in results} == {"talgatovich", "bolatovich"}
    for r in results:
        assert r.band == "review" and r.score < 0.7, r.explanation()
        conflict = next(f for f in r.features if f["feature"] == "patronymic" and "another father" in f["detail"])
        assert r.match_name in conflict["detail"]  # the explanation names the alias that carried it


@pytest.mark.parametrize("name", SAME)
def test_the_same_patronymic_matches_one_entity_only(name: str) -> None:
    results = _entity_index().screen([Query("q", name)], 0.7)
    assert [(r.match_id, r.band) for r in results] == [("talgatovich", "match"), ("bolatovich", "review")]


@pytest.mark.parametrize("name", ["Kasymov Talgat", "Касымов Талгат", "Қасымов Талғат"])
def test_no_patronymic_asked_matches_both(name: str) -> None:
    results = _entity_index().screen([Query("q", name)], 0.7)
    assert {(r.match_id, r.band) for r in results} == {("talgatovich", "match"), ("bolatovich", "match")}


def test_a_lower_threshold_cannot_turn_a_namesake_into_a_match() -> None:
    for threshold in (0.55, 0.6, 0.65):
        results = _entity_index().screen([Query("q", "Kasymov Talgat Bakytovich")], threshold)
        assert all(r.band != "match" for r in results), threshold


# ------------------------------------------------------------------ command line

def _cli(queries: Path, *options: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("screen", str(queries), *options, stdout=out, stderr=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_cli_against_the_register(namesakes: dict[str, Conviction], tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    lines = [f"s{n},{name}" for n, name in enumerate(SAME)] + [f"o{n},{name}" for n, name in enumerate(OTHER)]
    path.write_text("id,name\n" + "\n".join(lines) + "\n", encoding="utf-8")
    rows = _cli(path)
    first = str(namesakes[TALGATOVICH].pk)
    assert {(r["query_id"], r["match_id"]) for r in rows} == {(f"s{n}", first) for n in range(len(SAME))}
    reviewed = _cli(path, "--review")
    assert {r["band"] for r in reviewed if r["query_id"].startswith("o")} == {"review"}
    assert all("another father's name" in r["explanation"] for r in reviewed if r["query_id"].startswith("o"))


def test_cli_against_a_list_file(db: Any, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(f"id,name,aliases\nt,{TALGATOVICH},KASSYMOV Talgat\nb,{BOLATOVICH},KASSYMOV Talgat\n",
                       encoding="utf-8")
    path = tmp_path / "q.csv"
    path.write_text("id,name\nq1,Kasymov Talgat Bakytovich\nq2,Kasymov Talgat Bolatovich\n", encoding="utf-8")
    rows = _cli(path, "--list", str(listing), "--review")
    assert {(r["query_id"], r["match_id"], r["band"]) for r in rows} == {
        ("q1", "t", "review"), ("q1", "b", "review"), ("q2", "b", "match"), ("q2", "t", "review")}


# ------------------------------------------------------------------ API

def _post(token: str, body: dict[str, Any]) -> dict[str, Any]:
    response = Client().post("/api/v1/screen", json.dumps(body), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    data.pop("screening_id")
    return data


@pytest.fixture
def token(db: Any) -> str:
    return tokens.issue("bank", ["screen"], rate_per_minute=1000).plaintext


def test_api_never_reports_a_namesake_as_a_match(namesakes: dict[str, Conviction], token: str) -> None:
    queries = [{"id": f"o{n}", "name": name} for n, name in enumerate(OTHER)]
    queries += [{"id": f"s{n}", "name": name} for n, name in enumerate(SAME)]
    data = _post(token, {"queries": queries})
    first = str(namesakes[TALGATOVICH].pk)
    for result in data["results"]:
        bands = {m["match_id"]: m["band"] for m in result["matches"]}
        if result["id"].startswith("o"):
            assert set(bands.values()) == {"review"}, result
        else:
            assert bands[first] == "match" and "match" not in {b for k, b in bands.items() if k != first}


def test_api_answer_is_the_same_with_right_or_wrong_birth_dates_and_iins(
        namesakes: dict[str, Conviction], token: str) -> None:
    person = namesakes[TALGATOVICH].person
    other = namesakes[BOLATOVICH].person
    variants = [{}, {"birth_date": str(FIRST_BIRTH)}, {"birth_date": str(SECOND_BIRTH)},
                {"birth_date": str(FIRST_BIRTH.replace(day=13))}, {"iin": person.iin}, {"iin": other.iin},
                {"iin": person.iin, "birth_date": str(FIRST_BIRTH)}]
    for name in ("Kasymov Talgat", "Kasymov Talgat Talgatovich", "Kasymov Talgat Bakytovich"):
        answers = [_post(token, {"queries": [{"id": "q", "name": name, **v}]}) for v in variants]
        assert all(a == answers[0] for a in answers), name
        text = json.dumps(answers, ensure_ascii=False)
        for phrase in ("same date", "same year, another day", "decisive", "birth_date", '"iin"'):
            assert phrase not in text


# ------------------------------------------------------------------ staff page

@pytest.fixture
def officer(make_officer: Any) -> Client:
    client = Client()
    client.force_login(make_officer("saule", "screening_officer"))
    return client


def _staff(officer: Client, **fields: str) -> dict[str, str]:
    data = officer.post("/en/staff/screening/?format=json", {"lists": ["register"], "threshold": "0.7", **fields})
    assert data.status_code == 200, data.content
    return {r["match_name"]: r for r in data.json()["results"]}


def test_staff_page_uses_birth_dates_and_iins(namesakes: dict[str, Conviction], officer: Client) -> None:
    person = namesakes[TALGATOVICH].person
    plain = _staff(officer, name="Kasymov Talgat")
    assert plain[TALGATOVICH]["band"] == plain[BOLATOVICH]["band"] == "match"
    # A birth date tells the namesakes apart: another year is no longer a match.
    dated = _staff(officer, name="Kasymov Talgat", birth_date=FIRST_BIRTH.isoformat())
    assert dated[TALGATOVICH]["band"] == "match" and BOLATOVICH not in dated
    assert any(f["detail"] == "same date" for f in dated[TALGATOVICH]["explanation"])
    same_year = _staff(officer, name="Kasymov Talgat", birth_date=FIRST_BIRTH.replace(day=13).isoformat())
    assert any(f["detail"] == "same year, another day" for f in same_year[TALGATOVICH]["explanation"])
    # An IIN decides: equal is the person, another valid IIN is another person.
    by_iin = _staff(officer, name="Kasymov Talgat", iin=person.iin)
    assert by_iin[TALGATOVICH]["score"] == 1.0 and BOLATOVICH not in by_iin
    # The one documented override: an equal IIN names the person, whatever the patronymic.
    other_iin = _staff(officer, name="Kasymov Talgat Talgatovich", iin=namesakes[BOLATOVICH].person.iin)
    assert TALGATOVICH not in other_iin and other_iin[BOLATOVICH]["score"] == 1.0
    assert any(f["effect"] == "decisive: same IIN" for f in other_iin[BOLATOVICH]["explanation"])


def test_staff_page_keeps_a_namesake_with_a_matching_birth_date_out_of_the_match_band(
        namesakes: dict[str, Conviction], officer: Client) -> None:
    found = _staff(officer, name="Kasymov Talgat Bakytovich", birth_date=FIRST_BIRTH.isoformat())
    assert found[TALGATOVICH]["band"] == "review"


# ------------------------------------------------------------------ supplier ties (partners: tests/cooperation)

def test_supplier_ties_see_the_whole_entity(namesakes: dict[str, Conviction], tmp_path: Path) -> None:
    path = tmp_path / "ties.csv"
    path.write_text("supplier_id,supplier_name,person_name,role\n"
                    "S1,,Kasymov Talgat Bakytovich,director\nS1,,Қасымов Талғат Талғатұлы,owner\n"
                    "S2,,Kassymov Talgat Bakytuly,director\n", encoding="utf-8")
    run = services.store_run(OWN_FIXTURES / "ties" / "TIE.jsonl",
                             options=services.Options(ties_file=path, progress=False))
    found = {(t.supplier_id, t.person_name, t.match_name) for t in SupplierTie.objects.filter(run=run, source="csv")}
    assert found == {("S1", "Қасымов Талғат Талғатұлы", TALGATOVICH)}
