"""Fixtures for the risks tests.

- `world`: two bodies in two sectors (A: trn-a, B: mig-b), one analysis and finding,
  three recommendations (A1 issued, A2 in progress and overdue, B1 issued), and users:
  an analyst, an officer of each body, an administrator, and a body officer tied to no body.
- `media`: uploaded files go to a temporary folder.
- passwords use a fast hash in these tests (autouse).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from adaldyq.risks.models import Analysis, Body, BodyMembership, Finding, Recommendation, Sector


@dataclass
class World:
    today: dt.date
    body_a: Body
    body_b: Body
    analysis: Analysis
    finding: Finding
    a1: Recommendation
    a2: Recommendation
    b1: Recommendation
    analyst: User
    officer_a: User
    officer_b: User
    admin: User
    stray_officer: User


def make_rec(finding: Finding, code: str, body: Body, deadline: dt.date, status: str = "issued",
             issued_on: dt.date | None = None) -> Recommendation:
    issued = issued_on or deadline - dt.timedelta(days=180)
    return Recommendation.objects.create(finding=finding, code=code, text=f"Do {code}.", body=body,
                                         deadline=deadline, indicator="Done", status=status, issued_on=issued,
                                         status_changed_on=issued)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Officers are created in nearly every test; a slow password hash only costs time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(make_officer: Any) -> World:
    today = timezone.localdate()
    trn = Sector.objects.get(code="transport_control")
    mig = Sector.objects.get(code="migration_services")
    body_a = Body.objects.create(code="trn-a", sector=trn, name_kk="А органы", name_ru="Орган А", name_en="Body A")
    body_b = Body.objects.create(code="mig-b", sector=mig, name_kk="Б органы", name_ru="Орган Б", name_en="Body B")
    analysis = Analysis.objects.create(code="ea-1", kind="external", title_en="Analysis one", sector=trn,
                                       period_start=today - dt.timedelta(days=400),
                                       period_end=today - dt.timedelta(days=40), team="Secret Analyst Name")
    finding = Finding.objects.create(analysis=analysis, code="F01", category="discretion", subject="Rule 1",
                                     severity=3)
    a1 = make_rec(finding, "A1", body_a, today + dt.timedelta(days=30))
    a2 = make_rec(finding, "A2", body_a, today - dt.timedelta(days=3), status="in_progress")
    b1 = make_rec(finding, "B1", body_b, today + dt.timedelta(days=10))
    officer_a = make_officer("officer_a", "body_officer")
    officer_b = make_officer("officer_b", "body_officer")
    officer_a.email, officer_b.email = "a@example.invalid", "b@example.invalid"
    officer_a.save()
    officer_b.save()
    BodyMembership.objects.create(user=officer_a, body=body_a)
    BodyMembership.objects.create(user=officer_b, body=body_b)
    return World(today, body_a, body_b, analysis, finding, a1, a2, b1,
                 analyst=make_officer("analyst", "risk_analyst"), officer_a=officer_a, officer_b=officer_b,
                 admin=make_officer("admin", "administrator"), stray_officer=make_officer("stray", "body_officer"))


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
