"""Settings of the transparency log, from environment variables, read at call time.

- ADALDYQ_LOG_KEY_DIR    folder of the log's signing keys (`*.key`, Go note signer format);
                         default <ADALDYQ_VAR_DIR>/transparency/keys. Every key in it signs
                         each checkpoint, which is how a key is rotated (docs/transparency.md).
- ADALDYQ_LOG_ORIGIN     the log's name for `adaldyq log keygen`: the site's host and /log,
                         e.g. register.example.kz/log (default adaldyq.localhost/log)
- ADALDYQ_LOG_WITNESSES  file listing the witnesses to ask for cosignatures, one per line:
                         `<witness verifier key> <URL of its add-checkpoint endpoint>`;
                         default <ADALDYQ_VAR_DIR>/transparency/witnesses.txt (may be absent)
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

DEFAULT_ORIGIN = "adaldyq.localhost/log"


def key_dir() -> Path:
    configured = os.environ.get("ADALDYQ_LOG_KEY_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "transparency" / "keys"


def origin() -> str:
    return os.environ.get("ADALDYQ_LOG_ORIGIN", DEFAULT_ORIGIN)


def witnesses_file() -> Path:
    configured = os.environ.get("ADALDYQ_LOG_WITNESSES")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "transparency" / "witnesses.txt"


def streams() -> dict[str, str]:
    return dict(settings.ADALDYQ_LOG_STREAMS)
