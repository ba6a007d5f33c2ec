"""Staff workflows through the web: roles, each step with its document, refusals as messages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from adaldyq.recovery.models import Allocation, Asset, AssetDocument, Project, RecoveryCase

pytestmark = pytest.mark.usefixtures("english")  # the refusals below are checked in English


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_only_recovery_officers_edit_cases(db: Any, make_officer: Any, client: Client) -> None:
    login(client, make_officer("outsider", "screening_officer"))
    assert client.get(reverse("staff_recovery:cases")).status_code == 403
    anonymous = Client()
    assert anonymous.get(reverse("staff_recovery:cases")).status_code == 302


def test_case_asset_and_steps_through_the_web(db: Any, make_officer: Any, client: Client) -> None:
    login(client, make_officer("officer", "recovery_officer"))
    url = reverse("staff_recovery:cases")
    response = client.post(url, {"reference": "CC-W-1", "kind": "criminal", "title_en": "Web case", "region": "astana",
                                 "opened_on": "2026-01-05"})
    case = RecoveryCase.objects.get(reference="CC-W-1")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    client.post(case.get_absolute_url(), {"form": "party", "party-kind": "person", "party-role": "accused",
                                          "party-name": "Web Person", "party-iin_bin": "900101300123"})
    owner = case.parties.get()
    response = client.post(case.get_absolute_url(), {
        "form": "asset", "asset-reference": "W-1", "asset-kind": "vehicle", "asset-description_en": "Car",
        "asset-owner": str(owner.pk), "asset-country": "KZ", "asset-region": "astana",
        "asset-valuation_amount": "15000000", "asset-currency": "KZT", "asset-valuation_date": "2026-01-10",
        "asset-identified_on": "2026-01-10"})
    asset = Asset.objects.get(reference="W-1")
    assert response["Location"] == asset.get_absolute_url() and asset.owner == owner
    page = client.get(asset.get_absolute_url()).content.decode()
    assert "Web Person" in page and 'value="freeze"' in page
    client.post(asset.get_absolute_url(), {"form": "action", "step-action": "freeze", "step-on": "2026-01-12",
                                           "step-currency": "KZT", "step-document": "Arrest order 1"})
    client.post(asset.get_absolute_url(), {"form": "document", "doc-kind": "arrest", "doc-number": "1",
                                           "doc-dated": "2026-01-12"})
    asset.refresh_from_db()
    assert asset.status == "frozen" and AssetDocument.objects.filter(asset=asset).count() == 1
    response = client.post(asset.get_absolute_url(), {"form": "action", "step-action": "lift_arrest",
                                                      "step-on": "2026-01-20", "step-currency": "KZT"}, follow=True)
    assert "needs a ground" in response.content.decode()
    asset.refresh_from_db()
    assert asset.status == "frozen"


def test_fund_workflow_with_a_second_officer(world: Any, funded: Any, client: Client, monkeypatch: Any) -> None:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "1000")
    funded(Decimal(10000))
    maker, checker = Client(), Client()
    login(maker, world.maker)
    login(checker, world.checker)
    maker.post(reverse("staff_recovery:fund"), {"name_en": "School", "kind": "school", "region": "mangystau",
                                                "budget_kzt": "50000", "approved_on": "2026-02-01"})
    project = Project.objects.get(name_en="School")
    url = reverse("staff_recovery:project", args=[project.pk])
    maker.post(url, {"form": "allocate", "alloc-amount": "6000", "alloc-on": "2026-02-02"})
    allocation = Allocation.objects.get()
    assert allocation.status == "proposed"
    decide = reverse("staff_recovery:decide", args=[allocation.pk])
    page = checker.get(reverse("staff_recovery:allocation", args=[allocation.pk])).content.decode()
    reviewed = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page)
    assert reviewed is not None
    response = maker.post(decide, {"decision": "approve", "on": "2026-02-03", "reviewed": reviewed[1]}, follow=True)
    assert "cannot approve" in response.content.decode()
    checker.post(decide, {"decision": "approve", "on": "2026-02-03", "reviewed": reviewed[1]})
    allocation.refresh_from_db()
    assert allocation.status == "effective" and allocation.approved_by == world.checker
    maker.post(url, {"form": "disburse", "pay-allocation": str(allocation.pk), "pay-amount": "2500",
                     "pay-milestone_en": "Foundations", "pay-paid_on": "2026-03-01"})
    response = maker.post(url, {"form": "disburse", "pay-allocation": str(allocation.pk), "pay-amount": "3500.01",
                                "pay-milestone_en": "Roof", "pay-paid_on": "2026-03-01"}, follow=True)
    assert "exceeds" in response.content.decode()
    maker.post(url, {"form": "complete"})
    project.refresh_from_db()
    assert project.status == "completed" and project.disbursed_kzt == Decimal(2500)


def test_asset_page_shows_requests_abroad_when_linked(world: Any, make_officer: Any, client: Client) -> None:
    """The cooperation part links its mutual legal assistance requests to our assets."""
    from django.utils import translation

    from adaldyq.cooperation import services as cooperation
    from adaldyq.cooperation import workflow
    from adaldyq.cooperation.models import Partner

    login(client, make_officer("officer", "recovery_officer"))
    with translation.override("en"):
        url = world.abroad.get_absolute_url()
    assert "Requests abroad" not in client.get(url).content.decode()
    partner = Partner.objects.create(code="AE-TEST", name="Test partner", country="AE")
    request = cooperation.create_request(direction="outgoing", kind=workflow.MLA, partner=partner,
                                         legal_basis="Treaty, art. 1", actor_id=None, recovery_case_id=world.case.pk)
    cooperation.add_subject(request, kind="asset", name="Villa", actor_id=None, country="AE",
                            asset_id=world.abroad.pk)
    page = client.get(url).content.decode()
    assert "Requests abroad" in page and request.reference in page and request.get_absolute_url() in page
