"""Site-wide switches stored in the database (so every server process agrees)."""

from __future__ import annotations

from django.db import connection

from adaldyq.core.models import SiteFlag

DEMO = "demo"


def demo_mode() -> bool:
    # Asked by every page (core.context): one statement of fixed text, where building
    # the same query with the ORM cost more than running it.
    table = connection.ops.quote_name(SiteFlag._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE name = %s AND value = %s", [DEMO, "1"])  # noqa: S608 - table from metadata
        return cursor.fetchone() is not None


def set_demo_mode(on: bool) -> None:
    SiteFlag.objects.update_or_create(name=DEMO, defaults={"value": "1" if on else "0"})
