"""Browser tests: Playwright driving the system's Chromium against a real server.

- `site`: once per session, a fresh SQLite database in a temporary folder, migrated and
  filled by `seed.py` (demo data, staff users with a random password), served by
  `adaldyq serve` (gunicorn) on a free local port; stopped at the end. Migrating and
  seeding take most of the suite's time, so the seeded file is kept in
  var/browser-site/ and reused while the migrations, the demo loaders and the day are
  the same (a fresh clone, as in CI, always builds it).
- `browser`: Chromium from ADALDYQ_CHROMIUM (default /usr/bin/chromium), headless.
  No browser is downloaded: without it these tests skip with the command that installs
  it, except under CI, where a missing Chromium fails the run.
- `open_page(width, user=None)`: a new page at "desktop" (1366 px) or "phone" (390 px)
  width, logged in as `user` when given; its browser context is closed after the test.
- ADALDYQ_SCREENSHOTS=DIR (`make screenshots`) saves screenshots of the public pages there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .support import WIDTHS

REPO = Path(__file__).resolve().parents[2]
SEED_CACHE = REPO / "var" / "browser-site"
CHROMIUM = os.environ.get("ADALDYQ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = ("Install Debian's Chromium with `sudo apt-get install chromium` (or point ADALDYQ_CHROMIUM at a "
                "Chromium binary), then run `make test-browser`.")


@dataclass(frozen=True)
class Site:
    url: str
    password: str


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"No Chromium at {CHROMIUM}, and CI is set. {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"No Chromium at {CHROMIUM}. {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(args: list[str], env: dict[str, str]) -> None:
    # Generous: seeding takes about a minute on a quiet machine, several on a busy one.
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=1200, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def _seed_key() -> str:
    """Changes whenever what the seeded database holds could change."""
    digest = hashlib.sha256(dt.datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat().encode())  # demo dates
    sources = sorted([*(REPO / "src" / "adaldyq").glob("*/migrations/*.py"),
                      *(REPO / "src" / "adaldyq").glob("*/demo.py"), Path(__file__).with_name("seed.py")])
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _seeded_database(target: Path, env: dict[str, str]) -> str:
    """Put a migrated, seeded SQLite file at `target`; return the staff users' password."""
    key = _seed_key()
    cached, password_file = SEED_CACHE / f"{key}.sqlite3", SEED_CACHE / f"{key}.password"
    if cached.exists() and password_file.exists():
        shutil.copyfile(cached, target)
        return password_file.read_text()
    password = secrets.token_urlsafe(18)
    seed_env = {**env, "ADALDYQ_BROWSER_PASSWORD": password}
    _run([sys.executable, "-m", "adaldyq.cli", "migrate", "--noinput"], seed_env)
    _run([sys.executable, "-m", "tests.browser.seed"], seed_env)
    shutil.rmtree(SEED_CACHE, ignore_errors=True)
    SEED_CACHE.mkdir(parents=True)
    shutil.copyfile(target, cached)
    password_file.write_text(password)
    return password


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:  # noqa: S310 - our local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    _need_chromium()
    folder = tmp_path_factory.mktemp("browser-site")
    database = folder / "site.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env.update(DATABASE_URL=f"sqlite:///{database}", ADALDYQ_VAR_DIR=str(folder),
               ADALDYQ_SECRET_KEY=secrets.token_urlsafe(40), ADALDYQ_ALLOWED_HOSTS="127.0.0.1,localhost",
               # production settings, served over plain HTTP on loopback (as the benchmarks
               # do): otherwise every page redirects the browser to an https:// no one serves
               ADALDYQ_DEBUG="", ADALDYQ_HTTPS="0")
    password = _seeded_database(database, env)
    port = _free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "adaldyq.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "2", "--threads", "4"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, log)
        yield Site(url, password)
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(site: Site, browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def open_(width: str, user: str | None = None) -> Any:
        context = browser.new_context(viewport=WIDTHS[width], base_url=site.url, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/en/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", site.password)
            page.click("main button[type=submit]")
            page.wait_for_url("**/staff/")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    """The folder to save screenshots in (ADALDYQ_SCREENSHOTS), or None."""
    folder = os.environ.get("ADALDYQ_SCREENSHOTS", "")
    if not folder:
        return None
    path = Path(folder).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
