"""Leaf entries: canonical JSON with a salted commitment in place of the personal part.

A leaf never holds personal data. It holds `"personal": hex(SHA-256(salt || canonical
JSON of the personal part))`, or null. While the personal part may be public the site
serves it with its salt, and anyone can recompute the commitment; once it may not, the
site stops serving it and the leaf, unchanged, reveals nothing: the 16-byte random salt
makes guessing the data from the commitment hopeless.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from adaldyq.tlog.exceptions import FormatError

SALT_BYTES = 16
MAX_ENTRY_BYTES = 0xFFFF  # each entry in a bundle is prefixed by a 16-bit length


def canonical(value: Any) -> bytes:
    """UTF-8 JSON, keys sorted, no spaces: the one byte form every leaf and commitment uses."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def commitment(salt: bytes, personal: Any) -> str:
    return hashlib.sha256(salt + canonical(personal)).hexdigest()


def leaf_entry(public: dict[str, Any], personal_commitment: str | None) -> bytes:
    """The entry of a leaf. An entry too long for a bundle keeps only a digest of `public`."""
    if "personal" in public:
        raise FormatError("'personal' is reserved for the commitment")
    entry = canonical({**public, "personal": personal_commitment})
    if len(entry) > MAX_ENTRY_BYTES and isinstance(public.get("public"), dict):
        digest = hashlib.sha256(canonical(public["public"])).hexdigest()
        slim = {k: v for k, v in public.items() if k != "public"}
        entry = canonical({**slim, "public_sha256": digest, "personal": personal_commitment})
    if len(entry) > MAX_ENTRY_BYTES:
        raise FormatError(f"a leaf entry is {len(entry)} bytes; at most {MAX_ENTRY_BYTES} fit a bundle")
    return entry


def bundle(entries: list[bytes]) -> bytes:
    """An entry bundle: each entry as a big-endian 16-bit length, then its bytes."""
    out = bytearray()
    for entry in entries:
        if len(entry) > MAX_ENTRY_BYTES:
            raise FormatError("an entry longer than 65535 bytes does not fit a bundle")
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)


def unbundle(data: bytes) -> list[bytes]:
    entries, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            raise FormatError("an entry bundle ends inside a length prefix")
        length = int.from_bytes(data[at:at + 2], "big")
        if at + 2 + length > len(data):
            raise FormatError("an entry bundle ends inside an entry")
        entries.append(data[at + 2:at + 2 + length])
        at += 2 + length
    return entries
