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


def last_change() -> tuple[int, dt.datetime | None, str]:
    """(last register event's seq, its time, the catalogue's stamp)."""
    event = HistoryEvent.objects.filter(stream=STREAM).order_by("-seq").values_list("seq", "recorded_at").first()
    stamp = SiteFlag.objects.filter(name=CATALOGUE_STAMP).values_list("value", flat=True).first() or ""
    seq, recorded = event if event else (0, None)
    return seq, recorded, stamp


def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """A weak ETag: same register state, day, code, language and URL give the same answer."""
    seq, _recorded, stamp = last_change()
    parts = [str(seq), stamp, timezone.localdate().isoformat(), code_stamp(), translation.get_language() or "",
             request.get_full_path()]
    return 'W/"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> dt.datetime:
    """The later of the register's last change and the start of today (Asia/Almaty)."""
    _seq, recorded, stamp = last_change()
    today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    moments = [today, *(m for m in (recorded, _parse(stamp)) if m is not None)]
    return max(moments)


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
