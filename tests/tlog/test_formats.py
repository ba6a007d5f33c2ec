"""Byte formats: tile paths, checkpoints, signed notes, cosignatures, entries, bundles."""

from __future__ import annotations

import base64

import pytest

from adaldyq.tlog import entry, note, tiles
from adaldyq.tlog.checkpoint import Checkpoint
from adaldyq.tlog.exceptions import FormatError, SignatureError

# Go's golang.org/x/mod/sumdb/note, example_test.go (ExampleSign): the key, the text and
# the signed note it prints.
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_SIGNED = GO_TEXT + ("\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
                       "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n")


@pytest.mark.parametrize(("n", "encoded"), [(0, "000"), (5, "005"), (1234, "x001/234"),
                                            (1234067, "x001/x234/067"), (1000, "x001/000")])
def test_tile_index_encoding(n: int, encoded: str) -> None:
    assert tiles.encode_index(n) == encoded
    assert tiles.parse_tile_path(f"tile/0/{encoded}") == (0, n, 256)


def test_tile_paths_round_trip() -> None:
    assert tiles.tile_path(0, 1234067, 17) == "tile/0/x001/x234/067.p/17"
    assert tiles.tile_path(tiles.ENTRIES, 5) == "tile/entries/005"
    assert tiles.parse_tile_path("tile/entries/x001/234.p/255") == (tiles.ENTRIES, 1234, 255)
    assert tiles.parse_tile_path("tile/2/000.p/1") == (2, 0, 1)


@pytest.mark.parametrize("path", ["tile/0/5", "tile/0/0005", "tile/00/005", "tile/64/005", "tile/0/005.p/0",
                                  "tile/0/005.p/256", "tile/0/005.p/07", "tile/0/x000/005", "tile/0/001/234",
                                  "tile/x/005", "tiles/0/005", "tile/0/", "tile/0/x001", "tile/0/005.p"])
def test_malformed_tile_paths_are_refused(path: str) -> None:
    with pytest.raises(FormatError):
        tiles.parse_tile_path(path)


def test_tile_widths_follow_the_tree_size() -> None:
    size = 256 * 256 + 256 * 3 + 7  # 66311
    assert tiles.tiles_of(size, 0)[-1] == (259, 7)
    assert tiles.tiles_of(size, 1) == [(0, 256), (1, 3)]
    assert tiles.tiles_of(size, 2) == [(0, 1)]
    assert tiles.tile_width(size, 0, 258) == 256
    assert tiles.tile_width(size, 0, 260) == 0


def test_checkpoint_format() -> None:
    cp = Checkpoint("example.kz/log", 10, bytes(range(32)), ("ext line",))
    assert cp.body == "example.kz/log\n10\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\next line\n"
    assert Checkpoint.parse(cp.body) == cp
    for bad in ["example.kz/log\n010\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "x\n1\nAAEC\n",
                "\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "x\n1\n", "x\n-1\nAA==\n",
                "x\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="]:
        with pytest.raises(FormatError):
            Checkpoint.parse(bad)


def test_go_note_example_is_reproduced() -> None:
    signer = note.Signer.parse(GO_SIGNER)
    assert signer.verifier.text == GO_VERIFIER
    assert signer.text == GO_SIGNER
    assert note.sign_note(GO_TEXT, [signer]) == GO_SIGNED
    body, _, good = note.open_note(GO_SIGNED, [note.Verifier.parse(GO_VERIFIER)])
    assert body == GO_TEXT and good[0].name == "PeterNeumann"


def test_altered_or_unsigned_notes_are_refused() -> None:
    verifier = note.Verifier.parse(GO_VERIFIER)
    with pytest.raises(SignatureError, match="altered"):
        note.open_note(GO_SIGNED.replace("answer", "ANSWER"), [verifier])
    other = note.Signer.generate("PeterNeumann")  # same name, another key: its line is ignored
    forged = note.sign_note(GO_TEXT.replace("answer", "ANSWER"), [other])
    with pytest.raises(SignatureError, match="no signature by a trusted key"):
        note.open_note(forged, [verifier])
    both = GO_SIGNED + note.sign_body(GO_TEXT, other).line
    assert note.open_note(both, [verifier])[2] == [verifier]
    for bad in [GO_TEXT, GO_SIGNED.replace("\u2014", "-"), GO_SIGNED.rstrip("\n"), "\n\n" + GO_SIGNED]:
        with pytest.raises((FormatError, SignatureError)):
            note.open_note(bad, [verifier])


def test_key_strings_are_checked() -> None:
    with pytest.raises(FormatError, match="does not match"):
        note.Verifier.parse(GO_VERIFIER.replace("c74f20a3", "c74f20a4"))
    with pytest.raises(FormatError):
        note.Verifier.parse("name+c74f20a3")
    with pytest.raises(FormatError):
        note.Signer.generate("bad name")
    with pytest.raises(FormatError):
        note.Signer.parse(GO_VERIFIER)


def test_cosignature_round_trip_and_key_type() -> None:
    witness = note.Signer.generate("witness.example.org", note.COSIGNATURE)
    vkey = note.Verifier.parse(witness.verifier.text)
    assert base64.b64decode(vkey.text.split("+", 2)[2])[0] == 0x04
    body = Checkpoint("example.kz/log", 3, bytes(32)).body
    line = note.cosign(body, witness, 1_700_000_000).line
    _, signatures = note.split_note(body + "\n" + line)
    assert note.verify_cosignatures(body, signatures, [vkey]) == {"witness.example.org": 1_700_000_000}
    other_body = Checkpoint("example.kz/log", 4, bytes(32)).body
    with pytest.raises(SignatureError):
        note.verify_cosignatures(other_body, signatures, [vkey])
    with pytest.raises(FormatError):
        note.cosign(body, note.Signer.generate("log"), 1)  # a note key cannot cosign
    with pytest.raises(FormatError):
        note.sign_body(body, witness)  # and a witness key cannot sign a note


def test_commitment_hides_and_binds() -> None:
    personal = {"entry_id": 7, "document": "CASE-7", "name": "Ерлан"}
    salt = entry.new_salt()
    assert len(salt) >= 16
    committed = entry.commitment(salt, personal)
    assert committed == entry.commitment(salt, dict(reversed(list(personal.items()))))  # canonical: key order
    assert committed != entry.commitment(entry.new_salt(), personal)
    assert committed != entry.commitment(salt, {**personal, "entry_id": 8})
    leaf = entry.leaf_entry({"stream": "register", "seq": 1}, committed)
    assert leaf == b'{"personal":"' + committed.encode() + b'","seq":1,"stream":"register"}'
    assert b"CASE-7" not in leaf and "Ерлан".encode() not in leaf


def test_oversized_public_part_is_kept_as_a_digest() -> None:
    big = {"stream": "fund", "public": {"sources": ["x" * 100] * 1000}}
    leaf = entry.leaf_entry(big, None)
    assert len(leaf) < 200 and b"public_sha256" in leaf
    with pytest.raises(FormatError):
        entry.leaf_entry({"stream": "fund", "ground": "x" * 70_000}, None)
    with pytest.raises(FormatError, match="reserved"):
        entry.leaf_entry({"personal": "x"}, None)


def test_bundles_round_trip_and_refuse_truncation() -> None:
    items = [b"", b"a", "ё".encode() * 1000]
    data = entry.bundle(items)
    assert data[:2] == b"\x00\x00" and entry.unbundle(data) == items
    with pytest.raises(FormatError):
        entry.unbundle(data[:-1])
    with pytest.raises(FormatError):
        entry.unbundle(b"\x00")
