"""The Merkle tree of RFC 9162 §2.1, its inclusion and consistency proofs.

A proof is built from ranges of leaves: the tree hash of each range is one proof hash.
Each range is covered by a few complete, aligned subtrees (`subtrees`) whose hashes a
log keeps (in tiles, see `tiles.py`), so building a proof needs only stored hashes.
Verification follows the RFC's iterative algorithms (§2.1.3.2, §2.1.4.2) word for
word; the tests check both sides against a naive recursive implementation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from adaldyq.tlog.exceptions import ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Range = tuple[int, int]  # [start, end) of leaf indexes
Subtree = tuple[int, int]  # (height, index): leaves [index * 2**height, (index + 1) * 2**height)


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtrees(start: int, end: int) -> list[Subtree]:
    """The maximal complete aligned subtrees covering [start, end), left to right."""
    found: list[Subtree] = []
    while start < end:
        height = (end - start).bit_length() - 1
        if start:
            height = min(height, (start & -start).bit_length() - 1)
        found.append((height, start >> height))
        start += 1 << height
    return found


def fold(hashes: Sequence[bytes]) -> bytes:
    """The tree hash of a range from its subtrees' hashes (left to right, heights decreasing)."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for left in reversed(hashes[:-1]):
        acc = node_hash(left, acc)
    return acc


def balanced_root(hashes: Sequence[bytes]) -> bytes:
    """The tree hash of consecutive hashes of one level, pairing bottom-up.

    For 2**k hashes this is their complete subtree's hash; for other counts, promoting
    the odd last node gives the same value as RFC 9162's split at the largest power of two.
    """
    level = list(hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0] if level else EMPTY_ROOT


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The ranges whose tree hashes form the inclusion proof of leaf `index` (RFC 9162 order)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    ranges: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index - lo < k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    return ranges[::-1]


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The ranges whose tree hashes form the consistency proof from size `old` to `new`."""
    if not 0 <= old <= new:
        raise ProofError(f"no consistency proof from size {old} to size {new}")
    if old in (0, new):
        return []
    ranges: list[Range] = []
    lo, hi, m, complete = 0, new, old, True
    while m != hi - lo:
        k = split_point(hi - lo)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        ranges.append((lo, hi))
    return ranges[::-1]


def _shift_until_odd_or_zero(fn: int, sn: int) -> tuple[int, int]:
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that an inclusion proof leads to (RFC 9162 §2.1.3.2); ProofError if malformed."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                fn, sn = _shift_until_odd_or_zero(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the inclusion proof is too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], *, root: bytes) -> None:
    if root_from_inclusion(index, size, leaf, proof) != root:
        raise ProofError(f"leaf {index} is not included in the tree of size {size} with that root")


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, *, proof: Sequence[bytes]) -> None:
    """RFC 9162 §2.1.4.2: the tree of size `new` extends the one of size `old`; ProofError if not."""
    if not 0 <= old <= new:
        raise ProofError(f"size {new} is smaller than the earlier size {old}: the log went backwards")
    if old == new or old == 0:
        if proof:
            raise ProofError("a consistency proof between these sizes must be empty")
        if old == new and old_root != new_root:
            raise ProofError(f"two different roots for the same size {old}: the log was rewritten")
        return
    path = list(proof)
    if not path:
        raise ProofError("the consistency proof is empty")
    if old & (old - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                fn, sn = _shift_until_odd_or_zero(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is too short")
    if fr != old_root:
        raise ProofError(f"the tree of size {new} does not contain the earlier tree of size {old}: "
                         "the log was rewritten")
    if sr != new_root:
        raise ProofError(f"the consistency proof does not lead to the root of size {new}")


class RootBuilder:
    """The root of a growing tree, one leaf hash at a time, in O(log n) memory."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # complete subtrees, heights decreasing

    def add(self, leaf: bytes) -> None:
        height, h = 0, leaf
        stack = self._stack
        while stack and stack[-1][0] == height:
            h = node_hash(stack.pop()[1], h)
            height += 1
        stack.append((height, h))
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.add(leaf)

    def root(self) -> bytes:
        return fold([h for _, h in self._stack])
