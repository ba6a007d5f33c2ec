"""docs/cooperation.md names every setting, command, API path, scope and status."""

from __future__ import annotations

from pathlib import Path

import pytest

from adaldyq.cooperation import scopes, workflow
from adaldyq.cooperation import settings as coop_settings

DOC = (Path(__file__).resolve().parents[2] / "docs" / "cooperation.md").read_text()


@pytest.mark.parametrize("name", [line.split()[1] for line in (coop_settings.__doc__ or "").splitlines()
                                  if line.startswith("- ")])
def test_settings_documented(name: str) -> None:
    assert name in DOC


@pytest.mark.parametrize("words", ["exchange keygen", "exchange pubkey", "exchange trust", "exchange export",
                                   "exchange verify", "exchange import", "exchange entities",
                                   "cooperation remind"])
def test_commands_documented(words: str) -> None:
    assert words in DOC


@pytest.mark.parametrize("text", [*scopes.PARTNER_SCOPES, *scopes.REQUEST_FIELDS, "GET /requests",
                                  "GET /requests/{reference}", "GET /register/{id}", "POST /screen"])
def test_api_documented(text: str) -> None:
    assert text in DOC


@pytest.mark.parametrize("status", workflow.STATUSES)
def test_statuses_documented(status: str) -> None:
    assert status in DOC
