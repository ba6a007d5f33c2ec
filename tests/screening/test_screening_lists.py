"""Loading screening lists: CSV and FollowTheMoney readers checked whole (row and
reason per bad row, nothing loaded), idempotent re-loads, --replace, and an
imported cooperation package becoming a list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adaldyq.screening import lists, services
from adaldyq.screening.exceptions import InvalidFile, ListExists, ScreeningError
from adaldyq.screening.models import ListEntry, ScreeningList

VALID_IIN = "750101390007"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(path: Path, entities: list[Any]) -> Path:
    return write(path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities))


PERSON = {"id": "p1", "schema": "Person", "properties": {
    "name": ["Omarov Yerlan"], "alias": ["Омаров Ерлан"], "birthDate": ["1975-01-01"],
    "idNumber": [VALID_IIN], "nationality": ["kz"]}}
COMPANY = {"id": "c1", "schema": "Company", "properties": {"name": ["ТОО «Дала Строй»"], "jurisdiction": ["kz"]}}
SANCTION = {"id": "s1", "schema": "Sanction", "properties": {"entity": ["c1"]}}


def test_csv_reader_keeps_optional_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", "id,name,birth_date,iin,aliases,countries\n"
                 f"a,Омаров Ерлан,1975-01-01,{VALID_IIN},OMAROV Yerlan;Omarov E.,kz\nb,ТОО «Дала Строй»,,,,\n")
    report = lists.read_file(path)
    first, second = report.entries
    assert (first.schema, first.birth_date, first.id_number, first.aliases) == (
        "Person", dt.date(1975, 1, 1), VALID_IIN, ("OMAROV Yerlan", "Omarov E."))
    assert second.schema == "Company" and report.kind == "mixed"


def test_csv_reader_reports_every_bad_row(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", "id,name,birth_date,iin\na,,,\n,Name Two,,\nc,Name Three,1975-13-01,\n"
                                     "d,Name Four,,12345\ne,Name Five,,\ne,Name Six,,\n")
    with pytest.raises(InvalidFile) as caught:
        lists.read_file(path)
    assert [str(e) for e in caught.value.errors] == [
        "row 2, column name: is required", "row 3, column id: is required",
        "row 4, column birth_date: '1975-13-01' is not a date (YYYY-MM-DD)",
        "row 5, column iin: '12345' is not a valid IIN/BIN (12 digits with a correct check digit)",
        "row 7, column id: 'e' is also on row 6",
    ]


def test_csv_reader_names_a_missing_column(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile) as caught:
        lists.read_file(write(tmp_path / "l.csv", "id,fullname\na,Name\n"))
    assert [str(e) for e in caught.value.errors] == ["header, column name: is missing (a required column)"]


def test_ftm_reader_keeps_persons_and_companies_and_skips_other_schemas(tmp_path: Path) -> None:
    report = lists.read_file(jsonl(tmp_path / "l.jsonl", [PERSON, COMPANY, SANCTION]))
    person, company = report.entries
    assert (person.entry_id, person.schema, person.aliases, person.birth_date, person.id_number, person.countries) == (
        "p1", "Person", ("Омаров Ерлан",), dt.date(1975, 1, 1), VALID_IIN, ("kz",))
    assert company.schema == "Company" and report.skipped == 1


def test_ftm_reader_reports_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "l.jsonl", json.dumps(PERSON) + "\n{not json\n"
                 + json.dumps({"id": "x", "schema": "Spaceship", "properties": {}}) + "\n"
                 + json.dumps({"id": "y", "schema": "Person", "properties": {"name": []}}) + "\n")
    with pytest.raises(InvalidFile) as caught:
        lists.read_file(path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, ""), (3, "schema"), (4, "name")]


def test_partial_ftm_birth_dates_are_not_compared(tmp_path: Path) -> None:
    entity = {**PERSON, "properties": {**PERSON["properties"], "birthDate": ["1975"]}}
    assert lists.read_file(jsonl(tmp_path / "l.jsonl", [entity])).entries[0].birth_date is None


def test_load_creates_then_is_idempotent_then_needs_replace(db: Any, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "l.jsonl", [PERSON, COMPANY])
    first = services.load_list("debar", path, by="tester")
    assert first.status == "created" and first.list.entry_count == 2 and first.list.kind == "mixed"
    again = services.load_list("debar", path)
    assert again.status == "unchanged" and again.list.loaded_at == first.list.loaded_at
    changed = jsonl(tmp_path / "l2.jsonl", [PERSON])
    with pytest.raises(ListExists, match="--replace"):
        services.load_list("debar", changed)
    assert ListEntry.objects.filter(screening_list=first.list).count() == 2
    replaced = services.load_list("debar", changed, replace=True)
    assert replaced.status == "replaced" and list(
        ListEntry.objects.filter(screening_list=replaced.list).values_list("entry_id", flat=True)) == ["p1"]


@pytest.mark.parametrize("name", ["register", "Bad Name", ""])
def test_load_refuses_reserved_and_bad_names(db: Any, tmp_path: Path, name: str) -> None:
    with pytest.raises(ScreeningError):
        services.load_list(name, jsonl(tmp_path / "l.jsonl", [PERSON]))
    assert not ScreeningList.objects.exists()


def test_command_loads_and_shows(db: Any, tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path / "l.csv", f"id,name,iin\na,Омаров Ерлан,{VALID_IIN}\n")
    call_command("lists", "load", "pep", str(path))
    call_command("lists", "show")
    out = capsys.readouterr().out
    assert "list pep: created, 1 entries (person)" in out
    assert "register  live" in out and "pep  person, 1 entries, from l.csv" in out


def test_command_with_a_bad_file_loads_nothing_and_names_rows(db: Any, tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path / "l.csv", "id,name,iin\na,Омаров Ерлан,123\nb,,\n")
    with pytest.raises(CommandError, match="2 invalid row"):
        call_command("lists", "load", "pep", str(path))
    err = capsys.readouterr().err
    assert "row 2, column iin" in err and "row 3, column name: is required" in err
    assert not ScreeningList.objects.exists()


def test_command_needs_a_file_or_a_package(db: Any) -> None:
    with pytest.raises(CommandError, match="FILE or --package"):
        call_command("lists", "load", "pep")
    with pytest.raises(CommandError, match="no such file"):
        call_command("lists", "load", "pep", "/nonexistent/list.csv")


def test_entities_hook_makes_a_list(db: Any) -> None:
    outcome = services.load_list_from_entities("partner", [PERSON, COMPANY, SANCTION], "package:test")
    assert outcome.list.source == "package:test" and outcome.list.entry_count == 2 and outcome.skipped == 1


def test_imported_cooperation_package_becomes_a_list(db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from adaldyq.cooperation import exchange, ftm, keys, package
    from adaldyq.cooperation.models import Agreement, Partner

    monkeypatch.setenv("ADALDYQ_EXCHANGE_KEY", str(tmp_path / "agency.pem"))
    monkeypatch.setenv("ADALDYQ_AGENCY_CODE", "KZ-ACA")
    keys.generate(tmp_path / "agency.pem")
    partner_key = Ed25519PrivateKey.generate()
    text = package.public_key_text(partner_key.public_key())
    partner = Partner.objects.create(code="VN-GI", name="Demo agency", country="VN", public_key=text,
                                     key_fingerprint=package.fingerprint(text))
    Agreement.objects.create(partner=partner, kind="memorandum", title="Memorandum", api_scopes=["screen"],
                             valid_from=dt.date(2020, 1, 1))
    person = ftm.person("vn-gi-person-7", "Nguyen Van Demo", country="vn")
    villa = ftm.asset("vn-gi-asset-7", "Villa in Da Nang", category="real_estate", country="vn")
    data = package.build([person, villa], sender="VN-GI", recipient="KZ-ACA", sequence=1, key=partner_key).data
    row = exchange.import_package(data)

    call_command("lists", "load", "vn-gi", "--package", row.package_id)
    assert "list vn-gi: created, 1 entries (person)" in capsys.readouterr().out
    entry = ListEntry.objects.get(screening_list__name="vn-gi")
    assert (entry.entry_id, entry.name) == ("vn-gi-person-7", "Nguyen Van Demo")
    with pytest.raises(CommandError, match="No received package"):
        call_command("lists", "load", "other", "--package", "no-such-package")


def test_csv_values_longer_than_the_database_stores_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", f"id,name\n{'i' * 201},Name One\nb,{'N' * 501}\n")
    with pytest.raises(InvalidFile) as caught:
        lists.read_file(path)
    assert [str(e) for e in caught.value.errors] == [
        "row 2, column id: is longer than 200 characters (201)",
        "row 3, column name: is longer than 500 characters (501)"]


def test_an_unreadable_file_is_one_whole_file_problem(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(b"id,name\na,\xe9\xff\n")
    with pytest.raises(InvalidFile) as caught:
        lists.read_file(path)
    assert caught.value.whole_file and "is not UTF-8 text" in caught.value.summary("nothing was loaded")


def test_progress_over_two_lists_counts_each_query_once(db: Any, tmp_path: Path) -> None:
    """Each list screens every query in one go; the progress callback still adds up to
    the number of queries (not queries x lists), and results keep query order."""
    from adaldyq.screening.queries import from_mappings

    first = tmp_path / "a.csv"
    first.write_text("id,name\na1,Омаров Ерлан Болатович\na2,ТОО «Астана Строй»\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("id,name\nb1,Omarov Yerlan Bolatovich\n", encoding="utf-8")
    asked = from_mappings({"id": f"q{n}", "name": name} for n, name in enumerate(
        ["Сейтова Айгуль", "Омаров Ерлан Болатович", "Astana Stroy LLP", "Иванов Иван"] * 3))
    reported: list[int] = []
    outcome = services.screen(asked, [str(first), str(second)], channel="cli", who="t", allow_files=True,
                              progress=reported.append)
    assert sum(reported) == len(asked) and all(step > 0 for step in reported)
    found = [(r.query_id, r.list, r.match_id) for r in outcome.results]
    assert found[:3] == [("q1", "file:a.csv", "a1"), ("q1", "file:b.csv", "b1"), ("q2", "file:a.csv", "a2")]
    assert [q for q, _, _ in found] == sorted((q for q, _, _ in found), key=lambda q: int(q[1:]))
