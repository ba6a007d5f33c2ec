"""Enumeration flags: one token asking about one name with many birth dates or IINs
in one Asia/Almaty day is flagged for administrators (counts only, never the dates,
IINs or the name), through real HTTP calls; normal bulk screening is not flagged."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from adaldyq.core import tokens
from adaldyq.core.models import ApiCall, HistoryEvent
from adaldyq.names import validate_iin
from adaldyq.screening import enumeration
from adaldyq.screening.models import EnumerationFlag, Screening

SURNAMES = ["Omarov", "Akhmetov", "Nurlanov", "Bekov", "Sadykov", "Zhumabaev", "Ospanov", "Mukayev", "Kassymov",
            "Abenov", "Baimukhanov", "Dzhaksybekov", "Yesenov", "Iskakov", "Kuanyshev", "Mukanov", "Nurpeisov",
            "Rakhimov", "Seitkali", "Temirbekov", "Utebaev", "Zhakupov", "Alimbetov", "Beisenov", "Dauletov",
            "Ermekov", "Galymov", "Ibraev", "Karimov", "Lesbekov", "Makhmetov", "Nigmetov", "Orazov", "Pazylov",
            "Sultanov", "Tulegenov", "Urazbaev", "Khamitov", "Shaikenov", "Yerzhanov"]
GIVEN = ["Erlan", "Marat", "Askar", "Daniyar", "Nurlan", "Serik", "Bolat", "Aidar", "Timur", "Arman", "Yerbol",
         "Kanat", "Azamat", "Zhanibek", "Galym", "Murat", "Ruslan", "Sanzhar", "Talgat", "Ulan", "Aigerim",
         "Dana", "Madina", "Saule", "Gulnara"]



@pytest.fixture
def bank(db: Any) -> tokens.IssuedToken:
    return tokens.issue("bank", ["screen"], rate_per_minute=1000)


def post(token: str, queries: list[dict[str, str]]) -> Any:
    response = Client().post("/api/v1/screen", json.dumps({"queries": queries}), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response


def valid_iins(count: int) -> list[str]:
    """Checksum-valid IINs of men born 1975-01-01, serials 0000, 0001, ..."""
    found = []
    for serial in range(10 * count):
        base = f"7501013{serial:04d}"
        found += [base + d for d in "0123456789" if validate_iin(base + d)][:1]
        if len(found) == count:
            return found
    raise AssertionError("not enough valid IINs")


def dates(count: int) -> list[str]:
    return [(dt.date(1950, 1, 1) + dt.timedelta(days=n)).isoformat() for n in range(count)]


def test_one_request_of_1000_dates_for_one_name_is_flagged(bank: tokens.IssuedToken) -> None:
    asked = dates(1000)
    post(bank.plaintext, [{"id": str(n), "name": "Омаров Ерлан", "birth_date": d} for n, d in enumerate(asked)])
    flag = EnumerationFlag.objects.get()
    screening = Screening.objects.get()
    assert (flag.token_id, flag.birth_dates, flag.iins, flag.queries) == (bank.token.pk, 1000, 0, 1000)
    assert flag.day == timezone.localdate() and list(flag.screenings.all()) == [screening]
    assert ApiCall.objects.get(token=bank.token).returned["enumeration_flags"] == [flag.pk]
    event = HistoryEvent.objects.get(stream="screening")
    assert (event.action, event.subject_id, event.public["birth_dates"]) == ("raise", str(flag.pk), 1000)
    assert event.public["token"] == bank.token.prefix
    stored = json.dumps([list(EnumerationFlag.objects.values().get().values()), event.public], default=str)
    assert not any(d in stored for d in asked[:50]) and "1950" not in stored  # no birth date kept
    assert enumeration.name_key("Омаров Ерлан") not in stored and "Омаров" not in stored  # nor the name


def test_iins_across_requests_and_spellings_are_counted_together(bank: tokens.IssuedToken) -> None:
    spellings = ["Омаров Ерлан", "ERLAN OMAROV", "Omarov  Erlan", "ерлан омаров", "Omarov Erlan", "Омаров Ерлан"]
    for n, (iin, name) in enumerate(zip(valid_iins(6), spellings, strict=True)):
        post(bank.plaintext, [{"id": "1", "name": name, "iin": iin}])
        assert EnumerationFlag.objects.exists() == (n >= 4), n  # the fifth distinct IIN raises it
    flag = EnumerationFlag.objects.get()
    assert (flag.iins, flag.birth_dates, flag.queries, flag.screenings.count()) == (6, 0, 6, 2)
    assert HistoryEvent.objects.filter(stream="screening").count() == 1  # raised once, then kept up to date


def test_normal_bulk_screening_raises_nothing(bank: tokens.IssuedToken) -> None:
    """1,000 different people, each with a birth date and an IIN, and the same
    person asked again with the same details, are not an enumeration."""
    people = [f"{s} {g}" for s in SURNAMES for g in GIVEN]
    assert len({enumeration.name_key(p) for p in people}) == 1000
    iins, born = valid_iins(1000), dates(1000)
    post(bank.plaintext, [{"id": str(n), "name": p, "birth_date": born[n], "iin": iins[n]}
                          for n, p in enumerate(people)])
    for _ in range(10):
        post(bank.plaintext, [{"id": "again", "name": people[0], "birth_date": born[0], "iin": iins[0]}])
    assert not EnumerationFlag.objects.exists() and not HistoryEvent.objects.filter(stream="screening").exists()
    assert ApiCall.objects.filter(token=bank.token).first().returned["enumeration_flags"] == []


def test_counted_per_token_and_per_day(bank: tokens.IssuedToken) -> None:
    other = tokens.issue("other bank", ["screen"], rate_per_minute=1000)
    born = dates(9)
    post(bank.plaintext, [{"id": str(n), "name": "Омаров Ерлан", "birth_date": d} for n, d in enumerate(born[:3])])
    post(other.plaintext, [{"id": str(n), "name": "Омаров Ерлан", "birth_date": d} for n, d in enumerate(born[3:6])])
    assert not EnumerationFlag.objects.exists()  # 3 + 3, but by two tokens
    Screening.objects.update(at=F("at") - dt.timedelta(days=1))  # those were yesterday
    post(bank.plaintext, [{"id": str(n), "name": "Омаров Ерлан", "birth_date": d} for n, d in enumerate(born[6:])])
    assert not EnumerationFlag.objects.exists()  # 3 yesterday + 3 today
    post(bank.plaintext, [{"id": d, "name": "Omarov Erlan", "birth_date": d} for d in born[:2]])
    assert EnumerationFlag.objects.get().birth_dates == 5  # yesterday's dates asked again today count today


def test_administrators_read_flags_and_cannot_change_them(bank: tokens.IssuedToken, django_user_model: Any) -> None:
    post(bank.plaintext, [{"id": str(n), "name": "Омаров Ерлан", "birth_date": d} for n, d in enumerate(dates(7))])
    flag = EnumerationFlag.objects.get()
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", password="correct horse battery"))
    listing = client.get("/admin/screening/enumerationflag/")
    assert listing.status_code == 200 and bank.token.prefix in listing.content.decode()
    page = client.get(f"/admin/screening/enumerationflag/{flag.pk}/change/").content.decode()
    assert "7 names" in page and "1950" not in page and "Омаров" not in page
    assert client.get("/admin/screening/enumerationflag/add/").status_code == 403
    assert client.post(f"/admin/screening/enumerationflag/{flag.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EnumerationFlag.objects.filter(pk=flag.pk).exists()
