"""Seed the article catalogue, the expungement periods and the publication policy.

The values come from data files and DOMAIN.md (marked "verify" there); an
administrator corrects them in the admin without a code change.
"""

from django.db import migrations

PERIODS = [
    ("suspended", 0, "Suspended sentence: expunged at the end of the probation period"),
    ("milder", 1, "Punishment milder than restriction or deprivation of liberty: 1 year"),
    ("liberty_minor_medium", 3, "Restriction or deprivation of liberty, minor or medium gravity: 3 years"),
    ("liberty_grave", 6, "Restriction or deprivation of liberty, grave crime: 6 years"),
    ("liberty_especially_grave", 8, "Restriction or deprivation of liberty, especially grave crime: 8 years"),
]


def seed(apps, schema_editor):
    from adaldyq.register.catalogue import read_seed

    Article = apps.get_model("register", "Article")
    for row in read_seed():
        Article.objects.update_or_create(
            code=row.code, effective_from=row.effective_from,
            defaults={
                "article": row.article, "part": row.part, "item": row.item, "gravity": row.gravity,
                "is_corruption": row.is_corruption, "bribery_form": row.bribery_form,
                "effective_to": row.effective_to, "title_kk": row.title_kk, "title_ru": row.title_ru,
                "title_en": row.title_en, "note": row.note,
            },
        )
    Period = apps.get_model("register", "ExpungementPeriod")
    for rule, years, description in PERIODS:
        Period.objects.get_or_create(rule=rule, defaults={"years": years, "description": description})
    apps.get_model("register", "RegisterPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
