"""The single-language analysis title, now copied into its three languages (0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("risks", "0004_analysis_title_in_three_languages")]

    operations = [migrations.RemoveField(model_name="analysis", name="title")]
