"""A naive, recursive RFC 9162 §2.1 implementation, written from the RFC's definitions
only and sharing no code with `adaldyq.tlog`: the oracle the tests compare against.

`Naive(entries)` works on slices D[lo:hi] of one list; tree hashes of slices are
memoised so that checking every pair of sizes up to 300 stays quick.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Naive:
    def __init__(self, entries: list[bytes]) -> None:
        self.entries = entries
        self.mth = lru_cache(maxsize=None)(self._mth)

    def _mth(self, lo: int, hi: int) -> bytes:
        n = hi - lo
        if n == 0:
            return _h(b"")
        if n == 1:
            return _h(b"\x00" + self.entries[lo])
        k = _k(n)
        return _h(b"\x01" + self.mth(lo, lo + k) + self.mth(lo + k, hi))

    def path(self, m: int, lo: int, hi: int) -> list[bytes]:
        """PATH(m, D[lo:hi])."""
        n = hi - lo
        if n == 1:
            return []
        k = _k(n)
        if m < k:
            return self.path(m, lo, lo + k) + [self.mth(lo + k, hi)]
        return self.path(m - k, lo + k, hi) + [self.mth(lo, lo + k)]

    def subproof(self, m: int, lo: int, hi: int, complete: bool) -> list[bytes]:
        """SUBPROOF(m, D[lo:hi], b)."""
        n = hi - lo
        if m == n:
            return [] if complete else [self.mth(lo, hi)]
        k = _k(n)
        if m <= k:
            return self.subproof(m, lo, lo + k, complete) + [self.mth(lo + k, hi)]
        return self.subproof(m - k, lo + k, hi, False) + [self.mth(lo, lo + k)]

    def proof(self, m: int, n: int) -> list[bytes]:
        """PROOF(m, D[0:n])."""
        return self.subproof(m, 0, n, True)
