"""The supplier-tie indicator: its fixture pair, CSV and BODS ties files, and privacy.

- ``listed``: the register holds Омаров Ерлан Болатович (with an IIN and a birth date),
  and a loaded list ``debarred`` holds ТОО «Жарық Сервис» and Нурланова Айгуль Маратовна.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from adaldyq.procurement import services, ties
from adaldyq.procurement.models import Process, SupplierTie
from adaldyq.register import imports
from adaldyq.register.demo import write_csv
from adaldyq.screening import indexes
from adaldyq.screening import services as screening_services
from tests.procurement.support import OWN_FIXTURES
from tests.register.conftest import person_row

FIXTURE = OWN_FIXTURES / "ties" / "TIE.jsonl"
BIRTH = dt.date(1975, 4, 12)


@pytest.fixture
def listed(db: Any, tmp_path: Path) -> dict[str, str]:
    indexes.forget()
    row = person_row("R-1", "Омаров", "Ерлан", "Болатович", birth=BIRTH)
    feed = tmp_path / "feed.csv"
    write_csv([row], feed)
    imports.import_records(feed)
    debarred = tmp_path / "debarred.csv"
    debarred.write_text("id,name\nd1,ТОО «Жарық Сервис»\nd2,Нурланова Айгуль Маратовна\n", encoding="utf-8")
    screening_services.load_list("debarred", debarred)
    yield row
    indexes.forget()


def found(run: Any) -> list[dict[str, str]]:
    return [{"supplier": t.supplier_id, "person": t.person_name, "role": t.role, "source": t.source,
             "list": t.list_name, "match": t.match_name}
            for t in SupplierTie.objects.filter(run=run).order_by("supplier_id", "list_name", "person_name")]


def test_fixture_pair(listed: dict[str, str]) -> None:
    run = services.store_run(FIXTURE, options=services.Options(progress=False))
    assert found(run) == json.loads(FIXTURE.with_suffix(".expected").read_text())
    assert run.tied_suppliers == 2
    assert set(Process.objects.filter(run=run, tied=True).values_list("ocid", flat=True)) == {"T-1", "T-3"}
    assert run.coverage["indicators"]["TIE"] == {
        "computable": 3, "level": "supplier", "missing": {"tied persons (OCDS parties or ties file)": 1}}
    assert run.flag_counts["Tenderer"]["TIE"] == 2


def test_every_tie_explains_its_score(listed: dict[str, str]) -> None:
    run = services.store_run(FIXTURE, options=services.Options(progress=False))
    tie = SupplierTie.objects.get(run=run, supplier_id="S1")
    assert tie.band == "match" and tie.score >= 0.7
    assert {f["feature"] for f in tie.features} >= {"surname", "given_name"}
    assert tie.match_url.endswith("/register/" + tie.match_id + "/")


def test_csv_ties_match_by_bin_and_iin_and_never_show_them(listed: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "ties.csv"
    # The supplier by its BIN; the person spelled so that only the IIN makes it a match.
    path.write_text("supplier_id,supplier_name,person_name,role,birth_date,iin\n"
                    f"100140000001,,Омаров Е.,owner,{BIRTH.isoformat()},{listed['iin']}\n", encoding="utf-8")
    run = services.store_run(FIXTURE, options=services.Options(ties_file=path, progress=False))
    tie = SupplierTie.objects.get(run=run, source="csv")
    assert (tie.supplier_id, tie.role, tie.match_name) == ("S1", "owner", "Омаров Ерлан Болатович")
    stored = json.dumps([t.features for t in SupplierTie.objects.filter(run=run)], ensure_ascii=False)
    assert listed["iin"] not in stored and BIRTH.isoformat() not in stored


def test_csv_ties_file_is_checked_whole(tmp_path: Path) -> None:
    path = tmp_path / "ties.csv"
    path.write_text("supplier_id,supplier_name,person_name,role,birth_date,iin\n"
                    "S1,,,director,,\nS2,,Омаров Ерлан,director,12.04.1975,123\n", encoding="utf-8")
    with pytest.raises(ties.TiesFileError) as caught:
        ties.read_file(path)
    assert caught.value.problems == ["row 2, person_name: empty", "row 3, birth_date: not a date (YYYY-MM-DD)",
                                     "row 3, iin: not a valid IIN"]
    path.write_text("supplier,person\nS1,x\n", encoding="utf-8")
    with pytest.raises(ties.TiesFileError, match="missing column"):
        ties.read_file(path)


BODS_02 = [
    {"statementID": "e1", "statementType": "entityStatement", "name": "ТОО «Береке Құрылыс»",
     "identifiers": [{"scheme": "KZ-BIN", "id": "100140000001"}]},
    {"statementID": "p1", "statementType": "personStatement", "names": [{"type": "individual",
                                                                         "fullName": "Омаров Ерлан Болатович"}],
     "birthDate": "1975-04-12"},
    {"statementID": "o1", "statementType": "ownershipOrControlStatement",
     "subject": {"describedByEntityStatement": "e1"}, "interestedParty": {"describedByPersonStatement": "p1"},
     "interests": [{"type": "shareholding"}]},
]
BODS_04 = [
    {"statementId": "1", "recordId": "e1", "recordType": "entity",
     "recordDetails": {"name": "ТОО «Береке Құрылыс»", "identifiers": [{"scheme": "KZ-BIN", "id": "100140000001"}]}},
    {"statementId": "2", "recordId": "p1", "recordType": "person",
     "recordDetails": {"names": [{"fullName": "Омаров Ерлан Болатович"}]}},
    {"statementId": "3", "recordId": "r1", "recordType": "relationship",
     "recordDetails": {"subject": "e1", "interestedParty": "p1", "interests": [{"type": "senior-managing-official"}]}},
]


@pytest.mark.parametrize(("statements", "role"), [(BODS_02, "shareholding"), (BODS_04, "senior managing official")],
                         ids=["bods-0.2", "bods-0.4"])
def test_bods_links_persons_to_entities(tmp_path: Path, statements: list[dict[str, Any]], role: str) -> None:
    path = tmp_path / "bods.json"
    path.write_text(json.dumps(statements, ensure_ascii=False), encoding="utf-8")
    [person] = ties.read_file(path)
    assert (person.supplier_ref, person.person_name, person.role, person.source) == (
        "100140000001", "Омаров Ерлан Болатович", role, "bods")


def test_bods_file_feeds_a_run(listed: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "bods.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in BODS_02) + "\n", encoding="utf-8")
    run = services.store_run(FIXTURE, options=services.Options(ties_file=path, progress=False))
    assert SupplierTie.objects.filter(run=run, source="bods", supplier_id="S1").exists()
    # S4 is a tenderer that won nothing: its director is read, and attached to no supplier.
    assert run.ties_report["from_file"] == 1 and run.ties_report["persons_of_unknown_suppliers"] == 1


def test_ocds_persons_are_read_in_duckdb() -> None:
    import duckdb

    from adaldyq.procurement.attributes import create_json_table

    con = duckdb.connect()
    create_json_table(con, FIXTURE)
    people = {(p.supplier_ref, p.person_name, p.role) for p in ties.from_ocds(con, "web_json")}
    assert people == {("S1", "Omarov Yerlan Bolatovich", "director"), ("S2", "Сапаров Жандос Ерболұлы",
                                                                       "beneficial owner"),
                      ("S4", "Омаров Ерлан Болатович", "director")}


def test_ties_page_has_the_fixed_sections() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "procurement" / "ties.md").read_text()
    assert page.startswith(f"# {ties.CODE} {ties.TITLE}\n")
    sections = ("## Methodology", "## Example", "## Why is this a red flag?", "## Output", "## Configuration",
                "## Exclusions")
    positions = [page.index(section) for section in sections]
    assert positions == sorted(positions)


def test_process_page_shows_the_tie_and_links_the_indicator(listed: dict[str, str], make_officer: Any) -> None:
    from django.test import Client

    services.store_run(FIXTURE, options=services.Options(progress=False))
    client = Client()
    client.force_login(make_officer("ana", "procurement_analyst"))
    page = client.get("/en/staff/procurement/processes/T-1/").content.decode()
    assert "Omarov Yerlan Bolatovich" in page and "Омаров Ерлан Болатович" in page and "director" in page
    assert listed["iin"] not in page and listed["birth_date"] not in page
    assert client.get("/en/staff/procurement/indicators/TIE/").status_code == 200
    tied = client.get("/api/v1/procurement/processes?tied=1").json()
    assert {r["ocid"] for r in tied["results"]} == {"T-1", "T-3"}
