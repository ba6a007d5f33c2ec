"""docs/screening.md stays in step with the code: commands, settings, the endpoint and
its schemas, output columns, thresholds, roles."""

from __future__ import annotations

from pathlib import Path

from adaldyq.screening import api
from adaldyq.screening.management.commands.screen import COLUMNS
from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD
from adaldyq.screening.views import STAFF, UPLOAD_LIMIT

DOC = (Path(__file__).resolve().parents[2] / "docs" / "screening.md").read_text(encoding="utf-8")


def test_docs_name_every_command_and_setting() -> None:
    for text in ("adaldyq lists load NAME FILE", "--package ID", "adaldyq lists show", "adaldyq screen QUERIES.csv",
                 "--threshold", "--review", "--out", "--workers", "adaldyq screening purge",
                 "ADALDYQ_SCREENING_RETENTION_DAYS", "python -m bench screening_api"):
        assert text in DOC, text


def test_docs_describe_the_api_and_its_schemas() -> None:
    assert "POST /api/v1/screen" in DOC and "`screen` scope" in DOC
    for schema in ("ScreeningRequest", "ScreeningResponse", "ScreeningMatch", "MatchFeature"):
        assert schema in DOC and hasattr(api, schema)
    assert f"{api.MAX_QUERIES:,}" in DOC


def test_docs_give_the_thresholds_columns_roles_and_limits() -> None:
    assert f"**{MATCH_THRESHOLD:.2f}**" in DOC and f"**{REVIEW_THRESHOLD:.2f}**" in DOC
    assert ",".join(COLUMNS) in DOC
    assert all(f"`{role}`" in DOC for role in STAFF)
    assert f"{UPLOAD_LIMIT:,}" in DOC
    assert "(screening-matching.md)" in DOC
