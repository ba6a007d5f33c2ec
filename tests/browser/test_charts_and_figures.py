"""The assets dashboard on a phone and a laptop: chart labels large enough to read at
390 px (at least 11 CSS px once the chart is scaled to the screen), and headline
figures that never break inside a number ("95 727 672 17 / 2.02" was the bug)."""

from __future__ import annotations

from typing import Any

import pytest

from .support import CHART_TEXT_SIZES, LANGS, NUMBERS_BROKEN_ACROSS_LINES, WIDTHS

pytestmark = pytest.mark.browser

MIN_CHART_TEXT_PX = 11
HEADLINES = ".kpi"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_labels_are_legible_on_a_phone(open_page: Any, lang: str) -> None:
    page = open_page("phone")
    page.goto(f"/{lang}/assets/")
    texts = page.evaluate(CHART_TEXT_SIZES, ".chart")
    assert texts, "the dashboard shows no chart text"
    too_small = sorted({f"{t['text']!r} at {t['px']:.1f}px" for t in texts if t["px"] < MIN_CHART_TEXT_PX})
    assert too_small == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_headline_figures_never_break_inside_a_number(open_page: Any, lang: str, width: str) -> None:
    page = open_page(width)
    page.goto(f"/{lang}/assets/")
    assert page.locator(HEADLINES).count() >= 4
    assert page.evaluate(NUMBERS_BROKEN_ACROSS_LINES, HEADLINES) == []
