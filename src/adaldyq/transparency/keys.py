"""The log's Ed25519 signing keys: files in the key folder, one per key.

Every key in the folder signs every checkpoint. To rotate: add a new key (`adaldyq log
keygen`), publish its verifier key next to the old one and give verifiers time to
trust it, then retire the old one (`adaldyq log retire-key HASH`, which moves it to
`retired/`). All keys carry the log's origin as their name. This key is not the
exchange-package key of international cooperation, and neither can stand in for the other.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from adaldyq.tlog.note import ED25519, Signer, Verifier
from adaldyq.transparency import settings as log_settings
from adaldyq.transparency.exceptions import KeyRefused, NoLogKey


def _files(folder: Path | None = None) -> list[Path]:
    folder = folder or log_settings.key_dir()
    return sorted(folder.glob("*.key")) if folder.is_dir() else []


def signers(folder: Path | None = None) -> list[Signer]:
    found = [Signer.parse(p.read_text(encoding="utf-8")) for p in _files(folder)]
    if not found:
        raise NoLogKey(f"The log has no signing key in {folder or log_settings.key_dir()}: "
                       "run `adaldyq log keygen` first.")
    return found


def verifiers(folder: Path | None = None) -> list[Verifier]:
    return [s.verifier for s in signers(folder)]


def generate(origin: str | None = None, *, seed: bytes | None = None, folder: Path | None = None) -> Signer:
    """Write a new signing key; refuse a name other than the log's existing origin."""
    folder = folder or log_settings.key_dir()
    existing = {s.name for s in (Signer.parse(p.read_text(encoding="utf-8")) for p in _files(folder))}
    name = origin or (next(iter(existing)) if existing else log_settings.origin())
    if existing and name not in existing:
        raise KeyRefused(f"the log's keys are named {sorted(existing)[0]!r}; a key named {name!r} "
                         "would start another log")
    signer = Signer.generate(name, ED25519, seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{signer.verifier.key_id.hex()}.key"
    if path.exists():
        raise KeyRefused(f"{path} already exists")
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(signer.text + "\n")
    path.with_suffix(".tmp").replace(path)
    return signer


def retire(key_hash: str, folder: Path | None = None) -> Path:
    folder = folder or log_settings.key_dir()
    files = _files(folder)
    match = [p for p in files if p.stem == key_hash.lower()]
    if not match:
        raise KeyRefused(f"no key with hash {key_hash} in {folder}")
    if len(files) == 1:
        raise KeyRefused("that is the log's only key: add the new key first (`adaldyq log keygen`)")
    retired = folder / "retired"
    retired.mkdir(exist_ok=True)
    target = retired / match[0].name
    match[0].replace(target)
    return target


def demo_seed(seed: int) -> bytes:
    """The demo installation's key seed: public on purpose, so the README can show its key."""
    return hashlib.sha256(f"adaldyq demo transparency log key {seed}".encode()).digest()
