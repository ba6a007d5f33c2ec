"""C2SP tlog-tiles: where every hash and entry of the log lives as a static file.

A hash tile at level L holds 256 consecutive hashes of tree height 8·L (level 0: the
leaf hashes; level 1: the roots of the 256-leaf subtrees, and so on). Any complete
aligned subtree's hash is then one tile read plus at most 127 node hashes, which is
how both the server (from its database) and `adaldyq-verify` (over HTTP) build proofs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from adaldyq.tlog.exceptions import FormatError
from adaldyq.tlog.merkle import HASH_SIZE, Subtree, balanced_root

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE
MAX_LEVEL = 63
ENTRIES = -1  # the "level" of entry bundles in (level, number) keys

_GROUP = re.compile(r"x\d{3}")
_LAST = re.compile(r"\d{3}")
_DECIMAL = re.compile(r"0|[1-9]\d*")

TileKey = tuple[int, int]  # (level or ENTRIES, tile number)


def encode_index(n: int) -> str:
    """Tile number in groups of three digits: 5 → 005, 1234 → x001/234, 1234067 → x001/x234/067."""
    if n < 0:
        raise ValueError("a tile number is never negative")
    groups = [f"{n % 1000:03d}"]
    n //= 1000
    while n:
        groups.append(f"x{n % 1000:03d}")
        n //= 1000
    return "/".join(reversed(groups))


def tile_path(level: int, n: int, width: int = TILE_WIDTH) -> str:
    """`tile/<L>/<N>[.p/<W>]`, or `tile/entries/<N>[.p/<W>]` for level ENTRIES."""
    if not 1 <= width <= TILE_WIDTH:
        raise ValueError(f"a tile holds 1 to {TILE_WIDTH} hashes, not {width}")
    name = "entries" if level == ENTRIES else str(level)
    suffix = "" if width == TILE_WIDTH else f".p/{width}"
    return f"tile/{name}/{encode_index(n)}{suffix}"


def parse_tile_path(path: str) -> tuple[int, int, int]:
    """(level or ENTRIES, number, width) of a path relative to the log prefix; FormatError if malformed."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise FormatError(f"not a tile path: {path!r}")
    if parts[1] == "entries":
        level = ENTRIES
    elif _DECIMAL.fullmatch(parts[1]) and int(parts[1]) <= MAX_LEVEL:
        level = int(parts[1])
    else:
        raise FormatError(f"bad tile level in {path!r}")
    rest, width = parts[2:], TILE_WIDTH
    if len(rest) >= 2 and rest[-2].endswith(".p"):
        if not _DECIMAL.fullmatch(rest[-1]) or not 1 <= int(rest[-1]) < TILE_WIDTH:
            raise FormatError(f"bad partial tile width in {path!r}")
        width = int(rest[-1])
        rest = [*rest[:-2], rest[-2][:-2]]
    if not rest or not _LAST.fullmatch(rest[-1]) or not all(_GROUP.fullmatch(g) for g in rest[:-1]):
        raise FormatError(f"bad tile number in {path!r}")
    if len(rest) > 1 and rest[0] == "x000":
        raise FormatError(f"tile number with a leading zero group in {path!r}")
    number = int("".join(g.lstrip("x") for g in rest))
    return level, number, width


def hashes_at(size: int, level: int) -> int:
    """How many hashes level `level` has in a tree of `size` leaves (entries: as level 0)."""
    return size >> (TILE_HEIGHT * max(level, 0))


def tile_width(size: int, level: int, n: int) -> int:
    """Width of tile n of a level in a tree of `size` leaves: 256 if full, 0 if it has none yet."""
    return max(0, min(TILE_WIDTH, hashes_at(size, level) - n * TILE_WIDTH))


