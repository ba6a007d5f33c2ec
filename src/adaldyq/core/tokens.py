"""Tokens for the machine API: issue, authenticate with a scope, rate-limit, log.

A token reads `<prefix>.<secret>`; only SHA-256 of the secret is stored, so a leaked
database does not leak working tokens. Rate limits are fixed one-minute windows kept
in the database, so they hold across server processes.

Two kinds of token never cross. An *internal* token (the agency's own systems, banks
screening for the agency ...) carries scopes from `INTERNAL_SCOPES` and no partner; a
*partner* token belongs to a foreign partner agency and carries only scopes named
`partner:...`. `ScopedToken` guards internal endpoints and refuses every partner
token; partner endpoints use `adaldyq.cooperation.api.PartnerToken`, which also
checks the partner's agreement in force on every call. `ScopedToken` refuses to be
built for a partner scope, so a partner endpoint cannot forget that check.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from adaldyq.core import history
from adaldyq.core.models import ApiCall, ApiToken, TokenWindow

STREAM = "tokens"  # history of internal tokens; partner tokens are in the cooperation stream

PARTNER_PREFIX = "partner:"
# The scopes of internal tokens, and what each lets a token do.
INTERNAL_SCOPES: dict[str, str] = {
    "screen": "Screen names against the register and the agency's lists (POST /api/v1/screen)",
    "procurement:read": "Read procurement risk analyses (/api/v1/procurement/...)",
    "risks:read": "Read corruption-risk recommendations and the staff dashboard",
    "approve": "Decide register proposals and fund allocations as the token's own user (needs --user)",
}
# Scopes that act as a person: such a token must be bound to one staff user.
PERSONAL_SCOPES = frozenset({"approve"})


def is_partner_scope(scope: str) -> bool:
    return scope.startswith(PARTNER_PREFIX)


def is_partner_token(token: ApiToken) -> bool:
    """A token of a partner agency: tied to a partner, or carrying any partner scope."""
    return token.partner_id is not None or any(is_partner_scope(s) for s in token.scopes or [])


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


def issue(name: str, scopes: list[str], *, rate_per_minute: int = 60, daily_names: int | None = None,
          owner_id: int | None = None, partner_id: int | None = None, created_by_id: int | None = None) -> IssuedToken:
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(24)
    token = ApiToken.objects.create(
        name=name, prefix=prefix, secret_hash=hashlib.sha256(secret.encode()).hexdigest(), scopes=scopes,
        rate_per_minute=rate_per_minute, daily_names=daily_names, owner_id=owner_id, partner_id=partner_id, created_by_id=created_by_id,
    )
    return IssuedToken(token, f"{prefix}.{secret}")


class TokenRefused(ValueError):
    """A token cannot be issued or revoked as asked; the message says why."""


def check_limits(rate_per_minute: int, daily_names: int | None) -> None:
    """The limits every token is issued with (TokenRefused when one is not positive)."""
    if rate_per_minute < 1:
        raise TokenRefused("The rate must be at least 1 call per minute.")
    if daily_names is not None and daily_names < 1:
        raise TokenRefused("The daily quota must be at least 1 name (leave it out for the default).")


def issue_internal(name: str, scopes: list[str], *, rate_per_minute: int = 60, daily_names: int | None = None,
                   owner_id: int | None = None, created_by_id: int | None = None) -> IssuedToken:
    """Issue an internal token: only `INTERNAL_SCOPES`, recorded in the history."""
    unknown = sorted(set(scopes) - set(INTERNAL_SCOPES))
    if unknown:
        partner = [s for s in unknown if is_partner_scope(s)]
        hint = " (partner scopes need --partner CODE)" if partner else ""
        raise TokenRefused(f"Unknown internal scope(s): {', '.join(unknown)}{hint}. "
                           f"Internal scopes: {', '.join(INTERNAL_SCOPES)}.")
    if not scopes:
        raise TokenRefused("Give at least one scope.")
    if not name.strip():
        raise TokenRefused("Give the token a name saying who uses it.")
    check_limits(rate_per_minute, daily_names)
    if PERSONAL_SCOPES & set(scopes) and owner_id is None:
        raise TokenRefused(f"The scope(s) {', '.join(sorted(PERSONAL_SCOPES & set(scopes)))} act as one person: "
                           "bind the token to that user with --user USERNAME.")
    with transaction.atomic():
        issued = issue(name.strip(), sorted(set(scopes)), rate_per_minute=rate_per_minute, daily_names=daily_names,
                       owner_id=owner_id, created_by_id=created_by_id)
        history.record(STREAM, history.NewEvent(
            "token", issued.token.prefix, "issue", occurred_on=timezone.localdate(), actor_id=created_by_id,
            source="staff", public={"name": issued.token.name, "scopes": issued.token.scopes,
                                    "rate_per_minute": rate_per_minute, "daily_names": daily_names,
                                    "owner": owner_id}))
    return issued


def revoke_internal(token: ApiToken, *, actor_id: int | None = None) -> None:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if not locked.active:
            raise TokenRefused(f"Token {locked.prefix} is already revoked.")
        locked.active = False
        locked.save(update_fields=["active"])
        history.record(STREAM, history.NewEvent("token", locked.prefix, "revoke", occurred_on=timezone.localdate(),
                                                actor_id=actor_id, public={"name": locked.name}))


def lookup(plaintext: str) -> ApiToken | None:
    prefix, _, secret = plaintext.partition(".")
    if not prefix or not secret:
        return None
    token = ApiToken.objects.filter(prefix=prefix, active=True).first()
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, hashlib.sha256(secret.encode()).hexdigest()):
        return None
    return token


def take_call(token: ApiToken) -> bool:
    """Count one call in the current minute; False when the token is over its limit."""
    window = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        TokenWindow.objects.get_or_create(token=token, window=window)
        TokenWindow.objects.filter(token=token, window=window).update(calls=F("calls") + 1)
        calls = TokenWindow.objects.values_list("calls", flat=True).get(token=token, window=window)
    return calls <= token.rate_per_minute


def log_call(request: HttpRequest, token: ApiToken, scope: str, status: int, *, returned: dict[str, Any]) -> None:
    ApiCall.objects.create(
        token=token, method=request.method or "", path=request.get_full_path()[:300], scope=scope,
        status=status, returned=returned,
    )


class ScopedToken(HttpBearer):
    """Ninja auth for internal endpoints: `Authorization: Bearer <token>` holding
    `scope`, not a partner's token, within its rate.

    On success `request.auth` is what `authorize` returns: the ApiToken here. Refusals
    are 401 (no or bad token), 403 (a partner's token, or the token lacks the scope;
    logged) and 429 (over the rate limit, logged). Subclasses add checks in `authorize`.
    """

    def __init__(self, scope: str) -> None:
        super().__init__()
        if is_partner_scope(scope) and type(self) is ScopedToken:
            raise ValueError(f"'{scope}' is a partner scope: guard it with cooperation.api.PartnerToken.")
        self.scope = scope

    def authorize(self, request: HttpRequest, token: ApiToken) -> Any:
        """Refuse (raise HttpError) a token that may not make this call; else what
        the endpoint finds in `request.auth`."""
        if is_partner_token(token):
            log_call(request, token, self.scope, 403, returned={"refused": "partner token"})
            raise HttpError(403, "A partner agency's token cannot call this endpoint.")
        return token

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = lookup(token)
        if found is None:
            return None
        if self.scope not in (found.scopes or []):
            log_call(request, found, self.scope, 403, returned={"refused": "scope"})
            raise HttpError(403, f"This token does not have the '{self.scope}' scope.")
        caller = self.authorize(request, found)
        if not take_call(found):
            log_call(request, found, self.scope, 429, returned={"refused": "rate"})
            raise HttpError(429, f"Rate limit of {found.rate_per_minute} calls per minute reached.")
        return caller
