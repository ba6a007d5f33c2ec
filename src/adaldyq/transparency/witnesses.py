"""The agency's side of C2SP tlog-witness: ask each configured witness to cosign the
current checkpoint, with a consistency proof from the size it last cosigned, and keep
the cosignatures that verify so /log/checkpoint serves them."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from adaldyq.tlog.exceptions import FormatError, LogError
from adaldyq.tlog.note import COSIGNATURE, Verifier, split_note, verify_cosignatures
from adaldyq.tlog.witness import SIZE_TYPE, format_request
from adaldyq.transparency import checkpoints, tiles_db
from adaldyq.transparency import settings as log_settings
from adaldyq.transparency.exceptions import WitnessConfigError
from adaldyq.transparency.models import Checkpoint, Cosignature


@dataclass(frozen=True)
class WitnessConfig:
    key: Verifier
    url: str


@dataclass(frozen=True)
class Outcome:
    witness: str
    ok: bool
    message: str


def configured(path: Path | None = None) -> list[WitnessConfig]:
    path = path or log_settings.witnesses_file()
    if not path.exists():
        return []
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        try:
            if len(parts) != 2 or not parts[1].startswith(("http://", "https://")):
                raise FormatError("expected '<witness verifier key> <URL of add-checkpoint>'")
            key = Verifier.parse(parts[0])
            if key.kind != COSIGNATURE:
                raise FormatError("a witness key has type 0x04 (cosignature)")
        except FormatError as exc:
            raise WitnessConfigError(f"{path}, line {number}: {exc}") from exc
        found.append(WitnessConfig(key, parts[1]))
    return found


def last_cosigned_size(key_id: str) -> int:
    row = Cosignature.objects.filter(key_id=key_id).order_by("-checkpoint__size").first()
    return row.checkpoint.size if row else 0


def _post(url: str, data: bytes, timeout: float) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310 - http(s) checked when configured
                                     headers={"Content-Type": "text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured https/http URL
            return response.status, response.headers.get("Content-Type", ""), response.read(65536).decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(65536).decode(errors="replace")


def ask(witness: WitnessConfig, checkpoint: Checkpoint, timeout: float = 10) -> Outcome:
    name = witness.key.name
    if checkpoint.cosignatures.filter(key_id=witness.key.key_id.hex()).exists():
        return Outcome(name, True, f"already cosigned size {checkpoint.size}")
    old = last_cosigned_size(witness.key.key_id.hex())
    for _ in range(2):  # a 409 tells us the size the witness really has; try once more with it
        proof = tiles_db.consistency_proof(old, checkpoint.size) if 0 < old <= checkpoint.size else []
        try:
            status, content_type, body = _post(witness.url, format_request(old, proof, checkpoint.note), timeout)
        except OSError as exc:
            return Outcome(name, False, f"unreachable at {witness.url}: {exc}")
        if status == 409 and content_type.startswith(SIZE_TYPE) and body.strip().isdigit():
            old = int(body.strip())
            if old > checkpoint.size:
                return Outcome(name, False, f"the witness has size {old}, larger than ours: investigate")
            continue
        if status != 200:
            return Outcome(name, False, f"refused with {status}: {body.strip()[:300]}")
        return _store(witness, checkpoint, body)
    return Outcome(name, False, "the witness keeps answering 409")


def _store(witness: WitnessConfig, checkpoint: Checkpoint, lines: str) -> Outcome:
    name = witness.key.name
    try:
        _, signatures = split_note(checkpoint.body + "\n" + lines)
        stamps = verify_cosignatures(checkpoint.body, signatures, [witness.key])
    except LogError as exc:
        return Outcome(name, False, f"answered with a cosignature that does not verify: {exc}")
    if name not in stamps:
        return Outcome(name, False, "answered without a cosignature by its key")
    line = next(s.line for s in signatures if s.name == name and s.blob[:4] == witness.key.key_id)
    Cosignature.objects.get_or_create(checkpoint=checkpoint, key_id=witness.key.key_id.hex(),
                                      defaults={"witness": name, "line": line, "timestamp": stamps[name]})
    return Outcome(name, True, f"cosigned size {checkpoint.size}")


def collect(timeout: float = 10) -> list[Outcome]:
    """Ask every configured witness to cosign the current checkpoint."""
    checkpoint = checkpoints.current()
    return [ask(w, checkpoint, timeout) for w in configured()]
