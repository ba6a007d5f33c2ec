"""One real task per staff area, done in the browser as staff would, at desktop and
phone width: propose and approve a register entry as two users, allocate and approve
fund money as two users, screen a name, verify a recommendation, create a cooperation
request. The review pages are scanned with axe-core on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .support import WIDTHS, axe_violations

pytestmark = pytest.mark.browser

SURNAME = "Sintetov"
GIVEN = {"desktop": "Deskbek", "phone": "Phonebek"}


def _message(page: Any) -> str:
    return str(page.locator(".messages").inner_text())


@pytest.mark.parametrize("width", WIDTHS)
def test_register_entry_proposed_and_approved_by_two_officers(open_page: Any, width: str) -> None:
    maker = open_page(width, "bt.registrar")
    maker.goto("/en/staff/register/entries/new/")
    for field, value in {"surname": SURNAME, "given_name": GIVEN[width], "position_en": "Head of a synthetic department",
                         "organization_en": "Synthetic akimat", "court": "Specialized inter-district criminal court",
                         "case_number": f"BT-{width}", "verdict_date": "2024-05-10", "legal_effect_date": "2024-06-11",
                         "articles": "366-4", "reason": "verdict received by post", "document": "letter BT-1"}.items():
        maker.fill(f"#id_{field}", value)
    maker.select_option("#id_punishment", "imprisonment")
    maker.select_option("#id_region", "karaganda")
    maker.click("main form button[type=submit]")
    assert "another officer approves it" in _message(maker)

    checker = open_page(width, "bt.approver")
    checker.goto("/en/staff/register/")
    checker.locator("tr", has_text=GIVEN[width]).get_by_role("link", name="Review every field and decide").click()
    table = checker.locator("table.review").inner_text()
    for shown in (SURNAME, GIVEN[width], "Head of a synthetic department", "Synthetic akimat", f"BT-{width}",
                  "2024-05-10", "2024-06-11", "366-4 — Taking a bribe", "imprisonment", "Karaganda"):
        assert shown in table, shown
    assert axe_violations(checker) == []
    checker.get_by_role("button", name="Approve").click()
    assert "approved and applied" in _message(checker)

    public = open_page(width)
    public.goto(f"/en/register/?q={SURNAME}+{GIVEN[width]}")
    assert public.locator("main table tbody tr").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_fund_allocation_proposed_and_approved_by_two_officers(open_page: Any, width: str) -> None:
    maker = open_page(width, "bt.fund.maker")
    maker.goto("/en/staff/assets/fund/")
    maker.get_by_role("link", name="Village sports complex (demo)").click()
    maker.fill("#id_alloc-amount", "150000000")
    maker.fill("#id_alloc-document", f"Commission decision BT-{width}")
    maker.locator("form", has=maker.locator("#id_alloc-amount")).get_by_role("button").click()
    assert "Awaiting a second officer" in _message(maker)

    checker = open_page(width, "bt.fund.checker")
    checker.goto("/en/staff/assets/fund/")
    checker.locator("li", has_text="bt.fund.maker").get_by_role("link", name="Review the effect and decide").click()
    assert f"Commission decision BT-{width}" in checker.locator("main").inner_text()
    balance = checker.locator("tr", has_text="Fund: unallocated balance").locator("td")
    before, after = (_amount(balance.nth(i).inner_text()) for i in (0, 1))
    assert before - after == 150_000_000
    assert axe_violations(checker) == []
    checker.get_by_role("button", name="Approve").click()
    assert "Allocation approved" in _message(checker)


def _amount(text: str) -> float:
    """An amount as an English page writes it: "340,000,000.00"."""
    return float(re.sub(r"[^\d.]", "", text))


@pytest.mark.parametrize("width", WIDTHS)
def test_screen_a_name(open_page: Any, width: str) -> None:
    public = open_page(width)
    public.goto("/en/register/")
    name = public.locator("main table tbody tr a").first.inner_text()
    screener = open_page(width, "bt.screener")
    screener.goto("/en/staff/screening/")
    screener.fill("#id_name", name)
    screener.locator("form", has=screener.locator("#id_name")).get_by_role("button", name="Screen").click()
    results = screener.locator("main table").last.inner_text()
    assert "register" in results and name.split()[0] in results


@pytest.mark.parametrize("width", WIDTHS)
def test_verify_a_recommendation(open_page: Any, width: str) -> None:
    analyst = open_page(width, "bt.analyst")
    analyst.goto("/en/staff/risks/recommendations/?status=reported")
    link = analyst.locator("main table tbody a").first
    code = link.inner_text()
    link.click()
    analyst.select_option("#id_action", "verify")
    analyst.fill("#id_comment", "Checked the report and the documents on site.")
    analyst.get_by_role("button", name="Record").click()
    assert "Status changed" in _message(analyst)
    analyst.goto(f"/en/staff/risks/recommendations/?status=verified&q={code}")
    assert analyst.locator("main table tbody a", has_text=code).count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_create_a_cooperation_request(open_page: Any, width: str) -> None:
    officer = open_page(width, "bt.cooperation")
    officer.goto("/en/staff/cooperation/requests/new/")
    officer.select_option("#id_direction", "outgoing")
    officer.select_option("#id_kind", "information")
    officer.select_option("#id_partner", index=1)
    officer.fill("#id_legal_basis", "Memorandum of understanding, art. 4")
    officer.fill("#id_summary", f"Ask for company records (browser test, {width})")
    officer.get_by_role("button", name="Create").click()
    assert re.search(r"/staff/cooperation/requests/OUT-\d{4}-\d{4}/$", officer.url)
    assert "created" in _message(officer)
    assert axe_violations(officer) == []
