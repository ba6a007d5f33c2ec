"""The staff screening page: roles, one name, a CSV upload to a CSV download, errors
shown without screening, the JSON twin, and nothing stored but the log."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adaldyq.register import imports
from adaldyq.register.demo import generate, write_csv
from adaldyq.register.models import Conviction
from adaldyq.screening.models import Screening

URL = "/en/staff/screening/"
UPLOAD = "/en/staff/screening/upload/"



@pytest.fixture
def register(db: Any, tmp_path: Path) -> list[Conviction]:
    path = tmp_path / "feed.csv"
    write_csv(generate(47, 20, dt.date.today()), path)
    imports.import_records(path)
    return list(Conviction.objects.public().select_related("person").order_by("pk"))


@pytest.fixture
def officer(make_officer: Any) -> Client:
    client = Client()
    client.force_login(make_officer("saule", "screening_officer"))
    return client


def test_needs_a_screening_role(make_officer: Any) -> None:
    assert Client().get(URL).status_code == 302
    client = Client()
    client.force_login(make_officer("fund", "fund_officer"))
    assert client.get(URL).status_code == 403
    for role in ("screening_officer", "registrar", "administrator"):
        allowed = Client()
        allowed.force_login(make_officer(f"u-{role}", role))
        assert allowed.get(URL).status_code == 200


def test_page_has_one_h1_labels_and_a_json_twin(officer: Client) -> None:
    page = officer.get(URL)
    html = page.content.decode()
    assert html.count("<h1") == 1 and 'for="id_name"' in html and 'for="id_file"' in html
    assert page["Link"].startswith(f"<{URL}?format=json&lang=en>")
    twin = officer.get(URL, {"format": "json"}).json()
    assert twin["lists"] == ["register"] and twin["match_threshold"] == 0.7


def test_one_name_shows_score_band_and_explanation(register: list[Conviction], officer: Client) -> None:
    entry = register[0]
    page = officer.post(URL, {"name": entry.person.name_latin, "lists": ["register"], "threshold": "0.7"})
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert f'href="/en/register/{entry.pk}/"' in html and "surname" in html and "match" in html
    assert entry.person.iin not in html and str(entry.person.birth_date) not in html
    row = Screening.objects.get()
    assert (row.channel, row.who, row.query_count) == ("staff", "saule", 1)
    twin = officer.post(f"{URL}?format=json", {"name": entry.person.name_latin, "lists": ["register"],
                                               "threshold": "0.7"}).json()
    assert any(r["match_id"] == str(entry.pk) and r["band"] == "match" for r in twin["results"])


def test_bad_iin_is_shown_and_nothing_is_screened(db: Any, officer: Client) -> None:
    page = officer.post(URL, {"name": "Омаров Ерлан", "iin": "123", "lists": ["register"], "threshold": "0.7"})
    assert page.status_code == 400 and "is not a valid IIN/BIN" in page.content.decode()
    assert not Screening.objects.exists()


def test_upload_returns_a_results_csv(register: list[Conviction], officer: Client) -> None:
    entry = register[0]
    upload = SimpleUploadedFile("names.csv", f"id,name\nx1,{entry.person.name_ru}\nx2,Nobody Atall\n".encode())
    response = officer.post(UPLOAD, {"file": upload, "lists": ["register"], "threshold": "0.7"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="screening-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert any(r["query_id"] == "x1" and r["match_id"] == str(entry.pk) and r["band"] == "match" for r in rows)
    assert Screening.objects.get().query_count == 2


@pytest.mark.parametrize(("content", "message"), [
    ("id,nom\nx1,Омаров\n", "missing column"),
    ("id,name\nx1,\n", "row 1, column name: empty name"),
    ("id,name,iin\nx1,Омаров,99\n", "row 1, column iin"),
])
def test_bad_upload_is_explained(db: Any, officer: Client, content: str, message: str) -> None:
    upload = SimpleUploadedFile("names.csv", content.encode())
    page = officer.post(UPLOAD, {"file": upload, "lists": ["register"], "threshold": "0.7"})
    assert page.status_code == 400 and message in page.content.decode()
    assert not Screening.objects.exists()


def test_unknown_list_is_refused_by_the_form(db: Any, officer: Client) -> None:
    page = officer.post(URL, {"name": "Омаров Ерлан", "lists": ["ghost"], "threshold": "0.7"})
    assert page.status_code == 400 and not Screening.objects.exists()
