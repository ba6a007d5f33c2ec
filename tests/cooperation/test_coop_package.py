"""Signed packages as pure functions: every kind of tampering is refused."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from adaldyq.cooperation import ftm
from adaldyq.cooperation import package as pkg
from adaldyq.cooperation.exceptions import ExchangeKeyError, PackageRefused

SENDER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
KEYS = {"VN-GI": SENDER_KEY.public_key()}
US = "KZ-ACA"


def entities() -> list[dict]:
    person = ftm.person("vn-gi-person-1", "Nguyen Van Demo", country="vn")
    flat = ftm.asset("vn-gi-asset-1", "Flat in Da Nang", category="real_estate", country="vn")
    return [person, flat, ftm.ownership("vn-gi-own-1", person["id"], flat["id"])]


def build(sequence: int = 1, key: Ed25519PrivateKey = SENDER_KEY, **kw: object) -> bytes:
    return pkg.build(entities(), sender="VN-GI", recipient=US, sequence=sequence, key=key,
                     created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), **kw).data  # type: ignore[arg-type]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    return pkg.canonical_zip(list(parts.items()))


def test_a_good_package_verifies_and_is_deterministic() -> None:
    data = build(package_id="p-1")
    assert data == build(package_id="p-1")
    verified = pkg.verify(data, keys=KEYS, recipient=US)
    assert verified.sender == "VN-GI" and verified.sequence == 1
    assert [e["schema"] for e in verified.entities()] == ["Person", "RealEstate", "Ownership"]


def test_changed_entity_byte_with_a_fixed_up_zip_is_refused_by_hash() -> None:
    parts = members(build())
    parts[pkg.ENTITIES] = parts[pkg.ENTITIES].replace(b"Da Nang", b"Da Namg")
    with pytest.raises(PackageRefused, match="does not match the SHA-256"):
        pkg.verify(rezip(parts), keys=KEYS, recipient=US)


def test_changed_manifest_byte_is_refused_by_signature() -> None:
    parts = members(build())
    parts[pkg.MANIFEST] = parts[pkg.MANIFEST].replace(b'"sequence": 1', b'"sequence": 9')
    with pytest.raises(PackageRefused, match="signature does not match"):
        pkg.verify(rezip(parts), keys=KEYS, recipient=US)


def test_swapped_manifest_from_another_signed_package_is_refused() -> None:
    other = members(pkg.build([ftm.person("vn-gi-person-2", "Tran Thi Demo")], sender="VN-GI",
                              recipient=US, sequence=2, key=SENDER_KEY).data)
    parts = members(build())
    parts[pkg.MANIFEST], parts[pkg.SIGNATURE] = other[pkg.MANIFEST], other[pkg.SIGNATURE]
    with pytest.raises(PackageRefused, match="does not match the SHA-256"):
        pkg.verify(rezip(parts), keys=KEYS, recipient=US)


def test_signed_with_a_wrong_key_is_refused() -> None:
    with pytest.raises(PackageRefused, match="signature does not match"):
        pkg.verify(build(key=OTHER_KEY), keys=KEYS, recipient=US)


def test_unknown_sender_is_refused() -> None:
    with pytest.raises(PackageRefused, match="Unknown sender 'VN-GI'"):
        pkg.verify(build(), keys={}, recipient=US)


def test_unsigned_package_is_refused() -> None:
    parts = members(build())
    del parts[pkg.SIGNATURE]
    with pytest.raises(PackageRefused, match="unsigned"):
        pkg.verify(rezip(parts), keys=KEYS, recipient=US)


def test_extra_member_is_refused() -> None:
    parts = members(build())
    parts["evil.exe"] = b"MZ"
    with pytest.raises(PackageRefused, match="exactly"):
        pkg.verify(rezip(parts), keys=KEYS, recipient=US)


def test_package_for_another_agency_is_refused() -> None:
    with pytest.raises(PackageRefused, match="addressed to"):
        pkg.verify(build(), keys=KEYS, recipient="UZ-ACA")


def test_replayed_old_package_is_refused() -> None:
    with pytest.raises(PackageRefused, match="not newer"):
        pkg.verify(build(sequence=3), keys=KEYS, recipient=US, last_sequence={"VN-GI": 3})
    with pytest.raises(PackageRefused, match="already imported"):
        pkg.verify(build(sequence=4, package_id="p-4"), keys=KEYS, recipient=US,
                   seen_package_ids={"p-4"})


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(PackageRefused, match="not a readable package"):
        pkg.verify(b"hello", keys=KEYS, recipient=US)


def test_invalid_ftm_entity_is_refused_even_when_signed() -> None:
    bad = {"id": "x", "schema": "Person", "properties": {"name": ["A"], "shoeSize": ["42"]}}
    data = pkg.build([bad], sender="VN-GI", recipient=US, sequence=1, key=SENDER_KEY).data
    with pytest.raises(PackageRefused, match="no property 'shoeSize'"):
        pkg.verify(data, keys=KEYS, recipient=US)


def test_dangling_reference_is_refused() -> None:
    link = ftm.ownership("o", "nobody", "nothing")
    data = pkg.build([link], sender="VN-GI", recipient=US, sequence=1, key=SENDER_KEY).data
    with pytest.raises(PackageRefused, match="does not hold"):
        pkg.verify(data, keys=KEYS, recipient=US)


GOOD = build(package_id="fixed")


@settings(max_examples=300, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(GOOD) - 1), flip=st.integers(min_value=1, max_value=255))
def test_any_single_changed_byte_is_refused(position: int, flip: int) -> None:
    tampered = bytearray(GOOD)
    tampered[position] ^= flip
    with pytest.raises(PackageRefused):
        pkg.verify(bytes(tampered), keys=KEYS, recipient=US)


def test_every_byte_position_once() -> None:
    for position in range(len(GOOD)):
        tampered = bytearray(GOOD)
        tampered[position] ^= 0x01
        with pytest.raises(PackageRefused):
            pkg.verify(bytes(tampered), keys=KEYS, recipient=US)


def test_truncated_or_extended_file_is_refused() -> None:
    for data in (GOOD[:-1], GOOD + b"\0", b"junk" + GOOD):
        with pytest.raises(PackageRefused):
            pkg.verify(data, keys=KEYS, recipient=US)


def test_public_key_forms() -> None:
    text = pkg.public_key_text(SENDER_KEY.public_key())
    assert len(base64.b64decode(text)) == 32
    assert pkg.public_key_text(pkg.parse_public_key(text)) == text
    assert len(pkg.fingerprint(text)) == 39
    with pytest.raises(ExchangeKeyError):
        pkg.parse_public_key("not a key")
    pem = pkg.private_key_pem(SENDER_KEY)
    assert pkg.load_private_key(pem).public_key() == SENDER_KEY.public_key()


def test_manifest_lists_the_hash_of_the_entities() -> None:
    built = pkg.build(entities(), sender="VN-GI", recipient=US, sequence=1, key=SENDER_KEY)
    parts = members(built.data)
    manifest = json.loads(parts[pkg.MANIFEST])
    assert manifest == built.manifest
    assert manifest["files"][pkg.ENTITIES] == pkg.sha256(parts[pkg.ENTITIES])
    assert list(parts) == list(pkg.MEMBERS)
