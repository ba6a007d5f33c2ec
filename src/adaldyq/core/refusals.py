"""Messages of refused rules, sayable in Kazakh, Russian and English. No Django here.

Pure rule modules cannot call Django's gettext, so a refusal carries its English
message as a template with named parameters, marked for translation by
`gettext_noop` (a name Django's ``makemessages`` extracts), and the parameters as
values:

    raise InsufficientBalance(
        gettext_noop("allocation of %(amount)s KZT exceeds the fund's unallocated balance of %(balance)s KZT"),
        amount=Money(amount), balance=Money(balance))

``str(error)`` is the English sentence, for logs and tests. Entry points (views,
commands, the API) show ``core.formatting.message(error)``: the template in the
reader's language with each parameter formatted for it, so an officer reading
Russian sees "900 000 000,00". Parameter kinds: `Money` (tenge, two decimals),
`Label` (a word that is itself translated, such as a status), dates, numbers, and
plain strings (codes, the user's own input), shown as they are; a list is shown
comma-separated.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark `message` for translation; it is translated where it is shown."""
    return message


class Money(Decimal):
    """An amount in tenge, always shown with two decimals."""


class Label(str):
    """A word shown translated (with an optional gettext context), e.g. a status name."""

    context: str

    def __new__(cls, text: str, context: str = "") -> Label:
        value = super().__new__(cls, text)
        value.context = context
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Label, (str(self), self.context))


class Refusal(Exception):
    """A rule said no. `template` is the English message, `params` its named values."""

    def __init__(self, message: str = "", /, **params: Any) -> None:
        self.template = message
        self.params = params
        super().__init__(english(message, params))


def english(template: str, params: dict[str, Any]) -> str:
    """The message in English, with English number formatting ("900,000,000.00")."""
    if not params:
        return template
    return template % {name: _english(value) for name, value in params.items()}


def _english(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_english(v) for v in value)
    if isinstance(value, Money):
        return f"{value:,.2f}"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
