"""Flag enumeration: one API token asking about one name with many different birth
dates or IINs in one Asia/Almaty day.

That is how a caller recovers a private attribute by trying candidates (issue 10:
1,000 dates for a register name found the person's birth date). The rule counts,
per token, day and name key, the distinct birth dates and the distinct IINs/BINs in
the screened names logged that day (the current request included, so a single
request of 1,000 dates is caught as well as 200 requests of five). When either
reaches `ADALDYQ_SCREEN_ENUMERATION_THRESHOLD` (default 5) the pair (token, day,
name) gets one `EnumerationFlag`, kept up to date as more arrive, and the first
raise is written to the `screening` history stream and the warning log.

The counts come from `ScreenedName`, which already holds what was asked until the
retention purge. The flag itself stores counts and an HMAC of the name key under
the secret key: never the dates, the IINs or the name. Flags do not refuse
(docs/SECURITY.md says why); administrators read them in the admin.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from adaldyq import names
from adaldyq.core import history
from adaldyq.screening.models import EnumerationFlag, ScreenedName, Screening
from adaldyq.screening.queries import Query
from adaldyq.screening.quotas import day_bounds, day_of

STREAM = "screening"  # not a transparency-log stream: flags are for administrators only
log = logging.getLogger(__name__)


def name_key(name: str) -> str:
    """The same for a name in any script, word order, case or spacing (cut to the column's 500)."""
    return " ".join(sorted(set(names.name_keys(name))))[:500]


def carries_attribute(query: Query) -> bool:
    """A query that can probe a private attribute: it has a birth date or an IIN/BIN."""
    return query.birth_date is not None or bool(query.iin)


def is_enumeration(birth_dates: int, iins: int, threshold: int) -> bool:
    return max(birth_dates, iins) >= threshold


def _digest(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()


def _counts(screening: Screening, keys: Iterable[str]) -> list[Mapping[str, Any]]:
    """Per name key: distinct birth dates, distinct IINs and queries by this token today."""
    start, end = day_bounds(day_of(screening.at))
    return list(
        ScreenedName.objects.filter(screening__token_id=screening.token_id, screening__at__gte=start,
                                    screening__at__lt=end, name_key__in=list(keys))
        .values("name_key")
        .annotate(birth_dates=Count("birth_date", distinct=True),
                  iins=Count("id_number", distinct=True, filter=~Q(id_number="")),
                  queries=Count("pk"))
    )


def record(screening: Screening, queries: list[Query]) -> list[EnumerationFlag]:
    """Raise or update the flags this token's screening completes; inside the
    screening's transaction, after its names are stored. Returns the flags touched."""
    keys = {name_key(q.name) for q in queries if carries_attribute(q)} - {""}
    if screening.token_id is None or not keys:
        return []
    threshold = settings.ADALDYQ_SCREEN_ENUMERATION_THRESHOLD
    touched = []
    for row in _counts(screening, keys):
        dates, iins, asked = row["birth_dates"], row["iins"], row["queries"]
        if is_enumeration(dates, iins, threshold):
            touched.append(_flag(screening, _digest(row["name_key"]), dates=dates, iins=iins, asked=asked))
    return touched


def _flag(screening: Screening, digest: str, *, dates: int, iins: int, asked: int) -> EnumerationFlag:
    now = timezone.now()
    flag, created = EnumerationFlag.objects.get_or_create(
        token_id=screening.token_id, day=day_of(screening.at), name_digest=digest,
        defaults={"birth_dates": dates, "iins": iins, "queries": asked, "raised_at": now, "updated_at": now})
    if not created:
        EnumerationFlag.objects.filter(pk=flag.pk).update(birth_dates=dates, iins=iins, queries=asked, updated_at=now)
    flag.screenings.add(screening)
    if created:
        prefix = screening.token.prefix if screening.token else ""
        facts = {"token": prefix, "day": flag.day.isoformat(), "birth_dates": dates, "iins": iins, "queries": asked}
        history.record(STREAM, history.NewEvent("screening.enumeration_flag", str(flag.pk), "raise",
                                                occurred_on=flag.day, source="api", public=facts))
        log.warning("enumeration flag %s raised: %s", flag.pk, facts)
    return flag
