"""Signed data packages: build, open and verify them. Pure: bytes in, bytes out.

A package is one ZIP file holding exactly three members, in this order:

- `manifest.json`      who sent it to whom, when, its id and per-partner sequence
                       number, and the SHA-256 of every other member;
- `entities.ftm.jsonl` FollowTheMoney entities, one JSON object per line;
- `manifest.sig`       the Ed25519 signature over the exact bytes of manifest.json.

The container is canonical (members stored uncompressed, in that order, dated
1980-01-01, no comments or extra fields), so a reader can rebuild it from its
members and demand the same bytes: every byte of the file is then covered by the
signature, directly (the manifest) or through a hash (the entities) or by being
determined by them (the ZIP structure). One changed byte anywhere is refused.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adaldyq.cooperation import ftm
from adaldyq.cooperation.exceptions import ExchangeKeyError, PackageRefused

FORMAT = "adaldyq-exchange/1"
MANIFEST = "manifest.json"
ENTITIES = "entities.ftm.jsonl"
SIGNATURE = "manifest.sig"
MEMBERS = (MANIFEST, ENTITIES, SIGNATURE)
MANIFEST_FIELDS = ("format", "package_id", "sender", "recipient", "sequence", "created_at", "files",
                   "entity_count")
MAX_MEMBER_BYTES = 512 * 1024 * 1024
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# Keys -------------------------------------------------------------------------------

def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ExchangeKeyError(f"The agency key is not a readable PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ExchangeKeyError("The agency key is not an Ed25519 key.")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    """The form partners exchange and we store: base64 of the 32 raw bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def parse_public_key(text: str) -> Ed25519PublicKey:
    """Accept base64 of the 32 raw bytes, or a PEM 'PUBLIC KEY' block."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
            if not isinstance(key, Ed25519PublicKey):
                raise ExchangeKeyError("That PEM key is not an Ed25519 key.")
            return key
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error) as exc:
        raise ExchangeKeyError(
            "A public key must be base64 of 32 raw Ed25519 bytes or a PEM public key."
        ) from exc


def fingerprint(public_text: str) -> str:
    """Short, stable name of a key for people to compare over the phone."""
    raw = base64.b64decode(public_key_text(parse_public_key(public_text)))
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


# Building ---------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entities_jsonl(entities: Iterable[Mapping[str, Any]]) -> bytes:
    lines = [json.dumps(e, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for e in entities]
    return "".join(line + "\n" for line in lines).encode()


def canonical_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Built:
    data: bytes
    manifest: dict[str, Any]


def build(entities: Iterable[Mapping[str, Any]], *, sender: str, recipient: str, sequence: int,
          key: Ed25519PrivateKey, package_id: str | None = None,
          created_at: dt.datetime | None = None) -> Built:
    entities = list(entities)
    body = entities_jsonl(entities)
    manifest = {
        "format": FORMAT,
        "package_id": package_id or str(uuid.uuid4()),
        "sender": sender,
        "recipient": recipient,
        "sequence": sequence,
        "created_at": (created_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "files": {ENTITIES: sha256(body)},
        "entity_count": len(entities),
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False).encode() + b"\n"
    signature = base64.b64encode(key.sign(manifest_bytes)) + b"\n"
    data = canonical_zip([(MANIFEST, manifest_bytes), (ENTITIES, body), (SIGNATURE, signature)])
    return Built(data, manifest)


# Reading and verifying ----------------------------------------------------------------

@dataclass(frozen=True)
class Opened:
    """A package whose structure was read, before any trust is given to it."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    body: bytes


