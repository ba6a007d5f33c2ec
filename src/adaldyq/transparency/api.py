"""The transparency log's JSON API, mounted at /api/v1/log.

- GET /log/proof/inclusion?index=&size=   inclusion proof of a leaf (RFC 9162 order)
- GET /log/proof/consistency?from=&to=    consistency proof between two tree sizes
- GET /log/entries/{index}                one leaf: its entry and leaf hash
- GET /log/personal/{index}               a leaf's personal part while public; 410 after
- GET /log/personal?start=&end=           the same for up to 256 consecutive leaves
The checkpoint, the verifier key and the tiles are static files under /log/ (views.py).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from adaldyq.tlog import merkle
from adaldyq.tlog.tiles import TILE_WIDTH
from adaldyq.transparency import checkpoints, sequencer, streams, tiles_db
from adaldyq.transparency.exceptions import NoLogKey
from adaldyq.transparency.models import LogEntry, LogHead

router = Router(tags=["transparency log"])
MAX_INDEX = 2**62  # well inside every database's 64-bit integers


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


class InclusionOut(Schema):
    index: int
    size: int
    leaf_hash: str = Field(description="base64 SHA-256(0x00 || entry)")
    root: str = Field(description="base64 root hash of the tree of `size` leaves")
    hashes: list[str] = Field(description="the inclusion proof, base64, RFC 9162 §2.1.3 order")
    checkpoint: str = Field(description="where the signed checkpoint of the latest size is")


class ConsistencyOut(Schema):
    from_: int = Field(alias="from")
    to: int
    from_root: str
    to_root: str
    hashes: list[str] = Field(description="the consistency proof, base64, RFC 9162 §2.1.4 order")


class LogEntryOut(Schema):
    index: int
    entry: dict[str, Any] = Field(description="the leaf entry (canonical JSON bytes parsed)")
    leaf_hash: str
    personal_url: str | None
    proof_url: str


class PersonalOut(Schema):
    salt: str = Field(description="base64 salt; SHA-256(salt || canonical JSON of data) is the leaf's `personal`")
    data: dict[str, Any]


class PersonalPart(PersonalOut):
    index: int


class PersonalBatchOut(Schema):
    parts: list[PersonalPart]
    withdrawn: list[int] = Field(description="leaves whose personal part is not public (410)")


class Message(Schema):
    detail: str


def _log_size() -> int:
    sequencer.integrate()
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    tiles_db.FULL.size_seen = max(tiles_db.FULL.size_seen, size)
    return size


def _require_size(size: int) -> None:
    """400 unless the log has at least `size` leaves (known without a query once seen)."""
    if size > tiles_db.FULL.size_seen and size > _log_size():
        raise HttpError(400, "the log is not that large yet")


def _checkpoint_size() -> int:
    try:
        return checkpoints.current().size
    except NoLogKey as exc:
        raise HttpError(503, str(exc)) from exc


@router.get("/proof/inclusion", response=InclusionOut, summary="Inclusion proof of one leaf")
def inclusion(request: HttpRequest, index: int = Query(..., ge=0, le=MAX_INDEX), size: int | None = Query(
        None, ge=1, le=MAX_INDEX, description="tree size (default: the latest checkpoint's)")) -> dict[str, Any]:
    size = _checkpoint_size() if size is None else size
    _require_size(size)
    if index >= size:
        raise HttpError(400, f"leaf {index} is not in a tree of {size} leaves")
    leaf, root, proof = tiles_db.proof_with_root(index, size)
    return {"index": index, "size": size, "leaf_hash": b64(leaf), "root": b64(root),
            "hashes": [b64(h) for h in proof], "checkpoint": "/log/checkpoint"}


@router.get("/proof/consistency", response=ConsistencyOut, by_alias=True,
            summary="Consistency proof between two tree sizes")
def consistency(request: HttpRequest, from_: int = Query(..., alias="from", ge=1, le=MAX_INDEX),
                to: int | None = Query(None, ge=1, le=MAX_INDEX, description="default: the latest checkpoint's size")
                ) -> dict[str, Any]:
    to = _checkpoint_size() if to is None else to
    _require_size(to)
    if from_ > to:
        raise HttpError(400, "`from` is larger than `to`")
    return {"from": from_, "to": to, "from_root": b64(tiles_db.root(from_)), "to_root": b64(tiles_db.root(to)),
            "hashes": [b64(h) for h in tiles_db.consistency_proof(from_, to)]}


@router.get("/entries/{index}", response={200: LogEntryOut, 404: Message}, summary="One leaf of the log")
def entry(request: HttpRequest, index: int = Path(..., ge=0, le=MAX_INDEX)) -> Status:
    _log_size()
    row = LogEntry.objects.filter(index=index).values_list("entry", "salt").first()
    if row is None:
        return Status(404, {"detail": f"the log has no leaf {index}"})
    raw, salt = row
    return Status(200, {"index": index, "entry": json.loads(raw), "leaf_hash": b64(merkle.leaf_hash(raw.encode())),
                        "personal_url": f"/api/v1/log/personal/{index}" if salt is not None else None,
                        "proof_url": f"/api/v1/log/proof/inclusion?index={index}"})


def _parts(start: int, end: int) -> tuple[list[dict[str, Any]], list[int]]:
    rows = list(LogEntry.objects.filter(index__gte=start, index__lt=end, salt__isnull=False).order_by("index")
                .values_list("index", "salt", "personal", "event__stream", "event__subject_id"))
    subjects: dict[str, set[str]] = {}
    for _, _, _, stream, subject in rows:
        subjects.setdefault(stream, set()).add(subject)
    shown = {stream: streams.policy(stream).shown(ids) for stream, ids in subjects.items()}
    parts, withdrawn = [], []
    for index, salt, personal, stream, subject in rows:
        if subject in shown[stream]:
            parts.append({"index": index, "salt": b64(bytes(salt or b"")), "data": json.loads(personal)})
        else:
            withdrawn.append(index)
    return parts, withdrawn


@router.get("/personal/{index}", response={200: PersonalOut, 404: Message, 410: Message},
            summary="The personal part of a leaf, while it is public")
def personal(request: HttpRequest, response: HttpResponse, index: int = Path(..., ge=0, le=MAX_INDEX)) -> Status:
    response["Cache-Control"] = "no-cache"
    _log_size()
    if not LogEntry.objects.filter(index=index).exists():
        return Status(404, {"detail": f"the log has no leaf {index}"})
    parts, withdrawn = _parts(index, index + 1)
    if parts:
        return Status(200, {"salt": parts[0]["salt"], "data": parts[0]["data"]})
    if withdrawn:
        return Status(410, {"detail": "withdrawn: this is no longer, or never was, on a public page"})
    return Status(404, {"detail": f"leaf {index} has no personal part"})


@router.get("/personal", response=PersonalBatchOut, summary="The personal parts of up to 256 consecutive leaves")
def personal_batch(request: HttpRequest, response: HttpResponse, start: int = Query(..., ge=0, le=MAX_INDEX),
                   end: int = Query(..., ge=1, le=MAX_INDEX)) -> dict[str, Any]:
    response["Cache-Control"] = "no-cache"
    if not start < end <= start + TILE_WIDTH:
        raise HttpError(400, f"ask for 1 to {TILE_WIDTH} leaves: start < end <= start + {TILE_WIDTH}")
    _log_size()
    parts, withdrawn = _parts(start, end)
    return {"parts": parts, "withdrawn": withdrawn}
