"""Production refuses unsafe settings, and `adaldyq check --deploy` has nothing to say
about a production configuration (issue 10: without ADALDYQ_SECRET_KEY production
silently used the key committed in settings.py, and a forged cookie rendered HTML)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from adaldyq.core import deployment

PRODUCTION_VARS = ("ADALDYQ_DEBUG", "ADALDYQ_SECRET_KEY", "ADALDYQ_ALLOWED_HOSTS", "ADALDYQ_HTTPS",
                   "ADALDYQ_REDIS_URL", "ADALDYQ_S3_BUCKET", "DATABASE_URL")


def adaldyq(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARS}
    return subprocess.run([sys.executable, "-m", "adaldyq", *args], capture_output=True, text=True, timeout=120,
                          env={**clean, "ADALDYQ_VAR_DIR": str(tmp_path), **env}, check=False)


def test_unsafe_settings_names_each_problem() -> None:
    assert deployment.unsafe_settings(debug=True, secret_key="", allowed_hosts=deployment.DEV_ALLOWED_HOSTS) == []
    missing = deployment.unsafe_settings(debug=False, secret_key="", allowed_hosts=deployment.DEV_ALLOWED_HOSTS)
    assert "ADALDYQ_SECRET_KEY is not set" in missing[0] and "ADALDYQ_ALLOWED_HOSTS" in missing[1]
    published = deployment.unsafe_settings(debug=False, secret_key=deployment.DEV_SECRET_KEY,
                                           allowed_hosts="adaldyq.example.kz")
    assert "development key" in published[0] and len(published) == 2
    assert deployment.unsafe_settings(debug=False, secret_key="x" * 50, allowed_hosts="adaldyq.example.kz") == []


@pytest.mark.parametrize(("env", "says"), [
    ({}, "ADALDYQ_SECRET_KEY is not set"),
    ({"ADALDYQ_SECRET_KEY": deployment.DEV_SECRET_KEY, "ADALDYQ_ALLOWED_HOSTS": "adaldyq.example.kz"},
     "the development key"),
    ({"ADALDYQ_SECRET_KEY": "k" * 60}, "ADALDYQ_ALLOWED_HOSTS is not set"),
])
def test_production_refuses_to_start_with_unsafe_settings(tmp_path: Path, env: dict[str, str], says: str) -> None:
    done = adaldyq(tmp_path, "check", **env)
    assert done.returncode != 0
    assert says in done.stderr and "Traceback" not in done.stderr


def test_check_deploy_has_no_warnings_for_production(tmp_path: Path) -> None:
    done = adaldyq(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                   ADALDYQ_SECRET_KEY=secrets.token_urlsafe(50), ADALDYQ_ALLOWED_HOSTS="adaldyq.example.kz")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout and "WARNING" not in done.stderr


def test_development_mode_needs_no_key(tmp_path: Path) -> None:
    assert adaldyq(tmp_path, "check", ADALDYQ_DEBUG="1").returncode == 0


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client: Client) -> None:
    policy = client.get("/en/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_templates_have_no_inline_script_or_style() -> None:
    """The site's policy allows no inline script or style: keep templates that way."""
    import re

    package = Path(__file__).resolve().parents[2] / "src" / "adaldyq"
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)
    found = [f"{path.relative_to(package)}: {m.group(0)}" for path in package.rglob("templates/**/*.html")
             for m in inline.finditer(path.read_text(encoding="utf-8"))]
    assert not found, found


def test_documents_go_to_an_s3_bucket_when_one_is_configured() -> None:
    from django.utils.module_loading import import_string

    env = {"ADALDYQ_S3_BUCKET": "adaldyq-documents", "ADALDYQ_S3_ENDPOINT_URL": "https://s3.example.kz",
           "ADALDYQ_S3_ACCESS_KEY_ID": "id", "ADALDYQ_S3_SECRET_ACCESS_KEY": "secret", "ADALDYQ_S3_PREFIX": "prod"}
    config = deployment.document_storage(env)
    storage = import_string(config["BACKEND"])(**config["OPTIONS"])
    assert (storage.bucket_name, storage.endpoint_url, storage.location, storage.default_acl) == (
        "adaldyq-documents", "https://s3.example.kz", "prod", None)
    assert not storage.file_overwrite and storage.querystring_auth
    assert deployment.document_storage({})["BACKEND"].endswith("FileSystemStorage")


def test_the_cache_is_shared_by_configuration() -> None:
    assert deployment.cache({"ADALDYQ_REDIS_URL": "redis://cache:6379/0"})["BACKEND"].endswith("RedisCache")
    assert deployment.cache({}) == {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                    "LOCATION": deployment.CACHE_TABLE, "KEY_PREFIX": "adaldyq",
                                    "OPTIONS": {"MAX_ENTRIES": deployment.DB_CACHE_ENTRIES}}


def test_the_database_cache_keeps_a_bursts_answers(db: Any) -> None:
    """Django's default (300 entries) culls a third of the cache when a 301st arrives:
    the common searches' answers would be dropped just as a burst asks them again."""
    cache.clear()
    first = "register-search:!first"  # sorts first: the part Django culls
    cache.set(first, [1, 2, 3], 600)
    cache.set_many({f"register-search:{n}": [n] for n in range(400)}, 600)
    cache.set("register-search:one-more", [0], 600)  # a set after the 300th is when Django culls
    assert cache.get(first) == [1, 2, 3]
    cache.clear()
