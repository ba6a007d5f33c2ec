"""docs/risks.md must keep up with the code: every import column and workflow action."""

from __future__ import annotations

from pathlib import Path

from adaldyq.risks.imports import COLUMNS
from adaldyq.risks.models import Finding
from adaldyq.risks.workflow import Action

DOC = (Path(__file__).resolve().parents[2] / "docs" / "risks.md").read_text(encoding="utf-8")


def test_every_import_column_is_documented() -> None:
    missing = [c for c in COLUMNS if f"`{c}`" not in DOC]
    assert not missing, f"document these import columns in docs/risks.md: {missing}"


def test_every_action_and_category_is_documented() -> None:
    assert not [a.value for a in Action if a.value not in DOC]
    assert not [c for c in Finding.Category.values if f"`{c}`" not in DOC]


def test_sample_file_uses_only_documented_columns() -> None:
    sample = Path(__file__).resolve().parents[2] / "src/adaldyq/risks/data/sample_import.csv"
    header = sample.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(header) <= set(COLUMNS)
