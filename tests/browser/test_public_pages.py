"""The main public pages in kk, ru and en, at desktop and phone width: each answers,
speaks the language of its URL, has one heading, fits the phone's width, and has no
serious or critical axe-core violation (scanned in every language at desktop width and
in English on a phone; the staff review pages are scanned by the staff tasks). With
ADALDYQ_SCREENSHOTS set, the register and the assets dashboard are saved as PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import LANGS, OVERFLOW, WIDTHS, axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "register": "register/",
    "register-changes": "register/changes/",
    "assets": "assets/",
    "assets-list": "assets/list/",
    "fund": "assets/fund/",
    "risks": "risks/",
}
SCREENSHOT_PAGES = ("register", "assets")


def _check(page: Any, lang: str, width: str, what: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang, what
    assert page.locator("h1").count() == 1, what
    assert page.locator(".demo-banner").count() == 1, what
    if width == "phone":
        assert page.evaluate(OVERFLOW) <= 1, f"{what}: the page is wider than the phone"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_public_pages(open_page: Any, lang: str, width: str, screenshots: Path | None) -> None:
    page = open_page(width)
    scan = width == "desktop" or lang == "en"
    violations = {}
    for name, path in PAGES.items():
        response = page.goto(f"/{lang}/{path}")
        assert response is not None and response.status == 200, name
        _check(page, lang, width, f"/{lang}/{path}")
        if scan and (found := axe_violations(page)):
            violations[name] = found
        if screenshots is not None and name in SCREENSHOT_PAGES:
            page.screenshot(path=str(screenshots / f"{name}-{lang}-{WIDTHS[width]['width']}.png"), full_page=True)
    page.goto(f"/{lang}/register/")
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    _check(page, lang, width, "a register entry")
    if scan and (found := axe_violations(page)):
        violations["register-entry"] = found
    assert violations == {}
