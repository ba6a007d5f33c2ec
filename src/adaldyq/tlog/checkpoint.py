"""C2SP tlog-checkpoint: the body a log signs: origin, tree size, root hash, extensions."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from adaldyq.tlog.exceptions import FormatError
from adaldyq.tlog.merkle import HASH_SIZE

_SIZE = re.compile(r"0|[1-9]\d{0,19}")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(), *self.extensions]
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        if not body.endswith("\n"):
            raise FormatError("a checkpoint ends with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise FormatError("a checkpoint has an origin, a tree size and a root hash")
        origin, size, root, *extensions = lines
        if not origin:
            raise FormatError("the checkpoint's origin line is empty")
        if not _SIZE.fullmatch(size):
            raise FormatError(f"the checkpoint's tree size is not a decimal number: {size!r}")
        try:
            raw = base64.b64decode(root, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise FormatError("the checkpoint's root hash is not base64") from exc
        if len(raw) != HASH_SIZE:
            raise FormatError("the checkpoint's root hash is not 32 bytes")
        if any(not line for line in extensions):
            raise FormatError("a checkpoint has no empty lines")
        return cls(origin, int(size), raw, tuple(extensions))
