"""Hash tiles in the database, and the proofs and roots built from them.

Full tiles never change, so each process keeps the most used ones in memory; a proof
for a log of a million leaves then costs one query for the few partial tiles it needs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.db.models import Q

from adaldyq.tlog import merkle
from adaldyq.tlog.entry import bundle
from adaldyq.tlog.tiles import FULL_TILE_BYTES, TILE_WIDTH, TileKey, subtree_hash, tiles_for
from adaldyq.transparency.models import LogEntry, LogTile

CACHE_TILES = 4096  # 32 MiB at most


class _FullTiles:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._tiles: OrderedDict[TileKey, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: TileKey) -> bytes | None:
        with self._lock:
            data = self._tiles.get(key)
            if data is not None:
                self._tiles.move_to_end(key)
            return data

    def put(self, key: TileKey, data: bytes) -> None:
        if len(data) != FULL_TILE_BYTES:
            return
        with self._lock:
            self._tiles[key] = data
            self._tiles.move_to_end(key)
            while len(self._tiles) > self.capacity:
                self._tiles.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._tiles.clear()


FULL = _FullTiles(CACHE_TILES)


def read(keys: set[TileKey]) -> dict[TileKey, bytes]:
    """The stored tiles among `keys` (full or as far as they have grown)."""
    found: dict[TileKey, bytes] = {}
    missing = []
    for key in keys:
        cached = FULL.get(key)
        if cached is None:
            missing.append(key)
        else:
            found[key] = cached
    if missing:
        query = Q()
        for level, number in missing:
            query |= Q(level=level, number=number)
        for level, number, data in LogTile.objects.filter(query).values_list("level", "number", "data"):
            found[(level, number)] = bytes(data)
            FULL.put((level, number), bytes(data))
    return found


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
    """The tree hash of each range, from one read of the tiles they need."""
    ranges = list(ranges)
    pieces = [merkle.subtrees(a, b) for a, b in ranges]
    tiles = read(tiles_for(s for piece in pieces for s in piece))
    return [merkle.fold([subtree_hash(s, tiles.__getitem__) for s in piece]) for piece in pieces]


def root(size: int) -> bytes:
    return range_hashes([(0, size)])[0] if size else merkle.EMPTY_ROOT


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return range_hashes(merkle.inclusion_ranges(index, size))


def consistency_proof(old: int, new: int) -> list[bytes]:
    return range_hashes(merkle.consistency_ranges(old, new))


def leaf_hash_of(index: int) -> bytes:
    return range_hashes([(index, index + 1)])[0]


def hash_tile(level: int, number: int, width: int) -> bytes | None:
    """Hash tile bytes of this width, if the log has that many hashes in that tile."""
    data = read({(level, number)}).get((level, number))
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

