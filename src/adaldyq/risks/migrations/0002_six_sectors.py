from django.db import migrations

from adaldyq.risks.sectors import SIX_SECTORS


def seed(apps, schema_editor):
    Sector = apps.get_model("risks", "Sector")
    for position, (code, kk, ru, en) in enumerate(SIX_SECTORS, start=1):
        Sector.objects.update_or_create(code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en,
                                                             "position": position})


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
