"""Analysis titles in Kazakh, Russian and English (`core.multilingual`): the single title
moves to the language its letters show; the old column goes in the next migration."""

from django.db import migrations, models

from adaldyq.core.multilingual import add_columns, migrate_to_columns


class Migration(migrations.Migration):
    dependencies = [("risks", "0003_documents_allow_list")]

    operations = [
        *add_columns("analysis", "title", models.CharField, max_length=400),
        migrate_to_columns("risks.Analysis", "title"),
    ]
