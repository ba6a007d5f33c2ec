"""Export, verify and import of signed packages against the database: a refused
package changes nothing; an accepted one is stored and can never be replayed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adaldyq.cooperation import exchange, ftm, package, services
from adaldyq.cooperation.exceptions import ExportError, PackageRefused
from adaldyq.cooperation.models import ExchangePackage, PackageEntity, Partner
from adaldyq.core.models import HistoryEvent

pytestmark = pytest.mark.django_db


def incoming(key: Ed25519PrivateKey, sequence: int = 1, sender: str = "VN-GI", recipient: str = "KZ-ACA",
             **kw: Any) -> bytes:
    person = ftm.person("vn-gi-person-7", "Nguyen Van Demo", country="vn")
    villa = ftm.asset("vn-gi-asset-7", "Villa in Da Nang", category="real_estate", country="vn")
    own = ftm.ownership("vn-gi-own-7", person["id"], villa["id"])
    return package.build([person, villa, own], sender=sender, recipient=recipient, sequence=sequence,
                         key=key, **kw).data


def snapshot() -> tuple[int, int, int, list[int]]:
    return (ExchangePackage.objects.count(), PackageEntity.objects.count(), HistoryEvent.objects.count(),
            list(Partner.objects.order_by("pk").values_list("last_received_sequence", flat=True)))


def test_import_stores_entities_and_advances_the_sequence(agency_key: Any, vietnam: Partner,
                                                          partner_keys: dict, officer: Any) -> None:
    row = exchange.import_package(incoming(partner_keys["VN-GI"]), actor_id=officer.pk)
    assert row.partner == vietnam and row.sequence == 1 and row.entity_count == 3
    vietnam.refresh_from_db()
    assert vietnam.last_received_sequence == 1
    entities = list(services.package_entities(row.package_id))
    assert [e["schema"] for e in entities] == ["Person", "RealEstate", "Ownership"]
    assert HistoryEvent.objects.filter(stream="cooperation", action="import").count() == 1


@pytest.mark.parametrize("case", ["changed byte", "swapped manifest", "wrong key", "unsigned",
                                  "unknown sender", "not for us"])
def test_refused_packages_change_nothing(case: str, agency_key: Any, vietnam: Partner, turkey: Partner,
                                         partner_keys: dict) -> None:
    key = partner_keys["VN-GI"]
    data = incoming(key)
    import io
    import zipfile

    def parts(blob: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            return {n: z.read(n) for n in z.namelist()}

    if case == "changed byte":
        tampered = bytearray(data)
        tampered[len(tampered) // 2] ^= 0x20
        data = bytes(tampered)
    elif case == "swapped manifest":
        mine, other = parts(data), parts(incoming(key, sequence=2))
        mine[package.MANIFEST], mine[package.SIGNATURE] = other[package.MANIFEST], other[package.SIGNATURE]
        mine[package.ENTITIES] = mine[package.ENTITIES].replace(b"Villa", b"Flat ")
        data = package.canonical_zip(list(mine.items()))
    elif case == "wrong key":
        data = incoming(partner_keys["TR-MASAK"])  # claims to be VN-GI, signed by Turkey's key
    elif case == "unsigned":
        mine = parts(data)
        del mine[package.SIGNATURE]
        data = package.canonical_zip(list(mine.items()))
    elif case == "unknown sender":
        data = incoming(Ed25519PrivateKey.generate(), sender="XX-NOBODY")
    elif case == "not for us":
        data = incoming(key, recipient="UZ-ACA")
    before = snapshot()
    with pytest.raises(PackageRefused):
        exchange.import_package(data)
    with pytest.raises(PackageRefused):
        exchange.verify(data)
    assert snapshot() == before


def test_replayed_old_package_is_refused(agency_key: Any, vietnam: Partner, partner_keys: dict) -> None:
    first = incoming(partner_keys["VN-GI"], sequence=1)
    second = incoming(partner_keys["VN-GI"], sequence=2)
    exchange.import_package(first)
    exchange.import_package(second)
    before = snapshot()
    for old in (first, second, incoming(partner_keys["VN-GI"], sequence=2)):
        with pytest.raises(PackageRefused, match="replay|not newer"):
            exchange.import_package(old)
    assert snapshot() == before


def test_revoked_partner_key_trusts_nothing(agency_key: Any, vietnam: Partner, partner_keys: dict) -> None:
    Partner.objects.filter(pk=vietnam.pk).update(active=False)
    with pytest.raises(PackageRefused, match="Unknown sender"):
        exchange.import_package(incoming(partner_keys["VN-GI"]))


def test_export_round_trip_verifies_with_our_public_key(agency_key: Any, vietnam: Partner, officer: Any,
                                                        make_recovery_asset: Any, assert_valid_ftm: Any) -> None:
    asset = make_recovery_asset("VN")
    request = services.create_request(direction="outgoing", kind="asset_tracing", partner=vietnam,
                                      legal_basis="Memorandum, art. 3", actor_id=officer.pk,
                                      due_on=dt.date(2027, 1, 1))
    services.add_subject(request, kind="asset", name="Villa", asset_id=asset.pk, actor_id=officer.pk)
    services.add_subject(request, kind="company", name="Demo Holding Ltd", country="vn", actor_id=officer.pk)
    services.add_subject(request, kind="person", name="Demo Person", country="kz", actor_id=officer.pk)
    row, data = exchange.export("VN-GI", exchange.Selection(requests=(request.reference,)), actor_id=officer.pk)
    assert row.sequence == 1 and row.direction == "sent" and row.request == request
    verified = package.verify(data, keys={"KZ-ACA": agency_key.public_key()}, recipient="VN-GI")
    schemata = sorted(e["schema"] for e in verified.entities())
    assert schemata == ["Company", "Ownership", "Person", "Person", "RealEstate"]
    for entity in verified.entities():
        assert_valid_ftm(entity)
    text = data.decode("latin-1")
    assert "000000000000" not in text  # the owner's IIN stays home
    row2, _ = exchange.export("VN-GI", exchange.Selection(requests=(request.reference,)))
    assert row2.sequence == 2


def test_export_refuses_nothing_to_send_and_unknown_partner(agency_key: Any, vietnam: Partner) -> None:
    with pytest.raises(ExportError, match="Nothing to send"):
        exchange.export("VN-GI", exchange.Selection())
    with pytest.raises(ExportError, match="No partner"):
        exchange.export("ZZ", exchange.Selection())


def test_register_entries_export_as_valid_ftm_without_private_fields(
        agency_key: Any, vietnam: Partner, public_entry: Any, assert_valid_ftm: Any) -> None:
    entry = public_entry("Ospanov Marat")
    hidden = public_entry("Hidden Person", public=False, iin="750101300998")
    _, data = exchange.export("VN-GI", exchange.Selection(convictions=(entry.pk,)))
    verified = package.verify(data, keys={"KZ-ACA": agency_key.public_key()}, recipient="VN-GI")
    assert sorted(e["schema"] for e in verified.entities()) == ["CourtCase", "CourtCaseParty", "Person"]
    for entity in verified.entities():
        assert_valid_ftm(entity)
    text = data.decode("utf-8", "replace")
    for private in ("750101300999", "1975-01-01", "secret", "internal note"):
        assert private not in text
    with pytest.raises(ExportError, match="not public"):
        exchange.export("VN-GI", exchange.Selection(convictions=(hidden.pk,)))

