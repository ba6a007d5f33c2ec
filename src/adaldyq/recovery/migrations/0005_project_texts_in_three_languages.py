"""Project names, localities and descriptions and payment milestones in Kazakh, Russian and English.

Each single column becomes three (`core.multilingual`); existing text moves to the
language its letters show, and back to one column when reversed. The
single columns go in the next migration (PostgreSQL refuses to alter a table with
pending trigger events in the same transaction as the data step).
"""

from django.db import migrations, models

from adaldyq.core.multilingual import add_columns, migrate_to_columns


class Migration(migrations.Migration):
    dependencies = [("recovery", "0004_documents_allow_list")]

    operations = [
        *add_columns("project", "name", models.CharField, max_length=200),
        *add_columns("project", "locality", models.CharField, max_length=120),
        *add_columns("project", "description", models.TextField),
        *add_columns("disbursement", "milestone", models.CharField, max_length=200),
        migrate_to_columns("recovery.Project", "name", "locality", "description"),
        migrate_to_columns("recovery.Disbursement", "milestone"),
    ]
