"""Asset events are never edited: a correction is a new event. A trigger refuses UPDATE.

DELETE is left to PROTECT foreign keys and to test-database flushing; the tamper-evident
record is the `recovery` history chain, which has its own append-only triggers.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER recovery_assetevent_no_update BEFORE UPDATE ON recovery_assetevent
       BEGIN SELECT RAISE(ABORT, 'asset events are append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS recovery_assetevent_no_update"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION recovery_assetevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'asset events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER recovery_assetevent_no_update BEFORE UPDATE ON recovery_assetevent
       FOR EACH ROW EXECUTE FUNCTION recovery_assetevent_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS recovery_assetevent_no_update ON recovery_assetevent",
    "DROP FUNCTION IF EXISTS recovery_assetevent_append_only()",
]


def add_triggers(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
