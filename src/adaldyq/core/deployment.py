"""What production must not run with, and where documents and the cache live.

Pure functions over plain values, called by `settings.py` while it reads the
environment: no Django import here, so settings can use them before Django starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEV_SECRET_KEY = "adaldyq-development-key-not-for-production"  # noqa: S105 - refused in production
DEV_ALLOWED_HOSTS = "localhost,127.0.0.1,[::1],testserver"
CACHE_TABLE = "adaldyq_cache"
DB_CACHE_ENTRIES = 20_000


def unsafe_settings(*, debug: bool, secret_key: str, allowed_hosts: str) -> list[str]:
    """Why these settings may not serve production (debug off); empty when they may."""
    if debug:
        return []
    problems = []
    if not secret_key:
        problems.append("ADALDYQ_SECRET_KEY is not set: set it to a long random value "
                        "(python -c 'import secrets; print(secrets.token_urlsafe(50))').")
    elif secret_key == DEV_SECRET_KEY:
        problems.append("ADALDYQ_SECRET_KEY is the development key published in the source: set your own.")
    if allowed_hosts == DEV_ALLOWED_HOSTS:
        problems.append("ADALDYQ_ALLOWED_HOSTS is not set: list the host names this site answers to.")
    if problems:
        problems.append("For development, set ADALDYQ_DEBUG=1 instead (as `make run` does).")
    return problems


def document_storage(env: Mapping[str, str]) -> dict[str, Any]:
    """The `default` storage: an S3-compatible bucket when ADALDYQ_S3_BUCKET is set,
    else the local folder settings.MEDIA_ROOT. Documents are never served from a
    public URL: views stream them after checking who asks (`core.documents.serve`)."""
    bucket = env.get("ADALDYQ_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.get("ADALDYQ_S3_ENDPOINT_URL") or None,
        "region_name": env.get("ADALDYQ_S3_REGION") or None,
        "access_key": env.get("ADALDYQ_S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("ADALDYQ_S3_SECRET_ACCESS_KEY") or None,
        "location": env.get("ADALDYQ_S3_PREFIX", ""),
        "default_acl": None,  # the bucket's own policy: private
        "file_overwrite": False,
        "querystring_auth": True,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache(env: Mapping[str, str]) -> dict[str, Any]:
    """The `default` cache, shared by every application server: Redis when
    ADALDYQ_REDIS_URL is set, else a table in the database (made by a migration)."""
    url = env.get("ADALDYQ_REDIS_URL", "")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "KEY_PREFIX": env.get("ADALDYQ_CACHE_PREFIX", "adaldyq")}
    # Django's default of 300 entries would cull the answers of common searches in the
    # first minute of a burst, exactly when they are asked again and again.
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE,
            "KEY_PREFIX": env.get("ADALDYQ_CACHE_PREFIX", "adaldyq"), "OPTIONS": {"MAX_ENTRIES": DB_CACHE_ENTRIES}}
