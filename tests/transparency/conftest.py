"""Transparency-log test helpers.

- `log_key`: a fresh signing key in a temporary key folder (ADALDYQ_LOG_KEY_DIR).
- `append(stream, count, **public)`: append events through `history.append`, committed
  in one transaction, as every part of Adaldyq does.
- `ClientSite`: `adaldyq-verify`'s HTTP boundary replaced by Django's test client, so the
  verifier reads the test database (tests with real HTTP start a server instead).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from adaldyq.core import history
from adaldyq.core.models import HistoryEvent
from adaldyq.tlog import note
from adaldyq.tlog.remote import FetchError, Site
from adaldyq.transparency import keys

ORIGIN = "register.test.kz/log"
Append = Callable[..., list[HistoryEvent]]


@pytest.fixture
def log_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> note.Signer:
    monkeypatch.setenv("ADALDYQ_LOG_KEY_DIR", str(tmp_path / "log-keys"))
    monkeypatch.setenv("ADALDYQ_LOG_WITNESSES", str(tmp_path / "witnesses.txt"))
    return keys.generate(ORIGIN)


@pytest.fixture
def append(db: Any) -> Append:
    def write(stream: str, count: int, subject_type: str = "fund.project", **public: Any) -> list[HistoryEvent]:
        with transaction.atomic():
            return history.append(stream, [
                history.NewEvent(subject_type, str(i), "approve", public={"n": i, **public}, private={"note": "secret"})
                for i in range(count)])

    return write


class ClientSite(Site):
    def __init__(self, client: Client | None = None) -> None:
        super().__init__("http://testserver")
        self.client = client or Client()

    def get(self, path: str, allow: tuple[int, ...] = ()) -> tuple[int, bytes]:
        response = self.client.get("/" + path.lstrip("/"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200 and response.status_code not in allow:
            raise FetchError(f"/{path} answered {response.status_code}")
        return response.status_code, body
