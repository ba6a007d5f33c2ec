"""The default cache is shared by every application server: a value one process puts
is read by another, through the database (default, table made by `migrate`) or
Redis (ADALDYQ_REDIS_URL). It was a per-process memory cache before (issue 15)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PUT = "from django.core.cache import cache; cache.set('two-servers', 'shared', 60)"
GET = "from django.core.cache import cache; print(cache.get('two-servers'))"


def _adaldyq(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "adaldyq", *args], env=env, capture_output=True, text=True,
                          timeout=180, check=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _redis_up() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


def test_the_database_cache_is_shared_between_processes(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ADALDYQ_REDIS_URL")},
           "ADALDYQ_VAR_DIR": str(tmp_path), "ADALDYQ_DEBUG": "1"}
    _adaldyq(env, "migrate", "-v0")
    _adaldyq(env, "shell", "-c", PUT)
    assert _adaldyq(env, "shell", "-c", GET) == "shared"


@pytest.mark.skipif(not _redis_up(), reason="no Redis server at 127.0.0.1:6379")
def test_redis_when_configured(tmp_path: Path) -> None:
    env = {**os.environ, "ADALDYQ_VAR_DIR": str(tmp_path), "ADALDYQ_DEBUG": "1",
           "ADALDYQ_REDIS_URL": "redis://127.0.0.1:6379/0", "ADALDYQ_CACHE_PREFIX": f"test-{os.getpid()}"}
    _adaldyq(env, "shell", "-c", PUT)
    assert _adaldyq(env, "shell", "-c", GET) == "shared"
