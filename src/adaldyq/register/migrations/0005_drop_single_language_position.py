"""The single-language position and organization, now in their three languages (0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("register", "0004_position_and_organization_in_three_languages")]

    operations = [
        migrations.RemoveField(model_name="conviction", name="position"),
        migrations.RemoveField(model_name="conviction", name="organization"),
    ]
