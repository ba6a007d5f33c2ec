"""The agency's own Ed25519 signing key, kept in a file under the var directory.

Only `adaldyq exchange keygen` writes it (mode 0600, never overwritten unless asked);
export reads it. Partners' public keys live in the database (`Partner.public_key`).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adaldyq.cooperation import package
from adaldyq.cooperation import settings as coop_settings
from adaldyq.cooperation.exceptions import ExchangeKeyError


def generate(path: Path | None = None, *, force: bool = False) -> Path:
    path = path or coop_settings.key_path()
    if path.exists() and not force:
        raise ExchangeKeyError(f"{path} already exists; refusing to replace the agency key (use --force).")
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = package.private_key_pem(package.new_private_key())
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    tmp.replace(path)
    return path


def load(path: Path | None = None) -> Ed25519PrivateKey:
    path = path or coop_settings.key_path()
    if not path.exists():
        raise ExchangeKeyError(f"No agency key at {path}: run `adaldyq exchange keygen` first.")
    return package.load_private_key(path.read_bytes())


def public_text(path: Path | None = None) -> str:
    return package.public_key_text(load(path).public_key())
