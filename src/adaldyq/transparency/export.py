"""`adaldyq log tiles DIR`: the log as plain files, laid out exactly as served under /log/,
for publishing on any static web server or CDN."""

from __future__ import annotations

import os
from pathlib import Path

from adaldyq.tlog.tiles import ENTRIES, hashes_at, tile_path, tiles_of
from adaldyq.transparency import checkpoints, keys, tiles_db


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_directory(folder: Path) -> tuple[int, int]:
    """Write every tile of the current checkpoint; (tree size, number of files written).

    A tile path always holds the same bytes (a partial tile of width W too), so tiles
    already in the folder are kept and only the new ones written."""
    checkpoint = checkpoints.current()
    size, written = checkpoint.size, 0
    levels = [ENTRIES] + [lv for lv in range(64) if hashes_at(size, lv)]
    for level in levels:
        for number, width in tiles_of(size, level):
            path = folder / tile_path(level, number, width)
            if path.exists():
                continue
            data = (tiles_db.entry_bundle(number, width) if level == ENTRIES
                    else tiles_db.hash_tile(level, number, width))
            if data is None:
                raise RuntimeError(f"the database lacks {tile_path(level, number, width)}")
            _write(path, data)
            written += 1
    _write(folder / "key", "".join(f"{v.text}\n" for v in keys.verifiers()).encode())
    _write(folder / "checkpoint", checkpoints.published(checkpoint).encode())  # last: it points at the tiles
    return size, written + 2
