"""The second fund officer sees the effect of an allocation before deciding, and only
decides with their own account: the staff page, or a personal API token."""

from __future__ import annotations

import re
from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client

from adaldyq.core import tokens
from adaldyq.core.approvals import APPROVE_SCOPE
from adaldyq.core.models import HistoryEvent
from adaldyq.recovery import review, services
from adaldyq.recovery.exceptions import ReviewOutdated
from adaldyq.recovery.models import Allocation, AllocationStatus

from .conftest import DAY, approve_as


@pytest.fixture
def proposed(world: Any, funded: Any, monkeypatch: Any) -> Allocation:
    monkeypatch.setenv("ADALDYQ_FUND_SECOND_OFFICER_ABOVE", "100000000")
    funded(D("400000000"))
    school = services.create_project(name="Kyzyltobe school", kind="school", region="mangystau", approved_on=DAY,
                                     budget_kzt=D("240000000"))
    services.propose_allocation(school.pk, D("60000000"), officer=world.maker, on=DAY)
    return services.propose_allocation(school.pk, D("150000000"), officer=world.maker, on=DAY,
                                       document="Commission decision 7")


def test_the_review_shows_the_effect_on_the_fund_and_the_budget(proposed: Allocation) -> None:
    shown = review.allocation_review(Allocation.objects.select_related("project", "proposed_by").get(pk=proposed.pk))
    assert shown["fund"] == {"unallocated_before_kzt": D("340000000"), "unallocated_after_kzt": D("190000000"),
                             "covered": True}
    budget = shown["project_budget"]
    assert (budget["allocated_before_kzt"], budget["allocated_after_kzt"]) == (D("60000000"), D("210000000"))
    assert (budget["used_before_percent"], budget["used_after_percent"]) == (D("25.0"), D("87.5"))
    assert budget["within_budget"] and shown["needs_second_officer"] and shown["proposed_by"] == "maker"


def test_the_checker_page_shows_balance_before_and_after(proposed: Allocation, world: Any, client: Client) -> None:
    client.force_login(world.checker)
    page = client.get(f"/en/staff/assets/fund/allocation/{proposed.pk}/").content.decode()
    for text in ("Kyzyltobe school", "Commission decision 7", "maker", "340,000,000.00",
                 "190,000,000.00", "60,000,000.00", "210,000,000.00", "25.0%", "87.5%"):
        assert text in page, text
    assert 'name="reviewed"' in page
    russian = client.get(f"/ru/staff/assets/fund/allocation/{proposed.pk}/").content.decode()
    assert "340\xa0000\xa0000,00" in russian  # the figures as the reader's language writes them
    digest = review.allocation_review(proposed)["digest"]
    # ... but one fingerprint, whatever the page's language, so an approval from either page (or the API) holds
    assert f'value="{digest}"' in page and f'value="{digest}"' in russian
    fund_page = client.get("/en/staff/assets/fund/").content.decode()
    assert f"/en/staff/assets/fund/allocation/{proposed.pk}/" in fund_page


def test_self_approval_is_refused_on_the_web(proposed: Allocation, world: Any, client: Client) -> None:
    client.force_login(world.maker)
    page = client.get(f"/en/staff/assets/fund/allocation/{proposed.pk}/").content.decode()
    assert 'name="reviewed"' not in page and "another fund officer must decide" in page
    digest = review.allocation_review(proposed)["digest"]
    response = client.post(f"/en/staff/assets/fund/allocation/{proposed.pk}/decide/",
                           {"decision": "approve", "on": DAY.isoformat(), "reviewed": digest}, follow=True)
    assert "cannot approve" in response.content.decode()
    assert Allocation.objects.get(pk=proposed.pk).status == AllocationStatus.PROPOSED


def test_the_web_approval_carries_what_was_shown(proposed: Allocation, world: Any, client: Client, funded: Any) -> None:
    client.force_login(world.checker)
    page = client.get(f"/en/staff/assets/fund/allocation/{proposed.pk}/").content.decode()
    digest = re.search(r'name="reviewed" value="([0-9a-f]{64})"', page)
    assert digest is not None
    funded(D("1000"))  # the balance moved after the page was drawn
    url = f"/en/staff/assets/fund/allocation/{proposed.pk}/decide/"
    stale = client.post(url, {"decision": "approve", "on": DAY.isoformat(), "reviewed": digest[1]}, follow=True)
    assert "changed since you opened it" in stale.content.decode()
    assert Allocation.objects.get(pk=proposed.pk).status == AllocationStatus.PROPOSED
    fresh = review.allocation_review(proposed)["digest"]
    client.post(url, {"decision": "approve", "on": DAY.isoformat(), "reviewed": fresh})
    approved = Allocation.objects.get(pk=proposed.pk)
    assert approved.status == AllocationStatus.EFFECTIVE and approved.approved_by == world.checker


def test_an_outdated_review_changes_nothing(proposed: Allocation, world: Any) -> None:
    with pytest.raises(ReviewOutdated):
        services.approve_allocation(proposed.pk, approver=world.checker, on=DAY, reviewed="0" * 64)
    assert services.totals().allocated == D("60000000")
    approve_as(world.checker, proposed.pk)
    assert services.totals().allocated == D("210000000")


def test_api_approval_with_a_personal_token(proposed: Allocation, world: Any, client: Client,
                                            make_officer: Any) -> None:
    tokens_of = {name: tokens.issue(name, [APPROVE_SCOPE], owner_id=user.pk).plaintext
                 for name, user in (("maker", world.maker), ("checker", world.checker),
                                    ("registrar", make_officer("reg", "registrar")))}
    url = f"/api/v1/fund/allocations/{proposed.pk}"

    def call(method: str, path: str, who: str, body: dict[str, Any] | None = None) -> Any:
        return getattr(client, method)(path, body, content_type="application/json",
                                       HTTP_AUTHORIZATION=f"Bearer {tokens_of[who]}")

    shown = call("get", url, "checker").json()
    assert shown["fund"]["unallocated_after_kzt"] == "190000000.00"
    assert call("get", url, "registrar").status_code == 403
    assert call("post", f"{url}/approve", "maker", {"reviewed": shown["digest"]}).status_code == 403
    assert call("post", f"{url}/approve", "checker", {"reviewed": "f" * 64}).status_code == 409
    done = call("post", f"{url}/approve", "checker", {"reviewed": shown["digest"]})
    assert done.status_code == 200 and done.json()["status"] == "effective"
    event = HistoryEvent.objects.get(stream="fund", action="allocate", subject_id=str(proposed.pk))
    assert (event.actor_id, event.approver_id) == (world.maker.pk, world.checker.pk)
