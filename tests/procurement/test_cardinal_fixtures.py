"""Every Cardinal fixture pair in fixtures/cardinal/ must pass exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adaldyq.procurement.engine import analyse
from adaldyq.procurement.indicator_config import parse_ini, to_ini
from tests.procurement.support import CARDINAL_FIXTURES, settings_for

FIXTURES = sorted(CARDINAL_FIXTURES.glob("R*.jsonl"))

# Derived Meta values (fixtures/README.md); Cardinal's tests do not assert them.
EXPECTED_META = {
    "R024": {"R024": {"q1": 66.6667, "q3": 100.0, "lower_fence": 16.6667}},
    "R025": {"R025": {"q1": 0.9333, "q3": 1.0, "upper_fence": 1.0, "lower_fence": 0.8333}},
    "R038": {"R038": {"Buyer_q1": 0.5, "Buyer_q3": 0.5, "Buyer_upper_fence": 0.5,
                      "ProcuringEntity_q1": 0.5, "ProcuringEntity_q3": 0.5, "ProcuringEntity_upper_fence": 0.5}},
    "R038-tenderer": {"R038": {"Tenderer_q1": 0.5, "Tenderer_q3": 0.5, "Tenderer_upper_fence": 0.5}},
    "R048-minimum_contracting_processes-1": {"R048": {"q1": 1.0, "q3": 1.3333, "upper_fence": 1.8333}},
    "R058": {"R058": {"q1": 0.0, "q3": 33.3333, "upper_fence": 83.3333}},
}


def test_the_fixtures_are_there() -> None:
    assert len(FIXTURES) == 15, f"expected Cardinal's 15 fixtures in {CARDINAL_FIXTURES}"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected").read_text())
    settings = parse_ini(to_ini(settings_for(path.stem)))
    analysis = analyse(path, settings, progress=False)
    assert analysis.cardinal(meta=False) == expected
    assert {"Meta": analysis.meta} == {"Meta": EXPECTED_META.get(path.stem, {})}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_with_the_currency_set(path: Path) -> None:
    """Setting ``currency`` to the one the fixtures use changes nothing."""
    expected = json.loads(path.with_suffix(".expected").read_text())
    settings = parse_ini("currency = USD\n" + to_ini(settings_for(path.stem)))
    assert analyse(path, settings, progress=False).cardinal(meta=False) == expected
