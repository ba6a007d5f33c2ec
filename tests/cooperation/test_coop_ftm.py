"""FollowTheMoney output is valid against the followthemoney model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from adaldyq.cooperation import ftm


def test_builders_make_valid_entities(assert_valid_ftm: Any) -> None:
    person = ftm.person("kz-aca-person-1", "Demo Person", country="kz", aliases=["Demo P."])
    company = ftm.company("kz-aca-company-1", "Demo LLP", country="kz", registration_number="123")
    case = ftm.court_case("kz-aca-case-1", "Case 1-2026", case_number="1-2026", court="Demo court",
                          decided_on=dt.date(2026, 3, 1))
    party = ftm.case_party("kz-aca-party-1", case["id"], person["id"])
    flat = ftm.asset("kz-aca-asset-1", "Villa", category="real_estate", country="ae",
                     amount=Decimal("1000000.00"))
    car = ftm.asset("kz-aca-asset-2", "Car", category="vehicle", country="tr")
    other = ftm.asset("kz-aca-asset-3", "Painting", category="art")
    own = ftm.ownership("kz-aca-own-1", person["id"], flat["id"])
    all_entities = [person, company, case, party, flat, car, other, own]
    for entity in all_entities:
        assert_valid_ftm(entity)
    assert [e["schema"] for e in (flat, car, other)] == ["RealEstate", "Vehicle", "Asset"]
    assert ftm.dangling_references(all_entities) == []


def test_problems_found() -> None:
    assert ftm.problems({"id": "x", "schema": "Nope", "properties": {}}) == ["unknown schema 'Nope'"]
    assert "Person needs 'name'" in ftm.problems({"id": "x", "schema": "Person", "properties": {}})
    assert any("birthDate" in p for p in ftm.problems(
        {"id": "x", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["yesterday"]}}))
    assert any("not exchanged" in p for p in ftm.problems(
        {"id": "x", "schema": "Email", "properties": {}}))
