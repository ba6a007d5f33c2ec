"""Settings of international cooperation, from environment variables.

- ADALDYQ_AGENCY_CODE     how this agency names itself in data packages (default KZ-ACA)
- ADALDYQ_EXCHANGE_KEY    path of the agency's Ed25519 private key
                          (default: <ADALDYQ_VAR_DIR>/exchange/agency-ed25519.pem)
- ADALDYQ_COOPERATION_DUE_SOON_DAYS  how many days ahead "due soon" looks (default 14)

Read at call time, never at import, so tests and commands can set them.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def agency_code() -> str:
    return os.environ.get("ADALDYQ_AGENCY_CODE", "KZ-ACA")


def key_path() -> Path:
    configured = os.environ.get("ADALDYQ_EXCHANGE_KEY")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "exchange" / "agency-ed25519.pem"


def due_soon_days() -> int:
    return int(os.environ.get("ADALDYQ_COOPERATION_DUE_SOON_DAYS", "14"))
