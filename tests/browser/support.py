"""What the browser tests measure in a page, as small JavaScript functions run by
Playwright, and the accessibility scan with the vendored axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGS = ("kk", "ru", "en")

# Numbers in the headline figures that the browser laid out over more than one line.
NUMBERS_BROKEN_ACROSS_LINES = r"""
(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const numbers = /\d[\d\s\u00a0\u202f.,]*\d/g;
      let match;
      while ((match = numbers.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""

# The rendered size, in CSS pixels, of every text in the SVG charts: its font size times
# the scale at which the chart is drawn (a 700-unit-wide chart on a 390 px phone shrinks).
CHART_TEXT_SIZES = r"""
(selector) => [...document.querySelectorAll(selector + " svg text")].map(text => {
  const size = parseFloat(getComputedStyle(text).fontSize);
  const ctm = text.getScreenCTM();
  const scale = ctm ? Math.hypot(ctm.b, ctm.d) : 1;
  return {text: text.textContent.trim(), px: size * scale};
}).filter(t => t.text)
"""

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the site's CSP
        # (script-src 'self') stays enforced for the page itself and would block a tag.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in impacts]
