"""`adaldyq-verify` against a live demo installation: the real server (gunicorn) with the
demo data, a witness run by `adaldyq log witness`, cosignatures collected by `adaldyq log
cosign`, and the console script run as a citizen would; then a plain-file mirror made
by `adaldyq log tiles`."""

from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERIFY = str(Path(sys.executable).with_name("adaldyq-verify"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def adaldyq(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "adaldyq", *args], env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, "the process exited"
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - local test server
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp / 'demo.sqlite3'}", ADALDYQ_VAR_DIR=str(tmp),
               ADALDYQ_LOG_WITNESSES=str(tmp / "witnesses.txt"))
    adaldyq(env, "migrate", "--noinput", "-v0")
    adaldyq(env, "demo")
    log_key = adaldyq(env, "log", "key").split()[0]
    witness_key = adaldyq(env, "log", "witness-keygen", "ngo.demo.example", str(tmp / "ngo.key")).split()[-1]
    witness_port, port = free_port(), free_port()
    processes = [
        subprocess.Popen([sys.executable, "-m", "adaldyq", "log", "witness", "--key", str(tmp / "ngo.key"),
                          "--log", log_key, "--state", str(tmp / "ngo-state"), "--listen", f"127.0.0.1:{witness_port}"],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port), "--workers", "2"],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        wait_for(f"http://127.0.0.1:{witness_port}/", processes[0])
        wait_for(f"http://127.0.0.1:{port}/health", processes[1])
        (tmp / "witnesses.txt").write_text(f"{witness_key} http://127.0.0.1:{witness_port}/add-checkpoint\n")
        assert "ngo.demo.example: cosigned" in adaldyq(env, "log", "cosign")
        yield {**env, "URL": f"http://127.0.0.1:{port}", "LOG_KEY": log_key, "WITNESS_KEY": witness_key,
               "TMP": str(tmp)}
    finally:
        for process in processes:
            process.terminate()
            process.wait(20)


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VERIFY, *args], capture_output=True, text=True, timeout=600, check=False)


def test_verify_a_live_demo_installation(installation: dict[str, str], tmp_path: Path) -> None:
    state = str(tmp_path / "state")
    common = [installation["URL"], "--key", installation["LOG_KEY"], "--state", state]
    first = verify(*common, "--witness", installation["WITNESS_KEY"], "--quorum", "1")
    assert first.returncode == 0, first.stderr
    leaves = int(re.search(r"all (\d+) leaves recomputed", first.stdout).group(1))
    assert leaves > 5000 and "cosigned by ngo.demo.example" in first.stdout
    checked, withdrawn = map(int, re.search(r"personal parts: (\d+) match .*, (\d+) withdrawn", first.stdout).groups())
    assert checked > 0 and withdrawn > 0
    again = verify(*common, "--entry", "3")
    assert again.returncode == 0 and f"consistent with the checkpoint of {leaves} leaves" in again.stdout
    wrong_key = verify(installation["URL"], "--key", "other.example/log+" + installation["LOG_KEY"].split("+", 1)[1],
                       "--state", state)
    assert wrong_key.returncode == 2 and "does not match" in wrong_key.stderr
    stranger = subprocess.run([sys.executable, "-m", "adaldyq", "log", "witness-keygen", "x", str(tmp_path / "x.key")],
                              env=installation, capture_output=True, text=True, check=True).stdout.split()[-1]
    unknown = verify(*common, "--witness", stranger, "--quorum", "1")
    assert unknown.returncode == 1 and "FAILED: 0 of the witnesses you trust cosigned" in unknown.stderr


def test_the_readme_shows_the_demo_key(installation: dict[str, str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert installation["LOG_KEY"] in readme
    fingerprint = adaldyq(installation, "log", "key").split("fingerprint ")[1].strip()
    assert fingerprint in readme


def test_a_plain_file_mirror_verifies(installation: dict[str, str], tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    assert "files for a log of" in adaldyq(installation, "log", "tiles", str(mirror / "log"))
    assert adaldyq(installation, "log", "tiles", str(mirror / "log")).startswith("Wrote 2 files")  # tiles kept, checkpoint and key rewritten
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = verify(f"http://127.0.0.1:{server.server_address[1]}", "--key", installation["LOG_KEY"],
                      "--state", str(tmp_path / "state"), "--no-personal")
        assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_the_verifier_imports_no_django() -> None:
    probe = "import sys; from adaldyq.tlog import verify, witness; print('django' in str(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
