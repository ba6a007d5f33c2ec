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
#
# A package comes from outside, so the work it can cause is bounded before anything
# is parsed: its size (MAX_PACKAGE_BYTES), members stored uncompressed (no ZIP bomb:
# what is read is what was sent), a small manifest, JSON nesting depth, and numbers
# that fit the database. Verification keeps entity ids, not entities, and import
# reads the entities again in batches, so memory stays within a fixed budget
# (measured by `bench/security.py`, under 100 MB for the largest package).

MAX_PACKAGE_BYTES = 8 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
MAX_SEQUENCE = 2**63 - 1  # the largest PositiveBigIntegerField value
MAX_PACKAGE_ID = 64


def refuse_size(size: int) -> None:
    """Refuse a package by its size alone, before reading it."""
    if size > MAX_PACKAGE_BYTES:
        raise PackageRefused(f"The package is {size:,} bytes; packages may be at most {MAX_PACKAGE_BYTES:,} "
                             "bytes. Split the entities over several packages.")


def json_depth_exceeds(text: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if brackets nest deeper than `limit` (strings skipped), checked before
    json.loads, whose recursion a deeply nested document would exhaust."""
    if text.count(b"[") + text.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _load_json(text: bytes, what: str) -> Any:
    if json_depth_exceeds(text):
        raise PackageRefused(f"{what} nests JSON deeper than {MAX_JSON_DEPTH} levels.")
    try:
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageRefused(f"{what} is not valid JSON.") from exc


@dataclass(frozen=True)
class Opened:
    """A package whose structure was read, before any trust is given to it."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    body: bytes


def _members(data: bytes) -> dict[str, bytes]:
    refuse_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if SIGNATURE not in names:
            raise PackageRefused("The package is unsigned: it has no manifest.sig.")
        if tuple(names) != MEMBERS:
            raise PackageRefused(
                f"The package must hold exactly {', '.join(MEMBERS)} in that order; it holds {', '.join(names)}."
            )
        if any(info.compress_type != zipfile.ZIP_STORED for info in infos):
            raise PackageRefused("Package members must be stored uncompressed; this one is compressed.")
        if sum(info.file_size for info in infos) > len(data) or any(
                info.file_size != info.compress_size for info in infos):
            raise PackageRefused("The package's members claim more bytes than the file holds.")
        if infos[0].file_size > MAX_MANIFEST_BYTES:
            raise PackageRefused(f"The manifest is larger than {MAX_MANIFEST_BYTES:,} bytes.")
        return {name: archive.read(name) for name in MEMBERS}
    except PackageRefused:
        raise
    except Exception as exc:  # untrusted bytes: any failure to read them is a refusal
        raise PackageRefused(f"The file is not a readable package (damaged or not a ZIP): {exc}") from exc


def open_package(data: bytes) -> Opened:
    """Read the members. Refuses what is not a well-formed package; checks no signature."""
    members = _members(data)
    manifest = _load_json(members[MANIFEST], "The manifest")
    if not isinstance(manifest, dict) or any(f not in manifest for f in MANIFEST_FIELDS):
        raise PackageRefused(f"The manifest must have the fields {', '.join(MANIFEST_FIELDS)}.")
    if manifest["format"] != FORMAT:
        raise PackageRefused(f"Unknown package format '{manifest['format']}'; expected {FORMAT}.")
    return Opened(manifest, members[MANIFEST], members[SIGNATURE], members[ENTITIES])


@dataclass(frozen=True)
class Verified:
    """A package that passed every check. Its entities are read again on demand
    (`entities()`), so a verified package costs its bytes, not its parsed objects."""

    manifest: dict[str, Any]
    body: bytes
    entity_count: int

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def sender(self) -> str:
        return str(self.manifest["sender"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    def entities(self) -> Iterator[dict[str, Any]]:
        return _parse_entities(self.body)


class _SameBytes:
    """A seekable sink that compares what zipfile writes with `data`, byte for byte,
    so the canonical container is checked without building a second copy. zipfile
    writes each local header twice (first with a blank checksum, then the final one
    in the same place), so a differing write counts only until it is overwritten."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.end = memoryview(data), 0, 0
        self.differing: dict[int, int] = {}  # offset → length of writes that differ

    @property
    def same(self) -> bool:
        return not self.differing

    def write(self, chunk: bytes) -> int:
        size = len(chunk)
        if self.data[self.pos:self.pos + size] == chunk:
            self.differing.pop(self.pos, None)
        else:
            self.differing[self.pos] = size
        self.pos += size
        self.end = max(self.end, self.pos)
        return size

    def tell(self) -> int:
        return self.pos

    def seek(self, pos: int, whence: int = 0) -> int:
        self.pos = pos if whence == 0 else (self.pos + pos if whence == 1 else self.end + pos)
        return self.pos

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        return None


def _is_canonical(opened: Opened, data: bytes) -> bool:
    sink = _SameBytes(data)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:  # type: ignore[call-overload]
        for name, member in ((MANIFEST, opened.manifest_bytes), (ENTITIES, opened.body), (SIGNATURE, opened.signature)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, member)
    return sink.same and sink.end == len(data)


def _check_manifest_values(manifest: Mapping[str, Any]) -> None:
    sequence = manifest["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 1 <= sequence <= MAX_SEQUENCE:
        raise PackageRefused(f"The manifest's sequence must be a whole number from 1 to {MAX_SEQUENCE}.")
    package_id = manifest["package_id"]
    if not isinstance(package_id, str) or not 0 < len(package_id) <= MAX_PACKAGE_ID:
        raise PackageRefused(f"The manifest's package_id must be text of 1 to {MAX_PACKAGE_ID} characters.")
    count = manifest["entity_count"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise PackageRefused("The manifest's entity_count must be a whole number.")


def verify(data: bytes, *, keys: Mapping[str, Ed25519PublicKey], recipient: str,
           last_sequence: Mapping[str, int] | None = None,
           seen_package_ids: Iterable[str] = ()) -> Verified:
    """Check a package completely; return it only if every check passes.

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
    if not _is_canonical(opened, data):
        raise PackageRefused("The ZIP container was changed after signing (bytes outside the members differ).")
    _check_manifest_values(manifest)
    sequence = manifest["sequence"]
    if str(manifest["package_id"]) in set(seen_package_ids):
        raise PackageRefused(f"Package {manifest['package_id']} was already imported: a replay.")
    last = (last_sequence or {}).get(sender, 0)
    if sequence <= last:
        raise PackageRefused(
            f"Package sequence {sequence} from {sender} is not newer than the last accepted ({last}): "
            "an old package replayed, or sent out of order."
        )
    count = _check_entities(opened.body)
    if count != manifest["entity_count"]:
        raise PackageRefused("The number of entities differs from the manifest's entity_count.")
    return Verified(manifest, opened.body, count)


def _check_entities(body: bytes) -> int:
    """Parse every entity once, keeping only ids and references: their count."""
    ids: set[str] = set()
    references: list[tuple[str, str, str]] = []
    count = 0
    for entity in _parse_entities(body):
        count += 1
        ids.add(entity["id"])
        references.extend((entity["id"], prop, value) for prop, value in ftm.entity_references(entity))
    dangling = [f"{eid}.{prop} → {value} is not in the package" for eid, prop, value in references
                if value not in ids]
    if dangling:
        raise PackageRefused("Entities refer to entities the package does not hold: " + "; ".join(dangling[:5]))
    return count


def _parse_entities(body: bytes) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for number, raw in enumerate(io.BytesIO(body), start=1):
        if not raw.strip():
            continue
        try:
            raw.decode()
        except UnicodeDecodeError as exc:
            raise PackageRefused(f"{ENTITIES} line {number}: not UTF-8.") from exc
        entity = _load_json(raw, f"{ENTITIES} line {number}")
        if not isinstance(entity, dict):
            raise PackageRefused(f"{ENTITIES} line {number}: not an entity object.")
        problems = ftm.problems(entity)
        if problems:
            raise PackageRefused(f"{ENTITIES} line {number}: {'; '.join(problems)}.")
        if entity["id"] in seen:
            raise PackageRefused(f"{ENTITIES} line {number}: entity id {entity['id']} appears twice.")
        seen.add(entity["id"])
        yield entity
