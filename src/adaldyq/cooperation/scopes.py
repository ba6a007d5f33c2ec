"""What a partner agency's API token may do. An agreement lists the scopes it covers;
a token carries a subset of them, and every endpoint checks its one scope again
against the agreement in force on the day of the call (an expired memorandum stops
its tokens without anyone having to revoke them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Partner scopes are named `partner:...` so that they never equal an internal scope
# (core.tokens.INTERNAL_SCOPES): a partner token cannot pass an internal endpoint.
SCREEN = "partner:screen"
REGISTER_READ = "partner:register:read"
REQUESTS_READ = "partner:requests:read"
# Names used before the partner prefix (2025), renamed by migration 0002.
LEGACY_NAMES = {"screen": SCREEN, "register:read": REGISTER_READ, "requests:read": REQUESTS_READ}

PARTNER_SCOPES: dict[str, str] = {
    SCREEN: "Screen names against the public register",
    REGISTER_READ: "Read one public register entry",
    REQUESTS_READ: "Read the status of the partner's own requests",
}

# Fields of a request a partner sees with `requests:read`: references, kind, dates and
# status. Never subjects, internal notes, officers or documents.
REQUEST_FIELDS = (
    "reference", "partner_reference", "direction", "kind", "status", "opened_on", "due_on",
    "closed_on", "status_changed_on",
)


def unknown(scopes: Iterable[str]) -> list[str]:
    return sorted(s for s in set(scopes) if s not in PARTNER_SCOPES)


def outside_agreement(asked: Iterable[str], covered: Iterable[str]) -> list[str]:
    """Scopes asked for that the agreement does not cover."""
    allowed = set(covered)
    return sorted(s for s in set(asked) if s not in allowed)


def agreement_in_force(valid_from: dt.date | None, valid_until: dt.date | None, today: dt.date) -> bool:
    if valid_from is not None and today < valid_from:
        return False
    return not (valid_until is not None and today > valid_until)
