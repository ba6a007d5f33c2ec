"""Position and organization at the time of the offence in Kazakh, Russian and English
(`core.multilingual`): the single text moves to the language its letters show, which
keeps the import fingerprints of unchanged feed rows valid. The old columns go in 0004."""

from django.db import migrations, models

from adaldyq.core.multilingual import add_columns, migrate_to_columns


class Migration(migrations.Migration):
    dependencies = [("register", "0003_search_key_roles_and_typo_variants")]

    operations = [
        *add_columns("conviction", "position", models.CharField, max_length=300),
        *add_columns("conviction", "organization", models.CharField, max_length=300),
        migrate_to_columns("register.Conviction", "position", "organization"),
    ]
