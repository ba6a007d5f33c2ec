# The name keys changed (names/spelling_schemes.py: German dsch, Dutch zj, Polish cz,
# szcz, ż now read as the sounds they spell), so keys stored before would not be found
# by a search that computes them the new way. Rebuild them as 0003 first built them.

from importlib import import_module

from django.db import migrations

rebuild_search_keys = import_module(
    "adaldyq.register.migrations.0003_search_key_roles_and_typo_variants").rebuild_search_keys


class Migration(migrations.Migration):

    dependencies = [
        ("register", "0005_drop_single_language_position"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_keys, migrations.RunPython.noop),
    ]
