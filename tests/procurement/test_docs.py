"""Every indicator has a documentation page with the fixed sections and every setting."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from adaldyq.procurement import indicators

DOCS = Path(__file__).resolve().parents[2] / "docs" / "procurement"
SECTIONS = ("## Methodology", "## Example", "## Why is this a red flag?", "## Output", "## Configuration",
            "## Exclusions")


@pytest.mark.parametrize("module", indicators.ALL, ids=lambda m: m.CODE)
def test_indicator_page(module: ModuleType) -> None:
    page = (DOCS / f"{module.CODE}.md").read_text()
    assert page.startswith(f"# {module.CODE} {module.TITLE}\n")
    positions = [page.index(section) for section in SECTIONS]
    assert positions == sorted(positions), "sections out of order"
    for key in module.SETTINGS:
        assert key in page, f"setting {key} is not documented"
    assert f"[{module.CODE}](" in (DOCS / "index.md").read_text()


@pytest.mark.parametrize("module", indicators.ALL, ids=lambda m: m.CODE)
def test_indicator_has_a_fixture_pair(module: ModuleType) -> None:
    from tests.procurement.support import CARDINAL_FIXTURES, OWN_FIXTURES

    folder = CARDINAL_FIXTURES if module in indicators.CARDINAL else OWN_FIXTURES
    pairs = [p for p in folder.glob(f"{module.CODE}*.jsonl") if p.with_suffix(".expected").exists()]
    assert pairs, f"no fixture pair for {module.CODE}"
