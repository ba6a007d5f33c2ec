"""`POST /api/v1/screen`: tokens and scopes, named 400s, the register always current,
the log of every call (counts, never names), no IIN or birth date in a response,
and the OpenAPI description."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.clock import inside_a_rate_window

from adaldyq.core import tokens
from adaldyq.core.models import ApiCall
from adaldyq.register import imports
from adaldyq.register.demo import generate, write_csv
from adaldyq.register.models import Conviction
from adaldyq.screening import services
from adaldyq.screening.models import ScreenedName, Screening


@pytest.fixture
def rows() -> list[dict[str, str]]:
    return generate(43, 30, dt.date.today())


@pytest.fixture
def register(db: Any, tmp_path: Path, rows: list[dict[str, str]]) -> list[Conviction]:
    path = tmp_path / "feed.csv"
    write_csv(rows[:20], path)
    imports.import_records(path)
    return list(Conviction.objects.public().select_related("person").order_by("pk"))


@pytest.fixture
def token(db: Any) -> str:
    return tokens.issue("bank", ["screen"], rate_per_minute=1000).plaintext


def post(token: str | None, body: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post("/api/v1/screen", json.dumps(body), content_type="application/json", **headers)


def test_needs_a_token_with_the_screen_scope(db: Any) -> None:
    body = {"queries": [{"id": "1", "name": "Омаров Ерлан"}]}
    assert post(None, body).status_code == 401
    assert post("nope.nope", body).status_code == 401
    other = tokens.issue("reader", ["register:read"]).plaintext
    assert post(other, body).status_code == 403
    assert not Screening.objects.exists()


def test_rate_limit_per_token(db: Any) -> None:
    slow = tokens.issue("slow", ["screen"], rate_per_minute=2).plaintext
    body = {"queries": [{"id": "1", "name": "Омаров Ерлан"}]}
    inside_a_rate_window()
    assert [post(slow, body).status_code for _ in range(3)] == [200, 200, 429]


def test_matches_with_band_and_explanation(register: list[Conviction], token: str) -> None:
    entry = register[0]
    response = post(token, {"queries": [{"id": "a", "name": entry.person.name_latin},
                                        {"id": "b", "name": "Zzyzx Qwerty"}]})
    assert response.status_code == 200
    data = response.json()
    assert [r["id"] for r in data["results"]] == ["a", "b"] and data["results"][1]["matches"] == []
    hit = next(m for m in data["results"][0]["matches"] if m["match_id"] == str(entry.pk))
    assert hit["list"] == "register" and hit["band"] == "match" and hit["url"] == f"/en/register/{entry.pk}/"
    assert {f["feature"] for f in hit["explanation"]} >= {"surname", "given_name"}
    assert data["threshold"] == 0.7 and data["review_threshold"] == 0.55


def test_response_never_shows_iin_or_birth_date(register: list[Conviction], token: str) -> None:
    person = register[0].person
    response = post(token, {"queries": [{"id": "a", "name": person.name_ru, "iin": person.iin,
                                         "birth_date": str(person.birth_date)}]})
    text = response.content.decode()
    hit = next(m for m in response.json()["results"][0]["matches"] if m["match_id"] == str(register[0].pk))
    assert not {"iin", "birth_date"} & {f["feature"] for f in hit["explanation"]}
    assert person.iin not in text and str(person.birth_date) not in text
    assert person.birth_date.strftime("%y%m%d") not in text


def _answer(token: str, query: dict[str, str]) -> Any:
    data = post(token, {"queries": [query], "include_review": True}).json()
    data.pop("screening_id")  # the log entry, one per call
    return data


def test_no_oracle_a_right_or_wrong_iin_or_birth_date_gives_the_same_answer(
        register: list[Conviction], token: str) -> None:
    """Issue 10: an API caller cannot test guesses of a register person's IIN or birth date."""
    person = register[0].person
    other = next(c.person for c in register if c.person.iin != person.iin and c.person.birth_date != person.birth_date)
    name = {"id": "a", "name": person.name_latin}
    answers = [_answer(token, {**name, **facts}) for facts in (
        {}, {"iin": person.iin}, {"iin": other.iin}, {"birth_date": str(person.birth_date)},
        {"birth_date": str(other.birth_date)},
        {"birth_date": str(person.birth_date.replace(day=1 if person.birth_date.day > 1 else 2))})]
    assert answers[0]["results"][0]["matches"], "the name alone must find the person"
    assert all(answer == answers[0] for answer in answers[1:])
    text = json.dumps(answers)
    for phrase in ("same date", "same year, another day", "decisive: same IIN", "decisive: different IINs"):
        assert phrase not in text


