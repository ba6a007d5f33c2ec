"""What every maker-checker screen shares.

An approver acts on what they were shown: each review (a register proposal, a fund
allocation, an outgoing formal request) carries a fingerprint of the facts on the
screen, the approve form sends it back, and the service refuses when the facts
changed in between. Approvals come only from an authenticated person: a staff
session, or an API token bound to that person (`PersonalToken`); no command takes
another person's name as an approval.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError

from adaldyq.core.models import ApiToken
from adaldyq.core.tokens import ScopedToken

APPROVE_SCOPE = "approve"


class Error(Schema):
    """The body of every refusal from the approval endpoints."""

    detail: str


class Invalid(Schema):
    """422: the request body did not match its schema (one entry per problem)."""

    detail: list[dict[str, Any]]


def fingerprint(facts: Any) -> str:
    """SHA-256 of the canonical JSON of what an approver is shown."""
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical)
    return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value: Any) -> str:
    # 150000000 typed in and 150000000.00 read back are the same amount.
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def same(reviewed: str, current: str) -> bool:
    return bool(reviewed) and hmac.compare_digest(reviewed, current)


class PersonalToken(ScopedToken):
    """A scoped token that belongs to one active staff user, who is the one acting.

    The endpoint reads the person from `request.auth.owner`; a token without an owner
    (a partner's, a service's) cannot approve anything.
    """

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is None:
            return None
        owner = found.owner
        if owner is None or not owner.is_active:
            raise HttpError(403, "This token is not bound to an active staff user; approvals need one.")
        return found


def acting_user(request: HttpRequest) -> Any:
    """The person behind a request authenticated by a staff session or a personal token."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return auth.owner
    return request.user
