"""C2SP signed-note and tlog-cosignature with Ed25519 keys.

Key strings follow Go's `golang.org/x/mod/sumdb/note` so that existing tools read them:
- verifier key: `<name>+<8 hex digits of key hash>+<base64(type || public key)>`
- signer key:   `PRIVATE+KEY+<name>+<8 hex digits>+<base64(type || 32-byte seed)>`
where the key hash is the first 4 bytes of SHA-256(name || "\n" || type || public key),
type 0x01 for a note signature (Ed25519) and 0x04 for a witness cosignature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from adaldyq.tlog.exceptions import FormatError, SignatureError

ED25519 = 0x01
COSIGNATURE = 0x04
DASH = "\u2014 "  # em dash and a space start every signature line
_NAME = re.compile(r"[^\s+]+")
MAX_SIGNATURES = 100


def key_id(name: str, kind: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public).digest()[:4]


def _check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise FormatError(f"a key name is non-empty and has no spaces or '+': {name!r}")
    return name


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FormatError(f"{what} is not valid base64") from exc


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Verifier:
    """A public key that may have signed a note (kind ED25519) or cosigned one (COSIGNATURE)."""

    name: str
    kind: int
    public: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.kind, self.public)

    @property
    def text(self) -> str:
        encoded = base64.b64encode(bytes([self.kind]) + self.public).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the raw public key, as OpenSSH shows key fingerprints."""
        digest = base64.b64encode(hashlib.sha256(self.public).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True

    @classmethod
    def parse(cls, text: str) -> Verifier:
        parts = text.strip().split("+", 2)  # base64 may itself contain '+'
        if len(parts) != 3:
            raise FormatError(f"a verifier key is <name>+<hash>+<key>: {text.strip()!r}")
        name, hash_hex, encoded = parts
        _check_name(name)
        raw = _b64decode(encoded, "the verifier key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE):
            raise FormatError("the verifier key is not an Ed25519 note or cosignature key")
        verifier = cls(name, raw[0], raw[1:])
        if not re.fullmatch(r"[0-9a-f]{8}", hash_hex) or verifier.key_id.hex() != hash_hex:
            raise FormatError(f"the key hash {hash_hex!r} does not match the key of {name!r}")
        return verifier


@dataclass(frozen=True)
class Signer:
    name: str
    kind: int
    seed: bytes

    @property
    def private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.name, self.kind, _raw_public(self.private.public_key()))

    @property
    def text(self) -> str:
        encoded = base64.b64encode(bytes([self.kind]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{encoded}"

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    @classmethod
    def generate(cls, name: str, kind: int = ED25519, seed: bytes | None = None) -> Signer:
        seed = os.urandom(32) if seed is None else seed
        if len(seed) != 32:
            raise FormatError("an Ed25519 seed is 32 bytes")
        return cls(_check_name(name), kind, seed)

    @classmethod
    def parse(cls, text: str) -> Signer:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise FormatError("a signer key is PRIVATE+KEY+<name>+<hash>+<key>")
        name, hash_hex, encoded = parts[2:]
        raw = _b64decode(encoded, "the signer key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE):
            raise FormatError("the signer key is not an Ed25519 note or cosignature key")
        signer = cls(_check_name(name), raw[0], raw[1:])
        if signer.verifier.key_id.hex() != hash_hex:
            raise FormatError(f"the key hash {hash_hex!r} does not match the key of {name!r}")
        return signer


@dataclass(frozen=True)
class Signature:
    name: str
    blob: bytes  # key id || signature (note) or key id || timestamp || signature (cosignature)

    @property
    def line(self) -> str:
        return f"{DASH}{self.name} {base64.b64encode(self.blob).decode()}\n"


def check_body(body: str) -> str:
    """A note body: UTF-8 text, every line ending in a newline, no other control characters."""
    if not body.endswith("\n"):
        raise FormatError("a note body ends with a newline")
    if "\n\n" in body or body.startswith("\n"):
        raise FormatError("a note body has no empty lines")
    if any(ord(c) < 0x20 and c != "\n" for c in body):
        raise FormatError("a note body has no control characters")
    return body


def sign_body(body: str, signer: Signer) -> Signature:
    if signer.kind != ED25519:
        raise FormatError("only an Ed25519 note key signs notes; a cosignature key cosigns")
    return Signature(signer.name, signer.verifier.key_id + signer.sign(check_body(body).encode()))


def sign_note(body: str, signers: list[Signer]) -> str:
    if not signers:
        raise SignatureError("a note needs at least one signature")
    return body + "\n" + "".join(sign_body(body, s).line for s in signers)


def split_note(text: str) -> tuple[str, list[Signature]]:
    """(body, signatures) of a signed note; FormatError if it is not one."""
    cut = text.rfind("\n\n")
    if cut < 0:
        raise FormatError("a signed note is a body, an empty line, then signature lines")
    body, block = text[:cut + 1], text[cut + 2:]
    check_body(body)
    if not block.endswith("\n"):
        raise FormatError("every signature line ends with a newline")
    signatures = []
    for line in block[:-1].split("\n"):
        if not line.startswith(DASH):
            raise FormatError(f"a signature line starts with an em dash and a space: {line[:40]!r}")
        name, _, encoded = line[len(DASH):].partition(" ")
        blob = _b64decode(encoded, f"the signature of {name!r}")
        if not _NAME.fullmatch(name) or len(blob) < 4:
            raise FormatError(f"malformed signature line: {line[:60]!r}")
        signatures.append(Signature(name, blob))
    if len(signatures) > MAX_SIGNATURES:
        raise FormatError(f"a note carries at most {MAX_SIGNATURES} signatures")
    return body, signatures


def open_note(text: str, trusted: list[Verifier]) -> tuple[str, list[Signature], list[Verifier]]:
    """Verify a note: (body, all signatures, the trusted note keys whose signature verified).

    Lines from unknown keys are ignored; a line from a trusted key that does not verify is
    an error, as is a note no trusted key signed.
    """
    body, signatures = split_note(text)
    known = {(v.name, v.key_id): v for v in trusted if v.kind == ED25519}
    good: list[Verifier] = []
    for sig in signatures:
        verifier = known.get((sig.name, sig.blob[:4]))
        if verifier is None:
            continue
        if len(sig.blob) != 68 or not verifier.verify(sig.blob[4:], body.encode()):
            raise SignatureError(f"the signature of {sig.name} does not verify: the note was altered")
        good.append(verifier)
    if not good:
        names = ", ".join(sorted({v.name for v in trusted})) or "none"
        raise SignatureError(f"no signature by a trusted key (trusted: {names})")
    return body, signatures, good


# --- tlog-cosignature/v1 ------------------------------------------------------------------

def cosignature_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + body.encode()


def cosign(body: str, witness: Signer, timestamp: int) -> Signature:
    if witness.kind != COSIGNATURE:
        raise FormatError("a witness cosigns with a cosignature key (type 0x04)")
    signature = witness.sign(cosignature_message(check_body(body), timestamp))
    return Signature(witness.name, witness.verifier.key_id + struct.pack(">Q", timestamp) + signature)


def verify_cosignatures(body: str, signatures: list[Signature], witnesses: list[Verifier]) -> dict[str, int]:
    """{witness name: timestamp} of the cosignatures by the given witnesses that verify.

    A line from a given witness that does not verify is an error; unknown lines are ignored.
    """
    known = {(v.name, v.key_id): v for v in witnesses if v.kind == COSIGNATURE}
    found: dict[str, int] = {}
    for sig in signatures:
        verifier = known.get((sig.name, sig.blob[:4]))
        if verifier is None:
            continue
        if len(sig.blob) != 76:
            raise SignatureError(f"the cosignature of witness {sig.name} is malformed")
        (timestamp,) = struct.unpack(">Q", sig.blob[4:12])
        if not verifier.verify(sig.blob[12:], cosignature_message(body, timestamp)):
            raise SignatureError(f"the cosignature of witness {sig.name} does not verify")
        found[sig.name] = timestamp
    return found
