"""`adaldyq serve` answers real HTTP with gunicorn, on a database made by `migrate`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_over_http_and_logs_no_searched_name(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "ADALDYQ_VAR_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "adaldyq", "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ru/register/", timeout=10) as response:  # noqa: S310
            assert response.headers["Server"].startswith("gunicorn")
            assert "Реестр" in response.read().decode()
        searched = urllib.request.Request(f"http://127.0.0.1:{port}/en/register/?q=Zhaksylykov+Serik",
                                          headers={"Referer": f"http://127.0.0.1:{port}/en/register/?q=Omarova"})
        with urllib.request.urlopen(searched, timeout=10) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    # The access log names the path, never what was searched for.
    assert '"GET /en/register/ HTTP/1.1" 200' in output
    assert "Zhaksylykov" not in output and "Omarova" not in output and "q=" not in output
