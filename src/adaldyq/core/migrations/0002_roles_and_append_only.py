"""Staff roles as groups, and database triggers that make the history append-only.

The triggers mean even a raw SQL UPDATE or DELETE on core_historyevent fails, on
SQLite and on PostgreSQL alike; the hash chain then only has to catch what happens
outside the database's own rules (a restored backup, a file edited by hand).
"""

from django.db import migrations

ROLES = [
    "registrar", "approver", "administrator", "screening_officer", "recovery_officer", "fund_officer",
    "procurement_analyst", "risk_analyst", "body_officer", "cooperation_officer",
]

SQLITE = [
    """CREATE TRIGGER history_no_update BEFORE UPDATE ON core_historyevent
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    """CREATE TRIGGER history_no_delete BEFORE DELETE ON core_historyevent
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS history_no_update", "DROP TRIGGER IF EXISTS history_no_delete"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION history_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'history is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER history_no_update BEFORE UPDATE OR DELETE ON core_historyevent
       FOR EACH ROW EXECUTE FUNCTION history_append_only()""",
    """CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON core_historyevent
       FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS history_no_update ON core_historyevent",
    "DROP TRIGGER IF EXISTS history_no_truncate ON core_historyevent",
    "DROP FUNCTION IF EXISTS history_append_only()",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
