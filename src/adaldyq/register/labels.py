"""Words for the register's codes, in the reader's language."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

LABELS = {
    "minor": _("minor gravity"), "medium": _("medium gravity"), "grave": _("grave"),
    "especially_grave": _("especially grave"),
    "imprisonment": _("imprisonment"), "restriction_of_liberty": _("restriction of liberty"), "fine": _("fine"),
    "suspended": _("suspended sentence"), "other": _("other punishment"),
    "taking": _("taking a bribe"), "giving": _("giving a bribe"), "mediation": _("mediation in bribery"),
    "promise_offer": _("promise or offer of a bribe"), "extortion": _("extortion of a bribe"), "demand": _("demand of a bribe"),
    "acquitted": _("acquitted"), "retrial": _("sent back for retrial"), "expunged": _("criminal record expunged"),
    "record_removed_by_court": _("criminal record removed by a court"), "rectified": _("entry made in error, rectified"),
    # Events of the register's history of changes.
    "recorded": _("entered in the register"), "corrected": _("corrected"),
    "legal_effect": _("verdict entered into legal force"),
}


def label(code: str | None, lang: str) -> str | None:
    if not code:
        return None
    return _label(code, lang)


@functools.lru_cache(maxsize=1024)
def _label(code: str, lang: str) -> str:
    # Kept: switching the active language costs more than the rest of an entry's
    # fields, and a page of twenty entries asks for some forty labels.
    with override(lang):
        return str(LABELS.get(code, code))


def labelled(codes: Iterable[str]) -> list[tuple[str, Any]]:
    """Form choices: the code as the value, its words (translated when shown) as the label."""
    return [(code, LABELS.get(code, code)) for code in codes]
