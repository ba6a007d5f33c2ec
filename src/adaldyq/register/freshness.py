"""When the public register last changed: the validators (ETag, Last-Modified) of its
pages, API answers and exports, computed without rendering them.

What the public sees is decided by three things only: the register's history (every
import, approval, removal or expiry is an event in the `register` stream), the
catalogue and publication rules (edited in the admin; each save bumps a stamp here),
and today's date (an entry leaves the register on its expungement date even if no
job ran). The deployed code is the fourth (templates and translations): its stamp
is the newest modification time of the package's files, read once per process.

So a conditional GET of any register page costs two small queries, and a proxy or
CDN in front (docs/deployment.md) can revalidate the 100,000-entry exports for free.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone, translation

from adaldyq.core.models import HistoryEvent, SiteFlag
from adaldyq.register.models import Article, ExpungementPeriod, RegisterPolicy
from adaldyq.register.publication import STREAM

CATALOGUE_STAMP = "register.catalogue_changed"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The newest modification time among the installed package's files."""
    package = Path(__file__).resolve().parents[1]
    newest = max((p.stat().st_mtime for p in package.rglob("*") if p.suffix in {".py", ".html", ".mo"}), default=0.0)
    return f"{newest:.0f}"


def last_change(request: HttpRequest | None = None) -> tuple[int, dt.datetime | None, str]:
    """(last register event's seq, its time, the catalogue's stamp), read in one query
    and kept on the request (the ETag and Last-Modified both need it)."""
    cached = getattr(request, "_register_last_change", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    events = connection.ops.quote_name(HistoryEvent._meta.db_table)
    flags = connection.ops.quote_name(SiteFlag._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(seq) FROM {events} WHERE stream = %s), "  # noqa: S608 - table names from metadata
            f"(SELECT recorded_at FROM {events} WHERE stream = %s ORDER BY seq DESC LIMIT 1), "
            f"(SELECT value FROM {flags} WHERE name = %s)", [STREAM, STREAM, CATALOGUE_STAMP])
        seq, recorded, stamp = cursor.fetchone()
    found = (int(seq or 0), _as_datetime(recorded), stamp or "")
    if request is not None:
        request._register_last_change = found  # type: ignore[attr-defined]
    return found


def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """A weak ETag: same register state, day, code, language and URL give the same answer."""
    seq, _recorded, stamp = last_change(request)
    parts = [str(seq), stamp, timezone.localdate().isoformat(), code_stamp(), translation.get_language() or "",
             request.get_full_path()]
    return 'W/"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> dt.datetime:
    """The later of the register's last change and the start of today (Asia/Almaty)."""
    _seq, recorded, stamp = last_change(request)
    today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    moments = [today, *(m for m in (recorded, _parse(stamp)) if m is not None)]
    return max(moments)


def _as_datetime(value: object) -> dt.datetime | None:
    """A raw timestamp column: a datetime from PostgreSQL, UTC text from SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    return None


def _parse(stamp: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None


def _catalogue_changed(sender: type, **kwargs: Any) -> None:
    SiteFlag.objects.update_or_create(name=CATALOGUE_STAMP, defaults={"value": timezone.now().isoformat()})


def connect_signals() -> None:
    """Every save or delete of the catalogue and publication rules changes the stamp."""
    for model in (Article, ExpungementPeriod, RegisterPolicy):
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"freshness-save-{model.__name__}")
        post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=f"freshness-delete-{model.__name__}")
