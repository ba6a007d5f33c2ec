"""The log's static files (/log/...) in the OpenAPI document, next to the JSON API.

They are plain Django views, not API operations (their paths and bytes are fixed by the
C2SP specifications), so their descriptions are written here and merged by adaldyq/api.py.
"""

from __future__ import annotations

from typing import Any

TAG = "transparency log"
_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_BYTES = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
_NOT_FOUND = {"description": "No such tile yet (or a malformed path)", "content": _TEXT}


def _tile_params(level: bool) -> list[dict[str, Any]]:
    params = [{"name": "tile", "in": "path", "required": True,
               # The exact form, `^(x[0-9]{3}/)*[0-9]{3}(\.p/[0-9]{1,3})?$`, spans path segments,
               # which OpenAPI path parameters cannot; any other string of these characters is a 404.
               "schema": {"type": "string", "pattern": "^[x0-9][x0-9./p]*$"},
               "description": "Tile index in groups of three digits (`005`, `x001/234`), optionally "
                              "followed by `.p/<W>` for a partial tile of width W (1-255)."}]
    if level:
        params.insert(0, {"name": "level", "in": "path", "required": True,
                          "schema": {"type": "integer", "minimum": 0, "maximum": 63}})
    return params


PATHS: dict[str, Any] = {
    "/log/checkpoint": {"get": {
        "tags": [TAG], "operationId": "log_checkpoint", "summary": "The signed checkpoint (C2SP tlog-checkpoint)",
        "description": "Origin, tree size and root hash, signed with Ed25519 as a C2SP signed note, "
                       "followed by witnesses' cosignatures. Covers every event committed before the request.",
        "responses": {"200": {"description": "The signed note", "content": _TEXT},
                      "503": {"description": "The log has no signing key yet", "content": _TEXT}}}},
    "/log/key": {"get": {
        "tags": [TAG], "operationId": "log_key", "summary": "The log's verifier keys, one per line",
        "responses": {"200": {"description": "`<name>+<key hash>+<base64 key>` lines", "content": _TEXT},
                      "503": {"description": "The log has no signing key yet", "content": _TEXT}}}},
    "/log/tile/{level}/{tile}": {"get": {
        "tags": [TAG], "operationId": "log_hash_tile", "summary": "A hash tile (C2SP tlog-tiles)",
        "description": "Up to 256 hashes of 32 bytes at tree height 8·level. Immutable: cached for a year.",
        "parameters": _tile_params(True),
        "responses": {"200": {"description": "The hashes, concatenated", "content": _BYTES}, "404": _NOT_FOUND}}},
    "/log/tile/entries/{tile}": {"get": {
        "tags": [TAG], "operationId": "log_entry_bundle", "summary": "An entry bundle (C2SP tlog-tiles)",
        "description": "Up to 256 leaf entries, each a big-endian 16-bit length then the canonical JSON entry.",
        "parameters": _tile_params(False),
        "responses": {"200": {"description": "The bundle", "content": _BYTES}, "404": _NOT_FOUND}}},
}