def test_register_is_always_current(register: list[Conviction], token: str, rows: list[dict[str, str]],
                                    tmp_path: Path) -> None:
    newcomer = next(r for r in rows[20:] if r["legal_effect_date"] and r["articles"].split("-")[0] in ("366", "367", "368"))
    body = {"queries": [{"id": "n", "name": newcomer["name_latin"], "birth_date": newcomer["birth_date"]}]}
    before = {m["match_id"] for m in post(token, body).json()["results"][0]["matches"] if m["band"] == "match"}
    path = tmp_path / "more.csv"
    write_csv([newcomer], path)
    imports.import_records(path)
    added = Conviction.objects.get(record_id=newcomer["record_id"])
    assert Conviction.objects.public().filter(pk=added.pk).exists()
    after = {m["match_id"] for m in post(token, body).json()["results"][0]["matches"] if m["band"] == "match"}
    assert str(added.pk) in after and str(added.pk) not in before


def test_loaded_lists_and_unknown_list(db: Any, token: str, tmp_path: Path) -> None:
    path = tmp_path / "debar.csv"
    path.write_text("id,name\nd1,ТОО «Дала Строй»\nd2,Омаров Ерлан Болатович\n", encoding="utf-8")
    services.load_list("debar", path)
    data = post(token, {"queries": [{"id": "c", "name": "Dala Stroy LLP"}, {"id": "p", "name": "Omarov Yerlan"}],
                        "lists": ["debar"]}).json()
    assert [[m["match_id"] for m in r["matches"]] for r in data["results"]] == [["d1"], ["d2"]]
    response = post(token, {"queries": [{"id": "c", "name": "Dala"}], "lists": ["debar", "ghost", "phantom"]})
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown screening list(s): ghost, phantom. See `adaldyq lists show`."


@pytest.mark.parametrize(("query", "detail"), [
    ({"id": "q7", "name": "Омаров Ерлан", "iin": "1234"}, "query 'q7', iin: '1234' is not a valid IIN/BIN"),
    ({"id": "q8", "name": "  "}, "query 'q8', name: empty name"),
    ({"id": "q9", "name": "Омаров", "birth_date": "31/12/1970"}, "query 'q9', birth_date"),
    ({"id": "q1", "name": "Омаров", "schema": "Vessel"}, "query 'q1', schema"),
])
def test_bad_query_is_named(db: Any, token: str, query: dict[str, str], detail: str) -> None:
    response = post(token, {"queries": [{"id": "q1", "name": "Омаров Ерлан"}, query]})
    assert response.status_code == 400 and response.json()["detail"].startswith(detail)
    assert not Screening.objects.exists()
    assert ApiCall.objects.get().status == 400


def test_more_than_a_thousand_queries_is_refused(db: Any, token: str) -> None:
    body = {"queries": [{"id": str(n), "name": "Омаров Ерлан"} for n in range(1001)]}
    response = post(token, body)
    assert response.status_code == 400
    assert response.json()["detail"] == "Too many queries: 1001; at most 1000 per request."
    assert post(token, {"queries": []}).status_code == 400
    assert post(token, {"queries": [{"id": "1", "name": "Омаров"}], "threshold": 0.1}).status_code == 400


def test_thousand_queries_are_screened_and_logged_without_names(register: list[Conviction], token: str) -> None:
    body = {"queries": [{"id": str(n), "name": register[n % len(register)].person.name_ru} for n in range(1000)]}
    response = post(token, body)
    assert response.status_code == 200 and len(response.json()["results"]) == 1000
    screening = Screening.objects.get()
    assert (screening.channel, screening.query_count, screening.lists, screening.who) == (
        "api", 1000, ["register"], f"token {screening.token.prefix}")
    assert screening.match_count >= 1000 and ScreenedName.objects.filter(screening=screening).count() == 1000
    call = ApiCall.objects.get()
    assert call.status == 200 and call.returned["names"] == 1000 and call.returned["screening"] == screening.pk
    assert register[0].person.name_ru not in json.dumps(call.returned, ensure_ascii=False)


def test_openapi_describes_the_endpoint(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/screen"]["post"]
    assert operation["security"] and "400" in operation["responses"]
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"queries", "lists", "threshold"} <= set(spec["components"]["schemas"][body_ref]["properties"])
    assert {"ScreeningMatch", "MatchFeature", "ScreeningResponse"} <= set(spec["components"]["schemas"])
