"""Fixtures for cooperation tests.

- `agency_key`: a fresh agency signing key in a temporary file (ADALDYQ_EXCHANGE_KEY
  points at it), with the agency code KZ-ACA.
- `vietnam` / `turkey`: partners with a memorandum in force covering the API scopes
  given, each with its own Ed25519 key (`partner_keys[code]` holds the private key).
- `officer`, `second_officer`: users with the cooperation_officer role.
- `make_recovery_asset(country)`: an asset under recovery, owned by a private person.
- `assert_valid_ftm(entity)`: checks an entity with the followthemoney package itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adaldyq.cooperation import keys, package, scopes

ALL_SCOPES = [scopes.SCREEN, scopes.REGISTER_READ, scopes.REQUESTS_READ]


@pytest.fixture
def agency_key(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    path = tmp_path / "agency.pem"
    monkeypatch.setenv("ADALDYQ_EXCHANGE_KEY", str(path))
    monkeypatch.setenv("ADALDYQ_AGENCY_CODE", "KZ-ACA")
    keys.generate(path)
    return keys.load(path)


@pytest.fixture
def partner_keys() -> dict[str, Ed25519PrivateKey]:
    return {"VN-GI": Ed25519PrivateKey.generate(), "TR-MASAK": Ed25519PrivateKey.generate()}


def _partner(code: str, country: str, key: Ed25519PrivateKey, api_scopes: list[str]) -> Any:
    from adaldyq.cooperation.models import Agreement, Partner

    text = package.public_key_text(key.public_key())
    partner = Partner.objects.create(code=code, name=f"Demo agency {code}", country=country,
                                     public_key=text, key_fingerprint=package.fingerprint(text))
    Agreement.objects.create(partner=partner, kind="memorandum", title=f"Memorandum with {code}",
                             api_scopes=api_scopes, valid_from=dt.date(2020, 1, 1))
    return partner


@pytest.fixture
def vietnam(db: Any, partner_keys: dict[str, Ed25519PrivateKey]) -> Any:
    return _partner("VN-GI", "VN", partner_keys["VN-GI"], ALL_SCOPES)


@pytest.fixture
def turkey(db: Any, partner_keys: dict[str, Ed25519PrivateKey]) -> Any:
    return _partner("TR-MASAK", "TR", partner_keys["TR-MASAK"], [scopes.REQUESTS_READ])


@pytest.fixture
def officer(make_officer: Any) -> Any:
    return make_officer("aigerim", "cooperation_officer")


@pytest.fixture
def second_officer(make_officer: Any) -> Any:
    return make_officer("daniyar", "cooperation_officer")


@pytest.fixture
def make_recovery_asset(db: Any) -> Any:
    """make_recovery_asset("AE") → an asset abroad in a new recovery case, owned by a
    private individual whose IIN (000000000000) and birth date must never be exported."""
    from decimal import Decimal

    from adaldyq.recovery.models import Asset, CaseParty, RecoveryCase

    counter = iter(range(1, 1000))

    def make(country: str = "AE", kind: str = "real_estate") -> Asset:
        n = next(counter)
        case, _ = RecoveryCase.objects.get_or_create(
            reference="RC-TEST-1", defaults={"kind": "criminal", "title_en": "Test case", "opened_on": dt.date(2025, 1, 1)})
        owner = CaseParty.objects.create(case=case, kind="person", role="owner", name="Test Owner",
                                         iin_bin="000000000000", birth_date=dt.date(1970, 5, 5))
        return Asset.objects.create(
            case=case, reference=f"AS-TEST-{n}", kind=kind, description_en=f"Test asset {n}", owner=owner,
            country=country, abroad=country != "KZ", valuation_amount=Decimal("250000.00"),
            valuation_currency="USD", valuation_date=dt.date(2025, 2, 1), valuation_kzt=Decimal("125000000.00"),
            identified_on=dt.date(2025, 2, 1),
        )

    return make


@pytest.fixture
def assert_valid_ftm() -> Any:
    from followthemoney import model

    from adaldyq.cooperation import ftm

    def check(entity: dict[str, Any]) -> None:
        schema = model.get(entity["schema"])
        assert schema is not None and not schema.abstract
        assert schema.validate(entity) is None
        for name in entity["properties"]:
            assert schema.get(name) is not None, name
        for name in schema.required:
            assert entity["properties"].get(name), name
        proxy = model.get_proxy(entity)
        assert proxy.to_dict()["properties"] == entity["properties"]
        assert ftm.problems(entity) == []

    return check


@pytest.fixture
def public_entry(db: Any) -> Any:
    """public_entry("Ospanov Marat") → a register entry published today (IIN and birth
    date set, so tests can prove they never leave)."""
    from adaldyq import names
    from adaldyq.register.models import Conviction, NameKey, Person

    def make(full_name: str, *, public: bool = True, iin: str = "750101300999") -> Conviction:
        surname, given = full_name.split(" ", 1)
        person = Person.objects.create(surname=surname, given_name=given, name_latin=full_name, iin=iin,
                                       birth_date=dt.date(1975, 1, 1), internal_notes="internal note")
        NameKey.objects.bulk_create([NameKey(person=person, key=k) for k in set(names.name_keys(full_name))])
        return Conviction.objects.create(
            record_id=f"test-{person.pk}", person=person, court="Demo district court", case_number=f"1-{person.pk}/2024",
            verdict_date=dt.date(2024, 3, 1), legal_effect_date=dt.date(2024, 4, 1), article_codes="366-4",
            punishment="imprisonment", source="staff", fingerprint="x", internal_notes="secret",
            public_start=dt.date(2024, 4, 1) if public else None,
        )

    return make


def _history_triggers(state: str) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE core_historyevent {state} TRIGGER USER")


@pytest.fixture
def _history_triggers_back_on(django_db_blocker: Any) -> Any:
    """Set up before `transactional_db`, so torn down after its flush."""
    yield
    with django_db_blocker.unblock():
        _history_triggers("ENABLE")


@pytest.fixture
def threads_db(_history_triggers_back_on: Any, transactional_db: Any) -> Any:
    """`transactional_db` for tests whose threads commit history events: the
    append-only triggers are paused only for the flush after the test."""
    yield
    _history_triggers("DISABLE")
