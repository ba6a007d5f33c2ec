"""The log's static files under /log/ (C2SP tlog-tiles paths): checkpoint, key, tiles.

Tiles never change once written (a partial tile of width W is always the same bytes),
so they carry a year-long immutable cache header, and a CDN or a plain file mirror
(`adaldyq log tiles DIR`) can serve them. The checkpoint is never cached.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from adaldyq.tlog.exceptions import FormatError
from adaldyq.tlog.tiles import ENTRIES, parse_tile_path
from adaldyq.transparency import checkpoints, keys, sequencer, tiles_db
from adaldyq.transparency.exceptions import NoLogKey

TEXT = "text/plain; charset=utf-8"
IMMUTABLE = "public, max-age=31536000, immutable"


def _text(body: str, status: int = 200, cache: str = "no-cache") -> HttpResponse:
    response = HttpResponse(body, content_type=TEXT, status=status)
    response["Cache-Control"] = cache
    return response


@require_GET
def checkpoint(request: HttpRequest) -> HttpResponse:
    try:
        current = checkpoints.current()
    except NoLogKey as exc:
        return _text(f"{exc}\n", status=503)
    return _text(checkpoints.published(current))


@require_GET
def key(request: HttpRequest) -> HttpResponse:
    try:
        return _text("".join(f"{v.text}\n" for v in keys.verifiers()), cache="public, max-age=300")
    except NoLogKey as exc:
        return _text(f"{exc}\n", status=503)


def _tile(level: int, number: int, width: int) -> bytes | None:
    return tiles_db.entry_bundle(number, width) if level == ENTRIES else tiles_db.hash_tile(level, number, width)


@require_GET
def tile(request: HttpRequest, path: str) -> HttpResponse:
    try:
        level, number, width = parse_tile_path(f"tile/{path}")
    except FormatError as exc:
        return _text(f"{exc}\n", status=404)
    data = _tile(level, number, width)
    if data is None and sequencer.integrate():  # events committed a moment ago may still be queued
        data = _tile(level, number, width)
    if data is None:
        return _text("the log has no such tile (yet)\n", status=404)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Cache-Control"] = IMMUTABLE
    return response
