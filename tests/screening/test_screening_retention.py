"""`adaldyq screening purge`: screened names older than the retention period go; the
log of each screening stays with its counts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from adaldyq.screening import indexes, services
from adaldyq.screening.models import ScreenedName, Screening
from adaldyq.screening.queries import Query


def _screen(days_ago: int) -> Screening:
    indexes.forget()
    outcome = services.screen([Query("a", "Омаров Ерлан"), Query("b", "Сейтова Айгуль")], ["register"],
                              channel="cli", who="tester")
    Screening.objects.filter(pk=outcome.screening.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    return outcome.screening


@override_settings(ADALDYQ_SCREENING_RETENTION_DAYS=30)
def test_purge_deletes_old_names_and_keeps_the_log(db: Any) -> None:
    old, recent = _screen(31), _screen(29)
    out = io.StringIO()
    call_command("screening", "purge", stdout=out)
    assert out.getvalue().strip() == "2 screened name(s) deleted from 1 screening(s) older than 30 days."
    assert not ScreenedName.objects.filter(screening=old).exists()
    assert ScreenedName.objects.filter(screening=recent).count() == 2
    old.refresh_from_db()
    assert old.query_count == 2 and old.names_purged_at is not None and old.lists == ["register"]
    call_command("screening", "purge", stdout=io.StringIO())
    assert Screening.objects.count() == 2


@override_settings(ADALDYQ_SCREENING_RETENTION_DAYS=0)
def test_zero_days_keeps_no_name(db: Any) -> None:
    _screen(0)
    call_command("screening", "purge", stdout=io.StringIO())
    assert not ScreenedName.objects.exists() and Screening.objects.count() == 1
