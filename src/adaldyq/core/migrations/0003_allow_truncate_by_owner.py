"""Stop refusing TRUNCATE of the history on PostgreSQL.

Row-level UPDATE and DELETE stay refused. TRUNCATE needs table ownership, is how
Django's test framework resets a database between transactional tests, and leaves
the stream's ChainHead behind, so `adaldyq history verify` still reports the loss
("events after the last one were deleted").
"""

from django.db import migrations


def drop_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS history_no_truncate ON core_historyevent")


def restore_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON core_historyevent
               FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()"""
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles_and_append_only")]
    operations = [migrations.RunPython(drop_truncate_trigger, restore_truncate_trigger)]
