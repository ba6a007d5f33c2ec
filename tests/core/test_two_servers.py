"""Two application servers, one PostgreSQL database, one document store (issue 15:
no state on an application server's local disk).

Two `adaldyq serve` processes in the production configuration (debug off, one secret
key), each with its own ADALDYQ_VAR_DIR, share only DATABASE_URL and the document
store (ADALDYQ_MEDIA_ROOT, the folder an NFS mount or, with ADALDYQ_S3_BUCKET, a bucket
would be). An officer logs in and uploads a document through server A, then reads it
through server B with the same session: sessions, log-in state and documents are all
shared. Requests carry `X-Forwarded-Proto: https`, as the TLS proxy in front would.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django.db import connection

pytestmark = pytest.mark.postgres
DOCUMENT = b"%PDF-1.4\n% uploaded through server A\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def database() -> Iterator[str]:
    """A throw-away PostgreSQL database beside the test database, migrated."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in the PostgreSQL pass of make test)")
    settings = connection.settings_dict
    name = f"{settings['TEST']['NAME'] or 'test_adaldyq'}_two_servers"
    server = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database: str, var: Path, media: Path, key: str) -> dict[str, str]:
    drop = ("ADALDYQ_DEBUG", "ADALDYQ_HTTPS", "ADALDYQ_REDIS_URL", "ADALDYQ_S3_BUCKET", "DJANGO_SETTINGS_MODULE")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "DATABASE_URL": database,
            "ADALDYQ_VAR_DIR": str(var), "ADALDYQ_MEDIA_ROOT": str(media), "ADALDYQ_SECRET_KEY": key,
            "ADALDYQ_ALLOWED_HOSTS": "127.0.0.1"}


@contextlib.contextmanager
def _server(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port), "--workers", "1"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode()[-2000:] if process.stderr else ""
            try:
                if requests.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(20)


class Browser:
    """Cookies by hand: the session cookie is Secure, and the TLS is the proxy's."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def call(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", "Referer": url.replace("http://", "https://"),
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **kwargs.pop("headers", {})}
        response = requests.request(method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf(self, url: str) -> str:
        page = self.call("GET", url)
        assert page.status_code == 200, page.status_code
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found
        return found.group(1)


SETUP = """
import datetime as dt
from django.contrib.auth.models import Group, User
from adaldyq.cooperation import services
from adaldyq.cooperation.models import Partner
officer = User.objects.create_user("aigerim", password="correct horse battery")
officer.groups.add(Group.objects.get_or_create(name="cooperation_officer")[0])
partner = Partner.objects.create(code="VN-GI", name="Demo agency", country="VN")
request = services.create_request(direction="outgoing", kind="information", partner=partner,
                                  legal_basis="MoU", actor_id=officer.pk, due_on=dt.date(2027, 1, 1))
print(request.reference)
"""


def test_upload_through_one_server_download_through_the_other(database: str, tmp_path: Path) -> None:
    key, media = secrets.token_urlsafe(50), tmp_path / "shared-documents"
    env_a = _env(database, tmp_path / "var-a", media, key)
    env_b = _env(database, tmp_path / "var-b", media, key)
    subprocess.run([sys.executable, "-m", "adaldyq", "migrate", "-v0"], env=env_a, check=True, timeout=300)
    reference = subprocess.run([sys.executable, "-m", "adaldyq", "shell", "-c", SETUP], env=env_a, check=True,
                               capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]
    browser = Browser()
    with _server(env_a) as a, _server(env_b) as b:
        login = browser.call("POST", f"{a}/en/login/", data={
            "csrfmiddlewaretoken": browser.csrf(f"{a}/en/login/"), "username": "aigerim",
            "password": "correct horse battery"})
        assert login.status_code == 302, login.text[:500]
        assert "Secure" in login.headers["Set-Cookie"] and "Strict-Transport-Security" in login.headers
        page = f"/en/staff/cooperation/requests/{reference}/"
        sent = browser.call("POST", f"{a}{page}documents/", data={
            "csrfmiddlewaretoken": browser.csrf(f"{a}{page}"), "doc-doc_title": "Letter", "doc-doc_number": "1",
            "doc-doc_dated": "2026-11-02"}, files={"doc-doc_file": ("letter.pdf", DOCUMENT, "application/pdf")})
        assert sent.status_code == 302, sent.text[:500]
        detail = browser.call("GET", f"{b}/en/staff/cooperation/requests/{reference}.json")
        assert detail.status_code == 200
        link = detail.json()["documents"][0]["file"]
        download = browser.call("GET", f"{b}{link}")
        assert download.status_code == 200 and download.content == DOCUMENT
        assert download.headers["Content-Disposition"].startswith("attachment")
    assert not (tmp_path / "var-a" / "media").exists() and not (tmp_path / "var-b" / "media").exists()
