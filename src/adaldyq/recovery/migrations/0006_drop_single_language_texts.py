"""The single-language columns, now copied into their three languages (0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recovery", "0005_project_texts_in_three_languages")]

    operations = [
        migrations.AlterModelOptions(name="project", options={"ordering": ["-approved_on", "pk"]}),
        migrations.RemoveField(model_name="project", name="name"),
        migrations.RemoveField(model_name="project", name="locality"),
        migrations.RemoveField(model_name="project", name="description"),
        migrations.RemoveField(model_name="disbursement", name="milestone"),
    ]
