"""The table of the database cache (settings.CACHES when ADALDYQ_REDIS_URL is unset),
made here so that `migrate` is the only step a new installation needs. Made whatever
the cache setting, so that switching from Redis to the database needs nothing more."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from adaldyq.core.deployment import CACHE_TABLE


def create(apps, schema_editor) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_allow_truncate_by_owner")]

    operations = [migrations.RunPython(create, drop)]
