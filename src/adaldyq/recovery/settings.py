"""Settings of the recovery part, read from the environment when asked (never at import).

- ADALDYQ_FUND_SECOND_OFFICER_ABOVE  allocations above this many tenge need a second
  fund officer's approval (default 100000000, i.e. 100 million tenge). "0" makes every
  allocation need one.
- ADALDYQ_RECOVERY_DEFAULT_MONTHS    length of the default dashboard period (default 11,
  as in the agency's own reports).
"""

from __future__ import annotations

import os
from decimal import Decimal

DEFAULT_SECOND_OFFICER_ABOVE = Decimal("100000000")


def second_officer_above() -> Decimal:
    raw = os.environ.get("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "").strip()
    return Decimal(raw) if raw else DEFAULT_SECOND_OFFICER_ABOVE


def default_months() -> int:
    return int(os.environ.get("ADALDYQ_RECOVERY_DEFAULT_MONTHS", "11"))
