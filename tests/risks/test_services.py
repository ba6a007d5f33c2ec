"""Status changes through the service: permissions, history, evidence, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from adaldyq.core import history
from adaldyq.core.models import HistoryEvent
from adaldyq.risks import services
from adaldyq.risks.exceptions import NotYourBody, TransitionRefused
from adaldyq.risks.models import Evidence, Recommendation
from adaldyq.risks.queries import overdue_q
from adaldyq.risks.workflow import OPEN, Status, is_overdue

from .conftest import World, make_rec


def test_viewers(world: World) -> None:
    assert services.viewer_for(world.analyst).sees_all
    assert services.viewer_for(world.officer_a).body_id == world.body_a.pk
    assert services.viewer_for(world.admin).actor is None
    assert services.viewer_for(world.admin).sees_all
    stray = services.viewer_for(world.stray_officer)
    assert stray.body_id is None and not stray.sees_all
    assert not services.visible_recommendations(stray).exists()
    codes = set(services.visible_recommendations(services.viewer_for(world.officer_a)).values_list("code", flat=True))
    assert codes == {"A1", "A2"}


def test_full_life_with_history_and_evidence(world: World, media: object) -> None:
    services.change_status("A1", world.officer_a, "accept")
    services.change_status("A1", world.officer_a, "start", comment="work begins")
    upload = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order 17", content_type="application/pdf")
    services.change_status("A1", world.officer_a, "report", comment="rules amended",
                           documents=[services.Document("Order No. 17", upload)], today=world.today)
    rec = services.change_status("A1", world.analyst, "verify", comment="checked")
    assert rec.status == Status.VERIFIED and rec.reported_on == world.today and rec.closed_on is not None
    events = [e for e in history.events_for("recommendation", "A1") if e.stream == "risks"]
    assert [e.action for e in events] == ["accept", "start", "report", "verify"]
    assert [(e.public["from"], e.public["to"]) for e in events][-1] == ("reported", "verified")
    report = events[2]
    assert report.actor_id == world.officer_a.pk
    assert report.private["comment"] == "rules amended"
    assert report.private["evidence"][0]["reference"] == "Order No. 17"
    evidence = Evidence.objects.get(recommendation=rec)
    assert evidence.history_seq == report.seq and len(evidence.sha256) == 64 and evidence.file
    assert history.verify("risks").ok


def test_officer_cannot_change_another_bodys_recommendation(world: World) -> None:
    with pytest.raises(NotYourBody):
        services.change_status("B1", world.officer_a, "accept")
    assert Recommendation.objects.get(code="B1").status == Status.ISSUED
    assert not HistoryEvent.objects.filter(stream="risks").exists()


def test_refusals_change_nothing(world: World) -> None:
    with pytest.raises(TransitionRefused, match="document"):
        services.change_status("A2", world.officer_a, "report", comment="done", documents=[])
    with pytest.raises(TransitionRefused, match="Only the responsible body"):
        services.change_status("A1", world.analyst, "accept")
    with pytest.raises(TransitionRefused, match="Only the agency"):
        services.change_status("A2", world.officer_a, "mark_not_implemented", comment="x")
    with pytest.raises(TransitionRefused, match="not change"):
        services.change_status("A1", world.admin, "accept")
    with pytest.raises(TransitionRefused):
        services.change_status("A1", world.stray_officer, "accept")
    assert Recommendation.objects.get(code="A2").status == Status.IN_PROGRESS
    assert not HistoryEvent.objects.filter(stream="risks").exists()


def test_dispute_decided_by_the_agency(world: World) -> None:
    services.change_status("A1", world.officer_a, "dispute", comment="not our competence")
    rec = services.change_status("A1", world.analyst, "dismiss_dispute", comment="it is")
    assert rec.status == Status.ACCEPTED
    services.change_status("B1", world.officer_b, "dispute", comment="law changed already")
    rec = services.change_status("B1", world.analyst, "uphold_dispute", comment="agreed")
    assert rec.status == Status.WITHDRAWN and rec.closed_on is not None


def test_sql_overdue_agrees_with_the_rule(world: World) -> None:
    """Every status on both sides of the deadline: the SQL filter and the Python rule agree."""
    today = world.today
    for status in Status:
        for offset in (-30, -1, 0, 1):
            make_rec(world.finding, f"X-{status.value}-{offset}", world.body_a, today + dt.timedelta(days=offset),
                     status=status.value, issued_on=today - dt.timedelta(days=60))
    in_sql = set(Recommendation.objects.filter(overdue_q(today)).values_list("code", flat=True))
    in_python = {r.code for r in Recommendation.objects.all() if is_overdue(r.deadline, r.status, today)}
    assert in_sql == in_python
    assert {c.split("-")[1] for c in in_sql if c.startswith("X-")} == {s.value for s in OPEN}
