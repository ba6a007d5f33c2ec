"""C2SP tlog-witness: the add-checkpoint request a log sends, and the witness that answers it.

A witness remembers, per log, the last checkpoint it cosigned. It cosigns a new one
only when the log's own key signed it and a consistency proof shows that it extends
the remembered one, so a log that rewrote its past cannot get a cosignature, and a log
that shows two readers two different histories is caught by whichever witness saw both.
Everything here is the standard library and `cryptography`; `adaldyq log witness` runs
it as an HTTP server with its state in a directory.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import http.server
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from adaldyq.tlog import merkle
from adaldyq.tlog.checkpoint import Checkpoint
from adaldyq.tlog.exceptions import FormatError, LogError, ProofError
from adaldyq.tlog.note import Signer, Verifier, cosign, open_note, split_note

MAX_PROOF_LINES = 63
MAX_REQUEST_BYTES = 64 * 1024
SIZE_TYPE = "text/x.tlog.size"
_OLD = re.compile(r"old (0|[1-9]\d{0,19})")


@dataclass(frozen=True)
class AddCheckpoint:
    old_size: int
    proof: list[bytes]
    note: str


def format_request(old_size: int, proof: list[bytes], note: str) -> bytes:
    lines = [f"old {old_size}\n", *(base64.b64encode(h).decode() + "\n" for h in proof), "\n"]
    return ("".join(lines) + note).encode()


def parse_request(data: bytes) -> AddCheckpoint:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError("the request is not UTF-8 text") from exc
    head, sep, note = text.partition("\n\n")
    if not sep:
        raise FormatError("the request has no empty line before the checkpoint")
    lines = head.split("\n")
    match = _OLD.fullmatch(lines[0])
    if not match:
        raise FormatError("the request starts with 'old <size>'")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise FormatError(f"a consistency proof has at most {MAX_PROOF_LINES} hashes")
    proof = []
    for line in lines[1:]:
        try:
            raw = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise FormatError("a proof line is not base64") from exc
        if len(raw) != merkle.HASH_SIZE:
            raise FormatError("a proof hash is not 32 bytes")
        proof.append(raw)
    return AddCheckpoint(int(match.group(1)), proof, note)


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Seen:
    """The last checkpoint a witness cosigned for one log."""

    size: int
    root: bytes
    note: str


class Slot:
    """One log's remembered checkpoint, read and replaced under the state's lock."""

    def __init__(self, current: Seen | None, save: Callable[[Seen], None]) -> None:
        self.current = current
        self._save = save

    def save(self, seen: Seen) -> None:
        self._save(seen)
        self.current = seen


class FileState:
    """The witness's memory: one file per log origin, replaced atomically under a file lock
    (so two witness processes on one directory never both advance a log)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._threads = threading.Lock()

    def _name(self, origin: str) -> str:
        return hashlib.sha256(origin.encode()).hexdigest()[:32]

    @contextlib.contextmanager
    def slot(self, origin: str) -> Iterator[Slot]:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self._name(origin)}.json"
        with self._threads, open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = None
                if path.exists():
                    saved = json.loads(path.read_text(encoding="utf-8"))
                    current = Seen(saved["size"], base64.b64decode(saved["root"]), saved["note"])

                def save(seen: Seen) -> None:
                    record = {"origin": origin, "size": seen.size, "root": base64.b64encode(seen.root).decode(),
                              "note": seen.note}
                    tmp = path.with_suffix(".tmp")
                    with open(tmp, "w", encoding="utf-8") as handle:
                        handle.write(json.dumps(record))
                        handle.flush()
                        os.fsync(handle.fileno())
                    tmp.replace(path)

                yield Slot(current, save)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def keep_evidence(self, origin: str, request: bytes, reason: str) -> Path:
        """Keep a refused request: it may prove that the log misbehaved."""
        folder = self.directory / "evidence"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = folder / f"{stamp}-{self._name(origin)[:8]}-{hashlib.sha256(request).hexdigest()[:8]}.txt"
        path.write_bytes(f"# {reason}\n".encode() + request)
        return path


class Witness:
    def __init__(self, signer: Signer, logs: list[Verifier], state: FileState,
                 clock: Callable[[], float] = time.time) -> None:
        self.signer = signer
        self.logs: dict[str, list[Verifier]] = {}
        for key in logs:
            self.logs.setdefault(key.name, []).append(key)  # a log's key is named for its origin
        self.state = state
        self.clock = clock

    def add_checkpoint(self, data: bytes) -> Answer:
        try:
            request = parse_request(data)
            body, _ = split_note(request.note)
            checkpoint = Checkpoint.parse(body)
        except FormatError as exc:
            return Answer(400, f"{exc}\n")
        keys = self.logs.get(checkpoint.origin)
        if keys is None:
            return Answer(404, f"unknown log {checkpoint.origin!r}\n")
        try:
            open_note(request.note, keys)
        except LogError as exc:
            return Answer(403, f"{exc}\n")
        if request.old_size > checkpoint.size:
            return Answer(400, "the old size is larger than the checkpoint's\n")
        if request.old_size == 0 and request.proof:
            return Answer(400, "there is no consistency proof from size 0\n")
        with self.state.slot(checkpoint.origin) as slot:
            answer = self._decide(request, checkpoint, slot, data)
        return answer

    def _decide(self, request: AddCheckpoint, checkpoint: Checkpoint, slot: Slot, data: bytes) -> Answer:
        seen = slot.current
        size = seen.size if seen else 0
        if request.old_size != size:
            return Answer(409, f"{size}\n", SIZE_TYPE)
        if seen is not None and checkpoint.size == seen.size and checkpoint.root != seen.root:
            self.state.keep_evidence(checkpoint.origin, data, "same size, another root")
            return Answer(409, "a checkpoint of this size with another root was cosigned before\n")
        if seen is not None and checkpoint.size > seen.size:
            try:
                merkle.verify_consistency(seen.size, checkpoint.size, seen.root, checkpoint.root, proof=request.proof)
            except ProofError as exc:
                self.state.keep_evidence(checkpoint.origin, data, f"consistency proof failed: {exc}")
                return Answer(422, f"{exc}\n")
        if seen is None or checkpoint.size > seen.size:
            slot.save(Seen(checkpoint.size, checkpoint.root, request.note))
        return Answer(200, cosign(checkpoint.body, self.signer, int(self.clock())).line)


def handler_for(witness: Witness, prefix: str = "") -> type[http.server.BaseHTTPRequestHandler]:
    path = prefix.rstrip("/") + "/add-checkpoint"

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "adaldyq-witness"

        def do_POST(self) -> None:  # noqa: N802 - the name http.server looks for
            if self.path != path:
                return self._answer(Answer(404, "not found\n"))
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return self._answer(Answer(411, "a Content-Length is required\n"))
            if not 0 <= length <= MAX_REQUEST_BYTES:
                return self._answer(Answer(413, "request too large\n"))
            self._answer(witness.add_checkpoint(self.rfile.read(length)))

        def _answer(self, answer: Answer) -> None:
            body = answer.body.encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            print(f"{self.address_string()} {format % args}", flush=True)

    return Handler


def server(witness: Witness, host: str, port: int, prefix: str = "") -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), handler_for(witness, prefix))
