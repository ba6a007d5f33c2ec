"""Case titles and asset descriptions in Kazakh, Russian and English (`core.multilingual`):
each text moves to the language its letters show; the old columns go in 0007."""

from django.db import migrations, models

from adaldyq.core.multilingual import add_columns, migrate_to_columns


class Migration(migrations.Migration):
    dependencies = [("recovery", "0006_drop_single_language_texts")]

    operations = [
        *add_columns("recoverycase", "title", models.CharField, max_length=200),
        *add_columns("asset", "description", models.CharField, max_length=300),
        migrate_to_columns("recovery.RecoveryCase", "title"),
        migrate_to_columns("recovery.Asset", "description"),
    ]