def open_package(data: bytes) -> Opened:
    """Read the members. Refuses what is not a well-formed package; checks no signature."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if SIGNATURE not in names:
            raise PackageRefused("The package is unsigned: it has no manifest.sig.")
        if tuple(names) != MEMBERS:
            raise PackageRefused(
                f"The package must hold exactly {', '.join(MEMBERS)} in that order; it holds {', '.join(names)}."
            )
        if any(info.file_size > MAX_MEMBER_BYTES for info in archive.infolist()):
            raise PackageRefused("A member of the package is too large.")
        members = {name: archive.read(name) for name in MEMBERS}
    except PackageRefused:
        raise
    except Exception as exc:  # untrusted bytes: any failure to read them is a refusal
        raise PackageRefused(f"The file is not a readable package (damaged or not a ZIP): {exc}") from exc
    try:
        manifest = json.loads(members[MANIFEST])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageRefused("The manifest is not valid JSON.") from exc
    if not isinstance(manifest, dict) or any(f not in manifest for f in MANIFEST_FIELDS):
        raise PackageRefused(f"The manifest must have the fields {', '.join(MANIFEST_FIELDS)}.")
    if manifest["format"] != FORMAT:
        raise PackageRefused(f"Unknown package format '{manifest['format']}'; expected {FORMAT}.")
    return Opened(manifest, members[MANIFEST], members[SIGNATURE], members[ENTITIES])


@dataclass(frozen=True)
class Verified:
    manifest: dict[str, Any]
    entities: list[dict[str, Any]]

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def sender(self) -> str:
        return str(self.manifest["sender"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])


def verify(data: bytes, *, keys: Mapping[str, Ed25519PublicKey], recipient: str,
           last_sequence: Mapping[str, int] | None = None,
           seen_package_ids: Iterable[str] = ()) -> Verified:
    """Check a package completely; return its entities only if every check passes.

    `keys` maps a partner code to its registered public key; `last_sequence` maps a
    partner code to the highest sequence already accepted from it.
    """
    opened = open_package(data)
    manifest = opened.manifest
    sender = str(manifest["sender"])
    key = keys.get(sender)
    if key is None:
        raise PackageRefused(f"Unknown sender '{sender}': no public key is registered for that partner.")
    try:
        signature = base64.b64decode(opened.signature.strip(), validate=True)
        key.verify(signature, opened.manifest_bytes)
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise PackageRefused(
            f"The signature does not match {sender}'s registered key: the manifest was changed "
            "after signing, or it was signed with another key."
        ) from exc
    if str(manifest["recipient"]) != recipient:
        raise PackageRefused(f"The package is addressed to '{manifest['recipient']}', not to {recipient}.")
    files = manifest["files"]
    if not isinstance(files, dict) or set(files) != {ENTITIES}:
        raise PackageRefused(f"The manifest must list the SHA-256 of {ENTITIES} and nothing else.")
    if files[ENTITIES] != sha256(opened.body):
        raise PackageRefused(
            f"{ENTITIES} does not match the SHA-256 in the signed manifest: it was changed after "
            "signing, or the manifest belongs to another package."
        )
    if canonical_zip([(MANIFEST, opened.manifest_bytes), (ENTITIES, opened.body),
                      (SIGNATURE, opened.signature)]) != data:
        raise PackageRefused("The ZIP container was changed after signing (bytes outside the members differ).")
    sequence = manifest["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise PackageRefused("The manifest's sequence must be a positive whole number.")
    if str(manifest["package_id"]) in set(seen_package_ids):
        raise PackageRefused(f"Package {manifest['package_id']} was already imported: a replay.")
    last = (last_sequence or {}).get(sender, 0)
    if sequence <= last:
        raise PackageRefused(
            f"Package sequence {sequence} from {sender} is not newer than the last accepted ({last}): "
            "an old package replayed, or sent out of order."
        )
    entities = list(_parse_entities(opened.body))
    if len(entities) != manifest["entity_count"]:
        raise PackageRefused("The number of entities differs from the manifest's entity_count.")
    dangling = ftm.dangling_references(entities)
    if dangling:
        raise PackageRefused("Entities refer to entities the package does not hold: " + "; ".join(dangling[:5]))
    return Verified(manifest, entities)


def _parse_entities(body: bytes) -> Iterator[dict[str, Any]]:
    try:
        text = body.decode()
    except UnicodeDecodeError as exc:
        raise PackageRefused(f"{ENTITIES} is not UTF-8.") from exc
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PackageRefused(f"{ENTITIES} line {number}: not JSON.") from exc
        if not isinstance(entity, dict):
            raise PackageRefused(f"{ENTITIES} line {number}: not an entity object.")
        problems = ftm.problems(entity)
        if problems:
            raise PackageRefused(f"{ENTITIES} line {number}: {'; '.join(problems)}.")
        if entity["id"] in seen:
            raise PackageRefused(f"{ENTITIES} line {number}: entity id {entity['id']} appears twice.")
        seen.add(entity["id"])
        yield entity
