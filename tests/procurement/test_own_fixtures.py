"""Our fixture pairs for the indicators beyond Cardinal, named by Cardinal's convention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adaldyq.procurement.engine import analyse
from adaldyq.procurement.indicator_config import parse_ini, to_ini
from tests.procurement.support import OWN_FIXTURES, settings_for

FIXTURES = sorted(OWN_FIXTURES.glob("R*.jsonl"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected").read_text())
    settings = parse_ini(to_ini(settings_for(path.stem)))
    assert analyse(path, settings, progress=False).cardinal(meta=False) == expected


def test_r013_explains_the_flag() -> None:
    path = OWN_FIXTURES / "R013-minimum_contracting_processes-2.jsonl"
    analysis = analyse(path, parse_ini(to_ini(settings_for(path.stem))), progress=False)
    buyer = analysis.details["R013"]["buyers"]["F"]
    assert buyer["processes"] == 4  # the pending and other-currency processes count, with no value
    assert buyer["non_competitive"] == 1
    assert buyer["share_by_count"] == 0.25
    assert buyer["share_by_value"] == 0.75
    assert buyer["reasons"] == [{"reason": "emergency", "processes": 1}]


def test_r055_reports_the_series() -> None:
    path = OWN_FIXTURES / "R055-threshold-100.jsonl"
    analysis = analyse(path, parse_ini(to_ini(settings_for(path.stem))), progress=False)
    [series] = analysis.details["R055"]["series"]
    assert series["buyer"] == "B" and series["supplier"] == "S"
    assert series["ocids"] == ["F1", "F2"]
    assert series["total"] == 110.0


def test_r055_window_is_configurable() -> None:
    path = OWN_FIXTURES / "R055-threshold-100.jsonl"
    settings = parse_ini(to_ini({**settings_for(path.stem), "R055": {"threshold": 100, "window_days": 90}}))
    flagged = analyse(path, settings, progress=False).results["OCID"]
    assert set(flagged) == {"F1", "F2", "far apart 1", "far apart 2"}


def test_r055_needs_a_threshold() -> None:
    from adaldyq.procurement.exceptions import SettingsError

    with pytest.raises(SettingsError, match="threshold is required"):
        analyse(OWN_FIXTURES / "R055-threshold-100.jsonl", parse_ini("[R055]\n"), progress=False)
