"""Staff roles as Django groups, and the checks views use.

A role is a group of the same name; a superuser holds every role. Groups are created
by a data migration so a fresh database already has them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

REGISTRAR = "registrar"  # prepares register entries, corrections and removals
APPROVER = "approver"  # approves what another officer prepared (maker-checker)
ADMINISTRATOR = "administrator"  # catalogues, policies, tokens, lists
SCREENING_OFFICER = "screening_officer"
RECOVERY_OFFICER = "recovery_officer"
FUND_OFFICER = "fund_officer"
PROCUREMENT_ANALYST = "procurement_analyst"
RISK_ANALYST = "risk_analyst"  # agency analysts: see all recommendations, verify
BODY_OFFICER = "body_officer"  # an officer of an audited body: sees only that body's items
COOPERATION_OFFICER = "cooperation_officer"

ALL_ROLES = [
    REGISTRAR, APPROVER, ADMINISTRATOR, SCREENING_OFFICER, RECOVERY_OFFICER, FUND_OFFICER,
    PROCUREMENT_ANALYST, RISK_ANALYST, BODY_OFFICER, COOPERATION_OFFICER,
]


def has_role(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_adaldyq_roles", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._adaldyq_roles = names
    return bool(names.intersection(roles))


Response = TypeVar("Response", bound=HttpResponseBase)


def role_required(*roles: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """View decorator: log-in first, then 403 unless the user holds one of `roles`."""

    def decorator(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
            if not has_role(request.user, *roles):
                raise PermissionDenied("This needs one of the roles: " + ", ".join(roles))
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
