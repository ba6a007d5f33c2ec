"""Reminders by e-mail (Django's locmem backend in tests) and the demo data set."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.core.management import call_command

from adaldyq.core import history
from adaldyq.risks import demo
from adaldyq.risks.models import Analysis, Recommendation, ReminderSent, Sector
from adaldyq.risks.queries import overdue_q
from adaldyq.risks.workflow import Status

from .conftest import World


def test_remind_mails_each_body_its_own_items(world: World, capsys: Any) -> None:
    call_command("risks", "remind", "--days", "14")
    assert "Sent 2 e-mail(s) about 2 recommendation(s)." in capsys.readouterr().out
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"a@example.invalid", "b@example.invalid"}
    to_a = by_address["a@example.invalid"].body
    assert "A2" in to_a and "3 days late" in to_a and "B1" not in to_a and "A1" not in to_a  # A1 is 30 days away
    assert "B1" in by_address["b@example.invalid"].body and "10 days left" in by_address["b@example.invalid"].body


def test_disputed_recommendations_are_not_reminded(world: World) -> None:
    Recommendation.objects.filter(code="A2").update(status=Status.DISPUTED.value)  # overdue, but disputed
    call_command("risks", "remind")
    assert [m.to[0] for m in mail.outbox] == ["b@example.invalid"]


def test_remind_does_not_repeat_within_the_window(world: World) -> None:
    call_command("risks", "remind")
    call_command("risks", "remind")
    assert len(mail.outbox) == 2
    later = (world.today + dt.timedelta(days=8)).isoformat()
    call_command("risks", "remind", "--today", later)
    assert len(mail.outbox) == 4 and ReminderSent.objects.count() == 4


def test_remind_dry_run_sends_and_records_nothing(world: World, capsys: Any) -> None:
    call_command("risks", "remind", "--dry-run")
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    assert "Sent 2 e-mail(s)" in capsys.readouterr().out


def test_remind_names_bodies_without_officers(world: World, capsys: Any) -> None:
    world.officer_b.email = ""
    world.officer_b.save()
    call_command("risks", "remind")
    assert "No officer with an e-mail address for: mig-b." in capsys.readouterr().out


def test_demo_loads_six_sectors_and_over_2000_recommendations(db: None, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    today = dt.date(2026, 5, 1)
    summary = demo.load(seed=7, today=today)
    assert summary.startswith("risks: 6 sectors")
    assert Sector.objects.filter(analyses__isnull=False).distinct().count() == 6
    assert Recommendation.objects.count() > 2000
    assert set(Recommendation.objects.values_list("status", flat=True)) == {s.value for s in Status}
    assert Recommendation.objects.filter(overdue_q(today)).count() > 50
    assert Analysis.objects.filter(report_published=True).exists()
    assert Analysis.objects.filter(kind="internal").exists() and Analysis.objects.filter(kind="external").exists()
    assert history.verify("risks").ok
    assert demo.load(seed=7, today=today) == "risks: demo data already loaded"


def test_demo_walks_are_deterministic() -> None:
    import random

    issued, deadline, today = dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1)
    first = [demo._walk(random.Random(3), issued, deadline, today) for _ in range(1)]
    second = [demo._walk(random.Random(3), issued, deadline, today) for _ in range(1)]
    assert first == second
