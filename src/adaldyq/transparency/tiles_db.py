"""Hash tiles in the database, and the proofs and roots built from them.

Tiles only grow, so each process keeps the most used ones in memory; a proof for a log
of a million leaves is then mostly hashing, with a query only for tiles not seen yet.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.db.models import Q

from adaldyq.tlog import merkle
from adaldyq.tlog.entry import bundle
from adaldyq.tlog.tiles import (
    FULL_TILE_BYTES,
    TILE_HEIGHT,
    TILE_WIDTH,
    TileKey,
    TileWriter,
    hashes_at,
    subtree_hash,
    tile_of,
)
from adaldyq.transparency.models import LogEntry, LogTile

CACHE_TILES = 4096  # 32 MiB at most


class _TileCache:
    """Tiles as read from the database, shared by a process's threads. A tile only grows
    (its stored bytes stay a prefix of any later version), so a cached tile answers any
    request for as many hashes as it holds; a request for more reads the database again."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._tiles: OrderedDict[TileKey, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.size_seen = 0  # the log never shrinks: a size seen once need not be checked again

    def get(self, key: TileKey, needed: int) -> bytes | None:
        with self._lock:
            data = self._tiles.get(key)
            if data is None or len(data) < needed:
                return None
            self._tiles.move_to_end(key)
            return data

    def put(self, key: TileKey, data: bytes) -> None:
        with self._lock:
            if len(self._tiles.get(key, b"")) > len(data):
                return
            self._tiles[key] = data
            self._tiles.move_to_end(key)
            while len(self._tiles) > self.capacity:
                self._tiles.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._tiles.clear()
            self.size_seen = 0
        SUBTREES.clear()


class _SubtreeCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._hashes: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, subtree: tuple[int, int]) -> bytes | None:
        with self._lock:
            return self._hashes.get(subtree)

    def put(self, subtree: tuple[int, int], value: bytes) -> None:
        with self._lock:
            self._hashes[subtree] = value
            while len(self._hashes) > self.capacity:
                self._hashes.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._hashes.clear()


FULL = _TileCache(CACHE_TILES)
SUBTREES = _SubtreeCache(200_000)  # about 20 MiB


def read(keys: set[TileKey] | dict[TileKey, int], cached: bool = True) -> dict[TileKey, bytes]:
    """The stored tiles among `keys` (a set, or how many bytes each must hold at least).
    `cached=False` reads the database only (the sequencer, under the log's lock)."""
    needs = keys if isinstance(keys, dict) else dict.fromkeys(keys, FULL_TILE_BYTES)
    found: dict[TileKey, bytes] = {}
    missing = []
    for key, needed in needs.items():
        hit = FULL.get(key, needed) if cached else None
        if hit is None:
            missing.append(key)
        else:
            found[key] = hit
    if missing:
        query = Q()
        for level, number in missing:
            query |= Q(level=level, number=number)
        for level, number, data in LogTile.objects.filter(query).values_list("level", "number", "data"):
            found[(level, number)] = bytes(data)
            if cached:
                FULL.put((level, number), bytes(data))
    return found


def partial_needs(size: int) -> dict[TileKey, int]:
    """The partial tiles of a tree of `size` leaves, with exactly the bytes they hold."""
    return {key: (hashes_at(size, key[0]) % TILE_WIDTH) * merkle.HASH_SIZE for key in TileWriter.partial_keys(size)}


def write(changed: dict[TileKey, bytes], existing: set[TileKey]) -> None:
    """Store tiles after an append: grown partial tiles updated, new ones inserted."""
    new = []
    for (level, number), data in changed.items():
        if (level, number) in existing:
            LogTile.objects.filter(level=level, number=number).update(data=data)
        else:
            new.append(LogTile(level=level, number=number, data=data))
    LogTile.objects.bulk_create(new, batch_size=500)


def range_hashes(ranges: Iterable[tuple[int, int]]) -> list[bytes]:
    """The tree hash of each range, from one read of the tiles they need.

    A complete subtree's hash never changes, so the ones that take folding (heights that
    are not a multiple of 8) are remembered: the upper levels of every proof then cost
    no hashing at all."""
    pieces = [merkle.subtrees(a, b) for a, b in ranges]
    known = {s: h for s in {s for piece in pieces for s in piece} if (h := SUBTREES.get(s)) is not None}
    needs: dict[TileKey, int] = {}
    for subtree in (s for piece in pieces for s in piece if s not in known):
        key, start, count = tile_of(subtree)
        needs[key] = max(needs.get(key, 0), (start + count) * merkle.HASH_SIZE)
    tiles = read(needs) if needs else {}
    for subtree in {s for piece in pieces for s in piece if s not in known}:
        known[subtree] = subtree_hash(subtree, tiles.__getitem__)
        if subtree[0] % TILE_HEIGHT:
            SUBTREES.put(subtree, known[subtree])
    return [merkle.fold([known[s] for s in piece]) for piece in pieces]


def proof_with_root(index: int, size: int) -> tuple[bytes, bytes, list[bytes]]:
    """(leaf hash, root, inclusion proof) of a leaf in the tree of `size` leaves, in one read."""
    ranges = [(index, index + 1), (0, size), *merkle.inclusion_ranges(index, size)]
    leaf, root, *proof = range_hashes(ranges)
    return leaf, root, proof


def root(size: int) -> bytes:
    return range_hashes([(0, size)])[0] if size else merkle.EMPTY_ROOT


def consistency_proof(old: int, new: int) -> list[bytes]:
    return range_hashes(merkle.consistency_ranges(old, new))


def hash_tile(level: int, number: int, width: int) -> bytes | None:
    """Hash tile bytes of this width, if the log has that many hashes in that tile."""
    data = read({(level, number): width * merkle.HASH_SIZE}).get((level, number))
    if data is None or len(data) < width * merkle.HASH_SIZE:
        return None
    return data[:width * merkle.HASH_SIZE]


def entry_bundle(number: int, width: int) -> bytes | None:
    """The entry bundle of leaves 256·number … 256·number + width − 1, if all are in the log."""
    start = number * TILE_WIDTH
    rows = list(LogEntry.objects.filter(index__gte=start, index__lt=start + width).order_by("index")
                .values_list("entry", flat=True))
    if len(rows) != width:
        return None
    return bundle([r.encode() for r in rows])