def tiles_of(size: int, level: int) -> list[tuple[int, int]]:
    """(number, width) of every tile of a level for a tree of `size` leaves."""
    count = hashes_at(size, level)
    return [(n, min(TILE_WIDTH, count - n * TILE_WIDTH)) for n in range((count + TILE_WIDTH - 1) // TILE_WIDTH)]


def tile_of(subtree: Subtree) -> tuple[TileKey, int, int]:
    """Where a subtree's hash comes from: the tile, the first hash in it, how many hashes to fold."""
    height, index = subtree
    level, rest = divmod(height, TILE_HEIGHT)
    first = index << rest
    return (level, first // TILE_WIDTH), first % TILE_WIDTH, 1 << rest


def tiles_for(subtrees: Iterable[Subtree]) -> set[TileKey]:
    return {tile_of(s)[0] for s in subtrees}


def subtree_hash(subtree: Subtree, read: Callable[[TileKey], bytes]) -> bytes:
    """A complete subtree's hash from the hash tile that holds it (full or wide enough)."""
    key, start, count = tile_of(subtree)
    data = read(key)
    end = (start + count) * HASH_SIZE
    if len(data) < end:
        raise FormatError(f"tile {tile_path(*key)} holds {len(data) // HASH_SIZE} hashes, "
                          f"{start + count} are needed")
    hashes = [data[i:i + HASH_SIZE] for i in range(start * HASH_SIZE, end, HASH_SIZE)]
    return balanced_root(hashes)


def tile_hashes(data: bytes) -> list[bytes]:
    if len(data) % HASH_SIZE:
        raise FormatError("a hash tile's length is not a multiple of 32 bytes")
    return [data[i:i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


class TileWriter:
    """Appends leaf hashes to the tiles: the partial tile of each level grows, a full one
    is hashed into the level above. Pure: the caller loads the partial tiles and stores
    what `append` returns."""

    def __init__(self, size: int, partial: Mapping[int, bytes]) -> None:
        self.size = size
        self._tails: dict[int, bytearray] = {}
        level = 0
        while hashes_at(size, level):
            count = hashes_at(size, level)
            tail = bytes(partial.get(level, b""))
            if len(tail) != (count % TILE_WIDTH) * HASH_SIZE:
                raise FormatError(f"the partial tile of level {level} holds {len(tail) // HASH_SIZE} hashes, "
                                  f"a tree of {size} leaves needs {count % TILE_WIDTH}")
            self._tails[level] = bytearray(tail)
            level += 1
        self._counts = {lv: hashes_at(size, lv) for lv in self._tails}

    @staticmethod
    def partial_keys(size: int) -> list[TileKey]:
        """The partial tiles a writer for a tree of `size` leaves needs loaded."""
        keys, level = [], 0
        while hashes_at(size, level):
            count = hashes_at(size, level)
            if count % TILE_WIDTH:
                keys.append((level, count // TILE_WIDTH))
            level += 1
        return keys

    def append(self, leaf_hashes: Iterable[bytes]) -> dict[TileKey, bytes]:
        """Add leaves; the tiles that changed (full ones and the new partial ones)."""
        changed: dict[TileKey, bytes] = {}
        touched: set[int] = set()
        for leaf in leaf_hashes:
            self._add(0, leaf, changed, touched)
            self.size += 1
        for level in touched:
            tail = self._tails[level]
            if tail:
                changed[(level, self._counts[level] // TILE_WIDTH)] = bytes(tail)
        return changed

    def _add(self, level: int, h: bytes, changed: dict[TileKey, bytes], touched: set[int]) -> None:
        while True:
            tail = self._tails.setdefault(level, bytearray())
            number = self._counts.get(level, 0) // TILE_WIDTH
            tail += h
            self._counts[level] = self._counts.get(level, 0) + 1
            touched.add(level)
            if len(tail) < FULL_TILE_BYTES:
                return
            changed[(level, number)] = bytes(tail)
            tail.clear()
            h = balanced_root(tile_hashes(changed[(level, number)]))
            level += 1
