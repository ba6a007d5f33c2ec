"""Packages built to hurt: bounded work before any trust (issue 10). A 30 KB ZIP bomb
inflated to 1 GB of memory, a deeply nested manifest raised RecursionError, and
sequence 2^70 verified and then failed in the database on import."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from adaldyq.cooperation import ftm
from adaldyq.cooperation import package as pkg
from adaldyq.cooperation.exceptions import PackageRefused

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
KEYS = {"VN-GI": KEY.public_key()}
US = "KZ-ACA"
BUDGET = 100 * 1024 * 1024


def peak_bytes(work: Callable[[], Any]) -> int:
    """Peak of Python allocations while `work` runs (it may raise)."""
    tracemalloc.start()
    try:
        work()
    except PackageRefused:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def zip_bomb(inflated: int) -> bytes:
    """The three member names, the entities deflated from `inflated` zero bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(pkg.MANIFEST, b"{}")
        with archive.open(pkg.ENTITIES, "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
        archive.writestr(pkg.SIGNATURE, b"x")
    return buffer.getvalue()


def signed(manifest_bytes: bytes, body: bytes = b"") -> bytes:
    signature = base64.b64encode(KEY.sign(manifest_bytes)) + b"\n"
    return pkg.canonical_zip([(pkg.MANIFEST, manifest_bytes), (pkg.ENTITIES, body), (pkg.SIGNATURE, signature)])


def test_a_zip_bomb_is_refused_before_it_inflates() -> None:
    bomb = zip_bomb(256 * 1024 * 1024)
    assert len(bomb) < 400 * 1024
    with pytest.raises(PackageRefused, match="uncompressed"):
        pkg.verify(bomb, keys=KEYS, recipient=US)
    assert peak_bytes(lambda: pkg.verify(bomb, keys=KEYS, recipient=US)) < 5 * 1024 * 1024


def test_a_deeply_nested_manifest_is_refused_not_a_recursion_error() -> None:
    data = signed(b"[" * 30_000 + b"]" * 30_000)
    with pytest.raises(PackageRefused, match="deeper than 16 levels"):
        pkg.verify(data, keys=KEYS, recipient=US)


def test_a_deeply_nested_entity_is_refused() -> None:
    body = b'{"id": "x", "schema": "Person", "properties": {"name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}\n"
    manifest = {"format": pkg.FORMAT, "package_id": "p-1", "sender": "VN-GI", "recipient": US, "sequence": 1,
                "created_at": "2026-11-01T00:00:00+00:00", "files": {pkg.ENTITIES: pkg.sha256(body)},
                "entity_count": 1}
    with pytest.raises(PackageRefused, match="line 1 nests JSON deeper"):
        pkg.verify(signed(json.dumps(manifest).encode(), body), keys=KEYS, recipient=US)


def test_a_sequence_beyond_the_database_is_refused_at_verification() -> None:
    data = pkg.build([ftm.person("p-1", "Nguyen Van Demo", country="vn")], sender="VN-GI", recipient=US,
                     sequence=2**70, key=KEY, created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)).data
    with pytest.raises(PackageRefused, match="sequence must be a whole number from 1 to"):
        pkg.verify(data, keys=KEYS, recipient=US)


def test_an_oversized_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path, db: Any) -> None:
    big = tmp_path / "big.zip"
    with big.open("wb") as handle:
        handle.truncate(pkg.MAX_PACKAGE_BYTES + 1)  # sparse: nothing to read
    with pytest.raises(CommandError, match="packages may be at most"):
        call_command("exchange", "verify", str(big))
    with pytest.raises(PackageRefused, match="packages may be at most"):
        pkg.verify(b"\0" * (pkg.MAX_PACKAGE_BYTES + 1), keys=KEYS, recipient=US)


def test_verification_memory_grows_with_the_bytes_not_the_entities() -> None:
    """Small entities are the worst shape for memory: verification keeps their ids,
    not their objects, so the peak stays a few times the package's size. At the
    largest size allowed that is under the 100 MB budget (`make bench-security`)."""
    entities = [ftm.person(f"vn-gi-{i}", f"Nguyen Van Demo {i}", country="vn") for i in range(10_000)]
    data = pkg.build(entities, sender="VN-GI", recipient=US, sequence=1, key=KEY).data
    assert len(data) > 1_000_000
    assert peak_bytes(lambda: pkg.verify(data, keys=KEYS, recipient=US)) < 4 * len(data) + 2 * 1024 * 1024
    assert 4 * pkg.MAX_PACKAGE_BYTES + 2 * 1024 * 1024 < BUDGET
