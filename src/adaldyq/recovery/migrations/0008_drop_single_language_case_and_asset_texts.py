"""The single-language case titles and asset descriptions, now in three languages (0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recovery", "0007_case_titles_and_asset_descriptions_in_three_languages")]

    operations = [
        migrations.RemoveField(model_name="recoverycase", name="title"),
        migrations.RemoveField(model_name="asset", name="description"),
    ]
