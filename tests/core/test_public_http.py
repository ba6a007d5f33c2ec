"""The public site's limits and validators through the real server (gunicorn, HTTP):
a fourth search in a minute from one address is refused with 429 and Retry-After, and
a conditional GET gets 304. With a shared cache (database or Redis) the server runs two
workers, so the count is proven to be shared between processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.clock import inside_a_rate_window


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback test server
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_limits_and_validators_over_http(tmp_path: Path) -> None:
    shared = "locmem" not in settings.CACHES["default"]["BACKEND"]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'public.sqlite3'}", "ADALDYQ_VAR_DIR": str(tmp_path),
           "ADALDYQ_RATE_LIMIT_SEARCH": "3/m"}
    subprocess.run([sys.executable, "-m", "adaldyq", "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([sys.executable, "-m", "adaldyq", "createcachetable"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port),
                               "--workers", "2" if shared else "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _get_or_none(f"{base}/health") != 200:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        inside_a_rate_window()
        statuses = [_get(f"{base}/api/v1/register?q=Abilov")[0] for _ in range(3)]
        assert statuses == [200, 200, 200]
        status, headers, body = _get(f"{base}/api/v1/register?q=Abilov&lang=en")
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert "Too many requests" in json.loads(body)["detail"]
        status, headers, _ = _get(f"{base}/en/register/")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=60"
        status, again, body = _get(f"{base}/en/register/", **{"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
    finally:
        server.terminate()
        try:
            server.wait(60)  # a graceful stop can be slow on a busy machine
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def _get_or_none(url: str) -> int | None:
    try:
        return _get(url)[0]
    except OSError:
        return None
