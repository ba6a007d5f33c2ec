"""FollowTheMoney entities: build them from plain values and check them against the
followthemoney model. No Django here: `exports.py` reads our tables and calls these.

Entity ids are namespaced by the agency code so that ids from two agencies never
collide in a partner's database (Aleph, yente or their own Adaldyq).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from followthemoney import model

# Schemata a package may carry: people, companies, assets, court cases and the links.
ALLOWED_SCHEMATA = frozenset({
    "Person", "Company", "Organization", "LegalEntity", "CourtCase", "CourtCaseParty", "Sanction",
    "RealEstate", "Vehicle", "BankAccount", "Security", "Asset", "Ownership", "Directorship",
})


def entity_id(agency: str, kind: str, key: object) -> str:
    return f"{agency.lower()}-{kind}-{key}"


def _entity(schema: str, eid: str, props: Mapping[str, Any]) -> dict[str, Any]:
    proxy = model.make_entity(schema)
    proxy.id = eid
    for name, value in props.items():
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            if one is None or one == "":
                continue
            if isinstance(one, dt.date):
                one = one.isoformat()
            elif isinstance(one, Decimal | int | float):
                one = str(one)
            proxy.add(name, one)
    return proxy.to_dict()


def person(eid: str, name: str, *, country: str | None = None, aliases: Iterable[str] = (),
           topics: Iterable[str] = ()) -> dict[str, Any]:
    return _entity("Person", eid, {"name": name, "country": country, "alias": list(aliases),
                                   "topics": list(topics)})


def company(eid: str, name: str, *, country: str | None = None,
            registration_number: str | None = None) -> dict[str, Any]:
    return _entity("Company", eid, {"name": name, "jurisdiction": country,
                                    "registrationNumber": registration_number})


def court_case(eid: str, name: str, *, case_number: str | None = None, court: str | None = None,
               decided_on: dt.date | None = None, country: str = "kz",
               summary: str | None = None) -> dict[str, Any]:
    return _entity("CourtCase", eid, {"name": name, "caseNumber": case_number, "court": court,
                                      "closeDate": decided_on, "country": country, "summary": summary})


def case_party(eid: str, case_id: str, party_id: str, role: str = "defendant") -> dict[str, Any]:
    return _entity("CourtCaseParty", eid, {"case": case_id, "party": party_id, "role": role})


# Our asset categories → FtM schemata; anything else is a plain Asset.
ASSET_SCHEMATA = {
    "real_estate": "RealEstate", "realestate": "RealEstate", "property": "RealEstate",
    "vehicle": "Vehicle", "car": "Vehicle", "bank_account": "BankAccount", "account": "BankAccount",
    "deposit": "BankAccount", "securities": "Security", "security": "Security", "shares": "Security",
}


def asset(eid: str, name: str, *, category: str = "", country: str | None = None,
          amount: Decimal | None = None, currency: str = "KZT",
          description: str | None = None) -> dict[str, Any]:
    schema = ASSET_SCHEMATA.get(category.lower().replace("-", "_").replace(" ", "_"), "Asset")
    props: dict[str, Any] = {"name": name, "country": country, "description": description}
    if amount is not None:
        props.update(amount=amount, currency=currency)
    return _entity(schema, eid, props)


def ownership(eid: str, owner_id: str, asset_id: str) -> dict[str, Any]:
    return _entity("Ownership", eid, {"owner": owner_id, "asset": asset_id})


def problems(entity: Mapping[str, Any]) -> list[str]:
    """Why an entity dict is not valid FollowTheMoney; empty when it is.

    Stricter than `Schema.validate`: unknown properties, missing required properties
    and abstract schemata are errors too, because a partner's importer would drop them.
    """
    out: list[str] = []
    eid = entity.get("id")
    if not isinstance(eid, str) or not eid:
        out.append("entity has no id")
    schema = model.get(str(entity.get("schema", "")))
    if schema is None:
        return [*out, f"unknown schema '{entity.get('schema')}'"]
    if schema.abstract:
        out.append(f"schema '{schema.name}' is abstract")
    if schema.name not in ALLOWED_SCHEMATA:
        out.append(f"schema '{schema.name}' is not exchanged")
    properties = entity.get("properties", {})
    if not isinstance(properties, Mapping):
        return [*out, "properties is not an object"]
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            out.append(f"{schema.name} has no property '{name}'")
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            out.append(f"property '{name}' must be a list of strings")
            continue
        error = prop.validate(values)
        if error is not None:
            out.append(f"property '{name}': {error}")
    for name in schema.required:
        if not properties.get(name):
            out.append(f"{schema.name} needs '{name}'")
    return out


def entity_references(entity: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(property, entity id) for each entity-typed value of one entity."""
    schema = model.get(str(entity.get("schema", "")))
    if schema is None:
        return
    for name, values in entity.get("properties", {}).items():
        prop = schema.get(name)
        if prop is not None and prop.type.name == "entity":
            yield from ((name, v) for v in values)


def dangling_references(entities: Iterable[Mapping[str, Any]]) -> list[str]:
    """Entity-typed values that point to no entity in the set."""
    entities = list(entities)
    ids = {e.get("id") for e in entities}
    return [f"{entity.get('id')}.{name} → {v} is not in the package"
            for entity in entities for name, v in entity_references(entity) if v not in ids]


def caption(entity: Mapping[str, Any]) -> str:
    names = entity.get("properties", {}).get("name") or []
    return str(names[0]) if names else str(entity.get("id", ""))
