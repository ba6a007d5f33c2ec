"""The C2SP tlog-witness witness: cosigns only checkpoints that extend what it saw."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from adaldyq.tlog import merkle, note, witness
from adaldyq.tlog.checkpoint import Checkpoint
from tests.tlog.naive import Naive

ORIGIN = "register.example.kz/log"
LOG = note.Signer.generate(ORIGIN)
WITNESS = note.Signer.generate("ngo.example.org", note.COSIGNATURE)
ENTRIES = [f"event {i}".encode() for i in range(40)]
TREE = Naive(ENTRIES)


def signed(size: int, tree: Naive = TREE, signer: note.Signer = LOG) -> str:
    return note.sign_note(Checkpoint(signer.name, size, tree.mth(0, size)).body, [signer])


def request(old: int, size: int, tree: Naive = TREE, proof: list[bytes] | None = None) -> bytes:
    if proof is None:
        proof = tree.proof(old, size) if 0 < old < size else []
    return witness.format_request(old, proof, signed(size, tree))


@pytest.fixture
def ngo(tmp_path: Path) -> witness.Witness:
    return witness.Witness(WITNESS, [LOG.verifier], witness.FileState(tmp_path / "state"), clock=lambda: 1_700_000_000)


def cosigned(answer: witness.Answer, size: int) -> bool:
    body = Checkpoint(ORIGIN, size, TREE.mth(0, size)).body
    _, signatures = note.split_note(body + "\n" + answer.body)
    return note.verify_cosignatures(body, signatures, [WITNESS.verifier]) == {WITNESS.name: 1_700_000_000}


def test_cosigns_a_growing_log_and_remembers_it(ngo: witness.Witness) -> None:
    first = ngo.add_checkpoint(request(0, 10))
    assert first.status == 200 and cosigned(first, 10)
    second = ngo.add_checkpoint(request(10, 25))
    assert second.status == 200 and cosigned(second, 25)
    again = ngo.add_checkpoint(request(25, 25))
    assert again.status == 200 and cosigned(again, 25)


def test_wrong_old_size_gets_the_witness_size(ngo: witness.Witness) -> None:
    assert ngo.add_checkpoint(request(0, 10)).status == 200
    answer = ngo.add_checkpoint(request(5, 25))
    assert (answer.status, answer.body, answer.content_type) == (409, "10\n", "text/x.tlog.size")
    assert ngo.add_checkpoint(request(0, 25)).status == 409


def test_a_rewritten_log_is_refused_and_the_evidence_kept(ngo: witness.Witness, tmp_path: Path) -> None:
    assert ngo.add_checkpoint(request(0, 10)).status == 200
    rewritten = Naive([*ENTRIES[:3], b"rewritten", *ENTRIES[4:]])
    answer = ngo.add_checkpoint(request(10, 25, rewritten))
    assert answer.status == 422 and "rewritten" in answer.body
    evidence = list((tmp_path / "state" / "evidence").iterdir())
    assert len(evidence) == 1 and b"rewritten" in evidence[0].read_bytes()
    same_size = ngo.add_checkpoint(witness.format_request(10, [], signed(10, rewritten)))
    assert same_size.status == 409
    # and the witness still stands by the true log
    assert ngo.add_checkpoint(request(10, 25)).status == 200


def test_bad_requests(ngo: witness.Witness) -> None:
    stranger = note.Signer.generate("other.example.kz/log")
    assert ngo.add_checkpoint(witness.format_request(0, [], signed(5, signer=stranger))).status == 404
    impostor = note.Signer.generate(ORIGIN)  # right name, wrong key
    assert ngo.add_checkpoint(witness.format_request(0, [], signed(5, signer=impostor))).status == 403
    assert ngo.add_checkpoint(request(30, 20, proof=[])).status == 400
    assert ngo.add_checkpoint(witness.format_request(0, [bytes(32)], signed(5))).status == 400
    assert ngo.add_checkpoint(b"old x\n\n" + signed(5).encode()).status == 400
    assert ngo.add_checkpoint(b"\xff\xfe").status == 400
    assert ngo.add_checkpoint(request(0, 10, proof=[])).status == 200
    wrong_proof = [bytes(32)] * len(TREE.proof(10, 25))
    assert ngo.add_checkpoint(request(10, 25, proof=wrong_proof)).status == 422


def test_request_format_round_trip() -> None:
    proof = TREE.proof(10, 25)
    parsed = witness.parse_request(witness.format_request(10, proof, signed(25)))
    assert (parsed.old_size, parsed.proof, parsed.note) == (10, proof, signed(25))
    merkle.verify_consistency(10, 25, TREE.mth(0, 10), TREE.mth(0, 25), proof=parsed.proof)


@pytest.fixture
def served(ngo: witness.Witness) -> Iterator[int]:
    server = witness.server(ngo, "127.0.0.1", 0, prefix="/witness")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_over_http(served: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    conn.request("POST", "/witness/add-checkpoint", body=request(0, 12))
    response = conn.getresponse()
    assert response.status == 200 and cosigned(witness.Answer(200, response.read().decode()), 12)
    conn.request("POST", "/witness/add-checkpoint", body=request(3, 20))
    response = conn.getresponse()
    assert (response.status, response.getheader("Content-Type"), response.read()) == (409, "text/x.tlog.size", b"12\n")
    conn.request("POST", "/elsewhere", body=b"x")
    response = conn.getresponse()
    assert response.status == 404
    response.read()
