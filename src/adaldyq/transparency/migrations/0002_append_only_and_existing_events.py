"""The log's tables refuse rewrites, and every existing public event joins the log.

Leaves are never updated or deleted, and a hash tile may only grow (its old bytes stay
its prefix); database triggers enforce both on SQLite and PostgreSQL, as for the history.
Existing events of the logged streams are queued in their current order (the history's
insertion order); the first `integrate` (any read of the log, `adaldyq log checkpoint`)
appends them.
"""

from django.db import migrations

STREAMS = ("register", "recovery", "fund", "risks")

SQLITE = [
    """CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON transparency_logentry
       BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END""",
    """CREATE TRIGGER log_entry_no_delete BEFORE DELETE ON transparency_logentry
       BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END""",
    """CREATE TRIGGER log_tile_no_delete BEFORE DELETE ON transparency_logtile
       BEGIN SELECT RAISE(ABORT, 'log tiles only grow'); END""",
    """CREATE TRIGGER log_tile_grows_only BEFORE UPDATE ON transparency_logtile
       WHEN NEW.level != OLD.level OR NEW.number != OLD.number OR length(NEW.data) < length(OLD.data)
            OR substr(NEW.data, 1, length(OLD.data)) != OLD.data
       BEGIN SELECT RAISE(ABORT, 'log tiles only grow'); END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in
               ("log_entry_no_update", "log_entry_no_delete", "log_tile_no_delete", "log_tile_grows_only")]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the transparency log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER log_entry_append_only BEFORE UPDATE OR DELETE ON transparency_logentry
       FOR EACH ROW EXECUTE FUNCTION log_append_only()""",
    """CREATE OR REPLACE FUNCTION log_tile_grows_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR NEW.level <> OLD.level OR NEW.number <> OLD.number
            OR length(NEW.data) < length(OLD.data)
            OR substring(NEW.data FROM 1 FOR length(OLD.data)) <> OLD.data THEN
           RAISE EXCEPTION 'log tiles only grow';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER log_tile_grows_only BEFORE UPDATE OR DELETE ON transparency_logtile
       FOR EACH ROW EXECUTE FUNCTION log_tile_grows_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS log_entry_append_only ON transparency_logentry",
    "DROP TRIGGER IF EXISTS log_tile_grows_only ON transparency_logtile",
    "DROP FUNCTION IF EXISTS log_append_only()",
    "DROP FUNCTION IF EXISTS log_tile_grows_only()",
]


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


def queue_existing_events(apps, schema_editor):
    LogHead = apps.get_model("transparency", "LogHead")
    LogHead.objects.get_or_create(pk=1)
    placeholders = ", ".join(["%s"] * len(STREAMS))
    schema_editor.execute(
        f"INSERT INTO transparency_logpending (event_id) SELECT id FROM core_historyevent "  # noqa: S608
        f"WHERE stream IN ({placeholders}) ORDER BY id", STREAMS)


def unqueue(apps, schema_editor):
    apps.get_model("transparency", "LogPending").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(queue_existing_events, unqueue),
    ]
