"""How many failed log-ins django-axes allows before it locks a log-in out.

axes counts failures for each combination in AXES_LOCKOUT_PARAMETERS, here
(user name, address) and address alone, and locks when the largest count reaches the
limit this function returns. The address count is always the largest (it includes
every user name tried from there), so the limit is what the address count is held
to: ADALDYQ_LOGIN_FAILURE_LIMIT (5) once one user name has failed that often from this
address, and otherwise ADALDYQ_LOGIN_ADDRESS_FAILURE_LIMIT (20), so that an address
spraying a few guesses over many user names is locked out too, while colleagues
behind one office address do not lock each other out after five typos.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    per_name: int = settings.ADALDYQ_LOGIN_FAILURE_LIMIT
    per_address: int = settings.ADALDYQ_LOGIN_ADDRESS_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    if username is None or address is None:
        return per_address
    failed = (AccessAttempt.objects
              .filter(username=username, ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
              .aggregate(total=Sum("failures_since_start"))["total"]) or 0
    return per_name if failed >= per_name else per_address
