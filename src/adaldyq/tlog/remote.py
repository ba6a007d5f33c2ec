"""Reading a log over HTTP: the checkpoint, tiles and personal parts of a site.

Only the standard library: `adaldyq-verify` must run anywhere Python and `cryptography` do.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from adaldyq.tlog import merkle
from adaldyq.tlog.exceptions import LogError, ProofError
from adaldyq.tlog.tiles import TILE_WIDTH, TileKey, subtree_hash, tile_path, tile_width, tiles_for


class FetchError(LogError):
    """The site could not be reached or did not answer as a log does."""


class Site:
    def __init__(self, base_url: str, timeout: float = 60, retries: int = 2) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise FetchError(f"the site's URL starts with http:// or https://: {base_url!r}")
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries

    def get(self, path: str, allow: tuple[int, ...] = ()) -> tuple[int, bytes]:
        """(status, body) of GET base/path; statuses in `allow` are returned, not raised."""
        url = f"{self.base}/{path.lstrip('/')}"
        for attempt in range(self.retries + 1):
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "adaldyq-verify"})  # noqa: S310
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked above
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                if exc.code in allow:
                    return exc.code, exc.read()
                if exc.code < 500 or attempt == self.retries:
                    raise FetchError(f"{url} answered {exc.code}") from exc
            except OSError as exc:
                if attempt == self.retries:
                    raise FetchError(f"cannot fetch {url}: {exc}") from exc
            time.sleep(0.5 * (attempt + 1))
        raise FetchError(f"cannot fetch {url}")

    def json(self, path: str, allow: tuple[int, ...] = ()) -> tuple[int, Any]:
        status, body = self.get(path, allow)
        try:
            return status, json.loads(body)
        except ValueError as exc:
            raise FetchError(f"{path} did not answer JSON") from exc


class RemoteTiles:
    """Hash tiles of one tree size, fetched once each, for building proofs locally."""

    def __init__(self, site: Site, size: int) -> None:
        self.site, self.size = site, size
        self._tiles: dict[TileKey, bytes] = {}

    def read(self, key: TileKey) -> bytes:
        if key not in self._tiles:
            level, number = key
            width = tile_width(self.size, level, number)
            if width == 0:
                raise ProofError(f"a tree of {self.size} leaves has no tile {level}/{number}")
            status, data = self.site.get(f"log/{tile_path(level, number, width)}", allow=(404,))
            if status == 404 and width < TILE_WIDTH:
                # The log may have grown: the full tile starts with the same hashes.
                status, data = self.site.get(f"log/{tile_path(level, number)}", allow=(404,))
            if status == 404 or len(data) < width * merkle.HASH_SIZE:
                raise FetchError(f"the site does not serve hash tile {level}/{number} of width {width}")
            self._tiles[key] = data[:width * merkle.HASH_SIZE]
        return self._tiles[key]

    def range_hashes(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        pieces = [merkle.subtrees(a, b) for a, b in ranges]
        for key in sorted(tiles_for(s for piece in pieces for s in piece)):
            self.read(key)
        return [merkle.fold([subtree_hash(s, self.read) for s in piece]) for piece in pieces]
