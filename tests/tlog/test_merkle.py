"""The Merkle tree against a naive implementation of RFC 9162 for every size 1..300,
and against published test vectors."""

from __future__ import annotations

import functools
import random

import pytest

from adaldyq.tlog import merkle, tiles
from adaldyq.tlog.exceptions import ProofError
from tests.tlog import naive

SIZES = range(1, 301)
ENTRIES = [f"entry {i}".encode() for i in range(300)]
LEAVES = [merkle.leaf_hash(e) for e in ENTRIES]
NAIVE = naive.Naive(ENTRIES)


class MemoryTiles:
    """Tiles built by the real TileWriter, appended in uneven batches as a log would."""

    def __init__(self, leaves: list[bytes], seed: int = 7) -> None:
        self.store: dict[tiles.TileKey, bytes] = {}
        size, rng = 0, random.Random(seed)
        while size < len(leaves):
            step = rng.choice([1, 1, 2, 3, 17, 255, 256, 300])
            batch = leaves[size:size + step]
            writer = tiles.TileWriter(size, {k[0]: self.store[k] for k in tiles.TileWriter.partial_keys(size)})
            self.store.update(writer.append(batch))
            size += len(batch)

        self.hash = functools.lru_cache(maxsize=None)(self._hash)  # tiles never change: compute each range once

    def _hash(self, start: int, end: int) -> bytes:
        return merkle.fold([tiles.subtree_hash(s, self.store.__getitem__) for s in merkle.subtrees(start, end)])


@pytest.fixture(scope="module")
def stored() -> MemoryTiles:
    return MemoryTiles(LEAVES)


def test_roots_of_every_size(stored: MemoryTiles) -> None:
    builder = merkle.RootBuilder()
    for n in SIZES:
        builder.add(LEAVES[n - 1])
        expected = NAIVE.mth(0, n)
        assert builder.root() == expected, n
        assert merkle.balanced_root(LEAVES[:n]) == expected, n
        assert stored.hash(0, n) == expected, n


def test_inclusion_proofs_of_every_leaf_of_every_size(stored: MemoryTiles) -> None:
    for n in SIZES:
        root = NAIVE.mth(0, n)
        for m in range(n):
            proof = [stored.hash(a, b) for a, b in merkle.inclusion_ranges(m, n)]
            assert proof == NAIVE.path(m, 0, n), (m, n)
            merkle.verify_inclusion(m, n, LEAVES[m], proof, root=root)


def test_consistency_proofs_between_every_pair_of_sizes(stored: MemoryTiles) -> None:
    roots = [NAIVE.mth(0, n) for n in range(301)]
    for n in SIZES:
        for m in range(1, n + 1):
            proof = [stored.hash(a, b) for a, b in merkle.consistency_ranges(m, n)]
            assert proof == (NAIVE.proof(m, n) if m < n else []), (m, n)
            merkle.verify_consistency(m, n, roots[m], roots[n], proof=proof)


def test_wrong_proofs_fail() -> None:
    n, m = 300, 77
    root = NAIVE.mth(0, n)
    good = NAIVE.path(m, 0, n)
    with pytest.raises(ProofError):
        merkle.verify_inclusion(m, n, LEAVES[m + 1], good, root=root)
    with pytest.raises(ProofError):
        merkle.verify_inclusion(m + 1, n, LEAVES[m], good, root=root)
    with pytest.raises(ProofError):
        merkle.verify_inclusion(m, n, LEAVES[m], good[:-1], root=root)
    with pytest.raises(ProofError):
        merkle.verify_inclusion(m, n, LEAVES[m], [*good, good[0]], root=root)
    for i in range(len(good)):
        bad = list(good)
        bad[i] = bytes(32)
        with pytest.raises(ProofError):
            merkle.verify_inclusion(m, n, LEAVES[m], bad, root=root)
    old, new = 100, 300
    cproof = NAIVE.proof(old, new)
    rewritten = [*ENTRIES[:50], b"rewritten", *ENTRIES[51:]]
    other = naive.Naive(rewritten)
    with pytest.raises(ProofError, match="rewritten"):
        merkle.verify_consistency(old, new, other.mth(0, old), root, proof=cproof)
    with pytest.raises(ProofError):
        merkle.verify_consistency(old, new, NAIVE.mth(0, old), other.mth(0, new), proof=cproof)
    with pytest.raises(ProofError, match="backwards"):
        merkle.verify_consistency(new, old, root, root, proof=[])
    with pytest.raises(ProofError, match="same size"):
        merkle.verify_consistency(old, old, root, NAIVE.mth(0, old), proof=[])


# Test vectors of Certificate Transparency's reference implementations (RFC 6962, whose
# tree RFC 9162 keeps unchanged): the eight leaves and the roots, inclusion and
# consistency proofs of google/certificate-transparency's `merkle_tree_test.cc` and
# transparency-dev/merkle's `testonly/constants.go`.
CT_LEAVES = [bytes.fromhex(h) for h in [
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [  # (leaf index, tree size, proof)
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CT_CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]


def test_certificate_transparency_vectors() -> None:
    leaves = [merkle.leaf_hash(e) for e in CT_LEAVES]
    store = MemoryTiles(leaves)
    for n, expected in enumerate(CT_ROOTS, start=1):
        assert store.hash(0, n).hex() == expected
    for index, size, expected_proof in CT_INCLUSION:
        proof = [store.hash(a, b) for a, b in merkle.inclusion_ranges(index, size)]
        assert [p.hex() for p in proof] == expected_proof
        merkle.verify_inclusion(index, size, leaves[index], proof, root=bytes.fromhex(CT_ROOTS[size - 1]))
    for old, new, expected_proof in CT_CONSISTENCY:
        proof = [store.hash(a, b) for a, b in merkle.consistency_ranges(old, new)]
        assert [p.hex() for p in proof] == expected_proof
        merkle.verify_consistency(old, new, bytes.fromhex(CT_ROOTS[old - 1]), bytes.fromhex(CT_ROOTS[new - 1]),
                                  proof=proof)


def test_empty_tree_root_is_the_hash_of_nothing() -> None:
    assert merkle.RootBuilder().root().hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_large_tree_across_tile_levels() -> None:
    """70,000 leaves: three tile levels, full and partial, against the streaming root."""
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(70_000)]
    store = MemoryTiles(leaves, seed=3)
    builder = merkle.RootBuilder()
    roots = {}
    for i, leaf in enumerate(leaves, start=1):
        builder.add(leaf)
        if i in (1, 255, 256, 257, 65_535, 65_536, 65_537, 70_000):
            roots[i] = builder.root()
    for n, root in roots.items():
        assert store.hash(0, n) == root
    rng = random.Random(5)
    for _ in range(200):
        n = rng.choice(list(roots))
        m = rng.randrange(n)
        proof = [store.hash(a, b) for a, b in merkle.inclusion_ranges(m, n)]
        merkle.verify_inclusion(m, n, leaves[m], proof, root=roots[n])
        old = rng.choice([k for k in roots if k <= n])
        cproof = [store.hash(a, b) for a, b in merkle.consistency_ranges(old, n)]
        merkle.verify_consistency(old, n, roots[old], roots[n], proof=cproof)
